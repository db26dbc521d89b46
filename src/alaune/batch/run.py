"""`alaune batch`: the whole batch, task by task, resumable, with a summary."""

from __future__ import annotations

import glob
import json
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from alaune.batch.copies import copies, repeats, reprints_of
from alaune.batch.executors import Executor, executor, map_marked, write_marker
from alaune.batch.stories import stories
from alaune.batch.tasks import Settings, map_part, partitions_for, reduce_partition, task_name
from alaune.drops import Reason
from alaune.errors import InputError
from alaune.pipeline.steps import BATCH


def inputs(patterns: list[str]) -> list[Path]:
    """The WARC files the patterns name (globs expanded), sorted, each once."""
    found: list[Path] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) or ([pattern] if Path(pattern).is_file() else [])
        if not matches:
            raise InputError(f"no file matches {pattern!r}; give WARC files or a glob in quotes")
        found += [Path(m) for m in matches if Path(m).is_file()]
    unique = sorted(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        raise InputError("no WARC file to read")
    return unique


@dataclass(slots=True)
class BatchSummary:
    """What a batch did: written as summary.json and printed."""

    engine: str
    workers: int
    tasks: int = 0
    resumed: int = 0
    records: int = 0
    articles: int = 0
    drops: Counter[Reason] = field(default_factory=Counter)
    reprints: int = 0
    stories: int = 0
    stories_resumed_after: int = 0  # reports a resumed stories step found placed already
    seconds: dict[str, float] = field(default_factory=dict)
    task_seconds: Counter[str] = field(default_factory=Counter)
    # peak resident memory of this process (copies, stories; after the copies step and at the
    # end) and of the largest finished worker process (tasks run in other processes with the
    # local engine)
    memory_mb: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "workers": self.workers,
            "tasks": self.tasks,
            "resumed_tasks": self.resumed,
            "records": self.records,
            "articles": self.articles,
            "drops": dict(sorted(self.drops.items())),
            "reprints": self.reprints,
            "stories": self.stories,
            "stories_resumed_after": self.stories_resumed_after,
            "seconds": self.seconds,
            "task_seconds_by_stage": {k: round(v, 2) for k, v in self.task_seconds.items()},
            "peak_rss_mb": self.memory_mb,
        }

    def lines(self) -> list[str]:
        wall = sum(self.seconds.values())
        rate = self.records / wall if wall else 0.0
        return [
            f"batch ({self.engine}, {self.workers} workers): {self.tasks} files "
            f"({self.resumed} already done), {self.records} records -> {self.articles} articles, "
            f"{self.reprints} reprints, {self.stories} stories in {wall:.1f} s "
            f"({rate:.0f} pages/s)",
            "dropped: " + (", ".join(f"{k} {v}" for k, v in sorted(self.drops.items())) or "none"),
        ]


def run_batch(
    sources: list[Path],
    out: Path,
    *,
    engine: str = "local",
    workers: int = 1,
    settings: Settings | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> BatchSummary:
    """Run (or resume) a batch over ``sources`` into ``out``."""
    settings = settings or Settings()
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(engine, workers)
    # the batch's chain (``pipeline.steps.BATCH``): ingest and extract run per input file, with
    # the per-page halves of copies and meaning (signatures, embeddings) while the page is in
    # memory; the copies' grouping and the stories then run over the whole batch
    assert [s.name for s in BATCH] == ["ingest", "extract", "copies", "meaning", "stories"]
    runner = executor(engine, workers)
    try:
        _files(runner, sources, out, settings, summary, progress)
    finally:
        runner.close()
    start = time.perf_counter()
    again = sum(extra for _, extra in repeats(out).values())
    if again:
        summary.drops[Reason.REPEATED_URL] += again
        summary.articles -= again
    reprints = _copies(out)
    summary.reprints = len(reprints)
    summary.seconds["copies"] = round(time.perf_counter() - start, 2)
    summary.memory_mb["batch_process_after_copies"] = _peak_mb(resource.RUSAGE_SELF)
    start = time.perf_counter()
    made = _stories(out, reprints)
    summary.stories = made["stories"]
    summary.stories_resumed_after = made.get("resumed_after", 0)
    summary.seconds["stories"] = round(time.perf_counter() - start, 2)
    summary.memory_mb["batch_process"] = _peak_mb(resource.RUSAGE_SELF)
    summary.memory_mb["largest_worker"] = _peak_mb(resource.RUSAGE_CHILDREN)
    (out / "summary.json").write_text(json.dumps(summary.as_dict(), indent=1), encoding="utf-8")
    return summary


def _peak_mb(who: int) -> float:
    """The peak resident memory so far of this process or of its largest finished child."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _files(
    runner: Executor,
    sources: list[Path],
    out: Path,
    settings: Settings,
    summary: BatchSummary,
    progress: Callable[[str], None],
) -> None:
    """The tasks of the input files, then the candidate pairs of each partition of keys."""
    start = time.perf_counter()
    jobs = [(n, str(path)) for n, path in enumerate(sources)]

    def finished(r: dict[str, Any]) -> None:
        summary.tasks += 1
        summary.resumed += bool(r.get("resumed"))
        summary.records += r["records"]
        summary.articles += r["articles"]
        summary.drops.update({Reason.read(k): n for k, n in r["drops"].items()})
        summary.task_seconds.update(r["seconds"])
        rate = summary.records / max(time.perf_counter() - start, 1e-9)
        progress(
            f"[{summary.tasks}/{len(jobs)}] {r['task']}: {r['records']} records -> "
            f"{r['articles']} articles"
            + (" (done before)" if r.get("resumed") else "")
            + f"; {summary.records} records so far, {rate:.0f}/s"
        )

    partitions = partitions_for(settings, len(jobs))
    work = partial(map_part, out=str(out), settings=settings, partitions=partitions)
    map_marked(runner, work, jobs, partial(_task_marker, out), finished)
    summary.seconds["map"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    reduce = partial(reduce_partition, out=str(out))
    map_marked(runner, reduce, list(range(partitions)), partial(_partition_marker, out))
    summary.seconds["candidates"] = round(time.perf_counter() - start, 2)


def _task_marker(out: Path, job: tuple[int, str]) -> Path:
    return out / "parts" / f"{task_name(Path(job[1]), job[0])}.done"


def _partition_marker(out: Path, p: int) -> Path:
    return out / "copies" / f"p={p}.done"


def _copies(out: Path) -> dict[str, str]:
    """The copies step over the whole batch (once: with its marker it is read back)."""
    marker = out / "copies.done"
    if marker.exists():
        return reprints_of(out)
    reprints = copies(out)
    write_marker(marker, {"reprints": len(reprints)})
    return reprints


def _stories(out: Path, reprints: dict[str, str]) -> dict[str, int]:
    """The stories step (once; a step killed midway resumes from its last checkpoint)."""
    marker = out / "stories.done"
    if marker.exists():
        done: dict[str, int] = json.loads(marker.read_text(encoding="utf-8"))
        return done
    made = stories(out, reprints)
    write_marker(marker, made)
    return made
