"""The decision view of the report: register numbers, root causes, tasks, costs and decisions.

Everything here is derived from the analysis result (``root_causes``, ``risks``, ``attack_paths``,
``choke_points``) and the catalogue's ``actions.yaml``; nothing is invented. Rules:

* **One numbering**: a risk's register number is ``R-001``... in the order of ``result.risks`` (highest
  score first); :func:`register_numbers` is the only place that assigns it, and the docx, the html and
  the xlsx (column "No.") print the same number next to the stable id ``RULE@subject``.
* **Causes**: one line per root cause, in the analysis' order (most important first, choke points
  counted); the action is the catalogue's sentence with names instead of ids (systems by name,
  controls by title), so no internal code reaches the prose.
* **Tasks**: the causes as a plan. A cause whose cost class is ``staff_time`` or ``small`` is a quick
  win while the declared IT staff can carry it in 90 days (:data:`QUICK_WINS_PER_PERSON` per
  person); every other cause is a project. The deadline follows the highest level: critical 30 days,
  high 90, medium 180, otherwise 365 (projects at least 180).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policy_templates.i18n import as_lang
from risk_analyzer import outputs
from risk_analyzer.result import ActionRef, AnalysisResult, RootCause
from risk_analyzer.rootcauses import action_text
from threat_catalog.loader import load_actions
from threat_catalog.models import ActionCatalog, Catalog

#: quick wins one person can carry in 90 days next to daily work
QUICK_WINS_PER_PERSON = 6
QUICK_COST_CLASSES = frozenset({"staff_time", "small"})
#: days to the deadline by the highest level of a cause
DEADLINE_DAYS = {"critical": 30, "very_high": 30, "high": 90, "medium": 180}
DEFAULT_DEADLINE_DAYS = 365
PROJECT_MIN_DAYS = 180
#: actions named on the summary page
SUMMARY_ACTIONS = 5


def register_numbers(result: AnalysisResult) -> dict[str, str]:
    """``RULE@subject`` -> ``R-001`` in the register's order (the one numbering of every output, xlsx included)."""
    return outputs.register_numbers(result)


def subject_names(result: AnalysisResult) -> dict[str, str]:
    """Names of every subject a cause may name (assets, data, services, suppliers, zones)."""
    names: dict[str, str] = {result.municipality.code: result.municipality.name}
    for node in result.graph.nodes:
        if node.type == "zone":
            names[node.id.removeprefix("zone:")] = node.label
    for rows in (result.assets, result.data, result.services, result.suppliers):
        for row in rows:
            names[row.id] = row.name
    return names


#: systems named in an action sentence (the rest counted)
ACTION_SUBJECTS_MAX = 6


def _names(ids: str, names: Mapping[str, str]) -> str:
    values = [names.get(part.strip(), part.strip()) for part in ids.split(",") if part.strip()]
    if len(values) > ACTION_SUBJECTS_MAX:
        return ", ".join(values[:ACTION_SUBJECTS_MAX]) + f" (+{len(values) - ACTION_SUBJECTS_MAX})"
    return ", ".join(values)


def cause_action(cause: RootCause, catalog: Catalog, names: Mapping[str, str], lang: str,
                 actions: ActionCatalog | None = None, methods: Mapping[str, str] | None = None) -> str:
    """The cause's action as a sentence: systems by name, controls by their catalogue title, the remote-access
    method by its label (``methods``)."""
    titles = {c.id: getattr(c.title, as_lang(lang).value) for c in catalog.controls}
    args: dict[str, str | int] = dict(cause.action.args)
    if isinstance(args.get("subjects"), str):
        args["subjects"] = _names(str(args["subjects"]), names)
    if isinstance(args.get("controls"), str):
        args["controls"] = ", ".join(titles.get(c.strip(), c.strip()) for c in str(args["controls"]).split(",")
                                     if c.strip())
    if methods is not None and isinstance(args.get("method"), str):
        args["method"] = methods.get(str(args["method"]), str(args["method"]))
    return action_text(actions or load_actions(), ActionRef(template=cause.action.template, args=args), lang)


def cause_paths(cause: RootCause, result: AnalysisResult) -> list[int]:
    """Indexes (into ``result.attack_paths``) of the attack paths the cause's action breaks.

    A supplier cause breaks that supplier's paths; a rule cause breaks the paths that pass a system it
    concerns (the action removes the weakness the path uses there).
    """
    if cause.kind == "supplier":
        supplier = cause.id.removeprefix("supplier:")
        return [n for n, p in enumerate(result.attack_paths) if p.supplier == supplier]
    nodes = {f"asset:{s}" for s in cause.subjects} | {f"zone:{s}" for s in cause.subjects}
    return [n for n, p in enumerate(result.attack_paths) if any(h.node in nodes for h in p.hops[1:])]


def paths_of_causes(result: AnalysisResult) -> list[list[int]]:
    """:func:`cause_paths` of every root cause (in ``result.root_causes`` order), with one pass over the paths."""
    by_supplier: dict[str, list[int]] = {}
    by_node: dict[str, list[int]] = {}
    for n, path in enumerate(result.attack_paths):
        if path.supplier is not None:
            by_supplier.setdefault(path.supplier, []).append(n)
        for node in {h.node for h in path.hops[1:]}:
            by_node.setdefault(node, []).append(n)
    out: list[list[int]] = []
    for cause in result.root_causes:
        if cause.kind == "supplier":
            out.append(list(by_supplier.get(cause.id.removeprefix("supplier:"), [])))
            continue
        found: set[int] = set()
        for subject in cause.subjects:
            found.update(by_node.get(f"asset:{subject}", ()))
            found.update(by_node.get(f"zone:{subject}", ()))
        out.append(sorted(found))
    return out


def cause_owner(cause: RootCause, result: AnalysisResult, fallback: str,
                index: Mapping[str, Any] | None = None) -> str:
    """The owner named most often among the cause's risks (the security officer when none is named);
    ``index`` is ``result.risk_index()`` when the caller has it."""
    index = index if index is not None else result.risk_index()
    owners = Counter(index[r].owner for r in cause.risk_ids if r in index and index[r].owner)
    if not owners:
        return fallback
    return sorted(owners.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0] or fallback


def is_quick(cause: RootCause) -> bool:
    return cause.cost_class in QUICK_COST_CLASSES


def split_plan(causes: Sequence[RootCause], it_staff: int | None) -> tuple[list[RootCause], list[RootCause]]:
    """Quick wins (cheap, within the staff's 90-day capacity, in rank order) and projects."""
    capacity = max(1, it_staff or 1) * QUICK_WINS_PER_PERSON
    quick: list[RootCause] = []
    projects: list[RootCause] = []
    for cause in causes:
        if is_quick(cause) and len(quick) < capacity:
            quick.append(cause)
        else:
            projects.append(cause)
    return quick, projects


def deadline(cause: RootCause, as_of: dt.date, project: bool) -> dt.date:
    days = DEADLINE_DAYS.get(cause.max_level, DEFAULT_DEADLINE_DAYS)
    if project:
        days = max(days, PROJECT_MIN_DAYS)
    return as_of + dt.timedelta(days=days)


def eur_range(low_high: Sequence[int]) -> tuple[int, int]:
    values = [*low_high, 0, 0]
    return int(values[0]), int(values[1])


def total_cost(causes: Iterable[RootCause]) -> tuple[int, int, int, int]:
    """Sum of one-off (low, high) and yearly (low, high) EUR over ``causes``."""
    one_low = one_high = year_low = year_high = 0
    for cause in causes:
        a, b = eur_range(cause.one_off_eur)
        c, d = eur_range(cause.yearly_eur)
        one_low, one_high, year_low, year_high = one_low + a, one_high + b, year_low + c, year_high + d
    return one_low, one_high, year_low, year_high


def residual_heat(result: AnalysisResult) -> list[list[int]]:
    """Risks per matrix cell after the planned measures: ``heat[l-1][i-1]``."""
    heat = [[0] * 5 for _ in range(5)]
    for risk in result.risks:
        heat[risk.residual.likelihood - 1][risk.residual.impact - 1] += 1
    return heat


def decode_ids(value: str, titles: dict[str, str]) -> str:
    """``value`` with every catalogue control id replaced by its title (texts the analysis wrote with ids)."""
    if not titles:
        return value
    pattern = re.compile(r"(?<![\w.@])(" + "|".join(re.escape(k) for k in sorted(titles, key=len, reverse=True))
                         + r")(?![\w@])")
    return pattern.sub(lambda m: titles[m.group(1)], value)
