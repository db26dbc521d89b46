"""The publisher's statement of the body as a second opinion (extract/guided.py).

Hand-written pages: one whose article text sits in bare text runs that trafilatura misses while
a box of short product lines fills its result, one rendered by scripts (the article only in a
JSON string), and one whose stated body is a different text (it must not take over).
"""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from alaune.extract.body import Block
from alaune.extract.extractor import extract
from alaune.extract.guided import coverage, embedded_html, from_statement, select

PARAS = [
    f"Paragraph {i} of the council report explains how the river district will rebuild its "
    f"flood walls, who pays for the {i} pumping stations and when the works begin next spring."
    for i in range(1, 9)
]


def _bare_text_page(stated: str) -> str:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": "Flood walls for the river district", "articleBody": stated})  # fmt: skip
    runs = "<br/>\n".join(PARAS[:4]) + "\n<h2>Who pays</h2>\n" + "<br/>\n".join(PARAS[4:])
    boxes = "".join(
        f"<ul class='deal'><li>Offer {i}: 10 GB for 5 euros</li><li>Only today</li></ul>"
        "<p>Our partner shop has the best price on routers, phones and tablets this week, "
        "with free delivery on every order above twenty euros.</p>"
        for i in range(6)
    )
    return (
        f"<html><head><title>Flood walls</title><script type='application/ld+json'>{ld}"
        f"</script></head><body><h1>Flood walls for the river district</h1>"
        f"<div id='news'>{runs}</div><aside>{boxes}</aside></body></html>"
    )


def test_select_takes_the_page_runs_the_statement_contains() -> None:
    tree = LexborHTMLParser(_bare_text_page(" ".join(PARAS)))
    blocks = select(tree, " ".join(PARAS))
    assert [b.text for b in blocks if b.kind == "p"] == PARAS
    assert [b.text for b in blocks if b.kind == "h"] == ["Who pays"]
    assert all("partner shop" not in b.text for b in blocks)


def test_a_result_that_misses_the_stated_body_is_replaced() -> None:
    tree = LexborHTMLParser(_bare_text_page(" ".join(PARAS)))
    found = [Block("li", "Offer 1: 10 GB for 5 euros"), Block("p", PARAS[0])]
    guided = from_statement(found, tree, " ".join(PARAS))
    assert guided is not None and [b.text for b in guided if b.kind == "p"] == PARAS
    # a result that already holds the stated body is kept as it is
    assert from_statement([Block("p", p) for p in PARAS], tree, " ".join(PARAS)) is None


def test_a_stated_body_the_page_does_not_show_changes_nothing() -> None:
    other = " ".join(p.replace("council", "orchestra").replace("flood", "concert") for p in PARAS)
    other = other.replace("river district", "opera house").replace("pumping", "tuning")
    tree = LexborHTMLParser(_bare_text_page(other))
    found = [Block("p", "Offer 1: 10 GB for 5 euros")]
    assert coverage(set(), "anything") == 1.0
    assert from_statement(found, tree, other) is None


def test_whole_page_with_bare_text_runs() -> None:
    result = extract(_bare_text_page(" ".join(PARAS)), "https://news.example/flood")
    assert all(p in result.text for p in PARAS)
    assert "partner shop" not in result.text


def test_a_page_rendered_by_scripts_gives_its_shipped_article() -> None:
    caption = "<div class='caption'><p>The river wall at dawn. Photo agency</p></div>"
    fragment = caption + "".join(f"<p>{p}</p>" for p in PARAS[:5]) + "<h2>Next steps</h2>"
    state = {"article": {"title": "Flood walls", "contentHtml": fragment}}
    page = (
        "<html><head><title>Flood walls</title></head><body><div id='root'></div>"
        f"<script>window.__STATE__ = {json.dumps(state)};</script></body></html>"
    )
    assert embedded_html(LexborHTMLParser(page)) == fragment
    result = extract(page, "https://news.example/flood-app")
    assert [b.text for b in result.blocks if b.kind == "p"] == PARAS[:5]
    assert result.blocks[-1].kind == "h"


def test_the_standfirst_outside_the_body_container_is_its_first_paragraph() -> None:
    standfirst = (
        "The river district will rebuild its flood walls before winter, the council decided "
        "on Monday after a year of delays."
    )
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    page = (
        f"<html><head><title>Flood walls</title><meta name='description' content='{standfirst}'>"
        f"</head><body><header><h1>Flood walls for the river district</h1>"
        f"<p class='lead'>{standfirst}</p></header><main><article>{body}</article></main>"
        "</body></html>"
    )
    result = extract(page, "https://news.example/flood-lead")
    assert result.blocks[0].text == standfirst
    assert result.text.count("flood walls before winter") == 1
    # a description the page does not print is not added
    hidden = page.replace(f"<p class='lead'>{standfirst}</p>", "")
    assert "before winter" not in extract(hidden, "https://news.example/flood-lead").text
