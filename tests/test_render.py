from indexer.render import json_dumps, mark, safe, tsv_rows, use_color, wrap


def test_safe_strips_escape_sequences_and_controls():
    hostile = "ok\x1b[2J\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x9b1m\x00\x07\rend\ttab\nline"
    assert safe(hostile) == "ok red end\ttab\nline"


def test_json_escapes_c1_and_del():
    out = json_dumps({"a": "x\x9by\x7f\x1b"})
    assert "\x9b" not in out and "\x1b" not in out and "\\u009b" in out


def test_tsv_escapes_tabs_and_newlines():
    out = tsv_rows([{"a": "one\ttwo\nthree\\", "b": ["x", "y"]}], ["a", "b"])
    assert out.split("\n") == ["a\tb", "one\\ttwo\\nthree\\\\\tx; y"]


def test_mark_plain_and_ansi():
    assert mark("Kim met Putin", [(8, 13)], color=False) == "Kim met **Putin**"
    assert "\x1b[1;33mPutin\x1b[0m" in mark("Kim met Putin", [(8, 13)], color=True)


def test_wrap_keeps_highlights_on_the_right_line():
    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    lines = wrap(text, [(text.index("theta"), text.index("theta") + 5)], 30, "  ", False)
    assert all(len(line) <= 34 for line in lines)
    assert sum("**theta**" in line for line in lines) == 1
    assert " ".join(line.strip() for line in lines).replace("**", "") == text


def test_color_choice(monkeypatch):
    class Tty:
        def isatty(self):
            return True
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color("auto", Tty()) is True
    assert use_color("never", Tty()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", Tty()) is False
    assert use_color("always", object()) is True
