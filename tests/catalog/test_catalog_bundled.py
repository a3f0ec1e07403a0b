"""The bundled catalogue: completeness, coverage of the Law / NIS2, bilingual texts, the matrix."""

from __future__ import annotations

import re

import pytest

from asset_models.vocabulary import CORE_CONTROL_IDS, CORE_MEASURE_KEYS
from threat_catalog import load_catalog
from threat_catalog.models import Catalog, EntryKind, Level, Nis2Item, ThreatSource, text_fields

MUNICIPAL_THREATS = [
    "M.ransomware",
    "M.phishing",
    "M.ddos_portal",
    "M.insider_register",
    "M.supplier_access",
    "M.gsb_tampering",
    "M.gsb_leak",
    "M.personal_data_breach",
    "M.defacement",
    "M.it_staff_loss",
    "M.credential_stuffing",
    "M.unpatched_exploit",
    "M.eol_exploit",
]

#: Ekavian, Serbian-only or Croatian forms that have no place in Montenegrin (ijekavian) texts
NOT_MONTENEGRIN = re.compile(
    r"bezbedn|sigurnos|\bvreme\b|\bmer[aeiu]\b|\bmeru\b|\bmerama|primen|obezbeđ|\brešen|delimičn|\bprocen[aeiu]|"
    r"sprečav|celovit|verovatn|korišten|informacijsk|\bsustav|\bpoželjn|\btjedn",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalog_bundled_loads_and_is_cached(catalog: Catalog) -> None:
    assert load_catalog() is catalog
    assert catalog.threats and catalog.controls and catalog.measures


def test_catalog_has_exactly_the_47_bsi_threats(catalog: Catalog) -> None:
    bsi = [t.id for t in catalog.threats if t.source is ThreatSource.bsi]
    assert bsi == [f"G0.{n}" for n in range(1, 48)]


@pytest.mark.parametrize("threat_id", MUNICIPAL_THREATS)
def test_catalog_has_municipal_threat(catalog: Catalog, threat_id: str) -> None:
    threat = catalog.threat(threat_id)
    assert threat.source is ThreatSource.municipal
    assert threat.cia


def test_catalog_has_every_core_control_and_measure(catalog: Catalog) -> None:
    assert CORE_CONTROL_IDS - set(catalog.ids(EntryKind.controls)) == set()
    assert CORE_MEASURE_KEYS - set(catalog.ids(EntryKind.measures)) == set()
    vocabulary = catalog.vocabulary()
    assert vocabulary.control_ids >= CORE_CONTROL_IDS
    assert vocabulary.measure_keys >= CORE_MEASURE_KEYS


def test_catalog_every_nis2_item_has_a_control_and_a_measure_or_rule(catalog: Catalog) -> None:
    gaps = []
    for item in Nis2Item:
        if not catalog.controls_for_nis2(item):
            gaps.append(f"({item.value}) has no control")
        if not catalog.measures_for_nis2(item) and not catalog.rules_for_nis2(item):
            gaps.append(f"({item.value}) has neither a measure nor a rule")
    assert gaps == []


def test_catalog_every_rule_references_existing_threats_and_controls(catalog: Catalog) -> None:
    threats, controls = set(catalog.ids(EntryKind.threats)), set(catalog.ids(EntryKind.controls))
    for rule in catalog.rules:
        assert set(rule.threats) <= threats, rule.id
        assert set(rule.controls) <= controls, rule.id
        assert 1 <= rule.likelihood <= 5


def test_catalog_every_control_maps_to_a_policy_and_a_law_area(catalog: Catalog) -> None:
    for control in catalog.controls:
        assert 1 <= control.policy <= 6, control.id
        assert control.nis2, control.id
        assert catalog.law_areas_of(control), control.id  # the Law's areas are a view over NIS2
    for measure in catalog.measures:
        assert catalog.law_areas_of(measure), measure.id
        assert set(measure.controls) <= set(catalog.ids(EntryKind.controls)), measure.id


def test_catalog_every_policy_and_law_area_is_used(catalog: Catalog) -> None:
    for number in range(1, 7):
        assert catalog.controls_for_policy(number), f"policy {number} requires no control"
    for area in catalog.frameworks.law_areas:
        assert catalog.controls_for_law_area(area.id) or catalog.measures_for_law_area(area.id), area.id


def test_catalog_does_not_claim_unconfirmed_numbers(catalog: Catalog) -> None:
    # the reference does not confirm the Law's article structure; CIS ids are from memory
    for area in catalog.frameworks.law_areas:
        assert area.article is None and not area.article_confirmed and area.note is not None, area.id
        assert "not confirmed" in area.note.en and "nije potvrđen" in area.note.cnr
    assert not any(c.cis_confirmed for c in catalog.controls)
    # an Annex A mapping is confirmed only against the full 93-control list (37 + 8 + 14 + 34)
    annex_a = {i.id for i in catalog.standards.iso27001}
    themes = [sum(1 for i in annex_a if i.startswith(f"A.{t}.")) for t in (5, 6, 7, 8)]
    assert themes == [37, 8, 14, 34]
    for entry in [*catalog.controls, *catalog.measures]:
        assert entry.iso_confirmed and set(entry.iso27001) <= annex_a, entry.id


def test_catalog_incident_deadlines_are_nis2_values_marked_unconfirmed(catalog: Catalog) -> None:
    fw = catalog.frameworks
    found = {p.id: (p.value, p.unit.value, p.confirmed) for p in fw.legal_parameters}
    assert found == {
        "incident_early_warning": (24, "hours", False),
        "incident_notification": (72, "hours", False),
        "incident_final_report": (1, "months", False),
    }
    assert all("NIS2 Art. 23" in p.source for p in fw.legal_parameters)


def _all_texts(catalog: Catalog) -> list[tuple[str, str, str, str]]:
    """(entry, field, en, cnr) for every bilingual text of the catalogue."""
    texts = []
    entries = [*catalog.threats, *catalog.controls, *catalog.measures, *catalog.rules]
    owners = [*entries, *catalog.frameworks.nis2_items, *catalog.frameworks.law_areas]
    owners += [*catalog.frameworks.policies, *catalog.frameworks.legal_parameters]
    owners += [*catalog.matrix.likelihood, *catalog.matrix.impact, *catalog.matrix.levels]
    std = catalog.standards
    owners += [*catalog.requirements, *std.eu2690_sections, *std.evidence_kinds, *std.iso27001, *std.cis_ig1]
    for owner in owners:
        name = str(getattr(owner, "id", None) or getattr(owner, "value", ""))
        for path, text in text_fields(owner):
            texts.append((name, path, text.en, text.cnr))
    return texts


def test_catalog_every_text_has_both_languages(catalog: Catalog) -> None:
    texts = _all_texts(catalog)
    assert len(texts) > 300
    blank = [(n, p) for n, p, en, cnr in texts if not en.strip() or not cnr.strip()]
    assert blank == []
    # descriptions are translated, not copied
    same = [(n, p) for n, p, en, cnr in texts if p.endswith("description") and en == cnr]
    assert same == []


def test_catalog_montenegrin_texts_are_ijekavian(catalog: Catalog) -> None:
    bad = [(n, p, NOT_MONTENEGRIN.search(cnr)) for n, p, _, cnr in _all_texts(catalog) if NOT_MONTENEGRIN.search(cnr)]
    assert [(n, p, m.group(0)) for n, p, m in bad if m] == []


def test_catalog_lint_pattern_catches_ekavian_and_croatian_forms() -> None:
    for wrong in ("informaciona bezbednost", "sigurnost podataka", "mere zaštite", "procena rizika", "korištenje"):
        assert NOT_MONTENEGRIN.search(wrong), wrong
    assert NOT_MONTENEGRIN.search("u isto vreme")
    for right in ("informaciona bezbjednost", "mjere zaštite", "procjena rizika", "korišćenje", "uslovi", "rješenje",
                  "vremenski žig", "tokom vremena"):
        assert not NOT_MONTENEGRIN.search(right), right


def test_catalog_matrix_levels(catalog: Catalog) -> None:
    matrix = catalog.matrix
    assert matrix.level(5, 5) is Level.critical
    assert matrix.level(1, 1) is Level.low
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            here = matrix.level(likelihood, impact).rank
            if impact > 1:
                assert here >= matrix.level(likelihood, impact - 1).rank
            if likelihood > 1:
                assert here >= matrix.level(likelihood - 1, impact).rank
    used = {matrix.level(lk, im) for lk in range(1, 6) for im in range(1, 6)}
    assert used == set(Level)
    assert [matrix.impact_of(n) for n in ("normal", "high", "very_high")] == [2, 4, 5]  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="likelihood"):
        matrix.level(0, 3)
    with pytest.raises(ValueError, match="impact"):
        matrix.level(3, 6)


def test_catalog_lookups_suggest_close_ids(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match=r"did you mean 'backup\.offline'"):
        catalog.control("backup.ofline")
    assert [kind for kind, _ in catalog.lookup("M.ransomware")] == [EntryKind.threats]
    assert catalog.lookup("nothing-here") == []
