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
        encoding = _western_or(best.encoding, data)
        return data.decode(encoding, "replace"), encoding
    return data.decode("utf-8", "replace"), "utf-8"


# Central and Western European single-byte code pages share most byte values, and on a short
# page detection often takes French for cp1250 ("à" read as "ŕ", "è" as "č") or Polish for
# cp1252 ("ł" as "³"). The right reading is the one whose accented letters all belong to one
# language's alphabet: a wrong one mixes letters of several, or gives symbols in mid-word.
_SINGLE_BYTE_LATIN = ("cp1252", "cp1250", "iso8859-2")
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ", "áéíñóúü", "áâãàçéêíóôõú", "àèéìíîòóùú", "äöüß", "éëïóöü",
    "ąćęłńóśźż", "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "áéíóöőúüű", "ăâîșțşţ", "čćđšž",
    "åäöæø", "àçèéíïòóúü·",
)  # fmt: skip
# What detection may answer for a page in one of those: any Latin-script single-byte code page.
_LATIN_FAMILY = {
    *_SINGLE_BYTE_LATIN, "iso8859-1", "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-10",
    "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "cp1254", "cp1257", "mac-roman",
    "mac-latin2",
}  # fmt: skip
# Punctuation that the candidate code pages place alike: it says nothing either way.
_NEUTRAL = set("‘’“”„–—…«»€°·•\xa0")


def _one_language(text: str) -> float:
    """The share of the text's non-ASCII characters that one language's alphabet holds."""
    found = [c for c in text.lower() if c > "\x7f" and c not in _NEUTRAL]
    if not found:
        return 1.0
    return max(sum(c in alphabet for c in found) for alphabet in _ALPHABETS) / len(found)


def _western_or(encoding: str, data: bytes) -> str:
    name = codecs.lookup(encoding).name
    if name not in _LATIN_FAMILY:
        return encoding
    sample = _TAGS.sub(" ", data[:50_000].decode("latin-1")).encode("latin-1")
    scores = {e: _one_language(sample.decode(e, "replace")) for e in (name, *_SINGLE_BYTE_LATIN)}
    # detection's own choice unless another reading is plainly one language where it is not
    return max(scores, key=lambda e: (scores[e], e == name))


_TAGS = re.compile(r"<[^>]*>")
