"""How small can a Whoosh index of these articles be? The floor under the index-size target.

Builds, from the records of an existing newsindex index (no re-scraping), Whoosh indexes that
keep less and less, and prints each one's size against the extracted text (UTF-8 bytes of
headline + body, the denominator of the size row in scripts/bench.py):

  body, frequencies only   one field, no positions: the least a ranked word search needs
  body, positions          + positions: phrase queries
  newsindex schema         every field as indexer/schema.py defines it (no record store)

    python scripts/index_floor.py --index /tmp/newsindex-bench/index [--sample 5000]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh import fields  # noqa: E402

from indexer.build import document  # noqa: E402
from indexer.indexdir import STORE_FILE, WHOOSH_DIR, require_generation  # noqa: E402
from indexer.schema import TEXT_ANALYZER, build_schema  # noqa: E402
from indexer.storage import WRITER_OPTIONS, MappedStorage  # noqa: E402
from indexer.store import RecordStore  # noqa: E402


def variants() -> dict[str, fields.Schema]:
    return {
        "body, frequencies only": fields.Schema(
            body=fields.TEXT(analyzer=TEXT_ANALYZER, phrase=False)),
        "body, positions": fields.Schema(body=fields.TEXT(analyzer=TEXT_ANALYZER)),
        "newsindex schema": build_schema(),
    }


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="a built newsindex index")
    parser.add_argument("--sample", type=int, default=0, help="first N records (default: all)")
    args = parser.parse_args()
    gen = require_generation(args.index)
    store = RecordStore(gen / STORE_FILE, readonly=True)
    records = store.articles()
    articles = list(itertools.islice(records, args.sample) if args.sample else records)
    text = sum(len(a.headline.encode()) + len(a.body.encode()) for a in articles)
    store_bytes = sum(p.stat().st_size for p in gen.glob(STORE_FILE + "*"))
    print(f"{len(articles)} articles, extracted text {text / 1e6:.1f} MB")
    print(f"{'index':28} {'MB':>8} {'x text':>8} {'s':>6}")
    for name, schema in variants().items():
        folder = Path(tempfile.mkdtemp(prefix="newsindex-floor-"))
        try:
            started = time.perf_counter()
            ix = MappedStorage(folder).create_index(schema)
            writer = ix.writer(limitmb=256, **WRITER_OPTIONS)
            for article in articles:
                doc = document(article)
                writer.add_document(**{k: v for k, v in doc.items() if k in schema.names()})
            writer.commit(optimize=True)
            size = folder_bytes(folder)
            print(f"{name:28} {size / 1e6:8.1f} {size / text:8.2f} {time.perf_counter() - started:6.0f}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if not args.sample:
        whoosh = folder_bytes(gen / WHOOSH_DIR)
        print(f"{'as built: Whoosh':28} {whoosh / 1e6:8.1f} {whoosh / text:8.2f}")
        print(f"{'as built: record store':28} {store_bytes / 1e6:8.1f} {store_bytes / text:8.2f}")
        print(f"{'as built: index folder':28} {(whoosh + store_bytes) / 1e6:8.1f} "
              f"{(whoosh + store_bytes) / text:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
