"""One exception hierarchy for the whole tool.

Every stage raises a subclass of :class:`LsgriskError`; the CLI maps the
``exit_code`` of the exception to the documented exit codes and prints the
problems it carries. Library code never prints and never exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Place:
    """Where a problem is: a file and a line, or a sheet and a row, and a field."""

    file: str = ""
    line: int | None = None
    sheet: str | None = None
    row: int | None = None
    item: str | None = None  # "assets[srv-db01]"
    field: str | None = None  # "os.end_of_support"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.sheet is not None:
            where += f" [sheet {self.sheet}"
            if self.row is not None:
                where += f", row {self.row}"
            where += "]"
        elif self.line is not None:
            where += f":{self.line}"
        path = ".".join(p for p in (self.item, self.field) if p)
        return f"{where}: {path}" if path else where


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with its place and, when known, a fix."""

    place: Place
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.place}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple[str, int, str, int, str, str, str]:
        p = self.place
        return (p.file, p.line or 0, p.sheet or "", p.row or 0, p.item or "", p.field or "", self.message)


class LsgriskError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = sorted(problems or [], key=Problem.sort_key)
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageProblem(LsgriskError):
    """The command was called in a way that cannot work (exit 2)."""

    exit_code = 2


class InputError(LsgriskError):
    """An input file is invalid (exit 3): inventory, catalogue, tracking or scan file."""

    exit_code = 3


class InventoryError(InputError):
    """The inventory does not load or does not validate."""


class CatalogError(InputError):
    """The threat catalogue (bundled or an overlay) is invalid."""


class ScanFileError(InputError):
    """An nmap XML file or a scan store record cannot be used."""


class EnvironmentProblem(LsgriskError):
    """Something outside the input stops the run (exit 4)."""

    exit_code = 4


class ToolMissing(EnvironmentProblem):
    """A required external program (nmap, LibreOffice, ...) is not installed."""


class OutOfScope(EnvironmentProblem):
    """A scan target lies outside the authorised scope."""


class StoreLocked(EnvironmentProblem):
    """Another run holds the lock of the workspace or scan store."""


@dataclass
class ProblemList:
    """Collects problems so that a stage can report all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, place: Place, message: str, hint: str = "") -> None:
        self.problems.append(Problem(place, message, hint))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)
