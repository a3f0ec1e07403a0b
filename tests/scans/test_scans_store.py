"""The SQLite store and the analysis contract (scans.snapshot)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from asset_models.errors import ScanFileError
from scans.snapshot import latest_complete_snapshot, load_snapshot
from scans.store import ScanMeta, connect, import_file, list_scans
from tests.scans.conftest import REAL_CAPTURE


def test_import_twice_adds_nothing(tmp_path: Path, gen: ModuleType) -> None:
    path = gen.generate(tmp_path / "a.xml", 100, seed=1)
    con = connect(tmp_path / "s.db")
    first = import_file(con, path)
    counts = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("hosts", "ports", "cpes", "scripts")]
    second = import_file(con, path)
    assert first.added and not second.added and second.scan_id == first.scan_id
    assert "already stored" in second.warnings[0]
    assert [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("hosts", "ports", "cpes", "scripts")] == counts
    assert len(list_scans(con)) == 1


def test_store_keeps_everything_relationally(tmp_path: Path, gen: ModuleType) -> None:
    path = gen.generate(tmp_path / "a.xml", 200, seed=4)
    db = tmp_path / "s.db"
    con = connect(db)
    result = import_file(con, path, ScanMeta(scope=["10.0.0.0/16"]))
    assert result.complete and result.hosts == 200
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    two = con.execute("SELECT COUNT(*) FROM (SELECT port_id FROM cpes WHERE port_id IS NOT NULL "
                      "GROUP BY port_id HAVING COUNT(*) = 2)").fetchone()[0]
    assert two > 0  # every CPE of a service is kept
    assert con.execute("SELECT COUNT(*) FROM cpes WHERE os_class_id IS NOT NULL").fetchone()[0] > 0
    assert con.execute("SELECT COUNT(*) FROM vulnerabilities WHERE vuln_id = 'CVE-2023-38408' AND cvss = 9.8"
                       ).fetchone()[0] > 0
    assert con.execute("SELECT COUNT(*) FROM script_elems WHERE path = 'subject' AND elem_key = 'commonName'"
                       ).fetchone()[0] > 0
    # several scripts on one port are all kept
    assert con.execute("SELECT MAX(n) FROM (SELECT COUNT(*) n FROM scripts WHERE port_id IS NOT NULL "
                       "GROUP BY port_id)").fetchone()[0] >= 2
    assert con.execute("SELECT cidr FROM scan_networks WHERE role = 'target'").fetchall() == [("10.0.0.0/16",)]
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def test_snapshot_contract(tmp_path: Path, gen: ModuleType) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    assert latest_complete_snapshot(db) is None
    old = import_file(con, gen.generate(tmp_path / "a.xml", 50, seed=1), ScanMeta(scope=["10.0.0.0/16"]))
    newer = import_file(con, gen.generate(tmp_path / "b.xml", 50, seed=1, drift=0.1), ScanMeta(scope=["10.0.0.0/16"]))
    data = (tmp_path / "b.xml").read_bytes()
    (tmp_path / "cut.xml").write_bytes(data[: len(data) // 2])
    cut = import_file(con, tmp_path / "cut.xml")
    assert not cut.complete
    snap = latest_complete_snapshot(db)
    assert snap is not None and snap.scan_id == newer.scan_id != old.scan_id  # the incomplete one is skipped
    assert snap.complete and snap.scope == ["10.0.0.0/16"] and snap.started is not None
    assert len(snap.hosts) == 50
    ssh = [p for h in snap.hosts for p in h.ports if p.port == 22]
    assert ssh and all(p.protocol == "tcp" and p.state == "open" and p.service == "ssh" for p in ssh)
    assert all(len(p.cpes) == 2 for p in ssh)
    cves = {c.id: c.cvss for p in ssh for c in p.cves}
    assert cves.get("CVE-2023-38408") == 9.8
    assert load_snapshot(db, cut.scan_id).complete is False
    with pytest.raises(ValidationError):  # frozen models
        snap.complete = False  # type: ignore[misc]


def test_snapshot_of_real_capture(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    import_file(connect(db), REAL_CAPTURE)
    snap = latest_complete_snapshot(db)
    assert snap is not None and len(snap.hosts) == 2
    port = next(p for p in snap.hosts[0].ports if p.service == "http")
    expected = ("SimpleHTTPServer", "0.6", ["cpe:/a:python:simplehttpserver:0.6"])
    assert (port.product, port.version, port.cpes) == expected


def test_not_a_store_is_a_scan_file_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ScanFileError):
        latest_complete_snapshot(bogus)
    with pytest.raises(ScanFileError):
        latest_complete_snapshot(tmp_path / "missing.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x INTEGER)").connection.commit()
    with pytest.raises(ScanFileError):
        latest_complete_snapshot(other)
    with pytest.raises(ScanFileError):
        connect(other)


def test_cli_import_list_and_archive(tmp_path: Path, gen: ModuleType, run_cli) -> None:
    a = gen.generate(tmp_path / "a.xml", 30, seed=1)
    ws = tmp_path / "ws"
    result = run_cli("scan", "import", a, REAL_CAPTURE, "-w", ws, "--scope", "10.0.0.0/16")
    assert result.exit_code == 0, result.output
    assert "imported as scan 1" in result.stdout and "imported as scan 2" in result.stdout
    again = run_cli("scan", "import", a, "-w", ws)
    assert again.exit_code == 0 and "already stored as scan 1" in again.stdout
    raw = ws / "scans" / "raw" / f"{hashlib.sha256(a.read_bytes()).hexdigest()}.xml"  # named by content
    assert raw.read_bytes() == a.read_bytes() and oct(raw.stat().st_mode & 0o777) == "0o600"
    listing = run_cli("scan", "list", "-w", ws, "--format", "json")
    assert listing.exit_code == 0
    assert '"scope": [\n      "10.0.0.0/16"\n    ]' in listing.stdout
    text = run_cli("scan", "list", "-w", ws)
    assert "complete" in text.stdout and len(text.stdout.strip().splitlines()) == 3


def test_snapshot_leaves_out_hosts_nmap_saw_down(tmp_path: Path) -> None:
    text = REAL_CAPTURE.read_text(encoding="utf-8")
    down = ('<host><status state="down" reason="no-response" reason_ttl="0"/>'
            '<address addr="127.0.0.9" addrtype="ipv4"/></host>\n<runstats>')
    path = tmp_path / "v.xml"
    path.write_text(text.replace("<runstats>", down, 1), encoding="utf-8")
    db = tmp_path / "s.db"
    result = import_file(connect(db), path)
    assert result.hosts == 3  # stored as nmap wrote it ...
    snap = latest_complete_snapshot(db)
    assert snap is not None and len(snap.hosts) == 2  # ... but only hosts that are up are observations
    assert all(h.addresses == ["127.0.0.1"] for h in snap.hosts)


def test_a_second_writer_waits_while_the_first_load_holds_a_rollback_journal(tmp_path: Path) -> None:
    """The first load into an empty store leaves WAL for a rollback journal; a town hall that connects
    meanwhile must wait for it (as for any lock), not be told the store is busy at once: SQLite does not
    wait by itself for a journal-mode change."""
    import sqlite3
    import threading
    import time

    from scans.store import _leave_wal, connect

    db = tmp_path / "s.db"
    connect(db).close()
    first = sqlite3.connect(db, isolation_level=None, timeout=30, check_same_thread=False)
    assert _leave_wal(first)
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO meta (name, value) VALUES ('loading', '1')")

    def finish() -> None:
        time.sleep(0.5)
        first.execute("COMMIT")
        first.execute("PRAGMA journal_mode=WAL")

    done = threading.Thread(target=finish)
    done.start()
    try:
        second = connect(db)  # was StoreLocked at once
        assert second.execute("SELECT value FROM meta WHERE name = 'loading'").fetchone() == ("1",)
        second.close()
    finally:
        done.join()
        first.close()
