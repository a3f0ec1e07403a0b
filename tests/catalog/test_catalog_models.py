"""Model-level validation of catalogue entries and of the risk matrix."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from threat_catalog import load_catalog
from threat_catalog.models import Control, LawArea, RiskMatrix, Threat, natural_key


def matrix_data(**changes: Any) -> dict[str, Any]:
    data = load_catalog().matrix.model_dump(mode="json")
    data.update(changes)
    return data


def test_catalog_matrix_rejects_a_grid_that_is_not_5x5() -> None:
    grid = matrix_data()["grid"][:4]
    with pytest.raises(ValidationError, match="5 rows of 5 levels"):
        RiskMatrix.model_validate(matrix_data(grid=grid))
    ragged = [row[:4] if i == 2 else row for i, row in enumerate(matrix_data()["grid"])]
    with pytest.raises(ValidationError, match="5 rows of 5 levels"):
        RiskMatrix.model_validate(matrix_data(grid=ragged))


def test_catalog_matrix_rejects_decreasing_levels() -> None:
    grid = [list(row) for row in matrix_data()["grid"]]
    grid[4][4] = "low"
    with pytest.raises(ValidationError, match="may not decrease"):
        RiskMatrix.model_validate(matrix_data(grid=grid))


def test_catalog_matrix_rejects_incomplete_scales_and_needs() -> None:
    scale = matrix_data()["likelihood"][:4]
    with pytest.raises(ValidationError, match=r"values 1\.\.5"):
        RiskMatrix.model_validate(matrix_data(likelihood=scale))
    with pytest.raises(ValidationError, match="very_high"):
        RiskMatrix.model_validate(matrix_data(need_impact={"normal": 2, "high": 4}))
    with pytest.raises(ValidationError, match="must not decrease"):
        RiskMatrix.model_validate(matrix_data(need_impact={"normal": 4, "high": 2, "very_high": 5}))


def test_catalog_threat_source_must_match_its_id() -> None:
    base = load_catalog().threat("G0.1").model_dump(mode="json")
    with pytest.raises(ValidationError, match="source is bsi"):
        Threat.model_validate({**base, "source": "municipal"})
    with pytest.raises(ValidationError, match="not a BSI elementary threat id"):
        Threat.model_validate({**base, "id": "G0.48"})
    with pytest.raises(ValidationError, match="listed twice"):
        Threat.model_validate({**base, "cia": ["availability", "availability"]})
    with pytest.raises(ValidationError, match="TA9999"):
        Threat.model_validate({**base, "attack_tactics": ["TA9999"]})


def test_catalog_control_field_constraints() -> None:
    base = load_catalog().control("backup.daily").model_dump(mode="json")
    changes: list[dict[str, Any]] = [
        {"policy": 7},
        {"nis2": ["k"]},
        {"iso27001": ["8.13"]},
        {"effort_points": 6},
        {"law_areas": ["LAW-RISK", "LAW-RISK"]},
    ]
    for change in changes:
        with pytest.raises(ValidationError):
            Control.model_validate({**base, **change})
    with pytest.raises(ValidationError, match="at least 1 character"):
        Control.model_validate({**base, "title": {"en": "Backups", "cnr": ""}})


def test_catalog_law_area_needs_a_note_when_the_article_is_unconfirmed() -> None:
    area = load_catalog().frameworks.law_area("LAW-RISK").model_dump(mode="json")
    with pytest.raises(ValidationError, match="needs a note"):
        LawArea.model_validate({**area, "note": None})
    with pytest.raises(ValidationError, match="no article"):
        LawArea.model_validate({**area, "article_confirmed": True})
    confirmed = LawArea.model_validate({**area, "article": "Art. 10", "article_confirmed": True, "note": None})
    assert confirmed.article == "Art. 10"


def test_catalog_natural_order() -> None:
    assert sorted(["G0.10", "G0.2", "G0.1", "M.x"], key=natural_key) == ["G0.1", "G0.2", "G0.10", "M.x"]
