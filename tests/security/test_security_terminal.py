"""10.12: names echoed to the terminal cannot carry OSC/CSI escape sequences or forge lines."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from lsgrisk.cli.common import terminal_text

from .conftest import write_inventory

OSC = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07"
CSI = "\x1b[2J\x1b[31m"


@pytest.mark.parametrize(("text", "shown"), [
    ("Opština Žabljak", "Opština Žabljak"),
    ("a\x1b]0;title\x07b", "a\\x1b]0;title\\x07b"),
    ("x\x9b31my", "x\\x9b31my"),
    ("right\u202eleft", "right\\u202eleft"),
    ("line\nError: forged", "line\\nError: forged"),
    ("nbsp\u00a0ok", "nbsp\u00a0ok"),
])
def test_terminal_text_escapes_every_control(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


@pytest.mark.parametrize("command", ["validate", "analyze"])
def test_names_echoed_by_commands_are_escaped(tmp_path: Path, run_cli: Callable[..., Result], command: str) -> None:
    path = write_inventory(tmp_path)
    text = path.read_text().replace("Opština Proba", json.dumps("Opština " + OSC + CSI))
    path.write_text(text.replace("name: \"Server\"", f"name: {json.dumps('srv ' + OSC)}"), encoding="utf-8")
    extra = ["-o", tmp_path / "out", "--as-of", "2026-01-15", "--lang", "en"] if command == "analyze" else []
    result = run_cli(command, path, *extra)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]8;;http://evil.example\\x07click" in result.stdout


def test_a_file_name_with_escapes_is_escaped(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", tmp_path / f"inv{CSI}.yaml")
    assert result.exit_code == 3
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


@given(st.text(max_size=80))
@settings(max_examples=400, deadline=None)
def test_terminal_text_never_lets_a_control_through(text: str) -> None:
    shown = terminal_text(text)
    assert shown.isprintable() or all(c.isprintable() or unicodedata.category(c) == "Zs" for c in shown)
    assert "\x1b" not in shown and "\n" not in shown
    if text.isprintable():
        assert shown == text
