"""Quotation marks and sentences: the first two steps of finding quotes (`alaune.tell.quotes`).

1. Pair the quotation marks of each paragraph (« », “ ”, „ “, » «, " ", ‘ ’), counting nested
   marks of the same kind; an opening mark with no closing mark before the paragraph ends is
   dropped, so a broken mark can never make a quote run over text outside its marks.
2. Split the text into sentences, never inside a pair of marks, so that a quote of several
   sentences stays one quote and its attribution is looked for in its own sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from alaune.tell.quote_patterns import ATTRIBUTION_AHEAD
from alaune.tell.speakers import is_abbreviation


class Pair(NamedTuple):
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark


_MAX_QUOTE = 4000  # longer "quotes" are marks that were never meant to pair
_MAX_MARKS_INSIDE = 64  # bounds the search for a closing mark: stray marks cost no more


# --- Quotation marks ---------------------------------------------------------------------------

_MARKS = re.compile('[«»“”„"‘’]')
_WORD_START = "([{—–-/:"
_TEXT_START = "'‘(…[¡¿«“-—."


def _closers(text: str, pos: int, style: str) -> str:
    """The marks that close the mark at pos, or '' when it opens nothing."""
    mark = text[pos]
    nxt = text[pos + 1] if pos + 1 < len(text) else "\n"
    if nxt == "\n":
        return ""
    if mark in "«“„":
        return {"«": "»", "“": "”", "„": "“”"}[mark]
    prev = text[pos - 1] if pos else " "
    # Marks that also close (» in French, ", ‘) open only at the start of a word
    if not (prev.isspace() or prev in _WORD_START) or not (nxt.isalnum() or nxt in _TEXT_START):
        return ""
    if mark == "»":
        return "«" if style in ("auto", "other") else ""
    return {'"': '"', "‘": "’"}.get(mark, "")


def _closes(text: str, pos: int, opener: str) -> bool:
    """Whether the mark at pos can close a quote opened by `opener`."""
    mark, prev = text[pos], text[pos - 1]
    if mark in '"’':  # also apostrophes and openers: only at the end of a word
        nxt = text[pos + 1] if pos + 1 < len(text) else " "
        return not prev.isspace() and not nxt.isalnum()
    return not (mark == "«" and opener == "»" and prev.isspace())


def pair_quotes(text: str, style: str) -> list[Pair]:
    """Pairs of quotation marks, in order, none inside another, none across paragraphs."""
    marks = [m.start() for m in _MARKS.finditer(text)]
    pairs: list[Pair] = []
    i = 0
    while i < len(marks):
        closers = _closers(text, marks[i], style)
        j = _find_close(text, marks, i, closers, style) if closers else None
        if j is None:
            i += 1
            continue
        pairs.append(Pair(marks[i], marks[j]))
        i = j + 1
    return pairs


def _find_close(text: str, marks: list[int], i: int, closers: str, style: str) -> int | None:
    """The index in marks of the mark closing marks[i], counting nested marks of its kind."""
    start = marks[i]
    opener = text[start]
    para_end = text.find("\n", start)
    limit = min(len(text) if para_end < 0 else para_end, start + _MAX_QUOTE)
    depth = 1
    for j in range(i + 1, min(len(marks), i + 1 + _MAX_MARKS_INSIDE)):
        pos = marks[j]
        if pos >= limit:
            break
        mark = text[pos]
        if mark in closers and _closes(text, pos, opener):
            depth -= 1
            if depth == 0:
                return j
        elif mark == opener and _closers(text, pos, style):
            depth += 1
    return None


def quoted_span(text: str, pair: Pair) -> tuple[int, int] | None:
    """The quoted words between a pair: no spaces at the ends, no trailing comma ('win,”')."""
    start, end = pair.open + 1, pair.close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if start < end else None


# --- Sentences ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"\n+|(?P<p>[.!?…]+[\"»”’)\]]*)[ \t\u00a0\u202f\u2009]+")
_SENTENCE_START = '«“"„‘([¿¡—–-»'


def _inside(pairs: list[Pair], opens: list[int], pos: int) -> bool:
    k = bisect_right(opens, pos) - 1
    return k >= 0 and pairs[k].open < pos < pairs[k].close


def _is_boundary(text: str, m: re.Match[str], pairs: list[Pair], opens: list[int]) -> bool:
    """Whether a run of final punctuation and spaces ends a sentence."""
    nxt = m.end()
    if nxt >= len(text) or not (text[nxt].isupper() or text[nxt] in _SENTENCE_START):
        return False
    punct = m.group("p")
    if _inside(pairs, opens, m.end("p") - 1):
        return False
    if punct[0] == "." and punct[1:2] != ".":
        word_start = text.rfind(" ", 0, m.start()) + 1
        word_start = max(word_start, text.rfind("\n", 0, m.start()) + 1)
        if is_abbreviation(text[word_start : m.start()]):
            return False
    marks = punct.lstrip(".!?…")
    return not (marks and punct[-len(marks) - 1] in "?!" and ATTRIBUTION_AHEAD.match(text, nxt))


def sentence_spans(text: str, pairs: list[Pair]) -> list[tuple[int, int]]:
    """Sentences as (start, end), without surrounding spaces, never cut inside quote marks."""
    opens = [pair.open for pair in pairs]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group("p") is None:
            spans.append((start, m.start()))
        elif _is_boundary(text, m, pairs, opens):
            spans.append((start, m.end("p")))
        else:
            continue
        start = m.end()
    spans.append((start, len(text)))
    return [span for span in (_strip(text, a, b) for a, b in spans) if span[0] < span[1]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
