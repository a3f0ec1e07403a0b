"""SQLite failures of the scan store turned into the project's errors (never exit 70).

A full disk or an unreadable file is an environment problem (exit 4); a file
that is not a scan store, or one damaged inside, is invalid input (exit 3); a
store another run holds is "locked" (exit 4).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from asset_models.errors import EnvironmentProblem, Place, Problem, ScanFileError, StoreLocked
from asset_models.i18n import Texts

# User-facing texts of this module.
MESSAGES = Texts({
    "full": "the disk holding the scan store {path} is full; nothing of this step was stored",
    "full_hint": "free some space and run the command again (the store is unchanged)",
    "locked": "the scan store {path} is busy",
    "locked_hint": "another lsgrisk run is writing; try later",
    "damaged": "the scan store {path} is damaged",
    "damaged_found": "SQLite reports: {error}",
    "damaged_hint": "restore the store from a backup, or import the raw XML files (scans/raw/) into a new store",
    "foreign": "{path} is not a scan store",
    "foreign_found": "{what}",
    "foreign_hint": "pass --db with the store lsgrisk wrote, or a new file name",
    "io": "cannot use the scan store {path}: {error}",
    "io_hint": "check that the file and its folder are readable and writable",
})

_FULL = {sqlite3.SQLITE_FULL}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT}
_IO = {sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM,
       sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_AUTH}


def foreign_store(path: Path, what: str) -> ScanFileError:
    return ScanFileError(MESSAGES["foreign"].format(path=path),
                         [Problem(Place(file=str(path)), MESSAGES["foreign_found"].format(what=what),
                                  MESSAGES["foreign_hint"])])


def is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the lock this statement needs."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(exc)
    return code in _BUSY or "locked" in text or "busy" in text


def translate(exc: sqlite3.Error, path: Path) -> Exception:
    """The project error for an SQLite error met while using the store at ``path``."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(exc)
    if code in _FULL or "disk is full" in text:
        return EnvironmentProblem(MESSAGES["full"].format(path=path), hint=MESSAGES["full_hint"])
    if is_busy(exc):
        return StoreLocked(MESSAGES["locked"].format(path=path), hint=MESSAGES["locked_hint"])
    if code in _DAMAGED or "malformed" in text or "not a database" in text:
        return ScanFileError(MESSAGES["damaged"].format(path=path),
                             [Problem(Place(file=str(path)), MESSAGES["damaged_found"].format(error=text),
                                      MESSAGES["damaged_hint"])])
    if code in _IO or (isinstance(exc, sqlite3.OperationalError) and "unable to open" in text):
        return EnvironmentProblem(MESSAGES["io"].format(path=path, error=text), hint=MESSAGES["io_hint"])
    # no such table / column, a constraint a foreign schema imposes: the file is not what lsgrisk wrote
    return foreign_store(path, text)


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Run a block that uses the store; SQLite errors leave as project errors."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
