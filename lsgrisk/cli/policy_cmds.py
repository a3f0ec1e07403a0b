"""``lsgrisk policies`` (the six policy drafts) and ``lsgrisk demo`` (the whole pipeline on the example)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from asset_models.errors import EnvironmentProblem, Place, Problem, ToolMissing
from lsgrisk import __version__
from lsgrisk.cli.common import analysis_inputs, as_date, progress, t
from lsgrisk.cli.inventory_cmds import inventory_summary
from policy_templates.i18n import LANGS
from policy_templates.policies.generate import write_policies
from policy_templates.report.writer import convert_to_pdf, find_soffice, write_report
from risk_analyzer.outputs import level_colours, write_outputs
from risk_analyzer.pipeline import run_analysis

#: the as-of date of the demo, so that its documents are the same on every run
DEMO_AS_OF = date(2026, 1, 15)
#: the bundled example, relative to the repository (or source tree) root
EXAMPLE = Path("examples") / "primjer" / "inventory.yaml"


def example_inventory() -> Path | None:
    """The example inventory: in the source tree, installed data (share/lsgrisk), or the working directory."""
    candidates = [
        Path(__file__).resolve().parents[2] / EXAMPLE,
        Path(sys.prefix) / "share" / "lsgrisk" / EXAMPLE,
        Path.cwd() / EXAMPLE,
    ]
    return next((path for path in candidates if path.is_file()), None)


@click.command()
@click.argument("inventory", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the documents (created owner-only when missing).")
@click.option("--lang", type=click.Choice(["cnr", "en"]), default="cnr", show_default=True,
              help="Document language: cnr (Montenegrin) or en (English).")
@click.option("--only", type=click.IntRange(1, 6), multiple=True,
              help="Only policy N (1-6); repeat for several. Default: all six.")
@analysis_inputs
@click.option("--pdf", is_flag=True, help="Also convert each .docx to PDF with LibreOffice (must be installed).")
def policies(inventory: Path, output: Path, lang: str, only: tuple[int, ...], catalog_dir: Path | None,
             scans: Path | None, tracking: Path | None, as_of: datetime | None, pdf: bool) -> None:
    """Write the six policy drafts: OUT/<CODE>-POL-0N-<name>.<lang>.docx.

    \b
    1 Information Security Policy            4 Backup, Business Continuity and DR
    2 Interoperability and Data Exchange     5 Incident Management and Reporting
    3 Access Control and Identity Mgmt       6 Asset Management and Acceptable Use
    Each draft has its annexes filled from the analysis of this inventory.

    \b
    Example:
      lsgrisk policies examples/primjer/inventory.yaml -o out --lang cnr
      lsgrisk policies examples/primjer/inventory.yaml -o out --lang en --only 2 --only 4
    Exit codes: 0 written; 3 invalid inventory, catalogue, scan store or tracking file;
    4 environment problem (for example --pdf without LibreOffice; the .docx files are still written).
    """
    inv, result, catalog = run_analysis(
        inventory, catalog_dir=catalog_dir, scans=scans, tracking=tracking, as_of=as_date(as_of),
        tool_version=__version__,
    )  # fmt: skip
    written = write_policies(inv, result, catalog, lang, output, only=only or None)
    for path in written:
        click.echo(f"wrote {path}")
    if pdf:
        if find_soffice() is None:
            raise ToolMissing(
                "LibreOffice is not installed, so the policies cannot be converted to PDF",
                [Problem(Place(file=str(output)), "the .docx files were written; only the PDFs are missing")],
                hint="install it (Debian/Ubuntu: sudo apt-get install libreoffice-writer) or open the .docx in "
                "Word and save as PDF",
            )
        for path in written:
            click.echo(f"wrote {convert_to_pdf(path)}")


@click.command()
@click.option("--output", "-o", default=Path("demo-output"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Directory for everything the demo writes.")
def demo(output: Path) -> None:
    """Run the whole pipeline on the bundled example municipality (Opština Primjer).

    The analysis is dated 2026-01-15, so the output is the same on every run.
    Validates the example inventory, analyses it (analysis.json and the risk
    register as csv and xlsx), writes the Risk and Security Analysis report (docx and html) and the six
    policies, in Montenegrin and English, and prints every file it wrote.

    \b
    Example:
      lsgrisk demo -o demo-output
    """
    source = example_inventory()
    if source is None:
        raise EnvironmentProblem(
            "the example inventory is not installed with this copy of lsgrisk",
            [Problem(Place(file="examples/primjer/inventory.yaml"), "file not found")],
            hint="run the demo from a clone of the repository (make demo)",
        )
    with progress(t("Demo: analysis, report and policies"), total=1 + 3 * len(LANGS)) as tick:
        inv, result, catalog = run_analysis(source, as_of=DEMO_AS_OF, tool_version=__version__)
        tick()
        written = _demo_documents(inv, result, catalog, output, tick)
    click.echo(f"{source}: valid")
    for line in inventory_summary(inv):
        click.echo(line)
    levels = ", ".join(f"{level} {result.summary.inherent.get(level, 0)}" for level in reversed(result.summary.levels))
    click.echo(f"Analysis as of {result.as_of.isoformat()}: {result.summary.total} risks ({levels})")
    for path in written:
        click.echo(f"wrote {path}")


def _demo_documents(inv: Any, result: Any, catalog: Any, output: Path, tick: Callable[[], None]) -> list[Path]:
    colours = level_colours((level.id.value, level.colour) for level in catalog.matrix.levels)
    written: list[Path] = []
    for lang in LANGS:
        written.extend(write_outputs(result, output / lang.value, lang.value, colours))
        tick()
        written.extend(write_report(inv, result, catalog, lang, output / lang.value))
        tick()
        written.extend(write_policies(inv, result, catalog, lang, output / lang.value / "policies"))
        tick()
    return written


def register(group: click.Group) -> None:
    group.add_command(policies)
    group.add_command(demo)
