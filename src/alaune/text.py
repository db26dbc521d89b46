"""Small text normalisers shared by the stages."""

from __future__ import annotations

import html
import re
import unicodedata

_WS = re.compile(r"[^\S\n]+")  # every kind of space but the line break
# Line and paragraph separators are line breaks. (Left as they were, they put two lines into a
# "one line" title; and the pattern that trimmed the space around line breaks, \s*\n\s*, took
# quadratic time on a run of them: 19 s for 40,000.)
_BREAKS = {0x2028: "\n", 0x2029: "\n"}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "figure",
    "figcaption",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "object"}


# One pass over the fragment, in linear time. (html.parser, used before, rescans the rest of the
# input at every construct left open: 200 kB of "<!--" took it 30 s, and a feed's summary is
# whatever its server sends.) Constructs left open run to the end, as in a browser.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment
    r"|<[!?].*?(?:>|\Z)"  # a doctype, CDATA section or processing instruction
    r"|</(?![a-zA-Z])[^>]*(?:>|\Z)"  # "</>" and other bogus comments
    # a tag; a quoted attribute value may hold ">"
    r"""|<(/?)([a-zA-Z][^\s/>]*)((?:=\s*(?:"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))|[^>])*)(?:>|\Z)""",
    re.DOTALL,
)
# Elements whose content is raw text up to their end tag, markup or not.
_RAW_END = {
    "script": re.compile(r"</script", re.IGNORECASE),
    "style": re.compile(r"</style", re.IGNORECASE),
}


def _fragment_text(fragment: str) -> str:
    parts: list[str] = []
    skipping, pos = 0, 0
    while (m := _TOKEN.search(fragment, pos)) is not None:
        if not skipping:
            parts.append(html.unescape(fragment[pos : m.start()]))
        pos = m.end()
        if m.group(2) is None:  # not a tag
            continue
        tag, closing = m.group(2).lower(), bool(m.group(1))
        if tag in _RAW_END:
            if not closing:
                end = _RAW_END[tag].search(fragment, pos)
                pos = len(fragment) if end is None else end.start()
            continue
        ends = closing or m.group(3).endswith("/")
        if tag in _SKIP:
            if not closing:
                skipping += 1
            if ends and skipping:
                skipping -= 1
        elif tag in _BLOCK:
            parts.append("\n")
    if not skipping:
        parts.append(html.unescape(fragment[pos:]))
    return "".join(parts)


def clean_text(text: str) -> str:
    """NFC, one space between words, no blank lines, no control characters."""
    text = text.translate(_BREAKS)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    # NFC last: a control character taken out can bring a letter and its accent together
    # ("e\x00\u0301"), which a second pass would otherwise compose.
    text = unicodedata.normalize("NFC", text)
    lines = (line.strip() for line in _WS.sub(" ", text).split("\n"))
    return "\n".join(line for line in lines if line)


def strip_html(fragment: str) -> str:
    """The text of an HTML fragment (a feed's title or summary), paragraphs kept as lines."""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment)
    return clean_text(_fragment_text(fragment))


def one_line(text: str) -> str:
    """Text on a single line (titles)."""
    return clean_text(text).replace("\n", " ")


def language_code(tag: str | None) -> str | None:
    """'en-US' -> 'en', 'FR_fr' -> 'fr'; None for what is not a language tag."""
    if not tag:
        return None
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    if code in _NOT_LANGUAGES or not re.fullmatch(r"[a-z]{2,3}", code):
        return None
    return code


# Three-letter values that turn up where a language is expected but are not one.
_NOT_LANGUAGES = {"utf", "iso", "win", "und", "mul", "zxx", "xxx", "nil", "non", "all"}
