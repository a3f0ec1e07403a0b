"""What every command shares: the error boundary, messages and exit codes.

Exit codes (README): 0 done; 1 findings at or above --fail-on (or differences
for ``scan diff``); 2 usage error; 3 invalid input; 4 environment problem.
No traceback reaches a user; set LSGRISK_DEBUG=1 to see one.
"""

from __future__ import annotations

import os
import sys
import traceback
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


def echo_err(text: str) -> None:
    click.echo(text, err=True)


def report_error(error: LsgriskError) -> None:
    """Print an error and its problems to stderr, in words a user can act on."""
    echo_err(f"Error: {error.message}")
    for problem in error.problems[:MAX_PROBLEMS_SHOWN]:
        echo_err(f"  - {problem}")
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        echo_err(f"  ... and {hidden} more")
    if error.hint:
        echo_err(f"Hint: {error.hint}")


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
            echo_err(f"Error: {error.strerror or error}{where}")
            echo_err("Hint: check that the path exists and that you may write there.")
            ctx.exit(EXIT_ENVIRONMENT)
        except Exception as error:  # the last line of defence: never a traceback
            if os.environ.get("LSGRISK_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            echo_err(f"Internal error: {type(error).__name__}: {error}")
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
