"""The sqlite3-dialect seam over PostgreSQL: the same statements give the same answers as on SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from asset_models.dburl import PgSqliteConnection

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name VARCHAR(64) PRIMARY KEY, value VARCHAR(256) NOT NULL);
CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, meta_name VARCHAR(64) REFERENCES meta(name),
                                  score REAL, note TEXT);
CREATE INDEX IF NOT EXISTS ix_items_meta ON items (meta_name);
"""


def exercise(con: Any) -> list[Any]:
    """The statements the scan store uses, and what they answer."""
    answers: list[Any] = []
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA journal_mode=WAL")
    answers.append(con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall())
    con.executescript("BEGIN;" + SCHEMA + "COMMIT;")
    answers.append(sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")))
    answers.append([r[1] for r in con.execute("PRAGMA table_info(items)")])
    answers.append(con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                               ("items",)).fetchone())
    con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)", ("1",))
    con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)", ("2",))
    con.execute("BEGIN IMMEDIATE")
    con.executemany("INSERT INTO items VALUES (?,?,?,?)",
                    [(1, "schema_version", 0.5, "50% done?"), (2, None, None, "it's")])
    con.execute("COMMIT")
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO items VALUES (?,?,?,?)", (3, None, 1.0, "rolled back"))
    con.execute("ROLLBACK")
    answers.append(con.execute("SELECT value FROM meta").fetchall())
    answers.append(con.execute("SELECT id, meta_name, score, note FROM items ORDER BY id").fetchall())
    answers.append(con.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone())
    answers.append(con.execute("PRAGMA foreign_key_check").fetchmany(3))
    return answers


def test_same_answers_on_sqlite_and_postgresql(pg_url: str, tmp_path: Path) -> None:
    lite = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    pg = PgSqliteConnection(pg_url)
    try:
        assert exercise(pg) == exercise(lite)
    finally:
        lite.close()
        pg.close()


def test_errors_leave_as_sqlite_errors_without_the_password(pg_url: str) -> None:
    pg = PgSqliteConnection(pg_url)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            pg.execute("SELECT * FROM no_such_table")
        pg.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        pg.execute("INSERT INTO t VALUES (?)", (1,))
        with pytest.raises(sqlite3.IntegrityError):
            pg.execute("INSERT INTO t VALUES (?)", (1,))
    finally:
        pg.close()
