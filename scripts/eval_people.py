#!/usr/bin/env python3
"""Score the people finder on the CoNLL-2003 development set with the shared scorer.

Runs ``../shared/tools/evaluate.py people`` (``shared/`` sits beside the repository) and
prints its report. By default the scorer calls ``indexer.people:evaluate_entry`` in-process;
``--cmd`` scores a command instead, e.g. the full CLI::

    python scripts/eval_people.py                                   # the function
    python scripts/eval_people.py --cmd 'newsindex extract --format jsonl'
    python scripts/eval_people.py --min persons_strict_f1=0.85 --json out.json

Any other option is passed to the scorer unchanged (``--limit``, ``--min``, ``--max``,
``--json``, ``-v``; see ``evaluate.py people --help``). The exit status is the scorer's:
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
CONLL = SHARED / "data" / "people" / "conll2003-eng.testa"
FUNC = "indexer.people:evaluate_entry"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Other options (--limit, --min, --max, --json, -v) go to the scorer unchanged.",
    )
    parser.add_argument("--cmd", help="score this command instead of the in-process function")
    parser.add_argument(
        "--conll", type=Path, default=CONLL, help="CoNLL-2003 file (default: %(default)s)"
    )
    args, passthrough = parser.parse_known_args(argv)
    for path in (SCORER, args.conll):
        if not path.is_file():
            print(f"not found: {path} (shared/ must sit beside the repository)", file=sys.stderr)
            return 2
    extractor = ["--cmd", args.cmd] if args.cmd else ["--func", FUNC]
    command = [sys.executable, str(SCORER), "people", "--conll", str(args.conll), *extractor]
    return subprocess.run([*command, *passthrough], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
