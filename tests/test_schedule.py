"""The polling schedule: from a feed's publication rate, with back-off on failure."""

from __future__ import annotations

from alaune.config import PollOptions
from alaune.ingest.schedule import backoff, poll_interval

OPTS = PollOptions(min_interval_s=900, max_interval_s=86400, default_interval_s=3600,
                   backoff_base_s=900, backoff_max_s=172800)  # fmt: skip


def test_interval_follows_the_publication_rate() -> None:
    every_half_hour = [i * 1800.0 for i in range(30)]
    assert poll_interval(every_half_hour, OPTS) == 1800
    every_minute = [i * 60.0 for i in range(30)]
    assert poll_interval(every_minute, OPTS) == 900  # never more often than the minimum
    weekly = [i * 7 * 86400.0 for i in range(5)]
    assert poll_interval(weekly, OPTS) == 86400  # never less often than the maximum
    assert poll_interval([], OPTS) == 3600
    assert poll_interval([5.0, 5.0, 5.0], OPTS) == 3600  # no usable gap


def test_only_recent_items_count() -> None:
    old_slow = [i * 86400.0 for i in range(20)]
    recent_fast = [20 * 86400.0 + i * 1200.0 for i in range(20)]
    assert poll_interval(old_slow + recent_fast, OPTS) == 1200


def test_backoff_doubles_and_caps() -> None:
    assert [backoff(n, OPTS) for n in range(5)] == [0, 900, 1800, 3600, 7200]
    assert backoff(40, OPTS) == 172800
