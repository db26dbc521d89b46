"""The packaged default source list: what a fresh install subscribes to, and how it is made."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

from alaune.ingest.opml import default_sources
from tests.conftest import shared_path

GENERATOR = Path(__file__).resolve().parents[1] / "tools" / "build_default_sources.py"
# The slugs the generator maps media_data's typologies to.
OWNERSHIP = {"private", "private-independent", "independent", "non-profit", "public",
             "state-funded", "state"}  # fmt: skip


def test_default_sources_make_a_french_first_international_briefing() -> None:
    sources = default_sources()
    urls = [s.feed_url for s in sources]
    assert len(sources) >= 100
    assert all(url.startswith(("https://", "http://")) for url in urls)
    assert len(set(urls)) == len(urls)
    languages = Counter(s.language for s in sources)
    assert sources[0].language == "fr"
    assert languages["fr"] >= 15
    # The default edition is French: every French feed comes before any other.
    assert [s.language == "fr" for s in sources] == sorted(
        (s.language == "fr" for s in sources), reverse=True
    )
    assert len(languages) >= 6
    assert len({s.country for s in sources}) >= 10
    for s in sources:
        assert s.language and re.fullmatch(r"[a-z]{2}", s.language), s
        assert s.country and re.fullmatch(r"[A-Z]{2}", s.country), s
        assert s.title and s.outlet and s.category, s
        assert s.site_url and s.site_url.startswith("https://"), s
    owned = [s.ownership for s in sources if s.ownership]
    assert len(owned) >= len(sources) // 3
    assert set(owned) <= OWNERSHIP
    # A handful of main feeds per outlet and language, so no newsroom dominates.
    assert max(Counter((s.outlet, s.language) for s in sources).values()) <= 3


def test_default_sources_include_news_agencies() -> None:
    wires = {s.outlet for s in default_sources() if s.category == "wire"}
    assert {"AFP", "ANSA"} <= wires


def test_generator_reproduces_the_packaged_list(tmp_path: Path) -> None:
    kite = shared_path("data", "sources", "kite_feeds.json")
    media = shared_path("data", "sources", "media_data.json")
    out = tmp_path / "default_sources.opml"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--kite", str(kite), "--media", str(media),
         "--out", str(out)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    packaged = resources.files("alaune").joinpath("data/default_sources.opml").read_text("utf-8")
    assert out.read_text(encoding="utf-8") == packaged, (
        "src/alaune/data/default_sources.opml is stale: run tools/build_default_sources.py"
    )
