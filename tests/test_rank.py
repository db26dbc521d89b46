"""The rank stage: each score part counts what it says, reprints and second feeds count once."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from alaune.edition.nonnews import kind_of, nonnews_reason
from alaune.edition.rank import RankSettings, score_story
from alaune.errors import InputError
from alaune.model import Member
from alaune.tell.outlets import outlet_key

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def member(n: int, outlet: str | None, **kw: object) -> Member:
    values: dict[str, object] = {
        "article_id": n,
        "story_id": "s1",
        "url": f"https://{outlet or 'x'}.example/{n}",
        "title": f"Report {n}",
        "text": "",
        "lead": "",
        "published": T0 + timedelta(hours=n),
        "lang": "en",
        "outlet": outlet,
    }
    values.update(kw)
    return Member(**values)  # type: ignore[arg-type]


def test_independent_outlets_count_once_and_reprints_never() -> None:
    alone = score_story("s1", [member(1, "a")])
    two_feeds = score_story("s1", [member(1, "a"), member(2, "a", feed_url="https://a/f2")])
    reprinted = score_story("s1", [member(1, "a"), member(2, "b", original_id=1)])
    two = score_story("s1", [member(1, "a"), member(2, "b")])
    assert alone.counts["independent_outlets"] == two_feeds.counts["independent_outlets"] == 1
    assert alone.parts["outlets"] == two_feeds.parts["outlets"] == reprinted.parts["outlets"]
    assert reprinted.counts["outlets"] == 2 and reprinted.counts["reprints"] == 1
    assert two.parts["outlets"] == pytest.approx(math.log2(3), abs=1e-4)
    assert two.total > reprinted.total


def test_outlet_is_its_name_else_its_site() -> None:
    assert outlet_key(member(1, "The  Guardian")) == "the guardian"
    nameless = member(2, None, url="https://www.example.org/a")
    assert outlet_key(nameless) == "example.org"


def test_languages_countries_velocity_prominence_persistence() -> None:
    spread = [
        member(1, "a", lang="en", country="GB", feed_rank=0),
        member(2, "b", lang="pl", country="PL", feed_rank=7),
        member(3, "c", lang="fr-FR", country="fr", published=T0 + timedelta(hours=20)),
    ]
    score = score_story("s1", spread, earlier_days=5)
    c, s = score.counts, RankSettings()
    assert (c["languages"], c["countries"]) == (3, 3)
    # reports at +1 h and +2 h fall in one 6-hour window, the one at +20 h does not
    assert c["outlets_within_window"] == 2
    assert c["prominent_outlets"] == 1  # only a's item was among the first three of its feed
    assert score.parts["persistence"] == s.persistence * s.persistence_days  # capped at 3 days
    assert score.total == pytest.approx(sum(score.parts.values()))


def test_source_weights_and_settings() -> None:
    heavy = score_story("s1", [member(1, "a", weight=3.0)])
    assert heavy.parts["outlets"] == pytest.approx(math.log2(4), abs=1e-4)
    settings = RankSettings().with_weights(["languages=2", "outlets=0"])
    score = score_story("s1", [member(1, "a"), member(2, "b", lang="de")], 0, settings)
    assert score.parts["outlets"] == 0 and score.parts["languages"] == 2
    with pytest.raises(InputError, match="unknown score part"):
        RankSettings().with_weights(["popularity=1"])
    with pytest.raises(InputError, match="must be a number"):
        RankSettings().with_weights(["outlets=high"])


def test_non_news_kinds_need_most_of_the_titles() -> None:
    assert kind_of("Weather forecast: rain across the north tomorrow") == "weather"
    assert kind_of("Kurs euro do złotego 12.12.2026") == "exchange_rates"
    assert kind_of("Your horoscope for Tuesday") == "horoscope"
    assert kind_of("Business News | Today's Top Stories | Example") == "section_page"
    assert kind_of("Storm floods the harbour; weather service warns of more") is None
    assert nonnews_reason(["Horoscope for Aries", "Horoscope for Leo"]) == "horoscope"
    # one forecast among news reports of a storm does not make the story non-news
    assert nonnews_reason(["Storm hits the coast", "Weather forecast: storm", "Ports shut"]) is None
