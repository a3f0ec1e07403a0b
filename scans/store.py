"""The scan store: one SQLite file (WAL), one transaction per imported scan.

The schema is plain, portable SQL (integer keys, VARCHAR/TEXT/INTEGER/REAL
columns, foreign keys and indexes, no SQLite-only column types, no
``AUTOINCREMENT``, no ``WITHOUT ROWID``) so that a server database can take its
place later. SQLite-specific settings (WAL, ``synchronous``) are pragmas of the
connection, not part of the schema. Times are epoch seconds, as nmap writes them.

Importing is all-or-nothing: the hosts of a file go in with the scan row in one
transaction, so an interrupted import (Ctrl-C, SIGKILL, power loss) leaves the
store exactly as it was. The same file (by SHA-256) is never stored twice.

Speed: the parser hands over row tuples with their ids already assigned
(:class:`scans.parser.RowSink`), which go in every 500 hosts with multi-row
``INSERT`` statements; cycle collection is off meanwhile (rows hold no
cycles). A file of ``PARALLEL_MIN_BYTES`` or more is read by two forked
worker processes (:mod:`scans.parallel`) while this process writes their rows,
stored exactly as one process stores them; anything the workers cannot read
exactly is read again in one process. Into an empty store the first import loads in bulk:
secondary indexes are dropped and rebuilt inside the same transaction, foreign
keys are checked once at the end (``PRAGMA foreign_key_check``) instead of on
every row, and a rollback journal replaces the WAL for that transaction (new
pages are then written once, not twice).
"""

from __future__ import annotations

import gc
import itertools
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from asset_models.dburl import PgSqliteConnection, server_url
from asset_models.errors import Place, Problem, ScanFileError
from asset_models.fsutil import ensure_dir
from asset_models.i18n import Texts
from scans import parallel
from scans.nmapargs import parse_args, parse_port_ranges
from scans.parallel import Fallback
from scans.parser import NmapXmlReader, RowSink, RunInfo, file_sha256
from scans.sqlerrors import foreign_store, is_busy, store_errors

SCHEMA_VERSION = 1
BATCH_HOSTS = 500  # hosts per flush: rows of 500 hosts are a few MiB

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name VARCHAR(64) PRIMARY KEY,
    value VARCHAR(256) NOT NULL
);
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY,
    sha256 VARCHAR(64) NOT NULL UNIQUE,
    source VARCHAR(16) NOT NULL,
    file_name VARCHAR(1024) NOT NULL,
    raw_path VARCHAR(1024),
    profile VARCHAR(32),
    nmap_version VARCHAR(32),
    args TEXT,
    scan_types VARCHAR(256),
    ports_scanned TEXT,
    started BIGINT,
    finished BIGINT,
    exit_status VARCHAR(16),
    errormsg TEXT,
    truncated SMALLINT NOT NULL,
    complete SMALLINT NOT NULL,
    hosts_up INTEGER,
    hosts_down INTEGER,
    host_count INTEGER NOT NULL,
    warnings TEXT
);
CREATE TABLE IF NOT EXISTS scan_networks (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    role VARCHAR(16) NOT NULL,
    cidr VARCHAR(64) NOT NULL,
    PRIMARY KEY (scan_id, role, cidr)
);
CREATE TABLE IF NOT EXISTS hosts (
    id INTEGER PRIMARY KEY,
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    seq INTEGER NOT NULL,
    state VARCHAR(16) NOT NULL,
    reason VARCHAR(64),
    starttime BIGINT,
    endtime BIGINT,
    distance INTEGER,
    uptime BIGINT
);
CREATE TABLE IF NOT EXISTS addresses (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    addr VARCHAR(64) NOT NULL,
    addrtype VARCHAR(8) NOT NULL,
    vendor VARCHAR(256)
);
CREATE TABLE IF NOT EXISTS hostnames (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    name VARCHAR(512) NOT NULL,
    name_type VARCHAR(16)
);
CREATE TABLE IF NOT EXISTS extraports (
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    state VARCHAR(32) NOT NULL,
    port_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ports (
    id INTEGER PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    protocol VARCHAR(8) NOT NULL,
    portid INTEGER NOT NULL,
    state VARCHAR(32) NOT NULL,
    reason VARCHAR(64)
);
CREATE TABLE IF NOT EXISTS services (
    port_id INTEGER PRIMARY KEY REFERENCES ports(id),
    name VARCHAR(128),
    product VARCHAR(512),
    version VARCHAR(256),
    extrainfo VARCHAR(512),
    tunnel VARCHAR(16),
    method VARCHAR(16),
    conf INTEGER,
    ostype VARCHAR(128),
    devicetype VARCHAR(128),
    hostname VARCHAR(512)
);
CREATE TABLE IF NOT EXISTS os_matches (
    id INTEGER PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    name VARCHAR(512) NOT NULL,
    accuracy INTEGER
);
CREATE TABLE IF NOT EXISTS os_classes (
    id INTEGER PRIMARY KEY,
    os_match_id INTEGER NOT NULL REFERENCES os_matches(id),
    os_type VARCHAR(128),
    vendor VARCHAR(128),
    osfamily VARCHAR(128),
    osgen VARCHAR(64),
    accuracy INTEGER
);
CREATE TABLE IF NOT EXISTS cpes (
    port_id INTEGER REFERENCES ports(id),
    os_class_id INTEGER REFERENCES os_classes(id),
    seq INTEGER NOT NULL,
    cpe VARCHAR(512) NOT NULL
);
CREATE TABLE IF NOT EXISTS scripts (
    id INTEGER PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    port_id INTEGER REFERENCES ports(id),
    script_name VARCHAR(128) NOT NULL,
    output TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS script_elems (
    script_row_id INTEGER NOT NULL REFERENCES scripts(id),
    seq INTEGER NOT NULL,
    path VARCHAR(1024) NOT NULL,
    elem_key VARCHAR(512),
    elem_value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vulnerabilities (
    port_id INTEGER NOT NULL REFERENCES ports(id),
    cpe VARCHAR(512) NOT NULL,
    vuln_id VARCHAR(128) NOT NULL,
    vuln_type VARCHAR(64),
    cvss REAL,
    is_exploit SMALLINT
);
CREATE TABLE IF NOT EXISTS run_scripts (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    phase VARCHAR(16) NOT NULL,
    seq INTEGER NOT NULL,
    script_name VARCHAR(128) NOT NULL,
    output TEXT NOT NULL,
    elems TEXT
);
-- Only the indexes that the readers (diff, snapshot, reconcile) use; rows are never deleted, so the
-- child sides of os_classes, script_elems and the CPEs of OS classes need none (stores made before
-- keep theirs, harmlessly).
CREATE INDEX IF NOT EXISTS ix_hosts_scan ON hosts (scan_id);
CREATE INDEX IF NOT EXISTS ix_addresses_host ON addresses (host_id);
CREATE INDEX IF NOT EXISTS ix_hostnames_host ON hostnames (host_id);
CREATE INDEX IF NOT EXISTS ix_extraports_host ON extraports (host_id);
CREATE INDEX IF NOT EXISTS ix_ports_host ON ports (host_id);
CREATE INDEX IF NOT EXISTS ix_cpes_port ON cpes (port_id);
CREATE INDEX IF NOT EXISTS ix_os_matches_host ON os_matches (host_id);
CREATE INDEX IF NOT EXISTS ix_scripts_host ON scripts (host_id);
CREATE INDEX IF NOT EXISTS ix_vulnerabilities_port ON vulnerabilities (port_id);
"""

_ID_TABLES = ("scans", "hosts", "ports", "os_matches", "os_classes", "scripts")


def default_db(workspace: Path) -> Path:
    return workspace / "lsgrisk-scans.db"


# User-facing texts of this module.
MESSAGES = Texts({
    "not_store": "an SQLite file without the scan tables",
    "foreign_table": "its table '{table}' has the columns {found}, not those of a scan store ({expected})",
    "newer": "the store was written by a newer lsgrisk (schema {found}; this one reads {expected})",
    "missing": "scan store {path} does not exist",
    "missing_found": "no such file",
    "missing_hint": "run 'lsgrisk scan run' or 'scan import' first, or pass --db",
    "no_scan": "scan {scan_id} is not in {path}",
    "no_scan_found": "no scan with id {scan_id}",
    "no_scan_hint": "see 'lsgrisk scan list'",
    "already": "{path}: already stored as scan {scan_id} (same SHA-256); nothing added",
    "no_runstats": "the file has no <runstats>: nmap did not finish this scan; marked incomplete",
    "nmap_error": "nmap reported an error: {msg}; marked incomplete",
    "nmap_error_none": "no message",
    "targets_unknown": "the targets cannot all be read from nmap's command line (-iL, -iR, --excludefile, --resume "
                       "or an excluded name): no host of this scan will be reported gone",
})


def _expected_columns() -> dict[str, list[str]]:
    mem = sqlite3.connect(":memory:")
    try:
        mem.executescript(SCHEMA)
        names = [r[0] for r in mem.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in mem.execute(f"PRAGMA table_info({t})")] for t in names}
    finally:
        mem.close()


_EXPECTED = _expected_columns()


def _check_schema(con: sqlite3.Connection, db_path: Path, *, allow_empty: bool) -> bool:
    """Refuse a file that is not a scan store (read only; nothing is written). True when the file has no tables."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        if allow_empty:
            return True
        raise foreign_store(db_path, MESSAGES["not_store"])
    if "scans" not in tables or "meta" not in tables:
        raise foreign_store(db_path, MESSAGES["not_store"])
    for table in sorted(tables & set(_EXPECTED)):
        found = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        if found != _EXPECTED[table]:
            raise foreign_store(db_path, MESSAGES["foreign_table"].format(
                table=table, found=", ".join(found)[:200], expected=", ".join(_EXPECTED[table])[:200]))
    version = con.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
    if version is not None and str(version[0]) != str(SCHEMA_VERSION):
        raise foreign_store(db_path, MESSAGES["newer"].format(found=version[0], expected=SCHEMA_VERSION))
    return False


#: how long a connection waits for another one's lock before the store is reported busy
BUSY_SECONDS = 30.0


def _open(db_path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db_path, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
    except BaseException:
        con.close()
        raise
    return con


def _connect_server(url: str, *, create: bool) -> sqlite3.Connection:
    """The store on a PostgreSQL server, through the sqlite3-dialect seam (same SQL, same schema)."""
    con = PgSqliteConnection(url, lock="lsgrisk-scans")
    name = Path(con.name)
    try:
        with store_errors(name):
            empty = _check_schema(con, name, allow_empty=create)  # type: ignore[arg-type]
            if create and empty:
                con.executescript("BEGIN IMMEDIATE;" + SCHEMA + "COMMIT;")
            if create:
                con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)",
                            (str(SCHEMA_VERSION),))
    except BaseException:
        con.close()
        raise
    return con  # type: ignore[return-value]  # speaks the sqlite3.Connection surface the store uses


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (and create when needed) the store for writing, with WAL and the schema in place.

    ``db_path`` may name a PostgreSQL server (``postgresql://user@host/db``): see :mod:`asset_models.dburl`.
    """
    url = server_url(db_path)
    if url is not None:
        return _connect_server(url, create=True)
    ensure_dir(db_path.parent)
    if not db_path.exists():
        db_path.touch(mode=0o600)
    with store_errors(db_path):
        con = _open(db_path)
        try:
            _check_schema(con, db_path, allow_empty=True)
            _enter_wal(con)
            con.execute("PRAGMA synchronous=NORMAL")
            con.executescript("BEGIN IMMEDIATE;" + SCHEMA + "COMMIT;")  # the write lock at once: waits
            con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except BaseException:
            con.close()
            raise
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@dataclass
class ImportResult:
    scan_id: int
    added: bool  # False when the same file was already stored
    hosts: int
    complete: bool
    warnings: list[str] = field(default_factory=list)


def _next_ids(con: sqlite3.Connection) -> dict[str, int]:
    # table names come from the constant tuple above, never from input
    return {t: int(con.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0]) + 1  # noqa: S608
            for t in _ID_TABLES}


_COLUMNS = {"hosts": 9, "addresses": 4, "hostnames": 3, "extraports": 3, "ports": 6, "services": 11, "os_matches": 4,
            "os_classes": 7, "cpes": 4, "scripts": 5, "script_elems": 5, "vulnerabilities": 6}
ROWS_PER_INSERT = 50  # rows per multi-row INSERT: at most 550 parameters (old SQLite versions allow 999)


def _insert_sql(table: str, rows: int) -> str:
    one = "(" + ",".join("?" * _COLUMNS[table]) + ")"
    return f"INSERT INTO {table} VALUES " + ",".join([one] * rows)  # noqa: S608 - table names are constants


_INSERT = {table: (_insert_sql(table, 1), _insert_sql(table, ROWS_PER_INSERT)) for table in _COLUMNS}


_INDEXES = [line.rstrip(";") for line in SCHEMA.splitlines() if line.startswith("CREATE INDEX")]


def _drop_indexes(con: sqlite3.Connection) -> list[str]:
    """In a store without scans, drop the secondary indexes; returns the statements that rebuild them."""
    if con.execute("SELECT 1 FROM scans LIMIT 1").fetchone() is not None:  # another run got here first
        return []
    for sql in _INDEXES:
        con.execute("DROP INDEX IF EXISTS " + sql.split()[5])
    return _INDEXES


def _check_foreign_keys(con: sqlite3.Connection) -> None:
    """Foreign keys were off during a bulk load: every reference must still hold (ids are assigned in order)."""
    broken = con.execute("PRAGMA foreign_key_check").fetchmany(3)
    if broken:  # pragma: no cover - the ids come from one counter per table
        raise RuntimeError(f"scan import produced dangling references {broken}; nothing was stored")


def _flush(con: sqlite3.Connection, sink: RowSink) -> None:
    """Insert the rows gathered so far, parents before children, ROWS_PER_INSERT rows per statement."""
    step = ROWS_PER_INSERT
    chain = itertools.chain.from_iterable
    for name, rows in sink.take():
        single, multi = _INSERT[name]
        whole = len(rows) - len(rows) % step
        if whole:
            con.executemany(multi, [tuple(chain(rows[i:i + step])) for i in range(0, whole, step)])
        if whole < len(rows):
            con.executemany(single, rows[whole:])


@dataclass
class ScanMeta:
    """What the caller knows about a scan beyond the file: where it came from, its scope and targets."""

    source: str = "import"  # import | run
    profile: str | None = None
    raw_path: str | None = None
    scope: list[str] = field(default_factory=list)
    targets: list[str] | None = None  # None: read them from the nmap command line in the file
    excluded: list[str] = field(default_factory=list)
    file_name: str | None = None  # the name to record (default: the path read)


def store_path(con: sqlite3.Connection) -> Path:
    """The file of a connection's main database (for messages)."""
    for _seq, name, file in con.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file)
    return Path("?")  # pragma: no cover - every connection has a main database


def find_scan(con: sqlite3.Connection, digest: str) -> tuple[int, int, bool] | None:
    """(scan id, hosts, complete) of the scan stored from a file with this SHA-256."""
    with store_errors(store_path(con)):
        row = con.execute("SELECT id, host_count, complete FROM scans WHERE sha256 = ?", (digest,)).fetchone()
    return None if row is None else (int(row[0]), int(row[1]), bool(row[2]))


def import_file(
    con: sqlite3.Connection,
    path: Path,
    meta: ScanMeta | None = None,
    progress: Callable[[int], None] | None = None,
    digest: str | None = None,
) -> ImportResult:
    """Stream one nmap XML file into the store in a single transaction.

    ``digest``: the file's SHA-256 when the caller computed it already (while archiving the file).
    """
    meta = meta or ScanMeta()
    digest = digest or file_sha256(path)
    known = find_scan(con, digest)
    if known is not None:
        return ImportResult(known[0], False, known[1], known[2],
                            [MESSAGES["already"].format(path=meta.file_name or path, scan_id=known[0])])
    with store_errors(store_path(con)), _no_gc():
        try:
            return _import(con, path, meta, progress, digest, workers=True)
        except Fallback:  # not cut exactly, or a slice failed: one process reads it and says what is wrong
            return _import(con, path, meta, progress, digest, workers=False)


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cycle collection while rows are built: they hold no cycles, and the collector's passes over
    hundreds of thousands of fresh tuples cost about a tenth of an import's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(con: sqlite3.Connection, path: Path, meta: ScanMeta, progress: Callable[[int], None] | None,
            digest: str, *, workers: bool) -> ImportResult:
    reader = NmapXmlReader(path, meta.file_name)
    # Into an empty store, load in bulk: foreign keys are checked once at the end instead of on every row
    # (the pragma only works outside a transaction) and the secondary indexes are built after the rows.
    bulk = con.execute("SELECT 1 FROM scans LIMIT 1").fetchone() is None
    rollback_journal = False
    if bulk:
        con.execute("PRAGMA foreign_keys=OFF")
        rollback_journal = _leave_wal(con)
    try:
        with transaction(con):
            indexes = _drop_indexes(con) if bulk else []
            ids = _next_ids(con)
            scan_id = ids["scans"]
            con.execute(
                "INSERT INTO scans (id, sha256, source, file_name, raw_path, profile, truncated, complete, host_count)"
                " VALUES (?,?,?,?,?,?,0,0,0)",
                (scan_id, digest, meta.source, meta.file_name or str(path), meta.raw_path, meta.profile),
            )
            sink = RowSink(scan_id, ids)
            count = 0
            slices = _parallel_plan(con, path, reader) if workers else None
            if slices is not None:
                count = _parallel_load(con, path, reader, scan_id, ids, slices, progress)
            else:
                for count in reader.fill(sink):
                    if count % BATCH_HOSTS == 0:
                        _flush(con, sink)
                        if progress:
                            progress(count)
                _flush(con, sink)
            info = reader.info
            _finish_scan(con, scan_id, info, count, meta)
            for sql in indexes:
                con.execute(sql)
            if bulk:
                _check_foreign_keys(con)
    finally:
        if bulk:
            con.execute("PRAGMA foreign_keys=ON")
        if rollback_journal:
            con.execute("PRAGMA journal_mode=WAL")
    return ImportResult(scan_id, True, count, info.complete, list(info.warnings))


def _parallel_plan(con: sqlite3.Connection, path: Path, reader: NmapXmlReader) -> list[tuple[int, int]] | None:
    """The slices for worker processes, or None to read the file in this process (see scans.parallel)."""
    if PARALLEL_MIN_BYTES is None or not isinstance(con, sqlite3.Connection):
        return None
    try:
        if path.stat().st_size < PARALLEL_MIN_BYTES:
            return None
    except OSError:
        return None
    if parallel.worker_count() < 2:
        return None
    return parallel.cut(path, reader.place, PARALLEL_SLICE_BYTES or parallel.SLICE_BYTES)


def _parallel_load(con: sqlite3.Connection, path: Path, reader: NmapXmlReader, scan_id: int, ids: dict[str, int],
                   slices: list[tuple[int, int]], progress: Callable[[int], None] | None) -> int:
    count = 0
    for (tables, counts, *_rest), offsets in parallel.parallel_slices(path, scan_id, ids, slices,
                                                                       parallel.worker_count(), reader.info):
        for name, multi, single in tables:
            if multi:
                con.executemany(parallel.offset_sql(name, _COLUMNS[name], ROWS_PER_INSERT, offsets), multi)
            if single:
                con.executemany(parallel.offset_sql(name, _COLUMNS[name], 1, offsets), single)
        done = offsets["seq"] + counts["seq"]
        if progress:  # the same calls as one process makes: every BATCH_HOSTS hosts
            for mark in range(count // BATCH_HOSTS + 1, done // BATCH_HOSTS + 1):
                progress(mark * BATCH_HOSTS)
        count = done
    reader._check_counts()
    return count


# Files of at least this many bytes are read by worker processes (None: never); tests lower it
PARALLEL_MIN_BYTES: int | None = parallel.MIN_BYTES
PARALLEL_SLICE_BYTES: int | None = None  # None: scans.parallel.SLICE_BYTES


def _enter_wal(con: sqlite3.Connection, wait: float = BUSY_SECONDS) -> None:
    """Put the store in WAL mode, waiting for the lock as the busy timeout would.

    SQLite does not call the busy handler for a journal-mode change: while another process's first load
    holds the file in rollback-journal mode (:func:`_leave_wal`), the change fails at once with "database
    is locked". It is tried again, with growing pauses, until ``wait`` seconds have passed.
    """
    deadline = time.monotonic() + wait
    pause = 0.005
    while True:
        try:
            con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _leave_wal(con: sqlite3.Connection) -> bool:
    """For the first load into an empty store, a rollback journal instead of the WAL (True when switched).

    New pages need no journal, so every page is written once instead of twice (WAL, then checkpoint);
    an interrupted load still rolls back. Another open connection keeps the WAL: nothing changes then.
    """
    try:
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError:
        return False
    return mode is not None and str(mode[0]).lower() == "delete"


def _finish_scan(con: sqlite3.Connection, scan_id: int, info: RunInfo, count: int, meta: ScanMeta) -> None:
    warnings = list(info.warnings)
    if info.exit_status is None and not info.truncated:
        warnings.append(MESSAGES["no_runstats"])
    if info.exit_status == "error":
        warnings.append(MESSAGES["nmap_error"].format(msg=info.errormsg or MESSAGES["nmap_error_none"]))
    excluded = list(meta.excluded)
    if meta.targets is not None:
        targets = list(meta.targets)
    else:
        command = parse_args(info.args)
        targets = command.covered()
        excluded += command.excluded
        if command.targets and not targets:
            warnings.append(MESSAGES["targets_unknown"])
    info.warnings = warnings
    con.execute(
        "UPDATE scans SET nmap_version = ?, args = ?, scan_types = ?, ports_scanned = ?, started = ?, finished = ?, "
        "exit_status = ?, errormsg = ?, truncated = ?, complete = ?, hosts_up = ?, hosts_down = ?, host_count = ?, "
        "warnings = ? WHERE id = ?",
        (info.version, info.args, ",".join(info.scan_types), ";".join(info.ports_scanned) or None, info.started,
         info.finished, info.exit_status,
         info.errormsg, int(info.truncated), int(info.complete), info.hosts_up, info.hosts_down, count,
         "\n".join(warnings) or None, scan_id),
    )
    rows = [(scan_id, "scope", c) for c in sorted(set(meta.scope))]
    rows += [(scan_id, "target", c) for c in sorted(set(targets))]
    rows += [(scan_id, "exclude", c) for c in sorted(set(excluded))]
    con.executemany("INSERT INTO scan_networks VALUES (?,?,?)", rows)
    con.executemany(
        "INSERT INTO run_scripts VALUES (?,?,?,?,?,?)",
        [(scan_id, phase, seq, script.script_id, script.output,
          json.dumps(script.elems, ensure_ascii=False) if script.elems else None)
         for seq, (phase, script) in enumerate(info.run_scripts)],
    )


@dataclass(frozen=True)
class ScanRow:
    id: int
    source: str
    file_name: str
    profile: str | None
    started: int | None
    finished: int | None
    exit_status: str | None
    complete: bool
    truncated: bool
    host_count: int
    hosts_up: int | None
    warnings: str | None


def list_scans(con: sqlite3.Connection) -> list[ScanRow]:
    rows = con.execute(
        "SELECT id, source, file_name, profile, started, finished, exit_status, complete, truncated, host_count, "
        "hosts_up, warnings FROM scans ORDER BY id"
    ).fetchall()
    return [ScanRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), r[9], r[10], r[11])
            for r in rows]


def get_scan(con: sqlite3.Connection, scan_id: int, db_path: Path) -> ScanRow:
    for row in list_scans(con):
        if row.id == scan_id:
            return row
    raise ScanFileError(
        MESSAGES["no_scan"].format(scan_id=scan_id, path=db_path),
        [Problem(Place(file=str(db_path)), MESSAGES["no_scan_found"].format(scan_id=scan_id),
                 MESSAGES["no_scan_hint"])],
    )


def scan_networks(con: sqlite3.Connection, scan_id: int, role: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT cidr FROM scan_networks WHERE scan_id = ? AND role = ? ORDER BY cidr", (scan_id, role))]


def ports_scanned(con: sqlite3.Connection, scan_id: int) -> dict[str, list[tuple[int, int]]] | None:
    """The port ranges nmap scanned per protocol (from ``<scaninfo services>``), None when unknown."""
    row = con.execute("SELECT ports_scanned FROM scans WHERE id = ?", (scan_id,)).fetchone()
    return None if row is None else parse_port_ranges(row[0])


def open_existing(db_path: Path) -> sqlite3.Connection:
    """Open a store that must already exist (list, diff, reconcile); nothing is created or written in it."""
    url = server_url(db_path)
    if url is not None:
        return _connect_server(url, create=False)
    if not db_path.is_file():
        raise ScanFileError(
            MESSAGES["missing"].format(path=db_path),
            [Problem(Place(file=str(db_path)), MESSAGES["missing_found"], MESSAGES["missing_hint"])],
        )
    with store_errors(db_path):
        con = _open(db_path)
        try:
            _check_schema(con, db_path, allow_empty=False)
        except BaseException:
            con.close()
            raise
    return con


def has_table(con: sqlite3.Connection, name: str) -> bool:
    """A table added after the first release (older stores lack it until their next import)."""
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
