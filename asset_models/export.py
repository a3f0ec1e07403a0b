"""Write a validated inventory back out as YAML, JSON or XLSX (for conversions between forms)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from asset_models.errors import UsageProblem
from asset_models.fsutil import atomic_write_bytes, atomic_write_text
from asset_models.gcpause import paused_gc
from asset_models.models import Inventory
from asset_models.vocabulary import Vocabulary

#: libyaml's emitter where present: 3x faster than PyYAML's own on large inventories, same text for them
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def inventory_data(inv: Inventory) -> dict[str, Any]:
    """Plain data as a user would write it (aliases, no defaults)."""
    data: dict[str, Any] = inv.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["version"] = inv.version
    return {"version": data.pop("version"), **data}


def write_inventory(inv: Inventory, path: Path, lang: str = "en", vocabulary: Vocabulary | None = None) -> Path:
    """Write ``inv`` in the form the suffix of ``path`` names (a workbook with headers in ``lang``)."""
    with paused_gc():  # large inventories: millions of acyclic objects (asset_models.gcpause)
        return _write(inv, path, lang, vocabulary)


def _write(inv: Inventory, path: Path, lang: str, vocabulary: Vocabulary | None) -> Path:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = yaml.dump(inventory_data(inv), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)
        return atomic_write_text(path, text)
    if suffix == ".json":
        return atomic_write_text(path, json.dumps(inventory_data(inv), ensure_ascii=False, indent=2) + "\n")
    if suffix == ".xlsx":
        from asset_models.xlsx import workbook_bytes

        return atomic_write_bytes(path, workbook_bytes(inv, lang, vocabulary))
    raise UsageProblem(f"cannot write '{suffix}' files", hint="use .yaml, .json or .xlsx")
