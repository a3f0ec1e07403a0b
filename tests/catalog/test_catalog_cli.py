"""``lsgrisk catalog list|show`` through the real command group."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from threat_catalog import load_catalog


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_catalog_cli_list_threats_in_montenegrin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["catalog", "list", "--kind", "threats", "--lang", "cnr"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Prijetnje ({len(load_catalog().threats)})"
    assert any(line.split() == ["G0.1", "Požar"] for line in lines)
    assert any("M.ransomware" in line and "Ransomver" in line for line in lines)
    assert "Controls" not in result.stdout and "Kontrole" not in result.stdout


def test_catalog_cli_list_all_kinds(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["catalog", "list"])
    assert result.exit_code == 0, result.stderr
    headings = [line.split(" (")[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert headings == ["Threats", "Controls", "Measures", "Rules"]
    assert "  backup.offline" in result.stdout


def test_catalog_cli_show_control_with_mappings(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["catalog", "show", "backup.offline", "--lang", "cnr"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("backup.offline — Rezervna kopija van mreže  [kontrola]")
    assert "LAW-CONTINUITY" in out and "broj člana nije potvrđen" in out
    assert "(c) Kontinuitet poslovanja" in out
    assert "Aneks A: A.8.13\n" in out  # the mapping is confirmed
    assert "Politika: 4 — Politika rezervnih kopija" in out


def test_catalog_cli_show_threat_and_measure(runner: CliRunner) -> None:
    threat = runner.invoke(cli, ["catalog", "show", "M.phishing"])
    assert threat.exit_code == 0, threat.stderr
    assert "TA0001 Initial Access" in threat.stdout and "social_engineering" in threat.stdout
    measure = runner.invoke(cli, ["catalog", "show", "secure_communications"])
    assert measure.exit_code == 0
    assert "    mfa.admin — Multi-factor authentication for administrators" in measure.stdout


def test_catalog_cli_show_rule(runner: CliRunner) -> None:
    rule = load_catalog().rules[0]
    result = runner.invoke(cli, ["catalog", "show", rule.id, "--lang", "cnr"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{rule.id} — {rule.title.cnr}  [pravilo]")
    assert "Uslov:" in result.stdout and f"Osnovna vjerovatnoća: {rule.likelihood}/5" in result.stdout
    for threat_id in rule.threats:
        assert f"    {threat_id} — " in result.stdout


def test_catalog_cli_show_unknown_id_is_a_usage_error_with_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["catalog", "show", "backup.ofline"])
    assert result.exit_code == 2
    assert "did you mean 'backup.offline'?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_catalog_cli_overlay_is_applied(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "threats.yaml").write_text(
        "threats:\n  - id: M.flood_archive\n    source: municipal\n"
        "    title: {en: Flooded archive, cnr: Poplavljena arhiva}\n"
        "    description: {en: The basement archive floods., cnr: Arhiva u podrumu bude poplavljena.}\n"
        "    cia: [availability]\n    enisa: physical\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["catalog", "show", "M.flood_archive", "--catalog", str(tmp_path), "--lang", "cnr"])
    assert result.exit_code == 0, result.stderr
    assert "Poplavljena arhiva" in result.stdout


def test_catalog_cli_malformed_overlay_exits_3_with_the_place(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "controls.yaml"
    path.write_text("controls:\n  - id: backup.daily\n    titel: {en: x, cnr: y}\n", encoding="utf-8")
    result = runner.invoke(cli, ["catalog", "list", "--catalog", str(tmp_path)])
    assert result.exit_code == 3
    assert f"{path}:3: controls[backup.daily].titel: unknown field 'titel' (did you mean 'title'?)" in result.stderr
    assert "Traceback" not in result.stderr
