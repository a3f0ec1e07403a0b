"""The analysis pipeline: one small typed function per stage, chained by :func:`analyze`.

inventory (+ scan) -> needs -> exposure and paths -> structure -> facts ->
rule findings -> risks -> tracking -> treatment plan -> compliance ->
:class:`~risk_analyzer.result.AnalysisResult` (sorted, deterministic for the
same input and ``as_of`` date).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from asset_models.gcpause import paused_gc as paused_gc  # the shared pause; callers import it from here too
from asset_models.models import Asset, Inventory, MeasureState, NeedLevel
from asset_models.topology import Topology, asset_node, build_topology, data_node, supplier_node, zone_node
from risk_analyzer.chokepoints import choke_points
from risk_analyzer.compliance import assess_annex, assess_compliance, evidence_kinds
from risk_analyzer.exposure import ENTRY_LABELS, ExposureResult, RawHop, compute_exposure, exposure_level
from risk_analyzer.graphview import build_graph_view
from risk_analyzer.needs import NeedsResult, NeedTrace, inherit_needs, service_needs
from risk_analyzer.owners import assign_owners
from risk_analyzer.paths import EntryPath, entry_paths, high_need_data
from risk_analyzer.result import (
    ACTIVE_STATUSES,
    AnalysisResult,
    AssetRow,
    AttackPath,
    CatalogInfo,
    ChokePoint,
    Compliance,
    DataRow,
    ExchangeRow,
    InventoryCounts,
    MunicipalityInfo,
    NeedSet,
    NeedValue,
    PathHop,
    Risk,
    ScanInfo,
    ServiceRow,
    Summary,
    SupplierRow,
    TrackingStatus,
    construct,
)
from risk_analyzer.risks import ControlView, SubjectNeeds, evaluate_rules, make_finding, make_risk
from risk_analyzer.rootcauses import build_root_causes
from risk_analyzer.scanmerge import ScanOverlay, merge_scan
from risk_analyzer.structure import StructureResult, analyse_structure
from risk_analyzer.subjects import Context, SubjectFacts, build_facts
from risk_analyzer.tracking import apply_tracking, load_tracking
from risk_analyzer.treatment import build_plan
from scans.snapshot import ScanSnapshot
from threat_catalog.facts import AssetFacts
from threat_catalog.loader import load_actions
from threat_catalog.models import LEVEL_RANK, ActionCatalog, Catalog, Level

MFA_CONTROLS = frozenset({"mfa", "mfa.admin", "remote_access.mfa"})
#: ports of remote administration: a hop over one of them without MFA names the missing control
REMOTE_ADMIN_PORTS = frozenset({22, 3389, 5900, 5985, 5986})
TOP_RISKS = 10


@dataclass
class Stages:
    """Intermediate results, kept for tests and for callers that want more than the result."""

    needs: NeedsResult
    exposure: ExposureResult
    structure: StructureResult
    facts: SubjectFacts
    scan: ScanOverlay | None
    topology: Topology
    as_of: date
    paths: list[EntryPath]


# --------------------------------------------------------------------------- header


def catalog_info(catalog: Catalog, overlay: bool) -> CatalogInfo:
    """The catalogue used: its own data version (frameworks.yaml), digest and counts."""
    digest = hashlib.sha256(catalog.model_dump_json().encode("utf-8")).hexdigest()
    return CatalogInfo(
        version=catalog.frameworks.version,
        digest=digest,
        overlay=overlay,
        threats=len(catalog.threats),
        controls=len(catalog.controls),
        rules=len(catalog.rules),
    )


def officer_status(inv: Inventory) -> str:
    """named | appointed_unnamed | not_appointed: a recorded name, or the measure alone, or neither."""
    if inv.municipality.security_officer is not None:
        return "named"
    state = inv.measures.get("security_officer_appointed")
    if state in (MeasureState.yes, MeasureState.partial):
        return "appointed_unnamed"
    return "not_appointed"


def municipality_info(inv: Inventory) -> MunicipalityInfo:
    m = inv.municipality
    head = " ".join(filter(None, [m.head.title, m.head.name])) if m.head else None
    return MunicipalityInfo(
        name=m.name,
        code=m.code,
        country=m.country,
        entity_class=m.entity_class.value,
        employees=m.employees,
        it_staff=m.it_staff,
        security_officer=m.security_officer.name if m.security_officer else None,
        security_officer_email=m.security_officer.email if m.security_officer else None,
        security_officer_status=officer_status(inv),
        head=head,
        units=list(m.units),
    )


def inventory_counts(inv: Inventory) -> InventoryCounts:
    return InventoryCounts(
        zones=len(inv.zones),
        zone_flows=len(inv.zone_flows),
        assets=len(inv.assets),
        devices=sum(a.quantity for a in inv.assets),
        data=len(inv.data),
        services=len(inv.services),
        links=len(inv.links),
        suppliers=len(inv.suppliers),
    )


# --------------------------------------------------------------------------- rows


class _Shared:
    """Equal row parts (need values, need sets, path hops) built once and shared: 100k assets have few distinct ones."""

    def __init__(self, labels: dict[str, str], landing: _Landing | None = None) -> None:
        self.labels = labels
        self.landing = landing
        self.needs: dict[NeedTrace, NeedValue] = {}
        self.sets: dict[tuple[NeedTrace, NeedTrace, NeedTrace], NeedSet] = {}
        self.hops: dict[RawHop, PathHop] = {}
        self.by_id: dict[int, PathHop] = {}
        self.kept: list[RawHop] = []

    def need(self, trace: NeedTrace) -> NeedValue:
        value = self.needs.get(trace)
        if value is None:
            value = self.needs[trace] = construct(
                NeedValue, level=trace.level.value, origin=list(trace.origin), own=trace.own
            )
        return value

    def needset(self, c: NeedTrace, i: NeedTrace, a: NeedTrace) -> NeedSet:
        key = (c, i, a)
        value = self.sets.get(key)
        if value is None:
            value = self.sets[key] = construct(
                NeedSet, confidentiality=self.need(c), integrity=self.need(i), availability=self.need(a)
            )
        return value

    def path(self, raw: list[RawHop] | tuple[RawHop, ...]) -> list[PathHop]:
        hops = []
        for key in raw:
            hop = self.by_id.get(id(key))  # paths share their hop objects: most are found by identity
            if hop is None:
                hop = self.hops.get(key)
                if hop is None:
                    args: dict[str, str | int | float | bool] = {k: v for k, v in key.step.args if v is not None}
                    if key.land is not None and self.landing is not None:
                        args.update(self.landing.args(*key.land))
                    supplier = args.get("supplier_id")
                    if key.step.kind == "entry" and supplier:
                        args["supplier"] = self.labels.get(supplier_node(str(supplier)), str(supplier))
                    label = self.labels.get(key.node, key.node)
                    hop = self.hops[key] = construct(
                        PathHop, node=key.node, label=label, kind=key.step.kind, args=args, reason=key.step.reason,
                        weight=key.weight, cost=key.cost,
                    )  # fmt: skip
                self.by_id[id(key)] = hop
                self.kept.append(key)  # alive while the cache is, so its id is not reused
            hops.append(hop)
        return hops


class _Landing:
    """What an attacker uses on an asset: the service on a port, its product and version, end of support, CVSS."""

    def __init__(self, t: Topology, as_of: date, scan: ScanOverlay | None) -> None:
        self.t = t
        self.as_of = as_of
        self.cves = scan.cves if scan is not None else {}
        self.cache: dict[tuple[str, tuple[str, int] | None], dict[str, str | int | float | bool]] = {}

    def args(self, ref: str, port: tuple[str, int] | None) -> dict[str, str | int | float | bool]:
        key = (ref, port)
        found = self.cache.get(key)
        if found is not None:
            return found
        out: dict[str, str | int | float | bool] = {"asset": ref, "asset_name": self.t.asset_name(ref)}
        asset = self.t.assets.get(ref)
        if asset is not None:
            if port is not None:
                out["protocol"], out["port"] = port
                for svc in asset.services:
                    if (svc.protocol.value, svc.port) == port:
                        for name in ("name", "product", "version"):
                            value = getattr(svc, name)
                            if value:
                                out["service" if name == "name" else name] = str(value)
                        break
            if asset.os is not None:
                out["os"] = " ".join(filter(None, [asset.os.name, asset.os.version]))
                eos = asset.os.end_of_support
                if eos is not None:
                    out["eos"] = eos.isoformat()
                    out["days_past_eos"] = max(0, (self.as_of - eos).days)
            scores = [score for _, score in self.cves.get(ref, [])]
            if scores:
                out["cvss"] = round(max(scores), 1)
            weak = []
            if isinstance(out.get("days_past_eos"), int) and int(out["days_past_eos"]) > 0:
                weak.append("end_of_support")
            if scores and max(scores) >= 7.0:
                weak.append("known_vulnerability")
            if port is not None and port[1] in REMOTE_ADMIN_PORTS and not (MFA_CONTROLS & set(asset.controls)):
                weak.append("admin_port_without_mfa")
            if weak:
                out["weakness"] = ",".join(weak)
        self.cache[key] = out
        return out


def _labels(t: Topology) -> dict[str, str]:
    labels = dict(ENTRY_LABELS)
    labels.update({zone_node(z): name for z, name in t.zone_name.items()})
    labels.update({asset_node(a.id): a.name for a in t.assets.values()})
    labels.update({data_node(d.id): d.name for d in t.data.values()})
    labels.update({supplier_node(ref): sup.name for ref, sup in t.suppliers.items()})
    return labels


def asset_rows(inv: Inventory, stages: Stages, risks: list[Risk]) -> list[AssetRow]:
    shared = _Shared(_labels(stages.topology), _Landing(stages.topology, stages.as_of, stages.scan))
    by_asset: dict[str, list[Risk]] = {}
    for risk in risks:
        if risk.subject_type == "asset":
            by_asset.setdefault(risk.subject_id, []).append(risk)
    assets = inv.asset_index()
    suppliers: dict[str, list[str]] = {}
    for sup in inv.suppliers:
        for target in sup.remote_access.to if sup.remote_access else []:
            suppliers.setdefault(target, []).append(sup.id)
    rows = []
    for facts in stages.facts.assets:
        rows.append(_asset_row(facts, assets.get(facts.id), stages, by_asset.get(facts.id, []), shared, suppliers))
    return sorted(rows, key=lambda r: r.id)


def _asset_row(
    facts: AssetFacts,
    asset: Asset | None,
    stages: Stages,
    risks: list[Risk],
    shared: _Shared,
    suppliers: dict[str, list[str]],
) -> AssetRow:
    info = stages.exposure.assets.get(facts.id)
    c, i, a = stages.needs.triple(asset_node(facts.id))
    observed = sorted({p for _, p in stages.scan.observed.get(facts.id, [])}) if stages.scan else []
    level = None
    for risk in risks:
        if level is None or LEVEL_RANK[risk.level] > LEVEL_RANK[level]:
            level = risk.level
    remote = facts.internet_reachable or facts.supplier_access
    row = construct(
        AssetRow,
        id=facts.id,
        name=facts.name,
        kind=facts.kind.value,
        zone=facts.zone,
        zone_kind=facts.zone_kind.value,
        quantity=facts.quantity,
        managed=facts.managed,
        ips=[facts.ip] if facts.ip and asset is None else [],
        needs=shared.needset(c, i, a),
        exposure=facts.exposure.value,
        entry_point=facts.entry_point or None,
        path_cost=facts.path_cost if facts.path_cost >= 0 else None,
        path=shared.path(stages.exposure.asset_path(facts.id)) if info else [],
        internet_ports=facts.internet_ports,
        ports=facts.ports,
        observed_ports=observed,
        declared_not_observed=facts.declared_not_observed,
        blast_radius=facts.blast_radius,
        articulation_point=facts.is_articulation_point,
        eol=facts.os_eol,
        days_past_eos=facts.days_past_eos,
        controls=facts.controls,
        planned_controls=facts.planned_controls,
        missing_mfa=remote and not (MFA_CONTROLS & set(facts.controls)),
        missing_backup=facts.stores_data and not facts.has_backup,
        missing_offline_backup=facts.stores_data and not facts.has_offline_backup,
        supplier_access=sorted(suppliers.get(facts.id, [])),
        data=facts.data_ids,
        risk_level=level,
        risk_ids=sorted(r.id for r in risks),
    )
    if asset is not None:
        row.ips = [str(ip) for ip in asset.ips]
        row.owner = asset.owner
        row.os = " ".join(filter(None, [asset.os.name, asset.os.version])) if asset.os else None
        row.end_of_support = asset.os.end_of_support if asset.os else None
        row.own_needs = {k: v.value for k, v in asset.needs.model_dump().items()} if asset.needs is not None else None
    return row


def data_rows(inv: Inventory, stages: Stages) -> tuple[list[DataRow], list[AttackPath]]:
    t = stages.topology
    shared = _Shared(_labels(t), _Landing(t, stages.as_of, stages.scan))
    facts_by_id = {f.id: f for f in stages.facts.data}
    by_target: dict[str, list[AttackPath]] = {}
    paths: list[AttackPath] = []
    for raw in stages.paths:
        path = construct(
            AttackPath,
            target=data_node(raw.target),
            target_name=shared.labels.get(data_node(raw.target), raw.target),
            entry_point=raw.entry_point,
            supplier=raw.supplier,
            via_asset=raw.via_asset,
            cost=raw.cost,
            exposure=exposure_level(raw.cost).value,
            hops=shared.path(raw.hops),
        )
        paths.append(path)
        by_target.setdefault(raw.target, []).append(path)
    rows = []
    for item in inv.data:
        c, i, a = stages.needs.triple(data_node(item.id))
        high = max(tr.level.rank for tr in (c, i, a)) >= NeedLevel.high.rank
        options = by_target.get(item.id, [])
        cheapest = min(options, key=_path_order) if options else None
        rows.append(
            DataRow(
                id=item.id,
                name=item.name,
                kind=item.kind.value,
                classification=item.classification.value,
                personal_data=item.personal_data,
                special_categories=item.special_categories,
                legal_basis=item.legal_basis,
                owner=item.owner,
                records=item.records,
                needs=shared.needset(c, i, a),
                stored_on=sorted(item.stored_on),
                backup_on=sorted(item.backup_on),
                used_by=sorted(t.used_by.get(item.id, [])),
                exchanges=[
                    ExchangeRow(
                        with_=e.with_,
                        via=e.via.value,
                        direction=e.direction.value,
                        legal_basis=e.legal_basis,
                        outside_gsb=e.via.value != "gsb",
                    )
                    for e in item.exchanges
                ],
                exposure=facts_by_id[item.id].exposure.value,
                attack_path=cheapest,
                high_need=high,
            )
        )
    return sorted(rows, key=lambda r: r.id), sorted(paths, key=lambda p: (p.target, *_path_order(p)))


_ENTRY_RANK = {"internet": 0, "guest_wifi": 1, "phishing": 2, "supplier": 3}


def _path_order(path: AttackPath) -> tuple[int, int, str]:
    return (path.cost, _ENTRY_RANK.get(path.entry_point, 4), path.supplier or "")


def service_rows(inv: Inventory, stages: Stages) -> list[ServiceRow]:
    triples = service_needs(inv, stages.needs)
    facts = {f.id: f for f in stages.facts.services}
    shared = _Shared({})
    return sorted(
        (
            ServiceRow(
                id=svc.id,
                name=svc.name,
                audience=svc.audience.value,
                rto_hours=svc.rto_hours,
                rpo_hours=svc.rpo_hours,
                needs=shared.needset(*triples[svc.id]),
                uses=sorted(svc.uses),
                runs_on=sorted(svc.runs_on),
                single_points_of_failure=facts[svc.id].single_points_of_failure,
                critical=facts[svc.id].critical,
            )
            for svc in inv.services
        ),
        key=lambda r: r.id,
    )


def supplier_rows(inv: Inventory) -> list[SupplierRow]:
    return sorted(
        (
            SupplierRow(
                id=s.id,
                name=s.name,
                provides=s.provides,
                method=s.remote_access.method.value if s.remote_access else None,
                mfa=bool(s.remote_access and s.remote_access.mfa),
                always_on=bool(s.remote_access and s.remote_access.always_on),
                targets=sorted(s.remote_access.to) if s.remote_access else [],
                contract_security_clauses=s.contract_security_clauses,
            )
            for s in inv.suppliers
        ),
        key=lambda r: r.id,
    )


# --------------------------------------------------------------------------- summary


def risk_sort_key(risk: Risk) -> tuple[int, int, str]:
    return (-LEVEL_RANK[risk.level], -risk.score, risk.id)


def summarise(risks: list[Risk], findings: int, assets: list[AssetRow], data: list[DataRow]) -> Summary:
    levels = [lv.value for lv in Level]
    inherent = dict.fromkeys(levels, 0)
    residual = dict.fromkeys(levels, 0)
    active = dict.fromkeys(levels, 0)
    by_status = {s.value: 0 for s in TrackingStatus}
    for risk in risks:
        inherent[risk.level] += 1
        residual[risk.residual.level] += 1
        by_status[risk.tracking.status.value] += 1
        if risk.tracking.status in ACTIVE_STATUSES:
            active[risk.level] += 1
    top = [r.id for r in risks if r.tracking.status in ACTIVE_STATUSES][:TOP_RISKS]
    return Summary(
        levels=levels,
        inherent=inherent,
        residual=residual,
        active=active,
        by_status=by_status,
        total=len(risks),
        findings=findings,
        top=top,
        eol_assets=[a.id for a in assets if a.eol],
        assets_without_mfa=[a.id for a in assets if a.missing_mfa],
        assets_without_offline_backup=[a.id for a in assets if a.missing_offline_backup],
        data_outside_gsb=[d.id for d in data if any(e.outside_gsb for e in d.exchanges)],
    )


# --------------------------------------------------------------------------- pipeline


def run_stages(
    inv: Inventory, catalog: Catalog, as_of: date, snapshot: ScanSnapshot | None = None, scans_given: bool = False
) -> Stages:
    scan = merge_scan(inv, snapshot) if snapshot is not None else None
    topology = build_topology(inv)
    needs = inherit_needs(topology)
    exposure = compute_exposure(topology, scan.observed if scan else None)
    structure = analyse_structure(topology)
    ctx = Context(
        inv=inv,
        as_of=as_of,
        needs=needs,
        exposure=exposure,
        structure=structure,
        scan=scan,
        measure_keys=[m.id for m in catalog.measures],
        scans_given=scans_given,
    )
    return Stages(
        needs=needs, exposure=exposure, structure=structure, facts=build_facts(ctx), scan=scan, topology=topology,
        as_of=as_of, paths=entry_paths(exposure, topology, needs),
    )


def analyze(
    inv: Inventory,
    catalog: Catalog,
    as_of: date,
    *,
    tracking: Path | None = None,
    snapshot: ScanSnapshot | None = None,
    overlay: bool = False,
    tool_version: str = "0",
    scans_given: bool = False,
    actions: ActionCatalog | None = None,
) -> AnalysisResult:
    """Analyse an inventory with a catalogue; the result is sorted and deterministic.

    The cyclic garbage collector is paused while the result is built: the
    analysis allocates millions of small acyclic objects, and full collections
    would otherwise cost more than the analysis itself on large inventories.
    """
    with paused_gc():
        return _analyze(inv, catalog, as_of, tracking, snapshot, overlay, tool_version, scans_given, actions)


def _analyze(
    inv: Inventory,
    catalog: Catalog,
    as_of: date,
    tracking: Path | None,
    snapshot: ScanSnapshot | None,
    overlay: bool,
    tool_version: str,
    scans_given: bool = False,
    actions: ActionCatalog | None = None,
) -> AnalysisResult:
    tracking_data = load_tracking(tracking) if tracking is not None else None
    stages = run_stages(inv, catalog, as_of, snapshot, scans_given)
    hits = evaluate_rules(catalog, stages.facts)
    needs = SubjectNeeds(inv, stages.needs, stages.facts)
    controls = ControlView.build(inv)
    findings = [make_finding(hit) for hit in hits]
    risks = [make_risk(hit, finding, catalog, needs, controls) for hit, finding in zip(hits, findings, strict=True)]
    orphans = apply_tracking(risks, *tracking_data) if tracking_data else []
    assign_owners(risks, stages.topology)
    cuts = choke_points(stages.topology, high_need_data(stages.topology, stages.needs))
    choke_subjects = frozenset().union(*(c.subjects for c in cuts)) if cuts else frozenset()
    causes = build_root_causes(risks, actions or load_actions(), stages.topology, stages.facts, choke_subjects)
    choke_risks = {r for c in causes if c.choke_point for r in c.risk_ids}
    risks.sort(key=risk_sort_key)
    findings.sort(key=lambda f: (f.rule_id, f.subject_id))
    assets = asset_rows(inv, stages, risks)
    data, paths = data_rows(inv, stages)
    stages.paths = []  # the attack paths are in ``paths`` now: free the raw ones (about 1 GB at 100k assets)
    nis2, law = assess_compliance(inv, catalog, risks)
    sections, requirements = assess_annex(inv, catalog, risks)
    return AnalysisResult(
        tool_version=tool_version,
        as_of=as_of,
        municipality=municipality_info(inv),
        catalog=catalog_info(catalog, overlay),
        counts=inventory_counts(inv),
        scan=_scan_info(stages.scan),
        measures={k: v.value for k, v in sorted(inv.measures.items())},
        assets=assets,
        data=data,
        services=service_rows(inv, stages),
        suppliers=supplier_rows(inv),
        attack_paths=paths,
        findings=findings,
        risks=risks,
        treatment=build_plan(risks, catalog, choke_risks),
        choke_points=[ChokePoint(kind=c.kind, id=c.ident, args=dict(c.args)) for c in cuts],
        root_causes=causes,
        compliance=Compliance(
            nis2=nis2,
            law=law,
            eu_2024_2690=sections,
            eu_2024_2690_requirements=requirements,
            evidence_kinds=evidence_kinds(catalog, requirements),
        ),
        tracking_orphans=orphans,
        summary=summarise(risks, len(findings), assets, data),
        graph=build_graph_view(stages.topology, stages.exposure, assets, risks),
    )


def _scan_info(scan: ScanOverlay | None) -> ScanInfo | None:
    if scan is None:
        return None
    return ScanInfo(
        scan_id=scan.scan_id,
        finished=scan.finished,
        hosts=scan.hosts,
        matched_assets=sorted(scan.observed),
        unknown_hosts=[h.ip for h in scan.unknown],
        not_seen=sorted(scan.not_seen),
    )
