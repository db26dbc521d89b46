"""The records the metadata pass returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    # The article text the page states for search engines (JSON-LD articleBody), verbatim.
    stated_body: str | None = None
