"""Memory of the batch's time-ordered merge as the archive grows in files.

    python -m benchmarks.batch_merge [--files 10,20,40,60] [--rows 5000]

The stories step of `alaune batch` reads every task's items file at once, merged in time order
(``batch.stories.time_ordered``). Its memory must not grow with the number of input files: a
300,000-page archive has three times the files of a 100,000-page one. This writes ``--files``
articles files of ``--rows`` rows each (random words, the text and embedding sizes of real
pages), turns each into an items file with the batch's own writer (``batch.tasks.write_items``)
and measures, in a fresh process for each count, the peak resident memory of reading the merge
through, beside the process's peak before it (its imports).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from alaune.batch.stories import time_ordered
from alaune.batch.tasks import ARTICLES, write_items

WORDS = [f"w{n}" for n in range(5000)]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_archive(out: Path, files: int, rows: int, seed: int = 7) -> None:
    """``files`` tasks' articles and items files under ``out/parts``."""
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed)
    (out / "parts").mkdir(parents=True)
    titles = [_text(rng, 10) for _ in range(500)]
    texts = [_text(rng, 600) for _ in range(500)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for f in range(files):
        meanings = vectors.uniform(-1, 1, (rows, 512)).astype("<f2")
        when = [start + timedelta(seconds=rng.randrange(5 * 86400)) for _ in range(rows)]
        columns = {
            "id": [f"{f:05d}-{r:06d}" for r in range(rows)],
            "url": [f"https://site{f}.example/{r}" for r in range(rows)],
            "title": [rng.choice(titles) for _ in range(rows)],
            "text": [rng.choice(texts) for _ in range(rows)],
            "lang": ["en"] * rows, "published": when, "fetched": when,
            "site_name": [f"Site {f % 50}"] * rows, "authors": [[]] * rows, "wire": [[]] * rows,
            "paywalled": [False] * rows, "words": [600] * rows, "content_hash": [b""] * rows,
            "shingles": [b""] * rows, "embedding": [m.tobytes() for m in meanings],
            "source": ["x"] * rows,
        }  # fmt: skip
        articles = out / "parts" / f"{f:05d}-x.articles.parquet"
        pq.write_table(pa.table(columns, schema=ARTICLES), articles)
        write_items(articles, out / "parts" / f"{f:05d}-x.items.parquet")
        articles.unlink()


def measure(out: Path) -> None:
    """In this process: the merge read through; prints rows, the peak before it and after (MB)
    (the peak before it is the imports')."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = sum(1 for _ in time_ordered(out))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows} {before:.0f} {peak:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="10,20,40,60")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(Path(args.measure))
        return
    counts = [int(n) for n in args.files.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        write_archive(Path(tmp), max(counts), args.rows)
        print("| input files | rows merged | peak RSS before the merge | peak RSS after it |")
        print("|---|---|---|---|")
        for count in counts:
            subset = Path(tmp) / f"first{count}"
            (subset / "parts").mkdir(parents=True)
            (subset / "copies").mkdir()
            for f in range(count):
                name = f"{f:05d}-x.items.parquet"
                (subset / "parts" / name).symlink_to(Path(tmp) / "parts" / name)
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.batch_merge", "--measure", str(subset)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            rows, before, after = done.stdout.split()
            print(f"| {count} | {int(rows):,} | {before} MB | {after} MB |")


if __name__ == "__main__":
    main()
