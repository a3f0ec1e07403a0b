"""Attack-path hops are codes with arguments in analysis.json; their text is rendered per language from analysis.po."""

from __future__ import annotations

import re
from typing import Any

import pytest

from risk_analyzer.outputs import analysis_json_bytes
from risk_analyzer.pathtext import entry_name, factor_text, hop_text, path_entry_name, reason_text, step_text
from risk_analyzer.result import AnalysisResult, PathHop
from tests.analysis.analysis_helpers import add_asset, clean_inventory, run

#: English words of the step descriptions that must never appear in a Montenegrin text
ENGLISH_WORDS = re.compile(
    r"\b(flow|stored on|remote access|lateral movement|link from|phishing|guest|entry|supplier|data|no MFA|with MFA"
    r"|any|uses|reaches|out of support)\b",
    re.IGNORECASE,
)
KINDS = {"entry", "internet", "guest_wifi", "phishing", "supplier", "flow", "link", "lateral", "stored_on"}


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


def _assert_both(hop: PathHop) -> tuple[str, str]:
    en, cnr = hop_text(hop, "en"), hop_text(hop, "cnr")
    assert en.strip() and cnr.strip()
    assert not ENGLISH_WORDS.search(cnr), f"English wording in the Montenegrin text: {cnr!r}"
    return en, cnr


def test_analysis_every_kind_of_hop_is_described_in_both_languages() -> None:
    result = run(_every_kind_inventory())
    by_kind: dict[str, set[str]] = {}
    for hop in _hops(result):
        by_kind.setdefault(hop.kind, set()).add(_assert_both(hop)[1])
    assert set(by_kind) == KINDS, "the inventory puts every kind of hop on a path"
    assert (
        "protok iz zone „internet” u zonu „dmz” (tcp/443); koristi HTTPS tcp/443 na sistemu „Veb server”"
        in (by_kind["flow"])
    )
    assert by_kind["stored_on"] == {"podaci smješteni na „Baza”"}
    assert any(
        t.startswith("udaljeni pristup dobavljača „Dobavljač A” (TeamViewer, bez MFA)") for t in by_kind["supplier"]
    )
    assert by_kind["entry"] >= {"internet", "gostujuća Wi-Fi mreža", "fišing korisnika radnih stanica"}
    assert "lateralno kretanje unutar zone „Gosti”" in by_kind["lateral"]
    assert any(t.startswith("veza sa sistema „Aplikacija” (port 5432)") for t in by_kind["link"])
    assert by_kind["guest_wifi"] == {"povezivanje na gostujuću Wi-Fi mrežu (zona „Gosti”)"}


def test_analysis_json_carries_codes_not_sentences() -> None:
    d = _every_kind_inventory()
    first, second = analysis_json_bytes(run(d)), analysis_json_bytes(run(d))
    assert first == second
    text = first.decode()
    assert '"schema_version":"2"' in text
    for sentence in ("protok iz zone", "flow from zone", "lateral movement", "lateralno kretanje", "fišing korisnika"):
        assert sentence not in text, sentence
    assert '"kind":"flow"' in text and '"reason":"flow_application"' in text


def test_analysis_every_entry_point_has_its_own_path() -> None:
    d = _every_kind_inventory()
    d["zone_flows"] += [
        {"from": "dmz", "to": "srv", "ports": ["tcp/3389"]},
        {"from": "guest", "to": "lan", "ports": "any"},
        {"from": "lan", "to": "srv", "ports": ["tcp/443"]},
    ]
    result = run(d)
    entries = {(p.entry_point, p.supplier) for p in result.attack_paths if p.target == "data:reg"}
    # the vault that supplier B reaches has no way on to the register: no path from there
    assert entries == {("internet", None), ("guest_wifi", None), ("phishing", None), ("supplier", "sup-a")}
    for path in result.attack_paths:
        assert path.hops[0].kind == "entry" and path.hops[-1].node == path.target
        assert path.cost == sum(h.weight for h in path.hops) == path.hops[-1].cost, "the cost is explained hop by hop"
        assert all(h.reason for h in path.hops[1:])
    supplier_a = next(p for p in result.attack_paths if p.supplier == "sup-a")
    assert path_entry_name(supplier_a, "cnr") == "udaljeni pristup dobavljača „Dobavljač A”"
    internet = next(p for p in result.attack_paths if p.entry_point == "internet")
    assert internet.cost > supplier_a.cost, "the supplier is cheaper, and the internet path is still reported"
    row = next(r for r in result.data if r.id == "reg")
    assert row.attack_path is not None and row.attack_path.cost == min(
        p.cost for p in result.attack_paths if p.target == "data:reg"
    )


@pytest.mark.parametrize("lang", ["en", "cnr", "cnr-Cyrl", "sq"])
def test_analysis_texts_render_in_every_language(lang: str) -> None:
    result = run(_every_kind_inventory())
    for hop in _hops(result):
        assert hop_text(hop, lang).strip()
        assert reason_text(hop.reason or "internet", lang).strip()
    for code in ("internet", "guest_wifi", "phishing", "supplier"):
        assert entry_name(code, lang)
    assert factor_text("exposure", {"exposure": "high"}, lang)
    if lang == "cnr-Cyrl":
        assert step_text("lateral", {"zone": "LAN"}, lang).startswith("латерално кретање")


def test_analysis_landing_names_the_service_version_and_end_of_support() -> None:
    text = step_text(
        "flow",
        {"from_zone": "Internet", "to_zone": "Serveri", "ports": "tcp/3389", "asset_name": "srv-ts01",
         "protocol": "tcp", "port": 3389, "os": "Windows Server 2012 R2", "eos": "2023-10-10", "days_past_eos": 900,
         "cvss": 9.8},
        "en",
    )  # fmt: skip
    assert text == (
        "flow from zone “Internet” to zone “Serveri” (tcp/3389); uses RDP tcp/3389 (Windows Server 2012 R2, "
        "out of support since 10 October 2023, known vulnerability, CVSS 9.8) on “srv-ts01”"
    )


def test_analysis_catalogues_cover_the_same_messages_with_the_same_placeholders() -> None:
    from asset_models.i18n import catalogue_entries

    placeholder = re.compile(r"\{([a-z_]+)\}")
    en, cnr, sq = (catalogue_entries(code, "analysis") for code in ("en", "cnr", "sq"))
    assert set(en) == set(cnr), "every message has a Montenegrin text"
    assert set(sq) <= set(en)
    for key, text in cnr.items():
        assert isinstance(text, str)
        assert set(placeholder.findall(text)) == set(placeholder.findall(str(en[key]))), key
        assert not ENGLISH_WORDS.search(placeholder.sub("", text)), (key, text)
    for code in ("lateral", "flow_any", "data_access"):
        assert reason_text(code, "cnr")
