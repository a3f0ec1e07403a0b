"""What every command shares: the error boundary, messages, exit codes, the language, progress.

Exit codes (README): 0 done; 1 findings at or above --fail-on (or differences
for ``scan diff``); 2 usage error; 3 invalid input; 4 environment problem.
No traceback reaches a user; set LSGRISK_DEBUG=1 to see one.

The language (``--lang`` of the root group, ``LSGRISK_LANG``, else the locale)
is set once per run. Every text a command prints goes through :func:`t`/:func:`nt`
(the ``messages`` catalogue, English msgids). ``--help`` is translated when it
is shown: the group swaps the class of every command it loads for a subclass
that looks up each help text, option help and section title by its English
text, so command modules keep writing plain click code. Commands load lazily
(the table in :mod:`lsgrisk.cli.main`), so ``--help`` and ``--version`` import
almost nothing.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from asset_models.errors import LsgriskError, Place, Problem

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


# --------------------------------------------------------------------------- the language of the run

_LANG: list[str] = ["en"]
_LOCALE_PREFIXES = ("cnr", "sr", "me_", "sq")


def language() -> str:
    """The language of this run (set by the root group's --lang, LSGRISK_LANG or the locale)."""
    return _LANG[0]


def use_language(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """Decide and set the language of the run; English needs no catalogue (fast start)."""
    env = dict(os.environ) if environ is None else environ
    code = "en"
    locale = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if explicit or env.get("LSGRISK_LANG") or locale.lower().startswith(_LOCALE_PREFIXES):
        from asset_models.i18n import detect_language

        code = detect_language(explicit, env)
    _LANG[0] = code
    if code != "en" or "asset_models.i18n" in sys.modules:
        from asset_models.i18n import set_language

        set_language(code)
    return code


def t(msgid: str, **params: Any) -> str:
    """``msgid`` (English) in the language of the run (``messages`` catalogue)."""
    if _LANG[0] == "en" and not params:
        return msgid
    from asset_models.i18n import tr

    return tr(msgid, **params)


def nt(singular: str, plural: str, n: int, **params: Any) -> str:
    """The plural form for ``n`` in the language of the run (``{n}`` is filled)."""
    from asset_models.i18n import ntr

    return ntr(singular, plural, n, **params)


def place_text(place: Place) -> str:
    """A place in words of the language of the run: file:line or file [sheet S, row R], item.field."""
    where = place.file or "<input>"
    if place.sheet is not None:
        if place.row is not None:
            where += " [" + t("sheet {sheet}, row {row}", sheet=place.sheet, row=place.row) + "]"
        else:
            where += " [" + t("sheet {sheet}", sheet=place.sheet) + "]"
    elif place.line is not None:
        where += f":{place.line}"
    path = ".".join(p for p in (place.item, place.field) if p)
    return f"{where}: {path}" if path else where


def problem_text(problem: Problem) -> str:
    text = f"{place_text(problem.place)}: {problem.message}"
    if problem.hint:
        text += f" ({problem.hint})"
    return text


def report_error(error: LsgriskError) -> None:
    """Print an error and its problems to stderr, in words a user can act on (one line each, sanitised)."""
    lines = [t("Error: {message}", message=error.message)]
    lines += [f"  - {problem_text(problem)}" for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        lines.append("  " + nt("... and {n} more problem", "... and {n} more problems", hidden))
    if error.hint:
        lines.append(t("Hint: {hint}", hint=error.hint))
    for line in lines:
        click.echo(terminal_text(line), err=True)  # a newline in a name cannot forge a line


def report_notes(notes: list[Problem]) -> None:
    """Notes (normalised habits): to stderr, each once."""
    for note in notes:
        echo_err(terminal_text(t("Note: {message}", message=problem_text(note))))


# --------------------------------------------------------------------------- translated --help


_COMMAND_LINE = re.compile(r"^(\s*lsgrisk\b.*?)(\s{2,}#?\s*|\s+#\s*)(\S.*)$")


def _help_units(text: str) -> Iterator[tuple[str, str | None]]:
    """A help text cut into translatable units: (text kept as is, msgid or None) in order.

    Paragraphs that click rewraps are one unit (whitespace normalised); in a
    ``\\b`` block every line is one unit; example command lines stay as they
    are, only a description after two spaces or '#' is translated.
    """
    paragraphs = inspect.cleandoc(text).split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        if number:
            yield "\n\n", None
        if not paragraph.startswith("\b\n"):
            yield "", " ".join(paragraph.split())
            continue
        yield "\b", None
        for line in paragraph.split("\n")[1:]:
            yield "\n", None
            stripped = line.strip()
            if stripped.startswith("lsgrisk ") or stripped == "lsgrisk":
                command = _COMMAND_LINE.match(line)
                if command is None:
                    yield line, None
                else:
                    yield command.group(1) + command.group(2), None
                    yield "", command.group(3)
            elif not stripped:
                yield line, None
            else:
                yield line[: len(line) - len(line.lstrip())], None
                yield "", stripped


def help_msgids(text: str) -> list[str]:
    """The msgids of a help text (see :func:`_help_units`)."""
    return [msgid for _kept, msgid in _help_units(text) if msgid]


def help_text(text: str) -> str:
    """A help text in the language of the run, translated unit by unit (English msgids)."""
    if _LANG[0] == "en":
        return text
    return "".join(kept + (t(msgid) if msgid else "") for kept, msgid in _help_units(text))


def _translated_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    original = getattr(param, "help", None)
    if isinstance(original, str) and original:
        param.help = help_text(original)
    try:
        record = param.get_help_record(ctx)
    finally:
        if isinstance(original, str) and original:
            param.help = original
    if record is None or _LANG[0] == "en":
        return record
    names, text = record
    for english in ("default: ", "required", "env var: "):
        text = text.replace(f"[{english}", "[" + t(english))
    return names, text


class TranslatedHelp:
    """Mixin: help texts, option help and section titles looked up by their English text at display time."""

    help: str | None
    short_help: str | None
    epilog: str | None

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("Usage:") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        original = self.help
        if original:
            self.help = help_text(original)
        try:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
        finally:
            self.help = original

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        original = self.epilog
        if original:
            self.epilog = help_text(original)
        try:
            super().format_epilog(ctx, formatter)  # type: ignore[misc]
        finally:
            self.epilog = original

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not isinstance(param, click.Option):
                continue
            record = _translated_record(param, ctx)
            if record is not None:
                records.append(record)
        if records:
            with formatter.section(t("Options")):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        original_short, original_help = self.short_help, self.help
        self.short_help = help_text(original_short) if original_short else None
        self.help = help_text(original_help) if original_help else original_help
        try:
            return super().get_short_help_str(limit)  # type: ignore[misc, no-any-return]
        finally:
            self.short_help, self.help = original_short, original_help

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = self.command_rows(ctx, formatter.width)
        if rows:
            with formatter.section(t("Commands")):
                formatter.write_dl(rows)

    def command_rows(self, ctx: click.Context, width: int) -> list[tuple[str, str]]:
        group: click.Group = self  # type: ignore[assignment]
        rows = []
        names = group.list_commands(ctx)
        limit = width - 6 - max((len(n) for n in names), default=0)
        for name in names:
            cmd = group.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        return rows


_TRANSLATED: dict[type, type] = {}


def translated(command: click.Command) -> click.Command:
    """``command`` (and its subcommands) with translated --help; the objects stay the same."""
    cls = type(command)
    if not issubclass(cls, TranslatedHelp):
        if cls not in _TRANSLATED:
            _TRANSLATED[cls] = type(f"Translated{cls.__name__}", (TranslatedHelp, cls), {})
        command.__class__ = _TRANSLATED[cls]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translated(sub)
    return command


class LazyGroup(TranslatedHelp, click.Group):
    """A group whose commands are imported when first used, from a table name -> 'module:attribute'.

    Table keys with a space attach a command to a loaded subgroup ("catalog explain").
    ``summaries`` gives the one-line help shown in the group's own --help, so that
    listing the commands imports none of them.
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None,
                 summaries: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})
        self.summaries = dict(summaries or {})

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the root: the language is known before any eager --help prints
            explicit = None
            for index, arg in enumerate(args):
                if arg == "--":
                    break
                if arg == "--lang" and index + 1 < len(args):
                    explicit = args[index + 1]
                elif arg.startswith("--lang="):
                    explicit = arg.split("=", 1)[1]
            try:
                use_language(explicit)
            except LsgriskError:
                _LANG[0] = "en"  # the --lang callback reports the unknown language
            try:
                return super().parse_args(ctx, args)
            except click.ClickException as error:
                raise translated_error(error) from None
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *(k for k in self.lazy if " " not in k)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.load(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def load(self, name: str) -> click.Command:
        module_name, _, attribute = self.lazy[name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong table entry
            raise TypeError(f"{self.lazy[name]} is not a click command")
        if isinstance(command, click.Group):
            for key in self.lazy:
                parent, _, child = key.partition(" ")
                if parent == name and child and child not in command.commands:
                    command.add_command(self.load(key), child)
        return translated(command)

    def command_rows(self, ctx: click.Context, width: int) -> list[tuple[str, str]]:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(width)))
            else:
                rows.append((name, help_text(self.summaries.get(name, ""))))
        return rows

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        ctx.meta["lsgrisk.args"] = list(args)
        name = click.utils.make_str(args[0]) if args else ""
        if args and name not in self.list_commands(ctx) and not name.startswith("-"):
            from asset_models.vocabulary import closest

            best = closest(name, self.list_commands(ctx))
            hint = " " + t("Did you mean '{name}'?", name=best) if best else ""
            raise click.UsageError(t("No such command '{name}'.", name=name) + hint, ctx)
        return super().resolve_command(ctx, args)


#: click's own usage messages, as English patterns and templates of the ``messages`` catalogue
_CLICK_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '(?P<name>[^']+)'\.$"), "Missing argument '{name}'."),
    (re.compile(r"^Missing option '(?P<name>[^']+)'\.$"), "Missing option '{name}'."),
    (re.compile(r"^No such option:? '?(?P<name>[^'\s]+?)'?\.?$"), "No such option: {name}"),
    (re.compile(r"^No such option:? '?(?P<name>[^'\s]+?)'?\.? Did you mean '?(?P<other>[^'\s?]+)'?\?$"),
     "No such option: {name}. Did you mean {other}?"),
    (re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>.+)\.$"), "'{value}' is not one of {choices}."),
    (re.compile(r"^Option '(?P<name>[^']+)' requires an argument\.$"), "Option '{name}' requires an argument."),
    (re.compile(r"^Got unexpected extra arguments? \((?P<name>.+)\)$"), "Unexpected extra argument: {name}"),
    (re.compile(r"^Invalid value for (?P<name>[^:]+): (?P<detail>.+)$"), "Invalid value for {name}: {detail}"),
]


def click_message(message: str) -> str:
    """A click usage message in the language of the run (the known forms; others stay as click wrote them)."""
    for pattern, template in _CLICK_MESSAGES:
        match = pattern.match(message.strip())
        if match:
            parts = {k: click_message(v) if k == "detail" else v for k, v in match.groupdict().items()}
            return t(template, **parts)
    return message


class TranslatedUsageError(click.UsageError):
    """A usage error shown in the language of the run; its text is made when it is raised (the run still speaks)."""

    def __init__(self, message: str, ctx: click.Context | None = None) -> None:
        super().__init__(message, ctx)
        lines: list[str] = []  # each printed as one line: a newline in the user's value cannot forge another
        if ctx is not None:
            lines += ctx.get_usage().splitlines()
            help_name = ctx.help_option_names[0] if ctx.help_option_names else "--help"
            lines += [t("Try '{command}' for help.", command=f"{ctx.command_path} {help_name}"), ""]
        lines.append(t("Error: {message}", message=message))
        self.lines = lines
        self.text = "\n".join(lines)

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            echo_err(line)


def translated_error(error: click.ClickException) -> click.ClickException:
    """``error`` as the user should see it (language of the run); click's own wording when English."""
    if _LANG[0] == "en" or not isinstance(error, click.UsageError) or isinstance(error, TranslatedUsageError):
        return error
    message = error.format_message() if isinstance(error, click.BadParameter) else error.message
    return TranslatedUsageError(click_message(message), error.ctx)  # usage errors exit 2


class SafeGroup(LazyGroup):
    """A click group that turns every library error into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke(ctx)
        finally:
            if ctx.parent is None:
                end_run()

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LsgriskError as error:
            report_error(error)
            ctx.exit(error.exit_code)
        except click.ClickException as error:
            raise translated_error(error) from None
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `lsgrisk ... | head`: the reader left, nothing to report
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            echo_err(t("Interrupted."))
            ctx.exit(130)
        except MemoryError:
            echo_err(t("Error: not enough memory for this input."))
            ctx.exit(EXIT_ENVIRONMENT)
        except OSError as error:
            where = f" ({error.filename})" if getattr(error, "filename", None) else ""
            message = f"{terminal_text(str(error.strerror or error))}{terminal_text(where)}"
            echo_err(t("Error: {message}", message=message))
            echo_err(t("Hint: {hint}", hint=t("check that the path exists and that you may write there.")))
            ctx.exit(EXIT_ENVIRONMENT)
        except Exception as error:  # the last line of defence: never a traceback
            if os.environ.get("LSGRISK_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            message = f"{type(error).__name__}: {terminal_text(str(error))}"
            echo_err(t("Internal error: {message}", message=message))
            echo_err(t("This is a bug in lsgrisk. Run again with LSGRISK_DEBUG=1 and report the output."))
            ctx.exit(EXIT_INTERNAL)
        return None  # pragma: no cover


def catalogue_vocabulary(catalog_dir: Path | None = None) -> Any:
    """The vocabulary of the catalogue in use (bundled plus an overlay)."""
    from threat_catalog.loader import load_catalog

    return load_catalog(catalog_dir).vocabulary()


def start_run(ctx: click.Context, lang: str | None) -> str:
    """What the root group does before any command: language, vocabulary in use, notes, defaults.

    Every command option named ``lang`` (documents, register, catalogue texts)
    defaults to the language of the run when it was chosen (not English by default).
    """
    code = use_language(lang)
    if not any(arg in ("-h", "--help") for arg in ctx.meta.get("lsgrisk.args", ())):  # --help: fast start
        from asset_models.notes import set_note_sink
        from asset_models.vocabulary import set_vocabulary_provider

        set_vocabulary_provider(catalogue_vocabulary)
        set_note_sink(report_notes)
    chosen = bool(lang or os.environ.get("LSGRISK_LANG")) or code != "en"
    name = ctx.invoked_subcommand
    group = ctx.command
    if chosen and name and isinstance(group, click.Group):
        command = group.get_command(ctx, name)
        if command is not None:
            defaults = _lang_defaults(command, code)
            if defaults:
                ctx.default_map = {**(ctx.default_map or {}), name: defaults}
    return code


def end_run() -> None:
    """Forget what :func:`start_run` registered (library use after a run, tests that run many commands)."""
    if "asset_models.notes" in sys.modules:
        from asset_models.notes import set_note_sink
        from asset_models.vocabulary import set_vocabulary_provider

        set_vocabulary_provider(None)
        set_note_sink(None)
    _LANG[0] = "en"
    if "asset_models.i18n" in sys.modules:
        from asset_models.i18n import set_language

        set_language("en")


class LanguageChoice(click.Choice):  # type: ignore[type-arg]
    """``--lang``: the languages of the registry, letter case forgiven, shown as the registry writes them.

    click shows the choices of a case-insensitive :class:`click.Choice` in lower case (``cnr-cyrl``); the
    help and the usage error here name them as they are (``cnr-Cyrl``). Being a ``Choice``, the option still
    takes the run's language as its default (:func:`_lang_defaults`).
    """

    def __init__(self) -> None:
        from asset_models.i18n import registry  # deferred, as the other language imports here

        super().__init__(registry().codes(), case_sensitive=False)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(str(c) for c in self.choices) + "]"

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"{value!r} is not one of {', '.join(repr(str(c)) for c in self.choices)}."


def _lang_defaults(command: click.Command, code: str) -> dict[str, Any]:
    """default_map entries that make every ``lang`` option of ``command`` default to ``code``."""
    out: dict[str, Any] = {}
    for param in command.params:
        if param.name == "lang" and isinstance(param.type, click.Choice):
            choices = [str(c) for c in param.type.choices]
            for candidate in (code, code.split("-")[0]):
                if candidate in choices:
                    out["lang"] = candidate
                    break
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            sub_defaults = _lang_defaults(sub, code)
            if sub_defaults:
                out[sub_name] = sub_defaults
    return out


# --------------------------------------------------------------------------- progress


class _Ticker:
    def __init__(self, advance: Callable[[int], None]) -> None:
        self.advance = advance

    def __call__(self, steps: int = 1) -> None:
        self.advance(steps)


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[_Ticker]:
    """A progress bar on stderr while the block runs (rich, on a terminal only; silent otherwise).

    ``label`` is shown as given (translate it with :func:`t`); with ``total``
    the bar counts steps (call the ticker with the number done), without it a
    spinner shows that work goes on.
    """
    if not sys.stderr.isatty() or os.environ.get("LSGRISK_NO_PROGRESS"):
        yield _Ticker(lambda _n: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield _Ticker(lambda n: bar.advance(task, n))


def tracked(items: Iterable[Any], label: str, total: int) -> Iterator[Any]:
    """Iterate ``items`` with a progress bar (on a terminal)."""
    with progress(label, total) as tick:
        for item in items:
            yield item
            tick()


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
