"""Quotes, their speakers and their attributions, found in an article's text.

An edition shows a story's strongest words as they were said: « Nous ne céderons pas », a déclaré
Emmanuel Macron, linked to the article that carries them. What is shown must be what the article
wrote, so everything here is a slice of the input: the quoted words (``Quote.text`` is
``text[start:end]``), the speaker, the attribution clause and the sentence. Nothing is rewritten,
joined or resolved; what cannot be found verbatim is left out (``speaker=None``,
``attribution=""``).

The work is regular expressions and string scans, no model: a 10 kB article takes one to three
milliseconds. Three steps:

1. Pair the quotation marks of each paragraph (« », “ ”, „ “, » «, " ", ‘ ’), counting nested
   marks of the same kind; an opening mark with no closing mark before the paragraph ends is
   dropped, so a broken mark can never make a quote run over text outside its marks.
2. Split the text into sentences, never inside a pair of marks, so that a quote of several
   sentences stays one quote and its attribution is looked for in its own sentence.
3. Look for the attribution after the quote first (« … », a déclaré X; “…,” X said), then before
   it (X a déclaré : « … »; according to X, “…”), with French and English patterns; other
   languages get the quotes only.

``attributions`` finds reported speech without a direct quote (selon l'agence KCNA, according to
state media, X told Reuters), for a story whose sources paraphrase.

Steps 1 and 2 live in `alaune.tell.quote_marks`, the verbs and patterns of step 3 in
`alaune.tell.quote_patterns`, the words that make a speaker in `alaune.tell.speakers`; this module
puts them together.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from alaune.tell.quote_marks import Pair, pair_quotes, quoted_span, sentence_spans
from alaune.tell.quote_patterns import (
    CLAUSE_END,
    EN_AFTER_ACCORDING,
    EN_AFTER_SAID_WHO,
    EN_AFTER_WHO_SAID,
    EN_BEFORE_ACCORDING,
    EN_BEFORE_VERB,
    FR_AFTER_INVERTED,
    FR_AFTER_VERB,
    FR_BEFORE_SELON,
    FR_BEFORE_VERB,
    REPORTED_EN,
    REPORTED_FR_INVERTED,
    REPORTED_FR_THAT,
    REPORTED_KEYWORD,
)
from alaune.tell.speakers import (
    MAX_SPEAKER_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    WORD,
    Who,
    is_cap,
    is_det,
    name_run,
    speaker_after,
    speaker_before,
    speaker_in,
)
from alaune.text import language_code

__all__ = ["Quote", "attributions", "find_quotes"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote, every field verbatim from the text it was found in."""

    text: str  # the quoted words, without the marks: text[start:end] of the input
    start: int
    end: int
    speaker: str | None  # "Emmanuel Macron", "the minister", "KCNA"; None when not found
    attribution: str  # "a déclaré Emmanuel Macron", "he said", "according to Reuters"; or ""
    sentence: str  # the sentence holding the quote


class _Attr(NamedTuple):
    start: int
    end: int
    speaker: tuple[int, int] | None


_WINDOW = 240  # how far from a quote its attribution is looked for


def _style(lang: str | None) -> str:
    """'fr', 'en', 'auto' (unknown: both) or 'other' (quotes without attributions)."""
    code = language_code(lang)
    if code is None:
        return "auto"
    return code if code in ("fr", "en") else "other"


# --- Attributions of quotes --------------------------------------------------------------------

_Finder = Callable[[str, int, int], _Attr | None]


def _fr_after(text: str, lo: int, hi: int) -> _Attr | None:
    """« … », a déclaré X / selon X / indique le communiqué / a-t-il ajouté."""
    m = FR_AFTER_INVERTED.match(text, lo, hi)
    if m:
        return _Attr(m.start("a"), m.end("a"), None)
    m = FR_AFTER_VERB.match(text, lo, hi)
    if m is None:
        return None
    who = speaker_after(text, m.end(), hi, bare=m.group("kw") is not None)
    if who:
        return _Attr(m.start("a"), who[1], who)
    # "a déclaré" right after a quote attributes it even when the speaker is not found;
    # a bare present ("juge", "lance") or "selon" may be another word
    return _Attr(m.start("a"), m.end("a"), None) if m.group("part") else None


def _en_after(text: str, lo: int, hi: int) -> _Attr | None:
    """'…,' X said / said X / he added / according to X / X, the minister, said."""
    for pattern in (EN_AFTER_ACCORDING, EN_AFTER_SAID_WHO):
        m = pattern.match(text, lo, hi)
        who = speaker_after(text, m.end(), hi, bare=pattern is EN_AFTER_ACCORDING) if m else None
        if m and who:
            return _Attr(m.start("a"), who[1], who)
    m = EN_AFTER_WHO_SAID.match(text, lo, hi)
    if m is None:
        return None
    speaker = speaker_in(text, m.start("seg"), m.end("seg"), before=False)
    appositive = m.group("app")
    if speaker is None or (appositive and len(appositive.split()) > MAX_SPEAKER_WORDS):
        return None
    if appositive and is_det(text[speaker.start : speaker.end].split()[0]):
        # "the mayor, Ana Ferreira, said": the name in the appositive is the speaker
        words = appositive.split()
        if name_run(words)[0] == len(words) >= 2:
            named = Who(m.start("app"), m.end("app"), False)
            return _Attr(m.start("seg"), m.end("v"), _speaker_span(named))
    return _Attr(m.start("seg"), m.end("v"), _speaker_span(speaker))


def _speaker_span(who: Who) -> tuple[int, int] | None:
    return None if who.pronoun else (who.start, who.end)


def _by_keyword(m: re.Match[str] | None, text: str) -> _Attr | None:
    """'Selon X, « … »', 'According to X, "…"', 'Pour X, « … »'."""
    if m is None:
        return None
    pour = m.group("kw").lower() == "pour"
    who = speaker_in(text, m.start("sp"), m.end("sp"), before=False, bare=not pour)
    if who is None or (pour and not _someone(text[who.start : who.end])):
        return None
    return _Attr(m.start("a"), m.end("a"), _speaker_span(who))


def _someone(phrase: str) -> bool:
    """'Pour le ministre' is an attribution, 'Pour la première fois' is not."""
    words = phrase.split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return True
    if not is_det(words[0]):
        return is_cap(words[0])
    return any(is_cap(w) or w.lower() in ROLE_NOUNS for w in words[1:]) or (
        words[0][2:].lower() in ROLE_NOUNS
    )


def _by_verb(m: re.Match[str] | None, text: str, lo: int) -> _Attr | None:
    """'X a déclaré : « … »', 'X said: "…"': the speaker is the clause before the verb."""
    if m is None:
        return None
    who = speaker_before(text, lo, m.start("v"))
    return _Attr(who.start, m.end("v"), _speaker_span(who)) if who else None


def _fr_before(text: str, lo: int, hi: int) -> _Attr | None:
    found = _by_keyword(FR_BEFORE_SELON.search(text, lo, hi), text)
    return found or _by_verb(FR_BEFORE_VERB.search(text, lo, hi), text, lo)


def _en_before(text: str, lo: int, hi: int) -> _Attr | None:
    found = _by_keyword(EN_BEFORE_ACCORDING.search(text, lo, hi), text)
    return found or _by_verb(EN_BEFORE_VERB.search(text, lo, hi), text, lo)


_AFTER: dict[str, tuple[_Finder, ...]] = {
    "fr": (_fr_after,),
    "en": (_en_after,),
    "auto": (_fr_after, _en_after),
    "other": (),
}
_BEFORE: dict[str, tuple[_Finder, ...]] = {
    "fr": (_fr_before,),
    "en": (_en_before,),
    "auto": (_fr_before, _en_before),
    "other": (),
}


def _attribute(text: str, pair: Pair, sentence: tuple[int, int], style: str) -> _Attr | None:
    """The attribution of a quote, after it in its sentence first, then before it."""
    after, before = pair.close + 1, pair.open
    after_hi = max(after, min(sentence[1], after + _WINDOW))
    before_lo = max(sentence[0], before - _WINDOW)
    for finder in _AFTER[style]:
        found = finder(text, after, after_hi)
        if found:
            return found
    for finder in _BEFORE[style]:
        found = finder(text, before_lo, before)
        if found:
            return found
    return None


# --- Public API --------------------------------------------------------------------------------


class _Found(NamedTuple):
    pair: Pair
    inner: tuple[int, int]
    sentence: tuple[int, int]
    attr: _Attr | None


def _scan(
    text: str, pairs: list[Pair], sentences: list[tuple[int, int]], style: str, min_words: int
) -> Iterator[_Found]:
    starts = [start for start, _ in sentences]
    for pair in pairs:
        inner = quoted_span(text, pair)
        if inner is None or len(WORD.findall(text, inner[0], inner[1])) < min_words:
            continue
        sentence = sentences[bisect_right(starts, pair.open) - 1]
        yield _Found(pair, inner, sentence, _attribute(text, pair, sentence, style))


def find_quotes(
    text: str, lang: str | None = None, *, min_words: int = 4, limit: int = 20
) -> list[Quote]:
    """Quotes in order of appearance.

    `lang` ('fr', 'en-GB', ...) picks the attribution patterns; None tries French and English,
    another language gets the quotes with no speaker. Quotes of fewer than `min_words` words
    (scare quotes, titles) are skipped; at most `limit` quotes are returned."""
    quotes: list[Quote] = []
    style = _style(lang)
    pairs = pair_quotes(text, style) if limit > 0 else []
    if not pairs:
        return quotes
    for found in _scan(text, pairs, sentence_spans(text, pairs), style, min_words):
        attr = found.attr
        speaker = attr.speaker if attr else None
        start, end = found.inner
        quote = Quote(
            text=text[start:end],
            start=start,
            end=end,
            speaker=text[speaker[0] : speaker[1]] if speaker else None,
            attribution=text[attr.start : attr.end] if attr else "",
            sentence=text[found.sentence[0] : found.sentence[1]],
        )
        quotes.append(quote)
        if len(quotes) >= limit:
            break
    return quotes


_Span4 = tuple[int, int, int, int]  # clause start, clause end, source start, source end


def _reported_keyword(text: str, style: str) -> Iterator[_Span4]:
    for lang in ("fr", "en"):
        if style not in (lang, "auto"):
            continue
        for m in REPORTED_KEYWORD[lang].finditer(text):
            who = speaker_after(text, m.end(), min(len(text), m.end() + _WINDOW), bare=True)
            if who:
                yield m.start(), who[1], who[0], who[1]


def _reported_fr_inverted(text: str) -> Iterator[_Span4]:
    for m in REPORTED_FR_INVERTED.finditer(text):
        who = speaker_after(text, m.end(), min(len(text), m.end() + _WINDOW))
        if who and CLAUSE_END.match(text, who[1]):
            yield m.start("a"), who[1], who[0], who[1]


def _reported_before(
    text: str, pattern: re.Pattern[str], sentences: list[tuple[int, int]]
) -> Iterator[_Span4]:
    """'Le ministère a indiqué que…', 'The ministry said…', 'X told Reuters…'."""
    starts = [start for start, _ in sentences]
    for m in pattern.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        lo = sentences[k][0] if k >= 0 else 0
        who = speaker_before(text, lo, m.start("v"))
        if who and not who.pronoun:
            yield who.start, m.end("v"), who.start, who.end


def attributions(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """Reported speech without a direct quote, as (source, clause), both verbatim.

    'selon l'agence KCNA' -> ("l'agence KCNA", "selon l'agence KCNA"); 'according to state
    media', ', a indiqué le ministère.', 'Le ministère a indiqué que', 'X told Reuters',
    'The ministry said'. Pronouns are no source; clauses that attribute a direct quote are left
    to find_quotes."""
    style = _style(lang)
    if not text or style == "other":
        return []
    pairs = pair_quotes(text, style)
    sentences = sentence_spans(text, pairs)
    taken = [(pair.open, pair.close + 1) for pair in pairs]
    taken += [(f.attr.start, f.attr.end) for f in _scan(text, pairs, sentences, style, 1) if f.attr]
    found: list[_Span4] = list(_reported_keyword(text, style))
    if style in ("fr", "auto"):
        found += _reported_fr_inverted(text)
        found += _reported_before(text, REPORTED_FR_THAT, sentences)
    if style in ("en", "auto"):
        found += _reported_before(text, REPORTED_EN, sentences)
    return [(text[a:b], text[start:end]) for start, end, a, b in _free(found, taken)]


def _free(found: list[_Span4], taken: list[tuple[int, int]]) -> Iterator[_Span4]:
    """The clauses that overlap no taken span (a quote, its attribution) and no earlier clause."""
    taken.sort()
    starts = [start for start, _ in taken]
    reach: list[int] = []  # reach[k]: the furthest end among taken[: k + 1]
    for _, end in taken:
        reach.append(max(end, reach[-1]) if reach else end)
    kept_end = -1
    for span in sorted(found):
        start, end = span[0], span[1]
        k = bisect_left(starts, end)
        if start < kept_end or (k and reach[k - 1] > start):
            continue
        kept_end = end
        yield span
