"""`alaune eval stories`: group a labelled day and score it like the reference scorer."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alaune.eval.clusters import load_story_day, score_table
from alaune.group.stories import StoryItem, cluster


def _items(rows: list[dict[str, Any]]) -> list[StoryItem]:
    out = []
    for r in rows:
        when = datetime.fromisoformat(r["published"].replace("Z", "+00:00"))
        out.append(
            StoryItem(
                id=r["id"],
                title=r["title"],
                text=r["text"],
                published=when if when.tzinfo else when.replace(tzinfo=UTC),
                lang=r.get("lang"),
                outlet=r.get("outlet"),
            )
        )
    return out


def evaluate(folder: Path, out: Path | None = None) -> dict[str, dict[str, Any]]:
    """Scores of alaune's grouping and of "every item alone" on one labelled day folder."""
    rows, gold = load_story_day(folder)
    lang = {r["id"]: r["lang"] for r in rows}
    items = _items(rows)
    start = time.perf_counter()
    pred = cluster(items)
    seconds = time.perf_counter() - start
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(f"{i}\t{s}\n" for i, s in sorted(pred.items())), encoding="utf-8")
    table = {
        "alaune": {**score_table(gold, pred, lang), "items_per_s": len(items) / seconds},
        "every item alone": score_table(gold, {i: i for i in gold}, lang),
    }
    return table
