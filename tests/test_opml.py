"""OPML 2.0 import and export."""

from __future__ import annotations

import pytest

from alaune.errors import OPMLError
from alaune.ingest.opml import parse_opml, write_opml
from alaune.model import Source

DOC = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="France">
    <outline type="rss" text="Le Journal" xmlUrl="https://journal.example/rss?utm_source=opml"
             htmlUrl="https://journal.example/" language="fr" country="FR" ownership="private"/>
    <outline text="nested"><outline type="rss" text="Deep" xmlUrl="http://deep.example/feed"/></outline>
  </outline>
  <outline type="rss" text="Dup" xmlUrl="https://journal.example/rss"/>
  <outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" title="Titled" xmlUrl="https://t.example/atom.xml"/>
</body></opml>"""


def test_parse_nested_dedup_and_facts() -> None:
    sources = parse_opml(DOC)
    assert [s.feed_url for s in sources] == [
        "https://journal.example/rss", "http://deep.example/feed", "https://t.example/atom.xml",
    ]  # fmt: skip
    first = sources[0]
    assert (first.title, first.language, first.country, first.ownership, first.category) == (
        "Le Journal", "fr", "FR", "private", "France",
    )  # fmt: skip
    assert sources[1].category == "nested"
    assert sources[2].title == "Titled"


def test_roundtrip() -> None:
    sources = parse_opml(DOC)
    again = parse_opml(write_opml(sources).encode())
    assert [(s.feed_url, s.title, s.language, s.country, s.category) for s in again] == [
        (s.feed_url, s.title, s.language, s.country, s.category) for s in sources
    ]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (b"<opml><body>", "not well-formed"),
        (b"<rss version='2.0'><channel/></rss>", "not OPML"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"<opml version='2.0'><body><outline text='x'/></body></opml>", "lists no feeds"),
        (
            b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
             <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
             <opml><body><outline text="&lol2;" xmlUrl="https://x.example/"/></body></opml>""",
            "forbidden XML",
        ),
        (
            b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
             <opml><body><outline text="&xxe;" xmlUrl="https://x.example/"/></body></opml>""",
            "forbidden XML",
        ),
    ],
)
def test_malformed_opml_is_a_clear_error(doc: bytes, message: str) -> None:
    with pytest.raises(OPMLError, match=message):
        parse_opml(doc, name="feeds.opml")


def test_export_escapes_titles() -> None:
    doc = write_opml([Source(feed_url="https://x.example/rss", title='A <b>"&" B</b>')])
    assert parse_opml(doc.encode())[0].title == 'A <b>"&" B</b>'
