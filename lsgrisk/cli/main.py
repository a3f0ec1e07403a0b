"""The ``lsgrisk`` command group. Each area's commands live in their own module."""

from __future__ import annotations

import click

from lsgrisk import __version__
from lsgrisk.cli import analyze_cmds, catalog_cmds, compare_cmds, inventory_cmds, policy_cmds, report_cmds, scan_cmds
from lsgrisk.cli.common import SafeGroup


@click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lsgrisk")
def cli() -> None:
    """Risk analysis, discovery scans and security policies for a municipality's systems.

    \b
    Start here:
      lsgrisk demo -o demo-output          the whole pipeline on the example municipality
      lsgrisk init my-town --municipality "Opština Primjer"
      lsgrisk validate my-town/inventory.yaml
    """


inventory_cmds.register(cli)
scan_cmds.register(cli)
catalog_cmds.register(cli)
analyze_cmds.register(cli)
compare_cmds.register(cli)
report_cmds.register(cli)
policy_cmds.register(cli)


def main() -> None:
    cli(prog_name="lsgrisk")
