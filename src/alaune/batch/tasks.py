"""The batch's tasks and the files they write (the I/O shell around ``stages``).

    OUT/parts/NAME.articles.parquet   the articles of one input file (one task), in its order
    OUT/parts/NAME.drops.parquet      what was not kept, and why
    OUT/parts/NAME.done               the task's marker (its counts, JSON), written last
    OUT/bands/p=K/NAME.parquet        its keys (LSH bands, exact text, address), by key into P
    OUT/copies/p=K.parquet, .done     candidate pairs of partition K (one reduce each)
    OUT/copies/p=K.repeats.parquet    the pages of partition K crawled in more than one task
    OUT/duplicates.parquet            every article with the original of its copy group
    OUT/stories.parquet               every article with its story
    OUT/summary.json                  counts, drops by reason, seconds by stage

Files are written under a temporary name and renamed; a marker comes after its files, so a task
with a marker is complete and a task without one is done again from the start.

Memory does not grow with the archive: a task holds one input file, a reduce one partition (there
are as many as input files, at least 8), and the steps after them hold the copies, the repeated
pages and the stories' time window, never a row per article.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from alaune.batch.docfreq import SketchDocFreq
from alaune.batch.stages import embed, extract_chunk, signatures
from alaune.drops import Drop, Reason, Stage
from alaune.group.dedup import COPY_THRESHOLD, jaccard
from alaune.group.features import DocFreq, Embedder
from alaune.group.stories import StoryIndex, StoryItem, story_id
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


def _replace(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)


def _marker(path: Path, counts: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def map_part(job: tuple[int, str], out: str, settings: Settings, partitions: int) -> dict[str, Any]:
    """One input file through read, extract, signatures and embeddings; its files and marker.
    A task already marked done returns its counts without doing anything."""
    n, source = job
    path, root = Path(source), Path(out)
    name = task_name(path, n)
    marker = root / "parts" / f"{name}.done"
    if marker.exists():
        done: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
        done["resumed"] = True
        return done
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
        _replace(folder / f"{name}.parquet.tmp", folder / f"{name}.parquet")
    _replace(tmp_articles, root / "parts" / f"{name}.articles.parquet")
    _replace(tmp_drops, root / "parts" / f"{name}.drops.parquet")
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
    _marker(marker, result)
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


def reduce_partition(p: int, out: str) -> int:
    """One partition of keys: candidate pairs (texts sharing an LSH key in a band), exact
    copies (chained: a group of n is n-1 pairs), and the pages met in more than one task."""
    root = Path(out)
    marker = root / "copies" / f"p={p}.done"
    if marker.exists():
        return int(json.loads(marker.read_text(encoding="utf-8"))["pairs"])
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
    _replace(
        root / "copies" / f"p={p}.repeats.parquet.tmp", root / "copies" / f"p={p}.repeats.parquet"
    )
    _replace(root / "copies" / f"p={p}.parquet.tmp", root / "copies" / f"p={p}.parquet")
    _marker(marker, {"pairs": len(rows)})
    return len(rows)


def article_files(out: Path) -> list[Path]:
    """Every task's articles file, in task order."""
    return sorted((out / "parts").glob("*.articles.parquet"))


def task_of(path: Path) -> str:
    """The task that wrote a file of ``parts/``."""
    return path.name.split(".")[0]


def repeats(out: Path) -> dict[str, tuple[str, int]]:
    """The pages met in more than one task: the task that keeps each, and how many times it
    was met again (a page crawled twice is kept once, from the first task)."""
    found: dict[str, tuple[str, int]] = {}
    for f in sorted((out / "copies").glob("p=*.repeats.parquet")):
        t = pq.read_table(f)
        for i, keep, extra in zip(*(t[c].to_pylist() for c in REPEATS.names), strict=True):
            found[i] = (keep, extra)
    return found


def kept_rows(table: pa.Table, task: str, again: dict[str, tuple[str, int]]) -> pa.Table:
    """The rows of one task's file that are not a page another task keeps."""
    if not again:
        return table
    ids = table["id"].to_pylist()
    keep = [n for n, i in enumerate(ids) if again.get(i, (task, 0))[0] == task]
    return table.take(keep) if len(keep) < len(ids) else table


def copies(out: Path, threshold: float = COPY_THRESHOLD) -> dict[str, str]:
    """Groups of copies: exact (same words) and near (a proposed pair whose shingle sets reach
    the threshold); writes duplicates.parquet; returns each reprint's original.

    Only the articles in a proposed pair are read whole; the others are streamed into
    duplicates.parquet a batch at a time."""
    import pyarrow.compute as pc

    again = repeats(out)
    pairs = [pq.read_table(f) for f in sorted((out / "copies").glob("p=*[0-9].parquet"))]
    involved = pa.array(
        sorted({i for t in pairs for c in ("a", "b") for i in t[c].to_pylist()}), pa.string()
    )
    when: dict[str, Any] = {}
    wire: dict[str, bool] = {}
    shingles: dict[str, bytes] = {}
    columns = ["id", "published", "wire", "shingles"]
    for path in article_files(out):
        table = pq.read_table(path, columns=columns)
        table = kept_rows(table.filter(pc.is_in(table["id"], involved)), task_of(path), again)
        for i, p, w, sh in zip(*(table[c].to_pylist() for c in columns), strict=True):
            when[i], wire[i], shingles[i] = p, bool(w), sh
    parent = {i: i for i in when}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for t in pairs:
        for a, b, exact in zip(*(t[c].to_pylist() for c in PAIRS.names), strict=True):
            if a == b or a not in parent or b not in parent:
                continue
            if not exact:
                sa = np.frombuffer(shingles[a], dtype="<u4")
                sb = np.frombuffer(shingles[b], dtype="<u4")
                small, large = sorted((len(sa), len(sb)))
                if small < threshold * large or jaccard(sa, sb) < threshold:
                    continue
            union(a, b)
    del pairs, shingles
    groups: dict[str, list[str]] = defaultdict(list)
    for item in parent:
        groups[root(item)].append(item)
    original: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: (not wire[i], when[i] is None, str(when[i] or ""), i))
        for m in members:
            original[m] = first
            sizes[m] = len(members)
    tmp = out / "duplicates.parquet.tmp"
    schema = pa.schema(
        [("id", pa.string()), ("url", pa.string()), ("original_id", pa.string()),
         ("group_size", pa.int64())]
    )  # fmt: skip
    with pq.ParquetWriter(tmp, schema) as writer:
        for path in article_files(out):
            table = kept_rows(pq.read_table(path, columns=["id", "url"]), task_of(path), again)
            ids = table["id"].to_pylist()
            rows = {
                "id": ids,
                "url": table["url"].to_pylist(),
                "original_id": [original.get(i, i) for i in ids],
                "group_size": [sizes.get(i, 1) for i in ids],
            }
            writer.write_table(pa.table(rows, schema=schema))
    _replace(tmp, out / "duplicates.parquet")
    return {i: o for i, o in original.items() if o != i}


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
HELD_MAX = 20_000  # held reports before the story index is rebuilt with the window's only
# the stories stage reads a report's title and the start of its text: what a feed item gives,
# what its threshold was set on, and a bounded cost per report however long the article
LEAD_CHARS = 400
MERGE_ROWS = 20_000  # reports read ahead, all input files together, by the time-ordered merge


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
        [("when", "ascending"), ("id", "ascending")]
    )
    tmp = items.with_name(items.name + ".tmp")
    pq.write_table(table, tmp)
    _replace(tmp, items)
    # the word statistics of the stories stage, counted here, in parallel, and summed there
    counts = DocFreq(
        f"{t} {x}"
        for t, x in zip(table["title"].to_pylist(), table["text"].to_pylist(), strict=True)
    )
    stats = {
        "docs": counts.docs,
        "counts": counts.counts,
        "upper": counts.upper,
        "lower": counts.lower,
    }
    _marker(items.with_name(items.name.replace(".items.parquet", ".docfreq.json")), stats)


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
    for batch in pq.ParquetFile(path).iter_batches(batch_size=rows):
        yield from kept_rows(pa.Table.from_batches([batch]), task, again).to_pylist()


def time_ordered(out: Path) -> Iterator[dict[str, Any]]:
    """Every article with a time, all tasks merged in (time, id) order, each id once (a page
    crawled twice comes from the task that keeps it): one batch of each file in memory."""
    import heapq

    again = repeats(out)
    files = item_files(out)
    # one batch of each file is read ahead: their sum, not each, is bounded, or a thousand
    # input files would hold a thousand batches
    rows = max(64, MERGE_ROWS // max(len(files), 1))
    streams = [_rows(f, again, rows) for f in files]
    yield from heapq.merge(*streams, key=lambda r: (r["when"], r["id"]))


def _resolve(redirect: dict[str, str], story: str) -> str:
    while story in redirect:
        story = redirect[story]
    return story


def stories(out: Path, reprints: dict[str, str]) -> int:
    """Every article in a story: the stories stage over the batch in time order, with the
    embeddings the tasks made; writes stories.parquet; returns the number of stories.

    Memory stays bounded as the batch grows: reports stream in time order from the tasks'
    sorted files, and the index holds the reports of the last window only (it is rebuilt from
    them, their stories kept, when it grows past ``HELD_MAX`` reports)."""
    from collections import deque

    from alaune.group.stories import Settings as StorySettings

    docfreq = load_docfreq(out)
    window = StorySettings().window
    index = StoryIndex(docfreq)
    redirect: dict[str, str] = {}
    originals = set(reprints.values())
    story_of_original: dict[str, str] = {}
    # the window's reports, to rebuild the index from; meanings as stored (float16 bytes)
    held: deque[tuple[StoryItem, bytes, str]] = deque()
    tmp = out / "stories.raw.parquet.tmp"
    raw = pq.ParquetWriter(
        tmp, pa.schema([("id", pa.string()), ("url", pa.string()), ("story_id", pa.string())])
    )
    pending: list[tuple[str, str, str]] = []
    created = 0
    for r in time_ordered(out):
        item = StoryItem(r["id"], r["title"], r["text"], r["when"], r["lang"], r["site_name"])
        meaning = np.frombuffer(r["embedding"], dtype="<f2").astype(np.float32)
        into = story_of_original.get(reprints.get(item.id, ""))
        story = index.add(item, meaning, into=_resolve(redirect, into) if into else None)
        created += story == story_id(item.id)
        redirect.update(index.merged)
        if item.id in originals:
            story_of_original[item.id] = story
        held.append((item, r["embedding"], story))
        while held and held[0][0].published < item.published - window:
            held.popleft()
        pending.append((item.id, r["url"], story))
        if len(pending) >= 10_000:
            raw.write_table(
                pa.table(list(zip(*pending, strict=True)), names=["id", "url", "story_id"])
            )
            pending.clear()
        if index.rows > max(HELD_MAX, 2 * len(held)):
            index = StoryIndex(docfreq)
            for old, raw16, sid in held:
                vector = np.frombuffer(raw16, dtype="<f2").astype(np.float32)
                index.add(old, vector, into=_resolve(redirect, sid))
    if pending:
        raw.write_table(pa.table(list(zip(*pending, strict=True)), names=["id", "url", "story_id"]))
    raw.close()
    # the stories merged after a report was written get their final id: a second pass, a
    # batch at a time, in time order
    with pq.ParquetWriter(out / "stories.parquet.tmp", raw.schema) as final:
        for batch in pq.ParquetFile(tmp).iter_batches(batch_size=10_000):
            ids = [_resolve(redirect, s) for s in batch.column(2).to_pylist()]
            final.write_table(
                pa.table(
                    [batch.column(0), batch.column(1), pa.array(ids, pa.string())],
                    schema=raw.schema,
                )
            )
    _replace(out / "stories.parquet.tmp", out / "stories.parquet")
    tmp.unlink()
    # each report that started a story made one, each merge took one away
    return created - len(redirect)
