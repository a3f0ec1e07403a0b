"""Albanian (``sq``) catalogue texts: optional per text, English fallback, unchanged results without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from test_catalog_overlay import NEW_CONTROL  # tests/catalog is on the path (not a package)

from asset_models.errors import CatalogError
from threat_catalog import load_catalog
from threat_catalog.engine import check_rule
from threat_catalog.models import Catalog, text_fields
from threat_catalog.rules import Rule, Text

DATA = Path(__file__).resolve().parents[2] / "threat_catalog" / "data"


def test_text_without_sq_falls_back_to_english_and_serialises_as_before() -> None:
    text = Text.model_validate({"en": "Daily backups", "cnr": "Dnevne rezervne kopije"})
    assert text.get("sq") == "Daily backups" and text.sq == "Daily backups" and not text.has_sq
    assert text.get("cnr") == "Dnevne rezervne kopije" and text.get("en") == "Daily backups"
    assert text.model_dump() == {"en": "Daily backups", "cnr": "Dnevne rezervne kopije"}
    assert json.loads(text.model_dump_json()) == {"en": "Daily backups", "cnr": "Dnevne rezervne kopije"}
    assert Text.model_validate({"en": "x", "cnr": "y", "sq": None}).model_dump() == {"en": "x", "cnr": "y"}


def test_text_with_sq_gives_albanian_and_keeps_it_through_json() -> None:
    text = Text.model_validate({"en": "Daily backups", "cnr": "Dnevne rezervne kopije", "sq": "Kopje rezervë ditore"})
    assert text.get("sq") == "Kopje rezervë ditore" and text.has_sq
    assert text.get("cnr-Cyrl") == "Daily backups"  # a derived code is resolved by the caller, never guessed here
    again = Text.model_validate_json(text.model_dump_json())
    assert again == text and again.model_dump()["sq"] == "Kopje rezervë ditore"
    with pytest.raises(ValueError):
        Text.model_validate({"en": "x", "cnr": "y", "sq": "  "})


def _rule(evidence: dict[str, str]) -> Rule:
    return Rule.model_validate({
        "id": "t.sq", "subject": "asset", "title": {"en": "T", "cnr": "T"}, "description": {"en": "D", "cnr": "D"},
        "when": {"fact": "os_eol", "is": True}, "threats": ["G0.1"], "likelihood": 2, "controls": ["eol.replace"],
        "evidence": evidence, "false_positives": {"en": "F", "cnr": "F"},
    })


def test_evidence_placeholders_are_checked_in_albanian_too() -> None:
    good = _rule({"en": "{name} runs {os_name}", "cnr": "{name} koristi {os_name}", "sq": "{name} përdor {os_name}"})
    assert check_rule(good) == []
    bad = _rule({"en": "{name} runs {os_name}", "cnr": "{name} koristi {os_name}", "sq": "{emri} përdor {os_name}"})
    problems = check_rule(bad)
    assert len(problems) == 1 and problems[0].startswith("evidence.sq: unknown placeholder '{emri}'")
    without = _rule({"en": "{name} runs {os_name}", "cnr": "{name} koristi {os_name}"})
    assert check_rule(without) == []


def _raw_texts(value: object) -> list[dict[str, object]]:
    if isinstance(value, dict):
        if "en" in value and "cnr" in value:
            return [value]
        return [t for v in value.values() for t in _raw_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _raw_texts(v)]
    return []


TRANSLATED = sorted(p.name for p in DATA.glob("*.yaml"))


@pytest.mark.parametrize("name", TRANSLATED)
def test_bundled_files_give_albanian_for_every_text(name: str) -> None:
    texts = _raw_texts(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))
    assert texts
    assert [t["en"] for t in texts if not isinstance(t.get("sq"), str) or not str(t["sq"]).strip()] == []


def test_bundled_rule_titles_load_in_albanian() -> None:
    catalog = load_catalog()
    assert catalog.rule("eol.os").title.get("sq") == "Sistem operativ pa mbështetje nga prodhuesi"
    assert all(r.title.has_sq and r.evidence.has_sq and r.description.has_sq for r in catalog.rules)
    assert all(c.title.has_sq for c in catalog.controls)
    assert catalog.matrix.levels[0].label.get("sq") != catalog.matrix.levels[0].label.en




def _overlay(tmp_path: Path, sq: str) -> Catalog:
    tmp_path.mkdir(parents=True, exist_ok=True)
    title = "cnr: Trezor rezervnih kopija u oblaku}"  # the overlay test's control, with or without an sq title
    text = NEW_CONTROL.replace(title, title[:-1] + sq + "}")
    assert text != NEW_CONTROL or not sq
    (tmp_path / "controls.yaml").write_text(text, encoding="utf-8")
    return load_catalog(tmp_path)


def test_an_overlay_may_give_or_omit_albanian(tmp_path: Path) -> None:
    without = _overlay(tmp_path / "a", "").control("backup.cloud_vault")
    assert without.title.get("sq") == "Cloud backup vault" and not without.title.has_sq
    with_sq = _overlay(tmp_path / "b", ", sq: Depo në re për kopjet rezervë").control("backup.cloud_vault")
    assert with_sq.title.get("sq") == "Depo në re për kopjet rezervë"
    paths = [p for p, _ in text_fields(with_sq)]
    assert "title" in paths and "description" in paths


def test_an_overlay_with_a_blank_albanian_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        _overlay(tmp_path, ', sq: " "')
    assert info.value.exit_code == 3
