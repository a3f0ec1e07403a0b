"""Commands about the inventory itself: validate, schema, graph, init."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from asset_models.export import write_inventory
from asset_models.fsutil import atomic_write_text
from asset_models.graph import build_graph, graph_to_dot, graph_to_graphml, graph_to_json
from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from asset_models.workspace import init_workspace
from lsgrisk.cli.common import terminal_text

INVENTORY_ARG = click.argument("inventory", type=click.Path(dir_okay=False, path_type=Path))


def inventory_summary(inv: Inventory) -> list[str]:
    """A few lines that show a user what was loaded."""
    lines = [f"{inv.municipality.name} ({inv.municipality.code})"]
    counts = {
        "zones": len(inv.zones), "zone flows": len(inv.zone_flows), "assets": len(inv.assets),
        "data assets": len(inv.data), "services": len(inv.services), "links": len(inv.links),
        "suppliers": len(inv.suppliers), "measures": len(inv.measures),
    }
    lines.append("  " + ", ".join(f"{name}: {n}" for name, n in counts.items()))
    devices = sum(a.quantity for a in inv.assets)
    if devices != len(inv.assets):
        lines.append(f"  {devices} devices in all (asset rows with a quantity count each device)")
    by_kind = Counter(a.kind.value for a in inv.assets)
    lines.append("  assets by kind: " + (", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())) or "none"))
    lines.append("  zones: " + ", ".join(f"{z.id} ({z.kind.value})" for z in inv.zones))
    by_class = Counter(d.classification.value for d in inv.data)
    order = ["public", "internal", "confidential", "secret"]
    classes = ", ".join(f"{c} {by_class[c]}" for c in order if by_class[c])
    lines.append("  data by classification: " + (classes or "none"))
    personal = sum(1 for d in inv.data if d.personal_data)
    lines.append(f"  data assets with personal data: {personal}")
    return lines


@click.command()
@INVENTORY_ARG
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when the inventory is valid.")
def validate(inventory: Path, quiet: bool) -> None:
    """Check an inventory (YAML, JSON or XLSX) and list every problem with its place.

    \b
    Example:
      lsgrisk validate examples/primjer/inventory.yaml
    Exit code 0 when valid, 3 when not (problems go to stderr).
    """
    inv = load_inventory(inventory)
    if not quiet:
        click.echo(terminal_text(f"{inventory}: valid"))
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
    document = Inventory.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if output:
        atomic_write_text(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


_FORMATS = {"json": graph_to_json, "graphml": graph_to_graphml, "dot": graph_to_dot}


@click.command()
@INVENTORY_ARG
@click.option("--format", "fmt", type=click.Choice(sorted(_FORMATS)), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def graph(inventory: Path, fmt: str, output: Path | None) -> None:
    """Print the inventory as a graph (zones, assets, data, services, suppliers, entry points).

    \b
    Example:
      lsgrisk graph examples/primjer/inventory.yaml --format dot | dot -Tsvg > network.svg
    """
    text = _FORMATS[fmt](build_graph(load_inventory(inventory)))
    if output:
        atomic_write_text(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", "-m", required=True, help='Official name, e.g. "Opština Primjer".')
@click.option("--code", help="Short code (letters, digits, '-'); derived from the name when omitted.")
@click.option("--force", is_flag=True, help="Overwrite an existing inventory in DIRECTORY.")
def init(directory: Path, municipality: str, code: str | None, force: bool) -> None:
    """Create a workspace: an inventory.yaml skeleton and an inventory.xlsx template.

    \b
    Example:
      lsgrisk init herceg-novi --municipality "Opština Herceg Novi"
    """
    for path in init_workspace(directory, municipality, code=code, force=force):
        click.echo(f"wrote {path}")
    click.echo(f"Next: fill in {directory / 'inventory.yaml'} (or the .xlsx) and run "
               f"'lsgrisk validate {directory / 'inventory.yaml'}'.")


@click.command()
@INVENTORY_ARG
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Target file: .yaml, .json or .xlsx.")
def convert(inventory: Path, output: Path) -> None:
    """Convert a valid inventory between YAML, JSON and XLSX.

    \b
    Example:
      lsgrisk convert inventory.yaml -o inventory.xlsx
    """
    write_inventory(load_inventory(inventory), output)
    click.echo(f"wrote {output}")


def register(group: click.Group) -> None:
    for command in (validate, schema, graph, init, convert):
        group.add_command(command)
