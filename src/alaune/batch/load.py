"""A finished batch into the store: its articles (text extracted), copies and stories, so that
`alaune edition` and `alaune serve` show an archive's days like any other."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from alaune.batch.copies import article_files
from alaune.errors import InputError
from alaune.model import Article, Status
from alaune.store import Store
from alaune.store.stories import Report


@dataclass(slots=True)
class LoadReport:
    """What a load did."""

    articles: int = 0
    placed: int = 0
    already: int = 0  # in a story from an earlier load: left as they are

    def line(self) -> str:
        return (
            f"loaded {self.articles} articles; {self.placed} placed in stories, "
            f"{self.already} were in one already"
        )


def load_batch(out: Path, store: Store, batch_rows: int = 500) -> LoadReport:
    """Load the batch in ``out`` (which must be finished: it has summary.json)."""
    if not (out / "summary.json").exists():
        raise InputError(f"{out} holds no finished batch (no summary.json): run alaune batch first")
    story_of = {r["id"]: r["story_id"] for r in pq.read_table(out / "stories.parquet").to_pylist()}
    original_of = {
        r["id"]: r["original_id"] for r in pq.read_table(out / "duplicates.parquet").to_pylist()
    }
    report = LoadReport()
    stored_id: dict[str, int] = {}
    seen: set[str] = set()
    for path in article_files(out):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            rows = _new(batch.to_pylist(), seen)
            with store.transaction():
                for r in rows:
                    article = Article(
                        url=r["url"],
                        origin="warc",
                        fetched_at=r["fetched"],
                        published_at=r["published"],
                        title=r["title"],
                        text=r["text"],
                        language=r["lang"],
                        authors=list(r["authors"] or []),
                        outlet=r["site_name"],
                        status=Status.EXTRACTED,
                    )
                    store.articles.upsert(article)
                    assert article.id is not None
                    stored_id[r["id"]] = article.id
                    store.articles.set_batch_fields(
                        article.id, r["site_name"], r["paywalled"], list(r["wire"] or [])
                    )
                    report.articles += 1
    # then the stories: an original may come in a later file than its reprints
    seen.clear()
    for path in article_files(out):
        columns = ["id", "title", "text", "lang", "site_name", "published", "fetched", "embedding"]
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=columns):
            rows = _new(batch.to_pylist(), seen)
            with store.transaction():
                for r in rows:
                    _place(store, r, story_of, original_of, stored_id, report)
    return report


def _new(rows: list[dict[str, Any]], seen: set[str]) -> list[dict[str, Any]]:
    """The rows of articles not met before (a page crawled twice is loaded once)."""
    fresh = []
    for r in rows:
        if r["id"] not in seen:
            seen.add(r["id"])
            fresh.append(r)
    return fresh


def _place(
    store: Store,
    r: dict[str, Any],
    story_of: dict[str, str],
    original_of: dict[str, str],
    stored_id: dict[str, int],
    report: LoadReport,
) -> None:
    """Put one loaded article in its story (once: a second load leaves it where it is)."""
    article_id = stored_id[r["id"]]
    story = story_of.get(r["id"])
    when = r["published"] or r["fetched"]
    if story is None or when is None:
        return
    if store.stories.of_article(article_id) is not None:
        report.already += 1
        return
    original = original_of.get(r["id"])
    vector = np.frombuffer(r["embedding"], dtype="<f2").astype(np.float32)
    placed = Report(
        article_id,
        r["title"],
        r["text"],
        when,
        r["lang"],
        r["site_name"],
        original_id=stored_id.get(original) if original and original != r["id"] else None,
    )
    store.stories.place(placed, story, vector)
    report.placed += 1
