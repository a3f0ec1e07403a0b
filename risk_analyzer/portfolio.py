"""The portfolio: many municipalities' analyses side by side (``lsgrisk portfolio``).

Two steps, so that the heavy part runs where the analysis ran (a worker process)
and only a small record crosses back:

* :func:`municipality_facts` reduces one :class:`~risk_analyzer.result.AnalysisResult`
  to a :class:`MunicipalityFacts`: risks per level, the rules behind them (the
  root causes), the controls its treatment plan asks for, compliance per NIS2
  item and per 2024/2690 section, end-of-life systems, systems without MFA,
  data exchanged outside the GSB, the scan used and its drift.
* :func:`build_portfolio` compares the facts: one :class:`MunicipalityRow` per
  municipality, the root causes and the controls common to several of them
  (what a shared project or a joint procurement would fix), and the trend of
  each municipality from stored snapshots.

:func:`anonymise` replaces every municipality's name and code by a stable code
(``M01``...). The portfolio carries no other text from an inventory: officer
names, asset names and e-mail addresses never enter it, so they cannot leak.

Deterministic: the same analyses (and snapshots) give the same portfolio.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from risk_analyzer.result import ACTIVE_STATUSES, AnalysisResult
from threat_catalog.rules import Text

SCHEMA_VERSION = "1"
#: root causes shown per municipality
TOP_CAUSES = 3
#: a root cause or control is "common" when at least this many municipalities share it (and at least 2)
COMMON_SHARE = 0.25


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cause(_Model):
    """One rule (weakness) as a root cause in one municipality."""

    rule_id: str
    title: Text
    risks: int
    max_level: str
    score: int = Field(description="Sum of the inherent scores of its risks.")
    controls: list[str] = Field(default_factory=list)
    one_off_eur: list[int] = Field(default_factory=list, description="[low, high] one-off cost, when the analysis "
                                   "estimates it (root_causes of analysis.json).")
    yearly_eur: list[int] = Field(default_factory=list, description="[low, high] yearly cost, when estimated.")
    choke_point: bool = False


class ControlNeed(_Model):
    """A control one municipality's treatment plan asks for."""

    control_id: str
    title: Text
    effort: str
    risk_reduction: int


class TrendPoint(_Model):
    as_of: dt.date
    total: int
    active: int
    by_level: dict[str, int]


class MunicipalityFacts(_Model):
    """What the portfolio needs from one analysis (computed where the analysis ran)."""

    name: str
    code: str
    as_of: dt.date
    entity_class: str
    levels: list[str]
    risks: dict[str, int]
    active: dict[str, int]
    total: int
    causes: list[Cause]
    controls: list[ControlNeed]
    nis2: dict[str, str]
    nis2_titles: dict[str, Text]
    sections: dict[str, str]
    section_titles: dict[str, Text]
    eol: int
    without_mfa: int
    outside_gsb: int
    last_scan: str | None = None
    drift: int | None = Field(default=None, description="Unknown hosts plus assets the scan did not see.")


class MunicipalityRow(_Model):
    key: str = Field(description="The municipality's code, or its stable anonymous code.")
    name: str
    as_of: dt.date
    entity_class: str
    risks: dict[str, int]
    active: dict[str, int]
    total: int
    top_causes: list[Cause]
    nis2: dict[str, str]
    sections: dict[str, str]
    eol: int
    without_mfa: int
    outside_gsb: int
    last_scan: str | None = None
    drift: int | None = None
    trend: list[TrendPoint] = Field(default_factory=list, description="Stored snapshots, oldest first.")
    change: int | None = Field(default=None, description="Total risks now minus in the previous snapshot.")


class CommonCause(_Model):
    rule_id: str
    title: Text
    municipalities: list[str] = Field(description="Keys of the municipalities that have it.")
    risks: int
    max_level: str
    controls: list[str]
    one_off_eur: list[int] = Field(default_factory=list, description="Sum over the municipalities: [low, high].")
    yearly_eur: list[int] = Field(default_factory=list, description="Sum over the municipalities: [low, high].")


class CommonControl(_Model):
    control_id: str
    title: Text
    effort: str
    municipalities: list[str]
    risk_reduction: int


class Portfolio(_Model):
    schema_version: str = SCHEMA_VERSION
    as_of: dt.date = Field(description="The newest as_of among the analyses.")
    anonymised: bool = False
    levels: list[str]
    nis2_items: dict[str, Text]
    sections: dict[str, Text]
    municipalities: list[MunicipalityRow]
    common_causes: list[CommonCause]
    common_controls: list[CommonControl]
    threshold: int = Field(description="Municipalities that must share a cause for it to count as common.")


def municipality_facts(result: AnalysisResult) -> MunicipalityFacts:
    """The portfolio's view of one analysis."""
    levels = list(result.summary.levels)
    rank = {level: n for n, level in enumerate(levels)}
    causes: dict[str, Cause] = {}
    for risk in result.risks:
        cause = causes.get(risk.rule_id)
        if cause is None:
            causes[risk.rule_id] = Cause(rule_id=risk.rule_id, title=risk.title, risks=1, max_level=risk.level,
                                         score=risk.score, controls=sorted(risk.controls))
        else:
            cause.risks += 1
            cause.score += risk.score
            if rank.get(risk.level, -1) > rank.get(cause.max_level, -1):
                cause.max_level = risk.level
    _add_root_causes(result, causes)
    ordered = sorted(causes.values(), key=lambda c: (-rank.get(c.max_level, -1), -c.score, c.rule_id))
    controls = {a.control_id: ControlNeed(control_id=a.control_id, title=a.title, effort=a.effort.value,
                                          risk_reduction=a.risk_reduction)
                for a in [*result.treatment.quick_wins, *result.treatment.projects]}
    comp = result.compliance
    scan = result.scan
    active_levels = {level: 0 for level in levels}
    for risk in result.risks:
        if risk.tracking.status in ACTIVE_STATUSES:
            active_levels[risk.level] = active_levels.get(risk.level, 0) + 1
    return MunicipalityFacts(
        name=result.municipality.name,
        code=result.municipality.code,
        as_of=result.as_of,
        entity_class=result.municipality.entity_class,
        levels=levels,
        risks=dict(result.summary.inherent),
        active=active_levels,
        total=result.summary.total,
        causes=ordered,
        controls=[controls[k] for k in sorted(controls)],
        nis2={row.item: row.state.value for row in comp.nis2},
        nis2_titles={row.item: row.title for row in comp.nis2},
        sections={str(row.id): row.state.value for row in comp.eu_2024_2690},
        section_titles={str(row.id): row.title for row in comp.eu_2024_2690},
        eol=len(result.summary.eol_assets),
        without_mfa=len(result.summary.assets_without_mfa),
        outside_gsb=len(result.summary.data_outside_gsb),
        last_scan=scan.finished if scan is not None else None,
        drift=len(scan.unknown_hosts) + len(scan.not_seen) if scan is not None else None,
    )


def _add_root_causes(result: AnalysisResult, causes: dict[str, Cause]) -> None:
    """Costs and choke points from the analysis's ``root_causes`` (analysis.json schema 2), when present.

    Only causes of kind ``rule`` are compared across municipalities: a supplier cause names one
    municipality's supplier and means nothing elsewhere.
    """
    for root in getattr(result, "root_causes", None) or ():
        if getattr(root, "kind", "") != "rule" or not root.rule_ids:
            continue
        cause = causes.get(root.rule_ids[0])
        if cause is None:
            continue
        cause.one_off_eur = [int(v) for v in root.one_off_eur]
        cause.yearly_eur = [int(v) for v in root.yearly_eur]
        cause.choke_point = bool(root.choke_point)


def _add_range(total: list[int], part: list[int]) -> list[int]:
    if len(part) != 2:
        return total
    return [total[0] + part[0], total[1] + part[1]] if len(total) == 2 else list(part)


def trend_point(result: AnalysisResult) -> TrendPoint:
    s = result.summary
    return TrendPoint(as_of=result.as_of, total=s.total, active=sum(s.active.values()), by_level=dict(s.inherent))


def common_threshold(count: int) -> int:
    return max(2, -(-int(count * COMMON_SHARE * 100) // 100))


def _section_sort(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (10**6, key)


def build_portfolio(facts: Sequence[MunicipalityFacts],
                    trends: Mapping[str, Sequence[TrendPoint]] | None = None) -> Portfolio:
    """Compare the municipalities; ``trends`` maps a municipality code to its stored snapshots."""
    if not facts:
        raise ValueError("a portfolio needs at least one municipality")
    trends = trends or {}
    levels = max((f.levels for f in facts), key=len)
    rank = {level: n for n, level in enumerate(levels)}
    rows = []
    for f in sorted(facts, key=lambda f: (f.code, f.name)):
        history = sorted(trends.get(f.code, ()), key=lambda p: p.as_of)
        earlier = [p for p in history if p.as_of < f.as_of]
        rows.append(MunicipalityRow(
            key=f.code, name=f.name, as_of=f.as_of, entity_class=f.entity_class, risks=f.risks, active=f.active,
            total=f.total, top_causes=f.causes[:TOP_CAUSES], nis2=f.nis2, sections=f.sections, eol=f.eol,
            without_mfa=f.without_mfa, outside_gsb=f.outside_gsb, last_scan=f.last_scan, drift=f.drift,
            trend=history, change=f.total - earlier[-1].total if earlier else None,
        ))
    threshold = common_threshold(len(facts))
    causes: dict[str, CommonCause] = {}
    controls: dict[str, CommonControl] = {}
    for row, f in zip(rows, sorted(facts, key=lambda f: (f.code, f.name)), strict=True):
        for c in f.causes:
            common = causes.setdefault(c.rule_id, CommonCause(rule_id=c.rule_id, title=c.title, municipalities=[],
                                                             risks=0, max_level=c.max_level, controls=c.controls))
            common.municipalities.append(row.key)
            common.risks += c.risks
            common.one_off_eur = _add_range(common.one_off_eur, c.one_off_eur)
            common.yearly_eur = _add_range(common.yearly_eur, c.yearly_eur)
            if rank.get(c.max_level, -1) > rank.get(common.max_level, -1):
                common.max_level = c.max_level
        for n in f.controls:
            shared = controls.setdefault(n.control_id, CommonControl(
                control_id=n.control_id, title=n.title, effort=n.effort, municipalities=[], risk_reduction=0))
            shared.municipalities.append(row.key)
            shared.risk_reduction += n.risk_reduction
    nis2: dict[str, Text] = {}
    sections: dict[str, Text] = {}
    for f in facts:
        nis2.update(f.nis2_titles)
        sections.update(f.section_titles)
    return Portfolio(
        as_of=max(f.as_of for f in facts),
        levels=levels,
        nis2_items={k: nis2[k] for k in sorted(nis2)},
        sections={k: sections[k] for k in sorted(sections, key=_section_sort)},
        municipalities=rows,
        common_causes=sorted((c for c in causes.values() if len(c.municipalities) >= threshold),
                             key=lambda c: (-len(c.municipalities), -rank.get(c.max_level, -1), -c.risks, c.rule_id)),
        common_controls=sorted((c for c in controls.values() if len(c.municipalities) >= threshold),
                               key=lambda c: (-len(c.municipalities), -c.risk_reduction, c.control_id)),
        threshold=threshold,
    )


def anonymous_codes(codes: Iterable[str]) -> dict[str, str]:
    """Stable anonymous codes ``M01``, ``M02``...: numbered in the order of a hash of each code.

    The same set of municipalities always gives the same codes, and the numbering
    does not follow the alphabetical order of names or codes.
    """
    unique = sorted(set(codes), key=lambda c: (hashlib.sha256(c.encode("utf-8")).hexdigest(), c))
    width = max(2, len(str(len(unique))))
    return {code: f"M{n:0{width}d}" for n, code in enumerate(unique, start=1)}


def anonymise(portfolio: Portfolio) -> Portfolio:
    """The portfolio with every municipality's name and code replaced by its anonymous code."""
    codes = anonymous_codes(row.key for row in portfolio.municipalities)
    rows = [row.model_copy(update={"key": codes[row.key], "name": codes[row.key]})
            for row in portfolio.municipalities]
    rows.sort(key=lambda r: r.key)

    def keys(values: list[str]) -> list[str]:
        return sorted(codes[v] for v in values)

    return portfolio.model_copy(update={
        "anonymised": True,
        "municipalities": rows,
        "common_causes": [c.model_copy(update={"municipalities": keys(c.municipalities)})
                          for c in portfolio.common_causes],
        "common_controls": [c.model_copy(update={"municipalities": keys(c.municipalities)})
                            for c in portfolio.common_controls],
    })
