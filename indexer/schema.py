"""The Whoosh schema: the one place that says which field is indexed how.

Stored fields are kept small (a hit unpickles its whole stored record): the full article,
body included, lives in the record store (``store.py``), and snippets are made from it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from whoosh import fields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map
from whoosh.util.times import TimeError, adatetime

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

_TICK = timedelta(microseconds=1)
_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})(?:[T ](?P<H>\d{1,2})(?::(?P<M>\d{2}))?)?)?)?$"
)


class IsoDate(fields.DATETIME):
    """A DATETIME field whose query syntax is ISO 8601 and partial ISO dates.

    ``date:2023-09`` is September 2023, ``date:[2023-09-01 TO 2023-09-30]`` those days
    inclusive, ``date:>2023-09-01`` after that day. Anything else is a QueryError (Whoosh's
    own parser would silently widen or drop it).
    """

    def _parse_datestring(self, qstring: str) -> adatetime:
        text = qstring.strip().strip("'\"")
        match = _ISO.match(text)
        if not match:
            raise QueryError(f"bad date {qstring!r}: use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        parts = [int(v) if v is not None else None for v in match.group("y", "m", "d", "H", "M")]
        try:
            at = adatetime(*parts)
            at.floor()  # validates month and day
        except (ValueError, OverflowError, TimeError) as err:
            raise QueryError(f"bad date {qstring!r}: {err}") from None
        return at

    def parse_query(self, fieldname, qstring, boost=1.0):
        at = self._parse_datestring(qstring)
        return self._range(fieldname, at.floor(), at.ceil(), boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        if start is None and end is None:
            raise QueryError("a date range needs a start or an end")
        low = high = None
        if start is not None:
            at = self._parse_datestring(start)
            low = at.ceil() + _TICK if startexcl else at.floor()
        if end is not None:
            at = self._parse_datestring(end)
            high = at.floor() - _TICK if endexcl else at.ceil()
        return self._range(fieldname, low, high, boost)

    @staticmethod
    def _range(fieldname, low, high, boost):
        from whoosh import query
        from whoosh.util.times import datetime_to_long

        return query.NumericRange(fieldname, datetime_to_long(low) if low else None,
                                  datetime_to_long(high) if high else None, boost=boost)


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
        date=IsoDate(sortable=True),
        dup=fields.STORED,  # syndicated copies share it: collapsed into one hit
    )


def day_range(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """--since/--until bounds, both inclusive, as datetimes (until = end of its period)."""
    field = IsoDate()
    start = field._parse_datestring(since).floor() if since else None
    end = field._parse_datestring(until).ceil() if until else None
    if start and end and end < start:
        raise QueryError(f"--until {until} is before --since {since}")
    return start, end


