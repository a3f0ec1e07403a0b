"""Treatment plan: catalogue controls ranked by the risk they remove per effort point.

For every active risk (status open or in_progress) and every remediation
control of its rule that is not yet in place on the subject, the control is
credited with the risk's inherent score (likelihood x impact). A control's
priority is its summed credit divided by its effort points (catalogue,
1..5), times 1.5 when it treats a risk of a choke-point root cause (its
action removes a hop of the minimum cut to the crown jewels). Quick wins and
projects (catalogue ``effort``) are ranked apart.
Alternative controls of one rule are each credited in full: the plan shows
every way to treat a risk, the order says which one pays most.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from risk_analyzer.result import ACTIVE_STATUSES, Action, EffortClass, Risk, TreatmentPlan
from threat_catalog.models import LEVEL_RANK, Catalog, Level


@dataclass
class _Tally:
    reduction: int = 0
    risk_ids: list[str] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    max_rank: int = 0
    choke: bool = False


#: a control that treats a choke point (a hop of the minimum cut to the crown jewels) counts this much more
CHOKE_POINT_WEIGHT = 1.5


def build_plan(risks: list[Risk], catalog: Catalog, choke_risks: set[str] | None = None) -> TreatmentPlan:
    choke_risks = choke_risks or set()
    tallies: dict[str, _Tally] = {}
    known = {c.id for c in catalog.controls}
    for risk in risks:
        if risk.tracking.status not in ACTIVE_STATUSES:
            continue
        for control_ref in risk.controls:
            if control_ref in risk.implemented_controls or control_ref not in known:
                continue
            tally = tallies.setdefault(control_ref, _Tally())
            tally.reduction += risk.score
            tally.risk_ids.append(risk.id)
            tally.subjects.add(risk.subject_id)
            tally.max_rank = max(tally.max_rank, LEVEL_RANK[risk.level])
            tally.choke = tally.choke or risk.id in choke_risks
    actions: dict[EffortClass, list[Action]] = {EffortClass.quick_win: [], EffortClass.project: []}
    for control_id, tally in tallies.items():
        control = catalog.control(control_id)
        effort = EffortClass(control.effort.value)
        actions[effort].append(
            Action(
                rank=0,
                control_id=control_id,
                title=control.title,
                effort=effort,
                effort_points=control.effort_points,
                risk_ids=sorted(tally.risk_ids),
                risk_reduction=tally.reduction,
                priority=round(tally.reduction * (CHOKE_POINT_WEIGHT if tally.choke else 1) / control.effort_points, 2),
                choke_point=tally.choke,
                max_level=next(lv for lv in Level if lv.rank == tally.max_rank).value,
                subjects=sorted(tally.subjects),
            )
        )
    for items in actions.values():
        items.sort(key=lambda a: (-a.priority, -a.risk_reduction, a.control_id))
        for rank, action in enumerate(items, start=1):
            action.rank = rank
    return TreatmentPlan(quick_wins=actions[EffortClass.quick_win], projects=actions[EffortClass.project])
