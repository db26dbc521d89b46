"""The batch's parallel tasks and the files they write (the I/O shell around ``stages``).

    OUT/parts/NAME.articles.parquet   the articles of one input file (one task), in its order
    OUT/parts/NAME.items.parquet      what the stories step reads of them, sorted by time
    OUT/parts/NAME.drops.parquet      what was not kept, and why
    OUT/parts/NAME.done               the task's marker (its counts, JSON), written last
    OUT/bands/p=K/NAME.parquet        its keys (LSH bands, exact text, address), by key into P
    OUT/copies/p=K.parquet, .done     candidate pairs of partition K (one reduce each)
    OUT/copies/p=K.repeats.parquet    the pages of partition K crawled in more than one task
    OUT/duplicates.parquet, copies.done   every article with its copy group's original (copies)
    OUT/stories.parts/                the stories step's checkpoints (``batch.stories``)
    OUT/stories.parquet, stories.done every article with its story
    OUT/summary.json                  counts, drops by reason, seconds by stage

Files are written under a temporary name and renamed; the executor writes a task's marker after
the task has put its files in place (``executors.map_marked``), so a task with a marker is
complete and a task without one is done again from the start.

Memory does not grow with the archive: a task holds one input file, a reduce one partition (there
are as many as input files, at least 8), and the steps after them hold the copies, the repeated
pages and the stories' time window, never a row per article.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from alaune.batch.executors import write_marker
from alaune.batch.stages import embed, extract_chunk, signatures
from alaune.drops import Drop, Reason, Stage
from alaune.group.features import DocFreq, Embedder
from alaune.group.stories import LEAD_CHARS, story_text
from alaune.ingest.warc import read_warc
from alaune.model import Article

ARTICLES = pa.schema(
    [
        ("id", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("lang", pa.string()),
        ("published", pa.timestamp("s", tz="UTC")),
        ("fetched", pa.timestamp("s", tz="UTC")),
        ("site_name", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("wire", pa.list_(pa.string())),
        ("paywalled", pa.bool_()),
        ("words", pa.int32()),
        ("content_hash", pa.binary()),
        ("shingles", pa.binary()),
        ("embedding", pa.binary()),
        ("source", pa.string()),
    ]
)
DROPS = pa.schema(
    [
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("target", pa.string()),
        ("detail", pa.string()),
    ]
)
BANDS = pa.schema(
    [("id", pa.string()), ("band", pa.int16()), ("key", pa.uint64()), ("task", pa.string())]
)
PAIRS = pa.schema([("a", pa.string()), ("b", pa.string()), ("exact", pa.bool_())])
REPEATS = pa.schema([("id", pa.string()), ("keep", pa.string()), ("extra", pa.int32())])
# Keys beside the LSH bands: the same words (an exact copy), the same address (a page crawled
# in two tasks). They go through the partitions too, so no step needs every article at once.
EXACT_BAND = -1
SAME_BAND = -2
MAX_BUCKET = 200  # LSH texts sharing one key: more is boilerplate, not a copy


@dataclass(frozen=True, slots=True)
class Settings:
    """How a batch cuts its work."""

    chunk: int = 500  # pages extracted (and site furniture learned) together
    partitions: int = 8  # reduces of the candidates: at least this many, one per input file


def partitions_for(settings: Settings, files: int) -> int:
    """Partitions for ``files`` inputs: their size stays that of one input's keys."""
    return max(settings.partitions, files)


def partition_of(band: int, key: int, partitions: int) -> int:
    """A key's partition: by key, so each holds a share of every band (not whole bands)."""
    return (key + band * 1_000_003) % partitions


def _key(value: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(value, digest_size=8).digest(), "little")


def task_name(path: Path, n: int) -> str:
    """A task's name: its position and file name (two inputs may share a name)."""
    stem = path.name.split(".")[0][:60]
    return f"{n:05d}-{''.join(c if c.isalnum() or c in '-_' else '_' for c in stem)}"


def replace_file(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)


def map_part(job: tuple[int, str], out: str, settings: Settings, partitions: int) -> dict[str, Any]:
    """One input file through read, extract, signatures and embeddings; its files and marker.
    A task already marked done returns its counts without doing anything."""
    n, source = job
    path, root = Path(source), Path(out)
    name = task_name(path, n)
    (root / "parts").mkdir(parents=True, exist_ok=True)
    seconds: defaultdict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    drops_by: Counter[str] = Counter()
    embedder = Embedder()
    tmp_articles = root / "parts" / f"{name}.articles.parquet.tmp"
    tmp_drops = root / "parts" / f"{name}.drops.parquet.tmp"
    band_rows: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    seen: set[str] = set()  # a page twice in one file is kept once, as first met
    start = time.perf_counter()
    with (
        pq.ParquetWriter(tmp_articles, ARTICLES) as articles,
        pq.ParquetWriter(tmp_drops, DROPS) as dropped,
    ):
        records = read_warc(path)
        while True:
            t0 = time.perf_counter()
            chunk = next(_chunks_of(records, settings.chunk), None)
            seconds["read"] += time.perf_counter() - t0
            if chunk is None:
                break
            pages, read_drops = chunk
            counts["records"] += len(pages) + len(read_drops)
            t0 = time.perf_counter()
            extracted = extract_chunk(pages)
            kept = []
            for row in extracted.rows:
                if row["id"] in seen:
                    drop = Drop(Stage.BATCH, Reason.REPEATED_URL, row["url"], "twice in a file")
                    extracted.drops.append(drop)
                else:
                    seen.add(row["id"])
                    kept.append(row)
            extracted.rows = kept
            seconds["extract"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            keys = signatures(extracted.rows)
            seconds["signatures"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            if extracted.rows:
                embed(extracted.rows, embedder)
            seconds["embed"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            for row in extracted.rows:
                row["source"] = path.name
            if extracted.rows:
                articles.write_table(pa.Table.from_pylist(extracted.rows, ARTICLES))
            all_drops = read_drops + extracted.drops
            if all_drops:
                dropped.write_table(pa.Table.from_pylist([d.row() for d in all_drops], DROPS))
            for row in extracted.rows:
                keys.append((row["id"], SAME_BAND, _key(row["id"].encode("utf-8"))))
                if row["content_hash"]:
                    keys.append((row["id"], EXACT_BAND, _key(row["content_hash"])))
            for key in keys:
                band_rows[partition_of(key[1], key[2], partitions)].append(key)
            seconds["write"] += time.perf_counter() - t0
            counts["articles"] += len(extracted.rows)
            drops_by.update(str(d.reason) for d in all_drops)
    t0 = time.perf_counter()
    for p in range(partitions):
        folder = root / "bands" / f"p={p}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = band_rows.get(p, [])
        columns = {"id": [r[0] for r in rows], "band": [r[1] for r in rows]}
        columns |= {"key": [r[2] for r in rows], "task": [name] * len(rows)}
        table = pa.table(columns, schema=BANDS)
        pq.write_table(table, folder / f"{name}.parquet.tmp")
        replace_file(folder / f"{name}.parquet.tmp", folder / f"{name}.parquet")
    replace_file(tmp_articles, root / "parts" / f"{name}.articles.parquet")
    replace_file(tmp_drops, root / "parts" / f"{name}.drops.parquet")
    write_items(
        root / "parts" / f"{name}.articles.parquet", root / "parts" / f"{name}.items.parquet"
    )
    seconds["write"] += time.perf_counter() - t0
    result = {
        "task": name,
        "source": str(path),
        "records": counts["records"],
        "articles": counts["articles"],
        "drops": dict(drops_by),
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "wall_seconds": round(time.perf_counter() - start, 3),
        "resumed": False,
    }
    return result


def _chunks_of(
    records: Iterator[Article | Drop], size: int
) -> Iterator[tuple[list[Article], list[Drop]]]:
    """The next chunk of an iterator of records (a generator that yields once)."""
    pages: list[Article] = []
    drops: list[Drop] = []
    for record in records:
        if isinstance(record, Drop):
            drops.append(record)
        else:
            pages.append(record)
            if len(pages) >= size:
                break
    if pages or drops:
        yield pages, drops


def reduce_partition(p: int, out: str) -> dict[str, int]:
    """One partition of keys: candidate pairs (texts sharing an LSH key in a band), exact
    copies (chained: a group of n is n-1 pairs), and the pages met in more than one task."""
    root = Path(out)
    (root / "copies").mkdir(parents=True, exist_ok=True)
    files = sorted((root / "bands" / f"p={p}").glob("*.parquet"))
    table = (
        pa.concat_tables([pq.read_table(f, schema=BANDS) for f in files])
        if files
        else BANDS.empty_table()
    )
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    tasks: dict[str, list[str]] = defaultdict(list)
    for item, band, key, task in zip(
        table["id"].to_pylist(),
        table["band"].to_pylist(),
        table["key"].to_pylist(),
        table["task"].to_pylist(),
        strict=True,
    ):
        if band == SAME_BAND:
            tasks[item].append(task)
        else:
            buckets[(band, key)].append(item)
    del table
    pairs: dict[tuple[str, str], bool] = {}
    for (band, _), members in buckets.items():
        ordered = sorted(set(members))
        if len(ordered) < 2:
            continue
        if band == EXACT_BAND:  # one text: every member is a copy of the first
            pairs.update(((ordered[0], b), True) for b in ordered[1:])
        elif len(ordered) <= MAX_BUCKET:
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    pairs.setdefault((a, b), False)
    rows = sorted(pairs)
    out_table = pa.table(
        {"a": [r[0] for r in rows], "b": [r[1] for r in rows], "exact": [pairs[r] for r in rows]},
        schema=PAIRS,
    )
    pq.write_table(out_table, root / "copies" / f"p={p}.parquet.tmp")
    again = sorted((i, min(t), len(t) - 1) for i, t in tasks.items() if len(t) > 1)
    repeats = pa.table(
        {
            "id": [r[0] for r in again],
            "keep": [r[1] for r in again],
            "extra": [r[2] for r in again],
        },
        schema=REPEATS,
    )
    pq.write_table(repeats, root / "copies" / f"p={p}.repeats.parquet.tmp")
    replace_file(
        root / "copies" / f"p={p}.repeats.parquet.tmp", root / "copies" / f"p={p}.repeats.parquet"
    )
    replace_file(root / "copies" / f"p={p}.parquet.tmp", root / "copies" / f"p={p}.parquet")
    return {"pairs": len(rows)}


# The stories step streams every task's items file at once (a time-ordered merge), and a
# Parquet reader decodes a whole row group at a time: with one row group a file (5,000 rows),
# 40 open files held 727 MB, growing with the archive's number of files; in row groups of 200
# rows, read without pre-buffering, 61 MB. The whole merge (``python -m benchmarks.batch_merge``,
# files of 5,000 rows) peaked at 833 MB over 60 files before, and at 386 MB (its imports) over
# 10 to 60 files after.
ITEM_GROUP_ROWS = 200
ITEMS_COLUMNS = [
    "id",
    "url",
    "title",
    "text",
    "lang",
    "published",
    "fetched",
    "site_name",
    "embedding",
]


def write_items(articles: Path, items: Path) -> None:
    """What the stories stage reads of one task, sorted by time: its articles with a time,
    texts cut to their start (``LEAD_CHARS``)."""
    import pyarrow.compute as pc

    table = pq.read_table(articles, columns=ITEMS_COLUMNS)
    when = pc.coalesce(table["published"], table["fetched"])
    table = table.append_column("when", when).filter(pc.is_valid(when))
    table = table.set_column(
        table.schema.get_field_index("text"),
        "text",
        pc.utf8_slice_codeunits(table["text"], 0, LEAD_CHARS),
    )
    table = table.drop_columns(["published", "fetched"]).sort_by(
        [("when", "ascending"), ("url", "ascending")]
    )
    tmp = items.with_name(items.name + ".tmp")
    pq.write_table(table, tmp, row_group_size=ITEM_GROUP_ROWS)
    replace_file(tmp, items)
    # the word statistics of the stories stage, counted here, in parallel, and summed there
    counts = DocFreq(
        story_text(t, x)
        for t, x in zip(table["title"].to_pylist(), table["text"].to_pylist(), strict=True)
    )
    stats = {
        "docs": counts.docs,
        "counts": counts.counts,
        "upper": counts.upper,
        "lower": counts.lower,
    }
    write_marker(items.with_name(items.name.replace(".items.parquet", ".docfreq.json")), stats)
