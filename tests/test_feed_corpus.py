"""feedparser's own corpus of ~2,100 feeds: every file gives items or a recorded reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from alaune.ingest.feeds import parse_feed
from tests.conftest import shared_path

REASONS = {"empty_feed", "not_a_feed", "malformed_feed", "no_usable_items", "parser_crash"}


def test_every_corpus_feed_gives_items_or_a_reason() -> None:
    root = shared_path("data", "feeds", "feedparser-corpus")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".xml", ".json"))
    assert len(files) > 2000
    outcome: Counter[str] = Counter()
    for path in files:
        result = parse_feed(path.read_bytes(), "http://example.com/feed.xml")
        if result.items:
            outcome["items"] += 1
            for art in result.items:
                assert art.url.startswith(("http://", "https://")), (path, art.url)
                assert "\x00" not in art.title
        else:
            assert result.error in REASONS, (path, result.error)
            assert result.detail, path
            outcome[result.error] += 1
    assert outcome["items"] > 80
    assert outcome["parser_crash"] == 0


def test_json_feed_items(tmp_path: Path) -> None:
    doc = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "T", "language": "fr-FR",
      "home_page_url": "https://example.org/",
      "items": [
        {"id": "1", "url": "/a?utm_source=x", "title": "Un titre",
         "content_html": "<p>Bonjour <b>monde</b></p>", "date_published": "2023-12-05T10:00:00+01:00",
         "authors": [{"name": "Ana"}]},
        {"id": "2", "title": "no link"},
        "junk"
      ]}"""
    result = parse_feed(doc, "https://example.org/feed.json")
    assert [a.url for a in result.items] == ["https://example.org/a"]
    art = result.items[0]
    assert (art.title, art.summary, art.language, art.authors) == (
        "Un titre", "Bonjour monde", "fr", ["Ana"],
    )  # fmt: skip
    assert (
        art.published_at is not None and art.published_at.isoformat() == "2023-12-05T10:00:00+01:00"
    )
    assert sorted(d.reason for d in result.drops) == ["item_malformed", "item_without_link"]


def test_rss_duplicates_and_absurd_dates() -> None:
    doc = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>
      <link>https://ex.org/</link><language>de-DE</language>
      <item><title>A</title><link>https://ex.org/a</link><pubDate>Fri, 31 Dec 9999 00:00:00 GMT</pubDate></item>
      <item><title>A again</title><link>https://ex.org/a#top</link></item>
      <item><title>B &amp; C</title><link>https://ex.org/b</link><pubDate>Tue, 05 Dec 2023 10:00:00 GMT</pubDate></item>
    </channel></rss>"""
    result = parse_feed(doc, "https://ex.org/rss")
    assert [a.url for a in result.items] == ["https://ex.org/a", "https://ex.org/b"]
    assert result.items[0].published_at is None  # year 9999 is a feed bug, not a date
    assert result.items[1].title == "B & C" and result.items[1].language == "de"
    assert [d.reason for d in result.drops] == ["duplicate_item"]


def test_html_page_is_not_a_feed() -> None:
    result = parse_feed(b"<html><body><p>hello</p></body></html>", "https://ex.org/")
    assert not result.items and result.error in {"not_a_feed", "malformed_feed"}
