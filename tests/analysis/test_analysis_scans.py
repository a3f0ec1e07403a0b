"""``analyze --scans DB``: a store written by the scans code extends the inventory.

The nmap XML below is what ``nmap -sV --script vulners`` writes (trimmed); it is
imported with :func:`scans.store.import_file`, exactly as ``lsgrisk scan import``
does, and the analysis reads it through :mod:`scans.snapshot`.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from analysis_helpers import clean_inventory
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from scans.store import connect, import_file

XML = """<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -sV --script vulners -oX - 10.0.2.0/24" start="1780000000" version="7.94">
<host starttime="1780000001" endtime="1780000002"><status state="up" reason="arp-response"/>
<address addr="10.0.2.10" addrtype="ipv4"/>
<ports>
<port protocol="tcp" portid="3389"><state state="open" reason="syn-ack"/><service name="ms-wbt-server"/></port>
<port protocol="tcp" portid="8080"><state state="open" reason="syn-ack"/>
<service name="http" product="Apache Tomcat" version="8.5.0"><cpe>cpe:/a:apache:tomcat:8.5.0</cpe></service>
<script id="vulners" output="...">
<table key="cpe:/a:apache:tomcat:8.5.0">
<table><elem key="id">CVE-2020-1938</elem><elem key="type">cve</elem><elem key="cvss">9.8</elem>
<elem key="is_exploit">true</elem></table>
<table><elem key="id">CVE-2019-0232</elem><elem key="type">cve</elem><elem key="cvss">8.1</elem>
<elem key="is_exploit">false</elem></table>
</table>
</script></port>
</ports></host>
<host starttime="1780000001" endtime="1780000002"><status state="up" reason="arp-response"/>
<address addr="10.0.2.99" addrtype="ipv4"/><address addr="00:11:22:33:44:55" addrtype="mac"/>
<hostnames><hostname name="printer-old" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="23"><state state="open" reason="syn-ack"/><service name="telnet"/></port></ports>
</host>
<runstats><finished time="1780000010" timestr="x" elapsed="10" summary="x" exit="success"/>
<hosts up="2" down="252" total="254"/></runstats>
</nmaprun>
"""


def _store(tmp_path: Path) -> Path:
    xml = tmp_path / "scan.xml"
    xml.write_text(XML, encoding="utf-8")
    db = tmp_path / "scans.db"
    con = connect(db)
    try:
        result = import_file(con, xml)
    finally:
        con.close()
    assert result.complete, result
    return db


def test_analysis_scans_extend_the_inventory(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump(clean_inventory()), encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        cli, ["analyze", str(inventory), "-o", str(out), "--scans", str(_store(tmp_path)), "--as-of", "2026-06-01"]
    )
    assert run.exit_code == 0, run.output
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    risks = {r["id"]: r for r in data["risks"]}
    assert data["scan"]["matched_assets"] == ["srv1"]
    assert data["scan"]["unknown_hosts"] == ["10.0.2.99"]
    # observed services extend the declared ones; the declared tcp/443 was not seen and stays, marked
    srv1 = next(a for a in data["assets"] if a["id"] == "srv1")
    assert srv1["ports"] == [443, 3389, 8080]
    assert srv1["observed_ports"] == [3389, 8080]
    assert srv1["declared_not_observed"] == [443]
    assert "scan.undeclared_ports@srv1" in risks
    # CVEs with CVSS: likelihood from the CVSS band (9.8 -> 5)
    vuln = risks["scan.vulnerability@srv1"]
    assert vuln["likelihood"]["base"] == 5
    assert "CVE-2020-1938" in vuln["evidence"]["en"] and "9.8" in vuln["evidence"]["en"]
    # the unknown host is an unmanaged device in the zone that holds its address
    unmanaged = risks["scan.unmanaged_host@unmanaged-10.0.2.99"]
    assert "10.0.2.99" in unmanaged["evidence"]["en"] and "srv" in unmanaged["evidence"]["en"]
    row = next(a for a in data["assets"] if a["id"] == "unmanaged-10.0.2.99")
    assert row["managed"] is False and row["zone"] == "srv" and row["ports"] == [23]


def test_analysis_scans_bad_store_is_exit_3(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump(clean_inventory()), encoding="utf-8")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all" * 10)
    run = CliRunner().invoke(cli, ["analyze", str(inventory), "-o", str(tmp_path / "out"), "--scans", str(bogus)])
    assert run.exit_code == 3 and "Traceback" not in run.output


def test_analysis_scans_without_a_complete_scan_analyse_the_inventory_only(tmp_path: Path) -> None:
    xml = tmp_path / "interrupted.xml"
    xml.write_text(XML.split("<runstats>")[0], encoding="utf-8")  # nmap was stopped: no runstats
    db = tmp_path / "scans.db"
    con = connect(db)
    try:
        assert not import_file(con, xml).complete
    finally:
        con.close()
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump(clean_inventory()), encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["analyze", str(inventory), "-o", str(out), "--scans", str(db)])
    assert run.exit_code == 0, run.output
    assert "no complete scan" in run.stderr
    assert json.loads((out / "analysis.json").read_text(encoding="utf-8"))["scan"] is None
