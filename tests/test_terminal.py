"""The terminal is not the page: nothing from a thread can drive the terminal.

A thread's site, ids and skipped items were printed raw, so ESC sequences
(window title, clear screen, OSC 8 links, colours) from a thread JSON, a
Reddit comment id or a Lobsters short_id reached stdout, and a lone
surrogate crashed the summary after the outputs were written (issue 14).
Each source gets crafted input; stdout and stderr must hold no raw control,
format or separator character, and the value must still be shown, escaped.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from rich.console import Console
from typer.testing import CliRunner

from argmap.cli import app
from argmap.cli._util import TerminalSafeFormatter, say, terminal_safe
from argmap.graph import build_graph
from argmap.pipeline import ArgumentMap
from argmap.sources.thread_json import parse_thread_json
from tests.fuzz import _cases
from tests.fuzz._families import TERMINAL_ATTACKS, terminal_text
from tests.fuzz._fuzz import fuzz_settings

REPO = Path(__file__).resolve().parents[1]
# A window title, a clear screen, a hyperlink, a colour, C1 CSI, a bidi override.
ATTACK = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\\x1b[31m\x9b2J\u202e"
runner = CliRunner()


def raw_controls(text: str) -> list[str]:
    """Characters a terminal acts on (or cannot encode), other than a newline."""
    return sorted({
        repr(ch) for ch in text
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")
    })  # fmt: skip


# -- crafted input, one or more per source ------------------------------------------


def thread_json_file(folder: Path) -> Path:
    data = {"format": "argmap-thread", "site": "x" + ATTACK, "id": ATTACK, "title": ATTACK,
            "posts": [{"id": "1", "parent": None, "text": "Hello there."}],
            "skipped": [{"item": ATTACK, "reason": "\n  posts:     999" + ATTACK}]}  # fmt: skip
    return _write(folder, "thread.json", data)


def reddit_file(folder: Path) -> Path:
    listing = _cases.reddit_wide(2)
    listing[0]["data"]["children"][0]["data"]["id"] = "abc" + ATTACK
    for child in listing[1]["data"]["children"]:
        child["data"]["parent_id"] = "t3_abc" + ATTACK
    return _write(folder, "reddit.json", listing)


def reddit_error_file(folder: Path) -> Path:
    listing = _cases.reddit_wide(1)
    listing[1]["data"]["children"][0]["data"].update(id="c1" + ATTACK, parent_id=[1])
    return _write(folder, "reddit.json", listing)


def lobsters_file(folder: Path) -> Path:
    story = _cases.lobsters_wide(2)
    story["short_id"] = "s1" + ATTACK
    story["comments"].append({"short_id": "c9" + ATTACK, "depth": 10**12,
                              "comment": "<p>x</p>", "commenting_user": "a"})  # fmt: skip
    return _write(folder, "lobsters.json", story)


def lobsters_error_file(folder: Path) -> Path:
    story = _cases.lobsters_wide(1)
    story["comments"][0].update(short_id="c1" + ATTACK, parent_comment=[1])
    return _write(folder, "lobsters.json", story)


def discourse_file(folder: Path) -> Path:
    topic = _cases.discourse_topic(3, lambda i: None)
    topic["title"] = ATTACK
    topic["post_stream"]["posts"][1].update(post_type=3, action_code="x" + ATTACK)
    return _write(folder, "discourse.json", topic)


def hn_api_file(folder: Path) -> Path:
    item = _cases.api_wide(2)
    item["title"] = ATTACK
    item["children"][0].update(author=ATTACK, text=f"<p>{ATTACK}</p>")
    return _write(folder, "item.json", item)


def hn_page_file(folder: Path) -> Path:
    # XML-illegal characters are removed when a page is parsed; C1 controls
    # and bidi overrides are legal XML, and entities bring ESC back.
    page = _cases.hn_page([(2, 0, f"<p>{ATTACK}</p>")])
    page = page.replace("Big thread", "Big &#x1b;]0;pwned&#x7; \x9b2J\u202e thread")
    path = folder / "item.html"
    path.write_text(page, encoding="utf-8")
    return path


def _write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


SOURCES = {
    "thread-json": (thread_json_file, 0),
    "reddit": (reddit_file, 0),
    "reddit-error": (reddit_error_file, 4),
    "lobsters": (lobsters_file, 0),
    "lobsters-error": (lobsters_error_file, 4),
    "discourse": (discourse_file, 0),
    "hn-api": (hn_api_file, 0),
    "hn-page": (hn_page_file, 0),
}


@pytest.mark.parametrize("source", SOURCES)
def test_no_source_can_write_control_characters_to_the_terminal(tmp_path, source):
    build, code = SOURCES[source]
    result = runner.invoke(app, ["map", str(build(tmp_path)), "-o", str(tmp_path / "out"),
                                 "-f", "json", "-v"])  # fmt: skip
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    shown = result.stdout + result.stderr
    assert raw_controls(shown) == []
    if source not in ("hn-api", "hn-page"):  # these read ids as numbers only
        assert "\\x1b" in shown or "\\x9b" in shown  # shown, escaped, not dropped


def test_a_lone_surrogate_in_site_id_or_skipped_prints_the_summary(tmp_path):
    data = {"format": "argmap-thread", "site": "s\ud800", "id": "i\udfff",
            "posts": [{"id": "1", "parent": None, "text": "Hello."}],
            "skipped": [{"item": "\ud800", "reason": "r\udc00"}]}  # fmt: skip
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # \ud800 as a JSON escape
    # A real process: its stdout is a real encoder, which refused the surrogate.
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "map", str(path), "-o", str(tmp_path / "o"), "-f", "json"],
        capture_output=True, cwd=REPO, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = done.stdout.decode("utf-8")  # strictly: it is valid UTF-8
    assert "s\\ud800 i\\udfff" in out and "- \\ud800: r\\udc00" in out
    assert "Traceback" not in done.stderr.decode("utf-8")


# -- the one function, and the sinks that use it ------------------------------------------


@given(terminal_text)
def test_terminal_safe_leaves_nothing_a_terminal_acts_on(text):
    safe = terminal_safe(text)
    assert safe.isprintable()
    safe.encode("utf-8")  # no lone surrogate left
    assert raw_controls(safe) == []


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_every_attack_is_escaped(attack):
    assert raw_controls(terminal_safe(attack)) == []


def test_ordinary_text_is_unchanged():
    for text in ("hackernews 39232976", "Ça va? 日本語 «quoted» ümlaut", "emoji \U0001f600 ok"):
        assert terminal_safe(text) == text


def test_escapes_read_like_python():
    assert terminal_safe("a\x1b[2Jb\n\u202e\ud800\x9b") == "a\\x1b[2Jb\\n\\u202e\\ud800\\x9b"


def test_a_terminal_in_a_legacy_charset_gets_escapes_not_an_error():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    say("日本 é \ud800 \x1b", Console(file=stream, force_terminal=False))
    stream.flush()
    assert raw.getvalue().decode("latin-1").strip() == "\\u65e5\\u672c é \\ud800 \\x1b"


def test_log_lines_are_escaped():
    formatter = TerminalSafeFormatter("%(levelname)s %(name)s: %(message)s")
    record = logging.LogRecord("argmap.http.session", logging.WARNING, __file__, 1,
                               "page %s failed", (ATTACK,), None)  # fmt: skip
    assert raw_controls(formatter.format(record)) == []
    try:
        raise ValueError(ATTACK)
    except ValueError:
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert raw_controls(line) == [] and "Traceback" in line


def test_error_lines_are_escaped_but_keep_argmaps_own_line_breaks(tmp_path):
    result = runner.invoke(app, ["map", str(tmp_path / f"x{ATTACK}.html")])
    assert result.exit_code == 2 and raw_controls(result.stderr) == []
    assert "\\x1b]0;pwned" in result.stderr


@fuzz_settings(examples=100, deadline_ms=2_000)
@given(site=terminal_text, thread_id=terminal_text, title=terminal_text,
       item=terminal_text, reason=terminal_text)  # fmt: skip
def test_the_summary_of_any_thread_is_inert(site, thread_id, title, item, reason):
    from unittest import mock

    import argmap.cli._util as util
    from argmap.cli.map import _print_summary

    data = {"format": "argmap-thread", "site": site, "id": thread_id, "title": title,
            "posts": [{"id": "1", "parent": None, "text": "Hi."}],
            "skipped": [{"item": item, "reason": reason}]}  # fmt: skip
    thread = parse_thread_json(data)
    amap = ArgumentMap(thread, [], [], build_graph(thread, [], []))
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, highlight=False, soft_wrap=True)
    with mock.patch.object(util, "out_console", console):
        _print_summary(amap, {"json": Path("out") / f"{amap.stem}.json"})
    shown = screen.getvalue()
    assert raw_controls(shown) == [] and "Mapped" in shown
    # 9 lines (title, posts, claims, replies, relations, points, skipped, one
    # skipped item, the path); a newline in the thread adds none
    assert len(shown.splitlines()) == 9 + (not thread.complete)
