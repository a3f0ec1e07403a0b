"""Tracking file (statuses, orphans, malformed files) and the CLI (exit codes, outputs, explain)."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest
import yaml
from analysis_helpers import add_asset, asset, clean_inventory
from click.testing import CliRunner
from openpyxl import load_workbook

from asset_models.errors import InputError
from lsgrisk.cli.main import cli
from risk_analyzer.tracking import load_tracking

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "primjer" / "inventory.yaml"


def _inventory(tmp_path: Path) -> Path:
    """Clean town hall plus RDP published to the internet on a server with a crown-jewel register, and an old PC."""
    d = clean_inventory()
    d["data"] = [{"id": "d1", "name": "Register", "kind": "register", "owner": "Sekretarijat", "stored_on": ["srv1"],
                  "needs": {"integrity": "very_high"}}]  # fmt: skip
    asset(d, "srv1")["services"].append({"port": 3389})
    d["zone_flows"].append({"from": "internet", "to": "srv", "ports": ["tcp/3389"]})
    add_asset(d, id="ws1", kind="workstation", zone="lan", controls=["antivirus", "patching.auto"],
              os={"name": "Windows", "version": "10", "end_of_support": "2025-10-14"})  # fmt: skip
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return path


def _analyze(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["analyze", *args])
    return result.exit_code, result.stdout, result.stderr


def _risks(out: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["risks"]}


def test_analysis_cli_writes_outputs_and_exit_codes(tmp_path: Path) -> None:
    inv, out = _inventory(tmp_path), tmp_path / "out"
    code, stdout, _ = _analyze(str(inv), "-o", str(out), "--as-of", "2026-06-01", "--lang", "en")
    assert code == 0, stdout
    assert "net.rdp_internet@srv1" in stdout
    assert _risks(out)["net.rdp_internet@srv1"]["level"] == "critical"
    for name in ("analysis.json", "risks.csv", "risk-register.xlsx"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "2" and data["as_of"] == "2026-06-01"
    rows = list(csv.reader((out / "risks.csv").open(encoding="utf-8")))
    assert rows[0][0] == "Risk id" and rows[1][0] == "net.rdp_internet@srv1"
    workbook = load_workbook(out / "risk-register.xlsx", read_only=True)
    assert workbook.sheetnames == [
        "Risks", "Assets", "Attack paths", "Risk treatment plan", "Compliance", "EU 2024-2690", "Findings",
    ]  # fmt: skip
    assert _analyze(str(inv), "-o", str(out), "--as-of", "2026-06-01", "--fail-on", "critical")[0] == 1
    assert _analyze(str(inv), "-o", str(out), "--as-of", "2024-01-01", "--fail-on", "critical")[0] == 1
    # before the workstation's end of support there is one risk fewer
    before = _risks(out)
    assert not any(r.startswith("eol.os@ws1") for r in before)


def test_analysis_cli_fail_on_below_threshold_is_zero(tmp_path: Path) -> None:
    d = clean_inventory()
    d["measures"]["access_review"] = "no"  # one risk, high at most
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(d), encoding="utf-8")
    out = tmp_path / "out"
    assert _analyze(str(path), "-o", str(out), "--as-of", "2026-06-01", "--fail-on", "critical")[0] == 0
    assert _analyze(str(path), "-o", str(out), "--as-of", "2026-06-01", "--fail-on", "low")[0] == 1


def test_analysis_cli_same_input_same_json(tmp_path: Path) -> None:
    args = [str(EXAMPLE), "--as-of", "2026-06-01", "--lang", "en"]
    assert _analyze(*args, "-o", str(tmp_path / "a"))[0] == 0
    assert _analyze(*args, "-o", str(tmp_path / "b"), "--lang", "cnr")[0] == 0
    assert (tmp_path / "a" / "analysis.json").read_bytes() == (tmp_path / "b" / "analysis.json").read_bytes()


def test_analysis_tracking_statuses_and_orphans(tmp_path: Path) -> None:
    inv, out = _inventory(tmp_path), tmp_path / "out"
    tracking = tmp_path / "tracking.yaml"
    tracking.write_text(
        "version: 1\n"
        "risks:\n"
        "  net.rdp_internet@srv1:\n"
        "    status: accepted\n"
        "    owner: IT služba\n"
        "    justification: Vendor access, closed in March.\n"
        "    date: 2026-02-01\n"
        "  eol.os@ws1:\n"
        "    status: in_progress\n"
        "    treatment: reduce\n"
        "    due: 2026-09-30\n"
        "  eol.os@old-pc:\n"
        "    status: mitigated\n",
        encoding="utf-8",
    )
    code, stdout, _ = _analyze(str(inv), "-o", str(out), "--as-of", "2026-06-01", "--tracking", str(tracking),
                               "--fail-on", "critical", "--lang", "en")  # fmt: skip
    assert code == 0, "an accepted critical risk no longer fails the run"
    risks = _risks(out)
    assert risks["net.rdp_internet@srv1"]["tracking"] == {
        "status": "accepted", "tracked": True, "owner": "IT služba",
        "justification": "Vendor access, closed in March.", "date": "2026-02-01", "treatment": None, "due": None,
    }  # fmt: skip
    assert risks["eol.os@ws1"]["tracking"]["status"] == "in_progress"
    assert (
        risks["eol.os@ws1"]["tracking"]["treatment"] == "reduce"
        and risks["eol.os@ws1"]["tracking"]["due"] == "2026-09-30"
    )
    assert (
        risks["net.rdp_internet@srv1"]["owner"] == "IT služba"
        and risks["net.rdp_internet@srv1"]["owner_role"] == "tracking"
    )
    assert risks["eol.os@ws1"]["owner_role"] in ("asset", "security_officer")
    with (out / "risks.csv").open(encoding="utf-8") as fh:
        rows = {row["Risk id"]: row for row in csv.DictReader(fh)}
    assert rows["eol.os@ws1"]["Treatment option"] == "reduce" and rows["eol.os@ws1"]["Due date"] == "2026-09-30"
    assert rows["eol.os@ws1"]["Root cause"] == "rule:eol.os"
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert data["tracking_orphans"] == [{"risk_id": "eol.os@old-pc", "status": "mitigated", "owner": None, "line": 12}]
    assert "eol.os@old-pc" in stdout
    assert data["summary"]["by_status"]["accepted"] == 1
    plan_ids = {i for a in data["treatment"]["quick_wins"] + data["treatment"]["projects"] for i in a["risk_ids"]}
    assert "net.rdp_internet@srv1" not in plan_ids, "accepted risks leave the treatment plan"


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        ("risks:\n  a@b:\n    status: closed\n", ":3", "closed"),
        ("risks:\n  a@b:\n    status: accepted\n", ":2", "needs a justification"),
        ("risks:\n  a@b:\n    status: open\n    owner: x\n    note: y\n", ":5", "unknown field 'note'"),
        ("risks:\n  a@b:\n    status: open\n    date: 2026-13-45\n", ":4", "date"),
        ("risks: [1, 2]\n", "", "valid dictionary"),
        ("risks:\n  a@b: {status: open\n", ":3", "YAML syntax error"),
        ("- just\n- a list\n", ":1", "expected a mapping"),
    ],
)
def test_analysis_tracking_malformed_is_exit_3_with_place(tmp_path: Path, text: str, place: str, message: str) -> None:
    tracking = tmp_path / "tracking.yaml"
    tracking.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_tracking(tracking)
    rendered = "\n".join(str(p) for p in info.value.problems)
    assert f"{tracking}{place}" in rendered and message in rendered, rendered
    code, _, stderr = _analyze(str(_inventory(tmp_path)), "-o", str(tmp_path / "out"), "--tracking", str(tracking))
    assert code == 3 and "Traceback" not in stderr and message in stderr


def test_analysis_cli_malformed_overlay_is_exit_3(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "rules.yaml").write_text(
        "rules:\n  - id: eol.os\n    subject: asset\n    title: {en: T, cnr: T}\n    description: {en: D, cnr: D}\n"
        "    when: {fact: os_eol, at_least: true}\n    threats: [G0.1]\n    likelihood: 9\n    controls: [mfa]\n"
        "    evidence: {en: x, cnr: x}\n    false_positives: {en: F, cnr: F}\n",
        encoding="utf-8",
    )
    code, _, stderr = _analyze(str(_inventory(tmp_path)), "-o", str(tmp_path / "out"), "--catalog", str(overlay))
    assert code == 3, stderr
    assert "rules.yaml" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out" / "analysis.json").exists()


def test_analysis_cli_overlay_rule_changes_the_analysis(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "rules.yaml").write_text(
        "rules:\n  - id: local.workstations_old\n    subject: asset\n    title: {en: Old PC, cnr: Stari računar}\n"
        "    description: {en: D, cnr: D}\n    when: {all: [{fact: kind, is: workstation}, {fact: os_eol, is: true}]}\n"
        "    threats: [M.eol_exploit]\n    likelihood: 2\n    controls: [eol.replace]\n"
        "    evidence: {en: '{name} is old', cnr: '{name} je star'}\n    false_positives: {en: F, cnr: F}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, stderr = _analyze(str(_inventory(tmp_path)), "-o", str(out), "--catalog", str(overlay),
                               "--as-of", "2026-06-01")  # fmt: skip
    assert code == 0, stderr
    risk = _risks(out)["local.workstations_old@ws1"]
    assert risk["evidence"] == {"en": "ws1 is old", "cnr": "ws1 je star"}


def test_analysis_cli_invalid_inventory_control_is_exit_3(tmp_path: Path) -> None:
    d = clean_inventory()
    asset(d, "srv1")["controls"].append("backup.ofline")
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(d), encoding="utf-8")
    code, _, stderr = _analyze(str(path), "-o", str(tmp_path / "out"))
    assert code == 3 and "backup.offline" in stderr


def test_analysis_cli_catalog_explain(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["catalog", "explain", "net.rdp_internet", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "internet_ports" in result.stdout and "remote_access.vpn" in result.stdout
    assert "Facts the rule may test (asset)" in result.stdout
    result = CliRunner().invoke(cli, ["catalog", "explain", "net.rdp_internt"])
    assert result.exit_code == 2 and "net.rdp_internet" in result.stderr
