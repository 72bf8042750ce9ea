"""Bytes to text for pages of unknown origin: BOM, UTF-8, declared charset, cp1252.

UTF-8 is tried before a declared charset: bytes that decode as UTF-8 and are not
plain ASCII are almost never another encoding, while declarations are often wrong.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
# WHATWG: these labels mean windows-1252 in practice.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "iso8859-1": "cp1252", "windows-1252": "cp1252"}
# C0 controls other than tab, newline, carriage return, form feed; and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _looks_utf16(data: bytes) -> str | None:
    head = data[:2000]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) * 0.4 and even < len(head) * 0.05:
        return "utf-16-le"
    if even > len(head) * 0.4 and odd < len(head) * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding used)``. Never raises."""
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    if encoding is None:
        encoding = _looks_utf16(data)
    if encoding is None:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = declared_charset(data) or "cp1252"
            if encoding in ("utf-8", "utf_8"):
                encoding = "cp1252"
            text = data.decode(encoding, errors="replace")
    else:
        text = data.decode(encoding, errors="replace")
    return clean_controls(text), encoding


def clean_controls(text: str) -> str:
    """Drop NULs and other C0 control characters that no page text should carry."""
    return _CONTROLS.sub("", text)
