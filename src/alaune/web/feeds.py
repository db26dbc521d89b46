"""The editions as feeds for feed readers: Atom 1.0, RSS 2.0 and JSON Feed 1.1.

Why: people follow the day's news in Miniflux, FreshRSS or NetNewsWire. Each item is one story,
and its link and id are the story's page on this site (``{base}/{lang}/story/{id}``), never the
source article: the headline of a story changes from day to day, the story id does not, so a
reader shows a continuing story once instead of once per day (Kagi News' feeds got this wrong).

Every string of an edition comes from third-party sources and is treated as hostile:

- characters XML 1.0 forbids (control characters, U+FFFE/FFFF, lone surrogates) are removed
  before anything is written, so the XML is well formed and the JSON encodes as UTF-8;
- text is escaped exactly once: ElementTree escapes the XML, ``html.escape`` the HTML fragment
  that goes into the content (that fragment is then escaped once more as XML text, as Atom's
  ``type="html"`` and RSS's ``<description>`` require);
- only http(s) addresses reach a link, an ``href`` or a ``src``; ``javascript:`` and ``data:``
  ones are dropped.

The output is deterministic: the same editions (and the same ``now``) give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from itertools import chain, zip_longest
from typing import Any
from urllib.parse import quote, urlsplit

MAX_ITEMS = 60
MAX_TAGS = 8
MAX_QUOTES = 3
GENERATOR = "alaune"
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# Everything outside XML 1.0's Char production, plus DEL and the C1 controls (allowed by XML
# but never meaningful in a headline, and some readers choke on them). Python strings hold a
# lone surrogate as one code point in D800-DFFF, which this range excludes as well.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

# The coverage line and the source line, in the feed's language (English when unknown).
_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "article": "article",
        "articles": "articles",
        "independent": "independent outlet",
        "independents": "independent outlets",
        "languages": "languages: ",
        "source": "Headline: ",
    },
    "fr": {
        "article": "article",
        "articles": "articles",
        "independent": "source indépendante",
        "independents": "sources indépendantes",
        "languages": "langues\u00a0: ",
        "source": "Titre\u00a0: ",
    },
}


@dataclass(frozen=True, slots=True)
class FeedSite:
    """Where the feeds live: the site's absolute address, the feed title and its language."""

    base_url: str
    title: str
    lang: str

    def __post_init__(self) -> None:
        base = self.base_url.strip().rstrip("/")
        if not _web_url(base):
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
    edition: Mapping[str, Any]
    day: str
    updated: datetime


def story_permalink(site: FeedSite, story_id: str) -> str:
    """The story's page on this site: its feed link and its id, stable across days."""
    return f"{site.base_url}/{site.lang}/story/{quote(_clean(story_id), safe='')}"


def edition_url(site: FeedSite, day: str) -> str:
    """The page of one day's edition."""
    return f"{site.base_url}/{site.lang}/{quote(_clean(day), safe='')}"


def feed_items(editions: Sequence[dict[str, Any]]) -> list[FeedItem]:
    """The stories of the editions, one item per story id (the newest edition's version),
    newest edition first then by rank, at most ``MAX_ITEMS``."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    for dated in _dated(editions):
        for story in _ranked(dated.edition.get("stories")):
            story_id = _line(story.get("id"))
            # no id: no stable permalink, so no item; a seen id: the story continues from an
            # older edition whose version the newer one replaces
            if not story_id or story_id in seen:
                continue
            seen.add(story_id)
            items.append(_item(story, story_id, dated))
            if len(items) == MAX_ITEMS:
                return items
    return items


def to_atom(
    site: FeedSite,
    editions: Sequence[dict[str, Any]],
    self_url: str,
    *,
    now: datetime | None = None,
) -> str:
    """An Atom 1.0 document (RFC 4287) of the editions' stories."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.lang})
    _sub(feed, "id", site.home_url)
    _sub(feed, "title", site.title, type="text")
    _sub(feed, "updated", _rfc3339(_last_built(editions, now)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=_self_url(self_url))
    _sub(feed, "link", rel="alternate", type="text/html", href=site.home_url)
    # the outlets write the stories' articles, not the feed: the site is the feed's author
    author = _sub(feed, "author")
    _sub(author, "name", site.title)
    _sub(author, "uri", site.home_url)
    _sub(feed, "generator", GENERATOR)
    for item in feed_items(editions):
        _atom_entry(feed, site, item)
    return _xml(feed)


def to_rss(
    site: FeedSite,
    editions: Sequence[dict[str, Any]],
    self_url: str,
    *,
    now: datetime | None = None,
) -> str:
    """An RSS 2.0 document of the editions' stories."""
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = _sub(rss, "channel")
    _sub(channel, "title", site.title)
    _sub(channel, "link", site.home_url)
    _sub(channel, "description", site.title)
    _sub(channel, "language", site.lang)
    _sub(channel, "lastBuildDate", _rfc822(_last_built(editions, now)))
    _sub(channel, "generator", GENERATOR)
    _sub(channel, "atom:link", rel="self", type="application/rss+xml", href=_self_url(self_url))
    for item in feed_items(editions):
        _rss_item(channel, site, item)
    return _xml(rss)


def to_json_feed(
    site: FeedSite,
    editions: Sequence[dict[str, Any]],
    self_url: str,
    *,
    now: datetime | None = None,
) -> str:
    """A JSON Feed 1.1 document of the editions' stories."""
    # `now` only dates an empty feed, and JSON Feed has no feed-level date: accepted for
    # symmetry with the XML formats so callers can treat the three alike
    del now
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": _clean(site.title),
        "home_page_url": site.home_url,
        "feed_url": _self_url(self_url),
        "language": site.lang,
        "authors": [{"name": _clean(site.title), "url": site.home_url}],
        "items": [_json_item(site, item) for item in feed_items(editions)],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


# --- reading an edition: every value may be missing, of the wrong type or hostile ---


def _clean(value: object) -> str:
    """A string without the characters XML 1.0 forbids ("" for anything but a string)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else ""


def _line(value: object) -> str:
    """Cleaned text on one line: feed readers show titles and tags as single lines."""
    return " ".join(_clean(value).split())


def _web_url(value: object) -> str:
    """The address if it is an absolute http(s) one, else "" (no javascript:, data:, ...)."""
    # browsers ignore tabs and newlines inside a URL: drop them before judging the scheme
    url = re.sub(r"[\t\n\r]", "", _clean(value)).strip().replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _when(value: object) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime; a naive one is taken as UTC."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _dated(editions: Sequence[dict[str, Any]]) -> list[_Dated]:
    """The editions that can be dated, newest day first (input order kept within a day)."""
    out = []
    for edition in editions:
        meta = _map(_map(edition).get("edition"))
        day = _day(meta.get("date"))
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
        updated = _when(meta.get("built_at")) or midnight
        if updated is None:  # neither a date nor a build time: its items could not be dated
            continue
        label = day.isoformat() if day else updated.date().isoformat()
        out.append(_Dated(_map(edition), label, updated))
    # a rebuilt older edition may have a later built_at than a newer one: order by the day
    return sorted(out, key=lambda d: d.day, reverse=True)


def _ranked(stories: object) -> list[Mapping[str, Any]]:
    """The stories by rank; one without a rank goes after the ranked ones."""
    found = [s for s in _list(stories) if isinstance(s, Mapping)]
    return sorted(found, key=lambda s: _int(s.get("rank")) or 1 << 30)


def _last_built(editions: Sequence[dict[str, Any]], now: datetime | None) -> datetime:
    """When the newest edition was built; ``now`` (default: the clock) for an empty feed."""
    built = [d.updated for d in _dated(editions)]
    if built:
        return max(built)
    return (now or datetime.now(UTC)).astimezone(UTC)


def _item(story: Mapping[str, Any], story_id: str, dated: _Dated) -> FeedItem:
    headline = _cited(story.get("headline"))
    summary = tuple(c for c in map(_cited, _list(story.get("summary"))) if c.text)
    coverage = _map(story.get("coverage"))
    return FeedItem(
        story_id=story_id,
        day=dated.day,
        rank=_int(story.get("rank")),
        # a title is required by Atom and expected by every reader: never leave it empty
        title=headline.text or (summary[0].text if summary else "") or story_id,
        published=_when(coverage.get("first_at")) or dated.updated,
        updated=dated.updated,
        source=headline,
        summary=summary,
        quotes=_quotes(story.get("quotes")),
        articles=_int(coverage.get("articles")),
        independent=_int(coverage.get("independent_sources")),
        languages=tuple(x for x in map(_line, _list(coverage.get("languages"))) if x),
        tags=_tags(_map(story.get("key_facts"))),
        image=_image(story.get("image")),
    )


def _cited(value: object) -> Cited:
    data = _map(value)
    url = _web_url(data.get("url"))
    return Cited(_line(data.get("text")), url, _line(data.get("outlet")) or _host(url))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""


def _quotes(value: object) -> tuple[Quote, ...]:
    out = []
    for raw in _list(value):
        data = _map(raw)
        text = _line(data.get("text"))
        if text:
            url = _web_url(data.get("url"))
            outlet = _line(data.get("outlet")) or _host(url)
            out.append(Quote(text, _line(data.get("speaker")), url, outlet))
    return tuple(out[:MAX_QUOTES])


def _tags(facts: Mapping[str, Any]) -> tuple[str, ...]:
    """People, places and organisations taken in turn (so that eight people do not crowd out
    every place), without repeats, at most ``MAX_TAGS``."""
    kinds = (_list(facts.get(k)) for k in ("people", "places", "organisations"))
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


def _image(value: object) -> Image | None:
    data = _map(value)
    url = _web_url(data.get("url"))
    return Image(url, _line(data.get("caption")), _line(data.get("credit"))) if url else None


# --- the HTML fragment of an item's content ---


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _link(url: str, text: str) -> str:
    """A link when the address is a web one, else the text alone."""
    return f'<a href="{_esc(url)}">{_esc(text or url)}</a>' if url else _esc(text)


def _content_html(site: FeedSite, item: FeedItem) -> str:
    labels = _LABELS.get(site.lang.split("-")[0].lower(), _LABELS["en"])
    parts = list(_image_html(item.image))
    for sentence in item.summary:
        source = f" — {_link(sentence.url, sentence.outlet)}" if sentence.outlet else ""
        parts.append(f"<p>{_esc(sentence.text)}{source}</p>")
    parts.extend(_quote_html(q) for q in item.quotes)
    coverage = _coverage_line(item, labels)
    if coverage:
        parts.append(f"<p>{_esc(coverage)}</p>")
    if item.source.url:
        link = _link(item.source.url, item.source.outlet)
        parts.append(f"<p>{_esc(labels['source'])}{link}</p>")
    return "\n".join(parts)


def _image_html(image: Image | None) -> Iterator[str]:
    if image is None:
        return
    alt = _esc(image.caption)
    legend = " — ".join(x for x in (image.caption, image.credit) if x)
    caption = f"<figcaption>{_esc(legend)}</figcaption>" if legend else ""
    yield f'<figure><img src="{_esc(image.url)}" alt="{alt}">{caption}</figure>'


def _quote_html(q: Quote) -> str:
    who = ", ".join(x for x in (_esc(q.speaker), _link(q.url, q.outlet)) if x)
    footer = f"<p>— {who}</p>" if who else ""
    return f"<blockquote><p>{_esc(q.text)}</p>{footer}</blockquote>"


def _coverage_line(item: FeedItem, labels: Mapping[str, str]) -> str:
    """e.g. "17 articles, 13 independent outlets, languages: en, pl"."""
    parts = []
    if item.articles:
        parts.append(f"{item.articles} {labels['article' if item.articles == 1 else 'articles']}")
    if item.independent:
        word = labels["independent" if item.independent == 1 else "independents"]
        parts.append(f"{item.independent} {word}")
    if item.languages:
        parts.append(labels["languages"] + ", ".join(item.languages))
    return ", ".join(parts)


def _first_sentence(item: FeedItem) -> str:
    return item.summary[0].text if item.summary else ""


# --- writing the documents ---


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element whose text and attributes are cleaned (ElementTree escapes but does
    not remove the characters XML forbids)."""
    child = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        child.text = _clean(text)
    return child


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _self_url(url: str) -> str:
    checked = _web_url(url)
    if not checked:
        raise ValueError(f"self_url must be an absolute http(s) address: {url!r}")
    return checked


def _rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _atom_entry(feed: ET.Element, site: FeedSite, item: FeedItem) -> None:
    permalink = story_permalink(site, item.story_id)
    entry = _sub(feed, "entry")
    _sub(entry, "id", permalink)
    _sub(entry, "title", item.title, type="text")
    _sub(entry, "link", rel="alternate", type="text/html", href=permalink)
    if item.source.url:
        _sub(entry, "link", rel="related", type="text/html", href=item.source.url,
             title=item.source.outlet)  # fmt: skip
    _sub(entry, "published", _rfc3339(item.published))
    _sub(entry, "updated", _rfc3339(item.updated))
    if item.summary:
        _sub(entry, "summary", _first_sentence(item), type="text")
    _sub(entry, "content", _content_html(site, item), type="html")
    for tag in item.tags:
        _sub(entry, "category", term=tag)


def _rss_item(channel: ET.Element, site: FeedSite, item: FeedItem) -> None:
    permalink = story_permalink(site, item.story_id)
    node = _sub(channel, "item")
    _sub(node, "title", item.title)
    _sub(node, "link", permalink)
    _sub(node, "guid", permalink, isPermaLink="true")
    _sub(node, "pubDate", _rfc822(item.published))
    # RSS has no "updated": Atom's element says when this version of the story was built
    _sub(node, "atom:updated", _rfc3339(item.updated))
    _sub(node, "description", _content_html(site, item))
    for tag in item.tags:
        _sub(node, "category", tag)


def _json_item(site: FeedSite, item: FeedItem) -> dict[str, Any]:
    permalink = story_permalink(site, item.story_id)
    out: dict[str, Any] = {"id": permalink, "url": permalink}
    if item.source.url:
        out["external_url"] = item.source.url
    out["title"] = item.title
    out["content_html"] = _content_html(site, item)
    if item.summary:
        out["summary"] = _first_sentence(item)
    if item.image:
        out["image"] = item.image.url
    out["date_published"] = _rfc3339(item.published)
    out["date_modified"] = _rfc3339(item.updated)
    if item.tags:
        out["tags"] = list(item.tags)
    out["language"] = site.lang
    return out
