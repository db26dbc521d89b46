"""An article's facts (title, bylines, dates, lead image, paywall) from its HTML page.

Sources, most trusted first: JSON-LD (what publishers feed search engines), OpenGraph and other
meta tags, then the visible page (``<h1>``, ``<time>``, bylines). One parse, no network.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from alaune.extract.wire import agency_of


@dataclass(slots=True)
class Image:
    """The lead image, with its caption and the credit split off it."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(slots=True)
class Metadata:
    """What a page says about its article; missing facts are None or empty."""

    title: str | None
    authors: list[str]  # people only; organisations go to ``credits``
    published: datetime | None  # timezone-aware, in the offset the page gave
    updated: datetime | None
    site_name: str | None
    canonical_url: str | None
    description: str | None
    image: Image | None
    section: str | None
    topics: list[str]
    paywalled: bool
    # Bylines that name an organisation (the site itself, "Le Figaro et AFP", "dpa"), verbatim:
    # not authors, but the evidence wire_credits needs.
    credits: list[str] = field(default_factory=list)


# --- small text helpers ------------------------------------------------------------------------

_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_INVISIBLE = re.compile(r"[\u00ad\u200c\u200d\u2060]")


def _clean(text: str | None) -> str:
    if not text:
        return ""
    if "&" in text and ";" in text:  # some CMSs escape twice
        text = htmllib.unescape(text)
    return _WS.sub(" ", _INVISIBLE.sub("", text)).strip()


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
    values, decoder, pos = [], json.JSONDecoder(strict=False), 0
    fixed = _TRAILING_COMMA.sub(r"\1", text)
    while pos < len(fixed):  # several objects one after another, or junk after the first
        start = fixed.find("{", pos)
        if start < 0:
            break
        try:
            value, pos = decoder.raw_decode(fixed, start)
            values.append(value)
        except ValueError:
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
            content = attrs.get("content")
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
            stamp = attrs.get("datetime") or ""
            mark = "pubdate" in attrs or attrs.get("itemprop") == "datePublished"
            if stamp:
                page.times.append((stamp, mark))
        elif tag == "link":
            if "canonical" in (attrs.get("rel") or ""):
                page.canonical = attrs.get("href") or ""
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
    path = urlsplit(url).path.rstrip("/")

    def names_this_page(node: dict[str, Any]) -> bool:
        refs = (_ld_str(node.get(key)) for key in ("url", "@id", "mainEntityOfPage"))
        return bool(path) and any(urlsplit(ref).path.rstrip("/") == path for ref in refs if ref)

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


# --- site name and title -----------------------------------------------------------------------

_TITLE_SEP = re.compile(r"(\s+[|–—·•»›:~/-]{1,2}\s+|\s*[|·•»›]\s*)")
_SECTION = re.compile(r"[^\W\d]{3,15}")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "or", "ne", "gv"}


class _Site:
    """What the site calls itself, to tell its name from a title or a byline."""

    def __init__(self, page: _Page, article: dict[str, Any]) -> None:
        host = (urlsplit(page.url).hostname or "").removeprefix("www.")
        labels = host.split(".")
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            self.brand = _key(labels[-3])
        else:
            self.brand = _key(labels[-2]) if len(labels) >= 2 else _key(host)
        names = [page.meta("og:site_name", "og:site:name", "og:sitename", "application-name")]
        names.append(_ld_str(article.get("publisher")))
        names += [
            _ld_str(n.get("name"))
            for n in page.ld
            if _types(n) & {"WebSite", "NewsMediaOrganization"}
        ]
        names.append(page.meta("twitter:site").lstrip("@"))
        self.name = next((n for n in names if n), None)
        self.keys = {_key(n) for n in names if n} | {_key(host), self.brand}
        self.keys.discard("")

    def named(self, text: str) -> bool:
        """Whether text names the site ("SN.at", "Globalnews.ca", "CBC News", "MDR THÜRINGEN")."""
        key = _key(text)
        if not key:
            return False
        if key in self.keys:
            return True
        # the brand and a word: "CBC News", "MDR THÜRINGEN" (not "Zeit für Veränderung" on zeit.de)
        words = text.split()
        if len(words) == 2 and len(self.brand) >= 2 and _key(words[0]) == self.brand:
            return True
        if len(self.brand) >= 3 and key.startswith(self.brand) and len(key) - len(self.brand) <= 4:
            return True  # the brand and its domain ending: "derstandardat", "globalnewsca"
        # or a longer form of it ("tageszeitung" in "Die Neue Südtiroler Tageszeitung")
        return len(self.brand) >= 6 and self.brand in key and len(key) <= 2.5 * len(self.brand)


def _strip_site(title: str, site: _Site) -> str:
    """The title without a site name before or after it ("X | Le Monde", "BBC News - X")."""
    parts = _TITLE_SEP.split(title)
    segments = parts[::2]
    if len(segments) < 2:
        return title
    if site.named(segments[0]):  # "BBC News - X"
        return "".join(parts[2:]).strip() or title
    for i in range(len(segments) - 1, 0, -1):
        if i >= len(segments) / 2 and site.named(segments[i]):
            # The site's name ends the title; what follows it is section noise ("› Panorama"),
            # and so is a one-word section before it ("X - Politik - Example.de").
            kept = parts[: 2 * i - 1]
            while len(kept) >= 3 and _SECTION.fullmatch(kept[-1].strip()):
                kept = kept[:-2]
            return "".join(kept).strip() or title
    return title


def _contains(longer: str, shorter: str) -> bool:
    """Whether shorter is longer without a kicker before it or a tail after it."""
    a, b = _key(longer), _key(shorter)
    return len(b) >= 15 and len(b) < len(a) and (a.startswith(b) or a.endswith(b))


def _title(page: _Page, article: dict[str, Any], site: _Site) -> str | None:
    meta_title = page.meta("parsely-title", "sailthru.title", "dc.title", "citation_title", "title")
    raw = [
        _ld_str(article.get("headline")),
        page.meta("og:title"),
        page.meta("twitter:title"),
        meta_title,
    ]
    # A title has letters: some pages put a date or a count in og:title.
    candidates = [
        c for c in (_strip_site(_clean(r), site) for r in raw) if any(ch.isalpha() for ch in c)
    ]
    if not candidates:
        fallback = [_strip_site(_clean(page.title_tag), site), *page.h1]
        return next((c for c in fallback if any(ch.isalpha() for ch in c)), None)
    title = candidates[0]
    # When one source adds a kicker ("Olympische Spiele: X") or a tail ("X | Sport") to what another
    # says, the shorter one is the headline proper.
    for other in candidates[1:]:
        if _contains(title, other):
            title = other
    return title


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


# --- dates -------------------------------------------------------------------------------------

_PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "article:published",
    "article:published:time", "og:published_time", "published_time", "parsely-pub-date",
    "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "citation_publication_date", "citation_date", "citation_online_date",
    "pubdate", "publishdate", "publish-date", "publish_date", "publisheddate", "publication_date",
    "datepublished", "date", "cxenseparse:recs:publishtime", "cxenseparse:publishtime",
    "content:publishdate", "prism.publicationdate", "date.available", "date.created",
    "displaydate", "dc.date.created", "og:pubdate", "release_date",
)  # fmt: skip
_UPDATED_METAS = (
    "article:modified_time", "og:article:modified_time", "article:modified", "og:updated_time",
    "dc.date.modified", "dcterms.modified", "datemodified", "date.modified", "date.updated",
    "lastupdate", "last-modified", "parsely-updated", "sailthru.lastmodified",
)  # fmt: skip
_ISO = re.compile(
    r"(?<!\d)(\d{4})([-/.]?)(\d{1,2})\2(\d{1,2})(?!\d)"
    r"(?:(?:T|\s+|,\s*)(\d{1,2})[:h.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(?!\d)(?:,?\s+(?:um\s+)?(\d{1,2})[:.](\d{2}))?"
)
_MONTHS = {
    name: i + 1
    for names in (
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "january february march april may june july august september october november december",
    )
    for i, name in enumerate(names.split())
}
_TEXT_DATE = re.compile(
    r"(?i)(?:(\d{1,2})\.?\s+(?:de\s+)?([^\W\d]{3,10})\.?,?\s+(?:de\s+)?(\d{4})|"
    r"([^\W\d]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))"
    r"(?:,?\s+(?:at\s+|um\s+|à\s+)?(\d{1,2})[:h.](\d{2})\s*([ap]\.?m\.?)?)?"
)
_RFC2822 = re.compile(r"[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[^\d]|$)")
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def _zone(text: str | None) -> timezone:
    if not text or text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    if minutes >= 24 * 60:  # "+9900" is no zone; read the time as UTC rather than fail
        return UTC
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def _build(
    y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, tz: timezone = UTC
) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def parse_date(text: str) -> datetime | None:
    """A timezone-aware datetime from the common ways pages write dates (naive means UTC)."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):  # a Unix timestamp, in seconds or milliseconds
        return datetime.fromtimestamp(int(text[:10]), UTC)
    if _RFC2822.match(text):  # "Fri, 03 May 2024 15:47:42 +0200", as feeds and some CMSs write
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            stamp = None
        if stamp is not None:
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    m = _ISO.search(text)
    if m:
        y, _, mo, d, h, mi, s, tz = m.groups()
        return _build(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), _zone(tz))
    m = _DMY.search(text)
    if m:
        d, mo, y, h, mi = m.groups()
        return _build(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
    m = _TEXT_DATE.search(text)
    if m:
        d1, mon1, y1, mon2, d2, y2, h, mi, ampm = m.groups()
        word = (mon1 or mon2 or "").casefold()
        month = _MONTHS.get(word) or _MONTHS.get(word[:3])  # "mars", "Sept", "Dec"
        if month:
            hour = (
                int(h or 0) % 12 + (12 if ampm and ampm[0] in "pP" else 0) if ampm else int(h or 0)
            )
            return _build(int(y1 or y2), month, int(d1 or d2), hour, int(mi or 0))
    return None


def _plausible(value: datetime | None, now: datetime) -> datetime | None:
    if value is None or value < _EARLIEST or value > now + timedelta(days=2):
        return None
    return value


def _htmldate(html: str, url: str) -> datetime | None:
    """htmldate's reading of the visible page (a dateline, "Do 25.04.24"); a slow last resort."""
    try:
        from htmldate import find_date  # optional: comes with trafilatura
    except ImportError:
        return None
    try:
        found = find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:  # a fallback's failure on odd markup must not lose the other facts
        return None
    return parse_date(found) if found else None


def _dates(
    html: str, page: _Page, article: dict[str, Any], node: dict[str, Any], now: datetime
) -> tuple[datetime | None, datetime | None]:
    published_raw = [_ld_str(article.get("datePublished")), _ld_str(article.get("dateCreated"))]
    published_raw += [page.meta(name) for name in _PUBLISHED_METAS]
    published_raw += [_ld_str(node.get("datePublished")), _ld_str(node.get("uploadDate"))]
    published_raw += [stamp for stamp, marked in page.times if marked]
    published_raw += [stamp for stamp, _ in page.times[:3]]
    published = None
    for raw in published_raw:
        if raw and (published := _plausible(parse_date(raw), now)):
            break
    if published is None and (m := _URL_DATE.search(urlsplit(page.url).path)):
        published = _plausible(_build(int(m[1]), int(m[2]), int(m[3])), now)
    if published is None:
        published = _plausible(_htmldate(html, page.url), now)
    updated_raw = [_ld_str(article.get("dateModified")), _ld_str(node.get("dateModified"))]
    updated_raw += [page.meta(name) for name in _UPDATED_METAS]
    updated = None
    for raw in updated_raw:
        if raw and (updated := _plausible(parse_date(raw), now)):
            break
    return published, updated


# --- lead image --------------------------------------------------------------------------------

_CREDIT_LABEL = (
    r"(?i:(?:(?:image|photo|foto|bild|picture)\s*)?(?:credits?|quelle|source|rechte)|bildrechte|"
    r"photo(?:graph)?s?|fotos?|fotograf[íi]a|bild(?:er)?|image|picture|crédits?(?:\s+photo)?|"
    r"copyright|source|quelle|fuente|fonte|illustration|ilustración|grafik|isithombe|foto\s*&\s*text)"
)
# Photo banks and agencies whose name alone, at a caption's end, is its credit.
_PHOTO_BANK = re.compile(
    r"(?i)\b(?:getty|imago|epa|shutterstock|istock(?:photo)?|picture[- ]alliance|keystone|sipa|"
    r"alamy|reuters|afp|dpa|ap|aap|pa (?:wire|images|media)|anadolu|efe|ansa|belga|apa|xinhua)\b"
)
_CAPTION_CREDIT = [
    # "... Photo: Jane Doe", "... (Foto: dpa)", "... Crédit : AFP", "... © Getty Images"
    re.compile(
        rf"(?:^|\s)[(\[]?\s*(?:{_CREDIT_LABEL}\s*:|©|\(c\))\s*([^()\[\]]{{1,120}}?)\s*[)\]]?\s*$"
    ),
    # "... Photo by Jane Doe/Bloomberg", "... Foto von Jane Doe"
    re.compile(
        r"(?:^|\s)[(\[]?\s*(?i:photo|foto|picture|image)\s+(?i:by|von|de|di|por)\s+([^()]{1,100}?)[)\]]?\s*$"
    ),
]
# Unlabelled credits need a credit's look: an agency or photo bank, or "Name/Organisation".
_CAPTION_TAIL = [
    re.compile(r"\s*\(([^()]{2,80})\)\s*$"),  # "... (Adel Hana/Associated Press)"
    re.compile(r"\s+[/|]\s*([^/|]{2,80})$"),  # "... / Reuters", "... | Getty Images"
    re.compile(r"(?<=[.!?])\s+([^.!?]{2,80})$"),  # "... in Kyiv. AP", "... Getty Images"
]
_CREDIT_CLASS = "[class*=credit i],[class*=copyright i],[class*=source i],small,cite"


def _looks_like_credit(text: str) -> bool:
    if len(text.split()) > 8:
        return False
    return bool(agency_of(text) or _PHOTO_BANK.search(text) or re.search(r"\w\s?/\s?\w", text))


def _clean_credit(credit: str) -> str | None:
    credit = credit.strip(" ;,|")
    if credit[:1] in "([" and credit[-1:] in ")]":
        credit = credit[1:-1]
    credit = re.sub(
        rf"^\s*(?:{_CREDIT_LABEL}\s*:|©|\(c\)|(?i:photo|foto)\s+(?i:by|von|de)\s)\s*", "", credit
    )
    return credit.strip(" ;,|") or None


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """A caption and the credit at its end ("A man walks. Photo: X" -> ("A man walks.", "X"))."""
    caption = _clean(caption)
    for pattern in _CAPTION_CREDIT:
        if m := pattern.search(caption):
            return caption[: m.start()].strip(" |/-–—") or None, _clean_credit(m.group(1))
    for pattern in _CAPTION_TAIL:
        if (m := pattern.search(caption)) and _looks_like_credit(m.group(1)):
            return caption[: m.start()].strip(" |/-–—") or None, _clean_credit(m.group(1))
    return caption or None, None


def _image_stem(url: str) -> str:
    stem = urlsplit(url).path.rsplit("/", 1)[-1].rsplit(".", 1)[0].casefold()
    return re.sub(r"[-_](?:\d{2,4}x\d{2,4}|w?\d{3,4}|scaled|large|medium|small)$", "", stem)


def _figure_for(tree: LexborHTMLParser, image_url: str) -> LexborNode | None:
    stem = _image_stem(image_url)
    if len(stem) < 6:
        return None
    for figure in tree.css("figure"):
        if stem in (figure.html or "").casefold() and figure.css_first("figcaption"):
            return figure
    return None


def _image(tree: LexborHTMLParser, page: _Page, article: dict[str, Any]) -> Image | None:
    ld_image = article.get("image") or article.get("thumbnailUrl")
    raw = page.meta(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    url = urljoin(page.url, raw or _ld_str(ld_image))
    if not (raw or _ld_str(ld_image)) or not url.startswith("http"):
        return None
    caption: str | None = None
    credit: str | None = None
    figure = _figure_for(tree, url)
    if figure is not None and (figcaption := figure.css_first("figcaption")):
        credit_node = figcaption.css_first(_CREDIT_CLASS)
        text = _node_text(figcaption)
        if credit_node is not None and (credit_text := _node_text(credit_node)):
            caption, credit = split_credit(text.replace(credit_text, " "))
            credit = _clean_credit(credit_text) or credit
        else:
            caption, credit = split_credit(text)
    elif isinstance(ld_image, dict) and isinstance(ld_image.get("caption"), str):
        caption, credit = split_credit(ld_image["caption"])
    if isinstance(ld_image, dict) and not credit:
        credit = _ld_str(ld_image.get("creditText") or ld_image.get("copyrightHolder")) or None
    return Image(url, caption, credit)


# --- paywall -----------------------------------------------------------------------------------

# Subscriber-only notices, looked for only as element text (between ">" and "<"), so the same
# words in a script's string table or a menu link's title do not count.
_PAYWALL_TEXT = re.compile(
    r">[^<>\"]{0,80}?(?:article réservé (?:à nos|aux) abonnés|cet article est réservé aux abonnés|"
    r"la suite est réservée aux abonnés|dieser artikel ist (?:nur|exklusiv) für abonnenten|"
    r"(?:nur|exklusiv) für (?:abonnenten|abonnentinnen|abonnierende)|"
    r"this (?:article|story|content) is (?:only )?(?:for|available to) (?:paying )?"
    r"subscribers(?: only)?|"
    r"subscribe to (?:continue|keep) reading|(?:exclusive to|for) subscribers only|"
    r"(?:contenido|artículo) exclusivo para (?:suscriptores|abonados)|solo para suscriptores|"
    r"(?:articolo|contenuto) riservato agli abbonati|(?:alleen|exclusief) voor abonnees|"
    r"(?:conteúdo )?exclusivo para assinantes|tylko dla (?:prenumeratorów|subskrybentów)|"
    r"(?:kun|bare) for abonnenter|endast för prenumeranter)[^<>\"]{0,80}<"
)
_PAYWALL_ANCHORS = (
    "abonn", "Abonn", "subscri", "Subscri", "suscri", "abbonat", "assinant", "prenumer", "subskryb",
)  # fmt: skip


def _not_free(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in {"false", "no"})


def _paywalled(html: str, page: _Page, article: dict[str, Any], node: dict[str, Any]) -> bool:
    for item in (article, node):
        if _not_free(item.get("isAccessibleForFree")):
            return True
        parts = item.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and _not_free(part.get("isAccessibleForFree")):
                return True
    if page.meta("article:content_tier", "og:article:content_tier").lower() == "locked":
        return True
    if _not_free(page.meta("isaccessibleforfree")):
        return True
    # Notices sit by the headline or where the teaser stops; reading only from just before the
    # <h1> on keeps this check cheap on 300 kB pages (lower-casing a whole page costs 1-2 ms).
    h1 = html.find("<h1")
    start = max(0, h1 - 2_000) if h1 >= 0 else 0
    region = html[start : start + 80_000]
    for anchor in _PAYWALL_ANCHORS:
        at = region.find(anchor)
        while at >= 0:
            if _PAYWALL_TEXT.search(region[max(0, at - 160) : at + 160].lower()):
                return True
            at = region.find(anchor, at + 160)
    return False


# --- the whole record --------------------------------------------------------------------------


def _topics(page: _Page, article: dict[str, Any]) -> list[str]:
    raw: list[str] = list(page.metas.get("article:tag", []))
    keywords = article.get("keywords")
    raw += (
        keywords if isinstance(keywords, list) else [keywords] if isinstance(keywords, str) else []
    )
    raw.append(page.meta("news_keywords", "parsely-tags", "sailthru.tags", "keywords"))
    topics: dict[str, str] = {}
    for chunk in raw:
        for topic in chunk.split(",") if isinstance(chunk, str) else []:
            topic = _clean(topic)
            if topic and len(topic) <= 60:
                topics.setdefault(topic.casefold(), topic)
    return list(topics.values())[:30]


def extract_metadata(
    html: str, url: str, *, now: datetime | None = None, tree: LexborHTMLParser | None = None
) -> Metadata:
    """The article facts an HTML page states; ``now`` bounds plausible dates (default: now).

    A caller that has already parsed ``html`` with lexbor may pass ``tree`` to save the parse
    (about half of the time here); it is only read, never changed."""
    tree = tree if tree is not None else LexborHTMLParser(html)
    page = _collect(tree, url)
    article, node = _main_nodes(page.ld, url)
    site = _Site(page, article)
    authors, credits = _authors(tree, page, article, site)
    published, updated = _dates(html, page, article, node, now or datetime.now(UTC))
    canonical = page.canonical or page.meta("og:url") or _ld_str(article.get("mainEntityOfPage"))
    section = _ld_str(article.get("articleSection")) or page.meta(
        "article:section", "parsely-section", "og:section", "section"
    )
    description = page.meta("og:description", "description", "twitter:description")
    return Metadata(
        title=_title(page, article, site),
        authors=authors,
        published=published,
        updated=updated,
        site_name=site.name,
        canonical_url=urljoin(url, canonical) if canonical else None,
        description=_clean(description or _ld_str(article.get("description"))) or None,
        image=_image(tree, page, article),
        section=_clean(section) or None,
        topics=_topics(page, article),
        paywalled=_paywalled(html, page, article, node),
        credits=credits,
    )


# The byline splitter, for callers that rebuild a byline from ``credits``.
split_names = _split_names
