"""The stories shell: stored reports through the copies and stories stages, into the store.

The open stories (those with a report in the last ``days`` before the oldest waiting report) are
rebuilt in memory from their stored members and embeddings, then each waiting report is placed
in time order: a copy of a text already seen joins its original's story, any other report the
story its index proposes, or a new one. Placements are committed in batches: a crash loses at
most the batch in flight, and a re-run places exactly the reports still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from alaune.group.dedup import CopyIndex, CopyItem
from alaune.group.features import DocFreq, Embedder, item_text
from alaune.group.stories import Settings, StoryIndex, StoryItem
from alaune.store import Store
from alaune.store.stories import Report

BATCH = 500  # placements per transaction
EMBED_BATCH = 20_000  # reports embedded at once (a pool when workers > 1); a multiple of BATCH


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
    for start in range(0, len(waiting), BATCH):
        if start % EMBED_BATCH == 0:
            ahead = waiting[start : start + EMBED_BATCH]
            embedded = embedder.encode([item_text(r.title, r.text) for r in ahead])
        batch = waiting[start : start + BATCH]
        meanings = embedded[start % EMBED_BATCH : start % EMBED_BATCH + len(batch)]
        with store.transaction():
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
                for gone, keep in index.merges:
                    store.stories.merge(gone, keep)
                report.merged += len(index.merges)
                index.merges.clear()
                store.stories.place(placed, sid, meaning)
    return report
