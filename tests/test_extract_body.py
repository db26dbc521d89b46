"""The article body: furniture lines, block cleaning, learned site templates, whole pages.

Pages under tests/pages/ are small hand-written articles (invented text) shaped like the news
sites alaune reads: a headline repeated in the body, teasers, credits, share and paywall lines.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from alaune.extract.body import Block, anchor_texts, caption_texts, clean
from alaune.extract.boilerplate import Kind, classify
from alaune.extract.extractor import Extraction, extract
from alaune.extract.templates import SiteTemplate

PAGES = Path(__file__).parent / "pages"

# --- classify: furniture lines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # fr
        ("Lire aussi | Le gouvernement annonce un nouveau plan", Kind.TEASER),
        ("À lire également : la réforme expliquée", Kind.TEASER),
        ("Voir aussi : notre carte des bureaux de vote", Kind.TEASER),
        ("Article réservé à nos abonnés", Kind.PAYWALL),
        ("Pour lire la suite, abonnez-vous dès 1 € le premier mois", Kind.PAYWALL),
        ("Déjà abonné ? Connectez-vous", Kind.PAYWALL),
        pytest.param(
            "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
            Kind.PAYWALL,
        ),
        pytest.param(
            "Il vous reste 12% de l'article à lire.",
            Kind.PAYWALL,
            id="il-vous-reste-de-l-article",
        ),
        ("Réutiliser ce contenu", Kind.SHARE),
        ("Quitter la version mobile", Kind.SHARE),
        ("Inscrivez-vous à notre newsletter", Kind.SHARE),
        ("Laisser un commentaire", Kind.SHARE),
        ("Photo : Jean Dupont / AFP", Kind.CREDIT),
        ("© 2024 Le Journal", Kind.CREDIT),
        ("Tous droits réservés", Kind.CREDIT),
        ("Mis à jour le 3 mai 2024", Kind.DATELINE),
        pytest.param(
            "Par Marie Dupont",
            Kind.BYLINE,
        ),
        # en
        ("Read more: Why markets fell today", Kind.TEASER),
        ("Related: Storm closes schools along the coast", Kind.TEASER),
        ("Recommended for you", Kind.TEASER),
        ("Already a subscriber? Sign in", Kind.PAYWALL),
        ("Subscribe to continue reading", Kind.PAYWALL),
        pytest.param(
            "Subscribe to our newsletter",
            Kind.SHARE,
        ),
        ("Sign up for our daily newsletter", Kind.SHARE),
        ("Share this article", Kind.SHARE),
        ("Follow us on Twitter", Kind.SHARE),
        ("12 comments", Kind.SHARE),
        ("STR/AFP via Getty Images", Kind.CREDIT),
        ("(Photo by Jane Doe/Getty Images)", Kind.CREDIT),
        ("All rights reserved", Kind.CREDIT),
        ("Published 3 hours ago", Kind.DATELINE),
        pytest.param(
            "By Jane Doe and John Roe",
            Kind.BYLINE,
        ),
        # de
        ("Mehr zum Thema: Die Wahl in Berlin", Kind.TEASER),
        ("Lesen Sie auch: Was die Koalition jetzt plant", Kind.TEASER),
        ("Das könnte Sie auch interessieren", Kind.TEASER),
        ("Jetzt abonnieren", Kind.PAYWALL),
        ("Artikel teilen", Kind.SHARE),
        ("Foto: dpa", Kind.CREDIT),
        ("Alle Rechte vorbehalten", Kind.CREDIT),
        ("Stand: 12.05.2024", Kind.DATELINE),
        ("02:57 Min.. Verfügbar bis 06.05.2024.", Kind.MEDIA),
        ("Lesedauer: 4 Minuten", Kind.DATELINE),
        ("3 Minuten Lesezeit", Kind.DATELINE),
        ("Veröffentlicht am 13. Mai 2026 um 15:44", Kind.DATELINE),
        ("Link zum YouTube-Inhalt", Kind.SHARE),
        ("Empfohlener redaktioneller Inhalt", Kind.SHARE),
        ('Dieser Artikel ist zuerst bei "Kapital" erschienen.', Kind.CREDIT),
        ("Redaktion: Eva Muster, Schlussredaktion: Jan Probe", Kind.CREDIT),
        # ja / zh
        ("2025年1月14日 01時28分 (1月14日 01時40分更新)", Kind.DATELINE),
        ("新聞プラスに登録すると", Kind.PAYWALL),
        ("会員向け記事が読み放題", Kind.PAYWALL),
        ("関連キーワード", Kind.TEASER),
        ("分享让更多人看到", Kind.SHARE),
        # en
        ("5 min read", Kind.DATELINE),
        ("Ground Game: Sign up for our weekly politics newsletter every Monday.", Kind.SHARE),
        ("Do you have a story to tell? Email: news@paper.example", Kind.SHARE),
        ("isPaid:", Kind.SCRIPT),
        ("false", Kind.SCRIPT),
        (
            "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird. Damit "
            "können personenbezogene Daten an Drittplattformen übermittelt werden.",
            Kind.CONSENT,
        ),
        ("Tu suscripción se está usando en otro dispositivo", Kind.CONSENT),
        ("Nous utilisons des cookies pour mesurer l'audience de ce site.", Kind.CONSENT),
        ("Recommended Videos", Kind.SHARE),
        ("This story was originally published by The Example Post.", Kind.CREDIT),
        pytest.param(
            "Von Nina Muster",
            Kind.BYLINE,
        ),
        # es
        ("Lee también: El Gobierno aprueba los presupuestos", Kind.TEASER),
        ("Noticias relacionadas", Kind.TEASER),
        ("Suscríbete para seguir leyendo", Kind.PAYWALL),
        ("Todos los derechos reservados", Kind.CREDIT),
        ("Síguenos en Instagram", Kind.SHARE),
    ],
)
def test_furniture_line(line: str, kind: Kind) -> None:
    assert classify(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        # running text that merely mentions the words a rule looks for
        "Le ministre a dit qu'il faudrait lire aussi le rapport de la Cour des comptes avant de "
        "décider, selon plusieurs sources proches du dossier.",
        "Photographs of the flooded valley were shared widely on Sunday, and the regional council "
        "said it would publish a full damage assessment by the end of the month.",
        "Photo finishes are rare in the sprint, but the judges needed the camera twice on Sunday "
        "to separate the first three runners, who crossed the line within a hundredth.",
        "Foto des Tages: Die Donau ist in Passau über die Ufer getreten, hunderte Keller stehen "
        "nach tagelangem Regen unter Wasser und die Feuerwehr pumpt seit dem Morgen ununterbrochen "
        "das Wasser ab, wie ein Sprecher der Stadt am Nachmittag mitteilte.",
        "Readers who subscribe to the print edition will receive the newsletter at no extra cost, "
        "the publisher said.",
        "The council said it would subscribe to the regional flood insurance scheme next year.",
        "Les abonnés au réseau de chaleur paieront davantage l'hiver prochain.",
        "Der Bundestag hat am Donnerstag den Haushalt beschlossen.",
        "Mehr als 200 Menschen wurden in der Nacht evakuiert.",
        "More than 200 people were evacuated overnight.",
        "Von der Leyen sagte am Dienstag in Brüssel, die Kommission werde den Vorschlag prüfen.",
        "By the time the rescue teams arrived, the water had already receded.",
        "Par ailleurs, le préfet a annoncé la réouverture des routes départementales.",
        "Por la tarde, el Gobierno aprobó el decreto sobre la vivienda.",
        "Shares in the company rose by a fifth after the results were published.",
        "",
        pytest.param(
            "Share prices fell 3% on Monday.",
        ),
        pytest.param(
            "Recommended by the committee, the measure passed with a large majority on Tuesday.",
        ),
    ],
)
def test_article_text_is_not_furniture(line: str) -> None:
    assert classify(line) is None


def test_a_long_line_is_never_furniture() -> None:
    line = "Lire aussi | " + " ".join(["mot"] * 40)
    assert classify(line) is None
    assert classify("Lire aussi | " + " ".join(["mot"] * 10)) == Kind.TEASER


# --- clean: block by block ---------------------------------------------------------------------

PARAS = [
    "Les dockers ont repris le travail jeudi matin après un accord conclu dans la nuit.",
    "Plus de quarante navires attendaient au large depuis lundi, selon la capitainerie.",
    "Le syndicat majoritaire a salué une avancée réelle, tout en restant vigilant.",
]
TITLE = "Le port de Marseille rouvre après trois jours de grève"


def blocks(*texts: str, kind: str = "p") -> list[Block]:
    return [Block(kind, t) for t in texts]


def test_title_repeated_as_first_block_is_removed() -> None:
    body = clean([Block("h", TITLE), *blocks(*PARAS)], TITLE)
    assert [b.text for b in body.blocks] == PARAS
    assert body.removed == {"title": [TITLE]}


def test_title_with_site_suffix_is_removed() -> None:
    body = clean(blocks(f"{TITLE} | Le Quotidien du Sud", *PARAS), TITLE)
    assert body.removed == {"title": [f"{TITLE} | Le Quotidien du Sud"]}
    assert body.text == "\n".join(PARAS)


def test_title_words_later_in_the_text_stay() -> None:
    # past the first blocks, or much longer than the title: the article's own sentence
    quoted = f"{TITLE}, titrait le journal local, qui rappelait les précédents mouvements sociaux."
    body = clean(blocks(*PARAS, TITLE, quoted), TITLE)
    assert body.removed == {}
    assert [b.text for b in body.blocks] == [*PARAS, TITLE, quoted]


def test_block_repeated_three_times_is_removed() -> None:
    promo = "Recevez chaque matin l'essentiel de l'actualité régionale"  # 8 words
    body = clean(blocks(PARAS[0], promo, PARAS[1], promo, PARAS[2], promo), None)
    assert body.removed == {"repeated": [promo] * 3}
    assert [b.text for b in body.blocks] == PARAS


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("Un bloc court de cinq", 3),  # 5 words: a label, not a repeated paragraph
        ("Ce bloc de six mots revient", 2),  # only twice
    ],
)
def test_short_or_twice_repeated_block_stays(text: str, times: int) -> None:
    body = clean(blocks(*PARAS, *[text] * times), None)
    assert "repeated" not in body.removed
    assert [b.text for b in body.blocks].count(text) == times


def test_doubled_link_card_is_a_teaser() -> None:
    card = (
        "Grève des dockers : les raisons de la colère Grève des dockers : les raisons de la colère"
    )
    body = clean(blocks(PARAS[0], card, PARAS[1]), None)
    assert body.removed == {"teaser": [card]}
    assert [b.text for b in body.blocks] == PARAS[:2]


LINKED = "Grève des dockers : les raisons de la colère sur les quais"
LINK_PAGE = f"""<html><body><article>
<p>{PARAS[0]}</p>
<p><a href="/economie/greve-des-dockers.html">{LINKED}</a></p>
<p>{PARAS[1]} Selon <a href="https://port.example/communique">le communiqué publié par le port
autonome de Marseille</a>, le trafic reprendra normalement dès vendredi.</p>
<h2 id="suite">La suite du mouvement social sur les quais</h2>
<nav><a href="#suite">La suite du mouvement social sur les quais</a>
<a href="mailto:redaction@quotidien.example">Écrire à la rédaction du journal</a></nav>
</article></body></html>"""


def test_short_block_that_is_a_link_is_a_teaser_a_paragraph_with_a_link_stays() -> None:
    anchors = anchor_texts(LexborHTMLParser(LINK_PAGE))
    long_para = (
        f"{PARAS[1]} Selon le communiqué publié par le port autonome de Marseille, le trafic "
        "reprendra normalement dès vendredi."
    )
    heading = "La suite du mouvement social sur les quais"
    body = clean(
        [Block("p", PARAS[0]), Block("p", LINKED), Block("p", long_para), Block("h", heading)],
        TITLE,
        anchors=anchors,
    )
    assert body.removed == {"teaser": [LINKED]}
    # an in-page anchor (a table of contents) is no link to another article
    assert [b.text for b in body.blocks] == [PARAS[0], long_para, heading]
    # without the page's links, the same block is text
    assert clean([Block("p", LINKED)], TITLE).removed == {}


def test_teaser_card_summary_inside_one_link_is_a_teaser() -> None:
    summary = (
        "La ville a signé mardi l'accord qui doit rouvrir le port aux ferries de nuit, après "
        "trois mois de fermeture et une longue négociation avec les syndicats des dockers et "
        "les armateurs de la ligne."
    )
    page = (
        f"<html><body><article><p>{PARAS[0]}</p></article><aside>"
        f"<a href='/port-rouvre.html'><h3>Le port rouvre</h3><p>{summary}</p></a>"
        "</aside></body></html>"
    )
    anchors = anchor_texts(LexborHTMLParser(page))
    body = clean([Block("p", PARAS[0]), Block("p", summary)], TITLE, anchors=anchors)
    assert body.removed == {"teaser": [summary]}
    # the same paragraph with a link inside it is article text
    inline = (
        f"<html><body><p>{summary[:40]}<a href='/x.html'>{summary[40:90]}</a>{summary[90:]}</p>"
    )
    anchors = anchor_texts(LexborHTMLParser(inline + "</body></html>"))
    assert clean([Block("p", summary)], TITLE, anchors=anchors).removed == {}


def test_a_picture_caption_in_the_body_moves_to_captions() -> None:
    caption = "Les dockers en grève devant le terminal de Mourepiane, mardi matin."
    page = f"<html><body><figure><img src='a.jpg'><figcaption>{caption}</figcaption></figure>"
    captions = caption_texts(LexborHTMLParser(page + "</body></html>"))
    body = clean([Block("p", PARAS[0]), Block("p", caption)], TITLE, captions=captions)
    assert body.removed == {"caption": [caption]}
    assert [b.text for b in body.blocks] == [PARAS[0]]


def test_furniture_is_moved_to_removed_by_kind_not_lost() -> None:
    furniture = {
        "teaser": ["Lire aussi | Le gouvernement annonce un nouveau plan"],
        "paywall": ["Article réservé à nos abonnés"],
        "share": ["Réutiliser ce contenu", "Quitter la version mobile"],
        "credit": ["Photo : Jean Dupont / AFP"],
    }
    src = blocks(
        furniture["paywall"][0],
        PARAS[0],
        furniture["credit"][0],
        PARAS[1],
        furniture["teaser"][0],
        PARAS[2],
        *furniture["share"],
    )
    body = clean(src, TITLE)
    assert body.removed == furniture
    assert [b.text for b in body.blocks] == PARAS
    kept_or_removed = len(body.blocks) + sum(len(v) for v in body.removed.values())
    assert kept_or_removed == len(src)


def test_template_lines_are_removed_with_their_kind_when_they_have_one() -> None:
    tpl = SiteTemplate("quotidien.example")
    for i in range(5):
        tpl.learn([f"Paragraphe propre à la page {i} et à elle seule.", "Nos offres d'emploi"])
        tpl.learn([f"Autre paragraphe, version {'abcde'[i]}.", f"Lire aussi | {HEADLINES[i]}"])
    body = clean(blocks(PARAS[0], "Nos offres d'emploi", "Lire aussi | Un autre titre"), None, tpl)
    assert body.removed == {
        "template": ["Nos offres d'emploi"],
        "teaser": ["Lire aussi | Un autre titre"],
    }
    assert body.text == PARAS[0]


# --- SiteTemplate ------------------------------------------------------------------------------

HEADLINES = [
    "Le conseil municipal vote le budget",
    "Inondations : trois communes en alerte",
    "Le festival d'été dévoile son programme",
    "Un nouveau directeur à l'hôpital",
    "La ligne de tramway prolongée en 2026",
]


def learned_journal() -> SiteTemplate:
    tpl = SiteTemplate("www.journal.example")
    for i, headline in enumerate(HEADLINES):
        tpl.learn(
            [
                f"Premier paragraphe de l'article numéro {i}, propre à cette page.",
                f"Lire aussi | {headline}",
                f"Deuxième paragraphe, qui parle de tout autre chose ({i}).",
                f"© {2020 + i} Le Journal",
            ]
        )
    return tpl


def test_template_learns_teaser_prefix_and_footer_with_changing_digits() -> None:
    tpl = learned_journal()
    assert tpl.pages == 5
    assert tpl.matches("Lire aussi | Le marché de Noël ouvre ses portes samedi")
    assert tpl.matches("© 2025 Le Journal")
    assert not tpl.matches(
        "Le maire a présenté mardi soir le projet de rénovation du centre-ville."
    )
    # digits fold: a line that differs only by its numbers is one key, template here
    assert tpl.matches("Premier paragraphe de l'article numéro 7, propre à cette page.")
    learned = tpl.learned()
    assert "prefix:lire aussi |" in learned
    assert "line:© 0 le journal" in learned
    # each headline was seen once: none is template
    assert not any(h.lower() in k for k in learned for h in HEADLINES)


def test_a_key_on_too_few_pages_is_not_template() -> None:
    tpl = SiteTemplate("www.journal.example", min_pages=3, min_share=0.2)
    for i in range(20):
        lines = [f"Un paragraphe qui ne revient jamais, page {'abcdefghijklmnopqrst'[i]}."]
        if i < 2:
            lines.append("Suivez notre direct sur l'application")
        if i < 3:
            lines.append("Encadré publicitaire du partenaire")  # 3 pages, under 20 % of 20
        if i < 4:
            lines.append("Offre spéciale pour les lecteurs")  # 4 pages = 20 %
        tpl.learn(lines)
    assert not tpl.matches("Suivez notre direct sur l'application")
    assert not tpl.matches("Encadré publicitaire du partenaire")
    assert tpl.matches("Offre spéciale pour les lecteurs")


def test_a_page_counts_once_per_key_and_long_blocks_are_never_learned() -> None:
    tpl = SiteTemplate("x.example")
    long_block = "Un long paragraphe. " * 30  # over 400 characters
    tpl.learn(["Bloc répété", "Bloc répété", "Bloc répété", long_block])
    assert tpl.counts["line:bloc répété"] == 1
    for _ in range(4):
        tpl.learn([long_block])
    assert not tpl.matches(long_block)
    assert all(len(k) < 400 for k in tpl.counts)


# --- extract: whole pages ----------------------------------------------------------------------

FR_URL = (
    "https://www.quotidien-du-sud.example/economie/article/2024/03/14/"
    "le-port-de-marseille-rouvre_123.html"
)
FR_PARAGRAPHS = [
    "Les dockers ont repris le travail jeudi matin",
    "Plus de quarante navires attendaient au large depuis lundi.",
    "Le syndicat majoritaire a salué « une avancée réelle »",
    "La préfecture a levé les restrictions de circulation en fin de matinée.",
]


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def fr_extraction(html: str | None = None) -> Extraction:
    return extract(html or page("fr_article.html"), FR_URL)


def test_french_article() -> None:
    ex = fr_extraction()
    assert ex.title == "Le port de Marseille rouvre après trois jours de grève"
    assert ex.removed["title"] == [ex.title]  # the <h1> again, taken out once
    assert ex.title not in ex.text
    for para in FR_PARAGRAPHS:
        assert para in ex.text
    assert "Lire aussi" not in ex.text and "Réutiliser" not in ex.text
    assert ex.teasers == ["Lire aussi | Grève des dockers : les raisons de la colère sur les quais"]
    assert ex.removed["share"] == ["Réutiliser ce contenu"]
    assert ex.language == "fr"
    assert ex.authors == ["Camille Roussel"]
    assert ex.published is not None and ex.published == datetime.fromisoformat(
        "2024-03-14T09:30:00+01:00"
    )
    assert ex.published.utcoffset() is not None
    assert ex.site_name == "Le Quotidien du Sud"
    assert ex.section == "Économie"
    assert [w["agency"] for w in ex.wire] == ["AFP"]
    assert ex.wire[0]["publisher"] == "Le Quotidien du Sud"
    assert ex.image is not None
    assert ex.image.url.endswith("/images/port-marseille-quai.jpg")
    assert ex.image.caption == "Le port de Marseille."
    assert ex.image.credit == "Jean Dupont / AFP"
    assert ex.paywalled is False


def test_french_article_json_record() -> None:
    record = fr_extraction().to_json()
    assert record["published"] == "2024-03-14T09:30:00+01:00"
    assert record["image"] == {
        "url": "https://www.quotidien-du-sud.example/images/port-marseille-quai.jpg",
        "caption": "Le port de Marseille.",
        "credit": "Jean Dupont / AFP",
    }
    assert record["teasers"] == [
        "Lire aussi | Grève des dockers : les raisons de la colère sur les quais"
    ]
    assert record["removed"] == {"title": 1, "teaser": 1, "share": 1}
    assert record["furniture"]["share"] == ["Réutiliser ce contenu"]
    assert record["text"] == "\n".join(p["text"] for p in record["paragraphs"])


def test_french_article_for_subscribers_is_paywalled() -> None:
    html = page("fr_article.html").replace(
        "<p>Réutiliser ce contenu</p>", "<p>Article réservé à nos abonnés</p>"
    )
    ex = fr_extraction(html)
    assert ex.paywalled is True
    assert "Article réservé" not in ex.text
    assert FR_PARAGRAPHS[0] in ex.text


def test_paywall_prompt_in_the_body_alone_flags_the_page() -> None:
    # A notice the metadata check does not know, but the line rules do.
    html = page("fr_article.html").replace(
        "<p>Réutiliser ce contenu</p>", "<p>Déjà abonné ? Connectez-vous</p>"
    )
    ex = fr_extraction(html)
    assert ex.removed.get("paywall") == ["Déjà abonné ? Connectez-vous"]
    assert ex.paywalled is True


def test_german_article() -> None:
    ex = extract(page("de_article.html"), "https://www.rheinland-bote.example/lokales/radwege")
    assert ex.title == "Stadtrat beschließt neue Radwege am Flussufer"
    assert ex.title not in ex.text
    assert "Der Stadtrat hat am Donnerstagabend" in ex.text
    assert "Die Verwaltung will nun zügig die Ausschreibung vorbereiten." in ex.text
    assert ex.teasers == ["Mehr zum Thema: Wie die Innenstadt autofrei werden soll"]
    assert ex.removed["credit"] == ["Foto: dpa"]
    assert "Foto" not in ex.text
    assert ex.wire == []  # a photo credit names who took the picture, not who wrote the text
    assert ex.language == "de"
    assert ex.authors == ["Jonas Feldmann"]
    assert ex.published == datetime.fromisoformat("2024-06-20T17:45:00+02:00")
    assert ex.site_name == "Rheinland Bote"
    assert ex.paywalled is False


def test_german_byline_line_leaves_the_text() -> None:
    html = page("de_article.html").replace(
        "<p>Der Stadtrat", "<p>Von Jonas Feldmann</p><p>Der Stadtrat"
    )
    ex = extract(html, "https://www.rheinland-bote.example/lokales/radwege")
    assert "Von Jonas Feldmann" not in ex.text
    assert ex.removed.get("byline") == ["Von Jonas Feldmann"]


EN_URL = "https://www.coastal-ledger.example/news/2024/11/05/flood-wall-vote"


def test_english_article() -> None:
    ex = extract(page("en_article.html"), EN_URL)
    assert ex.title == "Harbour town votes to rebuild its flood wall"
    assert ex.title not in ex.text
    assert ex.text.startswith("Residents of the small harbour town voted on Tuesday")
    assert ex.text.endswith("about the construction schedule next month.")
    assert ex.teasers == ["Read more: Why the storm damage bill keeps growing"]
    assert ex.removed["share"] == ["Follow us on Twitter"]
    assert ex.language == "en"
    assert ex.authors == ["Priya Hallworth"]
    assert ex.published == datetime.fromisoformat("2024-11-05T16:20:00-05:00")
    assert ex.site_name == "The Coastal Ledger"
    assert ex.wire == []
    assert ex.paywalled is False


def test_newsletter_prompt_does_not_make_a_free_article_paywalled() -> None:
    html = page("en_article.html").replace(
        "<p>Follow us on Twitter</p>", "<p>Subscribe to our newsletter</p>"
    )
    ex = extract(html, EN_URL)
    assert "Subscribe" not in ex.text
    assert ex.paywalled is False


def test_extraction_of_a_page_without_text() -> None:
    ex = extract(
        "<html><head><title>Accueil</title></head><body></body></html>", "https://x.example/"
    )
    assert ex.blocks == [] and ex.text == ""
    assert ex.paywalled is False
    assert json.loads(json.dumps(ex.to_json()))["text"] == ""


SECOND_ARTICLE = """<article>
<h1>Le festival de jazz annonce sa programmation</h1>
<p>Le festival de jazz de la ville a dévoilé mercredi une affiche où se croisent des musiciens
venus de douze pays, dont plusieurs formations jamais entendues en France jusqu'ici.</p>
<p>Les organisateurs attendent plus de trente mille spectateurs sur les cinq soirées, avec une
scène gratuite installée pour la première fois sur le parvis de la gare Saint-Charles.</p>
</article>"""


def test_an_appended_article_of_an_infinite_scroll_is_left_out() -> None:
    html = page("fr_article.html").replace("</main>", SECOND_ARTICLE + "</main>")
    ex = fr_extraction(html)
    assert FR_PARAGRAPHS[0] in ex.text
    assert "festival de jazz" not in ex.text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("With files from The Associated Press and a staff reporter", Kind.CREDIT),
        ("—Associated Press writer Jean Martin in Paris contributed to this report.", Kind.CREDIT),
        ("Mit Agenturmaterial.", Kind.CREDIT),
        ("(dmk)", Kind.CREDIT),
        ("SDA/sep", Kind.CREDIT),
        (
            "Copyright © Agence 2017-2026. Für die kommerzielle Nutzung dieses Inhalts ist ein "
            "Abonnement erforderlich.",
            Kind.CREDIT,
        ),
        ("Advertisement", Kind.SHARE),
        ("Anzeige", Kind.SHARE),
        ("Fehler gefunden? Jetzt melden.", Kind.SHARE),
        ("Get the latest news from our newsroom in your inbox.", Kind.SHARE),
        ("Sendung: Radio Est, 24.04.2024, 15:10 Uhr", Kind.SHARE),
        (
            "We independently select everything we recommend. Buying through us may earn us a "
            "commission.",
            Kind.SHARE,
        ),
    ],
)
def test_closing_credits_and_page_furniture(line: str, kind: Kind) -> None:
    assert classify(line) is kind


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement revenue fell by a third in the quarter, the company said on Tuesday.",
        "The reporters who contributed to this report were later honoured for their work.",
        "Anzeige gegen den Bürgermeister: Die Staatsanwaltschaft ermittelt seit Montag.",
    ],
)
def test_sentences_about_ads_and_reports_stay(line: str) -> None:
    assert classify(line) is None


def test_title_with_a_kicker_or_in_other_words_is_removed() -> None:
    title = "Bericht: Aktivistin getötet - Irans Justiz dementiert"
    body = clean(
        blocks(
            "Bei Protesten 2022 Bericht: Aktivistin getötet - Irans Justiz dementiert",
            "Die Justiz des Landes hat am Dienstag einen Bericht über den Tod einer Aktivistin "
            "zurückgewiesen, die bei den Protesten des Jahres 2022 ums Leben gekommen sein soll.",
        ),
        title,
    )
    assert [b.text[:9] for b in body.blocks] == ["Die Justi"]
    assert body.removed["title"] == [
        "Bei Protesten 2022 Bericht: Aktivistin getötet - Irans Justiz dementiert"
    ]


def test_short_blocks_after_the_article_and_outside_it_are_flagged() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from alaune.extract.body import mark_outside

    long_a = (
        "Le conseil municipal a voté mardi soir le budget de la ville, après quatre heures de "
        "débats souvent vifs entre la majorité et une opposition qui réclamait un report du "
        "vote à la rentrée."
    )
    long_b = (
        "Les associations de quartier ont salué une hausse des subventions qu'elles attendaient "
        "depuis trois ans, tout en regrettant que les crédits de la culture restent au niveau "
        "de l'an passé."
    )
    inside_short = "Un vote serré"
    related = "Trois autres villes augmentent leurs impôts"
    html = (
        "<html><body><div id='page'><main><div class='wrap'><article><div class='body'>"
        f"<p>{long_a}</p><h2>{inside_short}</h2><p>{long_b}</p><p>{inside_short}</p>"
        "</div></article></div>"
        f"<div class='more'><ul><li>{related}</li></ul></div></main></div></body></html>"
    )
    found = blocks(long_a, inside_short, long_b, inside_short, related)
    mark_outside(found, LexborHTMLParser(html))
    assert [b.trailing_outside for b in found] == [False, False, False, False, True]
    body = clean(found, None)
    assert body.removed == {"outside": [related]}


def test_an_outlet_advertising_itself_is_promo_and_mentions_of_it_stay() -> None:
    from alaune.extract.body import site_names

    site = site_names("Le Quotidien du Sud", "https://www.quotidien-du-sud.example/a.html")
    assert site == {"le quotidien du sud", "quotidien du sud"}
    promo = "Suivez-nous : Le Quotidien du Sud est aussi sur WhatsApp et Instagram."
    mention = (
        "Le Quotidien du Sud a révélé mardi que la mairie avait renoncé au projet, après "
        "plusieurs mois de protestations des riverains et de deux associations de défense."
    )
    body = clean(blocks(*PARAS, mention, promo), None, site=site)
    assert body.removed == {"promo": [promo]}
    assert mention in body.text
