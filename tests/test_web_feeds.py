"""The editions as Atom, RSS and JSON Feed: what feed readers see, read back with feedparser."""

from __future__ import annotations

import calendar
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

import feedparser
import pytest

from alaune.publish.feed_items import (
    MAX_ITEMS,
    MAX_TAGS,
    FeedSite,
    edition_url,
    feed_items,
    story_permalink,
)
from alaune.publish.feeds import to_atom, to_json_feed, to_rss
from alaune.records import Edition

SITE = FeedSite(base_url="https://news.example.org/", title="alaune — Top news", lang="en")
HOME = "https://news.example.org/en/"
SELF = "https://news.example.org/en/feed"
NOW = datetime(2024, 3, 9, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"

Render = Callable[..., str]
XML_FORMATS = [pytest.param(to_atom, id="atom"), pytest.param(to_rss, id="rss")]
ALL_FORMATS = [*XML_FORMATS, pytest.param(to_json_feed, id="json")]


def story(story_id: str, rank: int, title: str, **extra: Any) -> dict[str, Any]:
    """An invented story with every field an edition gives; ``extra`` replaces fields."""
    out: dict[str, Any] = {
        "rank": rank,
        "id": story_id,
        "headline": {
            "text": title,
            "article_id": rank,
            "url": f"https://outlet-a.example/{story_id}",
            "outlet": "Outlet A",
            "lang": "en",
            "original_language": False,
        },
        "summary": [
            {
                "text": f"First sentence about {story_id}.",
                "url": f"https://outlet-b.example/{story_id}",
                "outlet": "Outlet B",
                "lang": "en",
                "original_language": False,
                "article_id": 100 + rank,
            },
            {
                "text": f"Second sentence about {story_id}.",
                "url": f"https://outlet-c.example/{story_id}",
                "outlet": "Outlet C",
                "lang": "en",
                "original_language": False,
                "article_id": 200 + rank,
            },
        ],
        "score": {"total": 1.0, "parts": {}, "counts": {}},
        "key_facts": {
            "people": ["Ada Example", "Bo Sample"],
            "places": ["Atlantis"],
            "organisations": ["Acme Union"],
            "dates": [],
        },
        "quotes": [
            {
                "text": "We will build the bridge",
                "speaker": "Ada Example",
                "attribution": "Ada Example said",
                "sentence": "We will build the bridge, Ada Example said.",
                "url": f"https://outlet-b.example/{story_id}",
                "outlet": "Outlet B",
            }
        ],
        "coverage": {
            "articles": 7,
            "independent_sources": 5,
            "outlets": [],
            "languages": ["en", "fr"],
            "countries": ["GB", "FR"],
            "first_at": "2024-03-07T06:30:00+01:00",
            "latest_at": "2024-03-07T20:00:00+00:00",
        },
        "image": None,
        "timeline": [],
        "related": [],
        "articles": [],
    }
    out.update(extra)
    return out


def edition(day: str, built_at: str | None, stories: Sequence[dict[str, Any]]) -> Edition:
    """An edition as the store keeps it (JSON), read back by the one codec."""
    meta: dict[str, Any] = {"date": day, "lang": "en", "tz": "UTC", "title": "Top news"}
    if built_at is not None:
        meta["built_at"] = built_at
    return Edition.from_dict({"edition": meta, "stories": list(stories)})


def two_days() -> list[Edition]:
    """Two editions, newest first; story "s-cont" runs on both days."""
    return [
        edition(
            "2024-03-08",
            "2024-03-08T07:00:00+00:00",
            [story("s-new", 2, "Newer second"), story("s-cont", 1, "Continuing, day two")],
        ),
        edition(
            "2024-03-07",
            "2024-03-07T07:00:00+00:00",
            [story("s-cont", 1, "Continuing, day one"), story("s-old", 2, "Older second")],
        ),
    ]


def parse(text: str) -> Any:
    return feedparser.parse(text.encode("utf-8"))


def utc(parsed: Any) -> datetime:
    """feedparser's UTC struct_time as an aware datetime."""
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


class _Tags(HTMLParser):
    """The tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def contents_html(render: Render, editions: Sequence[Edition]) -> list[str]:
    """The HTML fragments of the items, unescaped from their XML or JSON exactly once."""
    text = render(SITE, editions, SELF, now=NOW)
    if render is to_json_feed:
        return [item["content_html"] for item in json.loads(text)["items"]]
    root = ET.fromstring(text)
    if render is to_atom:
        return [c.text or "" for c in root.iter(f"{ATOM}content")]
    return [d.text or "" for d in root.iter("description")][1:]  # [0] is the channel's


# --- addresses and items ---


def test_site_addresses_are_normalised_and_quoted() -> None:
    assert SITE.base_url == "https://news.example.org"
    assert (
        story_permalink(SITE, "s6331804785d2") == "https://news.example.org/en/story/s6331804785d2"
    )
    assert edition_url(SITE, "2024-03-08") == "https://news.example.org/en/2024-03-08"
    # an id is one path segment whatever it holds
    assert story_permalink(SITE, "a/b?c") == "https://news.example.org/en/story/a%2Fb%3Fc"
    local = FeedSite("http://127.0.0.1:8000///", "t", "fr")
    assert story_permalink(local, "x") == "http://127.0.0.1:8000/fr/story/x"


@pytest.mark.parametrize(
    ("base", "lang"),
    [("javascript:alert(1)", "en"), ("news.example.org", "en"), ("https://x.org", "e n")],
)
def test_site_refuses_bad_base_or_language(base: str, lang: str) -> None:
    with pytest.raises(ValueError):
        FeedSite(base, "t", lang)


@pytest.mark.parametrize("render", ALL_FORMATS)
def test_self_url_must_be_a_web_address(render: Render) -> None:
    with pytest.raises(ValueError):
        render(SITE, two_days(), "javascript:alert(1)")


def test_one_item_per_story_newest_version_first_then_rank() -> None:
    items = feed_items(two_days())
    assert [i.story_id for i in items] == ["s-cont", "s-new", "s-old"]
    cont = items[0]
    assert cont.title == "Continuing, day two"
    assert cont.day == "2024-03-08"
    assert cont.updated == datetime(2024, 3, 8, 7, 0, tzinfo=UTC)
    assert cont.published == datetime(2024, 3, 7, 5, 30, tzinfo=UTC)


def test_editions_out_of_order_are_taken_newest_day_first() -> None:
    items = feed_items(list(reversed(two_days())))
    assert items[0].title == "Continuing, day two"
    assert [i.story_id for i in items] == ["s-cont", "s-new", "s-old"]


def test_items_are_capped() -> None:
    stories = [story(f"s{n}", n + 1, f"Story {n}") for n in range(MAX_ITEMS + 15)]
    items = feed_items([edition("2024-03-08", "2024-03-08T07:00:00Z", stories)])
    assert len(items) == MAX_ITEMS
    assert items[-1].story_id == f"s{MAX_ITEMS - 1}"


def test_dates_fall_back_to_the_edition_day() -> None:
    undated = story("s1", 1, "No first report", coverage={"articles": 2})
    [item] = feed_items([edition("2024-03-08", None, [undated])])
    assert item.updated == datetime(2024, 3, 8, tzinfo=UTC)
    assert item.published == item.updated


def test_stories_without_id_and_editions_without_date_are_left_out() -> None:
    no_id = story("", 1, "No id")
    undated = Edition.from_dict(
        {"edition": {"lang": "en"}, "stories": [story("s9", 1, "Undated edition")]}
    )
    editions = [edition("2024-03-08", "2024-03-08T07:00:00Z", [no_id]), undated]
    assert feed_items(editions) == []


def test_tags_take_each_kind_in_turn_without_repeats() -> None:
    facts = {
        "people": [f"Person {n}" for n in range(10)] + ["atlantis"],
        "places": ["Atlantis", "Lemuria"],
        "organisations": ["Acme Union"],
        "dates": ["2024-03-08"],
    }
    [item] = feed_items([edition("2024-03-08", None, [story("s1", 1, "T", key_facts=facts)])])
    assert len(item.tags) == MAX_TAGS
    assert item.tags[:4] == ("Person 0", "Atlantis", "Acme Union", "Person 1")
    assert "Lemuria" in item.tags
    assert "2024-03-08" not in item.tags


# --- the XML feeds, read back ---


@pytest.mark.parametrize("render", XML_FORMATS)
def test_xml_feed_is_well_formed_and_describes_the_site(render: Render) -> None:
    text = render(SITE, two_days(), SELF)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    ET.fromstring(text)  # raises on malformed XML
    parsed = parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if render is to_atom else "rss20")
    assert parsed.feed.title == "alaune — Top news"
    assert parsed.feed.link == HOME
    assert parsed.feed.language == "en"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [SELF]
    assert len(parsed.entries) == 3


@pytest.mark.parametrize("render", ALL_FORMATS)
def test_output_is_deterministic(render: Render) -> None:
    assert render(SITE, two_days(), SELF, now=NOW) == render(SITE, two_days(), SELF, now=NOW)


def rendered_titles(render: Render, headlines: Sequence[str]) -> list[str]:
    stories = [story(f"s{n}", n + 1, h) for n, h in enumerate(headlines)]
    text = render(SITE, [edition("2024-03-08", None, stories)], SELF)
    if render is to_json_feed:
        return [item["title"] for item in json.loads(text)["items"]]
    parsed = parse(text)
    assert not parsed.bozo
    return [e.title for e in parsed.entries]


@pytest.mark.parametrize("render", ALL_FORMATS)
def test_titles_come_back_exactly(render: Render) -> None:
    headlines = [
        'Tom & Jerry <3 "quotes"',
        "AT&T buys T-Mobile",
        "O'Brien: 5 > 4 — <b>bold</b>",
        "]]> ends a CDATA section",
    ]
    assert rendered_titles(render, headlines) == headlines


@pytest.mark.parametrize("render", [to_atom, to_json_feed])
def test_typed_titles_keep_entity_like_text(render: Render) -> None:
    # RSS cannot say its titles are plain text, so readers (feedparser included) take a title
    # holding "&amp;" for HTML; Atom's type="text" and JSON Feed's plain "title" are exact
    headlines = ["AT&amp;T is not AT&T", "R&D &copy; 2024"]
    assert rendered_titles(render, headlines) == headlines


@pytest.mark.parametrize("render", XML_FORMATS)
def test_links_and_ids_are_stable_permalinks(render: Render) -> None:
    first = parse(render(SITE, two_days(), SELF))
    # the next day: a new edition on top, the continuing story with a new headline again
    later = [
        edition("2024-03-09", "2024-03-09T07:00:00Z", [story("s-cont", 3, "Day three")]),
        *two_days(),
    ]
    second = parse(render(SITE, later, SELF))
    permalink = "https://news.example.org/en/story/s-cont"
    assert first.entries[0].link == permalink
    assert first.entries[0].id == permalink
    assert [e.id for e in first.entries] == [
        story_permalink(SITE, s) for s in ("s-cont", "s-new", "s-old")
    ]
    ids = [e.id for e in second.entries]
    assert ids.count(permalink) == 1
    assert second.entries[0].title == "Day three"
    assert set(ids) == {e.id for e in first.entries}


@pytest.mark.parametrize("render", XML_FORMATS)
def test_entry_dates(render: Render) -> None:
    parsed = parse(render(SITE, two_days(), SELF))
    cont, new = parsed.entries[0], parsed.entries[1]
    assert utc(cont.published_parsed) == datetime(2024, 3, 7, 5, 30, tzinfo=UTC)
    assert utc(cont.updated_parsed) == datetime(2024, 3, 8, 7, 0, tzinfo=UTC)
    assert utc(new.updated_parsed) == datetime(2024, 3, 8, 7, 0, tzinfo=UTC)
    assert utc(parsed.feed.updated_parsed) == datetime(2024, 3, 8, 7, 0, tzinfo=UTC)


def test_rss_dates_are_rfc_822_and_guids_permalinks() -> None:
    root = ET.fromstring(to_rss(SITE, two_days(), SELF))
    channel = root.find("channel")
    assert channel is not None
    last_build = parsedate_to_datetime(channel.findtext("lastBuildDate") or "")
    assert last_build == datetime(2024, 3, 8, 7, 0, tzinfo=UTC)
    items = channel.findall("item")
    pub = parsedate_to_datetime(items[0].findtext("pubDate") or "")
    assert pub == datetime(2024, 3, 7, 5, 30, tzinfo=UTC)
    guid = items[0].find("guid")
    assert guid is not None
    assert guid.get("isPermaLink") == "true"
    assert guid.text == items[0].findtext("link") == story_permalink(SITE, "s-cont")


def test_atom_feed_identity_author_and_related_link() -> None:
    text = to_atom(SITE, two_days(), SELF)
    root = ET.fromstring(text)
    assert root.findtext(f"{ATOM}id") == HOME
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == SITE.title
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.find(f"{ATOM}author") is None  # the headline's outlet is not the author
    rels = {link.get("rel"): link.get("href") for link in entry.iter(f"{ATOM}link")}
    assert rels == {
        "alternate": story_permalink(SITE, "s-cont"),
        "related": "https://outlet-a.example/s-cont",
    }
    parsed = parse(text)
    assert parsed.feed.author == SITE.title


@pytest.mark.parametrize("render", XML_FORMATS)
def test_categories(render: Render) -> None:
    parsed = parse(render(SITE, two_days(), SELF))
    terms = [t.term for t in parsed.entries[0].tags]
    assert terms == ["Ada Example", "Atlantis", "Acme Union", "Bo Sample"]


# --- the HTML content ---


@pytest.mark.parametrize("render", ALL_FORMATS)
def test_content_cites_sources_quotes_and_coverage(render: Render) -> None:
    content = contents_html(render, two_days())[0]
    assert (
        '<p>First sentence about s-cont. — <a href="https://outlet-b.example/s-cont">Outlet B</a></p>'
        in content
    )
    assert "Second sentence about s-cont." in content
    assert "<blockquote><p>We will build the bridge</p><p>— Ada Example, <a " in content
    assert "7 articles, 5 independent outlets, languages: en, fr" in content
    assert '<a href="https://outlet-a.example/s-cont">Outlet A</a>' in content
    tags = _Tags()
    tags.feed(content)
    assert set(tags.tags) <= {"p", "a", "blockquote", "figure", "img", "figcaption"}
    hrefs = [v or "" for k, v in tags.attrs if k in ("href", "src")]
    assert hrefs
    assert all(h.startswith("https://") for h in hrefs)


def test_content_speaks_the_feed_language() -> None:
    site = FeedSite("https://news.example.org", "alaune — À la une", "fr")
    data = json.loads(to_json_feed(site, two_days(), "https://news.example.org/fr/feed.json"))
    assert "7 articles, 5 sources indépendantes" in data["items"][0]["content_html"]
    assert data["items"][0]["url"] == "https://news.example.org/fr/story/s-cont"


def test_image_goes_into_the_content_not_an_enclosure() -> None:
    image = {
        "url": "https://img.example/p.jpg",
        "caption": 'A "bridge" & a river',
        "credit": "Photo Agency",
        "article_url": "https://outlet-a.example/s1",
        "outlet": "Outlet A",
    }
    editions = [edition("2024-03-08", None, [story("s1", 1, "With image", image=image)])]
    root = ET.fromstring(to_atom(SITE, editions, SELF))
    assert [
        link.get("rel") for link in root.iter(f"{ATOM}link") if link.get("rel") == "enclosure"
    ] == []
    content = root.findtext(f"{ATOM}entry/{ATOM}content") or ""
    assert (
        '<img src="https://img.example/p.jpg" alt="A &quot;bridge&quot; &amp; a river">' in content
    )
    data = json.loads(to_json_feed(SITE, editions, SELF))
    assert data["items"][0]["image"] == "https://img.example/p.jpg"


# --- hostile input ---


def hostile_editions() -> list[Edition]:
    evil = "<script>alert(1)</script> ]]> \x00\x0b\ufffe\ud800 end"
    bad_story = story(
        "s-evil",
        1,
        f"Headline {evil}",
        headline={"text": f"Headline {evil}", "url": "javascript:alert(1)", "outlet": evil},
        summary=[
            {"text": f"Sentence {evil}", "url": " JavaScript:alert(1)", "outlet": evil},
            {"text": "Data", "url": "data:text/html,<script>alert(1)</script>", "outlet": "D"},
        ],
        quotes=[{"text": evil, "speaker": evil, "url": "java\tscript:alert(1)", "outlet": evil}],
        key_facts={"people": [evil], "places": [], "organisations": [], "dates": []},
        image={"url": "javascript:alert(1)", "caption": evil, "credit": evil},
    )
    bad_story["coverage"]["languages"] = [evil]
    return [edition("2024-03-08", "2024-03-08T07:00:00Z", [bad_story])]


@pytest.mark.parametrize("render", ALL_FORMATS)
def test_hostile_strings_keep_the_feed_well_formed(render: Render) -> None:
    text = render(SITE, hostile_editions(), SELF)
    text.encode("utf-8")  # raises on a lone surrogate
    for bad in ("\x00", "\x0b", "\ufffe", "\ud800"):
        assert bad not in text
    assert "javascript:" not in text.lower()
    assert "data:text" not in text
    if render is to_json_feed:
        [item] = json.loads(text)["items"]
        assert item["title"] == "Headline <script>alert(1)</script> ]]> end"
        assert "external_url" not in item
        assert "image" not in item
        return
    ET.fromstring(text)
    parsed = parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == "Headline <script>alert(1)</script> ]]> end"


@pytest.mark.parametrize("render", ALL_FORMATS)
def test_hostile_markup_is_text_in_the_content(render: Render) -> None:
    [content] = contents_html(render, hostile_editions())
    assert "<script" not in content.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    tags = _Tags()
    tags.feed(content)
    assert "script" not in tags.tags
    assert all(k != "href" for k, _ in tags.attrs)  # every source address was dropped


# --- JSON Feed and the empty feed ---


def test_json_feed_fields() -> None:
    text = to_json_feed(SITE, two_days(), SELF)
    data = json.loads(text)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == SITE.title
    assert data["home_page_url"] == HOME
    assert data["feed_url"] == SELF
    assert data["language"] == "en"
    assert data["authors"] == [{"name": SITE.title, "url": HOME}]
    first = data["items"][0]
    assert [i["id"] for i in data["items"]] == [
        story_permalink(SITE, s) for s in ("s-cont", "s-new", "s-old")
    ]
    assert first["url"] == first["id"]
    assert first["title"] == "Continuing, day two"
    assert first["external_url"] == "https://outlet-a.example/s-cont"
    assert first["summary"] == "First sentence about s-cont."
    assert first["date_published"] == "2024-03-07T05:30:00Z"
    assert first["date_modified"] == "2024-03-08T07:00:00Z"
    assert first["tags"] == ["Ada Example", "Atlantis", "Acme Union", "Bo Sample"]


@pytest.mark.parametrize("render", XML_FORMATS)
def test_empty_feed_is_valid_and_dated_now(render: Render) -> None:
    text = render(SITE, [], SELF, now=NOW)
    ET.fromstring(text)
    parsed = parse(text)
    assert not parsed.bozo
    assert parsed.entries == []
    assert parsed.feed.title == SITE.title
    assert utc(parsed.feed.updated_parsed) == NOW


def test_empty_json_feed() -> None:
    data = json.loads(to_json_feed(SITE, [], SELF, now=NOW))
    assert data["items"] == []
    assert data["version"] == "https://jsonfeed.org/version/1.1"
