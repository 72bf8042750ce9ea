"""Searching an index: the library API the CLI, batch jobs and scripts share.

    with open_archive("index") as archive:
        results = archive.search("putin satellite", limit=5, sort="newest")
        for hit in results.hits:
            print(hit.headline, hit.snippet)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import settings
from .errors import IndexMissingError, QueryError, UsageError
from .indexdir import STORE_FILE, WHOOSH_DIR, close_generation, open_generation
from .query import parse_query
from .record import Article
from .snippets import make_snippet
from .store import RecordStore

SORTS = ("relevance", "newest", "oldest")
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"})
# words a user typed, not field names, not inside ranges' dates, at least 3 letters
_SUGGESTABLE = re.compile(r"(?<![\w~*?])[^\W\d_]{3,}(?![\w:~*?])")
JSON_VERSION = 1


@dataclass
class Hit:
    rank: int
    id: str
    path: str
    headline: str
    published: str | None
    updated: str | None
    source: str | None
    people: list[str]
    score: float
    snippet: str
    spans: list[tuple[int, int]]
    also_in: list[str] = field(default_factory=list)  # sources of collapsed duplicates

    def to_dict(self) -> dict[str, Any]:
        data = dict(vars(self))  # flat fields: no deep copy needed (asdict is slow in batches)
        data["people"] = list(self.people)
        data["also_in"] = list(self.also_in)
        data["spans"] = [list(span) for span in self.spans]
        data["score"] = round(self.score, 4)
        return data


@dataclass
class Results:
    query: str
    total: int  # matching articles, duplicates included
    hits: list[Hit]
    offset: int = 0
    limit: int = 10
    parsed: str = ""
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "query": self.query,
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "hits": [hit.to_dict() for hit in self.hits],
            "suggestion": self.suggestion,
        }


@dataclass
class Facets:
    total: int
    people: list[tuple[str, int]]
    sources: list[tuple[str, int]]
    months: list[tuple[str, int]]  # ("YYYY-MM", count), in date order

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "people": [{"name": k, "count": v} for k, v in self.people],
            "sources": [{"name": k, "count": v} for k, v in self.sources],
            "months": [{"month": k, "count": v} for k, v in self.months],
        }


class Archive:
    """An open index: one Whoosh searcher and one record store, reused across queries."""

    def __init__(self, index_dir: Path | str):
        from .schema import is_current
        from .storage import MappedStorage

        # share-locked: a rebuild's swap does not remove it while it is open here
        gen, self._gen_lock = open_generation(Path(index_dir))
        try:
            self.index_dir, self.gen = Path(index_dir), gen
            self.ix = MappedStorage(gen / WHOOSH_DIR).open_index()
            self.schema = self.ix.schema
            if not is_current(self.schema):
                self.ix.close()
                raise IndexMissingError(f"the index at {index_dir} was made by an older newsindex",
                                        hint="rebuild it with: newsindex index --rebuild")
            self.searcher = self.ix.storage.searcher(self.ix)
            self.store = RecordStore(gen / STORE_FILE, readonly=True)
        except BaseException:
            close_generation(self._gen_lock)
            raise

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()
        self.ix.storage.close()
        self.store.close()
        close_generation(self._gen_lock)
        self._gen_lock = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, query: str):
        return parse_query(query, self.schema)

    def get(self, id_or_path: str) -> Article | None:
        return self.store.get(id_or_path)

    def search(
        self,
        query: str,
        *,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "relevance",
        since: str | None = None,
        until: str | None = None,
        person: str | None = None,
        collapse: bool = True,
        snippets: bool = True,
        fragments: int | None = None,
        width: int | None = None,
        suggest: bool = True,
    ) -> Results:
        cfg = settings()
        limit = cfg["search_limit"] if limit is None else limit
        if limit < 0 or offset < 0:
            raise UsageError("--limit and --offset must not be negative")
        if sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
        q = self.parse(query)
        final = self._filtered(q, since=since, until=until, person=person)
        sortedby = None if sort == "relevance" else _date_order(newest=sort == "newest")
        need = offset + limit
        # Every pass visits every match, so fetch enough in the first for the syndicated
        # copies collapsing leaves out; a second pass takes them all.
        fetch = max(need, 1) * cfg["collapse_fetch_factor"] + 10 if collapse else max(need, 1)
        res = self._run(final, fetch, sortedby)
        groups = _groups(res, collapse)
        if collapse and len(groups) < need and fetch < len(res):
            res = self._run(final, len(res), sortedby)
            groups = _groups(res, collapse)
        chosen = groups[offset:need]
        terms = self._highlight_terms(q) if snippets else set()
        articles = self.store.get_many(
            [doc["id"] for stored, _, dupes in chosen for doc in (stored, *dupes)])
        hits = []
        for rank, (stored, score, dupes) in enumerate(chosen, offset + 1):
            article = articles.get(stored["id"])
            if article is None:  # not in the store: cannot happen short of a damaged index
                continue
            snippet = make_snippet(article.body, terms, fragments or cfg["snippet_fragments"],
                                   width or cfg["snippet_width"]) if snippets else None
            copies = [articles[d["id"]] for d in dupes if d["id"] in articles]
            hits.append(Hit(
                rank=rank,
                id=article.id,
                path=article.path,
                headline=article.headline,
                published=article.published,
                updated=article.updated,
                source=article.source,
                people=list(article.people),
                score=score,
                snippet=snippet.text if snippet else "",
                spans=snippet.spans if snippet else [],
                also_in=[c.source or c.path for c in copies],
            ))
        suggestion = self.suggest(query) if suggest and not hits and not offset else None
        return Results(query, len(res), hits, offset, limit, parsed=str(final),
                       suggestion=suggestion)

    def _run(self, q, limit: int, sortedby):
        """The top ``limit`` matches, with the exact number of matches.

        Every match is scored once, so the total needs no second pass: no block-quality
        skipping (optimize=False), and no matcher replacement either, which Whoosh's top-N
        collector does even then: it drops the parts of an OR that can no longer reach the
        top N, and the matches only they would find go uncounted (at 100k articles a plain
        word's total came out at a third of its true count)."""
        from whoosh.collectors import TopCollector

        collector = self.searcher.collector(limit=limit, sortedby=sortedby, optimize=False)
        if isinstance(collector, TopCollector):
            collector.replace = 0
        self.searcher.search_with_collector(q, collector)
        return collector.results()

    def _filtered(self, q, *, since: str | None = None, until: str | None = None,
                  person: str | None = None):
        """``q`` restricted to a person and a date span (both ends inclusive)."""
        from whoosh import query as wq

        from .schema import day_range

        parts = [q]
        if person:
            names = [t.text for t in self.schema["people"].analyzer(person)]
            if not names:
                raise QueryError(f"--person {person!r} has no name in it")
            parts.append(wq.Phrase("people", names) if len(names) > 1
                         else wq.Term("people", names[0]))
        start, end = day_range(since, until)
        if start is not None or end is not None:
            parts.append(wq.NumericRange("date", start, end))
        return wq.And(parts) if len(parts) > 1 else q

    def suggest(self, text: str) -> str | None:
        """The query with unknown words replaced by the closest unstemmed words of the index."""
        from .snippets import index_form

        reader = self.searcher.reader()
        # unstemmed headline words (Whoosh's spell_headline), then people's names
        correctors = [self.searcher.corrector("headline"), self.searcher.corrector("people")]
        changed = False

        def fix(match: re.Match[str]) -> str:
            nonlocal changed
            word = match.group()
            low = word.lower()
            form = index_form(low)
            if (word in _OPERATORS or not form or ("body", form) in reader
                    or ("people", low) in reader):
                return word
            if len(word) > 40:  # no misspelling; and the edit-distance search grows with n²
                return word
            found = next((f for c in correctors for f in c.suggest(low, limit=1, maxdist=2)), None)
            if not found:
                return word
            changed = True
            return found.capitalize() if word[:1].isupper() else found

        corrected = _SUGGESTABLE.sub(fix, text)
        return corrected if changed else None

    def facets(self, query: str, *, since: str | None = None, until: str | None = None,
               person: str | None = None, top: int = 10) -> Facets:
        """Counts over the whole matched set: top people, top sources, articles per month."""
        from collections import Counter

        from whoosh.sorting import FieldFacet

        final = self._filtered(self.parse(query), since=since, until=until, person=person)
        res = self.searcher.search(final, limit=None, scored=False,
                                   groupedby={"sources": FieldFacet("site")})
        reader = self.searcher.reader()
        dates = _date_reader(reader)
        months: Counter[str] = Counter()
        people: Counter[str] = Counter()
        for docnum in res.docs():
            value = dates(docnum)
            if value:
                months[value.strftime("%Y-%m")] += 1
            if reader.has_vector(docnum, "person"):
                people.update(name for name, _ in reader.vector_as("weight", docnum, "person"))
        sources = Counter({k: len(v) for k, v in res.groups("sources").items() if k})

        def top_of(counts: Counter[str]) -> list[tuple[str, int]]:
            return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

        return Facets(len(res), top_of(people), top_of(sources), sorted(months.items()))

    def stats(self, top: int = 10) -> dict[str, Any]:
        """What is in the index: counts, date span, size, last update, top people."""
        reader = self.searcher.reader()
        dates = [d for d in map(_date_reader(reader), reader.all_doc_ids()) if d]
        size = sum(f.stat().st_size for f in self.gen.rglob("*") if f.is_file())
        return {
            "articles": self.searcher.doc_count(),
            "sources": sum(1 for _ in reader.lexicon("site")),
            "first_date": min(dates).date().isoformat() if dates else None,
            "last_date": max(dates).date().isoformat() if dates else None,
            "index_bytes": size,
            "last_update": self.store.get_meta("last_update"),
            "failed_pages": len(self.store.failures()),
            "top_people": [{"name": n, "count": c} for n, c in self.people(top=top)],
        }

    def people(self, query: str | None = None, *, top: int = 50) -> list[tuple[str, int]]:
        """People with their article counts: over the whole index, or over a query's matches."""
        if query:
            return self.facets(query, top=top).people
        reader = self.searcher.reader()
        counts = [(term.decode("utf-8") if isinstance(term, bytes) else term, info.doc_frequency())
                  for term, info in reader.iter_field("person")]
        return sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:top]

    def _highlight_terms(self, q) -> set[str]:
        """Index forms of the words the query looks for in text fields (not under NOT)."""
        from whoosh import query as wq

        from .snippets import index_form

        found: set[str] = set()
        reader = self.searcher.reader()
        stack = [q]
        while stack:
            node = stack.pop()
            if isinstance(node, wq.Not):
                continue
            if isinstance(node, wq.AndNot):
                stack.append(node.a)
                continue
            if node.is_leaf():
                try:
                    pairs = node.existing_terms(reader, expand=True)
                except Exception:
                    pairs = node.terms() if node.has_terms() else []
                for fieldname, text in pairs:
                    if fieldname in ("headline", "body", "people"):
                        word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
                        form = word if fieldname != "people" else index_form(word)
                        if form:
                            found.add(form)
                continue
            stack.extend(node.children())
        return found


def _date_order(newest: bool):
    """By date and time, newest or oldest first; undated articles last either way."""
    from whoosh import query as wq
    from whoosh.sorting import FieldFacet, MultiFacet, QueryFacet

    return MultiFacet([QueryFacet({0: wq.Every("date")}, other=1),
                       FieldFacet("when", reverse=newest)])


def _date_reader(reader):
    """docnum -> its date and time (UTC), or None."""
    from .schema import when_datetime

    column = reader.column_reader("when")
    return lambda docnum: when_datetime(column[docnum])


def _groups(res, collapse: bool) -> list[tuple[dict, float, list[dict]]]:
    groups: list[tuple[dict, float, list[dict]]] = []
    by_key: dict[str, list[dict]] = {}
    for hit in res:
        stored = hit.fields()
        key = stored.get("dup")
        if collapse and key and key in by_key:
            by_key[key].append(stored)
            continue
        dupes: list[dict] = []
        if key:
            by_key[key] = dupes
        groups.append((stored, hit.score or 0.0, dupes))
    return groups


def open_archive(index_dir: Path | str) -> Archive:
    return Archive(index_dir)
