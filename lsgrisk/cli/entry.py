"""The ``lsgrisk`` program: the full command group, or only the scan commands for ``lsgrisk scan ...``.

A scheduled scan or an import of a large nmap file should not wait for the
analysis, document and workbook libraries to load: for ``lsgrisk scan`` only
:mod:`lsgrisk.cli.scan_cmds` is imported (the scan group is the same object,
with the same options and help as under the full group).
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["scan"]:
        import click

        from lsgrisk import __version__
        from lsgrisk.cli import scan_cmds
        from lsgrisk.cli.common import SafeGroup

        @click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
        @click.version_option(__version__, prog_name="lsgrisk")
        def lsgrisk() -> None:
            """Risk analysis, discovery scans and security policies for a municipality's systems."""

        scan_cmds.register(lsgrisk)
        lsgrisk(prog_name="lsgrisk")
        return
    from lsgrisk.cli.main import main as full

    full()
