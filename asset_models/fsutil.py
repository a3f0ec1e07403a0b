"""Writing outputs safely: atomically, and readable by the owner only.

Outputs describe weaknesses of a town hall's network, so every file the tool
writes is created 0600 and every directory 0700. A crash never leaves a
half-written file: content goes to a temporary file that replaces the target.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeAlias

FILE_MODE = 0o600
DIR_MODE = 0o700

MIB = 1024 * 1024
#: the one size rule for every input file, counted on the bytes actually read (README "Security model")
MAX_TEXT_BYTES = 128 * MIB  # YAML and JSON inventories (100,000 assets take about 80 MB of JSON)
MAX_WORKBOOK_BYTES = 64 * MIB  # .xlsx as stored (its uncompressed content is bounded by asset_models.xlsxguard)


class FileRefused(Exception):
    """An input file that is not read at all: not a regular file, or larger than the size rule allows."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_bounded(path: str | Path, max_bytes: int, noun: str = "file") -> bytes:
    """Read a regular file of at most ``max_bytes`` bytes, counting what is read (not what ``stat`` claims).

    Devices (``/dev/zero``), FIFOs, sockets and directories are refused before a byte is read; the open
    never blocks (``O_NONBLOCK``) so a FIFO cannot hang the tool. Raises :class:`FileRefused` or ``OSError``
    (``FileNotFoundError`` for a missing file).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused(f"is a directory, not {'an' if noun[:1] in 'aeiou' else 'a'} {noun} file")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("is not a regular file (a device, FIFO or socket); only plain files are read",
                              "save the content to a file first")
        article = "an" if noun[:1] in "aeiou" else "a"
        too_big = FileRefused(f"is larger than the limit: {article} {noun} may be at most {max_bytes / MIB:g} MiB",
                              "split the file")
        if info.st_size > max_bytes:
            raise too_big
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # the file grew while being read
                raise too_big
        return b"".join(chunks)
    finally:
        os.close(fd)


def private_dir(path: str | Path) -> Path:
    """A directory that holds the tool's own state (workspace, scan archive): created or tightened to 0700.

    A symbolic link in its place is refused (``NotADirectoryError``): nothing is written through a planted link.
    Left as they are: a directory of another owner (chmod would fail), a shared sticky directory such as
    ``/tmp``, the root directory and the user's home directory.
    """
    target = Path(path)
    if target.is_symlink():
        raise NotADirectoryError(20, "a symbolic link stands where the tool keeps its own files; remove it",
                                 str(target))
    ensure_dir(target)
    info = os.lstat(target)
    shared = info.st_mode & stat.S_ISVTX or target.resolve() in (Path("/"), Path.home().resolve())
    if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.geteuid() and not shared:
        os.chmod(target, DIR_MODE)
    return target


def open_private(path: str | Path, flags: int = os.O_RDWR, exclusive: bool = False) -> int:
    """Open (creating 0600) a file of the tool's own without following a symbolic link (``O_NOFOLLOW``).

    ``exclusive`` adds ``O_EXCL``: the file must not exist yet, so a planted link or file is never reused.
    """
    extra = os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | (os.O_EXCL if exclusive else 0)
    return os.open(path, flags | extra, FILE_MODE)


def ensure_dir(path: str | Path) -> Path:
    """Create ``path`` and any missing parents owner-only (0700); existing directories are left as they are."""
    target = Path(path)
    missing = []
    current = target
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(directory, DIR_MODE)  # mkdir's mode is reduced by the umask; outputs are owner-only
    if not target.is_dir():
        target.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)  # raises the right error for a file
    return target


def atomic_write_bytes(path: str | Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` atomically with mode 0600."""
    target = Path(path)
    ensure_dir(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


#: what :func:`write_set` writes into one file: bytes, or a function that builds them when needed
FileContent: TypeAlias = "bytes | Callable[[], bytes | Iterable[bytes]]"


def write_set(directory: str | Path, files: Mapping[str, FileContent]) -> list[Path]:
    """Write several files as one set: every file goes to a temporary first, then all are renamed together.

    A failure while writing (a full disk, a size limit, an unwritable directory) removes the temporaries and
    leaves the previous set untouched: never a new ``analysis.json`` beside an old register. Targets that are
    not regular files (a directory, a link) are refused before anything is renamed.

    A content may also be a function that returns the bytes (or byte pieces, a generator say): it is called when
    its file is written, so only one large output is held in memory at a time; an error it raises is a
    failure like any other.
    """
    folder = ensure_dir(directory)
    targets = [folder / name for name in files]
    for target in targets:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(target).st_mode):
                raise IsADirectoryError(21, "not a regular file, so it cannot be replaced", str(target))
    temporaries: list[str] = []
    try:
        for target, content in zip(targets, files.values(), strict=True):
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            temporaries.append(tmp)
            with os.fdopen(fd, "wb") as handle:
                data = content() if callable(content) else content
                for piece in (data,) if isinstance(data, bytes) else data:
                    handle.write(piece)
                del data  # before the next file is built
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, FILE_MODE)
        for tmp, target in zip(temporaries, targets, strict=True):
            os.replace(tmp, target)
    except BaseException:
        for tmp in temporaries:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    return targets


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically with mode 0600 (newlines kept as given)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


#: the timestamp of every entry of a normalised zip package (the zip format cannot go earlier)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """The same zip package (docx, xlsx) with sorted entries, fixed timestamps and permissions.

    Same content, same bytes: the packages the tool writes carry no wall-clock time.
    ``[Content_Types].xml`` stays first, as Office expects.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                info.create_system = 3
                dst.writestr(info, src.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
