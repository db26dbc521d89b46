"""The extract stage: HTML + URL -> ``Extraction``. Pure: no I/O, no store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import py3langid
from selectolax.lexbor import LexborHTMLParser

from alaune.drops import Reason
from alaune.extract.body import (
    Block,
    anchor_texts,
    caption_texts,
    clean,
    mark_outside,
    raw_blocks,
    site_names,
)
from alaune.extract.guided import embedded_blocks, embedded_html, from_statement, lead
from alaune.extract.metadata import Image, Metadata, extract_metadata, split_names
from alaune.extract.templates import SiteTemplate
from alaune.extract.wire import wire_credits
from alaune.ingest.htmlmeta import declared_language

EXTRACTOR_VERSION = 1
_LANGID_CHARS = 1200  # enough for a sure answer; py3langid's cost grows with the text


@dataclass(slots=True)
class Extraction:
    """An article's text and facts, and what was taken out of the text, by kind."""

    title: str | None
    blocks: list[Block]
    authors: list[str]
    published: datetime | None
    updated: datetime | None
    language: str | None
    site_name: str | None
    canonical_url: str | None
    description: str | None
    image: Image | None
    section: str | None
    topics: list[str]
    paywalled: bool
    wire: list[dict[str, str | None]]
    removed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The body: one paragraph or sub-heading per line."""
        return "\n".join(b.text for b in self.blocks)

    @property
    def teasers(self) -> list[str]:
        """In-article links to other articles ("Lire aussi | ...")."""
        return self.removed.get("teaser", [])

    def to_json(self) -> dict[str, Any]:
        """The record `alaune extract --format json(l)` prints."""
        return {
            "title": self.title,
            "text": self.text,
            "paragraphs": [{"kind": b.kind, "text": b.text} for b in self.blocks],
            "authors": self.authors,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "language": self.language,
            "site_name": self.site_name,
            "canonical_url": self.canonical_url,
            "image": (
                {"url": self.image.url, "caption": self.image.caption, "credit": self.image.credit}
                if self.image
                else None
            ),
            "section": self.section,
            "topics": self.topics,
            "paywalled": self.paywalled,
            "wire": self.wire,
            "teasers": self.teasers,
            "removed": {k: len(v) for k, v in self.removed.items()},
            # what was taken out of the text, kept word for word by kind: nothing is lost
            "furniture": self.removed,
        }


def detect_language(text: str, declared: str | None) -> str | None:
    """The text's language (py3langid); the page's declaration when the text is too short."""
    sample = text[:_LANGID_CHARS]
    if len(sample) < 40:
        return declared
    lang, _score = py3langid.classify(sample)
    return str(lang)


_BY = re.compile(r"^(?:by|von|par|por|di|door|av|af)\s+", re.IGNORECASE)


def byline(meta: Metadata) -> list[str]:
    """The byline as a reader sees it: the people, and the organisation credited beside them or
    instead of them ("dpa", "Le Figaro et AFP" -> "Le Figaro", "AFP")."""
    if not meta.authors:
        return [_BY.sub("", c) for c in meta.credits[:1]]
    orgs = [n for c in meta.credits for n in split_names(c) if n not in meta.authors]
    return meta.authors + orgs[:2]


@dataclass(slots=True)
class Prepared:
    """What the first pass over a page finds: its facts, trafilatura's blocks and its link
    texts. Batch runs keep these (not the parsed tree) between learning site templates from the
    blocks and cleaning the blocks against them."""

    meta: Metadata
    blocks: list[Block]
    anchors: set[str]
    captions: set[str] = field(default_factory=set)


# HTML parsers slow down sharply on hostile nesting (lexbor takes 14 s on 100,000 nested
# <div>s, 8 s on 16,000 nested tables) and on hostile numbers of elements (a 10 MB page of
# 700,000 <span>s took 22 s and 1.2 GB). Tags are only counted on pages with many of them, so
# ordinary pages pay nothing. Of 1,290 real pages (../shared), counted as below (which
# overcounts elements left open), the largest has 4,500 elements and the deepest nests 1,500.
MAX_DEPTH = 2000
MAX_ELEMENTS = 50_000
_MANY_TAGS = 10_000  # under this, the worst nesting costs the parsers about half a second
# A tag: a quoted attribute value may hold ">", but no "<", so that a scan never runs past the
# next tag (with "[^>]*", 60,000 "<a" and no ">" took 80 s).
_TAG = re.compile(r"""<(/?)([a-zA-Z][\w-]*)(?:"[^"<]*"|'[^'<]*'|[^'"<>])*?(/?)>""")
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col",
         "embed", "param", "track"}  # fmt: skip
# Elements whose end tag may be left out (the next one closes them): uncounted, since they nest
# only inside an element that is counted (a list, a table).
_OPTIONAL_END = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
                 "tbody", "tfoot", "colgroup", "caption", "rt", "rp", "rb", "rtc", "html",
                 "head", "body"}  # fmt: skip


class HostilePage(ValueError):
    """A page no extractor should try: ``reason`` is the drop reason it gets."""

    reason: Reason = Reason.HOSTILE_PAGE


class PageTooDeep(HostilePage):
    """The page nests elements deeper than any real article does."""

    reason = Reason.PAGE_TOO_DEEP


class PageTooBig(HostilePage):
    """The page has more elements than any real article has."""

    reason = Reason.TOO_MANY_ELEMENTS


def _check_shape(html: str) -> None:
    if html.count("<") < _MANY_TAGS:
        return
    depth = elements = 0
    for m in _TAG.finditer(html):
        tag = m.group(2).lower()
        if m.group(3) or tag in _VOID or tag in _OPTIONAL_END:
            continue
        if m.group(1):
            depth = max(depth - 1, 0)
            continue
        depth += 1
        elements += 1
        if depth > MAX_DEPTH:
            raise PageTooDeep(f"elements nested more than {MAX_DEPTH} deep")
        if elements > MAX_ELEMENTS:
            raise PageTooBig(f"more than {MAX_ELEMENTS} elements")


# Under this many characters a page's result is worth checking against text its scripts carry.
SHORT_RESULT = 500


def second_opinion(blocks: list[Block], tree: LexborHTMLParser, stated: str | None) -> list[Block]:
    """trafilatura's blocks, or better ones where the page states its body (see guided)."""
    guided = from_statement(blocks, tree, stated)
    if guided is not None:
        return guided
    if sum(len(b.text) for b in blocks) < SHORT_RESULT:
        fragment = embedded_html(tree)
        if fragment is not None:
            shipped = embedded_blocks(fragment)
            if sum(len(b.text) for b in shipped) > 2 * sum(len(b.text) for b in blocks):
                return shipped
    return blocks


def prepare(html: str, url: str) -> Prepared:
    """The first pass over a page: one lexbor parse for the facts and links, trafilatura once."""
    _check_shape(html)
    tree = LexborHTMLParser(html)
    meta = extract_metadata(html, url, tree=tree)
    p_chars = sum(len(p.text(deep=True)) for p in tree.css("p"))
    blocks = raw_blocks(html, url, p_chars, meta.title)
    blocks = second_opinion(blocks, tree, meta.stated_body)
    standfirst = lead(tree, meta.description, blocks, html)
    if standfirst is not None:
        blocks.insert(0, standfirst)
    mark_outside(blocks, tree)
    return Prepared(meta, blocks, anchor_texts(tree), caption_texts(tree))


def extract(
    html: str, url: str, template: SiteTemplate | None = None, prepared: Prepared | None = None
) -> Extraction:
    """Extract one page (``prepared``: its first pass, when a batch already made it)."""
    first = prepared or prepare(html, url)
    meta = first.meta
    site = site_names(meta.site_name, url)
    body = clean(first.blocks, meta.title, template, first.anchors, site, first.captions)
    lines = [b.text for b in body.blocks]
    # Credits sit at the top or the bottom of a text, or were taken out as furniture.
    evidence = (
        lines[:3] + lines[-3:] + body.removed.get("credit", []) + body.removed.get("byline", [])
    )
    wire = wire_credits(evidence, byline=meta.authors, html_meta=meta)
    return Extraction(
        title=meta.title,
        blocks=body.blocks,
        authors=byline(meta),
        published=meta.published,
        updated=meta.updated,
        language=detect_language(body.text, declared_language(html)),
        site_name=meta.site_name,
        canonical_url=meta.canonical_url,
        description=meta.description,
        image=meta.image,
        section=meta.section,
        topics=meta.topics,
        paywalled=meta.paywalled or "paywall" in body.removed,
        wire=wire,
        removed=body.removed,
    )
