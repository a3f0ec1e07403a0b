"""Root causes: findings grouped by what causes them, each with a concrete action and a cost class.

A root cause is either a rule (the same weakness on several subjects: "RDP published
on srv-dc01, srv-ts01") or a shared cause: every finding about one supplier's access
(no MFA, a remote-desktop tool, always on, no contract clauses) is one cause with one
action. The action is a template of the catalogue's ``actions.yaml`` filled with
parameters (the subjects, ports, controls, supplier); ``analysis.json`` keeps the
template id and the parameters, and :func:`action_text` renders the sentence in a
language. Causes are ordered by their highest level, then choke points first (their
action cuts attack paths to the crown jewels: :mod:`risk_analyzer.chokepoints`), then
the summed score of their active risks, then id.
"""

from __future__ import annotations

from asset_models.i18n import get_language, transliterate_cnr
from asset_models.topology import Topology
from risk_analyzer.result import ACTIVE_STATUSES, ActionRef, Risk, RootCause
from risk_analyzer.subjects import SubjectFacts
from threat_catalog.models import LEVEL_RANK, ActionCatalog, Level
from threat_catalog.rules import Text

_PORT_FACT = {
    "net.admin_internet": "internet_mgmt_ports",
    "net.mgmt_internet": "internet_mgmt_ports",
    "net.mgmt_from_users": "user_mgmt_ports",
}


def _ports(rule_id: str, subjects: list[str], facts: SubjectFacts) -> str:
    if not rule_id.startswith("net."):
        return ""
    attr = _PORT_FACT.get(rule_id, "internet_ports")
    by_id = {f.id: f for f in facts.assets}
    ports: set[int] = set()
    for ref in subjects:
        found = by_id.get(ref)
        if found is not None:
            ports.update(getattr(found, attr, []) or [])
    return ", ".join(str(p) for p in sorted(ports))


def build_root_causes(
    risks: list[Risk],
    actions: ActionCatalog,
    t: Topology,
    facts: SubjectFacts,
    choke_subjects: frozenset[str] = frozenset(),
) -> list[RootCause]:
    """Group the risks by cause and set each risk's ``root_cause``; a cause whose subjects include a hop of
    the minimum cut (``choke_subjects``: flow, link, supplier or asset ids) is a choke point."""
    groups: dict[str, list[Risk]] = {}
    for risk in risks:
        key = f"supplier:{risk.subject_id}" if risk.subject_type == "supplier" else f"rule:{risk.rule_id}"
        groups.setdefault(key, []).append(risk)
    causes: list[RootCause] = []
    for key, members in groups.items():
        for risk in members:
            risk.root_cause = key
        subjects = sorted({r.subject_id for r in members})
        rule_ids = sorted({r.rule_id for r in members})
        active = [r for r in members if r.tracking.status in ACTIVE_STATUSES]
        top = max((LEVEL_RANK[r.level] for r in members), default=0)
        if key.startswith("supplier:"):
            sup = t.suppliers.get(key.removeprefix("supplier:"))
            access = sup.remote_access if sup else None
            template = actions.supplier_cause
            ref = ActionRef(
                template="supplier_cause",
                args={
                    "supplier": sup.name if sup else key,
                    "method": access.method.value if access else "",
                    "subjects": ", ".join(sorted(access.to)) if access else "",
                    "count": len(access.to) if access else 0,
                },
            )
            kind = "supplier"
        else:
            rule_id = rule_ids[0]
            template = actions.for_rule(rule_id)
            controls = sorted({c for r in members for c in r.controls})
            ref = ActionRef(
                template=rule_id if template.rule == rule_id else "default",
                args={
                    "subjects": ", ".join(subjects),
                    "count": len(subjects),
                    "ports": _ports(rule_id, subjects, facts),
                    "controls": ", ".join(controls),
                },
            )
            kind = "rule"
        cost = actions.cost_class(template.cost)
        causes.append(
            RootCause(
                id=key,
                kind=kind,
                rule_ids=rule_ids,
                risk_ids=sorted(r.id for r in members),
                subjects=subjects,
                max_level=next(lv for lv in Level if lv.rank == top).value,
                total_score=sum(r.score for r in active),
                action=ref,
                cost_class=cost.id,
                one_off_eur=list(cost.one_off_eur),
                yearly_eur=list(cost.yearly_eur),
                choke_point=_is_choke(key, rule_ids, subjects, choke_subjects, t),
            )
        )
    causes.sort(key=lambda c: (-LEVEL_RANK[c.max_level], not c.choke_point, -c.total_score, c.id))
    return causes


def _is_choke(key: str, rule_ids: list[str], subjects: list[str], choke: frozenset[str], t: Topology) -> bool:
    if key.startswith("supplier:"):
        return key in choke
    if any(r.endswith("_internet") for r in rule_ids):
        zones = {t.assets[s].zone for s in subjects if s in t.assets}
        if any(f"internet-into:{z}" in choke for z in zones):
            return True
    if any(r.startswith(EXPOSED_SERVICE_RULES) for r in rule_ids) and any(f"reach:{s}" in choke for s in subjects):
        return True
    return any(r.startswith(("zone.", "flow.", "link.")) for r in rule_ids) and bool(choke & set(subjects))


#: rules whose action closes or restricts a host's exposed services (removes its reach)
EXPOSED_SERVICE_RULES = ("net.", "iot.internet_inbound")


def _localised(text: Text, lang: str) -> str:
    language = get_language(lang)
    if language.derived_from == "cnr":
        return transliterate_cnr(text.cnr, language)
    return text.get(lang)


def action_text(actions: ActionCatalog, action: ActionRef, lang: str) -> str:
    """The action of a root cause as a sentence in ``lang`` (the catalogue's texts are English and Montenegrin)."""
    if action.template == "supplier_cause":
        template = actions.supplier_cause
    elif action.template == "default":
        template = actions.default
    else:
        template = actions.for_rule(action.template)
    text = _localised(template.text, lang)
    for name, value in action.args.items():
        text = text.replace("{" + name + "}", str(value))
    return text
