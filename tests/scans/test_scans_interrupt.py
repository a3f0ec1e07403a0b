"""Interrupting an import (SIGINT, SIGKILL) never corrupts the store: earlier scans stay readable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from scans.snapshot import latest_complete_snapshot
from tests.scans.conftest import REAL_CAPTURE, ROOT, run_subprocess


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory, gen: ModuleType) -> Path:
    return gen.generate(tmp_path_factory.mktemp("big") / "big.xml", 25_000, seed=11)


def _interrupt_import(tmp_path: Path, big: Path, sig: signal.Signals) -> tuple[int, str]:
    ws = tmp_path / "ws"
    first = run_subprocess(["scan", "import", str(REAL_CAPTURE), "-w", str(ws)], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    wal = ws / "lsgrisk-scans.db-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "lsgrisk", "scan", "import", str(big), "-w", str(ws)],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # wait until the import is really writing (its transaction has spilled into the WAL)
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _assert_store_intact(ws: Path) -> None:
    db = ws / "lsgrisk-scans.db"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT id, host_count FROM scans").fetchall() == [(1, 2)]
    assert con.execute("SELECT COUNT(*) FROM hosts").fetchone() == (2,)
    con.close()
    snap = latest_complete_snapshot(db)
    assert snap is not None and snap.scan_id == 1 and len(snap.hosts) == 2


def test_sigint_during_import(tmp_path: Path, big_file: Path) -> None:
    code, err = _interrupt_import(tmp_path, big_file, signal.SIGINT)
    assert code == 130 and "Interrupted" in err and "Traceback" not in err
    _assert_store_intact(tmp_path / "ws")


def test_sigkill_during_import_then_import_again(tmp_path: Path, big_file: Path) -> None:
    code, _ = _interrupt_import(tmp_path, big_file, signal.SIGKILL)
    assert code == -signal.SIGKILL
    _assert_store_intact(tmp_path / "ws")
    # the lock died with the process; the store takes the next import
    again = run_subprocess(["scan", "import", str(REAL_CAPTURE), "-w", str(tmp_path / "ws")], cwd=tmp_path)
    assert again.returncode == 0 and "already stored as scan 1" in again.stdout
