"""`lsgrisk report`: files written, exit codes for bad input and a missing LibreOffice."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from policy_templates.render import docx_text
from policy_templates.report.writer import find_soffice

try:
    from tests.documents.documents_report_support import EXAMPLE
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import EXAMPLE


def test_report_writes_docx_and_html(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(out), "--lang", "en",
                                      "--as-of", "2025-03-12"])
    assert result.exit_code == 0, result.output
    docx = out / "PRIMJER-risk-analysis.en.docx"
    page = out / "PRIMJER-risk-analysis.en.html"
    assert f"wrote {docx}" in result.output and f"wrote {page}" in result.output
    assert "Risk and Security Analysis" in docx_text(docx)
    assert stat.S_IMODE(docx.stat().st_mode) == 0o600
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_invalid_inventory_exits_3_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "inventory.yaml"
    bad.write_text("version: 1\nmunicipality: {name: X, code: X}\n"
                   "assets:\n  - {id: a, name: A, kind: toaster, zone: z}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(tmp_path), "--lang", "de"])
    assert result.exit_code == 2


def test_pdf_without_libreoffice_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no soffice on this PATH, installed or not
    assert find_soffice() is None
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(tmp_path), "--pdf", "--as-of", "2025-03-12"])
    assert result.exit_code == 4
    assert "LibreOffice" in result.output and "apt-get install" in result.output
    assert (tmp_path / "PRIMJER-risk-analysis.cnr.docx").is_file()  # the rest was written first


def test_tracking_file_reaches_the_register(tmp_path: Path) -> None:
    from policy_templates.render import docx_tables

    try:
        from tests.documents.documents_report_support import analysed
    except ModuleNotFoundError:
        from documents_report_support import analysed
    risk = analysed(str(EXAMPLE))[1].risks[0]
    tracking = tmp_path / "tracking.yaml"
    tracking.write_text(
        f"version: 1\nrisks:\n  {risk.id}:\n    status: accepted\n    owner: IT služba\n"
        "    justification: Zamjena planirana u budžetu.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(out), "--lang", "cnr",
                                      "--as-of", "2025-03-12", "--tracking", str(tracking)])
    assert result.exit_code == 0, result.output
    tables = docx_tables(out / "PRIMJER-risk-analysis.cnr.docx")
    register = next(t for t in tables if t and len(t[0]) == 11 and t[0][-3] == "Tretman")
    options = {row[0]: row[-3] for row in register[1:]}
    owners = {row[0]: row[6] for row in register[1:]}
    assert options["R-001"] == "prihvatiti" and owners["R-001"] == "IT služba"
    assert "smanjiti" in options.values()


def test_bad_tracking_file_exits_3(tmp_path: Path) -> None:
    tracking = tmp_path / "tracking.yaml"
    tracking.write_text("version: 1\nrisks:\n  x@y:\n    status: accepted\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(tmp_path / "out"),
                                      "--tracking", str(tracking)])
    assert result.exit_code == 3
    assert "justification" in result.output


NMAP_XML = """<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -sV 10.20.5.0/24" start="1741766400" version="7.93" xmloutputversion="1.05">
<host starttime="1741766400" endtime="1741766410"><status state="up" reason="arp-response"/>
<address addr="10.20.5.99" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="23"><state state="open" reason="syn-ack"/>
<service name="telnet" method="table" conf="3"/></port></ports>
</host>
<runstats><finished time="1741766420" elapsed="20" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
"""


def test_scan_store_is_merged_into_the_report(tmp_path: Path) -> None:
    """A scan imported into a store (no network: the XML is written here) shows in the report."""
    xml = tmp_path / "scan.xml"
    xml.write_text(NMAP_XML, encoding="utf-8")
    store = tmp_path / "store.db"
    runner = CliRunner()
    imported = runner.invoke(cli, ["scan", "import", str(xml), "--db", str(store), "--scope", "10.20.0.0/16",
                                   "-w", str(tmp_path)])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(EXAMPLE), "-o", str(out), "--lang", "en", "--as-of", "2025-03-12",
                                 "--scans", str(store)])
    assert result.exit_code == 0, result.output
    text = docx_text(out / "PRIMJER-risk-analysis.en.docx")
    assert "scan #1" in text
    assert "10.20.5.99" in text  # the unknown host is a finding


def test_previous_analysis_adds_the_changes_to_the_summary(tmp_path: Path) -> None:
    from policy_templates.render import docx_text

    old = tmp_path / "old"
    assert CliRunner().invoke(cli, ["analyze", str(EXAMPLE), "-o", str(old), "--as-of", "2024-03-12"]).exit_code == 0
    snapshot = old / "analysis.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    data["risks"][0]["id"] = "gone.rule@nowhere"  # the first risk of today is "new" against this snapshot
    snapshot.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(out), "--lang", "cnr", "--as-of", "2025-03-12",
                                      "--previous", str(snapshot)])
    assert result.exit_code == 0, result.output
    text = docx_text(out / "PRIMJER-risk-analysis.cnr.docx")
    assert "Promjene od prethodne analize" in text
    assert "U poređenju sa analizom od 12.03.2024." in text and "Novo: R-001" in text
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    failed = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(out), "--previous", str(bad)])
    assert failed.exit_code == 3, failed.output
