#!/usr/bin/env python3
"""Check an export against a live OpenSearch / Elasticsearch server (not run in CI).

    newsindex export --format opensearch out/ --index index/
    python scripts/opensearch_check.py http://localhost:9200 --outdir out/ --index index/

Creates the index NAME (default ``newsindex-check``; deleted first if it exists) from
OUTDIR/index.json, posts every OUTDIR/articles-*.ndjson, then runs each query both with
``newsindex search`` (the library, every hit, no collapsing) and on the server (the query DSL
of ``newsindex search --print-opensearch``), and compares the sets of article ids.
Exit 0 when every query matched exactly, 1 otherwise, 2 on a server or usage error.

Credentials: OPENSEARCH_USER / OPENSEARCH_PASSWORD (basic auth); --insecure skips TLS
verification (the demo certificates of a local OpenSearch). HTTP via urllib only.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

DEFAULT_QUERIES = [
    "putin",
    "putin satellite",
    "putin OR kim",
    "putin -kim",
    "putin NOT kim",
    '"number one"',
    "headline:putin",
    "people:putin",
    "satel*",
    "putn~",
    "(kim OR putin) AND satellite",
    "date:2023-09",
    "date:[2023-09-01 TO 2023-09-30]",
    "date:>2024-01-01",
    "strike OR budget OR turbines",
]
MAX_HITS = 10_000  # OpenSearch's default index.max_result_window


class Server:
    def __init__(self, url: str, insecure: bool):
        self.url = url.rstrip("/")
        self.context = None
        if insecure:
            self.context = ssl.create_default_context()
            self.context.check_hostname = False
            self.context.verify_mode = ssl.CERT_NONE
        user, password = os.environ.get("OPENSEARCH_USER"), os.environ.get("OPENSEARCH_PASSWORD")
        token = base64.b64encode(f"{user}:{password}".encode()).decode() if user else None
        self.auth = {"Authorization": f"Basic {token}"} if token else {}

    def call(self, method: str, path: str, body: bytes | None = None,
             content_type: str = "application/json", ok_missing: bool = False) -> Any:
        request = urllib.request.Request(f"{self.url}/{path.lstrip('/')}", data=body, method=method,
                                         headers={"Content-Type": content_type, **self.auth})
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=300) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            if ok_missing and err.code == 404:
                return None
            raise SystemExit(f"error: {method} {path}: HTTP {err.code}: "
                             f"{err.read().decode('utf-8', 'replace')[:500]}") from None
        except urllib.error.URLError as err:
            raise SystemExit(f"error: cannot reach {self.url}: {err.reason}") from None


def load(server: Server, outdir: Path, name: str) -> int:
    server.call("DELETE", name, ok_missing=True)
    server.call("PUT", name, (outdir / "index.json").read_bytes())
    for part in sorted(outdir.glob("articles-*.ndjson")):
        answer = server.call("POST", f"{name}/_bulk", part.read_bytes(), "application/x-ndjson")
        if answer.get("errors"):
            failed = [item for item in answer["items"] if next(iter(item.values())).get("error")]
            raise SystemExit(f"error: {part.name}: {len(failed)} documents rejected, first: "
                             f"{json.dumps(failed[0])[:500]}")
    server.call("POST", f"{name}/_refresh")
    return int(server.call("GET", f"{name}/_count")["count"])


def whoosh_ids(archive, query: str) -> set[str]:
    results = archive.search(query, limit=MAX_HITS, collapse=False, snippets=False)
    return {hit.id for hit in results.hits}


def server_ids(server: Server, name: str, query: str) -> set[str]:
    from indexer.opensearch import to_opensearch

    body = {**to_opensearch(query), "size": MAX_HITS, "_source": False}
    answer = server.call("POST", f"{name}/_search", json.dumps(body).encode())
    return {hit["_id"] for hit in answer["hits"]["hits"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("server_url", metavar="SERVER_URL", help="e.g. http://localhost:9200")
    parser.add_argument("--outdir", type=Path, default=Path("export"),
                        help="folder written by `newsindex export` (default: export)")
    parser.add_argument("--index", type=Path, default=Path(os.environ.get("NEWSINDEX_INDEX", "index")),
                        help="the newsindex index folder the export came from (default: index)")
    parser.add_argument("--index-name", default="newsindex-check",
                        help="OpenSearch index to (re)create (default: newsindex-check)")
    parser.add_argument("-q", "--query", action="append", dest="queries",
                        help="a newsindex query to compare (repeatable; default: a built-in set)")
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    args = parser.parse_args()

    from indexer.errors import NewsindexError
    from indexer.search import open_archive

    if not (args.outdir / "index.json").is_file():
        print(f"error: no index.json in {args.outdir}: run newsindex export first", file=sys.stderr)
        return 2
    server = Server(args.server_url, args.insecure)
    count = load(server, args.outdir, args.index_name)
    print(f"{args.index_name}: {count} documents")
    differing = 0
    with open_archive(args.index) as archive:
        stored = archive.store.count()
        if count != stored:
            print(f"DIFF  document count: server {count}, newsindex {stored}")
            differing += 1
        for query in args.queries or DEFAULT_QUERIES:
            try:
                ours = whoosh_ids(archive, query)
            except NewsindexError as err:
                print(f"SKIP  {query!r}: {err}")
                continue
            theirs = server_ids(server, args.index_name, query)
            if ours == theirs:
                print(f"same  {len(ours):5d} hits  {query}")
                continue
            differing += 1
            print(f"DIFF  {query}: newsindex {len(ours)}, server {len(theirs)}; "
                  f"only newsindex: {sorted(ours - theirs)[:5]}, only server: {sorted(theirs - ours)[:5]}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
