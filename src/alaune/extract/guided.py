"""The publisher's own statement of the body, as a second opinion.

Many pages state their article text for search engines (JSON-LD ``articleBody``) or ship it to
the browser as data (``"contentHtml": "<p>…"`` in a script, for pages a framework renders).
It is one flat string, often with the teasers and captions left out, so it is not the body we
return; but when what trafilatura found covers little of it, trafilatura took the wrong block
(or the page has no <p> to find), and the elements of the page whose text the statement
contains are the article's paragraphs, in order and with their structure.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from alaune.extract.body import Block, tidy

# A statement this short is a summary, not the body.
MIN_HINT_CHARS = 1000
# Below this share of the statement's word 4-grams, what was found is not its body.
COVERED = 0.6
# What the page's elements give must cover this much of the statement to replace it.
GUIDED_COVERS = 0.8
# An element belongs to the body when this share of its 4-grams is in the statement.
ELEMENT_INSIDE = 0.8

_WORD = re.compile(r"\w+")
_SKIP = {"script", "style", "noscript", "template", "svg", "select", "option", "button"}
_KIND = {"h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h", "li": "li", "blockquote": "quote"}
_INLINE = {"a", "b", "strong", "em", "i", "span", "u", "sup", "sub", "small", "mark", "abbr",
           "cite", "q", "time", "font", "-text", "br", "s", "del", "ins", "code"}  # fmt: skip


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def coverage(hint_grams: set[tuple[str, ...]], text: str) -> float:
    """The share of the statement's 4-grams that ``text`` holds."""
    if not hint_grams:
        return 1.0
    return len(hint_grams & _grams(_words(text))) / len(hint_grams)


def _as_text(statement: str) -> str:
    if "<" in statement and ">" in statement:
        return LexborHTMLParser(statement).text(separator=" ")
    return htmlmod.unescape(statement)


def _own_text(node: LexborNode) -> str:
    """The text of an element without that of its block-level children."""
    parts: list[str] = []
    child = node.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in _INLINE:
            parts.append(child.text(deep=True, separator=""))
        else:
            parts.append("\n")
        child = child.next
    return "".join(parts)


def _pieces(tree: LexborHTMLParser) -> Iterable[tuple[str, str]]:
    """The page's runs of text, in order, with the kind of block each stands in."""
    root = tree.body
    if root is None:
        return
    for node in root.traverse(include_text=False):
        if node.tag in _INLINE or node.tag in _SKIP:
            continue
        for run in _own_text(node).split("\n"):
            run = tidy(run)
            if run:
                yield _KIND.get(node.tag or "", "p"), run


def select(tree: LexborHTMLParser, statement: str) -> list[Block]:
    """The page's text runs that the statement contains, as blocks."""
    hint_words = _words(_as_text(statement))
    hint_grams = _grams(hint_words)
    hint_flat = " ".join(hint_words)
    blocks: list[Block] = []
    seen: set[str] = set()
    for kind, run in _pieces(tree):
        words = _words(run)
        if not words:
            continue
        grams = _grams(words)
        inside = (
            len(grams & hint_grams) / len(grams) >= ELEMENT_INSIDE
            if len(words) >= 4
            else f" {' '.join(words)} " in f" {hint_flat} "
        )
        if inside and run not in seen:
            seen.add(run)
            blocks.append(Block(kind, run))
    return blocks


def from_statement(
    found: list[Block], tree: LexborHTMLParser, statement: str | None
) -> list[Block] | None:
    """Blocks chosen by the publisher's statement when they beat ``found``; else None."""
    if not statement or len(statement) < MIN_HINT_CHARS:
        return None
    hint_grams = _grams(_words(_as_text(statement)))
    have = coverage(hint_grams, "\n".join(b.text for b in found))
    if have >= COVERED:
        return None
    guided = select(tree, statement)
    got = coverage(hint_grams, "\n".join(b.text for b in guided))
    return guided if got >= GUIDED_COVERS and got > have else None


# Pages a framework renders ship the article as HTML inside a JSON string in a script.
_EMBEDDED = re.compile(r'"(?:\w*(?:[Hh]tml|[Bb]ody|[Cc]ontent)\w*)"\s*:\s*"((?:[^"\\]|\\.){800,})"')


def embedded_html(tree: LexborHTMLParser) -> str | None:
    """The longest HTML fragment with paragraphs found as a JSON string in the page's scripts."""
    best: str | None = None
    for script in tree.css("script"):
        if (script.attributes.get("type") or "").endswith("ld+json"):
            continue
        source = script.text()
        if "<p" not in source and "\\u003cp" not in source:
            continue
        for m in _EMBEDDED.finditer(source):
            try:
                value = json.loads(f'"{m.group(1)}"')
            except ValueError:
                continue
            if value.count("<p") >= 2 and (best is None or len(value) > len(best)):
                best = value
    return best


def _is_caption(node: LexborNode) -> bool:
    return node.tag in ("figure", "figcaption") or "caption" in (node.attributes.get("class") or "")


def _ancestors(node: LexborNode) -> list[LexborNode]:
    chain = []
    current = node.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def embedded_blocks(fragment: str) -> list[Block]:
    """The paragraphs and sub-headings of an embedded article fragment."""
    tree = LexborHTMLParser(fragment)
    blocks = []
    for node in tree.css("p,h2,h3,h4,li,blockquote"):
        if node.parent is not None and node.parent.tag in ("li", "blockquote", "p"):
            continue
        if any(_is_caption(a) for a in _ancestors(node)):
            continue
        text = tidy(node.text(deep=True, separator=" "))
        if text:
            blocks.append(Block(_KIND.get(node.tag or "", "p"), text))
    return blocks


_PROBE = re.compile(r"[^\W\d_]+")
# A lead shorter than this is a kicker or a label, not a standfirst.
MIN_LEAD_CHARS = 80


def _key(text: str) -> str:
    return " ".join(_words(text))


def lead(
    tree: LexborHTMLParser, description: str | None, found: list[Block], html: str
) -> Block | None:
    """The standfirst printed above the article, when trafilatura left it out.

    Pages print their lead (chapô) between headline and body, outside the element that holds
    the paragraphs, and state it as their description; when an element of the page shows
    exactly that text and the body does not hold it, it is the body's first paragraph."""
    if not description or len(description) < MIN_LEAD_CHARS or not found:
        return None
    want = _key(description.rstrip(". …"))
    if coverage(_grams(want.split()), "\n".join(b.text for b in found[:5])) >= 0.5:
        return None
    # The elements whose own text holds the longest of the description's first words (lexbor
    # searches in C; one word, as the page may put non-breaking spaces where the description
    # has spaces), and up to two of their parents (the lead may begin inside a <strong>).
    first = [w for w in _PROBE.findall(description[:120]) if len(w) >= 4]
    if not first:
        return None
    words = max(first, key=len)
    seen: set[int] = set()
    for hit in tree.css(f'*:lexbor-contains("{words}")'):
        node: LexborNode | None = hit
        for _ in range(3):
            if node is None or node.mem_id in seen or node.tag in ("head", "body", "html"):
                break
            seen.add(node.mem_id)
            raw = node.text(deep=True, separator=" ")
            if len(raw) > 4 * len(description) + 200:
                break
            text = tidy(raw)
            if len(text) > 2 * len(description) + 20:
                break
            key = _key(text)
            if len(text) >= MIN_LEAD_CHARS and (
                key == want or (description.endswith(("...", "…")) and key.startswith(want))
            ):
                return Block("p", text)
            node = node.parent
    return None
