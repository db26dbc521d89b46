"""Feed bytes -> articles: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed by hand.

Never raises on a bad feed: the result carries a reason instead (feedparser's "bozo").
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from feedparser.datetimes import _parse_date  # feedparser 6 no longer exports it at the top

from alaune.drops import Drop, Reason, Stage
from alaune.ingest.urls import canonical_url
from alaune.model import Article, plausible_time
from alaune.text import language_code, one_line, strip_html

_MAX_SUMMARY = 4000
# A news feed lists its latest 10 to 200 items, an archive-style one a few hundred. More is a
# dump or an attack: every item becomes a row and a page fetch, and feedparser takes 0.3 ms an
# item (30 s for 100,000). Items past this many are not read; one drop says how many.
MAX_ITEMS = 1000
# Where an item starts: counted cheaply to cut a huge document before feedparser reads it.
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")
_ROOT_END = {b"rss": b"</channel></rss>", b"feed": b"</feed>", b"rdf": b"</rdf:RDF>"}
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>]")
# An internal DTD subset lets a document declare entities: nested ones expand exponentially
# ("billion laughs"), external ones read files or URLs (XXE). feedparser removes unsafe
# declarations only when each starts a line, and otherwise leaves them to expat, which refuses
# external ones but expands nested ones up to its amplification limit (a second and 60 MB a
# document, and only with expat >= 2.4). No news feed needs its own entities: every declaration
# goes before a parser sees the bytes, and a reference to one then stays as text.
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"""<!ENTITY(?:"[^"]*"|'[^']*'|[^"'>])*>""", re.IGNORECASE)


@dataclass(slots=True)
class FeedResult:
    """What one feed document gave: its items, or why it gave none."""

    url: str
    title: str = ""
    site_url: str | None = None
    language: str | None = None
    items: list[Article] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    error: Reason | None = None  # why the document yields no items
    detail: str = ""  # a sentence for the user
    malformed: bool = False  # parsed, but the document is not well formed


def _when(value: Any, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
    return when if plausible_time(when, now) else None


def _iso_when(value: Any, now: datetime) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _parse_date(value)  # feedparser knows the odd formats
        return _when(parsed, now)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # the offset is kept; the window (``model.plausible_time``) is checked in UTC
    return when if plausible_time(when, now) else None


def _printable(value: str) -> str:
    """``value`` as text SQLite can store: a JSON Feed can carry lone surrogates ("\\ud800"),
    which no UTF-8 encoder accepts."""
    return value.encode("utf-8", "replace").decode("utf-8")


def _without_entities(data: bytes) -> bytes:
    """The document without the entity declarations of its DOCTYPE (see ``_ENTITY_DECL``)."""
    doctype = _DOCTYPE.search(data, 0, 65536)
    if doctype is None:
        return data
    end = data.find(b"]>", doctype.end())
    if end < 0:
        return data
    subset = _ENTITY_DECL.sub(b"", data[doctype.end() : end])
    return data[: doctype.end()] + subset + data[end:]


def _first_items(data: bytes, result: FeedResult) -> bytes:
    """The document cut after its first ``MAX_ITEMS`` items (and closed again), when it has
    more: feedparser's time grows with the items, and items past the cap are not read anyway."""
    starts = _ITEM_START.finditer(data)
    cut = next((m.start() for i, m in enumerate(starts) if i == MAX_ITEMS), None)
    if cut is None:
        return data
    more = 1 + sum(1 for _ in starts)
    result.drops.append(
        Drop(
            Stage.FEED,
            Reason.TOO_MANY_ITEMS,
            result.url,
            f"{more} items after the first {MAX_ITEMS}",
        )
    )
    root = _ROOT.search(data, 0, cut)
    closing = _ROOT_END.get(root.group(1).lower(), b"") if root else b""
    return data[:cut] + closing


def _item(
    result: FeedResult,
    link: Any,
    title: Any,
    summary: Any,
    published: datetime | None,
    authors: list[str],
    language: str | None,
    fetched_at: datetime,
    base: str,
) -> None:
    if not isinstance(link, str) or not link.strip():
        result.drops.append(
            Drop(Stage.FEED, Reason.ITEM_WITHOUT_LINK, result.url, f"item {title!r:.80}")
        )
        return
    try:
        url = canonical_url(link, base=base)
    except ValueError as exc:
        result.drops.append(
            Drop(Stage.FEED, Reason.ITEM_BAD_LINK, _printable(link[:500]), str(exc))
        )
        return
    result.items.append(
        Article(
            url=url,
            origin="feed",
            fetched_at=fetched_at,
            published_at=published,
            title=one_line(strip_html(title)) if isinstance(title, str) else "",
            summary=strip_html(summary)[:_MAX_SUMMARY] if isinstance(summary, str) else "",
            language=language,
            authors=[n for n in (one_line(a) for a in authors if isinstance(a, str)) if n],
            feed_url=result.url,
            feed_rank=len(result.items),
        )
    )


def _parse_json_feed(data: bytes, result: FeedResult, now: datetime) -> bool:
    """JSON Feed 1.0/1.1. Returns False when the bytes are not a JSON Feed at all."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    except RecursionError:  # a document nested thousands deep: no feed is
        result.error, result.detail = Reason.MALFORMED_FEED, "JSON nested too deep to be a feed"
        return True
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return False
    result.title = one_line(str(doc.get("title") or ""))
    home = doc.get("home_page_url")
    result.site_url = _printable(home) if isinstance(home, str) else None
    result.language = language_code(
        doc.get("language") if isinstance(doc.get("language"), str) else None
    )
    base = result.site_url or result.url
    items = doc["items"]
    if not items:
        result.error, result.detail = Reason.EMPTY_FEED, "the JSON Feed has no items"
    if len(items) > MAX_ITEMS:
        more = f"{len(items) - MAX_ITEMS} items after the first {MAX_ITEMS}"
        result.drops.append(Drop(Stage.FEED, Reason.TOO_MANY_ITEMS, result.url, more))
    for item in items[:MAX_ITEMS]:
        if not isinstance(item, dict):
            result.drops.append(
                Drop(Stage.FEED, Reason.ITEM_MALFORMED, result.url, "not an object")
            )
            continue
        people = item.get("authors") or ([item["author"]] if item.get("author") else [])
        authors = [str(p.get("name", "")) for p in people if isinstance(p, dict)]
        summary = item.get("summary") or item.get("content_text") or item.get("content_html")
        lang = item.get("language")
        _item(
            result,
            item.get("url") or item.get("external_url"),
            item.get("title") or "",
            summary,
            _iso_when(item.get("date_published") or item.get("date_modified"), now),
            authors,
            language_code(lang if isinstance(lang, str) else None) or result.language,
            now,
            base,
        )
    return True


def _looks_like_html(data: bytes, headers: dict[str, str] | None) -> bool:
    ctype = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    head = data.lstrip()[:200].lower()
    return "text/html" in ctype.lower() or head.startswith((b"<!doctype html", b"<html"))


def parse_feed(
    data: bytes, url: str, headers: dict[str, str] | None = None, now: datetime | None = None
) -> FeedResult:
    """Map a feed document to articles (``origin='feed'``); never raises."""
    now = now or datetime.now(UTC)
    result = FeedResult(url=url)
    if data.lstrip()[:1] in (b"{", b"\xef") and _parse_json_feed(data, result, now):
        return _unique(result)
    try:
        parsed = feedparser.parse(
            _first_items(_without_entities(data), result),
            response_headers=headers or {},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser promises not to raise; a crash is one bad feed
        result.error, result.detail = Reason.PARSER_CRASH, f"{type(exc).__name__}: {exc}"[:300]
        return result
    feed = parsed.get("feed", {})
    result.title = one_line(strip_html(feed.get("title", "") or ""))
    result.site_url = feed.get("link") or None
    result.language = language_code(feed.get("language"))
    result.malformed = bool(parsed.get("bozo"))
    base = result.site_url or url
    entries = parsed.get("entries", [])
    if len(entries) > MAX_ITEMS and not result.drops:  # items the cut above did not see
        more = f"{len(entries) - MAX_ITEMS} items after the first {MAX_ITEMS}"
        result.drops.append(Drop(Stage.FEED, Reason.TOO_MANY_ITEMS, result.url, more))
    for entry in entries[:MAX_ITEMS]:
        authors = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
        if not authors and entry.get("author"):
            authors = [entry["author"]]
        link = entry.get("link")
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]
        summary = entry.get("summary")
        if not summary and entry.get("content"):
            summary = entry["content"][0].get("value")
        # Read past FeedParserDict: asked for "updated_parsed" when the entry has a
        # "published_parsed" it could not parse (None), it warns (DeprecationWarning, an error
        # where warnings are errors: the whole feed was lost) and answers the same None.
        # An absurd publication date (year 9999) does not hide a sound update time.
        published = _when(dict.get(entry, "published_parsed"), now) or _when(
            dict.get(entry, "updated_parsed"), now
        )
        _item(
            result,
            link,
            entry.get("title", ""),
            summary,
            published,
            authors,
            language_code(entry.get("language")) or result.language,
            now,
            base,
        )
    if not parsed.get("entries"):
        bozo = parsed.get("bozo_exception")
        if _looks_like_html(data, headers):
            result.error = Reason.NOT_A_FEED
            result.detail = "the address serves a web page, not a feed"
        elif not parsed.get("version") and bozo is not None:
            result.error = Reason.MALFORMED_FEED
            result.detail = f"not a readable feed: {bozo}"[:300]
        elif not parsed.get("version"):
            result.error, result.detail = (
                Reason.NOT_A_FEED,
                "the document is not RSS, Atom or JSON Feed",
            )
        else:
            result.error, result.detail = Reason.EMPTY_FEED, "the feed has no items"
    return _unique(result)


def _unique(result: FeedResult) -> FeedResult:
    """Items repeated within one document (duplicate GUIDs or links) are kept once; a document
    whose items all lack a usable link is an error of the feed."""
    seen: set[str] = set()
    unique = []
    for art in result.items:
        if art.url in seen:
            result.drops.append(
                Drop(Stage.FEED, Reason.DUPLICATE_ITEM, art.url, "repeated in the feed")
            )
        else:
            seen.add(art.url)
            unique.append(art)
    result.items = unique
    if not result.items and not result.error:
        result.error = Reason.NO_USABLE_ITEMS
        result.detail = f"{len(result.drops)} item(s), none with a usable link"
    return result


def item_times(result: FeedResult) -> list[float]:
    """Publication times of the items (epoch seconds), for the polling schedule."""
    return sorted(a.published_at.timestamp() for a in result.items if a.published_at)


__all__ = ["FeedResult", "item_times", "parse_feed"]
