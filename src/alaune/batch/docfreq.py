"""The batch's word statistics in fixed memory: a count-min sketch behind ``DocFreq``'s API.

An archive's vocabulary keeps growing with its size (every story brings new names, every page
typos), so exact counts of a million pages would hold millions of stems in the one process that
groups stories. The sketch holds two rows of 2^21 counters per statistic (48 MB in all) whatever
the input; a count can only be over-estimated, by the stems that share both of its cells, which
for a rare name means colliding twice with a common word (about 1 in 1,600 at 3 million stems).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from alaune.group.features import DocFreq

WIDTH = 1 << 21
_MASK = WIDTH - 1


def _cells(stem: str) -> tuple[int, int]:
    # blake2b, not hash(): Python's string hash changes from process to process, and every
    # worker and every resumed run must find a stem in the same cells
    h = int.from_bytes(hashlib.blake2b(stem.encode("utf-8"), digest_size=8).digest(), "little")
    return h & _MASK, (h >> 32) & _MASK


class _Sketch:
    """Count-min: each stem adds to one cell of each row; its count is the smaller cell."""

    def __init__(self) -> None:
        self.rows: NDArray[np.int32] = np.zeros((2, WIDTH), dtype=np.int32)

    def update(self, counts: Mapping[str, int]) -> None:
        if not counts:
            return
        cells = np.array([_cells(s) for s in counts], dtype=np.int64)
        values = np.fromiter(counts.values(), dtype=np.int32, count=len(counts))
        np.add.at(self.rows[0], cells[:, 0], values)
        np.add.at(self.rows[1], cells[:, 1], values)

    def get(self, stem: str, default: int = 0) -> int:
        a, b = _cells(stem)
        return int(min(self.rows[0, a], self.rows[1, b])) or default


class SketchDocFreq(DocFreq):
    """``DocFreq`` summed from the tasks' exact counts into sketches (see the module's note)."""

    def __init__(self) -> None:
        super().__init__()
        self.sketch_counts = _Sketch()
        self.sketch_upper = _Sketch()
        self.sketch_lower = _Sketch()
        self._known: dict[str, tuple[float, bool]] = {}

    def add_counts(
        self,
        docs: int,
        counts: Mapping[str, int],
        upper: Mapping[str, int],
        lower: Mapping[str, int],
    ) -> None:
        """Add one task's statistics."""
        self.docs += docs
        self.sketch_counts.update(counts)
        self.sketch_upper.update(upper)
        self.sketch_lower.update(lower)
        self._known.clear()

    def add(self, text: str) -> None:  # the batch only sums what its tasks counted
        raise TypeError("a SketchDocFreq is summed from counts (add_counts), not from texts")

    def _facts(self, stem: str) -> tuple[float, bool]:
        # a few thousand stems make most of the text: their weight and name-ness are kept once
        # looked up, in a dict emptied when it grows (the sketch lookups are the cost)
        facts = self._known.get(stem)
        if facts is None:
            if len(self._known) > 200_000:
                self._known.clear()
            idf = math.log((self.docs + 1) / (self.sketch_counts.get(stem) + 1)) + 1.0
            upper = self.sketch_upper.get(stem)
            name = upper > 0 and upper >= 0.7 * (upper + self.sketch_lower.get(stem))
            facts = self._known[stem] = (idf, name)
        return facts

    def is_name(self, stem: str) -> bool:
        return self._facts(stem)[1]

    def idf(self, stem: str) -> float:
        return self._facts(stem)[0]
