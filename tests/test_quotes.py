"""Quotes, speakers and attributions (alaune.tell.quotes): every pattern, and the verbatim rule.

All sentences here are invented: the people, places and events do not exist."""

from __future__ import annotations

import dataclasses
import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alaune.tell.quotes import Quote, attributions, find_quotes

NBSP, NNBSP = "\u00a0", "\u202f"
OPENING = '«“„"‘»'
CLOSING = '»”“"’«'


def assert_verbatim(text: str, quotes: list[Quote]) -> None:
    """The faithfulness rule: every field is a slice of the input, quotes stay inside marks."""
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.text and q.text == q.text.strip()
        assert q.sentence in text
        assert q.text in q.sentence
        assert q.attribution in text
        assert q.speaker is None or q.speaker in text
        assert q.speaker is None or q.speaker in q.attribution
        assert "\n" not in q.text
        # the quote is framed by marks: nothing outside them came in
        before = text[: q.start].rstrip()
        after = text[q.end :].lstrip(" ,\t" + NBSP + NNBSP)
        assert before and before[-1] in OPENING
        assert after and after[0] in CLOSING


def only(text: str, lang: str | None) -> Quote:
    quotes = find_quotes(text, lang)
    assert_verbatim(text, quotes)
    assert len(quotes) == 1, quotes
    return quotes[0]


# --- French ------------------------------------------------------------------------------------

FRENCH = [
    # (text, quote, speaker, attribution)
    (
        "« Nous ne reculerons pas devant les menaces », a déclaré Hélène Garrigue mardi à Brest.",
        "Nous ne reculerons pas devant les menaces",
        "Hélène Garrigue",
        "a déclaré Hélène Garrigue",
    ),
    (
        "« Le chantier sera livré avant l'hiver », a affirmé le maire de Quimperlé.",
        "Le chantier sera livré avant l'hiver",
        "le maire de Quimperlé",
        "a affirmé le maire de Quimperlé",
    ),
    (
        "« Aucune victime n'est à déplorer à ce stade », a indiqué la préfecture du Cantal.",
        "Aucune victime n'est à déplorer à ce stade",
        "la préfecture du Cantal",
        "a indiqué la préfecture du Cantal",
    ),
    (
        "« Le feu est fixé mais pas éteint », a précisé le porte-parole des pompiers dans un "
        "message publié mardi soir.",
        "Le feu est fixé mais pas éteint",
        "le porte-parole des pompiers",
        "a précisé le porte-parole des pompiers",
    ),
    (
        "« Les stocks de vaccins sont suffisants pour tout l'hiver », a expliqué Mme Poulard.",
        "Les stocks de vaccins sont suffisants pour tout l'hiver",
        "Mme Poulard",
        "a expliqué Mme Poulard",
    ),
    (
        "« Cette hausse des tarifs est tout simplement injustifiable », a estimé M. Berthelot.",
        "Cette hausse des tarifs est tout simplement injustifiable",
        "M. Berthelot",
        "a estimé M. Berthelot",
    ),
    (
        "« Les salaires seront versés en temps et en heure », a assuré le ministre de "
        "l'Économie, Lucien Ferrand.",
        "Les salaires seront versés en temps et en heure",
        "le ministre de l'Économie",
        "a assuré le ministre de l'Économie",
    ),
    (
        "« C'est un déni de démocratie pur et simple », a dénoncé Jean-Marc Le Bihan.",
        "C'est un déni de démocratie pur et simple",
        "Jean-Marc Le Bihan",
        "a dénoncé Jean-Marc Le Bihan",
    ),
    (
        "« Nous resterons vigilants jusqu'au bout », a ajouté Odile de la Roncière.",
        "Nous resterons vigilants jusqu'au bout",
        "Odile de la Roncière",
        "a ajouté Odile de la Roncière",
    ),
    (
        "« La sécurité des passagers passe avant tout », a souligné la compagnie Air Morbihan.",
        "La sécurité des passagers passe avant tout",
        "la compagnie Air Morbihan",
        "a souligné la compagnie Air Morbihan",
    ),
    (
        "« Je suis profondément choqué par ces images », a réagi le sénateur Paul Vasseur.",
        "Je suis profondément choqué par ces images",
        "le sénateur Paul Vasseur",
        "a réagi le sénateur Paul Vasseur",
    ),
    (
        "« Il n'y aura pas de passage en force », a martelé la Première ministre.",
        "Il n'y aura pas de passage en force",
        "la Première ministre",
        "a martelé la Première ministre",
    ),
    (
        "« Rendez-vous dans la rue dès jeudi matin », a lancé Sonia Ketterer aux manifestants.",
        "Rendez-vous dans la rue dès jeudi matin",
        "Sonia Ketterer",
        "a lancé Sonia Ketterer",
    ),
    (
        "« La sanction tombera au moindre écart », a prévenu l'entraîneur du FC Lorient.",
        "La sanction tombera au moindre écart",
        "l'entraîneur du FC Lorient",
        "a prévenu l'entraîneur du FC Lorient",
    ),
    (
        "« Merci à tous les bénévoles de la Croix-Verte », a écrit Manon Delsol sur son blog.",
        "Merci à tous les bénévoles de la Croix-Verte",
        "Manon Delsol",
        "a écrit Manon Delsol",
    ),
    (
        "« Une journée noire pour nos agriculteurs », a tweeté le député Yann Kervella.",
        "Une journée noire pour nos agriculteurs",
        "le député Yann Kervella",
        "a tweeté le député Yann Kervella",
    ),
    (
        "« Le dialogue reste ouvert avec tous les syndicats », déclare Agnès Moreau.",
        "Le dialogue reste ouvert avec tous les syndicats",
        "Agnès Moreau",
        "déclare Agnès Moreau",
    ),
    (
        "« Le dossier est solide et bien documenté », affirme son avocate.",
        "Le dossier est solide et bien documenté",
        "son avocate",
        "affirme son avocate",
    ),
    (
        "« Le marché immobilier va se retourner cette année », estime l'économiste Rémi Caradec.",
        "Le marché immobilier va se retourner cette année",
        "l'économiste Rémi Caradec",
        "estime l'économiste Rémi Caradec",
    ),
    (
        "« Nous avons perdu la moitié de notre clientèle », explique Farid Benali, boulanger.",
        "Nous avons perdu la moitié de notre clientèle",
        "Farid Benali",
        "explique Farid Benali",
    ),
    (
        "« Les négociations reprendront lundi prochain », indique le communiqué.",
        "Les négociations reprendront lundi prochain",
        "le communiqué",
        "indique le communiqué",
    ),
    (
        "« Le tir d'essai a été un succès complet », selon l'agence KCNA.",
        "Le tir d'essai a été un succès complet",
        "l'agence KCNA",
        "selon l'agence KCNA",
    ),
    (
        "« Ce texte est une provocation pure et simple », s'est indignée la députée Anne Lebrun.",
        "Ce texte est une provocation pure et simple",
        "la députée Anne Lebrun",
        "s'est indignée la députée Anne Lebrun",
    ),
    (
        "« Ce texte est une provocation pure et simple », a déclaré à l'AFP le porte-parole du "
        "syndicat.",
        "Ce texte est une provocation pure et simple",
        "le porte-parole du syndicat",
        "a déclaré à l'AFP le porte-parole du syndicat",
    ),
    (
        "« Nous ne céderons pas d'un pouce », a martelé Jean-Luc Mélenchon-Darras.",
        "Nous ne céderons pas d'un pouce",
        "Jean-Luc Mélenchon-Darras",
        "a martelé Jean-Luc Mélenchon-Darras",
    ),
]


@pytest.mark.parametrize(("text", "quote", "speaker", "attribution"), FRENCH)
def test_french_attribution_after_the_quote(
    text: str, quote: str, speaker: str, attribution: str
) -> None:
    q = only(text, "fr")
    assert (q.text, q.speaker, q.attribution) == (quote, speaker, attribution)
    assert q.sentence == text


@pytest.mark.parametrize(
    ("text", "speaker", "attribution"),
    [
        ("Le préfet a déclaré : « Les routes resteront fermées toute la nuit. »", "Le préfet",
         "Le préfet a déclaré"),
        ("Mardi soir, Clément Aubry a déclaré : « Je ne briguerai pas de second mandat ».",
         "Clément Aubry", "Clément Aubry a déclaré"),
        ("Dans un communiqué, le ministère des Armées a affirmé que « la situation est sous "
         "contrôle ».", "le ministère des Armées", "le ministère des Armées a affirmé"),
        ("Pour la maire de Vannes, « cette décision arrive beaucoup trop tard ».",
         "la maire de Vannes", "Pour la maire de Vannes"),
        ("Selon Mme Garnier, « tous les voyants sont désormais au vert ».", "Mme Garnier",
         "Selon Mme Garnier"),
        ("Interrogé par la presse locale Gaspard Lenoir a expliqué : « Le club ne sera pas "
         "vendu cet été ».", "Gaspard Lenoir", "Gaspard Lenoir a expliqué"),
    ],
)  # fmt: skip
def test_french_attribution_before_the_quote(text: str, speaker: str, attribution: str) -> None:
    q = only(text, "fr")
    assert (q.speaker, q.attribution) == (speaker, attribution)


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ("« Nous irons jusqu'au bout de cette réforme », a-t-il déclaré.", "a-t-il déclaré"),
        ("« La porte reste ouverte à toutes les discussions », a-t-elle ajouté.",
         "a-t-elle ajouté"),
        ("« La situation reste très tendue sur place », estime-t-il.", "estime-t-il"),
        ("« Personne ne sortira gagnant de ce conflit », dit-elle.", "dit-elle"),
        ("« Ce texte est une provocation pure et simple », ont-ils dénoncé dans un communiqué.",
         "ont-ils dénoncé dans un communiqué"),
        ("« Nous ne lâcherons rien sur les salaires » a-t-il lancé devant les grévistes.",
         "a-t-il lancé"),
        ("Pour lui, « tous les voyants sont désormais au vert ».", "Pour lui"),
    ],
)  # fmt: skip
def test_french_pronoun_attribution_has_no_speaker(text: str, attribution: str) -> None:
    q = only(text, "fr")
    assert q.speaker is None
    assert q.attribution == attribution


def test_french_guillemets_with_no_break_spaces() -> None:
    for space in (NBSP, NNBSP, " ", ""):
        text = f"«{space}Le pont rouvrira à la circulation dès lundi{space}», a indiqué la mairie."
        q = only(text, "fr")
        assert q.text == "Le pont rouvrira à la circulation dès lundi"
        assert q.speaker == "la mairie"


def test_french_curly_quotes_and_nested_quotes() -> None:
    q = only("“Le budget sera tenu coûte que coûte”, a assuré Inès Morvan.", "fr")
    assert (q.text, q.speaker) == ("Le budget sera tenu coûte que coûte", "Inès Morvan")
    text = "« Il m'a dit “jamais de la vie” et il est parti », raconte Sophie Marchal, 42 ans."
    q = only(text, "fr")
    assert q.text == "Il m'a dit “jamais de la vie” et il est parti"
    assert q.speaker == "Sophie Marchal"


def test_pour_needs_someone() -> None:
    q = only("Pour la première fois, « tous les voyants sont au vert » dans la région.", "fr")
    assert (q.speaker, q.attribution) == (None, "")


# --- English -----------------------------------------------------------------------------------

ENGLISH = [
    ("“We will not back down from this fight,” Jane Holloway said.",
     "We will not back down from this fight", "Jane Holloway", "Jane Holloway said"),
    ('"The bridge will reopen before the winter," said Mayor Tobias Wren.',
     "The bridge will reopen before the winter", "Mayor Tobias Wren", "said Mayor Tobias Wren"),
    ('"Nobody saw the flood coming this fast," Priya Nandakumar told Reuters.',
     "Nobody saw the flood coming this fast", "Priya Nandakumar",
     "Priya Nandakumar told Reuters"),
    ('"The talks have collapsed for good," Tom Briggs wrote on X (Twitter).',
     "The talks have collapsed for good", "Tom Briggs", "Tom Briggs wrote on X (Twitter)"),
    ('"The launch was a complete success," according to state media.',
     "The launch was a complete success", "state media", "according to state media"),
    ('"The talks have stalled over fishing rights," Oskar Lind, the foreign minister, said.',
     "The talks have stalled over fishing rights", "Oskar Lind",
     "Oskar Lind, the foreign minister, said"),
    ('"Our schools need more teachers, not fewer," the White House spokesman said.',
     "Our schools need more teachers, not fewer", "the White House spokesman",
     "the White House spokesman said"),
    ('"The economy is in better shape than people think," U.S. officials said.',
     "The economy is in better shape than people think", "U.S. officials", "U.S. officials said"),
    ('"The economy is in much better shape," said Dr. Amara Osei of the central bank.',
     "The economy is in much better shape", "Dr. Amara Osei", "said Dr. Amara Osei"),
    ('"The market will recover by spring," Sheikh Khalid bin Saeed al-Nuaimi said.',
     "The market will recover by spring", "Sheikh Khalid bin Saeed al-Nuaimi",
     "Sheikh Khalid bin Saeed al-Nuaimi said"),
    ('"We will keep every border post open," said Ursula von der Brenner.',
     "We will keep every border post open", "Ursula von der Brenner",
     "said Ursula von der Brenner"),
    ('"No trace of the toxin was found," said a spokesman for the agency in a statement.',
     "No trace of the toxin was found", "a spokesman for the agency",
     "said a spokesman for the agency"),
    ('"Why would anyone sell the port now?" Gemma Stroud asked. The board said nothing.',
     "Why would anyone sell the port now?", "Gemma Stroud", "Gemma Stroud asked"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quote", "speaker", "attribution"), ENGLISH)
def test_english_attribution_after_the_quote(
    text: str, quote: str, speaker: str, attribution: str
) -> None:
    q = only(text, "en")
    assert (q.text, q.speaker, q.attribution) == (quote, speaker, attribution)


@pytest.mark.parametrize(
    ("text", "speaker", "attribution"),
    [
        ('Harold Finch said: "We are closing the plant at the end of the month."',
         "Harold Finch", "Harold Finch said"),
        ('In a statement, the regional council said: "All schools will reopen on Monday."',
         "the regional council", "the regional council said"),
        ('Mara Quill, the union leader, told reporters: "Nobody here wants a long strike."',
         "Mara Quill", "Mara Quill, the union leader, told reporters"),
        ('According to the harbour master, "the ferry will not sail again before Friday".',
         "the harbour master", "According to the harbour master"),
        ('Mara Quill says "we will never give up on this town"', "Mara Quill", "Mara Quill says"),
        ('At 9 a.m. Jane Roe said: "We are closing the plant for good now."', "Jane Roe",
         "Jane Roe said"),
    ],
)  # fmt: skip
def test_english_attribution_before_the_quote(text: str, speaker: str, attribution: str) -> None:
    q = only(text, "en")
    assert (q.speaker, q.attribution) == (speaker, attribution)


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ('"We will not leave the negotiating table today," he added.', "he added"),
        ("“We will not leave the negotiating table today,” she said.", "she said"),
        ("‘We will not leave the negotiating table today,’ they said.", "they said"),
        ('"We will not leave the negotiating table," he later told reporters.',
         "he later told reporters"),
    ],
)  # fmt: skip
def test_english_pronoun_attribution_has_no_speaker(text: str, attribution: str) -> None:
    q = only(text, "en-GB")
    assert q.speaker is None
    assert q.attribution == attribution


def test_english_quote_split_by_its_attribution() -> None:
    text = '"We will win this fight," he said, "because we have no other choice."'
    first, second = find_quotes(text, "en")
    assert_verbatim(text, [first, second])
    assert (first.text, first.attribution) == ("We will win this fight", "he said")
    assert (second.text, second.attribution) == ("because we have no other choice.", "he said")
    assert first.sentence == second.sentence == text


def test_english_nested_single_quotes() -> None:
    text = "“He told me ‘never again’ and then he walked away,” Liam Corrigan said."
    q = only(text, "en")
    assert q.text == "He told me ‘never again’ and then he walked away"
    assert q.speaker == "Liam Corrigan"


def test_no_attribution_when_the_verb_belongs_to_someone_else() -> None:
    text = '"The vote was rigged from the very start," the crowd chanted as police said nothing.'
    q = only(text, "en")
    assert (q.speaker, q.attribution) == (None, "")


# --- Languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("„Wir werden das gemeinsam schaffen“, sagte die Ministerin.", "de"),
        ("»Wir werden das gemeinsam schaffen«, sagte die Ministerin.", "de"),
        ("„Nie oddamy ani jednego miejsca pracy”, powiedział burmistrz.", "pl"),
        ("«No vamos a subir los impuestos este año», dijo la ministra.", "es"),
        ("“Non lasceremo nessuno indietro in questa crisi”, ha detto il sindaco.", "it"),
    ],
)
def test_other_languages_get_quotes_without_speakers(text: str, lang: str) -> None:
    q = only(text, lang)
    assert q.text[0].isupper()
    assert q.text[-1].isalpha()
    assert (q.speaker, q.attribution) == (None, "")


def test_language_tags_and_unknown_language() -> None:
    fr = "« Le pont rouvrira à la circulation lundi », a indiqué la mairie."
    en = '"The bridge will reopen to traffic on Monday," the council said.'
    assert only(fr, "fr-FR").speaker == only(fr, None).speaker == "la mairie"
    assert only(en, "EN_us").speaker == only(en, None).speaker == "the council"
    assert only(fr, "de").speaker is None


# --- Marks, scare quotes, sentences ------------------------------------------------------------


def test_scare_quotes_and_titles_are_ignored() -> None:
    text = 'He called it a "historic day" for the town, and read « Le Matin » over breakfast.'
    assert find_quotes(text, "en") == []
    assert [q.text for q in find_quotes(text, "en", min_words=1)] == ["historic day", "Le Matin"]


def test_text_without_quotes() -> None:
    text = "The council met on Tuesday. It's the committee's third meeting; nothing was decided."
    assert find_quotes(text) == []
    assert find_quotes("") == []
    assert attributions("") == []


@pytest.mark.parametrize(
    "text",
    [
        "He said “we will win this and then left the room. Then nothing at all.",
        "Elle a dit « nous gagnerons cette bataille et elle est partie.",
        'A stray mark " in the middle of a sentence with many words in it.',
        "Closing first » then « opening at the very end of the paragraph",
        "Il a dit « nous verrons bien demain matin.\nLa séance est levée » par le président.",
        "“Unclosed first paragraph of a long quote that goes on.\nNo marks here at all, he said.",
        '« » “” "" „“ ‘’ «',
    ],
)
def test_broken_marks_yield_nothing(text: str) -> None:
    assert find_quotes(text, min_words=1) == []


def test_quote_across_paragraphs_is_dropped_but_the_next_is_kept() -> None:
    text = (
        "“The first part of a long speech that goes on.\n"
        "“The second part of the speech comes here,” she said."
    )
    q = only(text, "en")
    assert q.text == "The second part of the speech comes here"
    assert q.sentence == "“The second part of the speech comes here,” she said."


def test_straight_quotes_ignore_inch_marks_and_apostrophes() -> None:
    text = """The 12" screen wasn't "much better than the old one," he said."""
    q = only(text, "en")
    assert q.text == "much better than the old one"
    assert q.attribution == "he said"


def test_multi_sentence_quote_is_one_quote() -> None:
    text = (
        "Le chantier a pris du retard. « Il faut agir vite. Très vite. Sinon il sera trop "
        "tard ! », a lancé Solène Rivière. La réunion a duré deux heures."
    )
    q = only(text, "fr")
    assert q.text == "Il faut agir vite. Très vite. Sinon il sera trop tard !"
    assert q.speaker == "Solène Rivière"
    assert q.sentence == (
        "« Il faut agir vite. Très vite. Sinon il sera trop tard ! », a lancé Solène Rivière."
    )


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Le texte passe mardi. M. Martin a déclaré : « Je serai candidat en 2027, c'est "
         "certain ». Mme Roux a répliqué.",
         "M. Martin a déclaré : « Je serai candidat en 2027, c'est certain »."),
        ("Growth hit 3.5 percent. Mr. Adeyemi of the U.S. Treasury said: \"The figures are "
         "better than we hoped.\" Markets rose.",
         "Mr. Adeyemi of the U.S. Treasury said: \"The figures are better than we hoped.\""),
        ('Dr. J. Okafor spoke at 10 p.m. Tuesday. "We have found the source of the leak," '
         "she said. Repairs start soon.",
         '"We have found the source of the leak," she said.'),
    ],
)  # fmt: skip
def test_sentence_is_the_sentence_holding_the_quote(text: str, sentence: str) -> None:
    q = only(text, None)
    assert q.sentence == sentence


def test_min_words_and_limit() -> None:
    text = " ".join(f'"Point number {n} is agreed," she said.' for n in range(30))
    assert len(find_quotes(text, "en")) == 20
    assert len(find_quotes(text, "en", limit=3)) == 3
    assert find_quotes(text, "en", limit=0) == []
    assert find_quotes(text, "en", min_words=6) == []
    quotes = find_quotes(text, "en", limit=100)
    assert [q.text for q in quotes] == [f"Point number {n} is agreed" for n in range(30)]
    assert all(a.start < b.start for a, b in itertools.pairwise(quotes))


def test_quote_is_frozen() -> None:
    q = only('"The bridge will reopen before winter," the council said.', "en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.text = "changed"  # type: ignore[misc]
    assert not hasattr(q, "__dict__")


# --- Reported speech ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Selon l'agence KCNA, le tir a réussi.", "fr",
         [("l'agence KCNA", "Selon l'agence KCNA")]),
        ("Le tir aurait réussi selon l'agence KCNA.", "fr",
         [("l'agence KCNA", "selon l'agence KCNA")]),
        ("Les frontières resteront fermées, a indiqué le ministère.", "fr",
         [("le ministère", "a indiqué le ministère")]),
        ("Le gouvernement a annoncé que la réforme serait reportée.", "fr",
         [("Le gouvernement", "Le gouvernement a annoncé")]),
        ("D'après des sources proches du dossier, l'accord est signé.", "fr",
         [("des sources proches du dossier", "D'après des sources proches du dossier")]),
        ("The launch failed, according to state media.", "en",
         [("state media", "according to state media")]),
        ("Tom Briggs told Reuters the deal was off.", "en",
         [("Tom Briggs", "Tom Briggs told Reuters")]),
        ("The ministry said the border would stay closed.", "en",
         [("The ministry", "The ministry said")]),
        ("He said it was over. Selon lui, tout est fini. The rule, which she said was fair, "
         "stays.", None, []),
        ("Selon que le vent tourne ou non, le feu avancera.", "fr", []),
        ("Selon l'agence KCNA, le tir a réussi.", "de", []),
    ],
)  # fmt: skip
def test_attributions(text: str, lang: str | None, expected: list[tuple[str, str]]) -> None:
    found = attributions(text, lang)
    assert found == expected
    for source, clause in found:
        assert source in clause and clause in text


def test_attributions_leave_direct_quotes_to_find_quotes() -> None:
    text = (
        "« Le tir d'essai a été un succès complet », selon l'agence KCNA. "
        "Selon des experts, le missile a parcouru 900 km."
    )
    assert attributions(text, "fr") == [("des experts", "Selon des experts")]
    assert only(text, "fr").attribution == "selon l'agence KCNA"


# --- Invariants --------------------------------------------------------------------------------

ARTICLE = """Le gouvernement a présenté mardi un plan pour les trains régionaux. « Nous ne céderons pas \
face aux pressions », a déclaré le ministre des Transports, Paul Verger. Selon l'agence officielle, \
le budget atteindra 3,5 milliards d'euros d'ici à 2030.
La maire de Rennes a estimé : « C'est une avancée, mais elle reste insuffisante. » « Il faudra aller \
plus loin », a-t-elle ajouté. M. Dupont a dénoncé un texte « mal ficelé ».
"We will not bow to pressure from the lobbies," Transport Secretary Paul Green said on Monday. \
According to state media, the budget will reach $3.5 billion. The mayor of Leeds said: "It is a \
step forward, but not enough." "We will have to go much further," she added.
„Wir werden das gemeinsam schaffen“, sagte die Ministerin. « broken » mark » and “ another one
"""


@pytest.mark.parametrize("lang", [None, "fr", "en", "de"])
def test_verbatim_invariants_on_an_article(lang: str | None) -> None:
    quotes = find_quotes(ARTICLE, lang, min_words=1, limit=100)
    assert_verbatim(ARTICLE, quotes)
    assert len(quotes) >= 8
    for source, clause in attributions(ARTICLE, lang):
        assert source in clause and clause in ARTICLE


def test_article_speakers() -> None:
    speakers = [(q.text[:12], q.speaker) for q in find_quotes(ARTICLE)]
    assert speakers == [
        ("Nous ne céde", "le ministre des Transports"),
        ("C'est une av", "La maire de Rennes"),
        ("Il faudra al", None),
        ("We will not ", "Transport Secretary Paul Green"),
        ("It is a step", "The mayor of Leeds"),
        ("We will have", None),
        ("Wir werden d", None),
    ]


# Quote marks, spaces, punctuation, letters and the words the patterns look for, in any order
PIECES = [
    *"«»“”„\"‘’ \u00a0\u202f\n.,;:!?-'aAbZé",
    *("said", " a déclaré ", "selon ", "M. ", " he said", "according to ", "Macron", "le "),
]
MARKY = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=MARKY, lang=st.sampled_from([None, "fr", "en", "de"]), min_words=st.integers(0, 3))
def test_random_marks_never_raise_and_stay_verbatim(
    text: str, lang: str | None, min_words: int
) -> None:
    quotes = find_quotes(text, lang, min_words=min_words)
    assert_verbatim(text, quotes)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for source, clause in attributions(text, lang):
        assert source and source in clause and clause in text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_never_raises(text: str) -> None:
    assert_verbatim(text, find_quotes(text, min_words=1))
    assert all(s in text and c in text for s, c in attributions(text))


def test_speed_of_a_10_kb_article() -> None:
    text = ARTICLE * (10_000 // len(ARTICLE) + 1)
    find_quotes(text)  # warm the caches
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        quotes = find_quotes(text, limit=1000)
        runs.append(time.perf_counter() - start)
    assert len(quotes) > 50
    # about 1.5 ms here; a generous bound so that a loaded machine does not fail it
    assert min(runs) < 0.025


def test_a_role_then_a_name_in_apposition_gives_the_name() -> None:
    text = "“The dyke will hold until the morning,” the mayor, Ana Ferreira, said."
    (quote,) = find_quotes(text, "en")
    assert quote.speaker == "Ana Ferreira"
    assert quote.attribution == "the mayor, Ana Ferreira, said"
