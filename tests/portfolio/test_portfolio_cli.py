"""``lsgrisk portfolio`` end to end: the example, synthetic municipalities and a hostile inventory."""

from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from lsgrisk.cli.main import cli
from policy_templates.render import docx_tables, docx_text, verify_docx
from tests.portfolio.portfolio_support import AS_OF, HOSTILE, names_in, synthetic, write


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def all_text(path: Path) -> str:
    """Everything a file says, entities resolved: for zip packages (xlsx, docx) every entry."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as package:
            text = "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())
    else:
        text = data.decode("utf-8")
    return html.unescape(text)


@pytest.fixture(scope="module")
def written(municipalities: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("portfolio")
    result = run("portfolio", *map(str, municipalities), "-o", str(out), "--as-of", AS_OF, "--lang", "cnr",
                 "--jobs", "2")
    assert result.exit_code == 0, result.output
    return out


def test_writes_dashboard_workbook_summary_and_json(written: Path, municipalities: list[Path]) -> None:
    names = sorted(p.name for p in written.iterdir())
    assert names == ["portfolio-summary.cnr.docx", "portfolio.cnr.html", "portfolio.cnr.xlsx", "portfolio.json"]
    data = json.loads((written / "portfolio.json").read_text(encoding="utf-8"))
    codes = [m["key"] for m in data["municipalities"]]
    assert codes == sorted(["PRIMJER", "ZLATOGRAD01", "ZLATOGRAD02", "HOSTILE"])
    assert data["common_causes"], "four town halls share weaknesses (e.g. end-of-life systems)"
    assert all(len(c["municipalities"]) >= data["threshold"] for c in data["common_causes"])
    costed = [c for c in data["common_causes"] if c["one_off_eur"]]  # root causes of analysis.json schema 2
    assert costed and all(c["one_off_eur"][0] <= c["one_off_eur"][1] for c in costed)
    primjer = next(m for m in data["municipalities"] if m["key"] == "PRIMJER")
    assert primjer["total"] == sum(primjer["risks"].values()) and primjer["eol"] > 0
    assert set(primjer["nis2"]) == set("abcdefghij") and len(primjer["sections"]) == 13
    wb = load_workbook(written / "portfolio.cnr.xlsx", read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 4 and rows[0][0] == "Oznaka"
    assert {r[0] for r in rows[1:]} == set(codes)
    hostile = next(r for r in rows[1:] if r[0] == "HOSTILE")
    assert hostile[1].startswith("Opština Hostile & <b>x</b> {{ 7*7 }}")  # literal, never a formula or markup
    docx = (written / "portfolio-summary.cnr.docx").read_bytes()
    assert verify_docx(docx, allow=[HOSTILE]) == []  # the hostile name, written literally
    text = docx_text(docx)
    assert "Sažetak za ministarstvo" in text and "Šta prvo finansirati" in text
    table = docx_tables(docx)[0]
    assert len(table) == 1 + 4 and any("{{ 7*7 }}" in row[0] for row in table)
    page = (written / "portfolio.cnr.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    assert "default-src 'none'" in page and "unsafe-inline" not in page


def test_same_input_same_bytes(municipalities: list[Path], written: Path, tmp_path: Path) -> None:
    result = run("portfolio", *map(str, municipalities), "-o", str(tmp_path), "--as-of", AS_OF, "--lang", "cnr",
                 "--jobs", "1")
    assert result.exit_code == 0, result.output
    for name in ("portfolio.json", "portfolio.cnr.html", "portfolio.cnr.xlsx", "portfolio-summary.cnr.docx"):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes(), name


@pytest.mark.parametrize("lang", ["en", "cnr"])
def test_anonymise_leaves_no_name_in_any_output(municipalities: list[Path], tmp_path: Path, lang: str) -> None:
    result = run("portfolio", *map(str, municipalities), "-o", str(tmp_path), "--as-of", AS_OF, "--lang", lang,
                 "--anonymise", "--jobs", "2")
    assert result.exit_code == 0, result.output
    secrets = set().union(*(names_in(p) for p in municipalities))
    assert {"Opština Primjer", "PRIMJER", "Petar Primović", "HOSTILE"} <= secrets
    outputs = sorted(tmp_path.iterdir())
    assert len(outputs) == 4
    for path in outputs:
        assert not any(s in path.name for s in secrets)
        text = all_text(path)
        leaked = sorted(s for s in secrets if s in text)
        assert not leaked, f"{path.name} names {leaked}"
    data = json.loads((tmp_path / "portfolio.json").read_text(encoding="utf-8"))
    assert data["anonymised"] is True
    assert [m["key"] for m in data["municipalities"]] == ["M01", "M02", "M03", "M04"]
    # the control: without --anonymise the same outputs do name them (so the check above can fail)
    plain = tmp_path / "plain"
    assert run("portfolio", *map(str, municipalities), "-o", str(plain), "--as-of", AS_OF, "--lang", lang,
               "--jobs", "1").exit_code == 0
    assert "Opština Primjer" in all_text(plain / f"portfolio.{lang}.html")
    assert "PRIMJER" in all_text(plain / f"portfolio.{lang}.xlsx")


def test_anonymous_codes_are_stable_across_runs_and_input_order(municipalities: list[Path], tmp_path: Path) -> None:
    keys = []
    for n, order in enumerate((municipalities, list(reversed(municipalities)))):
        out = tmp_path / str(n)
        assert run("portfolio", *map(str, order), "-o", str(out), "--as-of", AS_OF, "--anonymise",
                   "--jobs", "1").exit_code == 0
        data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
        keys.append([(m["key"], m["total"]) for m in data["municipalities"]])
    assert keys[0] == keys[1]


def test_analysis_json_inputs_are_read_as_they_are(municipalities: list[Path], tmp_path: Path) -> None:
    analysed = tmp_path / "analysed"
    assert run("analyze", str(municipalities[0]), "-o", str(analysed), "--as-of", AS_OF).exit_code == 0
    out = tmp_path / "out"
    result = run("portfolio", str(analysed / "analysis.json"), str(municipalities[1]), "-o", str(out),
                 "--as-of", AS_OF, "--lang", "en", "--jobs", "1")
    assert result.exit_code == 0, result.output
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert [m["key"] for m in data["municipalities"]] == ["PRIMJER", "ZLATOGRAD01"]


def test_an_invalid_input_writes_nothing_and_says_where(municipalities: list[Path], tmp_path: Path) -> None:
    broken = synthetic(7)
    broken["assets"][0]["zone"] = "no-such-zone"
    bad = write(tmp_path / "bad", broken)
    out = tmp_path / "out"
    result = run("portfolio", str(municipalities[1]), str(bad), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 3
    assert str(bad) in result.output and "no-such-zone" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_the_same_municipality_twice_is_refused(municipalities: list[Path], tmp_path: Path) -> None:
    result = run("portfolio", str(municipalities[1]), str(municipalities[1]), "-o", str(tmp_path / "o"), "-j", "1")
    assert result.exit_code == 3 and "ZLATOGRAD01" in result.output


def test_anonymise_with_documents_is_a_usage_error(municipalities: list[Path], tmp_path: Path) -> None:
    result = run("portfolio", str(municipalities[1]), "-o", str(tmp_path), "--anonymise", "--documents")
    assert result.exit_code == 2


def test_unknown_language_is_a_usage_error(municipalities: list[Path], tmp_path: Path) -> None:
    result = run("portfolio", str(municipalities[1]), "-o", str(tmp_path), "--lang", "xx")
    assert result.exit_code == 2 and "cnr" in result.output


def test_a_broken_analysis_json_is_invalid_input(municipalities: list[Path], tmp_path: Path) -> None:
    bad = tmp_path / "analysis.json"
    bad.write_text('{"schema_version": "1", "tool_version": "x", "as_of": "not a date"}', encoding="utf-8")
    result = run("portfolio", str(bad), str(municipalities[1]), "-o", str(tmp_path / "o"), "--jobs", "1")
    assert result.exit_code == 3 and "analysis.json" in result.output and "as_of" in result.output


def test_store_problems_are_reported_without_a_traceback(municipalities: list[Path], tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"not a database" * 200)
    result = run("portfolio", str(municipalities[1]), "-o", str(tmp_path / "o"), "--store", str(notes))
    assert result.exit_code == 3 and "notes.db" in result.output
    result = run("portfolio", str(municipalities[1]), "-o", str(tmp_path / "o"),
                 "--store", "postgresql://u:pw-secret@127.0.0.1:1/db?connect_timeout=2")
    assert result.exit_code == 2 and "pw-secret" not in result.output and "Traceback" not in result.output
    result = run("portfolio", str(municipalities[1]), "-o", str(tmp_path / "o"),
                 "--store", "postgresql://u@127.0.0.1:1/db?connect_timeout=2")
    assert result.exit_code == 4 and "cannot connect" in result.output


def test_last_scan_and_drift_from_the_workspace_store(tmp_path: Path) -> None:
    town = write(tmp_path / "town", synthetic(3))
    xml = Path(__file__).resolve().parents[1] / "scans" / "data" / "real_localhost_O_script.xml"
    imported = run("scan", "import", str(xml), "-w", str(town.parent), "--scope", "127.0.0.0/8")
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "out"
    assert run("portfolio", str(town), "-o", str(out), "--as-of", AS_OF, "-j", "1").exit_code == 0
    row = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))["municipalities"][0]
    assert row["last_scan"] and row["drift"] >= 1  # loopback is no asset of the town: an unknown host
    plain = tmp_path / "plain"
    assert run("portfolio", str(town), "-o", str(plain), "--no-workspace-scans", "-j", "1").exit_code == 0
    row = json.loads((plain / "portfolio.json").read_text(encoding="utf-8"))["municipalities"][0]
    assert row["last_scan"] is None and row["drift"] is None
