"""The one story placement: reports in time order, copies with their original, the rest by
similarity (``StoryIndex``).

Every path that groups stories goes through ``Placer``: the stored path (``alaune run``,
``alaune stories``, ``alaune edition``, ``alaune eval edition``), the offline one (``alaune
cluster``, ``alaune eval stories``) and the batch (``alaune batch``). They differ only in where
the reports come from and where the placements go; each gives the placer the same text of a
report (``story_text``), the same copies (``group.dedup``) and the same order (``time_key``).

A copy joins the story of its group's original when that original has been placed before it
(a wire copy published after its reprints starts no story of its own: it is placed like any
report). The index holds the reports of the last window only: past ``held_max`` reports it is
rebuilt from the window's, their stories kept, so memory does not grow with the archive.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from alaune.extract.wire import agency_of
from alaune.group.dedup import CopyItem, group_copies, reprint_of
from alaune.group.features import DocFreq, Embedder, item_text
from alaune.group.stories import Settings, StoryIndex, StoryItem, story_id, story_text

HELD_MAX = 20_000  # held reports before the index is rebuilt with the window's only


def meaning_text(item: StoryItem) -> str:
    """What a report is embedded as."""
    return item_text(item.title, item.text)


def time_key(item: StoryItem) -> tuple[datetime, str]:
    """The order reports are placed in: by time, those of one second by address (or id). An
    article's id follows the order reports happened to arrive in; the stories must not."""
    return (item.published, item.url or item.id)


def in_time_order(items: Iterable[StoryItem]) -> list[StoryItem]:
    """Items sorted as the placer takes them."""
    return sorted(items, key=time_key)


def copy_item(item: StoryItem) -> CopyItem:
    """A report as copies are found on it: its title and whole text; a report whose outlet is
    a news agency is the wire's own copy (the original of any group it is in)."""
    is_wire = bool(item.outlet) and agency_of(item.outlet or "") is not None
    return CopyItem(item.id, f"{item.title}\n{item.text}", item.published, item.outlet, is_wire)


def reprints(items: Iterable[StoryItem]) -> dict[str, str]:
    """Each reprint's id -> its copy group's original's id."""
    return reprint_of(group_copies(copy_item(i) for i in items))


def docfreq_of(items: Iterable[StoryItem]) -> DocFreq:
    """The word statistics of a set of reports, on the text the placer reads."""
    return DocFreq(story_text(i.title, i.text) for i in items)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one report went."""

    id: str
    story: str  # as of its placement (``Placer.resolve`` gives it after later merges)
    original: str | None  # the original of its copy group, when it is a reprint
    new: bool  # it started its story
    merges: tuple[tuple[str, str], ...]  # (merged story, story it joined) its placement made


class Placer:
    """Places reports in time order, a copy with its original (``originals``: each reprint's
    original). It remembers the stories of those originals and the merges, nothing per report,
    so that an archive's worth of reports streams through it."""

    def __init__(
        self,
        docfreq: DocFreq,
        originals: dict[str, str],
        settings: Settings | None = None,
        held_max: int | None = None,
    ) -> None:
        self.docfreq = docfreq
        self.originals = originals
        self.wanted = set(originals.values())
        self.settings = settings or Settings()
        self.held_max = HELD_MAX if held_max is None else held_max
        self.index = StoryIndex(docfreq, self.settings)
        self.story_of: dict[str, str] = {}  # the originals' stories
        self.redirect: dict[str, str] = {}
        self.merges: list[tuple[str, str]] = []  # the merges of the report being placed
        # the window's reports, to rebuild the index from (meanings as stored: float16)
        self.window: deque[tuple[StoryItem, NDArray[np.float16], str]] = deque()

    def resolve(self, story: str) -> str:
        """A story id after the merges so far."""
        while story in self.redirect:
            story = self.redirect[story]
        return story

    def hold(self, item: StoryItem, meaning: NDArray[np.float32], story: str) -> None:
        """A report placed before (by an earlier run): it joins its story as it is."""
        self._add(item, meaning, story)

    def place(self, item: StoryItem, meaning: NDArray[np.float32]) -> Placement:
        """Place one report (the next in time order)."""
        original = self.originals.get(item.id)
        into = self.story_of.get(original) if original else None
        before = len(self.merges)
        story = self._add(item, meaning, self.resolve(into) if into else None)
        merges = tuple(self.merges[before:])
        del self.merges[before:]
        return Placement(item.id, story, original, story == story_id(item.id), merges)

    def _add(self, item: StoryItem, meaning: NDArray[np.float32], into: str | None) -> str:
        story = self.index.add(item, meaning, into=into)
        # the merges are taken from the index at once: a rebuild below starts a new index
        for gone, keep in self.index.merges:
            self.redirect[gone] = keep
            self.merges.append((gone, keep))
        self.index.merges.clear()
        if item.id in self.wanted:
            self.story_of[item.id] = story
        self.window.append((item, meaning.astype(np.float16), story))
        horizon = item.published - self.settings.window
        while self.window and self.window[0][0].published < horizon:
            self.window.popleft()
        if self.index.rows > max(self.held_max, 2 * len(self.window)):
            self._rebuild()
        return story

    def _rebuild(self) -> None:
        """A new index holding the window's reports only, each in its story as it stands."""
        self.index = StoryIndex(self.docfreq, self.settings)
        for old, meaning, story in self.window:
            self.index.add(old, meaning.astype(np.float32), into=self.resolve(story))
        self.index.merges.clear()


def cluster(
    items: Sequence[StoryItem],
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    copies: dict[str, str] | None = None,
    workers: int = 1,
) -> dict[str, str]:
    """Group a set of reports into stories: {item id: story id}, copies found among them
    (``copies``, each reprint's original, replaces that search when given)."""
    ordered = in_time_order(items)
    meanings = (embedder or Embedder(workers=workers)).encode([meaning_text(i) for i in ordered])
    originals = reprints(ordered) if copies is None else copies
    placer = Placer(docfreq_of(ordered), originals, settings)
    placed = [placer.place(i, m) for i, m in zip(ordered, meanings, strict=True)]
    return {p.id: placer.resolve(p.story) for p in placed}


def members(assignment: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """(story id, its item ids) for each story, largest first, then by id."""
    groups: dict[str, list[str]] = defaultdict(list)
    for item, story in assignment.items():
        groups[story].append(item)
    for story, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        yield story, sorted(ids)
