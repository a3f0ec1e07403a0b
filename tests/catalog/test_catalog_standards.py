"""The standards behind the catalogue: 2024/2690 Annex, ISO/IEC 27001:2022 Annex A, CIS IG1, NIS2 and the Law.

One mapping chain (requirement -> control/measure -> rule) feeds every view:
the loader refuses a link that breaks it (with file and line), coverage
reports every requirement, and the Law's areas can never contradict their NIS2
items on the same facts.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from asset_models.errors import CatalogError
from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from lsgrisk.cli.main import cli
from risk_analyzer.analyze import analyze
from risk_analyzer.compliance import combine
from risk_analyzer.outputs import write_outputs
from risk_analyzer.result import AnalysisResult, ComplianceState
from threat_catalog import load_catalog
from threat_catalog.coverage import Framework, Status, coverage, summarise
from threat_catalog.models import Catalog

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "primjer" / "inventory.yaml"
AS_OF = date(2026, 6, 1)
#: numbered requirements per section of the 2024/2690 Annex (161 in all)
ANNEX_SECTIONS = {1: 8, 2: 11, 3: 22, 4: 14, 5: 8, 6: 31, 7: 3, 8: 8, 9: 3, 10: 10, 11: 21, 12: 13, 13: 9}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def example() -> Inventory:
    return load_inventory(EXAMPLE, load_catalog().vocabulary())


@pytest.fixture(scope="module")
def result(example: Inventory, catalog: Catalog) -> AnalysisResult:
    return analyze(example, catalog, AS_OF)


# --------------------------------------------------------------------------- coverage


def test_annex_lists_13_sections_and_every_numbered_requirement(catalog: Catalog) -> None:
    rows = coverage(catalog, Framework.eu_2024_2690)
    sections = [r for r in rows if r.kind == "section"]
    assert [r.id for r in sections] == [str(n) for n in range(1, 14)]
    per_section: dict[int, int] = {}
    for row in rows:
        if row.kind != "section":
            per_section[int(row.id.split(".")[0])] = per_section.get(int(row.id.split(".")[0]), 0) + 1
    assert per_section == ANNEX_SECTIONS
    total = summarise(rows)
    assert total.requirements == 161 and total.sections == 13
    assert total.unmapped_share <= 0.10
    # every requirement: mapped with entries, or not applicable with a reason in both languages
    for row in rows:
        assert row.status is not Status.mapped or row.controls or row.measures, row.id
        if row.status is Status.not_applicable:
            assert row.reason is not None and row.reason.en and row.reason.cnr, row.id


def test_annex_section_nis2_items_follow_the_headings(catalog: Catalog) -> None:
    items = {s.id: "".join(n.value for n in s.nis2) for s in catalog.standards.eu2690_sections}
    assert items == {1: "a", 2: "a", 3: "b", 4: "c", 5: "d", 6: "e", 7: "f", 8: "g", 9: "h", 10: "i",
                     11: "ij", 12: "i", 13: "cei"}  # fmt: skip


def test_annex_small_office_tier_is_an_applicable_subset_in_every_section(catalog: Catalog) -> None:
    tier = [r for r in catalog.requirements if r.small_office]
    assert 30 <= len(tier) <= 80
    assert all(r.not_applicable is None and r.mapped for r in tier)
    assert {r.section for r in tier} == set(range(1, 14))


def test_annex_requirements_name_known_evidence_kinds(catalog: Catalog) -> None:
    kinds = {k.id for k in catalog.standards.evidence_kinds}
    used = {k for r in catalog.requirements for k in r.evidence}
    assert used <= kinds and kinds - used == set(), "every evidence kind is used, none is unknown"


def test_iso27001_lists_93_controls_with_at_most_10_percent_unmapped(catalog: Catalog) -> None:
    rows = coverage(catalog, Framework.iso27001_2022)
    assert len(rows) == 93 and len({r.id for r in rows}) == 93
    assert summarise(rows).unmapped_share <= 0.10
    assert [r.id for r in rows if r.status is Status.not_applicable] == ["A.8.4", "A.8.25", "A.8.28"]
    # the reverse index agrees with the controls' own lists
    backup = next(r for r in rows if r.id == "A.8.13")
    assert "backup.offline" in backup.controls and "backup_restore_test" in backup.measures


def test_cis_ig1_and_nis2_coverage(catalog: Catalog) -> None:
    cis = coverage(catalog, "cis-ig1")
    assert len(cis) == 56 and summarise(cis).unmapped == 0
    nis2 = coverage(catalog, "nis2")
    assert [r.id for r in nis2] == list("abcdefghij") and all(r.status is Status.mapped for r in nis2)


@pytest.mark.parametrize("framework", [f.value for f in Framework])
def test_coverage_cli_json_is_a_list_of_objects(framework: str) -> None:
    result = CliRunner().invoke(cli, ["catalog", "coverage", framework, "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert isinstance(items, list) and items
    for item in items:
        assert {"id", "title", "status", "controls", "measures", "reason"} <= set(item)
        assert item["status"] in {"mapped", "not_applicable", "unmapped"}
        assert (item["reason"] is None) == (item["status"] != "not_applicable")


def test_coverage_cli_text_in_montenegrin() -> None:
    result = CliRunner().invoke(cli, ["catalog", "coverage", "eu-2024-2690", "--lang", "cnr"])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("Sprovedbena uredba (EU) 2024/2690, Aneks: 161 zahtjeva u 13 odjeljaka")
    assert "5.1.3" in result.stdout and "nije primjenljivo" in result.stdout
    bad = CliRunner().invoke(cli, ["catalog", "coverage", "iso27001"])
    assert bad.exit_code == 2 and "iso27001-2022" in bad.output


# --------------------------------------------------------------------------- the mapping chain


def test_chain_every_requirement_entry_maps_to_its_sections_nis2_item(catalog: Catalog) -> None:
    for requirement in catalog.requirements:
        items = set(catalog.requirement_nis2(requirement))
        for entry in [*catalog.controls_of(requirement.controls), *map(catalog.measure, requirement.measures)]:
            assert items & set(entry.nis2), (requirement.id, entry.id)


def test_chain_every_control_is_used_by_a_rule_or_a_measure(catalog: Catalog) -> None:
    used = {c for r in catalog.rules for c in r.controls} | {c for m in catalog.measures for c in m.controls}
    assert [c.id for c in catalog.controls if c.id not in used] == []


def test_law_areas_are_a_view_over_nis2(catalog: Catalog) -> None:
    for area in catalog.frameworks.law_areas:
        items = set(area.nis2)
        expected = {c.id for c in catalog.controls if items & set(c.nis2)}
        assert {c.id for c in catalog.controls_for_law_area(area.id)} == expected
        for control in catalog.controls_for_law_area(area.id):
            assert area in catalog.law_areas_of(control)


def _with_measures(inv: Inventory, answers: dict[str, str]) -> Inventory:
    data = inv.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["measures"] = answers
    return Inventory.model_validate(data)


MEASURE_KEYS = sorted(m.id for m in load_catalog().measures)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(MEASURE_KEYS), st.sampled_from(["yes", "partial", "no"])))
def test_law_area_never_contradicts_its_nis2_items(example: Inventory, answers: dict[str, str]) -> None:
    catalog = load_catalog()
    result = analyze(_with_measures(example, answers), catalog, AS_OF)
    nis2 = {row.item: row for row in result.compliance.nis2}
    for row in result.compliance.law:
        parts = [nis2[n.value] for n in catalog.frameworks.law_area(row.item).nis2]
        assert row.state is combine(p.state for p in parts), row.item
        if len(parts) == 1:  # e.g. LAW-RISK and (a): the same facts, the same answer
            assert row.state is parts[0].state and row.controls == parts[0].controls, row.item
        assert set(row.open_risk_ids) == {r for p in parts for r in p.open_risk_ids}


def test_combine_states() -> None:
    s = ComplianceState
    assert combine([s.implemented, s.implemented, s.not_applicable]) is s.implemented
    assert combine([s.missing, s.not_assessed]) is s.missing
    assert combine([s.missing, s.implemented]) is s.partial
    assert combine([s.not_applicable, s.not_applicable]) is s.not_applicable
    assert combine([s.not_assessed, s.not_applicable]) is s.not_assessed
    assert combine([]) is s.not_assessed


# --------------------------------------------------------------------------- in the analysis


def test_analysis_records_catalog_version_and_annex_compliance(result: AnalysisResult, catalog: Catalog) -> None:
    assert result.catalog.version == catalog.frameworks.version != result.tool_version
    annex = result.compliance
    assert [s.id for s in annex.eu_2024_2690] == list(range(1, 14))
    assert len(annex.eu_2024_2690_requirements) == 161
    for section in annex.eu_2024_2690:
        assert sum(section.counts.values()) == section.requirements == ANNEX_SECTIONS[section.id]
    by_id = {r.id: r for r in annex.eu_2024_2690_requirements}
    assert by_id["5.1.3"].state is ComplianceState.not_applicable and by_id["5.1.3"].reason is not None
    # the example has no security policy: the policy requirement is missing and says why
    assert by_id["1.1.1"].state is ComplianceState.missing
    assert by_id["1.1.1"].measures == {"security_policy_adopted": "no"}
    # every evidence kind named has its title for the documents
    assert {k for r in annex.eu_2024_2690_requirements for k in r.evidence_kinds} == set(annex.evidence_kinds)


def test_annex_requirement_states_follow_the_measures(example: Inventory, catalog: Catalog) -> None:
    everything = _with_measures(example, {m: "yes" for m in MEASURE_KEYS})
    rows = {r.id: r for r in analyze(everything, catalog, AS_OF).compliance.eu_2024_2690_requirements}
    assert rows["1.2.1"].state is ComplianceState.implemented  # measure only, answered yes
    # a requirement backed only by organisational controls nobody records on an asset: not assessed
    assert rows["10.2.1"].controls == ["hr.security"] and rows["10.2.1"].state is ComplianceState.not_assessed
    nothing = _with_measures(example, {m: "no" for m in MEASURE_KEYS})
    rows = {r.id: r for r in analyze(nothing, catalog, AS_OF).compliance.eu_2024_2690_requirements}
    assert rows["1.2.1"].state is ComplianceState.missing


def test_analysis_json_and_register_carry_the_annex(result: AnalysisResult, tmp_path: Path) -> None:
    write_outputs(result, tmp_path, "cnr")
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert data["catalog"]["version"] == load_catalog().frameworks.version
    assert len(data["compliance"]["eu_2024_2690"]) == 13
    first = data["compliance"]["eu_2024_2690_requirements"][0]
    assert first["id"] == "1.1.1" and set(first["title"]) == {"en", "cnr", "sq"}
    sheet = load_workbook(tmp_path / "risk-register.xlsx", read_only=True)["EU 2024-2690"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Odjeljak", "Zahtjev", "Naslov", "Stanje")
    assert len(rows) == 1 + 13 + 161
    assert rows[1][0] == 1 and rows[1][1] is None and rows[2][1] == "1.1.1"


# --------------------------------------------------------------------------- the loader keeps the chain


def _write(directory: Path, name: str, data: Any) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _problems(overlay: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(CatalogError) as info:
        load_catalog(overlay)
    assert info.value.exit_code == 3
    return [(p.place.line, p.message) for p in info.value.problems]


def test_overlay_requirement_breaking_the_chain_is_refused_with_its_line(tmp_path: Path) -> None:
    title = {"en": "Backups", "cnr": "Rezervne kopije"}
    path = _write(tmp_path, "requirements.yaml", {"requirements": [
        {"id": "9.1", "title": title, "controls": ["backup.daily"], "evidence": ["policy"]},
        {"id": "9.2", "title": title, "controls": ["tls"], "evidence": ["selfie"]},
        {"id": "9.3", "title": title, "measures": ["cryptography_rules_adopted"], "evidence": ["review"],
         "not_applicable": {"en": "No.", "cnr": "Ne."}},
    ]})  # fmt: skip
    found = _problems(tmp_path)
    assert (_line(path, "backup.daily"), "'backup.daily' maps to NIS2 c, but section 9 details NIS2 h") in found
    assert (_line(path, "selfie"), "unknown evidence kind 'selfie'") in found
    assert any("not_applicable lists no controls or measures" in m for _, m in found)


def test_overlay_contradictions_with_the_standards_are_refused(tmp_path: Path) -> None:
    control = load_catalog().control("backup.daily").model_dump(mode="json", exclude_defaults=True)
    control.update(id="backup.source", iso27001=["A.8.4"], law_areas=["LAW-CRYPTO"])
    path = _write(tmp_path, "controls.yaml", {"controls": [control]})
    found = _problems(tmp_path)
    assert (_line(path, "A.8.4"), "ISO/IEC 27001 control 'A.8.4' is marked not applicable in standards.yaml, "
            "yet this entry maps to it") in found  # fmt: skip
    assert (_line(path, "LAW-CRYPTO"), "law area 'LAW-CRYPTO' covers NIS2 item(s) h, none of which this entry "
            "maps to") in found  # fmt: skip


def test_overlay_can_mark_a_requirement_not_applicable(tmp_path: Path) -> None:
    _write(tmp_path, "requirements.yaml", {"requirements": [
        {"id": "10.2.1", "title": {"en": "Background checks", "cnr": "Provjera podobnosti"}, "evidence": ["hr"],
         "not_applicable": {"en": "Done by the Human Resources Administration.", "cnr": "Radi Uprava za kadrove."}},
    ]})  # fmt: skip
    rows = {r.id: r for r in coverage(load_catalog(tmp_path), Framework.eu_2024_2690)}
    assert rows["10.2.1"].status is Status.not_applicable and len(rows) == 13 + 161


def test_show_a_requirement_and_where_a_control_serves() -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["catalog", "show", "5.1.3", "--lang", "cnr"])
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[1] == "  Odjeljak: 5 — Bezbjednost lanca snabdijevanja; NIS2 (d)"
    assert "  Nije primjenljivo: Koordinisane procjene rizika" in shown.stdout
    control = runner.invoke(cli, ["catalog", "show", "exchange.agreement"])
    assert "  Implementing Regulation (EU) 2024/2690: 12.2.2\n" in control.stdout
    assert "gsb.access_governance" in control.stdout
    missing = runner.invoke(cli, ["catalog", "show", "99.1"])
    assert missing.exit_code == 2 and "2024/2690 requirement '99.1'" in missing.output


def test_overlay_requirement_id_written_as_a_number_asks_for_quotes(tmp_path: Path) -> None:
    path = tmp_path / "requirements.yaml"
    path.write_text(
        "requirements:\n  - id: 7.1\n    title: {en: Effectiveness, cnr: Djelotvornost}\n"
        "    measures: [risk_assessment_done]\n    evidence: [policy]\n",
        encoding="utf-8",
    )
    found = _problems(tmp_path)
    assert found and found[0][0] == 2 and 'write the id in quotes, e.g. "7.1"' in found[0][1]


_IDS = st.one_of(
    st.from_regex(r"\A(1[0-3]|[1-9])\.[1-9]\.[1-9]\Z"),
    st.text(alphabet="0123456789.x", min_size=1, max_size=6),
)
_REFS = st.lists(st.sampled_from(["backup.daily", "tls", "policy.adopted", "no.such", "mfa"]), max_size=3, unique=True)


@settings(max_examples=15, deadline=None)
@given(
    rid=_IDS,
    controls=_REFS,
    evidence=st.lists(st.sampled_from(["policy", "logs", "bogus"]), max_size=2, unique=True),
    na=st.booleans(),
)
def test_overlay_requirements_load_or_fail_with_places(
    rid: str, controls: list[str], evidence: list[str], na: bool
) -> None:
    import tempfile

    entry: dict[str, Any] = {"id": rid, "title": {"en": "T", "cnr": "T"}, "controls": controls, "evidence": evidence}
    if na:
        entry["not_applicable"] = {"en": "Reason.", "cnr": "Razlog."}
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "requirements.yaml", {"requirements": [entry]})
        try:
            loaded = load_catalog(Path(tmp))
        except CatalogError as exc:
            assert exc.problems and all(p.place.line for p in exc.problems)
            return
        requirement = next(r for r in loaded.requirements if r.id == rid)
        assert requirement.controls == tuple(controls) and evidence
