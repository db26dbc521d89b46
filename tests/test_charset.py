"""Pages that do not say their charset, or say a wrong one, are read in the one they are in:
Western and Central European single-byte pages are told apart by which reading is a language."""

from __future__ import annotations

import pytest

from alaune.ingest.charset import decode_html

# Invented sentences, each with letters that its neighbour code page maps to other letters.
TEXTS = {
    "fr": "Le maire a réuni hier à l'hôtel de ville les élèves et leurs frères pour fêter "
    "la rentrée. Où sont passées les années où l'on s'arrêtait là pour déjeuner ?",
    "es": "El alcalde explicó ayer en el ayuntamiento que la reunión con los vecinos se "
    "celebrará el próximo miércoles, según informó la concejalía de educación.",
    "pl": "Burmistrz zapowiedział wczoraj, że w przyszłym tygodniu rozpocznie się budowa "
    "nowego mostu przez rzekę, a mieszkańcy będą mogli zgłaszać uwagi do projektu.",
    "cs": "Starosta včera oznámil, že stavba nového mostu přes řeku začne příští týden a "
    "obyvatelé budou moci podávat připomínky k projektu až do konce měsíce.",
}
PAGE = "<html><head><title>{0}</title></head><body><p>{1}</p><p>{1}</p></body></html>"


@pytest.mark.parametrize(
    ("lang", "encoding", "header"),
    [
        ("fr", "latin-1", None),
        ("fr", "cp1252", "text/html; charset=utf-8"),  # says UTF-8, is not
        ("es", "cp1252", None),
        ("pl", "cp1250", None),
        ("cs", "cp1250", None),
        ("pl", "iso8859-2", None),
    ],
)
def test_undeclared_single_byte_pages_are_read_in_their_code_page(
    lang: str, encoding: str, header: str | None
) -> None:
    text = TEXTS[lang]
    page = PAGE.format(text.split(",")[0], text).encode(encoding)
    decoded, _ = decode_html(page, header)
    assert text in decoded
