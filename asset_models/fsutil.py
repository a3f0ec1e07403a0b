"""Writing outputs safely: atomically, and readable by the owner only.

Outputs describe weaknesses of a town hall's network, so every file the tool
writes is created 0600 and every directory 0700. A crash never leaves a
half-written file: content goes to a temporary file that replaces the target.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


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
