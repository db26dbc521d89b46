"""The edition of a busy day: how long ranking and telling take once the stories are grouped.

    python -m benchmarks.edition [--items 5000] [--top 20]

The day: the first N items of the shared feed days (../shared/data/rss, real titles and leads
of about 150 feeds), their publication times squeezed into one calendar day in their order, stored
as `alaune ingest --jsonl` would. The stories stage runs first (timed apart: it has its own
benchmark), then the edition is built twice in English: cold (the language models load) and warm.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alaune.group.features import Embedder
from alaune.ingest.urls import canonical_url
from alaune.model import Article
from alaune.pipeline.edition import build_edition
from alaune.pipeline.ingest import store_articles
from alaune.pipeline.report import IngestReport
from alaune.pipeline.stories import group_stored
from alaune.store import Store
from benchmarks.stories import SHARED, feed_items

DAY = datetime(2023, 12, 12, tzinfo=UTC)


def day_of(count: int) -> list[Article]:
    """``count`` feed items as articles of one day (times squeezed, order kept)."""
    items = feed_items()[:count]
    first, last = items[0].published, items[-1].published
    span = max((last - first).total_seconds(), 1.0)
    articles = []
    for item in items:
        share = (item.published - first).total_seconds() / span
        try:
            url = canonical_url(item.id)
        except ValueError:
            continue
        articles.append(
            Article(
                url=url,
                origin="jsonl",
                title=item.title,
                summary=item.text,
                published_at=DAY + timedelta(seconds=share * 86_399),
                language=item.lang,
            )
        )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000, help="reports of the day")
    parser.add_argument("--top", type=int, default=20, help="stories told")
    args = parser.parse_args()
    if not (SHARED / "data" / "rss").exists():
        sys.exit("../shared/data/rss is absent: the benchmark reads the shared data")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        store_articles(store, day_of(args.items), IngestReport())
        start = time.perf_counter()
        grouped = group_stored(store)
        stories = time.perf_counter() - start
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            edition = build_edition(
                store, DAY.date(), "en", top=args.top, meaning=Embedder().encode
            )
            timings.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{grouped.placed} reports of one day -> {edition.stories_ranked} stories "
        f"ranked (stories stage {stories:.1f} s); edition of the top {len(edition.stories)} "
        f"built in {timings[0]:.1f} s cold (models loading), {timings[1]:.1f} s warm; "
        f"peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
