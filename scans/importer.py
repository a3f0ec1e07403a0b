"""``scan import``: archive each file by its content, then store it; go on past refused files.

The raw archive (``WORKSPACE/scans/raw/<sha256>.xml``) is named by the SHA-256
of the file's bytes, which is also the key of the scan in the store. The file
is hashed, copied (in the kernel, 0600, ``O_EXCL``/``O_NOFOLLOW``, fsync; a file
that changes while it is copied is copied again), and moved into place
*before* the import transaction starts; the archived copy is what is parsed,
so a full disk or a crash never leaves a stored scan without its evidence. A file already in the
archive is reused only after its bytes are hashed again and match; a file of
the same name that does not match (another store's, a damaged one) is
replaced. A scan already stored whose archive copy is missing or damaged is
repaired on the next import of the same file.

Several files: each is imported in its own transaction; a refused file (not
nmap XML, hostile, broken) is named and skipped, the others are imported, and
the caller exits 3 at the end with a summary. An environment problem (full
disk, locked store) stops the run: it would hit every following file too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from asset_models.errors import EnvironmentProblem, InputError, Place, Problem, ScanFileError
from asset_models.fsutil import private_dir
from asset_models.i18n import Texts
from scans.store import ImportResult, ScanMeta, connect, find_scan, import_file

COPY_CHUNK = 1 << 20

# User-facing texts of this module.
MESSAGES = Texts({
    "write_failed": "cannot archive {source} in {folder}: {error}",
    "write_failed_hint": "free some space or fix the folder's permissions; nothing of this file was stored",
    "repaired": "{path}: the archived copy of scan {scan_id} was missing or damaged; archived again",
    "refused_found": "{message}",
    "not_file": "not a regular file",
    "kind_fifo": "it is a named pipe (FIFO)",
    "kind_char": "it is a character device",
    "kind_block": "it is a block device",
    "kind_socket": "it is a socket",
    "kind_dir": "it is a folder",
    "kind_other": "it is a special file",
    "not_file_hint": "pass the nmap XML file itself",
}, plurals={
    "summary": ("{refused} file refused; {imported} of {total} imported or already stored",
                "{refused} files refused; {imported} of {total} imported or already stored"),
})


def raw_dir(workspace: Path) -> Path:
    """The raw archive folder, created or tightened to 0700 (a planted link in its place is refused)."""
    return private_dir(private_dir(workspace / "scans") / "raw")


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _copy(source: Path, target_dir: Path) -> Path:
    """Copy ``source`` into a new private temporary file in ``target_dir`` (in the kernel where it can), fsynced."""
    tmp = target_dir / f".import-{os.getpid()}-{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            size = os.fstat(src.fileno()).st_size
            done = 0
            with contextlib.suppress(OSError):  # copy_file_range is missing on some file systems: copy by hand
                while done < size and (step := os.copy_file_range(src.fileno(), out.fileno(), size - done)):
                    done += step
            src.seek(done)
            out.seek(done)
            while chunk := src.read(COPY_CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def archived_ok(path: Path, digest: str) -> bool:
    """The archive copy exists, is a regular file (not a link) and holds exactly the bytes of that SHA-256."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        return file_digest(path) == digest
    except OSError:
        return False


def archive(workspace: Path, source: Path) -> tuple[Path, str, bool]:
    """Put ``source`` into the raw archive; (archived path, SHA-256, whether a new copy was written).

    The file is hashed first; a copy already archived under that hash is reused only when its bytes match.
    ``EnvironmentProblem`` when the copy cannot be written (full disk, permissions): nothing is stored then.
    """
    folder = raw_dir(workspace)
    try:
        before = source.stat()
        digest = file_digest(source)
        final = folder / f"{digest}.xml"
        if archived_ok(final, digest):
            return final, digest, False
        tmp = _copy(source, folder)
        after = source.stat()
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):  # changed while copied
            tmp.unlink(missing_ok=True)
            return archive(workspace, source)
        os.replace(tmp, final)  # replaces a damaged or foreign file of that name (a link is replaced, not followed)
    except OSError as exc:
        raise EnvironmentProblem(MESSAGES["write_failed"].format(source=source, folder=folder,
                                                                 error=exc.strerror or exc),
                                 hint=MESSAGES["write_failed_hint"]) from None
    _fsync_dir(folder)
    return final, digest, True


@dataclass
class Outcome:
    """One file of a multi-file import: its result, or why it was refused."""

    path: Path
    result: ImportResult | None = None
    refused: InputError | None = None


def _kind(path: Path) -> str:
    """What a path that is not a regular file is (read from its status, never opened: a pipe would block)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "other"
    for kind, test in (("fifo", stat.S_ISFIFO), ("char", stat.S_ISCHR), ("block", stat.S_ISBLK),
                       ("socket", stat.S_ISSOCK), ("dir", stat.S_ISDIR)):
        if test(mode):
            return kind
    return "other"


def import_one(con: sqlite3.Connection, workspace: Path, path: Path, scope: Sequence[str],
               progress: Callable[[int], None] | None = None) -> ImportResult:
    """Archive ``path`` (before anything is committed), then import it; repair a stored scan's missing copy."""
    if not path.is_file():
        raise ScanFileError(MESSAGES["not_file"], [Problem(Place(file=str(path)), MESSAGES[f"kind_{_kind(path)}"],
                                                           MESSAGES["not_file_hint"])])
    raw, digest, written = archive(workspace, path)
    known = find_scan(con, digest)
    try:
        result = import_file(con, raw, ScanMeta(source="import", scope=list(scope), raw_path=str(raw),
                                                file_name=str(path)), progress=progress, digest=digest)
    except BaseException:
        if written and find_scan(con, digest) is None:
            raw.unlink(missing_ok=True)  # refused or interrupted: no scan refers to this copy
        raise
    if known is not None:
        with contextlib.suppress(sqlite3.Error):
            stored = con.execute("SELECT raw_path FROM scans WHERE id = ?", (known[0],)).fetchone()
            if stored is None or stored[0] != str(raw):
                con.execute("UPDATE scans SET raw_path = ? WHERE id = ?", (str(raw), known[0]))
        if written:
            result.warnings.append(MESSAGES["repaired"].format(path=path, scan_id=known[0]))
    return result


def import_files(workspace: Path, db_path: Path, files: Sequence[Path], scope: Sequence[str] = (),
                 progress: Callable[[str, int], None] | None = None) -> Iterator[Outcome]:
    """Import each file in its own transaction; refused files are reported and skipped.

    The caller holds the workspace lock.
    """
    con = connect(db_path)
    try:
        for path in files:
            step = None if progress is None else (lambda n, name=path.name: progress(name, n))
            try:
                result = import_one(con, workspace, path, scope, step)
            except InputError as exc:  # the reader names the user's file, not the archived copy it parsed
                yield Outcome(path, refused=exc)
                continue
            yield Outcome(path, result=result)
    finally:
        con.close()


def summary_error(outcomes: Sequence[Outcome]) -> ScanFileError | None:
    """Exit 3 at the end of a multi-file import when any file was refused; one problem per refused file."""
    refused = [o for o in outcomes if o.refused is not None]
    if not refused:
        return None
    problems = []
    for outcome in refused:
        assert outcome.refused is not None
        inner = outcome.refused.problems
        what = inner[0].message if inner else ""
        text = f"{outcome.refused.message}: {what}" if what else outcome.refused.message
        problems.append(Problem(Place(file=str(outcome.path)), MESSAGES["refused_found"].format(message=text),
                                inner[0].hint if inner else ""))
    return ScanFileError(MESSAGES.n("summary", len(refused)).format(refused=len(refused), total=len(outcomes),
                                                                    imported=len(outcomes) - len(refused)), problems)
