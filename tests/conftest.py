from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CORPUS = ROOT / "corpus"
SEED = SHIPPED_CORPUS / "000_f05eca30a746bb05.txt"
SHARED = ROOT.parent / "shared"


def capture(site: str, headline: str, date_line: str, paragraphs: list[str],
            captured: str = "Friday, November 27, 2026") -> str:
    """A plain-text capture in the seed's form, with chrome around the article."""
    body = "\n\n".join(paragraphs)
    return textwrap.dedent(f"""\
        {captured}


        {site}

        {headline}

          • Markets rally as oil prices ease
          • Weather: storms expected over the weekend
        {date_line}

        """) + body + "\n\nTop Brokers\n\n\nPopular Links"


STORIES = {
    "alpha.txt": capture(
        "Harbour Ledger", "Dockers vote to end the port strike", "Update : 14 May 2024, 08:30 AM",
        ["Dock workers in Port Amsel voted on Tuesday to end a three-week strike, union leader "
         "Marta Kowalski said after the ballot closed.",
         "Kowalski said the new contract raises wages by six percent and limits night shifts.",
         "Harbour master Tomas Brandt welcomed the vote and said the first container ships "
         "would be unloaded by Thursday morning."]),
    "beta.txt": capture(
        "Valley Gazette", "Council approves the library budget", "Update : 03 Mar 2024, 05:00 PM",
        ["The town council approved a budget on Monday that keeps all three public libraries "
         "open, Mayor Elena Ruiz told reporters.",
         "Ruiz said the money would come from a small rise in parking fees in the town centre.",
         "Opposition councillor Peter Hale called the plan a sensible compromise."]),
    "gamma.txt": capture(
        "Northern Star", "Wind turbines approved for the northern coast",
        "Update : 12 Sep 2023, 09:15 AM",
        ["Regional planners approved forty wind turbines off the northern coast on Wednesday, "
         "ending a two-year dispute with local fishermen.",
         "Energy minister Sofia Lind said the turbines would power a hundred thousand homes.",
         "Fishermen said they would appeal the decision to the national court."]),
}


def write_corpus(folder: Path, stories: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (stories or STORIES).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def built(corpus: Path, tmp_path: Path) -> Path:
    """An index built from the small corpus; returns the index folder."""
    from indexer.build import update_index

    index_dir = tmp_path / "index"
    update_index(corpus, index_dir, jobs=1)
    return index_dir


def need_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not found ({path}): evaluation data lives beside the repository")
    return path
