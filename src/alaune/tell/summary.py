"""A story's summary: two to four sentences its sources wrote, each linked to its article.

Multi-document extractive summarisation, because faithfulness is the point: a sentence is only
ever quoted, verbatim, from the text of one source (its offsets are returned), never rewritten.

1. Candidates: the first sentences of each article (the lead matters in news) that can stand
   alone: 8 to 60 words, ending a sentence (a feed lead cut at "..." does not), no question, no
   link, no boilerplate ("Read more", "Abonnez-vous", "Czytaj także", photo credits), not in
   capitals, not a fragment ("But the ...", lower case). Reprints of a wire dispatch are left out
   (they would count one text many times) unless nothing else can be said in the language asked.
2. Score: centrality (the cosine of the sentence's TF-IDF vector of folded stems with the
   centroid of the sources, and, when embeddings are given, the cosine of its meaning with the
   titles', which lets a sentence in one language be judged central to a story told in another),
   plus a bonus for the lead that decays with position, plus breadth (how many other outlets
   wrote the same words).
3. Choice: greedy maximal marginal relevance, so that the sentences say different things (wire
   copies repeat each other across outlets), in the edition's language when its sources offer
   enough, else in any language (the caller marks those as original-language).
4. Order: as the story unfolded (by the source's publication time, then position).

Deterministic (ties fall by article id and position) and fast: a story of 50 sources of 3,000
characters takes well under 200 ms without embeddings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from alaune.group.features import DocFreq, Vector
from alaune.tell.sentences import Span, split_sentences
from alaune.text import language_code

# Candidates per article, counted among its usable sentences: a news article tells the event
# in its first paragraphs; what follows is detail and background.
MAX_CANDIDATES = 12
# Fewer words rarely say what happened; more is a run-on (or a missed sentence break).
MIN_WORDS = 8
MAX_WORDS = 60
# The lead's bonus, added to a centrality that is usually 0.1-0.5: enough to prefer the lead
# at equal (or slightly lower) centrality, not to quote an off-topic first sentence.
LEAD_WEIGHT = 0.15
# Weight of breadth (the share of other outlets that echo a sentence's words): corroboration.
BREADTH_WEIGHT = 0.1
# An outlet echoes a sentence when its text holds stems carrying this share of the sentence's
# (squared, normalised) TF-IDF weight.
ECHO_SHARE = 0.5
# Maximal marginal relevance: the weight of the score against the similarity to what is chosen.
MMR_LAMBDA = 0.7
# Above this word cosine with a chosen sentence a candidate is a repeat (a wire copy, lightly
# edited) and is never chosen.
REPEAT_COSINE = 0.6
# The same with embeddings (when given): a translation of a chosen sentence is a repeat too.
# Sentences of one story sit at 0.5-0.7 in meaning; a translation at 0.85 and more.
REPEAT_MEANING = 0.85
# Taken off a candidate per sentence already chosen from its article: at (near) equal score,
# another source is preferred (the summary shows several outlets).
SAME_ARTICLE_PENALTY = 0.02
# Never more than this many sentences of one article.
MAX_PER_ARTICLE = 2


@dataclass(frozen=True, slots=True)
class Source:
    """One article of the story (or a feed item, when no page was extracted)."""

    article_id: str
    lang: str | None
    title: str
    text: str  # the article's body, or the feed item's lead when no page was extracted
    published: datetime
    outlet: str | None = None
    reprint: bool = False  # a copy of another source's text (same wire dispatch): never adds weight


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the summary, as its source wrote it."""

    text: str  # verbatim from the source's text
    article_id: str
    lang: str | None
    start: int  # offsets in that source's text
    end: int
    position: int  # index of the sentence in its article (0 = lead)
    score: float  # the selection score, for inspection


@dataclass(frozen=True, slots=True)
class _Candidate:
    source: Source
    span: Span
    position: int  # among all the article's sentences
    rank: int  # among its usable sentences: the first usable one is the lead


Meaning = Callable[[list[str]], NDArray[np.float32]]


def summarise(
    sources: Sequence[Source],
    lang: str | None,
    *,
    sentences: int = 3,
    max_chars: int = 700,
    meaning: Meaning | None = None,
) -> list[Sentence]:
    """Up to ``sentences`` sentences of the sources (at most ``max_chars`` together, but at least
    one when any is usable) that tell the story, in reading order; [] when none is usable."""
    if sentences < 1:
        return []
    unique = _unique(sources)
    # reprints count once: the centroid is the originals' (unless all are reprints)
    originals = [s for s in unique if not s.reprint] or unique
    candidates = _eligible(unique, originals, language_code(lang))
    if not candidates:
        return []
    words = _WordSpace(originals, candidates)
    scores = _scores(candidates, originals, words, meaning)
    pool = _language_pool(candidates, language_code(lang), sentences)
    chosen = _choose(candidates, pool, scores, words, sentences, max_chars)
    chosen.sort(key=lambda i: _reading_order(candidates[i]))
    return [_sentence(candidates[i], float(scores.total[i])) for i in chosen]


def _unique(sources: Sequence[Source]) -> list[Source]:
    """The sources in a fixed order (the result must not depend on the caller's), one per id."""
    seen: dict[str, Source] = {}
    for source in sorted(sources, key=lambda s: (s.article_id, s.published, s.title, s.text)):
        seen.setdefault(source.article_id, source)
    return list(seen.values())


def _eligible(
    unique: list[Source], originals: list[Source], target: str | None
) -> list[_Candidate]:
    """The candidate sentences: the originals', and a reprint's only where it is the only
    voice of the target language (or of anything at all)."""
    found = [c for s in originals for c in _candidates_of(s)]
    reprints = [s for s in unique if s.reprint and originals is not unique]
    if target and not any(language_code(c.source.lang) == target for c in found):
        found += [c for s in reprints if language_code(s.lang) == target for c in _candidates_of(s)]
    if not found:
        found = [c for s in reprints for c in _candidates_of(s)]
    return found


def _candidates_of(source: Source) -> list[_Candidate]:
    """The first usable sentences of a source's text (not its title)."""
    found: list[_Candidate] = []
    for position, span in enumerate(split_sentences(source.text, source.lang)):
        if usable(span.text, source.lang):
            found.append(_Candidate(source, span, position, len(found)))
            if len(found) == MAX_CANDIDATES:
                break
    return found


# Navigation, promotion and credits, in the languages of the sources.
_BOILERPLATE = re.compile(
    r"\b(?:read (?:more|also)|see also|sign up|subscribe|newsletter|follow us|click here"
    r"|all rights reserved|lire aussi|abonnez-vous|inscrivez-vous|suivez-nous"
    r"|czytaj (?:także|też|więcej)|zobacz (?:także|też)|lesen sie (?:auch|mehr)|mehr zum thema"
    r"|leer más|lee también|leggi anche)\b"
    r"|©|\b(?:photos?|foto|fot|zdj[eę]cie|bild|cr[ée]dits?|image)\s?[:.]\s",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://|\bwww\.|\w@\w[\w-]*\.\w", re.IGNORECASE)
_OPENING = "\"'“„«»‘‚‹›([¿¡ "
_CLOSERS = "\"'”’“‘»›«‹)] \u00a0\u202f"
_TERMINATORS = ".!?…"
# Words that open a sentence leaning on the one before ("But the river ..."), per language;
# one-letter ones only where the language is known ("A" is an English article, a Polish "but").
_FRAGMENT_OPENERS = {
    "en": {"and", "but", "or", "nor", "so", "yet", "however", "because", "although"},
    "fr": {"et", "mais", "ou", "donc", "or", "car", "cependant", "pourtant", "toutefois"},
    "de": {"und", "aber", "oder", "denn", "doch", "sondern", "jedoch", "allerdings"},
    "pl": {"i", "a", "ale", "oraz", "lecz", "jednak", "więc", "bo", "albo", "zaś"},
    "es": {"y", "e", "o", "u", "pero", "sino", "aunque"},
    "it": {"e", "ed", "o", "ma", "però", "tuttavia", "oppure"},
}
# With no language: the unambiguous ones only ("or" is French for "now", "car" an English noun).
_ANY_FRAGMENT_OPENERS = {
    "and", "but", "however", "mais", "donc", "cependant", "pourtant", "toutefois", "und", "aber",
    "jedoch", "sondern", "ale", "jednak", "lecz", "oraz", "pero", "sino", "però", "tuttavia",
}  # fmt: skip
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def usable(text: str, lang: str | None = None) -> bool:
    """Whether a sentence can stand alone in a summary (see the module's docstring)."""
    return (
        MIN_WORDS <= len(text.split()) <= MAX_WORDS
        and _ends_sentence(text)
        and _starts_sentence(text, lang)
        and not _URL.search(text)
        and not _BOILERPLATE.search(text)
        and not _shouting(text)
    )


def _ends_sentence(text: str) -> bool:
    """Ends with "." or "!" (quotes and brackets after it allowed): not a question, not an
    ellipsis (a feed lead cut short: "...", "…", "[…]")."""
    core = text.rstrip(_CLOSERS)
    ending = core[len(core.rstrip(_TERMINATORS)) :]
    return bool(ending) and "?" not in ending and "…" not in ending and ".." not in ending


def _starts_sentence(text: str, lang: str | None) -> bool:
    """Does not start in lower case, nor with a conjunction that leans on what came before."""
    opening = text.lstrip(_OPENING)
    if not opening or opening[0].islower():
        return False
    first = _FIRST_WORD.match(opening)
    if first is None:
        return True  # a number: "2,000 people ..."
    code = language_code(lang)
    openers = _FRAGMENT_OPENERS.get(code, _ANY_FRAGMENT_OPENERS) if code else _ANY_FRAGMENT_OPENERS
    return first.group().casefold() not in openers


def _shouting(text: str) -> bool:
    """Mostly words in capitals: a kicker, a banner or a heading, not prose."""
    words = text.split()
    return sum(word.isupper() for word in words) > len(words) / 2


class _WordSpace:
    """The candidates' TF-IDF vectors (IDF over the story's sentences and titles), as rows of a
    dense matrix over the stems they use: every cosine involving a candidate lives there."""

    def __init__(self, originals: list[Source], candidates: list[_Candidate]) -> None:
        self.freq = DocFreq([s.title for s in originals] + [c.span.text for c in candidates])
        vectors = [self.freq.vector(c.span.text) for c in candidates]
        self.column: dict[str, int] = {}
        for vector in vectors:
            for stem in vector:
                self.column.setdefault(stem, len(self.column))
        self.rows = np.zeros((len(vectors), max(1, len(self.column))), dtype=np.float32)
        for i, vector in enumerate(vectors):
            for stem, weight in vector.items():
                self.rows[i, self.column[stem]] = weight

    def project(self, vector: Vector) -> NDArray[np.float32]:
        """A vector's weights on the candidates' stems (the rest adds nothing to a cosine)."""
        dense = np.zeros(self.rows.shape[1], dtype=np.float32)
        for stem, weight in vector.items():
            column = self.column.get(stem)
            if column is not None:
                dense[column] = weight
        return dense


@dataclass(frozen=True, slots=True)
class _Scores:
    total: NDArray[np.float64]  # the selection score of each candidate
    meaning: NDArray[np.float32] | None  # the candidates' embeddings, when given


def _scores(
    candidates: list[_Candidate],
    originals: list[Source],
    words: _WordSpace,
    meaning: Meaning | None,
) -> _Scores:
    """Centrality, lead bonus and breadth of each candidate, summed."""
    documents = [words.freq.vector(f"{s.title}\n{s.text}") for s in originals]
    central = words.rows @ words.project(_centroid(documents))
    embedded = None
    if meaning is not None:
        embedded, sense = _meaning_centrality(candidates, originals, meaning)
        central = (central + sense) / 2
    lead = np.array([1.0 / (1 + c.rank) for c in candidates])
    breadth = _breadth(candidates, originals, documents, words)
    total = central.astype(np.float64) + LEAD_WEIGHT * lead + BREADTH_WEIGHT * breadth
    return _Scores(total, embedded)


def _centroid(documents: list[Vector]) -> Vector:
    """The normalised mean of the sources' vectors (each source counts once)."""
    summed: dict[str, float] = defaultdict(float)
    for document in documents:
        for stem, weight in document.items():
            summed[stem] += weight
    norm = float(np.sqrt(sum(w * w for w in summed.values()))) or 1.0
    return {stem: weight / norm for stem, weight in summed.items()}


def _meaning_centrality(
    candidates: list[_Candidate], originals: list[Source], meaning: Meaning
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """The candidates' embeddings, and their cosine with the mean of the titles' (in any
    language: a sentence may be central to a story told mostly in another)."""
    rows = np.asarray(
        meaning([s.title for s in originals] + [c.span.text for c in candidates]), np.float32
    )
    titles, embedded = rows[: len(originals)], rows[len(originals) :]
    mean = titles.mean(axis=0)
    mean /= float(np.linalg.norm(mean)) or 1.0
    sense: NDArray[np.float32] = embedded @ mean
    return embedded, sense


def _breadth(
    candidates: list[_Candidate],
    originals: list[Source],
    documents: list[Vector],
    words: _WordSpace,
) -> NDArray[np.float64]:
    """The share of the other outlets whose text echoes each candidate's words."""
    outlets: dict[str, int] = {}
    for source in originals:
        outlets.setdefault(_outlet(source), len(outlets))
    if len(outlets) < 2:
        return np.zeros(len(candidates))
    present = np.zeros((len(outlets), words.rows.shape[1]), dtype=np.float32)
    for source, document in zip(originals, documents, strict=True):
        present[outlets[_outlet(source)]] += words.project(document) > 0
    share = (words.rows**2) @ (present > 0).T.astype(np.float32)  # candidates x outlets
    echoed = share >= ECHO_SHARE
    own = [outlets.get(_outlet(c.source)) for c in candidates]
    for i, column in enumerate(own):
        if column is not None:
            echoed[i, column] = False  # an outlet does not corroborate itself
    share_echoed: NDArray[np.float64] = echoed.sum(axis=1) / (len(outlets) - 1)
    return share_echoed


def _outlet(source: Source) -> str:
    """The outlet, or the article itself when the outlet is unknown."""
    return source.outlet or f"article:{source.article_id}"


def _language_pool(candidates: list[_Candidate], target: str | None, wanted: int) -> list[int]:
    """The candidates to choose from: the target language's when they are enough (two, or one
    when one is asked), else all (the caller marks the others as original-language)."""
    everything = list(range(len(candidates)))
    if target is None:
        return everything
    native = [i for i in everything if language_code(candidates[i].source.lang) == target]
    return native if len(native) >= min(2, wanted) else everything


def _choose(
    candidates: list[_Candidate],
    pool: list[int],
    scores: _Scores,
    words: _WordSpace,
    wanted: int,
    max_chars: int,
) -> list[int]:
    """Greedy maximal marginal relevance over the pool, within ``wanted`` and ``max_chars``.

    A candidate that would overflow ``max_chars`` is passed over (a shorter one may still fit),
    but the first choice is always made."""
    chosen: list[int] = []
    per_article: dict[str, int] = defaultdict(int)
    similarity = np.zeros(len(candidates))  # max word cosine with what is chosen
    repeat = np.zeros(len(candidates), dtype=bool)
    used = 0
    remaining = sorted(pool, key=lambda i: _tie_order(candidates[i], float(scores.total[i])))
    while remaining and len(chosen) < wanted:
        best = _best(candidates, remaining, scores, similarity, repeat, per_article)
        if best is None:
            break
        remaining.remove(best)
        length = len(candidates[best].span.text) + (1 if chosen else 0)
        if chosen and used + length > max_chars:
            continue
        chosen.append(best)
        used += length
        per_article[candidates[best].source.article_id] += 1
        similarity = np.maximum(similarity, words.rows @ words.rows[best])
        repeat |= similarity > REPEAT_COSINE
        if scores.meaning is not None:
            repeat |= scores.meaning @ scores.meaning[best] > REPEAT_MEANING
    return chosen


def _best(
    candidates: list[_Candidate],
    remaining: list[int],
    scores: _Scores,
    similarity: NDArray[np.float64],
    repeat: NDArray[np.bool_],
    per_article: dict[str, int],
) -> int | None:
    """The remaining candidate of highest marginal relevance (the first of equals, in
    ``remaining``'s order), or None when all are repeats or from full articles."""
    best: int | None = None
    best_value = -np.inf
    for i in remaining:
        taken = per_article[candidates[i].source.article_id]
        if repeat[i] or taken >= MAX_PER_ARTICLE:
            continue
        value = (
            MMR_LAMBDA * scores.total[i]
            - (1 - MMR_LAMBDA) * similarity[i]
            - SAME_ARTICLE_PENALTY * taken
        )
        if value > best_value:
            best, best_value = i, value
    return best


def _tie_order(candidate: _Candidate, score: float) -> tuple[float, str, int]:
    return (-score, candidate.source.article_id, candidate.position)


def _reading_order(candidate: _Candidate) -> tuple[datetime, str, int]:
    return (candidate.source.published, candidate.source.article_id, candidate.position)


def _sentence(candidate: _Candidate, score: float) -> Sentence:
    return Sentence(
        text=candidate.span.text,
        article_id=candidate.source.article_id,
        lang=candidate.source.lang,
        start=candidate.span.start,
        end=candidate.span.end,
        position=candidate.position,
        score=score,
    )
