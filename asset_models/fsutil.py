"""Writing outputs safely: atomically, and readable by the owner only.

Outputs describe weaknesses of a town hall's network, so every file the tool
writes is created 0600 and every directory 0700. A crash never leaves a
half-written file: content goes to a temporary file that replaces the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
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
