from datetime import datetime

import pytest

from indexer.errors import QueryError
from indexer.query import parse_query
from indexer.schema import build_schema, day_range, day_start

SCHEMA = build_schema()


def _range(text):
    """The first and last day (inclusive) a date query matches."""
    q = parse_query(text, SCHEMA)
    return (day_start(q.start) if q.start is not None else None,
            day_start(q.end) if q.end is not None else None)


def test_iso_range_means_those_days_only():
    start, end = _range("date:[2023-09-01 TO 2023-09-30]")
    assert (start, end) == (datetime(2023, 9, 1), datetime(2023, 9, 30))
    assert _range("date:[2023-09-01 to 2023-09-30]") == (start, end)


def test_partial_dates_and_open_ranges():
    start, end = _range("date:2023-09")
    assert (start, end.date().isoformat()) == (datetime(2023, 9, 1), "2023-09-30")
    start, end = _range("date:>2023-09-01")
    assert start.date().isoformat() == "2023-09-02" and end is None
    start, end = _range("date:<2023-09-01")
    assert start is None and end.date().isoformat() == "2023-08-31"
    start, end = _range("date:>=2023-09-01")
    assert start == datetime(2023, 9, 1)


def test_quoted_dates_read_like_unquoted_ones():
    assert _range('date:"2023-09"') == _range("date:2023-09")
    assert str(parse_query('kim date:"2023-09-12"', SCHEMA)) == str(
        parse_query("kim date:2023-09-12", SCHEMA))


@pytest.mark.parametrize("text, message", [
    ('"number one', "unbalanced quote"),
    ("(kim OR putin", "unbalanced parenthesis"),
    ("kim)", "unbalanced parenthesis"),
    ("date:[2023 TO", "unbalanced bracket"),
    ("colour:red", "unknown field 'colour'"),
    ("date:2023-13", "bad date"),
    ("date:yesterday", "bad date"),
    ('date:"last week"', "bad date"),
    ("date:2023-02-30", "bad date"),
    ("date:2023-09-13T17", "dates match by the day"),
    ("harbour~3", "at most 2 edits"),
    ("*", "matches every article"),
    ("a*", "too broad"),
    ("", "empty query"),
])
def test_malformed_queries_are_errors_not_other_queries(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text, SCHEMA)


def test_default_and_operators():
    assert "AND" in str(parse_query("putin satellite", SCHEMA))
    assert "OR" in str(parse_query("putin OR kim", SCHEMA))
    assert "NOT" in str(parse_query("putin NOT kim", SCHEMA))
    assert "ANDNOT" in str(parse_query("putin -kim", SCHEMA))
    # a hyphen inside a name is not a NOT
    assert "NOT" not in str(parse_query("An Chan-il", SCHEMA))


def test_stop_words_do_not_become_required_terms():
    assert str(parse_query("kim and putin", SCHEMA)) == str(parse_query("kim putin", SCHEMA))


def test_day_range_options():
    start, end = day_range("2023-09-01", "2023-09")
    assert (day_start(start), day_start(end)) == (datetime(2023, 9, 1), datetime(2023, 9, 30))
    assert day_range("1970-01-01", None) == (0, None)
    with pytest.raises(QueryError, match="before"):
        day_range("2024-01-01", "2023-01-01")
