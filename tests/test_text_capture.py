from conftest import SEED, STORIES

from indexer.text import extract_text


def test_seed_capture():
    art = extract_text(SEED.read_text(encoding="utf-8"))
    assert art.headline == "Kim tells Putin deepening ties is 'number one priority'"
    assert art.source == "Dhaka Tribune"
    assert art.captured == "2024-06-25"
    assert art.dates.published.startswith("2023-09-13")
    assert art.body.startswith("North Korea's leader vowed closer ties with Moscow on Wednesday")
    assert art.body.endswith("dealt irreparable damage.\"")
    assert "\n\nTactical gains\n\n" in art.body
    for chrome in ("Tuesday, June 25, 2024", "•", "Always with Russia", "Top Brokers",
                   "Popular Links", "Update :", "Dhaka Tribune"):
        assert chrome not in art.body


def test_paragraphs_are_separated_by_blank_lines():
    art = extract_text(STORIES["alpha.txt"])
    assert art.body.count("\n\n") == 2
    assert art.headline == "Dockers vote to end the port strike"
    assert art.source == "Harbour Ledger"


def test_trailing_chrome_blocks_are_cut():
    text = STORIES["beta.txt"].replace(
        "Top Brokers", "Related\n\n  • Some other story\n\nShare this article\n\n"
        "Facebook  X  LinkedIn  Email\n\nTop Brokers")
    art = extract_text(text)
    assert art.body.endswith("called the plan a sensible compromise.")
    assert "Share" not in art.body and "Facebook" not in art.body


def test_plain_document_without_chrome_keeps_every_line():
    text = "SOCCER - JAPAN WIN ASIAN CUP OPENER\nAL-AIN, United Arab Emirates\n" \
           "Japan began the defence of their title with a 2-1 win over Syria on Friday.\n" \
           "Striker Kazu Miura scored twice in the second half."
    art = extract_text(text)
    assert art.headline == "SOCCER - JAPAN WIN ASIAN CUP OPENER"
    assert "Kazu Miura" in art.body and "Japan began" in art.body


def test_empty_and_junk_text_do_not_raise():
    assert extract_text("").body == ""
    assert extract_text("\n\n   \n").headline is None
    extract_text("•\n" * 1000)
