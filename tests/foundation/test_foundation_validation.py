"""Every validation rule: its message, its place (file, line, item, field) and its hint."""

from __future__ import annotations

from typing import Any

import pytest

from asset_models.loaders import load_inventory
from tests.foundation.conftest import MINI, find


def test_mini_is_valid() -> None:
    inv = load_inventory(MINI)
    assert inv.municipality.name == "Opština Mala"
    assert inv.measures["backup_restore_test"].value == "no"  # YAML 1.1 `off` is a boolean: read as no


def test_problems_are_all_reported_at_once(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][0]["zone"] = "nowhere"
    mini_data["assets"][1]["controls"] = ["backup.dayly"]
    mini_data["measures"]["incident_procedur"] = "no"
    mini_data["zones"][2]["cidrs"] = ["10.20.1.0/33"]
    problems = problems_of(mini_data)
    assert len(problems) >= 4


def test_syntax_error_has_line(problems_of: Any) -> None:
    text = "version: 1\nmunicipality:\n  name: X\n  code: [unclosed\n"
    problem = problems_of(text)[0]
    assert "YAML syntax error" in problem.message
    assert problem.place.line is not None and problem.place.line >= 4


def test_duplicate_yaml_key_is_refused(problems_of: Any) -> None:
    text = "version: 1\nmunicipality:\n  name: X\n  code: X\n  code: Y\n"
    problem = find(problems_of(text), "appears twice")
    assert problem.place.line == 5


def test_unknown_field_suggests_closest(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][1]["hostnme"] = "db"
    problem = find(problems_of(mini_data), "unknown field 'hostnme'")
    assert problem.hint == "did you mean 'hostname'?"
    assert problem.place.item == "assets[srv-db01]"
    assert problem.place.line is not None


def test_unknown_section_suggests_closest(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["asets"] = []
    problem = find(problems_of(mini_data), "unknown section 'asets'")
    assert "assets" in problem.hint


def test_bad_enum_suggests_closest(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][1]["kind"] = "servr"
    problem = find(problems_of(mini_data), "'servr' is not one of")
    assert problem.hint == "did you mean 'server'?"
    assert (problem.place.item, problem.place.field) == ("assets[srv-db01]", "kind")


def test_duplicate_ids(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["data"][0]["id"] = "srv-db01"  # the same id as an asset
    problem = find(problems_of(mini_data), "duplicate id 'srv-db01'")
    assert problem.place.item == "data[srv-db01]"
    assert "assets #2" in problem.message


@pytest.mark.parametrize(
    ("section", "index", "field", "value", "wanted"),
    [
        ("assets", 1, "zone", "srvers", "zone"),
        ("assets", 1, "runs_on", "vh1", "asset"),
        ("assets", 2, "depends_on", ["srv-db1"], "asset"),
        ("data", 0, "stored_on", ["srv-db02"], "asset"),
        ("data", 0, "backup_on", ["vh1"], "asset"),
        ("services", 0, "uses", ["reg-propery"], "data"),
        ("services", 0, "runs_on", ["app-lars"], "asset"),
        ("links", 0, "from", "app-lari", "asset"),
        ("links", 0, "to", "srv-db", "asset"),
        ("links", 0, "carries", ["reg-prop"], "data"),
        ("zone_flows", 0, "from", "lann", "zone"),
        ("zone_flows", 0, "to", "server", "zone"),
    ],
)
def test_references_to_missing_ids(
    problems_of: Any, mini_data: dict[str, Any], section: str, index: int, field: str, value: Any, wanted: str
) -> None:
    mini_data[section][index][field] = value
    missing = value[0] if isinstance(value, list) else value
    problem = find(problems_of(mini_data), f"refers to {wanted} '{missing}', which does not exist")
    assert problem.place.field is not None and problem.place.field.startswith(field)
    assert problem.place.line is not None
    assert problem.hint.startswith("did you mean")


def test_supplier_remote_access_reference(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["suppliers"][0]["remote_access"]["to"] = ["app-larris"]
    problem = find(problems_of(mini_data), "refers to asset 'app-larris'")
    assert problem.place.item == "suppliers[vendor-laris]"
    assert problem.place.field == "remote_access.to #1"
    assert problem.hint == "did you mean 'app-laris'?"


def test_ip_outside_zone(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][1]["ips"] = ["10.20.1.50"]
    problem = find(problems_of(mini_data), "address 10.20.1.50 is outside zone 'servers'")
    assert problem.hint == "it lies in zone 'lan'"
    assert problem.place.field == "ips #1"


def test_duplicate_ip(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][0]["ips"] = ["10.20.10.11"]
    find(problems_of(mini_data), "address 10.20.10.11 is also given to asset")


def test_overlapping_zones(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["zones"][4]["cidrs"] = ["10.20.0.0/16"]
    problem = find(problems_of(mini_data), "overlaps")
    assert problem.place.item == "zones[wifi-guest]"


def test_runs_on_cycle(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][0]["runs_on"] = "app-laris"  # vh01 -> app-laris -> srv-db01 -> vh01
    problem = find(problems_of(mini_data), "runs_on forms a cycle")
    assert "app-laris -> srv-db01 -> vh01 -> app-laris" in problem.message


def test_runs_on_itself(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][0]["runs_on"] = "vh01"
    find(problems_of(mini_data), "cannot run on itself")


@pytest.mark.parametrize(
    ("mutate", "text"),
    [
        (lambda d: d["assets"][1]["services"][0].update(port=70000), "port 70000 is outside 1–65535"),
        (lambda d: d["assets"][1]["services"][0].update(port=0), "port 0 is outside 1–65535"),
        (lambda d: d["zone_flows"][1].update(ports=["tcp/70000"]), "ports go from 1 to 65535"),
        (lambda d: d["zone_flows"][1].update(ports=["https"]), "is not a port"),
        (lambda d: d["zones"][2].update(cidrs=["10.20.1.0/33"]), "is not a valid CIDR"),
        (lambda d: d["zones"][2].update(cidrs=["10.20.1.7/24"]), "has host bits set; the network is 10.20.1.0/24"),
        (lambda d: d["zones"][2].update(cidrs=["10.20.1.0"]), "has no prefix length"),
        (lambda d: d["assets"][1]["os"].update(end_of_support="2023-13-40"), "date '2023-13-40' — write YYYY-MM-DD"),
        (lambda d: d["assets"][1]["os"].update(end_of_support="soon"), "date 'soon' — write YYYY-MM-DD or DD.MM.YYYY"),
        (lambda d: d["assets"][1].update(ips=["10.20.10.300"]), "is not a valid IPv4 or IPv6 address"),
        (lambda d: d["zones"][2].update(vlan=5000), "vlan 5000 is outside 1–4094"),
        (lambda d: d["measures"].update(incident_procedure="maybe"), "'maybe' is not one of: yes, partial, no"),
        (lambda d: d["assets"][1]["os"].update(end_of_support="31.13.2025"), "date '31.13.2025' — write YYYY-MM-DD"),
        (lambda d: d["data"][0].update(personal_data="maybe"), "'maybe' is not a yes/no answer"),
        (lambda d: d["municipality"].update(employees="many"), "'many' is not a whole number"),
        (lambda d: d["assets"][1].update(id="srv db01"), "'srv db01' is not a valid id"),
        (lambda d: d.update(version=2), "format version 2 is not supported"),
    ],
)
def test_impossible_values(problems_of: Any, mini_data: dict[str, Any], mutate: Any, text: str) -> None:
    mutate(mini_data)
    problem = find(problems_of(mini_data), text)
    assert problem.place.line is not None


def test_unknown_control_suggests_closest(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][1]["planned_controls"] = ["backup.oflline"]
    problem = find(problems_of(mini_data), "unknown control id 'backup.oflline'")
    assert problem.hint.startswith("did you mean 'backup.offline'?")
    assert "lsgrisk catalog list --kind controls" in problem.hint
    assert problem.place.field == "planned_controls #1"


def test_unknown_measure_suggests_closest(problems_of: Any, mini_data: dict[str, Any]) -> None:
    mini_data["measures"]["incident_procedures"] = "yes"
    problem = find(problems_of(mini_data), "unknown measure 'incident_procedures'")
    assert problem.hint.startswith("did you mean 'incident_procedure'?")
    assert "lsgrisk catalog list --kind measures" in problem.hint
    assert problem.place.item == "measures"


def test_invalid_item_does_not_hide_other_problems(problems_of: Any, mini_data: dict[str, Any]) -> None:
    """A type error in one asset still lets the reference checks of the others run."""
    mini_data["assets"][0]["kind"] = "bogus"
    mini_data["data"][0]["stored_on"] = ["missing-host"]
    problems = problems_of(mini_data)
    find(problems, "'bogus' is not one of")
    find(problems, "refers to asset 'missing-host'")
    # vh01 failed validation, but it exists in the file: references to it are not reported again
    assert not [p for p in problems if "'vh01'" in p.message]
