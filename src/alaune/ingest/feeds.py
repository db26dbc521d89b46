"""Feed bytes -> articles: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed by hand.

Never raises on a bad feed: the result carries a reason instead (feedparser's "bozo").
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser

from alaune.ingest.urls import canonical_url
from alaune.model import Article, Drop
from alaune.text import language_code, one_line, strip_html

# A date outside this window is a feed bug (1970 epochs, year 9999), not a publication time.
_EARLIEST = datetime(1991, 1, 1, tzinfo=UTC)
_MAX_SUMMARY = 4000


@dataclass(slots=True)
class FeedResult:
    """What one feed document gave: its items, or why it gave none."""

    url: str
    title: str = ""
    site_url: str | None = None
    language: str | None = None
    items: list[Article] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    error: str | None = None  # reason code when the document yields no items
    detail: str = ""  # a sentence for the user
    malformed: bool = False  # parsed, but the document is not well formed


def _when(value: Any, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
    return when if _EARLIEST <= when <= now + timedelta(days=2) else None


def _iso_when(value: Any, now: datetime) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = feedparser._parse_date(value)  # feedparser knows the odd formats
        return _when(parsed, now)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when if _EARLIEST <= when <= now + timedelta(days=2) else None


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
        result.drops.append(Drop("feed", "item_without_link", result.url, f"item {title!r:.80}"))
        return
    try:
        url = canonical_url(link, base=base)
    except ValueError as exc:
        result.drops.append(Drop("feed", "item_bad_link", link[:500], str(exc)))
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
            authors=[a for a in authors if a],
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
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return False
    result.title = one_line(str(doc.get("title") or ""))
    home = doc.get("home_page_url")
    result.site_url = home if isinstance(home, str) else None
    result.language = language_code(
        doc.get("language") if isinstance(doc.get("language"), str) else None
    )
    base = result.site_url or result.url
    for item in doc["items"]:
        if not isinstance(item, dict):
            result.drops.append(Drop("feed", "item_malformed", result.url, "not an object"))
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
        if not result.items:
            result.error, result.detail = "empty_feed", "the JSON Feed has no items"
        return result
    try:
        parsed = feedparser.parse(
            data, response_headers=headers or {}, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # feedparser promises not to raise; a crash is one bad feed
        result.error, result.detail = "parser_crash", f"{type(exc).__name__}: {exc}"[:300]
        return result
    feed = parsed.get("feed", {})
    result.title = one_line(strip_html(feed.get("title", "") or ""))
    result.site_url = feed.get("link") or None
    result.language = language_code(feed.get("language"))
    result.malformed = bool(parsed.get("bozo"))
    base = result.site_url or url
    for entry in parsed.get("entries", []):
        authors = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
        if not authors and entry.get("author"):
            authors = [entry["author"]]
        link = entry.get("link")
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]
        summary = entry.get("summary")
        if not summary and entry.get("content"):
            summary = entry["content"][0].get("value")
        published = _when(entry.get("published_parsed") or entry.get("updated_parsed"), now)
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
            result.error = "not_a_feed"
            result.detail = "the address serves a web page, not a feed"
        elif not parsed.get("version") and bozo is not None:
            result.error = "malformed_feed"
            result.detail = f"not a readable feed: {bozo}"[:300]
        elif not parsed.get("version"):
            result.error, result.detail = "not_a_feed", "the document is not RSS, Atom or JSON Feed"
        else:
            result.error, result.detail = "empty_feed", "the feed has no items"
    # Items repeated within one document (duplicate GUIDs or links) are kept once.
    seen: set[str] = set()
    unique = []
    for art in result.items:
        if art.url in seen:
            result.drops.append(Drop("feed", "duplicate_item", art.url, "repeated in the feed"))
        else:
            seen.add(art.url)
            unique.append(art)
    result.items = unique
    if not result.items and not result.error:
        result.error = "no_usable_items"
        result.detail = f"{len(result.drops)} item(s), none with a usable link"
    return result


def item_times(result: FeedResult) -> list[float]:
    """Publication times of the items (epoch seconds), for the polling schedule."""
    return sorted(a.published_at.timestamp() for a in result.items if a.published_at)


__all__ = ["FeedResult", "item_times", "parse_feed"]
