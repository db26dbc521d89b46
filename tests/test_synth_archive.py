"""The synthetic archive generator (benchmarks/synth_archive.py): valid WARC, a truth file that
matches it, reproducible bytes, the promised mix of languages, copies and story sizes, and pages
that alaune's own extractor reads as articles (text kept, furniture dropped)."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from benchmarks.synth_archive import (
    DEFAULT_START,
    GRAMMARS,
    LANGUAGES,
    OUTLETS,
    TOPICS,
    Generator,
    Link,
    PageFacts,
    Summary,
    article_page,
    generate,
    main,
    new_story,
    render,
    write_text,
)
from fastwarc.warc import ArchiveIterator, WarcRecordType

from alaune.drops import Drop
from alaune.extract.extractor import extract
from alaune.group.dedup import shingles, words
from alaune.ingest.warc import read_warc
from alaune.model import Article

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"article", "copy", "recrawl", "index", "broken"}


def _truth(out: Path) -> list[dict[str, object]]:
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _jaccard(a: str, b: str) -> float:
    x, y = set(shingles(words(a)).tolist()), set(shingles(words(b)).tolist())
    return len(x & y) / len(x | y)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("synth300")
    return out, generate(300, out, parts=3, seed=7)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("synth2000")
    return out, generate(2000, out, parts=2, seed=11)


def test_writes_the_parts_and_the_truth(small: tuple[Path, Summary]) -> None:
    out, summary = small
    names = sorted(p.name for p in out.iterdir())
    assert names == ["part-00000.warc.gz", "part-00001.warc.gz", "part-00002.warc.gz",
                     "truth.jsonl"]  # fmt: skip
    assert summary.pages == 300
    assert summary.bytes == sum(p.stat().st_size for p in out.glob("*.warc.gz"))
    assert sum(summary.languages.values()) == 300
    assert summary.copies == sum(1 for t in _truth(out) if t["kind"] == "copy")


def test_fastwarc_reads_every_page_back(small: tuple[Path, Summary]) -> None:
    out, _ = small
    truth = _truth(out)
    urls, ids, infos = [], set(), 0
    for part in sorted(out.glob("*.warc.gz")):
        with part.open("rb") as stream:
            for record in ArchiveIterator(stream, parse_http=True):
                ids.add(record.record_id)
                if record.record_type == WarcRecordType.warcinfo:
                    infos += 1
                    continue
                assert record.record_type == WarcRecordType.response
                assert record.headers["WARC-Type"] == "response"
                assert record.headers["Content-Type"] == "application/http; msgtype=response"
                assert record.record_date is not None
                assert record.http_headers.status_code == 200
                assert record.http_content_type == "text/html"
                assert record.http_charset == "utf-8"
                assert record.verify_payload_digest()  # the HTML
                urls.append(record.headers["WARC-Target-URI"])
        with part.open("rb") as stream:  # unparsed, the block is the HTTP message
            assert all(r.verify_block_digest() for r in ArchiveIterator(stream, parse_http=False))
    assert infos == 3
    assert len(ids) == 303  # every record has its own id
    assert urls == [t["url"] for t in truth]  # the truth is in archive order


def test_alaune_ingests_the_archive(small: tuple[Path, Summary]) -> None:
    out, summary = small
    articles: list[Article] = []
    drops: list[Drop] = []
    for part in sorted(out.glob("*.warc.gz")):
        for thing in read_warc(part):
            if isinstance(thing, Article):
                articles.append(thing)
            else:
                drops.append(thing)
    assert len(articles) + len(drops) == 300
    assert {d.reason for d in drops} <= {"empty_body"}
    assert len(drops) <= summary.broken
    by_url = {t["url"]: t for t in _truth(out)}
    assert all(a.language == by_url[a.url]["lang"] for a in articles)
    assert all(a.fetched_at is not None for a in articles)


def test_truth_lines_are_valid_and_refer_back(small: tuple[Path, Summary]) -> None:
    out, _ = small
    truth = _truth(out)
    assert len(truth) == 300
    seen: dict[str, dict[str, object]] = {}
    for t in truth:
        assert {"url", "story", "original", "lang", "published"} <= t.keys()
        assert t["kind"] in KINDS
        assert t["lang"] in LANGUAGES
        url = str(t["url"])
        assert url.startswith("https://") and ".example/" in url
        if t["kind"] in ("index", "broken"):
            assert t["story"] is None and t["original"] is None and t["published"] is None
        else:
            assert isinstance(t["story"], int)
            assert datetime.fromisoformat(str(t["published"])).tzinfo is not None
        if t["kind"] == "article":
            assert t["original"] is None
            assert url not in seen  # a new article has a new address
        if t["kind"] in ("copy", "recrawl"):
            source = seen[str(t["original"])]  # an earlier page
            assert source["story"] == t["story"] and source["lang"] == t["lang"]
            assert (t["original"] == url) == (t["kind"] == "recrawl")
        seen.setdefault(url, t)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    def digests(out: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}

    generate(120, tmp_path / "a", parts=2, seed=3)
    generate(120, tmp_path / "b", parts=2, seed=3)
    generate(120, tmp_path / "c", parts=2, seed=4)
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    other = digests(tmp_path / "c")
    assert other.keys() == digests(tmp_path / "a").keys()
    assert all(other[name] != digest for name, digest in digests(tmp_path / "a").items())


def test_language_mix(medium: tuple[Path, Summary]) -> None:
    out, summary = medium
    langs = Counter(str(t["lang"]) for t in _truth(out))
    assert len(langs) >= 4
    assert 0.5 <= langs["en"] / summary.pages <= 0.7
    assert langs == Counter(summary.languages)


def test_copy_share_and_copies_are_near_duplicates(medium: tuple[Path, Summary]) -> None:
    out, summary = medium
    truth = _truth(out)
    copies = [t for t in truth if t["kind"] == "copy"]
    assert 0.08 <= len(copies) / summary.pages <= 0.25
    assert 0 < sum(t["kind"] == "recrawl" for t in truth) < 0.02 * summary.pages
    assert 0.01 <= sum(t["kind"] == "index" for t in truth) / summary.pages <= 0.06
    # A copy is another outlet's page (different bytes), but shares most of its text.
    html: dict[str, str] = {}
    for part in sorted(out.glob("*.warc.gz")):
        with part.open("rb") as stream:
            for r in ArchiveIterator(stream, record_types=WarcRecordType.response):
                html.setdefault(r.headers["WARC-Target-URI"], r.reader.read().decode())
    sample = copies[:15]
    for t in sample:
        copy, original = str(t["url"]), str(t["original"])
        assert copy.split("/")[2] != original.split("/")[2]  # another host
        assert html[copy] != html[original]
        a, b = extract(html[copy], copy).text, extract(html[original], original).text
        assert _jaccard(a, b) >= 0.5, (copy, original)
    # Independent reports of one story share names, not text: they are not near-duplicates.
    reports = defaultdict(list)
    for t in truth:
        if t["kind"] == "article":
            reports[(t["story"], t["lang"])].append(str(t["url"]))
    pairs = [p for urls in reports.values() for p in itertools.combinations(urls, 2)][:15]
    assert len(pairs) >= 10
    for a, b in pairs:
        assert _jaccard(extract(html[a], a).text, extract(html[b], b).text) < 0.4, (a, b)


def test_story_sizes_are_heavy_tailed_and_timely(medium: tuple[Path, Summary]) -> None:
    out, summary = medium
    truth = _truth(out)
    sizes = Counter(t["story"] for t in truth if t["story"] is not None)
    histogram = Counter(sizes.values())
    assert histogram[1] > 0.4 * len(sizes)  # most stories are one page
    assert max(sizes.values()) >= 10
    assert summary.stories == len(sizes)
    assert summary.largest_story <= max(sizes.values())
    # A story's reports fall within two days (plus a wire copy's delay) of each other.
    times = defaultdict(list)
    for t in truth:
        if t["story"] is not None:
            times[t["story"]].append(datetime.fromisoformat(str(t["published"])))
    assert max(max(v) - min(v) for v in times.values()) <= timedelta(days=2, hours=12)
    start = min(min(v) for v in times.values())
    end = max(max(v) for v in times.values())
    assert timedelta(days=2) <= end - start <= timedelta(days=4)  # spread over --days 3
    # Multilingual stories exist, and their reports share the story's names.
    assert any(len({t["lang"] for t in truth if t["story"] == s}) > 1 for s in sizes)


def test_every_template_renders_in_every_language() -> None:
    rng = random.Random(1)
    for topic, lang in itertools.product(TOPICS, LANGUAGES.values()):
        story = new_story(rng, 0, DEFAULT_START, 1, lang.code)
        story.topic = topic
        g = GRAMMARS[lang.code, topic.name]
        slots = story.slots(lang)
        for template in g.sentences + g.leads + g.titles + g.captions:
            text = render(template, slots, rng)
            assert text and not any(ch in text for ch in "{}[]|"), (lang.code, topic.name, text)


def _page(outlet_index: int, seed: int) -> tuple[str, list[str], str]:
    rng = random.Random(seed)
    outlet = OUTLETS[outlet_index]
    lang = LANGUAGES[outlet.lang]
    story = new_story(rng, 0, DEFAULT_START, 1, lang.code)
    text = write_text(story, lang, rng, 1.0)
    links = [Link(f"https://{outlet.host}/other/{i}", f"Other headline number {i}", "Lead")
             for i in range(10)]  # fmt: skip
    url = f"https://{outlet.host}/news/{seed}"
    facts = PageFacts(url, 4_000_000 + seed, story.topic.section, DEFAULT_START,
                      ["Ada Testperson"], None, True, True, links)  # fmt: skip
    return article_page(outlet, text, facts), text.paragraphs, url


# Every layout and language, with and without "Read also" and newsletter promos in the body, and
# JSON-LD that states the body.
@pytest.mark.parametrize("outlet_index", [0, 2, 11, 13, 29, 32, 34, 35, 41, 43, 46, 49])
def test_extractor_keeps_the_text_and_drops_the_furniture(outlet_index: int) -> None:
    outlet = OUTLETS[outlet_index]
    page, paragraphs, url = _page(outlet_index, seed=outlet_index)
    assert page.count("<p>") >= 4
    got = extract(page, url)
    text = " ".join(got.text.split())  # the extractor turns no-break spaces into spaces
    for para in paragraphs:
        assert " ".join(para.split()) in text
    assert got.language == outlet.lang
    assert got.title and got.title in page
    ui = LANGUAGES[outlet.lang].ui
    furnitures = [outlet.cookie, outlet.newsletter_text, outlet.newsletter_title, outlet.related,
                  ui.most_read, ui.share, ui.rights, "Other headline number"]  # fmt: skip
    if outlet.read_also_in_body:
        furnitures.append(outlet.read_also)
    for furniture in furnitures:
        assert furniture in page  # the page has it ...
        assert furniture not in got.text  # ... and the extracted text does not


def test_state_stays_bounded_whatever_the_length() -> None:
    gen = Generator(6000, seed=5, days=3, start=DEFAULT_START)
    most_tickets = most_originals = 0
    for i, _page in enumerate(gen):
        if i % 50 == 0:
            most_tickets = max(most_tickets, len(gen.tickets))
            pooled = {id(s): s for s in gen.tickets}.values()
            most_originals = max(most_originals, sum(len(s.originals) for s in pooled))
    assert most_tickets <= gen.pool_target + gen.cap
    assert most_originals <= 8 * (gen.pool_target + gen.cap)
    assert len(gen.recent) <= 64
    assert all(len(links) <= 24 for links in gen.links.values())


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--pages", "40", "--out", str(tmp_path / "cli"), "--parts", "2", "--days", "1"])
    table = capsys.readouterr().out
    assert "| pages | 40 |" in table and "pages/s" in table
    assert len(_truth(tmp_path / "cli")) == 40
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.synth_archive", "--pages", "10", "--out",
         str(tmp_path / "module"), "--parts", "1"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "module" / "part-00000.warc.gz").stat().st_size > 0
