"""Structured metadata a page declares about itself: JSON-LD, meta tags, OpenGraph.

Read-only helpers over a parsed lxml tree; the scraper, the date finder and the
people finder all ask these instead of walking ``<script>`` and ``<meta>`` themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "webpage",
    }
)


def _walk(node: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 20:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        graph = node.get("@graph")
        if graph is not None:
            yield from _walk(graph, depth + 1)
        main = node.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _walk(main, depth + 1)


def jsonld_objects(root) -> list[dict]:
    """Every JSON-LD object in the page, ``@graph`` and lists flattened."""
    found: list[dict] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > 2_000_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # trailing commas, stray control characters
                data = json.loads(raw.replace("\n", " ").rstrip(";"), strict=False)
            except ValueError:
                continue
        found.extend(_walk(data))
    return found


def types_of(obj: dict) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind.lower()}
    if isinstance(kind, list):
        return {k.lower() for k in kind if isinstance(k, str)}
    return set()


def jsonld_articles(root) -> list[dict]:
    """The JSON-LD objects that describe an article (NewsArticle, BlogPosting, ...)."""
    objs = jsonld_objects(root)
    articles = [o for o in objs if types_of(o) & (ARTICLE_TYPES - {"webpage"})]
    return articles or [o for o in objs if "webpage" in types_of(o)]


def meta_tags(root) -> dict[str, list[str]]:
    """``<meta>`` contents keyed by lower-cased name / property / itemprop / http-equiv."""
    tags: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        content = content.strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                tags.setdefault(key.strip().lower(), []).append(content)
    return tags


def first_meta(tags: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        values = tags.get(key)
        if values:
            return values[0]
    return None


def as_text(value: Any) -> str | None:
    """A JSON-LD value as plain text: strings as-is, ``{"name": ...}`` objects by name."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("@value"))
    if isinstance(value, list):
        for item in value:
            text = as_text(item)
            if text:
                return text
    return None
