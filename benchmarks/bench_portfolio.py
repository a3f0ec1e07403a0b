"""Benchmark the portfolio end to end: 25 municipalities analysed, every document written, the comparison built.

Run: python benchmarks/bench_portfolio.py [--quick] [--jobs N] [--lang cnr]
The 25 inputs are the example and 24 synthetic municipalities (120 assets each, seeds 1..24).
Each configuration runs ``lsgrisk portfolio INPUTS -o OUT --documents --doc-lang L`` as a
separate process (what a user runs: imports, process pool, writing included) and is timed on
the wall clock; the peer in the same run is the same command with ``--jobs 1``, so the ratio
shows what the process pool gives on this machine. Also times the portfolio alone (no documents)
and with a snapshot store (SQLite). Prints a markdown table and writes benchmarks/results_portfolio.md.
Target (issue 14): 25 municipalities, analysis and all documents in one language, under 60 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import generate_data  # noqa: E402

EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
RESULTS = Path(__file__).resolve().parent / "results_portfolio.md"
TARGET_S = 60.0
AS_OF = "2026-01-15"


def inputs(base: Path, count: int, n_assets: int) -> list[Path]:
    paths = [EXAMPLE]
    for index in range(1, count):
        data = generate_data(n_assets, seed=index)
        data["municipality"]["name"] = f"Opština Sintetika {index:02d}"
        data["municipality"]["code"] = f"SINT{index:02d}"
        path = base / f"m{index:02d}" / "inventory.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its workers) of one ``lsgrisk`` process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "LSGRISK_NO_PROGRESS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lsgrisk", *args], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"lsgrisk {' '.join(args[:3])}... failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 municipalities instead of 25")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)")
    parser.add_argument("--lang", default="cnr", choices=["cnr", "en"])
    parser.add_argument("--assets", type=int, default=120, help="assets per synthetic municipality")
    args = parser.parse_args()
    count = 5 if args.quick else 25
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    rows: list[tuple[str, tuple[float, float], int]] = []
    with tempfile.TemporaryDirectory(prefix="lsgrisk-bench-portfolio-") as scratch:
        base = Path(scratch)
        paths = [str(p) for p in inputs(base / "in", count, args.assets)]
        common = ["--as-of", AS_OF, "--lang", args.lang]
        docs = ["--documents", "--doc-lang", args.lang]
        parallel = run(["portfolio", *paths, "-o", str(base / "p"), *common, *docs, "--jobs", str(args.jobs)])
        serial = run(["portfolio", *paths, "-o", str(base / "s"), *common, *docs, "--jobs", "1"])
        compare = run(["portfolio", *paths, "-o", str(base / "c"), *common, "--jobs", str(args.jobs)])
        stored = run(["portfolio", *paths, "-o", str(base / "d"), *common, "--jobs", str(args.jobs),
                      "--store", str(base / "store.db")])
        files = sum(1 for _ in (base / "p").rglob("*.*"))
        rows.append((f"analysis + report + 6 policies ({args.lang}), --jobs {args.jobs}", parallel, files))
        rows.append((f"the same, --jobs 1 (peer; wall ratio jobs 1 / jobs {args.jobs}: "
                     f"{serial[0] / parallel[0]:.2f}x)", serial, files))
        rows.append((f"comparison only (no documents), --jobs {args.jobs}", compare, 4))
        rows.append((f"comparison + snapshots into SQLite, --jobs {args.jobs}", stored, 4))
    lines = [
        "# Portfolio benchmark",
        "",
        f"`lsgrisk portfolio` over {count} municipalities (the example and {count - 1} synthetic ones of "
        f"{args.assets} assets), wall clock of the whole command in seconds, one run each, on "
        f"{os.cpu_count()} CPUs (a shared machine: expect noise). Target: {count} municipalities with all "
        f"documents in one language under {TARGET_S:g} s.",
        "",
        "CPU seconds (the command and its workers) do not depend on what else runs on the machine; on an idle",
        f"machine the wall time with --jobs N is about CPU / N. Load average when the run started: {load}.",
        "",
        "| configuration | wall s | CPU s | files | wall under target |",
        "|---|---|---|---|---|",
    ]
    for label, (seconds, cpu), files in rows:
        lines.append(f"| {label} | {seconds:.1f} | {cpu:.1f} | {files} | {'yes' if seconds < TARGET_S else 'no'} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.quick:
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
