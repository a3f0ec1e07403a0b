"""The comparison model: common causes and shared measures, thresholds both ways, anonymous codes, trends."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk_analyzer.portfolio import (
    Cause,
    ControlNeed,
    MunicipalityFacts,
    TrendPoint,
    anonymise,
    anonymous_codes,
    build_portfolio,
    common_threshold,
)
from threat_catalog.rules import Text

LEVELS = ["low", "medium", "high", "critical"]
T = Text(en="title", cnr="naslov")


def facts(code: str, rules: list[str], controls: tuple[str, ...] = (), total: int = 10) -> MunicipalityFacts:
    return MunicipalityFacts(
        name=f"Opština {code}", code=code, as_of=dt.date(2026, 1, 15), entity_class="important", levels=LEVELS,
        risks={"low": 0, "medium": total, "high": 0, "critical": 0}, active={"medium": total}, total=total,
        causes=[Cause(rule_id=r, title=T, risks=1, max_level="medium", score=4, controls=["c1"]) for r in rules],
        controls=[ControlNeed(control_id=c, title=T, effort="project", risk_reduction=5) for c in controls],
        nis2={"a": "partial"}, nis2_titles={"a": T}, sections={"1": "missing"}, section_titles={"1": T},
        eol=1, without_mfa=2, outside_gsb=3)


@pytest.mark.parametrize(("count", "threshold"), [(1, 2), (2, 2), (4, 2), (8, 2), (9, 3), (25, 7)])
def test_common_threshold(count: int, threshold: int) -> None:
    assert common_threshold(count) == threshold


def test_a_cause_is_common_only_when_enough_municipalities_share_it() -> None:
    p = build_portfolio([facts("A", ["r.shared", "r.only_a"], ("c.shared",)), facts("B", ["r.shared"], ("c.shared",)),
                         facts("C", ["r.other"], ("c.c",))])
    assert [c.rule_id for c in p.common_causes] == ["r.shared"]
    assert p.common_causes[0].municipalities == ["A", "B"]
    assert [c.control_id for c in p.common_controls] == ["c.shared"]
    assert p.common_controls[0].risk_reduction == 10
    assert [r.key for r in p.municipalities] == ["A", "B", "C"]


def test_anonymous_codes_are_stable_and_not_alphabetical() -> None:
    codes = [f"TOWN{n:02d}" for n in range(25)]
    first = anonymous_codes(codes)
    assert first == anonymous_codes(reversed(codes))
    assert sorted(first.values()) == [f"M{n:02d}" for n in range(1, 26)]
    assert [first[c] for c in sorted(codes)] != sorted(first.values())


def test_anonymise_replaces_names_everywhere() -> None:
    p = anonymise(build_portfolio([facts("ALFA", ["r"]), facts("BETA", ["r"])]))
    dump = p.model_dump_json()
    assert "ALFA" not in dump and "BETA" not in dump and "Opština" not in dump
    assert p.anonymised and p.common_causes[0].municipalities == ["M01", "M02"]


def test_change_against_the_previous_snapshot() -> None:
    history = {"A": [TrendPoint(as_of=dt.date(2025, 6, 1), total=14, active=14, by_level={}),
                     TrendPoint(as_of=dt.date(2026, 1, 15), total=10, active=10, by_level={})]}
    p = build_portfolio([facts("A", ["r"]), facts("B", ["r"])], history)
    a, b = p.municipalities
    assert a.change == -4 and len(a.trend) == 2
    assert b.change is None and b.trend == []


def test_an_empty_portfolio_is_refused() -> None:
    with pytest.raises(ValueError):
        build_portfolio([])


def _strings(value: object) -> list[str]:
    """Every string (keys and values) of a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [x for v in value for x in _strings(v)]
    return []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=3, max_size=30).filter(lambda s: s.strip() != ""), min_size=1, max_size=8,
                unique=True))
def test_anonymised_portfolio_never_names_a_municipality(names: list[str]) -> None:
    rows = [facts(f"K{n}", ["r.shared"]).model_copy(update={"name": name, "code": f"{name}#{n}"})
            for n, name in enumerate(names)]
    fixed = _strings(anonymise(build_portfolio([facts(f"K{n}", ["r.shared"]) for n in range(len(names))]))
                     .model_dump(mode="json"))
    secret = [name for name in names if not any(name in text for text in fixed)]  # not a word of the layout
    strings = _strings(anonymise(build_portfolio(rows)).model_dump(mode="json"))
    for name in secret:
        assert not any(name in text for text in strings), name
    for row in rows:
        assert not any(row.code in text for text in strings)


def test_every_text_key_of_the_portfolio_documents_has_english_and_montenegrin_text() -> None:
    import re
    from pathlib import Path

    from asset_models.i18n import catalogue_entries

    root = Path(__file__).resolve().parents[2] / "policy_templates" / "portfolio"
    keys = {k for path in root.glob("*.py")
            for k in re.findall(r'w\("((?:dashboard|summary)\.[a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert len(keys) >= 8
    for lang in ("en", "cnr"):
        entries = catalogue_entries(lang, "portfolio")
        assert not [k for k in keys if ("", k) not in entries], lang


def test_costs_of_a_common_cause_are_summed_over_municipalities() -> None:
    a = facts("A", ["r"])
    b = facts("B", ["r"])
    a.causes[0].one_off_eur, a.causes[0].yearly_eur = [100, 200], [10, 20]
    b.causes[0].one_off_eur, b.causes[0].yearly_eur = [1000, 3000], [0, 5]
    cause = build_portfolio([a, b]).common_causes[0]
    assert cause.one_off_eur == [1100, 3200] and cause.yearly_eur == [10, 25]
