"""Compliance per NIS2 Art. 21(2) item (a)-(j) and per measure area of the Law.

For each item the catalogue gives the organisational measures and the
controls mapped to it. The state:

* measures score yes = 1, partial = 0.5, no (or not stated) = 0;
* active risks "against" the item are the open / in-progress risks whose
  remediation controls map to it; those at level high or critical count as
  serious;
* implemented: every mapped measure is yes (or none is mapped) and no serious
  active risk remains;
* missing: every mapped measure is no; or no measure is mapped, serious risks
  remain and none of the mapped controls is in place anywhere;
* partial: everything else.

The evidence lists the measure answers, the controls in place (with how many
assets have them) and the serious risks that remain.
"""

from __future__ import annotations

from collections.abc import Sequence

from asset_models.models import Inventory, MeasureState
from risk_analyzer.result import ACTIVE_STATUSES, ComplianceRow, ComplianceState, Risk
from threat_catalog.models import Catalog, Control, Level, Measure
from threat_catalog.rules import Text

_SCORE = {MeasureState.yes: 1.0, MeasureState.partial: 0.5, MeasureState.no: 0.0}
_STATE_CNR = {"yes": "da", "partial": "djelimično", "no": "ne"}


def _row(
    framework: str,
    item: str,
    title: Text,
    measures: Sequence[Measure],
    controls: Sequence[Control],
    inv: Inventory,
    risks: list[tuple[Risk, frozenset[str]]],
    control_use: dict[str, int],
) -> ComplianceRow:
    answers = {m.id: inv.measures.get(m.id, MeasureState.no) for m in measures}
    control_ids = {c.id for c in controls}
    active = [r for r, controls in risks if not controls.isdisjoint(control_ids)]
    serious = [r for r in active if Level(r.level).rank >= Level.high.rank]
    in_place = {c: control_use[c] for c in sorted(control_ids) if control_use.get(c)}
    score = sum(_SCORE[s] for s in answers.values()) / len(answers) if answers else None
    if (score is None or score == 1.0) and not serious:
        state = ComplianceState.implemented
    elif score == 0.0 or (score is None and serious and not in_place):
        state = ComplianceState.missing
    else:
        state = ComplianceState.partial
    evidence: list[Text] = []
    for measure in measures:
        answer = answers[measure.id].value
        evidence.append(Text(en=f"{measure.title.en}: {answer}", cnr=f"{measure.title.cnr}: {_STATE_CNR[answer]}"))
    if in_place:
        listed = ", ".join(f"{c} ({n})" for c, n in in_place.items())
        evidence.append(
            Text(en=f"Controls in place (assets): {listed}", cnr=f"Primijenjene kontrole (sistemi): {listed}")
        )
    if serious:
        evidence.append(
            Text(
                en=f"{len(serious)} active risk(s) at high or critical level, e.g. {serious[0].id}",
                cnr=f"{len(serious)} aktivnih rizika visokog ili kritičnog nivoa, npr. {serious[0].id}",
            )
        )
    return ComplianceRow(
        framework="nis2" if framework == "nis2" else "law",
        item=item,
        title=title,
        state=state,
        evidence=evidence,
        measures={k: v.value for k, v in sorted(answers.items())},
        controls=sorted(control_ids),
        open_risk_ids=sorted(r.id for r in active),
    )


def assess_compliance(
    inv: Inventory, catalog: Catalog, risks: list[Risk]
) -> tuple[list[ComplianceRow], list[ComplianceRow]]:
    active = [(r, frozenset(r.controls)) for r in risks if r.tracking.status in ACTIVE_STATUSES]
    control_use: dict[str, int] = {}
    for asset in inv.assets:
        for control in set(asset.controls):
            control_use[control] = control_use.get(control, 0) + 1
    nis2 = [
        _row(
            "nis2",
            item.id.value,
            item.title,
            catalog.measures_for_nis2(item.id),
            catalog.controls_for_nis2(item.id),
            inv,
            active,
            control_use,
        )
        for item in catalog.frameworks.nis2_items
    ]
    law = [
        _row(
            "law",
            area.id,
            area.title,
            catalog.measures_for_law_area(area.id),
            catalog.controls_for_law_area(area.id),
            inv,
            active,
            control_use,
        )
        for area in catalog.frameworks.law_areas
    ]
    return nis2, law
