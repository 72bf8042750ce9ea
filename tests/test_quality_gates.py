"""CI gates on extraction, people and dates quality: the shared scorer runs the real CLI
(`python -m indexer extract --format jsonl`) on the labelled dev data in ../shared, and every
score must stay at or above its floor in tests/quality_floors.json."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, need_shared

sys.path.insert(0, str(ROOT / "scripts"))
import eval_quality as quality  # scripts/eval_quality.py

NAMES = sorted(n for n in quality.floors() if not n.startswith("_"))


@pytest.mark.shared
@pytest.mark.parametrize("name", NAMES)
def test_scores_stay_above_their_floors(name):
    need_shared("tools", "evaluate.py")
    need_shared(*Path(quality.SETS[name][2]).parts)
    status, _summary, report = quality.score(name, check=True)
    assert status == 0, report[-4000:]
    assert "checks=ok" in report


def test_every_gated_set_is_known():
    assert set(NAMES) <= set(quality.SETS)
    for name in NAMES:
        assert quality.floors()[name]["min"], f"{name} has no floor"


@pytest.mark.shared
def test_generated_benchmark_pages_are_read_as_their_truth_says():
    need_shared("tools", "make_corpus.py")
    import eval_corpus  # scripts/eval_corpus.py

    scores = eval_corpus.score(pages=600, seed=7)
    assert set(scores) == {"html", "text"}
    assert eval_corpus.below_floors(scores) == [], scores
