"""Benchmark: the risk register's workbook writers side by side, on the same cells, in one run.

The cells are those of ``risk-register.xlsx`` for a dense synthetic municipality
(``synth.py --dense``; 10,000 assets by default): the analysis runs once, its
register rows are recorded, then each writer writes exactly those rows in its own
fresh subprocess (time, the writer's own memory above the recorded rows as
``ru_maxrss`` growth, file size, and whether two runs give the same bytes):

* ``openpyxl`` write-only mode with the project's safe cells (the writer before issue 17);
* ``XlsxWriter`` in ``constant_memory`` mode (strings written with ``write_string``: never formulas);
* ``PyExcelerate`` (fast, but it turns any text that starts with ``=`` into a formula: unsafe here);
* ``sheet XML`` written directly (:class:`asset_models.workbook.XlsxPackage`, the writer in use).

Every writer colours the level cells and bolds the headers, so the work is the same.
Usage::

    python benchmarks/bench_xlsx.py            # 10,000 assets
    python benchmarks/bench_xlsx.py --assets 2000

Prints a markdown table and writes it to benchmarks/results_xlsx.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import importlib.util
import pickle
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results_xlsx.md"
MOMENT = dt.datetime(2026, 6, 1)

Rows = list[tuple[list[Any], dict[int, int] | None]]
Sheets = list[tuple[str, list[str], Rows]]


class _Recorder:
    """Stands in for XlsxPackage: keeps each sheet's rows and the fill colour of each style id."""

    def __init__(self, titles: list[str], colours: list[str]) -> None:
        self.titles = titles
        self.colours = {3 + i: c.upper() for i, c in enumerate(dict.fromkeys(c.upper() for c in colours if c))}
        self.sheets: Sheets = []

    def fill_style(self, colour: str) -> int:
        return next((k for k, v in self.colours.items() if v == (colour or "").upper()), 0)

    def sheet(self, title: str, headers: list[str]) -> Any:
        rows: Rows = []
        self.sheets.append((title, list(headers), rows))

        class _Sheet:
            @staticmethod
            def add(values: Any, styles: dict[int, int] | None = None) -> None:
                rows.append((list(values), styles))

        return _Sheet()


def record(n_assets: int) -> tuple[Sheets, dict[int, str], int]:
    """The register rows of a dense synthetic inventory, its fill colours, and the old Findings cells."""
    from risk_analyzer import outputs
    from risk_analyzer.analyze import analyze, paused_gc
    from threat_catalog.loader import load_catalog

    spec = importlib.util.spec_from_file_location("lsgrisk_bench_synth", HERE / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synth  # its dataclasses look their module up
    spec.loader.exec_module(synth)
    with paused_gc():
        catalog = load_catalog()
        result = analyze(synth.generate(n_assets, 1, dense=True), catalog, dt.date(2026, 6, 1))
        titles = [names[1] for names in outputs._SHEETS.values()]
        recorder = _Recorder(titles, [*outputs.DEFAULT_COLOURS.values(), *outputs._GREY.values()])
        builders = (outputs._risk_sheet, outputs._asset_sheet, outputs._path_sheet, outputs._plan_sheet,
                    outputs._compliance_sheet, outputs._annex_sheet, outputs._findings_sheet)  # fmt: skip
        for build in builders:
            build(recorder, result, "cnr", outputs.DEFAULT_COLOURS)  # type: ignore[arg-type]
    return recorder.sheets, recorder.colours, 6 * len(result.findings)


# --------------------------------------------------------------------------- the writers (run in the child)


def write_openpyxl(sheets: Sheets, colours: dict[int, str], path: Path) -> None:
    import copy

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    from asset_models.workbook import safe_row
    from asset_models.xlsx import workbook_to_bytes

    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title)
        protos = {}
        for style, colour in colours.items():
            proto = WriteOnlyCell(ws, value="")
            proto.fill = PatternFill("solid", start_color=colour, end_color=colour)
            proto.font = Font(color="FFFFFF", bold=True)
            protos[style] = proto._style
        bold = Font(bold=True)
        header = []
        for text in headers:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        ws.freeze_panes = "A2"
        for values, styles in rows:
            row = safe_row(ws, values)
            for index, style in (styles or {}).items():
                cell = WriteOnlyCell(ws, value=values[index])
                cell._style = copy.copy(protos[style])
                row[index] = cell
            ws.append(row)
    path.write_bytes(workbook_to_bytes(wb, MOMENT))


def write_xlsxwriter(sheets: Sheets, colours: dict[int, str], path: Path) -> None:
    import xlsxwriter

    from asset_models.workbook import FORMULA_START, escape_text

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}  # fmt: skip
    wb = xlsxwriter.Workbook(str(path), options)
    wb.set_properties({"created": MOMENT, "author": "lsgrisk"})
    bold = wb.add_format({"bold": True})
    quoted = wb.add_format({"quote_prefix": True})
    fills = {k: wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": f"#{v}", "pattern": 1})
             for k, v in colours.items()}  # fmt: skip
    for title, headers, rows in sheets:
        ws = wb.add_worksheet(title)
        ws.freeze_panes(1, 0)
        for col, text in enumerate(headers):
            ws.write_string(0, col, text, bold)
        for r, (values, styles) in enumerate(rows, start=1):
            for c, value in enumerate(values):
                fmt = fills[styles[c]] if styles and c in styles else None
                if isinstance(value, str):
                    if not value:
                        continue
                    if fmt is None and value.startswith(FORMULA_START):
                        fmt = quoted
                    if "_x" in value or not value.isprintable():  # escape only what needs it, as the others do
                        value = escape_text(value)
                    ws.write_string(r, c, value, fmt)
                elif value is not None:
                    ws.write_number(r, c, value, fmt)
    wb.close()


def write_pyexcelerate(sheets: Sheets, colours: dict[int, str], path: Path) -> None:
    from pyexcelerate import Color, Fill, Font, Style, Workbook

    def rgb(hex_colour: str) -> Color:
        return Color(int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16))

    styles_of = {k: Style(fill=Fill(background=rgb(v)), font=Font(bold=True, color=Color(255, 255, 255)))
                 for k, v in colours.items()}  # fmt: skip
    bold = Style(font=Font(bold=True))
    wb = Workbook()
    for title, headers, rows in sheets:
        data = [headers, *([v if v != "" else None for v in values] for values, _ in rows)]
        ws = wb.new_sheet(title, data=data)
        ws.set_row_style(1, bold)
        for r, (_values, styles) in enumerate(rows, start=2):
            for c, style in (styles or {}).items():
                ws.set_cell_style(r, c + 1, styles_of[style])
    wb.save(str(path))


def write_sheet_xml(sheets: Sheets, colours: dict[int, str], path: Path) -> None:
    from asset_models.workbook import XlsxPackage

    package = XlsxPackage([t for t, _, _ in sheets], list(colours.values()), MOMENT)
    for title, headers, rows in sheets:
        sheet = package.sheet(title, headers)
        for values, styles in rows:
            sheet.add(values, styles)
    path.write_bytes(package.to_bytes())


#: optional libraries (pip install -e .[bench]); a writer whose library is missing is skipped
LIBRARIES = {"XlsxWriter (constant_memory)": "xlsxwriter", "PyExcelerate": "pyexcelerate"}
WRITERS = {
    "openpyxl (write-only, safe cells)": write_openpyxl,
    "XlsxWriter (constant_memory)": write_xlsxwriter,
    "PyExcelerate": write_pyexcelerate,
    "sheet XML written directly (adopted)": write_sheet_xml,
}
NOTES = {
    "openpyxl (write-only, safe cells)": "the writer before issue 17",
    "XlsxWriter (constant_memory)": "safe with write_string and quote_prefix",
    "PyExcelerate": "unsafe: text starting with '=' becomes a formula",
    "sheet XML written directly (adopted)": "inline text cells only, chunked, deflate level 1",
}


def child(name: str, rows_file: str, out: str) -> None:
    with open(rows_file, "rb") as handle:
        sheets, colours = pickle.load(handle)
    available = [m for m in LIBRARIES.values() if importlib.util.find_spec(m) is not None]
    for module in ("openpyxl.writer.excel", "asset_models.xlsx", *available):
        importlib.import_module(module)  # imported before the clock starts, whichever writer is measured
    gc.disable()
    traced = out.endswith(".traced")
    if traced:  # a separate run: tracemalloc slows the writer, so it is not timed
        tracemalloc.start()
    start = time.perf_counter()
    WRITERS[name](sheets, colours, Path(out))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    print(seconds, peak)


def _run(name: str, rows_file: Path, out: Path) -> tuple[float, float]:
    """(seconds, MiB allocated by the writer at its peak; only for an ``out`` ending in .traced)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", name, str(rows_file), str(out)],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds, peak = proc.stdout.split()
    return float(seconds), int(peak) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="2,000 assets")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.assets = 2_000
    if args.child:
        child(*args.child)
        return 0
    sheets, colours, old_findings_cells = record(args.assets)
    cells = sum(sum(1 for v in values if v is not None and v != "") for _, _, rows in sheets for values, _ in rows)
    findings_cells = sum(len(values) for title, _, rows in sheets if title == "Nalazi" for values, _ in rows)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-xlsx-") as tmp:
        rows_file = Path(tmp) / "rows.pickle"
        rows_file.write_bytes(pickle.dumps((sheets, colours)))
        for name in WRITERS:
            if name in LIBRARIES and importlib.util.find_spec(LIBRARIES[name]) is None:
                print(f"{name}: not installed (pip install -e .[bench]), skipped", file=sys.stderr)
                continue
            digests = []
            times = []
            for attempt in range(2):
                out = Path(tmp) / f"{attempt}.xlsx"
                seconds, _mib = _run(name, rows_file, out)
                times.append(seconds)
                digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
            size = out.stat().st_size / 2**20
            mib = _run(name, rows_file, Path(tmp) / "mem.xlsx.traced")[1]
            results.append((name, min(times), mib, size, digests[0] == digests[1]))
            print(f"{name}: {min(times):.2f} s, {mib:.0f} MiB", file=sys.stderr)
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = " ".join(handle.read().split()[:3])
    base = next(seconds for name, seconds, *_ in results if name.startswith("openpyxl"))
    lines = [
        f"# Register workbook writers side by side ({args.assets:,} assets, dense inventory)",
        "",
        f"{cells:,} non-empty cells in 7 sheets (the Findings sheet's six columns that repeated the Risks sheet "
        f"would add {old_findings_cells - findings_cells:,} more). Each writer runs twice in a fresh process; "
        f"best time shown. Memory: the writer's own peak of Python allocations "
        f"(tracemalloc, in a third, untimed run; the rows it is given are not counted). "
        f"Load average at the end: {load}.",
        "",
        "| writer | time | vs openpyxl | writer memory | file | same bytes twice | note |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, seconds, mib, size, same in results:
        lines.append(f"| {name} | {seconds:.2f} s | {base / seconds:.1f}x | {mib:.0f} MiB | {size:.1f} MB | "
                     f"{'yes' if same else 'no'} | {NOTES[name]} |")  # fmt: skip
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
