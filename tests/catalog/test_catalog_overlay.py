"""Overlay directories: adding and overriding entries, and every kind of mistake reported with its place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from asset_models.errors import CatalogError, Problem
from threat_catalog import load_catalog
from threat_catalog.models import EntryKind, Level

NEW_CONTROL = """\
controls:
  - id: backup.cloud_vault
    title: {en: Cloud backup vault, cnr: Trezor rezervnih kopija u oblaku}
    description:
      en: Backups are copied to a separate cloud vault with its own credentials.
      cnr: Rezervne kopije kopiraju se u poseban trezor u oblaku sa sopstvenim pristupnim podacima.
    law_areas: [LAW-CONTINUITY]
    nis2: [c]
    iso27001: [A.8.13]
    cis_ig1: ["11.4"]
    policy: 4
    effort: project
    effort_points: 3
    kind: technical
"""

OVERRIDE_THREAT = """\
threats:
  - id: G0.1
    source: bsi
    title: {en: Fire in the town hall, cnr: Požar u zgradi opštine}
    description:
      en: Our own wording of the fire threat.
      cnr: Naš opis prijetnje od požara.
    cia: [availability]
    attack_tactics: []
    enisa: physical
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(overlay: Path) -> list[Problem]:
    with pytest.raises(CatalogError) as info:
        load_catalog(overlay)
    assert info.value.exit_code == 3
    return info.value.problems


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_catalog_overlay_adds_a_control_and_overrides_a_threat(tmp_path: Path) -> None:
    write(tmp_path, "controls.yaml", NEW_CONTROL)
    write(tmp_path, "threats.yaml", OVERRIDE_THREAT)
    bundled = load_catalog()
    merged = load_catalog(tmp_path)
    assert merged.control("backup.cloud_vault").title.cnr == "Trezor rezervnih kopija u oblaku"
    assert "backup.cloud_vault" in merged.vocabulary().control_ids
    assert "backup.cloud_vault" not in bundled.vocabulary().control_ids
    assert merged.threat("G0.1").title.en == "Fire in the town hall"
    assert bundled.threat("G0.1").title.en == "Fire"  # the cached bundled catalogue is untouched
    # the override keeps its place, the new control comes last
    assert merged.ids(EntryKind.threats) == bundled.ids(EntryKind.threats)
    assert merged.ids(EntryKind.controls) == [*bundled.ids(EntryKind.controls), "backup.cloud_vault"]


def test_catalog_overlay_replaces_matrix_and_framework_sections(tmp_path: Path) -> None:
    bundled = load_catalog()
    matrix = bundled.matrix.model_dump(mode="json")
    grid = [["medium"] * 5 for _ in range(5)]
    grid[4] = ["medium", "high", "high", "critical", "critical"]
    write(tmp_path, "matrix.yaml", yaml.safe_dump({"grid": grid, "need_impact": matrix["need_impact"]}))
    parameters = [p.model_dump(mode="json", exclude_none=True) for p in bundled.frameworks.legal_parameters]
    parameters[0].update(value=12, confirmed=True, source="Law on Information Security 2024")
    write(tmp_path, "frameworks.yaml", yaml.safe_dump({"legal_parameters": parameters}, allow_unicode=True))
    merged = load_catalog(tmp_path)
    assert merged.matrix.level(1, 1) is Level.medium
    assert merged.matrix.likelihood == bundled.matrix.likelihood  # sections not in the overlay stay
    assert merged.frameworks.legal_parameter("incident_early_warning").value == 12
    assert merged.frameworks.law_areas == bundled.frameworks.law_areas


def test_catalog_overlay_yaml_syntax_error_has_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "controls.yaml", "controls:\n  - id: x\n    title: {en: a, cnr: b\n    kind: technical\n")
    [problem] = problems_of(tmp_path)
    assert problem.place.file == str(path)
    assert problem.place.line is not None and problem.place.line >= 3
    assert "YAML syntax error" in problem.message


def test_catalog_overlay_unknown_field_has_line_and_suggestion(tmp_path: Path) -> None:
    text = OVERRIDE_THREAT.replace("    enisa: physical\n", "    enisa: physical\n    severty: high\n")
    path = write(tmp_path, "threats.yaml", text)
    [problem] = problems_of(tmp_path)
    assert problem.place.file == str(path)
    assert problem.place.line == line_of(path, "severty")
    assert problem.message == "unknown field 'severty'"
    assert "valid fields" in problem.hint and "enisa" in problem.hint


def test_catalog_overlay_unknown_nested_field_suggests_from_the_right_model(tmp_path: Path) -> None:
    text = OVERRIDE_THREAT.replace("cnr: Naš opis prijetnje od požara.", "cnrr: Naš opis prijetnje od požara.")
    path = write(tmp_path, "threats.yaml", text)
    found = problems_of(tmp_path)
    unknown = [p for p in found if p.message == "unknown field 'cnrr'"]
    assert unknown and unknown[0].hint == "did you mean 'cnr'?"
    assert unknown[0].place.line == line_of(path, "cnrr")


def test_catalog_overlay_bad_reference_is_reported_with_suggestion(tmp_path: Path) -> None:
    text = """\
measures:
  - id: backup_restore_test
    title: {en: Restore tested, cnr: Testirano vraćanje}
    description: {en: Restore was tested., cnr: Vraćanje je testirano.}
    law_areas: [LAW-CONTINUITY, LAW-CONTINUTY]
    nis2: [c]
    policy: 4
    controls:
      - backup.daily
      - backup.dayly
"""
    path = write(tmp_path, "measures.yaml", text)
    found = sorted(problems_of(tmp_path), key=lambda p: p.place.line or 0)
    assert [p.message for p in found] == ["unknown law area 'LAW-CONTINUTY'", "unknown control 'backup.dayly'"]
    assert found[0].place.line == line_of(path, "LAW-CONTINUTY")
    assert found[1].place.line == line_of(path, "backup.dayly")
    assert found[1].hint == "did you mean 'backup.daily'?"
    assert all(p.place.file == str(path) for p in found)


def test_catalog_overlay_rule_with_unknown_threat_and_control(tmp_path: Path) -> None:
    bundled = load_catalog()
    assert bundled.rules, "the bundled catalogue has weakness rules"
    rule = bundled.rules[0].model_dump(mode="json", by_alias=True, exclude_none=True)
    rule.update(id="local.rule", threats=["M.ransomwar"], controls=["no.such.control"])
    path = write(tmp_path, "rules.yaml", yaml.safe_dump({"rules": [rule]}, allow_unicode=True, sort_keys=False))
    found = problems_of(tmp_path)
    messages = {p.message: p for p in found}
    assert "unknown threat 'M.ransomwar'" in messages
    assert messages["unknown threat 'M.ransomwar'"].hint == "did you mean 'M.ransomware'?"
    assert "unknown control 'no.such.control'" in messages
    assert messages["unknown threat 'M.ransomwar'"].place.line == line_of(path, "M.ransomwar")


def test_catalog_overlay_reports_every_problem_at_once(tmp_path: Path) -> None:
    write(tmp_path, "threat.yaml", OVERRIDE_THREAT)  # misnamed file
    write(tmp_path, "controls.yaml", NEW_CONTROL.replace("policy: 4", "policy: 9"))
    write(tmp_path, "notes.txt", "hello")
    found = problems_of(tmp_path)
    by_file = {Path(p.place.file).name: p for p in found}
    assert by_file["threat.yaml"].hint == "did you mean 'threats.yaml'?"
    assert "an overlay holds only" in by_file["notes.txt"].hint
    assert (by_file["controls.yaml"].place.item, by_file["controls.yaml"].place.field) == (
        "controls[backup.cloud_vault]",
        "policy",
    )
    assert len(found) == 3


def test_catalog_overlay_duplicate_id_in_one_file(tmp_path: Path) -> None:
    body = NEW_CONTROL.split("controls:\n", 1)[1]
    path = write(tmp_path, "controls.yaml", "controls:\n" + body + body)
    [problem] = problems_of(tmp_path)
    assert "defined twice in this file (first at line 2)" in problem.message
    assert problem.place.line == 15 and problem.place.file == str(path)


def test_catalog_overlay_non_monotonic_matrix_points_at_the_grid(tmp_path: Path) -> None:
    grid = [["low"] * 5 for _ in range(5)]
    grid[2][2] = "critical"
    path = write(tmp_path, "matrix.yaml", "# my matrix\n" + yaml.safe_dump({"grid": grid}))
    [problem] = problems_of(tmp_path)
    assert problem.place.file == str(path)
    assert problem.place.line == line_of(path, "grid:")
    assert "may not decrease" in problem.message


def test_catalog_overlay_wrong_shapes(tmp_path: Path) -> None:
    write(tmp_path, "threats.yaml", "- id: G0.1\n")
    write(tmp_path, "controls.yaml", "controls: {id: x}\nextra: 1\n")
    write(tmp_path, "measures.yaml", "   \n")
    messages = sorted(p.message for p in problems_of(tmp_path))
    assert messages == [
        "'controls' must be a list (got dict)",
        "expected a mapping with 'threats' (got a list)",
        "is empty",
        "unknown section 'extra'",
    ]


def test_catalog_overlay_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "nowhere")
    file = write(tmp_path, "threats.yaml", OVERRIDE_THREAT)
    with pytest.raises(CatalogError, match="not a directory"):
        load_catalog(file)


def test_catalog_vocabulary_validates_inventories(tmp_path: Path) -> None:
    from asset_models.errors import InventoryError
    from asset_models.loaders import load_inventory

    inventory = write(
        tmp_path,
        "inventory.yaml",
        "version: 1\nmunicipality: {name: Opština Primjer, code: primjer}\n"
        "zones:\n  - {id: srv, kind: server}\n"
        "assets:\n  - {id: nas01, name: NAS, kind: nas, zone: srv,\n"
        "     controls: [backup.cloud_vault, network.segmentation]}\n"
        "measures: {secure_communications: partial}\n",
    )
    write(tmp_path / "overlay", "controls.yaml", NEW_CONTROL)
    loaded = load_inventory(inventory, load_catalog(tmp_path / "overlay").vocabulary())
    assert loaded.assets[0].controls == ["backup.cloud_vault", "network.segmentation"]
    with pytest.raises(InventoryError) as info:
        load_inventory(inventory, load_catalog().vocabulary())
    assert [p.message for p in info.value.problems] == ["unknown control id 'backup.cloud_vault'"]


def test_catalog_overlay_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from threat_catalog import loader

    monkeypatch.setattr(loader, "MAX_CATALOG_BYTES", 1024)
    write(tmp_path, "controls.yaml", NEW_CONTROL * 3)
    [problem] = problems_of(tmp_path)
    assert "a catalogue file may be at most" in problem.message
