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
(:class:`scans.parser.RowSink`), which go in every 2,000 hosts with multi-row
``INSERT`` statements. Into an empty store the first import loads in bulk:
secondary indexes are dropped and rebuilt inside the same transaction, and
foreign keys are checked once at the end (``PRAGMA foreign_key_check``) instead
of on every row.
"""

from __future__ import annotations

import ipaddress
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from asset_models.errors import EnvironmentProblem, Place, Problem, ScanFileError, StoreLocked
from asset_models.fsutil import ensure_dir
from scans.parser import NmapXmlReader, RowSink, RunInfo, file_sha256

SCHEMA_VERSION = 1
BATCH_HOSTS = 2000

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
CREATE INDEX IF NOT EXISTS ix_hosts_scan ON hosts (scan_id);
CREATE INDEX IF NOT EXISTS ix_addresses_host ON addresses (host_id);
CREATE INDEX IF NOT EXISTS ix_hostnames_host ON hostnames (host_id);
CREATE INDEX IF NOT EXISTS ix_extraports_host ON extraports (host_id);
CREATE INDEX IF NOT EXISTS ix_ports_host ON ports (host_id);
CREATE INDEX IF NOT EXISTS ix_cpes_port ON cpes (port_id);
CREATE INDEX IF NOT EXISTS ix_cpes_os_class ON cpes (os_class_id);
CREATE INDEX IF NOT EXISTS ix_os_matches_host ON os_matches (host_id);
CREATE INDEX IF NOT EXISTS ix_os_classes_match ON os_classes (os_match_id);
CREATE INDEX IF NOT EXISTS ix_scripts_host ON scripts (host_id);
CREATE INDEX IF NOT EXISTS ix_script_elems_script ON script_elems (script_row_id);
CREATE INDEX IF NOT EXISTS ix_vulnerabilities_port ON vulnerabilities (port_id);
"""

_ID_TABLES = ("scans", "hosts", "ports", "os_matches", "os_classes", "scripts")


def default_db(workspace: Path) -> Path:
    return workspace / "lsgrisk-scans.db"


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (and create when needed) the store, with WAL and the schema in place."""
    ensure_dir(db_path.parent)
    fresh = not db_path.exists()
    if fresh:
        db_path.touch(mode=0o600)
    try:
        con = sqlite3.connect(db_path, isolation_level=None, timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "scans" not in tables:
            con.close()
            raise ScanFileError(
                f"{db_path} is not a scan store",
                [Problem(Place(file=str(db_path)), "an SQLite file without the scan tables",
                         "pass --db with the store lsgrisk wrote, or a new file name")],
            )
        con.executescript("BEGIN;" + SCHEMA + "COMMIT;")
        con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise StoreLocked(f"the scan store {db_path} is busy", hint="another lsgrisk run is writing; try later") \
                from None
        raise EnvironmentProblem(f"cannot open the scan store {db_path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise ScanFileError(
            f"{db_path} is not a scan store",
            [Problem(Place(file=str(db_path)), f"not an SQLite database ({exc})", "pass a new file name with --db")],
        ) from None
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


def _networks_from_args(args: str) -> list[str]:
    """Targets nmap was given, when they are plain addresses or CIDRs (what a later diff may call 'covered')."""
    found: set[str] = set()
    tokens = args.split()
    skip_next = False
    for token in tokens[1:]:
        if skip_next:
            skip_next = False
            continue
        if token.startswith("-"):
            skip_next = token in ("--exclude", "-p", "-oX", "-oN", "-oG", "-oA", "--top-ports", "-iL",
                                  "--excludefile", "--max-rate", "--host-timeout", "--stats-every")
            continue
        try:
            found.add(str(ipaddress.ip_network(token, strict=False)))
        except ValueError:
            continue
    return sorted(found)


@dataclass
class ScanMeta:
    """What the caller knows about a scan beyond the file: where it came from, its scope and targets."""

    source: str = "import"  # import | run
    profile: str | None = None
    raw_path: str | None = None
    scope: list[str] = field(default_factory=list)
    targets: list[str] | None = None  # None: read them from the nmap command line in the file


def import_file(
    con: sqlite3.Connection,
    path: Path,
    meta: ScanMeta | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Stream one nmap XML file into the store in a single transaction."""
    meta = meta or ScanMeta()
    digest = file_sha256(path)
    known = con.execute("SELECT id, host_count, complete FROM scans WHERE sha256 = ?", (digest,)).fetchone()
    if known is not None:
        return ImportResult(int(known[0]), False, int(known[1]), bool(known[2]),
                            [f"{path}: already stored as scan {known[0]} (same SHA-256); nothing added"])
    reader = NmapXmlReader(path)
    # Into an empty store, load in bulk: foreign keys are checked once at the end instead of on every row
    # (the pragma only works outside a transaction) and the secondary indexes are built after the rows.
    bulk = con.execute("SELECT 1 FROM scans LIMIT 1").fetchone() is None
    if bulk:
        con.execute("PRAGMA foreign_keys=OFF")
    try:
        with transaction(con):
            indexes = _drop_indexes(con) if bulk else []
            ids = _next_ids(con)
            scan_id = ids["scans"]
            con.execute(
                "INSERT INTO scans (id, sha256, source, file_name, raw_path, profile, truncated, complete, host_count)"
                " VALUES (?,?,?,?,?,?,0,0,0)",
                (scan_id, digest, meta.source, str(path), meta.raw_path, meta.profile),
            )
            sink = RowSink(scan_id, ids)
            count = 0
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
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreLocked("the scan store is busy", hint="another lsgrisk run is writing; try later") from None
        raise
    finally:
        if bulk:
            con.execute("PRAGMA foreign_keys=ON")
    return ImportResult(scan_id, True, count, info.complete, list(info.warnings))


def _finish_scan(con: sqlite3.Connection, scan_id: int, info: RunInfo, count: int, meta: ScanMeta) -> None:
    warnings = list(info.warnings)
    if info.exit_status is None and not info.truncated:
        warnings.append("the file has no <runstats>: nmap did not finish this scan; marked incomplete")
    if info.exit_status == "error":
        warnings.append(f"nmap reported an error: {info.errormsg or 'no message'}; marked incomplete")
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
    targets = meta.targets if meta.targets is not None else _networks_from_args(info.args)
    rows = [(scan_id, "scope", c) for c in sorted(set(meta.scope))]
    rows += [(scan_id, "target", c) for c in sorted(set(targets))]
    con.executemany("INSERT INTO scan_networks VALUES (?,?,?)", rows)


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
        f"scan {scan_id} is not in {db_path}",
        [Problem(Place(file=str(db_path)), f"no scan with id {scan_id}", "see 'lsgrisk scan list'")],
    )


def scan_networks(con: sqlite3.Connection, scan_id: int, role: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT cidr FROM scan_networks WHERE scan_id = ? AND role = ? ORDER BY cidr", (scan_id, role))]


def ports_scanned(con: sqlite3.Connection, scan_id: int) -> dict[str, list[tuple[int, int]]] | None:
    """The port ranges nmap scanned per protocol (from ``<scaninfo services>``), None when unknown."""
    row = con.execute("SELECT ports_scanned FROM scans WHERE id = ?", (scan_id,)).fetchone()
    if row is None or not row[0]:
        return None
    ranges: dict[str, list[tuple[int, int]]] = {}
    for part in str(row[0]).split(";"):
        proto, _, services = part.partition(":")
        for item in services.split(","):
            low, _, high = item.partition("-")
            if low.isdigit() and (not high or high.isdigit()):
                ranges.setdefault(proto, []).append((int(low), int(high or low)))
    return ranges


def open_existing(db_path: Path) -> sqlite3.Connection:
    """Open a store that must already exist (list, diff, reconcile)."""
    if not db_path.is_file():
        raise ScanFileError(
            f"scan store {db_path} does not exist",
            [Problem(Place(file=str(db_path)), "no such file", "run 'lsgrisk scan run' or 'scan import' first, "
                     "or pass --db")],
        )
    return connect(db_path)
