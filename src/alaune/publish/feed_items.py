"""The stories of editions as feed items, every string cleaned for a feed (``publish.feeds``
writes the documents).

Every string of an edition comes from third-party sources and is treated as hostile:
characters XML 1.0 forbids (control characters, U+FFFE/FFFF, lone surrogates) are removed
before anything is written, so the XML is well formed and the JSON encodes as UTF-8; only
http(s) addresses reach a link, an ``href`` or a ``src``; ``javascript:`` and ``data:`` ones are
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain, zip_longest
from urllib.parse import quote, urlsplit

from alaune import records

MAX_ITEMS = 60
MAX_TAGS = 8
MAX_QUOTES = 3

# Everything outside XML 1.0's Char production, plus DEL and the C1 controls (allowed by XML
# but never meaningful in a headline, and some readers choke on them). Python strings hold a
# lone surrogate as one code point in D800-DFFF, which this range excludes as well.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class FeedSite:
    """Where the feeds live: the site's absolute address, the feed title and its language."""

    base_url: str
    title: str
    lang: str

    def __post_init__(self) -> None:
        base = self.base_url.strip().rstrip("/")
        if not web_url(base):
            raise ValueError(f"base_url must be an absolute http(s) address: {self.base_url!r}")
        lang = self.lang.strip()
        if not _LANG_TAG.fullmatch(lang):
            raise ValueError(f"lang must be a language tag such as 'en' or 'fr': {self.lang!r}")
        # normalised once here so that every URL built from the site is spelled the same way
        object.__setattr__(self, "base_url", base)
        object.__setattr__(self, "lang", lang)

    @property
    def home_url(self) -> str:
        """The language's front page: the Atom feed id and the feeds' home link."""
        return f"{self.base_url}/{self.lang}/"


@dataclass(frozen=True, slots=True)
class Cited:
    """A piece of text and the article it comes from (``url`` is "" unless http(s))."""

    text: str
    url: str
    outlet: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation kept by the edition, with who said it and where it was reported."""

    text: str
    speaker: str
    url: str
    outlet: str


@dataclass(frozen=True, slots=True)
class Image:
    """The story's lead image (its ``url`` is always http(s))."""

    url: str
    caption: str
    credit: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One story as a feed item, every string already cleaned of characters XML forbids."""

    story_id: str
    day: str  # the date of the edition this version of the story comes from
    rank: int
    title: str
    published: datetime  # the story's first report (UTC)
    updated: datetime  # when that edition was built (UTC)
    source: Cited  # the article whose headline is the title
    summary: tuple[Cited, ...]
    quotes: tuple[Quote, ...]
    articles: int
    independent: int
    languages: tuple[str, ...]
    tags: tuple[str, ...]
    image: Image | None


@dataclass(frozen=True, slots=True)
class _Dated:
    edition: records.Edition
    day: str
    updated: datetime


def story_permalink(site: FeedSite, story_id: str) -> str:
    """The story's page on this site: its feed link and its id, stable across days."""
    return f"{site.base_url}/{site.lang}/story/{quote(clean(story_id), safe='')}"


def edition_url(site: FeedSite, day: str) -> str:
    """The page of one day's edition."""
    return f"{site.base_url}/{site.lang}/{quote(clean(day), safe='')}"


def feed_items(editions: Sequence[records.Edition]) -> list[FeedItem]:
    """The stories of the editions, one item per story id (the newest edition's version),
    newest edition first then by rank, at most ``MAX_ITEMS``."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    for dated in _dated(editions):
        for story in _ranked(dated.edition.stories):
            story_id = _line(story.id)
            # no id: no stable permalink, so no item; a seen id: the story continues from an
            # older edition whose version the newer one replaces
            if not story_id or story_id in seen:
                continue
            seen.add(story_id)
            items.append(_item(story, story_id, dated))
            if len(items) == MAX_ITEMS:
                return items
    return items


# --- reading an edition: every value may be hostile ---


def clean(value: object) -> str:
    """A string without the characters XML 1.0 forbids ("" for anything but a string)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else ""


def _line(value: object) -> str:
    """Cleaned text on one line: feed readers show titles and tags as single lines."""
    return " ".join(clean(value).split())


def web_url(value: object) -> str:
    """The address if it is an absolute http(s) one, else "" (no javascript:, data:, ...)."""
    # browsers ignore tabs and newlines inside a URL: drop them before judging the scheme
    url = re.sub(r"[\t\n\r]", "", clean(value)).strip().replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def _when(value: str) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime; a naive one is taken as UTC."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _dated(editions: Sequence[records.Edition]) -> list[_Dated]:
    """The editions that can be dated, newest day first (input order kept within a day)."""
    out = []
    for edition in editions:
        day = _day(edition.day)
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
        updated = _when(edition.built_at) or midnight
        if updated is None:  # neither a date nor a build time: its items could not be dated
            continue
        label = day.isoformat() if day else updated.date().isoformat()
        out.append(_Dated(edition, label, updated))
    # a rebuilt older edition may have a later built_at than a newer one: order by the day
    return sorted(out, key=lambda d: d.day, reverse=True)


def _ranked(stories: Sequence[records.ToldStory]) -> list[records.ToldStory]:
    """The stories by rank; one without a rank goes after the ranked ones."""
    return sorted(stories, key=lambda s: s.rank or 1 << 30)


def last_built(editions: Sequence[records.Edition], now: datetime | None) -> datetime:
    """When the newest edition was built; ``now`` (default: the clock) for an empty feed."""
    built = [d.updated for d in _dated(editions)]
    if built:
        return max(built)
    return (now or datetime.now(UTC)).astimezone(UTC)


def _item(story: records.ToldStory, story_id: str, dated: _Dated) -> FeedItem:
    headline = _cited(story.headline)
    summary = tuple(c for c in map(_cited, story.summary) if c.text)
    coverage = story.coverage
    return FeedItem(
        story_id=story_id,
        day=dated.day,
        rank=story.rank,
        # a title is required by Atom and expected by every reader: never leave it empty
        title=headline.text or (summary[0].text if summary else "") or story_id,
        published=_when(coverage.first_at) or dated.updated,
        updated=dated.updated,
        source=headline,
        summary=summary,
        quotes=_quotes(story.quotes),
        articles=coverage.articles,
        independent=coverage.independent_sources,
        languages=tuple(x for x in map(_line, coverage.languages) if x),
        tags=_tags(story.key_facts),
        image=_image(story.image),
    )


def _cited(value: records.Cited) -> Cited:
    url = web_url(value.url)
    return Cited(_line(value.text), url, _line(value.outlet) or _host(url))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""


def _quotes(quotes: Sequence[records.Quote]) -> tuple[Quote, ...]:
    out = []
    for q in quotes:
        text = _line(q.text)
        if text:
            url = web_url(q.url)
            outlet = _line(q.outlet) or _host(url)
            out.append(Quote(text, _line(q.speaker), url, outlet))
    return tuple(out[:MAX_QUOTES])


def _tags(facts: records.KeyFacts) -> tuple[str, ...]:
    """People, places and organisations taken in turn (so that eight people do not crowd out
    every place), without repeats, at most ``MAX_TAGS``."""
    kinds = (facts.people, facts.places, facts.organisations)
    out: list[str] = []
    seen: set[str] = set()
    for name in chain.from_iterable(zip_longest(*kinds)):
        tag = _line(name)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
            if len(out) == MAX_TAGS:
                break
    return tuple(out)


def _image(value: records.StoryImage | None) -> Image | None:
    url = web_url(value.url) if value else ""
    if not value or not url:
        return None
    return Image(url, _line(value.caption), _line(value.credit))
