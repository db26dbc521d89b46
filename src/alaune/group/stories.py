"""The stories stage: each new report joins the story of the same event, or starts one.

Online and in time order, as reports arrive: an item is compared with the held reports of the
last ``window`` that an index proposes (those sharing one of its rarest words, or in its
locality-sensitive hash buckets of embeddings: never all pairs), and joins the story of its most
similar report when that similarity clears the threshold (a story with several close reports
gets a small bonus; a report close to two stories merges them). Similarity is half word overlap
(TF-IDF of folded 4-letter stems) and half meaning (multilingual embeddings), so that reports in
two languages can meet on meaning alone. A report naming a story's own name (one most of its
reports carry, and few others) needs less to join it: the angles of one big event share names
more than words.

Deterministic: the same items give the same stories (items are taken in time order, see
``placement``; story ids derive from their first member's id).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from alaune.group.features import DocFreq, Vector
from alaune.text import language_code

# the stories stage reads a report's title and the start of its text: what a feed item gives,
# what its thresholds were set on, and a bounded cost per report however long the article
LEAD_CHARS = 400


def story_text(title: str, text: str) -> str:
    """What a report's words are counted on: its title and lead (word statistics and vectors)."""
    return f"{title} {text[:LEAD_CHARS]}"


@dataclass(frozen=True, slots=True)
class StoryItem:
    """A report to group: a feed item (title and lead) or an article (title and text)."""

    id: str
    title: str
    text: str
    published: datetime
    lang: str | None = None
    outlet: str | None = None
    url: str | None = None  # orders the reports of one second (see ``placement.time_key``)


@dataclass(frozen=True, slots=True)
class Settings:
    """How alike two reports must be to tell the same story (tuned on the shared labelled day,
    see the README's stories table)."""

    words_weight: float = 0.5
    meaning_weight: float = 0.5
    threshold: float = 0.40
    # between two languages the words say little (names and numbers): meaning must carry it
    cross_threshold: float = 0.32
    # ... and lower by ``cross_relief`` when the two share words all the same (names, numbers:
    # "Tusk", "Zelensky/Zełenski", "300"): evidence of one event that meaning alone lacks
    cross_shared: float = 0.08
    cross_relief: float = 0.06
    # a report is compared with the reports of this window before it only (a story whose last
    # report is older takes no new one)
    window: timedelta = timedelta(hours=72)
    # a report this far above the threshold with two stories is evidence they are one: the
    # younger story is merged into the older (its id then redirects)
    merge_margin: float = 0.04
    # a story several of whose reports come close to the new one is likelier its story than one
    # with a single close report: up to this bonus, for reports within the band of the threshold
    support_band: float = 0.05
    support_bonus: float = 0.04
    # held reports proposed per rare word and per embedding bucket, most recent first
    postings: int = 200
    rare_stems: int = 12
    # a story's own names: a name ("Tusk", "Braun") in at least ``own_reports`` of its reports,
    # whose share of the story's reports times the story's share of the window's reports naming
    # it reaches ``own_share``. A report naming one lowers that story's threshold by
    # ``own_relief``: the many angles of one big event (a government formed: the speech, the
    # vote, each minister, the reactions) share its names more than their words or meaning.
    own_reports: int = 3
    own_share: float = 0.45
    own_relief: float = 0.15


def story_id(first_member: str) -> str:
    """A story's id: stable, derived from the id of the report that started it."""
    return "s" + hashlib.blake2b(first_member.encode("utf-8"), digest_size=6).hexdigest()


@dataclass(slots=True)
class _Story:
    id: str
    first: datetime
    last: datetime
    size: int = 0


class _Buckets:
    """Random-hyperplane hashing of embeddings: reports at a small angle share a bucket in at
    least one of the tables (a fixed seed keeps it deterministic)."""

    def __init__(self, dims: int = 512, tables: int = 8, bits: int = 10, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        self.planes = rng.standard_normal((tables, bits, dims)).astype(np.float32)
        self.powers = 1 << np.arange(bits)
        self.tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(tables)]

    def keys(self, vector: NDArray[np.float32]) -> list[int]:
        signs = (self.planes @ vector) > 0
        return [int(k) for k in signs @ self.powers]

    def add(self, vector: NDArray[np.float32], member: int) -> None:
        for table, key in zip(self.tables, self.keys(vector), strict=True):
            table[key].append(member)

    def near(self, vector: NDArray[np.float32], limit: int) -> set[int]:
        found: set[int] = set()
        for table, key in zip(self.tables, self.keys(vector), strict=True):
            found.update(table.get(key, [])[-limit:])
        return found


class StoryIndex:
    """The reports held in memory, their stories, and the index that proposes the held reports
    a new one is compared with: those of the last ``window`` sharing one of its rarest words
    (word similarity is computed for these only; for the others it is near zero), and those in
    its embedding buckets. Their meaning is compared in one matrix product, their margins over
    the threshold grouped by story with numpy: the cost of a report does not grow with the
    number of stories held."""

    def __init__(self, docfreq: DocFreq, settings: Settings | None = None) -> None:
        self.docfreq = docfreq
        self.settings = settings or Settings()
        self.stories: dict[str, _Story] = {}
        self.by_stem: dict[str, list[int]] = defaultdict(list)
        self.buckets = _Buckets()
        # one row per held report; float16 halves the memory and moves cosines by < 0.001
        self.meanings = np.zeros((1024, 512), dtype=np.float16)
        self.times = np.zeros(1024, dtype=np.float64)
        self.lang_ids = np.zeros(1024, dtype=np.int32)  # 0: unknown language
        self.row_story = np.zeros(1024, dtype=np.int64)  # index into story_names
        # the held reports' word vectors, flat: row r's stems are stem_of[starts[r]:starts[r+1]]
        self.stem_ids: dict[str, int] = {}
        self.stem_of = np.zeros(16384, dtype=np.int32)
        self.weight_of = np.zeros(16384, dtype=np.float32)
        self.starts = np.zeros(1025, dtype=np.int64)
        self.rows = 0
        self.story_names: list[str] = []
        self.story_index: dict[str, int] = {}
        self.languages: dict[str, int] = {}
        self.merged: dict[str, str] = {}
        # (merged story, story it joined), in order, for the store to record
        self.merges: list[tuple[str, str]] = []
        # names in the window: reports naming each, and per story (by index) its reports in the
        # window and how many name each; rows leave in time order as the window moves
        self.named: deque[tuple[float, int, tuple[str, ...]]] = deque()
        self.name_reports: Counter[str] = Counter()
        self.story_reports: Counter[int] = Counter()
        self.story_named: dict[int, Counter[str]] = defaultdict(Counter)

    def _rare(self, words: Vector) -> list[str]:
        return sorted(words, key=lambda s: (-words[s], s))[: self.settings.rare_stems]

    def _lang(self, lang: str | None) -> int:
        # "en-US", "en_gb" and "en" are one language: only the primary subtag counts
        code = language_code(lang)
        return self.languages.setdefault(code, len(self.languages) + 1) if code else 0

    def resolve(self, story: str) -> str:
        """A story id after merges."""
        while story in self.merged:
            story = self.merged[story]
        return story

    def _word_cosines(self, rows: NDArray[np.int64], words: Vector) -> NDArray[np.float32]:
        """The word cosine of the report with each of the held ``rows``, in one pass: their
        stems gathered flat and looked up in the report's sorted stems."""
        known = sorted((self.stem_ids[t], w) for t, w in words.items() if t in self.stem_ids)
        if not known or not len(rows):
            return np.zeros(len(rows), dtype=np.float32)
        mine = np.array([i for i, _ in known], dtype=np.int32)
        mine_w = np.array([w for _, w in known], dtype=np.float32)
        begin, end = self.starts[rows], self.starts[rows + 1]
        lengths = end - begin
        flat = np.repeat(begin - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        stems, weights = self.stem_of[flat], self.weight_of[flat]
        at = np.minimum(np.searchsorted(mine, stems), len(mine) - 1)
        products = np.where(mine[at] == stems, mine_w[at] * weights, 0.0)
        owner = np.repeat(np.arange(len(rows)), lengths)
        return np.bincount(owner, weights=products, minlength=len(rows)).astype(np.float32)

    def ranked(
        self, words: Vector, meaning: NDArray[np.float32], when: datetime, lang: str | None
    ) -> list[tuple[str, float, float]]:
        """The stories this report could join, best first: (story, margin, own-name relief),
        the margin being its best report's over the threshold (plus the support bonus), ranked
        by margin plus relief. Stories below the threshold by more than the relief are left
        out: they can neither take the report nor be merged through it."""
        s = self.settings
        self._expire(when.timestamp() - s.window.total_seconds())
        sharing: set[int] = set()
        for stem in self._rare(words):
            sharing.update(self.by_stem.get(stem, [])[-s.postings :])
        proposed = sharing | self.buckets.near(meaning, s.postings)
        if not proposed:
            return []
        near = np.fromiter(sorted(proposed), dtype=np.int64, count=len(proposed))
        near = near[self.times[near] >= (when - s.window).timestamp()]
        if not len(near):
            return []
        # word similarity counts for the reports sharing a rare word only: for the others it is
        # common words alone, which the threshold was not set for
        w = self._word_cosines(near, words)
        w[~np.isin(near, np.fromiter(sharing, dtype=np.int64, count=len(sharing)))] = 0.0
        m = self.meanings[near].astype(np.float32) @ meaning
        other = self.lang_ids[near]
        mine = self._lang(lang)
        same = (other == mine) | (other == 0) | (mine == 0)
        margins = s.words_weight * w + s.meaning_weight * m
        cross = np.where(w >= s.cross_shared, s.cross_threshold - s.cross_relief, s.cross_threshold)
        margins -= np.where(same, s.threshold, cross)
        stories, inverse = np.unique(self.row_story[near], return_inverse=True)
        best = np.full(len(stories), -np.inf)
        np.maximum.at(best, inverse, margins)
        support = np.bincount(inverse, weights=margins >= -s.support_band, minlength=len(stories))
        best += s.support_bonus * np.minimum(np.maximum(support - 1, 0), 4) / 4
        hopeful = np.flatnonzero(best >= -s.own_relief)
        names = [t for t in words if self.docfreq.is_name(t)]
        ranked = []
        for k in hopeful:
            story = int(stories[k])
            relief = s.own_relief if names and self._owns(story, names) else 0.0
            ranked.append((self.story_names[story], float(best[k]), relief))
        return sorted(ranked, key=lambda r: (-(r[1] + r[2]), r[0]))

    def _owns(self, story: int, names: list[str]) -> bool:
        """Whether one of the names is the story's own (see ``Settings.own_share``)."""
        s = self.settings
        named, reports = self.story_named.get(story), self.story_reports[story]
        if not named or reports < s.own_reports:
            return False
        for name in names:
            count = named.get(name, 0)
            # the story's share of its reports naming it, times its share of the window's
            share = count / reports * count / max(self.name_reports[name], 1)
            if count >= s.own_reports and share >= s.own_share:
                return True
        return False

    def _expire(self, before: float) -> None:
        """Forget the names of the reports older than ``before``."""
        while self.named and self.named[0][0] < before:
            _, row, names = self.named.popleft()
            story = int(self.row_story[row])
            self.name_reports.subtract(names)
            self.story_reports[story] -= 1
            if self.story_reports[story] > 0:
                self.story_named[story].subtract(names)
            else:  # the story has left the window
                del self.story_reports[story]
                self.story_named.pop(story, None)

    def add(self, item: StoryItem, meaning: NDArray[np.float32], into: str | None = None) -> str:
        """Place one report (in time order); returns its story's id.

        ``into`` forces the story (a copy of a text already placed goes with its original)."""
        words = self.docfreq.vector(story_text(item.title, item.text))
        if into is None:
            ranked = self.ranked(words, meaning, item.published, item.lang)
            into = ranked[0][0] if ranked and ranked[0][1] + ranked[0][2] >= 0 else None
            # two stories are merged on the report's words and meaning alone: names are shared
            # by sibling events (a leader in two stories), the relief would bridge them
            raw = sorted(ranked, key=lambda r: (-r[1], r[0]))[:2]
            bridged = [r[0] for r in raw if r[1] >= self.settings.merge_margin]
            if len(bridged) == 2:
                into = self.merge(*bridged)
        else:
            into = self.resolve(into)
        story = self.stories.get(into) if into else None
        if story is None:
            story = _Story(into or story_id(item.id), item.published, item.published)
            self.stories[story.id] = story
        story.size += 1
        story.last = max(story.last, item.published)
        self._remember(story.id, words, meaning, item)
        return story.id

    def merge(self, a: str, b: str) -> str:
        """Merge two stories; the older keeps its id and the younger's redirects to it."""
        keep, gone = sorted((self.stories[a], self.stories[b]), key=lambda t: (t.first, t.id))
        keep.size += gone.size
        keep.last = max(keep.last, gone.last)
        self.merged[gone.id] = keep.id
        self.merges.append((gone.id, keep.id))
        del self.stories[gone.id]
        rows = self.rows
        old, new = self.story_index[gone.id], self.story_index[keep.id]
        self.row_story[:rows][self.row_story[:rows] == old] = new
        self.story_reports[new] += self.story_reports.pop(old, 0)
        self.story_named[new].update(self.story_named.pop(old, Counter()))
        return keep.id

    def _remember(
        self, story: str, words: Vector, meaning: NDArray[np.float32], item: StoryItem
    ) -> None:
        row = self.rows
        if row == len(self.meanings):
            self.meanings = np.concatenate([self.meanings, np.zeros_like(self.meanings)])
            self.times = np.concatenate([self.times, np.zeros_like(self.times)])
            self.lang_ids = np.concatenate([self.lang_ids, np.zeros_like(self.lang_ids)])
            self.row_story = np.concatenate([self.row_story, np.zeros_like(self.row_story)])
            self.starts = np.concatenate([self.starts, np.zeros(row, dtype=np.int64)])
        if story not in self.story_index:
            self.story_index[story] = len(self.story_names)
            self.story_names.append(story)
        self.meanings[row] = meaning
        self.times[row] = item.published.timestamp()
        self.lang_ids[row] = self._lang(item.lang)
        self.row_story[row] = self.story_index[story]
        ids = [self.stem_ids.setdefault(stem, len(self.stem_ids)) for stem in words]
        begin, end = int(self.starts[row]), int(self.starts[row]) + len(ids)
        while end > len(self.stem_of):
            self.stem_of = np.concatenate([self.stem_of, np.zeros_like(self.stem_of)])
            self.weight_of = np.concatenate([self.weight_of, np.zeros_like(self.weight_of)])
        self.stem_of[begin:end] = ids
        self.weight_of[begin:end] = list(words.values())
        self.starts[row + 1] = end
        self.rows += 1
        for stem in self._rare(words):
            self.by_stem[stem].append(row)
        self.buckets.add(meaning, row)
        names = tuple(t for t in words if self.docfreq.is_name(t))
        self.named.append((self.times[row], row, names))
        index = self.story_index[story]
        self.story_reports[index] += 1
        self.name_reports.update(names)
        self.story_named[index].update(names)
