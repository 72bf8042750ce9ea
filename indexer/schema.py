"""The Whoosh schema: the one place that says which field is indexed how.

Stored fields are kept small (a hit unpickles its whole stored record): the full article,
body included, lives in the record store (``store.py``), and snippets are made from it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from whoosh import columns, fields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map
from whoosh.util.times import TimeError, adatetime, datetime_to_long, long_to_datetime

from .errors import QueryError

# Headline and body: words, lower-cased, accent-folded, stop words out, English stems.
TEXT_ANALYZER = (
    RegexTokenizer(r"\w+(?:[.'’]\w+)*")
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter()
    | StemFilter(cachesize=50000)
)
# People and sources: whole words, folded, no stemming ("lavrov" finds "Sergei Lavrov").
NAME_ANALYZER = (
    RegexTokenizer(r"\w+(?:[-'’]\w+)*") | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter()
)
HEADLINE_BOOST = 2.0

_EPOCH = datetime(1970, 1, 1)
_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")
_HAS_TIME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[T ]\d")
UNDATED = -(2**63)  # the "when" column's value for an article without a date


def day_number(when: datetime) -> int:
    """Days since 1970-01-01 of a naive UTC datetime: what the date field indexes."""
    return (when - _EPOCH).days


def day_start(number: int) -> datetime:
    return _EPOCH + timedelta(days=number)


def when_value(when: datetime) -> int:
    """The sort column's value of a naive UTC datetime (Whoosh's microseconds count)."""
    return datetime_to_long(when)


def when_datetime(value: int) -> datetime | None:
    return None if value == UNDATED else long_to_datetime(value)


class IsoDate(fields.NUMERIC):
    """The day an article was published (else updated), matched by day with ISO dates.

    ``date:2023-09`` is September 2023, ``date:[2023-09-01 TO 2023-09-30]`` those days
    inclusive, ``date:>2023-09-01`` after that day. Anything else is a QueryError (Whoosh's
    own parser would silently widen or drop it). Indexed as a day number: a timestamp would
    put ~3 unique terms per article in the index (15 % of it at 20k articles); the exact time
    is in the "when" column, which sorts.
    """

    def __init__(self):
        super().__init__(int, bits=32, signed=True, shift_step=8)

    def _parse_datestring(self, qstring: str) -> adatetime:
        text = qstring.strip().strip("'\"")
        match = _ISO.match(text)
        if not match:
            hint = " (dates match by the day)" if _HAS_TIME.match(text) else ""
            raise QueryError(f"bad date {qstring!r}: use YYYY, YYYY-MM or YYYY-MM-DD{hint}")
        parts = [int(v) if v is not None else None for v in match.group("y", "m", "d")]
        try:
            at = adatetime(*parts)
            at.floor()  # validates month and day
        except (ValueError, OverflowError, TimeError) as err:
            raise QueryError(f"bad date {qstring!r}: {err}") from None
        return at

    def parse_query(self, fieldname, qstring, boost=1.0):
        at = self._parse_datestring(qstring)
        return self._range(fieldname, day_number(at.floor()), day_number(at.ceil()), boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        if start is None and end is None:
            raise QueryError("a date range needs a start or an end")
        low = high = None
        if start is not None:
            at = self._parse_datestring(start)
            low = day_number(at.ceil()) + 1 if startexcl else day_number(at.floor())
        if end is not None:
            at = self._parse_datestring(end)
            high = day_number(at.floor()) - 1 if endexcl else day_number(at.ceil())
        return self._range(fieldname, low, high, boost)

    @staticmethod
    def _range(fieldname, low, high, boost):
        from whoosh import query

        return query.NumericRange(fieldname, low, high, boost=boost)


def build_schema() -> fields.Schema:
    # Stored: only what ranking and collapsing need before a hit's record is read from the
    # store (every hit unpickles its whole stored dict; paths, dates and names live there).
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # spelling: Whoosh keeps the unstemmed headline words for "did you mean" (on the body
        # it would cost 40% of the writing time and a quarter of the index)
        headline=fields.TEXT(analyzer=TEXT_ANALYZER, field_boost=HEADLINE_BOOST, spelling=True),
        body=fields.TEXT(analyzer=TEXT_ANALYZER),
        people=fields.TEXT(analyzer=NAME_ANALYZER),
        person=fields.KEYWORD(commas=True, scorable=False, vector=True),  # facets: full names
        source=fields.TEXT(analyzer=NAME_ANALYZER),
        site=fields.ID(sortable=True),
        date=IsoDate(),
        when=fields.COLUMN(columns.NumericColumn("q", default=UNDATED)),  # sorts; not searched
        dup=fields.STORED,  # syndicated copies share it: collapsed into one hit
    )


def is_current(schema: fields.Schema) -> bool:
    """Was an index with ``schema`` made by this version's ``build_schema`` (same fields, same
    types)? An older index is rebuilt by the next ``newsindex index`` run."""
    def shape(s: fields.Schema) -> dict[str, type]:
        return {name: type(field) for name, field in s.items()}
    return shape(schema) == shape(build_schema())


def day_range(since: str | None, until: str | None) -> tuple[int | None, int | None]:
    """--since/--until as day numbers, both inclusive (until = the last day of its period)."""
    field = IsoDate()
    start = day_number(field._parse_datestring(since).floor()) if since else None
    end = day_number(field._parse_datestring(until).ceil()) if until else None
    if start is not None and end is not None and end < start:
        raise QueryError(f"--until {until} is before --since {since}")
    return start, end
