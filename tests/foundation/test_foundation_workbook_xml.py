"""asset_models.workbook.XlsxPackage: sheet XML written directly, read back by openpyxl as the same text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_models.workbook import XlsxPackage, restore_text

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-2+3",
           "\tindented", "\rcarriage", "=1+1", "#N/A", "bell\x07and\x01null\x00", "literal _x0041_ text",
           "lone \ud800 surrogate", "\ufffe", "plain text", "a < b & c > d", " edge spaces ", "two\nlines",
           "asset:fs-0001 <- data:reg-1", "#hashtag", "x" * 40_000]  # fmt: skip
MOMENT = dt.datetime(2026, 6, 1)


def _package(rows: list[list[object]], styles: dict[int, int] | None = None) -> bytes:
    package = XlsxPackage(["Sheet A", "B & <C>"], ["C62828", "bad colour", ""], MOMENT)
    sheet = package.sheet("Sheet A", ["h1", "h2", "=h3"])
    fill = package.fill_style("c62828")
    for row in rows:
        sheet.add(row, {index: fill for index in (styles or {})})
    return package.to_bytes()


def test_hostile_text_is_text_and_reads_back_identically() -> None:
    data = _package([[text] for text in HOSTILE])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # no formula, no DDE
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Sheet A"]
    values = [sheet.cell(row=r, column=1).value for r in range(2, len(HOSTILE) + 2)]
    expected = [*HOSTILE[:-1], HOSTILE[-1][:32_767]]
    assert [restore_text(v) for v in values] == expected
    for row, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s"
        assert cell.quotePrefix == (text.startswith(("=", "+", "-", "@", "\t", "\r")) or text == "#N/A"), text
    assert book.sheetnames == ["Sheet A", "B & <C>"]


def test_numbers_booleans_blanks_colours_header_and_frozen_pane() -> None:
    data = _package([["critical", 25, 2.5, True, None, ""]], styles={0: 1})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Sheet A"]
    assert [c.value for c in sheet[2]][:4] == ["critical", 25, 2.5, True]
    assert sheet.max_column == 4  # None and "" leave the cell empty
    level = sheet.cell(row=2, column=1)
    assert level.fill.start_color.rgb == "FFC62828" and level.font.b and level.font.color.rgb == "FFFFFFFF"
    assert sheet.cell(row=2, column=2).fill.fill_type is None
    assert sheet.cell(row=1, column=1).font.b and sheet.cell(row=1, column=3).value == "=h3"
    assert sheet.freeze_panes == "A2"


def test_same_rows_same_bytes_and_dated_by_the_caller() -> None:
    rows = [[f"row {i}", i] for i in range(5_000)]  # more than one chunk
    first, second = _package(rows), _package(rows)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("docProps/core.xml").decode().count("2026-06-01T00:00:00Z") == 2
    rows_read = list(openpyxl.load_workbook(io.BytesIO(first), read_only=True)["Sheet A"].iter_rows(values_only=True))
    assert len(rows_read) == 5_001 and rows_read[-1] == ("row 4999", 4999)


def test_sheets_must_come_in_the_order_of_their_titles() -> None:
    package = XlsxPackage(["One", "Two"], [], MOMENT)
    with pytest.raises(ValueError, match="Two"):
        package.sheet("Two", ["h"])
    package.sheet("One", ["h"])
    data = package.to_bytes()  # the sheet never written is an empty one
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["One", "Two"]


@given(st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_any_text_round_trips(text: str) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_package([[text, 1]])))["Sheet A"]
    value = sheet.cell(row=2, column=1).value
    assert (restore_text(value) if value is not None else "") == text


def test_repeated_texts_are_written_as_the_first_time() -> None:
    """Short texts are remembered per sheet; a repeat, styled or not, reads back the same as its first cell."""
    rows: list[list[object]] = [[text, text, 1] for text in HOSTILE[:-1]] * 2
    data = _package(rows, styles={1: 1})
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Sheet A"]
    n = len(HOSTILE) - 1
    for r in range(2, n + 2):
        first = [sheet.cell(row=r, column=c).value for c in (1, 2)]
        again = [sheet.cell(row=r + n, column=c).value for c in (1, 2)]
        assert first == again
        assert sheet.cell(row=r + n, column=2).fill.fgColor.rgb == sheet.cell(row=r, column=2).fill.fgColor.rgb
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    cell = '<c r="A{}" t="inlineStr"><is><t>plain text</t></is></c>'
    row = HOSTILE.index("plain text") + 2
    assert cell.format(row) in xml and cell.format(row + n) in xml
