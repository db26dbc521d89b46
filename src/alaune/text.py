"""Small text normalisers shared by the stages."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NL = re.compile(r"\s*\n\s*")
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


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def clean_text(text: str) -> str:
    """NFC, one space between words, no blank lines, no control characters."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = _WS.sub(" ", text)
    return _NL.sub("\n", text).strip()


def strip_html(fragment: str) -> str:
    """The text of an HTML fragment (a feed's title or summary), paragraphs kept as lines."""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment)
    parser = _TextParser()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        return clean_text(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    return clean_text("".join(parser.parts))


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
