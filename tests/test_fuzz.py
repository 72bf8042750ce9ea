"""Property-based tests: random and mutated pages only ever fail as PageError, random queries
never give a traceback, and pathological queries come back in time or fail cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import STORIES, write_corpus
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.cli import cli
from indexer.errors import PageError
from indexer.scrape import scrape

ROOT = Path(__file__).resolve().parents[1]
FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

ARTICLE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry timetable approved'
    ' | Harbour Ledger</title><meta property="og:title" content="Ferry timetable approved">'
    '<meta property="article:published_time" content="2024-05-14T08:30:00Z">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable '
    'approved", "author": {"name": "Marta Kowalski"}, "datePublished": "2024-05-14"}</script>'
    '</head><body><nav class="menu"><a href="/">Home</a><a href="/world">World</a></nav>'
    '<article class="story"><h1>Ferry timetable approved</h1><p class="byline">By Marta '
    'Kowalski</p><time datetime="2024-05-14">14 May 2024</time>'
    + "<p>The harbour council met on Tuesday to discuss the new ferry timetable, Mayor Elena "
      "Ruiz said, and the changes take effect in December.</p>" * 4
    + '</article><aside class="related"><ul><li><a href="/a">Other story</a></li></ul></aside>'
    '<footer>Copyright 2024</footer></body></html>'
).encode()

FRAGMENTS = [
    "<html>", "</html>", "<head>", "<body>", "</body>", "<p>", "</p>", "<div class='x'>", "</div>",
    "<h1>", "</h1>", "<title>", "</title>", "<article>", "</article>", "<script>", "</script>",
    "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml ?>",
    '<meta charset="utf-16">', '<meta charset="x-unknown">', '<meta property="og:title" content="',
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":', '"}', "}", "{", "[",
    "<time datetime='", "2024-13-45", "'>", "<br>", "<img src=x onerror=1>", "<table><tr><td>",
    "&amp;", "&#0;", "&#27;", "&#xD800;", "&#99999999;", "&lol;", "<!ENTITY x 'y'>", "\x00",
    "\x1b[31m", "\ufeff", "\u202e", "\ud7ff", "\U0001f600", "By ", "Reuters", "Mayor Elena Ruiz",
    "Published 14 May 2024", "said on Tuesday", " ", "\n", "\t", ">", "<", "'", '"', "=",
]


@st.composite
def tag_soup(draw) -> bytes:
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)),
                          max_size=60))
    text = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(ARTICLE)
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16)) if draw(st.booleans()) \
                else draw(st.sampled_from(FRAGMENTS)).encode("utf-8", "surrogatepass")
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 200))]
        elif op == "truncate":
            del data[pos:]
        else:
            end = draw(st.integers(pos, len(data)))
            data[pos:pos] = data[pos:end]
    return bytes(data)


def scrape_or_page_error(data: bytes, name: str) -> None:
    try:
        article = scrape(data, name)
    except PageError as err:
        assert str(err)
        return
    assert isinstance(article.headline, str) and isinstance(article.body, str)
    assert article.headline or article.body


@FUZZ
@given(data=st.binary(max_size=4000), name=st.sampled_from(["p.html", "p.txt"]))
@example(data=b"", name="p.html")
@example(data=b"<", name="p.html")
@example(data=b"<!--", name="p.html")
@example(data=b"\xff\xfe", name="p.html")
@example(data=b"\xff\xfe\x00", name="p.txt")
def test_random_bytes_only_fail_as_page_error(data, name):
    scrape_or_page_error(data, name)


# Text after </body> once made the block collector fail on a page real sites often produce.
def test_text_after_the_body_is_not_an_internal_error():
    article = scrape(ARTICLE.replace(b"</body>", b"</body>tail"), "p.html")
    assert article.headline == "Ferry timetable approved"


@FUZZ
@given(data=tag_soup(), name=st.sampled_from(["p.html", "p.htm", "p.txt"]))
@example(data=b'<body></body>"}', name="p.html")
def test_tag_soup_only_fails_as_page_error(data, name):
    scrape_or_page_error(data, name)


@FUZZ
@given(data=mutated())
@example(data=b"<</body>" + ARTICLE[2:])
def test_mutated_article_only_fails_as_page_error(data):
    scrape_or_page_error(data, "p.html")


def test_the_unmutated_article_is_an_article():
    article = scrape(ARTICLE, "p.html")
    assert article.headline == "Ferry timetable approved"


# --------------------------------------------------------------------------- queries


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory) -> Path:
    from indexer.build import update_index

    base = tmp_path_factory.mktemp("fuzz")
    stories = dict(STORIES)
    stories["undated.txt"] = "Harbour Ledger\n\nA story with no date at all\n\n" + (
        "Ferry passengers waited on the quay while the council argued. " * 5)
    corpus = write_corpus(base / "corpus", stories)
    update_index(corpus, base / "index", jobs=1)
    return base / "index"


QUERY_TOKENS = [
    "strike", "turbines", "ruiz", "Kowalski", "AND", "OR", "NOT", "and", "(", ")", "((", "))",
    '"', '"port strike"', "*", "?", "st*", "*ike", "a*", "~", "strik~", "strike~2", "^", "^2",
    "+", "-", "-strike", ":", "headline:", "body:", "people:", "source:", "date:", "bogus:",
    "date:2024", "date:2024-05", "date:2024-13", "date:[2023 TO 2024]", "date:>2023-09-01",
    "date:<", "[", "]", "{", "}", "TO", "[a TO b]", "\\", "/", "'", "!", "&&", "||", "\x00",
    "\x1b[31m", "é", "Łódź", "\u202e", "日本", "🙂", ".", ",", ";", "=", "<", ">", "%", "#",
]

query_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(QUERY_TOKENS), st.text(max_size=6)), min_size=1,
             max_size=12).flatmap(lambda parts: st.sampled_from([" ", "", ") ("]).map(
                 lambda sep: sep.join(parts))),
)
OPTIONS = [[], ["--format", "json"], ["--sort", "newest"], ["--facets"], ["--explain"],
           ["--format", "tsv", "--no-collapse"], ["--since", "2024"], ["--person", "ruiz"]]


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=query_text, options=st.sampled_from(OPTIONS))
@example(query="*", options=[])
@example(query="", options=[])
@example(query="a*", options=[])
@example(query="(" * 200 + "strike" + ")" * 200, options=[])
@example(query="date:[2024 TO", options=[])
@example(query="people:", options=[])
@example(query="strike~9999", options=[])
def test_random_queries_never_give_a_traceback(tiny_index, query, options):
    result = CliRunner().invoke(cli, ["search", "--index", str(tiny_index), *options, "--", query],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert "Traceback" not in result.output


PATHOLOGICAL = {
    "star": "*",
    "short-prefix": "a*",
    "leading-wildcard": "*a*",
    "many-wildcards": "?*?*?*?*?*?*?*?*e",
    "500-terms": " ".join(f"word{i}" for i in range(500)),
    "500-or-terms": " OR ".join(f"w{i}*" for i in range(500)),
    "2000-terms": " ".join(f"t{i}" for i in range(2000)),
    "nested-100": "(" * 100 + "strike" + ")" * 100,
    "nested-5000": "(" * 5000 + "strike" + ")" * 5000,
    "nested-or-1000": "(strike OR " * 1000 + "port" + ")" * 1000,
    "fuzzy-far": "strikeharbourcouncil~20",
    "many-fuzzy": " OR ".join(f"st{i}~3" for i in range(200)),
    "long-phrase": '"' + " ".join(["strike"] * 3000) + '"',
    "long-word": "x" * 100_000,
    "wide-date-range": "date:[0001 TO 9999]",
    "many-dates": " OR ".join(f"date:{1900 + i}" for i in range(200)),
    "negations": " ".join(f"-w{i}" for i in range(500)),
}


@pytest.mark.parametrize("query", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_pathological_queries_return_in_time_or_fail_cleanly(tiny_index, query):
    try:
        result = subprocess.run(
            [sys.executable, "-m", "indexer", "search", "--index", str(tiny_index), "--", query],
            cwd=ROOT, capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"query took more than 10 s: {query[:80]!r}")
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
