"""What a run did, counted: the summary printed at the end and returned to callers."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from alaune.drops import Reason


@dataclass(slots=True)
class IngestReport:
    """Counters of one ingest run."""

    started: float = field(default_factory=time.monotonic)
    feeds_polled: int = 0
    feeds_ok: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    items_seen: int = 0
    records_seen: int = 0  # WARC records and local files
    outcomes: Counter[str] = field(
        default_factory=Counter
    )  # inserted / updated / unchanged / older
    pages_fetched: int = 0
    pages_failed: int = 0
    drops: Counter[Reason] = field(default_factory=Counter)

    @property
    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "elapsed_s": round(self.elapsed, 3),
            "feeds": {
                "polled": self.feeds_polled,
                "ok": self.feeds_ok,
                "not_modified": self.feeds_not_modified,
                "failed": self.feeds_failed,
            },
            "items_seen": self.items_seen,
            "records_seen": self.records_seen,
            "articles": dict(self.outcomes),
            "pages": {"fetched": self.pages_fetched, "failed": self.pages_failed},
            "drops": dict(self.drops),
        }

    def lines(self) -> list[str]:
        """A short human summary."""
        out = []
        if self.feeds_polled:
            out.append(
                f"feeds: {self.feeds_polled} polled, {self.feeds_ok} ok, "
                f"{self.feeds_not_modified} not modified, {self.feeds_failed} failed"
            )
        o = self.outcomes
        out.append(
            f"articles: {o['inserted']} new, {o['updated']} updated, {o['unchanged']} unchanged"
            + (f", {o['older']} older copies ignored" if o["older"] else "")
        )
        if self.pages_fetched or self.pages_failed:
            out.append(f"pages: {self.pages_fetched} fetched, {self.pages_failed} failed")
        if self.drops:
            top = ", ".join(f"{k} {v}" for k, v in self.drops.most_common(8))
            out.append(f"skipped: {sum(self.drops.values())} ({top})")
        out.append(f"time: {self.elapsed:.1f}s")
        return out
