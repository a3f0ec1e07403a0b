"""Real nmap against 127.0.0.1 on a port the test opens itself (never any other address)."""

from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scans.runner import workspace_lock
from scans.snapshot import latest_complete_snapshot
from tests.scans.conftest import ROOT, inventory_yaml, run_subprocess, serve_http

pytestmark = [pytest.mark.nmap, pytest.mark.skipif(shutil.which("nmap") is None, reason="nmap is not installed")]


def test_run_list_diff_reconcile_on_loopback(tmp_path: Path, http_port: int, run_cli) -> None:
    ws = tmp_path / "ws"
    first = run_cli("scan", "run", "--scope", "127.0.0.1/32", "--target", "127.0.0.1", "--profile", "standard",
                    "--ports", str(http_port), "-w", ws)
    assert first.exit_code == 0, first.output
    assert "scan 1: 1 host, complete" in first.stdout
    snap = latest_complete_snapshot(ws / "lsgrisk-scans.db")
    assert snap is not None and snap.complete and snap.scope == ["127.0.0.1/32"]
    (host,) = snap.hosts
    assert host.addresses == ["127.0.0.1"]
    (port,) = host.ports
    assert (port.port, port.protocol, port.state, port.service) == (http_port, "tcp", "open", "http")
    assert port.product == "SimpleHTTPServer" and port.cpes and port.cpes[0].startswith("cpe:/a:python:")
    store = sqlite3.connect(ws / "lsgrisk-scans.db")
    stored = store.execute("SELECT raw_path, sha256 FROM scans WHERE id = 1").fetchone()
    raw = Path(stored[0])
    assert raw.parent == ws / "scans" / "raw" and raw.name == f"{stored[1]}.xml"  # named by content, not by id
    assert hashlib.sha256(raw.read_bytes()).hexdigest() == stored[1]
    assert oct(raw.stat().st_mode & 0o777) == "0o600" and b'exit="success"' in raw.read_bytes()
    assert b"-&#45; 127.0.0.1/32" in raw.read_bytes()  # targets after "--", canonical, with -n
    # a second scan, forced to a connect scan, of the same port plus one the test opens now
    with serve_http(tmp_path) as extra_port:
        second = run_cli("scan", "run", "--scope", "127.0.0.1/32", "--target", "127.0.0.1", "--unprivileged",
                         "--ports", f"{http_port},{extra_port}", "-w", ws)
    assert second.exit_code == 0, second.output
    assert "connect scan (-sT)" in second.stderr
    con = sqlite3.connect(ws / "lsgrisk-scans.db")
    assert con.execute("SELECT scan_types FROM scans ORDER BY id").fetchall()[1] == ("connect/tcp",)
    listing = run_cli("scan", "list", "-w", ws)
    assert listing.exit_code == 0 and listing.stdout.count("complete") == 2
    diff = run_cli("scan", "diff", "-w", ws)
    assert diff.exit_code == 1 and f"+ 127.0.0.1 tcp/{extra_port} open" in diff.stdout
    inv = inventory_yaml(tmp_path / "inv.yaml", http_port)
    rec = run_cli("scan", "reconcile", inv, "-w", ws, "--scan", "1")
    assert rec.exit_code == 1, rec.output
    assert f"version differs: srv-web tcp/{http_port} declared SimpleHTTPServer 0.5" in rec.stdout
    assert "summary: 0 unknown hosts, 0 assets not seen" in rec.stdout


def test_overlapping_runs_are_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    with workspace_lock(ws):
        result = run_subprocess(["scan", "run", "--scope", "127.0.0.1/32", "--target", "127.0.0.1", "--ports", "9",
                                 "-w", str(ws)], cwd=tmp_path)
    assert result.returncode == 4, result.stderr
    assert "another lsgrisk scan is running" in result.stderr and "Traceback" not in result.stderr
    assert not (ws / "lsgrisk-scans.db").exists()


def test_sigint_during_a_scan_keeps_partial_results_marked_incomplete(tmp_path: Path, http_port: int) -> None:
    ws = tmp_path / "ws"
    base = ["scan", "run", "--scope", "127.0.0.1/32", "--target", "127.0.0.1", "-w", str(ws)]
    first = run_subprocess([*base, "--profile", "discovery"], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    proc = subprocess.Popen([sys.executable, "-m", "lsgrisk", *base, "--ports", "1-65535", "--max-rate", "200"],
                            cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    raw = ws / "scans" / "raw"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(p.stat().st_size > 0 for p in raw.glob(".running-*.xml")):
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    con = sqlite3.connect(ws / "lsgrisk-scans.db")
    rows = con.execute("SELECT id, complete, profile FROM scans ORDER BY id").fetchall()
    assert rows == [(1, 1, "discovery"), (2, 0, "standard")]
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw_path, digest = con.execute("SELECT raw_path, sha256 FROM scans WHERE id = 2").fetchone()
    assert Path(raw_path) == raw / f"{digest}.xml" and hashlib.sha256(Path(raw_path).read_bytes()).hexdigest() == digest
    assert not list(raw.glob(".running-*.xml"))


def test_scope_from_inventory_and_workspace_next_to_it(tmp_path: Path, run_cli) -> None:
    inv = inventory_yaml(tmp_path / "inv.yaml", 80, cidr="127.0.0.0/30")
    result = run_cli("scan", "run", inv, "--target", "127.0.0.1", "--profile", "discovery")
    assert result.exit_code == 0, result.output
    snap = latest_complete_snapshot(tmp_path / "lsgrisk-scans.db")
    assert snap is not None and snap.scope == ["127.0.0.1/32"]
    assert [h.addresses for h in snap.hosts] == [["127.0.0.1"]] and snap.hosts[0].ports == []
    con = sqlite3.connect(tmp_path / "lsgrisk-scans.db")
    assert con.execute("SELECT cidr FROM scan_networks WHERE role = 'scope'").fetchall() == [("127.0.0.0/30",)]
