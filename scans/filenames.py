"""The user's own file names in what an import reports, in place of the raw archive's.

``scan import`` parses the archived copy (``WORKSPACE/scans/raw/<sha256>.xml``), so
the parser's messages and places name that copy. The person who ran the command
knows only the file they passed: :func:`for_user` puts that name back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from asset_models.errors import LsgriskError, Problem

E = TypeVar("E", bound=LsgriskError)


def _archived(folder: Path) -> re.Pattern[str]:
    return re.compile(re.escape(str(folder)) + r"[/\\][0-9a-f]{64}\.xml")


def user_text(text: str, user_path: Path, archive_folder: Path) -> str:
    """``text`` with every archive copy's path replaced by ``user_path``."""
    name = str(user_path)
    return _archived(archive_folder).sub(lambda _match: name, text) if text else text


def for_user(error: E, user_path: Path, archive_folder: Path) -> E:
    """``error`` (changed in place) naming ``user_path`` wherever it named an archived copy."""

    def named(text: str) -> str:
        return user_text(text, user_path, archive_folder)

    error.message = named(error.message)
    error.hint = named(error.hint)
    error.problems = [
        Problem(replace(p.place, file=named(p.place.file)) if p.place.file else p.place, named(p.message),
                named(p.hint))
        for p in error.problems
    ]
    return error
