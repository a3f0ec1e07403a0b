"""One database seam for the stores (scans, analysis snapshots): SQLite file or PostgreSQL server.

A store is named by ``--store`` or the ``LSGRISK_STORE`` variable:

* ``postgresql://user@host/db`` (or ``postgres://``, or a libpq key/value string
  starting with ``postgresql:``): a PostgreSQL server, through psycopg 3
  (``pip install "lsgrisk[postgres]"``);
* anything else is a path to an SQLite file (``sqlite:///path`` is accepted too),
  created owner-only when missing. SQLite is the embedded default.

:class:`Database` hides the few differences the stores meet: the parameter
style (stores write ``?``; PostgreSQL gets ``%s``), how a write transaction
starts (``BEGIN IMMEDIATE`` on SQLite, so concurrent writers queue instead of
failing; a plain transaction on PostgreSQL), and how schema migrations are
serialised between processes (the SQLite write lock; a transaction-scoped
advisory lock on PostgreSQL). Everything else is portable SQL.

Schema versions: :func:`migrate` keeps one row per component in
``schema_versions`` and applies the component's numbered migrations in
order, each in its own transaction; a store newer than this program is refused.
Messages never show a password from a URL (:func:`redact`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from asset_models.errors import EnvironmentProblem, InputError, Place, Problem, ToolMissing, UsageProblem
from asset_models.fsutil import ensure_dir

STORE_ENV = "LSGRISK_STORE"
SQLITE_TIMEOUT_S = 60
_URL = re.compile(r"^(postgresql|postgres)(\+psycopg)?://", re.IGNORECASE)
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")

Dialect = Literal["sqlite", "postgresql"]


def is_server_url(spec: str | Path) -> bool:
    return server_url(spec) is not None


#: a URL that went through ``pathlib.Path`` (``--db`` options are paths): ``postgresql:/user@host/db``
_PATH_URL = re.compile(r"^(postgresql|postgres)(\+psycopg)?:/(?!/)", re.IGNORECASE)


def server_url(spec: str | Path) -> str | None:
    """The PostgreSQL URL ``spec`` names, or None for a file path.

    Accepts the URL as typed and the same URL after ``pathlib.Path`` folded its ``//`` (the scan
    commands' ``--db`` is a path option). A password in the URL is refused: it would show in the
    process list, the shell history and messages; libpq reads it from PGPASSWORD or ~/.pgpass.
    """
    text = str(spec)
    if isinstance(spec, Path) and _PATH_URL.match(text):
        text = text.replace(":/", "://", 1)
    if not _URL.match(text):
        return None
    if _PASSWORD.search(text):
        raise UsageProblem(
            f"the store URL {redact(text)} holds a password",
            [Problem(Place(file=redact(text)), "a password in a URL shows in the process list and in messages")],
            hint="remove it from the URL and give it in PGPASSWORD or ~/.pgpass",
        )
    return text


def redact(spec: str | Path) -> str:
    """The store's name for messages: a URL's password replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", str(spec))


def store_spec(explicit: str | Path | None, environ: dict[str, str] | None = None) -> str | Path | None:
    """``--store`` if given, else ``LSGRISK_STORE``, else None."""
    if explicit is not None and str(explicit) != "":
        return explicit
    value = (environ if environ is not None else dict(os.environ)).get(STORE_ENV, "").strip()
    return value or None


def _sqlite_path(spec: str | Path) -> Path:
    text = str(spec)
    if text.startswith("sqlite:///"):
        return Path(text[len("sqlite://"):])
    if text.startswith("sqlite://"):
        return Path(text[len("sqlite://"):])
    return Path(spec)


_COMMENT = re.compile(r"--[^\n]*")


def split_script(script: str) -> list[str]:
    """The statements of a schema script: ``--`` comments removed, split at ``;`` (no ``;`` inside literals)."""
    return [s.strip() for s in _COMMENT.sub("", script).split(";") if s.strip()]


class Database:
    """An open store connection (SQLite or PostgreSQL) with the stores' common operations."""

    def __init__(self, spec: str | Path) -> None:
        self.spec = spec
        self.name = redact(spec)
        self.dialect: Dialect
        url = server_url(spec)
        if url is not None:
            self.dialect = "postgresql"
            self._con: Any = _connect_postgres(url)
        else:
            self.dialect = "sqlite"
            self._con = _connect_sqlite(_sqlite_path(spec))
        self._depth = 0

    # ----------------------------------------------------------------- SQL

    def sql(self, text: str) -> str:
        """The statement in this dialect: ``?`` placeholders become ``%s`` on PostgreSQL."""
        if self.dialect == "postgresql":
            return text.replace("%", "%%").replace("?", "%s")
        return text

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns a cursor (``fetchone``, ``fetchall``, ``fetchmany``)."""
        return self._con.execute(self.sql(text), tuple(params))

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.dialect == "postgresql":
            with self._con.cursor() as cur:
                cur.executemany(self.sql(text), [tuple(r) for r in rows])
        else:
            self._con.executemany(text, rows)

    def script(self, text: str) -> None:
        """Several statements separated by ``;`` (schema definitions; no parameters)."""
        for statement in split_script(text):
            self._con.execute(statement)

    def tables(self) -> set[str]:
        if self.dialect == "postgresql":
            rows = self._con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()
        else:
            rows = self._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {str(r[0]) for r in rows}

    # ----------------------------------------------------------------- transactions

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[Database]:
        """A write transaction: committed on success, rolled back on any exception.

        ``lock`` names a lock held until the end of the transaction, which serialises
        the holders across processes (used by migrations); SQLite's write lock does it there.
        """
        if self._depth:
            yield self
            return
        self._depth += 1
        try:
            if self.dialect == "postgresql":
                with self._con.transaction():
                    if lock is not None:
                        self._con.execute("SELECT pg_advisory_xact_lock(%s)", (zlib.crc32(lock.encode()),))
                    yield self
            else:
                self._begin_sqlite()
                try:
                    yield self
                except BaseException:
                    self._con.execute("ROLLBACK")
                    raise
                self._con.execute("COMMIT")
        finally:
            self._depth -= 1

    def _begin_sqlite(self) -> None:
        deadline = time.monotonic() + SQLITE_TIMEOUT_S
        while True:
            try:
                self._con.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise EnvironmentProblem(
                        f"the store {self.name} stayed locked by another writer",
                        [Problem(Place(file=self.name), str(error))],
                        hint="wait for the other lsgrisk process to finish, then run again",
                    ) from error
                time.sleep(0.05)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect_sqlite(path: Path) -> sqlite3.Connection:
    ensure_dir(path.parent)
    if not path.exists():
        path.touch(mode=0o600)
    con = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_TIMEOUT_S)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as error:
        con.close()
        raise InputError(f"{path} is not an lsgrisk store",
                         [Problem(Place(file=str(path)), f"SQLite says: {error}",
                                  "an SQLite file written by lsgrisk, a new file name, or a postgresql:// URL")]
                         ) from error
    return con


def _connect_postgres(url: str) -> Any:
    try:
        import psycopg
    except ImportError as error:
        raise ToolMissing(
            "the PostgreSQL driver (psycopg 3) is not installed",
            [Problem(Place(file=redact(url)), "a postgresql:// store needs it")],
            hint='pip install "psycopg[binary]" (or: pip install "lsgrisk[postgres]")',
        ) from error
    if url.lower().startswith("postgresql+psycopg://") or url.lower().startswith("postgres+psycopg://"):
        url = "postgresql://" + url.split("://", 1)[1]
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=15)
    except psycopg.Error as error:
        detail = redact(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
        raise EnvironmentProblem(
            f"cannot connect to the store {redact(url)}",
            [Problem(Place(file=redact(url)), detail)],
            hint="check that the server runs, the address, the user and the password (PGPASSWORD or ~/.pgpass)",
        ) from error


def open_store(spec: str | Path) -> Database:
    return Database(spec)


# --------------------------------------------------------------------------- schema versions

VERSIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_versions (
    component VARCHAR(64) PRIMARY KEY,
    version INTEGER NOT NULL
)
"""


def schema_version(db: Database, component: str) -> int:
    if "schema_versions" not in db.tables():
        return 0
    row = db.execute("SELECT version FROM schema_versions WHERE component = ?", (component,)).fetchone()
    return int(row[0]) if row else 0


def migrate(db: Database, component: str, migrations: Sequence[str]) -> int:
    """Bring ``component`` to ``len(migrations)``: migration N (1-based) is ``migrations[N-1]``.

    Each step runs in its own transaction under a lock, so processes that open a new
    store at the same moment apply every step exactly once. Returns the version.
    """
    target = len(migrations)
    current = schema_version(db, component)
    if current > target:
        raise EnvironmentProblem(
            f"the store {db.name} was written by a newer lsgrisk ({component} schema {current}, this one knows "
            f"{target})",
            [Problem(Place(file=db.name), f"schema_versions.{component} = {current}")],
            hint="upgrade lsgrisk, or use another store",
        )
    while current < target:
        with db.transaction(lock=f"lsgrisk-migrate-{component}"):
            db.script(VERSIONS_TABLE)
            row = db.execute("SELECT version FROM schema_versions WHERE component = ?", (component,)).fetchone()
            current = int(row[0]) if row else 0
            if current >= target:
                break
            db.script(migrations[current])
            if row is None:
                db.execute("INSERT INTO schema_versions (component, version) VALUES (?, ?)", (component, current + 1))
            else:
                db.execute("UPDATE schema_versions SET version = ? WHERE component = ?", (current + 1, component))
            current += 1
    return current


# --------------------------------------------------------------------------- sqlite3-style access to PostgreSQL

_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)\s*(?:=\s*(\w+)|\((\w+)\))?\s*;?\s*$", re.IGNORECASE)
_MASTER_TABLES = re.compile(r"^\s*SELECT\s+(name|1)\s+FROM\s+sqlite_master\s+WHERE\s+type\s*=\s*'table'"
                            r"(\s+AND\s+name\s*=\s*\?)?\s*$", re.IGNORECASE)
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\s+(.*)$", re.IGNORECASE | re.DOTALL)


_ROWID = re.compile(r"\browid\b", re.IGNORECASE)


class _Rows:
    """A cursor over rows computed here (answers to PRAGMAs): ``fetchone``, ``fetchall``, ``fetchmany``, iteration."""

    def __init__(self, rows: Sequence[tuple[Any, ...]] = ()) -> None:
        self._rows = list(rows)
        self.rowcount = -1

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while self._rows:
            yield self._rows.pop(0)


class PgSqliteConnection:
    """A PostgreSQL connection that speaks the sqlite3 dialect a store was written in.

    The seam that lets the scan store (written for :mod:`sqlite3`) keep its SQL:
    ``?`` becomes ``%s``; ``BEGIN IMMEDIATE`` becomes ``BEGIN`` plus a transaction-scoped
    advisory lock, so writers queue exactly as on SQLite; ``INSERT OR IGNORE`` becomes
    ``ON CONFLICT DO NOTHING``; ``sqlite_master`` and ``PRAGMA table_info`` read the
    information schema; the other PRAGMAs (journal, synchronous, busy timeout, foreign-key
    switches) have no PostgreSQL meaning and answer nothing (PostgreSQL always checks foreign
    keys). Errors leave as :class:`sqlite3.OperationalError`/``DatabaseError`` so the store's
    own error mapping applies; the message never holds the password.
    """

    def __init__(self, url: str, lock: str = "lsgrisk-store") -> None:
        import psycopg

        self._psycopg = psycopg
        self.name = redact(url)
        self._lock = zlib.crc32(lock.encode())
        db = Database(url)  # the same connection rules (driver check, messages) as every store
        self._con = db._con  # the raw psycopg connection (autocommit)

    # -- sqlite3.Connection's surface used by the stores

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        special = self._special(sql, params)
        if special is not None:
            return special
        return self._run(self._translate(sql), params)

    def executemany(self, sql: str, rows: Any) -> Any:
        batch = [tuple(r) for r in rows]
        if not batch:
            return _Rows()
        statement = self._translate(sql)
        try:
            with self._con.cursor() as cursor:
                cursor.executemany(statement, batch)
        except self._psycopg.Error as error:
            raise self._error(error) from None
        return _Rows()

    def executescript(self, script: str) -> None:
        for statement in split_script(script):
            if statement:
                self.execute(statement)

    def close(self) -> None:
        self._con.close()

    def commit(self) -> None:  # autocommit outside explicit transactions, as sqlite3 with isolation_level=None
        return None

    # -- translation

    @staticmethod
    def _translate(sql: str) -> str:
        match = _INSERT_OR_IGNORE.match(sql)
        if match:
            sql = "INSERT INTO " + match.group(1).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
        sql = _ROWID.sub("ctid", sql)  # insertion order of a table without an id column (append-only tables)
        return sql.replace("%", "%%").replace("?", "%s")

    def _special(self, sql: str, params: Sequence[Any]) -> Any:
        head = sql.strip().upper()
        if head in ("BEGIN IMMEDIATE", "BEGIN", "BEGIN EXCLUSIVE", "BEGIN DEFERRED"):
            self._run("BEGIN", ())
            if head != "BEGIN DEFERRED":
                self._run("SELECT pg_advisory_xact_lock(%s)", (self._lock,))
            return _Rows()
        pragma = _PRAGMA.match(sql)
        if pragma:
            name, _value, argument = pragma.group(1).lower(), pragma.group(2), pragma.group(3)
            if name == "table_info" and argument:
                rows = self._run("SELECT ordinal_position - 1, column_name, data_type, "
                                 "CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END, column_default, 0 "
                                 "FROM information_schema.columns WHERE table_schema = current_schema() "
                                 "AND table_name = %s ORDER BY ordinal_position", (argument.lower(),)).fetchall()
                return _Rows(rows)
            if name == "database_list":
                return _Rows([(0, "main", self.name)])
            return _Rows()  # journal_mode, synchronous, busy_timeout, foreign_keys, foreign_key_check
        master = _MASTER_TABLES.match(sql)
        if master:
            query = ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                     "AND table_type = 'BASE TABLE'")
            if master.group(2):
                query += " AND table_name = %s"
            rows = self._run(query + " ORDER BY table_name", tuple(params)).fetchall()
            return _Rows([(1,) for _ in rows] if master.group(1) == "1" else rows)
        return None

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            return self._con.execute(sql, tuple(params))
        except self._psycopg.Error as error:
            raise self._error(error) from None

    def _error(self, error: Exception) -> sqlite3.Error:
        text = redact(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
        if isinstance(error, self._psycopg.errors.LockNotAvailable):
            return sqlite3.OperationalError(f"database is locked ({text})")
        if isinstance(error, self._psycopg.OperationalError):
            return sqlite3.OperationalError(f"unable to open the server store {self.name}: {text}")
        if isinstance(error, self._psycopg.IntegrityError):
            return sqlite3.IntegrityError(text)
        return sqlite3.DatabaseError(text)
