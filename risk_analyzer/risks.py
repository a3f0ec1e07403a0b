"""Rule findings and risks: likelihood x impact on the catalogue's matrix, inherent and residual.

The two scales are calibrated so that the whole 1..5 range is used; every
step is a factor with a code and its parameters (``Factor``), shown in the
register and the report.

Likelihood (1..5), documented factors:

* base: the rule's ``likelihood``; for ``likelihood_from: cvss`` the CVSS band
  of the highest score (>= 9.0: 5, >= 7.0: 4, >= 4.0: 3, else 2);
* ``exposure`` (rules with ``exposure_factor: true`` about assets, data or zones):
  very_high +1, high 0, medium -1, low -2, none -3 (no attack path reaches it):
  one step per step of the exposure scale, which follows the attack-path cost;
* ``end_of_support``: an asset more than a year past its end of support, for
  rules about exploited software (``eol.*``, ``net.*``, ``iot.internet_inbound``),
  +1: unpatched flaws pile up;
* ``known_exploited``: a scan reported a vulnerability with CVSS >= 9.0 on the
  asset (vulners), for attack rules, +1;
* ``supplier_path``: a supplier's access that is always on and has no MFA, +1:
  one stolen password opens a door nobody watches;
* ``org_gap``: an organisational gap (municipality rules) causes harm only
  through the technical weaknesses it makes likelier, so its likelihood is at
  most 3 and its impact one step below that of the data it concerns;
* implemented controls: each remediation control of the rule already in place
  on the subject lowers the likelihood by 1 (at most 2 in all): the rule still
  fired because an alternative control is missing, but the one in place helps;
* the result is clamped to 1..5.

Residual: remediation controls in place *or planned* each lower the likelihood
by 1 (at most 2 in all, so a planned control counts only where the credit of
controls in place leaves room); the impact stays. Controls count for assets
directly and for data assets when every storing asset has (or plans) them.

Impact (1..5): the matrix's ``need_impact`` of the subject's highest need on
the properties the rule's threats touch (bundled: normal 2, high 4, very high
5), with the origin chain of that need, then

* ``limited_scale``: a high or very high need, but the harm stays small: fewer
  than 10,000 records and no special categories (confidentiality, integrity;
  personal data without a recorded number of records count as at scale),
  and no service with an RTO of 24 hours or less, i.e. a legal deadline towards
  citizens (availability), -1: the top of the scale is kept for harm at scale;
* ``personal_data``: personal data affected while the need is only normal, +1;
* ``nothing_at_stake``: only normal needs and no data, personal data or
  service behind the subject, -1;
* ``org_gap``: municipality rules, -1 (see above); clamped to 1..5.

The needs of a subject: asset, data asset and service their own inherited needs;
a zone the highest of its assets and of the zones it reaches on any port or
internally; a flow its destination zone; a link its endpoints and carried
data; a supplier the assets it reaches; the municipality the highest of all
its data assets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from asset_models.errors import CatalogError, Place, Problem
from asset_models.models import NETWORK_DEVICE_KINDS, Inventory, NeedLevel
from asset_models.topology import asset_node, data_node
from risk_analyzer.needs import CORE_DEVICE_KINDS, PROPERTIES, NeedsResult, NeedTrace, service_needs
from risk_analyzer.result import (
    Factor,
    Finding,
    ImpactValue,
    LikelihoodValue,
    Residual,
    Risk,
    TrackingInfo,
    construct,
)
from risk_analyzer.subjects import SubjectFacts
from threat_catalog.engine import check_rule, compile_condition, fill_evidence_texts
from threat_catalog.facts import Exposure, Facts
from threat_catalog.models import Catalog
from threat_catalog.rules import Rule, Subject, Text

EXPOSURE_DELTA = {
    Exposure.very_high: 1,
    Exposure.high: 0,
    Exposure.medium: -1,
    Exposure.low: -2,
    Exposure.none: -3,
}
MAX_CONTROL_CREDIT = 2
#: an organisational gap alone is at most "possible" (it acts through the technical weaknesses it makes likelier)
ORG_GAP_CAP = 3
#: rules about software an attacker exploits: end of support makes them likelier
EXPLOIT_RULE_PREFIXES = ("eol.", "net.", "iot.internet_inbound")
#: the tracking of a risk without an entry in the tracking file (shared; tracking replaces, never mutates it)
UNTRACKED = TrackingInfo()
_SHORT = {"confidentiality": "C", "integrity": "I", "availability": "A"}


@dataclass(frozen=True)
class Hit:
    """One rule firing on one subject."""

    rule: Rule
    facts: Facts


def subject_facts_of(facts: SubjectFacts, subject: Subject) -> Sequence[Facts]:
    table: dict[Subject, Sequence[Facts]] = {
        Subject.asset: facts.assets,
        Subject.data: facts.data,
        Subject.service: facts.services,
        Subject.zone: facts.zones,
        Subject.flow: facts.flows,
        Subject.link: facts.links,
        Subject.supplier: facts.suppliers,
        Subject.municipality: [facts.municipality] if facts.municipality else [],
    }
    return table[subject]


def evaluate_rules(catalog: Catalog, facts: SubjectFacts) -> list[Hit]:
    """Every (rule, subject) pair whose condition holds. A rule that cannot be evaluated fails the run."""
    control_ids = {c.id for c in catalog.controls}
    hits: list[Hit] = []
    for rule in catalog.rules:
        problems = check_rule(rule, control_ids)
        if problems:
            raise CatalogError(
                f"rule {rule.id} cannot be evaluated",
                [Problem(Place(file="rules.yaml", item=f"rules[{rule.id}]"), p) for p in problems],
                hint="fix the rule in the catalogue overlay (see 'lsgrisk catalog explain')",
            )
        predicate = compile_condition(rule.when, rule.subject)
        try:
            hits.extend(Hit(rule, f) for f in subject_facts_of(facts, rule.subject) if predicate(f))
        except (TypeError, ValueError, AttributeError) as exc:  # pragma: no cover - check_rule prevents this
            raise CatalogError(
                f"rule {rule.id} failed while being evaluated: {exc}",
                [Problem(Place(file="rules.yaml", item=f"rules[{rule.id}]"), str(exc))],
            ) from None
    return hits


def make_finding(hit: Hit) -> Finding:
    evidence = hit.rule.evidence
    if evidence.has_sq:
        en, cnr, sq = fill_evidence_texts(((evidence.en, "en"), (evidence.cnr, "cnr"), (evidence.sq, "sq")),
                                          hit.facts.__dict__)  # fmt: skip
    else:
        en, cnr = fill_evidence_texts(((evidence.en, "en"), (evidence.cnr, "cnr")), hit.facts.__dict__)
        sq = en
    return construct(
        Finding,
        rule_id=hit.rule.id,
        subject_type=hit.rule.subject.value,
        subject_id=hit.facts.id,
        subject_name=hit.facts.name or hit.facts.id,
        title=hit.rule.title,
        evidence=construct(Text, en=en, cnr=cnr, sq=sq),
        source="scan" if hit.rule.id.startswith("scan.") else "rule",
    )


# --------------------------------------------------------------------------- needs of subjects


NeedLookup = Callable[[Hit, str], NeedTrace]


def _best(traces: Iterable[tuple[NeedTrace, str | None]]) -> NeedTrace:
    best = NeedTrace(NeedLevel.normal)
    for trace, via in traces:
        if trace.level.rank > best.level.rank:
            best = NeedTrace(trace.level, (*trace.origin, via) if via else trace.origin, own=trace.own and not via)
    return best


class SubjectNeeds:
    """Needs per subject and property, with the origin chain (see module docs)."""

    def __init__(self, inv: Inventory, needs: NeedsResult, facts: SubjectFacts) -> None:
        self.needs = needs
        self.services = service_needs(inv, needs)
        self.zone_assets: dict[str, list[str]] = {}
        for asset in inv.assets:
            self.zone_assets.setdefault(asset.zone, []).append(asset.id)
        self.zone_reach = {z.id: list(z.reaches_internal) for z in facts.zones}
        self.data_ids = [d.id for d in inv.data]
        self.link_ends = {f.id: (f.from_asset, f.to_asset, f.carries) for f in facts.links}
        self.flow_dst = {f.id: f.to_zone for f in facts.flows}
        self.supplier_targets = {f.id: f.targets for f in facts.suppliers}
        self._zone_cache: dict[tuple[str, str], NeedTrace] = {}
        self.props_cache: dict[str, list[str]] = {}
        #: one (never mutated) impact per subject and set of touched properties: rules alike share it
        self.impact_cache: dict[tuple[Subject, str, tuple[str, ...]], ImpactValue] = {}
        #: equal (never mutated) likelihoods, residuals and id lists of risks shared by content: a dense 100k-asset
        #: inventory has 450,000 risks but a few thousand distinct values of each
        self.shared: dict[tuple[object, ...], Any] = {}
        self.stakes = Stakes.build(inv, facts)

    def _asset(self, ref: str, prop: str) -> tuple[NeedTrace, str]:
        return self.needs.get(asset_node(ref), prop), asset_node(ref)

    def zone_own(self, zone: str, prop: str) -> NeedTrace:
        key = (zone, prop)
        if key not in self._zone_cache:
            self._zone_cache[key] = _best(self._asset(a, prop) for a in self.zone_assets.get(zone, []))
        return self._zone_cache[key]

    def of(self, subject: Subject, ident: str, prop: str) -> NeedTrace:
        if subject == Subject.asset:
            return self.needs.get(asset_node(ident), prop)
        if subject == Subject.data:
            return self.needs.get(data_node(ident), prop)
        if subject == Subject.service:
            triple = self.services.get(ident)
            return triple[PROPERTIES.index(prop)] if triple else NeedTrace(NeedLevel.normal)
        if subject == Subject.zone:
            zones = [ident, *self.zone_reach.get(ident, [])]
            return _best((self.zone_own(z, prop), None) for z in zones)
        if subject == Subject.flow:
            return self.zone_own(self.flow_dst.get(ident, ""), prop)
        if subject == Subject.link:
            src, dst, carries = self.link_ends.get(ident, ("", "", []))
            parts = [self._asset(src, prop), self._asset(dst, prop)]
            parts += [(self.needs.get(data_node(d), prop), data_node(d)) for d in carries]
            return _best(parts)
        if subject == Subject.supplier:
            return _best(self._asset(t, prop) for t in self.supplier_targets.get(ident, []))
        return _best((self.needs.get(data_node(d), prop), data_node(d)) for d in self.data_ids)


# --------------------------------------------------------------------------- what is at stake behind a subject

#: records affected from which a breach counts as large
MANY_RECORDS = 10_000
#: a service with an RTO of at most this many hours has a legal deadline towards citizens
DEADLINE_HOURS = 24.0


@dataclass(frozen=True)
class Stake:
    """What a subject puts at risk: records, personal data, special categories, a deadline-bound service."""

    data: bool = False
    records: int = 0
    personal: bool = False
    special: bool = False
    deadline: bool = False
    services: bool = False
    uncounted: bool = False  # personal data whose number of records is not recorded

    def __or__(self, other: Stake) -> Stake:
        return Stake(
            self.data or other.data, max(self.records, other.records), self.personal or other.personal,
            self.special or other.special, self.deadline or other.deadline, self.services or other.services,
            self.uncounted or other.uncounted,
        )  # fmt: skip


_NO_STAKE = Stake()


@dataclass
class Stakes:
    """Stakes per asset, data asset, service and supplier (data stored or processed, services run)."""

    assets: dict[str, Stake]
    data: dict[str, Stake]
    services: dict[str, Stake]
    suppliers: dict[str, Stake]

    @classmethod
    def build(cls, inv: Inventory, facts: SubjectFacts) -> Stakes:
        data = {
            d.id: Stake(True, d.records or 0, d.personal_data, d.special_categories,
                        uncounted=d.personal_data and d.records is None)
            for d in inv.data
        }  # fmt: skip
        services: dict[str, Stake] = {}
        for svc in inv.services:
            stake = Stake(deadline=svc.rto_hours is not None and svc.rto_hours <= DEADLINE_HOURS, services=True)
            for ref in svc.uses:
                stake = stake | data.get(ref, _NO_STAKE)
            services[svc.id] = stake
        for svc in inv.services:  # a data asset used by a deadline-bound service shares its deadline
            if services[svc.id].deadline:
                for ref in svc.uses:
                    if ref in data:
                        data[ref] = data[ref] | Stake(deadline=True)
        assets: dict[str, Stake] = {}
        for d in inv.data:
            for host in [*d.stored_on, *d.backup_on]:
                assets[host] = assets.get(host, _NO_STAKE) | data[d.id]
        for svc in inv.services:
            for host in svc.runs_on:
                assets[host] = assets.get(host, _NO_STAKE) | services[svc.id]
        for a in inv.assets:  # what runs on a host is at stake when the host is (one level)
            if a.runs_on and a.id in assets:
                assets[a.runs_on] = assets.get(a.runs_on, _NO_STAKE) | assets[a.id]
        zone_stake: dict[str, Stake] = {}
        everything = _NO_STAKE
        for a in inv.assets:
            if a.id in assets:
                zone_stake[a.zone] = zone_stake.get(a.zone, _NO_STAKE) | assets[a.id]
                everything = everything | assets[a.id]
        for a in inv.assets:  # network devices carry their zone; routers and firewalls carry every zone
            if a.kind in CORE_DEVICE_KINDS:
                assets[a.id] = assets.get(a.id, _NO_STAKE) | everything
            elif a.kind in NETWORK_DEVICE_KINDS:
                assets[a.id] = assets.get(a.id, _NO_STAKE) | zone_stake.get(a.zone, _NO_STAKE)
        suppliers: dict[str, Stake] = {}
        for f in facts.suppliers:
            stake = _NO_STAKE
            for target in f.targets:
                stake = stake | assets.get(target, _NO_STAKE)
            suppliers[f.id] = stake
        return cls(assets, data, services, suppliers)

    def of(self, subject: Subject, ident: str) -> Stake | None:
        """The stake of a subject; None where the impact is not adjusted (zones, flows, links, municipality)."""
        table = {
            Subject.asset: self.assets, Subject.data: self.data, Subject.service: self.services,
            Subject.supplier: self.suppliers,
        }.get(subject)  # fmt: skip
        return None if table is None else table.get(ident, _NO_STAKE)


# --------------------------------------------------------------------------- likelihood and impact


def cvss_band(score: float) -> int:
    if score >= 9.0:
        return 5
    if score >= 7.0:
        return 4
    if score >= 4.0:
        return 3
    return 2


def _clamp(value: int) -> int:
    return max(1, min(5, value))


@functools.lru_cache(maxsize=64)
def _exposure_factor(exposure: str, delta: int) -> Factor:
    """One shared (never mutated) factor object per exposure level."""
    return Factor(code="exposure", delta=delta, args={"exposure": exposure})


@functools.lru_cache(maxsize=4096)
def _controls_factor(names: str, delta: int) -> Factor:
    return Factor(code="implemented_control", delta=delta, args={"controls": names})


def likelihood_of(hit: Hit, implemented: list[str], planned: list[str]) -> tuple[LikelihoodValue, int]:
    """Inherent likelihood with its factors, and the residual likelihood.

    The control credit is capped at 2 for the inherent value (controls in place)
    and at 2 for the residual value (in place plus planned), so moving a control
    from planned to in place, or adding one, never raises either value.
    """
    rule, facts = hit.rule, hit.facts
    factors: list[Factor] = []
    base = rule.likelihood
    if rule.likelihood_from == "cvss":
        score = float(getattr(facts, "max_cvss", 0.0))
        base = cvss_band(score)
        factors.append(Factor(code="cvss", delta=0, args={"score": round(score, 1)}))
    value = base
    exposure = getattr(facts, "exposure", None)
    if rule.exposure_factor and isinstance(exposure, Exposure):
        delta = EXPOSURE_DELTA[exposure]
        if delta:
            value += delta
            factors.append(_exposure_factor(exposure.value, delta))
    attack_rule = rule.id.startswith(EXPLOIT_RULE_PREFIXES)
    days = getattr(facts, "days_past_eos", 0)
    if rule.subject == Subject.asset and attack_rule and isinstance(days, int) and days > 365:
        value += 1
        factors.append(_factor("end_of_support", 1, days=days))
    cvss = getattr(facts, "max_cvss", 0.0)
    if rule.subject == Subject.asset and rule.exposure_factor and rule.likelihood_from != "cvss" and cvss >= 9.0:
        value += 1
        factors.append(_factor("known_exploited", 1, score=cvss))
    if (
        rule.subject == Subject.supplier
        and getattr(facts, "has_remote_access", False)
        and getattr(facts, "always_on", False)
        and not getattr(facts, "mfa", True)
    ):
        value += 1
        factors.append(_factor("supplier_path", 1))
    if rule.subject == Subject.municipality and value > ORG_GAP_CAP:
        factors.append(_factor("org_gap", ORG_GAP_CAP - value))
        value = ORG_GAP_CAP
    credit = min(MAX_CONTROL_CREDIT, len(implemented))
    if credit:
        factors.append(_controls_factor(", ".join(implemented), -credit))
    residual = _clamp(value - min(MAX_CONTROL_CREDIT, len(implemented) + len(planned)))
    return construct(
        LikelihoodValue, base=base, factors=factors, value=_clamp(value - credit)
    ), residual


def touched_properties(rule: Rule, catalog: Catalog) -> list[str]:
    """The CIA properties the rule's threats harm (all three when the threats name none)."""
    props = sorted({c.value for t in catalog.threats_of(rule) for c in t.cia}, key=PROPERTIES.index)
    return props or list(PROPERTIES)


def impact_of(rule: Rule, ident: str, catalog: Catalog, needs: SubjectNeeds) -> ImpactValue:
    props = needs.props_cache.get(rule.id)
    if props is None:
        props = needs.props_cache[rule.id] = touched_properties(rule, catalog)
    key = (rule.subject, ident, tuple(props))
    known = needs.impact_cache.get(key)
    if known is not None:
        return known
    best_prop, best_trace, best_value = props[0], NeedTrace(NeedLevel.normal), 0
    for prop in props:
        trace = needs.of(rule.subject, ident, prop)
        value = catalog.matrix.impact_of(trace.level)
        if value > best_value:
            best_prop, best_trace, best_value = prop, trace, value
    factors = _impact_factors(rule, ident, needs, props, best_trace, best_value)
    final = max(1, min(5, best_value + sum(f.delta for f in factors)))
    impact = needs.impact_cache[key] = construct(
        ImpactValue,
        value=final,
        base=best_value,
        factors=factors,
        properties=[_SHORT[p] for p in props],
        property=_SHORT[best_prop],
        need=best_trace.level.value,
        origin=list(best_trace.origin),
    )
    return impact


def _factor(code: str, delta: int, **args: str | int | float | bool) -> Factor:
    return construct(Factor, code=code, delta=delta, args=args)


def _impact_factors(
    rule: Rule, ident: str, needs: SubjectNeeds, props: list[str], trace: NeedTrace, base: int
) -> list[Factor]:
    """The documented adjustments of the impact (module docs); empty for zones, flows and links."""
    if rule.subject == Subject.municipality:
        return [_factor("org_gap", -1)] if base > 1 else []
    stake = needs.stakes.of(rule.subject, ident)
    if stake is None:
        return []
    harms_data = "confidentiality" in props or "integrity" in props
    at_scale = (harms_data and (stake.records >= MANY_RECORDS or stake.special or stake.uncounted)) or (
        "availability" in props and stake.deadline
    )
    if trace.level != NeedLevel.normal:
        return [] if at_scale else [_factor("limited_scale", -1, records=stake.records)]
    if harms_data and stake.personal:
        return [_factor("personal_data", 1)]
    if not (stake.data or stake.services):
        return [_factor("nothing_at_stake", -1)]
    return []


def _controls_of(facts: Facts, attr: str) -> set[str]:
    value = getattr(facts, attr, None)
    return set(value) if isinstance(value, list) else set()


@dataclass
class ControlView:
    """Controls in place and planned per subject (assets directly; data through all hosts)."""

    data_hosts: dict[str, list[str]]
    asset_controls: dict[str, tuple[set[str], set[str]]]

    @classmethod
    def build(cls, inv: Inventory) -> ControlView:
        return cls(
            data_hosts={d.id: list(d.stored_on) for d in inv.data},
            asset_controls={a.id: (set(a.controls), set(a.planned_controls)) for a in inv.assets},
        )

    def of(self, subject: Subject, ident: str) -> tuple[set[str], set[str]]:
        if subject == Subject.asset:
            return self.asset_controls.get(ident, (set(), set()))
        if subject == Subject.data:
            hosts = [self.asset_controls[h] for h in self.data_hosts.get(ident, []) if h in self.asset_controls]
            if not hosts:
                return set(), set()
            done = set.intersection(*(h[0] for h in hosts))
            planned = set.intersection(*(h[0] | h[1] for h in hosts)) - done
            return done, planned
        return set(), set()


def make_risk(hit: Hit, finding: Finding, catalog: Catalog, needs: SubjectNeeds, controls: ControlView) -> Risk:
    rule, facts = hit.rule, hit.facts
    done, planned = controls.of(rule.subject, facts.id)
    implemented = [c for c in rule.controls if c in done]
    planned_here = [c for c in rule.controls if c in planned and c not in done]
    likelihood, residual_l = likelihood_of(hit, implemented, planned_here)
    impact = impact_of(rule, facts.id, catalog, needs)
    level = catalog.matrix.level(likelihood.value, impact.value)
    residual_level = catalog.matrix.level(residual_l, impact.value)
    shared = needs.shared
    factors = tuple((f.code, f.delta, *f.args.items()) for f in likelihood.factors)
    likelihood = shared.setdefault(("likelihood", likelihood.base, likelihood.value, factors), likelihood)
    residual_key = ("residual", residual_l, impact.value, residual_level.value, *planned_here)
    residual = shared.get(residual_key)
    if residual is None:
        residual = shared[residual_key] = construct(
            Residual,
            likelihood=residual_l,
            impact=impact.value,
            level=residual_level.value,
            score=residual_l * impact.value,
            planned_controls=planned_here,
        )
    threats = shared.get(("threats", rule.id))
    if threats is None:
        threats = shared[("threats", rule.id)] = list(rule.threats)
        shared[("controls", rule.id)] = list(rule.controls)
    return construct(
        Risk,
        id=f"{rule.id}@{facts.id}",
        rule_id=rule.id,
        subject_type=rule.subject.value,
        subject_id=facts.id,
        subject_name=facts.name or facts.id,
        zone=getattr(facts, "zone", None) if rule.subject == Subject.asset else None,
        title=rule.title,
        description=rule.description,
        evidence=finding.evidence,
        threats=threats,
        cia=impact.properties,
        likelihood=likelihood,
        impact=impact,
        level=level.value,
        score=likelihood.value * impact.value,
        residual=residual,
        controls=shared[("controls", rule.id)],
        implemented_controls=shared.setdefault(("implemented", *implemented), implemented),
        tracking=UNTRACKED,
        owner=None,
        owner_role="security_officer",
        root_cause="",
    )
