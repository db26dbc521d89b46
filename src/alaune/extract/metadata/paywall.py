"""Whether the page says its article is for subscribers only."""

from __future__ import annotations

import re
from typing import Any

from alaune.extract.metadata.page import _Page

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
