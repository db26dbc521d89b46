"""The batch's stories step: the placer (``group.placement``) over every article of the batch
in time order, with the embeddings and word statistics the tasks made (``stories.parquet``).

The step checkpoints as it goes: every ``checkpoint`` reports, the placements so far are
written as a part file and the placer's state beside it, so a batch killed during this step
resumes from its last checkpoint instead of placing everything again.
"""

from __future__ import annotations

import heapq
import json
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from alaune.batch.copies import kept_rows, repeats, task_of
from alaune.batch.docfreq import SketchDocFreq
from alaune.batch.tasks import replace_file
from alaune.group.placement import Placer
from alaune.group.stories import StoryItem

MERGE_ROWS = 20_000  # reports read ahead, all input files together, by the time-ordered merge
CHECKPOINT = 20_000  # reports placed between two checkpoints of the stories step
SCHEMA = pa.schema([("id", pa.string()), ("url", pa.string()), ("story_id", pa.string())])


def load_docfreq(out: Path) -> SketchDocFreq:
    """The word statistics of the whole batch: the tasks' counts summed, in fixed memory.

    A page crawled in two tasks is counted in both: word statistics, not a census."""
    total = SketchDocFreq()
    for path in sorted((out / "parts").glob("*.docfreq.json")):
        stats = json.loads(path.read_text(encoding="utf-8"))
        total.add_counts(stats["docs"], stats["counts"], stats["upper"], stats["lower"])
    return total


def item_files(out: Path) -> list[Path]:
    """Every task's time-sorted items file, in task order."""
    return sorted((out / "parts").glob("*.items.parquet"))


def _rows(path: Path, again: dict[str, tuple[str, int]], rows: int) -> Iterator[dict[str, Any]]:
    task = task_of(path)
    # no pre-buffering: it reads whole column chunks ahead (see ``tasks.ITEM_GROUP_ROWS``)
    for batch in pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=rows):
        yield from kept_rows(pa.Table.from_batches([batch]), task, again).to_pylist()


def time_ordered(out: Path) -> Iterator[dict[str, Any]]:
    """Every article with a time, all tasks merged in (time, id) order, each id once (a page
    crawled twice comes from the task that keeps it): one batch of each file in memory."""
    again = repeats(out)
    files = item_files(out)
    # one batch of each file is read ahead: their sum, not each, is bounded, or a thousand
    # input files would hold a thousand batches
    rows = max(64, MERGE_ROWS // max(len(files), 1))
    streams = [_rows(f, again, rows) for f in files]
    # the order of ``placement.time_key``: by time, those of one second by address
    yield from heapq.merge(*streams, key=lambda r: (r["when"], r["url"]))


@dataclass(slots=True)
class _State:
    """What a checkpoint keeps: the placer, how many reports it has placed, the parts written
    and the stories those reports started."""

    placer: Placer
    placed: int = 0
    parts: int = 0
    created: int = 0


def _folder(out: Path) -> Path:
    return out / "stories.parts"


def _resume(out: Path, reprints: dict[str, str]) -> tuple[_State, bool]:
    """The state of the last checkpoint, or a fresh one (its parts past the checkpoint, written
    by the killed run after it, are dropped)."""
    folder = _folder(out)
    saved = folder / "state.pickle"
    if saved.exists():
        with saved.open("rb") as handle:
            state: _State = pickle.load(handle)  # written by this step in this --out only
        for extra in folder.glob("part-*.parquet"):
            if int(extra.stem.split("-")[1]) >= state.parts:
                extra.unlink()
        return state, True
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*"):
        old.unlink()
    return _State(Placer(load_docfreq(out), reprints)), False


def _checkpoint(out: Path, state: _State, rows: list[tuple[str, str, str]]) -> None:
    """The placements since the last checkpoint as one more part, then the state: a kill
    between the two leaves a part that the resume drops and writes again."""
    folder = _folder(out)
    part = folder / f"part-{state.parts:06d}.parquet"
    pq.write_table(pa.table(list(zip(*rows, strict=True)), schema=SCHEMA), f"{part}.tmp")
    replace_file(Path(f"{part}.tmp"), part)
    state.parts += 1
    with (folder / "state.pickle.tmp").open("wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(folder / "state.pickle.tmp", folder / "state.pickle")


def stories(out: Path, reprints: dict[str, str], checkpoint: int | None = None) -> dict[str, int]:
    """Every article in a story: the placer over the batch in time order, with the embeddings
    the tasks made; writes stories.parquet; returns the number of stories and how many reports
    a resumed step found placed already.

    Memory stays bounded as the batch grows: reports stream in time order from the tasks'
    sorted files, and the placer holds the reports of the last window only."""
    every = checkpoint or int(os.environ.get("ALAUNE_BATCH_CHECKPOINT", CHECKPOINT))
    state, resumed = _resume(out, reprints)
    skipped = state.placed
    pending: list[tuple[str, str, str]] = []
    for r in islice(time_ordered(out), state.placed, None):
        item = StoryItem(
            r["id"], r["title"], r["text"], r["when"], r["lang"], r["site_name"], r["url"]
        )
        meaning = np.frombuffer(r["embedding"], dtype="<f2").astype(np.float32)
        placed = state.placer.place(item, meaning)
        state.created += placed.new
        state.placed += 1
        pending.append((item.id, r["url"], placed.story))
        if len(pending) >= every:
            _checkpoint(out, state, pending)
            pending.clear()
    if pending:
        _checkpoint(out, state, pending)
    _final(out, state)
    # each report that started a story made one, each merge took one away
    return {
        "stories": state.created - len(state.placer.redirect),
        "resumed_after": skipped if resumed else 0,
    }


def _final(out: Path, state: _State) -> None:
    """stories.parquet: the parts in order, each story id as it stands after every merge."""
    folder = _folder(out)
    with pq.ParquetWriter(out / "stories.parquet.tmp", SCHEMA) as final:
        for n in range(state.parts):
            for batch in pq.ParquetFile(folder / f"part-{n:06d}.parquet").iter_batches(10_000):
                ids = [state.placer.resolve(s) for s in batch.column(2).to_pylist()]
                columns = [batch.column(0), batch.column(1), pa.array(ids, pa.string())]
                final.write_table(pa.table(columns, schema=SCHEMA))
    replace_file(out / "stories.parquet.tmp", out / "stories.parquet")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
