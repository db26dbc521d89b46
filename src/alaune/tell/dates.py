"""The explicit dates a text writes, shown with a story's key facts.

``dates_mentioned`` finds them ("mardi 12 décembre 2023", "Dec. 12", "12.12.2023"), verbatim,
with regular expressions: a model's DATE label also takes "yesterday" and "last week", which say
nothing once the edition is read a day later. Nothing here raises on odd input.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_FR_MONTHS = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|janv\.|févr\.|fév\.|avr\.|juil\.|sept\.|oct\.|nov\.|déc\.)"
)
_FR_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_EN_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?)"
)
_EN_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DE_MONTHS = (
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember|Jan\.|Feb\.|Apr\.|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.)"
)
_DE_DAYS = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
_ORDINAL = r"(?:st|nd|rd|th)?"

_DATE_PATTERNS = {
    # "mardi 12 décembre 2023", "1er mai", "décembre 2023" (French writes them in lower case,
    # a headline may not)
    "fr": (
        rf"(?i:(?:{_FR_DAYS}\s+)?(?<!\d)(?:1er|{_DAY})\s+{_FR_MONTHS}(?:\s+{_YEAR})?(?!\w)"
        rf"|\b{_FR_MONTHS}\s+{_YEAR})"
    ),
    # "Tuesday, Dec. 12, 2023", "12 December 2023", "December 2023" (capitals: "may 12" is no date)
    "en": (
        rf"(?:{_EN_DAYS},?\s+)?{_EN_MONTHS}\s+{_DAY}{_ORDINAL}(?:,?\s+{_YEAR})?(?!\w)"
        rf"|(?:{_EN_DAYS},?\s+)?(?<!\d){_DAY}{_ORDINAL}\s+(?:of\s+)?{_EN_MONTHS}"
        rf"(?:,?\s+{_YEAR})?(?!\w)"
        rf"|\b{_EN_MONTHS}\s+{_YEAR}"
    ),
    # "Dienstag, 12. Dezember 2023"
    "de": rf"(?:{_DE_DAYS},?\s+)?(?<!\d){_DAY}\.\s*{_DE_MONTHS}(?:\s+{_YEAR})?(?!\w)",
}
# "12.12.2023", "12/12/2023", "2023-12-12": written the same way everywhere
_NUMERIC_DATES = (
    rf"(?<![\d.])(?:{_DAY})([./])(?:{_DAY})\1{_YEAR}"
    rf"|(?<![\d-])(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:3[01]|[12]\d|0[1-9])(?![\d])"
)


@lru_cache(maxsize=8)
def _date_regex(lang: str) -> re.Pattern[str]:
    parts = [_DATE_PATTERNS[lang]] if lang in _DATE_PATTERNS else list(_DATE_PATTERNS.values())
    return re.compile("|".join([*parts, _NUMERIC_DATES]))


def dates_mentioned(text: str, lang: str | None) -> list[str]:
    """Explicit dates written in the text, verbatim ("12 décembre 2023", "Dec. 12", "mardi 12
    décembre", "December 12, 2023", "12.12.2023"); in order, deduplicated."""
    if not isinstance(text, str) or not text:
        return []
    code = (lang or "").strip().lower()[:2] if isinstance(lang, str) else ""
    found: dict[str, None] = {}
    for match in _date_regex(code if code in _DATE_PATTERNS else "").finditer(text):
        found.setdefault(match.group().strip())
    return list(found)
