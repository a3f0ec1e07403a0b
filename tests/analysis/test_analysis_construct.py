"""construct() builds the same objects as model_construct: field order, defaults, serialised bytes."""

from __future__ import annotations

from pathlib import Path

from asset_models.loaders import load_inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.result import CONSTRUCTED, AssetRow, Factor, Residual, Risk, construct
from tests.analysis.analysis_helpers import AS_OF
from threat_catalog.loader import load_catalog

EXAMPLE = Path(__file__).parents[2] / "examples" / "primjer" / "inventory.yaml"


def test_construct_equals_model_construct_in_any_keyword_order() -> None:
    given = {"planned_controls": ["c1"], "score": 6, "level": "high", "impact": 3, "likelihood": 2}
    ours = construct(Residual, **given)
    theirs = Residual.model_construct(CONSTRUCTED, **given)
    assert list(ours.__dict__) == list(theirs.__dict__) == list(Residual.model_fields)
    assert ours.model_dump_json() == theirs.model_dump_json()
    assert ours.model_fields_set is CONSTRUCTED


def test_construct_fills_defaults_and_ignores_unknown_names() -> None:
    factor = construct(Factor, delta=-1, code="org_gap", not_a_field=1)
    assert factor.__dict__ == {"code": "org_gap", "delta": -1, "args": {}}
    other = construct(Factor, delta=-1, code="org_gap")
    assert other.args is not factor.args  # a default factory is called for each object


def test_every_risk_and_row_of_an_analysis_validates() -> None:
    """Objects built by construct() are what the strict model would accept (checked on the example)."""
    catalog = load_catalog()
    result = analyze(load_inventory(EXAMPLE, catalog.vocabulary()), catalog, AS_OF)
    for risk in result.risks:
        assert Risk.model_validate(risk.model_dump()) == risk
    for row in result.assets:
        assert AssetRow.model_validate(row.model_dump()) == row
