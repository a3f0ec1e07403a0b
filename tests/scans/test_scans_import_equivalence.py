"""The fast import path stores exactly the rows the record-based import stored.

Two independent checks:

* golden digests: a canonical dump of every table (ids included, rows in
  insertion order) of the real nmap capture and of a hand-written file full of
  edge cases, computed with the record-based import before the fast path
  existed;
* a reference built here from :class:`NmapXmlReader` records (the public,
  record-based API) for a synthetic generator file imported after another
  scan, so that ids continue from an existing store.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from asset_models.errors import ScanFileError
from scans.parser import HostRecord, NmapXmlReader, ScriptRecord
from scans.store import connect, import_file
from tests.scans.conftest import REAL_CAPTURE

TABLES = ("hosts", "addresses", "hostnames", "extraports", "ports", "services", "os_matches", "os_classes", "cpes",
          "scripts", "script_elems", "vulnerabilities", "scan_networks")
SCAN_COLUMNS = ("id, sha256, source, raw_path, profile, nmap_version, args, scan_types, ports_scanned, started, "
                "finished, exit_status, errormsg, truncated, complete, hosts_up, hosts_down, host_count")

EDGE_CASES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -O 10.1.0.0/24 2001:db8::/120" start="100" version="7.93">
<scaninfo type="syn" protocol="tcp" numservices="3" services="22,80,443"/>
<scaninfo type="udp" protocol="udp"/>
<host starttime="101" endtime="102">
<hostscript><script id="smb-os-discovery" output="Windows"><elem key="os">Windows</elem><elem>loose</elem>
<table><elem key="a">1</elem><table key="inner"><elem key="b">2</elem></table></table></script>
<script id="empty"/></hostscript>
<os><osmatch name="dropped" accuracy="10"><osclass type="x" accuracy="10"/></osmatch></os>
<os><portused state="open" proto="tcp" portid="22"/>
<osmatch name="Linux 5" accuracy="97"><osclass type="general purpose" vendor="Linux" osfamily="Linux" osgen="5.X"
 accuracy="97"><cpe>cpe:/o:linux:linux_kernel:5</cpe><cpe> cpe:/o:spaces </cpe><cpe>   </cpe></osclass>
<osclass vendor="AXIS" accuracy="bad"/></osmatch>
<osmatch accuracy="90"/></os>
<status state="up" reason="arp-response"/>
<address addr="2001:0db8:0000::0001" addrtype="ipv6"/>
<address addr="aa:bb:cc:dd:ee:0f" addrtype="mac" vendor="Acme"/>
<hostnames><hostname name="a.example" type="PTR"/><hostname name="b.example"/><hostname/></hostnames>
<ports><extraports state="closed" count="995"><extrareasons reason="reset" count="995"/></extraports>
<extraports state="filtered"/>
<port protocol="tcp" portid="22"><state state="open" reason="syn-ack"/><service name="ssh" product="OpenSSH"
 version="8.9p1" extrainfo="Ubuntu" tunnel="ssl" method="probed" conf="10" ostype="Linux" devicetype="router"
 hostname="h"><cpe>cpe:/a:openbsd:openssh:8.9p1</cpe><cpe>cpe:/o:linux:linux_kernel</cpe></service>
<script id="vulners" output="many"><table key="cpe:/a:openbsd:openssh:8.9p1"><table><elem key="id">CVE-1</elem>
<elem key="cvss">9.8</elem><elem key="type">cve</elem><elem key="is_exploit">false</elem></table>
<table><elem key="id">EDB-2</elem><elem key="cvss">n/a</elem><elem key="is_exploit"> TRUE </elem></table>
<table><elem key="cvss">5.0</elem></table><table><elem key="id"></elem></table><elem key="x">y</elem></table>
<elem key="loose">z</elem></script>
<script id="banner" output="SSH-2.0"/></port>
<port portid="80"><service name="http" conf="x"/><service name="http-alt"><cpe>cpe:/a:last</cpe></service></port>
</ports>
<ports><port protocol="udp" portid="161"><state state="open|filtered"/></port></ports>
<distance value="2"/><uptime seconds="3600" lastboot="x"/><distance value="x"/>
</host>
<host><address addr="10.1.0.7"/></host>
<host starttime="x"><status state="down"/><address addr="10.1.0.8" addrtype="ipv4"/>
<hostscript><script id="only-host"><elem key="k">v</elem></script></hostscript></host>
<runstats><finished time="200" exit="success"/><hosts up="2" down="1" total="3"/></runstats>
</nmaprun>
"""

# Computed with the record-based import (scans/store.py before the fast path), fresh store, one file each.
GOLDEN = {
    "real": "0ba8b52268d7144c086163d8497fae6fd07473958eb197b161af34cbc2cc323a",
    "edge": "834bb0a4a53860e2b61faa42cb4915901efe6230a5c90bbcc1771132537a8973",
}


def dump(con: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Every row of every table in insertion order, ids included; the scan row without its file name."""
    scans = con.execute(f"SELECT {SCAN_COLUMNS} FROM scans ORDER BY id")
    rows: list[tuple[object, ...]] = [("scans", *r) for r in scans]
    for table in TABLES:
        rows += [(table, *r) for r in con.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    return rows


def digest(rows: list[tuple[object, ...]]) -> str:
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def _import_one(tmp_path: Path, path: Path) -> list[tuple[object, ...]]:
    con = connect(tmp_path / "s.db")
    result = import_file(con, path)
    assert result.added
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    return dump(con)


def test_real_capture_rows_are_unchanged(tmp_path: Path) -> None:
    rows = _import_one(tmp_path, REAL_CAPTURE)
    assert len([r for r in rows if r[0] == "hosts"]) == 2
    assert digest(rows) == GOLDEN["real"]


def test_edge_case_rows_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "edge.xml"
    path.write_text(EDGE_CASES, encoding="utf-8")
    rows = _import_one(tmp_path, path)
    assert ("addresses", 1, "2001:db8::1", "ipv6", None) in rows
    assert ("addresses", 1, "AA:BB:CC:DD:EE:0F", "mac", "Acme") in rows
    assert digest(rows) == GOLDEN["edge"]


def _expected_scripts(out: dict[str, list[tuple[object, ...]]], ids: dict[str, int], host_id: int,
                      port_id: int | None, scripts: list[ScriptRecord]) -> None:
    for script in scripts:
        sid = ids["scripts"]
        ids["scripts"] += 1
        out["scripts"].append((sid, host_id, port_id, script.script_id, script.output))
        out["script_elems"] += [(sid, i, p, k, v) for i, (p, k, v) in enumerate(script.elems)]


def expected_rows(hosts: list[HostRecord], scan_id: int, ids: dict[str, int]) -> dict[str, list[tuple[object, ...]]]:
    """The rows of every table, built from the records the way the record-based import built them."""
    out: dict[str, list[tuple[object, ...]]] = {t: [] for t in TABLES if t != "scan_networks"}
    for host in hosts:
        hid = ids["hosts"]
        ids["hosts"] += 1
        out["hosts"].append((hid, scan_id, host.seq, host.state, host.reason, host.starttime, host.endtime,
                             host.distance, host.uptime))
        out["addresses"] += [(hid, *a) for a in host.addresses]
        out["hostnames"] += [(hid, *n) for n in host.hostnames]
        out["extraports"] += [(hid, *e) for e in host.extraports]
        for port in host.ports:
            pid = ids["ports"]
            ids["ports"] += 1
            out["ports"].append((pid, hid, port.protocol, port.portid, port.state, port.reason))
            s = port.service
            if s is not None:
                out["services"].append((pid, s.name, s.product, s.version, s.extrainfo, s.tunnel, s.method, s.conf,
                                        s.ostype, s.devicetype, s.hostname))
            out["cpes"] += [(pid, None, i, c) for i, c in enumerate(port.cpes)]
            _expected_scripts(out, ids, hid, pid, port.scripts)
            out["vulnerabilities"] += [(pid, v.cpe, v.vuln_id, v.vuln_type, v.cvss,
                                        None if v.is_exploit is None else int(v.is_exploit)) for v in port.vulns]
        for match in host.os_matches:
            mid = ids["os_matches"]
            ids["os_matches"] += 1
            out["os_matches"].append((mid, hid, match.name, match.accuracy))
            for cls in match.classes:
                cid = ids["os_classes"]
                ids["os_classes"] += 1
                out["os_classes"].append((cid, mid, cls.os_type, cls.vendor, cls.osfamily, cls.osgen, cls.accuracy))
                out["cpes"] += [(None, cid, i, c) for i, c in enumerate(cls.cpes)]
        _expected_scripts(out, ids, hid, None, host.scripts)
    return out


def test_synthetic_second_scan_matches_the_records(tmp_path: Path, gen: ModuleType) -> None:
    first = gen.generate(tmp_path / "a.xml", 120, seed=3)
    second = gen.generate(tmp_path / "b.xml", 150, seed=3, drift=0.2)
    con = connect(tmp_path / "s.db")
    import_file(con, first)
    ids = {t: int(con.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0]) + 1
           for t in ("hosts", "ports", "os_matches", "os_classes", "scripts")}
    before = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    scan_id = import_file(con, second).scan_id
    assert scan_id == 2
    expected = expected_rows(list(NmapXmlReader(second)), scan_id, ids)
    assert sum(len(rows) for rows in expected.values()) > 150 * 10
    for table, rows in expected.items():
        # the second scan's rows are the last ones of every table (rowid order is insertion order)
        stored = con.execute(f"SELECT * FROM {table} ORDER BY rowid DESC LIMIT ?", (len(rows),)).fetchall()
        assert stored[::-1] == rows, table
        assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == before[table] + len(rows), table
    first_hosts = con.execute("SELECT COUNT(*) FROM hosts WHERE scan_id = 1").fetchone()[0]
    assert first_hosts == 120 and len(expected["hosts"]) == 150
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def _indexes(con: sqlite3.Connection) -> list[str]:
    return sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"))


def test_bulk_load_into_an_empty_store_keeps_indexes_and_foreign_keys(tmp_path: Path, gen: ModuleType) -> None:
    con = connect(tmp_path / "s.db")
    indexes = _indexes(con)
    assert len(indexes) == 9  # only those the readers use
    text = gen.generate(tmp_path / "a.xml", 30, seed=2).read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"  # a broken value in the last host: refused after most rows went in
    cut = text.rindex('addrtype="ipv4"')
    bad.write_text(text[:cut].rsplit('addr="', 1)[0] + 'addr="10.0.0.999" ' + text[cut:], encoding="utf-8")
    with pytest.raises(ScanFileError, match="never write") as caught:
        import_file(con, bad)
    assert "10.0.0.999" in caught.value.problems[0].message
    assert con.execute("SELECT COUNT(*) FROM hosts").fetchone() == (0,)
    assert _indexes(con) == indexes  # the rolled-back bulk load left the schema as it was
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    import_file(con, tmp_path / "a.xml")
    assert _indexes(con) == indexes
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    plan = " ".join(str(r) for r in con.execute("EXPLAIN QUERY PLAN SELECT * FROM ports WHERE host_id = 3"))
    assert "ix_ports_host" in plan
