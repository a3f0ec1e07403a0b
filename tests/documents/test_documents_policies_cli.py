"""``lsgrisk policies`` and ``lsgrisk demo`` end to end (real pipeline, CliRunner)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from policy_templates.render import docx_text, verify_docx
from tests.documents.conftest import EXAMPLE


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_policies_writes_six_documents(tmp_path: Path) -> None:
    code, out, err = run("policies", str(EXAMPLE), "-o", str(tmp_path), "--lang", "en", "--as-of", "2026-01-15")
    assert code == 0, err
    files = sorted(tmp_path.glob("*.docx"))
    assert [f.name for f in files] == [
        "PRIMJER-POL-01-information-security.en.docx",
        "PRIMJER-POL-02-interoperability.en.docx",
        "PRIMJER-POL-03-access-control.en.docx",
        "PRIMJER-POL-04-backup-continuity.en.docx",
        "PRIMJER-POL-05-incident-management.en.docx",
        "PRIMJER-POL-06-asset-management.en.docx",
        "PRIMJER-RJE-01-security-officer.en.docx",
        "PRIMJER-RJE-02-incident-response-team.en.docx",
    ]
    for f in files:
        assert f"wrote {f}" in out
        assert f.stat().st_mode & 0o077 == 0
        assert verify_docx(f) == []
    assert "15 January 2026" in docx_text(files[0])


def test_only_selects_policies(tmp_path: Path) -> None:
    code, _, err = run("policies", str(EXAMPLE), "-o", str(tmp_path), "--only", "2", "--only", "5", "--as-of",
                       "2026-01-15")
    assert code == 0, err
    assert sorted(f.name for f in tmp_path.iterdir()) == [
        "PRIMJER-POL-02-interoperability.cnr.docx",
        "PRIMJER-POL-05-incident-management.cnr.docx",
    ]


def test_bad_arguments_are_usage_errors(tmp_path: Path) -> None:
    assert run("policies", str(EXAMPLE), "-o", str(tmp_path), "--lang", "de")[0] == 2
    assert run("policies", str(EXAMPLE), "-o", str(tmp_path), "--only", "7")[0] == 2
    assert list(tmp_path.iterdir()) == []


def test_invalid_inventory_exits_3_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nmunicipality: {name: X, code: X}\nassets: [{id: a, name: A, kind: nope, zone: z}]\n",
                   encoding="utf-8")
    code, _, err = run("policies", str(bad), "-o", str(tmp_path / "out"))
    assert code == 3
    assert "Traceback" not in err and "bad.yaml" in err
    assert not (tmp_path / "out").exists()


def test_pdf_without_libreoffice_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no soffice on this PATH, installed or not
    code, _, err = run("policies", str(EXAMPLE), "-o", str(tmp_path), "--only", "1", "--pdf")
    assert code == 4
    assert "libreoffice-writer" in err
    assert len(list(tmp_path.glob("*.docx"))) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (optional)")
def test_pdf_with_libreoffice(tmp_path: Path) -> None:
    code, out, err = run("policies", str(EXAMPLE), "-o", str(tmp_path), "--only", "2", "--lang", "en", "--pdf")
    assert code == 0, err
    pdf = next(tmp_path.glob("*-POL-02-*.en.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert str(pdf) in out


def test_demo_runs_the_whole_pipeline(tmp_path: Path) -> None:
    code, out, err = run("demo", "-o", str(tmp_path / "demo"))
    assert code == 0, err
    written = [Path(line.removeprefix("wrote ")) for line in out.splitlines() if line.startswith("wrote ")]
    names = {p.name for p in written}
    for lang in ("cnr", "en"):
        assert f"PRIMJER-risk-analysis.{lang}.docx" in names
        assert f"PRIMJER-risk-analysis.{lang}.html" in names
        assert sum(1 for n in names if n.startswith("PRIMJER-POL-") and n.endswith(f".{lang}.docx")) == 6
    assert {"analysis.json", "risks.csv", "risk-register.xlsx"} <= names
    assert all(p.is_file() for p in written)


def test_scans_and_tracking_reach_the_analysis_of_the_policies(tmp_path: Path) -> None:
    """--scans and --tracking are the same options as for analyze and report (one shared set)."""
    code, _, stderr = run("policies", str(EXAMPLE), "-o", str(tmp_path / "o"), "--only", "1",
                          "--scans", str(tmp_path / "missing.db"))
    assert code == 3 and "missing.db" in stderr and "does not exist" in stderr
    tracking = tmp_path / "tracking.yaml"
    tracking.write_text("risks:\n  a@b:\n    status: closed\n", encoding="utf-8")
    code, _, stderr = run("policies", str(EXAMPLE), "-o", str(tmp_path / "o"), "--only", "1",
                          "--tracking", str(tracking))
    assert code == 3 and "'closed' is not one of" in stderr
