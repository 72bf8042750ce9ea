"""The people finder: names from headline and body, by rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.people import evaluate_entry, find_people

SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_f05eca30a746bb05.txt"
SEED_HEADLINE = "Kim tells Putin deepening ties is 'number one priority'"
SEED_PEOPLE = {
    "Kim Jong Un",
    "Vladimir Putin",
    "Pak Jong Chon",
    "Jo Chun Ryong",
    "Sergei Shoigu",
    "Sergei Lavrov",
    "An Chan-il",
    "Alexander Kozlov",
    "Yuri Gagarin",
    "Vladimir Tikhonov",
}


def seed_article() -> tuple[str, str]:
    """Headline and body of the seed capture: the body runs from the first paragraph to the
    last one, without the page chrome around it ("Top Brokers", "Popular Links")."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert SEED_HEADLINE in lines
    start = next(i for i, line in enumerate(lines) if line.startswith("North Korea's leader vowed"))
    end = next(i for i, line in enumerate(lines) if line.endswith('dealt irreparable damage."'))
    return SEED_HEADLINE, "\n".join(lines[start : end + 1])


def test_seed_article_gives_exactly_its_ten_people():
    headline, body = seed_article()
    assert "Tactical gains" in body
    people = find_people(headline, body)
    assert set(people) == SEED_PEOPLE
    assert len(people) == len(SEED_PEOPLE)


def test_order_is_first_mention_and_short_forms_count():
    # "Putin" in the headline is the first mention of Vladimir Putin.
    headline, body = seed_article()
    assert find_people(headline, body)[:2] == ["Kim Jong Un", "Vladimir Putin"]
    assert find_people("", "Jane Doe met Sergei Lavrov.\nLater Mr Lavrov left.") == [
        "Jane Doe",
        "Sergei Lavrov",
    ]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Foreign Minister Sergei Lavrov attended the talks.", "Sergei Lavrov"),
        ("President Vladimir Putin hosted the summit.", "Vladimir Putin"),
        ("Korean People's Army Marshal Pak Jong Chon was there.", "Pak Jong Chon"),
        ("The talks were led by Dr. Maria Hernandez on Monday.", "Maria Hernandez"),
        ("Mr Tanaka declined to comment.", "Tanaka"),
        ("The company's chairman Hiroshi Yamauchi resigned.", "Hiroshi Yamauchi"),
    ],
)
def test_titles_are_cut_off(body, name):
    assert find_people("", body) == [name]


def test_possessives_are_stripped():
    assert find_people("", "Kim's train arrived. Vladimir Putin's aides waited for Mr Kim.") == [
        "Kim",
        "Vladimir Putin",
    ]


def test_short_mentions_resolve_to_the_full_name():
    body = (
        "President Vladimir Putin hosted Kim Jong Un at the spaceport.\n"
        "Putin said Kim was welcome. Kim thanked Putin, and Mr Putin smiled."
    )
    assert find_people("Kim tells Putin ties matter", body) == ["Kim Jong Un", "Vladimir Putin"]


def test_a_name_with_a_lone_cue_is_completed_by_its_full_form():
    body = "Boris Yeltsin visited his wife Naina in hospital.\nNaina Yeltsin is recovering."
    assert find_people("", body) == ["Boris Yeltsin", "Naina Yeltsin"]


@pytest.mark.parametrize(
    "body",
    [
        "Dhaka Tribune\nTop Brokers\nPopular Links",
        "The White House said the talks would go on.",
        "The leaders met at the Vostochny Cosmodrome in the Far East.",
        "North Korea and South Korea traded threats, Russian TV said.",
        "Interfax said the plant was shut. Traders said prices fell.",
        "Analysts said the Bank of England would wait.",
        "He studied at the University of Oslo and Harvard University.",
    ],
)
def test_organisations_places_and_chrome_are_not_people(body):
    assert find_people("", body) == []


def test_initials_particles_and_hyphenated_given_names():
    body = (
        "Somerset 83 (P. Simmons 4-38).\n"
        "Tries: Rafael van der Vaart, Andre Joubert.\n"
        "An Chan-il, a researcher, told AFP the Soviet-era kit was old."
    )
    assert find_people("", body) == [
        "P. Simmons",
        "Rafael van der Vaart",
        "Andre Joubert",
        "An Chan-il",
    ]


def test_results_table_names_with_countries():
    body = "1. Wilbert Okonkwo (Nigeria) 10.02\n2. Kwabena Mensah-Boateng (Ghana) 10.05"
    assert find_people("Athletics results", body) == [
        "Wilbert Okonkwo",
        "Kwabena Mensah-Boateng",
    ]


def test_lists_and_table_rows_that_are_mostly_people():
    assert find_people("", "Ireland: Shay Keogh, Gary Dunne, Moran, Tierney, Walsh.") == [
        "Shay Keogh",
        "Gary Dunne",
        "Moran",
        "Tierney",
        "Walsh",
    ]
    row = "Teams: 1 - Koffi Ndiaye, 2 - Lilian Marchetti, 3 - Ousmane Traore, 4 - Bakary Zongo"
    assert find_people("", row) == [
        "Koffi Ndiaye",
        "Lilian Marchetti",
        "Ousmane Traore",
        "Bakary Zongo",
    ]
    # A list of places is no list of people.
    assert find_people("", "Essex, Derbyshire and Surrey closed in on victory.") == []


def test_context_cues_for_unknown_given_names():
    assert find_people("", "Tsegaye Mekonnen, leader of the Unity Front, spoke.") == [
        "Tsegaye Mekonnen"
    ]
    body = "The paper quoted Bexley Tarrant as saying she was pleased. Tarrant said she would stay."
    assert find_people("", body) == ["Bexley Tarrant"]
    assert find_people("", "N. Knight c Ravindu b Kasunjith 12") == [
        "N. Knight",
        "Ravindu",
        "Kasunjith",
    ]
    assert find_people("", "Scorers: Dragan Vuko (12th, 67th)") == ["Dragan Vuko"]


def test_name_edges():
    assert find_people("", "He will meet Foreign Minister Carlos Ibarra Tuesday.") == [
        "Carlos Ibarra"
    ]
    assert find_people("", "Pope John Paul II said Elizabeth I, the queen, ruled.") == [
        "John Paul II",
        "Elizabeth I",
    ]
    assert find_people("", "José Mourinho praised the keeper.") == ["José Mourinho"]
    assert find_people("", "Kim’s train left. Kim Jong Un waved.") == ["Kim Jong Un"]


def test_abbreviated_titles_and_initials():
    body = "Mr. Smith met Sen. Bob Dole and F.W. de Klerk. U.S. Steel and Cofinec S.A. agreed."
    assert find_people("", body) == ["Smith", "Bob Dole", "F.W. de Klerk"]


def test_title_case_headline_and_subheadings_are_not_read_as_names():
    headline = "Kim Tells Putin Deepening Ties Is Top Priority"
    body = "Kim Jong Un met Vladimir Putin.\n\nGrant Money Approved For Schools\n\nIt was agreed."
    assert find_people(headline, body) == ["Kim Jong Un", "Vladimir Putin"]


def test_lone_words_need_a_title_or_role():
    body = "Time Warner said profits rose. Woman's Hour, Mr Howard said. Ericsson (Sweden) gained."
    assert find_people("", body) == ["Howard"]


def test_companies_named_after_people_and_modifiers_are_cut_away():
    body = (
        "Surrey captain Chris Lewis scored 80. Jupiter Research analyst Olivier Beauvillian agreed."
    )
    assert find_people("", body) == ["Chris Lewis", "Olivier Beauvillian"]
    body = (
        "said Tomas Ruiz, an analyst at James Capel. "
        "Merrill Lynch & Co and Morgan Stanley and Co agreed."
    )
    assert find_people("", body) == ["Tomas Ruiz"]
    assert find_people("", "Stora Kopparbergs Bergslags AB said it would buy the stake.") == []
    assert find_people(
        "", "Dutch-born Anton Corbijn directed it. London-based Xstrata said so."
    ) == ["Anton Corbijn"]
    assert find_people("", "I've said it before. Don't worry, It'll pass.") == []


def test_hard_wrapped_wire_text():
    body = (
        "U.S. Trade Representative Clayton\n"
        "Yeutter said he hoped the dollar would not fall further\n"
        "against the yen, and that talks with Japan would resume next\n"
        "week in Tokyo, officials said on Tuesday after the meeting.\n"
        "    Yeutter told reporters the talks had been useful and that\n"
        "the administration would wait for Japanese proposals."
    )
    assert find_people("Yeutter sees no further dollar fall", body) == ["Clayton Yeutter"]
    # A list wrapped over rows keeps its rows apart.
    rows = "Australia - Ian Healy (captain), Michael Bevan, Damien\nFleming, Jason Gillespie."
    assert "Damien Fleming" not in find_people("", rows)


@pytest.mark.parametrize(
    ("headline", "body"),
    [("", ""), ("   ", "\n\n  \n"), ("", "no capitals at all here, just words."), ("42", "1 2 3")],
)
def test_nothing_in_nothing_out(headline, body):
    assert find_people(headline, body) == []


def test_all_caps_text_gives_no_false_names():
    assert find_people("SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN", "LONDON 1996-08-30") == []
    shouting = "PRESIDENT VLADIMIR PUTIN MET KIM JONG UN IN THE FAR EAST ON WEDNESDAY."
    assert find_people(shouting, shouting) == []


@pytest.mark.parametrize(
    "text",
    [
        "A" * 100_000,
        "Mr " * 20_000,
        "O'" * 5_000 + " van de " * 3_000,
        "Mr.\n\n( ) , who , 34 , (" * 2_000,
        "\x00\ufeff\u200b Ünïcödé Ärger Øresund Ελλάδα Москва 北京 🙂 " * 2_000,
        "- \u2019s ’s 's ' . P. Q. R. S." * 2_000,
    ],
)
def test_hostile_input_never_raises(text):
    assert isinstance(find_people(text[:200], text), list)


PIECES = [*"AKPVaeinorsu .,'’-()\n:;&", "Mr ", "Kim ", "Jong ", "Maria ", "said ", "AB "]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=200).map("".join))
def test_any_text_gives_names_taken_from_it(headline, body):
    people = find_people(headline, body)
    assert len(people) == len(set(people))
    for name in people:
        assert name and all(word in headline + body for word in name.split())


def test_many_names_are_all_found():
    surnames = ["Abbot", "Brandt", "Carver", "Dunne", "Ellery", "Fenwick", "Garrow", "Hale"]
    givens = ["Anna", "Boris", "Carlos", "Diana", "Erik", "Fatima", "George", "Hiroshi"]
    tags = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"]
    names = [f"{g} {s}{t}" for t in tags for g, s in zip(givens, surnames, strict=True)]
    found = find_people("", " and ".join(names) + ".")
    assert len(found) == len(names)


def test_long_article_gives_the_same_people():
    headline, body = seed_article()
    long_body = "\n".join([body] * 50)  # ~ 50 articles' worth of text
    assert set(find_people(headline, long_body)) == SEED_PEOPLE


def test_evaluate_entry_splits_headline_from_body():
    text = "\n\nKim tells Putin ties matter\nPresident Vladimir Putin hosted Kim Jong Un.\n"
    assert evaluate_entry(text) == ["Kim Jong Un", "Vladimir Putin"]
    assert evaluate_entry("") == []
    assert evaluate_entry("\n \n") == []
