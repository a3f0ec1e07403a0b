"""The output files: user text never becomes a spreadsheet formula; levels are coloured; JSON schema."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from analysis_helpers import asset, clean_inventory, run, synth_module
from openpyxl import load_workbook

from risk_analyzer.outputs import CSV_NAME, JSON_NAME, XLSX_NAME, level_colours, write_outputs
from risk_analyzer.result import AnalysisResult, analysis_json_schema


def test_analysis_outputs_neutralise_formulas_and_colour_levels(tmp_path: Path) -> None:
    d = clean_inventory()
    server = asset(d, "srv1")
    server["name"] = '=HYPERLINK("http://evil.example","click")'
    server["os"] = {"name": "Windows Server", "end_of_support": "2020-01-14"}
    result = run(d)
    colours = level_colours([("low", "#2E7D32"), ("medium", "#F9A825"), ("high", "#EF6C00"), ("critical", "#C62828")])
    paths = write_outputs(result, tmp_path, "en", colours)
    assert [p.name for p in paths] == [JSON_NAME, CSV_NAME, XLSX_NAME]
    rows = list(csv.reader((tmp_path / CSV_NAME).open(encoding="utf-8")))
    name_column = rows[0].index("Name")
    assert rows[1][name_column].startswith("'=HYPERLINK")
    workbook = load_workbook(tmp_path / XLSX_NAME)
    sheet = workbook["Risks"]
    name_cell = sheet.cell(row=2, column=name_column + 1)  # literal text, same value (asset_models.workbook)
    assert name_cell.data_type == "s" and name_cell.value == server["name"]
    level = sheet.cell(row=2, column=2)
    assert level.value == result.risks[0].level
    assert level.fill.start_color.rgb.endswith(colours[result.risks[0].level])
    assets = workbook["Assets"]
    assert all(c.data_type != "f" for row in assets.iter_rows() for c in row if c.value is not None)


def test_analysis_outputs_json_round_trips_and_has_a_schema(tmp_path: Path) -> None:
    d = clean_inventory()
    d["measures"]["incident_procedure"] = "no"
    result = run(d)
    write_outputs(result, tmp_path, "cnr")
    text = (tmp_path / JSON_NAME).read_text(encoding="utf-8")
    assert AnalysisResult.model_validate_json(text) == result
    data = json.loads(text)
    schema = analysis_json_schema()
    assert set(data) == set(schema["properties"])  # type: ignore[arg-type]
    assert data["schema_version"] == "2"
    sheet = load_workbook(tmp_path / XLSX_NAME)["Rizici"]
    assert sheet.cell(row=1, column=1).value == "Oznaka rizika"
    assert sheet.cell(row=2, column=2).value in ("nizak", "srednji", "visok", "kritičan")


def test_analysis_outputs_register_is_dated_by_the_analysis_not_the_clock(tmp_path: Path) -> None:
    """Same input and as-of date, same bytes: no wall-clock time in the xlsx package."""
    import io
    import zipfile

    from risk_analyzer.outputs import register_xlsx

    result = run(clean_inventory())
    package = zipfile.ZipFile(io.BytesIO(register_xlsx(result, "en")))
    core = package.read("docProps/core.xml").decode()
    assert core.count(f"{result.as_of.isoformat()}T00:00:00Z") == 2  # created and modified
    assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    write_outputs(result, tmp_path / "a", "en")
    write_outputs(result, tmp_path / "b", "en")
    for name in (JSON_NAME, CSV_NAME, XLSX_NAME):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_analysis_outputs_streamed_json_is_the_same_bytes(tmp_path: Path) -> None:
    """analysis.json is written in pieces (100k assets never hold the whole text): the same bytes as one piece."""
    import datetime as dt

    from risk_analyzer.analyze import analyze
    from risk_analyzer.outputs import analysis_json_bytes, analysis_json_pieces
    from threat_catalog.loader import load_catalog

    synth = synth_module()
    for result in (run(clean_inventory()), analyze(synth.generate(120, seed=2, dense=True), load_catalog(),
                                                   dt.date(2026, 6, 1))):
        whole = analysis_json_bytes(result)
        for chunk in (1, 7, 2_000):
            assert b"".join(analysis_json_pieces(result, chunk)) == whole
    write_outputs(result, tmp_path, "en")
    assert (tmp_path / JSON_NAME).read_bytes() == whole


def test_risks_csv_is_written_in_pieces_with_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    """risks.csv is streamed in pieces of CSV_PIECE_ROWS rows (450,000 risks never held as one text)."""
    from risk_analyzer import outputs
    from risk_analyzer.pipeline import run_analysis

    example = Path(__file__).parents[2] / "examples" / "primjer" / "inventory.yaml"
    _, result, _ = run_analysis(example, as_of=dt.date(2026, 6, 1))
    assert len(result.risks) > 7
    monkeypatch.setattr(outputs, "CSV_PIECE_ROWS", 1_000_000)
    (whole,) = list(outputs.risks_csv_pieces(result, "cnr"))
    for rows in (1, 3, 7, len(result.risks)):
        monkeypatch.setattr(outputs, "CSV_PIECE_ROWS", rows)
        pieces = list(outputs.risks_csv_pieces(result, "cnr"))
        assert len(pieces) == -(-len(result.risks) // rows)
        assert b"".join(pieces) == whole
    write_outputs(result, tmp_path, "cnr")
    assert (tmp_path / CSV_NAME).read_bytes() == whole
    table = list(csv.reader(whole.decode("utf-8").splitlines()))
    assert len(table) == len(result.risks) + 1 and table[1][0] == result.risks[0].id


def test_attack_paths_that_do_not_fit_one_worksheet_continue_on_the_next(tmp_path: Path, monkeypatch) -> None:
    """At 100k assets there can be more paths than a worksheet holds (1,048,576 rows): none may be cut off.

    The row limit is lowered for the test; the paths continue in "Attack paths (2)" and so on, in order.
    """
    import io

    import risk_analyzer.outputs as outputs
    from risk_analyzer.pipeline import run_analysis

    _, result, _ = run_analysis(Path(__file__).parents[2] / "examples" / "primjer" / "inventory.yaml",
                                as_of=dt.date(2026, 1, 15))
    count = len(result.attack_paths)
    assert count > 10
    limit = 4  # a header and three paths per sheet
    monkeypatch.setattr(outputs, "SHEET_ROWS", limit)  # the splitting rule; the worksheet guard keeps the real limit
    book = load_workbook(io.BytesIO(outputs.register_xlsx(result, "en")), read_only=True)
    names = [n for n in book.sheetnames if n.startswith("Attack paths")]
    assert len(names) == -(-count // (limit - 1)) and names[1] == "Attack paths (2)"
    targets = [row[0] for name in names for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert targets == [p.target for p in result.attack_paths]
    assert book.sheetnames[book.sheetnames.index(names[-1]) + 1] == "Risk treatment plan"
    book.close()


def test_a_worksheet_refuses_a_row_past_its_limit(monkeypatch) -> None:
    import io

    import pytest

    import asset_models.workbook as workbook

    monkeypatch.setattr(workbook, "SHEET_ROWS", 3)
    sheet = workbook.SheetXml(io.BytesIO(), ["a"])
    sheet.add(["x"])
    sheet.add(["y"])
    with pytest.raises(OverflowError):
        sheet.add(["z"])
