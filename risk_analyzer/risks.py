"""Rule findings and risks: likelihood x impact on the catalogue's matrix, inherent and residual.

Likelihood (1..5), documented factors:

* base: the rule's ``likelihood``; for ``likelihood_from: cvss`` the CVSS band
  of the highest score (>= 9.0: 5, >= 7.0: 4, >= 4.0: 3, else 2);
* exposure (rules with ``exposure_factor: true`` about assets, data or zones):
  very_high +1, high 0, medium 0, low -1, none -2;
* implemented controls: each remediation control of the rule already in place
  on the subject lowers the likelihood by 1 (at most 2 in all): the rule still
  fired because an alternative control is missing, but the one in place helps;
* the result is clamped to 1..5.

Residual: remediation controls in place *or planned* each lower the likelihood
by 1 (at most 2 in all, so a planned control counts only where the credit of
controls in place leaves room); the impact stays. Controls count for assets
directly and for data assets when every storing asset has (or plans) them.

Impact: the highest ``matrix.need_impact`` of the subject's needs on the CIA
properties the rule's threats touch, with the origin chain of that need. The
needs of a subject: asset, data asset and service their own inherited needs;
a zone the highest of its assets and of the zones it reaches on any port or
internally; a flow its destination zone; a link its endpoints and carried
data; a supplier the assets it reaches; the municipality the highest of all
its data assets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from asset_models.errors import CatalogError, Place, Problem
from asset_models.models import Inventory, NeedLevel
from risk_analyzer.needs import PROPERTIES, NeedsResult, NeedTrace, service_needs
from risk_analyzer.result import (
    CONSTRUCTED,
    Factor,
    Finding,
    ImpactValue,
    LikelihoodValue,
    Residual,
    Risk,
    TrackingInfo,
)
from risk_analyzer.subjects import SubjectFacts
from threat_catalog.engine import check_rule, compile_condition, fill_evidence
from threat_catalog.facts import Exposure, Facts
from threat_catalog.models import Catalog
from threat_catalog.rules import Rule, Subject, Text

EXPOSURE_DELTA = {
    Exposure.very_high: 1,
    Exposure.high: 0,
    Exposure.medium: 0,
    Exposure.low: -1,
    Exposure.none: -2,
}
MAX_CONTROL_CREDIT = 2
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
    values = hit.facts.__dict__
    return Finding.model_construct(
        CONSTRUCTED,
        rule_id=hit.rule.id,
        subject_type=hit.rule.subject.value,
        subject_id=hit.facts.id,
        subject_name=hit.facts.name or hit.facts.id,
        title=hit.rule.title,
        evidence=Text.model_construct(
            CONSTRUCTED,
            en=fill_evidence(hit.rule.evidence.en, values, "en"),
            cnr=fill_evidence(hit.rule.evidence.cnr, values, "cnr"),
        ),
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

    def _asset(self, ref: str, prop: str) -> tuple[NeedTrace, str]:
        return self.needs.get(f"asset:{ref}", prop), f"asset:{ref}"

    def zone_own(self, zone: str, prop: str) -> NeedTrace:
        key = (zone, prop)
        if key not in self._zone_cache:
            self._zone_cache[key] = _best(self._asset(a, prop) for a in self.zone_assets.get(zone, []))
        return self._zone_cache[key]

    def of(self, subject: Subject, ident: str, prop: str) -> NeedTrace:
        if subject == Subject.asset:
            return self.needs.get(f"asset:{ident}", prop)
        if subject == Subject.data:
            return self.needs.get(f"data:{ident}", prop)
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
            parts += [(self.needs.get(f"data:{d}", prop), f"data:{d}") for d in carries]
            return _best(parts)
        if subject == Subject.supplier:
            return _best(self._asset(t, prop) for t in self.supplier_targets.get(ident, []))
        return _best((self.needs.get(f"data:{d}", prop), f"data:{d}") for d in self.data_ids)


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
    credit = min(MAX_CONTROL_CREDIT, len(implemented))
    if credit:
        factors.append(_controls_factor(", ".join(implemented), -credit))
    residual = _clamp(value - min(MAX_CONTROL_CREDIT, len(implemented) + len(planned)))
    return LikelihoodValue.model_construct(
        CONSTRUCTED, base=base, factors=factors, value=_clamp(value - credit)
    ), residual


def touched_properties(rule: Rule, catalog: Catalog) -> list[str]:
    """The CIA properties the rule's threats harm (all three when the threats name none)."""
    props = sorted({c.value for t in catalog.threats_of(rule) for c in t.cia}, key=PROPERTIES.index)
    return props or list(PROPERTIES)


def impact_of(rule: Rule, ident: str, catalog: Catalog, needs: SubjectNeeds) -> ImpactValue:
    props = needs.props_cache.get(rule.id)
    if props is None:
        props = needs.props_cache[rule.id] = touched_properties(rule, catalog)
    best_prop, best_trace, best_value = props[0], NeedTrace(NeedLevel.normal), 0
    for prop in props:
        trace = needs.of(rule.subject, ident, prop)
        value = catalog.matrix.impact_of(trace.level)
        if value > best_value:
            best_prop, best_trace, best_value = prop, trace, value
    return ImpactValue.model_construct(
        CONSTRUCTED,
        value=best_value,
        properties=[_SHORT[p] for p in props],
        property=_SHORT[best_prop],
        need=best_trace.level.value,
        origin=list(best_trace.origin),
    )


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
    return Risk.model_construct(
        CONSTRUCTED,
        id=f"{rule.id}@{facts.id}",
        rule_id=rule.id,
        subject_type=rule.subject.value,
        subject_id=facts.id,
        subject_name=facts.name or facts.id,
        zone=getattr(facts, "zone", None) if rule.subject == Subject.asset else None,
        title=rule.title,
        description=rule.description,
        evidence=finding.evidence,
        threats=list(rule.threats),
        cia=impact.properties,
        likelihood=likelihood,
        impact=impact,
        level=level.value,
        score=likelihood.value * impact.value,
        residual=Residual.model_construct(
            CONSTRUCTED,
            likelihood=residual_l,
            impact=impact.value,
            level=residual_level.value,
            score=residual_l * impact.value,
            planned_controls=planned_here,
        ),
        controls=list(rule.controls),
        implemented_controls=implemented,
        tracking=UNTRACKED,
    )
