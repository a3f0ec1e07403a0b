"""Inputs of the portfolio tests and benchmark: the example, synthetic municipalities, a hostile inventory."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
AS_OF = "2026-01-15"

for extra in (ROOT / "benchmarks", ROOT / "tests" / "documents"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from documents_report_support import HOSTILE, hostile_inventory_data  # noqa: E402
from synth import generate_data  # noqa: E402

__all__ = ["HOSTILE", "generate_data", "hostile_inventory_data"]


def synthetic(index: int, n_assets: int = 60) -> dict[str, Any]:
    """Synthetic municipality ``index`` with its own name, code, officer and e-mail."""
    data = generate_data(n_assets, seed=index)
    m = data["municipality"]
    m["name"] = f"Opština Zlatograd{index:02d}"
    m["code"] = f"ZLATOGRAD{index:02d}"
    m["security_officer"] = {"name": f"Milica Službenović{index:02d}", "email": f"milica{index:02d}@zlatograd.example"}
    m["head"] = {"title": "Predsjednik opštine", "name": f"Radomir Glavić{index:02d}"}
    return data


def write(directory: Path, data: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "inventory.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_municipalities(base: Path, synthetic_count: int = 2) -> list[Path]:
    paths = [EXAMPLE]
    paths += [write(base / f"synth{i}", synthetic(i, 60 + 20 * i)) for i in range(1, synthetic_count + 1)]
    paths.append(write(base / "hostile", hostile_inventory_data()))
    return paths


def names_in(path: Path) -> set[str]:
    """The names an anonymised output must not contain: municipality, code, officers, e-mails, asset names."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    m = data["municipality"]
    found = {m["name"], m["code"]}
    officer = m.get("security_officer") or {}
    head = m.get("head") or {}
    for value in (officer.get("name"), officer.get("email"), head.get("name") if isinstance(head, dict) else head):
        if value:
            found.add(value)
    for asset in data.get("assets", []):
        name = asset.get("name")
        if name and len(name) >= 12:  # short generic names ("Router") may be words of any text
            found.add(name)
    return found
