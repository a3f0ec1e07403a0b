"""The ``lsgrisk`` command group.

Each area's commands live in their own module and are imported only when a
command is used (``lsgrisk --help`` and ``--version`` import none of them).
To add a command: one line in ``COMMANDS`` (name -> "module:attribute"; a key
with a space attaches to a subgroup) and its one-line summary in ``SUMMARIES``
(the first line of its docstring; a test keeps them equal).
"""

from __future__ import annotations

import click

from asset_models.errors import LsgriskError
from lsgrisk import __version__
from lsgrisk.cli.common import SafeGroup, start_run, use_language

COMMANDS: dict[str, str] = {
    "analyze": "lsgrisk.cli.analyze_cmds:analyze_cmd",
    "catalog": "lsgrisk.cli.catalog_cmds:catalog",
    "catalog explain": "lsgrisk.cli.analyze_cmds:explain_cmd",
    "compare": "lsgrisk.cli.compare_cmds:compare_cmd",
    "convert": "lsgrisk.cli.inventory_cmds:convert",
    "demo": "lsgrisk.cli.policy_cmds:demo",
    "docs": "lsgrisk.cli.docs_cmds:docs",
    "graph": "lsgrisk.cli.inventory_cmds:graph",
    "init": "lsgrisk.cli.inventory_cmds:init",
    "policies": "lsgrisk.cli.policy_cmds:policies",
    "portfolio": "lsgrisk.cli.portfolio_cmds:portfolio",
    "report": "lsgrisk.cli.report_cmds:report",
    "scan": "lsgrisk.cli.scan_cmds:scan",
    "schema": "lsgrisk.cli.inventory_cmds:schema",
    "validate": "lsgrisk.cli.inventory_cmds:validate",
}

SUMMARIES: dict[str, str] = {
    "analyze": "Analyse an inventory: risks, attack paths, treatment plan and compliance.",
    "catalog": "Browse the threat catalogue: threats, controls, measures and weakness rules.",
    "compare": "Compare two analyses: new, closed and changed risks, and compliance progress.",
    "convert": "Convert a valid inventory between YAML, JSON and XLSX.",
    "demo": "Run the whole pipeline on the bundled example municipality (Opština Primjer).",
    "docs": "Document text for editing: export it, check it.",
    "graph": "Print the inventory as a graph (zones, assets, data, services, suppliers, entry points).",
    "init": "Create a workspace: an inventory.yaml skeleton and an inventory.xlsx template.",
    "policies": "Write the six policy drafts: OUT/<CODE>-POL-0N-<name>.<lang>.docx.",
    "portfolio": "Compare municipalities: html dashboard, xlsx workbook and a docx summary for the ministry.",
    "report": "Write the Risk and Security Analysis report: OUT/<code>-risk-analysis.<lang>.docx and .html.",
    "scan": "Discovery scans with nmap: run, import, list, diff, reconcile with the inventory, schedule.",
    "schema": "Print the JSON Schema of the inventory (for editors that validate YAML).",
    "validate": "Check an inventory (YAML, JSON or XLSX) and list every problem with its place.",
}


def _choose_language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    try:
        use_language(value)  # eager: a --help after --lang is already translated
    except LsgriskError as error:
        source = "--lang" if value else "LSGRISK_LANG"
        raise click.BadParameter(f"{error.message} ({error.hint})", param_hint=source) from None
    return value


@click.group(
    cls=SafeGroup,
    lazy=COMMANDS,
    summaries=SUMMARIES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--lang", "lang", metavar="LANG", is_eager=True, callback=_choose_language,
              help="Language of messages and help: cnr, cnr-Cyrl, en or sq "
                   "(default: LSGRISK_LANG, else the system locale, else en).")
@click.version_option(__version__, prog_name="lsgrisk", help="Show the version and exit.")
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """Risk analysis, discovery scans and security policies for a municipality's systems.

    \b
    Start here:
      lsgrisk demo -o demo-output          the whole pipeline on the example municipality
      lsgrisk init my-town --municipality "Opština Primjer"
      lsgrisk validate my-town/inventory.yaml
    Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage, 3 invalid input, 4 environment.
    """
    start_run(ctx, lang)


def main() -> None:
    cli(prog_name="lsgrisk")
