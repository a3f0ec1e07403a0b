"""The fast import path: libxml2's SAX events (an lxml parser target) turned straight into table rows.

No element tree is built and no element proxy is made: each start tag arrives
with its attributes as a dict, and a small state machine (one table of
handlers per kind of parent element) appends the row tuples to a
:class:`scans.parser.RowSink`. It stores exactly what the tree-based path
(:meth:`scans.parser.NmapXmlReader.fill`) stores, ids and row order included,
for every file laid out the way nmap writes it. Whatever it does not handle
the same way — a file that is not well-formed or ends early, a value nmap
would never write, ``<ports>`` after ``<os>`` or ``<hostscript>``, two
``<os>`` or two ``<service>`` elements, an element inside ``<elem>``/``<cpe>``,
a run element (``<host>``, ``<scaninfo>``, ``<finished>``...) inside a host —
raises :class:`Fallback`, and the caller imports the file with the tree-based
path, so results and every message stay those of that path.

The same builder parses a slice of hosts cut out of a file (``synthetic_root``):
:mod:`scans.parallel` uses that to spread a large file over worker processes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from asset_models.errors import ScanFileError
from scans.parser import (CHUNK, MESSAGES, NmapXmlReader, RowSink, RunInfo, ScriptRecord, _BadValue, _canonical,
                          _float, _int)
from scans.xmlguard import checked_chunks


class Fallback(Exception):
    """The fast path does not handle this file exactly like the tree-based path: use that one."""


# a reference that yields "&" (&amp;, &#38;, &#x26;, with leading zeros): attribute values need unescaping then
AMPERSAND = re.compile(rb"&(?:amp|#0*38|#x0*26);")

# a handler gets the attributes of a start tag and returns (handlers for its children, called at its end)
Handler = Callable[[dict[str, str]], tuple[dict[str | None, Any], Callable[[], None] | None]]

# elements the tree-based reader handles wherever they are (outside hosts)
_RUN_TAGS = ("nmaprun", "host", "scaninfo", "finished", "hosts", "prescript", "postscript")


def new_parser(target: Any) -> Any:
    """The hardened libxml2 parser of :func:`scans.parser._new_parser`, feeding a target instead of a tree."""
    return etree.XMLParser(
        target=target,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # safe only because scans.xmlguard refuses every DOCTYPE that could declare an entity
        collect_ids=False,
        remove_comments=True,
        remove_pis=True,
    )


class SaxRows:
    """Parser target: rows of each ``<host>`` into ``sink``, the run's facts into ``info``.

    ``batch``: every that many hosts the rows gathered so far are moved to :attr:`ready` (the store
    writes them between two ``feed`` calls; rows of a host are never split). ``seq``: the file position
    of the first host (a slice of a file starts further on). ``synthetic_root``: the root element is a
    wrapper around a slice, its attributes are not the run's.
    """

    def __init__(self, sink: RowSink, info: RunInfo, *, batch: int = 0, seq: int = 0,
                 synthetic_root: bool = False) -> None:
        self.sink = sink
        self.info = info
        self.batch = batch
        self.seq = seq
        self.hosts_done = 0
        self.ready: list[list[tuple[str, list[tuple[object, ...]]]]] = []
        self.root_seen = False
        self.synthetic_root = synthetic_root
        self.amp = False  # set by the feeder before the first chunk that holds a reference to "&"
        self.events: list[tuple[str, object]] = []  # run facts in file order (for the merge of slices)
        self.texts: list[str] = []
        self.data = self.texts.append  # lxml calls target.data(text): straight into the list, no Python frame
        self._stack: list[tuple[dict[str | None, Any], Callable[[], None] | None]] = []
        self._build_tables()
        self._ctx: dict[str | None, Any] = self._doc
        self._endf: Callable[[], None] | None = None

    # -- the parser target interface ------------------------------------------------------------------

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.amp:  # libxml2 hands an "&" of an attribute value on as "&#38;" unless entities are substituted
            attrib = {k: v.replace("&#38;", "&") if "&" in v else v for k, v in attrib.items()}
        ctx = self._ctx
        self._stack.append((ctx, self._endf))
        handler = ctx.get(tag)
        if handler is None:
            handler = ctx[None]
        self._ctx, self._endf = handler(attrib)

    def end(self, tag: str) -> None:
        endf = self._endf
        if endf is not None:
            endf()
        self._ctx, self._endf = self._stack.pop()

    def close(self) -> int:
        return self.hosts_done

    # -- tables of handlers -----------------------------------------------------------------------------

    def _build_tables(self) -> None:
        fallback = self._fallback
        run_tags = dict.fromkeys(_RUN_TAGS, fallback)
        # anything inside a host that is not read: ignored, but a run element there is left to the tree path
        self._ign_host: dict[str | None, Any] = {**run_tags, None: self._ignore_host}
        self._IGN_HOST = (self._ign_host, None)
        # outside hosts, the tree path reads these wherever they are
        self._any_run: dict[str | None, Any] = {
            None: self._ignore_run, "nmaprun": fallback, "host": fallback, "hosts": self._ignore_run,
            "scaninfo": self._scaninfo, "finished": self._finished, "runstats": self._runstats,
            "prescript": self._prescript, "postscript": self._postscript,
        }
        self._IGN_RUN = (self._any_run, None)
        self._run = {**self._any_run, "host": self._host}
        self._runstats_ctx = {**self._any_run, "hosts": self._hosts}
        self._doc = {None: fallback, "nmaprun": self._root}
        self._host_ctx = {**run_tags, None: self._ignore_host, "status": self._status, "address": self._address,
                          "hostnames": self._hostnames, "ports": self._ports, "os": self._os,
                          "hostscript": self._hostscript, "distance": self._distance, "uptime": self._uptime}
        self._hostnames_ctx = {**run_tags, None: self._ignore_host, "hostname": self._hostname}
        self._ports_ctx = {**run_tags, None: self._ignore_host, "port": self._port,
                           "extraports": self._extraports}
        self._port_ctx = {**run_tags, None: self._ignore_host, "state": self._state, "service": self._service,
                          "script": self._port_script}
        self._service_ctx = {**run_tags, None: self._ignore_host, "cpe": self._service_cpe}
        self._os_ctx = {**run_tags, None: self._ignore_host, "osmatch": self._osmatch}
        self._osmatch_ctx = {**run_tags, None: self._ignore_host, "osclass": self._osclass}
        self._osclass_ctx = {**run_tags, None: self._ignore_host, "cpe": self._class_cpe}
        self._hostscript_ctx = {**run_tags, None: self._ignore_host, "script": self._host_script}
        self._runscript_ctx = {**self._any_run, "script": self._run_script}
        # inside <elem>/<cpe> only text is expected
        self._text_only: dict[str | None, Any] = {None: fallback}
        # children of a <script> or of one of its <table>s, inside a host / in a pre- or post-script
        self._script_host = {None: self._script_other_host, "elem": self._elem, "table": self._table}
        self._script_run = {None: self._script_other_run, "elem": self._elem, "table": self._table,
                            **{tag: fallback for tag in _RUN_TAGS}}

    @staticmethod
    def _fallback(attrib: dict[str, str]) -> Any:
        raise Fallback

    def _ignore_host(self, attrib: dict[str, str]) -> Any:
        return self._IGN_HOST

    def _ignore_run(self, attrib: dict[str, str]) -> Any:
        return self._IGN_RUN

    # -- the run -----------------------------------------------------------------------------------------

    def _root(self, attrib: dict[str, str]) -> Any:
        self.root_seen = True
        if not self.synthetic_root:
            info = self.info
            info.args = attrib.get("args") or ""
            info.version = attrib.get("version") or ""
            info.started = _int(attrib.get("start"))
        return self._run, None

    def _scaninfo(self, attrib: dict[str, str]) -> Any:
        def done() -> None:  # at the end tag, as the tree path (nested run elements keep their order)
            kind = f"{attrib.get('type') or '?'}/{attrib.get('protocol') or '?'}"
            services = attrib.get("services")
            ports = f"{attrib.get('protocol') or '?'}:{services}" if services else None
            self.info.scan_types.append(kind)
            if ports:
                self.info.ports_scanned.append(ports)
            self.events.append(("scaninfo", (kind, ports)))
        return self._any_run, done

    def _finished(self, attrib: dict[str, str]) -> Any:
        def done() -> None:
            info = self.info
            info.finished = _int(attrib.get("time"))
            info.errormsg = attrib.get("errormsg")
            info.exit_status = attrib.get("exit") or ("error" if info.errormsg else "success")
            self.events.append(("finished", (info.finished, info.errormsg, info.exit_status)))
        return self._any_run, done

    def _runstats(self, attrib: dict[str, str]) -> Any:
        return self._runstats_ctx, None

    def _hosts(self, attrib: dict[str, str]) -> Any:
        def done() -> None:
            info = self.info
            info.hosts_up = _int(attrib.get("up"))
            info.hosts_down = _int(attrib.get("down"))
            self.events.append(("hosts", (info.hosts_up, info.hosts_down)))
        return self._any_run, done

    def _prescript(self, attrib: dict[str, str]) -> Any:
        return self._runscript("prescript")

    def _postscript(self, attrib: dict[str, str]) -> Any:
        return self._runscript("postscript")

    def _runscript(self, phase: str) -> Any:
        if self._in_runscript:  # nested: the tree path frees the inner one's earlier siblings; leave it to it
            raise Fallback
        self._in_runscript = True
        gathered: list[ScriptRecord] = []
        self._run_gathered = gathered

        def done() -> None:
            self._in_runscript = False
            scripts = [(phase, s) for s in gathered]
            self.info.run_scripts.extend(scripts)
            self.events.append(("scripts", scripts))
        return self._runscript_ctx, done

    _in_runscript = False
    _run_gathered: list[ScriptRecord]

    # -- hosts ---------------------------------------------------------------------------------------------

    def _host(self, attrib: dict[str, str]) -> Any:
        sink = self.sink
        host_id = sink.next_host
        sink.next_host = host_id + 1
        self._host_id = host_id
        # host id, state, reason, starttime, endtime, distance, uptime, first <status> up, phase
        self._h: list[Any] = [host_id, "unknown", None, _int(attrib.get("starttime")), _int(attrib.get("endtime")),
                              None, None, None, 0]
        return self._host_ctx, self._end_host

    def _end_host(self) -> None:
        h = self._h
        sink = self.sink
        sink.hosts.append((h[0], sink.scan_id, self.seq, h[1], h[2], h[3], h[4], h[5], h[6]))
        if h[7]:
            self.info.hosts_up_found += 1
        self.seq += 1
        self.hosts_done += 1
        self.texts.clear()
        if self.batch and self.hosts_done % self.batch == 0:
            self.ready.append(sink.take())

    def _status(self, attrib: dict[str, str]) -> Any:
        h = self._h
        state = attrib.get("state")
        if h[7] is None:  # the tree path counts the first <status> of a host
            h[7] = state == "up"
        h[1] = state or "unknown"
        h[2] = attrib.get("reason")
        return self._IGN_HOST

    def _address(self, attrib: dict[str, str]) -> Any:
        get = attrib.get
        kind = get("addrtype") or "ipv4"
        self.sink.addresses.append((self._host_id, _canonical(get("addr") or "", kind), kind, get("vendor")))
        return self._IGN_HOST

    def _hostnames(self, attrib: dict[str, str]) -> Any:
        return self._hostnames_ctx, None

    def _hostname(self, attrib: dict[str, str]) -> Any:
        self.sink.hostnames.append((self._host_id, attrib.get("name") or "", attrib.get("type")))
        return self._IGN_HOST

    def _distance(self, attrib: dict[str, str]) -> Any:
        self._h[5] = _int(attrib.get("value"))
        return self._IGN_HOST

    def _uptime(self, attrib: dict[str, str]) -> Any:
        self._h[6] = _int(attrib.get("seconds"))
        return self._IGN_HOST

    def _phase_to(self, phase: int, *, again: bool) -> None:
        """The tree path stores ports, then the (last) OS, then host scripts: other orders go to it."""
        h = self._h
        if h[8] > phase or (h[8] == phase and not again):
            raise Fallback
        h[8] = phase

    def _ports(self, attrib: dict[str, str]) -> Any:
        self._phase_to(1, again=True)
        return self._ports_ctx, None

    def _extraports(self, attrib: dict[str, str]) -> Any:
        self.sink.extraports.append((self._host_id, attrib.get("state") or "", _int(attrib.get("count")) or 0))
        return self._IGN_HOST

    def _port(self, attrib: dict[str, str]) -> Any:
        get = attrib.get
        portid = _int(get("portid"))
        if portid is None or not 0 <= portid <= 65535:
            raise _BadValue(MESSAGES["bad_port"].format(text=str(get("portid"))[:16]))
        sink = self.sink
        port_id = sink.next_port
        sink.next_port = port_id + 1
        # port id, protocol, portid, state, reason, service seen
        self._p: list[Any] = [port_id, get("protocol") or "tcp", portid, "unknown", None, False]
        return self._port_ctx, self._end_port

    def _end_port(self) -> None:
        p = self._p
        self.sink.ports.append((p[0], self._host_id, p[1], p[2], p[3], p[4]))

    def _state(self, attrib: dict[str, str]) -> Any:
        p = self._p
        p[3] = attrib.get("state") or "unknown"
        p[4] = attrib.get("reason")
        return self._IGN_HOST

    def _service(self, attrib: dict[str, str]) -> Any:
        p = self._p
        if p[5]:  # the tree path keeps the last service only
            raise Fallback
        p[5] = True
        get = attrib.get
        self.sink.services.append((p[0], get("name"), get("product"), get("version"), get("extrainfo"),
                                   get("tunnel"), get("method"), _int(get("conf")), get("ostype"),
                                   get("devicetype"), get("hostname")))
        self._cpe_owner = (p[0], None)
        self._cpe_seq = 0
        return self._service_ctx, None

    def _service_cpe(self, attrib: dict[str, str]) -> Any:
        self._mark = len(self.texts)
        return self._text_only, self._end_cpe

    _class_cpe = _service_cpe

    def _end_cpe(self) -> None:
        texts = self.texts
        text = "".join(texts[self._mark:])
        if text:
            owner = self._cpe_owner
            self.sink.cpes.append((owner[0], owner[1], self._cpe_seq, text.strip()))
            self._cpe_seq += 1

    def _os(self, attrib: dict[str, str]) -> Any:
        self._phase_to(2, again=False)
        return self._os_ctx, None

    def _osmatch(self, attrib: dict[str, str]) -> Any:
        sink = self.sink
        match_id = sink.next_os_match
        sink.next_os_match = match_id + 1
        self._match_id = match_id
        sink.os_matches.append((match_id, self._host_id, attrib.get("name") or "", _int(attrib.get("accuracy"))))
        return self._osmatch_ctx, None

    def _osclass(self, attrib: dict[str, str]) -> Any:
        sink = self.sink
        class_id = sink.next_os_class
        sink.next_os_class = class_id + 1
        get = attrib.get
        sink.os_classes.append((class_id, self._match_id, get("type"), get("vendor"), get("osfamily"), get("osgen"),
                                _int(get("accuracy"))))
        self._cpe_owner = (None, class_id)
        self._cpe_seq = 0
        return self._osclass_ctx, None

    def _hostscript(self, attrib: dict[str, str]) -> Any:
        self._phase_to(3, again=True)
        return self._hostscript_ctx, None

    # -- NSE script output ------------------------------------------------------------------------------
    # One script at a time: its row, then its <elem>s flattened to (path, key, text) in document order,
    # a <table> without a key named by its position among its parent's child elements.

    def _port_script(self, attrib: dict[str, str]) -> Any:
        return self._script(attrib, self._p[0], vulners=attrib.get("id") == "vulners")

    def _host_script(self, attrib: dict[str, str]) -> Any:
        return self._script(attrib, None, vulners=False)

    def _script(self, attrib: dict[str, str], port_id: int | None, *, vulners: bool) -> Any:
        sink = self.sink
        script_row = sink.next_script
        sink.next_script = script_row + 1
        sink.scripts.append((script_row, self._host_id, port_id, attrib.get("id") or "", attrib.get("output") or ""))
        self._s_row = script_row
        self._s_start = len(sink.script_elems)
        self._s_out = sink.script_elems
        self._s_run = False
        self._paths = [""]
        self._index = [0]
        self._vulners = vulners
        if vulners:
            self._v_port = port_id
            self._v_cpe = ""
            self._v_values: dict[str | None, str] | None = None
        return self._script_host, None

    def _run_script(self, attrib: dict[str, str]) -> Any:
        record = ScriptRecord(attrib.get("id") or "", attrib.get("output") or "", [])
        self._run_gathered.append(record)
        self._s_out = record.elems  # type: ignore[assignment]
        self._s_run = True
        self._paths = [""]
        self._index = [0]
        self._vulners = False
        return self._script_run, None

    def _script_other_host(self, attrib: dict[str, str]) -> Any:
        self._index[-1] += 1
        return self._IGN_HOST

    def _script_other_run(self, attrib: dict[str, str]) -> Any:
        self._index[-1] += 1
        return self._IGN_RUN

    def _table(self, attrib: dict[str, str]) -> Any:
        index = self._index
        position = index[-1]
        index[-1] = position + 1
        key = attrib.get("key")
        name = key if key is not None else str(position)
        path = self._paths[-1]
        self._paths.append(f"{path}/{name}" if path else name)
        index.append(0)
        if self._vulners:
            depth = len(index)  # 2: a table of the script, 3: a table in it
            if depth == 2:
                self._v_cpe = key or ""
                self._v_values = None
            elif depth == 3:
                self._v_values = {}
        return self._script_run if self._s_run else self._script_host, self._end_table

    def _end_table(self) -> None:
        self._paths.pop()
        index = self._index
        if self._vulners and len(index) == 3:
            values = self._v_values
            self._v_values = None
            if values is not None and values.get("id"):
                exploit = values.get("is_exploit")
                self.sink.vulnerabilities.append(
                    (self._v_port, self._v_cpe, values["id"], values.get("type"), _float(values.get("cvss")),
                     None if exploit is None else int(exploit.strip().lower() == "true")))
        index.pop()

    def _elem(self, attrib: dict[str, str]) -> Any:
        self._index[-1] += 1
        self._e_key = attrib.get("key")
        self._mark = len(self.texts)
        return self._text_only, self._end_elem

    def _end_elem(self) -> None:
        text = "".join(self.texts[self._mark:])
        out = self._s_out
        if self._s_run:
            out.append((self._paths[-1], self._e_key, text))
        else:
            out.append((self._s_row, len(out) - self._s_start, self._paths[-1], self._e_key, text))
            if self._vulners and len(self._index) == 3 and self._v_values is not None:
                self._v_values[self._e_key] = text


Rows = list[tuple[str, list[tuple[object, ...]]]]


def fast_fill(reader: NmapXmlReader, sink: RowSink, batch: int) -> Iterator[tuple[int, Rows]]:
    """The rows of the file behind ``reader``, ``batch`` hosts at a time, with the hosts read so far.

    ``reader.info`` is filled as the tree path fills it. :class:`Fallback` for anything this path
    does not handle exactly like the tree path (a file that is refused, broken or cut short included).
    """
    builder = SaxRows(sink, reader.info, batch=batch)
    parser = new_parser(builder)
    try:
        with reader.path.open("rb") as handle:
            tail = b""
            for chunk in checked_chunks(handle, reader.place, CHUNK):
                if not builder.amp and (AMPERSAND.search(tail + chunk[:16]) or AMPERSAND.search(chunk)):
                    builder.amp = True
                tail = chunk[-16:]
                parser.feed(chunk)
                if builder.ready:
                    for rows in builder.ready:
                        yield builder.hosts_done, rows
                    builder.ready.clear()
            parser.close()
    except (etree.LxmlError, _BadValue, ScanFileError, Fallback, ValueError) as exc:
        raise Fallback from exc
    if not builder.root_seen:  # pragma: no cover - the prolog check finds <nmaprun> first
        raise Fallback
    yield builder.hosts_done, sink.take()
    reader._check_counts()
