"""10.3 zip bombs, 10.4/10.6 formula and control-character cells, 10.9 colliding columns, 10.10 size rule."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_models.fsutil import MAX_TEXT_BYTES, MAX_WORKBOOK_BYTES
from asset_models.loaders import load_inventory
from asset_models.workbook import escape_text, restore_text, safe_row
from asset_models.xlsx import workbook_bytes, workbook_to_bytes
from asset_models.xlsxguard import MAX_MEMBER_BYTES, MAX_RATIO, MAX_SHARED_STRINGS, MAX_TOTAL_BYTES

from .conftest import ROOT, write_inventory

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-2+3",
           "\tindented", "\rcarriage", "=1+1", "#N/A", "bell\x07and\x01null\x00", "literal _x0041_ text",
           "lone \ud800 surrogate", "\ufffe", "plain text"]
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


# --------------------------------------------------------------------------- 10.3 zip bombs


def _with_shared_strings(template: bytes, write_member: Callable[[zipfile.ZipFile], None]) -> bytes:
    """The template workbook plus a hostile xl/sharedStrings.xml, declared in [Content_Types].xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                             compresslevel=1) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                                  f'ContentType="{SST_TYPE}"/></Types>'.encode())
            dst.writestr(name, data)
        write_member(dst)
    return out.getvalue()


def _stream_member(dst: zipfile.ZipFile, head: bytes, body: bytes, repeat: int, tail: bytes) -> None:
    with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
        member.write(head)
        for _ in range(repeat):
            member.write(body)
        member.write(tail)


def _validate_timed(run_cli: Callable[..., Result], path: Path) -> tuple[Result, float]:
    start = time.perf_counter()
    result = run_cli("validate", path)
    return result, time.perf_counter() - start


def test_one_huge_shared_string_is_refused_before_openpyxl(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    chunk = b"A" * (1 << 20)
    mib = MAX_MEMBER_BYTES // (1 << 20) + 1
    bomb = _with_shared_strings(workbook_bytes(None), lambda dst: _stream_member(
        dst, b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>', chunk, mib,
        b"</t></si></sst>"))
    assert len(bomb) < 2 * 1024 * 1024  # under 2 MB on disk, over 256 MiB unpacked
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    result, _seconds = _validate_timed(run_cli, path)
    assert result.exit_code == 3, result.stderr
    assert "xl/sharedStrings.xml' unpacks to 257.0 MiB" in result.stderr


def test_millions_of_tiny_shared_strings_are_refused(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    bomb = _with_shared_strings(workbook_bytes(None), lambda dst: _stream_member(
        dst, b'<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        b"<x:si><x:t>a</x:t></x:si>" * 1000, MAX_SHARED_STRINGS // 1000 + 1, b"</x:sst>"))
    path = tmp_path / "strings.xlsx"
    path.write_bytes(bomb)
    result = run_cli("validate", path)
    assert result.exit_code == 3, result.stderr
    assert f"more than {MAX_SHARED_STRINGS} shared strings" in result.stderr


def test_high_compression_ratio_is_refused(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    bomb = _with_shared_strings(workbook_bytes(None), lambda dst: dst.writestr(
        "xl/media/padding.bin", b"\0" * (8 << 20), compress_type=zipfile.ZIP_DEFLATED))
    path = tmp_path / "ratio.xlsx"
    path.write_bytes(bomb)
    result = run_cli("validate", path)
    assert result.exit_code == 3
    assert "(a zip bomb)" in result.stderr


def test_a_normal_workbook_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "inventory.xlsx"
    path.write_bytes(workbook_bytes(load_inventory(write_inventory(tmp_path))))
    assert load_inventory(path).assets[0].id == "srv1"
    assert zlib  # the ratio test above depends on zlib being present


# --------------------------------------------------------------------------- 10.4 / 10.6 cells


@pytest.mark.parametrize("write_only", [False, True])
def test_hostile_text_is_written_as_text_and_reads_back_identically(write_only: bool) -> None:
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("s")
    ws.append(safe_row(ws, [*HOSTILE, 42, None, dt.date(2026, 1, 1)]))
    data = workbook_to_bytes(wb, dt.datetime(2000, 1, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml" if write_only else "xl/worksheets/sheet2.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # no formula, no DDE
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    row = next(book["s"].iter_rows(values_only=True))
    assert [restore_text(v) if isinstance(v, str) else v for v in row[:len(HOSTILE)]] == HOSTILE
    assert row[len(HOSTILE)] == 42


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_escaping_round_trips_any_text(text: str) -> None:
    assert restore_text(escape_text(text)) == text
    assert not any(ord(c) < 32 and c not in "\t\n" for c in escape_text(text))


def test_convert_round_trips_formula_like_and_control_text(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    names = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "@SUM(1)", "ctl\x01\x1fname"]
    for index, name in enumerate(names):
        folder = tmp_path / str(index)
        folder.mkdir()
        yaml_name = json.dumps(name)[1:-1]  # a YAML double-quoted scalar takes JSON's escapes
        source = write_inventory(folder, yaml_name)
        assert load_inventory(source).assets[0].name == name
        target = source.with_suffix(".xlsx")
        result = run_cli("convert", source, "-o", target)
        assert result.exit_code == 0, result.stderr
        with zipfile.ZipFile(target) as package:
            sheets = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) > 5 and not any(b"<f>" in xml for xml in sheets)
        assert load_inventory(target).assets[0].name == name


# --------------------------------------------------------------------------- 10.9 colliding columns


def _with_column(tmp_path: Path, sheet: str, title: str, value: str, name: str) -> Path:
    source = tmp_path / "base.xlsx"
    source.write_bytes(workbook_bytes(load_inventory(write_inventory(tmp_path))))
    wb = openpyxl.load_workbook(source)
    ws = wb[sheet]
    ws.insert_cols(1)
    for row in range(1, ws.max_row + 1):
        ws.cell(row=row, column=1, value=title if row == 1 else value)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize(("sheet", "title", "message"), [
    ("assets", "os", "the columns 'os' and 'os."),
    ("assets", "services", "'services' cannot be a column here: they go on sheet 'asset_services'"),
    ("municipality", "security_officer", "the columns 'security_officer' and 'security_officer."),
    ("assets", "name", "the column 'name' appears twice"),
])
def test_colliding_columns_are_input_errors(tmp_path: Path, run_cli: Callable[..., Result], sheet: str, title: str,
                                            message: str) -> None:
    path = _with_column(tmp_path, sheet, title, "x", "clash.xlsx")
    if title == "services":  # the asset also has a row on asset_services
        wb = openpyxl.load_workbook(path)
        wb["asset_services"].append(["srv1", 443, "tcp"])
        wb.save(path)
    result = run_cli("validate", path)
    assert result.exit_code == 3, result.stderr
    assert message in result.stderr


# --------------------------------------------------------------------------- 10.10 size rule


def test_readme_states_the_limits_the_code_enforces() -> None:
    from risk_analyzer.tracking import MAX_TRACKING_BYTES
    from threat_catalog.loader import MAX_CATALOG_BYTES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Security model"):readme.index("## Discovery scans")]
    mib = 1024 * 1024
    assert (f"YAML/JSON inventories at most {MAX_TEXT_BYTES // mib} MiB, workbooks at most "
            f"{MAX_WORKBOOK_BYTES // mib} MiB on disk (catalogue files {MAX_CATALOG_BYTES // mib} MiB, "
            f"tracking files {MAX_TRACKING_BYTES // mib} MiB)") in section
    assert (f"each at most {MAX_MEMBER_BYTES // mib} MiB unpacked, {MAX_TOTAL_BYTES // mib} MiB in all, no part "
            f"above 1 MiB expanding more than {MAX_RATIO} times, at most {MAX_SHARED_STRINGS:,} shared strings"
            ) in section


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_devices_are_refused_without_reading(tmp_path: Path, run_cli: Callable[..., Result], device: str,
                                            suffix: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing")
    link = tmp_path / f"inventory{suffix}"
    link.symlink_to(device)
    result = run_cli("validate", link)
    assert result.exit_code == 3, result.stderr
    assert "is not a regular file" in result.stderr


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    fifo = tmp_path / "inventory.yaml"
    os.mkfifo(fifo)
    outcome: list[Result] = []
    worker = threading.Thread(target=lambda: outcome.append(run_cli("validate", fifo)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if not outcome:  # unblock the old code's open() so the test run can end
        with open(fifo, "wb"):
            pass
        worker.join(timeout=5)
        pytest.fail("reading a FIFO blocked")
    assert outcome[0].exit_code == 3
    assert "is not a regular file" in outcome[0].stderr


def test_file_over_the_limit_is_refused(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(MAX_WORKBOOK_BYTES + 1)  # sparse
    result = run_cli("validate", path)
    assert result.exit_code == 3
    assert "a workbook may be at most 64 MiB" in result.stderr


def test_entities_inside_a_workbook_part_are_refused(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    path = tmp_path / "entities.xlsx"
    path.write_bytes(_with_shared_strings(workbook_bytes(None), lambda dst: dst.writestr("xl/sharedStrings.xml",
                                                                                         laughs)))
    result = run_cli("validate", path)
    assert result.exit_code == 3, result.stderr
    assert "cannot be opened as a workbook" in result.stderr
