"""``lsgrisk compare OLD NEW``: what changed between two analyses (thin: stage calls and printing)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from lsgrisk.cli.catalog_cmds import lang_option
from lsgrisk.cli.common import EXIT_FINDINGS, terminal_text
from risk_analyzer.compare import compare, comparison_lines, load_snapshot
from risk_analyzer.result import ACTIVE_STATUSES
from threat_catalog.models import Level

_LEVELS = [lv.value for lv in Level]


@click.command("compare")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Text for people, JSON for scripts.")  # fmt: skip
@click.option("--fail-on", type=click.Choice(_LEVELS), default=None,
              help="Exit 1 when a new active risk at or above this level appeared.")  # fmt: skip
@lang_option
def compare_cmd(old: Path, new: Path, fmt: str, fail_on: str | None, lang: str) -> None:
    """Compare two analyses: new, closed and changed risks, and compliance progress.

    \b
    Example:
      lsgrisk compare last-year/analysis.json out/analysis.json --fail-on high
    Exit 1 when a new active risk at or above --fail-on appeared, 3 for an unreadable file.
    """
    before, after = load_snapshot(old), load_snapshot(new)
    result = compare(before, after)
    if fmt == "json":
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        titles = {r.id: r.title.get(lang, r.title.get("en", "")) for r in [*before.risks, *after.risks]}
        for line in comparison_lines(result, lang, titles):
            click.echo(terminal_text(line))  # titles and names may come from an inventory
    if fail_on is not None:
        threshold = Level(fail_on).rank
        active = {s.value for s in ACTIVE_STATUSES}
        if any(
            c.new_level is not None and Level(c.new_level).rank >= threshold and (c.new_status or "open") in active
            for c in result.new
        ):
            click.get_current_context().exit(EXIT_FINDINGS)


def register(cli: click.Group) -> None:
    cli.add_command(compare_cmd)
