"""The stories shell: stored reports through the copies and stories stages, into the store.

The open stories (those with a report in the last ``days`` before the oldest waiting report) are
rebuilt in memory from their stored members and embeddings, then each waiting report is placed
in time order: a copy of a text already seen joins its original's story, any other report the
story its index proposes, or a new one. The placements are worked out in memory and committed
together at the end, all or nothing: a run killed on the way leaves the store as it found it,
and the re-run places the same reports the same way (see ``group_stored``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray

from alaune.group.dedup import CopyIndex, CopyItem
from alaune.group.features import DocFreq, Embedder, item_text
from alaune.group.stories import Settings, StoryIndex, StoryItem
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


def _item(r: Report) -> StoryItem:
    return StoryItem(str(r.article_id), r.title, r.text, r.published, r.lang, r.outlet)


def group_stored(
    store: Store, *, days: int = 3, settings: Settings | None = None, workers: int = 1
) -> StoriesReport:
    """Place every waiting stored report in a story."""
    report = StoriesReport()
    waiting = store.stories.waiting()
    report.waiting = len(waiting)
    if not waiting:
        return report
    held = list(store.stories.placed_since(waiting[0].published - timedelta(days=days)))
    docfreq = DocFreq(f"{r.title} {r.text}" for r in (*held, *waiting))
    index = StoryIndex(docfreq, settings)
    copies = CopyIndex()
    for r in held:
        assert r.embedding is not None and r.story_id is not None
        index.add(_item(r), r.embedding, into=r.story_id)
        copies.add(CopyItem(str(r.article_id), f"{r.title}\n{r.text}", r.published, r.outlet))
    known = set(index.stories)
    story_of = {str(r.article_id): r.story_id for r in held}
    embedder = Embedder(workers=workers)
    # Every placement is worked out before any is written, then all are committed in one
    # transaction (writing takes well under a second; the embeddings and the index are the
    # work). Committed in batches, a run killed halfway would leave a store whose re-run sees
    # fewer reports waiting: its word statistics (over the held and the waiting reports) and
    # its held window (from the oldest report waiting) would not be the interrupted run's, and
    # neither could its stories be (the crash test of `alaune run` found such a split story).
    # All or nothing, a killed run loses its placements and the re-run makes the same ones.
    steps: list[tuple[Report, str, NDArray[np.float16], list[tuple[str, str]]]] = []
    for start in range(0, len(waiting), EMBED_BATCH):
        batch = waiting[start : start + EMBED_BATCH]
        meanings = embedder.encode([item_text(r.title, r.text) for r in batch])
        for r, meaning in zip(batch, meanings, strict=True):
            key = str(r.article_id)
            original = copies.add(CopyItem(key, f"{r.title}\n{r.text}", r.published, r.outlet))
            into = story_of.get(original) if original != key else None
            into = index.resolve(into) if into else None
            before = len(index.stories)
            sid = index.add(_item(r), meaning, into=into)
            story_of[key] = sid  # resolved through merges when read (index.resolve)
            report.placed += 1
            report.copies += original != key
            report.new_stories += len(index.stories) > before
            report.continued += sid in known
            placed = Report(
                r.article_id, r.title, r.text, r.published, r.lang, r.outlet,
                original_id=int(original) if original != key else None,
            )  # fmt: skip
            report.merged += len(index.merges)
            # float16, as stored: the embedder has rounded them so already, nothing is lost
            steps.append((placed, sid, meaning.astype(np.float16), list(index.merges)))
            index.merges.clear()
    with store.transaction():
        for placed, sid, meaning, merges in steps:
            for gone, keep in merges:
                store.stories.merge(gone, keep)
            store.stories.place(placed, sid, meaning.astype(np.float32))
    return report
