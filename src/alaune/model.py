"""The records that flow through the pipeline: ``Article``, ``Source`` and ``Member``."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from alaune.drops import Reason

# A publication time outside this window is a source's bug (1970 epochs, year 0001 or 9999),
# not a time: feeds clamp such dates away, a JSONL item with one is refused, and a stored
# report with one (from before the JSONL check) is placed at the window's start.
EARLIEST = datetime(1991, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=2)  # clocks and time zones put honest items up to this far ahead


def plausible_time(when: datetime, now: datetime) -> bool:
    """Whether ``when`` (aware) can be a publication time seen at ``now``."""
    try:
        utc = when.astimezone(UTC)
    except OverflowError:  # "0001-01-01T00:00+14:00" is before the first UTC instant
        return False
    return EARLIEST <= utc <= now + AHEAD


class Status(StrEnum):
    """Where an article stands in the pipeline."""

    PENDING = "pending"  # known from a feed item; its page is not fetched yet
    FETCHED = "fetched"  # raw HTML kept, ready for extraction
    EXTRACTED = "extracted"  # text and facts extracted from the HTML
    FAILED = "failed"  # its page could not be fetched; drop_reason says why
    DROPPED = "dropped"  # kept for the record but out of the pipeline; drop_reason says why


@dataclass(slots=True)
class Article:
    """One article, from the first time we see it to its extracted text."""

    url: str  # canonical URL: the identity of the article
    origin: str  # feed | warc | html | page | jsonl
    fetched_at: datetime | None = None
    published_at: datetime | None = None
    title: str = ""
    summary: str = ""  # the feed's lead, if any
    text: str = ""
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    source_id: int | None = None
    feed_url: str | None = None
    feed_rank: int | None = None  # position in its feed when first seen (0: the top item)
    html: bytes | None = None  # raw page, UTF-8; stored compressed
    status: Status = Status.PENDING
    drop_reason: Reason | None = None
    id: int | None = None

    @property
    def content_hash(self) -> str:
        """A hash of what the article says, so a re-ingest knows whether anything changed."""
        if self.html is not None:
            payload = self.html
        else:
            norm = unicodedata.normalize("NFC", f"{self.title}\n{self.summary}\n{self.text}")
            payload = norm.encode("utf-8")
        return hashlib.blake2b(payload, digest_size=16).hexdigest()


@dataclass(slots=True)
class Source:
    """A subscribed feed, with the facts of its outlet and its polling state."""

    feed_url: str
    title: str = ""
    site_url: str | None = None
    outlet: str | None = None
    language: str | None = None
    country: str | None = None
    ownership: str | None = None  # private | public | state-funded | ... (media_data typology)
    category: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: datetime | None = None
    poll_interval_s: int | None = None
    error_count: int = 0
    last_error: str | None = None
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    active: bool = True
    weight: float = 1.0  # the user's weight for this source in the ranking of stories
    id: int | None = None


@dataclass(slots=True, frozen=True)
class Member:
    """A stored report of a story, with what the edition needs to know of it and its outlet."""

    article_id: int
    story_id: str
    url: str
    title: str
    text: str  # the extracted text when there is one, else the feed's lead
    lead: str  # the feed's lead ("" when none)
    published: datetime
    lang: str | None
    outlet: str | None
    feed_url: str | None = None
    feed_rank: int | None = None
    country: str | None = None
    ownership: str | None = None
    weight: float = 1.0
    paywalled: bool | None = None
    original_id: int | None = None  # the report this one reprints (a copy of the same text)
    wire: tuple[str, ...] = ()  # agencies credited ("AFP", "Reuters")
    image: dict[str, str | None] | None = None  # url, caption, credit

    @property
    def reprint(self) -> bool:
        """A copy of another report's text: it never counts as a second source."""
        return self.original_id is not None and self.original_id != self.article_id
