"""Translate a newsindex query into OpenSearch / Elasticsearch query DSL.

The query is parsed exactly as ``newsindex search`` parses it (``query.parse_query``), and the
Whoosh tree is walked. The tree holds Whoosh's index forms (stemmed, folded), which OpenSearch
would analyse a second time, so words and phrases are translated from what the user typed:
a leaf's span in the query text (phrases: the quoted text), kept only when Whoosh's own
analyser turns it back into that leaf's terms. The one word searched in headline, body and
people becomes one ``multi_match`` over ``headline^2, body, people``. Prefix and wildcard
patterns stay in index form, as Whoosh runs them. See docs/opensearch.md for what translates
exactly and what approximately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .errors import QueryError
from .query import parse_query
from .schema import HEADLINE_BOOST, build_schema, day_range, day_start

# Whoosh field -> OpenSearch field (index.json in export.py); source is a keyword with a
# name-analysed ``source.text`` sub-field.
FIELDS = {"headline": "headline", "body": "body", "people": "people", "source": "source.text"}
DATE_FIELD = "date"
MAX_FUZZINESS = 2  # Lucene's limit
_DAY = timedelta(days=1)
_QUOTED = re.compile(r'"([^"]*)"')
_TYPED_WORD = re.compile(r'[^\s()"]+')
_FIELD_PREFIX = re.compile(r"^\w+:")
_SUFFIX = re.compile(r"[~^][\d.]*$")

Clause = dict[str, Any]


@dataclass(frozen=True)
class _Word:
    """A word or phrase leaf as the user typed it: one of these per Whoosh field."""

    kind: str  # term | fuzzy | phrase
    field: str
    text: str
    boost: float
    params: tuple[tuple[str, Any], ...] = ()  # fuzziness etc., slop: as OpenSearch spells them

    def same_group(self, other: _Word) -> bool:
        return (self.kind, self.text, self.boost, self.params) == (
            other.kind, other.text, other.boost, other.params)


def to_opensearch(query_text: str, schema=None, *, since: str | None = None,
                  until: str | None = None, person: str | None = None) -> dict[str, Any]:
    """``{"query": ...}`` for ``query_text`` with the search filters; QueryError if malformed."""
    schema = schema if schema is not None else build_schema()
    clause = _Translator(query_text, schema).clause(parse_query(query_text, schema))
    filters: list[Clause] = []
    if person:
        if not list(schema["people"].process_text(person, mode="query")):
            raise QueryError(f"--person {person!r} has no name in it")
        filters.append({"match_phrase": {"people": person}})
    start, end = day_range(since, until)
    if start is not None or end is not None:
        filters.append(_date_range(day_start(start) if start is not None else None,
                                   day_start(end) + _DAY if end is not None else None))
    if filters:
        clause = {"bool": {"must": [clause], "filter": filters}}
    return {"query": clause}


def _iso(value: datetime) -> str:
    return value.isoformat()


def _date_range(start: datetime | None, end_before: datetime | None) -> Clause:
    bounds: dict[str, str] = {"format": "strict_date_optional_time"}
    if start is not None:
        bounds["gte"] = _iso(start)
    if end_before is not None:
        bounds["lt"] = _iso(end_before)
    return {"range": {DATE_FIELD: bounds}}


_PER_FIELD = ("match", "match_phrase", "prefix", "wildcard", "range")


def _with_boost(clause: Clause, boost: float) -> Clause:
    if boost != 1.0:
        kind, inner = next(iter(clause.items()))
        if kind in _PER_FIELD:  # {"match": {field: {...}}}: the boost goes beside the query
            inner = next(iter(inner.values()))
        inner["boost"] = inner.get("boost", 1.0) * boost
    return clause


class _Translator:
    def __init__(self, text: str, schema):
        self.text = text
        self.schema = schema
        outside = _QUOTED.sub(" ", text)
        words = [_SUFFIX.sub("", _FIELD_PREFIX.sub("", w.lstrip("+-")))
                 for w in _TYPED_WORD.findall(outside)]
        self.typed = [*_QUOTED.findall(text), *(w for w in words if w)]
        self._analysed: dict[tuple[str, str], list[str]] = {}

    def analyse(self, field: str, text: str) -> list[str]:
        key = (field, text)
        if key not in self._analysed:
            self._analysed[key] = list(self.schema[field].process_text(text, mode="query"))
        return self._analysed[key]

    def typed_text(self, field: str, terms: list[str], span: str | None) -> str | None:
        """What the user typed that Whoosh analysed into ``terms``: the leaf's own span if it
        has one, else the first quoted text or typed word that analyses the same."""
        if span and self.analyse(field, span) == terms:
            return span
        return next((t for t in self.typed if self.analyse(field, t) == terms), None)

    # -- the tree ---------------------------------------------------------------------

    def clause(self, node) -> Clause:
        name = type(node).__name__
        boost = float(getattr(node, "boost", 1.0) or 1.0)
        if name == "And":
            word = self.word(node)
            return self._words([word]) if word else _with_boost(self._and(node.subqueries), boost)
        if name == "Or":
            should = self._group(list(node.subqueries))
            if len(should) == 1:
                return _with_boost(should[0], boost)
            return _with_boost({"bool": {"should": should, "minimum_should_match": 1}}, boost)
        if name == "Not":
            return {"bool": {"must_not": [self.clause(node.query)]}}
        if name == "AndNot":
            return {"bool": {"must": [self.clause(node.a)], "must_not": [self.clause(node.b)]}}
        if name == "AndMaybe":
            return {"bool": {"must": [self.clause(node.a)], "should": [self.clause(node.b)]}}
        if name == "Require":
            return {"bool": {"must": [self.clause(node.a)], "filter": [self.clause(node.b)]}}
        if name in ("NullQuery", "_NullQuery"):  # only stop words: Whoosh finds nothing
            raise QueryError("query has no searchable words (only stop words or punctuation?)")
        return self._leaf(node)

    def _and(self, children) -> Clause:
        parts: dict[str, list[Clause]] = {"must": [], "filter": [], "must_not": []}
        for child in children:
            kind = type(child).__name__
            if kind == "Not":
                parts["must_not"].append(self.clause(child.query))
            elif kind == "NumericRange":
                parts["filter"].append(self.clause(child))
            else:
                parts["must"].append(self.clause(child))
        return {"bool": {k: v for k, v in parts.items() if v}}

    def _group(self, children) -> list[Clause]:
        """Should-clauses for an Or's children: runs of the same word over several fields
        become one multi-field clause."""
        out: list[Clause] = []
        run: list[_Word] = []
        for child in children:
            word = self.word(child)
            if word and run and word.same_group(run[0]) and word.field not in {w.field for w in run}:
                run.append(word)
                continue
            if run:
                out.append(self._words(run))
                run = []
            if word:
                run = [word]
            elif type(child).__name__ == "Not":
                out.append({"bool": {"must_not": [self.clause(child.query)]}})
            else:
                out.append(self.clause(child))
        if run:
            out.append(self._words(run))
        return out

    # -- leaves -----------------------------------------------------------------------

    def _span(self, node) -> str | None:
        start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
        return self.text[start:end] if start is not None and end is not None else None

    def word(self, node) -> _Word | None:
        """The user's word or phrase behind a term / fuzzy / phrase leaf, or None."""
        name = type(node).__name__
        field = getattr(node, "fieldname", None)
        boost = float(getattr(node, "boost", 1.0) or 1.0)
        if name in ("Term", "FuzzyTerm") and field in FIELDS:
            text = self.typed_text(field, [node.text], self._span(node)) or node.text
            if name == "Term":
                return _Word("term", field, text, boost)
            # Whoosh's automaton is plain Levenshtein: no transpositions.
            params = (("fuzziness", min(int(node.maxdist), MAX_FUZZINESS)),
                      ("fuzzy_transpositions", False))
            if node.prefixlength:
                params += (("prefix_length", int(node.prefixlength)),)
            return _Word("fuzzy", field, text, boost, params)
        if name == "Phrase" and field in FIELDS:
            text = self.typed_text(field, list(node.words), None) or " ".join(node.words)
            slop = max(node.slop - 1, 0)  # Whoosh: 1 = adjacent; Lucene: 0 = adjacent
            return _Word("phrase", field, text, boost, (("slop", slop),) if slop else ())
        if name == "And" and node.subqueries:
            # One typed word that analyses to several tokens ("mother-in-law"): AND of terms,
            # which is what match with operator "and" does.
            terms = node.subqueries
            fields = {getattr(t, "fieldname", None) for t in terms}
            if all(type(t).__name__ == "Term" for t in terms) and len(fields) == 1:
                field = terms[0].fieldname
                text = self.typed_text(field, [t.text for t in terms], None) if field in FIELDS else None
                if text:
                    return _Word("term", field, text, boost)
        return None

    def _words(self, run: list[_Word]) -> Clause:
        first = run[0]
        params = dict(first.params)
        if len(run) == 1:
            field = FIELDS[first.field]
            boost = first.boost * (HEADLINE_BOOST if first.field == "headline" else 1.0)
            if first.kind == "phrase":
                body: dict[str, Any] = {"query": first.text, **params}
                return _with_boost({"match_phrase": {field: body}}, boost)
            body = {"query": first.text, "operator": "and", **params}
            return _with_boost({"match": {field: body}}, boost)
        fields = [FIELDS[w.field] + (f"^{HEADLINE_BOOST:g}" if w.field == "headline" else "")
                  for w in run]
        if first.kind == "phrase":
            body = {"query": first.text, "type": "phrase", "fields": fields, **params}
        else:
            body = {"query": first.text, "type": "most_fields", "fields": fields,
                    "operator": "and", **params}
        return _with_boost({"multi_match": body}, first.boost)

    def _leaf(self, node) -> Clause:
        word = self.word(node)
        if word:
            return self._words([word])
        name = type(node).__name__
        field = getattr(node, "fieldname", None)
        boost = float(getattr(node, "boost", 1.0) or 1.0)
        if name in ("Prefix", "Wildcard") and field in FIELDS:
            boost *= HEADLINE_BOOST if field == "headline" else 1.0
            return _with_boost({name.lower(): {FIELDS[field]: {"value": node.text}}}, boost)
        if name == "NumericRange" and field == DATE_FIELD:  # day numbers, both ends inclusive
            start = day_start(node.start) if node.start is not None else None
            end = day_start(node.end) + _DAY if node.end is not None else None
            return _date_range(start, end)
        if name == "TermRange" and field in FIELDS:
            bounds: dict[str, str] = {}
            if node.start is not None:
                bounds["gt" if node.startexcl else "gte"] = node.start
            if node.end is not None:
                bounds["lt" if node.endexcl else "lte"] = node.end
            return {"range": {FIELDS[field]: bounds}}
        raise QueryError(f"no OpenSearch translation for {node!r}")
