"""Bylines: the people who wrote an article, and the organisations credited instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from alaune.extract.metadata.page import _clean, _node_text, _Page, _types
from alaune.extract.metadata.titles import _Site
from alaune.extract.wire import agency_of

# --- authors -----------------------------------------------------------------------------------

_AUTHOR_METAS = (
    "author", "article:author", "og:article:author", "article:author_name", "parsely-author",
    "sailthru.author", "dc.creator", "dcterms.creator", "citation_author", "cxenseparse:author",
    "byl", "dcsext.author", "articleauthor", "og:author", "authors", "twitter:data:author",
    "twitter:misc:written by",
)  # fmt: skip
_BY = re.compile(
    r"^(?:(?:written|reported|text|texte|words|story|reporting)\s+)?"
    r"(?:by|von|par|por|door|av|af|di|przez|od)\s+(?=\S)|^(?i:autor(?:in|a|es)?|authors?|auteurs?|"
    r"text|texte|redacci[oó]n|von|by|por|par)\s*:\s*",
    re.IGNORECASE,
)
# "A, B and C", "A und B", "A et B", "A y B", "A & B", "A / B"; conjunctions lower case only, so
# a middle initial "A" is no separator.
_NAME_SPLIT = re.compile(
    r"\s*(?:[,;|]|\s&\s|\s/\s|\n)\s*|\s+(?:and|und|et|y|e|i|og|och|en|a|ve|и|та|és|ja|oraz)\s+"
)
_ROLE = re.compile(
    r"(?i)\b(?:reporter|correspondent|editor|writer|journalist|columnist|contributor|"
    r"photographer|producer|analyst|redakteur(?:in)?|korrespondent(?:in)?|journaliste|"
    r"correspondant(?:e)?|rédact(?:eur|rice)|periodista|corresponsal|redactor(?:a)?|giornalista|"
    r"inviat[oa]|chefredakteur(?:in)?|autor(?:in)?|author)\b"
)
_ROLE_SUFFIX = re.compile(
    r"\s*(?:기자|특파원|記者|记者|特派員|編集委員)$"
)  # "신현주 기자": reporter
_ORG = re.compile(
    r"(?i)(?:\b(?:redaktion|rédaction|redacción|redazione|redactie|redação|newsroom|staff|team|"
    r"desk|editorial|editors|online|news|nachrichten|media|agency|agentur|agence|agencia|"
    r"agenzia|press|presse|zeitung|times|journal|tribune|radio|tv|verlag|gazette|herald|daily|"
    r"magazine?|group|gruppe|ltd|inc|gmbh|reuters|bloomberg)\b|\.(?:com|net|org|de|at|ch|fr|"
    r"uk|it|es|nl|be|pl|se|no|dk|fi|cz|ru|tr|jp|in|au|ca|us|io|info)\b|^www\.)"
)
_ORG_URL = re.compile(
    r"(?i)\bwww\.|\b[\w-]+\.(?:com|net|org|de|at|ch|fr|co\.uk|it|es|nl|be|cz|pl|se|no|dk|tr|in)\b"
)
# Words of page furniture that byline-looking elements hold ("Folgen", "Twitter Facebook").
_NOT_NAME = re.compile(
    r"(?i)^(?:by|von|par|por|door|av|di|from)$|\b(?:follow|folgen|suivre|seguir|share|teilen|partager|"
    r"compartir|twitter|facebook|linkedin|instagram|whatsapp|e-?mail|login|logout|log in|ausloggen|"
    r"einloggen|anmelden|abmelden|abonnieren|subscribe|newsletter|mehr|more|profile?|alle|all|"
    r"articles?|artikel|hallo|hello|menu|menü|quelle|source|fuente)\b"
)
_ARTICLE_START = re.compile(r"(?i)^(?:the|der|die|das|el|il|le|la|les|los|las|het|lo)\s+\S")
_PHOTO_LABEL = re.compile(r"(?i)^(?:fotos?|photos?|bilder?|grafik|video|illustrations?)\s*:")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_URL = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+|^@\w+$")
_PAREN = re.compile(r"\s*[(\[]([^)\]]*)[)\]]\s*")


def _ld_people(value: Any, ids: dict[str, dict[str, Any]]) -> list[tuple[str, bool]]:
    """(name, is an organisation) for each author a JSON-LD value lists."""
    if isinstance(value, list):
        return [p for item in value for p in _ld_people(item, ids)]
    if isinstance(value, str):
        return [(value, False)]
    if not isinstance(value, dict):
        return []
    if len(value) <= 2 and isinstance(value.get("@id"), str) and value["@id"] in ids:
        value = ids[value["@id"]]  # Yoast and friends point to a Person elsewhere in the graph
    name = value.get("name") or value.get("byline") or value.get("alternateName")
    if not name and (value.get("givenName") or value.get("familyName")):
        name = f"{value.get('givenName') or ''} {value.get('familyName') or ''}"
    is_org = any(
        t.endswith("Organization") or t in {"Corporation", "WebSite"} for t in _types(value)
    )
    names = name if isinstance(name, list) else [name]
    return [(n, is_org) for n in names if isinstance(n, str) and n.strip()]


def _split_names(raw: str) -> Iterator[str]:
    raw = _BY.sub("", _clean(raw))
    for part in _NAME_SPLIT.split(raw):
        part = _PAREN.sub(" ", _BY.sub("", part.strip())).strip(" .:-–—·*")
        part = _ROLE_SUFFIX.sub("", part)
        if part:
            yield part


def _is_person(name: str, site: _Site) -> bool:
    words = name.split()
    if not words or len(words) > 6 or len(name) > 60 or any(ch.isdigit() for ch in name):
        return False
    if _EMAIL_URL.search(name) or _ROLE.search(name) or _ORG.search(name) or _NOT_NAME.search(name):
        return False
    # "Le Figaro", "The Guardian", "Der Spiegel": a title starting with an article is a paper
    if _ARTICLE_START.match(name) or _PHOTO_LABEL.match(name):
        return False
    return agency_of(name) is None and not site.named(name)


_BYLINE_NODES = (
    "[rel~=author],[itemprop=author],[class*=byline i],[class*=author i],"
    'a[href*="/author/"],a[href*="/autor/"],a[href*="/autoren/"],a[href*="/auteur/"],'
    'a[href*="/journalist/"],a[href*="/signataires/"]'
)


def _dom_bylines(tree: LexborHTMLParser) -> Iterator[str]:
    """Byline texts from the visible page, in page order; the last resort for authors."""
    for node in tree.css(_BYLINE_NODES)[:40]:
        if node.tag in {"link", "meta", "script", "style", "img"}:
            continue
        name = (
            node.css_first("[itemprop=name]")
            if node.attributes.get("itemprop") == "author"
            else None
        )
        text = _node_text(name or node)
        if 2 < len(text) <= 80:
            yield text


def _people(raw: str, site: _Site) -> tuple[list[str], bool]:
    """The person names in a byline, and whether it also names an organisation."""
    raw = _EMAIL.sub(" ", raw)
    if _ORG_URL.search(raw):  # "Deutsche Welle (www.dw.com)", "hessenschau.de, Frankfurt"
        return [], True
    names = list(_split_names(raw))
    people = [n for n in names if _is_person(n, site)]
    others = [n for n in names if n not in people]
    paren = _PAREN.search(raw)  # "Jane Doe (dpa)"
    named_org = any(agency_of(n) or site.named(n) or _ORG.search(n) for n in others) or bool(
        paren and agency_of(paren.group(1))
    )
    return people, named_org


def _authors(
    tree: LexborHTMLParser, page: _Page, article: dict[str, Any], site: _Site
) -> tuple[list[str], list[str]]:
    """The people who wrote the article, and the organisation bylines met on the way.

    The first source naming a person wins: JSON-LD, then the meta tags in a fixed order, then
    (only when the metadata names nobody at all) the first visible byline."""
    ids = {n["@id"]: n for n in page.ld if isinstance(n.get("@id"), str)}
    ld = _ld_people(article.get("author"), ids) or _ld_people(article.get("creator"), ids)
    sources = [ld] + [
        [(v, False) for v in page.metas.get(name, ()) if not _EMAIL_URL.match(v)]
        for name in _AUTHOR_METAS
    ]
    credits: dict[str, None] = {}  # an ordered set
    for source in sources:
        people: list[str] = []
        for raw, is_org in source:
            found, named_org = ([], True) if is_org else _people(raw, site)
            if named_org:
                credits[_clean(raw)] = None  # "Le Figaro et AFP", "Jane Doe (dpa)", "dpa"
            people += [n for n in found if n not in people]
        if people:
            return people, list(credits)
    if not credits:
        for text in _dom_bylines(tree):
            found, named_org = _people(text, site)
            if named_org:
                credits[text] = None
            if found or named_org:
                return found, list(credits)
    return [], list(credits)
