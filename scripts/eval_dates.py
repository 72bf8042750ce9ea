#!/usr/bin/env python3
"""Score the publication-date finder on the shared dates dev set with the shared scorer.

Runs ``../shared/tools/evaluate.py dates`` (``shared/`` sits beside the repository) on
``../shared/data/dates/dev`` and prints its report: exact-day accuracy of ``published``
per set (news-2020, web-default) and speed. By default the scorer calls
``indexer.dates:evaluate_entry`` in-process; ``--cmd`` scores a command instead, e.g. the
full CLI::

    python scripts/eval_dates.py                                    # the function
    python scripts/eval_dates.py --cmd 'newsindex extract --format jsonl'
    python scripts/eval_dates.py --min accuracy=0.90 --json out.json

Any other option is passed to the scorer unchanged (``--limit``, ``--min``, ``--max``,
``--json``, ``-v``; see ``evaluate.py dates --help``). The exit status is the scorer's:
0 scored (and every floor met), 1 a floor not met, 2 usage error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "evaluate.py"
DATA = SHARED / "data" / "dates" / "dev"
FUNC = "indexer.dates:evaluate_entry"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cmd", help="score this command instead of the in-process function")
    parser.add_argument("--data", type=Path, default=DATA, help="dates data folder (default: %(default)s)")
    args, passthrough = parser.parse_known_args(argv)
    for path in (SCORER, args.data / "ground-truth.json"):
        if not path.is_file():
            print(f"not found: {path} (shared/ must sit beside the repository)", file=sys.stderr)
            return 2
    extractor = ["--cmd", args.cmd] if args.cmd else ["--func", FUNC]
    command = [sys.executable, str(SCORER), "dates", "--data", str(args.data), *extractor]
    return subprocess.run([*command, *passthrough], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
