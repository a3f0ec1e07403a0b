"""Benchmark of the scan store: ``scan import`` against python-nmap and python-libnmap, and diff against ndiff.

Import is measured as whole processes, side by side in one run: each
contestant is a fresh ``python`` process that reads the same file, so
interpreter start-up, imports, hashing and archiving are all included. Wall
time, CPU time (user + system) and peak RSS come from ``os.wait4`` for that
process. The contestants run interleaved, round after round, so that a busy
machine slows all of them alike; the median of the rounds is reported, and the
ratios are taken within the run.

  python benchmarks/bench_scans.py                       # 20,000 and 50,000 hosts, 3 rounds, plus the diff
  python benchmarks/bench_scans.py --sizes 5000 --repeat 1 --no-diff

python-libnmap is a dev extra (``pip install python-libnmap``); it is skipped
when missing. The synthetic files come from benchmarks/nmap_xml_gen.py and are
generated once into benchmarks/.data/ (gitignored). ndiff 7.93 crashes on
ports with two or more ``<script>`` results, so it is timed on a variant pair
of files without NSE output (``--no-scripts``); lsgrisk's diff is timed on
both pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
RESULTS = HERE / "results_scans.md"

_CHILD_PRELUDE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
def report(seconds, **extra):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({{"seconds": seconds, "rss_mib": rss, **extra}}))
"""

CHILDREN = {
    "python_nmap": """
import nmap
data = Path(sys.argv[1]).read_text(encoding="utf-8")
scanner = nmap.PortScanner.__new__(nmap.PortScanner)  # skip 'nmap -V'; parse only, like analyse_nmap_xml_scan
scanner._nmap_path = "nmap"; scanner._scan_result = {}; scanner._nmap_last_output = data
scanner._nmap_version_number = 7; scanner._nmap_subversion_number = 93
t = time.perf_counter()
result = scanner.analyse_nmap_xml_scan(data)
report(time.perf_counter() - t, hosts=len(result["scan"]))
""",
    "count": """
from scans.parser import NmapXmlReader
t = time.perf_counter()
n = sum(1 for _ in NmapXmlReader(Path(sys.argv[1])).host_elements())
report(time.perf_counter() - t, hosts=n)
""",
    "parse": """
from scans.parser import NmapXmlReader
t = time.perf_counter()
n = sum(1 for _ in NmapXmlReader(Path(sys.argv[1])))
report(time.perf_counter() - t, hosts=n)
""",
    "rows": """
from scans.parser import NmapXmlReader, RowSink
t = time.perf_counter()
sink = RowSink(1, dict(hosts=1, ports=1, os_matches=1, os_classes=1, scripts=1))
n = 0
for n in NmapXmlReader(Path(sys.argv[1])).fill(sink):
    if n % 2000 == 0:
        sink.take()
report(time.perf_counter() - t, hosts=n)
""",
    "import": """
from scans.store import connect, import_file
con = connect(Path(sys.argv[2]))
t = time.perf_counter()
r = import_file(con, Path(sys.argv[1]))
report(time.perf_counter() - t, hosts=r.hosts, scan_id=r.scan_id)
""",
    "phases": """
import gc, resource, tempfile
from scans.importer import _copy, file_digest
from scans.parser import NmapXmlReader, RowSink
from scans.store import connect, import_file
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
path = Path(sys.argv[1]); out = {}
t = cpu(); file_digest(path); out["hash"] = cpu() - t
with tempfile.TemporaryDirectory(dir=sys.argv[2]) as tmp:
    t = cpu(); _copy(path, Path(tmp)); out["copy"] = cpu() - t
t = cpu(); n = sum(1 for _ in NmapXmlReader(path).host_elements()); out["parse"] = cpu() - t
t = cpu()
gc.disable()  # as the import does
sink = RowSink(1, dict(hosts=1, ports=1, os_matches=1, os_classes=1, scripts=1))
for n in NmapXmlReader(path).fill(sink):
    if n % 500 == 0:
        sink.take()
gc.enable()
out["rows"] = cpu() - t
db = Path(sys.argv[2]) / "phases.db"
for suffix in ("", "-wal", "-shm"):
    Path(f"{db}{suffix}").unlink(missing_ok=True)
con = connect(db)
t = cpu(); import_file(con, path); con.close(); out["import"] = cpu() - t
print(json.dumps(out))
""",
    "diff": """
from scans.diff import diff_scans, diff_to_json
from scans.store import connect
db = Path(sys.argv[1]); con = connect(db)
t = time.perf_counter()
d = diff_scans(con, db, int(sys.argv[2]), int(sys.argv[3])); text = diff_to_json(d)
report(time.perf_counter() - t, new=len(d.hosts_new), gone=len(d.hosts_gone), opened=len(d.ports_opened),
       closed=len(d.ports_closed), changed=len(d.service_changes))
""",
    "ndiff": """
import subprocess
t = time.perf_counter()
proc = subprocess.run(["ndiff", sys.argv[1], sys.argv[2]], capture_output=True, text=True)
seconds = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
err = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
print(json.dumps({"seconds": seconds, "rss_mib": rss, "exit": proc.returncode, "error": err[:120]}))
""",
}


PROCESSES = {
    "python-nmap `analyse_nmap_xml_scan`": """
import sys, nmap
data = open(sys.argv[1], encoding="utf-8").read()
scanner = nmap.PortScanner.__new__(nmap.PortScanner)  # no 'nmap -V': parse only, as analyse_nmap_xml_scan does
scanner._nmap_path = "nmap"; scanner._scan_result = {}; scanner._nmap_last_output = data
print(len(scanner.analyse_nmap_xml_scan(data)["scan"]))
""",
    "python-libnmap `NmapParser.parse_fromfile`": """
import sys
from libnmap.parser import NmapParser
print(len(NmapParser.parse_fromfile(sys.argv[1]).hosts))
""",
    "bare lxml `iterparse` loop (hosts counted, nothing kept)": """
import sys
from lxml import etree
n = 0
for _, host in etree.iterparse(sys.argv[1], tag="host", resolve_entities=False, no_network=True, huge_tree=True):
    n += 1
    host.clear()
    while host.getprevious() is not None:
        del host.getparent()[0]
print(n)
""",
}
LSGRISK = "lsgrisk `scan import`, 2 worker processes (`LSGRISK_IMPORT_WORKERS=2`)"
LSGRISK_ONE = "lsgrisk `scan import`, one process (`LSGRISK_IMPORT_WORKERS=0`)"
_LSGRISK_ENV = {LSGRISK: {"LSGRISK_IMPORT_WORKERS": "2"}, LSGRISK_ONE: {"LSGRISK_IMPORT_WORKERS": "0"}}


def _tree(root: int, known: dict[int, int]) -> list[int]:
    """The process and every descendant of it still alive, from /proc parent ids.

    ``known`` (pid -> parent pid) is kept between calls: only processes not seen before have their
    /proc/<pid>/stat read, so sampling every 20 ms stays cheap (pids may wrap: no guess from their order).
    """
    alive = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        alive.add(pid)
        if pid in known:
            continue
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                known[pid] = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    for pid in [p for p in known if p not in alive]:
        del known[pid]
    parents: dict[int, list[int]] = {}
    for pid, ppid in known.items():
        parents.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _memory(pids: list[int]) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MiB over these processes."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


def whole_process(argv: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run one process; wall seconds, CPU seconds and peak memory of it and every process it starts.

    CPU: user + system time from ``os.wait4``, which on Linux includes the children the process waited
    for (the import's workers). Memory: the peak of the *sum* over the process tree, sampled every
    20 ms from /proc (RSS, and PSS, which splits pages shared between processes), and never less than
    the largest single peak ``wait4`` reports, so a one-process contestant's exact peak is kept.
    """
    t = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    peak_rss = peak_pss = 0.0
    known: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        pids = _tree(proc.pid, known)
        rss, pss = _memory(pids)
        if len(pids) > 1:  # several processes: their sum; one: wait4's exact peak below covers it
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.02)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[:4]} failed:\n{err[-2000:]}")
    single = usage.ru_maxrss / 1024
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": max(single, peak_rss),
            "pss_mib": max(single, peak_pss)}


def import_round(path: Path, contestants: list[str], workspace: Path) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for name in contestants:
        if name in _LSGRISK_ENV:
            shutil.rmtree(workspace, ignore_errors=True)
            argv = [sys.executable, "-m", "lsgrisk", "scan", "import", str(path), "-w", str(workspace)]
            results[name] = whole_process(argv, _LSGRISK_ENV[name])
        else:
            argv = [sys.executable, "-c", PROCESSES[name], str(path)]
            results[name] = whole_process(argv)
    shutil.rmtree(workspace, ignore_errors=True)
    return results


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def import_table(sizes: list[int], repeat: int) -> list[str]:
    contestants = [*PROCESSES, LSGRISK_ONE, LSGRISK]
    try:
        import libnmap  # noqa: F401
    except ImportError:
        contestants.remove("python-libnmap `NmapParser.parse_fromfile`")
    lines = [
        "| hosts (file) | contestant | wall s | CPU s | peak memory MiB (RSS) | (PSS) "
        "| python-nmap / this: wall | CPU | memory |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    summary: list[str] = []
    for hosts in sizes:
        path = ensure_file(hosts)
        rounds = [import_round(path, contestants, DATA / "bench-ws") for _ in range(repeat)]
        med = {name: {k: median([r[name][k] for r in rounds]) for k in ("wall", "cpu", "rss_mib", "pss_mib")}
               for name in contestants}
        pn = med[contestants[0]]
        for name in contestants:
            row = med[name]
            lines.append(f"| {hosts:,} ({path.stat().st_size / 1e6:.0f} MB) | {name} | {row['wall']:.2f} | "
                         f"{row['cpu']:.2f} | {row['rss_mib']:.0f} | {row['pss_mib']:.0f} | "
                         f"{pn['wall'] / row['wall']:.2f}x | {pn['cpu'] / row['cpu']:.2f}x | "
                         f"{pn['rss_mib'] / row['rss_mib']:.1f}x |")
        for name in (LSGRISK, LSGRISK_ONE):
            mine = med[name]
            speed, cpu, memory = pn["wall"] / mine["wall"], pn["cpu"] / mine["cpu"], pn["rss_mib"] / mine["rss_mib"]
            verdict = "met" if speed >= 3 and memory >= 10 else "NOT met"
            summary.append(f"- {hosts:,} hosts, {name.split(', ', 1)[1].split(' (')[0]}: {speed:.2f}x python-nmap's "
                           f"speed by wall time, {cpu:.2f}x by CPU time, {memory:.1f}x less memory "
                           f"(target 3x faster and 10x less: {verdict})")
    phases = phase_lines(max(sizes), ensure_file(max(sizes)))
    return [*lines, "", *summary, "", *phases]


def phase_lines(hosts: int, path: Path) -> list[str]:
    """Where lsgrisk's import spends its CPU time (each step alone, in one fresh process)."""
    start = whole_process([sys.executable, "-m", "lsgrisk", "scan", "import", "--help"])
    bare = whole_process([sys.executable, "-c", "pass"])
    code = _CHILD_PRELUDE.format(root=str(ROOT)) + textwrap.dedent(CHILDREN["phases"])
    proc = subprocess.run([sys.executable, "-c", code, str(path), str(DATA)], capture_output=True, text=True,
                          cwd=ROOT, check=True, env={**os.environ, "LSGRISK_IMPORT_WORKERS": "0"})
    p = json.loads(proc.stdout.strip().splitlines()[-1])
    store = p["import"] - p["rows"]
    total = start["cpu"] + p["hash"] + p["copy"] + p["import"]
    rows = [("Python start-up and the scan command's imports (`scan import --help`)", start["cpu"]),
            ("SHA-256 of the file", p["hash"]), ("copy into the raw archive (kernel copy, fsync)", p["copy"]),
            ("libxml2 parsing, hosts only counted (the floor of any lxml-based import)", p["parse"]),
            ("turning elements into table rows in Python", p["rows"] - p["parse"]),
            ("SQLite: inserts, index build, foreign-key check, commit", store)]
    lines = [f"Where lsgrisk's import of {hosts:,} hosts spends its CPU time in one process (each step measured "
             f"alone; bare interpreter start-up {bare['cpu']:.2f} s). With workers, the parsing and row building "
             "are shared by two processes while this one writes to SQLite:", "",
             "| step | CPU s | share |", "|---|---|---|"]
    lines += [f"| {name} | {sec:.2f} | {100 * sec / total:.0f}% |" for name, sec in rows]
    lines.append(f"| total | {total:.2f} | 100% |")
    return lines


def ensure_file(hosts: int, drift: float = 0.0, scripts: bool = True, name: str | None = None) -> Path:
    sys.path.insert(0, str(HERE))
    import nmap_xml_gen as gen

    DATA.mkdir(exist_ok=True)
    path = DATA / (name or f"scan_{hosts}.xml")
    if not path.exists():
        gen.generate(path, hosts, seed=1, drift=drift, scripts=scripts)
    return path


def child(kind: str, *args: str) -> dict[str, object]:
    code = _CHILD_PRELUDE.format(root=str(ROOT)) + textwrap.dedent(CHILDREN[kind])
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def best(kind: str, repeat: int, *args: str) -> dict[str, object]:
    runs = [child(kind, *args) for _ in range(repeat)]
    return min(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]


def fresh_db(name: str) -> Path:
    db = DATA / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def diff_section(hosts: int, repeat: int) -> list[str]:
    files = {"a": ensure_file(hosts), "b": ensure_file(hosts, 0.05, True, f"scan_{hosts}_b.xml"),
             "ns_a": ensure_file(hosts, 0.0, False, f"ns_{hosts}_a.xml"),
             "ns_b": ensure_file(hosts, 0.05, False, f"ns_{hosts}_b.xml")}
    db = fresh_db(f"bench_{hosts}.db")
    child("import", str(files["a"]), str(db))
    child("import", str(files["b"]), str(db))
    diff = best("diff", repeat, str(db), "1", "2")
    ns_db = fresh_db(f"bench_ns_{hosts}.db")
    child("import", str(files["ns_a"]), str(ns_db))
    child("import", str(files["ns_b"]), str(ns_db))
    diff_ns = best("diff", repeat, str(ns_db), "1", "2")
    have_ndiff = shutil.which("ndiff") is not None
    ndiff_ns = best("ndiff", 1, str(files["ns_a"]), str(files["ns_b"])) if have_ndiff else None
    ndiff_scripts = child("ndiff", str(files["a"]), str(files["b"])) if have_ndiff else None

    def s(r: dict[str, object]) -> float:
        return float(r["seconds"])  # type: ignore[arg-type]

    def m(r: dict[str, object]) -> float:
        return float(r["rss_mib"])  # type: ignore[arg-type]

    lines = [
        f"| diff ({hosts:,} hosts, 5% drift) | time s | peak RSS MiB | result |",
        "|---|---|---|---|",
        f"| lsgrisk `scan diff` (with scripts) | {s(diff):.2f} | {m(diff):.0f} | "
        f"{diff['new']} new, {diff['gone']} gone, {diff['opened']} opened, {diff['closed']} closed, "
        f"{diff['changed']} changed |",
        f"| lsgrisk `scan diff` (no-scripts pair) | {s(diff_ns):.2f} | {m(diff_ns):.0f} | "
        f"{diff_ns['new']} new, {diff_ns['gone']} gone, {diff_ns['opened']} opened, {diff_ns['closed']} closed, "
        f"{diff_ns['changed']} changed |",
    ]
    if ndiff_ns is not None and ndiff_scripts is not None:
        lines.append(f"| ndiff (no-scripts pair, exit {ndiff_ns['exit']}) | {s(ndiff_ns):.2f} | {m(ndiff_ns):.0f} | "
                     f"{s(ndiff_ns) / s(diff_ns):.1f}x slower than lsgrisk |")
        lines.append(f"| ndiff (pair with scripts) | {s(ndiff_scripts):.2f} | {m(ndiff_scripts):.0f} | "
                     f"exit {ndiff_scripts['exit']}: `{ndiff_scripts['error']}` |")
    else:
        lines.append("| ndiff | - | - | not installed |")
    verdict = "met" if s(diff) < 3 else "NOT met"
    return [*lines, "", f"Diff target: two {hosts:,}-host scans under 3 s: {s(diff):.2f} s ({verdict}). "
                        "Diff times exclude interpreter start-up."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,50000", help="host counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median is reported")
    parser.add_argument("--no-diff", action="store_true", help="skip the diff and ndiff measurements")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    command = "python benchmarks/bench_scans.py" + ("" if args.sizes == "20000,50000" else f" --sizes {args.sizes}")
    command += "" if args.repeat == 3 else f" --repeat {args.repeat}"
    command += " --no-diff" if args.no_diff else ""
    lines = [
        "# Scan import and diff benchmark",
        "",
        f"Command: `{command}` (one run; median of {args.repeat} interleaved rounds; every import row is a whole "
        "fresh process: interpreter start-up, imports, reading, and for lsgrisk hashing, archiving and the "
        "SQLite store; the machine's CPUs may be shared with other work, so compare the ratios within the run). "
        f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} when the run started.",
        "",
        "CPU is user + system time of the process and of the worker processes it waited for (`os.wait4`). "
        "Memory is the peak of the sum over the process tree (the command and its workers), sampled every "
        "20 ms from /proc, and never below the largest single peak `wait4` reports (exact for one-process "
        "contestants). RSS counts pages that forked workers share with their parent once per process (an "
        "overcount); PSS splits them. The memory ratio uses RSS.",
        "",
    ]
    lines += import_table(sizes, args.repeat)
    if not args.no_diff:
        lines += ["", *diff_section(max(sizes), args.repeat)]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
