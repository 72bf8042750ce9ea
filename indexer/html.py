"""HTML pages: parsing (safe against hostile input) and main-content extraction.

``extract_html`` is a pipeline of small steps over a parsed page:

1. metadata: headline, site name, canonical URL, byline and language from JSON-LD,
   OpenGraph / meta tags, ``<h1>`` and ``<title>`` (the headline by agreement of candidates,
   the title stripped of its site name; a logo h1, one deep in the article, or an h1's
   dateline, kicker line or short "| Label" tail do not count);
2. blocks: one iterative walk over ``<body>`` cuts the text into paragraph-sized blocks,
   skipping dropped tags and hidden elements and noting which blocks sit inside chrome
   (class/id tokens such as ``share``, ``related``, ``comments``, ``ad``);
3. content root: the element that maximises "good text minus link/chrome text" below it
   (an ancestor with clearly more good text at a near-equal score wins the tie);
4. body: the root's blocks minus chrome, link lists, boilerplate lines and teaser lists, cut
   at the heading that ends the article ("Related", "Most read", a teaser headline...);
   then what trails the article's main container (bio boxes, promos), trailing calls to
   action, reader prompts closing the last paragraph and bylines/kickers before the first
   paragraph go (the article's own paragraphs around a box amid them, in plain sibling
   ``<div>``s, in a page builder's lead box above the body's box, or one long opening
   paragraph that is no standfirst stay); JSON-LD ``articleBody`` is a fallback and a
   guide for trimming; the body never begins with the headline; text a site
   double-encoded ("donâ€™t") is repaired;
5. kind: "listing" (live blogs, index pages), "teaser" (paywalled stubs) or "article".

All rules (tags, tokens, phrases, patterns) live in ``indexer/rules/chrome.json``; a user
file of the same shape adds to them, including per-site sections keyed by hostname.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from indexer.decode import fix_mojibake
from indexer.metadata import as_text, first_meta, jsonld_articles, meta_tags, types_of

__all__ = [
    "ExtractError",
    "HtmlArticle",
    "Rules",
    "evaluate_entry",
    "extract_html",
    "load_rules",
    "parse_html",
]

RULES_PATH = Path(__file__).with_name("rules") / "chrome.json"
BIG_PAGE = 2_000_000  # bigger pages lose their scripts and styles before parsing
MAX_CHARS = 10_000_000  # and are then cut to this length (a memory bound)
_OPEN_SCRIPT = re.compile(r"<(script|style)\b", re.IGNORECASE)
_CLOSE_SCRIPT = {"script": re.compile(r"</script\s*>", re.IGNORECASE),
                 "style": re.compile(r"</style\s*>", re.IGNORECASE)}

_PARSER = lxml.html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    collect_ids=False,
    default_doctype=False,
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# Browsers ignore </body> and </html> (what follows still goes into the body); libxml2 drops
# whatever comes after them, so a page with its article after a stray "</html>" lost it.
_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


class ExtractError(Exception):
    """The page cannot be parsed or holds no usable text."""


def _strip_scripts(text: str) -> str:
    """The text without ``<script>`` / ``<style>`` elements (one linear pass)."""
    parts, pos = [], 0
    while (start := _OPEN_SCRIPT.search(text, pos)) is not None:
        parts.append(text[pos: start.start()])
        end = _CLOSE_SCRIPT[start.group(1).lower()].search(text, start.end())
        if end is None:  # unclosed: the rest is script
            return "".join(parts)
        pos = end.end()
    parts.append(text[pos:])
    return "".join(parts)


def parse_html(text: str):
    """Parse page text into an lxml ``<html>`` root; never fetches anything.

    Raises ExtractError for input lxml cannot turn into a document at all.
    """
    if len(text) > BIG_PAGE:
        text = _strip_scripts(text)[:MAX_CHARS]
    text = _END_TAGS.sub("", _XML_DECL.sub("", text, count=1)).replace("\x00", "")
    if not text.strip():
        text = "<html></html>"
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        try:  # e.g. a lone "<!--": wrap it so there is a document at all
            return lxml.html.document_fromstring(f"<html><body>{text}</body></html>", parser=_PARSER)
        except (etree.ParserError, ValueError):
            raise ExtractError(f"unparsable page: {exc}") from exc


# --------------------------------------------------------------------------- rules


@dataclass
class SiteRules:
    """Per-hostname additions: simple selectors to drop / to take as the body, tokens."""

    drop: list[Selector] = field(default_factory=list)
    keep: list[Selector] = field(default_factory=list)
    headline: list[Selector] = field(default_factory=list)
    drop_tokens: frozenset[str] = frozenset()
    keep_tokens: frozenset[str] = frozenset()


@dataclass
class Rules:
    """The rules of chrome.json (plus a user's file), compiled for matching."""

    drop_tags: frozenset[str]
    soft_drop_tags: frozenset[str]
    chrome_tags: frozenset[str]
    inline_tags: frozenset[str]
    chrome_parts: frozenset[str]
    chrome_words: frozenset[str]
    box_chrome_parts: frozenset[str]
    box_chrome_words: frozenset[str]
    mark_parts: frozenset[str]
    keep_tokens: frozenset[str]
    keep_attributes: dict[str, frozenset[str]]
    end_headings: frozenset[str]
    end_patterns: re.Pattern[str]
    skip_headings: frozenset[str]
    boilerplate: re.Pattern[str]
    tail_lines: re.Pattern[str]
    tail_starts: re.Pattern[str]
    tail_sentences: re.Pattern[str]
    promo_link_starts: re.Pattern[str]
    listing_types: frozenset[str]
    teaser_tokens: frozenset[str]
    dek_parts: frozenset[str]
    teaser_phrases: tuple[str, ...]
    title_separators: tuple[str, ...]
    sites: dict[str, SiteRules]

    def site(self, url: str | None) -> SiteRules | None:
        host = _host(url)
        while host:
            if host in self.sites:
                return self.sites[host]
            host = host.partition(".")[2]
        return None


def _flat(value) -> list[str]:
    """A list of strings, or a {group: [strings]} mapping flattened; a lone string is a
    list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, group in value.items() if not key.startswith("_")
                for s in _flat(group)]
    if isinstance(value, list):
        return [str(s) for s in value]
    return []


def _merge(base: dict, extra: dict) -> dict:
    """The user's rules added to the defaults: lists extended, mappings merged."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if key.startswith("_"):
            continue
        if isinstance(old, dict):
            if isinstance(value, (list, str)):  # a plain list for a grouped key
                value = {"user": _flat(value)} if key != "sites" else value
            if not isinstance(value, dict):
                raise ValueError(f"{key!r} must be a JSON object")
            merged[key] = _merge(old, value)
        elif isinstance(old, list):
            if not isinstance(value, (list, str)):
                raise ValueError(f"{key!r} must be a list of strings")
            merged[key] = old + _flat(value)
        else:
            merged[key] = value
    return merged


def _site_rules(host: str, data: dict) -> SiteRules:
    if not isinstance(data, dict):
        raise ValueError(f"rules for site {host!r} must be a JSON object")
    return SiteRules(
        drop=[parse_selector(s) for s in _flat(data.get("drop"))],
        keep=[parse_selector(s) for s in _flat(data.get("keep"))],
        headline=[parse_selector(s) for s in _flat(data.get("headline"))],
        drop_tokens=frozenset(t.lower() for t in _flat(data.get("drop_tokens"))),
        keep_tokens=frozenset(t.lower() for t in _flat(data.get("keep_tokens"))),
    )


def _build_rules(data: dict) -> Rules:
    def lower_set(key: str) -> frozenset[str]:
        return frozenset(s.lower() for s in _flat(data.get(key)))

    return Rules(
        drop_tags=lower_set("drop_tags"),
        soft_drop_tags=lower_set("soft_drop_tags"),
        chrome_tags=lower_set("chrome_tags"),
        inline_tags=lower_set("inline_tags"),
        chrome_parts=lower_set("chrome_parts"),
        chrome_words=lower_set("chrome_words"),
        box_chrome_parts=lower_set("box_chrome_parts"),
        box_chrome_words=lower_set("box_chrome_words"),
        mark_parts=lower_set("mark_parts"),
        keep_tokens=lower_set("keep_tokens"),
        keep_attributes={k: frozenset(_flat(v)) for k, v in data.get("keep_attributes", {}).items()},
        end_headings=frozenset(_norm(s) for s in _flat(data.get("end_headings"))),
        end_patterns=_any_of(_flat(data.get("end_patterns"))),
        skip_headings=frozenset(_norm(s) for s in _flat(data.get("skip_headings"))),
        boilerplate=_any_of(_flat(data.get("boilerplate_lines"))),
        tail_lines=_any_of(_flat(data.get("tail_lines"))),
        tail_starts=_any_of(_flat(data.get("tail_starts"))),
        tail_sentences=_any_of(_flat(data.get("tail_sentences"))),
        promo_link_starts=_any_of(_flat(data.get("promo_link_starts"))),
        listing_types=lower_set("listing_types"),
        teaser_tokens=lower_set("teaser_tokens"),
        dek_parts=lower_set("dek_parts"),
        teaser_phrases=tuple(_norm(s) for s in _flat(data.get("teaser_phrases"))),
        title_separators=tuple(_flat(data.get("title_separators"))),
        sites={host.lower(): _site_rules(host, s) for host, s in data.get("sites", {}).items()
               if not host.startswith("_")},
    )


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the patterns (none: never matches)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _default_data() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    return _build_rules(_default_data())


def load_rules(extra: Path | None = None) -> Rules:
    """The default rules, plus a user's rules file (JSON, same shape) when given."""
    if extra is None:
        return _default_rules()
    return _user_rules(str(extra))


@lru_cache(maxsize=8)
def _user_rules(extra: str) -> Rules:
    """Read and build once per run: scrape() asks for the rules on every page."""
    try:
        user = json.loads(Path(extra).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExtractError(f"cannot read rules file {extra}: {exc}") from exc
    if not isinstance(user, dict):
        raise ExtractError(f"rules file {extra}: expected a JSON object")
    try:
        return _build_rules(_merge(_default_data(), user))
    except (re.error, TypeError, ValueError, AttributeError) as exc:
        raise ExtractError(f"rules file {extra}: {exc}") from exc


# ----------------------------------------------------------------------- selectors

_SEL_PART = re.compile(r"([.#]?)([\w-]+)|\[([\w-]+)(?:([*^$~]?=)\"?([^\]\"]*)\"?)?\]")


@dataclass(frozen=True)
class Selector:
    """A compound simple selector: ``tag``, ``.class``, ``#id``, ``[attr]``, ``[attr=v]``,
    ``[attr*=v]`` and combinations such as ``div.share[data-x=y]`` (no combinators)."""

    tag: str | None
    classes: frozenset[str]
    ident: str | None
    attrs: tuple[tuple[str, str, str], ...]

    def matches(self, el) -> bool:
        if self.tag and el.tag != self.tag:
            return False
        if self.ident and el.get("id") != self.ident:
            return False
        if self.classes and not self.classes <= set((el.get("class") or "").split()):
            return False
        for name, op, value in self.attrs:
            got = el.get(name)
            if got is None or not _attr_ok(got, op, value):
                return False
        return True


def _attr_ok(got: str, op: str, value: str) -> bool:
    if op == "=":
        return got == value
    if op == "*=":
        return value in got
    if op == "^=":
        return got.startswith(value)
    if op == "$=":
        return got.endswith(value)
    if op == "~=":
        return value in got.split()
    return True


def parse_selector(text: str) -> Selector:
    tag, ident, classes, attrs = None, None, set(), []
    pos, text = 0, text.strip()
    while pos < len(text):
        m = _SEL_PART.match(text, pos)
        if not m:
            raise ValueError(f"unsupported selector {text!r} (simple selectors only)")
        if m.group(3):
            attrs.append((m.group(3), m.group(4) or "", m.group(5) or ""))
        elif m.group(1) == ".":
            classes.add(m.group(2))
        elif m.group(1) == "#":
            ident = m.group(2)
        else:
            tag = m.group(2).lower()
        pos = m.end()
    return Selector(tag, frozenset(classes), ident, tuple(attrs))


# ------------------------------------------------------------------------ helpers

_SPACE = re.compile(r"\s+")
_NONWORD = re.compile(r"[^\w\s]")
_TOKEN_SPLIT = re.compile(r"[\s]+")
_PART_SPLIT = re.compile(r"[-_]+|(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_WORD = re.compile(r"\w+")


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _norm(text: str | None) -> str:
    """Comparison key: NFKC, casefolded, punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).casefold()
    return " ".join(_NONWORD.sub(" ", text).split())


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


@dataclass(frozen=True)
class Tokens:
    """An element's class/id words, and those words plus their -/_/camelCase parts."""

    words: frozenset[str]
    parts: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.words)


_NO_TOKENS = Tokens(frozenset(), frozenset())


@lru_cache(maxsize=50_000)
def _tokens(attr: str) -> Tokens:
    words = {w.lower() for w in _TOKEN_SPLIT.split(attr.strip()) if w}
    parts = set(words)
    for word in _TOKEN_SPLIT.split(attr.strip()):
        parts.update(p.lower() for p in _PART_SPLIT.split(word) if p)
    return Tokens(frozenset(words), frozenset(parts))


def _el_tokens(el) -> Tokens:
    cls, ident = el.get("class"), el.get("id")
    if ident and ident.count("-") >= _SLUG_HYPHENS:
        ident = None  # a heading's anchor ("more-on-car-repair-related-articles"), not a role
    if not cls and not ident:
        return _NO_TOKENS
    return _tokens(f"{cls or ''} {ident or ''}")


_SLUG_HYPHENS = 3


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


# ----------------------------------------------------------------------- metadata


@dataclass
class Meta:
    headline: str | None = None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    lang: str | None = None
    article_body: str | None = None
    types: set[str] = field(default_factory=set)
    free: bool = True
    og_type: str | None = None
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)  # the page's summary lines


def _jsonld_field(objs: list[dict], *keys: str) -> str | None:
    for obj in objs:
        for key in keys:
            text = as_text(obj.get(key))
            if text:
                return text
    return None


def _authors(objs: list[dict], tags: dict[str, list[str]]) -> str | None:
    names: list[str] = []
    for obj in objs:
        author = obj.get("author") or obj.get("creator")
        for item in author if isinstance(author, list) else [author]:
            name = as_text(item)
            if name and not name.startswith("http") and name not in names:
                names.append(name)
        if names:
            break
    if not names:
        for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
            for value in tags.get(key, []):
                if value and not value.startswith("http") and value not in names:
                    names.append(value)
    return ", ".join(_clean(n) for n in names) or None


_BY = re.compile(r"^(?:by|from|von|par|por|di|door|av)\s+", re.IGNORECASE)


def _byline_in_page(root) -> str | None:
    """An author link (``rel="author"``) or ``itemprop="author"`` element, when no metadata
    names the author."""
    for el in root.iter("a", "span", "div", "p", "address"):
        if "author" in (el.get("rel") or "").split() or el.get("itemprop") == "author":
            text = _BY.sub("", _clean(el.text_content()))
            if 2 < len(text) <= 80 and not text.startswith("http"):
                return text
    return None


def _source_from_title(titles: list[str], headline: str | None, rules: Rules) -> str | None:
    """The site name a title adds to the headline: "Headline | Site" -> "Site"."""
    key = _norm(headline)
    if not key:
        return None
    for title in titles:
        for sep in rules.title_separators:
            head, _, tail = title.rpartition(sep)
            if head and _norm(head) == key and 0 < len(tail) <= 60:
                return tail.strip()
            first, _, rest = title.partition(sep)
            if rest and _norm(rest) == key and 0 < len(first) <= 60:
                return first.strip()
    return None


def _site_name(objs: list[dict], tags: dict[str, list[str]]) -> str | None:
    name = first_meta(tags, "og:site_name", "application-name", "al:android:app_name",
                      "twitter:app:name:iphone")
    if not name:
        for obj in objs:
            name = as_text(obj.get("publisher")) or as_text(obj.get("sourceOrganization"))
            if name:
                break
    return _clean(name) or None


def _lang(root, objs: list[dict], tags: dict[str, list[str]]) -> str | None:
    lang = root.get("lang") or root.get("xml:lang")
    if not lang:
        lang = _jsonld_field(objs, "inLanguage") or first_meta(
            tags, "content-language", "og:locale", "language", "dc.language")
    if not lang:
        return None
    return lang.strip().replace("_", "-").split(",")[0].strip()[:20] or None


def _canonical(root, tags: dict[str, list[str]], url: str | None) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    og = first_meta(tags, "og:url")
    if og and og.startswith(("http://", "https://")):
        return og
    return url


def _is_free(objs: list[dict]) -> bool:
    for obj in objs:
        value = obj.get("isAccessibleForFree")
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return False
    return True


def read_meta(root, url: str | None) -> Meta:
    objs = jsonld_articles(root)
    tags = meta_tags(root)
    meta = Meta()
    meta.types = {t for o in objs for t in types_of(o)}
    source = _site_name(objs, tags)
    meta.source = source if source and len(source.split()) <= 6 else None  # not a page title
    meta.url = _canonical(root, tags, url)
    meta.byline = _authors(objs, tags)
    meta.lang = _lang(root, objs, tags)
    meta.free = _is_free(objs)
    meta.og_type = (first_meta(tags, "og:type") or "").strip().lower() or None
    body = _jsonld_field(objs, "articleBody", "text")
    meta.article_body = body if body and len(body) > 200 else None
    titles = [
        _jsonld_field(objs, "headline"),
        first_meta(tags, "og:title"),
        first_meta(tags, "twitter:title"),
        _jsonld_field(objs, "name", "alternativeHeadline"),
        first_meta(tags, "title", "dc.title", "parsely-title", "sailthru.title", "headline"),
    ]
    title_el = root.find(".//title")
    if title_el is not None:
        titles.append(title_el.text_content())
    meta.titles = [t for t in (_clean(html.unescape(x or "")) for x in titles) if t]
    descriptions = [_jsonld_field(objs, "description"),
                    *(first_meta(tags, k) for k in ("description", "og:description",
                                                    "twitter:description"))]
    meta.descriptions = [d for d in descriptions if d]
    return meta


# ----------------------------------------------------------------------- headline


def _spaced_text(el) -> str:
    """An element's text with a line break for each ``<br>`` and block-level child (where
    ``text_content()`` would glue "WEEKEND<br>CODING" together); not yet cleaned."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if not isinstance(node.tag, str):
            continue
        if event == "start":
            if node is not el and node.tag in _SPACED:
                parts.append("\n")
            parts.append(node.text or "")
        elif node is not el:
            if node.tag in _SPACED:
                parts.append("\n")
            parts.append(node.tail or "")
    return "".join(parts)


_SPACED = frozenset({"br", "div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "small"})


_LOGO = re.compile(r"(?<![a-z])(?:logo|site[-_]?(?:title|name))(?![a-z])", re.IGNORECASE)
_LOGO_WORDS = 6  # a longer "logo" h1 is a headline a theme marked oddly
_MAX_LOGOS = 3  # logo h1s whose text is stripped from the titles, at most


def _is_logo(h1) -> bool:
    """An ``<h1>`` that holds the site's name: marked as a logo or site title, or all of it
    a link to the home page ("<h1><a href="/">Site</a></h1>")."""
    for el in (h1, h1.getparent()):
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}" if el is not None else ""
        if len(attrs.split()) <= 4 and _LOGO.search(attrs):  # not a post's list of tags
            return True
    text = _clean(h1.text_content())
    for a in h1.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or _clean(a.text_content()) != text:
            continue
        try:
            parts = urlsplit(href)
        except ValueError:  # a malformed address ("http://[oops"): no link home
            continue
        if "home" in (a.get("rel") or "").split() or (parts.path in ("", "/") and not parts.query):
            return True
    return False


def _h1_texts(root, logos: list[str], lines: dict[str, list[str]]) -> list[str]:
    """The page's first five h1 texts; ``logos`` gets the texts of logo h1s, ``lines`` each
    h1's text line by line."""
    out = []
    for h1 in root.iter("h1"):
        raw = _spaced_text(h1)
        text = _clean(raw)
        lines[text] = [t for t in (_clean(x) for x in raw.split("\n")) if t]
        if len(text.split()) <= _LOGO_WORDS and _is_logo(h1):
            logos.append(text)
            continue
        if "&" in text:  # an entity escaped twice: "SQL &#x26; AI"
            text = html.unescape(text)
        if 3 <= len(text) <= 400 and text not in out:
            out.append(text)
        if len(out) >= 5:
            break
    return out


def _title_parts(title: str, separators: tuple[str, ...]) -> list[str]:
    """A title cut at site separators: "A | B - C" -> ["A", "B", "C"]."""
    parts = [title]
    for sep in separators:
        parts = [p for part in parts for p in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def _strip_site(title: str, site: str | None, host: str, rules: Rules,
                strict: bool = False) -> str:
    """Title minus a leading or trailing site name ("Headline | Site", "Site - Headline");
    ``strict``: only a part that is the site name itself or a domain (for an ``<h1>``)."""
    site_keys = {k for k in (_norm(site), _norm(host.split(".")[0]) if host else "") if k}
    for _ in range(_MAX_SITE_PARTS):  # (a hostile title has thousands of " | a.com" parts)
        for sep in rules.title_separators:
            if sep not in title:
                continue
            head, _, tail = title.rpartition(sep)
            if _looks_like_site(tail, site_keys, host, strict):
                title = head.strip()
                break
            first, _, rest = title.partition(sep)
            if _looks_like_site(first, site_keys, host, strict):
                title = rest.strip()
                break
        else:
            return title
    return title


_MAX_SITE_PARTS = 8  # site-name parts stripped from one title, at most


_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$", re.IGNORECASE)


_NAME_GLUE = " :|-–—·•»«/~"


def _strip_name(title: str, name: str) -> str:
    """"davidbau.com Vibe Coding", "Headline - Salsa-Figuren - Rueda in Berlin" minus the
    site's name (an h1 logo's text) at either end, separator or not."""
    if len(title) > len(name) + 10:
        if title.startswith(name) and not title[len(name)].isalnum():
            return title[len(name):].lstrip(_NAME_GLUE)
        if title.endswith(name) and not title[-len(name) - 1].isalnum():
            return title[:-len(name)].rstrip(_NAME_GLUE)
    return title


def _looks_like_site(part: str, site_keys: set[str], host: str, strict: bool = False) -> bool:
    key = _norm(part)
    if not key or _DOMAIN.match(part.strip()):  # "Headline | Example.com"
        return True
    if strict:
        return key in site_keys
    squashed = key.replace(" ", "")
    host_key = host.replace(".", "").replace("-", "")
    if any(key == k or squashed == k.replace(" ", "") for k in site_keys):
        return True
    if squashed and host_key and (squashed in host_key or host_key.startswith(squashed)):
        return True
    # "Daily Bugle Online" for site "Daily Bugle": one extra word at most.
    return any(k and (key.startswith(k) or k.startswith(key))
               and abs(len(key.split()) - len(k.split())) <= 1 for k in site_keys)


def pick_headline(root, meta: Meta, rules: Rules, site: SiteRules | None,
                  shown: frozenset[str] = frozenset(),
                  content: list[Block] | None = None) -> str | None:
    """Headline by agreement of h1, JSON-LD headline, og:title and <title>; ``shown`` holds
    the page's short text blocks (normalised) to tell a title's headline part from its
    site-name part when the site name is unknown; ``content``, the article's blocks, tells
    an h1 that comes after much of the article (a section's, a call to action's)."""
    late = _late_h1s(content or [])
    headline = _pick_headline(root, meta, rules, site, shown, late)
    if headline and not (site and site.headline):
        headline = _cut_label(headline)
    return headline


_PIPE = " | "
_LABEL_WORDS = 4


def _cut_label(headline: str) -> str:
    """"Headline | Opinion", "Headline | Top 19 Companies": a short part after a pipe is a
    section, site or SEO label, not the headline's (a long one, a subtitle, stays)."""
    # One pass from the end (a hostile title has thousands of " | x" parts): the head's words
    # are the total minus the tail's and the "|"; ``end`` is where the stripped head ends.
    total, end = len(headline.split()), len(headline)
    while (i := headline.rfind(_PIPE, 0, end)) >= 0:
        words = len(headline[i + len(_PIPE): end].split())
        if words > _LABEL_WORDS or words >= total - words - 1:
            break
        total -= words + 1
        end = i
        while end and headline[end - 1].isspace():
            end -= 1
    return headline if end == len(headline) else headline[:end].strip()


_LATE_WORDS = 100  # words of the article's prose above an h1 that is no headline


def _late_h1s(content: list[Block]) -> set[str]:
    """Normalised texts of the h1s below the first _LATE_WORDS words of the article."""
    words = 0
    late = set()
    for block in content:
        if block.tag == "h1" and words >= _LATE_WORDS:
            late.add(_norm(block.text))
        elif not block.heading and block.link_density < 0.5:
            words += len(block.text.split())
    return late


def _pick_headline(root, meta: Meta, rules: Rules, site: SiteRules | None,
                   shown: frozenset[str], late: set[str]) -> str | None:
    if site and site.headline:
        for el in root.iter():
            if isinstance(el.tag, str) and any(s.matches(el) for s in site.headline):
                text = _clean(el.text_content())
                if text:
                    return text
    host = _host(meta.url)
    site_keys = {k for k in (_norm(meta.source), _norm(host.split(".")[0]) if host else "") if k}
    logos: list[str] = []
    lines: dict[str, list[str]] = {}
    h1_texts = _h1_texts(root, logos, lines)
    stripped = [_strip_site(t, meta.source, host, rules) for t in meta.titles]
    for logo in list(dict.fromkeys(logos))[:_MAX_LOGOS]:
        if len(logo) >= 3 and _norm(logo) not in site_keys:
            stripped = [_strip_site(_strip_name(t, logo), logo, host, rules) for t in stripped]
    keys = {_norm(t) for t in stripped + meta.titles}
    parts = {_norm(p) for t in meta.titles for p in _title_parts(t, rules.title_separators)}
    keys.discard("")
    h1s = [_strip_site(h, meta.source, host, rules, strict=True) for h in h1_texts
           if not _looks_like_site(h, site_keys, host)]
    for h1 in h1s:  # "Beginner? Guide": letters the h1 lost to a wrong encoding
        lost = _lost_chars(h1)
        if lost:
            for title in stripped:
                if lost.fullmatch(title):
                    return title
    # 1. An h1 that a meta title repeats, or else the longest that is one part of a title.
    for h1 in h1s:
        if _norm(h1) in keys:
            return h1
    in_parts = [h1 for h1 in h1s if _norm(h1) in parts]
    if in_parts:
        return max(in_parts, key=len)
    keys |= parts
    # 2. An h1 inside a meta title or containing one (kicker, shortened title); but an h1
    # that is a meta title plus a dateline or a source ("... Posted on July 1, 2024 by X",
    # "Dec 18 2025 ...", "... (example.com)") gives way to that title.
    for h1 in h1s:
        nh = _norm(h1)
        if len(nh) > 10 and any(len(k) > 10 and (nh in k or k in nh) for k in keys):
            known = [line for line in lines.get(h1, ()) if line != h1 and _norm(line) in keys]
            if known:  # "<h1><div>Kicker</div>Headline</h1>": the line a meta title repeats
                return max(known, key=len)
            inside = [t for t in stripped + [p for t in meta.titles
                                             for p in _title_parts(t, rules.title_separators)]
                      if len(_norm(t)) > 10 and _norm(t) != nh and _norm(t) in nh]
            if inside and _is_dateline(h1, nh, _norm(max(inside, key=len))):
                return max(inside, key=len)
            return h1
    # 3. The page's own visible headline, unless it is a mere label ("Index funds") or an h1
    # deep in the article (when a meta title can stand in).
    best = _agreed(stripped)
    if best:
        h1s = [h1 for h1 in h1s if _norm(h1) not in late]
    if h1s and not (best and len(h1s[0].split()) <= 3 < len(best.split())):
        return h1s[0]
    # 4. The most agreed-upon meta title; if still "Site - Headline", the part the page shows.
    if best:
        on_page = [p for p in _title_parts(best, rules.title_separators)
                   if _norm(p) in shown and len(p.split()) >= 3]
        if on_page and len(on_page) < len(_title_parts(best, rules.title_separators)):
            return max(on_page, key=len)
    return best


def _lost_chars(text: str) -> re.Pattern[str] | None:
    """A pattern for what ``text`` said before an encoding turned some letters into "?" or
    U+FFFD ("Beginner?s", "Beginner? Guide"), or None when it has no such mark inside (or
    more than a few: each is a wildcard, and many would make matching exponential)."""
    marks = _LOST_MARK.findall(text)
    if not marks or len(marks) > _MAX_LOST or not _LOST_INSIDE.search(text):
        return None
    pieces = _LOST_MARK.split(text)
    return re.compile(".{1,3}".join(map(re.escape, pieces)), re.DOTALL)


_LOST_MARK = re.compile("[?\ufffd]+")
_LOST_INSIDE = re.compile(r"\w[?\ufffd]+(?:\w| \w)")
_MAX_LOST = 3


# "Posted on July 1, 2024", "18.12.2025" (normalised: "18 12 2025"); month names in every
# language the date finder knows
_DATELINE = re.compile(r"\b\d{4} \d{1,2} \d{1,2}\b|\b\d{1,2} \d{1,2} \d{4}\b|\bposted\b|\bpublished\b")
_SOURCE = re.compile(r"\(\s*(?:www\.)?[\w-]+\.[a-z]{2,6}\s*\)", re.IGNORECASE)


def _is_dateline(h1: str, nh: str, key: str) -> bool:
    """Whether what an h1 adds to a meta title (normalised ``key``) is a date, a "posted"
    line or a source domain, not words of the headline."""
    from indexer.dates import parse_date  # (dates imports this module)

    extra = nh.replace(key, " ")
    return bool(_DATELINE.search(extra) or parse_date(extra) or _SOURCE.search(h1))


def _agreed(titles: list[str]) -> str | None:
    """The title most candidates share (ties: the first)."""
    if not titles:
        return None
    counts: dict[str, int] = {}
    for title in titles:
        counts[_norm(title)] = counts.get(_norm(title), 0) + 1
    return max(titles, key=lambda t: counts[_norm(t)])


# ------------------------------------------------------------------------- blocks


@dataclass(eq=False)
class Block:
    """A paragraph-sized piece of text and where it sits in the tree."""

    text: str
    links: int  # characters inside <a>
    tag: str  # the enclosing block element's tag
    path: tuple  # ancestors from <body> down to the enclosing block element
    chromes: tuple[int, ...]  # depths of chrome ancestors (class/id tokens, <header>...)
    keep: int  # depth of the deepest keep-token ancestor, -1 if none
    chrome: int = -1  # depth of the deepest chrome ancestor that counts, -1 if none
    skip: bool = False  # chrome inside the content root

    @property
    def heading(self) -> bool:
        return self.tag in _HEADINGS

    @property
    def link_density(self) -> float:
        return self.links / len(self.text) if self.text else 0.0


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ITEM_TAGS = frozenset({"li", "td", "th", "dd", "dt", "tr", "pre", "code"})
_PROTECTED = frozenset({"html", "body", "main", "article"})


def _is_chrome(el, tokens: Tokens, rules: Rules, site: SiteRules | None) -> bool:
    if el.tag in _PROTECTED:
        return False
    if _is_keep(el, tokens, rules, site):
        return False
    if el.tag in rules.chrome_tags and not (el.tag == "header" and _is_section_header(el)):
        return True
    if el.get("role") in ("navigation", "complementary", "banner", "contentinfo", "dialog"):
        return True
    if el.tag not in rules.inline_tags and (
            tokens.parts & rules.box_chrome_parts or tokens.words & rules.box_chrome_words):
        return True
    return bool(
        tokens.parts & rules.chrome_parts
        or tokens.words & rules.chrome_words
        or (site and tokens.words & site.drop_tokens)
    )


def _is_section_header(el) -> bool:
    """A small ``<header>`` that holds nothing but one sub-heading (no link): a section's
    title in the article (HTML5 sections have headers too), not the page's or a teaser's."""
    heads = []
    for i, node in enumerate(el.iter()):
        if i > _HEADER_NODES or (node.tag == "a" and node.get("href") is not None):
            return False
        if node.tag in _HEADINGS:
            heads.append(node)
    return (len(heads) == 1 and heads[0].tag != "h1"
            and _clean(heads[0].text_content()) == _clean(el.text_content()) != "")


_HEADER_NODES = 40  # elements a section's header may hold (wrappers, spans, an icon)


def _is_keep(el, tokens: Tokens, rules: Rules, site: SiteRules | None) -> bool:
    if tokens.words & rules.keep_tokens or (site and tokens.words & site.keep_tokens):
        return True
    return any(el.get(attr) in values for attr, values in rules.keep_attributes.items())


_COUNT_P = etree.XPath("count(.//p)")


def _wraps_content(el) -> bool:
    """A small-UI or hidden element that wraps the article anyway (a mis-nested page, or a
    server-rendered page that a script un-hides)."""
    return len(el) > 0 and _COUNT_P(el) >= 3


_CODE = frozenset({"pre", "code"})
_HAS_H1 = etree.XPath("boolean(.//h1)")


def _is_the_article(el) -> bool:
    """An <article> with the page's h1 and several paragraphs: whatever box a site's
    template put it in (a "widget" slot), it is not chrome."""
    return _HAS_H1(el) and _COUNT_P(el) >= 3


# Zero-width no-break space (a stray byte-order mark) and word joiner: invisible, and they
# split the word they sit in ("ch\ufeffarging") for anything that tokenises the text.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u2060"))


def _ends_lower(before: str) -> bool:
    """Text before a tag that a capitalised word after it would glue onto
    ("rumination</span><span>Meditation", "<em>County Location</em>The"): inline elements
    that a style sheet shows as blocks or spaces apart, so a space goes between them (not
    after a lone letter: a drop cap, "<b>M</b>cDonald")."""
    return len(before) >= 2 and before[-2:].isalpha() and before[-2:].islower()


def collect_blocks(body, rules: Rules, site: SiteRules | None) -> list[Block]:
    """Cut the text under ``body`` into blocks in document order (one iterative walk)."""
    blocks: list[Block] = []
    path: list = []  # open elements
    block_idx: list[int] = []  # positions in path of open block-level elements
    chrome: list[int] = []  # depths of open chrome elements
    keep: list[int] = []
    buf: list[str] = []
    link_chars = 0
    in_link = 0
    in_code = 0  # open <pre> / <code> elements
    own: list[int] = []  # depths of open <article>s holding the page's h1 and its text
    site_drop = site.drop if site else []

    def flush() -> None:
        nonlocal link_chars
        text = "".join(buf)
        if "\ufeff" in text or "\u2060" in text:  # (translate() is slow on every block)
            text = text.translate(_INVISIBLE)
        text = _clean(text)
        if text and path:
            top = block_idx[-1] if block_idx else 0
            blocks.append(Block(text, min(link_chars, len(text)), path[top].tag,
                                tuple(path[: top + 1]),
                                tuple(d for d in chrome if d <= top and d > (own[-1] if own else -1)),
                                keep[-1] if keep else -1))
        buf.clear()
        link_chars = 0

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            if text[0].isupper() and buf and not in_code and _ends_lower(buf[-1]):
                buf.append(" ")
            buf.append(text)
            if in_link:
                link_chars += len(text.strip())

    walker = etree.iterwalk(body, events=("start", "end"))
    skipped = None
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if not isinstance(tag, str):
                walker.skip_subtree()
                skipped = el
                continue
            tokens = _el_tokens(el)
            if tag in rules.drop_tags or (site_drop and any(s.matches(el) for s in site_drop)) or (
                (tag in rules.soft_drop_tags or _is_hidden(el)) and not _wraps_content(el)
            ) or (tokens and tag in rules.inline_tags and tokens.parts & rules.mark_parts):
                walker.skip_subtree()  # (a footnote mark goes with its number)
                skipped = el
                continue
            depth = len(path)
            path.append(el)
            is_chrome = not in_code and (  # (highlighted code has "comment" spans)
                tag in rules.soft_drop_tags or _is_chrome(el, tokens, rules, site))
            in_code += tag in _CODE
            if is_chrome:
                chrome.append(depth)
            elif _is_keep(el, tokens, rules, site):
                keep.append(depth)
            if tag == "article" and chrome and _is_the_article(el):
                own.append(depth)
            if is_chrome or tag not in rules.inline_tags:
                flush()
                block_idx.append(depth)
            elif tag == "a":
                in_link += 1
            if tag == "br":
                buf.append("\n")
            add(el.text)
        else:
            if el is skipped:
                skipped = None
                add(el.tail)
                continue
            if not isinstance(tag, str):
                add(el.tail)
                continue
            depth = len(path) - 1
            if block_idx and block_idx[-1] == depth:
                flush()
                block_idx.pop()
            elif tag == "a":
                in_link -= 1
            in_code -= tag in _CODE
            if chrome and chrome[-1] == depth:
                chrome.pop()
            if keep and keep[-1] == depth:
                keep.pop()
            if own and own[-1] == depth:
                own.pop()
            path.pop()
            if path:  # (text after </body> is not the page's)
                add(el.tail)
    flush()
    _settle_chrome(blocks, rules)
    return blocks


def _settle_chrome(blocks: list[Block], rules: Rules) -> None:
    """Chrome tokens that wrap most of the page's prose (``class="article modal-enabled"``,
    a run of ``class="toc-section"`` sections that each open with a heading, or a page
    builder's ``class="widget"`` boxes that each hold part of the text) are not chrome: set
    each block's ``chrome`` from the remaining chrome ancestors."""
    total = 0
    prose: dict = {}  # chrome element -> prose characters below it
    kinds: dict = {}  # (tag, class) of chrome elements -> prose below all of them
    headed: dict = {}  # chrome element -> is its first block a heading?
    words: dict = {}  # chrome word of an element -> prose below all such elements
    boxes: dict = {}  # chrome word -> elements with prose below them
    info: dict = {}  # chrome element -> (its chrome words, its kind if it has a class)
    for block in blocks:
        for d in block.chromes:
            headed.setdefault(block.path[d], block.heading)
        n = len(block.text)
        if n < 60 or block.link_density > 0.3:
            continue
        total += n
        for d in block.chromes:
            el = block.path[d]
            if el not in prose:
                prose[el] = 0
                info[el] = (_chrome_words(el, rules), _kind(el) if el.get("class") else None)
                for word in info[el][0]:
                    boxes.setdefault(word, set()).add(el)
            prose[el] += n
            chrome_words, kind = info[el]
            for word in chrome_words:
                words[word] = words.get(word, 0) + n
            if kind:
                kinds[kind] = kinds.get(kind, 0) + n

    def most(n: int) -> bool:
        return n >= 0.5 * total and n >= 500

    sections = {kind for kind, n in kinds.items() if most(n)}
    sections -= {_kind(el) for el, first in headed.items() if not first}
    layout = {w for w, n in words.items() if most(n) and len(boxes[w]) >= 2} & _LAYOUT_WORDS
    wrappers = {el for el, n in prose.items() if most(n) or _kind(el) in sections}
    if layout:
        wrappers |= {el for el in headed if (w := _chrome_words(el, rules)) and w <= layout}
    for block in blocks:
        depths = [d for d in block.chromes if block.path[d] not in wrappers]
        block.chrome = depths[-1] if depths else -1


_LAYOUT_WORDS = frozenset({"widget", "widgets"})  # page builders' boxes, not only sidebars'


def _chrome_words(el, rules: Rules) -> frozenset:
    """The chrome words and parts among an element's class/id tokens."""
    tokens = _el_tokens(el)
    return _matched(tokens, rules.chrome_parts, rules.chrome_words)


@lru_cache(maxsize=10_000)
def _matched(tokens: Tokens, parts: frozenset, words: frozenset) -> frozenset:
    return (tokens.parts & parts) | (tokens.words & words)


def _kind(el) -> tuple:
    return el.tag, el.get("class")


# ------------------------------------------------------------------- content root

# (closing quotes: ” ’ in English, “ « in German, » in French)
_SENTENCE_END = re.compile(r"[.!?…。！？:;\"'”’“»«)]\s*$")


_CHROME_WEIGHT = 0.1


def _block_value(block: Block) -> tuple[float, float]:
    """(good, bad) characters a block contributes to its ancestors."""
    n = len(block.text)
    if block.link_density > 0.5:
        return 0.0, float(n)
    if block.chrome >= 0:  # dropped anyway when inside the root: a mild penalty
        return 0.0, _CHROME_WEIGHT * n
    good = float(n - block.links)
    if n < 60 and not _SENTENCE_END.search(block.text):
        # Short lines: menus and tickers, or telegraphic news ("Net 275,000 vs 490,000").
        good *= 0.0 if block.heading else 1.0 if block.tag == "p" else 0.3
    if block.keep >= 0:
        good *= 2
    return good, float(block.links)


def find_root(blocks: list[Block]):
    """The element maximising good minus bad text below it."""
    good: dict = {}
    bad: dict = {}
    depth: dict = {}
    for block in blocks:
        g, b = _block_value(block)
        if not g and not b:
            continue
        for d, el in enumerate(block.path):
            good[el] = good.get(el, 0.0) + g
            bad[el] = bad.get(el, 0.0) + b
            depth[el] = d
    if not good:
        return None
    best = max(good, key=lambda el: (good[el] - bad[el], depth[el]))
    total = max(good.values())
    if good[best] < _ROOT_SHARE * total:  # a small box won: the prose sits among link lists
        big = [el for el in good if good[el] >= 0.5 * total]
        best = max(big, key=lambda el: (good[el] - bad[el], depth[el]))
    # A near tie with an ancestor that holds clearly more prose (an intro above the sections'
    # own container, a table of contents in between): the ancestor is the article.
    score = good[best] - bad[best]
    el = best.getparent()
    while el is not None and el in good:
        if good[el] - bad[el] >= (1 - _ROOT_SLACK) * score and good[el] >= _ROOT_MORE * good[best]:
            return el
        el = el.getparent()
    return best


_ROOT_SHARE = 0.25
_ROOT_SLACK = 0.01  # score an ancestor may lose ...
_ROOT_MORE = 1.1  # ... when it holds this much more good text


def _inside(block: Block, root, root_depth: int) -> bool:
    return len(block.path) > root_depth and block.path[root_depth] is root


# ------------------------------------------------------------------------ body


def _root_blocks(blocks: list[Block], root) -> list[Block]:
    if root is None:
        for b in blocks:
            b.skip = b.chrome >= 0
        return blocks
    depth = next((i for b in blocks for i, el in enumerate(b.path) if el is root), 0)
    inside = [b for b in blocks if _inside(b, root, depth)]
    for b in inside:
        b.skip = b.chrome > depth and b.keep < b.chrome
    return inside


def _is_end_heading(block: Block, rules: Rules) -> bool:
    """ "Related", "Most read", "Comments"... (not a link in a menu that says so)."""
    if len(block.text) > 60 or (block.skip and block.link_density > 0.5):
        return False
    key = _norm(block.text)
    if key in rules.end_headings or rules.end_patterns.search(key):
        return True
    if not (block.heading or block.tag in ("strong", "b")):
        return False
    return any(key.startswith(h + " ") for h in rules.end_headings if len(h) > 6)


class _Seen:
    """The article's paragraphs so far: word count, their containers and those containers'
    close ancestors (to tell the article going on from a box embedded in it)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url  # the page's own address, when known
        self.words = 0
        self.parents: set = set()
        self.near: set = set()  # up to _NEAR levels above each container
        self.ancestors: set = set()  # every ancestor of each container
        self.headings: set[tuple] = set()  # signatures of headings inside the article
        self.links: dict = {}  # block element -> <a>s below it (0, 1, or 2 for "more")

    def add(self, block: Block) -> None:
        self.words += len(block.text.split())
        parent = _parent(block)
        if len(block.text) < 60 or parent in self.parents:
            return
        self.parents.add(parent)
        self.near.update(_ancestors(parent, _NEAR))
        el = parent
        while el is not None and el not in self.ancestors:
            self.ancestors.add(el)
            el = el.getparent()

    def is_near(self, block: Block) -> bool:
        """Does the block share an ancestor with the article's paragraphs, at most _NEAR
        levels above their containers and its own?"""
        return any(el in self.near for el in _ancestors(_parent(block), _NEAR))

    def is_prose(self, block: Block) -> bool:
        """A substantial paragraph, not in another ``<article>`` (a teaser, the next story)."""
        if block.skip or len(block.text) < 80 or block.link_density >= 0.3:
            return False
        articles = [el for el in block.path if el.tag == "article"]
        return not articles or articles[-1] in self.ancestors

    def continues(self, block: Block) -> bool:
        """A substantial paragraph close to the article's paragraphs: in a container they
        use, or in a sibling or cousin of one (one ``<div>`` per paragraph or section)."""
        return self.is_prose(block) and self.is_near(block)


_NEAR = 3  # levels above a paragraph's container that still count as "the same article"
_LOOKAHEAD = 300  # blocks looked at to decide whether the article goes on


def _ancestors(el, levels: int) -> list:
    out = []
    while el is not None and len(out) < levels:
        out.append(el)
        el = el.getparent()
    return out


def _signature(block: Block) -> tuple:
    """What repeated items of one list share: tag and classes of the block and its parent."""
    parent = _parent(block)
    return (block.tag, block.path[-1].get("class"),
            parent.get("class") if parent is not None else None)


def _parent(block: Block):
    return block.path[-2] if len(block.path) > 1 else None


def _ends_article(blocks: list[Block], i: int, seen: _Seen, rules: Rules) -> bool:
    """A heading that ends the article: "Related", or, away from the containers the body's
    paragraphs sit in, a linked teaser headline or another article's h1 that no prose
    follows."""
    block = blocks[i]
    if seen.words < 60 or len(block.text) > 200:
        return False
    if _is_end_heading(block, rules):
        return True
    if seen.words < 150 or block.skip or not block.heading or _parent(block) in seen.parents:
        return False
    if block.tag != "h1" and block.link_density < 0.9:
        return False
    if _item_heading(block, seen.url):
        return False
    if seen.is_near(block) or _signature(block) in seen.headings:
        return False  # a listicle's linked item heading (like one already in the article)
    return not _section_has_prose(blocks, i, rules)


def _item_heading(block: Block, url: str | None) -> bool:
    """A heading linked to its item's own site (a listicle) or to a page below this one (a
    guide's chapters); a teaser links to another page of the page's own site."""
    if not block.heading or block.skip or not url:
        return False
    try:
        links = [urlsplit(urljoin(url, a.get("href") or "")) for a in block.path[-1].iter("a")]
        page = urlsplit(url)
    except ValueError:  # a malformed address ("http://[oops"): not an item's link
        return False
    below = page.path.rstrip("/") + "/"
    return bool(links) and all(
        _base(_host(link.geturl())) != _base(_host(url))
        or (below != "/" and link.path.startswith(below))
        for link in links)


def _base(host: str) -> str:
    return ".".join(host.split(".")[-2:])


def _section_has_prose(blocks: list[Block], i: int, rules: Rules) -> bool:
    """Does real prose (not teaser blurbs, not an author bio) follow the heading at ``i``
    in its section, up to the next heading of the same or a higher level?"""
    heading, chars = blocks[i], 0
    for block in blocks[i + 1: i + 1 + _LOOKAHEAD]:
        if block.heading and block.tag <= heading.tag:
            break
        if block.skip or block.link_density > 0.3 or rules.tail_lines.search(block.text):
            continue
        if len(block.text) >= 200:
            return True
        chars += len(block.text) if len(block.text) >= 60 else 0
    return chars >= 400


def _article_goes_on(blocks: list[Block], i: int, seen: _Seen, rules: Rules,
                     far: bool) -> str | None:
    """Where the article goes on after block ``i``: "near" (400+ characters of paragraphs
    close to its own), "far" (a lot of prose, not in another ``<article>``, in containers
    of its own) or None (it ended)."""
    near = far_chars = 0
    teasers = False  # under a linked heading: a teaser's blurb, not the article
    for block in blocks[i + 1: i + 1 + _LOOKAHEAD]:
        if block.heading:
            teasers = block.link_density >= 0.9
        if seen.continues(block):
            near += len(block.text)
        elif (seen.is_prose(block) and not teasers and not _is_boilerplate(block, rules)
              and not rules.tail_lines.search(block.text)):
            far_chars += len(block.text)
        if near >= 400:
            return "near"
        if far_chars >= _FAR_PROSE and far:
            return "far"
    return None


_FAR_PROSE = 1500


def _drop_chrome_blocks(blocks: list[Block], rules: Rules, url: str | None = None) -> list[Block]:
    """The article's blocks: chrome, link lists and boilerplate dropped; cut where the
    article ends (an embedded "Read next" box whose article goes on is skipped instead)."""
    out: list[Block] = []
    seen = _Seen(url)
    resume = None  # inside an embedded box: skip until the article's paragraphs go on
    held: list[Block] = []  # linked lines, kept if the article's prose follows
    for i, block in enumerate(blocks):
        if resume:
            if not (seen.continues(block) if resume == "near" else seen.is_prose(block)):
                continue
            resume = None
        if _ends_article(blocks, i, seen, rules):
            resume = _article_goes_on(blocks, i, seen, rules, far=_is_end_heading(block, rules))
            if resume is None:
                break
            continue
        if block.heading and seen.words >= 150:
            seen.headings.add(_signature(block))
        if (_is_dropped(block, rules) and not _item_heading(block, seen.url)
                and not _is_linked_cell(block, seen, rules)):
            if _is_inline_links(block, seen, rules):
                held.append(block)
            continue
        if held and seen.continues(block):
            out += held
        held = []
        out.append(block)
        seen.add(block)
    return out


def _is_inline_links(block: Block, seen: _Seen, rules: Rules) -> bool:
    """One link making a line among the article's paragraphs (an item of a list of the
    places or products it names, a linked subheading; not a row of links): kept when the
    article's prose goes on after it."""
    return (not block.skip and block.link_density > _ALL_LINK and len(block.text) < 300
            and seen.words >= 60 and _one_link(block.path[-1], seen.links)
            and (_parent(block) in seen.parents
                 or (block.tag == "li" and len(block.path) > 2 and block.path[-3] in seen.parents))
            and not _is_label(block, rules)
            and not block.text.lstrip().startswith("[") and not _shouts(block.text)
            and not rules.tail_lines.search(block.text))


def _is_label(block: Block, rules: Rules) -> bool:
    """A linked line that is not an item of the article's: an end or skipped heading,
    boilerplate, or a promo for another page ("ALSO READ: ...")."""
    return (_is_end_heading(block, rules) or _is_boilerplate(block, rules)
            or _norm(block.text) in rules.skip_headings
            or bool(rules.promo_link_starts.search(block.text)))


def _is_linked_cell(block: Block, seen: _Seen, rules: Rules) -> bool:
    """A table cell that is one link (a company, a product, a place) in a row of the
    article's table whose other cells hold text of their own: a datum, not a link list."""
    if (block.tag not in ("td", "th") or block.skip or not _is_link_line(block)
            or seen.words < 60 or len(block.path) < 2
            or block.path[-2].tag != "tr" or _wider(block.path[-2], _ROW_CELLS)
            or not _one_link(block.path[-1], seen.links) or _is_label(block, rules)):
        return False
    row = block.path[-2]
    linked = sum(len("".join(a.text_content().split())) for a in row.iter("a"))
    return len("".join(row.text_content().split())) - linked >= _CELL_TEXT


def _wider(el, n: int) -> bool:
    """Has ``el`` more than ``n`` children? (``len()`` of an lxml element counts them all.)"""
    try:
        el[n]
    except IndexError:
        return False
    return True


_CELL_TEXT = 3  # characters of unlinked text in the row ("$7.7B"), spaces aside
_ROW_CELLS = 30  # a wider "row" is a layout of links (and would cost a pass per cell)


def _one_link(el, counts: dict) -> bool:
    """Exactly one ``<a>`` below ``el`` (``counts``: element -> links below it, up to 2)."""
    n = counts.get(el)
    if n is None:
        n = counts[el] = sum(1 for _ in islice(el.iterdescendants("a"), 2))
    return n == 1


_ALL_LINK = 0.9  # (less: a label beside the link, "ALSO READ <a>...</a>", is a promo)


def _shouts(text: str) -> bool:
    """All capitals: a promo link ("READ MORE: ..."), not a sentence."""
    return not any(c.islower() for c in text) and any(c.isupper() for c in text)


def _is_link_line(block: Block) -> bool:
    """A short line that is mostly link text (an item of a link list)."""
    return block.link_density > 0.7 and len(block.text) < 300


def _is_dropped(block: Block, rules: Rules) -> bool:
    """Chrome, a heading that introduces chrome, a link list, boilerplate, leaked code."""
    if block.skip or _is_end_heading(block, rules) or _norm(block.text) in rules.skip_headings:
        return True
    if _is_link_line(block):
        return True
    if _is_boilerplate(block, rules):
        return True
    return _looks_like_code(block.text) and block.tag not in ("pre", "code")


def _is_boilerplate(block: Block, rules: Rules) -> bool:
    """A short line such as "Advertisement", "Read more: ...", a dateline (not a table cell)."""
    return (len(block.text) < 300 and block.tag not in ("td", "th")
            and bool(rules.boilerplate.search(block.text)))


_CODE_MARKS = re.compile(r'[{}\[\]<>=\\]|":|",')


def _looks_like_code(text: str) -> bool:
    """Script or JSON that leaked into the text (a broken attribute, an inline config)."""
    return len(_CODE_MARKS.findall(text)) > max(8, len(text) / 25)


def _drop_second_copy(blocks: list[Block]) -> list[Block]:
    """Pages that render their text twice (one copy per layout): keep the first copy of
    each paragraph when a fifth or more of the long paragraphs are repeats."""
    longs = [b.text for b in blocks if len(b.text) >= 80]
    repeats = len(longs) - len(set(longs))
    if repeats < 5 or repeats < 0.2 * len(longs):
        return blocks
    seen: set[str] = set()
    out = []
    for block in blocks:
        if len(block.text) >= 80:
            if block.text in seen:
                continue
            seen.add(block.text)
        out.append(block)
    return out


_ELLIPSIS = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


def _drop_teaser_lists(blocks: list[Block]) -> list[Block]:
    """Drop lists of excerpts cut off with "...": three or more in one container, where
    nearly everything ends that way."""
    cut: dict = {}
    count: dict = {}
    for block in blocks:
        parent = _parent(block)
        count[parent] = count.get(parent, 0) + 1
        if _ELLIPSIS.search(block.text):
            cut[parent] = cut.get(parent, 0) + 1
    lists = {p for p, n in cut.items() if n >= 3 and n >= 0.75 * count[p]}
    if not lists:
        return blocks
    return [b for b in blocks if not (_parent(b) in lists and _ELLIPSIS.search(b.text))]


def _trim_appendix(blocks: list[Block],
                   is_lead: Callable[[Block], bool] | None = None) -> list[Block]:
    """Drop what precedes or follows the container holding most of the article (a teaser
    list, a bio box, a promo panel), when that container holds most of the text; paragraphs
    of prose before it stay (an intro or summary above the body's own container), and so does
    a lone one that ``is_lead`` tells from a standfirst."""
    head: list[Block] = []
    kind_of: dict = {}
    for _ in range(3):
        if len(blocks) < _APPENDIX_MIN_BLOCKS:
            break
        depth = _common_depth(blocks)
        inside = [len(b.path) > depth + 1 for b in blocks]
        sizes: dict = {}
        for block, ok in zip(blocks, inside, strict=True):
            child = block.path[depth + 1] if ok else None
            sizes[child] = sizes.get(child, 0) + len(block.text)
        main, size = max(sizes.items(), key=lambda kv: kv[1])
        if main is None or size < 0.65 * sum(sizes.values()):
            break
        hits = [i for i, b in enumerate(blocks) if inside[i] and b.path[depth + 1] is main]
        lead = sum(len(b.text) for b in blocks[: hits[0]])
        first = hits[0] if lead <= _HEAD_SHARE * sum(sizes.values()) else 0
        # The article goes on in a container built like its own (one per section, a
        # promo box between them): prose there with the same nesting is not an appendix.
        shapes = {_shape(blocks[i], depth, kind_of) for i in hits if _is_prose(blocks[i])}
        # A box (a product chart, a table) amid the article's own paragraphs: paragraphs
        # built like those before it go on after it.
        top = blocks[0].path[depth]
        intro = [_shape(b, depth, kind_of) for b in head + blocks[: hits[0]] if len(b.path) > depth + 1
                 and b.path[depth] is top and _is_prose(b)]
        shapes |= {s for s, n in Counter(intro).items() if n >= 2}
        more = [i for i in range(hits[-1] + 1, len(blocks)) if inside[i]
                and _is_prose(blocks[i]) and _shape(blocks[i], depth, kind_of) in shapes]
        more_chars = sum(len(blocks[i].text) for i in more)
        last = (more[-1] if len(more) >= _MORE_PARAS
                and more_chars >= max(_MORE_CHARS, _MORE_SHARE * size) else hits[-1])
        last = _twins(blocks, inside, depth, main, last)
        if first == 0 and last == len(blocks) - 1:
            break
        head += blocks[:first]
        blocks = blocks[first: last + 1]
    intro = [b for b in head if _is_prose(b)]
    if len(intro) >= 2 or (intro and is_lead and is_lead(intro[0])):
        return intro + blocks
    return blocks  # (one: a standfirst)


def _is_lead_paragraph(block: Block, rules: Rules, meta: Meta) -> bool:
    """A paragraph above the body's own container that opens the article rather than
    summing it up: long, not the page's description, not classed as a standfirst."""
    if len(block.text) < _LEAD_CHARS:
        return False
    if _in_dek(block, 2, rules):
        return False
    own = _shingles(block.text)
    return not any(len(own & _shingles(d)) >= 0.5 * len(own) for d in meta.descriptions)


_LEAD_CHARS = 300  # a standfirst is a sentence or two; an opening paragraph is longer


def _in_dek(block: Block, levels: int, rules: Rules) -> bool:
    """Is the block, or one of its ``levels - 1`` closest ancestors, classed as a standfirst?"""
    return any(_el_tokens(el).parts & rules.dek_parts for el in block.path[-levels:])


def _twins(blocks: list[Block], inside: list[bool], depth: int, main, last: int) -> int:
    """The last block of the run of plain containers right after a plain ``main`` (no class,
    no id: an editor that split the text into sibling ``<div>``s), each holding nothing but
    paragraphs (a template's "About us" or reference box has a class, a heading or a list)."""
    if main.get("class") or main.get("id"):
        return last
    j = last + 1
    while (j < len(blocks) and inside[j] and (el := blocks[j].path[depth + 1]).tag == main.tag
           and not el.get("class") and not el.get("id")):
        end = j
        while end + 1 < len(blocks) and inside[end + 1] and blocks[end + 1].path[depth + 1] is el:
            end += 1
        run = blocks[j: end + 1]
        if not _is_prose(run[0]) or any(b.heading or b.tag in _ITEM_TAGS or b.link_density > 0.3
                                        for b in run):
            break
        last, j = end, end + 1
    return last


def _shape(block: Block, depth: int, kind_of: dict) -> tuple:
    """Tags and classes from below ``depth`` down to the block (``kind_of``: element ->
    its kind, so that each class attribute is read once)."""
    return tuple(kind_of[el] if el in kind_of else kind_of.setdefault(el, _kind(el))
                 for el in block.path[depth + 1:])


def _is_prose(block: Block) -> bool:
    return (len(block.text) >= 100 and block.link_density < 0.2
            and bool(_SENTENCE_END.search(block.text)))


_HEAD_SHARE = 0.1
# Prose after the main container that is still the article's: this many paragraphs, characters
# and share of the main container's text (less: an "About us" boilerplate, a disclaimer).
_MORE_PARAS, _MORE_CHARS, _MORE_SHARE = 3, 800, 0.15
_APPENDIX_MIN_BLOCKS = 5  # shorter texts: too little to tell an appendix from the article


def _common_depth(blocks: list[Block]) -> int:
    """Depth of the lowest element that contains every block."""
    first = blocks[0].path
    depth = len(first) - 1
    for block in blocks[1:]:
        depth = min(depth, len(block.path) - 1)
        while depth >= 0 and block.path[depth] is not first[depth]:
            depth -= 1
    return max(depth, 0)


def _trim_tail(blocks: list[Block], rules: Rules, url: str | None = None) -> list[Block]:
    """Drop trailing author bios, calls to action, stray headings and short blocks that sit
    outside the containers holding the article's paragraphs (not a list item's blurb)."""
    body_parents = _main_parents(blocks)

    def chrome(i: int) -> bool:
        if i + 1 < len(blocks) and _runs_into(blocks[i], blocks[i + 1]):
            return True  # (the first line of a hard-wrapped paragraph that ends as chrome)
        return (_is_tail_chrome(blocks[i], body_parents, rules)
                and not _item_heading(blocks[i - 1], url) and not _item_heading(blocks[i], url))

    end = len(blocks)
    while end > 1 and chrome(end - 1):
        end -= 1
    # An appendix opener (reviewer, disclaimer, "originally published") close to the end
    # takes what follows it along.
    total = sum(len(b.text.split()) for b in blocks[:end])
    limit, words, cut = min(_TAIL_WORDS, _TAIL_SHARE * total), 0, end
    for i in range(end - 1, 0, -1):
        words += len(blocks[i].text.split())
        if words > limit:
            break
        if len(blocks[i].text.split()) <= 120 and rules.tail_starts.search(blocks[i].text):
            cut = i
    while cut > 1 and chrome(cut - 1):
        cut -= 1
    return blocks[:cut]


def _runs_into(block: Block, after: Block) -> bool:
    """Is ``block`` a line of a paragraph that ``after`` goes on with (a page that puts
    each line of a paragraph in its own ``<p>``)?"""
    return (not block.heading and block.tag == after.tag and _parent(block) is _parent(after)
            and len(block.text.split()) <= 40 and not _SENTENCE_END.search(block.text)
            and after.text[:1].islower())


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“'‘(\w])")


def _paragraphs(blocks: list[Block], rules: Rules) -> list[str]:
    """The blocks' texts, without the reader prompts that close the last paragraph ("...
    Please share this post with your friends. Comments are welcome.")."""
    texts = [b.text for b in blocks]
    if not blocks or blocks[-1].heading:
        return texts
    sentences = _SENTENCE_SPLIT.split(texts[-1])
    keep = len(sentences)
    while keep > 1 and rules.tail_sentences.search(sentences[keep - 1]):
        keep -= 1
    texts[-1] = " ".join(sentences[:keep])
    return texts


_TAIL_WORDS = 250  # at most this much text (and _TAIL_SHARE of the body) goes with an opener
_TAIL_SHARE = 0.2


def _is_tail_chrome(block: Block, body_parents: set, rules: Rules) -> bool:
    words = len(block.text.split())
    if block.heading or (words <= 120 and rules.tail_lines.search(block.text)):
        return True
    if _is_link_line(block):
        return True
    return (words <= 40 and bool(body_parents) and _parent(block) not in body_parents
            and block.tag not in _ITEM_TAGS)


def _main_parents(blocks: list[Block]) -> set:
    """Containers that hold the article's paragraphs: two long ones, or a fifth of the text."""
    total = sum(len(b.text) for b in blocks) or 1
    chars: dict = {}
    longs: dict = {}
    for block in blocks:
        parent = _parent(block)
        chars[parent] = chars.get(parent, 0) + len(block.text)
        if len(block.text) >= 80:
            longs[parent] = longs.get(parent, 0) + 1
    return {p for p in chars if longs.get(p, 0) >= 2 or chars[p] >= 0.2 * total}


def _trim_top(blocks: list[Block], headline: str | None, meta: Meta) -> list[Block]:
    """Drop headline copies, bylines and short lines (kickers, dates) outside the article's
    containers before its first paragraph."""
    key = _norm(headline)
    author = set(_norm(meta.byline).split())
    main = _main_parents(blocks)
    start = 0
    while start < min(len(blocks), 15) and _is_top_chrome(blocks[start], key, author, main):
        start += 1
    return blocks[start:] or blocks


def _is_top_chrome(block: Block, headline: str, author: set[str], main: set) -> bool:
    text = _norm(block.text)
    if headline and (text == headline or (block.heading and len(text) > 10
                                          and headline.startswith(text))):
        return True
    if (headline and block.heading and f" {headline} " in f" {text} "
            and _is_dateline(block.text, text, headline)):  # the h1 with its dateline
        return True
    words = set(text.split())
    if author and len(words) < 12 and len(author & words) >= min(2, len(author)):
        return True
    if len(block.text) < 300 and _REVIEWED.match(block.text):
        return True
    return _parent(block) not in main and len(block.text) < 100


# "Medically reviewed by Dr. X, Editor in Chief" above a health or finance article
_REVIEWED = re.compile(r"(?:medically |expert |clinically )?(?:reviewed|fact[- ]checked) by\b",
                       re.IGNORECASE)


def _strip_leading_headline(body: str, headline: str | None) -> str:
    """The body must never begin with the headline: drop a copy of it, or its words when
    the first paragraph runs on from them."""
    key = _norm(headline)
    if not key:
        return body
    first, _, rest = body.partition("\n\n")
    nf = _norm(first)
    if (nf != key and f" {key} " in f" {nf} " and len(nf) < len(key) + 80
            and _is_dateline(first, nf, key)):
        body = rest  # the h1 the headline came from, with its dateline
    while body and (_norm(body) + " ").startswith(key + " "):
        first, sep, rest = body.partition("\n\n")
        if _norm(first) == key:
            body = rest
            continue
        ends = [m.end() for m in _WORD.finditer(first)]
        if len(ends) < len(key.split()):  # the headline runs on past this paragraph
            body = rest  # (nested h1s: "Outer" / "Inner headline")
            key = " ".join(key.split()[len(ends):])
            continue
        body = first[ends[len(key.split()) - 1]:].lstrip(" \t:;,.|-–—") + sep + rest
        break
    return body.strip()


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Overlapping 4-word shingles (a shorter text is one shingle)."""
    words = _WORD.findall(text.casefold())
    return {tuple(words[i: i + 4]) for i in range(max(1, len(words) - 3))}


def _with_jsonld(body: str, meta: Meta) -> str:
    """Use JSON-LD articleBody: instead of our text when that misses most of it, else to
    cut our leading and trailing paragraphs that it does not have."""
    if not meta.article_body:
        return body
    ref = _shingles(meta.article_body)
    recall = len(ref & _shingles(body)) / len(ref)
    if recall < 0.5 and len(meta.article_body) > len(body) * 0.5:
        paras = [_clean(p) for p in re.split(r"\n\s*\n|\r\n|\n", meta.article_body)]
        return "\n\n".join(p for p in paras if p)
    if recall < 0.9 or len(meta.article_body) < 0.5 * len(body):
        return body  # a summary, not the text
    paras = body.split("\n\n")
    known = [bool(_shingles(p) & ref) for p in paras]
    if not any(known):
        return body
    first, last = known.index(True), len(known) - 1 - known[::-1].index(True)
    return "\n\n".join(paras[first: last + 1])


# ------------------------------------------------------------------------- kind


def _is_listing(blocks: list[Block], meta: Meta, rules: Rules) -> bool:
    """A live blog or an index page rather than one article."""
    if meta.types & rules.listing_types:
        return True
    if meta.types or meta.og_type == "article":
        return False
    live = [b for b in blocks if b.chrome < 0]
    linked_heads = sum(1 for b in live if b.heading and b.link_density > 0.8)
    prose = sum(len(b.text) for b in live if len(b.text) >= 150 and b.link_density < 0.2)
    return linked_heads >= 8 and prose < 1500


def _listing_body(blocks: list[Block], rules: Rules) -> str:
    """An index page's text: its headings and blurbs, without chrome."""
    keep = [
        b for b in blocks
        if b.chrome < 0 and (b.heading or b.link_density <= 0.6)
        and not _is_boilerplate(b, rules)
    ]
    return "\n\n".join(b.text for b in keep)


def _is_teaser(blocks: list[Block], content: list[Block], body: str, meta: Meta,
               rules: Rules) -> bool:
    """A paywalled stub: marked not free, or short and followed by a subscribe prompt or a
    paywall box (one that does not wrap the text itself)."""
    words = len(body.split())
    if not meta.free and words < 400:
        return True
    if words >= 300 or not content:
        return False
    after = blocks.index(content[-1]) + 1
    prompt = _norm(" ".join(b.text for b in blocks[after: after + 10]))
    if any(p in prompt for p in rules.teaser_phrases):
        return True
    wrappers = set(content[0].path)
    return any(
        el not in wrappers and _el_tokens(el).parts & rules.teaser_tokens
        for b in blocks[after: after + 10] for el in b.path
    )


# ------------------------------------------------------------------------- api


@dataclass
class HtmlArticle:
    """One page's article: ``body`` holds paragraphs (subheadings included) separated by a
    blank line; ``kind`` is "article", "listing" (index page, live blog) or "teaser"
    (paywalled stub)."""

    headline: str | None
    body: str
    source: str | None
    url: str | None
    byline: str | None
    lang: str | None
    kind: str


def extract_html(root, url: str | None = None, rules: Rules | None = None) -> HtmlArticle:
    """Headline, metadata and chrome-free body of a parsed page (may modify the tree)."""
    rules = rules or load_rules()
    try:
        meta = read_meta(root, url)
        site = rules.site(meta.url or url) or (rules.site(url) if url else None)
        body_el = root.find("body")
        blocks = collect_blocks(body_el if body_el is not None else root, rules, site)
        shown = frozenset(_norm(b.text) for b in blocks if len(b.text) <= 300)
        content = _select(blocks, site)
        headline = pick_headline(root, meta, rules, site, shown, content)
        if headline:
            headline = fix_mojibake(headline, 1)
        content = _drop_chrome_blocks(content, rules, meta.url)
        content = _drop_teaser_lists(content)
        content = _drop_second_copy(content)
        content = _trim_appendix(content, lambda b: _is_lead_paragraph(b, rules, meta))
        content = _trim_tail(content, rules, meta.url)
        content = _lead(blocks, content, headline, rules) + content
        content = _trim_top(content, headline, meta)
        body = "\n\n".join(_paragraphs(content, rules))
        body = _with_jsonld(body, meta)
        listing = _is_listing(blocks, meta, rules)
        if listing and "liveblogposting" not in meta.types:
            body = _listing_body(blocks, rules)
        body = _strip_leading_headline(fix_mojibake(body), headline)
        teaser = _is_teaser(blocks, content, body, meta, rules)
        kind = "listing" if listing else "teaser" if teaser else "article"
        source = meta.source or _source_from_title(meta.titles, headline, rules) or _host(meta.url)
        if source and source.startswith(("http://", "https://")):
            source = _host(source)
        byline = meta.byline or _byline_in_page(root)
    except (RecursionError, MemoryError, ValueError, TypeError, LookupError, AttributeError,
            etree.LxmlError) as exc:
        raise ExtractError(f"cannot extract page: {type(exc).__name__}: {exc}") from exc
    if not body and not headline:
        raise ExtractError("page has no text")
    return HtmlArticle(headline, body, source or None, meta.url, byline, meta.lang, kind)


def _lead(blocks: list[Block], content: list[Block], headline: str | None,
          rules: Rules) -> list[Block]:
    """The article's first paragraphs when a page builder put them in a text box of their
    own above the box holding the rest: prose between the headline's ``<h1>`` and the body's
    first block (bylines and dates aside), in a container of the same tag and classes as one
    holding the body's paragraphs, in no box classed as a standfirst or an excerpt."""
    if not content or not headline:
        return []
    start = blocks.index(content[0])
    kinds = {_kind(el) for b in content[:_LEAD_LOOK] if _is_prose(b) for el in b.path
             if el.get("class")}
    lead: list[Block] = []
    for block in reversed(blocks[max(0, start - _LEAD_LOOK): start]):
        if block.tag == "h1":
            return lead if _norm(block.text) == _norm(headline) else []
        if block.heading or (block.chrome < 0 and block.link_density > 0.5
                              and len(block.text) >= 100):
            return []
        if block.chrome >= 0 or len(block.text) < 100:
            continue  # bylines, dates, captions, share buttons
        if not (_is_prose(block) and _kind(block.path[-1]) in kinds) or _in_dek(block, 3, rules):
            return []
        lead.insert(0, block)
    return []


_LEAD_LOOK = 15  # blocks looked at above the body's start, and paragraphs of the body


def _select(blocks: list[Block], site: SiteRules | None) -> list[Block]:
    if site and site.keep:
        kept = [b for b in blocks if any(s.matches(el) for el in b.path for s in site.keep)]
        if kept:
            return kept
    return _root_blocks(blocks, find_root(blocks))


def evaluate_entry(text: str) -> dict:
    """Adapter for ``shared/tools/evaluate.py extraction --func indexer.html:evaluate_entry``."""
    article = extract_html(parse_html(text))
    return {"headline": article.headline, "body": article.body}
