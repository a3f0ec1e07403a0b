"""What a security expert finds in the example municipality (examples/primjer/inventory.yaml).

The town hall has, among other things: RDP published to the internet for a
vendor, a flat LAN reaching every server port, guest Wi-Fi reaching the LAN,
end-of-life ESXi hosts carrying every server, one domain controller, backups
on a NAS in the same zone, suppliers on TeamViewer without MFA, registers
exchanged by e-mail and USB, and a camera recorder published to the internet.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from asset_models.loaders import load_inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult
from threat_catalog.loader import load_catalog
from threat_catalog.models import Level

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "primjer" / "inventory.yaml"


@lru_cache(maxsize=1)
def result() -> AnalysisResult:
    catalog = load_catalog()
    return analyze(load_inventory(EXAMPLE, catalog.vocabulary()), catalog, date(2026, 6, 1))


def level(risk_id: str) -> str:
    risks = result().risk_index()
    assert risk_id in risks, f"expected risk {risk_id}"
    return risks[risk_id].level


def at_least(risk_id: str, minimum: str) -> bool:
    return Level(level(risk_id)).rank >= Level(minimum).rank


def test_analysis_example_critical_weaknesses_are_critical() -> None:
    for risk_id in [
        "net.rdp_internet@srv-app02",  # RDP published for the payroll vendor and forgotten
        "zone.flat@lan",  # every PC reaches every server port
        "zone.guest_internal@wifi-guest",  # guests reach SMB on the LAN
        "supplier.remote_desktop_tool@vendor-laris",  # TeamViewer
        "supplier.no_mfa@vendor-laris",
        "access.remote_no_mfa@fw01",  # SSL VPN on the firewall, password only
        "eol.hypervisor@esx01",  # ESXi 6.7 carries every server
        "iot.internet_inbound@nvr01",  # camera recorder port-forwarded
        "data.personal_outside_gsb@reg-newborn",  # social-aid register by e-mail and USB
    ]:
        assert level(risk_id) == "critical", risk_id


def test_analysis_example_structural_and_backup_weaknesses() -> None:
    assert at_least("org.single_dc@PRIMJER", "high")
    assert at_least("backup.same_zone@reg-property", "high")
    assert at_least("backup.no_offline@db-mssql01", "high")
    assert at_least("org.no_restore_test@PRIMJER", "high")
    assert at_least("org.no_incident_procedure@PRIMJER", "high")
    assert "net.telnet_mgmt@sw-acc06" in result().risk_index()
    assert at_least("net.mgmt_from_users@esx01", "high")


def test_analysis_example_inherited_needs_with_origin() -> None:
    assets = result().asset_index()
    db = assets["srv-db01"].needs
    assert db.integrity.level == "very_high" and not db.integrity.own
    assert db.integrity.origin[0].startswith("data:") and db.integrity.origin[-1] == "asset:db-mssql01"
    hypervisor = assets["esx01"].needs.confidentiality
    assert hypervisor.level == "very_high"
    assert "asset:srv-dc01" in hypervisor.origin, "the VM's need reaches the hypervisor it runs on"
    firewall = assets["fw01"].needs.availability
    assert firewall.level == "high" and firewall.origin[-1] == "zone:*internal"


def test_analysis_example_attack_path_from_internet_to_register() -> None:
    paths = {(p.target, p.entry_point, p.supplier): p for p in result().attack_paths}
    path = paths[("data:reg-newborn", "internet", None)]
    nodes = [h.node for h in path.hops]
    assert nodes[0] == "entry:internet" and nodes[-1] == "data:reg-newborn"
    assert any(h.args.get("port") == 3389 for h in path.hops), "the path uses the published RDP"
    rdp = next(h for h in path.hops if h.args.get("port") == 3389)
    assert rdp.args["os"] and rdp.args["asset_name"] and rdp.args["protocol"] == "tcp", "the hop names what it uses"
    # the supplier's TeamViewer is cheaper, and the internet path is still reported
    cheapest = next(d for d in result().data if d.id == "reg-newborn").attack_path
    assert cheapest is not None and cheapest.cost <= path.cost
    assert [h.cost for h in path.hops] == sorted(h.cost for h in path.hops)
    assert path.exposure in ("very_high", "high")
    high_need = {d.id for d in result().data if d.high_need}
    assert {p.target.removeprefix("data:") for p in result().attack_paths} == high_need
    entries = {(p.entry_point, p.supplier) for p in result().attack_paths if p.target == "data:reg-property"}
    assert {("internet", None), ("phishing", None), ("supplier", "vendor-laris")} <= entries


def test_analysis_example_plan_and_compliance() -> None:
    r = result()
    quick = [a.control_id for a in r.treatment.quick_wins[:10]]
    assert "remote_access.mfa" in quick or "firewall.perimeter" in quick, quick
    assert all(a.effort.value == "quick_win" for a in r.treatment.quick_wins)
    assert all(a.effort.value == "project" for a in r.treatment.projects)
    priorities = [a.priority for a in r.treatment.quick_wins]
    assert priorities == sorted(priorities, reverse=True)
    nis2 = {row.item: row.state.value for row in r.compliance.nis2}
    assert set(nis2) == set("abcdefghij")
    assert nis2["j"] == "missing", "no MFA anywhere"
    assert nis2["b"] != "implemented", "no incident procedure"
    assert {row.item for row in r.compliance.law} >= {"LAW-CONTINUITY", "LAW-INCIDENT"}


def test_analysis_example_summary_and_graph() -> None:
    r = result()
    assert r.summary.total == len(r.risks) == len(r.findings)
    assert sum(r.summary.inherent.values()) == r.summary.total
    assert r.summary.top[0] == r.risks[0].id
    assert "esx01" in r.summary.eol_assets
    nodes = {n.id: n for n in r.graph.nodes}
    assert nodes["zone:lan"].risk_level == "critical"
    assert "entry:internet" in nodes
    assert any(e.source == "zone:wifi-guest" and e.target == "zone:lan" for e in r.graph.edges)
