"""A large nmap file read by worker processes, its rows written by the caller as they arrive.

The file is cut at ``<host`` start tags into slices of about ``SLICE_BYTES``;
forked workers (``os.fork``) read their slices with the same
:class:`scans.parser.NmapXmlReader` and :class:`scans.parser.RowSink` as an
import in one process (the slice wrapped in ``<nmaprun>...</nmaprun>``),
worker *k* taking slices *k*, *k + n*, ... and sending each slice's rows back
through a pipe. The store writes slice after slice, in file order, while the
workers go on, so SQLite's work overlaps the parsing. Ids and host positions
inside a slice start at 0; the store adds each table's running offset in SQL
(``?+offset``), and the run facts of each slice (``<scaninfo>``,
``<finished>``, ``<runstats>``, pre- and post-scripts) are replayed in file
order, so the stored rows are exactly those of one process reading the file.

Cutting is exact only where no comment, CDATA section, processing
instruction or DOCTYPE can hide a ``<host`` that is not a tag: the first slice
holds the whole prolog and goes through :func:`scans.xmlguard.checked_chunks`
like any file; after the first cut the bytes must hold no ``<!`` and no ``<?``
at all, and the file must be UTF-8 (no UTF-16, no other declared encoding).
Otherwise, or when a slice fails in any way (not well-formed, cut short, a
value nmap never writes), :class:`Fallback` is raised and the caller reads the
file in one process, so every message is that path's.

Small files (under the caller's threshold), a machine with one CPU or no
free CPU (see :func:`worker_count`), or a system without ``fork`` are read in
one process.
"""

from __future__ import annotations

import contextlib
import gc
import io
import itertools
import os
import pickle
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from scans.parser import CHUNK, NmapXmlReader, RowSink, RunInfo
from scans.xmlguard import checked_chunks


class Fallback(Exception):
    """The file is not read by workers: read it in one process."""


MIN_BYTES = 64 << 20  # measured: at 40 MB (20,000 hosts) two workers were slower than one process and held 60 MiB more
SLICE_BYTES = 1 << 20  # about 500 hosts of nmap -sV -O output per slice: a worker holds little at a time
WORKERS = 2
BLOCK = 1 << 20
ROWS_PER_INSERT = 50  # as scans.store: rows per multi-row INSERT

_HOST_TAG = re.compile(rb"<host[ \t\r\n/>]")
_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")
_ID_TABLES = ("hosts", "ports", "os_matches", "os_classes", "scripts")

Payload = tuple[list[tuple[str, list[tuple[object, ...]], list[tuple[object, ...]]]], dict[str, int],
                list[tuple[str, object]], dict[str, list[Any]], int]


def worker_count() -> int:
    """How many workers to start (0: read in one process).

    ``LSGRISK_IMPORT_WORKERS=N`` decides: 0 or 1 keeps every import in one process, 2 or more starts that
    many (at most one per CPU). Unset: two when the machine has two CPUs and one of them is free (the
    one-minute load average leaves a CPU idle); on a busy machine a third process only slows the import
    down and holds about 60 MiB more.
    """
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        cpus = os.cpu_count() or 1
    wanted = os.environ.get("LSGRISK_IMPORT_WORKERS", "").strip()
    if wanted.isdigit():
        count = min(int(wanted), cpus)
    else:
        count = min(WORKERS, cpus)
        with contextlib.suppress(OSError):
            if os.getloadavg()[0] > cpus - 1:
                count = 0
    return count if count > 1 else 0


def cut(path: Path, place: Any, slice_bytes: int = SLICE_BYTES) -> list[tuple[int, int]] | None:
    """Byte ranges of the slices, or None when the file cannot be cut exactly (see the module text)."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(4)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
            return None  # UTF-16: re-encoded on the fly, offsets do not carry over
        bom = 3 if head[:3] == b"\xef\xbb\xbf" else 0
        handle.seek(0)
        root_at: list[int] = []
        try:
            for _ in checked_chunks(handle, place, CHUNK, root_at):
                break
        except Exception:  # the reader in one process says what is wrong with the file
            return None
        if not root_at or root_at[0] < 0:
            return None
        root = root_at[0] + bom
        handle.seek(bom)
        declared = _ENCODING.match(handle.read(max(0, min(root - bom, 1024))))
        if declared and declared.group(1).lower().replace(b"-", b"") != b"utf8":
            return None
        # read block by block (a memory map would count the whole file as resident memory of this process)
        cuts = [0]
        want = root + 1 + slice_bytes
        overlap = b""
        handle.seek(root + 1)
        offset = root + 1 - len(overlap)  # file offset of block[0]
        while block := handle.read(BLOCK):
            block = overlap + block
            while True:
                found = _HOST_TAG.search(block, max(0, want - offset))
                if found is None:
                    break
                cuts.append(offset + found.start())
                want = cuts[-1] + slice_bytes
            if len(cuts) > 1:  # a comment, CDATA, PI or DOCTYPE after the first cut: no cut from there on
                since = max(0, cuts[1] - offset)
                special = [at for at in (block.find(b"<!", since), block.find(b"<?", since)) if at >= 0]
                if special:
                    stop = offset + min(special)
                    cuts = [c for c in cuts if c < stop]
                    break
            offset += len(block) - 8
            overlap = block[-8:]
        if len(cuts) < 2:
            return None
    return list(zip(cuts, [*cuts[1:], size], strict=True))


chain = itertools.chain.from_iterable
_RUN_FIELDS_OF_ROOT = ("args", "version", "started")


class _LoggedInfo(RunInfo):
    """A :class:`RunInfo` that notes every field assigned, in order, so that the store can replay them."""

    def start_log(self) -> None:
        object.__setattr__(self, "log", [])

    def __setattr__(self, name: str, value: object) -> None:
        log = self.__dict__.get("log")
        if log is not None and name != "hosts_up_found":
            log.append((name, value))
        object.__setattr__(self, name, value)


class _SliceReader(NmapXmlReader):
    """The reader of one import, over one slice of the file wrapped in a root element of its own."""

    def __init__(self, path: Path, data: bytes, index: int, last: bool) -> None:
        super().__init__(path)
        self.info = info = _LoggedInfo()
        info.start_log()
        self.data = data
        self.index = index
        self.last = last

    def _chunks(self, handle: BinaryIO) -> Iterator[bytes]:
        data = self.data
        if self.index == 0:  # the prolog is checked as in any import
            yield from checked_chunks(io.BytesIO(data), self.place, CHUNK)
        else:
            yield b"<nmaprun>"
            for at in range(0, len(data), CHUNK):
                yield data[at:at + CHUNK]
        if not self.last:
            yield b"</nmaprun>"


def _slice_rows(path: Path, index: int, start: int, end: int, last: bool, scan_id: int) -> Payload:
    """One slice turned into rows (ids and host positions from 0), its run facts and its counts."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    reader = _SliceReader(path, data, index, last)
    sink = RowSink(scan_id, dict.fromkeys(_ID_TABLES, 0))
    for _ in reader.fill(sink):
        pass
    info = reader.info
    if info.truncated or not reader._root_seen:
        raise Fallback
    counts = {"hosts": sink.next_host, "ports": sink.next_port, "os_matches": sink.next_os_match,
              "os_classes": sink.next_os_class, "scripts": sink.next_script, "seq": reader._seq}
    tables = []
    for name, rows in sink.take():
        whole = len(rows) - len(rows) % ROWS_PER_INSERT
        multi = [tuple(chain(rows[i:i + ROWS_PER_INSERT])) for i in range(0, whole, ROWS_PER_INSERT)]
        tables.append((name, multi, rows[whole:]))
    skip = {"warnings", "truncated", "hosts_up_found", *(_RUN_FIELDS_OF_ROOT if index else ())}
    assigned: list[tuple[str, object]] = [(name, value) for name, value in info.log  # type: ignore[attr-defined]
                                          if name not in skip]
    lists: dict[str, list[Any]] = {"scan_types": info.scan_types, "ports_scanned": info.ports_scanned,
                                   "run_scripts": info.run_scripts}
    return tables, counts, assigned, lists, info.hosts_up_found


def _work(path: Path, slices: list[tuple[int, int]], mine: range, scan_id: int, out: BinaryIO) -> None:
    gc.disable()  # rows hold no cycles; a short-lived process need not look for them
    for index in mine:
        start, end = slices[index]
        try:
            payload: Any = ("ok", _slice_rows(path, index, start, end, index == len(slices) - 1, scan_id))
        except Exception:  # any failure: the whole file goes to the reader in one process
            payload = ("fallback", None)
        pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        if payload[0] != "ok":
            return


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (ValueError, OSError):  # pragma: no cover
        return 65536


class _Workers:
    """Forked workers, each writing its slices' rows to its own pipe; read back in slice order."""

    def __init__(self, path: Path, slices: list[tuple[int, int]], count: int, scan_id: int) -> None:
        self.pids: list[int] = []
        self.pipes: list[BinaryIO] = []
        try:
            for k in range(count):
                read_fd, write_fd = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker: never returns into the caller's code
                    code = 1
                    try:
                        signal.signal(signal.SIGINT, signal.SIG_DFL)
                        # hold nothing of the caller's: not the workspace lock (a flock is shared with a
                        # forked child and would outlive a killed caller), not the store, not other pipes
                        os.closerange(3, write_fd)
                        os.closerange(write_fd + 1, _max_fd())
                        with os.fdopen(write_fd, "wb", buffering=1 << 20) as out:
                            _work(path, slices, range(k, len(slices), count), scan_id, out)
                        code = 0
                    finally:
                        os._exit(code)
                os.close(write_fd)
                self.pids.append(pid)
                self.pipes.append(os.fdopen(read_fd, "rb", buffering=1 << 20))
        except BaseException:
            self.stop()
            raise

    def results(self, total: int) -> Iterator[Payload]:
        for index in range(total):
            try:
                # our own forked worker wrote it, through a pipe nothing else holds
                status, payload = pickle.load(self.pipes[index % len(self.pipes)])  # noqa: S301
            except (EOFError, pickle.UnpicklingError, OSError) as exc:  # a worker died (out of memory, killed)
                raise Fallback from exc
            if status != "ok":
                raise Fallback
            yield payload

    def stop(self) -> None:
        """End the workers (a finished one is only reaped) and close the pipes."""
        for pipe in self.pipes:
            pipe.close()
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.pids.clear()
        self.pipes.clear()


def offset_sql(table: str, columns: int, rows: int, offsets: dict[str, int]) -> str:
    """``INSERT`` of ``rows`` rows whose id columns get this slice's offsets added in SQL."""
    shifted = _SHIFTS[table]
    one = "(" + ",".join(f"?+{offsets[shifted[i]]}" if i in shifted else "?" for i in range(columns)) + ")"
    return f"INSERT INTO {table} VALUES " + ",".join([one] * rows)  # noqa: S608 - constant names, integer offsets


# for each table: column position -> the id sequence whose offset it gets
_SHIFTS: dict[str, dict[int, str]] = {
    "hosts": {0: "hosts", 2: "seq"}, "addresses": {0: "hosts"}, "hostnames": {0: "hosts"},
    "extraports": {0: "hosts"}, "ports": {0: "ports", 1: "hosts"}, "services": {0: "ports"},
    "os_matches": {0: "os_matches", 1: "hosts"}, "os_classes": {0: "os_classes", 1: "os_matches"},
    "cpes": {0: "ports", 1: "os_classes"}, "scripts": {0: "scripts", 1: "hosts", 2: "ports"},
    "script_elems": {0: "scripts"}, "vulnerabilities": {0: "ports"},
}


def _replay(info: RunInfo, assigned: list[tuple[str, object]], lists: dict[str, list[Any]], up_found: int) -> None:
    """One slice's run facts on the whole file's :class:`RunInfo`, in file order."""
    for name, value in assigned:
        setattr(info, name, value)
    info.scan_types.extend(lists["scan_types"])
    info.ports_scanned.extend(lists["ports_scanned"])
    info.run_scripts.extend(lists["run_scripts"])
    info.hosts_up_found += up_found


def parallel_slices(path: Path, scan_id: int, first_ids: dict[str, int], slices: list[tuple[int, int]],
                    workers: int, info: RunInfo) -> Iterator[tuple[Payload, dict[str, int]]]:
    """Each slice's rows with the offsets to add, in file order; ``info`` filled as the slices arrive.

    ``first_ids``: the first free id of each table in the store.
    """
    pool = _Workers(path, slices, workers, scan_id)
    try:
        offsets = {**{name: first_ids[name] for name in _ID_TABLES}, "seq": 0}
        for payload in pool.results(len(slices)):
            _tables, counts, assigned, lists, up_found = payload
            _replay(info, assigned, lists, up_found)
            yield payload, offsets
            offsets = {name: offsets[name] + counts[name] for name in offsets}
    finally:
        pool.stop()
