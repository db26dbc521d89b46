"""Stories that are not news: the weather, horoscopes, exchange rates, lottery draws, results
tables, a site's section pages. They are reported every day by many outlets, so coverage alone
would put them on the front page; they are set aside with their reason instead.

A story is set aside when most of its reports' titles are of one such kind (most, not one: a
news story about a storm may have one forecast among its reports).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_KINDS: dict[str, re.Pattern[str]] = {
    "weather": re.compile(
        r"(\bweather( forecast)?( for| today| tomorrow| this week| outlook)\b|"
        r"^weather( forecast)?:|pogoda (na|w|dla)\b|prognoza pogody|météo (du|de|pour|:)|"
        r"prévisions météo|wetter(bericht|vorhersage)|el tiempo (para|en|hoy))",
        re.IGNORECASE,
    ),
    "horoscope": re.compile(
        r"\b(horoscop|horoskop|horóscopo|oroscopo|zodiac|znak zodiaku)", re.IGNORECASE
    ),
    "exchange_rates": re.compile(
        r"\b(kurs(y)? (walut|euro|dolara|franka|funta)|exchange rates? (today|for)|"
        r"taux de change|devisenkurse?|tipo de cambio|notowania walut)",
        re.IGNORECASE,
    ),
    "lottery": re.compile(
        r"\b(wyniki lotto|lotto results|résultats? du loto|lottozahlen|euro ?jackpot|"
        r"mega millions|powerball|mini lotto|multi multi)\b",
        re.IGNORECASE,
    ),
    "results_table": re.compile(
        r"\b(standings|league table|results round-?up|classement (général|de la)|"
        r"tabela (ligi|ekstraklasy)|wyniki (meczów|kolejki))",
        re.IGNORECASE,
    ),
    "section_page": re.compile(
        r"(\|\s*(today's )?top stories|\btop stories from\b|^latest news\b|"
        r"^\w+( \w+)? news \|)",
        re.IGNORECASE,
    ),
}


def kind_of(title: str) -> str | None:
    """The non-news kind a title announces, if any."""
    for kind, pattern in _KINDS.items():
        if pattern.search(title):
            return kind
    return None


def nonnews_reason(titles: Sequence[str]) -> str | None:
    """Why a story whose reports have these titles is not news, or None when it is news."""
    kinds = Counter(k for t in titles if (k := kind_of(t)))
    if not kinds:
        return None
    kind, count = kinds.most_common(1)[0]
    return kind if count * 2 > len(titles) else None
