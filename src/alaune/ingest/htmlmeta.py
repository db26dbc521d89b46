"""Cheap facts read off a page's head before any extraction (language)."""

from __future__ import annotations

import re

from alaune.text import language_code

_HTML_LANG = re.compile(
    r"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.IGNORECASE
)
_META_LANG = re.compile(
    r"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    r"[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)",
    re.IGNORECASE,
)


def declared_language(html: str) -> str | None:
    """The language a page declares (``<html lang>``, Content-Language, og:locale), if any."""
    head = html[:20_000]
    for pattern in (_HTML_LANG, _META_LANG):
        m = pattern.search(head)
        if m:
            code = language_code(m.group(1))
            if code:
                return code
    return None
