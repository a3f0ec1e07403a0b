"""Rebuild every docx template from code: ``python -m policy_templates.build [DIR]``.

The templates are committed under ``policy_templates/templates/``. A rebuild
is byte-identical when the code did not change (fixed zip timestamps, sorted
entries, fixed core properties), so ``git diff`` shows only real changes.
Builders of other documents register here (see :data:`BUILDERS`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from policy_templates.policies.registry import build_templates as build_policy_templates

TEMPLATES_ROOT = Path(__file__).resolve().parent / "templates"

#: (sub-directory, builder) pairs; a builder writes its templates into the directory and returns the paths
BUILDERS: list[tuple[str, Callable[[Path], list[Path]]]] = [("policies", build_policy_templates)]

#: builders of other documents: (module, function, sub-directory), used when the module exists;
#: the report's templates live directly in ``templates/``
OPTIONAL_BUILDERS: list[tuple[str, str, str]] = [("policy_templates.report.builder", "build_report_templates", "")]


def _builders() -> list[tuple[str, Callable[[Path], list[Path]]]]:
    found = list(BUILDERS)
    for module_name, function, subdir in OPTIONAL_BUILDERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.append((subdir, getattr(module, function)))
    return found


def build_all(root: Path = TEMPLATES_ROOT) -> list[Path]:
    """Build every template under ``root``; returns the files written, sorted."""
    written: list[Path] = []
    for subdir, builder in _builders():
        written.extend(builder(root / subdir))
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else TEMPLATES_ROOT
    for path in build_all(root):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
