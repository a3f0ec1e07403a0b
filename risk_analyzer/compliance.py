"""Compliance per NIS2 Art. 21(2) item, per measure area of the Law and per 2024/2690 requirement.

One mapping chain serves every view: a 2024/2690 requirement or a NIS2 item
names catalogue measures and controls; rules name the controls that treat
their risks. The Law's measure areas are a view over NIS2: an area's row is
combined from the rows of its NIS2 items, so an area can never contradict
its items on the same facts.

For a NIS2 item or a requirement with measures:

* measures score yes = 1, partial = 0.5, no (or not stated) = 0;
* active risks "against" it are the open / in-progress risks whose
  remediation controls it maps to; those at level high or critical count as
  serious;
* implemented: every mapped measure is yes (or none is mapped) and no serious
  active risk remains;
* missing: every mapped measure is no; or no measure is mapped, serious risks
  remain and none of the mapped controls is in place anywhere;
* partial: everything else.

A 2024/2690 requirement mapped to controls only is implemented when one of
them is in place and no serious risk remains, missing or partial when serious
risks remain (without or with a control in place), and ``not_assessed`` when
the inventory shows nothing either way (an organisational control nobody
records on an asset): it is answered by self-assessment. A requirement the
catalogue marks not applicable keeps that state with its reason.

A combined row (a Law area, a 2024/2690 section) is implemented or missing
when all its assessed parts are, and partial otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asset_models.models import Inventory, MeasureState
from risk_analyzer.result import (
    ACTIVE_STATUSES,
    ComplianceRow,
    ComplianceState,
    RequirementRow,
    Risk,
    SectionRow,
)
from threat_catalog.models import Catalog, Control, Level, Measure, Requirement
from threat_catalog.rules import Text

_SCORE = {MeasureState.yes: 1.0, MeasureState.partial: 0.5, MeasureState.no: 0.0}
_STATE_CNR = {"yes": "da", "partial": "djelimično", "no": "ne"}
_STATE_SQ = {"yes": "po", "partial": "pjesërisht", "no": "jo"}
#: states that say something about the measures (the others are left out when rows are combined)
_ASSESSED = (ComplianceState.implemented, ComplianceState.partial, ComplianceState.missing)
_EXAMPLES = 5
#: risk levels at or above "high", by id (a risk's level is the id of a matrix level)
_SERIOUS = frozenset(level.value for level in Level if level.rank >= Level.high.rank)


@dataclass(frozen=True)
class _Facts:
    """What every row is judged on, indexed once per analysis."""

    inv: Inventory
    control_use: dict[str, int]  # control id -> assets that have it
    by_control: dict[str, list[Risk]]  # control id -> active risks it treats

    @classmethod
    def build(cls, inv: Inventory, risks: list[Risk]) -> _Facts:
        control_use: dict[str, int] = {}
        for asset in inv.assets:
            for control in set(asset.controls):
                control_use[control] = control_use.get(control, 0) + 1
        by_control: dict[str, list[Risk]] = {}
        for risk in risks:
            if risk.tracking.status in ACTIVE_STATUSES:
                for control in set(risk.controls):
                    by_control.setdefault(control, []).append(risk)
        return cls(inv, control_use, by_control)

    def active(self, control_ids: Iterable[str]) -> list[Risk]:
        found: dict[str, Risk] = {}
        for control in control_ids:
            for risk in self.by_control.get(control, ()):
                found[risk.id] = risk
        return [found[k] for k in sorted(found)]


@dataclass(frozen=True)
class _Judgement:
    state: ComplianceState
    evidence: list[Text]
    answers: dict[str, str]
    controls: list[str]
    active: list[Risk]
    serious: list[Risk]


def _judge(measures: Sequence[Measure], control_ids: Iterable[str], facts: _Facts, strict: bool) -> _Judgement:
    """The state of a set of measures and controls; ``strict``: controls alone need evidence (2024/2690)."""
    answers = {m.id: facts.inv.measures.get(m.id, MeasureState.no) for m in measures}
    controls = sorted(set(control_ids))
    active = facts.active(controls)
    serious = [r for r in active if r.level in _SERIOUS]
    in_place = {c: facts.control_use[c] for c in controls if facts.control_use.get(c)}
    score = sum(_SCORE[s] for s in answers.values()) / len(answers) if answers else None
    if strict and score is None:
        if serious:
            state = ComplianceState.partial if in_place else ComplianceState.missing
        else:
            state = ComplianceState.implemented if in_place else ComplianceState.not_assessed
    elif (score is None or score == 1.0) and not serious:
        state = ComplianceState.implemented
    elif score == 0.0 or (score is None and serious and not in_place):
        state = ComplianceState.missing
    else:
        state = ComplianceState.partial
    evidence: list[Text] = []
    for measure in measures:
        answer = answers[measure.id].value
        sq = f"{measure.title.sq}: {_STATE_SQ[answer]}" if measure.title.has_sq else None
        evidence.append(
            Text(en=f"{measure.title.en}: {answer}", cnr=f"{measure.title.cnr}: {_STATE_CNR[answer]}", sq=sq)
        )
    if in_place:
        listed = ", ".join(f"{c} ({n})" for c, n in in_place.items())
        evidence.append(
            Text(
                en=f"Controls in place (assets): {listed}",
                cnr=f"Primijenjene kontrole (sistemi): {listed}",
                sq=f"Kontrollet në zbatim (sistemet): {listed}",
            )
        )
    if serious:
        evidence.append(
            Text(
                en=f"{len(serious)} active risk(s) at high or critical level, e.g. {serious[0].id}",
                cnr=f"{len(serious)} aktivnih rizika visokog ili kritičnog nivoa, npr. {serious[0].id}",
                sq=f"{len(serious)} rreziqe aktive të nivelit të lartë ose kritik, p.sh. {serious[0].id}",
            )
        )
    return _Judgement(
        state=state,
        evidence=evidence,
        answers={k: v.value for k, v in sorted(answers.items())},
        controls=controls,
        active=active,
        serious=serious,
    )


def combine(states: Iterable[ComplianceState]) -> ComplianceState:
    """The state of a group: implemented or missing when every assessed part is; partial otherwise.

    With no assessed part: not_applicable when every part is, else not_assessed.
    """
    given = list(states)
    assessed = {s for s in given if s in _ASSESSED}
    if not assessed:
        if given and all(s is ComplianceState.not_applicable for s in given):
            return ComplianceState.not_applicable
        return ComplianceState.not_assessed
    if len(assessed) == 1:
        return assessed.pop()
    return ComplianceState.partial


# --------------------------------------------------------------------------- NIS2 and the Law


def _nis2_row(
    item_id: str, title: Text, measures: Sequence[Measure], controls: Sequence[Control], facts: _Facts
) -> ComplianceRow:
    judged = _judge(measures, (c.id for c in controls), facts, strict=False)
    return ComplianceRow(
        framework="nis2",
        item=item_id,
        title=title,
        state=judged.state,
        evidence=judged.evidence,
        measures=judged.answers,
        controls=judged.controls,
        open_risk_ids=[r.id for r in judged.active],
    )


def _law_row(area_id: str, title: Text, parts: Sequence[ComplianceRow]) -> ComplianceRow:
    """A Law area: the rows of its NIS2 items combined (the Law is a view over NIS2)."""
    evidence: dict[tuple[str, str], Text] = {}
    measures: dict[str, str] = {}
    for part in parts:
        for text in part.evidence:
            evidence.setdefault((text.en, text.cnr), text)
        measures.update(part.measures)
    return ComplianceRow(
        framework="law",
        item=area_id,
        title=title,
        state=combine(p.state for p in parts),
        evidence=list(evidence.values()),
        measures=dict(sorted(measures.items())),
        controls=sorted({c for p in parts for c in p.controls}),
        open_risk_ids=sorted({r for p in parts for r in p.open_risk_ids}),
    )


def assess_compliance(
    inv: Inventory, catalog: Catalog, risks: list[Risk]
) -> tuple[list[ComplianceRow], list[ComplianceRow]]:
    """(NIS2 rows a..j, Law area rows), the Law's rows combined from the NIS2 rows."""
    facts = _Facts.build(inv, risks)
    nis2 = [
        _nis2_row(
            item.id.value, item.title, catalog.measures_for_nis2(item.id), catalog.controls_for_nis2(item.id), facts
        )
        for item in catalog.frameworks.nis2_items
    ]
    by_item = {row.item: row for row in nis2}
    law = [
        _law_row(area.id, area.title, [by_item[n.value] for n in area.nis2]) for area in catalog.frameworks.law_areas
    ]
    return nis2, law


# --------------------------------------------------------------------------- 2024/2690 Annex


def _requirement_row(requirement: Requirement, catalog: Catalog, facts: _Facts) -> RequirementRow:
    common = {
        "id": requirement.id,
        "section": requirement.section,
        "title": requirement.title,
        "small_office": requirement.small_office,
        "evidence_kinds": list(requirement.evidence),
    }
    if requirement.not_applicable is not None:
        return RequirementRow(state=ComplianceState.not_applicable, reason=requirement.not_applicable, **common)
    if not requirement.mapped:
        return RequirementRow(state=ComplianceState.not_assessed, **common)
    measures = [catalog.measure(m) for m in requirement.measures]
    judged = _judge(measures, requirement.controls, facts, strict=True)
    examples = judged.serious or judged.active
    return RequirementRow(
        state=judged.state,
        evidence=judged.evidence,
        measures=judged.answers,
        controls=judged.controls,
        open_risks=len(judged.active),
        serious_risks=len(judged.serious),
        example_risk_ids=[r.id for r in examples[:_EXAMPLES]],
        **common,
    )


def assess_annex(inv: Inventory, catalog: Catalog, risks: list[Risk]) -> tuple[list[SectionRow], list[RequirementRow]]:
    """Compliance with the Annex of Implementing Regulation (EU) 2024/2690: per section and per requirement."""
    facts = _Facts.build(inv, risks)
    rows = [_requirement_row(r, catalog, facts) for r in catalog.requirements]
    sections = []
    for section in catalog.standards.eu2690_sections:
        mine = [r for r in rows if r.section == section.id]
        counts = {s.value: sum(1 for r in mine if r.state is s) for s in ComplianceState}
        sections.append(
            SectionRow(
                id=section.id,
                title=section.title,
                nis2=[n.value for n in section.nis2],
                state=combine(r.state for r in mine),
                small_office_state=combine(r.state for r in mine if r.small_office),
                requirements=len(mine),
                counts={k: v for k, v in counts.items() if v},
            )
        )
    return sections, rows


def evidence_kinds(catalog: Catalog, rows: Sequence[RequirementRow]) -> dict[str, Text]:
    """Titles of the evidence kinds the requirement rows name (for documents)."""
    used = {k for r in rows for k in r.evidence_kinds}
    return {k.id: k.title for k in catalog.standards.evidence_kinds if k.id in used}
