"""convert to .xlsx writes the item rows as sheet XML: the cells openpyxl would write, read back identically."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import openpyxl

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from asset_models.xlsx import workbook_bytes
from tests.foundation.conftest import MINI


def _inventory(**changes: Any) -> Inventory:
    inv = load_inventory(MINI)
    asset = inv.assets[0].model_copy(update=changes)
    return inv.model_copy(update={"assets": [asset, *inv.assets[1:]]})


def test_item_cells_keep_dates_numbers_booleans_and_formula_like_text_as_openpyxl_wrote_them() -> None:
    hostile = "=HYPERLINK(\"http://evil.example\",\"x\") & <b> _x0041_ \x01"
    inv = _inventory(name=hostile)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(inv)))
    assets = wb["assets"]
    header = [c.value for c in assets[1]]
    rows = list(assets.iter_rows(min_row=2))
    assert len(rows) == len(inv.assets)
    name = rows[0][header.index("name")]
    assert name.data_type == "s" and name.quotePrefix  # text, shown as text, never a formula
    dated = [row[header.index("os.end_of_support")] for row in rows if row[header.index("os.end_of_support")].value]
    assert dated and all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in dated)
    quantity = rows[0][header.index("quantity")]
    assert quantity.data_type == "n" and quantity.value == inv.assets[0].quantity
    data = wb["data"]
    flags = [row[[c.value for c in data[1]].index("personal_data")].value for row in data.iter_rows(min_row=2)]
    assert set(flags) <= {True, False, None} and True in flags
    assert assets.dimensions == f"A1:{assets.cell(row=1, column=assets.max_column).column_letter}{len(rows) + 1}"


def test_a_converted_workbook_reads_back_as_the_same_inventory(tmp_path: Any) -> None:
    hostile = "@SUM(1) ctl\x01\x1fname _x0041_"
    inv = _inventory(name=hostile)
    path = tmp_path / "inv.xlsx"
    path.write_bytes(workbook_bytes(inv, "cnr"))
    back = load_inventory(path)
    assert back == inv and back.assets[0].name == hostile


def test_rows_are_sheet_xml_with_no_formula_and_the_bytes_are_deterministic() -> None:
    inv = _inventory(name="=cmd|' /C calc'!A0")
    first, second = workbook_bytes(inv), workbook_bytes(inv)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        sheets = {n: package.read(n).decode() for n in package.namelist() if n.startswith("xl/worksheets/sheet")}
        infos = package.infolist()
    assert not any("<f>" in xml for xml in sheets.values())
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in infos)
    assets = next(xml for xml in sheets.values() if "cmd|" in xml)
    rows = [int(n) for n in re.findall(r'<row r="(\d+)"', assets)]
    assert rows == list(range(1, len(inv.assets) + 2))  # header, then one row per asset, in order
