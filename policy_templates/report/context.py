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

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from asset_models.models import Inventory
from policy_templates.i18n import Lang, as_lang, format_date, yes_no
from policy_templates.report.catalog_view import MatrixSpec, matrix_spec, threat_names
from policy_templates.report.texts import label, text
from risk_analyzer.pathtext import entry_name, hop_text, officer_status_text, path_entry_name, report_paths
from risk_analyzer.result import AnalysisResult, AttackPath, NeedSet, PathHop, Risk
from threat_catalog.models import Catalog
from threat_catalog.rules import Text

#: colours of compliance states (hex without '#')
STATE_COLOURS = {"implemented": "C8E6C9", "partial": "FFF59D", "missing": "FFCDD2"}
NO_LEVEL_COLOUR = "EEEEEE"
KEY_ASSETS_MAX = 25
TOP_RISKS_MAX = 10


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


class HopLine(_Row):
    n: int
    label: str
    via: str


class PathBlock(_Row):
    target: str
    target_name: str
    entry: str
    exposure: str
    cost: int
    hops: list[HopLine]


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
    has_paths: bool
    has_quick_wins: bool
    has_projects: bool
    has_suppliers: bool
    has_services: bool
    has_findings: bool
    has_units: bool

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


def _risk_line(rank: int, risk: Risk, spec: MatrixSpec, names: dict[str, str], lang: Lang) -> RiskLine:
    code = lang.value
    return RiskLine(
        rank=rank, id=risk.id, title=getattr(risk.title, code), subject=risk.subject_name,
        subject_type=label("subject_type", risk.subject_type, lang), zone=_dash(risk.zone),
        threats=_join((names.get(t, t) for t in risk.threats), limit=4),
        likelihood=risk.likelihood.value, impact=risk.impact.value, score=risk.score,
        level=risk.level, level_label=_level_label(spec, risk.level, lang), colour=_colour(spec, risk.level),
        residual_score=risk.residual.score, residual_level=risk.residual.level,
        residual_label=_level_label(spec, risk.residual.level, lang),
        residual_colour=_colour(spec, risk.residual.level),
        controls=_join(risk.controls), status=label("status", risk.tracking.status, lang),
        evidence=getattr(risk.evidence, code),
    )


def _asset_lines(result: AnalysisResult, spec: MatrixSpec, lang: Lang) -> list[AssetLine]:
    lines = []
    for a in result.assets:
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


def _hop_line(n: int, hop: PathHop, lang: Lang) -> HopLine:
    if hop.node.startswith("entry:"):
        return HopLine(n=n, label=_capital(hop_text(hop, lang.value)), via="–")
    return HopLine(n=n, label=hop.label, via=_dash(hop_text(hop, lang.value)))


def _path_block(path: AttackPath, lang: Lang) -> PathBlock:
    return PathBlock(
        target=path.target, target_name=path.target_name or path.target,
        entry=path_entry_name(path, lang.value),
        exposure=label("exposure", path.exposure, lang), cost=path.cost,
        hops=[_hop_line(n, hop, lang) for n, hop in enumerate(path.hops, start=1)],
    )


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


def _compliance(rows: Iterable[Any], lang: Lang) -> list[ComplianceLine]:
    return [
        ComplianceLine(
            item=row.item, title=getattr(row.title, lang.value), state=row.state.value,
            state_label=label("compliance", row.state, lang),
            colour=STATE_COLOURS.get(row.state.value, NO_LEVEL_COLOUR),
            evidence="; ".join(getattr(e, lang.value) for e in row.evidence) or "–", open_risks=len(row.open_risk_ids),
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


def _key_messages(result: AnalysisResult, spec: MatrixSpec, ctx_paths: Sequence[PathBlock], lang: Lang) -> list[str]:
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
        messages.append(say("paths", count=len(ctx_paths), entry=cheapest.entry, target=cheapest.target_name,
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
    risks = [_risk_line(n, risk, spec, names, code) for n, risk in enumerate(result.risks, start=1)]
    by_id = {line.id: line for line in risks}
    top = [by_id[i] for i in result.summary.top if i in by_id][:TOP_RISKS_MAX]
    assets = _asset_lines(result, spec, code)
    zone_assets = Counter(a.zone for a in result.assets)
    paths = [_path_block(p, code) for p in report_paths(result.attack_paths)]
    s = result.summary
    threat_counts = Counter(t for r in result.risks for t in r.threats)
    data_lines = []
    for d in result.data:
        c, i, a = _need_labels(d.needs, code)
        data_lines.append(DataLine(
            id=d.id, name=d.name, kind=label("data_kind", d.kind, code),
            classification=label("classification", d.classification, code), personal=yes_no(d.personal_data, code),
            c=c, i=i, a=a, stored_on=_join(d.stored_on), exposure=label("exposure", d.exposure, code)))
    services = []
    for svc in result.services:
        c, i, a = _need_labels(svc.needs, code)
        services.append(ServiceLine(
            id=svc.id, name=svc.name, rto=_dash(_hours(svc.rto_hours)), rpo=_dash(_hours(svc.rpo_hours)),
            c=c, i=i, a=a, spof=_join(svc.single_points_of_failure)))
    quick = _actions(result, True, spec, code)
    projects = _actions(result, False, spec, code)
    findings = [
        FindingLine(n=n, rule_id=f.rule_id, title=getattr(f.title, code.value), subject=f.subject_name,
                    evidence=getattr(f.evidence, code.value), source=label("source", f.source, code))
        for n, f in enumerate(result.findings, start=1)
    ]
    suppliers = [
        SupplierLine(id=sp.id, name=sp.name, method=label("remote_method", sp.method, code) if sp.method else "–",
                     mfa=yes_no(sp.mfa, code), targets=_join(sp.targets),
                     clauses=yes_no(sp.contract_security_clauses, code))
        for sp in result.suppliers
    ]
    return ReportContext(
        lang=code.value, title=text("title", code), as_of=format_date(result.as_of, code),
        tool_version=result.tool_version, catalog_version=result.catalog.version, scan=_scan_text(result, code),
        municipality=_municipality(result, inventory, code),
        counts=Counts(zones=result.counts.zones, assets=result.counts.assets, devices=result.counts.devices,
                      data=result.counts.data, services=result.counts.services, suppliers=result.counts.suppliers,
                      risks=len(result.risks), findings=len(result.findings), paths=len(paths)),
        level_counts=[
            LevelCount(id=lv, label=_level_label(spec, lv, code), colour=_colour(spec, lv),
                       inherent=s.inherent.get(lv, 0), residual=s.residual.get(lv, 0), active=s.active.get(lv, 0))
            for lv in reversed(spec.levels)
        ],
        key_messages=_key_messages(result, spec, paths, code),
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
                     cidrs=_join(str(c) for c in z.cidrs), assets=zone_assets.get(z.id, 0))
            for z in sorted(inventory.zones, key=lambda z: z.id)
        ],
        suppliers=suppliers, assets=assets, key_assets=_key_assets(assets, spec), data=data_lines, services=services,
        threats=[ThreatLine(id=t, name=names.get(t, t), count=n)
                 for t, n in sorted(threat_counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        findings=findings, risks=risks, heat=heat_counts(result), paths=paths, quick_wins=quick, projects=projects,
        law=_compliance(result.compliance.law, code), nis2=_compliance(result.compliance.nis2, code),
        has_paths=bool(paths), has_quick_wins=bool(quick), has_projects=bool(projects), has_suppliers=bool(suppliers),
        has_services=bool(services), has_findings=bool(findings), has_units=bool(inventory.municipality.units),
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
