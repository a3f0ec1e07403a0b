"""The English texts the CLI and the inventory stage show, collected for catalogue checks.

Every msgid a user may see in ``--help`` (commands, options, summaries) and
every message of the inventory stage (``tr``/``ntr``/``t``/``nt`` calls and the
template tables) must have a Montenegrin translation in
``asset_models/locales/cnr/messages.po``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import click

ROOT = Path(__file__).parents[2]
#: files whose messages go through the ``messages`` catalogue
MESSAGE_FILES = [
    "asset_models/loaders.py", "asset_models/validation.py", "asset_models/vocabulary.py", "asset_models/xlsx.py",
    "lsgrisk/cli/common.py", "lsgrisk/cli/inventory_cmds.py",
]
CALLS = {"tr", "ntr", "t", "nt", "gettext", "ngettext"}
#: click's own words that the translated help shows
FRAME_TEXTS = ["Usage:", "Options", "Commands", "default: ", "required"]


def code_msgids() -> set[str]:
    """String literals passed to the translation functions, and the template tables."""
    found: set[str] = set()
    for name in MESSAGE_FILES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if called in CALLS:
                    for arg in node.args[:1]:  # a plural entry is keyed by its singular
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                            found.add(arg.value)
    from asset_models.loaders import _PATTERN_MESSAGES, NOTE_TEMPLATES
    from asset_models.models import CUSTOM_MESSAGES
    from asset_models.xlsx import INSTRUCTIONS, INSTRUCTIONS_TITLE

    found.update(CUSTOM_MESSAGES.values())
    found.update(_PATTERN_MESSAGES.values())
    found.update(singular for singular, _plural in NOTE_TEMPLATES.values())
    found.update(text for pair in INSTRUCTIONS for text in pair)
    found.add(INSTRUCTIONS_TITLE)
    from asset_models.validation import _NONE_DEFINED, _REFERS

    found.update(_REFERS.values())
    found.update(_NONE_DEFINED.values())
    found.update([
        "{field} {value} must be at least {limit}", "{field} {value} must be more than {limit}",
        "{field} {value} must be at most {limit}", "{field} {value} must be less than {limit}",
    ])
    return found


def all_commands() -> Iterator[tuple[str, click.Command]]:
    """Every command and group of the CLI, loaded, with its full name."""
    from lsgrisk.cli.main import cli

    ctx = click.Context(cli, info_name="lsgrisk")

    def walk(group: click.Group, prefix: str) -> Iterator[tuple[str, click.Command]]:
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            if cmd is None:
                continue
            full = f"{prefix} {name}".strip()
            yield full, cmd
            if isinstance(cmd, click.Group):
                yield from walk(cmd, full)

    yield "lsgrisk", cli
    yield from walk(cli, "")


def help_msgids() -> dict[str, str]:
    """msgid -> where it is shown, for every help text, option help and summary."""
    from lsgrisk.cli.common import help_msgids as units
    from lsgrisk.cli.main import SUMMARIES

    found: dict[str, str] = {}
    for name, cmd in all_commands():
        for text in (cmd.help, cmd.short_help, cmd.epilog):
            if text:
                for unit in units(text):
                    found.setdefault(unit, name)
        for param in cmd.params:
            text = getattr(param, "help", None)
            if text:
                for unit in units(text):
                    found.setdefault(unit, f"{name} {param.opts[0] if param.opts else param.name}")
        found.setdefault("Show this message and exit.", name)
    for name, text in SUMMARIES.items():
        for unit in units(text):
            found.setdefault(unit, f"summary of {name}")
    for text in FRAME_TEXTS:
        found.setdefault(text, "help frame")
    return found


def header_msgids() -> set[str]:
    """The dotted column names of every workbook sheet (msgctxt 'column')."""
    from asset_models.xlsx import sheet_columns

    return {c.name for cols in sheet_columns().values() for c in cols}
