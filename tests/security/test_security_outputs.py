"""10.6: a control character in a name no longer breaks the register; outputs are replaced as one set."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from asset_models.workbook import restore_text
from risk_analyzer.outputs import CSV_NAME, JSON_NAME, XLSX_NAME

from .conftest import ROOT, write_inventory

NAME = "Server\x01\x1b[31m\x07"


def _analyze(run_cli: Callable[..., Result], inventory: Path, out: Path) -> Result:
    return run_cli("analyze", inventory, "-o", out, "--lang", "en", "--as-of", "2026-01-15")


def test_control_characters_in_a_name_do_not_break_the_register(tmp_path: Path,
                                                                run_cli: Callable[..., Result]) -> None:
    inventory = write_inventory(tmp_path, json.dumps(NAME)[1:-1])
    result = _analyze(run_cli, inventory, tmp_path / "out")
    assert result.exit_code == 0, result.stderr  # was exit 70 after analysis.json and risks.csv were written
    sheet = openpyxl.load_workbook(tmp_path / "out" / XLSX_NAME, read_only=True)["Assets"]
    names = [restore_text(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert NAME in names


def _set(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in (JSON_NAME, CSV_NAME, XLSX_NAME)}


def test_a_failed_write_leaves_the_previous_set(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    out = tmp_path / "out"
    assert _analyze(run_cli, write_inventory(tmp_path), out).exit_code == 0
    before = _set(out)
    (out / XLSX_NAME).unlink()
    (out / XLSX_NAME).mkdir()  # the register cannot be replaced
    changed = write_inventory(tmp_path, "Renamed server")
    result = _analyze(run_cli, changed, out)
    assert result.exit_code == 4, result.stderr
    assert (out / JSON_NAME).read_bytes() == before[JSON_NAME]  # the old code had replaced these two already
    assert (out / CSV_NAME).read_bytes() == before[CSV_NAME]
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temporaries left


_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from asset_models.fsutil import write_set
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))  # writes past 100 kB fail (EFBIG), like a full disk
try:
    write_set(Path(sys.argv[1]), {"a.json": b"new" * 10, "b.csv": b"new" * 10, "c.xlsx": b"x" * 200_000})
except OSError as exc:
    print(exc.errno)
"""


def test_write_set_on_a_full_disk_keeps_the_old_set(tmp_path: Path) -> None:
    for name in ("a.json", "b.csv", "c.xlsx"):
        (tmp_path / name).write_bytes(b"old")
    done = subprocess.run([sys.executable, "-c", _FULL_DISK, str(tmp_path)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT)}, timeout=60, check=True)
    assert done.stdout.strip() == "27"  # EFBIG
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a.json": b"old", "b.csv": b"old",
                                                                    "c.xlsx": b"old"}
