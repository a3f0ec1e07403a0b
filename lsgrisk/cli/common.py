"""What every command shares: the error boundary, messages and exit codes.

Exit codes (README): 0 done; 1 findings at or above --fail-on (or differences
for ``scan diff``); 2 usage error; 3 invalid input; 4 environment problem.
No traceback reaches a user; set LSGRISK_DEBUG=1 to see one.
"""

from __future__ import annotations

import os
import sys
import traceback
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from asset_models.errors import LsgriskError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_ENVIRONMENT = 4
EXIT_INTERNAL = 70

MAX_PROBLEMS_SHOWN = 200

F = TypeVar("F", bound=Callable[..., Any])


#: escapes shown by name; every other non-printable character (C0/C1 controls, bidi and other format
#: characters, line separators, unassigned code points) is shown as \xNN, \uNNNN or \UNNNNNNNN
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}


def terminal_text(text: str, keep_lines: bool = False) -> str:
    """User text made safe to print: every control or format character is shown escaped (``\\x1b``, ``\\u202e``).

    The one function every place that prints user text goes through (names, paths, messages): an OSC or CSI
    escape sequence in an asset name is shown as text, never run by the terminal. ``keep_lines`` keeps
    newline and tab (for multi-line text the tool itself formats).
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable() or (keep_lines and char in "\n\t") or unicodedata.category(char) == "Zs":
            out.append(char)
        else:
            code = ord(char)
            out.append(_NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else
                                           f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
    return "".join(out)


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print user-facing text (multi-line allowed) with every control sequence escaped."""
    click.echo(terminal_text(text, keep_lines=True), err=err, nl=nl)


def echo_err(text: str) -> None:
    """One line to stderr; a newline inside user text is shown as ``\\n``, so it cannot forge a line."""
    click.echo(terminal_text(text), err=True)


def report_error(error: LsgriskError) -> None:
    """Print an error and its problems to stderr, in words a user can act on (one line each, sanitised)."""
    lines = [f"Error: {error.message}"]
    lines += [f"  - {problem}" for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        lines.append(f"  ... and {hidden} more")
    if error.hint:
        lines.append(f"Hint: {error.hint}")
    for line in lines:
        click.echo(terminal_text(line), err=True)  # a newline in a name cannot forge a line


class SafeGroup(click.Group):
    """A click group that turns every library error into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LsgriskError as error:
            report_error(error)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # `lsgrisk ... | head`: the reader left, nothing to report
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            echo_err("Interrupted.")
            ctx.exit(130)
        except MemoryError:
            echo_err("Error: not enough memory for this input.")
            ctx.exit(EXIT_ENVIRONMENT)
        except OSError as error:
            where = f" ({error.filename})" if getattr(error, "filename", None) else ""
            echo_err(f"Error: {terminal_text(str(error.strerror or error))}{terminal_text(where)}")
            echo_err("Hint: check that the path exists and that you may write there.")
            ctx.exit(EXIT_ENVIRONMENT)
        except Exception as error:  # the last line of defence: never a traceback
            if os.environ.get("LSGRISK_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            echo_err(f"Internal error: {type(error).__name__}: {terminal_text(str(error))}")
            echo_err("This is a bug in lsgrisk. Run again with LSGRISK_DEBUG=1 and report the output.")
            ctx.exit(EXIT_INTERNAL)
        return None  # pragma: no cover


def analysis_inputs(func: F) -> F:
    """The options every command that analyses an inventory shares: --catalog, --scans, --tracking, --as-of."""
    options = [
        click.option("--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Catalogue overlay directory (adds or overrides bundled entries, e.g. legal deadlines)."),
        click.option("--scans", type=click.Path(dir_okay=False, path_type=Path),
                     help="Scan store (SQLite); the newest complete scan is merged into the analysis."),
        click.option("--tracking", type=click.Path(dir_okay=False, path_type=Path),
                     help="Risk tracking file (status, owner, justification per risk id)."),
        click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Date of the analysis (YYYY-MM-DD); end of support is judged against it. Default: today."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def as_date(value: datetime | None) -> date | None:
    """The date of a click DateTime option."""
    return value.date() if value is not None else None
