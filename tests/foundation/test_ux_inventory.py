"""Issue 9, the inventory side: one vocabulary, every problem at once, local habits read and noted."""

from __future__ import annotations

from datetime import date as _date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from asset_models.errors import InventoryError, Problem
from asset_models.loaders import load_inventory
from asset_models.models import AssetKind, enum_value, local_date
from lsgrisk.cli.main import cli
from tests.foundation.conftest import find
from threat_catalog.loader import load_catalog


def _write(tmp_path: Path, data: Any, name: str = "inv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    base = {"LSGRISK_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    return CliRunner().invoke(cli, list(args), env={**base, **(env or {})})


# --------------------------------------------------------------------------- one vocabulary


def _every_control_and_measure(mini_data: dict[str, Any]) -> dict[str, Any]:
    catalog = load_catalog(None)
    mini_data["assets"][1]["controls"] = [c.id for c in catalog.controls]
    mini_data["measures"] = {m.id: "partial" for m in catalog.measures}
    return mini_data


def test_every_catalogue_control_and_measure_validates(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    path = _write(tmp_path, _every_control_and_measure(mini_data))
    for command in (["validate", str(path)], ["convert", str(path), "-o", str(tmp_path / "out.xlsx")],
                    ["graph", str(path)]):
        result = _run(*command)
        assert result.exit_code == 0, (command, result.output)
    assert "firewall.perimeter" in {c.id for c in load_catalog(None).controls}


def test_core_list_alone_would_refuse_a_catalogue_control(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    """The check above can fail: the core vocabulary does not know every catalogue control."""
    path = _write(tmp_path, _every_control_and_measure(mini_data))
    with pytest.raises(InventoryError) as info:
        load_inventory(path)  # library use without a provider: core vocabulary
    find(info.value.problems, "unknown control id 'firewall.perimeter'")


def test_catalogue_overlay_adds_control_ids(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    control = load_catalog(None).controls[0].model_dump(mode="json", exclude_defaults=True)
    control["id"] = "local.kiosk_lockdown"
    (overlay / "controls.yaml").write_text(yaml.safe_dump({"controls": [control]}, allow_unicode=True),
                                           encoding="utf-8")
    mini_data["assets"][1]["controls"] = ["local.kiosk_lockdown"]
    path = _write(tmp_path, mini_data)
    refused = _run("validate", str(path))
    assert refused.exit_code == 3 and "local.kiosk_lockdown" in refused.output
    accepted = _run("validate", str(path), "--catalog", str(overlay))
    assert accepted.exit_code == 0, accepted.output


def test_unknown_control_points_to_catalog_list(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][1]["controls"] = ["firewall.perimetr"]
    result = _run("validate", str(_write(tmp_path, mini_data)))
    assert result.exit_code == 3
    assert "did you mean 'firewall.perimeter'?" in result.output
    assert "lsgrisk catalog list --kind controls" in result.output


def test_init_writes_every_catalogue_measure(tmp_path: Path) -> None:
    result = _run("init", str(tmp_path / "ws"), "-m", "Opština Test")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "ws" / "inventory.yaml").read_text(encoding="utf-8"))
    assert set(data["measures"]) == {m.id for m in load_catalog(None).measures}
    assert _run("validate", str(tmp_path / "ws" / "inventory.yaml")).exit_code == 0
    assert _run("validate", str(tmp_path / "ws" / "inventory.xlsx")).exit_code == 0


# --------------------------------------------------------------------------- every problem at once


def _problems(tmp_path: Path, data: Any) -> list[Problem]:
    with pytest.raises(InventoryError) as info:
        load_inventory(_write(tmp_path, data))
    return info.value.problems


def test_bad_date_and_zone_typo_in_one_asset_are_both_reported(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    asset = mini_data["assets"][1]
    asset["os"]["end_of_support"] = "31.13.2025"
    asset["zone"] = "srvers"
    problems = _problems(tmp_path, mini_data)
    date = find(problems, "date '31.13.2025' — write YYYY-MM-DD or DD.MM.YYYY")
    zone = find(problems, "refers to zone 'srvers', which does not exist")
    assert date.place.item == zone.place.item == "assets[srv-db01]"
    assert zone.hint == "did you mean 'servers'?"
    assert len(problems) == 2


def test_four_mistakes_in_one_asset_in_one_run(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    asset = mini_data["assets"][1]
    asset.update(kind="servr", zone="srvers", controls=["backup.dayly"], ips=["10.20.1.11"])
    asset["services"][0]["port"] = 70000
    problems = _problems(tmp_path, mini_data)
    find(problems, "'servr' is not one of")
    find(problems, "refers to zone 'srvers'")
    find(problems, "unknown control id 'backup.dayly'")
    find(problems, "port 70000 is outside 1–65535")


def test_a_failed_field_is_not_reported_twice(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    """The stand-in for a failed required field (kind, zone ...) never causes a second problem."""
    mini_data["assets"][1]["zone"] = 17  # not text: a type problem, not a missing zone
    mini_data["assets"][1]["id"] = "bad id"
    problems = _problems(tmp_path, mini_data)
    assert not [p for p in problems if "invalid." in p.message or "refers to zone" in p.message], problems


# --------------------------------------------------------------------------- local habits


@pytest.mark.parametrize("written", ["31.12.2025", "31.12.2025.", "31.12.2025. ", "2025-12-31"])
def test_local_dates_are_read(tmp_path: Path, mini_data: dict[str, Any], written: str) -> None:
    mini_data["assets"][1]["os"]["end_of_support"] = written
    inv = load_inventory(_write(tmp_path, mini_data))
    assert inv.assets[1].os is not None and str(inv.assets[1].os.end_of_support) == "2025-12-31"


@pytest.mark.parametrize("written", ["12/31/2025", "31-12-2025", "2025.12.31", "31.12.25"])
def test_ambiguous_dates_are_not_guessed(tmp_path: Path, mini_data: dict[str, Any], written: str) -> None:
    mini_data["assets"][1]["os"]["end_of_support"] = written
    find(_problems(tmp_path, mini_data), f"date '{written}' — write YYYY-MM-DD or DD.MM.YYYY")


def test_local_answers_and_letter_case(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    mini_data["data"][0]["personal_data"] = "da"
    mini_data["links"][0]["encrypted"] = "Ne"
    mini_data["measures"] = {"security_training": "djelimično", "incident_procedure": "DA",
                             "backup_restore_test": "ne", "access_review": "Partial"}
    mini_data["assets"][3]["kind"] = "Workstation"
    mini_data["zones"][4]["kind"] = "Guest"
    notes: list[Problem] = []
    inv = load_inventory(_write(tmp_path, mini_data), notes=notes)
    assert inv.data[0].personal_data is True and inv.links[0].encrypted is False
    assert {k: v.value for k, v in inv.measures.items()} == {
        "security_training": "partial", "incident_procedure": "yes", "backup_restore_test": "no",
        "access_review": "partial"}
    assert inv.assets[3].kind.value == "workstation" and inv.zones[4].kind.value == "guest"
    texts = [n.message for n in notes]
    assert len(texts) == 2, texts  # one note per kind of habit, not one per value
    assert any(t.startswith("5 answers da/ne/djelimično were read") for t in texts), texts
    assert any(t.startswith("3 listed values written in other letters") for t in texts), texts


def test_notes_are_printed_once_by_validate(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    mini_data["assets"][1]["os"]["end_of_support"] = "10.10.2023."
    mini_data["assets"][0]["os"]["end_of_support"] = "15.10.2022"
    result = _run("validate", str(_write(tmp_path, mini_data)))
    assert result.exit_code == 0, result.output
    assert result.output.count("Note:") == 1
    assert "2 dates written as DD.MM.YYYY were read as YYYY-MM-DD (for example '15.10.2022')" in result.output


def test_unknown_words_stay_errors(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    mini_data["data"][0]["personal_data"] = "možda"
    mini_data["measures"]["security_training"] = "uglavnom"
    problems = _problems(tmp_path, mini_data)
    find(problems, "'možda' is not a yes/no answer")
    find(problems, "'uglavnom' is not one of: yes, partial, no")


# --------------------------------------------------------------------------- messages in Montenegrin


def test_validation_messages_in_montenegrin(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    asset = mini_data["assets"][1]
    asset["os"]["end_of_support"] = "31.13.2025"
    asset["zone"] = "srvers"
    asset["services"][0]["port"] = 70000
    path = _write(tmp_path, mini_data)
    result = _run("validate", str(path), env={"LSGRISK_LANG": "cnr"})
    assert result.exit_code == 3
    assert "Greška:" in result.output and "nije ispravan: 3 problema" in result.output
    assert "datum '31.13.2025' — upišite GGGG-MM-DD ili DD.MM.GGGG" in result.output
    assert "upućuje na zonu 'srvers', koja ne postoji (da li ste mislili na 'servers'?)" in result.output
    assert "port 70000 je van opsega 1–65535" in result.output
    english = _run("validate", str(path))
    assert "date '31.13.2025' — write YYYY-MM-DD or DD.MM.YYYY" in english.output
    flag = _run("--lang", "cnr", "validate", str(path))
    assert flag.output == result.output


def test_montenegrin_plural_agreement(tmp_path: Path, mini_data: dict[str, Any]) -> None:
    from asset_models.i18n import translator

    words = translator("cnr")
    forms = [words.ngettext("{n} zone", "{n} zones", n) for n in (1, 2, 5, 21, 22, 25, 11)]
    assert forms == ["1 zona", "2 zone", "5 zona", "21 zona", "22 zone", "25 zona", "11 zona"]
    assert [words.ngettext("{n} asset", "{n} assets", n) for n in (1, 3, 7)] == [
        "1 sredstvo", "3 sredstva", "7 sredstava"]


def test_workspace_summary_in_montenegrin(tmp_path: Path) -> None:
    path = Path(__file__).parent / "data" / "mini.yaml"
    result = _run("--lang", "cnr", "validate", str(path))
    assert result.exit_code == 0, result.output
    assert "ispravan" in result.output and "5 zona, 4 toka između zona, 4 sredstva" in result.output


# --------------------------------------------------------------------------- invariants of the habits


@given(st.dates(min_value=_date(1000, 1, 1), max_value=_date(9999, 12, 31)), st.booleans(), st.booleans())
def test_every_real_day_in_local_form_reads_as_itself(day: _date, padded: bool, final_dot: bool) -> None:
    text = (f"{day.day:02d}.{day.month:02d}.{day.year}" if padded else f"{day.day}.{day.month}.{day.year}")
    assert local_date(text + ("." if final_dot else "")) == day.isoformat()


@given(st.text(max_size=20))
def test_local_date_never_guesses(text: str) -> None:
    """Whatever it returns is a real day written day-first with a four-digit year; anything else is None."""
    result = local_date(text)
    if result is not None:
        year, month, day = (int(p) for p in result.split("-"))
        parts = [int(p) for p in text.strip().rstrip(".").split(".")]
        assert parts == [day, month, year]


@given(st.sampled_from(list(AssetKind)), st.sampled_from([str.upper, str.title, str.lower, str.capitalize]))
def test_any_letter_case_reads_as_the_member(kind: AssetKind, case: Any) -> None:
    assert enum_value(AssetKind, case(kind.value)) == kind.value


@given(st.text(max_size=15))
def test_enum_value_only_maps_to_members(text: str) -> None:
    result = enum_value(AssetKind, text)
    assert result is None or result in {k.value for k in AssetKind}


@pytest.mark.skipif(__import__("shutil").which("nmap") is None, reason="nmap is not installed")
def test_scan_job_accepts_every_catalogue_control(tmp_path: Path) -> None:
    """The scheduled scan job validates against the catalogue too (loopback only)."""
    inventory = {
        "version": 1,
        "municipality": {"name": "Opština Test", "code": "TEST"},
        "zones": [{"id": "lo", "kind": "server", "cidrs": ["127.0.0.1/32"]}],
        "assets": [{"id": "h1", "name": "H", "kind": "server", "zone": "lo", "ips": ["127.0.0.1"],
                    "controls": ["firewall.perimeter"]}],
        "measures": {"secure_communications": "yes", "cryptography_rules_adopted": "no"},
    }
    path = _write(tmp_path, inventory)
    result = _run("scan", "run", str(path), "--profile", "discovery", "--workspace", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    assert "firewall.perimeter" not in result.output
