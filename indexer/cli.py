"""The ``newsindex`` command: thin click wrappers over the library.

Heavy modules (lxml, Whoosh) are imported inside commands so that ``newsindex --help``
starts fast. Library errors are translated here, once, into one line and an exit code.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_NO_HITS, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, NewsindexError
from .render import FORMATS, TSV_FIELDS, json_dumps, pick, safe, tsv_rows, use_color


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NewsindexError as err:
            hint = f"; {err.hint}" if err.hint else ""
            click.echo(f"Error: {safe(err)}{hint}", err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def index_option(f):
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
        default="index", envvar="NEWSINDEX_INDEX", show_default=True, show_envvar=True,
        help="Index folder.")(f)


def output_options(formats: tuple[str, ...]):
    """--format and --color, shared by every command that prints records."""
    def decorator(f):
        f = click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
                         show_default=True, help="Colour on a terminal (NO_COLOR is respected).")(f)
        f = click.option("--format", "fmt", type=click.Choice(formats), default=formats[0],
                         show_default=True, help="Output format.")(f)
        return f
    return decorator


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsindex")
def cli() -> None:
    """A searchable full-text archive of saved news pages.

    \b
    newsindex index                    scrape ./corpus into ./index (incremental)
    newsindex search "putin satellite" ranked hits with highlighted snippets
    newsindex extract page.html        the article record of a page
    """


@cli.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default="corpus",
              envvar="NEWSINDEX_CORPUS", show_default=True, show_envvar=True,
              help="Folder of saved pages (read only).")
@index_option
@click.option("--rebuild", is_flag=True, help="Build a new index beside the old one, then swap.")
@click.option("--wait", type=float, default=None,
              help="Seconds to wait for another indexer's lock (default 5).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Scraping processes (default: one per core).")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, envvar="NEWSINDEX_RULES", help="Extra extraction rules (JSON).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Summary format.")
def index(corpus: Path, index_dir: Path, rebuild: bool, wait: float | None, jobs: int | None,
          rules_file: Path | None, fmt: str) -> None:
    """Scrape the corpus into the index: only new, changed and deleted pages are touched."""
    from .build import update_index

    progress = _progress_printer() if sys.stderr.isatty() else None
    summary = update_index(corpus, index_dir, rebuild=rebuild, wait=wait, jobs=jobs,
                           rules_file=rules_file, progress=progress)
    if progress:
        click.echo("\r\x1b[K", nl=False, err=True)
    if fmt == "json":
        click.echo(json_dumps(summary.to_dict()))
        return
    click.echo(f"added {summary.added}, updated {summary.updated}, removed {summary.removed}, "
               f"unchanged {summary.unchanged}, failed {len(summary.failed)} "
               f"({summary.skipped} other files skipped) in {summary.seconds:.1f}s")
    for path, reason in summary.failed:
        click.echo(f"failed: {safe(path)}: {safe(reason)}", err=True)


def _progress_printer(verb: str = "scraping", noun: str = "pages"):
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2 or done == total:
            last[0] = now
            click.echo(f"\r{verb} {done}/{total} {noun}", nl=False, err=True)
    return show


@cli.command()
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option("-n", "--limit", type=click.IntRange(0), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many hits.")
@click.option("--page", type=click.IntRange(1), default=None, help="Page of --limit hits (1-based).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True)
@click.option("--since", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]]).")
@click.option("--person", metavar="NAME", help="Only articles mentioning this person.")
@click.option("--no-collapse", is_flag=True, help="Show every copy of syndicated stories.")
@click.option("--fields", metavar="A,B", help=f"Fields for tsv/json (tsv default: {','.join(TSV_FIELDS)}).")
@click.option("--explain", is_flag=True, help="Print the parsed query and stop.")
@click.option("--print-opensearch", "opensearch", is_flag=True,
              help="Print the OpenSearch query DSL for QUERY (with --since/--until/--person) and stop.")
@click.option("--facets", is_flag=True,
              help="Add counts of top people, sources and articles per month.")
@output_options(FORMATS)
def search(query: tuple[str, ...], index_dir: Path, limit: int, offset: int, page: int | None,
           sort: str, since: str | None, until: str | None, person: str | None,
           no_collapse: bool, fields: str | None, explain: bool, opensearch: bool, facets: bool,
           fmt: str, color: str) -> None:
    """Search the index. Exit 0 with hits, 1 with none, 2 on a bad query.

    \b
    Query syntax (AND by default):
      putin satellite            both words          putin OR kim     either
      putin -kim, putin NOT kim  without             "number one"     phrase
      headline:, body:, people:, source:, date:      field prefixes
      date:2023-09  date:[2023-09-01 TO 2023-09-30]  date:>2023-09-01
      satel*  (wildcard)   putn~ (fuzzy)   (kim OR putin) AND satellite
    """
    from .render import text_facets, text_hits
    from .search import open_archive

    text = " ".join(query)
    if opensearch:  # needs no index
        from .opensearch import to_opensearch

        click.echo(json_dumps(to_opensearch(text, since=since, until=until, person=person),
                              pretty=True))
        return
    if page is not None:
        offset = (page - 1) * limit
    with open_archive(index_dir) as archive:
        if explain:
            click.echo(str(archive.parse(text)))
            return
        results = archive.search(text, limit=limit, offset=offset, sort=sort, since=since,
                                 until=until, person=person, collapse=not no_collapse)
        counts = archive.facets(text, since=since, until=until, person=person) if facets else None
    chosen = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    if fmt == "json":
        data = results.to_dict()
        data["hits"] = [pick(h, chosen) for h in data["hits"]]
        if counts is not None:
            data["facets"] = counts.to_dict()
        click.echo(json_dumps(data, pretty=True))
    elif fmt == "jsonl":
        for hit in results.hits:
            click.echo(json_dumps(pick(hit.to_dict(), chosen)))
    elif fmt == "tsv":
        click.echo(tsv_rows([h.to_dict() for h in results.hits], chosen or TSV_FIELDS))
    elif fmt == "paths":
        for hit in results.hits:
            click.echo(safe(hit.path))
    else:
        color_on = use_color(color, sys.stdout)
        click.echo(text_hits(results, color_on), color=color_on)
        if counts is not None:
            click.echo(text_facets(counts, color_on), color=color_on)
    if not results.hits and results.suggestion and fmt == "text":
        click.echo(f"did you mean: {safe(results.suggestion)}", err=True)
    sys.exit(EXIT_OK if results.hits else EXIT_NO_HITS)


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True)
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, envvar="NEWSINDEX_RULES", help="Extra extraction rules (JSON).")
def extract(paths: tuple[Path, ...], fmt: str, rules_file: Path | None) -> None:
    """Print the article record of each page (folders: every page inside); the index is untouched.

    A page that fails gives a record with an "error" and the others go on; the exit status
    stays 0 (scripts read the records), with a count of failures on stderr."""
    from .build import scrape_paths
    from .corpus import iter_paths

    failed = 0
    records = []
    for path, article, error in scrape_paths(iter_paths(list(paths)), rules_file):
        record = article.to_dict() if article else {"path": path, "error": error}
        record["path"] = path
        if error:
            failed += 1
        if fmt == "jsonl":
            click.echo(json_dumps(record))
        else:
            records.append(record)
    if fmt == "json":
        click.echo(json_dumps(records[0] if len(records) == 1 else records, pretty=True))
    if failed:
        click.echo(f"{failed} page(s) failed: see their \"error\" fields", err=True)


@cli.command()
@click.argument("article")
@index_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def show(article: str, index_dir: Path, fmt: str) -> None:
    """One article in full, by id or corpus path."""
    from .search import open_archive

    with open_archive(index_dir) as archive:
        record = archive.get(article)
    if record is None:
        click.echo(f"Error: no article {safe(article)!r} in the index "
                   "(give an id or a path as `search` prints them)", err=True)
        sys.exit(EXIT_NO_HITS)
    if fmt == "json":
        click.echo(json_dumps(record.to_dict(), pretty=True))
        return
    dates = ", ".join(f"{k} {v}" for k, v in (("published", record.published),
                                               ("updated", record.updated)) if v)
    head = [record.headline, " · ".join(x for x in (record.source, dates) if x),
            f"people: {', '.join(record.people)}" if record.people else "", record.path]
    click.echo("\n".join(safe(line) for line in head if line) + "\n\n" + safe(record.body))


@cli.command()
@click.argument("query", nargs=-1)
@index_option
@click.option("-n", "--limit", type=click.IntRange(1), default=30, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "tsv"]), default="text",
              show_default=True)
def people(query: tuple[str, ...], index_dir: Path, limit: int, fmt: str) -> None:
    """People with article counts: in the whole index, or in the articles matching QUERY."""
    from .search import open_archive

    with open_archive(index_dir) as archive:
        rows = archive.people(" ".join(query) or None, top=limit)
    if fmt == "json":
        click.echo(json_dumps([{"name": n, "count": c} for n, c in rows], pretty=True))
    elif fmt == "tsv":
        click.echo(tsv_rows([{"name": n, "count": c} for n, c in rows], ("name", "count")))
    else:
        for name, count in rows:
            click.echo(f"{count:6d}  {safe(name)}")
    sys.exit(EXIT_OK if rows else EXIT_NO_HITS)


@cli.command()
@index_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def stats(index_dir: Path, fmt: str) -> None:
    """Articles, sources, date span, index size, last update, top people."""
    from .search import open_archive

    with open_archive(index_dir) as archive:
        data = archive.stats()
    if fmt == "json":
        click.echo(json_dumps(data, pretty=True))
        return
    people_line = ", ".join(f"{p['name']} ({p['count']})" for p in data["top_people"])
    click.echo("\n".join([
        f"articles:     {data['articles']}",
        f"sources:      {data['sources']}",
        f"dates:        {data['first_date'] or '-'} .. {data['last_date'] or '-'}",
        f"index size:   {data['index_bytes'] / 1e6:.1f} MB",
        f"last update:  {data['last_update'] or '-'}",
        f"failed pages: {data['failed_pages']}",
        f"top people:   {safe(people_line) or '-'}",
    ]))


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@index_option
@click.option("-n", "--limit", type=click.IntRange(0), default=10, show_default=True,
              help="Hits per query unless the query says otherwise.")
@click.option("--no-snippets", is_flag=True, help="Skip snippets (faster).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes to run queries in (output order is kept).")
def batch(file, index_dir: Path, limit: int, no_snippets: bool, jobs: int) -> None:
    """Run a file of queries (one per line, or JSON objects; '-' for stdin).

    Writes one JSON line per query, in input order. Exit 0 if every query ran, 3 if
    some failed, 2 if none could run."""
    from .batch import run_batch, run_batch_jobs
    from .search import open_archive

    ran = failed = 0
    with open_archive(index_dir) as archive:  # also checks the index before workers start
        records = (run_batch(archive, file, limit=limit, snippets=not no_snippets) if jobs == 1
                   else run_batch_jobs(index_dir, file, jobs=jobs, limit=limit,
                                       snippets=not no_snippets))
        for record in records:
            click.echo(json_dumps(record))
            if record["error"]:
                failed += 1
            else:
                ran += 1
    if failed and not ran:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_PARTIAL if failed else EXIT_OK)


@cli.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@index_option
@click.option("--format", "fmt", type=click.Choice(["opensearch"]), default="opensearch",
              show_default=True, help="Target (OpenSearch and Elasticsearch read the same files).")
@click.option("--index-name", default="newsindex", show_default=True, metavar="NAME",
              help="Index name used in README.txt's commands.")
@click.option("--max-mb", type=click.IntRange(1, 1024), default=50, show_default=True,
              help="Largest _bulk file in MiB (some hosted services accept only 10).")
def export(outdir: Path, index_dir: Path, fmt: str, index_name: str, max_mb: int) -> None:
    """Write the archive as an OpenSearch / Elasticsearch index into OUTDIR.

    \b
    OUTDIR/index.json            settings and mappings (PUT /NAME)
    OUTDIR/articles-0001.ndjson  _bulk files, at most --max-mb each
    OUTDIR/README.txt            the curl commands that load them
    Re-posting a later export updates articles in place (the _id is the article id).
    """
    from .export import export_opensearch, files_phrase

    progress = _progress_printer("exporting", "articles") if sys.stderr.isatty() else None
    summary = export_opensearch(index_dir, outdir, index_name=index_name,
                                max_bytes=max_mb * 2**20, progress=progress)
    if progress:
        click.echo("\r\x1b[K", nl=False, err=True)
    click.echo(f"exported {summary.articles} articles to {outdir} "
               f"({files_phrase(len(summary.files))}, {summary.bytes / 2**20:.1f} MiB); "
               f"load them with the commands in {outdir / 'README.txt'}")


def main() -> None:
    try:
        cli.main(prog_name="newsindex")
    except SystemExit:
        raise
    except Exception as err:  # a bug: one line, unless debugging
        if os.environ.get("NEWSINDEX_DEBUG"):
            raise
        click.echo(f"Error: internal error: {type(err).__name__}: {safe(err)} "
                   "(set NEWSINDEX_DEBUG=1 for a traceback)", err=True)
        sys.exit(70)


__all__ = ["EXIT_USAGE", "cli", "main"]
