"""Attack-path hops and entry points carry their own description in English and Montenegrin."""

from __future__ import annotations

import re
from typing import Any

from asset_models.models import RemoteMethod
from risk_analyzer.outputs import analysis_json_bytes
from risk_analyzer.pathtext import (
    Step,
    asset_link_step,
    entry_step,
    entry_text,
    flow_step,
    guest_step,
    internet_step,
    lateral_step,
    phishing_asset_step,
    phishing_zone_step,
    stored_on_step,
    supplier_step,
    zone_link_step,
)
from risk_analyzer.result import AnalysisResult, PathHop
from tests.analysis.analysis_helpers import add_asset, clean_inventory, run

#: English words of the step descriptions that must never appear in a Montenegrin text
ENGLISH_WORDS = re.compile(
    r"\b(flow|stored on|remote access|lateral movement|link from|phishing|guest|entry|supplier|data|no MFA|with MFA"
    r"|any)\b",
    re.IGNORECASE,
)

#: the short ``via`` code of each kind of hop (schema 1) -> the kind
KINDS = {
    "": "entry point",
    "entry": "internet zone",
    "guest network": "guest network",
    "phishing e-mail": "phishing",
    "remote access": "supplier",
    "flow": "flow",
    "link": "link",
    "lateral movement in zone": "lateral movement",
    "stored on": "stored on",
}


def _kind(via: str) -> str:
    for prefix in sorted(KINDS, key=len, reverse=True):
        if via.startswith(prefix):
            return KINDS[prefix]
    raise AssertionError(f"unknown hop code {via!r}")


def _every_kind_inventory() -> dict[str, Any]:
    """Zones and assets arranged so that every kind of hop is on some cheapest path."""
    d = clean_inventory()
    d["zones"] += [
        {"id": "guest", "kind": "guest", "name": "Gosti"},
        {"id": "vault", "kind": "server", "name": "Trezor"},
        {"id": "iso", "kind": "server", "name": "Izolovana zona"},
    ]
    d["zone_flows"] = [{"from": "internet", "to": "dmz", "ports": ["tcp/443"]}]
    add_asset(d, id="web", name="Veb server", kind="server", zone="dmz", services=[{"port": 443}])
    add_asset(d, id="kiosk", name="Kiosk", kind="workstation", zone="guest")
    add_asset(d, id="pc1", name="Radna stanica 1", kind="workstation", zone="lan")
    add_asset(d, id="prn1", name="Štampač", kind="printer", zone="lan")
    add_asset(d, id="app1", name="Aplikacija", kind="server", zone="srv")
    add_asset(d, id="db2", name="Baza", kind="server", zone="iso", services=[{"port": 5432}])
    add_asset(d, id="arch", name="Arhiva", kind="server", zone="vault")
    d["links"] = [{"from": "app1", "to": "db2", "port": 5432, "authenticated": False}]
    d["suppliers"] = [
        {"id": "sup-a", "name": "Dobavljač A", "remote_access": {"to": ["app1"], "method": "teamviewer"}},
        {"id": "sup-b", "name": "Dobavljač B", "remote_access": {"to": ["arch"], "method": "vpn", "mfa": True}},
    ]
    d["data"] = [
        {"id": "reg", "name": "Registar", "kind": "register", "classification": "confidential",
         "personal_data": True, "needs": {"confidentiality": "high"}, "stored_on": ["db2"]},
    ]  # fmt: skip
    return d


def _hops(result: AnalysisResult) -> list[PathHop]:
    hops = [hop for row in result.assets for hop in row.path]
    hops += [hop for path in result.attack_paths for hop in path.hops]
    return hops


def _assert_bilingual(en: str, cnr: str) -> None:
    assert en.strip() and cnr.strip()
    assert not ENGLISH_WORDS.search(cnr), f"English wording in the Montenegrin text: {cnr!r}"


def test_analysis_every_kind_of_hop_is_described_in_both_languages() -> None:
    result = run(_every_kind_inventory())
    by_kind: dict[str, list[PathHop]] = {}
    for hop in _hops(result):
        by_kind.setdefault(_kind(hop.via), []).append(hop)
    assert set(by_kind) == set(KINDS.values()), "the inventory puts every kind of hop on a path"
    for hops in by_kind.values():
        for hop in hops:
            _assert_bilingual(hop.text.en, hop.text.cnr)
    cnr = {kind: {h.text.cnr for h in hops} for kind, hops in by_kind.items()}
    assert cnr["flow"] == {"protok iz zone „internet” u zonu „dmz” (tcp/443)"}
    assert cnr["stored on"] == {"podaci smješteni na „Baza”"}
    assert cnr["supplier"] >= {"udaljeni pristup dobavljača „Dobavljač A” (TeamViewer, bez MFA)",
                               "udaljeni pristup dobavljača „Dobavljač B” (VPN, sa MFA)"}  # fmt: skip
    assert cnr["entry point"] == {"internet", "gostujuća Wi-Fi mreža", "fišing radnih stanica",
                                  "udaljeni pristup dobavljača"}  # fmt: skip
    assert cnr["lateral movement"] >= {"lateralno kretanje unutar zone „Gosti”"}
    assert cnr["link"] >= {"veza sa sistema „Aplikacija” (port 5432)"}
    assert cnr["guest network"] == {"povezivanje na gostujuću Wi-Fi mrežu (zona „Gosti”)"}


def test_analysis_entry_points_are_named_in_both_languages() -> None:
    result = run(_every_kind_inventory())
    rows = {row.id: row for row in result.assets}
    assert rows["kiosk"].entry_point == "guest_wifi"
    kiosk_entry = rows["kiosk"].entry_text
    assert kiosk_entry is not None and kiosk_entry.cnr == "gostujuća Wi-Fi mreža"
    assert rows["pc1"].entry_text == entry_text("entry:phishing")
    for row in result.assets:
        assert (row.entry_text is None) == (row.entry_point is None), row.id
        if row.entry_text is not None:
            _assert_bilingual(row.entry_text.en, row.entry_text.cnr)
            assert row.path[0].text == row.entry_text, "the first hop is the entry point"
    (path,) = result.attack_paths
    assert path.entry_text == entry_text(f"entry:{path.entry_point}")
    assert path.hops[0].text == path.entry_text
    entries = [node for node in result.graph.nodes if node.type == "entry"]
    assert entries and all(node.text == entry_text(node.id) for node in entries)
    assert all(node.text is None for node in result.graph.nodes if node.type != "entry")


def test_analysis_path_texts_keep_the_json_deterministic() -> None:
    d = _every_kind_inventory()
    first, second = analysis_json_bytes(run(d)), analysis_json_bytes(run(d))
    assert first == second
    assert '"text":{"en":"flow from zone “internet” to zone “dmz” (tcp/443)"' in first.decode()
    assert '"schema_version":"1"' in first.decode(), "fields were only added: schema 1 still holds"


def test_analysis_step_builders_cover_every_variant() -> None:
    steps: list[Step] = [
        entry_step("entry:internet"), entry_step("entry:guest_wifi"), entry_step("entry:phishing"),
        entry_step("entry:supplier"), internet_step(), guest_step("G"), phishing_zone_step("LAN"),
        phishing_asset_step(), flow_step("A", "B", "any"), flow_step("A", "B", ["tcp/3389", "udp/161"]),
        zone_link_step("a", "b", "A", "B", None, True), asset_link_step("a", "A", 22, False),
        lateral_step("Z"), stored_on_step("h", "H"),
        *(supplier_step("s", "S", method, mfa) for method in RemoteMethod for mfa in (False, True)),
    ]  # fmt: skip
    for step in steps:
        _assert_bilingual(step.en, step.cnr)
        assert step.text().en == step.en and step.text().cnr == step.cnr
    assert flow_step("A", "B", "any").cnr == "protok iz zone „A” u zonu „B” (svi portovi)"
    assert flow_step("A", "B", ["tcp/3389"]).via == "flow tcp/3389", "the schema-1 code is unchanged"
    link = zone_link_step("a", "b", "A", "B", None, True)
    assert link.cnr == "veza od sistema „A” do sistema „B” (uz autentifikaciju)"
    assert supplier_step("s", "S", RemoteMethod.web, True).en == "remote access of supplier “S” (web access, with MFA)"
    assert entry_text("entry:unknown-door").cnr == "unknown-door", "an unknown entry point is named by its id"
