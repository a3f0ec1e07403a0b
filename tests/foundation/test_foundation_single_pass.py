"""validate_document validates every item once: the inventory built from the items equals the whole validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from asset_models.loaders import _partial, read_raw, validate_document
from asset_models.models import Inventory

ROOT = Path(__file__).resolve().parents[2]


def _doc(tmp_path: Path, data: dict[str, Any]) -> Any:
    path = tmp_path / "inv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return read_raw(path)


def test_the_inventory_from_items_equals_the_whole_validation_with_the_same_notes(
    tmp_path: Path, mini_data: dict[str, Any]
) -> None:
    mini_data["assets"][1]["os"]["end_of_support"] = "10.10.2023."  # local habits: each leaves a note
    mini_data["data"][0]["personal_data"] = "da"
    mini_data["links"][0]["encrypted"] = "Ne"
    mini_data["measures"] = {"security_training": "djelimično", "incident_procedure": "DA"}
    mini_data["assets"][3]["kind"] = "Workstation"
    mini_data["zones"][4]["kind"] = "Guest"
    doc = _doc(tmp_path, mini_data)
    notes: list[tuple[str, str]] = []
    found = _partial(doc, notes)
    whole_notes: list[tuple[str, str]] = []
    whole = Inventory.model_validate(doc.data, context={"notes": whole_notes})
    assert found.complete is not None and not found.problems
    assert found.complete == whole
    assert found.complete.model_fields_set == whole.model_fields_set
    assert found.complete.model_dump_json() == whole.model_dump_json()
    assert notes == whole_notes and len(notes) == 7  # same notes, same order (the first example is shown)
    assert validate_document(doc) == whole


def test_the_example_inventory_reads_the_same_through_items() -> None:
    doc = read_raw(ROOT / "examples" / "primjer" / "inventory.yaml")
    found = _partial(doc, [])
    assert found.complete is not None and found.complete == Inventory.model_validate(doc.data)


def test_a_section_written_as_null_takes_the_whole_validation(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    mini_data["suppliers"] = None
    found = _partial(_doc(tmp_path, mini_data), [])
    assert found.complete is None  # validate_document then validates the whole document as before
