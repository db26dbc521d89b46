"""Copies: items that carry one text (a wire story reprinted, a feed item seen twice).

Exact copies share a hash of their normalised words. Near copies (a byline changed, a paragraph
added) share at least ``threshold`` of their word 5-shingles: MinHash LSH (datasketch's MinHash,
banded here) proposes the pairs and the exact Jaccard of the shingle sets decides, so a pair below
the threshold never joins. Groups are the connected components of those pairs; each has one
original and the rest are reprints.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

COPY_THRESHOLD = 0.5  # Jaccard of the 5-shingle sets at which two texts are one text
SHINGLE_WORDS = 5
# Below this many words a text (a title, a short lead) only matches exactly: short leads of
# different stories share most of their few shingles ("police said on Monday that").
MIN_NEAR_WORDS = 8
NUM_PERM = 128
SEED = 20240611  # fixed, so the LSH proposes the same pairs on every run
MIN_RECALL = 0.99  # chance the LSH proposes a pair whose Jaccard is exactly the threshold

_WORD = re.compile(r"\w+")
# Odd multipliers that fold a band's rows into one int key (wrapping in 64 bits). Two different
# bands folding alike only proposes a pair, which the exact check then judges.
_FOLD = np.random.RandomState(SEED).randint(0, 1 << 62, NUM_PERM, dtype=np.uint64) * 2 + 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Shingles = npt.NDArray[np.uint32]


@dataclass(frozen=True, slots=True)
class CopyItem:
    """One text to compare: an article's text, or a feed item's title and lead."""

    id: str
    text: str
    published: datetime | None
    outlet: str | None = None
    is_wire: bool = False  # the agency's own copy: the original of any group it is in


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Items carrying one text: the original's id and every member's id (sorted, with it)."""

    original: str
    members: tuple[str, ...]


def words(text: str) -> list[str]:
    """The text's words: NFKC, casefolded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_hash(tokens: list[str]) -> bytes:
    """A hash of the words alone, so whitespace, case and punctuation do not tell copies apart."""
    return hashlib.blake2b("\x1f".join(tokens).encode("utf-8"), digest_size=16).digest()


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> Shingles:
    """The sorted, distinct 32-bit hashes of the runs of ``size`` words (fewer if the text is)."""
    if not tokens:
        return np.empty(0, np.uint32)
    size = min(size, len(tokens))
    runs = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    # crc32: stable across processes (unlike hash()) and C-fast; MinHash re-mixes it anyway
    return np.unique(np.fromiter((zlib.crc32(r.encode("utf-8")) for r in runs), np.uint32))


def near_copy(a: Shingles, b: Shingles, threshold: float = COPY_THRESHOLD) -> bool:
    """Whether two texts (their shingle sets) are one text: the decision every path makes on a
    proposed pair (the sizes first, which rules out most pairs without a set intersection)."""
    small, large = sorted((len(a), len(b)))
    return small >= threshold * large and jaccard(a, b) >= threshold


def jaccard(a: Shingles, b: Shingles) -> float:
    """Exact Jaccard similarity of two shingle sets (sorted and distinct, as ``shingles`` makes)."""
    if not len(a) or not len(b):
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@lru_cache(maxsize=16)
def _bands(threshold: float) -> tuple[int, int]:
    """LSH bands and rows: the most rows per band (fewest chance proposals) that still proposes a
    pair at the threshold with MIN_RECALL. datasketch's own choice, which weighs misses against
    proposals, misses 45% of pairs at 0.5; here misses are the error and proposals only cost a
    check."""
    for rows in range(NUM_PERM // 2, 0, -1):
        bands = NUM_PERM // rows
        if bands >= 2 and 1 - (1 - threshold**rows) ** bands >= MIN_RECALL:
            return bands, rows
    return NUM_PERM, 1


class _Bands:
    """LSH banding: items whose signatures agree on every row of some band are proposed.

    datasketch's MinHashLSH does the same but keeps a bytes key and a set per item and band:
    about 14 KB an item at 42 bands (1.4 GB for 100,000 items), and millions of sets for the
    garbage collector to walk, which made it twice as slow. An int key to an id (a list only on a
    collision) brings the whole index to about 4 KB an item.
    """

    def __init__(self, bands: int, rows: int) -> None:
        self.bands, self.rows = bands, rows
        self._tables: list[dict[int, str | list[str]]] = [{} for _ in range(bands)]

    def keys(self, signature: npt.NDArray[np.uint32]) -> list[int]:
        """One key per band."""
        rows = signature[: self.bands * self.rows].reshape(self.bands, self.rows)
        folded = (rows.astype(np.uint64) * _FOLD[: self.rows]).sum(axis=1, dtype=np.uint64)
        keys: list[int] = folded.tolist()
        return keys

    def query(self, keys: list[int]) -> set[str]:
        """The ids that share a band key with these."""
        found: set[str] = set()
        for table, key in zip(self._tables, keys, strict=True):
            hit = table.get(key)
            if isinstance(hit, str):
                found.add(hit)
            elif hit is not None:
                found.update(hit)
        return found

    def insert(self, item_id: str, keys: list[int]) -> None:
        for table, key in zip(self._tables, keys, strict=True):
            hit = table.setdefault(key, item_id)
            if isinstance(hit, list):
                hit.append(item_id)
            elif hit != item_id:
                table[key] = [hit, item_id]


def _identity(value: int) -> int:
    return value


def original_key(item: CopyItem) -> tuple[bool, bool, datetime, str]:
    """Sort key of the candidates for original: the wire's copy, then the earliest, then the id
    (the smallest is the group's original, in every path)."""
    when = item.published
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # naive times are taken as UTC so they compare with aware
    return (not item.is_wire, when is None, when or _EPOCH, item.id)


class CopyIndex:
    """Groups items into copies one at a time, for a pipeline that sees them in time order.

    It keeps each item's shingle hashes (for the exact check) and the LSH band keys, not the texts.
    """

    def __init__(self, threshold: float = COPY_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self._lsh = _Bands(*_bands(threshold))
        # One template: its permutations are drawn once and shared by every copy of it.
        self._minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity)
        self._exact: dict[bytes, str] = {}
        self._shingles: dict[str, Shingles] = {}
        self._parent: dict[str, str] = {}
        self._size: dict[str, int] = {}
        self._best: dict[str, tuple[bool, bool, datetime, str]] = {}  # per root

    def __len__(self) -> int:
        return len(self._parent)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._parent

    def add(self, item: CopyItem) -> str:
        """Files the item; returns the id of the original of its group (its own id when new).

        The answer is the original as of now: a wire copy or an earlier item added later can
        still take that place (``original_of`` and ``groups`` give the current one).
        """
        if item.id in self._parent:
            raise ValueError(f"item {item.id!r} is already in the index")
        self._parent[item.id] = item.id
        self._size[item.id] = 1
        self._best[item.id] = original_key(item)
        tokens = words(item.text)
        if not tokens:  # nothing to compare: an empty text is a copy of nothing
            return item.id
        digest = content_hash(tokens)
        twin = self._exact.get(digest)
        if twin is not None:
            # Same shingles as the twin, which is indexed already: whatever is near this is
            # near the twin, so there is nothing more to index or ask.
            self._union(item.id, twin)
            return self.original_of(item.id)
        self._exact[digest] = item.id
        if len(tokens) < MIN_NEAR_WORDS:
            return item.id
        mine = shingles(tokens)
        signature = self._minhash.copy()
        signature.update_batch(mine.tolist())
        keys = self._lsh.keys(signature.hashvalues)
        for other in self._lsh.query(keys):
            if near_copy(mine, self._shingles[other], self.threshold):
                self._union(item.id, other)
        self._shingles[item.id] = mine
        self._lsh.insert(item.id, keys)
        return self.original_of(item.id)

    def original_of(self, item_id: str) -> str:
        """The id of the current original of the item's group."""
        return self._best[self._root(item_id)][3]

    def groups(self) -> list[CopyGroup]:
        """Every item in exactly one group, singletons included, sorted by their first member."""
        members: dict[str, list[str]] = {}
        for item_id in self._parent:
            members.setdefault(self._root(item_id), []).append(item_id)
        found = [
            CopyGroup(self._best[root][3], tuple(sorted(ids))) for root, ids in members.items()
        ]
        return sorted(found, key=lambda group: group.members)

    def _root(self, item_id: str) -> str:
        parent = self._parent
        while parent[item_id] != item_id:
            parent[item_id] = parent[parent[item_id]]  # path halving keeps the trees flat
            item_id = parent[item_id]
        return item_id

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size.pop(rb)
        self._best[ra] = min(self._best[ra], self._best.pop(rb))


def group_copies(items: Iterable[CopyItem], threshold: float = COPY_THRESHOLD) -> list[CopyGroup]:
    """The items in groups of copies, each with its original; the same whatever the input order."""
    index = CopyIndex(threshold)
    for item in items:
        index.add(item)
    return index.groups()


def reprint_of(groups: Iterable[CopyGroup]) -> dict[str, str]:
    """Each reprint's id -> its original's id (originals and singletons are not keys)."""
    return {m: g.original for g in groups for m in g.members if m != g.original}
