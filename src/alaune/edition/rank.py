"""The rank stage: how important a story is on a day, from parts a reader can inspect.

    score = outlets     x log2(1 + independent outlets, each at its source weight)
          + languages   x (languages - 1)
          + countries   x (countries - 1)
          + velocity    x log2(1 + most outlets within any 6 hours)
          + prominence  x log2(1 + outlets that put it among the first 3 items of a feed)
          + persistence x (earlier days with reports, up to 3)

Only the day's reports count. An outlet counts once however many feeds or reports it has, and
only with a report of its own: a reprint (a copy of another report's text, a wire dispatch
republished) is never a second source. Every part is stored with the score (``Score.parts``) and
shown in the edition, so that a reader can see why a story stands where it does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from alaune.errors import InputError
from alaune.model import Member
from alaune.records import Score
from alaune.tell.outlets import country_of, outlet_key


@dataclass(frozen=True, slots=True)
class RankSettings:
    """The weights of the parts (``alaune edition --weight part=value``) and the thresholds."""

    outlets: float = 1.0
    languages: float = 0.5
    countries: float = 0.5
    velocity: float = 0.5
    prominence: float = 0.5
    persistence: float = 0.25
    velocity_window: timedelta = timedelta(hours=6)
    top_positions: int = 3  # a feed item this high in its feed counts as prominent
    persistence_days: int = 3
    min_outlets: int = 2  # a story fewer independent outlets tell stays out of the edition

    def with_weights(self, pairs: Sequence[str]) -> RankSettings:
        """These settings with weights given as ``part=value`` (raises InputError if wrong)."""
        changes: dict[str, Any] = {}
        for pair in pairs:
            name, _, value = pair.partition("=")
            if name not in PARTS:
                raise InputError(f"unknown score part {name!r}; the parts are {', '.join(PARTS)}")
            try:
                changes[name] = float(value)
            except ValueError:
                raise InputError(
                    f"{pair!r}: the weight must be a number, e.g. {name}=0.5"
                ) from None
        return replace(self, **changes)


PARTS = ("outlets", "languages", "countries", "velocity", "prominence", "persistence")


def independent(members: Sequence[Member]) -> dict[str, list[Member]]:
    """The reports of each outlet that tells the story in its own text (reprints left out)."""
    out: dict[str, list[Member]] = {}
    for m in members:
        if not m.reprint:
            out.setdefault(outlet_key(m), []).append(m)
    return out


def _busiest(times: list[float], window: float) -> int:
    """The most items within any ``window`` seconds (times sorted)."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def score_story(
    story_id: str,
    members: Sequence[Member],
    earlier_days: int = 0,
    settings: RankSettings | None = None,
) -> Score:
    """The score of a story from its reports of the day (and how many earlier days it has)."""
    s = settings or RankSettings()
    own = independent(members)
    weighted = sum(max(m.weight for m in reports) for reports in own.values())
    originals = [m for reports in own.values() for m in reports]
    languages = {(m.lang or "").split("-")[0].casefold() for m in originals if m.lang}
    countries = {c for m in originals if (c := country_of(m))}
    first_report = sorted(min(m.published.timestamp() for m in r) for r in own.values())
    velocity = _busiest(first_report, s.velocity_window.total_seconds())
    prominent = sum(
        any(m.feed_rank is not None and m.feed_rank < s.top_positions for m in reports)
        for reports in own.values()
    )
    persistence = min(earlier_days, s.persistence_days)
    parts = {
        "outlets": s.outlets * math.log2(1 + weighted),
        "languages": s.languages * max(len(languages) - 1, 0),
        "countries": s.countries * max(len(countries) - 1, 0),
        "velocity": s.velocity * math.log2(1 + velocity),
        "prominence": s.prominence * math.log2(1 + prominent),
        "persistence": s.persistence * persistence,
    }
    counts = {
        "articles": len(members),
        "reprints": sum(m.reprint for m in members),
        "outlets": len({outlet_key(m) for m in members}),
        "independent_outlets": len(own),
        "languages": len(languages),
        "countries": len(countries),
        "outlets_within_window": velocity,
        "prominent_outlets": prominent,
        "earlier_days": earlier_days,
    }
    parts = {k: round(v, 4) for k, v in parts.items()}
    return Score(story_id, sum(parts.values()), parts, counts)
