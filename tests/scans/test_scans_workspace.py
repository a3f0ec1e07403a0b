"""Workspace files (store, raw XML, lock, units) never land in the current directory or the source tree by accident."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scans.conftest import REAL_CAPTURE, ROOT

EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_import_without_a_workspace_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LSGRISK_WORKSPACE", raising=False)
    result = run_cli("scan", "import", REAL_CAPTURE)
    assert result.exit_code == 2, result.output
    assert "--workspace" in result.stderr
    assert _files(tmp_path) == set()


def test_schedule_for_the_bundled_example_refuses_the_source_tree(tmp_path: Path, run_cli,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LSGRISK_WORKSPACE", raising=False)
    before = _files(EXAMPLE.parent)
    result = run_cli("scan", "schedule", "--every", "weekly", "--inventory", EXAMPLE)
    assert result.exit_code == 2, result.output
    assert "lsgrisk" in result.stderr and "--workspace" in result.stderr
    assert _files(EXAMPLE.parent) == before


def test_the_store_folder_is_the_workspace_when_only_db_is_given(tmp_path: Path, run_cli,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LSGRISK_WORKSPACE", raising=False)
    store = tmp_path / "central" / "scans.db"
    store.parent.mkdir()
    result = run_cli("scan", "import", REAL_CAPTURE, "--db", store)
    assert result.exit_code == 0, result.output
    assert store.is_file()
    assert list((store.parent / "scans" / "raw").glob("*.xml")), "raw XML archived next to the store"
    assert {p.name for p in tmp_path.iterdir()} == {"central"}


def test_lsgrisk_workspace_variable(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ws = tmp_path / "ws"
    monkeypatch.setenv("LSGRISK_WORKSPACE", str(ws))
    assert run_cli("scan", "import", REAL_CAPTURE).exit_code == 0
    assert (ws / "lsgrisk-scans.db").is_file()
    assert run_cli("scan", "list").exit_code == 0
