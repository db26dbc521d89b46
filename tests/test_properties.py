"""Property tests (hypothesis) of the parsers and normalisers that read what others write: URL
canonicalisation, dates, feed items, charsets and text cleaning. An example that once broke a
property stays as an ``@example``.

(Complements the example-based properties in ``test_urls_text.py`` and
``test_extract_metadata.py``: these build structured inputs, URLs, dates and whole feeds,
rather than only random text.)
"""

from __future__ import annotations

import html
import json
import re
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote_to_bytes, urlsplit
from xml.sax.saxutils import escape as xml_escape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alaune.extract.metadata import extract_metadata, parse_date
from alaune.ingest.charset import decode_html
from alaune.ingest.feeds import FeedResult, parse_feed
from alaune.ingest.urls import _TRACKING, canonical_url
from alaune.text import clean_text, language_code, one_line, strip_html

NOW = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)
SOME = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any character, lone surrogates included (hypothesis leaves them out of text by default), and
# the ones that break parsers more often than chance would pick them.
ANY_CHAR = st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.integers(0xD800, 0xDFFF).map(chr),
    st.sampled_from(list("\x00\x07\x1b\x85\u2028\u2029\u202e\u2066\u200b\u0301\ufeff<>&;#%\n\r\t")),
)
ANY_TEXT = st.text(ANY_CHAR, max_size=120)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


# --- URLs --------------------------------------------------------------------------------------

LABEL = st.one_of(
    st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?", fullmatch=True),
    st.text(st.characters(codec="utf-8", categories=["Ll", "Lu", "Lo"]), min_size=1, max_size=8),
    st.sampled_from(["xn--bcher-kva", "WWW", "", "a..b", "%41", "[::1]", "127.0.0.1"]),
)
HOST = st.lists(LABEL, min_size=1, max_size=4).map(".".join)
PORT = st.one_of(st.just(""), st.integers(0, 70000).map(lambda p: f":{p}"), st.just(":x"))
SEGMENT = st.one_of(
    st.text(ANY_CHAR, max_size=8),
    st.sampled_from(["%2541", "%25", "%", "%zz", "%E9", "%c3%a9", "%2F", "..", ".", "~", "%7e"]),
)
PATH = st.lists(SEGMENT, max_size=4).map(lambda parts: "/" + "/".join(parts))
PAIR = st.tuples(
    st.one_of(st.sampled_from(["utm_source", "fbclid", "xtor", "id", "q", "page"]), SEGMENT),
    SEGMENT,
)
QUERY = st.lists(PAIR, max_size=4).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
SCHEME = st.sampled_from(["http", "https", "HTTPS", "hTtP", "ftp", "javascript", "data", ""])


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(SCHEME)
    head = f"{scheme}://" if scheme else draw(st.sampled_from(["", "//", "/"]))
    query = draw(QUERY)
    fragment = draw(st.one_of(st.just(""), SEGMENT.map(lambda s: f"#{s}")))
    return f"{head}{draw(HOST)}{draw(PORT)}{draw(PATH)}{'?' + query if query else ''}{fragment}"


def assert_canonical(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https")
    assert parts.hostname and not parts.fragment
    assert url.isascii(), url  # the host in IDNA, the rest escaped
    assert not any(_TRACKING.match(k.split("=")[0]) for k in parts.query.split("&") if k)
    assert canonical_url(url) == url  # idempotent


@SOME
@given(urls())
@example("http://e.example/%2541")  # decoded once, "%41": a second pass made it "A"
@example("http://e.example/caf%E9")  # Latin-1 bytes: "caf\ufffd" was another page
@example("http://e.example/?q=caf%E9&utm_source=x")
@example("http://e.example/100%")
@example("http://ª.%41.A/")  # IDNA leaves the ASCII labels of a mixed name in upper case
def test_canonical_url_raises_only_value_error_and_is_idempotent(url: str) -> None:
    try:
        canonical = canonical_url(url)
    except ValueError:
        return
    assert_canonical(canonical)


@SOME
@given(urls(), st.sampled_from(["https://base.example/a/b?x=1", "http://b.example", "", None]))
def test_canonical_url_with_a_base(url: str, base: str | None) -> None:
    try:
        canonical = canonical_url(url, base=base)
    except ValueError:
        return
    assert_canonical(canonical)


@SOME
@given(st.binary(max_size=30))
@example(b"caf\xe9")
def test_canonical_url_keeps_the_bytes_an_escape_stands_for(raw: bytes) -> None:
    canonical = canonical_url("https://e.example/" + quote(raw, safe=""))
    assert unquote_to_bytes(urlsplit(canonical).path) == b"/" + raw


# --- dates -------------------------------------------------------------------------------------

YEAR = st.one_of(st.integers(0, 9999), st.sampled_from([1, 1900, 1970, 1991, 2023, 9999]))
ZONE = st.one_of(
    st.sampled_from(["Z", "", "GMT", "UTC", "+00:00", "-14:00", "+14:00", "+9900", "-0330"]),
    st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
        st.sampled_from("+-"),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
)


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
          "Foo"]  # fmt: skip


@st.composite
def date_strings(draw: st.DrawFn) -> str:
    y, mo, d = draw(YEAR), draw(st.integers(0, 13)), draw(st.integers(0, 32))
    h, mi, s = draw(st.integers(0, 25)), draw(st.integers(0, 61)), draw(st.integers(0, 61))
    zone = draw(ZONE)
    month = MONTHS[mo % len(MONTHS)]
    forms = [
        f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}",
        f"Tue, {d:02d} {month} {y:04d} {h:02d}:{mi:02d}:{s:02d} {zone.replace(':', '')}",
        f"{d}. {mo}. {y}, {h}:{mi:02d}",
        f"{month} {d}, {y} at {h}:{mi:02d} pm",
        str(draw(st.integers(-(10**14), 10**14))),
        "".join(draw(st.lists(st.sampled_from("²٣0123456789"), min_size=10, max_size=13))),
        draw(ANY_TEXT),
    ]
    return draw(st.sampled_from(forms))


def in_window(value: datetime | None, earliest: datetime) -> bool:
    if value is None:
        return True
    return value.tzinfo is not None and earliest <= value <= NOW + timedelta(days=2)


@SOME
@given(date_strings())
@example("²²²²²²²²²²")  # ten digits to str.isdigit, not to int()
@example("Mon, 01 Jan 0001 00:00:00 +1400")  # email.utils reads year 1 as 2001
def test_parse_date_never_raises_and_gives_an_aware_datetime(text: str) -> None:
    value = parse_date(text)
    assert value is None or value.tzinfo is not None
    if text.startswith("Mon, 01 Jan 0001"):
        assert value is None or value.year == 1


@FEW
@given(date_strings())
@example("0001-01-01T00:00:00+14:00")
def test_page_dates_are_in_the_window_or_none(text: str) -> None:
    page = (
        f'<html><head><meta property="article:published_time" content="{html.escape(text)}">'
        f'<meta property="article:modified_time" content="{html.escape(text)}">'
        "<title>Un titre</title></head><body><p>Un texte.</p></body></html>"
    )
    meta = extract_metadata(page, "https://e.example/a", now=NOW)
    earliest = datetime(1995, 1, 1, tzinfo=UTC)
    assert in_window(meta.published, earliest) and in_window(meta.updated, earliest)


# --- feed items --------------------------------------------------------------------------------

XML_CHAR = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Co", "Cn"])
XML_TEXT = st.text(XML_CHAR, max_size=40)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cs", "Co", "Cn"})


LINK = st.one_of(urls(), st.sampled_from(["", "  ", "/relative/x", "javascript:alert(1)"]))
ITEM = st.fixed_dictionaries(
    {
        "title": st.one_of(XML_TEXT, st.sampled_from(["<b>Gras</b> &amp; co", "a\u202eb"])),
        "link": LINK.map(xml_safe),
        "guid": st.one_of(st.none(), XML_TEXT, urls().map(xml_safe)),
        "date": st.one_of(st.none(), date_strings().map(xml_safe)),
        "summary": st.one_of(st.none(), XML_TEXT, st.just("<p>Un <i>résumé</i></p><!--")),
    }
)


def rss_doc(items: list[dict[str, str | None]]) -> bytes:
    def x(value: str | None) -> str:
        return xml_escape(value or "")

    body = "".join(
        f"<item><title>{x(i['title'])}</title><link>{x(i['link'])}</link>"
        + (f"<guid>{x(i['guid'])}</guid>" if i["guid"] is not None else "")
        + (f"<pubDate>{x(i['date'])}</pubDate>" if i["date"] is not None else "")
        + (f"<description>{x(i['summary'])}</description>" if i["summary"] else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>https://feed.example/</link>{body}</channel></rss>"
    ).encode()


def atom_doc(items: list[dict[str, str | None]]) -> bytes:
    def x(value: str | None) -> str:
        return xml_escape(value or "", {'"': "&quot;"})

    body = "".join(
        f'<entry><title>{x(i["title"])}</title><link href="{x(i["link"])}"/>'
        f"<id>{x(i['guid'] or 'urn:x')}</id>"
        + (f"<published>{x(i['date'])}</published>" if i["date"] is not None else "")
        + (f"<summary>{x(i['summary'])}</summary>" if i["summary"] else "")
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>T</title><id>urn:feed</id>{body}</feed>"
    ).encode()


def json_doc(items: list[dict[str, str | None]]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "home_page_url": "https://feed.example/",
            "items": [
                {
                    "id": i["guid"],
                    "url": i["link"],
                    "title": i["title"],
                    "date_published": i["date"],
                    "summary": i["summary"],
                }
                for i in items
            ],
        }
    ).encode()


ITEM_DROPS = {"item_without_link", "item_bad_link", "duplicate_item"}


def summary_of(result: FeedResult) -> str:
    items = [[a.url, a.title, a.summary, a.authors, str(a.published_at)] for a in result.items]
    drops = [[d.reason, d.target, d.detail] for d in result.drops]
    return json.dumps([items, drops, result.error, result.title])


@FEW
@given(st.lists(ITEM, max_size=6), st.sampled_from(["rss", "atom", "json"]))
def test_every_feed_item_is_an_article_with_a_canonical_url_or_a_drop(
    items: list[dict[str, str | None]], kind: str
) -> None:
    doc = {"rss": rss_doc, "atom": atom_doc, "json": json_doc}[kind](items)
    result = parse_feed(doc, "https://feed.example/feed", now=NOW)
    item_drops = [d for d in result.drops if d.reason in ITEM_DROPS]
    assert len(result.items) + len(item_drops) == len(items)
    for art in result.items:
        assert_canonical(art.url)
        assert "\n" not in art.title and not UNSAFE.search(art.title + art.summary)
        assert in_window(art.published_at, datetime(1991, 1, 1, tzinfo=UTC))
    if not result.items:
        assert result.error
    assert summary_of(parse_feed(doc, "https://feed.example/feed", now=NOW)) == summary_of(result)


@SOME
@given(st.one_of(st.binary(max_size=300), ANY_TEXT.map(lambda t: t.encode("utf-8", "replace"))))
@example(b'{"items": [{"url": "https://e.example/\\ud800", "title": "\\udfff"}]}')
@example(b'{"items": [{"url": "https://e.example/a", "date_published": "Tue, 05 Dec 2023"}]}')
@example(b'{"items": ' + b"[" * 5000 + b"]" * 5000 + b"}")
@example(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "&b;&b;">]><rss>&a;</rss>')
def test_parse_feed_never_raises(data: bytes) -> None:
    result = parse_feed(data, "https://feed.example/feed", now=NOW)
    assert result.items or result.error
    for art in result.items:
        assert_canonical(art.url)
        for text in (art.title, art.summary, *art.authors):
            text.encode("utf-8")  # storable: no lone surrogates
    for drop in result.drops:
        drop.target.encode("utf-8")


# --- charsets ----------------------------------------------------------------------------------

CHARSETS = st.sampled_from(
    [
        None,
        "utf-8",
        "iso-8859-1",
        "utf-16",
        "utf-16le",
        "utf-7",
        "hex",
        "rot13",
        "base64",
        "unicode_escape",
        "raw_unicode_escape",
        "undefined",
        "punycode",
        "idna",
        "bogus",
        "cp1252",
        "shift_jis",
        "x-user-defined",
    ]
)


@SOME
@given(st.binary(max_size=300), CHARSETS, CHARSETS)
@example(b"<p>\\ud800</p>", "unicode_escape", None)  # escapes made lone surrogates
@example(b"<p>x</p>", "hex", None)  # not a text encoding: LookupError
@example(b"<p>x</p>", None, "undefined")  # fails on any byte: UnicodeError
@example(b"<p>x\x00y</p>", None, None)
def test_decode_html_gives_storable_text(data: bytes, header: str | None, meta: str | None) -> None:
    body = (f'<meta charset="{meta}">'.encode() if meta else b"") + data
    text, charset = decode_html(body, f"text/html; charset={header}" if header else None)
    text.encode("utf-8")  # no lone surrogates
    assert "\x00" not in text and charset


# --- text cleaning -----------------------------------------------------------------------------


@SOME
@given(ANY_TEXT)
@example("e\x00\u0301")  # a control taken out after NFC left "e" and its accent apart
@example("a\u2028b")  # a line separator: two lines in a "one line" title
def test_clean_text_and_one_line(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not any(unicodedata.category(ch)[0] == "C" for ch in cleaned if ch not in "\n\t")
    assert cleaned == cleaned.strip() and "\n\n" not in cleaned
    line = one_line(text)
    assert one_line(line) == line
    assert len(line.splitlines()) <= 1 and "  " not in line
    assert unicodedata.is_normalized("NFC", line)


@SOME
@given(ANY_TEXT)
def test_strip_html_gives_clean_text(fragment: str) -> None:
    text = strip_html(fragment)
    assert clean_text(text) == text
    if "<" not in fragment and "&" not in fragment:
        assert text == clean_text(fragment)


TAG = st.sampled_from(["p", "b", "div", "br/", "script", "style", "iframe", "a href='x>y'"])
# no combining marks: NFC would join a piece's last letter to the next piece's accent
PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=["C", "M"]), max_size=30)


@SOME
@given(st.lists(st.tuples(TAG, PLAIN), max_size=6))
def test_strip_html_keeps_the_text_and_no_markup(parts: list[tuple[str, str]]) -> None:
    fragment = "".join(
        f"<{tag}>{html.escape(text)}</{tag.split()[0].rstrip('/')}>" for tag, text in parts
    )
    text = strip_html(fragment)
    if not any("<" in t for _, t in parts):
        assert "<" not in text
    hidden = ("script", "style", "iframe")
    for piece in (t for tag, t in parts if tag.split()[0] not in hidden):
        for word in clean_text(piece).split():
            assert word in text


@FEW
@given(st.sampled_from(["<!--", "<a", "</", "<![", "<?", "<a x='", "<a '", "\u2028", " \u2029"]))
def test_strip_html_is_linear_on_constructs_left_open(construct: str) -> None:
    start = time.perf_counter()
    strip_html(construct * 100_000)
    assert time.perf_counter() - start < 3  # html.parser took 30 s on 200 kB of "<!--"


@SOME
@given(ANY_TEXT)
def test_language_code(tag: str) -> None:
    code = language_code(tag)
    assert code is None or re.fullmatch(r"[a-z]{2,3}", code)
