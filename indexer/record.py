"""The article record: what the scraper makes of one page, and what the index stores."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any


def article_id(relpath: str) -> str:
    """Stable id of a page: derived from its path relative to the corpus ("/" separators)."""
    return hashlib.sha1(relpath.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    id: str
    path: str  # relative to the corpus for indexed pages; as given for `extract`
    headline: str
    body: str  # paragraphs separated by a blank line
    source: str | None = None  # site name
    url: str | None = None
    people: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, time and zone kept when the page gives them
    updated: str | None = None
    byline: str | None = None
    kind: str = "article"  # article | listing | teaser
    lang: str | None = None
    format: str = "html"  # html | text
    encoding: str | None = None
    captured: str | None = None  # the "today" date a text capture shows in its header
    content_hash: str | None = None
    extractor: str | None = None  # extractor version + rules digest that made this record

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
