"""Benchmark: ``lsgrisk analyze`` (load -> analysis -> xlsx, csv, json) on synthetic municipalities.

Each size runs in its own subprocess (a fresh interpreter, as a user would run
it), started by a fresh probe process that measures the wall time around it
and its peak memory as ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the
analysis is the probe's only child, so nothing else is counted). The inventory
is generated beforehand (benchmarks/synth.py) and written as JSON, so the
timing covers exactly what ``lsgrisk analyze`` does.

Usage::

    python benchmarks/bench_analyze.py            # 1k, 10k, 100k assets
    python benchmarks/bench_analyze.py --quick    # 1k and 10k

Prints a markdown table and writes it to benchmarks/results_analyze.md.
Targets (PRODUCT.md): 10k under 10 s and 1 GiB; 100k under 120 s and 4 GiB;
cost about linear (ratio 100k/10k near 10).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results_analyze.md"

#: runs inside the child: the same stage calls as the CLI, with nothing else loaded
CHILD = """
import sys
from datetime import date
from pathlib import Path
from asset_models.loaders import load_inventory
from risk_analyzer.analyze import analyze, paused_gc
from risk_analyzer.outputs import write_outputs
from threat_catalog.loader import load_catalog

with paused_gc():
    catalog = load_catalog()
    inv = load_inventory(sys.argv[1], catalog.vocabulary())
    result = analyze(inv, catalog, date(2026, 6, 1))
    write_outputs(result, Path(sys.argv[2]), "cnr")
print(len(result.risks))
"""


def _generate(n_assets: int, path: Path) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "synth.py"), str(n_assets), "--seed", "1", "-o", str(path)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip


#: a fresh probe per size runs the analysis as its only child, so RUSAGE_CHILDREN sees nothing else
PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]],
                      check=True, capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, peak, proc.stdout.strip().splitlines()[-1])
"""


def _measure(inventory: Path, out: Path) -> tuple[float, float, int]:
    """(seconds, peak MiB, risks) of one analysis in its own child process."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, CHILD, str(inventory), str(out)],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds, peak_kib, risks = proc.stdout.split()
    return float(seconds), int(peak_kib) / 1024, int(risks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k assets only")
    args = parser.parse_args(argv)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    rows: list[tuple[int, float, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-analyze-") as tmp:
        for n in sizes:
            inventory = Path(tmp) / f"synth-{n}.json"
            _generate(n, inventory)
            seconds, mib, risks = _measure(inventory, Path(tmp) / f"out-{n}")
            rows.append((n, seconds, mib, risks))
            print(f"{n} assets: {seconds:.2f} s, {mib:.0f} MiB peak, {risks} risks", file=sys.stderr)
    lines = [
        "# lsgrisk analyze: load -> analysis -> xlsx/csv/json",
        "",
        "| assets | risks | time (s) | peak memory (MiB) | target |",
        "|---:|---:|---:|---:|---|",
    ]
    targets = {10_000: "< 10 s, < 1024 MiB", 100_000: "< 120 s, < 4096 MiB"}
    for n, seconds, mib, risks in rows:
        lines.append(f"| {n:,} | {risks:,} | {seconds:.2f} | {mib:.0f} | {targets.get(n, '')} |")
    by_size = {n: s for n, s, _, _ in rows}
    if 10_000 in by_size and 100_000 in by_size:
        lines += ["", f"Time ratio 100k / 10k: {by_size[100_000] / by_size[10_000]:.1f} (linear would be 10)."]
    lines += ["", "Each size runs in a fresh subprocess; peak memory is the child's ru_maxrss.", ""]
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
