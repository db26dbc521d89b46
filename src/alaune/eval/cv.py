"""Day-out validation of the story grouping: fit on every labelled day but one, score the one
left out, for each day in turn; report each day, the mean and the worst.

What is fitted is the placement's ``Settings``: each candidate of ``GRID`` is scored on every
day once (the days' embeddings are computed once), then for each held-out day the candidate
with the best mean over the other days is chosen and scored on it. A day is never scored with
a candidate chosen by looking at it. ``fit`` chooses over all the days given: what `alaune train
stories` writes into the package (``group/stories_fit.json``).

The grouping is the one placement (``group.placement``) over the items as the store reads them
(a test holds that it gives the stored path's partition), with cached embeddings: the grid is
a few hundred placements, not a few hundred store loads.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alaune.eval.clusters import load_story_day, score_table
from alaune.group.features import Embedder
from alaune.group.placement import cluster, in_time_order, meaning_text
from alaune.group.stories import Settings, StoryItem
from alaune.ingest.lines import published_time
from alaune.ingest.urls import canonical_url

# The candidates: the thresholds that decide a join, within one language and across two, and
# the margin over the threshold that merges two stories (the grouping over-merges on the days
# it was not tuned on, so the grid leans towards stricter values than the hand-set ones).
GRID: dict[str, tuple[float, ...]] = {
    "threshold": (0.40, 0.44, 0.48, 0.52),
    "cross_threshold": (0.32, 0.36, 0.40),
    "merge_margin": (0.04, 0.10),
}
# what a candidate is chosen by: the mean over the training days of B3 F1 and pairwise F1
OBJECTIVE = ("bcubed_F1", "pair_F1")


@dataclass(frozen=True, slots=True)
class Day:
    """A labelled day ready to group: its items in time order, their embeddings and labels."""

    name: str
    items: tuple[StoryItem, ...]
    meanings: NDArray[np.float32]
    gold: dict[str, str]
    lang: dict[str, str]
    digest: str  # sha256 of its articles and labels files


class _Cached:
    """An embedder that answers from a day's precomputed vectors."""

    def __init__(self, day: Day) -> None:
        self.by_text = {meaning_text(i): v for i, v in zip(day.items, day.meanings, strict=True)}

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self.by_text[t] for t in texts]).astype(np.float32)


def load_day(folder: Path, embedder: Embedder) -> Day:
    """A labelled folder's items as the store reads them (address canonical, lead as text)."""
    rows, gold = load_story_day(folder)
    items = in_time_order(
        StoryItem(
            r["id"], r["title"], r["text"], published_time(r["published"], folder.name),
            r["lang"], r["outlet"], canonical_url(r["url"]),
        )
        for r in rows
    )  # fmt: skip
    digest = hashlib.sha256()
    for name in ("articles.jsonl", "labels.tsv"):
        digest.update((folder / name).read_bytes())
    meanings = embedder.encode([meaning_text(i) for i in items])
    lang = {r["id"]: r["lang"] for r in rows}
    return Day(folder.name, tuple(items), meanings, gold, lang, digest.hexdigest())


def candidates(base: Settings | None = None) -> list[Settings]:
    """Every combination of ``GRID`` over the base settings."""
    base = base or Settings()
    names = list(GRID)
    combos: list[dict[str, Any]] = [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(GRID[n] for n in names))
    ]
    return [replace(base, **combo) for combo in combos]


def score(day: Day, settings: Settings) -> dict[str, Any]:
    """The scores of one candidate on one day."""
    pred = cluster(list(day.items), settings=settings, embedder=_Cached(day))  # type: ignore[arg-type]
    return score_table(day.gold, pred, day.lang)


def objective(row: dict[str, Any]) -> float:
    return sum(float(row[k]) for k in OBJECTIVE) / len(OBJECTIVE)


def _best(table: list[list[dict[str, Any]]], days: Sequence[int]) -> int:
    """The candidate with the best mean objective over ``days`` (the first on a tie)."""
    means = [sum(objective(row[d]) for d in days) / len(days) for row in table]
    return int(np.argmax(means))


@dataclass(frozen=True, slots=True)
class Validation:
    """Day-out scores: per held-out day, the candidate chosen without it and its scores."""

    days: tuple[str, ...]
    chosen: tuple[Settings, ...]
    scores: tuple[dict[str, Any], ...]
    fitted: Settings  # chosen over all the days
    unfitted: tuple[dict[str, Any], ...]  # each day with the settings as shipped

    def summary(self, key: str) -> dict[str, float]:
        values = [float(s[key]) for s in self.scores]
        return {"mean": sum(values) / len(values), "worst": min(values)}


def validate(days: Sequence[Day], grid: Sequence[Settings] | None = None) -> Validation:
    """Fit on all days but one, score the one left out, for each day."""
    grid = list(grid or candidates())
    table = [[score(day, s) for day in days] for s in grid]
    shipped = tuple(score(day, Settings()) for day in days)
    chosen, scores = [], []
    for held in range(len(days)):
        best = _best(table, [d for d in range(len(days)) if d != held])
        chosen.append(grid[best])
        scores.append(table[best][held])
    fitted = grid[_best(table, range(len(days)))]
    names = tuple(d.name for d in days)
    return Validation(names, tuple(chosen), tuple(scores), fitted, shipped)


def _knobs(settings: Settings) -> str:
    return " ".join(f"{name}={getattr(settings, name)}" for name in GRID)


def format_validation(v: Validation) -> str:
    """A Markdown table: each held-out day with the settings as shipped and with the settings
    fitted on the other days, then the mean and the worst day."""
    lines = [
        "| held-out day | shipped B³ F1 | shipped pair F1 | day-out B³ F1 | day-out pair F1 "
        "| x-lang linked (day-out) | fitted on the other days |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, shipped, scores, chosen in zip(v.days, v.unfitted, v.scores, v.chosen, strict=True):
        lines.append(
            f"| {name} | {shipped['bcubed_F1']:.3f} | {shipped['pair_F1']:.3f} "
            f"| {scores['bcubed_F1']:.3f} | {scores['pair_F1']:.3f} "
            f"| {scores['xlang_linked']}/{scores['xlang_total']} | {_knobs(chosen)} |"
        )
    for what in ("mean", "worst"):
        cells = []
        for rows in (v.unfitted, v.scores):
            for key in OBJECTIVE:
                values = [float(r[key]) for r in rows]
                cells.append(sum(values) / len(values) if what == "mean" else min(values))
        lines.append(f"| {what} | " + " | ".join(f"{c:.3f}" for c in cells) + " | | |")
    lines.append(f"\nfitted on all {len(v.days)} days: {_knobs(v.fitted)}")
    return "\n".join(lines)
