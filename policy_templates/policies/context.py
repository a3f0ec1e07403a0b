"""Render contexts of the six policies: one typed function per document.

Every context has the same base (:class:`BaseContext`): ``doc`` (document
control), ``m`` (the municipality), ``act`` (issuer, number, place and date of the act), ``law`` (the
legal parameters, unconfirmed ones as fill-in fields) and ``checks`` (what to confirm before adoption),
``scope`` (what the inventory covers), ``revisions``; and its own ``annex`` model with the
rows of the annex tables, built from the :class:`AnalysisResult` and the
inventory. All values are plain text already formatted for the language (the
templates do no logic beyond loops and ``if``): the template sees
``model_dump()`` of these models. Texts from the inventory are passed
through untouched; the sandboxed, autoescaping renderer prints them literally.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from asset_models.models import ENDPOINT_KINDS, SOFTWARE_KINDS, AssetKind, DataKind, Inventory
from policy_templates.fillin import fill_in
from policy_templates.i18n import Lang, as_lang, format_date, format_number, label, tr, trn, trp, yes_no
from policy_templates.policies.legal import ActCtx, CheckRow, LawCtx, act_context, law_context
from policy_templates.policies.registry import policy_title
from risk_analyzer.pathtext import officer_status_text
from risk_analyzer.result import AnalysisResult, Risk
from threat_catalog.models import Catalog

REGISTER_KINDS = frozenset({DataKind.register.value, DataKind.database.value})
#: kinds of assets that should send logs to a central log store
LOGGING_KINDS = frozenset(
    {"server", "hypervisor", "firewall", "router", "application", "database", "website", "nas", "cloud_service"}
)
TOP_RISKS = 10
#: zones of outside parties: their systems are not the municipality's to log (the GSB, the ISP's network)
OUTSIDE_ZONE_KINDS = frozenset({"internet", "government_network", "partner"})


class _Ctx(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- base


class DocControl(_Ctx):
    """The document-control table."""

    number: str  # PRIMJER-POL-01
    title: str
    version: str
    status: str  # NACRT | DRAFT
    date: str  # the analysis as-of date, formatted
    owner: str
    approver: str
    next_review: str
    basis: str


class MunicipalityCtx(_Ctx):
    name: str
    code: str
    head_title: str
    head_name: str
    officer: str
    officer_email: str
    officer_phone: str
    employees: str
    it_staff: str
    entity_class: str
    address: str


class ZoneCtx(_Ctx):
    name: str
    kind: str


class SystemCtx(_Ctx):
    name: str
    kind: str


class ScopeCtx(_Ctx):
    units: list[str]
    zones: list[ZoneCtx]
    systems: list[SystemCtx]  # information systems: applications, databases, websites, cloud services
    systems_more: str = ""  # how many systems are left out of ``systems`` and where the full list is
    devices: str
    servers: str
    endpoints: str
    data: str
    registers: str
    services: str
    suppliers: str


class Revision(_Ctx):
    version: str
    date: str
    author: str
    description: str


class PlanRow(_Ctx):
    """An action of the treatment plan whose catalogue control this policy requires."""

    rank: str
    control: str
    title: str
    effort: str  # quick win | project
    risks: str
    level: str
    where: str  # the subjects where the control is missing (first ones)


class BaseContext(_Ctx):
    doc: DocControl
    m: MunicipalityCtx
    act: ActCtx
    law: LawCtx
    checks: list[CheckRow]
    scope: ScopeCtx
    revisions: list[Revision]
    plan: list[PlanRow]


# --------------------------------------------------------------------------- annex rows


class RoleRow(_Ctx):
    role: str
    person: str
    contact: str


class RiskRow(_Ctx):
    id: str
    title: str
    subject: str
    level: str
    residual: str
    controls: str


class ComplianceCtxRow(_Ctx):
    item: str
    title: str
    state: str
    evidence: str


class ActionRow(_Ctx):
    rank: str
    control: str
    title: str
    risks: str
    level: str


class Annex1(_Ctx):
    roles: list[RoleRow]
    top_risks: list[RiskRow]
    law: list[ComplianceCtxRow]
    nis2: list[ComplianceCtxRow]
    actions: list[ActionRow]
    risk_total: str
    risk_high: str


class RegisterRow(_Ctx):
    name: str
    legal_basis: str
    owner: str
    personal: str
    classification: str
    channels: str
    gsb: str


class ExchangeCtxRow(_Ctx):
    reg: str
    partner: str
    channel: str
    direction: str
    legal_basis: str
    flag: str


class ImRow(_Ctx):
    """The GovStack Information Mediator requirements for one exchange of a register through the GSB."""

    reg: str
    partner: str
    agreement: str
    consumers: str
    log: str
    tls: str


class Annex2(_Ctx):
    registers: list[RegisterRow]
    exchanges: list[ExchangeCtxRow]
    outside: list[ExchangeCtxRow]
    im_checks: list[ImRow]
    gsb_count: str
    outside_count: str
    not_eligible_count: str


class MfaRow(_Ctx):
    system: str
    kind: str
    zone: str
    exposure: str
    suppliers: str


class SupplierAccessRow(_Ctx):
    supplier: str
    method: str
    mfa: str
    always_on: str
    targets: str
    clauses: str


class Annex3(_Ctx):
    no_mfa: list[MfaRow]
    suppliers: list[SupplierAccessRow]
    suppliers_no_mfa: str


class ServiceRowCtx(_Ctx):
    service: str
    audience: str
    rto: str
    rpo: str
    systems: str
    spof: str
    rpo_gap: str  # whether the backups of the service's data are frequent enough for its RPO


class BackupGapRow(_Ctx):
    system: str
    data: str
    gap: str


class Annex4(_Ctx):
    services: list[ServiceRowCtx]
    gaps: list[BackupGapRow]


class ChainRow(_Ctx):
    step: str
    who: str
    to: str
    deadline: str


class ContactRow(_Ctx):
    role: str
    name: str
    contact: str


class LoggingGapRow(_Ctx):
    system: str
    kind: str
    zone: str
    need: str


class Annex5(_Ctx):
    chain: list[ChainRow]
    contacts: list[ContactRow]
    logging_gaps: list[LoggingGapRow]


class EolRow(_Ctx):
    system: str
    os: str
    end_of_support: str
    days: str
    zone: str


class ZoneSummaryRow(_Ctx):
    zone: str
    kind: str
    count: str


class DataClassRow(_Ctx):
    name: str
    kind: str
    classification: str
    owner: str
    personal: str


class Annex6(_Ctx):
    eol: list[EolRow]
    eol_more: str = ""  # how many end-of-life systems are left out of ``eol`` and where the full list is
    summary: list[ZoneSummaryRow]
    data: list[DataClassRow]


class Policy1Context(BaseContext):
    annex: Annex1


class Policy2Context(BaseContext):
    annex: Annex2


class Policy3Context(BaseContext):
    annex: Annex3


class Policy4Context(BaseContext):
    annex: Annex4


class Policy5Context(BaseContext):
    annex: Annex5


class Policy6Context(BaseContext):
    annex: Annex6


# --------------------------------------------------------------------------- helpers


def _dash(value: str | None) -> str:
    return value if value else "–"


def _join(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "–"


def _hours(value: float | None, lang: Lang) -> str:
    if value is None:
        return tr(lang, 'not set')
    return format_number(value, lang) + " h"


def _int(text: str) -> int:
    """A count given as text (-1 when it is not a plain number)."""
    return int(text) if text.isdigit() else -1


def _count(value: int, lang: Lang) -> str:
    return format_number(value, lang)


def _next_review(as_of: date) -> date:
    try:
        return as_of.replace(year=as_of.year + 1)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year + 1, day=28)


def _own_zone(inventory: Inventory, zone_id: str) -> bool:
    """False for the zones of outside parties (internet, government network, partners)."""
    zone = inventory.zone_index().get(zone_id)
    return zone is None or zone.kind.value not in OUTSIDE_ZONE_KINDS


#: the most information systems a policy names in its scope (the highest risk levels first); the rest are counted
SYSTEMS_MAX = 40


def _scope_systems(inventory: Inventory, result: AnalysisResult) -> tuple[list[Any], int]:
    """The software systems in the municipality's own zones, by kind and name: at most :data:`SYSTEMS_MAX`
    (those with the highest risk levels), and how many are left out."""
    zones = inventory.zone_index()
    own = [a for a in inventory.assets if a.kind in SOFTWARE_KINDS
           and (a.zone not in zones or zones[a.zone].kind.value not in OUTSIDE_ZONE_KINDS)]
    if len(own) > SYSTEMS_MAX:
        order = {level: n for n, level in enumerate(result.summary.levels)}
        level_of = {a.id: order.get(a.risk_level or "", -1) for a in result.assets}
        keep = {a.id for a in sorted(own, key=lambda a: (-level_of.get(a.id, -1), a.kind.value, a.name))[:SYSTEMS_MAX]}
        left = len(own) - SYSTEMS_MAX
        own = [a for a in own if a.id in keep]
    else:
        left = 0
    return sorted(own, key=lambda a: (a.kind.value, a.name)), left


def base_context(
    number: int, title: str, inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> dict[str, Any]:
    """The fields every policy context shares (as keyword arguments for the document's model)."""
    code = as_lang(lang)
    mun = inventory.municipality
    head = mun.head
    officer = mun.security_officer
    head_title = head.title if head and head.title else label("issuer", mun.kind or "municipality", code)
    head_name = head.name if head else ""
    as_of = result.as_of
    assets = inventory.assets
    devices = sum(a.quantity for a in assets)
    servers = sum(a.quantity for a in assets if a.kind in {AssetKind.server, AssetKind.hypervisor})
    endpoints = sum(a.quantity for a in assets if a.kind in ENDPOINT_KINDS)
    registers = sum(1 for d in inventory.data if d.kind.value in REGISTER_KINDS)
    systems, systems_left = _scope_systems(inventory, result)
    officer_label = tr(code, 'Information security officer')
    doc = DocControl(
        number=f"{mun.code}-POL-{number:02d}",
        title=title,
        version="0.1",
        status=tr(code, 'DRAFT'),
        date=format_date(as_of, code),
        owner=f"{officer_label} ({officer.name})" if officer else officer_label,
        approver=f"{head_title} ({head_name})" if head_name else head_title,
        next_review=format_date(_next_review(as_of), code),
        basis=trp(code, "phrase", "basis",
                 date=format_date(as_of, code)),
    )
    m = MunicipalityCtx(
        name=mun.name,
        code=mun.code,
        head_title=head_title,
        head_name=_dash(head_name),
        officer=officer.name
        if officer
        else officer_status_text(result.municipality.security_officer_status, code.code),
        officer_email=_dash(officer.email if officer else None),
        officer_phone=_dash(officer.phone if officer else None),
        employees=_count(mun.employees, code) if mun.employees is not None else "–",
        it_staff=_count(mun.it_staff, code) if mun.it_staff is not None else "–",
        entity_class=label("entity_class", mun.entity_class, code),
        address=_dash(mun.address),
    )
    scope = ScopeCtx(
        units=list(mun.units),
        zones=[ZoneCtx(name=z.name or z.id, kind=label("zone_kind", z.kind, code)) for z in inventory.zones],
        systems=[SystemCtx(name=a.name, kind=label("asset_kind", a.kind, code)) for a in systems],
        systems_more=code.tr.npgettext("policy_more", "systems", "systems", systems_left) if systems_left else "",
        devices=_count(devices, code),
        servers=_count(servers, code),
        endpoints=_count(endpoints, code),
        data=_count(len(inventory.data), code),
        registers=_count(registers, code),
        services=_count(len(inventory.services), code),
        suppliers=_count(len(inventory.suppliers), code),
    )
    act = act_context(mun, code)
    law, checks = law_context(code, catalog)
    revisions = [
        Revision(
            version="0.1",
            date=format_date(as_of, code),
            author=f"{label('act', 'officer_role', code)} ({officer.name})" if officer else act.officer,
            description=label("act", "first_version", code),
        )
    ]
    return {
        "doc": doc,
        "m": m,
        "act": act,
        "law": law,
        "checks": checks,
        "scope": scope,
        "revisions": revisions,
        "plan": plan_rows(number, result, catalog, code, inventory),
    }


MAX_PLACES = 5


def control_title(catalog: Catalog | None, control_id: str, lang: Lang) -> str:
    """The catalogue title of a control (documents never show its id)."""
    for control in catalog.controls if catalog is not None else ():
        if control.id == control_id:
            return control.title.get(lang.value)
    return control_id


def _name_index(inventory: Inventory | None) -> dict[str, str]:
    names: dict[str, str] = {}
    if inventory is not None:
        for index in (inventory.supplier_index(), inventory.service_index(), inventory.data_index(),
                      inventory.asset_index()):
            names.update({k: getattr(v, "name", None) or k for k, v in index.items()})
    return names


def subject_names(inventory: Inventory | None, ids: Sequence[str], names: dict[str, str] | None = None) -> list[str]:
    """The names of assets, data, services and suppliers as the inventory writes them (an unknown id as it is);
    ``names`` is :func:`_name_index` of the inventory when the caller has it."""
    if inventory is None:
        return list(ids)
    names = names if names is not None else _name_index(inventory)
    return [" → ".join(names.get(part, part) for part in i.split("->")) if "->" in i else names.get(i, i)
            for i in ids]


def plan_rows(number: int, result: AnalysisResult, catalog: Catalog | None, lang: Lang,
              inventory: Inventory | None = None) -> list[PlanRow]:
    """Treatment-plan actions (quick wins first, then projects) whose control maps to policy ``number``."""
    if catalog is None:
        return []
    policy_of = {c.id: c.policy for c in catalog.controls}
    rows = []
    names = _name_index(inventory)
    for action in [*result.treatment.quick_wins, *result.treatment.projects]:
        if policy_of.get(action.control_id) != number:
            continue
        places = subject_names(inventory, action.subjects[:MAX_PLACES], names)
        if len(action.subjects) > MAX_PLACES:
            places.append(trn(lang, "and {n} more", "and {n} more", len(action.subjects) - MAX_PLACES))
        rows.append(
            PlanRow(
                rank=str(action.rank),
                control=control_title(catalog, action.control_id, lang),
                title=action.title.get(lang.value),
                effort=tr(lang, 'quick win')
                if action.effort.value == "quick_win"
                else tr(lang, 'project'),
                risks=_count(len(action.risk_ids), lang),
                level=label("risk_level", action.max_level, lang),
                where=_join(places),
            )
        )
    return rows


def _risk_row(risk: Risk, lang: Lang, catalog: Catalog | None = None) -> RiskRow:
    return RiskRow(
        id=risk.id,
        title=risk.title.get(lang.value),
        subject=risk.subject_name,
        level=label("risk_level", risk.level, lang),
        residual=label("risk_level", risk.residual.level, lang),
        controls=_join([control_title(catalog, c, lang) for c in risk.controls]),
    )


def _compliance_rows(rows: Sequence[Any], lang: Lang, result: AnalysisResult | None = None,
                     numbered: bool = False) -> list[ComplianceCtxRow]:
    """Compliance rows for a reader: no rule or risk ids (a law area gets its running number, an open risk is
    named by its subject), the count of open risks in the plural form of the language."""
    risks = result.risk_index() if result is not None else {}
    out = []
    for number, row in enumerate(rows, start=1):
        texts = [e.get(lang.value) for e in row.evidence if "@" not in e.get(lang.value)][:1]
        serious = [risks[r] for r in row.open_risk_ids if r in risks and risks[r].level in {"high", "critical"}]
        if serious:
            texts.append(trp(lang, "act", "open_risks", risks=lang.tr.npgettext("count", "risk", "risks", len(serious))
                             .replace("{n}", format_number(len(serious), lang)), subject=serious[0].subject_name))
        out.append(
            ComplianceCtxRow(
                item=str(number) if numbered else row.item,
                title=row.title.get(lang.value),
                state=label("compliance", row.state.value, lang),
                evidence=_dash("; ".join(texts)),
            )
        )
    return out


def _asset_names(inventory: Inventory, ids: Sequence[str], index: Mapping[str, Any] | None = None) -> str:
    index = index if index is not None else inventory.asset_index()
    return _join([index[i].name if i in index else i for i in ids])


# --------------------------------------------------------------------------- the six contexts


def policy1_context(
    inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> Policy1Context:
    """Information security policy: roles, top risks, compliance per Law area and NIS2 item, priority actions."""
    code = as_lang(lang)
    base = base_context(1, policy_title(1, code), inventory, result, catalog, code)
    m: MunicipalityCtx = base["m"]
    risks = result.risk_index()
    top = [_risk_row(risks[rid], code, catalog).model_copy(update={"id": str(rank)})
           for rank, rid in enumerate([r for r in result.summary.top if r in risks][:TOP_RISKS], start=1)]
    roles = [
        RoleRow(role=m.head_title, person=m.head_name, contact="–"),
        RoleRow(
            role=tr(code, 'Information security officer'),
            person=m.officer,
            contact=" · ".join(v for v in (m.officer_email, m.officer_phone) if v != "–") or "–",
        ),
        RoleRow(
            role=tr(code, 'IT service (administrators)'),
            person=trn(code, "{n} staff member", "{n} staff members", _int(m.it_staff)) if _int(m.it_staff) >= 0
            else m.it_staff,
            contact="–",
        ),
        RoleRow(
            role=tr(code, 'Data protection officer'),
            person=trp(code, "dpo", "appointed")
            if result.measures.get("personal_data_dpo") == "yes"
            else trp(code, "dpo", "not appointed"),
            contact="–",
        ),
    ]
    owners = sorted({d.owner for d in inventory.data if d.owner})
    roles.extend(
        RoleRow(role=tr(code, 'Information asset owner'), person=o, contact="–")
        for o in owners
    )
    actions = [
        ActionRow(
            rank=str(a.rank),
            control=control_title(catalog, a.control_id, code),
            title=a.title.get(code.value),
            risks=_count(len(a.risk_ids), code),
            level=label("risk_level", a.max_level, code),
        )
        for a in result.treatment.quick_wins[:10]
    ]
    high = sum(n for lvl, n in result.summary.inherent.items() if lvl in {"high", "critical"})
    annex = Annex1(
        roles=roles,
        top_risks=top,
        law=_compliance_rows(result.compliance.law, code, result, numbered=True),
        nis2=_compliance_rows(result.compliance.nis2, code, result),
        actions=actions,
        risk_total=_count(result.summary.total, code),
        risk_high=_count(high, code),
    )
    return Policy1Context(**base, annex=annex)


GSB_RULES_FILE = Path(__file__).resolve().parents[1] / "content" / "gsb-eligibility.yaml"


@cache
def _gsb_rules() -> tuple[re.Pattern[str], ...]:
    data = yaml.safe_load(GSB_RULES_FILE.read_text(encoding="utf-8")) or {}
    return tuple(re.compile(r["pattern"], re.IGNORECASE) for r in data.get("not_eligible", []))


def gsb_class(partner: str, outside_gsb: bool) -> str:
    """``gsb`` (through the GSB), ``eligible`` (outside it, should move) or ``not_eligible`` (a bank, a company,
    a foreign portal: stays on its own secure channel)."""
    if not outside_gsb:
        return "gsb"
    return "not_eligible" if any(p.search(partner) for p in _gsb_rules()) else "eligible"


def policy2_context(
    inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> Policy2Context:
    """Interoperability policy: every register with its exchanges; the exchanges outside the GSB flagged."""
    code = as_lang(lang)
    base = base_context(2, policy_title(2, code), inventory, result, catalog, code)
    registers: list[RegisterRow] = []
    exchanges: list[ExchangeCtxRow] = []
    im_checks: list[ImRow] = []
    classes: list[str] = []
    own = inventory.data_index()

    def known(value: bool | None) -> str:
        return label("act", "unknown", code) if value is None else yes_no(value, code)

    for data in result.data:
        if data.kind not in REGISTER_KINDS:
            continue
        channels = sorted({label("channel", e.via, code) for e in data.exchanges})
        on_gsb = [e for e in data.exchanges if not e.outside_gsb]
        if data.kind == DataKind.register.value:  # registers only: not databases or directory services
            registers.append(
                RegisterRow(
                    name=data.name,
                    legal_basis=_dash(data.legal_basis),
                    owner=_dash(data.owner),
                    personal=yes_no(data.personal_data, code)
                    + (tr(code, ' (special categories)') if data.special_categories else ""),
                    classification=label("classification", data.classification, code),
                    channels=_join(channels) if channels else tr(code, 'no exchange'),
                    gsb=tr(code, 'yes') if on_gsb else tr(code, 'no'),
                )
            )
        declared = own[data.id].exchanges if data.id in own else []
        for index, ex in enumerate(data.exchanges):
            cls = gsb_class(ex.with_, ex.outside_gsb)
            classes.append(cls)
            exchanges.append(
                ExchangeCtxRow(
                    reg=data.name,
                    partner=ex.with_,
                    channel=label("channel", ex.via, code),
                    direction=label("direction", ex.direction, code),
                    legal_basis=_dash(ex.legal_basis or data.legal_basis),
                    flag=label("gsb_class", cls, code),
                )
            )
            source = declared[index] if index < len(declared) else None
            if cls == "gsb" and data.kind == DataKind.register.value and source is not None:
                im_checks.append(ImRow(
                    reg=data.name, partner=ex.with_, agreement=known(source.sharing_agreement),
                    consumers=_join(source.allowed_consumers) if ex.direction in ("provide", "both")
                    else label("act", "not_provider", code),
                    log=known(source.message_log), tls=known(source.tls_to_security_server)))
    outside = [e for e, c in zip(exchanges, classes, strict=True) if c == "eligible"]
    annex = Annex2(
        registers=registers,
        im_checks=im_checks,
        exchanges=exchanges,
        outside=outside,
        gsb_count=_count(classes.count("gsb"), code),
        outside_count=_count(len(outside), code),
        not_eligible_count=_count(classes.count("not_eligible"), code),
    )
    return Policy2Context(**base, annex=annex)


def policy3_context(
    inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> Policy3Context:
    """Access control policy: systems without MFA and the suppliers' remote access."""
    code = as_lang(lang)
    base = base_context(3, policy_title(3, code), inventory, result, catalog, code)
    zones = inventory.zone_index()
    suppliers = inventory.supplier_index()
    no_mfa = [
        MfaRow(
            system=a.name,
            kind=label("asset_kind", a.kind, code),
            zone=zones[a.zone].name or a.zone if a.zone in zones else a.zone,
            exposure=label("exposure", a.exposure, code),
            suppliers=_join([suppliers[s].name if s in suppliers else s for s in a.supplier_access]),
        )
        for a in result.assets
        if a.missing_mfa
    ]
    rows = [
        SupplierAccessRow(
            supplier=s.name,
            method=label("remote_method", s.method, code) if s.method else "–",
            mfa=yes_no(s.mfa, code),
            always_on=yes_no(s.always_on, code),
            targets=_asset_names(inventory, s.targets),
            clauses=yes_no(s.contract_security_clauses, code),
        )
        for s in result.suppliers
        if s.method
    ]
    annex = Annex3(
        no_mfa=no_mfa,
        suppliers=rows,
        suppliers_no_mfa=_count(sum(1 for s in result.suppliers if s.method and not s.mfa), code),
    )
    return Policy3Context(**base, annex=annex)


def _backup_gaps(inventory: Inventory, result: AnalysisResult, lang: Lang) -> list[BackupGapRow]:
    """Per asset that stores data: no backup, no offline copy, or backups only inside the same zone."""
    assets = inventory.asset_index()
    gaps: list[BackupGapRow] = []
    same_zone: dict[str, list[str]] = {}
    for data in inventory.data:
        zones_stored = {assets[a].zone for a in data.stored_on if a in assets}
        zones_backup = {assets[a].zone for a in data.backup_on if a in assets}
        if zones_backup and zones_backup <= zones_stored:
            for a in data.stored_on:
                same_zone.setdefault(a, []).append(data.name)
    for row in result.assets:
        if not row.data:
            continue
        problems: list[str] = []
        if row.missing_backup:
            problems.append(tr(lang, 'no backup'))
        elif row.missing_offline_backup:
            problems.append(tr(lang, 'no offline or off-site copy'))
        if row.id in same_zone:
            problems.append(tr(lang, 'backups only in the same network zone'))
        if problems:
            names = [d.name for d in inventory.data if d.id in set(row.data)]
            gaps.append(BackupGapRow(system=row.name, data=_join(names), gap="; ".join(problems)))
    return gaps


#: hours between backups promised by a control
BACKUP_INTERVAL_H = {"backup.daily": 24, "backup.weekly": 168}


def _rpo_gap(inventory: Inventory, uses: Sequence[str], rpo: float | None, lang: Lang,
             assets: Mapping[str, Any] | None = None, data: Mapping[str, Any] | None = None) -> str:
    """Compare the backup interval of the systems holding a service's data with the service's RPO
    (``assets`` and ``data`` are the inventory's indexes when the caller has them)."""
    if rpo is None:
        return tr(lang, 'RPO not set')
    assets = assets if assets is not None else inventory.asset_index()
    data = data if data is not None else inventory.data_index()
    unbacked: list[str] = []
    worst = 0
    for data_id in uses:
        for asset_id in data[data_id].stored_on if data_id in data else []:
            asset = assets.get(asset_id)
            if asset is None:
                continue
            intervals = [BACKUP_INTERVAL_H[c] for c in asset.controls if c in BACKUP_INTERVAL_H]
            if intervals:
                worst = max(worst, min(intervals))
            elif not data[data_id].backup_on:
                unbacked.append(asset.name)
    if unbacked:
        return tr(lang, 'no backup: ') + _join(sorted(set(unbacked)))
    if worst > rpo:
        return tr(lang, "backup every {hours} h – longer than the RPO", hours=format_number(worst, lang))
    return tr(lang, 'in line with the RPO')


def policy4_context(
    inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> Policy4Context:
    """Backup/BC/DR policy: critical services with RTO/RPO; backup gaps."""
    code = as_lang(lang)
    base = base_context(4, policy_title(4, code), inventory, result, catalog, code)
    assets, data = inventory.asset_index(), inventory.data_index()
    services = [
        ServiceRowCtx(
            service=s.name + (tr(code, ' (critical)') if s.critical else ""),
            audience=label("audience", s.audience, code),
            rto=_hours(s.rto_hours, code),
            rpo=_hours(s.rpo_hours, code),
            systems=_asset_names(inventory, s.runs_on, assets),
            spof=_asset_names(inventory, s.single_points_of_failure, assets),
            rpo_gap=_rpo_gap(inventory, s.uses, s.rpo_hours, code, assets, data),
        )
        for s in sorted(result.services, key=lambda s: (not s.critical, s.rto_hours or 1e9, s.id))
    ]
    annex = Annex4(services=services, gaps=_backup_gaps(inventory, result, code))
    return Policy4Context(**base, annex=annex)


def _logging_gaps(
    inventory: Inventory, result: AnalysisResult, lang: Lang
) -> list[tuple[tuple[int, str], LoggingGapRow]]:
    """Own systems (not in outside zones) that should log centrally but do not; keyed highest need first."""
    zones = inventory.zone_index()
    rank = {"normal": 1, "high": 2, "very_high": 3}
    out = []
    for a in result.assets:
        if a.kind not in LOGGING_KINDS or not a.managed or "logging.central" in a.controls:
            continue
        if a.zone_kind in OUTSIDE_ZONE_KINDS:
            continue
        top_need = max(
            (a.needs.confidentiality.level, a.needs.integrity.level, a.needs.availability.level),
            key=lambda v: rank.get(v, 0),
        )
        row = LoggingGapRow(
            system=a.name,
            kind=label("asset_kind", a.kind, lang),
            zone=zones[a.zone].name or a.zone if a.zone in zones else a.zone,
            need=label("need", top_need, lang),
        )
        out.append(((-rank.get(top_need, 0), a.name), row))
    return out


def policy5_context(
    inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> Policy5Context:
    """Incident policy: reporting chain with the legal deadlines, contacts, systems without central logging."""
    code = as_lang(lang)
    base = base_context(5, policy_title(5, code), inventory, result, catalog, code)
    law: LawCtx = base["law"]
    act: ActCtx = base["act"]
    m: MunicipalityCtx = base["m"]
    officer = tr(code, 'information security officer')
    chain = [
        ChainRow(
            step="1",
            who=tr(code, 'employee, supplier or monitoring system'),
            to=officer,
            deadline=tr(code, 'immediately, within 1 h at the latest'),
        ),
        ChainRow(
            step="2",
            who=officer,
            to=act.issuer,
            deadline=tr(code, 'right after triage, within 4 h'),
        ),
        ChainRow(
            step="3",
            who=officer,
            to=tr(code, 'competent authority / CIRT – early warning'),
            deadline=law.incident_early_warning,
        ),
        ChainRow(
            step="4",
            who=officer,
            to=tr(code, 'competent authority / CIRT – notification'),
            deadline=law.incident_notification,
        ),
        ChainRow(
            step="5",
            who=tr(code, 'data protection officer'),
            to=trp(code, "phrase", "dpa_breach"),
            deadline=tr(code, 'without delay, within the statutory period'),
        ),
        ChainRow(
            step="6",
            who=officer,
            to=tr(code, 'competent authority / CIRT – final report'),
            deadline=trp(code, "deadline", "after_notification", period=law.incident_final_report),
        ),
    ]
    contacts = [
        ContactRow(
            role=tr(code, 'Information security officer'),
            name=m.officer,
            contact=" · ".join(v for v in (m.officer_email, m.officer_phone) if v != "–") or "–",
        ),
        ContactRow(role=m.head_title, name=act.head_name, contact="–"),
    ]
    to_fill = fill_in("")
    contacts.extend(
        [
            ContactRow(
                role=tr(code, 'Competent authority / CIRT (reporting)'),
                name=law.incident_authority,
                contact=law.incident_authority_contact,
            ),
            ContactRow(
                role=label("act", "supervision", code),
                name=law.supervisory_authority,
                contact=to_fill,
            ),
            ContactRow(
                role=tr(code, 'Personal data protection authority'),
                name=law.dpa,
                contact=to_fill,
            ),
        ]
    )
    contacts.extend(
        ContactRow(role=tr(code, 'Supplier') + (f" ({s.provides})" if s.provides else ""),
                   name=s.name, contact=_dash(s.contact))
        for s in inventory.suppliers
    )
    gaps = [row for _, row in sorted(_logging_gaps(inventory, result, code), key=lambda item: item[0])]
    annex = Annex5(chain=chain, contacts=contacts, logging_gaps=gaps)
    return Policy5Context(**base, annex=annex)


#: the most end-of-life systems annex 1 of the asset policy lists (longest past the end of support first)
EOL_MAX = 40


def policy6_context(
    inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> Policy6Context:
    """Asset management policy: end-of-life systems, inventory per zone and kind, data classification."""
    code = as_lang(lang)
    base = base_context(6, policy_title(6, code), inventory, result, catalog, code)
    zones = inventory.zone_index()

    def zone_name(zid: str) -> str:
        return zones[zid].name or zid if zid in zones else zid

    eol = [
        EolRow(
            system=a.name,
            os=_dash(a.os),
            end_of_support=format_date(a.end_of_support, code) if a.end_of_support else "–",
            days=_count(a.days_past_eos, code),
            zone=zone_name(a.zone),
        )
        for a in sorted((a for a in result.assets if a.eol), key=lambda a: (-a.days_past_eos, a.id))[:EOL_MAX]
    ]
    eol_left = sum(1 for a in result.assets if a.eol) - len(eol)
    counts: Counter[tuple[str, str]] = Counter()
    for a in inventory.assets:
        counts[(a.zone, a.kind.value)] += a.quantity
    summary = [
        ZoneSummaryRow(zone=zone_name(z), kind=label("asset_kind", k, code), count=_count(n, code))
        for (z, k), n in sorted(counts.items())
    ]
    data = [
        DataClassRow(
            name=d.name,
            kind=label("data_kind", d.kind, code),
            classification=label("classification", d.classification, code),
            owner=_dash(d.owner),
            personal=yes_no(d.personal_data, code),
        )
        for d in result.data
    ]
    eol_more = code.tr.npgettext("policy_more", "eol_systems", "eol_systems", eol_left) if eol_left else ""
    annex = Annex6(eol=eol, summary=summary, data=data, eol_more=eol_more)
    return Policy6Context(**base, annex=annex)


# --------------------------------------------------------------------------- decisions (rješenja)


class TeamRow(_Ctx):
    role: str
    person: str
    contact: str


class DecisionContext(BaseContext):
    """A decision of the head of the municipality: the officer's appointment or the incident response team."""

    team: list[TeamRow]
    officer_title: str


#: roles of the incident response team, in the order the decision lists them (labels: ``team_role``)
TEAM_ROLES = ("lead", "deputy", "it", "dpo", "legal", "communication")


def decision_context(
    number: int, title: str, inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> DecisionContext:
    """The context of decision ``number`` (1: security officer, 2: incident response team)."""
    code = as_lang(lang)
    base = base_context(number, title, inventory, result, catalog, code)
    act: ActCtx = base["act"]
    doc: DocControl = base["doc"]
    base["doc"] = doc.model_copy(update={"number": f"{inventory.municipality.code}-RJE-{number:02d}"})
    officer = inventory.municipality.security_officer
    contact = _join([c for c in (officer.email, officer.phone) if c]) if officer else fill_in("")
    team = [
        TeamRow(role=label("team_role", role, code),
                person=act.officer if role == "lead" else fill_in(""),
                contact=contact if role == "lead" else fill_in(""))
        for role in TEAM_ROLES
    ]
    base["plan"] = []
    return DecisionContext(**base, team=team,
                           officer_title=officer.title if officer and officer.title else fill_in(""))
