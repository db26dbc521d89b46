"""Site-level template learning: what recurs across many pages of one host is the site, not the
article.

Two kinds of keys are learned from the blocks trafilatura keeps, per host:
- ``line``: the whole block, digits folded (a footer, "Réutiliser ce contenu", a recurring promo);
- ``prefix``: the first words up to a separator ("Lire aussi |", "MORE :", "Les også:"), so that a
  teaser pattern is learned even though the headline after it changes on every page.
A key is template once it appears on at least ``min_pages`` pages and on ``min_share`` of the host's
pages. Pure: learning takes lists of blocks, the store keeps the counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
# A short lead-in closed by a separator: the shape of teasers and labels.
_PREFIX = re.compile(r"^(\W*\w[\w'’ -]{0,30}?)\s*([|:»>›•—–-]{1,2})\s+\S")
MAX_BLOCK_CHARS = 400  # long paragraphs are articles' own words, never learned


def line_key(text: str) -> str:
    """The key of a whole block: lower-cased, spaces and digits folded."""
    return _DIGITS.sub("0", _SPACE.sub(" ", text.strip().lower()))


def prefix_key(text: str) -> str | None:
    """The key of a block's lead-in, if it has one ("lire aussi |")."""
    m = _PREFIX.match(text.strip())
    if not m:
        return None
    return f"{line_key(m.group(1))} {m.group(2)}"


def page_keys(blocks: Iterable[str]) -> set[str]:
    """The distinct keys of one page (a page counts once per key)."""
    keys: set[str] = set()
    for text in blocks:
        if len(text) > MAX_BLOCK_CHARS:
            continue
        keys.add("line:" + line_key(text))
        prefix = prefix_key(text)
        if prefix:
            keys.add("prefix:" + prefix)
    return keys


@dataclass(slots=True)
class SiteTemplate:
    """The learned furniture of one host."""

    host: str
    pages: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    min_pages: int = 3
    min_share: float = 0.2

    def learn(self, blocks: Iterable[str]) -> None:
        """Count one more page of this host."""
        self.pages += 1
        self.counts.update(page_keys(blocks))

    def is_template(self, key: str) -> bool:
        """Whether a key is common enough on this host to be furniture."""
        seen = self.counts.get(key, 0)
        return seen >= self.min_pages and seen >= self.min_share * self.pages

    def matches(self, text: str) -> bool:
        """Whether a block of a page of this host is template."""
        if len(text) > MAX_BLOCK_CHARS:
            return False
        if self.is_template("line:" + line_key(text)):
            return True
        prefix = prefix_key(text)
        return prefix is not None and self.is_template("prefix:" + prefix)

    def learned(self) -> list[str]:
        """The keys that are template now (for display and tests)."""
        return sorted(k for k in self.counts if self.is_template(k))
