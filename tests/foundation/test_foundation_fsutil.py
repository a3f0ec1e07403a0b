"""Outputs are written atomically and owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from asset_models.fsutil import atomic_write_text, ensure_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_created_directory_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        ensure_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for part in ("a", "a/b", "a/b/c"):
        assert mode(tmp_path / part) == 0o700, part


def test_existing_directories_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir(mode=0o755)
    os.chmod(tmp_path / "shared", 0o755)
    ensure_dir(tmp_path / "shared" / "out")
    assert mode(tmp_path / "shared") == 0o755
    assert mode(tmp_path / "shared" / "out") == 0o700


def test_atomic_write_is_owner_only_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.txt"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second"
    assert mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.txt"]
