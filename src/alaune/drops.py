"""What a stage saw and did not keep, and why: ``Drop``, its ``Stage`` and its ``Reason``.

Every stage reports what it drops as a ``Drop``; the reason's string is what the store keeps
(``drops.reason``, ``articles.drop_reason``), what ``alaune stats`` and the batch's
``summary.json`` count, and ``Reason.retryable`` says whether another try may cure it.

HTTP statuses are open-ended, so they are one family rather than a closed list: ``Reason.http``
gives ``http_404`` and the like, a member for the statuses named below and, for any other
status, a member made on first use with the same string (``http_418``). The stored
strings stay what they always were, and no status a server can send is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

_HTTP = re.compile(r"http_-?[0-9]+")  # any int: a status read from an archive may be odd


class Stage(StrEnum):
    """Where a drop was made."""

    FEED = "feed"  # a feed document, or an item in it
    PAGE = "page"  # the page behind a feed item
    WARC = "warc"  # a record of a WARC archive
    INGEST = "ingest"  # the ingest loop itself (an unexpected error on a source or page)
    EXTRACT = "extract"  # the extraction of a stored or saved page
    BATCH = "batch"  # the batch's own bookkeeping


class Reason(StrEnum):
    """Why something was dropped: the short code counted in ``alaune stats``."""

    # ---- fetching (feeds and pages)
    TIMEOUT = "timeout"  # no complete answer in time, or the name did not resolve in time
    CONNECT_ERROR = "connect_error"  # the server could not be reached
    CONNECTION_BROKEN = "connection_broken"  # the connection was reset or broke mid-answer
    HTTP_ERROR = "http_error"  # any other failure of the HTTP client
    BAD_URL = "bad_url"  # the address cannot be requested (or a WARC record's is not http(s))
    BAD_REDIRECT = "bad_redirect"  # a redirect without a target, or to a non-http(s) one
    REDIRECT_LOOP = "redirect_loop"  # a redirect back to an address already visited
    TOO_MANY_REDIRECTS = "too_many_redirects"  # more redirects than the fetcher follows
    PRIVATE_ADDRESS = "private_address"  # a redirect or link to a non-public address (SSRF)
    ROBOTS_DISALLOWED = "robots_disallowed"  # robots.txt forbids the page
    ROBOTS_UNAVAILABLE = "robots_unavailable"  # robots.txt cannot be read now: the page waits
    NOT_HTML = "not_html"  # the page (or WARC response) is another media type
    TOO_LARGE = "too_large"  # the body is over the size limit
    DECOMPRESSION_BOMB = "decompression_bomb"  # a compressed body inflating past the limit
    BAD_ENCODING = "bad_encoding"  # an unknown Content-Encoding, or a corrupt compressed body
    EMPTY_BODY = "empty_body"  # the page (or WARC response) has no body
    # HTTP statuses: ``Reason.http(status)``; named here are those the code treats on purpose
    # or meets most; any other status is a member of the same family made on first use
    HTTP_404 = "http_404"  # not found
    HTTP_410 = "http_410"  # gone for good: a feed answering this stops being polled
    HTTP_429 = "http_429"  # too many requests: the server asks us to slow down
    HTTP_500 = "http_500"  # the server failed
    HTTP_503 = "http_503"  # the server is busy or down for now
    # ---- feed documents and their items
    NOT_A_FEED = "not_a_feed"  # the document is a web page, or not RSS, Atom or JSON Feed
    MALFORMED_FEED = "malformed_feed"  # not a readable feed (or JSON nested too deep)
    PARSER_CRASH = "parser_crash"  # the feed parser raised on the document
    EMPTY_FEED = "empty_feed"  # a well-formed feed with no items (not a failure of the source)
    NO_USABLE_ITEMS = "no_usable_items"  # items, but none with a usable link
    TOO_MANY_ITEMS = "too_many_items"  # items past the first MAX_ITEMS, left out
    ITEM_WITHOUT_LINK = "item_without_link"  # an item with no link to its page
    ITEM_BAD_LINK = "item_bad_link"  # an item whose link is no usable http(s) address
    ITEM_MALFORMED = "item_malformed"  # a JSON Feed item that is not an object
    DUPLICATE_ITEM = "duplicate_item"  # an item repeated in the same feed
    # ---- WARC archives
    NOT_HTTP = "not_http"  # a response record without an HTTP status
    TRUNCATED_RECORD = "truncated_record"  # the archive ends inside this record
    BAD_RECORD = "bad_record"  # a record that could not be read
    DAMAGED_ARCHIVE = "damaged_archive"  # the archive cannot be read past this point
    NO_RECORDS = "no_records"  # no readable response record in the file
    # ---- extraction
    NO_TEXT = "no_text"  # extracted, but no article text on the page
    HOSTILE_PAGE = "hostile_page"  # a page no extractor should try
    PAGE_TOO_DEEP = "page_too_deep"  # elements nested deeper than any real article's
    TOO_MANY_ELEMENTS = "too_many_elements"  # more elements than any real article has
    EXTRACT_ERROR = "extract_error"  # the extractor raised on the page
    UNREADABLE_FILE = "unreadable_file"  # a saved page's file cannot be read
    # ---- the pipeline itself
    INTERNAL_ERROR = "internal_error"  # an unexpected error on one source or page (a bug)
    REPEATED_URL = "repeated_url"  # a page crawled more than once in a batch: one copy is kept

    @classmethod
    def http(cls, status: int) -> Reason:
        """The reason of an HTTP status that is not a success: ``http_404``, ``http_503``, ..."""
        return cls(f"http_{status}")

    @classmethod
    def read(cls, text: str) -> Reason:
        """A reason as stored. A string this version never writes (an old database's) gets a
        stand-in that keeps it, so that old rows stay readable and are written back unchanged;
        only ``known`` tells it apart."""
        try:
            return cls(text)
        except ValueError:
            return cls._made(text)

    @classmethod
    def _missing_(cls, value: object) -> Reason | None:
        if isinstance(value, str) and _HTTP.fullmatch(value):
            made = cls._value2member_map_.setdefault(value, cls._made(value))
            return made if isinstance(made, Reason) else None
        return None

    @classmethod
    def _made(cls, value: str) -> Reason:
        made = str.__new__(cls, value)
        made._name_ = value.upper()
        made._value_ = value
        return made

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[str]]:
        # a stand-in must cross to a worker process and back as well as a member does
        return Reason.read, (self._value_,)

    @property
    def status(self) -> int | None:
        """The HTTP status of an ``http_NNN`` reason, else None."""
        return int(self.value[5:]) if _HTTP.fullmatch(self.value) else None

    @property
    def known(self) -> bool:
        """Whether this version can produce the reason (an HTTP status always counts)."""
        return Reason._value2member_map_.get(self._value_) is self

    @property
    def retryable(self) -> bool:
        """Whether another fetch may cure it. An HTTP status is final when it says the request
        itself is wrong (4xx), except 429 (too many requests), which asks for a later try."""
        status = self.status
        if status is not None:
            return status == 429 or not 400 <= status < 500
        return self in RETRY


# The page failures worth another try (up to three fetches): failures of the way to the page,
# not of the page. The network, the server or its robots.txt may answer on the next run, and
# an empty answer is a server's hiccup more often than an empty article. Everything else a
# fetch meets (an address refused, a body too large or not HTML, a redirect loop) comes out
# the same however often it is tried. Feeds do not read this: a failing feed is polled again
# with back-off whatever the reason, until it answers 410 or has failed for weeks.
RETRY = frozenset(
    {
        Reason.TIMEOUT,
        Reason.CONNECT_ERROR,
        Reason.CONNECTION_BROKEN,
        Reason.HTTP_ERROR,
        Reason.ROBOTS_UNAVAILABLE,
        Reason.EMPTY_BODY,
    }
)


@dataclass(slots=True, frozen=True)
class Drop:
    """Something we saw and did not keep (or could not get), and why."""

    stage: Stage
    reason: Reason
    target: str  # URL or file it concerns
    detail: str = ""  # a sentence a user can read

    def row(self) -> dict[str, str]:
        """The drop as plain strings (a row of a drops file)."""
        return {
            "stage": str(self.stage),
            "reason": str(self.reason),
            "target": self.target,
            "detail": self.detail,
        }
