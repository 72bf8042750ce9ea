from conftest import SEED, STORIES, capture

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


def test_byline_under_the_related_links_is_not_the_headline():
    text = capture("Harbour Ledger", "Dockers vote to end the port strike", "",
                   ["Dock workers voted on Tuesday to end a three-week strike, the union said."])
    text = text.replace("over the weekend\n", "over the weekend\nJonah Bellweather\n")
    art = extract_text(text)
    assert art.headline == "Dockers vote to end the port strike"
    assert art.source == "Harbour Ledger"
    assert art.byline == "Jonah Bellweather"
    assert art.body.startswith("Dock workers voted")


def test_article_without_prose_starts_after_the_date_line():
    # a results table: no line is a sentence, yet it is the article
    rows = ["Shr 1.52 dlrs vs 17 cts", "Net 1,306,000 vs 144,000", "Rev 758,000 vs 670,000"]
    text = capture("Harbour Ledger", "Eastpark Realty Trust 4th Qtr Net",
                   "Update : 04 Mar 2024, 03:42 PM", rows)
    text = text.replace("over the weekend\n", "over the weekend\nMaya Eckhart\n")
    art = extract_text(text)
    assert art.headline == "Eastpark Realty Trust 4th Qtr Net"
    assert art.source == "Harbour Ledger"
    assert art.body == "\n\n".join(rows)
    assert art.byline == "Maya Eckhart"


def test_ad_marker_and_also_read_lines_inside_the_article_are_dropped():
    paragraphs = ["Regional planners approved forty wind turbines off the coast on Wednesday.",
                  "Advertisement",
                  "ALSO READ: Ferry fares to rise in the spring",
                  "Fishermen said they would appeal the decision to the national court."]
    art = extract_text(capture("Northern Star", "Wind turbines approved",
                               "Update : 12 Sep 2023, 09:15 AM", paragraphs))
    assert art.body == "\n\n".join([paragraphs[0], paragraphs[3]])


def test_double_encoded_utf8_in_a_capture_is_repaired():
    story = capture("Harbour Ledger", "Caf\u00c3\u00a9 owners don\u00e2\u20ac\u2122t expect a rush",
                    "Update : 14 May 2024, 08:30 AM",
                    ["The caf\u00c3\u00a9 owners on the quay said they don\u00e2\u20ac\u2122t expect "
                     "the strike to end soon, and that tourists won\u00e2\u20ac\u2122t come back "
                     "before the summer season starts in earnest next month."])
    article = extract_text(story)
    assert article.headline == "Caf\u00e9 owners don\u2019t expect a rush"
    assert "don\u2019t expect the strike" in article.body and "\u00c3" not in article.body
