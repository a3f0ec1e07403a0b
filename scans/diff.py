"""Compare two stored scans by coverage: what the newer scan looked at decides what it can say.

* A host absent from the later scan is "gone" only when the later scan
  finished (``exit="success"``) and its targets, minus its exclusions, cover
  the host's address; otherwise it is "not covered" (nmap writes no ``<host>``
  for down hosts, so absence never means "known down").
* A port open before is "closed" only when the later scan probed it on that
  host (its ``<scaninfo services>`` ranges; a discovery scan ``-sn``, a scan of
  other ports or of another protocol probed nothing there): otherwise it is
  "not covered", listed apart and not counted as a difference.
* Services are compared on name, product and version, and only when the later
  scan detected versions on the port (``-sV``; a port-table guess is not a
  change). Port scripts, host scripts, OS matches and host names are compared
  as ndiff does, but only when the later scan produced that kind of result for
  the host (no ``-O``, no scripts or ``-n`` say nothing about what is gone).
* Ports with several script results are compared script by script (ndiff 7.93
  crashes on them). Hosts are keyed by their IP address; duplicate ``<host>``
  elements of one address in one scan are merged.
"""

from __future__ import annotations

import ipaddress
import json
import multiprocessing as mp
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from asset_models.errors import Place, Problem, ScanFileError
from asset_models.i18n import Texts
from scans.nmapargs import is_covered
from scans.notes import Note
from scans.store import ScanRow, get_scan, has_table, ports_scanned, scan_networks

PortKey = tuple[str, int]  # (protocol, port)
ServiceT = tuple[str | None, str | None, str | None]  # (name, product, version)
Ranges = dict[str, list[tuple[int, int]]]

# User-facing texts of this module.
MESSAGES = Texts({
    "need_two": "scan diff needs two complete scans",
    "need_two_hint": "run or import another scan, or give two scan ids: lsgrisk scan diff OLD NEW",
    "old_incomplete": "scan {old} is incomplete: hosts and ports it missed show up as new",
    "why_incomplete": "is incomplete",
    "why_not_covered": "did not cover their addresses",
    "scripts_changed": "changed: {names}",
    "none": "-",
    "header": "scan {old} -> scan {new}",
    "note": "note: {text}",
    "host_new": "+ host {addr}",
    "host_gone": "- host {addr}",
    "port_opened": "+ {addr} {port} open {after}",
    "port_closed": "- {addr} {port} {after} (was {before})",
    "port_not_covered": "? {addr} {port} not probed by scan {new} (open in scan {old}: {before})",
    "service": "~ {addr} {port} {before} -> {after}",
    "scripts": "~ {addr} {port} scripts {after}",
    "host_change": "~ {addr} {what}: {before} -> {after}",
    "what_hostnames": "hostnames",
    "what_os": "os",
    "what_host_script": "host script {name}",
    "summary": "summary: {new} new hosts, {gone} gone, {not_covered} not covered, {opened} ports opened, "
               "{closed} closed, {ports_not_covered} ports not probed, {services} service changes, "
               "{scripts} script changes, {host_changes} host changes",
}, plurals={
    "need_two_found": ("the store holds {count} complete scan", "the store holds {count} complete scans"),
    "absent": ("{count} host of scan {old} is absent from scan {new}, which {why}: not counted as gone",
               "{count} hosts of scan {old} are absent from scan {new}, which {why}: not counted as gone"),
    "ports_not_covered": ("{count} port open in scan {old} was not probed by scan {new} (another port range, "
                          "another protocol, or host discovery only): not counted as closed",
                          "{count} ports open in scan {old} were not probed by scan {new} (another port range, "
                          "another protocol, or host discovery only): not counted as closed"),
})
#: the notes of a diff: code (what the JSON says) -> message key (what the text says; plural when it has a count)
NOTE_MESSAGES = {"old_incomplete": "old_incomplete", "hosts_not_covered": "absent",
                 "ports_not_covered": "ports_not_covered"}
#: why absent hosts are not gone: the code in a note's args -> message key
NOT_COVERED_REASONS = {"new_incomplete": "why_incomplete", "outside_targets": "why_not_covered"}
#: the states of a port in the JSON: nmap's own words, and "not_open" (open before: not listed, or listed as not
#: open) and "not_probed" (not looked at by the newer scan)
NOT_OPEN = "not_open"
NOT_PROBED = "not_probed"
#: nmap's port states, as the text output names them (the JSON keeps nmap's words)
PORT_STATES = Texts({
    "open": "open", "closed": "closed", "filtered": "filtered", "unfiltered": "unfiltered",
    "open|filtered": "open|filtered", "closed|filtered": "closed|filtered",
})


@dataclass
class _HostView:
    other_ports: dict[PortKey, str] = field(default_factory=dict)  # listed ports that are not open: their state
    open_ports: dict[PortKey, ServiceT] = field(default_factory=dict)
    versioned: set[PortKey] = field(default_factory=set)  # open ports whose service was probed (-sV), not guessed
    scripts: dict[PortKey, dict[str, str]] = field(default_factory=dict)
    host_scripts: dict[str, str] = field(default_factory=dict)
    os_matches: set[str] = field(default_factory=set)
    hostnames: set[str] = field(default_factory=set)
    port_results: bool = False  # the host has any port row or extraports row: it was port-scanned


@dataclass(frozen=True)
class PortChange:
    address: str
    port: str  # "tcp/443"
    before: str  # a service ("http Apache httpd 2.4.58"), an nmap port state, or NOT_OPEN
    after: str  # a service, an nmap port state, or NOT_PROBED


@dataclass(frozen=True)
class ScriptChange:
    address: str
    port: str  # "tcp/443"
    before: list[str]  # the port's script ids in the older scan
    after: list[str]  # the port's script ids in the newer scan
    changed: list[str]  # the script ids whose output differs (added, removed or changed)


@dataclass(frozen=True)
class HostChange:
    address: str
    what: str  # "hostnames", "os" or "host_script"
    before: str | None  # None: nothing of that kind in the older scan
    after: str | None
    script: str | None = None  # the script id of a "host_script" change


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
    ports_not_covered: list[PortChange] = field(default_factory=list)
    service_changes: list[PortChange] = field(default_factory=list)
    script_changes: list[ScriptChange] = field(default_factory=list)
    host_changes: list[HostChange] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def has_differences(self) -> bool:
        return bool(self.hosts_new or self.hosts_gone or self.ports_opened or self.ports_closed
                    or self.service_changes or self.script_changes or self.host_changes)


def _ip_key(addr: str) -> tuple[int, int]:
    ip = ipaddress.ip_address(addr)
    return (ip.version, int(ip))


_Row = tuple[Any, ...]


@dataclass
class _RawScan:
    """The rows of one scan that the diff reads, grouped by host row id, before any per-port work.

    Most hosts do not change between two scans: their rows are compared as they came from the store
    (in C), and only the hosts whose rows differ are turned into :class:`_HostView` objects.
    """

    hosts: dict[str, list[int]] = field(default_factory=dict)  # address -> host row ids (duplicates merged)
    ports: dict[int, list[_Row]] = field(default_factory=dict)
    extraports: set[int] = field(default_factory=set)
    scripts: dict[int, list[_Row]] = field(default_factory=dict)
    os_matches: dict[int, list[_Row]] = field(default_factory=dict)
    hostnames: dict[int, list[_Row]] = field(default_factory=dict)

    def signature(self, addr: str) -> tuple[object, ...]:
        """Everything the diff compares for one address, without host row ids (equal -> the views are equal)."""
        empty: list[_Row] = []
        parts: list[object] = []
        for host_id in self.hosts[addr]:
            parts.append((
                tuple([r[1:] for r in self.ports.get(host_id, empty)]),
                host_id in self.extraports,
                tuple([r[1:] for r in self.scripts.get(host_id, empty)]),
                tuple([r[1:] for r in self.os_matches.get(host_id, empty)]),
                tuple([r[1:] for r in self.hostnames.get(host_id, empty)]),
            ))
        return tuple(parts)

    def view(self, addr: str) -> _HostView:
        host = _HostView()
        empty: list[_Row] = []
        for host_id in self.hosts[addr]:
            for _, proto, portid, state, name, product, version, method in self.ports.get(host_id, empty):
                if state == "open":
                    host.open_ports[(proto, portid)] = (name, product, version)
                    if method == "probed":
                        host.versioned.add((proto, portid))
                else:
                    host.other_ports[(proto, portid)] = state
            if host_id in self.extraports:
                host.port_results = True
            for _, proto, portid, script, output in self.scripts.get(host_id, empty):
                if proto is None:
                    host.host_scripts[script] = output
                else:
                    host.scripts.setdefault((proto, portid), {})[script] = output
            host.os_matches.update(name for _, name in self.os_matches.get(host_id, empty))
            host.hostnames.update(name for _, name in self.hostnames.get(host_id, empty) if name)
        if host.open_ports or host.other_ports:
            host.port_results = True
        return host


def _grouped(con: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> dict[int, list[_Row]]:
    """Rows of ``sql`` (host row id first, ordered by it) grouped by host row id."""
    return {host_id: list(rows) for host_id, rows in groupby(con.execute(sql, params), key=itemgetter(0))}


#: the queries of the diff: @WHERE@ is the scan (``h.scan_id = ?``) or a list of host rows (json_each)
_QUERY_TEMPLATES = {
    "hosts": "SELECT h.id, a.addr FROM hosts h JOIN addresses a ON a.host_id = h.id WHERE @WHERE@ "
             "AND h.state = 'up' AND a.addrtype IN ('ipv4', 'ipv6') ORDER BY h.id, a.rowid",
    "ports": "SELECT p.host_id, p.protocol, p.portid, p.state, s.name, s.product, s.version, s.method FROM hosts h "
             "JOIN ports p ON p.host_id = h.id LEFT JOIN services s ON s.port_id = p.id WHERE @WHERE@ "
             "AND h.state = 'up' ORDER BY h.id, p.id",
    "extraports": "SELECT DISTINCT e.host_id FROM extraports e JOIN hosts h ON h.id = e.host_id WHERE @WHERE@",
    "scripts": "SELECT sc.host_id, p.protocol, p.portid, sc.script_name, sc.output FROM hosts h "
               "JOIN scripts sc ON sc.host_id = h.id LEFT JOIN ports p ON p.id = sc.port_id WHERE @WHERE@ "
               "ORDER BY h.id, sc.id",
    "os_matches": "SELECT m.host_id, m.name FROM os_matches m JOIN hosts h ON h.id = m.host_id WHERE @WHERE@ "
                  "ORDER BY h.id, m.id",
    "hostnames": "SELECT n.host_id, n.name FROM hostnames n JOIN hosts h ON h.id = n.host_id WHERE @WHERE@ "
                 "ORDER BY h.id, n.rowid",
}
_QUERIES = {
    kind: {name: sql.replace("@WHERE@", where) for name, sql in _QUERY_TEMPLATES.items()}
    for kind, where in (("scan", "h.scan_id = ?"), ("rows", "h.id IN (SELECT value FROM json_each(?))"))
}


def _load_raw(con: sqlite3.Connection, scan_id: int, only: list[int] | None = None) -> _RawScan:
    """The rows of a scan's up hosts, or only of the host rows ``only`` (SQLite stores: through json_each)."""
    queries, params = (_QUERIES["scan"], (scan_id,)) if only is None else (_QUERIES["rows"], (json.dumps(only),))
    raw = _RawScan()
    seen: set[int] = set()
    for host_id, addr in con.execute(queries["hosts"], params):
        if host_id not in seen:  # a host is keyed by its first IP address
            seen.add(host_id)
            raw.hosts.setdefault(addr, []).append(host_id)
    raw.ports = _grouped(con, queries["ports"], params)
    raw.extraports = {row[0] for row in con.execute(queries["extraports"], params)}
    raw.scripts = _grouped(con, queries["scripts"], params)
    raw.os_matches = _grouped(con, queries["os_matches"], params)
    raw.hostnames = _grouped(con, queries["hostnames"], params)
    return raw


#: from this many hosts in the two scans on, an SQLite store is read by two processes at once
PARALLEL_HOSTS = 20_000

_Summary = tuple[dict[str, list[int]], dict[str, int]]


def _summary(con: sqlite3.Connection, scan_id: int) -> _Summary:
    """Host rows per address and a hash of everything the diff compares for each address."""
    raw = _load_raw(con, scan_id)
    return raw.hosts, {addr: hash(raw.signature(addr)) for addr in raw.hosts}


def _summary_in_child(db_file: str, scan_id: int) -> _Summary:
    con = sqlite3.connect(f"file:{quote(db_file)}?mode=ro", uri=True)
    try:
        return _summary(con, scan_id)
    finally:
        con.close()


def _has_json_each(con: sqlite3.Connection) -> bool:
    try:
        con.execute("SELECT value FROM json_each('[]')").fetchall()
    except sqlite3.OperationalError:  # an SQLite built without JSON: read both scans whole
        return False
    return True


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _two_scans(con: sqlite3.Connection, db_path: Path, old_id: int, new_id: int, size: int
               ) -> tuple[dict[str, list[int]], dict[str, list[int]], list[str], _RawScan, _RawScan]:
    """(old hosts, new hosts, addresses in both whose results differ, rows of those in old, in new).

    Unchanged hosts (most of them) are recognised by equal row signatures and never turned into views. A
    large SQLite store is read by two processes at once (forked: both share one hash secret); the rows of
    the changed hosts are then read again, only theirs.
    """
    parallel = (size >= PARALLEL_HOSTS and isinstance(con, sqlite3.Connection) and db_path.is_file()
                and _cpus() > 1 and "fork" in mp.get_all_start_methods() and _has_json_each(con))
    if not parallel:
        old, new = _load_raw(con, old_id), _load_raw(con, new_id)
        both = [a for a in new.hosts if a in old.hosts]
        changed = [a for a in both if old.signature(a) != new.signature(a)]
        return old.hosts, new.hosts, changed, old, new
    with mp.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(_summary_in_child, (str(db_path), new_id))
        old_hosts, old_hash = _summary(con, old_id)
        new_hosts, new_hash = pending.get()
    changed = [a for a in new_hosts if a in old_hosts and old_hash[a] != new_hash[a]]
    old_rows = _load_raw(con, old_id, [h for a in changed for h in old_hosts[a]])
    new_rows = _load_raw(con, new_id, [h for a in changed for h in new_hosts[a]])
    return old_hosts, new_hosts, changed, old_rows, new_rows


def _service_text(service: ServiceT) -> str:
    name, product, version = service
    return " ".join(x for x in (name or "?", product, version) if x)


def default_pair(con: sqlite3.Connection, db_path: Path) -> tuple[int, int]:
    rows = con.execute(
        "SELECT id FROM scans WHERE complete = 1 ORDER BY COALESCE(started, finished, 0) DESC, id DESC LIMIT 2"
    ).fetchall()
    if len(rows) < 2:
        raise ScanFileError(
            MESSAGES["need_two"],
            [Problem(Place(file=str(db_path)), MESSAGES.n("need_two_found", len(rows)).format(count=len(rows)),
                     MESSAGES["need_two_hint"])],
        )
    return int(rows[1][0]), int(rows[0][0])


def _networks(con: sqlite3.Connection, scan_id: int, role: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(c) for c in scan_networks(con, scan_id, role)]


def _probed(key: PortKey, host: _HostView, ranges: Ranges | None) -> bool:
    """The later scan looked at this port on this host."""
    if key in host.open_ports or key in host.other_ports:
        return True
    if ranges is None:  # no <scaninfo>: only a host with port results was port-scanned
        return host.port_results
    return any(low <= key[1] <= high for low, high in ranges.get(key[0], []))


def diff_scans(con: sqlite3.Connection, db_path: Path, old_id: int, new_id: int) -> ScanDiff:
    old_row: ScanRow = get_scan(con, old_id, db_path)
    new_row: ScanRow = get_scan(con, new_id, db_path)
    old_hosts, new_hosts, changed, old, new = _two_scans(con, db_path, old_id, new_id,
                                                         old_row.host_count + new_row.host_count)
    result = ScanDiff(old_id, new_id, new_row.complete)
    if not old_row.complete:
        result.notes.append(Note("old_incomplete", {"old": old_id}))
    result.hosts_new = sorted((a for a in new_hosts if a not in old_hosts), key=_ip_key)
    targets, excluded = _networks(con, new_id, "target"), _networks(con, new_id, "exclude")
    for addr in sorted((a for a in old_hosts if a not in new_hosts), key=_ip_key):
        if new_row.complete and is_covered(ipaddress.ip_address(addr), targets, excluded):
            result.hosts_gone.append(addr)
        else:
            result.hosts_not_covered.append(addr)
    if result.hosts_not_covered:
        reason = "outside_targets" if new_row.complete else "new_incomplete"
        result.notes.append(Note("hosts_not_covered", {"count": len(result.hosts_not_covered), "old": old_id,
                                                       "new": new_id, "reason": reason}))
    ranges = ports_scanned(con, new_id)
    for addr in sorted(changed, key=_ip_key):  # hosts whose rows are equal have equal views: nothing to report
        _compare_host(addr, old.view(addr), new.view(addr), ranges, result)
    if result.ports_not_covered:
        result.notes.append(Note("ports_not_covered", {"count": len(result.ports_not_covered), "old": old_id,
                                                       "new": new_id}))
    return result


def _compare_host(addr: str, before: _HostView, after: _HostView, ranges: Ranges | None, result: ScanDiff) -> None:
    if before == after:  # most hosts do not change: one comparison of their views, in C
        return
    for key in sorted(set(before.open_ports) | set(after.open_ports)):
        spec = f"{key[0]}/{key[1]}"
        if key not in before.open_ports:
            result.ports_opened.append(PortChange(addr, spec, before.other_ports.get(key, NOT_OPEN),
                                                  _service_text(after.open_ports[key])))
        elif key not in after.open_ports:
            was = _service_text(before.open_ports[key])
            if _probed(key, after, ranges):
                result.ports_closed.append(PortChange(addr, spec, was, after.other_ports.get(key, "closed")))
            else:
                result.ports_not_covered.append(PortChange(addr, spec, was, NOT_PROBED))
        else:
            if key in after.versioned and before.open_ports[key] != after.open_ports[key]:
                result.service_changes.append(PortChange(addr, spec, _service_text(before.open_ports[key]),
                                                         _service_text(after.open_ports[key])))
            old_scripts, new_scripts = before.scripts.get(key, {}), after.scripts.get(key, {})
            if new_scripts and old_scripts != new_scripts:
                changed = sorted(s for s in set(old_scripts) | set(new_scripts)
                                 if old_scripts.get(s) != new_scripts.get(s))
                result.script_changes.append(ScriptChange(addr, spec, sorted(old_scripts), sorted(new_scripts),
                                                          changed))
    if after.hostnames and before.hostnames != after.hostnames:
        result.host_changes.append(HostChange(addr, "hostnames", ", ".join(sorted(before.hostnames)) or None,
                                              ", ".join(sorted(after.hostnames))))
    if after.os_matches and before.os_matches != after.os_matches:
        result.host_changes.append(HostChange(addr, "os", "; ".join(sorted(before.os_matches)) or None,
                                              "; ".join(sorted(after.os_matches))))
    if after.host_scripts:
        for script in sorted(set(before.host_scripts) | set(after.host_scripts)):
            old_out, new_out = before.host_scripts.get(script), after.host_scripts.get(script)
            if old_out != new_out:
                result.host_changes.append(HostChange(addr, "host_script", _short(old_out), _short(new_out), script))


def _short(text: str | None) -> str | None:
    if text is None:
        return None
    line = " ".join(text.split())
    return line if len(line) <= 80 else line[:77] + "..."


def run_scripts(con: sqlite3.Connection, scan_id: int) -> list[tuple[str, str, str]]:
    """(phase, script id, output) of a scan's pre- and post-scan scripts."""
    if not has_table(con, "run_scripts"):
        return []
    return [(r[0], r[1], r[2]) for r in con.execute(
        "SELECT phase, script_name, output FROM run_scripts WHERE scan_id = ? ORDER BY seq", (scan_id,))]


def diff_to_json(diff: ScanDiff) -> str:
    """The diff as JSON: codes, nmap's words and the scans' own values, never a translated word (the same bytes
    whatever the language of the run)."""
    document = asdict(diff)
    document["has_differences"] = diff.has_differences
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def note_text(note: Note) -> str:
    """A note of a diff in the language in use."""
    key = NOTE_MESSAGES[note.code]
    args: dict[str, object] = dict(note.args)
    if "reason" in args:
        args["why"] = MESSAGES[NOT_COVERED_REASONS[str(args.pop("reason"))]]
    count = args.get("count")
    template = MESSAGES.n(key, count) if isinstance(count, int) and key in MESSAGES.plural_keys() else MESSAGES[key]
    return template.format(**args)


def _what_text(change: HostChange) -> str:
    """The words for a host change's kind ("hostnames", "os", "host_script" in the data)."""
    if change.what == "host_script":
        return MESSAGES["what_host_script"].format(name=change.script)
    return MESSAGES[f"what_{change.what}"]


def _value_text(value: str | None) -> str:
    return MESSAGES["none"] if value is None else value


def diff_to_text(diff: ScanDiff) -> str:
    m = MESSAGES
    old, new = diff.old_scan, diff.new_scan
    lines = [m["header"].format(old=old, new=new)]
    lines += [m["note"].format(text=note_text(note)) for note in diff.notes]
    lines += [m["host_new"].format(addr=a) for a in diff.hosts_new]
    lines += [m["host_gone"].format(addr=a) for a in diff.hosts_gone]
    lines += [m["port_opened"].format(addr=c.address, port=c.port, after=c.after) for c in diff.ports_opened]
    lines += [m["port_closed"].format(addr=c.address, port=c.port, after=PORT_STATES.get(c.after, c.after),
                                      before=c.before) for c in diff.ports_closed]
    lines += [m["port_not_covered"].format(addr=c.address, port=c.port, new=new, old=old, before=c.before)
              for c in diff.ports_not_covered]
    lines += [m["service"].format(addr=c.address, port=c.port, before=c.before, after=c.after)
              for c in diff.service_changes]
    lines += [m["scripts"].format(addr=c.address, port=c.port,
                                  after=m["scripts_changed"].format(names=",".join(c.changed)))
              for c in diff.script_changes]
    lines += [m["host_change"].format(addr=c.address, what=_what_text(c), before=_value_text(c.before),
                                      after=_value_text(c.after))
              for c in diff.host_changes]
    lines.append(m["summary"].format(
        new=len(diff.hosts_new), gone=len(diff.hosts_gone), not_covered=len(diff.hosts_not_covered),
        opened=len(diff.ports_opened), closed=len(diff.ports_closed), ports_not_covered=len(diff.ports_not_covered),
        services=len(diff.service_changes), scripts=len(diff.script_changes), host_changes=len(diff.host_changes)))
    return "\n".join(lines) + "\n"
