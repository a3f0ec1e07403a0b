"""The bundled example municipality (examples/primjer): valid, complete, and weak where the analysis expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from asset_models.export import write_inventory
from asset_models.loaders import load_inventory, read_raw
from asset_models.models import (
    GSB_CHANNELS,
    AssetKind,
    Inventory,
    MeasureState,
    RemoteMethod,
    ServiceAudience,
    ZoneKind,
)
from asset_models.vocabulary import CORE_CONTROL_IDS, CORE_MEASURE_KEYS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "primjer" / "inventory.yaml"
GOVSTACK_SERVICES = (
    "Jednokratna pomoć za novorođenčad",
    "Godišnje plaćanje poreza na nepokretnosti",
    "Registracija ugostiteljskog objekta",
)


@pytest.fixture(scope="module")
def inv() -> Inventory:
    return load_inventory(EXAMPLE)


def test_loads_with_the_right_size(inv: Inventory) -> None:
    assert inv.version == 1
    assert inv.municipality.name == "Opština Primjer"
    assert inv.municipality.entity_class.value == "important"
    assert inv.municipality.head is not None and inv.municipality.head.title == "Predsjednik opštine"
    assert inv.municipality.security_officer is not None
    assert 80 <= len(inv.assets) <= 150
    assert len(inv.zones) >= 8
    assert all("," not in unit for unit in inv.municipality.units)
    assert len(inv.municipality.units) >= 8


def test_zone_kinds_and_every_zone_used(inv: Inventory) -> None:
    kinds = {z.kind for z in inv.zones}
    assert {
        ZoneKind.internet, ZoneKind.government_network, ZoneKind.dmz, ZoneKind.server, ZoneKind.management,
        ZoneKind.backup, ZoneKind.internal, ZoneKind.wireless, ZoneKind.guest, ZoneKind.voip, ZoneKind.iot,
        ZoneKind.cloud,
    } <= kinds
    populated = {a.zone for a in inv.assets}
    empty = [z.id for z in inv.zones if z.id not in populated]
    assert empty == ["vpn"]  # the VPN pool only holds addresses handed out at connect time


def test_three_govstack_services_and_internal_ones(inv: Inventory) -> None:
    names = [s.name for s in inv.services]
    for wanted in GOVSTACK_SERVICES:
        assert any(name.startswith(wanted) for name in names), wanted
    assert any(s.audience == ServiceAudience.internal for s in inv.services)
    for service in inv.services:
        assert service.uses and service.runs_on
        assert service.rto_hours is not None and service.rpo_hours is not None


def test_registers_exchanged_through_gsb_and_outside_it(inv: Inventory) -> None:
    assert 10 <= len(inv.data) <= 16
    channels = [e.via for d in inv.data for e in d.exchanges]
    assert any(c in GSB_CHANNELS for c in channels)
    assert {c.value for c in channels if c not in GSB_CHANNELS} >= {"email", "usb", "sftp"}
    newborn = inv.data_index()["reg-newborn"]
    assert newborn.special_categories and newborn.personal_data
    assert newborn.backup_on == []
    for item in inv.data:
        assert item.stored_on and item.owner


def test_all_core_measures_self_assessed(inv: Inventory) -> None:
    assert set(inv.measures) == set(CORE_MEASURE_KEYS)
    assert inv.measures["security_officer_appointed"] == MeasureState.yes
    assert inv.measures["backup_restore_test"] == MeasureState.no
    assert MeasureState.partial in inv.measures.values()


def test_measures_are_written_as_plain_yaml_words() -> None:
    raw = read_raw(EXAMPLE).data["measures"]
    # unquoted yes/no are YAML booleans; the model must read them as the words
    assert raw["security_officer_appointed"] is True
    assert raw["incident_procedure"] is False


def test_only_core_control_ids(inv: Inventory) -> None:
    used = {c for a in inv.assets for c in (*a.controls, *a.planned_controls)}
    assert used and used <= CORE_CONTROL_IDS


def test_flat_lan_reaches_servers_on_any_port(inv: Inventory) -> None:
    zones = inv.zone_index()
    flat = [f for f in inv.zone_flows
            if zones[f.from_].kind == ZoneKind.internal and zones[f.to].kind == ZoneKind.server and f.ports == "any"]
    assert flat
    assert any(f.from_ == "internet" and f.to == "servers" and f.ports == ["tcp/3389"] for f in inv.zone_flows)
    assert any(f.from_ == "wifi-guest" and f.to == "lan" and f.ports == ["tcp/445"] for f in inv.zone_flows)
    assert any(f.from_ == "iot" and f.to == "internet" and f.ports == "any" for f in inv.zone_flows)


def test_single_end_of_life_domain_controller(inv: Inventory) -> None:
    dcs = [a for a in inv.assets if "kontroler domena" in a.name.lower()]
    assert len(dcs) == 1
    dc = dcs[0]
    assert dc.os is not None and dc.os.version == "2012 R2" and str(dc.os.end_of_support) == "2023-10-10"
    assert any(s.port == 389 for s in dc.services)
    dependants = [a for a in inv.assets if dc.id in a.depends_on]
    assert len(dependants) >= 5


def test_hypervisors_carry_vms_and_backup_nas_shares_the_server_zone(inv: Inventory) -> None:
    assets = inv.asset_index()
    hypervisors = [a for a in inv.assets if a.kind == AssetKind.hypervisor]
    assert len(hypervisors) == 2
    for hv in hypervisors:
        assert hv.os is not None and str(hv.os.end_of_support) == "2022-10-15"
        assert sum(1 for a in inv.assets if a.runs_on == hv.id) >= 4
    nas = assets["nas01"]
    protected = {ref for d in inv.data if "nas01" in d.backup_on for ref in d.stored_on}
    assert nas.zone == "servers" and any(assets[r].zone == "servers" for r in protected)
    assert any(s.port == 21 for s in nas.services)


def test_apps_depend_on_database_and_domain_controller(inv: Inventory) -> None:
    assets = inv.asset_index()
    for app_id in ("app-laris", "app-dms", "app-payroll"):
        deps = assets[app_id].depends_on
        assert "srv-dc01" in deps
        assert any(assets[d].kind == AssetKind.database for d in deps)


def test_unencrypted_links_carry_confidential_data(inv: Inventory) -> None:
    data = inv.data_index()
    tds = [lk for lk in inv.links if lk.port == 1433 and not lk.encrypted]
    assert any("reg-property" in lk.carries for lk in tds)
    assert any(lk.port == 389 and not lk.encrypted for lk in inv.links)
    assert any(lk.port == 445 for lk in inv.links)
    assert data["reg-property"].classification.value == "confidential"


def test_suppliers_remote_access(inv: Inventory) -> None:
    by_method = {s.remote_access.method: s for s in inv.suppliers if s.remote_access is not None}
    teamviewer = by_method[RemoteMethod.teamviewer]
    assert teamviewer.remote_access is not None and not teamviewer.remote_access.mfa
    assert "srv-app01" in teamviewer.remote_access.to
    vpn = by_method[RemoteMethod.vpn]
    assert vpn.remote_access is not None and vpn.remote_access.mfa
    ssh = by_method[RemoteMethod.ssh]
    assert ssh.remote_access is not None and not ssh.remote_access.mfa
    assert sum(1 for s in inv.suppliers if not s.contract_security_clauses) > len(inv.suppliers) / 2


def test_end_of_life_systems_and_quantities(inv: Inventory) -> None:
    names = {a.os.name for a in inv.assets if a.os is not None}
    assert {"Windows 7 Professional", "Windows 10 Pro"} <= names
    groups = [a for a in inv.assets if a.quantity > 1]
    assert sum(1 for a in groups if a.kind == AssetKind.workstation) >= 8
    old_switch = [a for a in inv.assets if a.kind == AssetKind.switch and any(s.port == 23 for s in a.services)]
    assert old_switch
    assert any(a.id == "lap-mayor" and a.kind == AssetKind.laptop for a in inv.assets)
    assert any(a.kind == AssetKind.cloud_service and a.zone == "cloud" for a in inv.assets)


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_round_trips_through_other_forms(inv: Inventory, tmp_path: Path, suffix: str) -> None:
    # the lead ships an inventory.xlsx generated from this file: nothing may be lost on the way
    target = write_inventory(inv, tmp_path / f"primjer{suffix}")
    assert load_inventory(target).model_dump(mode="json") == inv.model_dump(mode="json")
