"""No contradictions: every statement of the summary agrees with the measures and the rows it summarises."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from asset_models.models import Inventory
from policy_templates.report.context import report_context
from risk_analyzer.result import AnalysisResult
from tests.analysis.analysis_helpers import clean_inventory, run
from threat_catalog.loader import load_catalog


def _report(d: dict[str, Any], lang: str) -> tuple[AnalysisResult, Any]:
    result = run(d)
    return result, report_context(Inventory.model_validate(copy.deepcopy(d)), result, load_catalog(), lang)


@pytest.mark.parametrize(
    ("measure", "name", "status", "cnr", "en"),
    [
        ("yes", None, "appointed_unnamed", "imenovano, ime nije upisano", "appointed, name not recorded"),
        ("no", None, "not_appointed", "nije imenovano", "not appointed"),
        ("yes", "Ana Anić", "named", "Ana Anić", "Ana Anić"),
    ],
)
def test_officer_statement_agrees_with_the_measure(
    measure: str, name: str | None, status: str, cnr: str, en: str
) -> None:
    d = clean_inventory()
    d["measures"]["security_officer_appointed"] = measure
    if name:
        d["municipality"]["security_officer"] = {"name": name}
    result, ctx = _report(d, "cnr")
    assert result.municipality.security_officer_status == status
    assert ctx.municipality.security_officer == cnr
    assert _report(d, "en")[1].municipality.security_officer == en
    assert result.measures["security_officer_appointed"] == measure


def test_every_summary_list_agrees_with_the_rows() -> None:
    d = clean_inventory()
    d["assets"][0]["os"] = {"name": "Windows Server", "version": "2012 R2", "end_of_support": "2023-10-10"}
    d["assets"][0]["controls"].remove("backup.offline")
    d["data"] = [{"id": "reg", "name": "Registar", "kind": "register", "personal_data": True, "stored_on": ["srv1"],
                  "exchanges": [{"with": "Ministarstvo", "via": "email", "direction": "provide"}]}]  # fmt: skip
    result = run(d)
    s = result.summary
    assert s.eol_assets == [a.id for a in result.assets if a.eol] == ["srv1"]
    assert s.assets_without_mfa == [a.id for a in result.assets if a.missing_mfa]
    assert s.assets_without_offline_backup == [a.id for a in result.assets if a.missing_offline_backup] == ["srv1"]
    assert s.data_outside_gsb == ["reg"]
    assert s.total == len(result.risks) and sum(s.inherent.values()) == s.total
    for row in result.compliance.law + result.compliance.nis2:
        states = set(row.measures.values())
        if row.state.value == "implemented":
            assert states <= {"yes"}, row.item
        if states and states <= {"no"}:
            assert row.state.value == "missing", row.item
