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
    """Create ``path`` (and parents) owner-only; an existing directory is left as it is."""
    target = Path(path)
    target.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
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
