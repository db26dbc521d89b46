"""The stories shell: stored reports through the placer (``group.placement``), into the store.

The open stories (those with a report in the last ``days`` before the oldest waiting report) are
rebuilt in memory from their stored members and embeddings; copies are found over them and the
waiting reports together; then each waiting report is placed in time order. The placements are
worked out in memory and committed together at the end, all or nothing: a run killed on the way
leaves the store as it found it, and the re-run places the same reports the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from alaune.group.features import Embedder
from alaune.group.placement import (
    Placement,
    Placer,
    docfreq_of,
    meaning_text,
    reprints,
)
from alaune.group.stories import Settings, StoryItem
from alaune.model import EARLIEST
from alaune.store import Store
from alaune.store.stories import Report

EMBED_BATCH = 20_000  # reports embedded at once (a pool when workers > 1)


@dataclass(slots=True)
class StoriesReport:
    """What a stories run did."""

    waiting: int = 0
    placed: int = 0
    new_stories: int = 0
    copies: int = 0
    continued: int = 0  # reports that joined a story of an earlier run
    merged: int = 0  # stories found to be one with another (their ids redirect)

    def lines(self) -> list[str]:
        """The summary the CLI prints."""
        if not self.waiting:
            return ["stories: nothing to group (every stored report is in a story)"]
        return [
            f"stories: {self.placed} reports placed: {self.new_stories} new stories, "
            f"{self.continued} joined stories of earlier runs, {self.copies} were copies of a "
            f"text already seen; {self.merged} stories merged into another"
        ]

    def count(self, placed: Placement, known: set[str]) -> None:
        self.placed += 1
        self.copies += placed.original is not None
        self.new_stories += placed.new
        self.continued += placed.story in known
        self.merged += len(placed.merges)


def placed_time(r: Report) -> datetime:
    """A stored report's time as it is placed: one before the window (stored before JSONL times
    were checked) at the window's start, as the placer's arithmetic on year 0001 overflows."""
    return max(r.published, EARLIEST)


def story_item(r: Report) -> StoryItem:
    """A stored report as the placer reads it."""
    when = placed_time(r)
    return StoryItem(str(r.article_id), r.title, r.text, when, r.lang, r.outlet, r.url)


def group_stored(
    store: Store, *, days: int = 3, settings: Settings | None = None, workers: int = 1
) -> StoriesReport:
    """Place every waiting stored report in a story."""
    report = StoriesReport()
    waiting = store.stories.waiting()
    report.waiting = len(waiting)
    if not waiting:
        return report
    held = list(store.stories.placed_since(placed_time(waiting[0]) - timedelta(days=days)))
    items = [story_item(r) for r in (*held, *waiting)]
    placer = Placer(docfreq_of(items), reprints(items), settings)
    for r, item in zip(held, items[: len(held)], strict=True):
        assert r.embedding is not None and r.story_id is not None
        placer.hold(item, r.embedding, r.story_id)
    known = set(placer.index.stories)
    embedder = Embedder(workers=workers)
    # Every placement is worked out before any is written, then all are committed in one
    # transaction (writing takes well under a second; the embeddings and the index are the
    # work). Committed in batches, a run killed halfway would leave a store whose re-run sees
    # fewer reports waiting: its word statistics (over the held and the waiting reports) and
    # its held window (from the oldest report waiting) would not be the interrupted run's, and
    # neither could its stories be (the crash test of `alaune run` found such a split story).
    # All or nothing, a killed run loses its placements and the re-run makes the same ones.
    steps: list[tuple[Report, Placement, NDArray[np.float16]]] = []
    fresh = items[len(held) :]
    for start in range(0, len(waiting), EMBED_BATCH):
        batch = fresh[start : start + EMBED_BATCH]
        meanings = embedder.encode([meaning_text(i) for i in batch])
        rows = waiting[start : start + EMBED_BATCH]
        for r, item, meaning in zip(rows, batch, meanings, strict=True):
            placed = placer.place(item, meaning)
            report.count(placed, known)
            # float16, as stored: the embedder has rounded them so already, nothing is lost
            steps.append((r, placed, meaning.astype(np.float16)))
    with store.transaction():
        for r, placed, meaning in steps:
            for gone, keep in placed.merges:
                store.stories.merge(gone, keep)
            original = int(placed.original) if placed.original else None
            r = replace(r, original_id=original)
            store.stories.place(r, placed.story, meaning.astype(np.float32))
    return report
