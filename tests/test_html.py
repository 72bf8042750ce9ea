"""indexer.html: parsing hostile input and extracting chrome-free articles.

The hand-written pages live in tests/pages/; what each must yield is kept as data in
tests/pages/expectations.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.html import (
    ExtractError,
    HtmlArticle,
    evaluate_entry,
    extract_html,
    load_rules,
    parse_html,
    parse_selector,
)

PAGES = Path(__file__).with_name("pages")
EXPECTATIONS = json.loads((PAGES / "expectations.json").read_text(encoding="utf-8"))["pages"]


def extract_file(name: str, **kwargs) -> HtmlArticle:
    return extract_html(parse_html((PAGES / name).read_text(encoding="utf-8")), **kwargs)


def _prose(lead: str, n: int = 6) -> list[str]:
    """``n`` paragraphs ``<p>{lead}, long enough ...</p>`` (``{i}`` in ``lead`` numbers them)
    that the extractor keeps as an article's text."""
    return [f"<p>{lead.format(i=i)}, long enough to be real prose that the extractor keeps as "
            "part of the article.</p>" for i in range(n)]


def _body_ending(topic: str, tail: str) -> str:
    """The body extracted from an article of six paragraphs about ``topic`` (each
    "Paragraph {i} about {topic}, ...") followed by ``tail``."""
    paras = "".join(_prose(f"Paragraph {{i}} about {topic}"))
    return extract_html(parse_html(f"<html><body><article><h1>{topic.title()}</h1>{paras}"
                                   f"{tail}</article></body></html>")).body


def _body_around(topic: str, inserted: str) -> str:
    """The body extracted from an article of six paragraphs about ``topic`` (each
    "Paragraph {i} about {topic}, ...") with ``inserted`` after the third."""
    paras = _prose(f"Paragraph {{i}} about {topic}")
    page = (f"<html><body><article><h1>{topic.title()}</h1>{''.join(paras[:3])}{inserted}"
            f"{''.join(paras[3:])}</article></body></html>")
    return extract_html(parse_html(page)).body


# ------------------------------------------------------------------ expectations


@pytest.mark.parametrize("case", EXPECTATIONS, ids=[c["file"] for c in EXPECTATIONS])
def test_page_expectations(case: dict) -> None:
    article = extract_file(case["file"])
    for key in ("headline", "kind", "source", "url", "byline", "lang"):
        if key in case:
            assert getattr(article, key) == case[key], key
    for text in case["must_contain"]:
        assert text in article.body
    for text in case["must_not_contain"]:
        assert text not in article.body


@pytest.mark.parametrize("case", EXPECTATIONS, ids=[c["file"] for c in EXPECTATIONS])
def test_body_never_starts_with_headline(case: dict) -> None:
    article = extract_file(case["file"])
    if article.headline:
        assert not article.body.lower().startswith(article.headline.lower())


def test_short_article_in_a_paywall_wrapper_is_not_a_teaser() -> None:
    page = """<html><body><h1>Dividend raised</h1><section class="article-text">
    <div class="paywall"><p>Qtly div 40 cts vs 35 cts prior.</p><p>Pay June 10.</p></div>
    </section></body></html>"""
    article = extract_html(parse_html(page))
    assert article.kind == "article"
    assert article.body == "Qtly div 40 cts vs 35 cts prior.\n\nPay June 10."


def test_paragraphs_and_subheadings_are_separate() -> None:
    article = extract_file("article_ads.html")
    paragraphs = article.body.split("\n\n")
    assert "A long campaign" in paragraphs
    assert all(p == p.strip() and p for p in paragraphs)


def test_split_article_is_one_body_in_order() -> None:
    body = extract_file("article_ads.html").body
    order = ["Residents of Port Wendell", "Supporters say", "A long campaign", "Work on the lantern"]
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)


# --------------------------------------------------------------------- headline


def test_title_suffix_and_prefix_are_stripped() -> None:
    page = """<html><head><title>{}</title><meta property="og:site_name" content="Daily Bugle">
    </head><body><p>{}</p></body></html>"""
    text = "A sentence of article text that is long enough to count as a paragraph here. " * 3
    for title in ("Spider seen downtown | Daily Bugle", "Daily Bugle - Spider seen downtown",
                  "Spider seen downtown – Daily Bugle"):
        article = extract_html(parse_html(page.format(title, text)))
        assert article.headline == "Spider seen downtown"


def test_unknown_site_name_is_told_apart_by_what_the_page_shows() -> None:
    page = """<html><head><title>Metro Daily - Heat warning issued for the city</title></head>
    <body><b>Metro Daily</b><p><b>Heat warning issued for the city</b></p>
    <p>Officials issued a heat warning on Monday as temperatures were forecast to reach 39C.</p>
    </body></html>"""
    assert extract_html(parse_html(page)).headline == "Heat warning issued for the city"


def test_h1_that_agrees_with_og_title_wins_over_other_h1() -> None:
    page = """<html><head><title>Bridge reopens after repairs - Town Times</title>
    <meta property="og:title" content="Bridge reopens after repairs"></head><body>
    <h1>Town Times</h1><article><h1>Bridge reopens after repairs</h1>
    <p>The old bridge reopened to traffic on Monday after eight months of repairs to its deck.</p>
    </article></body></html>"""
    assert extract_html(parse_html(page)).headline == "Bridge reopens after repairs"


def test_site_domain_bullet_and_short_pipe_labels_leave_the_headline() -> None:
    page = """<html><head><title>{}</title><meta property="og:site_name" content="Daily Bugle">
    </head><body>{}<p>{}</p></body></html>"""
    text = "A sentence of article text that is long enough to count as a paragraph here. " * 3
    cases = [  # (title, h1, headline)
        ("Spider seen downtown | Bugle.com", "", "Spider seen downtown"),
        ("Spider seen downtown • Daily Bugle", "", "Spider seen downtown"),
        ("Spider seen downtown | Opinion", "<h1>Spider seen downtown | Opinion</h1>",
         "Spider seen downtown"),
        ("Spider seen downtown", "<h1>Spider seen downtown – Daily Bugle</h1>",
         "Spider seen downtown"),
        # a long part after the pipe is the headline's subtitle
        ("Spider seen downtown | What the zoo says about its escaped tarantula", "",
         "Spider seen downtown | What the zoo says about its escaped tarantula"),
    ]
    for title, h1, headline in cases:
        assert extract_html(parse_html(page.format(title, h1, text))).headline == headline


def test_h1_with_a_dateline_or_source_gives_way_to_the_meta_title() -> None:
    page = """<html><head><title>Bridge reopens after repairs - Town Times</title></head>
    <body><h1>{}</h1>
    <p>The old bridge reopened to traffic on Monday after eight months of repairs to its deck.</p>
    </body></html>"""
    for h1 in ("Bridge reopens after repairs Posted on July 1, 2024 by admin",
               "Dec 18 2025 Bridge reopens after repairs",
               "Bridge reopens after repairs (towntimes.com) 87"):
        article = extract_html(parse_html(page.format(h1)))
        assert article.headline == "Bridge reopens after repairs"
        assert article.body.startswith("The old bridge")
    # words of the headline itself stay: a kicker year, a longer on-page wording
    article = extract_html(parse_html(page.format("Bridge reopens after repairs to its deck")))
    assert article.headline == "Bridge reopens after repairs to its deck"


def test_logo_h1_is_no_headline_and_its_name_leaves_the_title() -> None:
    page = """<html><head><title>{}</title></head><body><header>{}</header><article>
    <p>The old bridge reopened to traffic on Monday after eight months of repairs to its deck.</p>
    </article></body></html>"""
    for title, h1 in (
            ("Bridge reopens after repairs | Town Times",
             '<h1 class="logo"><a href="https://towntimes.example/">Town Times</a></h1>'),
            ("towntimes.example Bridge reopens after repairs",
             '<h1><a href="/">towntimes.example</a></h1>'),
            ("Bridge reopens after repairs - Town - Times",
             '<h1><a href="/" rel="home">Town - Times</a></h1>')):
        assert extract_html(parse_html(page.format(title, h1))).headline == \
            "Bridge reopens after repairs"


def test_h1_deep_in_the_article_gives_way_to_the_meta_title() -> None:
    paras = "".join(_prose("Paragraph {i} of the ferry report"))
    page = f"""<html><head><title>Ferry timetable approved | Coast News</title>
    <meta property="og:title" content="Ferry timetable approved"></head><body><article>
    {paras}<h1>Subscribe to our newsletter today</h1>{paras}</article></body></html>"""
    assert extract_html(parse_html(page)).headline == "Ferry timetable approved"


def test_h1_kicker_line_is_left_out_when_a_meta_title_names_the_rest() -> None:
    page = """<html><head><title>Bridge reopens after repairs | Town Times</title></head>
    <body><h1><div class="kicker">Local news</div><span>Bridge reopens after repairs</span></h1>
    <p>The old bridge reopened to traffic on Monday after eight months of repairs to its deck.</p>
    </body></html>"""
    assert extract_html(parse_html(page)).headline == "Bridge reopens after repairs"


def test_h1_that_lost_letters_to_an_encoding_gives_way_to_the_meta_title() -> None:
    page = """<html><head><title>A Beginner’s Guide: Planning Events | Event Co</title>
    <meta property="og:site_name" content="Event Co"></head><body>
    <h1>A Beginner?s Guide? Planning Events</h1>
    <p>The old bridge reopened to traffic on Monday after eight months of repairs to its deck.</p>
    </body></html>"""
    assert extract_html(parse_html(page)).headline == "A Beginner’s Guide: Planning Events"


def test_body_that_opens_with_the_headline_words_keeps_the_rest() -> None:
    page = """<html><head><title>Cotton stocks fall</title></head><body><h1>Cotton stocks fall</h1>
    <p>Cotton stocks fall for a third week as deliveries slow, the exchange reported on Monday.</p>
    </body></html>"""
    article = extract_html(parse_html(page))
    assert article.headline == "Cotton stocks fall"
    assert article.body == "for a third week as deliveries slow, the exchange reported on Monday."


def test_jsonld_headline_and_body_fallback() -> None:
    article = extract_file("jsonld_only.html")
    assert article.headline == "Library extends its opening hours"
    assert article.body.startswith("The city library will stay open")


# ------------------------------------------------------------------------ rules


def test_default_rules_are_cached() -> None:
    assert load_rules() is load_rules()


def test_user_rules_add_a_per_site_drop_selector(tmp_path: Path) -> None:
    before = extract_file("site_rules.html")
    assert "Sunny Travel" in before.body
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps({"sites": {"riverside-post.example": {"drop": [".xq-box"]}}}))
    after = extract_file("site_rules.html", rules=load_rules(rules_file))
    assert "Sunny Travel" not in after.body
    assert "The weekly farmers market will move" in after.body


def test_user_rules_add_tokens_and_end_headings(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps({"chrome_words": {"mine": ["xq-box"]}}))
    after = extract_file("site_rules.html", rules=load_rules(rules_file))
    assert "Sunny Travel" not in after.body


def test_site_rules_keep_and_headline_selectors(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps({"sites": {"riverside-post.example": {
        "keep": ["div.xq-box"], "headline": ["div.xq-box p"]}}}))
    with pytest.raises(ExtractError):  # "div.xq-box p" has a combinator: unsupported
        load_rules(rules_file)
    rules_file.write_text(json.dumps({"sites": {"riverside-post.example": {
        "keep": ["div.xq-box"], "headline": ["h1"]}}}))
    article = extract_file("site_rules.html", rules=load_rules(rules_file))
    assert article.body == "Our partners at Sunny Travel have great holiday deals waiting for you " \
        "this summer season."


@pytest.mark.parametrize("content", [
    "{not json", "[1, 2]", '{"boilerplate_lines": ["(unclosed"]}', '{"drop_tags": 5}',
    '{"sites": []}', '{"sites": {"example.com": "div.x"}}', '{"sites": {"example.com": {"drop": ["a b"]}}}',
])
def test_bad_rules_file_is_an_extract_error(tmp_path: Path, content: str) -> None:
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(content)
    with pytest.raises(ExtractError):
        load_rules(rules_file)


def test_missing_rules_file_is_an_extract_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractError):
        load_rules(tmp_path / "nope.json")


def test_selector_subset() -> None:
    root = parse_html('<div id="x" class="a b" data-k="v1"><p class="a">t</p></div>')
    div, p = root.find(".//div"), root.find(".//p")
    assert parse_selector("div.a.b#x").matches(div)
    assert parse_selector("[data-k^=v]").matches(div)
    assert parse_selector('[data-k="v1"]').matches(div)
    assert not parse_selector("p.b").matches(p)
    assert parse_selector(".a").matches(p)


# --------------------------------------------------------------- hostile input


def check_only_extract_error(text: str) -> HtmlArticle | None:
    try:
        return extract_html(parse_html(text))
    except ExtractError:
        return None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "<!--",
        "<",
        "\x00" * 100,
        "<html><body>\x00<p>nul\x00 bytes\x00</p></body></html>",
        bytes(range(256)).decode("latin-1") * 50,
        "<script>" + "var x = 1;" * 10_000 + "</script>",
        "<?xml version='1.0'?><!DOCTYPE x SYSTEM 'http://127.0.0.1:9/evil.dtd'><x>&ext;</x>",
        '<html><head><title>t</title></head><body><div class="' + "c " * 50_000 + '">x</div></body>',
    ],
)
def test_hostile_inputs_raise_only_extract_error(text: str) -> None:
    check_only_extract_error(text)


def test_text_after_the_body() -> None:
    page = "<html><body><h1>Ferry timetable approved</h1><p>" + "The council approved it. " * 5 \
        + "</p></body>tail</html>"
    article = extract_html(parse_html(page))
    assert article.headline == "Ferry timetable approved"
    check_only_extract_error("<p>x</p></body>tail")


def test_article_after_a_stray_closing_html_tag() -> None:
    """Browsers put what follows a premature </body></html> into the body; so must we."""
    story = "<p>" + "The harbour board approved the new ferry timetable on Monday. " * 4 + "</p>"
    page = ("<html><body><header><nav><a href='/'>Home</a></nav></header></body></html>"
            "<div class='post'><h1>Ferry timetable approved</h1>" + story * 3 + "</div>")
    article = extract_html(parse_html(page))
    assert article.headline == "Ferry timetable approved"
    assert article.body.count("approved the new ferry timetable") == 12


def test_trailing_bio_with_credentials_and_tag_line_are_dropped() -> None:
    paras = "".join(f"<p>Paragraph {i} of the advice on sleep training, long enough to be real "
                    "prose that the extractor keeps as part of the article.</p>" for i in range(6))
    page = (f"<html><body><article><h1>Sleep training basics</h1>{paras}"
            "<p>*Angela Brook, MD, is a family physician at the Riverside Clinic.</p>"
            "<p>Posted Monday, August 11th | Categories: Parenting, Sleep |</p>"
            "</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Paragraph 5 of the advice" in body
    assert "Angela Brook" not in body
    assert "Categories" not in body


def test_toc_is_chrome_only_as_a_whole_class_word() -> None:
    paras = [f"<p>Point {i}: frameworks save teams from rewriting the same plumbing for every "
             "project they ship.</p>" for i in range(7)]
    page = ("<html><body><article><h1>Why use a framework</h1><div class='toc'><a href='#a'>A</a>"
            f"</div><div class='intro'>{''.join(paras[:4])}</div>"
            f"<div class='blog-paragraph no_toc_section'>{''.join(paras[4:])}</div>"
            "</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Point 0: frameworks" in body and "Point 6: frameworks" in body


def test_intro_paragraphs_above_the_body_container_are_kept() -> None:
    intro = ("<div class='summary'><p>Summary: setting the right hourly rate can make or break an "
             "agency, so we compared the rates of six thousand agencies.</p><p>Read on for the "
             "figures, state by state, and for what they mean when you come to set your own "
             "prices next year.</p></div>")
    paras = "".join(f"<p>Finding {i}: agencies in this group charge more than the national "
                    "average, and the gap has grown since the last survey was taken.</p>"
                    for i in range(20))
    page = (f"<html><body><main><h1>Agency rates by state</h1>{intro}"
            f"<div class='story'><div class='text'>{paras}</div></div></main></body></html>")
    body = extract_html(parse_html(page)).body
    assert body.startswith("Summary: setting the right hourly rate")
    assert "Read on for the figures" in body and "Finding 19" in body


def test_trailing_calls_to_action_and_follow_lists_are_dropped() -> None:
    body = _body_ending("exercise and mood", (
        "<p>Our clinic offers care for mood disorders. Find a provider near you or call "
        "1-800-555-0123.</p><p>Stay connected:</p><ul><li>Instagram: ExampleClinic</li>"
        "<li>Facebook: ExampleClinic</li></ul>"))
    assert "Paragraph 5 about exercise" in body
    assert "555-0123" not in body and "Stay connected" not in body and "Instagram" not in body
    body = _body_ending("exercise and mood", (
        "<p>A message from Dana Lee, our founder:</p><p>For twenty years our small team has "
        "covered health and fitness with no outside investors at all.</p>"))
    assert "Paragraph 5 about exercise" in body and "twenty years" not in body
    body = _body_ending("exercise and mood", (
        "<p>If you are interested in learning more about training plans, we can help.</p>"
        "<p>Check out our coaching plans and the reviews from members today.</p>"
        "<p>Start your 14-day trial now.</p>"))
    assert "Paragraph 5 about exercise" in body
    assert "learning more" not in body and "coaching plans" not in body and "trial" not in body


def test_guide_chapters_linked_below_the_page_are_kept_teasers_are_not() -> None:
    intro = "".join(f"<p>Intro {i}: search engines reward pages that answer questions well, and "
                    "this guide walks through what that means in practice.</p>" for i in range(8))
    chapters = "".join(
        f"<div class='card'><div class='card-body'><h3><a href='/seo-guide/chapter-{i}'>Chapter {i}: "
        f"topic {i}</a></h3><p>What chapter {i} covers, in one line.</p></div></div>"
        for i in range(1, 4))
    teasers = "".join(f"<li><h4><a href='/blog/post-{i}'>Other story {i}</a></h4>"
                      "<p>A teaser for another story.</p></li>" for i in range(1, 4))
    page = ("<html><head><link rel='canonical' href='https://guide.example/seo-guide'></head>"
            f"<body><main><article><h1>The SEO guide</h1><div class='text'>{intro}"
            f"<div class='grid'><div class='row'>{chapters}</div></div>"
            "<p>Start with the first chapter, then take the others in any order you like; "
            "each one stands on its own.</p></div></article>"
            f"<div class='more'><ul class='list'>{teasers}</ul></div>"
            "</main></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Chapter 1: topic 1" in body and "What chapter 3 covers" in body
    assert "Other story" not in body


def test_highlighted_code_comments_are_not_chrome() -> None:
    paras = "".join(_prose("Step {i} of the git tutorial", 4))
    code = ("<pre><code class='language-bash hljs'><span class='hljs-comment'># stage every "
            "modified file</span>\ngit add .\n<span class='hljs-comment'># commit with a "
            "message</span>\ngit commit -m 'msg'</code></pre>")
    page = f"<html><body><article><h1>Intro to git</h1>{paras}{code}{paras}</article></body></html>"
    body = extract_html(parse_html(page)).body
    assert "# stage every modified file" in body and "# commit with a message" in body


def test_listicle_ending_in_item_blurbs_keeps_them() -> None:
    intro = "".join(f"<p>Intro {i}: these woodworking projects suit beginners and need only a "
                    "few basic tools and a free weekend to finish.</p>" for i in range(6))
    items = "".join(
        f"<div class='item'><div class='inner'><h2><a href='https://maker{i}.example/post'>"
        f"Project {i}</a></h2><p>Blurb {i}: a short note on the project, the wood it needs, "
        "how long it takes and what it costs.</p></div></div>"
        for i in range(1, 5))
    page = ("<html><head><link rel='canonical' href='https://blog.example/diy'></head><body>"
            f"<article><h1>Woodworking projects</h1><div class='text'>{intro}</div>"
            f"<div class='list'>{items}</div><p>Thanks for visiting!</p></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Blurb 1: a short note" in body and "Blurb 4: a short note" in body
    assert "Thanks for visiting" not in body


def test_a_sentence_that_is_mostly_links_stays_a_link_list_goes() -> None:
    def paras(word: str) -> str:
        return "".join(_prose(word + " {i} of the hotel review"))
    linked = ("<p>It features in my lists of <a href='/a'>the best hotels in Bangkok</a> and "
              "<a href='/b'>the best new hotels of the year</a>.</p>")
    links = "<p><a href='/c'>Bangkok hotels</a> · <a href='/d'>Beach resorts</a></p>"
    page = (f"<html><body><article><h1>Hotel review</h1>{paras('Part')}{linked}{links}"
            f"{paras('Section')}</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "It features in my lists of the best hotels" in body and "Section 5" in body
    assert "Beach resorts" not in body


def test_article_with_the_h1_inside_a_widget_slot_is_not_chrome() -> None:
    story = "".join(f"<p>Paragraph {i}: enrolment for the spring language classes is now open "
                    "at the institute, the organisers said on Friday.</p>" for i in range(4))
    teasers = "".join(f"<section class='widget news'><div class='template'><h3><a href='/n{i}'>Other "
                      f"news {i}</a></h3><p>Teaser {i}: a longer blurb about another story that "
                      "the site shows in a widget slot beside the article.</p></div></section>"
                      for i in range(6))
    comments = "".join(f"<p>Comment {i}: a reader's long reply about the classes, their price "
                       "and the timetable, which is not part of the article.</p>" for i in range(4))
    page = ("<html><body><div class='page'><section class='widget'><div class='template'>"
            f"<article><h1>Enrolment opens</h1><div class='body'>{story}</div></article>"
            f"</div></section>{teasers}<div class='comments'>{comments}</div></div></body></html>")
    article = extract_html(parse_html(page))
    assert "Paragraph 0: enrolment" in article.body and "Paragraph 3" in article.body
    assert "Teaser" not in article.body and "Comment" not in article.body


def test_inline_signup_consent_lines_are_dropped() -> None:
    signup = ("<section><p>Be the first to know!</p><p>By signing up, you agree to receive "
              "recurring automated marketing messages at the number provided.</p>"
              "<p>Thanks for signing up!</p></section>")
    body = _body_around("the laptop deal", signup)
    assert "Paragraph 0 about the laptop" in body and "Paragraph 5 about the laptop" in body
    assert "By signing up" not in body and "Thanks for signing up" not in body


def test_article_full_of_link_lists_still_wins_over_a_small_box() -> None:
    links = "".join(f"<li><a href='/course/{i}'>Free course number {i} with a certificate</a></li>"
                    for i in range(12))
    parts = "".join(f"<p>Section {i}: these providers still give free certificates, and here is "
                    "how to earn one from each of them without paying anything.</p>"
                    f"<ul>{links}</ul>" for i in range(5))
    box = ("<table><tr><td>A small table cell with a sentence of its own that is long enough "
           "to count as some prose on the page.</td></tr></table>")
    page = (f"<html><body><div class='box'>{box}</div><article><h1>Free certificates</h1>"
            f"<div class='text'>{parts}</div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Section 0: these providers" in body and "Section 4: these providers" in body


def test_embedded_tweet_in_a_social_wrapper_is_kept() -> None:
    tweet = ("<div class='social-media-embed'><blockquote class='twitter-tweet'><p>Yes this is "
             "real and the state spent half a million dollars on it.</p></blockquote></div>")
    body = _body_around("the new state slogan", tweet)
    assert "Yes this is real and the state spent" in body and "Paragraph 5" in body


def test_image_captions_are_not_body_text() -> None:
    figure = ("<figure><img src='m.jpg' alt=''><figcaption>A cross-section through the module "
              "showing the crew quarters. Credit: ESA</figcaption></figure>")
    body = _body_around("the hibernation module", figure)
    assert "Paragraph 5 about the hibernation" in body and "cross-section" not in body


def test_caption_cta_sticky_and_disclaimer_boxes_are_chrome() -> None:
    boxes = ("<div class='photo-caption'>The kitchen after the remodel, with new cabinets and a "
             "stone counter top.</div>"
             "<div class='inline-cta-box'><p>Borrow up to 90% of your future home value with our "
             "renovation loan.</p></div>"
             "<div class='sticky-sidebar'><p>Get your free quote in two minutes today.</p></div>"
             "<div class='affiliate-disclaimer'><p>We may earn money when you buy through the "
             "links on this page.</p></div>"
             "<div class='usa-modal__content'><p>The hotline provides free, confidential support, "
             "call or text any time.</p></div>")
    body = _body_around("the renovation budget", boxes)
    assert "Paragraph 0 about the renovation" in body and "Paragraph 5 about the" in body
    for text in ("kitchen after", "Borrow up to", "free quote", "may earn money", "hotline"):
        assert text not in body


def test_photo_credit_lines_and_placeholder_text_are_dropped() -> None:
    lines = ("<div>Natalie Doe | Bloomberg | Getty Images</div><div>Getty Images / Jane Roe</div>"
             "<div>Image 2 of 5</div><p>Photo illustration: Getty Images, Example Corp</p>"
             "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>"
             "<div><p>SKIP ADVERTISEMENT</p></div>")
    body = _body_around("the aircraft order", lines)
    assert "Paragraph 5 about the aircraft" in body
    for text in ("Getty", "Image 2 of 5", "Lorem ipsum", "ADVERTISEMENT"):
        assert text not in body


def test_root_takes_the_container_with_the_intro_when_scores_tie() -> None:
    intro = ("<p>The intro paragraph of the guide explains why this matters to every homeowner "
             "who pays a power bill, and what the rest covers.</p>") * 2
    toc = "<ul>" + "".join(f"<li><a href='#s{i}'>Section heading number {i} of the guide</a></li>"
                           for i in range(7)) + "</ul>"
    paras = "".join(_prose("Paragraph {i} of the main section", 12))
    page = (f"<html><body><article><h1>Thermostats</h1>{intro}{toc}"
            f"<div class='sections'>{paras}</div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert body.startswith("The intro paragraph") and "Paragraph 11 of the main" in body


def test_gov_banner_and_reviewer_line_above_the_article_are_dropped() -> None:
    paras = "".join(_prose("Paragraph {i} about small business security"))
    page = ("<html><body><div class='usa-banner'><p>A lock ( ) or https:// means you've safely "
            "connected to the .gov website. Share sensitive information only on official, secure "
            "websites.</p></div><article><h1>Cybersecurity</h1><ul><li>Reviewed by Jane Roe, MD, "
            f"Editor in Chief</li></ul>{paras}</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert body.startswith("Paragraph 0 about small business")
    assert ".gov website" not in body and "Reviewed by" not in body


def test_double_encoded_utf8_is_repaired() -> None:
    bad = ("It\u00e2\u0080\u0099s the caf\u00c3\u00a9\u00e2\u0080\u0099s "
           "\u00e2\u0080\u009cbest\u00e2\u0080\u009d")
    paras = "".join(f"<p>Paragraph {i}: {bad} coffee in town, long enough to be kept as prose "
                    "by the extractor.</p>" for i in range(6))
    page = f"<html><body><article><h1>Caf\u00c3\u00a9 guide</h1>{paras}</article></body></html>"
    article = extract_html(parse_html(page))
    assert "It\u2019s the caf\u00e9\u2019s \u201cbest\u201d coffee" in article.body
    assert article.headline == "Caf\u00e9 guide"
    german = "".join(f"<p>Absatz {i}: zu Fu\u00df\u201c und gro\u00df\u201c, lang genug f\u00fcr "
                     "einen echten Absatz im Artikel, der bleibt.</p>" for i in range(6))
    body = extract_html(parse_html(f"<html><body><article>{german}</article></body></html>")).body
    assert "zu Fu\u00df\u201c und gro\u00df\u201c" in body  # real text is left alone


def test_explore_more_box_and_copyright_at_the_end_are_dropped() -> None:
    body = _body_ending("tutoring franchises", (
        "<h3>Explore More Profitable Franchise Opportunities</h3><p>Whether you are a budding "
        "owner or a seasoned one, our curated selection will guide you to a good decision."
        "</p><p>Copyright 2024, Example Franchise Group. For more information about our "
        "investment platform, please see the About page.</p>"))
    assert "Paragraph 5 about tutoring" in body
    assert "Explore More" not in body and "curated selection" not in body and "Copyright" not in body
    body = _body_ending("tutoring franchises", (
        "<p>This might be interesting to you:</p><p>Check all the posts of our franchise "
        "series, from food to fitness.</p>"))
    assert "Paragraph 5 about tutoring" in body and "franchise series" not in body


def test_footnotes_and_reference_lists_go_inline_marks_leave_the_paragraph_whole() -> None:
    paras = _prose("Paragraph {i} about exercise and anxiety")
    mark = ("<p>Exercise helps<sup class='footnote-ref'><a href='#fn1'>1</a></sup> most "
            "patients with mild anxiety, and the effect lasts for months after training.</p>")
    page = (f"<html><body><article><h1>Exercise and anxiety</h1>{mark}{''.join(paras)}"
            "<section class='footnotes'><ol><li>Smith J. Exercise for anxiety. J Affect Disord."
            " 2016;202:67-86.</li></ol></section>"
            "<section class='ref-list'><ul><li>Jones K. Running and mood. Br J Sports Med. "
            "2014;48:187-196.</li></ul></section></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Exercise helps most patients with mild anxiety" in body
    assert "Paragraph 5 about exercise" in body
    assert "Smith J." not in body and "Jones K." not in body


def test_author_box_after_the_article_is_dropped() -> None:
    paras = "".join(_prose("Paragraph {i} about HR trends"))
    bio = ("<div class='author-section'><h4>{0}</h4><div class='job-title'>Chief HR Scientist"
           "</div><div class='author-section-bio'>{0} leads the research team, teaches "
           "organizational behavior and people analytics at a university, and has written "
           "widely on talent management, employee experience and the skills HR teams need "
           "over the next decade of change in how organizations work.</div></div>")
    page = (f"<html><body><article><h1>HR trends</h1><div class='content'>{paras}"
            f"{bio.format('Dana Lee')}{bio.format('Erik Olsen')}</div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Paragraph 5 about HR trends" in body
    assert "Dana Lee" not in body and "Erik Olsen" not in body


def test_trailing_recap_reader_prompt_and_bio_lines_are_dropped() -> None:
    tails = [
        "<p>In this article, we&#8217;ve covered:</p><ul><li>The pros and cons of consulting"
        "</li><li>How consulting impacts your life</li></ul>",
        "<p>There is plenty more on our sister site. Or join in the conversation by "
        "commenting below.</p>",
        "<p>Tim explores the intersections of work, cognition and ethics.</p><p>His writing "
        "has been featured on several news sites and shared by researchers.</p>",
        "<p>The Daily is committed to publishing letters. We&#8217;d like to hear what you "
        "think about this article.</p>",
        "<p>Follow our full coverage of the elections at https://example.com/elections</p>",
    ]
    for tail in tails:
        body = _body_ending("consulting careers", tail)
        assert body.endswith("part of the article."), tail


def test_call_to_action_with_each_line_in_its_own_paragraph_is_dropped_whole() -> None:
    paras = "".join(_prose("Paragraph {i} about gym equipment"))
    page = (f"<html><body><article><h1>Gym equipment</h1><div class='post'>{paras}"
            "<p>Now that you know the machines, you can walk into the gym with</p>"
            "<p>confidence. If you would like a tour of our equipment, our team is here for</p>"
            "<p>you. Visit example.com or call 888-209-3989.</p></div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert body.endswith("part of the article.") and "confidence" not in body


def test_article_going_on_after_a_promo_box_in_a_container_like_its_own() -> None:
    first = "".join(_prose("Part one, paragraph {i}, about camera types", 20))
    second = "".join(_prose("Part two, paragraph {i}, about camera types", 7))
    promo = ("<div class='promo-card'><a href='/tours'><h3>See our popular photography tours"
             "</h3><div>Learn more</div></a></div>")
    page = ("<html><body><main><h1>Types of cameras</h1>"
            f"<div><div class='widget-html'>{first}</div></div>{promo}"
            f"<div><div class='widget-html'>{second}</div></div>"
            "<div class='about'><p>Example Tours runs photography workshops around the world, "
            "led by professional photographers and guides.</p></div></main></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Part one, paragraph 19" in body and "Part two, paragraph 6" in body
    assert "popular photography tours" not in body


def test_reader_prompts_closing_the_last_paragraph_are_cut_from_it() -> None:
    body = _body_ending("smart homes", (
        "<p>So give it a try and enjoy "
        "your smart home. We would be glad if you share this blog with your family or your "
        "friends. Besides, all comments are welcomed.</p>"))
    assert body.endswith("So give it a try and enjoy your smart home.")


def test_deep_nesting() -> None:
    depth = 100_000
    check_only_extract_error("<div>" * depth + "<p>deep</p>" + "</div>" * depth)
    check_only_extract_error("<span><b>" * depth + "x")
    check_only_extract_error("<table><tr><td>" * (depth // 3))


def test_entity_bomb_is_not_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
        '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>'
        "<html><body><p>&lol5;</p></body></html>"
    )
    article = check_only_extract_error(bomb)
    assert article is None or len(article.body) < 1000


def test_big_page_loses_scripts_and_is_cut() -> None:
    para = "<p>Paragraph {}: " + "a sentence of article text that goes on for a while. " * 5 + "</p>"
    text = "".join(para.format(i) for i in range(40_000))
    page = ("<html><head><title>Big</title><script>" + "var a = 1;" * 300_000 + "</script></head>"
            "<body><article>" + text + "</article></body></html>")
    article = extract_html(parse_html(page))
    assert 9_000_000 < len(article.body) < 10_000_000
    unclosed = "<p>" + "Some text that is long enough to be an article. " * 3 + "</p><script>"
    assert extract_html(parse_html(unclosed + "x" * 3_000_000)).body.startswith("Some text")


def test_a_page_rendered_twice_yields_one_copy() -> None:
    line = "<p>Paragraph {} of the story, long enough to be counted as real prose by the extractor.</p>"
    paras = "".join(line.format(i) for i in range(8))
    page = f"<html><body><div class='a'>{paras}</div><div class='b'>{paras}</div></body></html>"
    body = extract_html(parse_html(page)).body
    assert body.count("Paragraph 3 of the story") == 1


def test_empty_page_is_an_extract_error() -> None:
    with pytest.raises(ExtractError):
        extract_html(parse_html(""))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' \n&;#abcdiv p h1 title!-\x00é")), max_size=300))
def test_fuzz_markup_soup(text: str) -> None:
    check_only_extract_error(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_any_text(text: str) -> None:
    check_only_extract_error(text)


def test_evaluate_entry_adapter() -> None:
    result = evaluate_entry((PAGES / "article_ads.html").read_text(encoding="utf-8"))
    assert result["headline"] == "Harbour town votes to restore its old lighthouse"
    assert result["body"].startswith("Residents of Port Wendell")


def test_linked_list_items_between_paragraphs_stay_trailing_links_go() -> None:
    paras = _prose("Paragraph {i} of the moving guide", 8)
    movers = "".join(f"<p><a href='/movers/{i}'>Mover number {i} and Storage</a></p>"
                     for i in range(4))
    listed = "<ul>" + "".join(f"<li><a href='/l/{i}'>Listed mover {i}</a></li>"
                              for i in range(3)) + "</ul>"
    more = "".join(f"<p><a href='/more/{i}'>Another guide {i}</a></p>" for i in range(3))
    promo = ("<div class='box'><span>ALSO READ</span> <a href='/x'>Prices rise at the port as "
             "the strike enters its third week</a></div>"
             "<p><a href='/y'>&gt;&gt;&gt; Ferry fares go up in the spring</a></p>"
             "<p><a href='/z'>YOU MAY ALSO LIKE: Storage costs explained</a></p>")
    page = (f"<html><body><article><h1>Moving guide</h1>{''.join(paras[:3])}{movers}"
            f"{paras[3]}{listed}{paras[4]}{promo}{''.join(paras[5:])}{more}"
            "</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Mover number 0 and Storage" in body and "Mover number 3 and Storage" in body
    assert "Listed mover 0" in body and "Listed mover 2" in body
    assert "Paragraph 7 of the moving guide" in body and "Another guide" not in body
    for promo in ("Prices rise", "Ferry fares", "Storage costs"):  # labelled: promos
        assert promo not in body


def test_page_builder_widget_boxes_holding_the_text_are_not_chrome() -> None:
    def box(i: int) -> str:
        return (f"<div class='so-panel widget widget_text'><div class='textwidget'>"
                f"{''.join(_prose(f'Section {i} paragraph {{i}} on salary talks', 2))}</div></div>")
    sidebar = ("<aside class='sidebar'><div class='widget'><h3>Archives</h3><p><a href='/a'>"
               "May</a></p></div></aside>")
    page = (f"<html><body><h1>How to negotiate</h1><div class='panel-layout'>"
            f"{''.join(box(i) for i in range(3))}</div>{sidebar}</body></html>")
    body = extract_html(parse_html(page)).body
    assert "Section 0 paragraph 0 on salary talks" in body
    assert "Section 2 paragraph 1 on salary talks" in body and "Archives" not in body


def test_a_heading_anchor_id_is_not_a_chrome_token() -> None:
    paras = _prose("Paragraph {i} of the maintenance checklist")
    section = ("<div id='more-on-car-repair-related-articles'><h2>Upkeep you may not need</h2>"
               + "".join(_prose("Upkeep paragraph {i} about fluids", 3)) + "</div>")
    page = (f"<html><body><article><h1>Car checklist</h1>{''.join(paras)}{section}"
            "</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Upkeep paragraph 2 about fluids" in body


def test_a_paragraph_ending_in_a_german_closing_quote_is_prose() -> None:
    quote = ("<p>Grosbliederstroff Wenn Helmut Kohl emotional wurde, erinnerte er sich an die "
             "Grenze: \u201eF\u00fcr uns war klar, dass es keine Grenzen mehr geben darf.\u201c</p>"
             "<p>Die Zuh\u00f6rer konnten diese Geschichte irgendwann nicht mehr h\u00f6ren, "
             "denn die Grenzen waren seit Langem offen und man lebte beiderseits.</p>")
    paras = "".join(_prose("Absatz {i} \u00fcber die Grenze", 20))
    page = (f"<html><body><article><h1>Grenzen</h1><div class='read'>{quote}"
            f"<div class='paywall'>{paras}</div></div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert body.startswith("Grosbliederstroff Wenn Helmut Kohl")


def test_paragraphs_going_on_after_a_product_chart_amid_them_stay() -> None:
    intro = "".join(_prose("Intro paragraph {i} about laptops", 3))
    chart = ("<div class='product-chart'>" + "".join(
        f"<div class='product-chart-item'><h3>Laptop {i}</h3>"
        + "".join(_prose(f"Laptop {i} review paragraph {{i}}", 4)) + "</div>"
        for i in range(6)) + "</div>")
    after = "<h2>Other laptops we tested</h2>" + "".join(_prose("Closing paragraph {i} about laptops", 9))
    page = (f"<html><body><article><h1>Best laptops</h1><div class='content'>{intro}{chart}"
            f"{after}</div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Intro paragraph 2" in body and "Laptop 5 review paragraph 3" in body
    assert "Closing paragraph 8" in body


def test_text_split_across_plain_sibling_divs_stays_whole() -> None:
    first = "".join(_prose("Paragraph {i} about Spanish classes", 6))
    page = ("<html><body><article><h1>Spanish classes</h1><div class='body'>"
            f"<div><div>{first}</div></div><div><div><p>Prospective students must complete "
            "their registration through the official enrolment link provided by the "
            "institute before the period closes. As an institution attached to the embassy, "
            "it goes on promoting language education, cultural cooperation and diplomacy "
            "between the people of both countries.</p></div></div>"
            "<div class='about'><p>Example Institute teaches languages, long enough to be "
            "real prose that the extractor keeps.</p></div></div></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Prospective students" in body and "Example Institute" not in body


def test_lead_in_a_page_builder_box_of_its_own_above_the_body_box_stays() -> None:
    def widget(inner: str) -> str:
        return f"<div class='elementor-widget'><div class='elementor-widget-container'>{inner}</div></div>"
    lead = ("On October 26 the company told its staff that all personal finances should run "
            "through the platform by the end of next year, and it is collecting licences.")
    paras = "".join(_prose("Paragraph {i} about payments", 20))
    page = ("<html><body><section class='hero'><h1>Payments on the platform</h1>"
            "<div class='meta'>Andre Eberle</div><div class='meta'>29.10.2023</div>"
            f"{widget(lead)}</section><section class='image'></section>"
            f"<section class='main'>{widget(paras)}</section></body></html>")
    body = extract_html(parse_html(page)).body
    assert body.startswith("On October 26 the company") and "Paragraph 19 about payments" in body
    # a standfirst with a class of its own above the body stays out
    page = page.replace(widget(lead), f"<p class='standfirst'>{lead}</p>")
    assert "On October 26" not in extract_html(parse_html(page)).body


def test_one_long_opening_paragraph_above_the_body_container_stays_a_standfirst_goes() -> None:
    opening = ("There are a million different types of cameras on the market. Which one should "
               "you choose? Aside from reading endless specs, one way to figure it out is to "
               "know the categories of cameras available to you. Do you want a mirrorless or a "
               "quick point and shoot? Knowing the different types of cameras will help you decide.")
    paras = "".join(_prose("Paragraph {i} about camera types", 25))
    more = "".join(_prose("More paragraph {i} about camera types", 8))
    page = ("<html><head><meta name='description' content='{desc}'></head><body><main>"
            "<h1>Types of cameras</h1><div class='{cls}'><p>{opening}</p></div>"
            f"<div class='body'>{paras}</div><div class='body'>{more}</div></main></body></html>")
    body = extract_html(parse_html(page.format(desc="A guide.", cls="section",
                                               opening=opening))).body
    assert body.startswith("There are a million") and "More paragraph 7 about camera" in body
    for desc, cls, text in ((opening, "section", opening), ("A guide.", "post-excerpt", opening),
                            ("A guide.", "section", opening[:200])):
        body = extract_html(parse_html(page.format(desc=desc, cls=cls, opening=text))).body
        assert body.startswith("Paragraph 0 about camera types"), (desc, cls, len(text))


def test_inline_boxes_glued_without_a_space_stay_separate_words() -> None:
    body = _body_around("meditation", (
        "<p><span class='lead'>The default mode network and rumination</span><span>Meditation "
        "quiets it</span>, and <em>County Location</em>The articles name a county; "
        "drop <b>c</b>aps and <code>INSERT</code>s stay whole.</p>"))
    assert "rumination Meditation quiets it" in body
    assert "County Location The articles" in body
    assert "drop caps and INSERTs stay whole" in body


def test_invisible_joiners_inside_words_go() -> None:
    body = _body_around("charging", (
        "<p>What to know about ch\ufeffarging at home, and the word\u2060joiner.</p>"))
    assert "about charging at home" in body
    assert "wordjoiner" in body


def test_a_section_header_holding_only_its_heading_stays() -> None:
    paras = _prose("Paragraph {i} about saving")
    page = ("<html><body><header><a href='/'>Bank</a><nav><a href='/a'>A</a></nav></header>"
            f"<article><h1>Saving</h1>{''.join(paras[:3])}"
            "<section><header class='section-heading'><h2>Protect Against Risk</h2></header>"
            f"{''.join(paras[3:])}</section></article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Protect Against Risk" in body
    assert "Bank" not in body


def test_a_table_cell_that_is_one_link_beside_data_stays() -> None:
    rows = "".join(f"<tr><td><a href='https://example.com/{i}'>Company {i} Inc.</a></td>"
                   f"<td>${i}.5B</td></tr>" for i in range(1, 6))
    links = "".join(f"<tr><td><a href='/s/{i}'>State {i} LLC</a></td>"
                    f"<td><a href='/t/{i}'>Town {i} LLC</a></td></tr>" for i in range(1, 6))
    body = _body_around("contractors", (
        f"<table><tr><th>Company</th><th>Revenue</th></tr>{rows}</table><table>{links}</table>"))
    assert "Company 3 Inc." in body and "$3.5B" in body
    assert "State 3 LLC" not in body


def test_a_key_takeaways_box_keeps_its_heading() -> None:
    body = _body_around("taxes", (
        "<div class='summary'><h2>Key takeaways</h2><ul><li>Taxes are "
        "progressive, so your marginal rate applies to part of your income.</li></ul></div>"))
    assert "Key takeaways" in body


def test_a_malformed_link_in_an_h1_does_not_fail_the_page() -> None:
    # urlsplit raises ValueError on "http://[oops": the logo check must not lose the page
    paras = "".join(_prose("Paragraph {i} of the ferry story"))
    for href in ("http://[oops/", "//[::1"):
        page = (f"<html><head><title>Ferry timetable approved</title></head><body><h1>"
                f"<a href='{href}'>Harbour Ledger</a></h1><article><h1>Ferry timetable approved"
                f"</h1>{paras}</article></body></html>")
        article = extract_html(parse_html(page))
        assert article.headline == "Ferry timetable approved"
        assert "Paragraph 5 of the ferry story" in article.body


def test_nested_h1s_split_the_headline_across_paragraphs() -> None:
    # the headline "Outer Inner headline here tail" spans the body's first paragraphs
    paras = "".join(_prose("Paragraph {i} of the ferry story"))
    page = (f"<html><head><title>Ferry</title></head><body><article><h1>Outer <h1>Inner "
            f"headline here</h1> tail</h1>{paras}</article></body></html>")
    article = extract_html(parse_html(page))
    assert article.headline == "Outer Inner headline here tail"
    assert article.body.startswith("Paragraph 0 of the ferry story")


def test_role_and_tag_chrome_stays_chrome_in_a_widget_layout() -> None:
    # page-builder "widget" boxes holding the text are no chrome, but a box that is chrome by
    # its role or tag (no chrome word in its class) still is
    def box(i: int, inside: str = "") -> str:
        paras = _prose(f"Section {i} paragraph {{i}} on harbour fees", 3)
        return f"<div class='widget'>{paras[0]}{inside}{''.join(paras[1:])}</div>"
    aside = ("<div role='complementary'><p>Other readers also enjoyed this long recommended "
             "story about the town's new harbour bridge opening.</p></div>")
    header = ("<header><p>Breaking news banner text that sits in a header element near the "
              "story, with more words.</p></header>")
    page = (f"<html><body><article><h1>Harbour fees</h1>{box(0, aside)}{box(1, header)}"
            "</article></body></html>")
    body = extract_html(parse_html(page)).body
    assert "Section 1 paragraph 2 on harbour fees" in body
    assert "Other readers" not in body and "Breaking news" not in body


def test_a_heading_linked_to_a_malformed_address_is_no_crash() -> None:
    paras = "".join(_prose("Paragraph {i} about the harbour"))
    page = (f"<html><head><link rel='canonical' href='https://example.com/news/a'></head><body>"
            f"<article><h1>Harbour</h1>{paras}<h2><a href='http://[oops'>Next</a></h2>"
            f"{paras}</article></body></html>")
    body = extract_html(parse_html(page), url="https://example.com/news/a").body
    assert "Paragraph 5 about the harbour" in body
