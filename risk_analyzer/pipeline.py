"""The analysis stages chained: catalogue -> inventory -> newest scan -> analysis.

``lsgrisk analyze``, ``report``, ``policies`` and ``demo`` all start here, so an
inventory is always validated against the vocabulary of the catalogue in use
(an overlay's controls included) and every command analyses it the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult
from scans.snapshot import merged_snapshot
from threat_catalog.loader import load_actions, load_catalog
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
    """(inventory, result, catalogue) for an inventory file; ``as_of`` defaults to today.

    With ``scans``, the newest complete scans of the store, merged by coverage, extend the inventory;
    ``result.scan`` is None when the store holds no complete scan.
    """
    catalog = load_catalog(Path(catalog_dir) if catalog_dir is not None else None)
    inv = load_inventory(inventory, catalog.vocabulary())
    snapshot = merged_snapshot(Path(scans)) if scans is not None else None
    result = analyze(
        inv,
        catalog,
        as_of or date.today(),
        tracking=Path(tracking) if tracking is not None else None,
        snapshot=snapshot,
        overlay=catalog_dir is not None,
        tool_version=tool_version,
        scans_given=scans is not None,
        actions=load_actions(catalog_dir) if catalog_dir is not None else None,
    )
    return inv, result, catalog
