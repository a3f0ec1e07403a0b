"""Scans imported into PostgreSQL give the same list, diff, reconcile and analysis as into SQLite."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from lsgrisk.cli.main import cli
from tests.portfolio.portfolio_support import AS_OF, ROOT


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nmap_xml_gen", ROOT / "benchmarks" / "nmap_xml_gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env={"LSGRISK_LANG": "en"})


def outputs(store: str, files: list[Path], workspace: Path, inventory: Path) -> dict[str, str]:
    workspace.mkdir(exist_ok=True)
    found = {}
    imported = run("scan", "import", *map(str, files), "--store", store, "-w", str(workspace),
                   "--scope", "10.0.0.0/8")
    assert imported.exit_code == 0, imported.output
    again = run("scan", "import", str(files[0]), "--store", store, "-w", str(workspace), "--scope", "10.0.0.0/8")
    assert again.exit_code == 0 and "already stored" in again.output
    listed = run("scan", "list", "--store", store, "-w", str(workspace), "--format", "json")
    assert listed.exit_code == 0, listed.output
    found["list"] = json.dumps([{k: v for k, v in row.items() if k not in ("file_name", "raw_path")}
                                for row in json.loads(listed.output)], sort_keys=True)
    diff = run("scan", "diff", "--store", store, "-w", str(workspace), "--format", "json")
    assert diff.exit_code == 1, diff.output  # the second scan drifted: differences, exit 1
    found["diff"] = diff.output
    found["diff_text"] = run("scan", "diff", "--store", store, "-w", str(workspace)).output
    out = workspace / "analysis"
    analysed = run("analyze", str(inventory), "-o", str(out), "--scans", store, "--as-of", AS_OF)
    assert analysed.exit_code == 0, analysed.output
    result = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    found["analysis_scan"] = json.dumps(result["scan"], sort_keys=True)
    found["risks"] = json.dumps([r["id"] for r in result["risks"]])
    return found


@pytest.mark.slow
def test_the_same_answers_from_postgresql_and_sqlite(pg_url: str, tmp_path: Path) -> None:
    gen = _generator()
    files = [gen.generate(tmp_path / "a.xml", 150, seed=4), gen.generate(tmp_path / "b.xml", 150, seed=4, drift=0.1)]
    inventory = ROOT / "examples" / "primjer" / "inventory.yaml"
    lite = outputs(str(tmp_path / "scans.db"), files, tmp_path / "ws-lite", inventory)
    server = outputs(pg_url, files, tmp_path / "ws-pg", inventory)
    assert json.loads(lite["diff"])  # a real difference was found
    for key in lite:
        assert server[key] == lite[key], key


def test_a_password_in_the_store_url_is_refused(tmp_path: Path) -> None:
    result = run("scan", "list", "--store", "postgresql://u:pw-secret@127.0.0.1/db", "-w", str(tmp_path))
    assert result.exit_code == 2 and "pw-secret" not in result.output and "PGPASSWORD" in result.output


def _import_one(store: str, path: str) -> tuple[int, bool]:
    from scans.store import connect, import_file

    con = connect(Path(store))
    try:
        result = import_file(con, Path(path))
        return result.hosts, result.added
    finally:
        con.close()


@pytest.mark.slow
def test_25_town_halls_push_scans_at_once(store: str, tmp_path: Path) -> None:
    import multiprocessing

    from scans.store import list_scans, open_existing

    gen = _generator()
    files = [str(gen.generate(tmp_path / f"town{n:02d}.xml", 12, seed=100 + n, network=f"10.{n}.0.0/24"))
             for n in range(25)]
    with multiprocessing.get_context("fork").Pool(25) as pool:
        results = pool.starmap(_import_one, [(store, f) for f in files])
    assert results == [(12, True)] * 25
    con = open_existing(Path(store))
    try:
        rows = list_scans(con)
        assert len(rows) == 25 and all(r.host_count == 12 for r in rows)
        assert sorted(Path(r.file_name).name for r in rows) == sorted(Path(f).name for f in files)
        for row in rows:  # every host of a scan has the addresses of its own town's network: nothing mixed
            town = int(Path(row.file_name).stem[4:])
            addrs = [a for (a,) in con.execute(
                "SELECT a.addr FROM addresses a JOIN hosts h ON h.id = a.host_id WHERE h.scan_id = ? "
                "AND a.addrtype = 'ipv4'", (row.id,))]
            assert len(addrs) == 12 and all(a.startswith(f"10.{town}.0.") for a in addrs)
    finally:
        con.close()
