"""The analysis stages one by one: needs inheritance, exposure and paths, structure, risk values, plan, compliance."""

from __future__ import annotations

from typing import Any

from analysis_helpers import add_asset, asset, clean_inventory, run

from asset_models.models import Inventory
from risk_analyzer.exposure import compute_exposure
from risk_analyzer.needs import inherit_needs
from risk_analyzer.structure import analyse_structure


def _inv(d: dict[str, Any]) -> Inventory:
    return Inventory.model_validate(d)


def test_analysis_needs_flow_from_services_to_data_to_hosts_with_origin() -> None:
    d = clean_inventory()
    add_asset(d, id="hv1", kind="hypervisor", zone="srv")
    asset(d, "srv1")["runs_on"] = "hv1"
    add_asset(d, id="app1", kind="application", zone="srv", runs_on="srv1", depends_on=["dc1"])
    add_asset(d, id="dc1", kind="server", zone="srv")
    add_asset(d, id="sw1", kind="switch", zone="srv")
    add_asset(d, id="sw2", kind="switch", zone="lan")
    d["data"] = [{"id": "reg", "name": "Register", "kind": "register", "stored_on": ["app1"], "backup_on": ["dc1"],
                  "needs": {"confidentiality": "high"}}]  # fmt: skip
    d["services"] = [{"id": "svc", "name": "E-service", "uses": ["reg"], "runs_on": ["app1"],
                      "needs": {"availability": "very_high", "integrity": "high"}}]  # fmt: skip
    needs = inherit_needs(_inv(d))
    app = needs.triple("asset:app1")
    assert [t.level.value for t in app] == ["high", "high", "very_high"]
    assert app[0].origin == ("data:reg",) and app[2].origin == ("service:svc",)
    host = needs.get("asset:hv1", "availability")
    assert host.level.value == "very_high" and host.origin == ("service:svc", "asset:app1", "asset:srv1")
    dc = needs.triple("asset:dc1")
    assert dc[2].level.value == "very_high", "depends_on passes availability"
    assert dc[1].level.value == "high" and dc[1].origin == ("service:svc", "data:reg"), "a backup carries integrity"
    assert dc[0].level.value == "high" and dc[0].origin == ("data:reg",), "backup copies carry confidentiality"
    assert needs.get("asset:sw1", "availability").level.value == "very_high", "network device of the zone"
    assert needs.get("asset:sw1", "confidentiality").level.value == "normal"
    assert needs.get("asset:sw2", "availability").level.value == "normal", "another zone's switch"
    data = needs.get("data:reg", "integrity")
    assert data.level.value == "high" and data.origin == ("service:svc",)
    assert needs.get("data:reg", "confidentiality").own


def test_analysis_exposure_takes_the_cheapest_path() -> None:
    d = clean_inventory()
    d["zones"].append({"id": "guest", "kind": "guest"})
    d["zone_flows"] = [
        {"from": "internet", "to": "dmz", "ports": ["tcp/443"]},
        {"from": "dmz", "to": "srv", "ports": ["tcp/1433"]},
        {"from": "guest", "to": "srv", "ports": ["tcp/445"]},
    ]
    asset(d, "srv1")["services"] = [{"port": 1433}, {"port": 445}]
    add_asset(d, id="web", kind="server", zone="dmz", services=[{"port": 443}])
    exposure = compute_exposure(_inv(d))
    srv = exposure.assets["srv1"]
    # internet -> dmz (2, web only) -> srv1 on 1433 (+2) = 4; guest (1) -> srv1 on 445 (+1) = 2
    assert srv.cost == 2 and srv.entry == "entry:guest_wifi"
    assert [hop.node for hop in exposure.asset_path("srv1")] == ["entry:guest_wifi", "zone:guest", "asset:srv1"]
    assert srv.guest_ports == [445] and srv.internet_ports == []
    assert exposure.assets["web"].internet_ports == [443]
    d["zone_flows"].pop()  # without the guest flow the internet path remains
    srv = compute_exposure(_inv(d)).assets["srv1"]
    assert srv.cost == 4 and srv.entry == "entry:internet"
    d["zone_flows"] = []
    assert compute_exposure(_inv(d)).assets["srv1"].cost is None


def test_analysis_structure_articulation_and_blast_radius() -> None:
    d = clean_inventory()
    add_asset(d, id="hv1", kind="hypervisor", zone="srv")
    for n in range(4):
        add_asset(d, id=f"vm{n}", kind="server", zone="srv", runs_on="hv1")  # vm3 hangs on hv1 alone
    add_asset(d, id="app", kind="application", zone="srv", runs_on="vm0", depends_on=["vm1"])
    d["data"] = [{"id": "reg", "name": "R", "kind": "register", "stored_on": ["vm0", "vm2"]}]
    d["services"] = [{"id": "svc", "name": "S", "uses": ["reg"], "runs_on": ["app"], "rto_hours": 8}]
    structure = analyse_structure(_inv(d))
    assert "hv1" in structure.articulation and "srv1" not in structure.articulation
    # hv1 carries vm0..vm3 and app (5 assets), reg (1 data) and svc (1 service)
    assert structure.blast_radius["hv1"] == 7
    assert structure.blast_radius["vm1"] == 2  # app depends on it, and the service runs on app
    # data on two hosts is redundant; app, vm0 (its host), vm1 (dependency) and hv1 are single points
    assert structure.service_spofs["svc"] == ["app", "hv1", "vm0", "vm1"]


def test_analysis_planned_control_lowers_residual_and_implemented_lowers_inherent() -> None:
    d = clean_inventory()
    asset(d, "srv1")["services"].append({"port": 3389})
    d["zone_flows"].append({"from": "internet", "to": "srv", "ports": ["tcp/3389"]})
    base = run(d).risk_index()["net.rdp_internet@srv1"]
    assert base.residual.score == base.score
    asset(d, "srv1")["planned_controls"] = ["remote_access.vpn"]
    planned = run(d).risk_index()["net.rdp_internet@srv1"]
    assert planned.likelihood.value == base.likelihood.value
    assert planned.residual.likelihood == base.likelihood.value - 1
    assert planned.residual.planned_controls == ["remote_access.vpn"]
    asset(d, "srv1")["controls"].append("remote_access.mfa")
    done = run(d).risk_index()["net.rdp_internet@srv1"]
    assert done.likelihood.value == base.likelihood.value - 1
    assert done.implemented_controls == ["remote_access.mfa"]
    assert [f.code for f in done.likelihood.factors] == ["implemented_control"]


def test_analysis_exposure_factor_and_impact_origin() -> None:
    d = clean_inventory()
    d["data"] = [{"id": "reg", "name": "R", "kind": "register", "stored_on": ["srv1"], "owner": "x",
                  "needs": {"availability": "very_high"}}]  # fmt: skip
    asset(d, "srv1")["os"] = {"name": "Windows Server", "end_of_support": "2020-01-14"}
    asset(d, "srv1")["controls"].remove("firewall.host")  # a remediation control of eol.os: keep it out here
    risk = run(d).risk_index()["eol.os@srv1"]
    assert risk.impact.need == "very_high" and risk.impact.property == "A"
    assert risk.impact.origin == ["data:reg"]
    factors = {f.code: f.delta for f in risk.likelihood.factors}
    assert factors == {"exposure": -3, "end_of_support": 1}, "unreachable (exposure none) and years past support"
    assert risk.likelihood.value == max(1, risk.likelihood.base - 3 + 1)


def test_analysis_treatment_plan_ranks_by_reduction_per_effort() -> None:
    d = clean_inventory()
    for key in ("incident_procedure", "business_continuity_plan", "security_training"):
        d["measures"][key] = "no"
    plan = run(d).treatment
    for actions in (plan.quick_wins, plan.projects):
        assert [a.rank for a in actions] == list(range(1, len(actions) + 1))
        assert all(abs(a.priority - round(a.risk_reduction / a.effort_points, 2)) < 1e-9 for a in actions)
        assert [a.priority for a in actions] == sorted((a.priority for a in actions), reverse=True)
    controls = {a.control_id for a in plan.quick_wins + plan.projects}
    assert {"incident.response_plan", "bc.plan", "training.phishing"} <= controls


def test_analysis_compliance_states() -> None:
    clean = run(clean_inventory())
    assert {row.state.value for row in clean.compliance.nis2} == {"implemented"}
    d = clean_inventory()
    d["measures"] = {k: "no" for k in d["measures"]}
    poor = {row.item: row for row in run(d).compliance.nis2}
    assert poor["b"].state.value == "missing"
    assert poor["b"].measures["incident_procedure"] == "no"
    assert any("incident" in e.en.lower() for e in poor["b"].evidence)
    d["measures"]["incident_procedure"] = "yes"
    partial = {row.item: row for row in run(d).compliance.nis2}
    assert partial["b"].state.value == "partial"
