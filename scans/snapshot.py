"""The contract between the scan store and the risk analysis.

The analyzer imports only this module: typed, frozen views of one stored scan
and :func:`latest_complete_snapshot`, which reads the newest scan that nmap
finished without an error. Addresses are canonical text (``ipaddress``),
ports are sorted by (protocol, port), hosts keep the order of the XML file,
so the same store always yields the same snapshot.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from asset_models.errors import Place, Problem, ScanFileError


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


class HostObservation(_Frozen):
    """One ``<host>`` element nmap found up (duplicates of the same address are kept apart)."""

    addresses: list[str]  # IPv4/IPv6 first (canonical), then MAC addresses
    hostnames: list[str] = Field(default_factory=list)
    ports: list[PortObservation] = Field(default_factory=list)


class ScanSnapshot(_Frozen):
    """One stored scan: when it ran, whether nmap finished it, what it was allowed to cover, what it saw."""

    scan_id: int
    started: datetime | None = None
    finished: datetime | None = None
    complete: bool
    # CIDRs the scan covered: its targets (for an imported file, those on nmap's command line), else the
    # authorised scope given at import. An inventory asset inside these and absent from hosts was not seen.
    scope: list[str] = Field(default_factory=list)
    hosts: list[HostObservation] = Field(default_factory=list)


def _when(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


def _open_readonly(db_path: Path) -> sqlite3.Connection:
    place = Place(file=str(db_path))
    if not db_path.is_file():
        raise ScanFileError(
            f"scan store {db_path} does not exist",
            [Problem(place, "no such file", "run 'lsgrisk scan run' or 'lsgrisk scan import' first")],
        )
    try:
        con = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ScanFileError(
            f"{db_path} is not a scan store",
            [Problem(place, f"not an SQLite database ({exc})", "pass the file written by 'lsgrisk scan'")],
        ) from None
    if not {"scans", "hosts", "addresses", "ports", "services"} <= names:
        con.close()
        raise ScanFileError(
            f"{db_path} is not a scan store",
            [Problem(place, "the tables of an lsgrisk scan store are missing",
                     "pass the file written by 'lsgrisk scan'")],
        )
    return con


def load_snapshot(db_path: Path, scan_id: int) -> ScanSnapshot:
    """Read one scan of the store as a :class:`ScanSnapshot` (``ScanFileError`` if absent)."""
    con = _open_readonly(db_path)
    try:
        return _snapshot(con, db_path, scan_id)
    finally:
        con.close()


def latest_complete_snapshot(db_path: Path) -> ScanSnapshot | None:
    """The newest scan nmap finished successfully, or ``None`` when the store holds none.

    Raises :class:`ScanFileError` when ``db_path`` is missing or is not a scan store.
    """
    con = _open_readonly(db_path)
    try:
        row = con.execute(
            "SELECT id FROM scans WHERE complete = 1 ORDER BY COALESCE(finished, started, 0) DESC, id DESC"
        ).fetchone()
        return None if row is None else _snapshot(con, db_path, int(row[0]))
    except sqlite3.DatabaseError as exc:
        raise ScanFileError(
            f"{db_path} cannot be read", [Problem(Place(file=str(db_path)), str(exc), "restore it from a backup")]
        ) from None
    finally:
        con.close()


def _snapshot(con: sqlite3.Connection, db_path: Path, scan_id: int) -> ScanSnapshot:
    head = con.execute("SELECT id, started, finished, complete FROM scans WHERE id = ?", (scan_id,)).fetchone()
    if head is None:
        raise ScanFileError(
            f"scan {scan_id} is not in {db_path}",
            [Problem(Place(file=str(db_path)), f"no scan with id {scan_id}", "see 'lsgrisk scan list'")],
        )
    networks: dict[str, list[str]] = {"scope": [], "target": []}
    for role, cidr in con.execute("SELECT role, cidr FROM scan_networks WHERE scan_id = ?", (scan_id,)):
        networks.setdefault(role, []).append(cidr)
    scope = sorted(networks["target"] or networks["scope"])
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
            )
        )
    return ScanSnapshot(
        scan_id=int(head[0]), started=_when(head[1]), finished=_when(head[2]), complete=bool(head[3]),
        scope=scope, hosts=hosts,
    )
