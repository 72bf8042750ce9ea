"""One page in, one article record out: decode, parse, extract, find people and dates."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import html as html_mod
from .config import extractor_version
from .corpus import page_format, read_page
from .dates import dates_from_html
from .decode import decode
from .errors import PageError
from .people import find_people
from .record import Article, article_id
from .text import extract_text

_HEADLINE_FALLBACK_WORDS = 16


def scrape(data: bytes, relpath: str, fmt: str | None = None,
           rules_file: Path | None = None) -> Article:
    """The article record of one page's bytes. Raises PageError when no article can be made."""
    fmt = fmt or page_format(relpath)
    text, encoding = decode(data)
    if not text.strip():
        raise PageError("empty page")
    if fmt == "text":
        cap = extract_text(text)
        headline, body, source, captured, dates, byline = (
            cap.headline, cap.body, cap.source, cap.captured, cap.dates, cap.byline)
        url = lang = None
        kind = "article"
    else:
        try:
            root = html_mod.parse_html(text)
            dates = dates_from_html(root)
            art = html_mod.extract_html(root, rules=html_mod.load_rules(rules_file))
        except html_mod.ExtractError as err:
            raise PageError(str(err)) from None
        headline, body, source, url = art.headline, art.body, art.source, art.url
        byline, lang, kind, captured = art.byline, art.lang, art.kind, None
    if not body.strip() and not headline:
        raise PageError("no article text found")
    if not headline:
        words = body.split()
        headline = " ".join(words[:_HEADLINE_FALLBACK_WORDS]) + (
            " …" if len(words) > _HEADLINE_FALLBACK_WORDS else "")
    return Article(
        id=article_id(relpath),
        path=relpath,
        headline=headline,
        body=body,
        source=source,
        url=url,
        people=find_people(headline, body),
        published=dates.published,
        updated=dates.updated,
        byline=byline,
        kind=kind,
        lang=lang,
        format=fmt,
        encoding=encoding,
        captured=captured,
        content_hash=hashlib.sha1(data).hexdigest(),
        extractor=extractor_version(rules_file),
    )


def scrape_file(path: Path, relpath: str | None = None, rules_file: Path | None = None) -> Article:
    """Read and scrape one file; ``relpath`` (default: the path as given) names it in the record."""
    relpath = relpath if relpath is not None else str(path)
    return scrape(read_page(path), relpath, page_format(path.name), rules_file)

