"""The query language: Whoosh syntax over headline, body and people, checked strictly.

AND by default; OR, NOT, ``-word``, "phrases", ``field:`` prefixes (headline, body, people,
source, date), wildcards, ``word~`` fuzzy, (grouping), ISO dates. Whoosh quietly rewrites
some malformed input into a different query; here it is a QueryError pointing at the problem.
"""

from __future__ import annotations

import re

from .errors import QueryError

DEFAULT_FIELDS = ("headline", "body", "people")
QUERY_FIELDS = ("headline", "body", "people", "source", "date")
_FIELD_PREFIX = re.compile(r"(?<![\w\\])(\w+):(?=\S)")
_MAX_TERMS = 1000
# Whoosh's parser is quadratic in the length of a word and recursive in nesting depth.
_MAX_CHARS = 20_000
_MAX_WORD = 1000
_MAX_DEPTH = 100
_MIN_WILDCARD_PREFIX = 2
_MAX_EDITS = 2  # word~3 builds automata that take seconds per word (Lucene's limit too)


def check_syntax(text: str) -> None:
    """Reject what Whoosh would misread: unbalanced quotes, parentheses or brackets, unknown fields."""
    if not text.strip():
        raise QueryError("empty query")
    if len(text) > _MAX_CHARS:
        raise QueryError(f"query too long: more than {_MAX_CHARS} characters")
    depth = 0
    in_quote: int | None = None
    bracket: int | None = None
    for col, ch in enumerate(text, 1):
        if ch == '"':
            in_quote = None if in_quote else col
        elif in_quote:
            continue
        elif ch == "(":
            depth += 1
            if depth > _MAX_DEPTH:
                raise QueryError(f"parentheses nested too deeply: more than {_MAX_DEPTH} levels "
                                 f"at column {col}")
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"unbalanced parenthesis: ')' at column {col} has no '('")
        elif ch == "[":
            if bracket:
                raise QueryError(f"unbalanced bracket: '[' at column {col} inside another range")
            bracket = col
        elif ch == "]":
            if not bracket:
                raise QueryError(f"unbalanced bracket: ']' at column {col} has no '['")
            bracket = None
    if in_quote:
        raise QueryError(f"unbalanced quote: the '\"' at column {in_quote} is never closed")
    if depth > 0:
        raise QueryError(f"unbalanced parenthesis: {depth} '(' never closed")
    if bracket:
        raise QueryError(f"unbalanced bracket: the '[' at column {bracket} is never closed")
    outside = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)
    long_word = re.search(rf"\S{{{_MAX_WORD + 1},}}", outside)
    if long_word:
        raise QueryError(f"word too long at column {long_word.start() + 1}: "
                         f"more than {_MAX_WORD} characters")
    for match in _FIELD_PREFIX.finditer(outside):
        if match.group(1).lower() not in QUERY_FIELDS:
            raise QueryError(
                f"unknown field {match.group(1)!r} at column {match.start() + 1}; "
                f"fields are: {', '.join(QUERY_FIELDS)}")


_PARSERS: dict[int, tuple[object, object]] = {}


def _parser(schema):
    cached = _PARSERS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    from whoosh import qparser

    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=\S)",
                                              minusexpr=r"(?<![^\s(])-(?=\S)"))
    _PARSERS[id(schema)] = (schema, parser)
    return parser


def _errors(q) -> list[str]:
    found = []
    stack = [q]
    while stack:
        node = stack.pop()
        error = getattr(node, "error", None)
        if error:
            found.append(str(error))
        stack.extend(node.children())
    return found


def _prefer_union_matchers(q) -> None:
    """Whoosh preloads every match of an OR into arrays on segments under 5,000 documents,
    which makes the field-OR of each word slow on the small segments incremental runs add."""
    from whoosh.query import Or

    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, Or) and len(node.subqueries) < Or.TOO_MANY_CLAUSES:
            node.matcher_type = Or.DEFAULT_MATCHER
        stack.extend(node.children())


def _quoted_dates(q, schema):
    """``date:"2023-09"`` reaches the date field as a term, which no day number equals: it is
    read like ``date:2023-09`` (or is a QueryError) instead of silently matching nothing."""
    from whoosh.query import Phrase, Term

    if isinstance(q, (Term, Phrase)) and q.fieldname == "date":
        text = q.text if isinstance(q, Term) else " ".join(q.words)
        return schema["date"].parse_query("date", str(text), boost=q.boost)
    return q.apply(lambda child: _quoted_dates(child, schema))


def parse_query(text: str, schema):
    """The Whoosh query for ``text``; QueryError if it is malformed."""
    check_syntax(text)
    try:
        q = _parser(schema).parse(text)
    except QueryError:
        raise
    except Exception as err:  # Whoosh's parser raises assorted errors on odd input
        raise QueryError(f"cannot parse query: {err}") from None
    errors = _errors(q)
    if errors:
        raise QueryError(errors[0])
    if q is None or q.__class__.__name__ in ("NullQuery", "_NullQuery"):
        raise QueryError("query has no searchable words (only stop words or punctuation?)")
    q = _quoted_dates(q, schema)
    _prefer_union_matchers(q)
    leaves = list(q.leaves())
    if len(leaves) > _MAX_TERMS:
        raise QueryError(f"query too long: more than {_MAX_TERMS} terms")
    for leaf in leaves:
        if leaf.__class__.__name__ == "Every":
            raise QueryError("'*' alone matches every article: search for a word, or use --sort newest")
        if leaf.__class__.__name__ == "FuzzyTerm" and leaf.maxdist > _MAX_EDITS:
            raise QueryError(f"{leaf.text}~{leaf.maxdist}: fuzzy words allow at most "
                             f"{_MAX_EDITS} edits (word~ is 1, word~2 is 2)")
        if leaf.__class__.__name__ in ("Wildcard", "Prefix"):
            stem = re.split(r"[*?]", str(leaf.text))[0]
            if len(stem) < _MIN_WILDCARD_PREFIX:
                raise QueryError(f"wildcard {leaf.text!r} is too broad: put at least "
                                 f"{_MIN_WILDCARD_PREFIX} letters before * or ?")
    return q
