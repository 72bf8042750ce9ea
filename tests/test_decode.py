import codecs

from indexer.decode import declared_charset, decode


def test_utf8_plain():
    assert decode("café — ok".encode()) == ("café — ok", "utf-8")


def test_bom_utf8_and_utf16():
    assert decode(codecs.BOM_UTF8 + "naïve".encode())[0] == "naïve"
    text, enc = decode(codecs.BOM_UTF16_LE + "Zürich".encode("utf-16-le"))
    assert (text, enc) == ("Zürich", "utf-16-le")


def test_utf16_without_bom_is_detected():
    text, enc = decode("<html><p>Hello world, this is text</p></html>".encode("utf-16-le"))
    assert enc == "utf-16-le" and text.startswith("<html>")


def test_cp1252_without_declaration_falls_back():
    raw = "The “quote” costs €5 at the café".encode("cp1252")
    text, enc = decode(raw)
    assert text == "The “quote” costs €5 at the café"
    assert enc == "cp1252"


def test_declared_charset_used_when_not_utf8():
    raw = b'<meta charset="iso-8859-15"><p>' + "prix 5 €".encode("iso-8859-15")
    assert declared_charset(raw) == "iso8859-15"
    assert "prix 5 €" in decode(raw)[0]


def test_wrong_declaration_does_not_win_over_valid_utf8():
    raw = '<meta charset="windows-1252"><p>Łódź café</p>'.encode()
    assert "Łódź café" in decode(raw)[0]


def test_invalid_utf8_and_nul_bytes_never_raise():
    text, _ = decode(b"ok \xff\xfe\x00 bytes\x00 \x1b[31m")
    assert "\x00" not in text and "\x1b" not in text and "ok" in text
