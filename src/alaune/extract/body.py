"""The article body: trafilatura's core, then block-level cleaning.

trafilatura finds the main content well; what it leaves in is mostly furniture *inside* the
article container: teasers, credits, share prompts, the title again, lines the site repeats on
every page. We classify what it keeps block by block (``boilerplate.classify``, the learned site
template), and keep what we take out in its own field. (Pruning the tree by class names before
trafilatura runs was tried and cost more recall than it gained precision.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import trafilatura
from lxml.etree import _Element
from selectolax.lexbor import LexborHTMLParser, LexborNode
from trafilatura.utils import load_html

from alaune.extract.boilerplate import Kind, classify
from alaune.extract.metadata.page import _safe
from alaune.extract.templates import SiteTemplate


@dataclass(slots=True)
class Block:
    """A paragraph of the body: ``kind`` is p (paragraph), h (sub-heading), li, quote or table."""

    kind: str
    text: str
    # Past the article's last long paragraph and outside the element that holds its long
    # paragraphs: related links, bios and promos that trafilatura kept (see mark_outside).
    trailing_outside: bool = False


@dataclass(slots=True)
class Body:
    """The body's blocks, and what was taken out of it, by kind."""

    blocks: list[Block] = field(default_factory=list)
    removed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Paragraphs separated by newlines (the form the evaluation scores)."""
        return "\n".join(b.text for b in self.blocks)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


# Zero-width spaces, word joiners and byte-order marks: invisible on the page, but they split
# words for every later stage. Soft hyphens stay: they are the writer's hyphenation points, which
# a narrow column needs; stages that compare words remove them (about as many reference texts
# keep them as drop them).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


def tidy(text: str) -> str:
    """A block's text on one line, without invisible characters (nor controls, lone surrogates
    and bidirectional overrides: see ``_safe``)."""
    return " ".join(_INVISIBLE.sub("", _safe(text)).split())


def _block(kind: str, el: _Element) -> Block | None:
    text = tidy("".join(el.itertext()))
    return Block(kind, text) if text else None


_KINDS = {"head": "h", "quote": "quote", "table": "table"}


def _blocks(body: _Element) -> list[Block]:
    out: list[Block | None] = []
    for el in body:
        if el.tag == "list":
            out.extend(_block("li", item) for item in el.iter("item"))
        else:
            out.append(
                _block({"head": "h", "quote": "quote", "table": "table"}.get(el.tag, "p"), el)
            )
    return [b for b in out if b is not None]


# A short block that is all link text is a link to another page: a teaser, a related article.
LINK_SHARE = 0.8
LINK_MAX_WORDS = 25


def _is_doubled(text: str) -> bool:
    """'Headline Headline': a link card that repeats its own title."""
    half = len(text) // 2
    return len(text) > 20 and text[:half].strip() == text[half:].strip()


def _is_title(text: str, title_key: str) -> bool:
    """The headline again: as is, with the site's suffix ("Title | wdr aktuell"), or with its
    kicker ("Bei Protesten 2022 Bericht: ..."), or in the other wording of the headline that
    pages print above the article (most of its words, and not much more)."""
    key = _norm(text)
    if key == title_key or (title_key in key and len(key) < len(title_key) + 40):
        return True
    words, title_words = set(key.split()), set(title_key.split())
    if len(title_words) < 4 or len(key) > 1.6 * len(title_key):
        return False
    return len(words & title_words) >= 0.7 * len(title_words)


# A paragraph this long is the article's own; the element holding all of them is its body.
LONG_BLOCK_WORDS = 30
_LOCATED = "p,h1,h2,h3,h4,h5,h6,li,blockquote,td,figcaption"


def _ancestry(node: LexborNode) -> list[int]:
    chain = []
    current: LexborNode | None = node
    while current is not None:
        chain.append(current.mem_id)
        current = current.parent
    return chain


def mark_outside(blocks: list[Block], tree: LexborHTMLParser) -> None:
    """Flag the short blocks that come after the article's last long paragraph and stand
    outside the element that holds all its long paragraphs (matched back to the page by text)."""
    where: dict[str, LexborNode] = {}
    for node in tree.css(_LOCATED):
        where.setdefault(_norm(node.text(deep=True, separator=" ")), node)
    chains = [_ancestry(where[k]) if (k := _norm(b.text)) in where else None for b in blocks]
    longs = [
        i for i, b in enumerate(blocks) if chains[i] and len(b.text.split()) >= LONG_BLOCK_WORDS
    ]
    if len(longs) < 2:
        return
    first = chains[longs[0]] or []
    common = set(first).intersection(*(chains[i] or [] for i in longs[1:]))
    body = next((a for a in first if a in common), None)
    # An ancestor this close to the root is the page itself, not an article container.
    if body is None or len(first) - first.index(body) <= 3:
        return
    for i in range(longs[-1] + 1, len(blocks)):
        chain = chains[i]
        if (
            chain is not None
            and body not in chain
            and len(blocks[i].text.split()) < LONG_BLOCK_WORDS
        ):
            blocks[i].trailing_outside = True


def anchor_texts(tree: LexborHTMLParser) -> set[str]:
    """The normalised texts of the page's links long enough to be headlines."""
    # In-page anchors (a table of contents pointing at the article's own sub-headings) and
    # mail or script links are not links to other pages.
    texts = (
        _norm(a.text(deep=True, separator=" "))
        for a in tree.css("a[href]")
        if not (a.attributes.get("href") or "#").startswith(("#", "mailto:", "javascript:"))
    )
    return {t for t in texts if len(t) >= 15}


# A teaser card (headline, date, summary, all inside one link) holds at most this many words.
CARD_MAX_WORDS = 90


def caption_texts(tree: LexborHTMLParser) -> set[str]:
    """The normalised texts of the page's picture captions (figcaption and caption boxes)."""
    nodes = tree.css('figcaption,[class*="caption"],[itemprop="caption"]')
    texts = (
        _norm(n.text(deep=True, separator=" ")) for n in nodes if n.tag not in ("body", "html")
    )
    return {t for t in texts if len(t) >= 15}


def _is_link(text: str, anchors: set[str] | None) -> bool:
    """A short block that is (almost) all the text of one link: a teaser of another page;
    or a block that sits whole inside one link with little else: a teaser card's summary."""
    if not anchors:
        return False
    key = _norm(text)
    if len(text.split()) > LINK_MAX_WORDS:
        return len(text.split()) <= CARD_MAX_WORDS and any(
            key in a and len(a) <= 2 * len(key) for a in anchors if len(a) > len(key)
        )
    if key in anchors:
        return True
    return any(len(a) >= LINK_SHARE * len(key) and a in key for a in anchors)


# An outlet advertising itself names itself and a channel: "Die WAZ auch bei Social Media",
# "Folgst du schon 20 Minuten auf Whatsapp?", "Follow Metro.co.uk on Twitter".
_CHANNEL = re.compile(
    r"\b(?:app|newsletter|whatsapp|instagram|facebook|twitter|tiktok|youtube|telegram|"
    r"social media|e-?paper|push-nachrichten|inbox|folgen sie|folgt uns|folgst du|follow us|"
    r"follow \S+ on|suivez-nous|síguenos)\b",
    re.IGNORECASE,
)
PROMO_MAX_WORDS = 35


def site_names(site_name: str | None, url: str | None) -> set[str]:
    """How a page's outlet names itself: its site name and its domain's main label."""
    names = {_norm(site_name)} if site_name else set()
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [x for x in host.split(".") if x not in ("www", "m", "amp")]
    if len(labels) >= 2:
        main = labels[-3] if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else labels[-2]
        names.add(_norm(main))
    return {n for n in names if len(n) >= 3}


_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "or", "ne"}


def _is_self_promotion(text: str, names: set[str]) -> bool:
    if not names or len(text.split()) > PROMO_MAX_WORDS or not _CHANNEL.search(text):
        return False
    key = f" {_norm(text)} "
    return any(f" {name} " in key for name in names)


def clean(
    blocks: list[Block],
    title: str | None,
    template: SiteTemplate | None = None,
    anchors: set[str] | None = None,
    site: set[str] | None = None,
    captions: set[str] | None = None,
) -> Body:
    """Classify each block: article text stays, furniture goes to ``removed`` by kind."""
    result = Body()
    counts = Counter(b.text for b in blocks)
    title_key = _norm(title or "")
    for i, block in enumerate(blocks):
        kind: str | None = None
        if i < 3 and title_key and block.kind in ("h", "p") and _is_title(block.text, title_key):
            kind = "title"
        elif counts[block.text] >= 3 and len(block.text.split()) >= 6:
            kind = "repeated"
        elif _is_doubled(block.text) or _is_link(block.text, anchors):
            kind = Kind.TEASER
        elif captions and block.kind != "h" and _norm(block.text) in captions:
            kind = "caption"
        elif block.trailing_outside:
            kind = "outside"
        elif _is_self_promotion(block.text, site or set()):
            kind = "promo"
        elif template is not None and template.matches(block.text):
            kind = classify(block.text) or "template"
        else:
            kind = classify(block.text)
        if kind is None:
            result.blocks.append(block)
        else:
            result.removed.setdefault(str(kind), []).append(block.text)
    return result


# trafilatura's fast mode finds the text of most pages; its full mode (which also runs
# readability and justext and keeps the best) costs 1.4x as much and pays only where the fast
# result misses much of the page's paragraph text. Measured on the shared news pages: retrying
# the tenth of pages whose fast result holds under half of their <p> text gives the full mode's
# recall (0.965 vs 0.951) for a fifth of its extra cost.
RETRY_BELOW_SHARE = 0.5
# Short results are retried too: on the varied (non-news) pages of trafilatura-eval this gains
# 0.2 points of recall for 1.6 ms a page.
RETRY_BELOW_CHARS = 1000


def paragraph_chars(html: str) -> int:
    """Characters of text inside the page's <p> elements: a cheap bound on what is to find."""
    tree = LexborHTMLParser(html)
    return sum(len(p.text(deep=True)) for p in tree.css("p"))


def main_article_only(html: str, title: str | None) -> _Element | None:
    """The page's tree without the other articles an infinite scroll appended, when the page
    holds several top-level <article> elements and exactly one carries the headline in its
    <h1>; None when there is nothing to take out (the common case, decided cheaply)."""
    if not title or html.count("<article") < 2:
        return None
    tree = load_html(html)
    if tree is None:
        return None
    articles = [
        a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())
    ]
    key = _norm(title)[:50]
    main = [a for a in articles if any(key in _norm("".join(h.itertext())) for h in a.iter("h1"))]
    if len(articles) < 2 or len(main) != 1 or not key:
        return None
    others = [a for a in articles if a is not main[0] and len("".join(a.itertext())) > 300]
    for other in others:
        other.getparent().remove(other)
    return tree if others else None


def _run(html: str | _Element, url: str | None, fast: bool) -> list[Block]:
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        fast=fast,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
    )
    body = getattr(doc, "body", None)  # a Document (as_dict is off), or None
    return _blocks(body) if body is not None else []


def raw_blocks(
    html: str, url: str | None, p_chars: int | None = None, title: str | None = None
) -> list[Block]:
    """The blocks trafilatura keeps as main content, before our cleaning.

    Its fast mode first; its full mode (which also runs readability and justext and keeps the
    best) only when the fast result is short, which is where the full mode's extra recall is.
    """
    tree = main_article_only(html, title)  # an lxml element has no truth value: test for None
    page: str | _Element = html if tree is None else tree
    blocks = _run(page, url, fast=True)
    found = sum(len(b.text) for b in blocks)
    if p_chars is None:
        p_chars = paragraph_chars(html)
    if found < max(RETRY_BELOW_CHARS, RETRY_BELOW_SHARE * p_chars):
        blocks = _run(page, url, fast=False)
    return blocks
