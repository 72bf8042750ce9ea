"""Bytes to text for pages of unknown origin: BOM, UTF-8, declared charset, cp1252.

UTF-8 is tried before a declared charset: bytes that decode as UTF-8 and are not
plain ASCII are almost never another encoding, while declarations are often wrong.
"""

from __future__ import annotations

import codecs
import itertools
import re
from functools import lru_cache

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
# Terminal escape sequences (CSI, OSC, 7- and 8-bit), dropped whole so no "[31m" is left.
_ESCAPES = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
                      "|\x1b[\\]PX^_][^\x07\x1b\n]{0,256}(?:\x07|\x1b\\\\)?")
# C0 controls other than tab, newline, carriage return, form feed; and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Bytes that text in no encoding decode() knows is made of (BOMs and UTF-16 are checked first).
_BINARY_BYTES = bytes([*range(0, 9), 0x0b, *range(0x0e, 0x1b), *range(0x1c, 0x20)])
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BAD_RUN = re.compile("\ufffd+")


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


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding: images, archives, random junk.
    (In the first 8 KB: more than 8% control bytes besides NULs, which real pages have next
    to none of, or more than half NULs.)"""
    head = data[:8192]
    if not head or any(head.startswith(bom) for bom, _ in _BOMS) or _looks_utf16(head):
        return False
    nuls = head.count(0)
    controls = len(head) - len(head.translate(None, _BINARY_BYTES)) - nuls
    return controls > (len(head) - nuls) * 0.08 or nuls > len(head) // 2


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes: decoded with replacement characters, or None
    when the bytes look like a single-byte encoding."""
    sample = data[:1 << 20]
    bad = sum(1 for _ in _BAD_RUN.finditer(sample.decode("utf-8", errors="replace")))
    bad -= sample.count("\ufffd".encode())
    good = sum(1 for _ in _UTF8_SEQUENCE.finditer(sample))
    # Valid multi-byte sequences almost never occur by chance in single-byte encodings.
    return data.decode("utf-8", errors="replace") if good and good * 4 >= bad else None


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
            mostly = _mostly_utf8(data) if encoding == "cp1252" else None
            if mostly is not None:
                text, encoding = mostly, "utf-8"
            else:
                text = data.decode(encoding, errors="replace")
    else:
        text = data.decode(encoding, errors="replace")
    return clean_controls(text), encoding


def clean_controls(text: str) -> str:
    """Drop terminal escape sequences, NULs and other control characters that no page text
    should carry."""
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


# Text that was UTF-8, read as cp1252 / latin-1 and encoded again ("donâ€™t", "cafÃ©"): a
# lead character and its continuation characters, each standing for one byte of the original.
_MOJIBAKE_BYTES: dict[str, int] = {
    **{chr(b): b for b in range(0x80, 0xC0)},  # read as latin-1
    **{bytes([b]).decode("cp1252", "ignore"): b for b in range(0x80, 0xC0)},  # read as cp1252
}
_MOJIBAKE_BYTES.pop("", None)  # (bytes cp1252 leaves undefined)
_CONT = "[" + re.escape("".join(_MOJIBAKE_BYTES)) + "]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}"
                       f"|[\u00f0-\u00f4]{_CONT}{{3}}")
# Characters that open most such sequences (Latin-1 letters, NBSP, curly quotes, Polish,
# Czech, Cyrillic): a text without any needs no further look.
_MOJIBAKE_MARKS = ("\u00c3", "\u00c2", "\u00e2\u20ac", "\u00e2\u0080", "\u00c5", "\u00c4", "\u00d0")
_NBSP_LEFT = re.compile("[ \\t]?\u00c2(?=\\s|$)")  # "Â" + NBSP, the NBSP made a space by then
_MOJIBAKE_MIN = 3  # repairs a page needs before any is made (one may be real text)


def _repair_sequence(m: re.Match) -> str:
    return _repaired(m.group())


@lru_cache(maxsize=4096)  # (a page repeats the same few sequences)
def _repaired(text: str) -> str:
    try:
        return bytes([ord(text[0])] + [_MOJIBAKE_BYTES[c] for c in text[1:]]).decode("utf-8")
    except UnicodeDecodeError:
        return text


def fix_mojibake(text: str, least: int = _MOJIBAKE_MIN) -> str:
    """Undo double-encoded UTF-8 (a site's own bug, common in CMS exports): each sequence
    that decodes as UTF-8 once its characters are read back as bytes; only when there are
    ``least`` of them and they make most of the text's non-ASCII characters."""
    if not any(mark in text for mark in _MOJIBAKE_MARKS):
        return text
    # (counted, not listed: a 30 MB capture of mojibake would list millions of strings)
    repairs = chars = 0
    for m in itertools.chain(_MOJIBAKE.finditer(text), _NBSP_LEFT.finditer(text)):
        if m.re is _NBSP_LEFT or _repair_sequence(m) != m.group():
            repairs += 1
            chars += m.end() - m.start()
    if repairs < least:
        return text
    # Text in a language of its own ("zu Fuß“") has non-ASCII letters outside any sequence.
    if chars < 0.5 * (len(text) - len(text.encode("ascii", "ignore"))):
        return text
    return _NBSP_LEFT.sub("", _MOJIBAKE.sub(_repair_sequence, text))
