"""lsgrisk compare and analyze --previous: new, closed and changed risks, compliance progress, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from tests.analysis.analysis_helpers import add_asset, clean_inventory


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _analyse(tmp_path: Path, name: str, d: dict[str, Any], *extra: str) -> tuple[Path, int, str]:
    inv = tmp_path / f"{name}.yaml"
    inv.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    out = tmp_path / name
    code, stdout, stderr = _invoke("analyze", str(inv), "-o", str(out), "--as-of", "2026-06-01", "--lang", "en",
                                   *extra)  # fmt: skip
    assert code == 0, stdout + stderr
    return out / "analysis.json", code, stdout


def _years(tmp_path: Path) -> tuple[Path, Path]:
    last = clean_inventory()
    add_asset(last, id="old", kind="server", zone="srv", services=[{"port": 443}], controls=["backup.offline"])
    last["measures"]["incident_procedure"] = "no"
    now = clean_inventory()  # the old server is gone, the procedure adopted; RDP published on srv1
    now["zone_flows"].append({"from": "internet", "to": "srv", "ports": ["tcp/3389"]})
    now["assets"][0]["services"].append({"port": 3389})
    before, _, _ = _analyse(tmp_path, "2025", last)
    after, _, _ = _analyse(tmp_path, "2026", now)
    return before, after


def test_compare_lists_new_closed_and_compliance_progress(tmp_path: Path) -> None:
    before, after = _years(tmp_path)
    code, stdout, _ = _invoke("compare", str(before), str(after), "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    new = {c["id"] for c in data["new"]}
    closed = {c["id"] for c in data["closed"]}
    assert "net.rdp_internet@srv1" in new
    assert any(i.endswith("@old") for i in closed) and "org.no_incident_procedure@TEST" in closed
    assert data["implemented_now"] > data["implemented_before"], "the adopted procedure shows as progress"
    code, text, _ = _invoke("compare", str(before), str(after), "--lang", "en")
    assert "Since the previous analysis" in text and "net.rdp_internet@srv1" in text
    code, text, _ = _invoke("compare", str(before), str(after), "--lang", "cnr")
    assert "Od prethodne analize" in text and "Novi" in text


def test_compare_fails_on_a_new_risk_at_or_above_the_level(tmp_path: Path) -> None:
    before, after = _years(tmp_path)
    # RDP published on a server with nothing at stake: medium (likelihood 5, impact 1)
    assert _invoke("compare", str(before), str(after), "--fail-on", "medium")[0] == 1
    assert _invoke("compare", str(before), str(after), "--fail-on", "high")[0] == 0, "nothing new that high"
    assert _invoke("compare", str(after), str(after), "--fail-on", "low")[0] == 0, "nothing new"


def test_compare_rejects_what_is_not_an_analysis(tmp_path: Path) -> None:
    before, _after = _years(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _, stderr = _invoke("compare", str(broken), str(before))
    assert code == 3 and "broken.json" in stderr and "Traceback" not in stderr
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert _invoke("compare", str(other), str(before))[0] == 3
    assert _invoke("compare", str(tmp_path / "missing.json"), str(before))[0] == 3


def test_analyze_previous_adds_since_previous(tmp_path: Path) -> None:
    before, _after = _years(tmp_path)
    now = clean_inventory()
    now["zone_flows"].append({"from": "internet", "to": "srv", "ports": ["tcp/3389"]})
    now["assets"][0]["services"].append({"port": 3389})
    path, _, stdout = _analyse(tmp_path, "again", now, "--previous", str(before))
    data = json.loads(path.read_text(encoding="utf-8"))
    since = data["since_previous"]
    assert since["previous_as_of"] == "2026-06-01"
    assert "net.rdp_internet@srv1" in {c["id"] for c in since["new"]}
    assert "Since the previous analysis" in stdout
    plain, _, _ = _analyse(tmp_path, "plain", now)
    assert json.loads(plain.read_text(encoding="utf-8"))["since_previous"] is None
