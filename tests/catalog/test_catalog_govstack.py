"""GovStack checks: Information Mediator controls on GSB exchanges, and scheduled scanning (scan age)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.pipeline import run_analysis
from threat_catalog import load_catalog

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "primjer" / "inventory.yaml"
AS_OF = date(2026, 6, 1)
SAFE = {"sharing_agreement": True, "message_log": True, "tls_to_security_server": True}


@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    inv = load_inventory(EXAMPLE, load_catalog().vocabulary())
    return inv.model_dump(mode="json", by_alias=True, exclude_none=True)


def _fired(data: dict[str, Any], rule_id: str) -> set[str]:
    result = analyze(Inventory.model_validate(data), load_catalog(), AS_OF)
    return {r.subject_id for r in result.risks if r.rule_id == rule_id}


def _set_gsb(data: dict[str, Any], register: str, **fields: Any) -> dict[str, Any]:
    for item in data["data"]:
        if item["id"] == register:
            for exchange in item["exchanges"]:
                if exchange["via"] == "gsb":
                    exchange.update(fields)
    return data


def test_gsb_checks_fire_until_every_exchange_is_documented(example_data: dict[str, Any]) -> None:
    assert "reg-communal" in _fired(example_data, "gsb.access_governance")
    assert "reg-communal" in _fired(example_data, "gsb.mediator_security")
    # reg-communal only consumes through the GSB: no allowed-consumer list is needed there
    done = _set_gsb(copy.deepcopy(example_data), "reg-communal", **SAFE)
    assert "reg-communal" not in _fired(done, "gsb.access_governance")
    assert "reg-communal" not in _fired(done, "gsb.mediator_security")


def test_gsb_provider_needs_an_allowed_consumer_list(example_data: dict[str, Any]) -> None:
    # reg-property provides through the GSB: with every other check in place the consumer list still counts
    data = _set_gsb(copy.deepcopy(example_data), "reg-property", **SAFE)
    assert "reg-property" in _fired(data, "gsb.access_governance")
    assert "reg-property" not in _fired(data, "gsb.mediator_security")
    for item in data["data"]:
        if item["id"] == "reg-property":
            for exchange in item["exchanges"]:
                if exchange["via"] == "gsb":
                    exchange["allowed_consumers"] = [exchange["with"]]
    assert "reg-property" not in _fired(data, "gsb.access_governance")


def test_gsb_tls_explicitly_off_fires(example_data: dict[str, Any]) -> None:
    data = _set_gsb(copy.deepcopy(example_data), "reg-communal", **{**SAFE, "tls_to_security_server": False})
    result = analyze(Inventory.model_validate(data), load_catalog(), AS_OF)
    risk = next(r for r in result.risks if r.id == "gsb.mediator_security@reg-communal")
    assert "without TLS to the security server recorded" in risk.evidence.en and "1" in risk.evidence.en


def test_scan_age_rule_needs_a_store_and_reads_an_empty_one(tmp_path: Path) -> None:
    from scans.store import connect  # the real SQLite store, created empty

    store = tmp_path / "scans.db"
    connect(store).close()
    _, with_store, _ = run_analysis(EXAMPLE, scans=store, as_of=AS_OF)
    risk = next(r for r in with_store.risks if r.rule_id == "scan.not_recent")
    assert "-1" in risk.evidence.en and risk.controls == ["vuln.scanning"]
    _, without, _ = run_analysis(EXAMPLE, as_of=AS_OF)
    assert not [r for r in without.risks if r.rule_id == "scan.not_recent"]
