"""10.2: planted symbolic links in the workspace are never followed; an existing workspace is made 0700."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from asset_models.fsutil import open_private, private_dir
from scans.importer import archive
from scans.runner import LOCK_NAME, workspace_lock

from .conftest import ROOT

CAPTURE = ROOT / "tests" / "scans" / "data" / "real_localhost_O_script.xml"


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    return victim


def test_planted_lock_link_is_refused_not_followed(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    victim = _victim(tmp_path)
    (tmp_path / "ws" / "scans").mkdir(parents=True)
    (tmp_path / "ws" / "scans" / LOCK_NAME).symlink_to(victim)
    result = run_cli("scan", "import", CAPTURE, "-w", tmp_path / "ws")
    assert result.exit_code == 4, result.stderr
    assert "symbolic link" in result.stderr
    assert victim.read_text() == "precious\n"  # the old code truncated it and wrote a pid into it


def test_planted_archive_link_is_not_followed(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    raw = tmp_path / "ws" / "scans" / "raw"
    raw.mkdir(parents=True)
    digest = hashlib.sha256(CAPTURE.read_bytes()).hexdigest()
    (raw / f"{digest}.xml").symlink_to(victim)  # a link planted where the archive copy goes
    archived, got, written = archive(tmp_path / "ws", CAPTURE)
    assert got == digest and written
    assert victim.read_text() == "precious\n"
    assert archived.read_bytes() == CAPTURE.read_bytes() and not archived.is_symlink()
    assert stat.S_IMODE(archived.stat().st_mode) == 0o600


def test_linked_scans_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "scans").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(NotADirectoryError), workspace_lock(tmp_path / "ws"):
        pass
    assert list(elsewhere.iterdir()) == []


def test_open_private_never_follows_and_exclusive_never_reuses(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(victim)
    with pytest.raises(OSError):
        open_private(link, os.O_WRONLY)
    (tmp_path / "plain").write_text("x")
    with pytest.raises(FileExistsError):
        open_private(tmp_path / "plain", os.O_WRONLY, exclusive=True)


def test_existing_workspace_is_tightened(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    workspace = tmp_path / "ws"
    (workspace / "scans" / "raw").mkdir(parents=True)
    for folder in (workspace, workspace / "scans", workspace / "scans" / "raw"):
        os.chmod(folder, 0o777)
    result = run_cli("scan", "import", CAPTURE, "-w", workspace)
    assert result.exit_code == 0, result.stderr
    for folder in (workspace, workspace / "scans", workspace / "scans" / "raw"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(private_dir(tmp_path / "new").stat().st_mode) == 0o700


def test_shared_sticky_directories_are_not_tightened(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp: running in it must not lock everyone else out
    private_dir(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
