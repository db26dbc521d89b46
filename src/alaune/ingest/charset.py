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


# Codecs Python knows that no page is written in: some make text of escapes ("unicode_escape"
# turns "\ud800" into a lone surrogate, which no store accepts), UTF-7 hides markup and
# browsers refuse it, and "undefined" fails on any byte. (Codecs that are not text encodings,
# "hex", "rot13", "zlib", are refused too: bytes.decode raises LookupError on them.)
_NOT_WEB = {"utf-7", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB:
        return None
    return info.name


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The charset a page declares: HTTP header first, then the first <meta> in its head."""
    if content_type:
        header = _HEADER.search(content_type)
        if header and _codec(header.group(1)):
            return _codec(header.group(1))
    meta = _META.search(data[:4096])
    if meta:
        codec = _codec(meta.group(1).decode("ascii", "replace"))
        # A <meta> read as ASCII is not in UTF-16 or UTF-32, whatever it says (as browsers do).
        return "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec
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
    text, charset = _decode(data, content_type)
    # NUL is never text: browsers drop it from a page's text, and HTML parsers turn the ones
    # in titles and attributes into U+FFFD ("É\x00té" became "É\ufffdté").
    return text.replace("\x00", ""), charset


def _decode(data: bytes, content_type: str | None) -> tuple[str, str]:
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
        except UnicodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, "replace"), best.encoding
    return data.decode("utf-8", "replace"), "utf-8"
