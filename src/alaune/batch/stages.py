"""The batch stages as pure functions over one chunk of pages.

WARC bytes -> records (``read_warc``) -> extracted articles (``extract_batch``: language, title,
text, facts) -> near-duplicate signatures (word hash, shingles, LSH band keys) -> meaning
vectors (multilingual embeddings of title and lead). Nothing here writes a file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from datasketch import MinHash

from alaune.drops import Drop, Reason, Stage
from alaune.extract.templates import SiteTemplate
from alaune.group.dedup import (
    COPY_THRESHOLD,
    MIN_NEAR_WORDS,
    NUM_PERM,
    SEED,
    _Bands,
    _bands,
    _identity,
    content_hash,
    shingles,
    words,
)
from alaune.group.features import Embedder
from alaune.group.placement import copy_item, meaning_text
from alaune.group.stories import StoryItem
from alaune.model import Article
from alaune.pipeline.extract import ExtractReport, extract_batch

BANDS, ROWS = _bands(COPY_THRESHOLD)


def article_id(url: str) -> str:
    """A stable id for an article: a hash of its canonical URL."""
    return hashlib.blake2b(url.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(slots=True)
class Extracted:
    """The rows of one chunk: articles (dicts ready for Parquet) and drops."""

    rows: list[dict[str, Any]]
    drops: list[Drop]


def extract_chunk(pages: list[Article]) -> Extracted:
    """Extract a chunk of fetched pages; site furniture is learned over the chunk."""
    report = ExtractReport()
    by_key = {str(n): page for n, page in enumerate(pages)}
    inputs = [(k, p.url, (p.html or b"").decode("utf-8", "replace")) for k, p in by_key.items()]
    templates: dict[str, SiteTemplate] = {}
    rows: list[dict[str, Any]] = []
    drops: list[Drop] = []
    for key, result in extract_batch(inputs, templates, set(by_key), report):  # type: ignore[arg-type]
        page = by_key[key]
        if isinstance(result, Drop):
            drops.append(result)
            continue
        if not result.text.strip():
            drops.append(
                Drop(Stage.EXTRACT, Reason.NO_TEXT, page.url, "no article text on the page")
            )
            continue
        published = result.published or page.fetched_at
        rows.append(
            {
                "id": article_id(page.url),
                "url": page.url,
                "title": result.title or "",
                "text": result.text,
                "lang": result.language,
                "published": _utc(published),
                "fetched": _utc(page.fetched_at),
                "site_name": result.site_name,
                "authors": list(result.authors),
                "wire": [str(w["agency"]) for w in result.wire if w.get("agency")],
                "paywalled": bool(result.paywalled),
            }
        )
    return Extracted(rows, drops)


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def signatures(rows: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """Adds each row's word hash and shingles (for the exact check of a proposed pair) and
    returns its LSH band keys: (article id, band, key) for texts long enough to compare."""
    template = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity)
    bands = _Bands(BANDS, ROWS)
    keys: list[tuple[str, int, int]] = []
    for row in rows:
        # the text copies are found on in every path (``placement.copy_item``)
        tokens = words(copy_item(_item(row)).text)
        row["words"] = len(tokens)
        row["content_hash"] = content_hash(tokens) if tokens else b""
        mine = shingles(tokens) if len(tokens) >= MIN_NEAR_WORDS else np.empty(0, np.uint32)
        row["shingles"] = mine.astype("<u4").tobytes()
        if len(mine):
            signature = template.copy()
            signature.update_batch(mine.tolist())
            for band, key in enumerate(bands.keys(signature.hashvalues)):
                keys.append((row["id"], band, key))
    return keys


def _item(row: dict[str, Any]) -> StoryItem:
    """A row as the stories stage reads it (``published`` stands in for a missing time)."""
    when = row["published"] or row["fetched"]
    return StoryItem(
        row["id"], row["title"], row["text"], when, row["lang"], row["site_name"], row["url"]
    )


def embed(rows: list[dict[str, Any]], embedder: Embedder) -> None:
    """Adds each row's meaning vector (float16 bytes, as the store keeps them)."""
    vectors = embedder.encode([meaning_text(_item(r)) for r in rows])
    for row, vector in zip(rows, vectors, strict=True):
        row["embedding"] = np.asarray(vector, dtype="<f2").tobytes()
