"""Publication and update times, timezone-aware, from metadata, markup or the URL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from alaune.extract.metadata.page import _ld_str, _Page

# --- dates -------------------------------------------------------------------------------------

_PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "article:published",
    "article:published:time", "og:published_time", "published_time", "parsely-pub-date",
    "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "citation_publication_date", "citation_date", "citation_online_date",
    "pubdate", "publishdate", "publish-date", "publish_date", "publisheddate", "publication_date",
    "datepublished", "date", "cxenseparse:recs:publishtime", "cxenseparse:publishtime",
    "content:publishdate", "prism.publicationdate", "date.available", "date.created",
    "displaydate", "dc.date.created", "og:pubdate", "release_date",
)  # fmt: skip
_UPDATED_METAS = (
    "article:modified_time", "og:article:modified_time", "article:modified", "og:updated_time",
    "dc.date.modified", "dcterms.modified", "datemodified", "date.modified", "date.updated",
    "lastupdate", "last-modified", "parsely-updated", "sailthru.lastmodified",
)  # fmt: skip
_ISO = re.compile(
    r"(?<!\d)(\d{4})([-/.]?)(\d{1,2})\2(\d{1,2})(?!\d)"
    r"(?:(?:T|\s+|,\s*)(\d{1,2})[:h.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(?!\d)(?:,?\s+(?:um\s+)?(\d{1,2})[:.](\d{2}))?"
)
_MONTHS = {
    name: i + 1
    for names in (
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "january february march april may june july august september october november december",
    )
    for i, name in enumerate(names.split())
}
_TEXT_DATE = re.compile(
    r"(?i)(?:(\d{1,2})\.?\s+(?:de\s+)?([^\W\d]{3,10})\.?,?\s+(?:de\s+)?(\d{4})|"
    r"([^\W\d]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))"
    r"(?:,?\s+(?:at\s+|um\s+|à\s+)?(\d{1,2})[:h.](\d{2})\s*([ap]\.?m\.?)?)?"
)
_RFC2822 = re.compile(r"[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+(\d{4})\s+\d")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[^\d]|$)")
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def _zone(text: str | None) -> timezone:
    if not text or text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    if minutes >= 24 * 60:  # "+9900" is no zone; read the time as UTC rather than fail
        return UTC
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def _build(
    y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, tz: timezone = UTC
) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def parse_date(text: str) -> datetime | None:
    """A timezone-aware datetime from the common ways pages write dates (naive means UTC)."""
    text = text.strip()
    if not text:
        return None
    # a Unix timestamp, in seconds or milliseconds ("²" is a digit to isdigit, not to int)
    if text.isascii() and text.isdigit() and len(text) in (10, 13):
        return datetime.fromtimestamp(int(text[:10]), UTC)
    if rfc := _RFC2822.match(text):  # "Fri, 03 May 2024 15:47:42 +0200", as feeds and CMSs write
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            stamp = None
        # email.utils reads years under 100 as two-digit ones: "0001" would be 2001
        if stamp is not None and stamp.year == int(rfc[1]):
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    m = _ISO.search(text)
    if m:
        y, _, mo, d, h, mi, s, tz = m.groups()
        return _build(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), _zone(tz))
    m = _DMY.search(text)
    if m:
        d, mo, y, h, mi = m.groups()
        return _build(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
    m = _TEXT_DATE.search(text)
    if m:
        d1, mon1, y1, mon2, d2, y2, h, mi, ampm = m.groups()
        word = (mon1 or mon2 or "").casefold()
        month = _MONTHS.get(word) or _MONTHS.get(word[:3])  # "mars", "Sept", "Dec"
        if month:
            hour = (
                int(h or 0) % 12 + (12 if ampm and ampm[0] in "pP" else 0) if ampm else int(h or 0)
            )
            return _build(int(y1 or y2), month, int(d1 or d2), hour, int(mi or 0))
    return None


def _plausible(value: datetime | None, now: datetime) -> datetime | None:
    if value is None or value < _EARLIEST or value > now + timedelta(days=2):
        return None
    return value


def _htmldate(html: str, url: str) -> datetime | None:
    """htmldate's reading of the visible page (a dateline, "Do 25.04.24"); a slow last resort."""
    try:
        from htmldate import find_date  # optional: comes with trafilatura
    except ImportError:
        return None
    try:
        found = find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:  # a fallback's failure on odd markup must not lose the other facts
        return None
    return parse_date(found) if found else None


def _dates(
    html: str, page: _Page, article: dict[str, Any], node: dict[str, Any], now: datetime
) -> tuple[datetime | None, datetime | None]:
    published_raw = [_ld_str(article.get("datePublished")), _ld_str(article.get("dateCreated"))]
    published_raw += [page.meta(name) for name in _PUBLISHED_METAS]
    published_raw += [_ld_str(node.get("datePublished")), _ld_str(node.get("uploadDate"))]
    published_raw += [stamp for stamp, marked in page.times if marked]
    published_raw += [stamp for stamp, _ in page.times[:3]]
    published = None
    for raw in published_raw:
        if raw and (published := _plausible(parse_date(raw), now)):
            break
    if published is None and (m := _URL_DATE.search(urlsplit(page.url).path)):
        published = _plausible(_build(int(m[1]), int(m[2]), int(m[3])), now)
    if published is None:
        published = _plausible(_htmldate(html, page.url), now)
    updated_raw = [_ld_str(article.get("dateModified")), _ld_str(node.get("dateModified"))]
    updated_raw += [page.meta(name) for name in _UPDATED_METAS]
    updated = None
    for raw in updated_raw:
        if raw and (updated := _plausible(parse_date(raw), now)):
            break
    return published, updated
