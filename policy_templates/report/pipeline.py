"""Validate and analyse an inventory for the report: the stage functions chained, nothing more.

``lsgrisk report`` and the report tests call :func:`run_analysis`; it loads the
inventory (exit 3 on problems), the catalogue with an optional overlay, the
newest complete scan of a store when one is given, and runs
:func:`risk_analyzer.analyze.analyze`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult
from scans.snapshot import latest_complete_snapshot
from threat_catalog.loader import load_catalog
from threat_catalog.models import Catalog


def run_analysis(
    inventory: str | Path,
    *,
    catalog_dir: str | Path | None = None,
    scans: str | Path | None = None,
    tracking: str | Path | None = None,
    as_of: date | None = None,
    tool_version: str = "0",
) -> tuple[Inventory, AnalysisResult, Catalog]:
    """(inventory, result, catalogue) for the inventory file; ``as_of`` defaults to today."""
    inv = load_inventory(inventory)
    catalog = load_catalog(catalog_dir)
    snapshot = latest_complete_snapshot(Path(scans)) if scans is not None else None
    result = analyze(
        inv, catalog, as_of or date.today(),
        tracking=Path(tracking) if tracking is not None else None,
        snapshot=snapshot, overlay=catalog_dir is not None, tool_version=tool_version,
    )
    return inv, result, catalog
