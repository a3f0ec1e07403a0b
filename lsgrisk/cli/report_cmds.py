"""``lsgrisk report``: the Risk and Security Analysis report (docx and self-contained html)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from lsgrisk import __version__
from lsgrisk.cli.common import analysis_inputs, as_date
from lsgrisk.cli.docs_cmds import documents_option, lang_option, resolve_documents
from policy_templates.report.writer import convert_to_pdf, write_report
from risk_analyzer.compare import AnalysisSnapshot, compare, load_snapshot
from risk_analyzer.pipeline import run_analysis


@click.command()
@click.argument("inventory", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the report files (created owner-only when missing).")
@lang_option
@documents_option
@analysis_inputs
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
              help="A previous analysis.json: adds what changed since then (analysis.json 'since_previous').")
@click.option("--pdf", is_flag=True, help="Also convert the .docx to PDF with LibreOffice (must be installed).")
def report(inventory: Path, output: Path, lang: str, documents: Path | None, catalog_dir: Path | None,
           scans: Path | None,
           tracking: Path | None, as_of: datetime | None, previous: Path | None, pdf: bool) -> None:
    """Write the Risk and Security Analysis report: OUT/<code>-risk-analysis.<lang>.docx and .html.

    \b
    Example:
      lsgrisk report examples/primjer/inventory.yaml -o out --lang cnr
      lsgrisk report examples/primjer/inventory.yaml -o out --lang en --as-of 2025-03-12 --pdf
      lsgrisk report examples/primjer/inventory.yaml -o out --previous old/analysis.json
    Exit codes: 0 written; 3 invalid inventory, catalogue, scan store or tracking file;
    4 environment problem (for example --pdf without LibreOffice; the docx and html are still written).
    """
    before = load_snapshot(previous) if previous is not None else None  # a bad file fails before the analysis
    inv, result, catalog = run_analysis(
        inventory, catalog_dir=catalog_dir, scans=scans, tracking=tracking, as_of=as_date(as_of),
        tool_version=__version__,
    )  # fmt: skip
    if before is not None:
        result.since_previous = compare(before, AnalysisSnapshot.of(result))
    written = write_report(inv, result, catalog, lang, output, documents=resolve_documents(inventory, documents))
    for path in written:
        click.echo(f"wrote {path}")
    if pdf:
        click.echo(f"wrote {convert_to_pdf(written[0])}")


def register(group: click.Group) -> None:
    group.add_command(report)
