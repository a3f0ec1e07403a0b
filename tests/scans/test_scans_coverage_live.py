"""Real nmap runs against loopback only (127.0.0.0/8): what a later scan did not probe is never "closed" or "gone".

Each test runs nmap itself with fixed loopback targets and imports the files
with ``lsgrisk scan import``, as a town hall would import scans made by hand.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from asset_models.loaders import load_inventory
from risk_analyzer.scanmerge import merge_scan
from scans.snapshot import latest_complete_snapshot, merged_snapshot
from tests.scans.conftest import inventory_yaml

pytestmark = [pytest.mark.nmap, pytest.mark.skipif(shutil.which("nmap") is None, reason="nmap is not installed")]


LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


def nmap(out: Path, options: list[str], targets: list[str]) -> Path:
    """Run nmap with -oX to ``out``; every target is checked to be a loopback address, never anything else."""
    for target in targets:
        assert ipaddress.ip_network(target, strict=False).subnet_of(LOOPBACK), target
    subprocess.run(["nmap", "-n", *options, "-oX", str(out), "--", *targets], check=True, capture_output=True,
                   timeout=120)
    return out


def _import(run_cli, ws: Path, *files: Path) -> None:
    result = run_cli("scan", "import", *files, "-w", ws)
    assert result.exit_code == 0, result.output


def test_discovery_scan_after_a_port_scan_closes_nothing(tmp_path: Path, http_port: int, run_cli) -> None:
    ws = tmp_path / "ws"
    full = nmap(tmp_path / "full.xml", ["-sT", "-p", str(http_port)], ["127.0.0.1"])
    discovery = nmap(tmp_path / "sn.xml", ["-sn"], ["127.0.0.1"])
    _import(run_cli, ws, full, discovery)
    result = run_cli("scan", "diff", "1", "2", "-w", ws, "--format", "json")
    document = json.loads(result.stdout)
    assert document["ports_closed"] == []
    assert [c["port"] for c in document["ports_not_covered"]] == [f"tcp/{http_port}"]
    assert result.exit_code == 0 and document["has_differences"] is False
    text = run_cli("scan", "diff", "1", "2", "-w", ws).stdout
    assert f"? 127.0.0.1 tcp/{http_port} not probed by scan 2" in text and "1 ports not probed" in text
    # analyze --scans: the newer discovery-only scan does not erase the port the full scan saw
    db = ws / "lsgrisk-scans.db"
    newest = latest_complete_snapshot(db)
    assert newest is not None and newest.scan_id == 2 and newest.hosts[0].ports == []
    merged = merged_snapshot(db)
    assert merged is not None and merged.merged_from == [2, 1]
    assert [(p.protocol, p.port, p.state) for p in merged.hosts[0].ports] == [("tcp", http_port, "open")]
    inv = load_inventory(inventory_yaml(tmp_path / "inv.yaml", http_port))
    overlay = merge_scan(inv, merged)
    assert overlay.observed["srv-web"] == [("tcp", http_port)]
    assert "srv-web" not in overlay.declared_not_observed
    # ... while a newer port scan that finds the port shut does close it
    with_port_shut = nmap(tmp_path / "shut.xml", ["-sT", "-p", f"{http_port},1"], ["127.0.0.1"])
    _import(run_cli, ws, with_port_shut)
    assert merged_snapshot(db).hosts[0].ports[0].state != "open"  # type: ignore[union-attr]


def test_a_scan_of_other_ports_or_udp_closes_nothing(tmp_path: Path, http_port: int, run_cli) -> None:
    ws = tmp_path / "ws"
    files = [nmap(tmp_path / "tcp.xml", ["-sT", "-p", str(http_port)], ["127.0.0.1"]),
             nmap(tmp_path / "other.xml", ["-sT", "-p", "1"], ["127.0.0.1"])]
    if os.geteuid() == 0:  # a UDP scan needs raw sockets
        files.append(nmap(tmp_path / "udp.xml", ["-sU", "-p", "9"], ["127.0.0.1"]))
    _import(run_cli, ws, *files)
    for new in range(2, len(files) + 1):
        result = run_cli("scan", "diff", "1", str(new), "-w", ws, "--format", "json")
        document = json.loads(result.stdout)
        assert document["ports_closed"] == [], new
        assert [c["port"] for c in document["ports_not_covered"]] == [f"tcp/{http_port}"], new


def test_excluded_and_dns_server_addresses_stay_out_of_coverage(tmp_path: Path, run_cli) -> None:
    ws = tmp_path / "ws"
    before = nmap(tmp_path / "a.xml", ["-sn"], ["127.0.0.1", "127.0.0.2", "127.0.0.9"])
    after = nmap(tmp_path / "b.xml", ["-sn", "--exclude", "127.0.0.2", "--dns-servers", "127.0.0.9"], ["127.0.0.0/30"])
    _import(run_cli, ws, before, after)
    document = json.loads(run_cli("scan", "diff", "1", "2", "-w", ws, "--format", "json").stdout)
    assert document["hosts_gone"] == []
    assert document["hosts_not_covered"] == ["127.0.0.2", "127.0.0.9"]
    inv = inventory_yaml(tmp_path / "inv.yaml", 80, extra_assets="""  - id: dns
    name: DNS
    kind: server
    zone: lo
    ips: [127.0.0.9]
""")
    report = json.loads(run_cli("scan", "reconcile", inv, "-w", ws, "--scan", "2", "--format", "json").stdout)
    assert report["assets_not_seen"] == []
    assert report["assets_not_covered"] == ["dns", "srv-off"]  # the excluded printer is not "not seen"


def test_a_host_listed_twice_is_one_proposed_asset(tmp_path: Path, run_cli) -> None:
    ws = tmp_path / "ws"
    twice = nmap(tmp_path / "twice.xml", ["-sn"], ["127.0.0.5", "127.0.0.5"])
    assert twice.read_text(encoding="utf-8").count("<host>") == 2
    _import(run_cli, ws, twice)
    inv = inventory_yaml(tmp_path / "inv.yaml", 80)
    result = run_cli("scan", "reconcile", inv, "-w", ws, "--format", "json", "--write", tmp_path / "patch.yaml")
    report = json.loads(result.stdout)
    assert [h["address"] for h in report["unknown_hosts"]] == ["127.0.0.5"]
    patch = yaml.safe_load((tmp_path / "patch.yaml").read_text(encoding="utf-8"))
    ids = [a["id"] for a in patch["add_assets"]]
    assert ids == ["scan-127-0-0-5"] and len(ids) == len(set(ids))
