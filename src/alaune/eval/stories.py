"""`alaune eval stories`: a labelled day through the stored path users run (``ingest --jsonl``,
then ``alaune stories``), scored like the reference scorer."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from alaune.eval.clusters import load_story_day, score_table
from alaune.group.stories import Settings
from alaune.ingest.jsonl import read_jsonl
from alaune.ingest.urls import canonical_url
from alaune.pipeline.ingest import store_articles
from alaune.pipeline.report import IngestReport
from alaune.pipeline.stories import group_stored
from alaune.store import Store


def predict(folder: Path, settings: Settings | None = None) -> tuple[dict[str, str], float]:
    """{item id: story id} of a labelled day's items grouped as `alaune run` groups them (a
    fresh store: the items stored, then placed), and the seconds the grouping took."""
    rows, _ = load_story_day(folder)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        store_articles(store, read_jsonl(folder / "articles.jsonl"), IngestReport())
        start = time.perf_counter()
        group_stored(store, settings=settings)
        seconds = time.perf_counter() - start
        story_of = store.stories.by_url()
    # an item the store did not keep is left out: the scorer counts it as a story of its own
    pred = {r["id"]: story_of.get(canonical_url(r["url"])) for r in rows}
    return {i: s for i, s in pred.items() if s is not None}, seconds


def evaluate(folder: Path, out: Path | None = None) -> dict[str, dict[str, Any]]:
    """Scores of alaune's grouping and of "every item alone" on one labelled day folder."""
    rows, gold = load_story_day(folder)
    lang = {r["id"]: r["lang"] for r in rows}
    pred, seconds = predict(folder)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(f"{i}\t{s}\n" for i, s in sorted(pred.items())), encoding="utf-8")
    return {
        "alaune": {**score_table(gold, pred, lang), "items_per_s": len(rows) / seconds},
        "every item alone": score_table(gold, {i: i for i in gold}, lang),
    }
