"""`alaune run`, the main job: its chain (``steps.RUN``) over the store.

    ingest   the sources that are due (the default sources first, on a new database)
    extract  the pages fetched behind the new items
    copies, meaning, stories   the waiting reports placed (``pipeline.stories.group_stored``,
             which finds the copies and embeds the reports over the held and waiting reports
             together: one pass for the three steps)
    edition  the day's edition in each language, as HTML and JSON files beside the database

The evals run the same steps with another source (a labelled folder) and sink (a score); the
CLI only prints what each step reports (``say``) and draws the progress bars.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from alaune.config import Options
from alaune.edition.rank import RankSettings
from alaune.files import write_atomically
from alaune.group.features import Embedder
from alaune.ingest.opml import default_sources
from alaune.pipeline.edition import build_edition
from alaune.pipeline.extract import extract_stored
from alaune.pipeline.ingest import Progress, import_sources, ingest_feeds
from alaune.pipeline.report import IngestReport
from alaune.pipeline.steps import RUN, Step
from alaune.pipeline.stories import group_stored
from alaune.publish import render
from alaune.records import Edition
from alaune.store import Store


def poll_due(run: Run) -> None:
    """The main job's source: the sources that are due (the default ones on a new database)."""
    store = run.store
    if store.sources.count() == 0:
        added = import_sources(store, default_sources())
        run.say(f"subscribed to {added} default sources (alaune sources list)")
    due = store.sources.due(datetime.now(UTC))
    run.say(f"polling {len(due)} due source(s) into {run.options.db_path}")
    asyncio.run(ingest_feeds(store, due, run.options, run.ingest, progress=run.progress))
    for line in run.ingest.lines():
        run.say(line)


def edition_files(run: Run, edition: Edition) -> None:
    """The main job's sink: each edition as HTML and JSON files beside the database."""
    folder = run.options.db_path.parent / "editions"
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in ("html", "json"):
        path = folder / f"{edition.day}.{edition.lang}.{fmt}"
        write_atomically(path, render(edition, fmt))
        run.files.append(path)


def keep(run: Run, edition: Edition) -> None:
    """A sink that keeps the editions in ``run.editions`` only (the evals)."""


@dataclass(slots=True)
class Run:
    """One run of a chain over the store: its source and sink, what it is given, and what its
    steps report."""

    store: Store
    options: Options
    langs: list[str]
    day: date | None = None
    workers: int = 1
    say: Callable[[str], None] = print
    progress: Progress = lambda stage, advance, total: None
    source: Callable[[Run], None] = poll_due
    sink: Callable[[Run, Edition], None] = edition_files
    top: int = 20
    tz: str = "UTC"
    rank: RankSettings | None = None
    ingest: IngestReport = field(default_factory=IngestReport)
    editions: list[Edition] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _ingest(run: Run) -> None:
    run.source(run)


def _extract(run: Run) -> None:
    if run.options.fetch_pages:
        for line in extract_stored(run.store, progress=run.progress).lines():
            run.say(line)


def _stories(run: Run) -> None:
    for line in group_stored(run.store, workers=run.workers).lines():
        run.say(line)


def _edition(run: Run) -> None:
    day = run.day or datetime.now(UTC).date()
    embed = Embedder().encode
    for lang in run.langs:
        edition = build_edition(
            run.store, day, lang, top=run.top, tz=run.tz, rank=run.rank, meaning=embed
        )
        run.editions.append(edition)
        run.sink(run, edition)


# The stored path's work for each step: copies and meaning are done by the stories shell, in
# one pass over the held and the waiting reports.
WORK: dict[str, Callable[[Run], None] | None] = {
    "ingest": _ingest,
    "extract": _extract,
    "copies": None,
    "meaning": None,
    "stories": _stories,
    "edition": _edition,
}


def run_main(run: Run, chain: tuple[Step, ...] = RUN) -> Run:
    """A chain's steps over the store, in order, each timed."""
    for step in chain:
        work = WORK[step.name]
        if work is not None:
            start = time.perf_counter()
            work(run)
            run.seconds[step.name] = round(time.perf_counter() - start, 3)
    return run
