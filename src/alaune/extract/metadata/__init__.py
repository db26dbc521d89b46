"""An article's facts (title, bylines, dates, lead image, paywall) from its HTML page.

Sources, most trusted first: JSON-LD (what publishers feed search engines), OpenGraph and other
meta tags, then the visible page (``<h1>``, ``<time>``, bylines). One parse, no network.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from alaune.extract.metadata.authors import _authors, _split_names
from alaune.extract.metadata.dates import _dates, parse_date
from alaune.extract.metadata.images import _image, split_credit
from alaune.extract.metadata.page import _clean, _collect, _ld_str, _main_nodes, _Page, _web_url
from alaune.extract.metadata.paywall import _paywalled
from alaune.extract.metadata.records import Image, Metadata
from alaune.extract.metadata.titles import _Site, _title

__all__ = ["Image", "Metadata", "extract_metadata", "parse_date", "split_credit", "split_names"]

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
        canonical_url=_web_url(url, canonical) if canonical else None,
        description=_clean(description or _ld_str(article.get("description"))) or None,
        image=_image(tree, page, article),
        section=_clean(section) or None,
        topics=_topics(page, article),
        paywalled=_paywalled(html, page, article, node),
        credits=credits,
        stated_body=_stated_body(page, article),
    )


def _stated_body(page: _Page, article: dict[str, Any]) -> str | None:
    """The article node's articleBody, else the longest one the page states."""
    own = article.get("articleBody")
    if isinstance(own, str) and own.strip():
        return own
    stated = [n["articleBody"] for n in page.ld if isinstance(n.get("articleBody"), str)]
    return max(stated, key=len) if stated else None


# The byline splitter, for callers that rebuild a byline from ``credits``.
split_names = _split_names
