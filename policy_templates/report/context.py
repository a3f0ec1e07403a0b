"""The render context of the Risk and Security Analysis report (one typed function, one schema).

:func:`report_context` turns the validated inventory, the analysis result and
the catalogue into a :class:`ReportContext`: plain, already translated and
formatted values that the docx template and the HTML page print as they are.
Nothing is computed in the templates; the only logic there is ``for`` loops
and ``if`` on booleans computed here.

Schema (all strings are final text in the document language; ``colour`` values
are hex without ``#``, as docxtpl's ``cellbg`` wants them):

* ``lang``, ``title``, ``as_of`` (formatted date), ``tool_version``, ``catalog_version``, ``scan`` (scan used)
* ``municipality``: name, code, entity_class, employees, it_staff, security_officer, head, units
* ``counts``: zones, assets, devices, data, services, suppliers, risks, findings, paths
* ``level_counts``: per level (lowest first) id, label, colour, inherent, residual, active
* ``key_messages``: generated sentences; ``top_risks``: the first rows of ``risks`` named in the summary
* ``likelihood_scale`` / ``impact_scale``: value, label, description; ``need_impact``: need, impact
* ``matrix_rows``: likelihood 5..1 with five cells (label, colour) each, as ``l1..l5`` / ``c1..c5``
* ``zones``, ``suppliers``, ``assets`` (annex A), ``key_assets`` (section 4), ``data``, ``services``
* ``threats`` (name, count), ``findings`` (rule, title, subject, evidence, source)
* ``risks``: the register (rank, ids, title, subject, likelihood, impact, score, level, residual, controls, status)
* ``heat``: counts per cell, ``heat[l-1][i-1]``
* ``paths``: attack paths to high-need data, each with ``hops`` (n, label, via); the entry point and every
  step are the analysis' own bilingual texts (``AttackPath.entry_text``, ``PathHop.text``), never translated here
* ``quick_wins`` / ``projects``: the treatment plan
* ``law`` / ``nis2``: compliance rows (item, title, state, colour, evidence, open risks)
* booleans ``has_paths``, ``has_quick_wins``, ``has_projects``, ``has_suppliers``, ``has_services``, ``has_findings``,
  ``has_units``
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from asset_models.models import Inventory
from policy_templates.i18n import Lang, as_lang, format_date, format_number, yes_no
from policy_templates.report import plan as plan_mod
from policy_templates.report.catalog_view import MatrixSpec, matrix_spec, threat_names
from policy_templates.report.texts import label, text
from risk_analyzer.pathtext import entry_name, hop_text, officer_status_text, path_entry_name, report_paths
from risk_analyzer.result import AnalysisResult, AttackPath, ChokePoint, NeedSet, PathHop, Risk, RootCause
from threat_catalog.loader import load_actions
from threat_catalog.models import Catalog
from threat_catalog.rules import Text

#: colours of compliance states (hex without '#')
STATE_COLOURS = {"implemented": "C8E6C9", "partial": "FFF59D", "missing": "FFCDD2"}
NO_LEVEL_COLOUR = "EEEEEE"
KEY_ASSETS_MAX = 25
TOP_RISKS_MAX = 10
#: residual risks above medium named on the summary page
RESIDUAL_NAMED_MAX = 5
REPORT_CTX = "report"
T = TypeVar("T")
#: the most rows of each long table of the report (docx and html): the register shows the risks with the
#: highest scores, annex A the systems with the highest levels, chapter 6 the easiest paths; a sentence under
#: the table says how many more there are and where the full listing is (risk-register.xlsx, the html, the
#: inventory). The example (283 risks, 99 systems) is shown in full; 10,000 systems give tens of pages.
REGISTER_MAX = 300
ASSETS_MAX = 150
ZONES_MAX = 60
DATA_MAX = 60
SERVICES_MAX = 40
SUPPLIERS_MAX = 30
PATHS_MAX = 30
#: the most attack paths the html lists (the easiest first); the workbook has every path
HTML_PATHS_MAX = 500
CHOKES_MAX = 20
#: the most names in one table cell (the rest counted: "a, b, … (+12)")
LIST_MAX = 16
#: the most zones drawn in the zone overview (one more box stands for the rest) and the most zone pictures
ZONE_OVERVIEW_MAX = 20
ZONE_DIAGRAMS_MAX = 12
#: the ``report_more`` sentence of each bounded table (labels.po, plural by the number left out)
MORE_KEYS = ("risks", "assets", "zones", "data", "services", "suppliers", "paths", "chokes", "zone_diagrams",
             "all_paths")


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MunicipalityBlock(_Row):
    name: str
    code: str
    entity_class: str
    employees: str
    it_staff: str
    security_officer: str
    head: str
    units: list[str]


class Counts(_Row):
    zones: int
    assets: int
    devices: int
    data: int
    services: int
    suppliers: int
    risks: int
    findings: int
    paths: int


class LevelCount(_Row):
    id: str
    label: str
    colour: str
    inherent: int
    residual: int
    active: int


class ScaleRow(_Row):
    value: int
    label: str
    description: str


class NeedImpactRow(_Row):
    need: str
    impact: int


class MatrixRow(_Row):
    """One likelihood row of the matrix: five cells as flat fields (docxtpl rows cannot loop cells)."""

    value: int
    label: str
    l1: str
    l2: str
    l3: str
    l4: str
    l5: str
    c1: str
    c2: str
    c3: str
    c4: str
    c5: str


class ZoneLine(_Row):
    id: str
    name: str
    kind: str
    cidrs: str
    assets: int


class SupplierLine(_Row):
    id: str
    name: str
    method: str
    mfa: str
    targets: str
    clauses: str


class AssetLine(_Row):
    id: str
    name: str
    kind: str
    zone: str
    quantity: int
    os: str
    eol: str
    owner: str
    c: str
    i: str
    a: str
    origin: str
    exposure: str
    level: str
    level_label: str
    colour: str


class DataLine(_Row):
    id: str
    name: str
    kind: str
    classification: str
    personal: str
    c: str
    i: str
    a: str
    stored_on: str
    exposure: str


class ServiceLine(_Row):
    id: str
    name: str
    rto: str
    rpo: str
    c: str
    i: str
    a: str
    spof: str


class ThreatLine(_Row):
    id: str
    name: str
    count: int


class FindingLine(_Row):
    n: int
    rule_id: str
    title: str
    subject: str
    evidence: str
    source: str


class RiskLine(_Row):
    rank: int
    no: str
    id: str
    title: str
    subject: str
    subject_type: str
    zone: str
    threats: str
    likelihood: int
    impact: int
    score: int
    level: str
    level_label: str
    colour: str
    residual_score: int
    residual_level: str
    residual_label: str
    residual_colour: str
    controls: str
    status: str
    evidence: str
    owner: str
    treatment: str
    due: str
    cause: str


class HopLine(_Row):
    n: int
    label: str
    via: str
    choke: str


class PathBlock(_Row):
    no: str
    target: str
    target_name: str
    entry: str
    exposure: str
    cost: int
    cost_text: str
    steps: str
    hops: list[HopLine]
    breaks: str
    choke: bool


class CauseLine(_Row):
    """A root cause with its action, as a line of the summary, the causes chapter and the plan."""

    no: str
    title: str
    action: str
    subjects: str
    count: int
    level: str
    level_label: str
    colour: str
    risks: str
    risk_count: int
    choke: str
    cost_class: str
    one_off: str
    yearly: str
    owner: str
    due: str
    paths: str
    path_count: int
    quick: bool


class ChokeLine(_Row):
    text: str
    breaks: str


class ActionLine(_Row):
    rank: int
    control_id: str
    title: str
    effort: str
    risks: int
    risk_reduction: int
    max_level_label: str
    colour: str
    where: str


class ComplianceLine(_Row):
    item: str
    title: str
    state: str
    state_label: str
    colour: str
    evidence: str
    open_risks: int


class MoreLines(_Row):
    """Per bounded table, the sentence saying how many rows are left out and where they are ("" when none)."""

    risks: str = ""
    assets: str = ""
    zones: str = ""
    data: str = ""
    services: str = ""
    suppliers: str = ""
    paths: str = ""
    chokes: str = ""
    zone_diagrams: str = ""
    all_paths: str = ""


class ReportContext(_Row):
    """Everything the report templates print (see the module docstring for the schema)."""

    lang: str
    title: str
    as_of: str
    tool_version: str
    catalog_version: str
    scan: str
    municipality: MunicipalityBlock
    counts: Counts
    level_counts: list[LevelCount]
    key_messages: list[str]
    top_risks: list[RiskLine]
    likelihood_scale: list[ScaleRow]
    impact_scale: list[ScaleRow]
    need_impact: list[NeedImpactRow]
    matrix_rows: list[MatrixRow]
    zones: list[ZoneLine]
    suppliers: list[SupplierLine]
    assets: list[AssetLine]
    key_assets: list[AssetLine]
    data: list[DataLine]
    services: list[ServiceLine]
    threats: list[ThreatLine]
    findings: list[FindingLine]
    risks: list[RiskLine]
    heat: list[list[int]] = Field(description="heat[l-1][i-1]: number of risks with likelihood l and impact i")
    paths: list[PathBlock]
    quick_wins: list[ActionLine]
    projects: list[ActionLine]
    law: list[ComplianceLine]
    nis2: list[ComplianceLine]
    all_paths: list[PathBlock]
    causes: list[CauseLine]
    summary_actions: list[CauseLine]
    tasks_quick: list[CauseLine]
    tasks_projects: list[CauseLine]
    decisions: list[str]
    residual_named: list[RiskLine]
    chokes: list[ChokeLine]
    eu_sections: list[ComplianceLine]
    budget: str
    staff_note: str
    heat_residual: list[list[int]]
    since: list[str]
    has_since: bool
    has_chokes: bool
    has_residual_named: bool
    has_paths: bool
    has_quick_wins: bool
    has_projects: bool
    has_suppliers: bool
    has_services: bool
    has_findings: bool
    has_units: bool
    more: MoreLines = Field(default_factory=MoreLines)

    def template_values(self) -> dict[str, Any]:
        """Plain values for docxtpl (dicts and lists)."""
        return self.model_dump(mode="python")


# --------------------------------------------------------------------------- helpers


def _dash(value: object) -> str:
    return "–" if value is None or value == "" else str(value)


def _join(items: Iterable[str], limit: int = 0) -> str:
    values = list(items)
    if limit and len(values) > limit:
        return ", ".join(values[:limit]) + f", … (+{len(values) - limit})"
    return ", ".join(values) if values else "–"


def _bounded(items: Sequence[T], limit: int, rank: Callable[[T], Any] | None = None) -> tuple[list[T], int]:
    """At most ``limit`` items, in their own order: the first ones, or the best by ``rank`` (lowest first);
    and how many were left out."""
    if len(items) <= limit:
        return list(items), 0
    if rank is None:
        return list(items[:limit]), len(items) - limit
    keep = set(sorted(range(len(items)), key=lambda n: (rank(items[n]), n))[:limit])
    return [item for n, item in enumerate(items) if n in keep], len(items) - limit


def _more(key: str, hidden: int, lang: Lang) -> str:
    """The sentence under a bounded table: how many rows are left out and where the full listing is."""
    return lang.tr.npgettext("report_more", key, key, hidden) if hidden else ""


def _need_labels(needs: NeedSet, lang: Lang) -> tuple[str, str, str]:
    return (label("need", needs.confidentiality.level, lang), label("need", needs.integrity.level, lang),
            label("need", needs.availability.level, lang))


def _origin(needs: NeedSet, lang: Lang) -> str:
    letters = (text("col_c", lang), text("col_i", lang), text("col_a", lang))
    parts = []
    for letter, value in zip(letters, (needs.confidentiality, needs.integrity, needs.availability), strict=True):
        if value.origin and not value.own:
            parts.append(f"{letter} ← {value.origin[0]}")
    return "; ".join(parts) if parts else "–"


def _colour(spec: MatrixSpec, level: str | None) -> str:
    if level is None:
        return NO_LEVEL_COLOUR
    return spec.colours.get(level, "#" + NO_LEVEL_COLOUR).lstrip("#").upper()


def _level_label(spec: MatrixSpec, level: str | None, lang: Lang) -> str:
    if level is None:
        return text("html_no_risk", lang)
    return level_label(spec, level, lang)


def level_label(spec: MatrixSpec, level: str, lang: Lang) -> str:
    """The catalogue's name of a risk level when the catalogue has the language, else the glossary's."""
    names = spec.labels.get(level, {})
    source = lang.language.derived_from or lang.code
    if source in names:
        return lang.script(names[source])
    return label("risk_level", level, lang)[:1].upper() + label("risk_level", level, lang)[1:]


# --------------------------------------------------------------------------- sections


def _municipality(result: AnalysisResult, inventory: Inventory, lang: Lang) -> MunicipalityBlock:
    m = result.municipality
    officer = m.security_officer or officer_status_text(m.security_officer_status, lang.value)
    if m.security_officer and m.security_officer_email:
        officer = f"{m.security_officer} ({m.security_officer_email})"
    return MunicipalityBlock(
        name=m.name, code=m.code, entity_class=label("entity_class", m.entity_class, lang),
        employees=_dash(m.employees), it_staff=_dash(m.it_staff), security_officer=officer,
        head=m.head or text("not_named", lang), units=list(inventory.municipality.units),
    )


def _risk_line(rank: int, risk: Risk, spec: MatrixSpec, names: dict[str, str], lang: Lang,
               plan: _PlanInfo | None = None) -> RiskLine:
    code = lang.value
    info = plan or _PlanInfo({}, {}, {}, "")
    option = risk.tracking.treatment.value if risk.tracking.treatment else (
        "reduce" if risk.tracking.status.value in {"open", "in_progress"} else "accept")
    due = risk.tracking.due or info.due.get(risk.id)
    return RiskLine(
        rank=rank, no=info.numbers.get(risk.id, str(rank)), id=risk.id, title=getattr(risk.title, code),
        subject=risk.subject_name,
        subject_type=label("subject_type", risk.subject_type, lang), zone=_dash(risk.zone),
        threats=_join((names.get(t, t) for t in risk.threats), limit=1),
        likelihood=risk.likelihood.value, impact=risk.impact.value, score=risk.score,
        level=risk.level, level_label=_level_label(spec, risk.level, lang), colour=_colour(spec, risk.level),
        residual_score=risk.residual.score, residual_level=risk.residual.level,
        residual_label=_level_label(spec, risk.residual.level, lang),
        residual_colour=_colour(spec, risk.residual.level),
        controls=_join(risk.controls), status=label("status", risk.tracking.status, lang),
        evidence=getattr(risk.evidence, code), owner=_dash(risk.owner or info.fallback_owner),
        treatment=lang.tr.pgettext("treatment", option), due=format_date(due, lang) if due else "–",
        cause=info.cause_of.get(risk.id, "–"),
    )


class _PlanInfo:
    """Register numbers, the deadline and the cause number of each risk."""

    def __init__(self, numbers: dict[str, str], due: dict[str, dt.date], cause_of: dict[str, str],
                 fallback_owner: str) -> None:
        self.numbers = numbers
        self.due = due
        self.cause_of = cause_of
        self.fallback_owner = fallback_owner


_NEED_ORDER = {"normal": 0, "high": 1, "very_high": 2}


def _need_rank(needs: NeedSet) -> int:
    """Minus the highest protection need (for :func:`_bounded`: the highest need first)."""
    return -max(_NEED_ORDER.get(v.level, 0) for v in (needs.confidentiality, needs.integrity, needs.availability))


def _asset_lines(assets: Iterable[Any], spec: MatrixSpec, lang: Lang) -> list[AssetLine]:
    lines = []
    for a in assets:
        c, i, av = _need_labels(a.needs, lang)
        eol = _dash(format_date(a.end_of_support, lang) if a.end_of_support else None)
        if a.eol:
            eol += " ⚠"
        lines.append(AssetLine(
            id=a.id, name=a.name, kind=label("asset_kind", a.kind, lang), zone=a.zone, quantity=a.quantity,
            os=_dash(a.os), eol=eol, owner=_dash(a.owner), c=c, i=i, a=av, origin=_origin(a.needs, lang),
            exposure=label("exposure", a.exposure, lang), level=a.risk_level or "",
            level_label=_level_label(spec, a.risk_level, lang), colour=_colour(spec, a.risk_level),
        ))
    return lines


def _key_assets(lines: Sequence[AssetLine], spec: MatrixSpec) -> list[AssetLine]:
    rank = {level: n for n, level in enumerate(spec.levels)}
    ranked = [line for line in lines if line.level]
    ranked.sort(key=lambda line: (-rank.get(line.level, -1), line.id))
    return ranked[:KEY_ASSETS_MAX]


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]


def entry_label(node: str, label_text: str, lang: Lang, text: Text | None = None) -> str:
    """The name of a node in ``lang``: entry points (``entry:internet``) by the analysis' bilingual name.

    ``text`` is the name the analysis attached (``PathHop.text``, ``GraphNode.text``); without it the
    analyzer's name of the entry point is used. Other nodes keep ``label_text`` (inventory names).
    """
    if not node.startswith("entry:"):
        return label_text
    return _capital(entry_name(node, lang.value))


def _hop_line(n: int, hop: PathHop, lang: Lang, said: dict[tuple[Any, ...], str] | None = None) -> HopLine:
    """Step ``n`` of a path; ``said`` remembers the text of each kind of step (paths share most steps)."""
    key = (hop.kind, tuple(sorted((k, str(v)) for k, v in hop.args.items())))
    words = said.get(key) if said is not None else None
    if words is None:
        words = hop_text(hop, lang.value)
        if said is not None:
            said[key] = words
    if hop.node.startswith("entry:"):
        return HopLine(n=n, label=_capital(words), via="–", choke="")
    return HopLine(n=n, label=hop.label, via=_dash(words), choke="")


def _actions(result: AnalysisResult, quick: bool, spec: MatrixSpec, lang: Lang) -> list[ActionLine]:
    actions = result.treatment.quick_wins if quick else result.treatment.projects
    return [
        ActionLine(
            rank=a.rank, control_id=a.control_id, title=getattr(a.title, lang.value),
            effort=label("effort", a.effort, lang), risks=len(a.risk_ids), risk_reduction=a.risk_reduction,
            max_level_label=_level_label(spec, a.max_level, lang), colour=_colour(spec, a.max_level),
            where=_join(a.subjects, limit=8),
        )
        for a in actions
    ]


def control_titles(catalog: Catalog, lang: Lang) -> dict[str, str]:
    """Control id -> its catalogue title in ``lang``."""
    return {c.id: lang.script(getattr(c.title, lang.value)) for c in catalog.controls}


def _compliance(rows: Iterable[Any], lang: Lang, titles: dict[str, str] | None = None) -> list[ComplianceLine]:
    titles = titles or {}
    return [
        ComplianceLine(
            item=row.item, title=getattr(row.title, lang.value), state=row.state.value,
            state_label=label("compliance", row.state, lang),
            colour=STATE_COLOURS.get(row.state.value, NO_LEVEL_COLOUR),
            evidence=plan_mod.decode_ids("; ".join(getattr(e, lang.value) for e in row.evidence), titles) or "–",
            open_risks=len(row.open_risk_ids),
        )
        for row in rows
    ]


def _matrix_rows(spec: MatrixSpec, lang: Lang) -> list[MatrixRow]:
    rows = []
    for likelihood in range(5, 0, -1):
        cells = spec.grid[likelihood - 1]
        labels = [_level_label(spec, level, lang) for level in cells]
        colours = [_colour(spec, level) for level in cells]
        rows.append(MatrixRow(
            value=likelihood, label=f"{likelihood} – {spec.likelihood[likelihood - 1].label[lang.value]}",
            l1=labels[0], l2=labels[1], l3=labels[2], l4=labels[3], l5=labels[4],
            c1=colours[0], c2=colours[1], c3=colours[2], c4=colours[3], c5=colours[4],
        ))
    return rows


def heat_counts(result: AnalysisResult) -> list[list[int]]:
    """Number of risks per matrix cell (inherent): ``heat[l-1][i-1]``."""
    heat = [[0] * 5 for _ in range(5)]
    for risk in result.risks:
        heat[risk.likelihood.value - 1][risk.impact.value - 1] += 1
    return heat


def _key_messages(result: AnalysisResult, spec: MatrixSpec, ctx_paths: Sequence[PathBlock], path_count: int,
                  lang: Lang) -> list[str]:
    s = result.summary
    by_level = ", ".join(f"{_level_label(spec, lv, lang)}: {s.inherent.get(lv, 0)}" for lv in reversed(spec.levels))
    def say(key: str, **params: object) -> str:
        return lang.tr.pgettext("key_message", key, **params)

    messages = [say("total", total=s.total, by_level=by_level, findings=s.findings)]
    names = {a.id: a.name for a in result.assets}
    if s.eol_assets:
        listed = _join((names.get(i, i) for i in s.eol_assets), limit=6)
        messages.append(say("eol", count=len(s.eol_assets), listed=listed))
    if s.assets_without_mfa:
        listed = _join((names.get(i, i) for i in s.assets_without_mfa), limit=6)
        messages.append(say("no_mfa", count=len(s.assets_without_mfa), listed=listed))
    if s.assets_without_offline_backup:
        messages.append(say("no_offline_backup", count=len(s.assets_without_offline_backup)))
    if s.data_outside_gsb:
        data_names = {d.id: d.name for d in result.data}
        listed = _join((data_names.get(i, i) for i in s.data_outside_gsb), limit=5)
        messages.append(say("outside_gsb", count=len(s.data_outside_gsb), listed=listed))
    if ctx_paths:
        cheapest = min(ctx_paths, key=lambda p: (p.cost, p.target))
        messages.append(say("paths", count=path_count, entry=cheapest.entry, target=cheapest.target_name,
                            hops=len(cheapest.hops)))
    plan = result.treatment
    if plan.quick_wins:
        first = getattr(plan.quick_wins[0].title, lang.value)
        messages.append(say("quick_wins", count=len(plan.quick_wins), first=first))
    missing = [row for row in result.compliance.law if row.state.value == "missing"]
    if result.compliance.law:
        messages.append(say("law_missing", missing=len(missing), total=len(result.compliance.law)))
    return messages


# --------------------------------------------------------------------------- the function


def report_context(inventory: Inventory, result: AnalysisResult, catalog: Catalog, lang: str | Lang) -> ReportContext:
    """The report's render context for ``lang`` (see the module docstring for the schema)."""
    code = as_lang(lang)
    spec = matrix_spec(catalog)
    names = threat_names(catalog, code)
    numbers = plan_mod.register_numbers(result)
    officer = result.municipality.security_officer or text("not_named", code)
    causes, due_of = _cause_lines(result, catalog, spec, numbers, officer, code)
    cause_of = {rid: line.no for line, cause in zip(causes, result.root_causes, strict=True)
                for rid in cause.risk_ids}
    info = _PlanInfo(numbers, due_of, cause_of, officer)
    more: dict[str, int] = {}
    shown_risks, more["risks"] = _bounded(result.risks, REGISTER_MAX)
    risks = [_risk_line(n, risk, spec, names, code, info) for n, risk in enumerate(shown_risks, start=1)]
    by_id = {line.id: line for line in risks}
    rank_of = {risk.id: n for n, risk in enumerate(result.risks, start=1)}

    def line_of(risk: Risk) -> RiskLine:
        return by_id.get(risk.id) or _risk_line(rank_of[risk.id], risk, spec, names, code, info)

    index = result.risk_index()
    top = [line_of(index[i]) for i in result.summary.top if i in index][:TOP_RISKS_MAX]
    level_rank = {level: n for n, level in enumerate(spec.levels)}
    shown_assets, more["assets"] = _bounded(result.assets, ASSETS_MAX,
                                            lambda a: -level_rank.get(a.risk_level or "", -1))
    assets = _asset_lines(shown_assets, spec, code)
    zone_assets = Counter(a.zone for a in result.assets)
    more["zone_diagrams"] = max(0, len(zone_assets) - ZONE_DIAGRAMS_MAX)
    position = {id(p): n for n, p in enumerate(result.attack_paths)}
    report_numbers = [position[id(p)] for p in report_paths(result.attack_paths)]
    attack = result.attack_paths
    shown_numbers, more["paths"] = _bounded(report_numbers, PATHS_MAX, lambda n: (attack[n].cost, attack[n].target))
    html_numbers, more["all_paths"] = _bounded(list(range(len(attack))), HTML_PATHS_MAX,
                                               lambda n: (attack[n].cost, attack[n].target))
    blocks = _path_blocks(result, causes, code, {*shown_numbers, *html_numbers})
    paths = [blocks[n] for n in shown_numbers]
    all_paths = [blocks[n] for n in html_numbers]
    above = [lv for lv in spec.levels
             if "medium" in spec.levels and spec.levels.index(lv) > spec.levels.index("medium")]
    residual_named: list[RiskLine] = []
    for risk in result.risks:
        if len(residual_named) == RESIDUAL_NAMED_MAX:
            break
        if risk.residual.level in above:
            residual_named.append(line_of(risk))
    decisions, budget = _decisions(result, causes, residual_named, spec, code)
    choke_names = plan_mod.subject_names(result)
    zone_map = {a.id: a.zone for a in result.assets} | {n.id: n.kind for n in result.graph.nodes if n.type == "zone"}
    chokes = []
    for choke in result.choke_points:
        numbers_ = [line.no for line, cause in zip(causes, result.root_causes, strict=True)
                    if cause.choke_point and _cause_touches(cause, choke, zone_map)]
        breaks = _join(numbers_, limit=6) if numbers_ else code.tr.pgettext(REPORT_CTX, "choke_measure_" + choke.kind)
        chokes.append(ChokeLine(text=_choke_text(choke.kind, choke.args, choke_names, code), breaks=breaks))
    chokes, more["chokes"] = _bounded(chokes, CHOKES_MAX)
    it_staff = result.municipality.it_staff or 1
    quick_n = sum(1 for c in causes if c.quick)
    staff_note = code.tr.pgettext(REPORT_CTX, "staff_note", staff=it_staff, quick=quick_n,
                                  projects=len(causes) - quick_n, per_person=plan_mod.QUICK_WINS_PER_PERSON)
    since = _since(result, numbers, code)
    s = result.summary
    threat_counts = Counter(t for r in result.risks for t in r.threats)
    data_lines = []
    shown_data, more["data"] = _bounded(result.data, DATA_MAX, lambda d: _need_rank(d.needs))
    for d in shown_data:
        c, i, a = _need_labels(d.needs, code)
        data_lines.append(DataLine(
            id=d.id, name=d.name, kind=label("data_kind", d.kind, code),
            classification=label("classification", d.classification, code), personal=yes_no(d.personal_data, code),
            c=c, i=i, a=a, stored_on=_join(d.stored_on, limit=LIST_MAX), exposure=label("exposure", d.exposure, code)))
    services = []
    shown_services, more["services"] = _bounded(result.services, SERVICES_MAX, lambda svc: _need_rank(svc.needs))
    for svc in shown_services:
        c, i, a = _need_labels(svc.needs, code)
        services.append(ServiceLine(
            id=svc.id, name=svc.name, rto=_dash(_hours(svc.rto_hours)), rpo=_dash(_hours(svc.rpo_hours)),
            c=c, i=i, a=a, spof=_join(svc.single_points_of_failure, limit=LIST_MAX)))
    quick = _actions(result, True, spec, code)
    projects = _actions(result, False, spec, code)
    findings = [
        FindingLine(n=n, rule_id=f.rule_id, title=getattr(f.title, code.value), subject=f.subject_name,
                    evidence=getattr(f.evidence, code.value), source=label("source", f.source, code))
        for n, f in enumerate(result.findings[:REGISTER_MAX], start=1)
    ]
    shown_suppliers, more["suppliers"] = _bounded(result.suppliers, SUPPLIERS_MAX, lambda sp: -len(sp.targets))
    suppliers = [
        SupplierLine(id=sp.id, name=sp.name, method=label("remote_method", sp.method, code) if sp.method else "–",
                     mfa=yes_no(sp.mfa, code), targets=_join(sp.targets, limit=LIST_MAX),
                     clauses=yes_no(sp.contract_security_clauses, code))
        for sp in shown_suppliers
    ]
    shown_zones, more["zones"] = _bounded(sorted(inventory.zones, key=lambda z: z.id), ZONES_MAX,
                                          lambda z: -zone_assets.get(z.id, 0))
    return ReportContext(
        lang=code.value, title=text("title", code), as_of=format_date(result.as_of, code),
        tool_version=result.tool_version, catalog_version=result.catalog.version, scan=_scan_text(result, code),
        municipality=_municipality(result, inventory, code),
        counts=Counts(zones=result.counts.zones, assets=result.counts.assets, devices=result.counts.devices,
                      data=result.counts.data, services=result.counts.services, suppliers=result.counts.suppliers,
                      risks=len(result.risks), findings=len(result.findings), paths=len(report_numbers)),
        level_counts=[
            LevelCount(id=lv, label=_level_label(spec, lv, code), colour=_colour(spec, lv),
                       inherent=s.inherent.get(lv, 0), residual=s.residual.get(lv, 0), active=s.active.get(lv, 0))
            for lv in reversed(spec.levels)
        ],
        key_messages=_key_messages(result, spec, paths, len(report_numbers), code),
        top_risks=top,
        likelihood_scale=[ScaleRow(value=n.value, label=n.label[code.value], description=n.description[code.value])
                          for n in spec.likelihood],
        impact_scale=[ScaleRow(value=n.value, label=n.label[code.value], description=n.description[code.value])
                      for n in spec.impact],
        need_impact=[NeedImpactRow(need=label("need", need, code), impact=value)
                     for need, value in spec.need_impact.items()],
        matrix_rows=_matrix_rows(spec, code),
        zones=[
            ZoneLine(id=z.id, name=z.name or z.id, kind=label("zone_kind", z.kind, code),
                     cidrs=_join((str(c) for c in z.cidrs), limit=LIST_MAX), assets=zone_assets.get(z.id, 0))
            for z in shown_zones
        ],
        suppliers=suppliers, assets=assets, key_assets=_key_assets(assets, spec), data=data_lines, services=services,
        threats=[ThreatLine(id=t, name=names.get(t, t), count=n)
                 for t, n in sorted(threat_counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        findings=findings, risks=risks, heat=heat_counts(result), paths=paths, quick_wins=quick, projects=projects,
        law=_compliance(result.compliance.law, code, control_titles(catalog, code)),
        nis2=_compliance(result.compliance.nis2, code, control_titles(catalog, code)),
        causes=causes, summary_actions=causes[:plan_mod.SUMMARY_ACTIONS],
        tasks_quick=[c for c in causes if c.quick], tasks_projects=[c for c in causes if not c.quick],
        decisions=decisions, residual_named=residual_named, chokes=chokes,
        eu_sections=_eu_sections(result, code), budget=budget, staff_note=staff_note,
        heat_residual=plan_mod.residual_heat(result), since=since, has_since=bool(since), has_chokes=bool(chokes),
        has_residual_named=bool(residual_named), all_paths=all_paths,
        has_paths=bool(paths), has_quick_wins=bool(quick), has_projects=bool(projects), has_suppliers=bool(suppliers),
        has_services=bool(services), has_findings=bool(findings), has_units=bool(inventory.municipality.units),
        more=MoreLines(**{key: _more(key, more[key], code) for key in MORE_KEYS}),
    )


def _scan_text(result: AnalysisResult, lang: Lang) -> str:
    scan = result.scan
    if scan is None:
        return text("scan_none", lang)
    finished = scan.finished or "–"
    return lang.tr.pgettext("key_message", "scan", scan_id=scan.scan_id, finished=finished, hosts=scan.hosts,
                            unknown=len(scan.unknown_hosts), not_seen=len(scan.not_seen))


def _hours(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --------------------------------------------------------------------------- decisions, causes, plan


def _eur(pair: Sequence[int], lang: Lang) -> str:
    low, high = plan_mod.eur_range(pair)
    if high == 0:
        return "0 €"
    return f"{format_number(low, lang, 0)}–{format_number(high, lang, 0)} €"


def _cause_title(cause: RootCause, index: dict[str, Risk], names: dict[str, str], lang: Lang) -> str:
    if cause.kind == "supplier":
        return lang.tr.pgettext(REPORT_CTX, "cause_supplier",
                                supplier=names.get(cause.id.removeprefix("supplier:"), cause.id.split(":", 1)[-1]))
    first = next((index[r] for r in cause.risk_ids if r in index), None)
    return getattr(first.title, lang.value) if first is not None else "–"


def _cause_lines(result: AnalysisResult, catalog: Catalog, spec: MatrixSpec, numbers: dict[str, str],
                 officer: str, lang: Lang) -> tuple[list[CauseLine], dict[str, dt.date]]:
    names = plan_mod.subject_names(result)
    quick, _projects = plan_mod.split_plan(result.root_causes, result.municipality.it_staff)
    quick_ids = {c.id for c in quick}
    actions = load_actions()
    lines: list[CauseLine] = []
    due_of: dict[str, dt.date] = {}
    costs = {c.id: c for c in actions.cost_classes}
    methods = {str(a.args["method"]): label("remote_method", a.args["method"], lang)
               for c in result.root_causes for a in (c.action,) if isinstance(a.args.get("method"), str)}
    index = result.risk_index()
    cause_paths = plan_mod.paths_of_causes(result)
    for n, cause in enumerate(result.root_causes, start=1):
        is_quick = cause.id in quick_ids
        due = plan_mod.deadline(cause, result.as_of, not is_quick)
        for rid in cause.risk_ids:
            due_of.setdefault(rid, due)
        paths = cause_paths[n - 1]
        cost = costs.get(cause.cost_class)
        subjects = [names.get(s, s) for s in cause.subjects]
        lines.append(CauseLine(
            no=f"M-{n:02d}", title=_cause_title(cause, index, names, lang),
            action=_capital(plan_mod.cause_action(cause, catalog, names, lang.code, actions, methods)),
            subjects=_join(subjects, limit=5), count=len(subjects), level=cause.max_level,
            level_label=_level_label(spec, cause.max_level, lang), colour=_colour(spec, cause.max_level),
            risks=_join((numbers.get(r, r) for r in cause.risk_ids), limit=6), risk_count=len(cause.risk_ids),
            choke=yes_no(cause.choke_point, lang),
            cost_class=lang.script(getattr(cost.label, lang.value))
            if cost is not None else "–",
            one_off=_eur(cause.one_off_eur, lang), yearly=_eur(cause.yearly_eur, lang),
            owner=plan_mod.cause_owner(cause, result, officer, index), due=format_date(due, lang),
            paths=_join((f"P-{p + 1:02d}" for p in paths), limit=4), path_count=len(paths), quick=is_quick,
        ))
    return lines, due_of


def _choke_text(kind: str, args: dict[str, str], names: dict[str, str], lang: Lang) -> str:
    values = {k: names.get(v, v) for k, v in args.items()}
    values.setdefault("asset", "–")
    values.setdefault("supplier", "–")
    values.setdefault("zone", "–")
    values.setdefault("from_zone", "–")
    values.setdefault("to_zone", "–")
    values.setdefault("ports", "–")
    return lang.tr.pgettext(REPORT_CTX, "choke_" + kind, **values)


class _ChokeIndex:
    """The choke points by what a hop must match, each key to its last index (the last match wins)."""

    def __init__(self, chokes: Sequence[ChokePoint]) -> None:
        self.by_kind: dict[str, dict[str, int]] = {"reach": {}, "supplier_access": {}, "flow": {}, "link": {}}
        for n, choke in enumerate(chokes):
            if choke.kind == "reach":
                self.by_kind["reach"][f"asset:{choke.id}"] = n
            elif choke.kind in ("supplier_access", "flow"):
                self.by_kind[choke.kind][choke.id] = n
            elif choke.kind == "link" and "->" in choke.id:
                self.by_kind["link"][choke.id.rsplit("->", 1)[1]] = n


def _cost_words(cost: int, hard: int, lang: Lang) -> str:
    """The path's difficulty in words; ``hard`` is the number of steps that cost the attacker an effort."""
    return lang.tr.npgettext(REPORT_CTX, "path_cost_words", "path_cost_words", hard, cost=cost, steps=hard)


def _hop_choke(path: AttackPath, chokes: _ChokeIndex, zone_of: dict[str, str]) -> list[int]:
    """Indexes of the chokes each hop crosses (one entry per hop, -1 for none; the highest index when several)."""
    marks: list[int] = []
    previous_zone = ""
    reach, supplier, flow, link = (chokes.by_kind[k] for k in ("reach", "supplier_access", "flow", "link"))
    for hop in path.hops:
        node = hop.node
        kind, _, ident = node.partition(":")
        zone = ident if kind == "zone" else zone_of.get(ident, previous_zone) if kind == "asset" else previous_zone
        found = [reach.get(node, -1)]
        if hop.kind == "supplier" and path.supplier is not None:
            found.append(supplier.get(path.supplier, -1))
        if hop.kind == "flow":
            found.append(flow.get(f"{previous_zone}->{zone}", -1))
        if hop.kind == "link":
            found.append(link.get(ident, -1))
        marks.append(max(found))
        previous_zone = zone
    return marks


def _path_blocks(result: AnalysisResult, causes: list[CauseLine], lang: Lang,
                 wanted: set[int] | None = None) -> dict[int, PathBlock]:
    """The blocks of the attack paths (all, or the indexes ``wanted``), by index in ``result.attack_paths``."""
    breaks: dict[int, list[str]] = {}
    for cause_line, paths in zip(causes, plan_mod.paths_of_causes(result), strict=True):
        for p in paths:
            breaks.setdefault(p, []).append(cause_line.no)
    zone_of = {a.id: a.zone for a in result.assets}
    names = plan_mod.subject_names(result)
    chokes = list(result.choke_points)
    choke_index = _ChokeIndex(chokes)
    said: dict[tuple[Any, ...], str] = {}
    blocks: dict[int, PathBlock] = {}
    for n, path in enumerate(result.attack_paths):
        if wanted is not None and n not in wanted:
            continue
        marks = _hop_choke(path, choke_index, zone_of)
        hops = []
        for k, hop in enumerate(path.hops, start=1):
            line = _hop_line(k, hop, lang, said)
            mark = marks[k - 1]
            choke = _choke_text(chokes[mark].kind, chokes[mark].args, names, lang) if mark >= 0 else ""
            hops.append(HopLine(n=k, label=line.label, via=line.via, choke=choke))
        hard = sum(1 for hop in path.hops if hop.weight > 0)
        blocks[n] = PathBlock(
            no=f"P-{n + 1:02d}", target=path.target, target_name=path.target_name or path.target,
            entry=path_entry_name(path, lang.value), exposure=label("exposure", path.exposure, lang),
            cost=path.cost, cost_text=_cost_words(path.cost, hard, lang),
            steps=" → ".join(h.label for h in hops[1:]) or "–", hops=hops,
            breaks=_join(breaks.get(n, []), limit=8), choke=any(m >= 0 for m in marks),
        )
    return blocks


def _decisions(result: AnalysisResult, causes: list[CauseLine], residual_named: list[RiskLine], spec: MatrixSpec,
               lang: Lang) -> tuple[list[str], str]:
    one_low, one_high, year_low, year_high = plan_mod.total_cost(result.root_causes)
    budget = lang.tr.pgettext(
        REPORT_CTX, "budget", one_off=_eur([one_low, one_high], lang), yearly=_eur([year_low, year_high], lang),
        count=len(causes))
    quick = sum(1 for c in causes if c.quick)
    decisions = [lang.tr.pgettext(REPORT_CTX, "decision_plan", count=len(causes), quick=quick,
                                  projects=len(causes) - quick, budget=budget)]
    above = [lv for lv in spec.levels if spec.levels.index(lv) > spec.levels.index("medium")] \
        if "medium" in spec.levels else []
    count = sum(1 for r in result.risks if r.residual.level in above)
    if count:
        levels = ", ".join(_level_label(spec, lv, lang).lower() for lv in above)
        listed = "; ".join(f"{r.no} {r.title} ({r.subject})" for r in residual_named)
        decisions.append(lang.tr.pgettext(REPORT_CTX, "decision_accept", count=count, levels=levels,
                                          listed=listed))
    decisions.append(lang.tr.pgettext(REPORT_CTX, "decision_review"))
    return decisions, budget


def _since(result: AnalysisResult, numbers: dict[str, str], lang: Lang) -> list[str]:
    cmp = result.since_previous
    if cmp is None:
        return []
    when = format_date(cmp.previous_as_of, lang) if cmp.previous_as_of else "–"
    lines = [lang.tr.pgettext(REPORT_CTX, "since_counts", when=when, new=len(cmp.new), closed=len(cmp.closed),
                              changed=len(cmp.changed), unchanged=cmp.unchanged)]
    index = result.risk_index()
    for change in cmp.new[:10]:
        risk = index.get(change.id)
        title = getattr(risk.title, lang.value) if risk else change.rule_id
        lines.append(lang.tr.pgettext(REPORT_CTX, "since_new", no=numbers.get(change.id, change.id), title=title,
                                      subject=risk.subject_name if risk else change.subject_id))
    return lines


def _cause_touches(cause: RootCause, choke: ChokePoint, zone_of: dict[str, str] | None = None) -> bool:
    """The cause's action removes the choke point: same supplier; a system it concerns; or, for a zone flow,
    a network-exposure rule (``net.*``) on systems of the target zone (closing those ports cuts the flow)."""
    if cause.kind == "supplier":
        return choke.kind == "supplier_access" and cause.id == f"supplier:{choke.id}"
    ident = choke.id.split("->")[-1]
    if choke.kind == "flow" and zone_of is not None:
        if zone_of.get("zone:" + choke.id.split("->")[0]) != "internet":  # zone kinds are keyed "zone:<id>"
            return False
        return any(r.startswith("net.") for r in cause.rule_ids) and any(zone_of.get(s) == ident
                                                                         for s in cause.subjects)
    return ident in cause.subjects or choke.args.get("asset", "") in cause.subjects


def _eu_sections(result: AnalysisResult, lang: Lang) -> list[ComplianceLine]:
    lines = []
    for row in result.compliance.eu_2024_2690:
        counts = ", ".join(f"{label('compliance', state, lang)}: {n}" for state, n in sorted(row.counts.items()) if n)
        lines.append(ComplianceLine(
            item=str(row.id), title=getattr(row.title, lang.value), state=row.state.value,
            state_label=label("compliance", row.state, lang),
            colour=STATE_COLOURS.get(row.state.value, NO_LEVEL_COLOUR), evidence=counts or "–",
            open_risks=row.requirements))
    return lines
