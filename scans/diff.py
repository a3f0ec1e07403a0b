"""Compare two stored scans: hosts new and gone, ports opened and closed, service and script changes.

A host absent from the later scan is "gone" only when the later scan finished
(``exit="success"``) and its targets covered the host's address; otherwise it
is listed as "not covered" (nmap writes no ``<host>`` for down hosts, so
absence never means "known down"). Ports with several script results are
compared script by script (ndiff 7.93 crashes on them). Hosts are keyed by
their IP address; duplicate ``<host>`` elements of one address are merged for
the comparison.
"""

from __future__ import annotations

import ipaddress
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from asset_models.errors import Place, Problem, ScanFileError
from scans.store import ScanRow, get_scan, scan_networks

PortKey = tuple[str, int]  # (protocol, port)
ServiceT = tuple[str | None, str | None, str | None]  # (name, product, version)


@dataclass
class _HostView:
    open_ports: dict[PortKey, ServiceT] = field(default_factory=dict)
    scripts: dict[PortKey, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PortChange:
    address: str
    port: str  # "tcp/443"
    before: str
    after: str


@dataclass
class ScanDiff:
    old_scan: int
    new_scan: int
    new_complete: bool
    hosts_new: list[str] = field(default_factory=list)
    hosts_gone: list[str] = field(default_factory=list)
    hosts_not_covered: list[str] = field(default_factory=list)
    ports_opened: list[PortChange] = field(default_factory=list)
    ports_closed: list[PortChange] = field(default_factory=list)
    service_changes: list[PortChange] = field(default_factory=list)
    script_changes: list[PortChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_differences(self) -> bool:
        return bool(self.hosts_new or self.hosts_gone or self.ports_opened or self.ports_closed
                    or self.service_changes or self.script_changes)


def _ip_key(addr: str) -> tuple[int, int]:
    ip = ipaddress.ip_address(addr)
    return (ip.version, int(ip))


def _load(con: sqlite3.Connection, scan_id: int) -> dict[str, _HostView]:
    hosts: dict[str, _HostView] = {}
    host_addr: dict[int, str] = {}
    for host_id, addr in con.execute(
        "SELECT h.id, a.addr FROM hosts h JOIN addresses a ON a.host_id = h.id "
        "WHERE h.scan_id = ? AND h.state = 'up' AND a.addrtype IN ('ipv4', 'ipv6')", (scan_id,)
    ):
        if host_id not in host_addr:
            host_addr[host_id] = addr
        hosts.setdefault(addr, _HostView())
    for host_id, proto, portid, name, product, version in con.execute(
        "SELECT p.host_id, p.protocol, p.portid, s.name, s.product, s.version FROM hosts h "
        "JOIN ports p ON p.host_id = h.id LEFT JOIN services s ON s.port_id = p.id "
        "WHERE h.scan_id = ? AND h.state = 'up' AND p.state = 'open'", (scan_id,)
    ):
        addr = host_addr.get(host_id)
        if addr is not None:
            hosts[addr].open_ports[(proto, portid)] = (name, product, version)
    for host_id, proto, portid, script, output in con.execute(
        "SELECT p.host_id, p.protocol, p.portid, sc.script_name, sc.output FROM hosts h "
        "JOIN scripts sc ON sc.host_id = h.id JOIN ports p ON p.id = sc.port_id "
        "WHERE h.scan_id = ? AND p.state = 'open'", (scan_id,)
    ):
        addr = host_addr.get(host_id)
        if addr is not None:
            hosts[addr].scripts.setdefault((proto, portid), {})[script] = output
    return hosts


def _service_text(service: ServiceT) -> str:
    name, product, version = service
    return " ".join(x for x in (name or "?", product, version) if x)


def default_pair(con: sqlite3.Connection, db_path: Path) -> tuple[int, int]:
    rows = con.execute(
        "SELECT id FROM scans WHERE complete = 1 ORDER BY COALESCE(started, finished, 0) DESC, id DESC LIMIT 2"
    ).fetchall()
    if len(rows) < 2:
        raise ScanFileError(
            "scan diff needs two complete scans",
            [Problem(Place(file=str(db_path)), f"the store holds {len(rows)} complete scan(s)",
                     "run or import another scan, or give two scan ids: lsgrisk scan diff OLD NEW")],
        )
    return int(rows[1][0]), int(rows[0][0])


def _covered(con: sqlite3.Connection, scan_id: int) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(c) for c in scan_networks(con, scan_id, "target")]


def diff_scans(con: sqlite3.Connection, db_path: Path, old_id: int, new_id: int) -> ScanDiff:
    old_row: ScanRow = get_scan(con, old_id, db_path)
    new_row: ScanRow = get_scan(con, new_id, db_path)
    old, new = _load(con, old_id), _load(con, new_id)
    result = ScanDiff(old_id, new_id, new_row.complete)
    if not old_row.complete:
        result.notes.append(f"scan {old_id} is incomplete: hosts and ports it missed show up as new")
    result.hosts_new = sorted((a for a in new if a not in old), key=_ip_key)
    covered = _covered(con, new_id)
    for addr in sorted((a for a in old if a not in new), key=_ip_key):
        ip = ipaddress.ip_address(addr)
        if new_row.complete and any(ip.version == n.version and ip in n for n in covered):
            result.hosts_gone.append(addr)
        else:
            result.hosts_not_covered.append(addr)
    if result.hosts_not_covered:
        why = "is incomplete" if not new_row.complete else "did not cover their addresses"
        result.notes.append(f"{len(result.hosts_not_covered)} host(s) of scan {old_id} are absent from scan {new_id}, "
                            f"which {why}: not counted as gone")
    for addr in sorted((a for a in new if a in old), key=_ip_key):
        _compare_host(addr, old[addr], new[addr], result)
    return result


def _compare_host(addr: str, before: _HostView, after: _HostView, result: ScanDiff) -> None:
    for key in sorted(set(before.open_ports) | set(after.open_ports)):
        spec = f"{key[0]}/{key[1]}"
        if key not in before.open_ports:
            result.ports_opened.append(PortChange(addr, spec, "not open", _service_text(after.open_ports[key])))
        elif key not in after.open_ports:
            result.ports_closed.append(PortChange(addr, spec, _service_text(before.open_ports[key]), "not open"))
        else:
            if before.open_ports[key] != after.open_ports[key]:
                result.service_changes.append(PortChange(addr, spec, _service_text(before.open_ports[key]),
                                                         _service_text(after.open_ports[key])))
            old_scripts, new_scripts = before.scripts.get(key, {}), after.scripts.get(key, {})
            if old_scripts != new_scripts:
                changed = sorted(s for s in set(old_scripts) | set(new_scripts)
                                 if old_scripts.get(s) != new_scripts.get(s))
                result.script_changes.append(PortChange(addr, spec, ",".join(sorted(old_scripts)) or "-",
                                                        "changed: " + ",".join(changed)))


def diff_to_json(diff: ScanDiff) -> str:
    document = asdict(diff)
    document["has_differences"] = diff.has_differences
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def diff_to_text(diff: ScanDiff) -> str:
    lines = [f"scan {diff.old_scan} -> scan {diff.new_scan}"]
    for note in diff.notes:
        lines.append(f"note: {note}")
    lines += [f"+ host {a}" for a in diff.hosts_new]
    lines += [f"- host {a}" for a in diff.hosts_gone]
    lines += [f"+ {c.address} {c.port} open {c.after}" for c in diff.ports_opened]
    lines += [f"- {c.address} {c.port} closed (was {c.before})" for c in diff.ports_closed]
    lines += [f"~ {c.address} {c.port} {c.before} -> {c.after}" for c in diff.service_changes]
    lines += [f"~ {c.address} {c.port} scripts {c.after}" for c in diff.script_changes]
    lines.append(
        f"summary: {len(diff.hosts_new)} new hosts, {len(diff.hosts_gone)} gone, "
        f"{len(diff.hosts_not_covered)} not covered, {len(diff.ports_opened)} ports opened, "
        f"{len(diff.ports_closed)} closed, {len(diff.service_changes)} service changes, "
        f"{len(diff.script_changes)} script changes"
    )
    return "\n".join(lines) + "\n"
