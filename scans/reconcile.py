"""Compare a stored scan with the inventory: what is on the network that nobody declared, and the reverse.

* unknown hosts: seen by the scan, matching no asset's address or hostname;
* assets not seen: assets whose addresses the scan covered but did not find
  (assets outside the scan's targets are listed apart as "not covered");
* undeclared open ports: open on a known asset but not in its ``services``;
* version differences: a declared product/version that the scan saw differently,
  compared component by component (2.4.4 and 2.4.41 differ; a declared 2.4
  matches an observed 2.4.41, and 8.9 matches 8.9p1: the less precise side
  decides how many components count).

Duplicate ``<host>`` elements of one address (``nmap 10.0.0.5 10.0.0.5``) are
merged first, so a host never becomes two proposed assets with the same id.
Addresses nmap was told to exclude are outside the scan's coverage.

The proposed patch (``--write``) is a YAML document for the security officer to
review; the inventory itself is never edited.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import asdict, dataclass, field

import yaml

from asset_models.i18n import Texts
from asset_models.models import Asset, Inventory
from scans.notes import Note
from scans.snapshot import HostObservation, PortObservation, ScanSnapshot, merge_duplicates, probes

# User-facing texts of this module (English templates, read in the language in use).
MESSAGES = Texts({
    "incomplete_note": "scan {scan_id} is incomplete: 'assets not seen' is not reported",
    "header": "inventory vs scan {scan_id}",
    "header_incomplete": "inventory vs scan {scan_id} (incomplete)",
    "note": "note: {text}",
    "unknown_host": "unknown host {address}{names} in zone {zone}{ports}",
    "not_seen": "asset not seen: {asset}",
    "undeclared": "undeclared open port: {asset} {address} {port} {observed}",
    "not_observed": "declared but not open: {asset} {address} {port} {declared}",
    "version": "version differs: {asset} {port} declared {declared}, observed {observed}",
    "summary": "summary: {unknown} unknown hosts, {not_seen} assets not seen, {not_covered} assets not covered by "
               "the scan, {undeclared} undeclared open ports, {versions} version differences",
    "patch_name": "Unknown host {address}",
    "patch_header": "# Proposed inventory changes from an nmap scan. REVIEW before copying anything into the "
                    "inventory:\n# kinds of new assets are guesses from open ports, zones come from the zone CIDRs, "
                    "and hosts not seen\n# may simply have been switched off. lsgrisk never edits the inventory "
                    "itself.\n",
})

#: the notes of a reconciliation: code (what the JSON says) -> message key (what the text says)
NOTE_MESSAGES = {"scan_incomplete": "incomplete_note"}
#: what the JSON says of a declared port that the scan probed and did not find open
NOT_OPEN = "not_open"

_KIND_BY_PORT = {9100: "printer", 631: "printer", 515: "printer", 3389: "workstation", 554: "camera",
                 161: "switch", 1433: "database", 3306: "database", 5432: "database"}


@dataclass(frozen=True)
class UnknownHost:
    address: str
    hostnames: list[str]
    zone: str | None
    open_ports: list[str]


@dataclass(frozen=True)
class PortFinding:
    asset: str
    address: str
    port: str
    declared: str
    observed: str


@dataclass
class Reconciliation:
    scan_id: int
    scan_complete: bool
    unknown_hosts: list[UnknownHost] = field(default_factory=list)
    assets_not_seen: list[str] = field(default_factory=list)
    assets_not_covered: list[str] = field(default_factory=list)
    undeclared_ports: list[PortFinding] = field(default_factory=list)
    declared_not_observed: list[PortFinding] = field(default_factory=list)
    version_differences: list[PortFinding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def has_differences(self) -> bool:
        return bool(self.unknown_hosts or self.assets_not_seen or self.undeclared_ports
                    or self.version_differences or self.declared_not_observed)


def _ip_sort(addr: str) -> tuple[int, int]:
    ip = ipaddress.ip_address(addr)
    return ip.version, int(ip)


def _ips(host: HostObservation) -> list[str]:
    found = []
    for addr in host.addresses:
        try:
            ipaddress.ip_address(addr)
        except ValueError:
            continue
        found.append(addr)
    return found


def _observed(port: PortObservation) -> str:
    return " ".join(x for x in (port.service or "?", port.product, port.version) if x)


def _zone_of(inv: Inventory, addr: str) -> str | None:
    ip = ipaddress.ip_address(addr)
    for zone in inv.zones:
        if any(ip.version == c.version and ip in c for c in zone.cidrs):
            return zone.id
    return None


_COMPONENT = re.compile(r"\d+|[a-z]+")


def _components(version: str) -> list[int | str]:
    return [int(c) if c.isdigit() else c for c in _COMPONENT.findall(version.lower())]


def _version_differs(declared: str | None, observed: str | None) -> bool:
    """Component by component over the components both give: 2.4.4 vs 2.4.41 differ, 2.4 vs 2.4.41 do not."""
    if not declared or not observed:
        return False
    a, b = _components(declared), _components(observed)
    if not a or not b:
        return declared.strip() != observed.strip()
    common = min(len(a), len(b))
    return a[:common] != b[:common]


def _match_assets(inv: Inventory) -> tuple[dict[str, Asset], dict[str, Asset]]:
    by_ip = {str(ip): a for a in inv.assets for ip in a.ips}
    by_name = {a.hostname.lower().rstrip("."): a for a in inv.assets if a.hostname}
    return by_ip, by_name


Scanned = dict[str, list[tuple[int, int]]]


def reconcile(inv: Inventory, snap: ScanSnapshot, covered: list[str], scanned: Scanned | None = None) -> Reconciliation:
    """Compare the snapshot with the inventory.

    ``covered`` are the CIDRs the scan targeted; ``scanned`` the port ranges per protocol it probed
    (a declared port outside them is not reported as "not open"; None: unknown).
    """
    result = Reconciliation(snap.scan_id, snap.complete)
    if not snap.complete:
        result.notes.append(Note("scan_incomplete", {"scan_id": snap.scan_id}))
    nets = [ipaddress.ip_network(c) for c in covered]
    by_ip, by_name = _match_assets(inv)
    seen: dict[str, tuple[str, HostObservation]] = {}
    for host in merge_duplicates(list(snap.hosts)):
        ips = _ips(host)
        if not ips:
            continue
        asset = next((by_ip[a] for a in ips if a in by_ip), None)
        if asset is None:
            asset = next((by_name[n.lower().rstrip(".")] for n in host.hostnames if n.lower().rstrip(".") in by_name),
                         None)
        if asset is None:
            result.unknown_hosts.append(UnknownHost(
                ips[0], sorted(host.hostnames), _zone_of(inv, ips[0]),
                [f"{p.protocol}/{p.port} {_observed(p)}" for p in host.ports if p.state == "open"]))
        else:
            seen.setdefault(asset.id, (ips[0], host))
    for asset in sorted(inv.assets, key=lambda a: a.id):
        if asset.id in seen:
            addr, host = seen[asset.id]
            _compare_services(asset, addr, host, result, scanned)
        elif asset.ips:
            inside = any(ip.version == n.version and ip in n for ip in asset.ips for n in nets)
            if inside and snap.complete:
                result.assets_not_seen.append(asset.id)
            else:
                result.assets_not_covered.append(asset.id)
    result.unknown_hosts.sort(key=lambda h: _ip_sort(h.address))
    return result


def _was_scanned(protocol: str, port: int, host: HostObservation, scanned: Scanned | None) -> bool:
    if scanned is None:
        return probes(host, protocol, port)
    return any(low <= port <= high for low, high in scanned.get(protocol, []))


def _compare_services(asset: Asset, addr: str, host: HostObservation, result: Reconciliation,
                      scanned: Scanned | None) -> None:
    declared = {(s.protocol.value, s.port): s for s in asset.services}
    observed = {(p.protocol, p.port): p for p in host.ports if p.state == "open"}
    for key in sorted(set(declared) | set(observed)):
        spec = f"{key[0]}/{key[1]}"
        service = declared.get(key)
        port = observed.get(key)
        if service is None and port is not None:
            result.undeclared_ports.append(PortFinding(asset.id, addr, spec, "-", _observed(port)))
        elif service is not None and port is None:
            if _was_scanned(key[0], key[1], host, scanned):
                result.declared_not_observed.append(PortFinding(
                    asset.id, addr, spec, " ".join(x for x in (service.name, service.product, service.version) if x),
                    NOT_OPEN))
        elif service is not None and port is not None and _version_differs(service.version, port.version):
            result.version_differences.append(PortFinding(
                asset.id, addr, spec, f"{service.product or ''} {service.version}".strip(), _observed(port)))


def to_json(rec: Reconciliation) -> str:
    """The reconciliation as JSON: codes and the scan's and inventory's own values, never a translated word."""
    document = asdict(rec)
    document["has_differences"] = rec.has_differences
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_text(rec: Reconciliation) -> str:
    m = MESSAGES
    lines = [m["header" if rec.scan_complete else "header_incomplete"].format(scan_id=rec.scan_id)]
    lines += [m["note"].format(text=m[NOTE_MESSAGES[n.code]].format(**n.args)) for n in rec.notes]
    for h in rec.unknown_hosts:
        names = f" ({', '.join(h.hostnames)})" if h.hostnames else ""
        ports = f": {'; '.join(h.open_ports)}" if h.open_ports else ""
        lines.append(m["unknown_host"].format(address=h.address, names=names, zone=h.zone or "?", ports=ports))
    lines += [m["not_seen"].format(asset=a) for a in rec.assets_not_seen]
    lines += [m["undeclared"].format(asset=f.asset, address=f.address, port=f.port, observed=f.observed)
              for f in rec.undeclared_ports]
    lines += [m["not_observed"].format(asset=f.asset, address=f.address, port=f.port, declared=f.declared)
              for f in rec.declared_not_observed]
    lines += [m["version"].format(asset=f.asset, port=f.port, declared=f.declared, observed=f.observed)
              for f in rec.version_differences]
    lines.append(m["summary"].format(unknown=len(rec.unknown_hosts), not_seen=len(rec.assets_not_seen),
                                     not_covered=len(rec.assets_not_covered), undeclared=len(rec.undeclared_ports),
                                     versions=len(rec.version_differences)))
    return "\n".join(lines) + "\n"


def _slug(addr: str) -> str:
    return "scan-" + addr.replace(".", "-").replace(":", "-")


def proposed_patch(rec: Reconciliation, snap: ScanSnapshot) -> str:
    """A YAML document of proposed inventory changes, for review (never applied automatically)."""
    by_addr = {a: h for h in merge_duplicates(list(snap.hosts)) for a in _ips(h)}
    new_assets = []
    for unknown in rec.unknown_hosts:
        host = by_addr[unknown.address]
        open_ports = [p for p in host.ports if p.state == "open"]
        kind = next((_KIND_BY_PORT[p.port] for p in open_ports if p.port in _KIND_BY_PORT), "server")
        entry: dict[str, object] = {"id": _slug(unknown.address),
                                    "name": MESSAGES["patch_name"].format(address=unknown.address),
                                    "kind": kind, "zone": unknown.zone or "CHOOSE-A-ZONE", "ips": [unknown.address]}
        if unknown.hostnames:
            entry["hostname"] = unknown.hostnames[0]
        if open_ports:
            entry["services"] = [_service_entry(p) for p in open_ports]
        new_assets.append(entry)
    add_services: dict[str, list[dict[str, object]]] = {}
    for finding in rec.undeclared_ports:
        host = by_addr[finding.address]
        proto, _, number = finding.port.partition("/")
        port = next(p for p in host.ports if p.protocol == proto and p.port == int(number))
        add_services.setdefault(finding.asset, []).append(_service_entry(port))
    document = {
        "proposed_from_scan": rec.scan_id,
        "add_assets": new_assets,
        "add_services": add_services,
        "update_versions": [
            {"asset": f.asset, "port": f.port, "declared": f.declared, "observed": f.observed}
            for f in rec.version_differences
        ],
        "assets_not_seen": rec.assets_not_seen,
    }
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return MESSAGES["patch_header"] + body


def _service_entry(port: PortObservation) -> dict[str, object]:
    entry: dict[str, object] = {"port": port.port, "protocol": port.protocol}
    for key, value in (("name", port.service), ("product", port.product), ("version", port.version)):
        if value:
            entry[key] = value
    return entry
