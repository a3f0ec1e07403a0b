"""Streaming, hardened reader of nmap XML (``-oX``) files.

* Hardened: lxml with ``resolve_entities=False``, ``no_network=True`` and
  ``load_dtd=False``. Before a byte of the prolog reaches the parser, a
  streaming check reads it token by token (comments of any length, processing
  instructions, quoted literals) and refuses a DOCTYPE with an internal subset
  (where entities and notations would be declared: XXE, billion laughs,
  quadratic blowup), an external DTD that is not nmap's (never loaded anyway),
  and any root other than ``<nmaprun>``. Real nmap files carry a bare
  ``<!DOCTYPE nmaprun>``, which is accepted. With no entity able to exist,
  ``huge_tree`` is on so that one script output above libxml2's 10 MB text
  limit does not cut a complete file short; a node can never be larger than
  the file itself.
* Encodings: UTF-8 (with or without a byte-order mark) and UTF-16 with a
  byte-order mark (what Windows PowerShell 5 writes for ``nmap -oX - > f.xml``),
  re-encoded to UTF-8 on the fly.
* Streaming: the file is fed in 64 KiB chunks; every ``<host>`` is turned into
  a :class:`HostRecord` (or, for the store, straight into table rows by
  :class:`RowSink`) as soon as it ends and then freed, so memory stays flat
  however large the file is.
* Truthful: every CPE is kept (python-nmap keeps only the last), duplicate
  ``<host>`` elements stay apart, IPv6 addresses are canonical, structured NSE
  output (``<table>``/``<elem>``) is kept, and vulners ids with their CVSS are
  pulled out. A file that stops early (an interrupted scan, a cut copy) yields
  its complete hosts and is marked truncated; a file that is broken before its
  end is refused with the line and column.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from asset_models.errors import Place, Problem, ScanFileError
from asset_models.i18n import Texts
from scans.xmlguard import checked_chunks, parser_detail

CHUNK = 1 << 16  # 64 KiB: measured faster than 1 MiB (libxml2's work stays in the CPU cache)
MAX_PROLOG = 64 << 20  # the prolog (comments included) is read as a stream; beyond this it is refused
MAX_MARKUP = 1 << 16  # one DOCTYPE or processing instruction of the prolog
_INT64 = 1 << 63

# User-facing texts of this module.
MESSAGES = Texts({
    "huge_number": "the number {text!r}... does not fit in 64 bits",
    "bad_port": "port {text!r} is not a port number",
    "bad_address": "{kind} address {text!r} is not valid",
    "bad_value": "the file holds a value nmap would never write",
    "bad_value_at": "{where}: {what}",
    "bad_value_hint": "pass the file nmap wrote, unchanged",
    "broken": "the file is not well-formed XML",
    "broken_at": "line {line}, column {column}: {msg}",
    "truncated": "{path}: the file ends early ({msg}); its {hosts} complete hosts were read and the scan is marked "
                 "incomplete",
    "runstats_mismatch": "the number of hosts up in nmap's run statistics ({stated}) differs from the number of "
                         "<host> elements up in the file ({found})",
    "where_host": "<host> #{n}",
    "where_run": "<{tag}>",
})


class _BadValue(ValueError):
    pass




@dataclass(slots=True)
class ScriptRecord:
    """One NSE result: its id, its text and its structured output flattened to (path, key, value)."""

    script_id: str
    output: str
    elems: list[tuple[str, str | None, str]] = field(default_factory=list)


@dataclass(slots=True)
class VulnRecord:
    """One row of vulners output: the CPE (or product) it was found for, id, type, CVSS, exploit flag."""

    cpe: str
    vuln_id: str
    vuln_type: str | None
    cvss: float | None
    is_exploit: bool | None


@dataclass(slots=True)
class ServiceRecord:
    name: str | None
    product: str | None
    version: str | None
    extrainfo: str | None
    tunnel: str | None
    method: str | None
    conf: int | None
    ostype: str | None
    devicetype: str | None
    hostname: str | None


@dataclass(slots=True)
class PortRecord:
    protocol: str
    portid: int
    state: str
    reason: str | None
    service: ServiceRecord | None
    cpes: list[str]
    scripts: list[ScriptRecord]
    vulns: list[VulnRecord]


@dataclass(slots=True)
class OsClassRecord:
    os_type: str | None
    vendor: str | None
    osfamily: str | None
    osgen: str | None
    accuracy: int | None
    cpes: list[str]


@dataclass(slots=True)
class OsMatchRecord:
    name: str
    accuracy: int | None
    classes: list[OsClassRecord]


@dataclass(slots=True)
class HostRecord:
    """One ``<host>`` element, in file order (``seq``)."""

    seq: int
    state: str
    reason: str | None
    starttime: int | None
    endtime: int | None
    addresses: list[tuple[str, str, str | None]]  # (addr, addrtype, vendor)
    hostnames: list[tuple[str, str | None]]  # (name, type)
    ports: list[PortRecord]
    extraports: list[tuple[str, int]]
    os_matches: list[OsMatchRecord]
    scripts: list[ScriptRecord]
    distance: int | None = None
    uptime: int | None = None


@dataclass
class RunInfo:
    """What the file says about the run, filled in while the file is read."""

    args: str = ""
    version: str = ""
    started: int | None = None
    scan_types: list[str] = field(default_factory=list)
    ports_scanned: list[str] = field(default_factory=list)  # "tcp:1-1000" from <scaninfo services=...>
    finished: int | None = None
    exit_status: str | None = None  # success | error | None (no runstats: interrupted)
    errormsg: str | None = None
    hosts_up: int | None = None
    hosts_down: int | None = None
    hosts_up_found: int = 0  # <host> elements with state up, counted while reading
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)
    run_scripts: list[tuple[str, ScriptRecord]] = field(default_factory=list)  # ("prescript"|"postscript", result)

    @property
    def complete(self) -> bool:
        return self.exit_status == "success" and not self.truncated


def _int(text: str | None) -> int | None:
    """A number nmap wrote, None when absent or not a number; ``_BadValue`` beyond 64 bits (nmap never writes it)."""
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    if not -_INT64 <= value < _INT64:
        raise _BadValue(MESSAGES["huge_number"].format(text=text[:24]))
    return value


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_CANONICAL_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


def _canonical(addr: str, kind: str) -> str:
    if kind == "ipv4" and _CANONICAL_IPV4.fullmatch(addr):  # already what ipaddress would print: skip it
        return addr
    if kind in ("ipv4", "ipv6"):
        try:
            return str(ipaddress.ip_address(addr))
        except ValueError:
            raise _BadValue(MESSAGES["bad_address"].format(kind=kind, text=addr[:64])) from None
    return addr.upper() if kind == "mac" else addr


def _flatten(node: Any, path: str, out: list[tuple[str, str | None, str]]) -> None:
    for index, child in enumerate(node):
        tag = child.tag
        if tag == "elem":
            out.append((path, child.get("key"), child.text or ""))
        elif tag == "table":
            key = child.get("key")
            name = key if key is not None else str(index)
            _flatten(child, f"{path}/{name}" if path else name, out)


def _flatten_rows(node: Any, path: str, script_row: int, out: list[tuple[object, ...]], start: int) -> None:
    """:func:`_flatten` straight into ``script_elems`` rows; ``start`` is where this script's rows begin."""
    for index, child in enumerate(node):
        tag = child.tag
        if tag == "elem":
            out.append((script_row, len(out) - start, path, child.get("key"), child.text or ""))
        elif tag == "table":
            key = child.get("key")
            name = key if key is not None else str(index)
            _flatten_rows(child, f"{path}/{name}" if path else name, script_row, out, start)


def _script(node: Any) -> ScriptRecord:
    elems: list[tuple[str, str | None, str]] = []
    if len(node):
        _flatten(node, "", elems)
    return ScriptRecord(node.get("id") or "", node.get("output") or "", elems)


def _vulners(node: Any) -> list[VulnRecord]:
    found: list[VulnRecord] = []
    for table in node:
        if table.tag != "table":
            continue
        cpe = table.get("key") or ""
        for row in table:
            if row.tag != "table":
                continue
            values = {e.get("key"): e.text or "" for e in row if e.tag == "elem"}
            if not values.get("id"):
                continue
            exploit = values.get("is_exploit")
            found.append(
                VulnRecord(cpe, values["id"], values.get("type"), _float(values.get("cvss")),
                           None if exploit is None else exploit.strip().lower() == "true")
            )
    return found


def _port(node: Any) -> PortRecord:
    state = "unknown"
    reason = None
    service = None
    cpes: list[str] = []
    scripts: list[ScriptRecord] = []
    vulns: list[VulnRecord] = []
    for child in node:
        tag = child.tag
        if tag == "state":
            state = child.get("state") or "unknown"
            reason = child.get("reason")
        elif tag == "service":
            get = child.get
            service = ServiceRecord(get("name"), get("product"), get("version"), get("extrainfo"), get("tunnel"),
                                    get("method"), _int(get("conf")), get("ostype"), get("devicetype"),
                                    get("hostname"))
            cpes = [c.text.strip() for c in child if c.tag == "cpe" and c.text]
        elif tag == "script":
            script = _script(child)
            scripts.append(script)
            if script.script_id == "vulners":
                vulns.extend(_vulners(child))
    portid = _int(node.get("portid"))
    if portid is None or not 0 <= portid <= 65535:
        raise _BadValue(MESSAGES["bad_port"].format(text=str(node.get("portid"))[:16]))
    return PortRecord(node.get("protocol") or "tcp", portid, state, reason, service, cpes, scripts, vulns)


def _os(node: Any) -> list[OsMatchRecord]:
    matches = []
    for match in node:
        if match.tag != "osmatch":
            continue
        classes = [
            OsClassRecord(c.get("type"), c.get("vendor"), c.get("osfamily"), c.get("osgen"), _int(c.get("accuracy")),
                          [p.text.strip() for p in c if p.tag == "cpe" and p.text])
            for c in match if c.tag == "osclass"
        ]
        matches.append(OsMatchRecord(match.get("name") or "", _int(match.get("accuracy")), classes))
    return matches


def host_record(node: Any, seq: int) -> HostRecord:
    """Turn one parsed ``<host>`` element into a record (everything the store keeps)."""
    rec = HostRecord(seq, "unknown", None, _int(node.get("starttime")), _int(node.get("endtime")), [], [], [], [], [],
                     [])
    for child in node:
        tag = child.tag
        if tag == "ports":
            for p in child:
                if p.tag == "port":
                    rec.ports.append(_port(p))
                elif p.tag == "extraports":
                    rec.extraports.append((p.get("state") or "", _int(p.get("count")) or 0))
        elif tag == "address":
            kind = child.get("addrtype") or "ipv4"
            rec.addresses.append((_canonical(child.get("addr") or "", kind), kind, child.get("vendor")))
        elif tag == "hostnames":
            rec.hostnames.extend((h.get("name") or "", h.get("type")) for h in child if h.tag == "hostname")
        elif tag == "status":
            rec.state = child.get("state") or "unknown"
            rec.reason = child.get("reason")
        elif tag == "os":
            rec.os_matches = _os(child)
        elif tag == "hostscript":
            rec.scripts.extend(_script(s) for s in child if s.tag == "script")
        elif tag == "distance":
            rec.distance = _int(child.get("value"))
        elif tag == "uptime":
            rec.uptime = _int(child.get("seconds"))
    return rec


Row = tuple[object, ...]


class RowSink:
    """Rows for the store's tables, built straight from ``<host>`` elements (no records in between).

    Every list holds tuples in the column order of its table in ``scans.store``;
    ids are assigned here, from the first free id of each table, in the order
    the record-based import assigned them (per host: ports with their scripts,
    then OS matches and classes, then host scripts), so both paths store the
    same rows. :meth:`take` hands the rows over in foreign-key order.
    """

    TABLES = ("hosts", "addresses", "hostnames", "extraports", "ports", "services", "os_matches", "os_classes",
              "cpes", "scripts", "script_elems", "vulnerabilities")

    def __init__(self, scan_id: int, next_ids: dict[str, int]) -> None:
        self.scan_id = scan_id
        self.next_host = next_ids["hosts"]
        self.next_port = next_ids["ports"]
        self.next_os_match = next_ids["os_matches"]
        self.next_os_class = next_ids["os_classes"]
        self.next_script = next_ids["scripts"]
        self._reset()

    def _reset(self) -> None:
        self.hosts: list[Row] = []
        self.addresses: list[Row] = []
        self.hostnames: list[Row] = []
        self.extraports: list[Row] = []
        self.ports: list[Row] = []
        self.services: list[Row] = []
        self.os_matches: list[Row] = []
        self.os_classes: list[Row] = []
        self.cpes: list[Row] = []
        self.scripts: list[Row] = []
        self.script_elems: list[Row] = []
        self.vulnerabilities: list[Row] = []

    def take(self) -> list[tuple[str, list[Row]]]:
        """The rows gathered so far, parents before children; the sink starts empty again."""
        rows = [(name, getattr(self, name)) for name in self.TABLES]
        self._reset()
        return rows

    def add(self, node: Any, seq: int) -> None:
        """Append the rows of one ``<host>`` element (same values as :func:`host_record` gives)."""
        host_id = self.next_host
        self.next_host = host_id + 1
        state = "unknown"
        reason = distance = uptime = None
        ports: list[Any] = []
        os_node = None
        host_scripts: list[Any] = []
        for child in node:
            tag = child.tag
            if tag == "ports":
                ports.append(child)
            elif tag == "address":
                get = child.get
                kind = get("addrtype") or "ipv4"
                self.addresses.append((host_id, _canonical(get("addr") or "", kind), kind, get("vendor")))
            elif tag == "hostnames":
                self.hostnames.extend((host_id, h.get("name") or "", h.get("type")) for h in child
                                      if h.tag == "hostname")
            elif tag == "status":
                state = child.get("state") or "unknown"
                reason = child.get("reason")
            elif tag == "os":
                os_node = child
            elif tag == "hostscript":
                host_scripts.append(child)
            elif tag == "distance":
                distance = _int(child.get("value"))
            elif tag == "uptime":
                uptime = _int(child.get("seconds"))
        get = node.get
        self.hosts.append((host_id, self.scan_id, seq, state, reason, _int(get("starttime")), _int(get("endtime")),
                           distance, uptime))
        for group in ports:
            for p in group:
                tag = p.tag
                if tag == "port":
                    self._port(p, host_id)
                elif tag == "extraports":
                    self.extraports.append((host_id, p.get("state") or "", _int(p.get("count")) or 0))
        if os_node is not None:
            self._os(os_node, host_id)
        for group in host_scripts:
            for s in group:
                if s.tag == "script":
                    self._script(s, host_id, None)

    def _port(self, node: Any, host_id: int) -> None:
        get = node.get
        portid = _int(get("portid"))
        if portid is None or not 0 <= portid <= 65535:
            raise _BadValue(MESSAGES["bad_port"].format(text=str(get("portid"))[:16]))
        port_id = self.next_port
        self.next_port = port_id + 1
        state = "unknown"
        reason = None
        service = None
        for child in node:
            tag = child.tag
            if tag == "state":
                state = child.get("state") or "unknown"
                reason = child.get("reason")
            elif tag == "service":
                service = child
            elif tag == "script" and self._script(child, host_id, port_id) == "vulners":
                self.vulnerabilities.extend(
                    (port_id, v.cpe, v.vuln_id, v.vuln_type, v.cvss,
                     None if v.is_exploit is None else int(v.is_exploit))
                    for v in _vulners(child)
                )
        self.ports.append((port_id, host_id, get("protocol") or "tcp", portid, state, reason))
        if service is not None:
            sget = service.get
            self.services.append((port_id, sget("name"), sget("product"), sget("version"), sget("extrainfo"),
                                  sget("tunnel"), sget("method"), _int(sget("conf")), sget("ostype"),
                                  sget("devicetype"), sget("hostname")))
            self._cpes(service, port_id, None)

    def _cpes(self, node: Any, port_id: int | None, os_class_id: int | None) -> None:
        append = self.cpes.append
        i = 0
        for child in node:
            if child.tag == "cpe":
                text = child.text
                if text:
                    append((port_id, os_class_id, i, text.strip()))
                    i += 1

    def _script(self, node: Any, host_id: int, port_id: int | None) -> str:
        script_row = self.next_script
        self.next_script = script_row + 1
        get = node.get
        script_id = get("id") or ""
        self.scripts.append((script_row, host_id, port_id, script_id, get("output") or ""))
        if len(node):
            _flatten_rows(node, "", script_row, self.script_elems, len(self.script_elems))
        return script_id

    def _os(self, node: Any, host_id: int) -> None:
        for match in node:
            if match.tag != "osmatch":
                continue
            match_id = self.next_os_match
            self.next_os_match = match_id + 1
            self.os_matches.append((match_id, host_id, match.get("name") or "", _int(match.get("accuracy"))))
            for c in match:
                if c.tag != "osclass":
                    continue
                class_id = self.next_os_class
                self.next_os_class = class_id + 1
                get = c.get
                self.os_classes.append((class_id, match_id, get("type"), get("vendor"), get("osfamily"),
                                        get("osgen"), _int(get("accuracy"))))
                self._cpes(c, None, class_id)


def _new_parser() -> Any:
    return etree.XMLPullParser(
        events=("end",),
        tag=("nmaprun", "scaninfo", "host", "finished", "hosts", "prescript", "postscript"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # safe only because scans.xmlguard refuses every DOCTYPE that could declare an entity
        collect_ids=False,
        remove_comments=True,
        remove_pis=True,
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class NmapXmlReader:
    """Iterate the hosts of an nmap XML file; :attr:`info` is complete once iteration ends.

    ``ScanFileError`` (exit 3) for files that are not nmap XML, declare entities,
    hold values nmap never writes, or are broken before their end. A file that
    simply stops early yields its complete hosts and sets ``info.truncated``.
    """

    def __init__(self, path: Path, shown_as: str | None = None) -> None:
        self.path = path
        #: the file as the user knows it (``scan import`` reads the archived copy of the file they named)
        self.shown_as = shown_as or str(path)
        self.info = RunInfo()
        self.place = Place(file=self.shown_as)
        self._seq = 0
        self._root_seen = False

    def _root(self, elem: Any) -> None:
        root = elem.getroottree().getroot()
        if root is None or root.tag != "nmaprun":
            return
        self._root_seen = True
        self.info.args = root.get("args") or ""
        self.info.version = root.get("version") or ""
        self.info.started = _int(root.get("start"))

    def _handle(self, parser: Any) -> Iterator[Any]:
        info = self.info
        for _event, elem in parser.read_events():
            tag = elem.tag
            if tag == "host":
                if not self._root_seen:
                    self._root(elem)
                status = elem.find("status")
                if status is not None and status.get("state") == "up":
                    info.hosts_up_found += 1
                yield elem
                self._seq += 1
                self._free(elem)
                continue
            try:
                self._run_element(elem, tag)
            except _BadValue as exc:
                raise self._bad_value(elem, exc, MESSAGES["where_run"].format(tag=tag)) from None

    @staticmethod
    def _free(elem: Any) -> None:
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]

    def _run_element(self, elem: Any, tag: str) -> None:
        info = self.info
        if not self._root_seen:
            self._root(elem)
        if tag == "nmaprun" and not self._root_seen:  # <nmaprun/>: the root itself ends
            self._root(elem)
        if tag == "scaninfo":
            info.scan_types.append(f"{elem.get('type') or '?'}/{elem.get('protocol') or '?'}")
            if elem.get("services"):
                info.ports_scanned.append(f"{elem.get('protocol') or '?'}:{elem.get('services')}")
        elif tag == "finished":
            info.finished = _int(elem.get("time"))
            info.errormsg = elem.get("errormsg")
            # nmap before 5.x wrote no exit attribute; an error message without one is still an error
            info.exit_status = elem.get("exit") or ("error" if info.errormsg else "success")
        elif tag == "hosts":
            parent = elem.getparent()
            if parent is not None and parent.tag == "runstats":
                info.hosts_up = _int(elem.get("up"))
                info.hosts_down = _int(elem.get("down"))
        elif tag in ("prescript", "postscript"):
            info.run_scripts.extend((tag, _script(s)) for s in elem if s.tag == "script")
            self._free(elem)

    def __iter__(self) -> Iterator[HostRecord]:
        for elem in self.host_elements():
            try:
                record = host_record(elem, self._seq)
            except _BadValue as exc:
                raise self._bad_value(elem, exc) from None
            yield record

    def fill(self, sink: RowSink) -> Iterator[int]:
        """Turn every host straight into table rows in ``sink``; yields the number of hosts read so far."""
        for elem in self.host_elements():
            try:
                sink.add(elem, self._seq)
            except _BadValue as exc:
                raise self._bad_value(elem, exc) from None
            yield self._seq + 1

    def _bad_value(self, elem: Any, exc: _BadValue, where: str | None = None) -> ScanFileError:
        return ScanFileError(
            MESSAGES["bad_value"].format(path=self.shown_as),
            [Problem(Place(file=self.shown_as, line=elem.sourceline),
                     MESSAGES["bad_value_at"].format(where=where or MESSAGES["where_host"].format(n=self._seq + 1),
                                                     what=exc),
                     MESSAGES["bad_value_hint"])],
        )

    def host_elements(self) -> Iterator[Any]:
        """The parsed ``<host>`` elements in file order; each is freed when the consumer asks for the next."""
        self._seq = 0
        self._root_seen = False
        parser = _new_parser()
        newlines = 0
        with self.path.open("rb") as handle:
            chunks = self._chunks(handle)
            chunk = next(chunks, b"")
            while chunk:
                nxt = next(chunks, b"")
                newlines += chunk.count(b"\n")
                try:
                    parser.feed(chunk)
                    yield from self._handle(parser)
                except etree.XMLSyntaxError as exc:
                    if nxt:  # broken before the end of the file: refuse it
                        raise self._broken(exc) from None
                    yield from self._truncated(parser, exc, newlines)
                    self._check_counts()
                    return
                chunk = nxt
            try:
                parser.close()
                yield from self._handle(parser)
            except etree.XMLSyntaxError as exc:
                yield from self._truncated(parser, exc, newlines)
                return
        if not self._root_seen:  # pragma: no cover - the prolog check finds <nmaprun> first
            raise ScanFileError("this is not an nmap XML file", [Problem(self.place, "no <nmaprun> element")])
        self._check_counts()

    def _chunks(self, handle: BinaryIO) -> Iterator[bytes]:
        """The bytes handed to the parser: the file's, once its prolog passed :func:`checked_chunks`."""
        return checked_chunks(handle, self.place, CHUNK)

    def _check_counts(self) -> None:
        """runstats that disagree with the hosts in the file (an edited or merged file; --open hides hosts)."""
        info = self.info
        if info.truncated or info.hosts_up is None or info.hosts_up == info.hosts_up_found:
            return
        if "--open" in info.args.split() or "-open" in info.args.split():
            return
        info.warnings.append(MESSAGES["runstats_mismatch"].format(stated=info.hosts_up, found=info.hosts_up_found))

    def _broken(self, exc: etree.XMLSyntaxError) -> ScanFileError:
        line, column = exc.position
        return ScanFileError(
            MESSAGES["broken"].format(path=self.shown_as),
            [Problem(Place(file=self.shown_as, line=line), MESSAGES["broken_at"].format(line=line, column=column,
                                                                                         msg=parser_detail(exc.msg)),
                     MESSAGES["bad_value_hint"])],
        )

    def _truncated(self, parser: Any, exc: etree.XMLSyntaxError, newlines: int) -> Iterator[Any]:
        """The parser failed at the end of the data: a cut-off file, unless the error sits on an earlier line."""
        if exc.position[0] < newlines:  # libxml2 may report an earlier error only when the data ends
            raise self._broken(exc)
        yield from self._handle(parser)
        if not self._root_seen:
            raise self._broken(exc)
        self.info.truncated = True
        line, column = exc.position
        where = MESSAGES["broken_at"].format(line=line, column=column, msg=parser_detail(exc.msg))
        self.info.warnings.append(MESSAGES["truncated"].format(path=self.shown_as, msg=where, hosts=self._seq))
