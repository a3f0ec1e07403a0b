"""The workbook form: same models as YAML, places as sheet and row, deterministic bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from asset_models.errors import InventoryError
from asset_models.loaders import load_inventory
from asset_models.xlsx import workbook_bytes
from tests.foundation.conftest import MINI, find

EXAMPLE = Path(__file__).parents[2] / "examples" / "primjer"


def _save(tmp_path: Path, content: bytes, name: str = "inv.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_yaml_and_xlsx_load_to_equal_models(tmp_path: Path) -> None:
    from_yaml = load_inventory(MINI)
    from_xlsx = load_inventory(_save(tmp_path, workbook_bytes(from_yaml)))
    assert from_xlsx == from_yaml


@pytest.mark.skipif(not (EXAMPLE / "inventory.xlsx").exists(), reason="example workbook not generated yet")
def test_example_yaml_and_xlsx_are_equal() -> None:
    assert load_inventory(EXAMPLE / "inventory.xlsx") == load_inventory(EXAMPLE / "inventory.yaml")


def test_workbook_bytes_are_deterministic() -> None:
    inv = load_inventory(MINI)
    assert workbook_bytes(inv) == workbook_bytes(inv)


def test_workbook_carries_no_wall_clock() -> None:
    """Two calls in the same second would agree anyway: check that no date in the package is today's."""
    package = zipfile.ZipFile(io.BytesIO(workbook_bytes(load_inventory(MINI))))
    core = package.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified
    assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _edit(tmp_path: Path, sheet: str, cell: str, value: object) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(load_inventory(MINI))))
    wb[sheet][cell] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return _save(tmp_path, buffer.getvalue())


def _problems(path: Path) -> list:
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    return info.value.problems


def _column(sheet: str, name: str) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(None)))
    for cell in wb[sheet][1]:
        if cell.value == name:
            return str(cell.column_letter)
    raise AssertionError(name)


def test_bad_value_points_at_sheet_and_row(tmp_path: Path) -> None:
    path = _edit(tmp_path, "assets", f"{_column('assets', 'kind')}3", "servr")
    problem = find(_problems(path), "'servr' is not one of")
    assert (problem.place.sheet, problem.place.row) == ("assets", 3)
    assert problem.place.item == "assets[srv-db01]"
    assert problem.hint == "did you mean 'server'?"
    assert "[sheet assets, row 3]" in str(problem)


def test_unknown_column_is_an_unknown_field(tmp_path: Path) -> None:
    path = _edit(tmp_path, "assets", "AZ1", "hostnme")
    wb = openpyxl.load_workbook(path)
    wb["assets"]["AZ3"] = "db01"
    wb.save(path)
    problem = find(_problems(path), "unknown field 'hostnme'")
    assert problem.hint == "did you mean 'hostname'?"
    assert (problem.place.sheet, problem.place.row) == ("assets", 3)


def test_child_row_with_unknown_parent(tmp_path: Path) -> None:
    path = _edit(tmp_path, "asset_services", "A2", "srv-db99")
    problem = find(_problems(path), "refers to asset 'srv-db99'")
    assert (problem.place.sheet, problem.place.row) == ("asset_services", 2)


def test_unknown_sheet_suggests_closest(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(load_inventory(MINI))))
    wb.create_sheet("asets")
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    problem = find(_problems(path), "unknown sheet 'asets'")
    assert problem.hint == "did you mean 'assets'?"


def test_reference_problem_points_at_row(tmp_path: Path) -> None:
    path = _edit(tmp_path, "assets", f"{_column('assets', 'zone')}2", "srvers")
    problem = find(_problems(path), "refers to zone 'srvers'")
    assert (problem.place.sheet, problem.place.row) == ("assets", 2)
