"""A file read by worker processes is stored exactly as one process stores it, or read by one process.

Each test imports the same file both ways (workers forced with a tiny slice
size, then one process) and compares every table, ids and insertion order
included, and the scan row; a spy makes sure the workers really ran.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import scans.store as store
from asset_models.errors import Place, ScanFileError
from scans import parallel
from tests.scans.conftest import REAL_CAPTURE
from tests.scans.test_scans_import_equivalence import EDGE_CASES, dump


@pytest.fixture
def worker_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count the imports that went through the workers; two workers even on a one-CPU machine."""
    runs: list[int] = []
    real = parallel.parallel_slices

    def spy(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "parallel_slices", spy)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    yield runs


def _import(tmp_path: Path, name: str, path: Path, *, workers: bool, slice_bytes: int = 1,
            before: Path | None = None) -> tuple[Any, ...]:
    """(outcome, every row) of importing ``path`` into a fresh store (after ``before``, if given)."""
    con = store.connect(tmp_path / f"{name}.db")
    try:
        if before is not None:
            store.import_file(con, before)
        store.PARALLEL_MIN_BYTES = 0 if workers else None
        store.PARALLEL_SLICE_BYTES = slice_bytes
        try:
            result = store.import_file(con, path)
        except ScanFileError as exc:
            return ("refused", exc.message, [(p.place, p.message, p.hint) for p in exc.problems]), []
        finally:
            store.PARALLEL_MIN_BYTES, store.PARALLEL_SLICE_BYTES = parallel.MIN_BYTES, None
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        scan = con.execute("SELECT * FROM scans WHERE id = ?", (result.scan_id,)).fetchone()
        run_scripts = con.execute("SELECT * FROM run_scripts ORDER BY rowid").fetchall()
        return ("stored", result.hosts, result.complete, result.warnings, scan[:3] + scan[4:]), \
            dump(con) + [("run_scripts", *r) for r in run_scripts]
    finally:
        con.close()


def _both_ways(tmp_path: Path, path: Path, **kwargs: Any) -> tuple[Any, ...]:
    one = _import(tmp_path, "one", path, workers=False, **kwargs)
    many = _import(tmp_path, "many", path, workers=True, **kwargs)
    assert many == one
    return one


def _busy_file(gen: ModuleType, tmp_path: Path, hosts: int = 60) -> Path:
    """A generator file with everything that sits between hosts: pre-/post-script, task progress, comments."""
    text = gen.generate(tmp_path / "plain.xml", hosts, seed=7, drift=0.1).read_text(encoding="utf-8")
    text = text.replace("<host ", '<prescript><script id="broadcast-ping" output="a &amp; b &#38; c">'
                        '<elem key="k">v&lt;</elem><table><elem>1</elem></table></script></prescript>\n<host ', 1)
    parts = text.split("<host ")
    text = parts[0] + "".join((f'<taskprogress task="SYN Stealth Scan" percent="{i}"/>\n' if i % 7 == 0 else "")
                              + "<host " + part for i, part in enumerate(parts[1:]))
    text = text.replace('<hostnames>', '<hostnames><hostname name="x&amp;y.example" type="user"/>', 5)
    text = text.replace("<runstats>", '<postscript><script id="post" output="done"/></postscript><runstats>')
    text += "<!-- Nmap done at Tue Mar 24 18:19:07 2009; 1000 IP addresses scanned -->\n"
    path = tmp_path / "busy.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("slice_bytes", [1, 3_000, 40_000])
def test_workers_store_what_one_process_stores(tmp_path: Path, gen: ModuleType, worker_runs: list[int],
                                               slice_bytes: int) -> None:
    path = _busy_file(gen, tmp_path)
    outcome, rows = _both_ways(tmp_path, path, slice_bytes=slice_bytes)
    assert worker_runs == [1]
    assert outcome[:3] == ("stored", 60, True)
    assert [r[2] for r in rows if r[0] == "run_scripts"] == ["prescript", "postscript"]
    assert any(r[0] == "hostnames" and r[2] == "x&y.example" for r in rows)


def test_workers_continue_the_ids_of_a_store_in_use(tmp_path: Path, gen: ModuleType, worker_runs: list[int]) -> None:
    path = _busy_file(gen, tmp_path)
    outcome, rows = _both_ways(tmp_path, path, before=REAL_CAPTURE)
    assert worker_runs == [1]
    assert outcome[0] == "stored"
    assert {r[2] for r in rows if r[0] == "hosts"} == {1, 2}  # scan ids


def test_run_facts_and_run_scripts_are_replayed_in_order(tmp_path: Path, gen: ModuleType,
                                                        worker_runs: list[int]) -> None:
    path = _busy_file(gen, tmp_path)
    con = store.connect(tmp_path / "s.db")
    store.PARALLEL_MIN_BYTES, store.PARALLEL_SLICE_BYTES = 0, 1
    try:
        scan_id = store.import_file(con, path).scan_id
    finally:
        store.PARALLEL_MIN_BYTES, store.PARALLEL_SLICE_BYTES = parallel.MIN_BYTES, None
    assert worker_runs == [1]
    scripts = con.execute("SELECT phase, seq, script_name, output, elems FROM run_scripts WHERE scan_id = ? "
                          "ORDER BY seq", (scan_id,)).fetchall()
    assert [s[:4] for s in scripts] == [("prescript", 0, "broadcast-ping", "a & b & c"),
                                        ("postscript", 1, "post", "done")]
    row = con.execute("SELECT exit_status, hosts_up, complete, args FROM scans WHERE id = ?", (scan_id,)).fetchone()
    assert row[0] == "success" and row[1] == 60 and row[2] == 1 and row[3].startswith("nmap ")


def test_a_late_bad_value_gives_the_one_process_message(tmp_path: Path, gen: ModuleType,
                                                        worker_runs: list[int]) -> None:
    text = _busy_file(gen, tmp_path).read_text(encoding="utf-8")
    cut = text.rindex('addrtype="ipv4"')
    bad = tmp_path / "bad.xml"
    bad.write_text(text[:cut].rsplit('addr="', 1)[0] + 'addr="10.0.0.999" ' + text[cut:], encoding="utf-8")
    outcome, _rows = _both_ways(tmp_path, bad)
    assert worker_runs == [1]  # the workers tried, one of them failed, one process said why
    assert outcome[0] == "refused" and "10.0.0.999" in outcome[2][0][1]
    assert outcome[2][0][0].line is not None and outcome[2][0][0].line > 40  # the line in the whole file


@pytest.mark.parametrize("damage", ["cut", "broken"])
def test_a_cut_or_broken_file_gives_the_one_process_result(tmp_path: Path, gen: ModuleType, worker_runs: list[int],
                                                          damage: str) -> None:
    text = _busy_file(gen, tmp_path).read_text(encoding="utf-8")
    path = tmp_path / "damaged.xml"
    middle = len(text) // 2
    path.write_text(text[:middle] if damage == "cut" else text[:middle] + "</nope>" + text[middle:],
                    encoding="utf-8")
    outcome, _rows = _both_ways(tmp_path, path)
    assert worker_runs == [1]
    if damage == "cut":
        assert outcome[0] == "stored" and outcome[2] is False and "ends early" in outcome[3][0]
    else:
        assert outcome[0] == "refused" and "not well-formed" in outcome[1]


def test_the_edge_case_file_and_the_real_capture(tmp_path: Path, worker_runs: list[int]) -> None:
    edge = tmp_path / "edge.xml"
    edge.write_text(EDGE_CASES, encoding="utf-8")
    for path in (edge, REAL_CAPTURE):
        folder = tmp_path / path.stem
        folder.mkdir()
        outcome, rows = _both_ways(folder, path)
        assert outcome[0] == "stored" and rows
    assert len(worker_runs) == 2


def _cut(tmp_path: Path, text: str | bytes, slice_bytes: int = 1) -> list[tuple[int, int]] | None:
    path = tmp_path / "c.xml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return parallel.cut(path, Place(file=str(path)), slice_bytes)


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- nmap -oX - 10.0.0.0/24 <host x="1"> -->\n<nmaprun args="nmap">\n'
HOST = '<host><status state="up"/><address addr="10.0.0.{n}" addrtype="ipv4"/><hostnames/></host>\n'


def test_cuts_fall_on_host_tags_after_the_root(tmp_path: Path) -> None:
    text = HEAD + "".join(HOST.format(n=n) for n in range(1, 5)) + "</nmaprun>\n"
    slices = _cut(tmp_path, text)
    assert slices is not None and len(slices) == 5  # the <host in the header comment is no cut
    data = text.encode()
    assert [data[a:a + 6] for a, _ in slices[1:]] == [b"<host>"] * 4
    assert slices[0][0] == 0 and slices[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(slices))


def test_no_cut_after_a_comment_cdata_or_pi(tmp_path: Path) -> None:
    hosts = [HOST.format(n=n) for n in range(1, 7)]
    for special in ("<!-- <host> -->", "<![CDATA[<host>]]>", "<?pi <host ?>"):
        text = HEAD + "".join(hosts[:3]) + f"<taskbegin>{special}</taskbegin>\n" + "".join(hosts[3:]) + "</nmaprun>"
        slices = _cut(tmp_path, text)
        assert slices is not None and len(slices) == 4, special  # cuts before hosts 1 to 3 only
        assert len(re.findall(rb"<host[ >]", text.encode()[slices[-1][0]:])) == 5  # hosts 3 to 6, the hidden one


def test_files_that_are_never_cut(tmp_path: Path) -> None:
    hosts = "".join(HOST.format(n=n) for n in range(1, 5))
    assert _cut(tmp_path, HEAD.replace("UTF-8", "ISO-8859-1") + hosts + "</nmaprun>") is None
    assert _cut(tmp_path, ("\ufeff" + HEAD.replace("UTF-8", "UTF-16") + hosts + "</nmaprun>").encode("utf-16")) is None
    assert _cut(tmp_path, "<!DOCTYPE nmaprun [<!ENTITY x 'y'>]>\n<nmaprun>" + hosts + "</nmaprun>") is None
    assert _cut(tmp_path, HEAD + "</nmaprun>") is None  # no host: nothing to share
    with_bom = _cut(tmp_path, b"\xef\xbb\xbf" + (HEAD + hosts + "</nmaprun>").encode())
    assert with_bom is not None and len(with_bom) == 5


def test_small_files_stay_in_one_process(tmp_path: Path, gen: ModuleType, worker_runs: list[int]) -> None:
    path = _busy_file(gen, tmp_path)
    con = store.connect(tmp_path / "s.db")
    assert path.stat().st_size < parallel.MIN_BYTES
    store.import_file(con, path)
    assert worker_runs == []
    assert isinstance(con, sqlite3.Connection)


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setenv("LSGRISK_IMPORT_WORKERS", "0")
    assert parallel.worker_count() == 0
    monkeypatch.setenv("LSGRISK_IMPORT_WORKERS", "2")
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    assert parallel.worker_count() == 2  # asked for: started however busy the machine is
    monkeypatch.setenv("LSGRISK_IMPORT_WORKERS", "8")
    assert parallel.worker_count() == 2  # at most one per CPU
    monkeypatch.delenv("LSGRISK_IMPORT_WORKERS")
    assert parallel.worker_count() == 0  # busy: one process
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.4, 0.4))
    assert parallel.worker_count() == 2  # a CPU is free
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert parallel.worker_count() == 0
