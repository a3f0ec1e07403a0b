"""The snapshot store on SQLite and on a real PostgreSQL server: schema versions, idempotence, 25 writers."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner

from asset_models.dburl import Database, migrate, redact, schema_version, store_spec
from asset_models.errors import EnvironmentProblem
from lsgrisk.cli.main import cli
from risk_analyzer import snapshots
from risk_analyzer.result import AnalysisResult
from tests.portfolio.portfolio_support import AS_OF, EXAMPLE


@pytest.fixture(scope="module")
def example_result(tmp_path_factory: pytest.TempPathFactory) -> AnalysisResult:
    out = tmp_path_factory.mktemp("analysed")
    assert CliRunner().invoke(cli, ["analyze", str(EXAMPLE), "-o", str(out), "--as-of", AS_OF]).exit_code == 0
    return AnalysisResult.model_validate_json((out / "analysis.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_result(municipalities: list[Path], tmp_path_factory: pytest.TempPathFactory) -> AnalysisResult:
    out = tmp_path_factory.mktemp("small")
    result = CliRunner().invoke(cli, ["analyze", str(municipalities[-1]), "-o", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0
    return AnalysisResult.model_validate_json((out / "analysis.json").read_text(encoding="utf-8"))


def variant(result: AnalysisResult, code: str, as_of: dt.date, drop: int = 0) -> AnalysisResult:
    """The example as another municipality (or another day): ``drop`` risks fewer."""
    copy = result.model_copy(deep=True)
    copy.municipality.code = code
    copy.municipality.name = f"Opština {code}"
    copy.as_of = as_of
    if drop:
        copy.risks = copy.risks[drop:]
        copy.summary.total = len(copy.risks)
    return copy


def test_schema_is_versioned_and_migrates_forward(store: str) -> None:
    db = Database(store)
    try:
        assert schema_version(db, "demo") == 0
        steps = ["CREATE TABLE demo_a (id INTEGER PRIMARY KEY, v VARCHAR(8))",
                 "ALTER TABLE demo_a ADD COLUMN w INTEGER"]
        assert migrate(db, "demo", steps[:1]) == 1
        db.execute("INSERT INTO demo_a (id, v) VALUES (?, ?)", (1, "x"))
        assert migrate(db, "demo", steps) == 2  # forward: only the new step runs, the row stays
        assert migrate(db, "demo", steps) == 2  # again: nothing to do
        assert db.execute("SELECT id, v, w FROM demo_a").fetchall() == [(1, "x", None)]
        with pytest.raises(EnvironmentProblem, match="newer lsgrisk"):
            migrate(db, "demo", steps[:1])
    finally:
        db.close()


def test_put_is_idempotent_and_history_is_ordered(store: str, example_result: AnalysisResult) -> None:
    db = snapshots.open_snapshots(store)
    try:
        day1, day2 = dt.date(2025, 6, 1), dt.date(2026, 1, 15)
        assert snapshots.put(db, variant(example_result, "ALFA", day2, drop=10))
        assert snapshots.put(db, variant(example_result, "ALFA", day1))
        assert not snapshots.put(db, variant(example_result, "ALFA", day1))  # the same analysis again
        assert snapshots.put(db, variant(example_result, "BETA", day2))
        history = snapshots.history(db, ["ALFA", "BETA", "GAMA"])
        assert [p.as_of for p in history["ALFA"]] == [day1, day2]
        assert history["ALFA"][0].total - history["ALFA"][1].total == 10
        assert history["GAMA"] == []
        latest = snapshots.latest(db, "ALFA")
        assert latest is not None and latest.as_of == day2
        assert len(snapshots.list_snapshots(db)) == 3
        row = snapshots.list_snapshots(db, "BETA")[0]
        assert snapshots.load(db, row.id) == variant(example_result, "BETA", day2)
    finally:
        db.close()


def _writer(spec: str, document: str, code: str, days: int) -> int:
    result = AnalysisResult.model_validate_json(document)
    db = snapshots.open_snapshots(spec)  # every writer opens (and may migrate) the store at the same moment
    try:
        stored = 0
        for n in range(days):
            stored += snapshots.put(db, variant(result, code, dt.date(2026, 1, 1) + dt.timedelta(days=n), drop=n))
        return stored
    finally:
        db.close()


@pytest.mark.slow
def test_25_concurrent_writers_lose_or_mix_nothing(store: str, small_result: AnalysisResult) -> None:
    document = small_result.model_dump_json()
    codes = [f"OPSTINA{n:02d}" for n in range(25)]
    context = multiprocessing.get_context("fork")
    with context.Pool(25) as pool:
        stored = pool.starmap(_writer, [(store, document, code, 3) for code in codes])
    assert stored == [3] * 25
    db = snapshots.open_snapshots(store)
    try:
        rows = snapshots.list_snapshots(db)
        assert len(rows) == 75
        for code in codes:
            mine = [r for r in rows if r.municipality == code]
            assert [r.as_of.day for r in mine] == [1, 2, 3]
            for n, row in enumerate(mine):
                back = snapshots.load(db, row.id)
                assert back.municipality.code == code and back.as_of == row.as_of  # nothing mixed
                assert len(back.risks) == len(small_result.risks) - n
        assert schema_version(db, snapshots.COMPONENT) == len(snapshots.MIGRATIONS)
    finally:
        db.close()


def test_portfolio_shows_the_trend_from_the_store(store: str, municipalities: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    for day in ("2025-06-01", AS_OF):
        result = runner.invoke(cli, ["portfolio", str(municipalities[0]), str(municipalities[1]), "-o",
                                     str(tmp_path / day), "--as-of", day, "--store", store, "--jobs", "1"])
        assert result.exit_code == 0, result.output
    import json

    data = json.loads((tmp_path / AS_OF / "portfolio.json").read_text(encoding="utf-8"))
    row = next(m for m in data["municipalities"] if m["key"] == "PRIMJER")
    assert [p["as_of"] for p in row["trend"]] == ["2025-06-01", AS_OF]
    assert row["change"] is not None
    assert "<polyline" in (tmp_path / AS_OF / "portfolio.cnr.html").read_text(encoding="utf-8")


def test_store_from_the_environment_and_redacted_names() -> None:
    assert store_spec(None, {"LSGRISK_STORE": "postgresql://u:secret@h/db"}) == "postgresql://u:secret@h/db"
    assert store_spec("x.db", {"LSGRISK_STORE": "y.db"}) == "x.db"
    assert store_spec(None, {}) is None
    assert redact("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"


def test_an_unreachable_server_is_an_environment_problem() -> None:
    with pytest.raises(EnvironmentProblem) as info:
        Database("postgresql://u@127.0.0.1:1/db?connect_timeout=2")
    assert "127.0.0.1" in str(info.value) + " ".join(str(p) for p in info.value.problems)


def test_a_password_in_the_url_is_refused_and_never_shown() -> None:
    from asset_models.errors import UsageProblem

    with pytest.raises(UsageProblem) as info:
        Database("postgresql://u:s3cr3t@127.0.0.1:1/db")
    text = str(info.value) + " ".join(str(p) for p in info.value.problems) + info.value.hint
    assert "s3cr3t" not in text and "PGPASSWORD" in text


def test_a_file_that_is_not_a_store_is_invalid_input(tmp_path: Path) -> None:
    from asset_models.errors import InputError

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError):
        snapshots.open_snapshots(str(bad))


def test_analyze_keeps_a_snapshot_in_the_store(store: str, municipalities: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["analyze", str(municipalities[1]), "-o", str(tmp_path / "a"), "--as-of", AS_OF]
    first = runner.invoke(cli, [*args, "--store", store])
    assert first.exit_code == 0 and "stored: ZLATOGRAD01 2026-01-15" in first.output
    again = runner.invoke(cli, args, env={"LSGRISK_STORE": store})  # the environment names the same store
    assert again.exit_code == 0 and "already stored" in again.output
    plain = runner.invoke(cli, args, env={"LSGRISK_STORE": ""})
    assert plain.exit_code == 0 and "stored" not in plain.output
    db = snapshots.open_snapshots(store)
    try:
        rows = snapshots.list_snapshots(db)
        assert [(r.municipality, r.as_of.isoformat()) for r in rows] == [("ZLATOGRAD01", AS_OF)]
        written = (tmp_path / "a" / "analysis.json").read_text(encoding="utf-8")
        assert snapshots.document(db, rows[0].id) == written  # byte for byte the analysis.json
        assert rows[0].digest == hashlib.sha256(written.encode("utf-8")).hexdigest()
    finally:
        db.close()


def test_portfolio_from_the_store_alone(store: str, municipalities: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    for n, path in enumerate(municipalities[1:3]):
        result = runner.invoke(cli, ["analyze", str(path), "-o", str(tmp_path / f"a{n}"), "--as-of", AS_OF,
                                     "--store", store])
        assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(cli, ["portfolio", "--from-store", "--store", store, "-o", str(out), "--anonymise"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert [m["key"] for m in data["municipalities"]] == ["M01", "M02"]
    assert "ZLATOGRAD" not in (out / "portfolio.cnr.html").read_text(encoding="utf-8")
    assert runner.invoke(cli, ["portfolio", "-o", str(out)]).exit_code == 2
    assert runner.invoke(cli, ["portfolio", "--from-store", "-o", str(out)], env={"LSGRISK_STORE": ""}).exit_code == 2
