"""`alaune eval similarity`: Pearson of the stages' report similarity against human scores."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from alaune.errors import InputError
from alaune.eval.similarity import evaluate, pearson


def test_pearson_matches_hand_computed_values() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # x = 1,2,3,4; y = 1,3,2,4: sxy = 4, sxx = syy = 5
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert math.isnan(pearson([1, 2], [1, 2])) and math.isnan(pearson([1, 1, 1], [1, 2, 3]))


def test_similar_reports_score_as_the_human_scores_say(tmp_path: Path) -> None:
    articles = [
        ("1", "fr", "Valence évacue trois quartiers", "La crue du Turia a atteint quatre mètres."),
        ("2", "en", "Valencia evacuates three districts", "The Turia river rose four metres."),
        ("3", "en", "Lisbon airport cancels 300 flights", "Air traffic controllers are on strike."),
        ("4", "de", "Neuer Rekord beim Marathon in Berlin", "Ein Kenianer gewann in 2:01 Stunden."),
    ]
    (tmp_path / "articles.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "lang": lang, "title": t, "text": x}) + "\n"
            for i, lang, t, x in articles
        ),
        encoding="utf-8",
    )
    rows = ["url1_lang,url2_lang,pair_id,Overall", "fr,en,1_2,1.0", "fr,en,1_3,3.5",
            "en,de,2_4,4.0", "en,en,2_3,3.0", "fr,de,1_9,1.0"]  # fmt: skip
    (tmp_path / "pairs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    scores = evaluate(tmp_path)
    # the pair with a missing article (9) is left out; the translation pair is the most alike
    assert scores["all"]["pairs"] == 4
    assert scores["all"]["pearson"] > 0.8
    with pytest.raises(InputError, match=r"articles\.jsonl is missing"):
        evaluate(tmp_path / "nowhere")
