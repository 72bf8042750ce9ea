"""Publication / update dates: parsing date strings and finding them in pages."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.dates import (
    PageDates,
    dates_from_html,
    dates_from_text,
    evaluate_entry,
    parse_capture_line,
    parse_date,
    to_utc,
)
from indexer.html import parse_html

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?)?$")
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_f05eca30a746bb05.txt"


# --- parse_date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601 and near relatives
        ("2023-09-13", "2023-09-13"),
        ("2023-09-13T17:29:00", "2023-09-13T17:29:00"),
        ("2023-09-13T17:29:00+06:00", "2023-09-13T17:29:00+06:00"),
        ("2023-09-13T17:29:00Z", "2023-09-13T17:29:00+00:00"),
        ("2023-09-13T17:29:00.000Z", "2023-09-13T17:29:00+00:00"),
        ("2021-05-04 10:11:12.123+0200", "2021-05-04T10:11:12+02:00"),
        ("2023/09/13", "2023-09-13"),
        ("20230913", "2023-09-13"),
        # RFC 2822
        ("Wed, 13 Sep 2023 17:29:00 +0000", "2023-09-13T17:29:00+00:00"),
        ("Wed, 13 Sep 2023 17:29:00 GMT", "2023-09-13T17:29:00+00:00"),
        # English forms, 12-hour clock, zones
        ("13 Sep 2023, 05:29 PM", "2023-09-13T17:29:00"),
        ("13 Sep 2023, 12:05 AM", "2023-09-13T00:05:00"),
        ("February 26, 1987", "1987-02-26"),
        ("Feb 26, 1987 | 15:01 GMT", "1987-02-26T15:01:00+00:00"),
        ("Sept. 5th, 2021", "2021-09-05"),
        ("March 30, 1987 at 1:07 p.m. UTC", "1987-03-30T13:07:00+00:00"),
        ("Apr 8, 1987 10:08 AM EST", "1987-04-08T10:08:00-05:00"),
        ("Tuesday, June 25, 2024", "2024-06-25"),
        # numeric: dots are day-first, slashes month-first unless impossible
        ("26.02.1987", "1987-02-26"),
        ("5.3.2020", "2020-03-05"),
        ("02/26/1987", "1987-02-26"),
        ("13/09/2023", "2023-09-13"),
        ("26.02.87", "1987-02-26"),
        # other languages
        ("13. September 2023, 17.29 Uhr", "2023-09-13T17:29:00"),
        ("Mi, 13. Sep. 2023", "2023-09-13"),
        ("12.3.2020 10:00 MEZ", "2020-03-12T10:00:00+01:00"),
        ("3. März 2020", "2020-03-03"),
        ("le 13 septembre 2023 à 17h29", "2023-09-13T17:29:00"),
        ("le 13 septembre 2023 à 17h29 et à Paris", "2023-09-13T17:29:00"),  # "et" is no zone
        ("1er février 2020", "2020-02-01"),
        ("13 de septiembre de 2023", "2023-09-13"),
        ("7 agosto 2019", "2019-08-07"),
        # labelled: the date is found inside
        ("Update : 13 Sep 2023, 05:29 PM", "2023-09-13T17:29:00"),
        ("Published: February 26, 1987", "1987-02-26"),
    ],
)
def test_parse_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "garbage",
        "2023-02-30",
        "31.04.2020",
        "13/13/2023",
        "version 1.2.3",
        "25:61",
        "Sep 2023",
        "12345678901234567890",
    ],
)
def test_parse_date_rejects_non_dates(text):
    assert parse_date(text) is None


def test_parse_date_dayfirst_decides_ambiguous_slashes():
    assert parse_date("04/05/2020") == "2020-04-05"
    assert parse_date("04/05/2020", dayfirst=True) == "2020-05-04"
    assert parse_date("04.05.2020", dayfirst=False) == "2020-04-05"


@pytest.mark.parametrize("value", [None, 12, b"2023-09-13", ["2023-09-13"]])
def test_parse_date_never_raises_on_wrong_types(value):
    assert parse_date(value) is None  # type: ignore[arg-type]


@given(st.text(max_size=300))
def test_parse_date_never_raises_and_answers_iso(text):
    result = parse_date(text)
    assert result is None or ISO.match(result)


# --- capture lines and plain-text captures ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tuesday, June 25, 2024", "2024-06-25"),
        ("Wednesday 4 October 2023", "2023-10-04"),
        ("19 Sep 2023, Tuesday", "2023-09-19"),
        ("Aug 30, 2023", "2023-08-30"),
        ("27 October 2023", "2023-10-27"),
        ("Update : 13 Sep 2023, 05:29 PM", None),
        ("Dhaka Tribune", None),
        ("Kim met Putin on June 25, 2024 in Russia", None),
        ("", None),
    ],
)
def test_parse_capture_line(line, expected):
    assert parse_capture_line(line) == expected


SEED_LINES = [
    "Tuesday, June 25, 2024",
    "",
    "Dhaka Tribune",
    "",
    "Kim tells Putin deepening ties is 'number one priority'",
    "  • Kim Jong Un: Always with Russia",
    "Update : 13 Sep 2023, 05:29 PM",
    "",
    "North Korea's leader vowed closer ties with Moscow on Wednesday, 13 September 2023.",
]


def test_seed_update_line_is_published_and_updated_not_the_capture_date():
    dates, used = dates_from_text(SEED_LINES)
    assert dates == PageDates("2023-09-13T17:29:00", "2023-09-13T17:29:00")
    assert used == {6}


def test_seed_file_if_present():
    path = SEED if SEED.is_file() else Path(__file__).resolve().parents[1] / "corpus" / SEED.name
    if not path.is_file():
        pytest.skip(f"seed page not found: {SEED}")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert parse_capture_line(lines[0]) == "2024-06-25"
    dates, used = dates_from_text(lines, parse_capture_line(lines[0]))
    assert dates.published == "2023-09-13T17:29:00"
    assert dates.updated == "2023-09-13T17:29:00"
    assert [lines[i] for i in used] == ["Update : 13 Sep 2023, 05:29 PM"]


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("Published: February 26, 1987", "1987-02-26", None),
        ("Published Apr 8, 1987 10:08 AM", "1987-04-08T10:08:00", None),
        ("Posted on March 3, 2020", "2020-03-03", None),
        ("Updated: Feb 26, 1987 | 15:01 GMT", "1987-02-26T15:01:00+00:00", "1987-02-26T15:01:00+00:00"),
        ("Veröffentlicht am 13.09.2023", "2023-09-13", None),
        ("Aktualisiert: 14.09.2023, 10:00 Uhr", "2023-09-14T10:00:00", "2023-09-14T10:00:00"),
    ],
)
def test_text_label_lines(line, published, updated):
    dates, used = dates_from_text(["June 25, 2024", "Headline", line, "Body text."])
    assert dates == PageDates(published, updated)
    assert used == {2}


def test_text_dates_in_sentences_are_not_date_lines():
    lines = ["Headline", "The deal was signed on February 26, 1987 in Paris, officials said."]
    assert dates_from_text(lines) == (PageDates(None, None), set())


def test_text_relative_dates_only_with_a_capture_date():
    lines = ["Headline", "3 hours ago", "Body."]
    assert dates_from_text(lines) == (PageDates(None, None), set())
    dates, used = dates_from_text(lines, capture="2024-06-25")
    assert dates.published == "2024-06-25"
    assert used == {1}
    dates, _ = dates_from_text(["Headline", "2 days ago", "Body."], capture="2024-06-25")
    assert dates.published == "2024-06-23"
    dates, _ = dates_from_text(["Headline", "Updated: yesterday", "Body."], capture="2024-06-25")
    assert dates == PageDates("2024-06-24", "2024-06-24")


def test_text_relative_words_in_other_lines_are_no_dates():
    lines = ["June 25, 2024", "Headline", "  • Gold rate today", "He left 3 hours ago.", "Body."]
    assert dates_from_text(lines) == (PageDates(None, None), set())


def test_text_dates_after_the_capture_date_are_ignored():
    lines = ["June 25, 2024", "Headline", "Published: July 1, 2024", "Body."]
    assert dates_from_text(lines)[0].published is None


# --- HTML pages -------------------------------------------------------------------------


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"


def find(html: str, **kwargs) -> PageDates:
    return dates_from_html(parse_html(html), **kwargs)


ARTICLE = "<h1>A headline of the story</h1><p>Some article text without dates at all.</p>"


def test_html_jsonld():
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "headline": "x", "datePublished": "2023-09-13T17:29:00+06:00",'
        ' "dateModified": "2023-09-14T08:00:00+06:00"}</script>'
    )
    assert find(page(ld, ARTICLE)) == PageDates("2023-09-13T17:29:00+06:00", "2023-09-14T08:00:00+06:00")


def test_html_jsonld_graph():
    ld = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "s"},'
        ' {"@type": "BlogPosting", "datePublished": "1987-06-15T13:45:26+00:00"}]}</script>'
    )
    assert find(page(ld, ARTICLE)).published == "1987-06-15T13:45:26+00:00"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            '<meta property="article:published_time" content="2020-01-02T03:04:05+01:00">',
            "2020-01-02T03:04:05+01:00",
        ),
        ('<meta itemprop="datePublished" content="2020-01-02">', "2020-01-02"),
        ('<meta name="pubdate" content="20200102">', "2020-01-02"),
        ('<meta name="DC.date.issued" content="2020-01-02">', "2020-01-02"),
        ('<meta name="date" content="02.01.2020">', "2020-01-02"),
    ],
)
def test_html_meta(meta, expected):
    assert find(page(meta, ARTICLE)).published == expected


def test_html_placeholder_dates_are_ignored():
    head = '<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
    body = '<h1>A headline</h1><span class="date">Published: 5 May 2021</span>'
    assert find(page(head, body)).published == "2021-05-05"


def test_html_meta_priority_and_modified():
    head = (
        '<meta name="date" content="2020-05-05">'
        '<meta property="article:modified_time" content="2020-06-06T10:00:00Z">'
        '<meta property="article:published_time" content="2020-01-02T03:04:05Z">'
    )
    assert find(page(head, ARTICLE)) == PageDates("2020-01-02T03:04:05+00:00", "2020-06-06T10:00:00+00:00")


def test_html_time_element_near_headline():
    body = (
        "<article><header><h1>A headline of the story</h1>"
        '<time datetime="1987-03-30T13:07:39.000Z">March 30, 1987</time></header>'
        "<p>Text.</p></article>"
        '<aside class="related"><time datetime="2023-01-01">Jan 1, 2023</time></aside>'
    )
    assert find(page("", body)).published == "1987-03-30T13:07:39+00:00"


def test_html_wordpress_posted_on_with_updated():
    body = (
        '<h1 class="entry-title">A headline</h1><span class="posted-on">Posted on <a href="#">'
        '<time class="entry-date published" datetime="1987-06-15T13:45:26+00:00">June 15, 1987'
        '</time><time class="updated" datetime="2023-03-01T06:57:33+00:00">March 1, 2023</time>'
        "</a></span>"
    )
    assert find(page("", body)) == PageDates("1987-06-15T13:45:26+00:00", "2023-03-01T06:57:33+00:00")


@pytest.mark.parametrize(
    "label",
    [
        '<div class="update-time">Update : 02 Mar 1987, 01:22 PM</div>',
        '<span class="pubdate">Published: March 2, 1987</span>',
        '<p class="post-meta"><span class="date">Updated: Mar 2, 1987 | 13:22 GMT</span></p>',
        "<p><b>Veröffentlicht am</b> 02.03.1987</p>",
        "<p>Stand: 2. März 1987</p>",
    ],
)
def test_html_visible_labels(label):
    body = f"<h1>A headline of the story</h1>{label}<p>Text of the article.</p>"
    assert find(page("", body)).published[:10] == "1987-03-02"


def test_html_data_seconds():
    body = (
        '<div class="story-body"><h1>A headline</h1>'
        '<div class="date date--v2" data-seconds="544113412">30 March 1987</div></div>'
    )
    assert find(page("", body)).published == "1987-03-30"


def test_html_url_date():
    body = "<h1>A headline</h1><p>Nothing here.</p>"
    assert find(page("", body), url="https://example.org/2019/10/16/story/").published == ("2019-10-16")
    canonical = '<link rel="canonical" href="https://example.org/2014/05/18/story/">'
    assert find(page(canonical, body)).published == "2014-05-18"


def test_html_today_header_is_not_the_published_date():
    body = (
        '<div class="top-bar"><span class="top-bar-date">Friday, November 10, 2023</span></div>'
        '<header class="masthead"><span class="masthead__date">Thursday 16 February 2023</span>'
        '</header><div role="banner"><span class="orb-date">7 December 2024</span></div>'
        "<h1>A headline of the story</h1><p>Text without any date.</p>"
    )
    assert find(page("", body)).published is None
    menu = "".join(f"<a href='/{n}'>{n}</a> | " for n in ("News", "Sport", "Money", "Weather"))
    unmarked = f"<table><tr><td>TUESDAY, FEBRUARY 6, 2024</td><td>{menu}</td></tr></table>"
    unmarked += "<p>Subscribe</p><p>Sign in</p>" + ARTICLE
    assert find(page("", unmarked)).published is None


def test_html_today_header_does_not_hide_the_real_date():
    body = (
        '<div class="top-bar-date">Friday, November 10, 2023</div>'
        '<h1>A headline</h1><div class="update-time">Update : 02 Mar 1987, 01:22 PM</div>'
    )
    assert find(page("", body)).published == "1987-03-02T13:22:00"


def test_html_relative_dates_only_with_capture():
    body = '<h1>A headline</h1><span class="date">3 days ago</span><p>Text.</p>'
    assert find(page("", body)).published is None
    assert find(page("", body), capture="2024-06-25").published == "2024-06-22"


def test_html_dates_after_capture_are_rejected():
    head = '<meta property="article:published_time" content="2024-07-01T10:00:00Z">'
    body = '<h1>A headline</h1><span class="date">Published: May 2, 2024</span>'
    assert find(page(head, body), capture="2024-06-25").published == "2024-05-02"


def test_html_comment_dates_lose_to_the_article_date():
    body = (
        '<h1>A headline</h1><div class="byline">By A. Writer, 3 May 2021</div><p>Text.</p>'
        '<div class="comments"><div class="comment-meta">4 May 2021</div></div>'
    )
    assert find(page("", body)).published == "2021-05-03"


def test_html_does_not_modify_the_tree():
    html = page(
        '<meta property="article:published_time" content="2020-01-02">',
        '<h1>A headline</h1><time datetime="2020-01-02">2 Jan 2020</time><script>x=1</script>',
    )
    root = parse_html(html)
    before = lxml.html.tostring(root)
    dates_from_html(root)
    assert lxml.html.tostring(root) == before


def test_html_empty_and_hostile_pages():
    assert find("<html></html>") == PageDates(None, None)
    deep = "<div>" * 200 + "Published: 1 May 2020" + "</div>" * 200
    assert find(page("", deep)).published == "2020-05-01"
    deeper = "<div>" * 5000 + "Published: 1 May 2020" + "</div>" * 5000
    assert find(page("", deeper)).published in (None, "2020-05-01")  # no RecursionError


def test_evaluate_entry():
    html = page('<meta property="article:published_time" content="2020-01-02T03:04:05Z">', "")
    assert evaluate_entry(html, "x.html") == "2020-01-02T03:04:05+00:00"


# --- to_utc -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2023-09-13T17:29:00+06:00", datetime(2023, 9, 13, 11, 29)),
        ("2023-09-13T01:00:00-05:00", datetime(2023, 9, 13, 6, 0)),
        ("2023-09-13T17:29:00Z", datetime(2023, 9, 13, 17, 29)),
        ("2023-09-13T17:29:00", datetime(2023, 9, 13, 17, 29)),
        ("2023-09-13", datetime(2023, 9, 13)),
        ("2023-12-31T23:30:00-01:00", datetime(2024, 1, 1, 0, 30)),
    ],
)
def test_to_utc(iso, expected):
    assert to_utc(iso) == expected


@pytest.mark.parametrize("bad", ["", "yesterday", "2023-13-01", None])
def test_to_utc_rejects_garbage(bad):
    assert to_utc(bad) is None  # type: ignore[arg-type]


PIECES = st.sampled_from(
    [
        "<h1>Headline of it</h1>",
        "<p>",
        "</p>",
        "<div class='date'>",
        "<div class='comments'>",
        "</div>",
        "<time datetime='2020-02-30'>x</time>",
        "<time datetime='garbage'>",
        "<span data-seconds='99999999999999999999'>",
        "<span data-seconds='-5'>",
        "<meta itemprop='datePublished' content='13 Sep 2023'>",
        "Published: ",
        "Update : 13 Sep 2023, 05:29 PM",
        "3 hours ago",
        "31.02.2020",
        "Tuesday, June 25, 2024",
        "<script>var d = '2020-01-01';</script>",
        "<svg><title>2020-01-01</title></svg>",
        "<header role='banner'>",
        "</header>",
        "\x00",
        "&#0;",
    ]
)


@given(st.lists(PIECES, max_size=30), st.sampled_from([None, "2024-06-25", "garbage"]))
def test_html_never_raises(pieces, capture):
    dates = find(page("", "".join(pieces)), url="https://x.org/2020/13/45/", capture=capture)
    for value in (dates.published, dates.updated):
        assert value is None or ISO.match(value)


@given(st.lists(st.text(max_size=80), max_size=20), st.sampled_from([None, "2024-06-25"]))
def test_text_never_raises(lines, capture):
    dates, used = dates_from_text(lines, capture)
    assert used <= set(range(len(lines)))
    assert dates.published is None or ISO.match(dates.published)
