"""Expert pairwise judgements: orderings a risk analyst would defend, held against the calibrated scales.

Each test states one judgement in words and checks it on the example municipality or on a small
town hall built for it. They fail when a change of the scales (risk_analyzer.risks) makes the ranking
surprise an expert, whatever the absolute numbers.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from asset_models.loaders import load_inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult, Risk
from tests.analysis.analysis_helpers import AS_OF, add_asset, asset, clean_inventory, run
from threat_catalog.loader import load_catalog
from threat_catalog.models import Level

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
SUPPLIER_CHEAPER = Path(__file__).parent / "data" / "supplier_cheaper.yaml"


@functools.cache
def _analysed(path: Path) -> AnalysisResult:
    catalog = load_catalog()
    return analyze(load_inventory(path, catalog.vocabulary()), catalog, AS_OF)


def example() -> dict[str, Risk]:
    return _analysed(EXAMPLE).risk_index()


def rank(risk: Risk) -> tuple[int, int]:
    return Level(risk.level).rank, risk.score


def outranks(a: Risk, b: Risk) -> bool:
    return rank(a) > rank(b)


def test_internet_rdp_outranks_missing_training() -> None:
    risks = example()
    rdp = risks["net.rdp_internet@srv-app02"]  # RDP of a terminal server published to the internet
    training = risks["org.no_training@PRIMJER"]
    assert Level(rdp.level).rank > Level(training.level).rank, (rank(rdp), rank(training))


def test_supplier_always_on_remote_desktop_without_mfa_into_crown_jewels_is_at_least_high() -> None:
    # Fiscalis reaches the database server of the property-tax register by TeamViewer, always on, no MFA
    for risks in (example(), _analysed(SUPPLIER_CHEAPER).risk_index()):
        tool = next(r for r in risks.values() if r.rule_id == "supplier.remote_desktop_tool")
        assert Level(tool.level).rank >= Level.high.rank, tool.id
        assert tool.impact.need == "very_high"


def test_organisational_gaps_never_outrank_the_weakness_an_attacker_uses() -> None:
    risks = example()
    worst_gap = max((r for r in risks.values() if r.subject_type == "municipality"), key=rank)
    assert worst_gap.level != "critical", worst_gap.id
    assert outranks(risks["supplier.no_mfa@vendor-laris"], worst_gap)


def _server(d: dict[str, Any], ident: str, zone: str, **extra: Any) -> None:
    add_asset(d, id=ident, kind="server", zone=zone, services=[{"port": 443}], **extra)


def test_the_same_weakness_ranks_higher_where_attackers_reach_it() -> None:
    d = clean_inventory()
    d["zones"].append({"id": "vault", "kind": "server"})
    d["zone_flows"].append({"from": "internet", "to": "dmz", "ports": ["tcp/443"]})
    _server(d, "web", "dmz")
    _server(d, "iso", "vault")
    for ident in ("web", "iso"):
        asset(d, ident)["controls"] = ["backup.offline", "ups"]
    risks = run(d).risk_index()
    exposed, hidden = risks["host.no_malware_protection@web"], risks["host.no_malware_protection@iso"]
    assert outranks(exposed, hidden)
    assert hidden.likelihood.value == 1, "nothing reaches it: the bottom of the scale"


def test_a_register_of_many_citizens_outranks_a_server_with_nothing_at_stake() -> None:
    d = clean_inventory()
    _server(d, "db", "srv")
    _server(d, "spare", "srv")
    needs = {"confidentiality": "very_high", "integrity": "very_high"}
    d["data"] = [{"id": "reg", "name": "Registar", "kind": "register", "personal_data": True, "records": 250000,
                  "needs": needs, "stored_on": ["db"]}]  # fmt: skip
    risks = run(d).risk_index()
    register, spare = risks["host.no_patching@db"], risks["host.no_patching@spare"]
    assert register.impact.value == 5 and spare.impact.value == 1
    assert outranks(register, spare)
    assert spare.level == "low"


def test_supplier_access_with_mfa_ranks_below_the_same_access_without() -> None:
    def supplier_risk(mfa: bool) -> Risk:
        d = clean_inventory()
        d["suppliers"] = [{"id": "v", "name": "V", "remote_access": {"to": ["srv1"], "method": "anydesk", "mfa": mfa,
                                                                      "always_on": True}}]  # fmt: skip
        return run(d).risk_index()["supplier.remote_desktop_tool@v"]

    assert outranks(supplier_risk(False), supplier_risk(True))


def test_end_of_support_exposed_to_the_internet_outranks_end_of_support_inside() -> None:
    d = clean_inventory()
    d["zone_flows"].append({"from": "internet", "to": "dmz", "ports": ["tcp/443"]})
    old = {"name": "Windows Server", "version": "2008 R2", "end_of_support": "2020-01-14"}
    _server(d, "web", "dmz", os=dict(old))
    d["zones"].append({"id": "vault", "kind": "server"})
    _server(d, "iso", "vault", os=dict(old))
    risks = run(d).risk_index()
    assert outranks(risks["eol.os@web"], risks["eol.os@iso"])


def test_the_example_uses_the_whole_of_both_scales() -> None:
    risks = list(example().values())
    assert {r.likelihood.value for r in risks} == {1, 2, 3, 4, 5}
    assert {r.impact.value for r in risks} >= {1, 3, 4, 5}
    assert any(r.level == "low" for r in risks), "some risks are low"
    assert sum(r.level == "critical" for r in risks) < len(risks) / 3, "critical stays the exception"
