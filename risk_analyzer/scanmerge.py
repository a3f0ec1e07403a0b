"""Bring the scans into the analysis (``analyze --scans DB``), merged by coverage.

The snapshot is :func:`scans.snapshot.merged_snapshot`: the newest complete
scan, with what it did not probe taken from older complete scans, so a newer
discovery-only scan (``-sn``) or a scan of other ports does not erase what an
earlier full scan saw. Scan hosts are matched to assets by IP address (then by
hostname). For a matched asset, observed open ports extend the declared ones;
declared ports a scan probed and did not see open stay (the scan may have been
filtered) and are marked; declared ports no scan probed are not;
vulnerability ids with CVSS scores become facts (``cves``, ``max_cvss``).
Hosts that match no asset are unmanaged devices: they become assets of kind
``unknown`` in the zone whose CIDR holds their address, so that rules can
report them.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from asset_models.models import Inventory
from scans.snapshot import HostObservation, ScanSnapshot, merge_duplicates, probes

PortKey = tuple[str, int]


@dataclass
class UnknownHost:
    ip: str
    zone: str | None
    hostnames: list[str]
    ports: list[PortKey]
    cves: list[tuple[str, float]]


@dataclass
class ScanOverlay:
    scan_id: int
    finished: str | None
    hosts: int
    observed: dict[str, list[PortKey]] = field(default_factory=dict)
    declared_not_observed: dict[str, list[int]] = field(default_factory=dict)
    cves: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    unknown: list[UnknownHost] = field(default_factory=list)
    not_seen: list[str] = field(default_factory=list)


def _open_ports(host: HostObservation) -> list[PortKey]:
    return sorted({(p.protocol, p.port) for p in host.ports if p.state == "open" and p.protocol in ("tcp", "udp")})


def _cves(host: HostObservation) -> list[tuple[str, float]]:
    best: dict[str, float] = {}
    for port in host.ports:
        if port.state != "open":
            continue
        for cve in port.cves:
            score = cve.cvss if cve.cvss is not None else 0.0
            best[cve.id] = max(best.get(cve.id, 0.0), score)
    return sorted(best.items())


def _zone_for(ip: str, networks: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]]) -> str | None:
    address = ipaddress.ip_address(ip)
    best: tuple[int, str] | None = None
    for net, zone in networks:
        if address.version == net.version and address in net and (best is None or net.prefixlen > best[0]):
            best = (net.prefixlen, zone)
    return best[1] if best else None


def merge_scan(inv: Inventory, snapshot: ScanSnapshot) -> ScanOverlay:
    """Match a scan to the inventory."""
    by_ip: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for asset in inv.assets:
        for ip in asset.ips:
            by_ip.setdefault(str(ip), asset.id)
        if asset.hostname:
            by_name.setdefault(asset.hostname.lower(), asset.id)
            by_name.setdefault(asset.hostname.lower().split(".")[0], asset.id)
    networks = [(net, z.id) for z in inv.zones for net in z.cidrs]
    overlay = ScanOverlay(
        scan_id=snapshot.scan_id,
        finished=snapshot.finished.isoformat() if snapshot.finished else None,
        hosts=len(snapshot.hosts),
    )
    seen: set[str] = set()
    hosts_of: dict[str, list[HostObservation]] = {}
    for host in merge_duplicates(list(snapshot.hosts)):
        ips = [a for a in host.addresses if _is_ip(a)]  # MAC addresses are left out
        asset_id = next((by_ip[a] for a in ips if a in by_ip), None)
        if asset_id is None:
            asset_id = next((by_name[n.lower()] for n in host.hostnames if n.lower() in by_name), None)
        ports, cves = _open_ports(host), _cves(host)
        if asset_id is None:
            if ips:
                overlay.unknown.append(UnknownHost(ips[0], _zone_for(ips[0], networks), host.hostnames, ports, cves))
            continue
        seen.add(asset_id)
        hosts_of.setdefault(asset_id, []).append(host)
        overlay.observed[asset_id] = sorted(set(overlay.observed.get(asset_id, [])) | set(ports))
        if cves:
            overlay.cves[asset_id] = sorted(set(overlay.cves.get(asset_id, [])) | set(cves))
    scope = [ipaddress.ip_network(c, strict=False) for c in snapshot.scope if _is_net(c)]
    for asset in inv.assets:
        if asset.id in seen:
            declared = {(s.protocol.value, s.port) for s in asset.services}
            observed = set(overlay.observed[asset.id])
            missing = sorted({p for proto, p in declared if (proto, p) not in observed
                              and any(probes(h, proto, p) for h in hosts_of[asset.id])})
            if missing:
                overlay.declared_not_observed[asset.id] = missing
        elif any(ip.version == n.version and ip in n for ip in asset.ips for n in scope):
            overlay.not_seen.append(asset.id)
    overlay.unknown.sort(key=lambda h: ipaddress.ip_address(h.ip).packed)
    return overlay


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_net(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True
