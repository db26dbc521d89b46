"""The site's name, and the headline without the site's name around it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from alaune.extract.metadata.page import _clean, _key, _ld_str, _Page, _types

# --- site name and title -----------------------------------------------------------------------

_TITLE_SEP = re.compile(r"(\s+[|–—·•»›:~/-]{1,2}\s+|\s*[|·•»›]\s*)")
_SECTION = re.compile(r"[^\W\d]{3,15}")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "or", "ne", "gv"}


class _Site:
    """What the site calls itself, to tell its name from a title or a byline."""

    def __init__(self, page: _Page, article: dict[str, Any]) -> None:
        host = (urlsplit(page.url).hostname or "").removeprefix("www.")
        labels = host.split(".")
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            self.brand = _key(labels[-3])
        else:
            self.brand = _key(labels[-2]) if len(labels) >= 2 else _key(host)
        names = [page.meta("og:site_name", "og:site:name", "og:sitename", "application-name")]
        names.append(_ld_str(article.get("publisher")))
        names += [
            _ld_str(n.get("name"))
            for n in page.ld
            if _types(n) & {"WebSite", "NewsMediaOrganization"}
        ]
        names.append(page.meta("twitter:site").lstrip("@"))
        self.name = next((n for n in names if n), None)
        self.keys = {_key(n) for n in names if n} | {_key(host), self.brand}
        self.keys.discard("")

    def named(self, text: str) -> bool:
        """Whether text names the site ("SN.at", "Globalnews.ca", "CBC News", "MDR THÜRINGEN")."""
        key = _key(text)
        if not key:
            return False
        if key in self.keys:
            return True
        # the brand and a word: "CBC News", "MDR THÜRINGEN" (not "Zeit für Veränderung" on zeit.de)
        words = text.split()
        if len(words) == 2 and len(self.brand) >= 2 and _key(words[0]) == self.brand:
            return True
        if len(self.brand) >= 3 and key.startswith(self.brand) and len(key) - len(self.brand) <= 4:
            return True  # the brand and its domain ending: "derstandardat", "globalnewsca"
        # or a longer form of it ("tageszeitung" in "Die Neue Südtiroler Tageszeitung")
        return len(self.brand) >= 6 and self.brand in key and len(key) <= 2.5 * len(self.brand)


def _strip_site(title: str, site: _Site) -> str:
    """The title without a site name before or after it ("X | Le Monde", "BBC News - X")."""
    parts = _TITLE_SEP.split(title)
    segments = parts[::2]
    if len(segments) < 2:
        return title
    if site.named(segments[0]):  # "BBC News - X"
        return "".join(parts[2:]).strip() or title
    for i in range(len(segments) - 1, 0, -1):
        if i >= len(segments) / 2 and site.named(segments[i]):
            # The site's name ends the title; what follows it is section noise ("› Panorama"),
            # and so is a one-word section before it ("X - Politik - Example.de").
            kept = parts[: 2 * i - 1]
            while len(kept) >= 3 and _SECTION.fullmatch(kept[-1].strip()):
                kept = kept[:-2]
            return "".join(kept).strip() or title
    return title


def _contains(longer: str, shorter: str) -> bool:
    """Whether shorter is longer without a kicker before it or a tail after it."""
    a, b = _key(longer), _key(shorter)
    return len(b) >= 15 and len(b) < len(a) and (a.startswith(b) or a.endswith(b))


def _title(page: _Page, article: dict[str, Any], site: _Site) -> str | None:
    meta_title = page.meta("parsely-title", "sailthru.title", "dc.title", "citation_title", "title")
    raw = [
        _ld_str(article.get("headline")),
        page.meta("og:title"),
        page.meta("twitter:title"),
        meta_title,
    ]
    # A title has letters: some pages put a date or a count in og:title.
    candidates = [
        c for c in (_strip_site(_clean(r), site) for r in raw) if any(ch.isalpha() for ch in c)
    ]
    if not candidates:
        fallback = [_strip_site(_clean(page.title_tag), site), *page.h1]
        return next((c for c in fallback if any(ch.isalpha() for ch in c)), None)
    title = candidates[0]
    # When one source adds a kicker ("Olympische Spiele: X") or a tail ("X | Sport") to what another
    # says, the shorter one is the headline proper.
    for other in candidates[1:]:
        if _contains(title, other):
            title = other
    return title
