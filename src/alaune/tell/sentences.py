"""Sentences of a news text, as spans of that text: the units an extractive summary quotes.

Rule-based and multilingual (English, French, German, Polish, Spanish, Italian, ...): a sentence
ends after ``. ! ? …`` (and their closing quotes or brackets) followed by whitespace and what can
start a sentence (a capital, a digit, an opening quote or bracket), and at every line break (a
paragraph). A period does not end one after an abbreviation ("Mr.", "z. B.", "m.in.", "U.S."), an
initial ("J. K. Rowling"), a day before its month ("12. Dezember") or, in German, an ordinal
("zum 3. Mal"); no sentence ends inside a quotation that closes later in the paragraph.

Why spans and not strings: the summary must be found verbatim in its article, and the reader is
linked to the place it was taken from. ``text[span.start:span.end] == span.text`` always holds.
A statistical splitter would be better on rare cases, but would need a model per language; these
rules cover what news prose needs and never raise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from alaune.text import language_code


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: ``text`` is ``source[start:end]``, without surrounding whitespace."""

    start: int
    end: int
    text: str


# A paragraph: a run of characters between line breaks (those ``str.splitlines`` knows).
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
# A possible end: terminators, then closing quotes or brackets (a French "»" after a space),
# then whitespace and the first character of what follows (looked at, not consumed).
# Possessive, and never starting inside a run of terminators: linear time on "......".
_END = re.compile(r"(?<![.!?…])([.!?…]++)((?:[\"'”’“‘»›«‹)\]]|[ \u00a0\u202f][»›])*+)(?=\s++(\S))")
# What may open a sentence besides a capital or a digit.
_OPENERS = frozenset("\"'“”„«»‘‚‹›([¿¡")
# Quotation marks, and for each opener the marks that close it. "“" closes a German „...“ but
# opens an English “...”; "»" opens a German »...« but closes a French «...».
_QUOTE = re.compile(r"[\"“”„«»‹›]")
_CLOSING = {'"': '"', "“": "”“", "”": "”", "„": "“”", "«": "»", "»": "«", "‹": "›", "›": "‹"}


def _words(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# Abbreviations after which a period does not end a sentence, spelt as written (case matters:
# "art." is a Polish article of law, "art." at the end of an English sentence is not).
_ABBREVIATIONS = _words(
    # English titles, companies, Latin, months
    "Mr Mrs Ms Messrs Dr Prof St Gen Sen Rep Gov Lt Col Capt Cmdr Adm Maj Sgt Rev Hon Pres Jr "
    "Sr Inc Ltd Co Corp Bros vs etc No Nos Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "approx Ave Blvd Mt Ft Fig cf",
    # French: Monsieur, Messieurs, Madame, Mademoiselle, numéro, "p. ex.", "av. J.-C."
    "MM Mme Mmes Mlle Mlles n° N° ex av env",
    # German: "bzw.", "Nr.", "ca.", "vgl.", "sog.", "Str.", "inkl.", "evtl.", "gegr."
    "bzw Nr ca vgl sog Str inkl evtl ggf gegr Abs",
    # Polish: "m.in." (dotted, below), "tj.", "tzw.", "np.", "ul.", "gen.", "prof.", "dr hab.",
    # "ok." (about), "godz.", "ust.", "art.", "pkt", "al." (avenue), "św." (saint), "im.", "wg"
    "tj Tj tzw Tzw np Np ul gen prof dr hab ok godz ust art pkt al św im wg mln mld tys zł",
    # Spanish, Italian: "Sra.", "núm.", "pág.", "Sig.", "dott.", "avv.", "ing.", "On."
    "Sra Srta Dña Ud Uds núm pág Sig Sigg dott Dott avv Avv ing Ing On",
)
# "U.S.", "e.g.", "a.m.", "m.in.", "z.B.": short letter groups joined by periods.
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
# Months that may follow a day written as an ordinal ("12. Dezember", "1. März").
_MONTHS = _words(
    "january february march april may june july august september october november december",
    "januar jänner februar märz mai juni juli oktober dezember",
    "janvier février mars avril juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre",
)
_WORD = re.compile(r"[^\W\d_]+")
# How far back a word is looked for before a period: abbreviations are short.
_WORD_BACK = 24
_LEADING = "\"'“„«»‘‚‹›(["


def split_sentences(text: str, lang: str | None = None) -> list[Span]:
    """The sentences of ``text``, in order, as spans of it (none empty, none overlapping)."""
    german = language_code(lang) == "de"
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for cut in _cuts(text, line.start(), line.end(), german):
            _append(spans, text, start, cut)
            start = cut
        _append(spans, text, start, line.end())
    return spans


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` without its surrounding whitespace, unless nothing is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + len(piece) - len(piece.lstrip())
        spans.append(Span(first, first + len(stripped), stripped))


def _cuts(text: str, start: int, end: int, german: bool) -> list[int]:
    """Where the sentences of the paragraph ``text[start:end]`` end."""
    quoted = _quoted(text, start, end)
    opens = [q[0] for q in quoted]
    cuts: list[int] = []
    for m in _END.finditer(text, start, end):
        cut = m.end()
        i = bisect_left(opens, cut) - 1  # the last quotation opened before the cut
        if i >= 0 and cut <= quoted[i][1]:
            continue  # inside a quotation that closes later: "We ran. It rose," she said.
        if _starts_sentence(m.group(3)) and not _continues(text, m, german):
            cuts.append(cut)
    return cuts


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (opening, closing) offsets of the quotations of a paragraph, in order, not nested.

    A quotation that does not close in the paragraph is ignored: a stray mark must not keep the
    rest of the paragraph from being split."""
    pairs: list[tuple[int, int]] = []
    opened = -1
    closers = ""
    for m in _QUOTE.finditer(text, start, end):
        mark = m.group()
        if opened < 0:
            if mark in _CLOSING:
                opened, closers = m.start(), _CLOSING[mark]
        elif mark in closers:
            pairs.append((opened, m.start()))
            opened = -1
    return pairs


def _starts_sentence(char: str) -> bool:
    """A capital, a letter of a script without case, a digit or an opening quote or bracket."""
    if char.isalpha():
        return not char.islower()
    return char.isdigit() or char in _OPENERS


def _continues(text: str, m: re.Match[str], german: bool) -> bool:
    """Whether the period matched by ``m`` is not a sentence's end but an abbreviation's, an
    initial's or an ordinal's."""
    if m.group(1) != ".":
        return False  # "!", "?", "…": an ellipsis before a capital ends a sentence
    word = _word_before(text, m.start())
    if not word:
        return False
    if word in _ABBREVIATIONS or _DOTTED.fullmatch(word):
        return True
    if len(word) == 1 and word.isalpha():
        return True  # an initial ("J. K. Rowling"), "p. ex.", "z. B.", "2023 r."
    if word.isdigit() and len(word) <= 3:
        following = _WORD.match(text, m.start(3))
        if following and following.group().casefold() in _MONTHS:
            return True  # a day: "12. Dezember", "1. Mai"
        return german  # a German ordinal: "zum 3. Mal", "im 19. Jahrhundert"
    return False


def _word_before(text: str, end: int) -> str:
    """The word that ends at ``end`` (no leading quote or bracket), or "" when it is too long
    to be an abbreviation."""
    start = end
    limit = max(0, end - _WORD_BACK)
    while start > limit and not text[start - 1].isspace():
        start -= 1
    if start == limit and start > 0 and not text[start - 1].isspace():
        return ""
    return text[start:end].lstrip(_LEADING)
