"""Reading a page once: its JSON-LD, meta tags, <time> elements and bylines; text helpers."""

from __future__ import annotations

import html as htmllib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# --- small text helpers ------------------------------------------------------------------------

_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_INVISIBLE = re.compile(r"[\u00ad\u200c\u200d\u2060]")
# What no reader should get from a page's facts: control characters (a terminal escape in a
# title), lone surrogates (JSON-LD can escape them, "\ud800", and neither SQLite nor Parquet
# can store them: one such page stopped a whole extract run) and the bidirectional overrides,
# embeddings and isolates, which reorder the text shown after them ("\u202egnp.exe" shows as
# "exe.png"). Whitespace controls (tab, \x1c-\x1f, \x85) are spaces: see _WS.
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


def _safe(text: str) -> str:
    """``text`` without the characters of ``_UNSAFE``."""
    return _UNSAFE.sub("", text)


def _clean(text: str | None) -> str:
    if not text:
        return ""
    if "&" in text and ";" in text:  # some CMSs escape twice
        text = htmllib.unescape(text)
    return _WS.sub(" ", _INVISIBLE.sub("", _safe(text))).strip()


def _web_url(base: str, ref: str) -> str | None:
    """``ref`` made absolute against ``base``, when that is an http(s) URL; never raises. (A
    page's links are whatever it says: "http://[" makes urljoin raise, "javascript:" is no page
    and must not reach a link on ours.)"""
    try:
        url = urljoin(base, ref.strip())
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _path(url: str) -> str:
    """A URL's path, "" for what does not parse."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def _key(text: str) -> str:
    """A loose comparison key: no case, accents, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if ch.isalnum())


def _node_text(node: LexborNode) -> str:
    return _clean(node.text(separator=" "))


# --- collecting the page's facts ---------------------------------------------------------------

_ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "Review"}
_PAGE_TYPES = {"WebPage", "ItemPage", "CollectionPage", "VideoObject"}
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_WRITTEN_BY = re.compile(
    r"(?i)(?:written|posted) by|verfasst von|geschrieben von|autor|auteur|écrit par|escrito por|"
    r"scritto da"
)
_LD_FIELD = re.compile(r'"(headline|name|datePublished|dateModified)"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass(slots=True)
class _Page:
    url: str
    metas: dict[str, list[str]] = field(default_factory=dict)
    ld: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str = ""
    h1: list[str] = field(default_factory=list)
    times: list[tuple[str, bool]] = field(default_factory=list)  # (datetime attr, marked published)
    canonical: str = ""

    def meta(self, *names: str) -> str:
        for name in names:
            for value in self.metas.get(name, ()):
                if value:
                    return value
        return ""


def _load_json(text: str) -> list[Any]:
    """Every JSON value in a script, forgiving the usual breakage (comments, trailing commas)."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return [json.loads(attempt, strict=False)]
        except ValueError:
            pass
        except RecursionError:  # nested thousands deep: not JSON-LD worth reading
            return []
    values, decoder, pos = [], json.JSONDecoder(strict=False), 0
    fixed = _TRAILING_COMMA.sub(r"\1", text)
    while pos < len(fixed):  # several objects one after another, or junk after the first
        start = fixed.find("{", pos)
        if start < 0:
            break
        try:
            value, pos = decoder.raw_decode(fixed, start)
            values.append(value)
        except (ValueError, RecursionError):
            break
    if values:
        return values
    # Beyond repair: keep the plain string fields a regex can still read.
    salvage: dict[str, Any] = {"@type": "Article" if "Article" in text else "Thing"}
    for name, value in _LD_FIELD.findall(text):
        try:
            salvage.setdefault(name, json.loads(f'"{value}"', strict=False))
        except ValueError:
            continue
    return [salvage] if len(salvage) > 1 else []


def _walk_ld(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        for key in ("@graph", "mainEntity"):
            if key in value:
                yield from _walk_ld(value[key], depth + 1)


def _collect(tree: LexborHTMLParser, url: str) -> _Page:
    page = _Page(url)
    selector = (
        'meta,script[type="application/ld+json"],title,h1,time,link[rel=canonical],'
        "[itemprop=datePublished]"
    )
    for node in tree.css(selector):
        tag, attrs = node.tag, node.attributes
        if tag == "meta":
            key = (
                attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            ).lower()
            content = _safe(attrs.get("content") or "")
            if key and content:
                page.metas.setdefault(key.strip(), []).append(content)
            if key == "datepublished" and content:
                page.times.append((content, True))
        elif tag == "script":
            for value in _load_json(node.text()):
                page.ld.extend(_walk_ld(value))
        elif tag == "title":
            page.title_tag = page.title_tag or _node_text(node)
        elif tag == "h1":
            text = _node_text(node)
            if text and len(page.h1) < 3:
                page.h1.append(text)
        elif tag == "time":
            stamp = _safe(attrs.get("datetime") or "")
            mark = "pubdate" in attrs or attrs.get("itemprop") == "datePublished"
            if stamp:
                page.times.append((stamp, mark))
        elif tag == "link":
            if "canonical" in (attrs.get("rel") or ""):
                page.canonical = _safe(attrs.get("href") or "")
        else:
            stamp = attrs.get("datetime") or attrs.get("content") or _node_text(node)
            page.times.append((stamp, True))
    for n in "1234":  # Yoast: twitter:label1 "Written by", twitter:data1 "Jane Doe"
        if _WRITTEN_BY.match(page.meta(f"twitter:label{n}")):
            page.metas.setdefault("twitter:data:author", []).extend(
                page.metas.get(f"twitter:data{n}", [])
            )
    return page


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {n.rsplit("/", 1)[-1].removeprefix("schema:") for n in names if isinstance(n, str)}


def _is_article(node: dict[str, Any]) -> bool:
    return any(t in _ARTICLE_TYPES or t.endswith(("Article", "Posting")) for t in _types(node))


def _main_nodes(ld: list[dict[str, Any]], url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The article node and the page node, or empty dicts.

    Of several articles (a page that also describes its related stories), the one that names
    this page's URL wins, then the first with a headline."""
    path = _path(url).rstrip("/")

    def names_this_page(node: dict[str, Any]) -> bool:
        refs = (_ld_str(node.get(key)) for key in ("url", "@id", "mainEntityOfPage"))
        return bool(path) and any(_path(ref).rstrip("/") == path for ref in refs if ref)

    articles = [n for n in ld if _is_article(n)]
    ranked = sorted(articles, key=lambda n: (not names_this_page(n), not n.get("headline")))
    page = next((n for n in ld if _types(n) & _PAGE_TYPES), {})
    return (ranked[0] if ranked else {}), page


def _ld_str(value: Any) -> str:
    """A JSON-LD value as text: a string, the first of a list, or a node's name/url."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id") or ""
    return _clean(value) if isinstance(value, str) else ""
