"""News agency (wire) credits: which agencies an article's byline or text says it came from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # metadata imports this module for its agency table
    from alaune.extract.metadata import Metadata

# Canonical name -> the spellings that credit it. Acronyms match with their own case only (so
# "ap" or "Efe" inside prose stay words); the long names match in any case.
_AGENCIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (case-sensitive acronyms, case-insensitive names)
    "AFP": (("AFP",), ("Agence France-Presse", "Agence France Presse", "l'AFP", "l’AFP")),
    "Reuters": ((), ("Reuters", "Thomson Reuters")),
    "AP": (("AP",), ("Associated Press", "The Associated Press")),
    "dpa": (("dpa", "DPA"), ("Deutsche Presse-Agentur", "dpa-AFX", "dpa-infocom")),
    "EFE": (("EFE",), ("Agencia EFE",)),
    "ANSA": (("ANSA",), ()),
    "PAP": (("PAP",), ("Polska Agencja Prasowa",)),
    "Europa Press": ((), ("Europa Press",)),
    "Belga": (("BELGA",), ("Belga",)),
    "APA": (("APA",), ("Austria Presse Agentur",)),
    "Keystone-SDA": (
        ("SDA", "sda", "ATS", "Keystone-ATS"),
        ("Keystone-SDA", "Schweizerische Depeschenagentur"),
    ),
    "KNA": (("KNA",), ("Katholische Nachrichten-Agentur",)),
    "epd": (("epd",), ("Evangelischer Pressedienst",)),
    "SID": (("SID",), ("Sport-Informations-Dienst",)),
    "AFX": (("AFX",), ()),
    "Kyodo": ((), ("Kyodo", "Kyodo News")),
    "Jiji": ((), ("Jiji Press",)),
    "Xinhua": ((), ("Xinhua",)),
    "TASS": (("TASS", "ТАСС"), ()),
    "RIA Novosti": ((), ("RIA Novosti", "РИА Новости")),
    "Interfax": ((), ("Interfax", "Интерфакс")),
    "Ukrinform": ((), ("Ukrinform", "Укрінформ")),
    "Anadolu": (("AA",), ("Anadolu Agency", "Anadolu Ajansı", "Anadolu")),
    "Yonhap": ((), ("Yonhap",)),
    "AAP": (("AAP",), ("Australian Associated Press",)),
    "PA": (("PA",), ("PA Media", "Press Association")),
    "UPI": (("UPI",), ("United Press International",)),
    "Bloomberg": ((), ("Bloomberg",)),
    "ANP": (("ANP",), ()),
    "Lusa": (("LUSA",), ("Lusa",)),
    "NTB": (("NTB",), ()),
    "TT": (("TT",), ("TT Nyhetsbyrån",)),
    "Ritzau": ((), ("Ritzau",)),
    "STT": (("STT",), ()),
    "ČTK": (("ČTK", "CTK"), ()),
    "TASR": (("TASR",), ()),
    "MTI": (("MTI",), ()),
    "HINA": (("HINA",), ()),
    "STA": (("STA",), ()),
    "Agerpres": ((), ("Agerpres",)),
    "PTI": (("PTI",), ("Press Trust of India",)),
    "IANS": (("IANS",), ()),
    "ANI": (("ANI",), ()),
    "Bernama": ((), ("Bernama",)),
    "Antara": ((), ("Antara",)),
    "CNA": (("CNA",), ()),
    "Notimex": ((), ("Notimex",)),
    "Télam": ((), ("Télam",)),
    "Agência Brasil": ((), ("Agência Brasil",)),
}

_ALIASES = sorted(
    [(a, name, False) for name, (acr, _) in _AGENCIES.items() for a in acr]
    + [(a, name, True) for name, (_, longs) in _AGENCIES.items() for a in longs],
    key=lambda t: -len(t[0]),
)
_BY_ALIAS = {a.casefold() if fold else a: name for a, name, fold in _ALIASES}
_AG = (
    "(?:"
    + "|".join(re.escape(a) if not fold else f"(?i:{re.escape(a)})" for a, _, fold in _ALIASES)
    + ")"
)
_ONE = re.compile(rf"(?<![\w-]){_AG}(?![\w])")
# Several agencies, or an agency and its regional desk: "dpa/lno", "AFP/Reuters", "AP, AFP".
_LIST = rf"{_AG}(?:\s*(?:[/,&+]|\bund\b|\band\b|\bet\b|\by\b)\s*(?:{_AG}|[a-z]{{2,4}}))*"
# A publisher's name: capitalised words and the particles names are made of ("Le Monde",
# "The Globe and Mail"), so that prose ("He met with AP") is not read as a credit.
_PART = (
    r"(?:le|la|les|de|du|des|der|die|das|the|of|el|il|lo|los|las|het|van|von|di|del|da|do|y|et|"
    r"and|und|en|i|a)"
)
_CAP = r"(?:[A-ZÀ-Þ0-9][\w.'’&-]*|l['’][A-ZÀ-Þ][\w-]*)"
_PUB = rf"(?:{_CAP}|{_PART})(?:\s+(?:{_CAP}|{_PART})){{0,5}}"
_PHOTO = re.compile(r"(?i)\b(?:photos?|fotos?|fotoğraf|bild|image|picture|video|getty|imago)\b|©")

# (shape, whether a photo word on the line voids it). A photo credit ("Photo: X / Reuters")
# names who took a picture, not who wrote the text; the shapes that only look at a line's end
# would take it for a text credit.
_SHAPES: list[tuple[re.Pattern[str], bool]] = [
    # "Le Monde avec l'AFP", "Le Figaro et AFP", "mit dpa", "con EFE"
    (
        re.compile(
            rf"^(?:(?P<pub>{_PUB})\s+)?(?i:avec|with|mit|con|et|and|und|y|e|met|med|z|s)\s+"
            r"(?i:(?:l['’]\s*|les\s+|the\s+)?(?:agences?|agencias?|agencies|agenzie|agenturen)\s+)?"
            rf"(?P<span>{_LIST})\.?$"
        ),
        False,
    ),
    # "Mit Material von dpa", "Quelle: AFP", "con información de EFE", "Reporting by Reuters"
    (
        re.compile(
            r"^(?i:mit\s+material\s+(?:von|der|des)(?:\s+nachrichtenagentur(?:en)?)?|quellen?|"
            r"sources?|fuentes?|fonte|fonti|źródło|bron(?:nen)?|kilde|källa|lähde|zdroj|forrás|"
            r"kaynak|по\s+материалам|con\s+informaci[oó]n\s+de(?:\s+la\s+agencia)?|"
            r"informaci[oó]n\s+de|(?:with\s+)?(?:additional\s+)?(?:reporting|files|material)\s+"
            r"(?:by|from)|avec|agencias?|agences?|agencies)\b\s*:?\s*"
            rf"(?i:l['’]\s*|the\s+|la\s+agencia\s+)?(?P<span>{_LIST})\b"
        ),
        False,
    ),
    # "Associated Press writer Jane Doe in Paris contributed to this report."
    (
        re.compile(
            rf"^[-–—]?\s*(?P<span>{_LIST})\s+"
            r"(?i:writers?|reporters?|correspondents?|journalists?|staff)\b.*\b(?i:contributed)\b"
        ),
        False,
    ),
    # the text's own copyright: "© dpa-infocom, dpa:240516-99-53606/3", "Copyright © AFP 2017-2026"
    (
        re.compile(rf"^(?i:copyright\s*)?©\s*(?P<span>{_LIST})(?:-infocom\b|\s+(?:19|20)\d\d)"),
        False,
    ),
    # "WASHINGTON (AP) —", "Berlin (dpa) -", "MADRID, 12 Jun. (EUROPA PRESS) -", "(AFP) -"
    (re.compile(rf"^(?:[^\W\d_][^()]{{0,60}}?\s*)?\((?P<span>{_LIST})\)\s*[-–—:]"), False),
    # "... said the minister. (dpa)", "... — Reuters"
    (re.compile(rf"(?:^|[.!?»\"”…]\s*)\((?P<span>{_LIST})\)\.?$"), True),
    (re.compile(rf"(?:^|[.!?»\"”…]\s+)[-–—]\s*(?P<span>{_LIST})\.?$"), True),
    # a line that is only the credit: "AFP", "— Reuters", "/ dpa", "EFE, Madrid"
    (
        re.compile(rf"^[-–—/|*]?\s*(?P<span>{_LIST})(?:\s*[,|/-]\s*[^\W\d][\w .'-]{{0,25}})?\.?$"),
        True,
    ),
]
_BY = re.compile(r"^(?i:by|von|par|por|door|di|av|af)\s+")


def agency_of(name: str) -> str | None:
    """The canonical agency a byline name stands for ("The Associated Press" -> "AP"), else None."""
    name = name.strip(" .()[]-–—/")
    return _BY_ALIAS.get(name) or _BY_ALIAS.get(name.casefold())


def _agencies_in(span: str) -> list[str]:
    found = []
    for m in _ONE.finditer(span):
        name = agency_of(m.group())
        if name and name not in found:
            found.append(name)
    return found


def _credits_in(line: str) -> tuple[list[str], str | None]:
    """The agencies a line credits, and the publisher it names beside them."""
    line = " ".join(line.split()).strip("*_[] ")
    if line.startswith("(") and line.endswith(")") and line.count("(") == 1:
        line = line[1:-1].strip()  # "(Con información de EFE)"
    if not line or len(line) > 400:
        return [], None
    for shape, photo_voids in _SHAPES:
        m = shape.search(line)
        if m is None or (photo_voids and _PHOTO.search(line)):
            continue
        pub = m.groupdict().get("pub")
        return _agencies_in(m.group("span")), (pub.strip() if pub else None)
    return [], None


def wire_credits(
    text_lines: list[str], byline: list[str] | None = None, html_meta: Metadata | None = None
) -> list[dict[str, str | None]]:
    """Agency credits found in the byline, the page metadata and the text, first evidence first."""
    out: list[dict[str, str | None]] = []
    seen: set[str] = set()

    def add(agencies: list[str], publisher: str | None, evidence: str) -> None:
        for agency in agencies:
            if agency not in seen:
                seen.add(agency)
                out.append({"agency": agency, "publisher": publisher, "evidence": evidence})

    names = list(byline or []) + (list(html_meta.credits) if html_meta else [])
    for raw in names:
        name = _BY.sub("", raw.strip())  # "Von dpa", "By Reuters"
        agency = agency_of(name)
        if agency:
            add([agency], None, raw)
            continue
        found, publisher = _credits_in(name)
        if not found:  # "Paula Steiger/SDA", "AFP, MANILA": a byline lists its parts
            found = [a for part in re.split(r"\s*[/,;&|]\s*", name) if (a := agency_of(part))]
        add(found, publisher, raw)
    for line in text_lines:
        found, publisher = _credits_in(line)
        add(found, publisher, line.strip())
    return out
