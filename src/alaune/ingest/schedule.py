"""When to poll a source next: from how often it publishes, and backing off when it fails."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from statistics import median

from alaune.config import PollOptions


def poll_interval(item_times: list[float], opts: PollOptions) -> int:
    """Seconds until the next poll: the median gap between recent items, within bounds."""
    recent = sorted(item_times)[-20:]
    gaps = [b - a for a, b in itertools.pairwise(recent) if b > a]
    if not gaps:
        return opts.default_interval_s
    return int(min(max(median(gaps), opts.min_interval_s), opts.max_interval_s))


def backoff(error_count: int, opts: PollOptions) -> int:
    """Seconds to wait after ``error_count`` failures in a row: exponential, capped."""
    if error_count <= 0:
        return 0
    return int(min(opts.backoff_base_s * 2 ** min(error_count - 1, 20), opts.backoff_max_s))


def next_poll(now: datetime, seconds: float) -> datetime:
    """``now`` plus ``seconds``."""
    return now + timedelta(seconds=seconds)
