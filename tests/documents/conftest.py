"""Shared fixtures of the document tests: the example municipality and a hostile one, analysed for real.

Each input is analysed once per session (the analysis is deterministic for a
fixed ``as_of``) and each policy is rendered once per language.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from policy_templates.i18n import Lang, as_lang
from policy_templates.policies.generate import render_policy
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult
from threat_catalog.loader import load_catalog
from threat_catalog.models import Catalog

CNR, EN = as_lang("cnr"), as_lang("en")
LANGS = (CNR, EN)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
POLICY_GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "policies"
POLICY_AS_OF = date(2026, 1, 15)
#: markup, Jinja syntax, Cyrillic and Montenegrin diacritics; "KRAJ-TEKSTA" proves nothing after it is lost
HOSTILE_TEXT = "Tom & Jerry <b>x</b> {{ 7*7 }} {% raw %} {# c #} Општина čćžšđ ČĆŽŠĐ KRAJ-TEKSTA"


def update_golden() -> bool:
    return os.environ.get("LSGRISK_UPDATE_GOLDEN") == "1"


@dataclass
class Analysed:
    """An inventory, its analysis and the catalogue, with the rendered policies cached."""

    inventory: Inventory
    result: AnalysisResult
    catalog: Catalog
    _docs: dict[tuple[int, Lang], bytes] = field(default_factory=dict)

    def policy(self, number: int, lang: Lang) -> bytes:
        key = (number, lang)
        if key not in self._docs:
            self._docs[key] = render_policy(number, self.inventory, self.result, self.catalog, lang)
        return self._docs[key]


def _analyse(path: Path) -> Analysed:
    inventory = load_inventory(path)
    catalog = load_catalog()
    return Analysed(inventory, analyze(inventory, catalog, POLICY_AS_OF), catalog)


def hostile_inventory_data() -> dict[str, Any]:
    """The example inventory with :data:`HOSTILE_TEXT` in the free text that reaches every policy."""
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data: dict[str, Any] = copy.deepcopy(raw)
    mun = data["municipality"]
    mun["name"] = "Opština " + HOSTILE_TEXT
    mun["units"] = [*mun["units"], "Služba " + HOSTILE_TEXT]
    mun["security_officer"]["name"] = "Đorđe " + HOSTILE_TEXT
    mun["head"]["title"] = "Predsjednik " + HOSTILE_TEXT
    data["zones"][0]["name"] = "Internet " + HOSTILE_TEXT
    first_register = next(d for d in data["data"] if d["kind"] == "register")
    first_register["name"] = "Registar " + HOSTILE_TEXT
    first_register["legal_basis"] = "Zakon " + HOSTILE_TEXT
    first_register["exchanges"][0]["with"] = "Partner " + HOSTILE_TEXT
    data["suppliers"][0]["name"] = "Dobavljač " + HOSTILE_TEXT
    data["services"][0]["name"] = "Usluga " + HOSTILE_TEXT
    for asset in data["assets"]:
        if asset.get("os", {}).get("end_of_support"):
            asset["name"] = "Sistem " + HOSTILE_TEXT
            asset["os"]["name"] = "OS " + HOSTILE_TEXT
            break
    return data


@pytest.fixture(scope="session")
def example() -> Analysed:
    return _analyse(EXAMPLE)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Analysed:
    path = tmp_path_factory.mktemp("hostile") / "inventory.yaml"
    path.write_text(yaml.safe_dump(hostile_inventory_data(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return _analyse(path)


@pytest.fixture(scope="session")
def langs() -> tuple[Lang, ...]:
    return LANGS


@pytest.fixture(scope="session")
def example_policy_bytes(example: Analysed) -> dict[str, bytes]:
    """Policy 1 of the example in Montenegrin (both scripts) and English."""
    return {code: example.policy(1, as_lang(code)) for code in ("cnr", "cnr-Cyrl", "en")}
