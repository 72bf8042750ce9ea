"""The shipped corpus: each page's record against must-contain / must-not-contain expectations
kept as data in tests/corpus_expectations.json."""

import json
import re
from pathlib import Path

import pytest
from conftest import SHIPPED_CORPUS

from indexer.scrape import scrape_file

EXPECTATIONS = json.loads(Path(__file__).with_name("corpus_expectations.json").read_text("utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=sorted(EXPECTATIONS), ids=lambda p: p.split("/")[-1])
def page(request):
    relpath = request.param
    return EXPECTATIONS[relpath], scrape_file(SHIPPED_CORPUS / relpath, relpath)


def test_every_shipped_page_has_expectations():
    pages = {p.relative_to(SHIPPED_CORPUS).as_posix() for p in SHIPPED_CORPUS.rglob("*")
             if p.is_file()}
    assert pages == set(EXPECTATIONS)


def test_headline_and_source(page):
    want, art = page
    assert art.headline == want["headline"]
    assert art.source == want["source"]


def test_dates(page):
    want, art = page
    assert (art.published or "")[:10] == (want["published"] or "")
    if want["updated"]:
        assert (art.updated or "")[:10] == want["updated"]


def test_body_bounds_and_contents(page):
    want, art = page
    body = _norm(art.body)
    assert body.startswith(_norm(want["body_starts"]))
    assert body.endswith(_norm(want["body_ends"]))
    for text in want["must_contain"]:
        assert _norm(text) in body
    for text in want["must_not_contain"]:
        assert _norm(text) not in body
    assert not body.startswith(art.headline)


def test_people(page):
    want, art = page
    assert set(want["people"]) <= set(art.people)
    assert not set(want["not_people"]) & set(art.people)


def test_seed_people_exact():
    relpath = "000_f05eca30a746bb05.txt"
    art = scrape_file(SHIPPED_CORPUS / relpath, relpath)
    assert sorted(art.people) == sorted(EXPECTATIONS[relpath]["people"])
