"""Checks that span sections of an inventory: ids, references, addresses, cycles, vocabulary.

Each check yields ``(path, message, hint)`` with ``path`` into the inventory
(``("assets", 3, "zone")``); the loader turns paths into file places. All
checks run every time, so a user sees every problem at once.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

from asset_models.i18n import tr
from asset_models.models import ID_SECTIONS, Inventory
from asset_models.sources import PathT
from asset_models.vocabulary import Vocabulary, suggestion

Issue = tuple[PathT, str, str]


def check_inventory(inv: Inventory, vocabulary: Vocabulary, tolerate_ids: set[str] | None = None) -> list[Issue]:
    """Every cross-section problem of ``inv``.

    ``tolerate_ids`` names ids that exist in the file but belong to items that
    failed type validation: references to them are not reported again.
    """
    tolerated = tolerate_ids or set()
    issues: list[Issue] = []
    for check in (_duplicate_ids, _references, _addresses, _runs_on_cycles, _vocabulary):
        issues.extend(check(inv, vocabulary, tolerated))
    return issues


def _duplicate_ids(inv: Inventory, _v: Vocabulary, _t: set[str]) -> Iterator[Issue]:
    first: dict[str, str] = {}
    for section in ID_SECTIONS:
        for index, item in enumerate(getattr(inv, section)):
            here = f"{section} #{index + 1}"
            if item.id in first:
                yield (section, index, "id"), tr("duplicate id '{id}' (already used by {other})", id=item.id,
                                                 other=first[item.id]), (
                    tr("ids must be unique across zones, assets, data, services and suppliers")
                )
            else:
                first[item.id] = here


def _ref(
    path: PathT, value: str, wanted: str, known: dict[str, Any], tolerated: set[str]
) -> Iterator[Issue]:
    if value in known or value in tolerated:
        return
    hint = suggestion(value, known) or (
        tr(_NONE_DEFINED[wanted]) if not known else tr("define it under '{section}'", section=wanted)
    )
    yield path, tr(_REFERS[wanted], value=value), hint


_REFERS = {
    "zones": "refers to zone '{value}', which does not exist",
    "assets": "refers to asset '{value}', which does not exist",
    "data": "refers to data '{value}', which does not exist",
}
_NONE_DEFINED = {
    "zones": "no zones are defined yet",
    "assets": "no assets are defined yet",
    "data": "no data assets are defined yet",
}


def _references(inv: Inventory, _v: Vocabulary, tol: set[str]) -> Iterator[Issue]:
    zones = inv.zone_index()
    assets = inv.asset_index()
    data = inv.data_index()
    for i, flow in enumerate(inv.zone_flows):
        yield from _ref(("zone_flows", i, "from"), flow.from_, "zones", zones, tol)
        yield from _ref(("zone_flows", i, "to"), flow.to, "zones", zones, tol)
    for i, asset in enumerate(inv.assets):
        yield from _ref(("assets", i, "zone"), asset.zone, "zones", zones, tol)
        if asset.runs_on is not None:
            if asset.runs_on == asset.id:
                yield ("assets", i, "runs_on"), tr("'{id}' cannot run on itself", id=asset.id), ""
            else:
                yield from _ref(("assets", i, "runs_on"), asset.runs_on, "assets", assets, tol)
        for j, dep in enumerate(asset.depends_on):
            yield from _ref(("assets", i, "depends_on", j), dep, "assets", assets, tol)
    for i, item in enumerate(inv.data):
        for j, ref in enumerate(item.stored_on):
            yield from _ref(("data", i, "stored_on", j), ref, "assets", assets, tol)
        for j, ref in enumerate(item.backup_on):
            yield from _ref(("data", i, "backup_on", j), ref, "assets", assets, tol)
    for i, service in enumerate(inv.services):
        for j, ref in enumerate(service.uses):
            yield from _ref(("services", i, "uses", j), ref, "data", data, tol)
        for j, ref in enumerate(service.runs_on):
            yield from _ref(("services", i, "runs_on", j), ref, "assets", assets, tol)
    for i, link in enumerate(inv.links):
        yield from _ref(("links", i, "from"), link.from_, "assets", assets, tol)
        yield from _ref(("links", i, "to"), link.to, "assets", assets, tol)
        for j, ref in enumerate(link.carries):
            yield from _ref(("links", i, "carries", j), ref, "data", data, tol)
    for i, supplier in enumerate(inv.suppliers):
        if supplier.remote_access is not None:
            for j, ref in enumerate(supplier.remote_access.to):
                yield from _ref(("suppliers", i, "remote_access", "to", j), ref, "assets", assets, tol)


def _addresses(inv: Inventory, _v: Vocabulary, _t: set[str]) -> Iterator[Issue]:
    zones = inv.zone_index()
    # zones whose networks overlap make every address ambiguous
    networks = [(z.id, net) for z in inv.zones for net in z.cidrs]
    index_of = {z.id: i for i, z in enumerate(inv.zones)}
    for a in range(len(networks)):
        for b in range(a + 1, len(networks)):
            (za, na), (zb, nb) = networks[a], networks[b]
            if za != zb and na.version == nb.version and na.overlaps(nb):
                yield ("zones", index_of[zb], "cidrs"), tr("{network} overlaps {other} of zone '{zone}'",
                                                           network=nb, other=na, zone=za), (
                    tr("each address must belong to exactly one zone")
                )
    owner: dict[ipaddress.IPv4Address | ipaddress.IPv6Address, str] = {}
    for i, asset in enumerate(inv.assets):
        zone = zones.get(asset.zone)
        for j, ip in enumerate(asset.ips):
            if ip in owner and owner[ip] != asset.id:
                yield ("assets", i, "ips", j), tr("address {ip} is also given to asset '{other}'", ip=ip,
                                                  other=owner[ip]), ""
            owner.setdefault(ip, asset.id)
            if zone is None or not zone.cidrs:
                continue
            if not any(ip.version == net.version and ip in net for net in zone.cidrs):
                nets = ", ".join(str(n) for n in zone.cidrs)
                inside = [z.id for z in inv.zones if any(ip.version == n.version and ip in n for n in z.cidrs)]
                hint = (tr("it lies in zone '{zone}'", zone=inside[0]) if inside
                        else tr("correct the address or the zone's cidrs"))
                yield ("assets", i, "ips", j), tr("address {ip} is outside zone '{zone}' ({networks})", ip=ip,
                                                  zone=zone.id, networks=nets), hint


def _runs_on_cycles(inv: Inventory, _v: Vocabulary, _t: set[str]) -> Iterator[Issue]:
    parent = {a.id: a.runs_on for a in inv.assets if a.runs_on and a.runs_on != a.id}
    index_of = {a.id: i for i, a in enumerate(inv.assets)}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    for start in sorted(parent):
        walk: list[str] = []
        node: str | None = start
        while node is not None and state.get(node, 0) == 0:
            state[node] = 1
            walk.append(node)
            node = parent.get(node)
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            first = min(cycle)
            rotated = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
            chain = " -> ".join([*rotated, first])
            yield ("assets", index_of[first], "runs_on"), tr("runs_on forms a cycle: {chain}", chain=chain), (
                tr("a system cannot (indirectly) host itself")
            )
        for visited in walk:
            state[visited] = 2


def _vocabulary(inv: Inventory, vocab: Vocabulary, _t: set[str]) -> Iterator[Issue]:
    for i, asset in enumerate(inv.assets):
        for field in ("controls", "planned_controls"):
            for j, control in enumerate(getattr(asset, field)):
                if control not in vocab.control_ids:
                    hint = _with_list(suggestion(control, vocab.control_ids),
                                      tr("'lsgrisk catalog list --kind controls' lists the control ids"))
                    yield ("assets", i, field, j), tr("unknown control id '{id}'", id=control), hint
    for key in inv.measures:
        if key not in vocab.measure_keys:
            hint = _with_list(suggestion(key, vocab.measure_keys),
                              tr("'lsgrisk catalog list --kind measures' lists the measure keys"))
            yield ("measures", key), tr("unknown measure '{key}'", key=key), hint


def _with_list(suggested: str, where: str) -> str:
    return f"{suggested} — {where}" if suggested else where
