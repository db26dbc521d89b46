"""URL canonicalisation, charset decoding and text normalisers, with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alaune.ingest.charset import decode_html
from alaune.ingest.htmlmeta import declared_language
from alaune.ingest.urls import canonical_url
from alaune.text import clean_text, language_code, strip_html


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "HTTPS://WWW.Example.COM:443/a/b?utm_source=rss&b=2&a=1#frag",
            "https://www.example.com/a/b?a=1&b=2",
        ),
        ("http://example.com", "http://example.com/"),
        (
            "http://example.com:8080/x?at_medium=RSS&at_campaign=KARANGA",
            "http://example.com:8080/x",
        ),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("  https://example.com/a%20b  ", "https://example.com/a%20b"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://x/y", "mailto:a@b", "/relative",
                                 "http://", "http://exa mple.com:99999/"])  # fmt: skip
def test_canonical_url_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        canonical_url(bad)


def test_relative_url_with_base() -> None:
    assert canonical_url("../b?x=1", base="https://e.example/a/c") == "https://e.example/b?x=1"


@given(st.text(max_size=200))
def test_canonical_url_raises_only_valueerror_and_is_idempotent(raw: str) -> None:
    for candidate in (raw, "http://example.com/" + raw, "https://" + raw):
        try:
            once = canonical_url(candidate)
        except ValueError:
            continue
        assert canonical_url(once) == once


@given(
    st.binary(max_size=500),
    st.sampled_from([None, "text/html; charset=utf-8", "text/html; charset=bogus", "text/html"]),
)
def test_decode_never_raises(data: bytes, ctype: str | None) -> None:
    text, charset = decode_html(data, ctype)
    assert isinstance(text, str) and charset


def test_wrong_latin_claim_is_read_as_utf8() -> None:
    body = "<p>Élections à Zürich : ça continue</p>".encode()
    text, charset = decode_html(body, "text/html; charset=iso-8859-1")
    assert charset == "utf-8" and "Élections à Zürich" in text


def test_real_latin1_stays_latin1() -> None:
    body = "<meta charset='iso-8859-1'><p>Été à Paris</p>".encode("latin-1")
    text, _ = decode_html(body)
    assert "Été à Paris" in text


def test_utf8_page_with_one_broken_byte_stays_utf8() -> None:
    # a page declared UTF-8 whose text has one stray byte: the rest must not be garbled
    words = "Kolejne organizacje sprzeciwiają się atakom na fundację. " * 20
    body = b"<meta charset='UTF-8'><p>" + words.encode() + b"\xc3(</p>"
    text, charset = decode_html(body)
    assert charset == "utf-8" and "sprzeciwiają się" in text and "\ufffd" in text


def test_meta_charset_and_windows_1251() -> None:
    body = "<meta charset=windows-1251><p>Привет, мир</p>".encode("cp1251")
    assert "Привет, мир" in decode_html(body)[0]


@given(st.text(max_size=300))
def test_clean_text_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text(max_size=300))
def test_strip_html_never_raises(fragment: str) -> None:
    assert "<script" not in strip_html("<script>x</script>" + fragment).lower()[:8]


def test_strip_html() -> None:
    assert strip_html("<p>A&amp;B</p><script>evil()</script><p>C&nbsp;D</p>") == "A&B\nC D"


def test_language_codes() -> None:
    assert [language_code(x) for x in ("en-US", "FR_fr", "utf-8", "", None, "deu")] == [
        "en", "fr", None, None, None, "deu",
    ]  # fmt: skip
    assert declared_language('<html class="x" lang="pl-PL"><head>') == "pl"
    assert declared_language('<meta property="og:locale" content="es_ES">') == "es"
    assert declared_language("<html><body>no language</body></html>") is None
