"""The synthetic-municipality generator (benchmarks/synth.py): valid, deterministic, realistic structure."""

from __future__ import annotations

import importlib.util
import ipaddress
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from asset_models.export import inventory_data
from asset_models.graph import build_graph
from asset_models.loaders import load_inventory, validate_document
from asset_models.models import AssetKind, Inventory, ZoneKind
from asset_models.sources import RawDocument, SourceMap
from asset_models.vocabulary import CORE_CONTROL_IDS, CORE_MEASURE_KEYS

SYNTH_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "synth.py"
TODAY_FOR_EOL = "2026-01-01"


def _load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lsgrisk_bench_synth", SYNTH_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


@pytest.fixture(scope="module")
def inv1000() -> Inventory:
    inventory: Inventory = synth.generate(1000, seed=7)
    return inventory


def test_exact_size_and_full_validation(inv1000: Inventory) -> None:
    assert len(inv1000.assets) == 1000
    doc = RawDocument(inventory_data(inv1000), SourceMap(file="synth-1000"))
    again = validate_document(doc)  # raises InventoryError listing every problem if invalid
    assert len(again.assets) == 1000


def test_same_seed_same_inventory_other_seed_differs() -> None:
    first = synth.generate(1000, seed=7).model_dump(mode="json")
    second = synth.generate(1000, seed=7).model_dump(mode="json")
    other = synth.generate(1000, seed=8).model_dump(mode="json")
    assert first == second
    assert first != other


def test_every_zone_kind_of_a_town_hall_and_disjoint_networks(inv1000: Inventory) -> None:
    kinds = {z.kind for z in inv1000.zones}
    wanted = {
        ZoneKind.internet, ZoneKind.government_network, ZoneKind.cloud, ZoneKind.dmz, ZoneKind.server,
        ZoneKind.backup, ZoneKind.management, ZoneKind.internal, ZoneKind.wireless, ZoneKind.guest,
        ZoneKind.voip, ZoneKind.iot,
    }
    assert wanted <= kinds
    networks = [net for z in inv1000.zones for net in z.cidrs]
    ten = ipaddress.IPv4Network("10.0.0.0/8")
    assert networks
    assert all(isinstance(net, ipaddress.IPv4Network) and net.subnet_of(ten) for net in networks)
    assert {net.prefixlen for net in networks} == {24}
    assert len(set(networks)) == len(networks)


def test_about_one_zone_per_200_assets() -> None:
    data = synth.generate_data(6000, seed=1)
    assert 6000 / 200 * 0.7 <= len(data["zones"]) <= 6000 / 200 * 1.5


def test_hosting_chains_and_dependencies(inv1000: Inventory) -> None:
    assets = inv1000.asset_index()
    vms_on_hypervisors = [a for a in inv1000.assets if a.runs_on and assets[a.runs_on].kind == AssetKind.hypervisor]
    assert len(vms_on_hypervisors) >= 10
    apps = [a for a in inv1000.assets if a.kind == AssetKind.application]
    assert apps
    dcs = {a.id for a in inv1000.assets if a.id.startswith("dc-")}
    for app in apps:
        kinds = [assets[d].kind for d in app.depends_on]
        assert AssetKind.database in kinds
        assert any(d in dcs for d in app.depends_on)
        assert app.runs_on is not None and assets[app.runs_on].kind == AssetKind.server


def test_registers_stored_on_databases_and_used_by_services(inv1000: Inventory) -> None:
    assets = inv1000.asset_index()
    assert len(inv1000.data) == 1000 // 50
    for item in inv1000.data:
        assert assets[item.stored_on[0]].kind == AssetKind.database
    used = {ref for s in inv1000.services for ref in s.uses}
    assert used and used <= set(inv1000.data_index())
    assert any(not item.backup_on for item in inv1000.data)
    channels = {e.via.value for item in inv1000.data for e in item.exchanges}
    assert "gsb" in channels and len(channels) >= 3


def test_weaknesses_present(inv1000: Inventory) -> None:
    zones = inv1000.zone_index()
    flat = [f for f in inv1000.zone_flows
            if f.ports == "any" and zones[f.from_].kind == ZoneKind.internal and zones[f.to].kind == ZoneKind.server]
    assert flat
    with_os = [a for a in inv1000.assets if a.os is not None and a.os.end_of_support is not None]
    eol = [a for a in with_os if a.os is not None and str(a.os.end_of_support) < TODAY_FOR_EOL]
    assert 0.05 <= len(eol) / len(with_os) <= 0.16
    remote = [s for s in inv1000.suppliers if s.remote_access is not None]
    assert remote and any(not s.remote_access.mfa for s in remote if s.remote_access)
    assert set(inv1000.measures) == set(CORE_MEASURE_KEYS)
    controls = {c for a in inv1000.assets for c in (*a.controls, *a.planned_controls)}
    assert controls and controls <= CORE_CONTROL_IDS


def test_about_four_graph_edges_per_asset() -> None:
    inventory = synth.generate(2000, seed=3)
    edges = build_graph(inventory).number_of_edges()
    assert 3.5 * 2000 <= edges <= 4.5 * 2000
    types = Counter(d["type"] for _u, _v, d in build_graph(inventory).edges(data=True))
    for kind in ("in_zone", "runs_on", "depends_on", "stores", "link", "uses", "flow", "remote_access"):
        assert types[kind] > 0, kind


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        synth.generate(synth.MIN_ASSETS - 1)
    assert len(synth.generate(synth.MIN_ASSETS).assets) == synth.MIN_ASSETS


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_cli_writes_a_loadable_file(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"synth{suffix}"
    assert synth.main(["120", "--seed", "5", "-o", str(out)]) == 0
    assert "120 assets" in capsys.readouterr().err
    loaded = load_inventory(out)
    assert loaded.model_dump(mode="json") == synth.generate(120, seed=5).model_dump(mode="json")


def test_dense_mode_is_valid_deterministic_and_several_risks_per_asset() -> None:
    """``--dense``: the same inventory for the same seed, the ordinary mode untouched, about 4 risks per asset."""
    import datetime as dt

    from risk_analyzer.analyze import analyze
    from threat_catalog.loader import load_catalog

    dense = synth.generate(500, seed=3, dense=True)
    assert dense.model_dump(mode="json") == synth.generate(500, seed=3, dense=True).model_dump(mode="json")
    plain = synth.generate(500, seed=3)
    assert plain.model_dump(mode="json") == synth.generate(500, seed=3, dense=False).model_dump(mode="json")
    catalog = load_catalog()
    dense_risks = len(analyze(dense, catalog, dt.date(2026, 6, 1)).risks)
    plain_risks = len(analyze(plain, catalog, dt.date(2026, 6, 1)).risks)
    assert dense_risks >= 3.5 * len(dense.assets) and dense_risks > 2 * plain_risks
    rules = {r.rule_id for r in analyze(dense, catalog, dt.date(2026, 6, 1)).risks}
    assert {"eol.os", "link.cleartext_confidential", "link.unauthenticated", "supplier.no_mfa",
            "net.telnet_mgmt", "host.no_malware_protection"} <= rules  # fmt: skip
