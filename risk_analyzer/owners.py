"""Risk owners: the tracking file's owner, else the owner of the asset or data concerned, else the security officer.

* asset: the asset's ``owner``;
* data asset: the data's ``owner``;
* service: the service's ``owner``, else the owner of the first data asset it uses that has one;
* link: the owner of its source asset, else of its destination;
* supplier: the owner of the first asset it reaches that has one;
* zones, flows and the municipality: the security officer.

When none is recorded the security officer owns the risk; ``owner`` is then the
officer's name, or None when no name is recorded (``owner_role`` stays
``security_officer`` and documents print the role).
"""

from __future__ import annotations

from asset_models.topology import Topology
from risk_analyzer.result import Risk


def _first(values: list[str | None]) -> str | None:
    return next((v for v in values if v), None)


def subject_owner(t: Topology, subject_type: str, ident: str) -> tuple[str | None, str]:
    """(owner, role) of a risk subject, before the tracking file and the officer fallback."""
    if subject_type == "asset":
        asset = t.assets.get(ident)
        return (asset.owner if asset else None), "asset"
    if subject_type == "data":
        item = t.data.get(ident)
        return (item.owner if item else None), "data"
    if subject_type == "service":
        svc = t.services.get(ident)
        if svc is None:
            return None, "service"
        if svc.owner:
            return svc.owner, "service"
        return _first([t.data[d].owner for d in sorted(svc.uses) if d in t.data]), "data"
    if subject_type == "link":
        src, _, dst = ident.partition("->")
        dst = dst.split("#")[0]
        return _first([t.assets[a].owner for a in (src, dst) if a in t.assets]), "asset"
    if subject_type == "supplier":
        sup = t.suppliers.get(ident)
        targets = sorted(sup.remote_access.to) if sup and sup.remote_access else []
        return _first([t.assets[a].owner for a in targets if a in t.assets]), "asset"
    return None, "security_officer"


def assign_owners(risks: list[Risk], t: Topology) -> None:
    """Set ``owner`` and ``owner_role`` of every risk (after the tracking file is applied)."""
    officer = t.inv.municipality.security_officer
    officer_name = officer.name if officer is not None else None
    cache: dict[tuple[str, str], tuple[str | None, str]] = {}
    for risk in risks:
        if risk.tracking.owner:
            risk.owner, risk.owner_role = risk.tracking.owner, "tracking"
            continue
        key = (risk.subject_type, risk.subject_id)
        found = cache.get(key)
        if found is None:
            found = cache[key] = subject_owner(t, *key)
        owner, role = found
        if owner:
            risk.owner, risk.owner_role = owner, role  # type: ignore[assignment]
        else:
            risk.owner, risk.owner_role = officer_name, "security_officer"
