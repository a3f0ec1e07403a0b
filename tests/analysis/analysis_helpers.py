"""Shared helpers for the analysis tests: a tiny clean municipality and a runner."""

from __future__ import annotations

import copy
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from asset_models.models import Inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult
from scans.snapshot import ScanSnapshot
from threat_catalog.loader import load_catalog
from threat_catalog.models import Catalog

AS_OF = date(2026, 6, 1)

GOOD_SERVER_CONTROLS = [
    "antivirus", "patching.monthly", "backup.daily", "backup.offline", "ups", "logging.central", "mfa.admin",
    "waf", "email.filtering", "ha.cluster", "firewall.host",
]  # fmt: skip


def clean_inventory() -> dict[str, Any]:
    """A small town hall with nothing wrong: every measure in place, one well-kept server."""
    catalog = load_catalog()
    return {
        "version": 1,
        "municipality": {"name": "Opština Test", "code": "TEST", "employees": 40, "it_staff": 3},
        "zones": [
            {"id": "internet", "kind": "internet"},
            {"id": "lan", "kind": "internal", "cidrs": ["10.0.1.0/24"]},
            {"id": "srv", "kind": "server", "cidrs": ["10.0.2.0/24"]},
            {"id": "dmz", "kind": "dmz", "cidrs": ["10.0.3.0/24"]},
        ],
        "zone_flows": [{"from": "lan", "to": "srv", "ports": ["tcp/443"]}],
        "assets": [
            {
                "id": "srv1", "name": "Server 1", "kind": "server", "zone": "srv", "ips": ["10.0.2.10"],
                "owner": "IT", "services": [{"port": 443}], "controls": list(GOOD_SERVER_CONTROLS),
            }
        ],
        "measures": {m.id: "yes" for m in catalog.measures},
    }  # fmt: skip


def asset(d: dict[str, Any], asset_id: str) -> dict[str, Any]:
    return next(a for a in d["assets"] if a["id"] == asset_id)


def add_asset(d: dict[str, Any], **fields: Any) -> dict[str, Any]:
    item = {"name": fields["id"], "owner": "IT", **fields}
    d["assets"].append(item)
    return item


def run(d: dict[str, Any], snapshot: ScanSnapshot | None = None, catalog: Catalog | None = None) -> AnalysisResult:
    inv = Inventory.model_validate(copy.deepcopy(d))
    return analyze(inv, catalog or load_catalog(), AS_OF, snapshot=snapshot)


def fired(result: AnalysisResult, rule_id: str) -> set[str]:
    return {r.subject_id for r in result.risks if r.rule_id == rule_id}


def synth_module() -> ModuleType:
    """benchmarks/synth.py, the synthetic-municipality generator, loaded once as a module."""
    name = "lsgrisk_bench_synth_analysis"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[2] / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
