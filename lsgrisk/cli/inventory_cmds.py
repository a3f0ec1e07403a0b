"""Commands about the inventory itself: validate, schema, graph, init."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from lsgrisk.cli.common import catalogue_vocabulary, language, nt, progress, report_notes, t, terminal_text

INVENTORY_ARG = click.argument("inventory", type=click.Path(dir_okay=False, path_type=Path))

if TYPE_CHECKING:  # the models (pydantic) load when a command runs, not for --help
    from asset_models.errors import Problem
    from asset_models.models import Inventory

F = TypeVar("F", bound=Callable[..., Any])


def catalogue_option(func: F) -> F:
    """``--catalog DIR``: control ids and measure keys come from the bundled catalogue plus this overlay."""
    return click.option(
        "--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Catalogue overlay directory; its control ids and measure keys are valid too.",
    )(func)


def load_checked(inventory: Path, catalog_dir: Path | None, notes: list[Problem] | None = None) -> Inventory:
    """Load an inventory against the catalogue in use, with a progress spinner on a terminal."""
    from asset_models.loaders import load_inventory

    with progress(t("Reading {file}", file=inventory.name)):
        vocabulary = catalogue_vocabulary(catalog_dir) if catalog_dir is not None else None
        return load_inventory(inventory, vocabulary, notes)


def label(vocabulary: str, code: str) -> str:
    """The label of a code in the language of the run (``labels`` catalogue); the code itself in English."""
    if language() == "en":
        return code
    from asset_models.i18n import translator

    return translator(language(), "labels").label(vocabulary, code)


def inventory_summary(inv: Inventory) -> list[str]:
    """A few lines that show a user what was loaded (in the language of the run)."""
    lines = [f"{inv.municipality.name} ({inv.municipality.code})"]
    counts = [
        nt("{n} zone", "{n} zones", len(inv.zones)),
        nt("{n} zone flow", "{n} zone flows", len(inv.zone_flows)),
        nt("{n} asset", "{n} assets", len(inv.assets)),
        nt("{n} data asset", "{n} data assets", len(inv.data)),
        nt("{n} service", "{n} services", len(inv.services)),
        nt("{n} link", "{n} links", len(inv.links)),
        nt("{n} supplier", "{n} suppliers", len(inv.suppliers)),
        nt("{n} measure", "{n} measures", len(inv.measures)),
    ]
    lines.append("  " + ", ".join(counts))
    devices = sum(a.quantity for a in inv.assets)
    if devices != len(inv.assets):
        lines.append("  " + nt("{n} device in all (asset rows with a quantity count each device)",
                               "{n} devices in all (asset rows with a quantity count each device)", devices))
    by_kind = Counter(a.kind.value for a in inv.assets)
    kinds = ", ".join(f"{label('asset_kind', k)} {n}" for k, n in sorted(by_kind.items())) or t("none")
    lines.append("  " + t("assets by kind: {list}", list=kinds))
    zones = ", ".join(f"{z.id} ({label('zone_kind', z.kind.value)})" for z in inv.zones)
    lines.append("  " + t("zones: {list}", list=zones))
    by_class = Counter(d.classification.value for d in inv.data)
    order = ["public", "internal", "confidential", "secret"]
    classes = ", ".join(f"{label('classification', c)} {by_class[c]}" for c in order if by_class[c]) or t("none")
    lines.append("  " + t("data by classification: {list}", list=classes))
    personal = sum(1 for d in inv.data if d.personal_data)
    lines.append("  " + t("data assets with personal data: {n}", n=personal))
    return lines


@click.command()
@INVENTORY_ARG
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when the inventory is valid.")
@catalogue_option
def validate(inventory: Path, quiet: bool, catalog_dir: Path | None) -> None:
    """Check an inventory (YAML, JSON or XLSX) and list every problem with its place.

    \b
    Example:
      lsgrisk validate examples/primjer/inventory.yaml
    Control ids and measure keys are those of the catalogue (lsgrisk catalog list).
    Exit code 0 when valid, 3 when not (problems go to stderr).
    """
    notes: list[Problem] = []
    inv = load_checked(inventory, catalog_dir, notes)
    if not quiet:
        report_notes(notes)
        click.echo(terminal_text(t("{file}: valid", file=inventory)))
        for line in inventory_summary(inv):
            click.echo(terminal_text(line))  # names come from the inventory: control sequences shown escaped


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the inventory (for editors that validate YAML).

    \b
    Example:
      lsgrisk schema -o inventory.schema.json
    """
    from asset_models.fsutil import atomic_write_text
    from asset_models.models import Inventory

    document = Inventory.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if output:
        atomic_write_text(output, text)
        click.echo(t("wrote {path}", path=output), err=True)
    else:
        click.echo(text, nl=False)


_FORMATS = ("dot", "graphml", "json")


@click.command()
@INVENTORY_ARG
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="json", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@catalogue_option
def graph(inventory: Path, fmt: str, output: Path | None, catalog_dir: Path | None) -> None:
    """Print the inventory as a graph (zones, assets, data, services, suppliers, entry points).

    \b
    Example:
      lsgrisk graph examples/primjer/inventory.yaml --format dot | dot -Tsvg > network.svg
    """
    from asset_models.fsutil import atomic_write_text
    from asset_models.graph import build_graph, graph_to_dot, graph_to_graphml, graph_to_json

    writers = {"json": graph_to_json, "graphml": graph_to_graphml, "dot": graph_to_dot}
    text = writers[fmt](build_graph(load_checked(inventory, catalog_dir)))
    if output:
        atomic_write_text(output, text)
        click.echo(t("wrote {path}", path=output), err=True)
    else:
        click.echo(text, nl=False)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", "-m", required=True, help='Official name, e.g. "Opština Primjer".')
@click.option("--code", help="Short code (letters, digits, '-'); derived from the name when omitted.")
@click.option("--force", is_flag=True, help="Overwrite an existing inventory in DIRECTORY.")
@catalogue_option
def init(directory: Path, municipality: str, code: str | None, force: bool, catalog_dir: Path | None) -> None:
    """Create a workspace: an inventory.yaml skeleton and an inventory.xlsx template.

    The skeleton lists every measure of the catalogue; the workbook has headers in
    the language of the run (--lang), drop-down lists, two example rows per sheet
    and instructions in Montenegrin and English.

    \b
    Example:
      lsgrisk init herceg-novi --municipality "Opština Herceg Novi"
    """
    from asset_models.workspace import init_workspace
    from asset_models.xlsx import workbook_bytes
    from threat_catalog.loader import load_catalog

    lang = language()
    catalog = load_catalog(catalog_dir)
    text_lang = "cnr" if lang.startswith("cnr") else "en"
    measures = [(m.id, m.title.get(text_lang)) for m in catalog.measures]
    vocabulary = catalog.vocabulary()
    with progress(t("Writing the workspace")):
        written = init_workspace(
            directory, municipality, code=code, force=force, measures=measures,
            workbook=lambda inv: workbook_bytes(inv, lang, vocabulary, examples=True),
        )
    for path in written:
        click.echo(t("wrote {path}", path=path))
    click.echo(t("Next: fill in {yaml} (or the .xlsx) and run 'lsgrisk validate {yaml}'.",
                 yaml=directory / "inventory.yaml"))


@click.command()
@INVENTORY_ARG
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Target file: .yaml, .json or .xlsx.")
@catalogue_option
def convert(inventory: Path, output: Path, catalog_dir: Path | None) -> None:
    """Convert a valid inventory between YAML, JSON and XLSX.

    \b
    Example:
      lsgrisk convert inventory.yaml -o inventory.xlsx
    A workbook gets headers in the language of the run (--lang) and drop-down lists.
    """
    from asset_models.export import write_inventory

    inv = load_checked(inventory, catalog_dir)
    with progress(t("Writing {file}", file=output.name)):
        write_inventory(inv, output, language(), catalogue_vocabulary(catalog_dir))
    click.echo(t("wrote {path}", path=output))


def register(group: click.Group) -> None:
    for command in (validate, schema, graph, init, convert):
        group.add_command(command)
