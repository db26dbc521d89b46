"""Turning the bytes of a page into text: header, then <meta>, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Servers and pages often claim a Latin charset for what is really UTF-8; bytes that decode as
# UTF-8 and contain non-ASCII almost never do so by accident, so UTF-8 wins over these claims.
_LATIN = {"iso8859-1", "latin-1", "cp1252", "iso8859-15", "ascii"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The charset a page declares: HTTP header first, then the first <meta> in its head."""
    if content_type:
        header = _HEADER.search(content_type)
        if header and _codec(header.group(1)):
            return _codec(header.group(1))
    meta = _META.search(data[:4096])
    if meta:
        return _codec(meta.group(1).decode("ascii", "replace"))
    return None


# A page in UTF-8 with a few broken bytes (a bad paste, a truncated multi-byte character) is
# still UTF-8: decoding it as anything else garbles every accented letter of the page. Latin
# text read as UTF-8 breaks at nearly every accented letter, so valid ones must far outnumber
# the broken.
VALID_PER_BROKEN = 20


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    if broken == 0:
        return text
    valid = sum(1 for ch in text if ord(ch) > 127) - broken
    return text if valid >= VALID_PER_BROKEN * broken else None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, charset used). Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    declared = declared_charset(data, content_type)
    if declared in (None, "utf-8", *_LATIN) and not data.isascii():
        text = _mostly_utf8(data)
        if text is not None:
            return text, "utf-8"
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, "replace"), best.encoding
    return data.decode("utf-8", "replace"), "utf-8"
