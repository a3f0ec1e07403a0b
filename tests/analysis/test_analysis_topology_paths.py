"""One topology, needs through processing, paths from every entry point, a long runs_on chain, no contradictions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from asset_models.graph import build_graph
from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from asset_models.topology import build_topology
from risk_analyzer.analyze import analyze, officer_status
from risk_analyzer.pathtext import hop_text, officer_status_text
from risk_analyzer.result import AnalysisResult, AttackPath
from risk_analyzer.structure import analyse_structure
from tests.analysis.analysis_helpers import AS_OF, add_asset, clean_inventory, run
from threat_catalog.loader import load_catalog

HERE = Path(__file__).parent
SUPPLIER_CHEAPER = HERE / "data" / "supplier_cheaper.yaml"
EXAMPLE = HERE.parents[1] / "examples" / "primjer" / "inventory.yaml"


def chain(n: int) -> dict[str, Any]:
    """A runs_on chain of n assets (VM in VM ... on a hypervisor), a register and a service on top."""
    d = clean_inventory()
    add_asset(d, id="h0", kind="hypervisor", zone="srv")
    for i in range(1, n):
        add_asset(d, id=f"h{i}", kind="server", zone="srv", runs_on=f"h{i - 1}")
    top = f"h{n - 1}"
    d["data"] = [{"id": "reg", "name": "Registar", "kind": "register", "stored_on": [top],
                  "needs": {"confidentiality": "high"}}]  # fmt: skip
    d["services"] = [{"id": "svc", "name": "Usluga", "uses": ["reg"], "runs_on": [top]}]
    return d


def test_supplier_cheaper_municipality_still_reports_the_internet_rdp_path() -> None:
    catalog = load_catalog()
    result = analyze(load_inventory(SUPPLIER_CHEAPER, catalog.vocabulary()), catalog, AS_OF)
    paths = {(p.entry_point, p.supplier): p for p in result.attack_paths if p.target == "data:reg-property"}
    supplier, internet = paths[("supplier", "vendor-tax")], paths[("internet", None)]
    assert supplier.cost < internet.cost
    rdp = next(h for h in internet.hops if h.args.get("port") == 3389)
    assert rdp.kind == "flow" and rdp.args["asset"] == "srv-ts01" and rdp.args["days_past_eos"] > 0
    assert hop_text(rdp, "en") == (
        "flow from zone “Internet” to zone “Serverska zona” (tcp/3389); uses RDP tcp/3389 (Microsoft Terminal "
        "Services, Windows Server 2012 R2, out of support since 10 October 2023, administration port without MFA) "
        "on “Terminal server”"
    )
    row = next(d for d in result.data if d.id == "reg-property")
    assert row.attack_path == supplier, "the data row keeps the cheapest path"


def test_needs_reach_the_application_that_processes_the_data_with_origin() -> None:
    d = clean_inventory()
    add_asset(d, id="app", kind="application", zone="srv", runs_on="srv1")
    add_asset(d, id="db", kind="database", zone="srv")
    add_asset(d, id="pc", kind="workstation", zone="lan")
    d["data"] = [
        {"id": "pay", "name": "Plate", "kind": "register", "stored_on": ["db"], "needs": {"integrity": "very_high"}},
        {"id": "other", "name": "Drugo", "kind": "register", "stored_on": ["db"]},
    ]
    d["services"] = [{"id": "svc", "name": "Obračun plata", "uses": ["pay", "other"], "runs_on": ["app"]}]
    d["links"] = [{"from": "pc", "to": "db", "port": 1433, "carries": ["pay"]}]
    result = run(d)
    rows = {a.id: a for a in result.assets}
    app = rows["app"].needs.integrity
    assert app.level == "very_high" and app.origin == ["data:pay", "service:svc"]
    assert rows["srv1"].needs.integrity.origin == ["data:pay", "service:svc", "asset:app"]
    assert rows["pc"].needs.integrity.level == "very_high", "a link end that carries the data"
    other = next(r for r in result.data if r.id == "other")
    assert other.needs.integrity.level == "normal", "data used by the same service do not pass needs to each other"


def test_long_runs_on_chain_blast_radius_and_needs() -> None:
    n = 400
    inv = Inventory.model_validate(copy.deepcopy(chain(n)))
    structure = analyse_structure(inv)
    # h0 carries everything above it, the register and the service
    assert structure.blast_radius["h0"] == (n - 1) + 1 + 1
    assert structure.blast_radius[f"h{n - 1}"] == 2
    assert all(structure.blast_radius[f"h{i}"] == (n - 1 - i) + 2 for i in range(n))
    result = run(chain(n))
    base = next(a for a in result.assets if a.id == "h0").needs.confidentiality
    assert base.level == "high" and base.origin[0] == "data:reg" and len(base.origin) <= 8, "long chains stay short"


def test_one_topology_for_the_graph_and_the_analysis() -> None:
    inv = load_inventory(EXAMPLE, load_catalog().vocabulary())
    t = build_topology(inv)
    assert build_topology(t) is t and t.graph is t.graph, "built once"
    g = build_graph(inv)
    phishing = {v for _u, v in g.out_edges("entry:phishing")}
    assert phishing == {e.target for e in t.entries if e.entry == "entry:phishing"}
    assert all(v.startswith("asset:") for v in phishing), "phishing reaches the users' devices in both"
    suppliers = {(u, v) for u, v, k in g.edges(keys=True) if k == "remote_access"}
    assert suppliers == {(e.entry, e.target) for e in t.entries if e.entry.startswith("supplier:")}


def test_appointed_officer_without_a_name_is_not_reported_as_not_appointed() -> None:
    d = clean_inventory()
    inv = Inventory.model_validate(copy.deepcopy(d))
    assert officer_status(inv) == "appointed_unnamed"  # measures all yes, no name
    result = run(d)
    assert result.municipality.security_officer_status == "appointed_unnamed"
    assert officer_status_text("appointed_unnamed", "cnr") == "imenovano, ime nije upisano"
    assert officer_status_text("appointed_unnamed", "en") == "appointed, name not recorded"
    d["measures"]["security_officer_appointed"] = "no"
    assert run(d).municipality.security_officer_status == "not_appointed"
    d["municipality"]["security_officer"] = {"name": "Ana Anić"}
    assert run(d).municipality.security_officer_status == "named"


def _crosses_a_choke_point(result: AnalysisResult, path: AttackPath) -> bool:
    cuts = result.choke_points
    suppliers = {c.id for c in cuts if c.kind == "supplier_access"}
    flows = {(c.args["from_zone"], c.args["to_zone"], c.args["ports"]) for c in cuts if c.kind == "flow"}
    reach = {f"asset:{c.id}" for c in cuts if c.kind == "reach"}
    links = {c.args["to_asset"] for c in cuts if c.kind == "link"}
    for hop in path.hops:
        a = hop.args
        if hop.kind == "supplier" and a.get("supplier_id") in suppliers:
            return True
        if hop.kind == "flow" and (a.get("from_zone"), a.get("to_zone"), a.get("ports")) in flows:
            return True
        if hop.kind == "link" and hop.label in links:
            return True
        if hop.node in reach and hop.kind in ("lateral", "flow", "link"):
            return True
    return False


def test_choke_points_cut_every_attack_path() -> None:
    catalog = load_catalog()
    small = analyze(load_inventory(SUPPLIER_CHEAPER, catalog.vocabulary()), catalog, AS_OF)
    assert {(c.kind, c.id) for c in small.choke_points} == {("supplier_access", "vendor-tax"), ("reach", "srv-db01")}
    assert small.root_causes[0].id == "supplier:vendor-tax" and small.root_causes[0].choke_point
    example = analyze(load_inventory(EXAMPLE, catalog.vocabulary()), catalog, AS_OF)
    assert example.choke_points
    for result in (small, example):
        for path in result.attack_paths:
            assert _crosses_a_choke_point(result, path), (path.target, path.entry_point, path.supplier)
    rdp = next(c for c in example.root_causes if c.id == "rule:net.rdp_internet")
    assert rdp.choke_point, "closing RDP from the internet removes a flow of the cut"
    assert any(a.choke_point for a in example.treatment.quick_wins)
