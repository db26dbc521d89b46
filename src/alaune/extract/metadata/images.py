"""The lead image, with its caption and the credit split off it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from alaune.extract.metadata.page import _clean, _ld_str, _node_text, _Page, _web_url
from alaune.extract.metadata.records import Image
from alaune.extract.wire import agency_of

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
    url = _web_url(page.url, raw or _ld_str(ld_image))
    if not (raw or _ld_str(ld_image)) or url is None:
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
