"""The contract between the scan store and the risk analysis.

The analyzer imports only this module: typed, frozen views of one stored scan,
:func:`latest_complete_snapshot` (the newest scan nmap finished without an
error) and :func:`merged_snapshot` (the newest complete scans merged by
coverage: what a newer scan did not probe, an older one still tells).
Addresses are canonical text (``ipaddress``), ports are sorted by (protocol,
port), hosts keep the order of the XML file, so the same store always yields
the same snapshot.
"""

from __future__ import annotations

import ipaddress
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from asset_models.dburl import server_url
from asset_models.errors import Place, Problem, ScanFileError
from asset_models.i18n import Texts
from scans.nmapargs import parse_port_ranges
from scans.sqlerrors import store_errors

MERGE_DEPTH = 10  # merged_snapshot looks at most this many complete scans back

# User-facing texts of this module.
MESSAGES = Texts({
    "missing": "scan store {path} does not exist",
    "missing_found": "no such file",
    "missing_hint": "run 'lsgrisk scan run' or 'lsgrisk scan import' first",
    "not_store": "{path} is not a scan store",
    "not_sqlite": "not an SQLite database ({error})",
    "no_tables": "the tables of an lsgrisk scan store are missing",
    "not_store_hint": "pass the file written by 'lsgrisk scan'",
    "no_scan": "scan {scan_id} is not in {path}",
    "no_scan_found": "no scan with id {scan_id}",
    "no_scan_hint": "see 'lsgrisk scan list'",
})


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CveObservation(_Frozen):
    """A vulnerability id reported by the vulners NSE script for a port (CVE-..., or another id type)."""

    id: str
    cvss: float | None = None


class PortObservation(_Frozen):
    """One port nmap listed for a host, with the service it recognised."""

    port: int = Field(ge=0, le=65535)
    protocol: str  # tcp | udp | sctp | ip
    state: str  # open | closed | filtered | open|filtered | ...
    service: str | None = None
    product: str | None = None
    version: str | None = None
    cpes: list[str] = Field(default_factory=list)
    cves: list[CveObservation] = Field(default_factory=list)


class PortRange(_Frozen):
    """Ports nmap probed for one protocol (from ``<scaninfo services>``), both ends included."""

    protocol: str
    first: int = Field(ge=0, le=65535)
    last: int = Field(ge=0, le=65535)


class HostObservation(_Frozen):
    """One ``<host>`` element nmap found up (duplicates of the same address are kept apart)."""

    addresses: list[str]  # IPv4/IPv6 first (canonical), then MAC addresses
    hostnames: list[str] = Field(default_factory=list)
    ports: list[PortObservation] = Field(default_factory=list)
    # The ports the scan probed on this host; None when the file did not say (then a host with any port
    # result counts as port-scanned, one without as not). A discovery scan (-sn) probed none.
    probed: list[PortRange] | None = None
    scan_id: int | None = None  # the scan this observation comes from (merged snapshots mix scans)


def probes(host: HostObservation, protocol: str, port: int) -> bool:
    """Whether the scan that saw ``host`` looked at this port: only then does "not listed" mean "not open"."""
    if any(p.protocol == protocol and p.port == port for p in host.ports):
        return True
    if host.probed is None:
        return bool(host.ports)
    return any(r.protocol == protocol and r.first <= port <= r.last for r in host.probed)


class ScanSnapshot(_Frozen):
    """One stored scan: when it ran, whether nmap finished it, what it was allowed to cover, what it saw."""

    scan_id: int
    started: datetime | None = None
    finished: datetime | None = None
    complete: bool
    # CIDRs the scan covered: its targets (for an imported file, those on nmap's command line), else the
    # authorised scope given at import, minus the addresses nmap was told to exclude. An inventory asset
    # inside these and absent from hosts was not seen.
    scope: list[str] = Field(default_factory=list)
    hosts: list[HostObservation] = Field(default_factory=list)
    merged_from: list[int] = Field(default_factory=list)  # merged_snapshot: the scans used, newest first


def without(cidrs: list[str], excluded: list[str]) -> list[str]:
    """The networks ``cidrs`` minus the ``excluded`` ones (nmap's --exclude), as a sorted list of CIDRs."""
    nets = _nets(cidrs)
    for ex in _nets(excluded):
        kept: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for net in nets:
            if net.version != ex.version or not net.overlaps(ex):
                kept.append(net)
            elif not ex.supernet_of(net):  # type: ignore[arg-type]  # same version checked above
                kept.extend(net.address_exclude(ex))  # type: ignore[arg-type]
        nets = kept
    return sorted({str(n) for n in nets})


def _when(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


def _open_readonly(db_path: Path) -> sqlite3.Connection:
    if server_url(db_path) is not None:  # a PostgreSQL store: see asset_models.dburl
        from scans.store import open_existing

        return open_existing(db_path)
    place = Place(file=str(db_path))
    if not db_path.is_file():
        raise ScanFileError(
            MESSAGES["missing"].format(path=db_path),
            [Problem(place, MESSAGES["missing_found"], MESSAGES["missing_hint"])],
        )
    try:
        con = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ScanFileError(
            MESSAGES["not_store"].format(path=db_path),
            [Problem(place, MESSAGES["not_sqlite"].format(error=exc), MESSAGES["not_store_hint"])],
        ) from None
    if not {"scans", "hosts", "addresses", "ports", "services"} <= names:
        con.close()
        raise ScanFileError(
            MESSAGES["not_store"].format(path=db_path),
            [Problem(place, MESSAGES["no_tables"], MESSAGES["not_store_hint"])],
        )
    return con


def load_snapshot(db_path: Path, scan_id: int) -> ScanSnapshot:
    """Read one scan of the store as a :class:`ScanSnapshot` (``ScanFileError`` if absent)."""
    con = _open_readonly(db_path)
    try:
        with store_errors(db_path):
            return _snapshot(con, db_path, scan_id)
    finally:
        con.close()


def latest_complete_snapshot(db_path: Path) -> ScanSnapshot | None:
    """The newest scan nmap finished successfully, or ``None`` when the store holds none.

    Raises :class:`ScanFileError` when ``db_path`` is missing or is not a scan store.
    """
    con = _open_readonly(db_path)
    try:
        with store_errors(db_path):
            ids = _complete_ids(con, 1)
            return None if not ids else _snapshot(con, db_path, ids[0])
    finally:
        con.close()


def _complete_ids(con: sqlite3.Connection, limit: int) -> list[int]:
    return [int(r[0]) for r in con.execute(
        "SELECT id FROM scans WHERE complete = 1 ORDER BY COALESCE(finished, started, 0) DESC, id DESC LIMIT ?",
        (limit,))]


def merged_snapshot(db_path: Path, depth: int = MERGE_DEPTH) -> ScanSnapshot | None:
    """The newest complete scans merged by coverage (``None`` when the store holds no complete scan).

    The newest scan decides, for everything it looked at: the hosts it saw (up), and on each of them the
    ports it probed. What it did not look at is taken from the newest older scan that did: the ports of a
    host a discovery scan (``-sn``) only saw up, a port range or protocol it did not scan, a host outside
    its targets. A host an older scan saw inside the targets of a newer complete scan that did not see it
    is gone. At most ``depth`` complete scans are read.
    """
    con = _open_readonly(db_path)
    try:
        with store_errors(db_path):
            snaps = [_snapshot(con, db_path, i) for i in _complete_ids(con, depth)]
    finally:
        con.close()
    return merge_by_coverage(snaps) if snaps else None


def _key(host: HostObservation) -> str | None:
    for addr in host.addresses:
        try:
            ipaddress.ip_address(addr)
        except ValueError:
            continue
        return addr
    return None


def _nets(cidrs: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(c) for c in cidrs]


def _inside(addr: str, nets: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    ip = ipaddress.ip_address(addr)
    return any(ip.version == n.version and ip in n for n in nets)


def merge_by_coverage(snaps: list[ScanSnapshot]) -> ScanSnapshot:
    """Merge complete snapshots given newest first (see :func:`merged_snapshot`)."""
    newest = snaps[0]
    hosts: dict[str, list[HostObservation]] = {}  # address -> observations, newest first
    unkeyed: list[HostObservation] = []
    newer_scopes: list[list[ipaddress.IPv4Network | ipaddress.IPv6Network]] = []
    for snap in snaps:
        for host in snap.hosts:
            key = _key(host)
            if key is None:
                if snap is newest:
                    unkeyed.append(host)
            elif key in hosts:
                hosts[key].append(host)
            elif not any(_inside(key, nets) for nets in newer_scopes):
                hosts[key] = [host]  # else a newer complete scan covered the address and did not see it: gone
        newer_scopes.append(_nets(snap.scope))
    merged = [_merge_host(observations) for observations in hosts.values()] + unkeyed
    scope = sorted({c for snap in snaps for c in snap.scope})
    return ScanSnapshot(scan_id=newest.scan_id, started=newest.started, finished=newest.finished,
                        complete=newest.complete, scope=scope, hosts=merged,
                        merged_from=[snap.scan_id for snap in snaps])


def merge_duplicates(hosts: list[HostObservation]) -> list[HostObservation]:
    """Hosts of one snapshot with duplicate ``<host>`` elements of one address merged (first position kept)."""
    groups: dict[str, list[HostObservation]] = {}
    result: list[HostObservation | str] = []
    for host in hosts:
        key = _key(host)
        if key is None:
            result.append(host)
        elif key in groups:
            groups[key].append(host)
        else:
            groups[key] = [host]
            result.append(key)
    return [_merge_host(groups[item]) if isinstance(item, str) else item for item in result]


def _merge_host(observations: list[HostObservation]) -> HostObservation:
    """One host from its observations, newest scan first: each port from the newest scan that probed it."""
    if len(observations) == 1:
        return observations[0]
    ports: dict[tuple[str, int], PortObservation] = {}
    decided: list[HostObservation] = []  # observations of newer scans
    names: list[str] = []
    scan_ids = list(dict.fromkeys(o.scan_id for o in observations))
    for scan_id in scan_ids:
        group = [o for o in observations if o.scan_id == scan_id]  # duplicates within one scan are merged
        for obs in group:
            for port in obs.ports:
                key = (port.protocol, port.port)
                if key not in ports and not any(probes(d, *key) for d in decided):
                    ports[key] = port
            if not names:
                names = list(obs.hostnames)
        decided.extend(group)
    probed: set[PortRange] = set()
    for obs in observations:
        if obs.probed is not None:
            probed.update(obs.probed)
        else:  # unknown: a host with port results counts as port-scanned for those protocols
            probed.update(PortRange(protocol=p, first=0, last=65535) for p in {q.protocol for q in obs.ports})
    return HostObservation(addresses=list(dict.fromkeys(a for o in observations for a in o.addresses)),
                           hostnames=sorted(names), ports=sorted(ports.values(), key=lambda p: (p.protocol, p.port)),
                           probed=sorted(probed, key=lambda r: (r.protocol, r.first, r.last)),
                           scan_id=observations[0].scan_id)


def _snapshot(con: sqlite3.Connection, db_path: Path, scan_id: int) -> ScanSnapshot:
    head = con.execute("SELECT id, started, finished, complete, ports_scanned FROM scans WHERE id = ?",
                       (scan_id,)).fetchone()
    if head is None:
        raise ScanFileError(
            MESSAGES["no_scan"].format(scan_id=scan_id, path=db_path),
            [Problem(Place(file=str(db_path)), MESSAGES["no_scan_found"].format(scan_id=scan_id),
                     MESSAGES["no_scan_hint"])],
        )
    networks: dict[str, list[str]] = {"scope": [], "target": [], "exclude": []}
    for role, cidr in con.execute("SELECT role, cidr FROM scan_networks WHERE scan_id = ?", (scan_id,)):
        networks.setdefault(role, []).append(cidr)
    scope = without(networks["target"] or networks["scope"], networks["exclude"])
    ranges = parse_port_ranges(head[4])
    probed = None if ranges is None else [PortRange(protocol=proto, first=low, last=high)
                                          for proto, spans in sorted(ranges.items()) for low, high in spans]
    addresses: dict[int, list[tuple[int, str]]] = {}
    for host_id, addr, kind in con.execute(
        "SELECT a.host_id, a.addr, a.addrtype FROM addresses a JOIN hosts h ON h.id = a.host_id WHERE h.scan_id = ?",
        (scan_id,),
    ):
        addresses.setdefault(host_id, []).append((1 if kind == "mac" else 0, addr))
    names: dict[int, set[str]] = {}
    for host_id, name in con.execute(
        "SELECT n.host_id, n.name FROM hostnames n JOIN hosts h ON h.id = n.host_id WHERE h.scan_id = ?", (scan_id,)
    ):
        names.setdefault(host_id, set()).add(name)
    cpes: dict[int, list[str]] = {}
    for port_id, cpe in con.execute(
        "SELECT c.port_id, c.cpe FROM cpes c JOIN ports p ON p.id = c.port_id JOIN hosts h ON h.id = p.host_id "
        "WHERE h.scan_id = ? ORDER BY c.port_id, c.seq",
        (scan_id,),
    ):
        cpes.setdefault(port_id, []).append(cpe)
    cves: dict[int, dict[str, float | None]] = {}
    for port_id, vuln_id, cvss in con.execute(
        "SELECT v.port_id, v.vuln_id, v.cvss FROM vulnerabilities v JOIN ports p ON p.id = v.port_id "
        "JOIN hosts h ON h.id = p.host_id WHERE h.scan_id = ?",
        (scan_id,),
    ):
        known = cves.setdefault(port_id, {})
        if vuln_id not in known or (cvss is not None and (known[vuln_id] or -1.0) < cvss):
            known[vuln_id] = cvss
    ports: dict[int, list[PortObservation]] = {}
    for port_id, host_id, proto, portid, state, name, product, version in con.execute(
        "SELECT p.id, p.host_id, p.protocol, p.portid, p.state, s.name, s.product, s.version FROM ports p "
        "JOIN hosts h ON h.id = p.host_id LEFT JOIN services s ON s.port_id = p.id WHERE h.scan_id = ?",
        (scan_id,),
    ):
        ports.setdefault(host_id, []).append(
            PortObservation(
                port=portid, protocol=proto, state=state, service=name, product=product, version=version,
                cpes=cpes.get(port_id, []),
                cves=[CveObservation(id=k, cvss=v) for k, v in sorted(cves.get(port_id, {}).items())],
            )
        )
    hosts = []
    for (host_id,) in con.execute("SELECT id FROM hosts WHERE scan_id = ? AND state = 'up' ORDER BY id", (scan_id,)):
        hosts.append(
            HostObservation(
                addresses=[a for _, a in sorted(addresses.get(host_id, []))],
                hostnames=sorted(names.get(host_id, set())),
                ports=sorted(ports.get(host_id, []), key=lambda p: (p.protocol, p.port)),
                probed=probed, scan_id=int(head[0]),
            )
        )
    return ScanSnapshot(
        scan_id=int(head[0]), started=_when(head[1]), finished=_when(head[2]), complete=bool(head[3]),
        scope=scope, hosts=hosts,
    )
