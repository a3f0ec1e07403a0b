"""scan diff, reconcile and schedule on stored scans."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import yaml

from scans.diff import diff_scans
from scans.store import ScanMeta, connect, import_file
from tests.scans.conftest import REAL_CAPTURE, inventory_yaml


def _host_addrs(text: str) -> list[str]:
    return [line.split('addr="', 1)[1].split('"', 1)[0] for line in text.splitlines() if line.startswith("<host ")]


def _expected(gen: ModuleType, hosts: int, seed: int, drift: float) -> tuple[set[str], set[str]]:
    before = set(_host_addrs("".join(gen.generate_lines(hosts, seed, 0.0))))
    after = set(_host_addrs("".join(gen.generate_lines(hosts, seed, drift))))
    return after - before, before - after


def test_diff_matches_the_generator(tmp_path: Path, gen: ModuleType) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    a = import_file(con, gen.generate(tmp_path / "a.xml", 400, seed=9))
    b = import_file(con, gen.generate(tmp_path / "b.xml", 400, seed=9, drift=0.1))
    new, gone = _expected(gen, 400, 9, 0.1)
    result = diff_scans(con, db, a.scan_id, b.scan_id)
    assert set(result.hosts_new) == new and set(result.hosts_gone) == gone and new and gone
    assert result.ports_opened and result.ports_closed and result.service_changes
    assert result.has_differences
    same = diff_scans(con, db, a.scan_id, a.scan_id)
    assert not same.has_differences


def test_absent_host_not_covered_is_not_gone(tmp_path: Path, gen: ModuleType) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    a_path = gen.generate(tmp_path / "a.xml", 100, seed=2, network="10.0.0.0/22")
    a = import_file(con, a_path)
    text = a_path.read_text(encoding="utf-8")
    removed = [h for h in _host_addrs(text) if h.startswith("10.0.0.")]
    assert removed
    kept = "".join(line for line in text.splitlines(keepends=True)
                   if not (line.startswith("<host ") and 'addr="10.0.0.' in line))
    # a later scan that targeted 10.0.0.0/24 and found nothing there: those hosts are gone
    (tmp_path / "covered.xml").write_text(kept, encoding="utf-8")
    covered = import_file(con, tmp_path / "covered.xml", ScanMeta(targets=["10.0.0.0/24"]))
    result = diff_scans(con, db, a.scan_id, covered.scan_id)
    assert result.hosts_gone == removed and result.hosts_not_covered == []
    # a later scan that targeted another /24 says nothing about them: not gone
    (tmp_path / "other.xml").write_text(kept.replace("synthetic", "synthetic-2"), encoding="utf-8")
    other = import_file(con, tmp_path / "other.xml", ScanMeta(targets=["10.0.1.0/24"]))
    result = diff_scans(con, db, a.scan_id, other.scan_id)
    assert result.hosts_gone == [] and result.hosts_not_covered == removed
    assert [(n.code, n.args) for n in result.notes] == [
        ("hosts_not_covered", {"count": len(removed), "old": a.scan_id, "new": other.scan_id,
                               "reason": "outside_targets"})]
    assert not result.has_differences


def test_incomplete_new_scan_reports_no_gone_hosts(tmp_path: Path, gen: ModuleType) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    a = import_file(con, gen.generate(tmp_path / "a.xml", 200, seed=3))
    data = (tmp_path / "a.xml").read_bytes()
    (tmp_path / "cut.xml").write_bytes(data[: len(data) // 2])
    cut = import_file(con, tmp_path / "cut.xml")
    result = diff_scans(con, db, a.scan_id, cut.scan_id)
    assert result.hosts_gone == [] and result.hosts_not_covered and not result.new_complete


def test_cli_diff_exit_codes_formats_and_multi_script_ports(tmp_path: Path, gen: ModuleType, run_cli) -> None:
    ws = tmp_path / "ws"
    one = run_cli("scan", "diff", "-w", ws)
    assert one.exit_code == 3 and "does not exist" in one.stderr
    run_cli("scan", "import", REAL_CAPTURE, "-w", ws)
    lonely = run_cli("scan", "diff", "-w", ws)
    assert lonely.exit_code == 3 and "two complete scans" in lonely.stderr
    # the same real scan with a changed http-title: ndiff 7.93 crashes on this port (two scripts)
    changed = tmp_path / "changed.xml"
    changed.write_text(REAL_CAPTURE.read_text(encoding="utf-8").replace("Directory listing for /", "Changed title"),
                       encoding="utf-8")
    run_cli("scan", "import", changed, "-w", ws)
    result = run_cli("scan", "diff", "-w", ws)
    assert result.exit_code == 1, result.output
    assert "scripts changed: http-title" in result.stdout
    as_json = run_cli("scan", "diff", "1", "2", "-w", ws, "--format", "json")
    document = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and document["has_differences"] is True
    assert document["script_changes"][0]["changed"] == ["http-title"]
    assert run_cli("scan", "diff", "1", "2", "-w", ws, "--format", "json").stdout == as_json.stdout  # deterministic
    same = run_cli("scan", "diff", "1", "1", "-w", ws)
    assert same.exit_code == 0 and "0 new hosts" in same.stdout
    missing = run_cli("scan", "diff", "1", "9", "-w", ws)
    assert missing.exit_code == 3 and "scan 9 is not in" in missing.stderr


def test_reconcile_and_proposed_patch(tmp_path: Path, gen: ModuleType, run_cli) -> None:
    ws = tmp_path / "ws"
    gen.generate(tmp_path / "a.xml", 60, seed=5, network="127.0.0.0/24")  # synthetic, never scanned
    first = (tmp_path / "a.xml").read_text(encoding="utf-8")
    hosts = [line.split('addr="', 1)[1].split('"', 1)[0] for line in first.splitlines() if line.startswith("<host ")]
    known = next(h for h in hosts if h not in ("127.0.0.1", "127.0.0.2"))
    extra = f"""  - id: srv-known
    name: Known
    kind: server
    zone: lo
    ips: [{known}]
    services: [{{port: 995, protocol: tcp, name: pop3s}}, {{port: 5432, protocol: tcp, name: postgresql}}]
"""
    inv = inventory_yaml(tmp_path / "inv.yaml", 80, cidr="127.0.0.0/24", extra_assets=extra)
    assert run_cli("scan", "import", tmp_path / "a.xml", "-w", ws).exit_code == 0
    before = inv.read_bytes()
    result = run_cli("scan", "reconcile", inv, "-w", ws, "--format", "json", "--write", tmp_path / "patch.yaml")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    unknown = {h["address"] for h in report["unknown_hosts"]}
    assert unknown == set(hosts) - {"127.0.0.1", "127.0.0.2", known}
    seen = {"srv-known"} | {a for a, ip in (("srv-web", "127.0.0.1"), ("srv-off", "127.0.0.2")) if ip in hosts}
    assert {f["asset"] for f in report["undeclared_ports"]} == seen  # every synthetic host has open ports
    # 995 was scanned (nmap's scaninfo says 1-1000) and is not open; 5432 was not scanned, so nothing is said
    assert [f["port"] for f in report["declared_not_observed"] if f["asset"] == "srv-known"] == ["tcp/995"]
    expected_unseen = [a for a, ip in (("srv-off", "127.0.0.2"), ("srv-web", "127.0.0.1")) if ip not in hosts]
    assert report["assets_not_seen"] == expected_unseen
    assert inv.read_bytes() == before  # never edited
    patch = yaml.safe_load((tmp_path / "patch.yaml").read_text(encoding="utf-8"))
    assert {a["ips"][0] for a in patch["add_assets"]} == unknown
    assert all(a["zone"] == "lo" for a in patch["add_assets"])
    assert "srv-known" in patch["add_services"]
    assert oct((tmp_path / "patch.yaml").stat().st_mode & 0o777) == "0o600"
    text = run_cli("scan", "reconcile", inv, "-w", ws)
    assert text.exit_code == 1 and "unknown host" in text.stdout and "undeclared open port" in text.stdout


def test_schedule_writes_units_and_prints_cron(tmp_path: Path, run_cli) -> None:
    inv = inventory_yaml(tmp_path / "inv.yaml", 80)
    out = tmp_path / "units"
    result = run_cli("scan", "schedule", "--every", "weekly", "--inventory", inv, "-o", out, "-w", tmp_path)
    assert result.exit_code == 0, result.output
    service = (out / "lsgrisk-scan.service").read_text(encoding="utf-8")
    timer = (out / "lsgrisk-scan.timer").read_text(encoding="utf-8")
    assert "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN" in service and "NMAP_PRIVILEGED=1" in service
    assert "User=lsgrisk" in service and "NoNewPrivileges=yes" in service
    assert f"scan run {inv.resolve()}" in service
    assert "Persistent=true" in timer and "RandomizedDelaySec=" in timer and "OnCalendar=Sun" in timer
    assert "flock -n" in result.stdout and "30 2 * * 0" in result.stdout
    daily = run_cli("scan", "schedule", "--every", "daily", "-o", tmp_path / "d", "-w", tmp_path / "my ws")
    assert daily.exit_code == 3 and "cannot go into a unit file" in daily.stderr


def test_two_process_diff_equals_the_one_process_diff(tmp_path: Path, gen: ModuleType, monkeypatch) -> None:
    """A large store is read by two processes and only changed hosts are reread: the result is the same."""
    import scans.diff as diff_module
    from scans.diff import diff_to_json

    db = tmp_path / "s.db"
    con = connect(db)
    a = import_file(con, gen.generate(tmp_path / "a.xml", 300, seed=4))
    b = import_file(con, gen.generate(tmp_path / "b.xml", 300, seed=4, drift=0.2))
    monkeypatch.setattr(diff_module, "PARALLEL_HOSTS", 10**9)
    one = diff_to_json(diff_scans(con, db, a.scan_id, b.scan_id))
    monkeypatch.setattr(diff_module, "PARALLEL_HOSTS", 0)
    two = diff_to_json(diff_scans(con, db, a.scan_id, b.scan_id))
    assert one == two
    found = json.loads(two)
    assert found["ports_opened"] and found["service_changes"] and found["script_changes"]


def test_a_change_in_any_compared_part_is_seen_on_either_path(tmp_path: Path, monkeypatch) -> None:
    """Equal rows are skipped without a view: a change in only a script output, a host name or an OS match
    must still make the host count as changed."""
    import scans.diff as diff_module

    def scan(script_out: str, name: str, os_name: str) -> str:
        return (
            '<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap -sV -O --script banner 127.0.0.1" '
            'start="1700000000"><scaninfo type="connect" protocol="tcp" numservices="1" services="22"/>'
            '<host><status state="up" reason="localhost-response"/><address addr="127.0.0.1" addrtype="ipv4"/>'
            f'<hostnames><hostname name="{name}" type="PTR"/></hostnames>'
            '<ports><port protocol="tcp" portid="22"><state state="open" reason="syn-ack"/>'
            '<service name="ssh" product="OpenSSH" version="9.6" method="probed" conf="10"/>'
            f'<script id="banner" output="{script_out}"/></port></ports>'
            f'<os><osmatch name="{os_name}" accuracy="100" line="1"/></os></host>'
            '<runstats><finished time="1700000100" exit="success"/><hosts up="1" down="0" total="1"/></runstats>'
            '</nmaprun>'
        )

    base = ("SSH-2.0-OpenSSH_9.6", "a.local", "Linux 6.1")
    variants = {"scripts": ("SSH-2.0-OpenSSH_9.7", "a.local", "Linux 6.1"),
                "hostnames": ("SSH-2.0-OpenSSH_9.6", "b.local", "Linux 6.1"),
                "os": ("SSH-2.0-OpenSSH_9.6", "a.local", "Linux 6.8")}
    for limit in (10**9, 0):
        monkeypatch.setattr(diff_module, "PARALLEL_HOSTS", limit)
        for what, values in variants.items():
            folder = tmp_path / f"{what}-{limit}"
            folder.mkdir()
            (folder / "a.xml").write_text(scan(*base))
            (folder / "b.xml").write_text(scan(*values))
            db = folder / "s.db"
            con = connect(db)
            first, second = import_file(con, folder / "a.xml"), import_file(con, folder / "b.xml")
            result = diff_scans(con, db, first.scan_id, second.scan_id)
            changed = result.script_changes if what == "scripts" else result.host_changes
            assert changed, (what, limit)
            assert not diff_scans(con, db, first.scan_id, first.scan_id).has_differences
            con.close()
