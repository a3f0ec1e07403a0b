"""Benchmark: ``lsgrisk analyze`` at the scale of a town, a city and a country, on two kinds of inventory.

For each kind of inventory (``synthetic``: the project's own generator, about
1.5 risks per asset; ``dense``: ``synth.py --dense``, several weaknesses per asset,
about 4 risks per asset), each format (YAML and JSON) and each size, one
analysis runs in a fresh interpreter, started by a fresh probe process that
measures the wall time around it and its peak memory as
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the analysis is the probe's
only child). The child runs the same stage calls as ``lsgrisk analyze``
(load and validate, analysis, analysis.json + risks.csv + risk-register.xlsx,
the collector paused as in the CLI) and reports the time of each stage.
Inventories are generated beforehand and are not timed.

The scaling exponent ``k`` of ``time ~ assets^k`` is fitted (least squares on
log-log) over the sizes from 10,000 up; 1 is linear.

Usage::

    python benchmarks/bench_analyze.py                      # 1k, 10k, 30k, 100k; both kinds; YAML and JSON
    python benchmarks/bench_analyze.py --quick              # 1k and 10k
    python benchmarks/bench_analyze.py --sizes 1000 10000 --kinds dense --formats yaml

Prints a markdown table and writes it to benchmarks/results_analyze.md.
Targets (PRODUCT.md, issue 17): 10k under 10 s and 1 GiB; 100k under 120 s and 4 GiB;
growth about linear.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results_analyze.md"
SIZES = (1_000, 10_000, 30_000, 100_000)
KINDS = ("synthetic", "dense")
FORMATS = ("yaml", "json")
TARGETS = {10_000: (10.0, 1024.0), 100_000: (120.0, 4096.0)}

#: runs inside the child: the same stage calls as the CLI, with nothing else loaded
CHILD = """
import sys, time
from datetime import date
from pathlib import Path
start = time.perf_counter()
try:
    from asset_models.gcpause import paused_gc
except ImportError:  # code from before issue 17 (--compare)
    from risk_analyzer.analyze import paused_gc
from asset_models.loaders import load_inventory
from risk_analyzer.analyze import analyze
from risk_analyzer.outputs import write_outputs
from threat_catalog.loader import load_catalog



def run():  # as in the CLI, the inventory and the result are dropped when the command returns (collector paused)
    catalog = load_catalog()
    t0 = time.perf_counter()
    inv = load_inventory(sys.argv[1], catalog.vocabulary())
    t1 = time.perf_counter()
    result = analyze(inv, catalog, date(2026, 6, 1))
    t2 = time.perf_counter()
    write_outputs(result, Path(sys.argv[2]), "cnr")
    t3 = time.perf_counter()
    return len(result.risks), t0 - start, t1 - t0, t2 - t1, t3 - t2


with paused_gc():
    numbers = run()
print(*numbers)
"""

#: a fresh probe per run has the analysis as its only child, so RUSAGE_CHILDREN sees nothing else
PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]],
                      check=True, capture_output=True, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, proc.stdout.strip().splitlines()[-1])
"""


@dataclass
class Run:
    kind: str
    fmt: str
    assets: int
    risks: int
    seconds: float
    mib: float
    stages: tuple[float, float, float, float]  # start-up + catalogue, load, analysis, outputs
    load: str  # load average when the run ended
    cpu: float = 0.0  # user + system CPU seconds of the child (moves much less with the machine's load)
    before: tuple[float, float, tuple[float, float, float, float], float] | None = None  # --compare


def loadavg() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def generate(n_assets: int, kind: str, path: Path) -> None:
    """Write the inventory (not timed)."""
    extra = ["--dense"] if kind == "dense" else []
    subprocess.run(
        [sys.executable, str(HERE / "synth.py"), str(n_assets), "--seed", "1", *extra, "-o", str(path)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def measure(
    inventory: Path, out: Path, code: Path = ROOT
) -> tuple[float, float, int, tuple[float, float, float, float], float]:
    """(seconds, peak MiB, risks, stage seconds, CPU seconds) of one analysis in its own child, code from ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, CHILD, str(inventory), str(out)],
        check=True, cwd=code, capture_output=True, text=True, env=env,
    )  # fmt: skip
    seconds, peak_kib, cpu, risks, *stages = proc.stdout.split()
    s = tuple(float(x) for x in stages)
    return float(seconds), int(peak_kib) / 1024, int(risks), (s[0], s[1], s[2], s[3]), float(cpu)


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) over log(assets)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else None


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| inventory | format | assets | risks | time | CPU | peak memory | load | analysis | outputs | target | "
        "load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in runs:
        target = ""
        if r.assets in TARGETS:
            limit_s, limit_mib = TARGETS[r.assets]
            met = r.seconds < limit_s and r.mib < limit_mib
            target = f"< {limit_s:.0f} s, < {limit_mib / 1024:.0f} GiB: {'met' if met else '**not met**'}"
        lines.append(
            f"| {r.kind} | {r.fmt.upper()} | {r.assets:,} | {r.risks:,} | {r.seconds:.2f} s | {r.cpu:.2f} s | "
            f"{r.mib:,.0f} MiB | "
            f"{r.stages[1]:.2f} s | {r.stages[2]:.2f} s | {r.stages[3]:.2f} s | {target} | {r.load} |"
        )
    return lines


def exponents(runs: list[Run]) -> list[str]:
    lines = ["", "| inventory | format | scaling exponent k (time ~ assets^k, 10k and up) | ratio 100k / 10k | "
             "k of CPU time | CPU ratio 100k / 10k |", "|---|---|---:|---:|---:|---:|"]  # fmt: skip
    for kind in KINDS:
        for fmt in FORMATS:
            mine = [r for r in runs if r.kind == kind and r.fmt == fmt and r.assets >= 10_000]
            k = exponent([(r.assets, r.seconds) for r in mine])
            k_cpu = exponent([(r.assets, r.cpu) for r in mine])
            wall = {r.assets: r.seconds for r in mine}
            cpu = {r.assets: r.cpu for r in mine}
            ratio = f"{wall[100_000] / wall[10_000]:.1f}" if 10_000 in wall and 100_000 in wall else ""
            cpu_ratio = f"{cpu[100_000] / cpu[10_000]:.1f}" if 10_000 in cpu and 100_000 in cpu else ""
            if k is not None and k_cpu is not None:
                lines.append(f"| {kind} | {fmt.upper()} | {k:.2f} | {ratio} | {k_cpu:.2f} | {cpu_ratio} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k assets only")
    parser.add_argument("--sizes", type=int, nargs="+", help=f"asset counts (default {SIZES})")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also run each inventory, right after, with the code in DIR (e.g. a worktree of "
                             "the commit before); writes the before/after table to results_analyze_compare.md")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else list(SIZES))
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-analyze-") as tmp:
        for n in sizes:
            for kind in args.kinds:
                for fmt in args.formats:
                    inventory = Path(tmp) / f"{kind}-{n}.{fmt}"
                    generate(n, kind, inventory)
                    seconds, mib, risks, stages, cpu = measure(inventory, Path(tmp) / f"out-{kind}-{n}-{fmt}")
                    before = None
                    if args.compare:
                        b_seconds, b_mib, _risks, b_stages, b_cpu = measure(inventory, Path(tmp) / "before",
                                                                            args.compare)  # fmt: skip
                        before = (b_seconds, b_mib, b_stages, b_cpu)
                    inventory.unlink()
                    run = Run(kind, fmt, n, risks, seconds, mib, stages, loadavg(), cpu, before)
                    runs.append(run)
                    print(f"{kind} {fmt} {n}: {seconds:.2f} s, cpu {cpu:.2f} s, {mib:.0f} MiB, {risks} risks, "
                          f"stages {' '.join(f'{s:.2f}' for s in stages)}, load {run.load}", file=sys.stderr)
    lines = [
        "# lsgrisk analyze: load -> analysis -> xlsx/csv/json",
        "",
        *table(runs),
        *exponents(runs),
        "",
        "Each run is a fresh interpreter; CPU is its user + system time, peak memory its ru_maxrss; "
        "`load`, `analysis` and `outputs` are the "
        "stage times inside it (the rest is start-up and the catalogue). `load avg` is the machine's 1/5/15-minute "
        "load average when the run ended (2 shared cores: absolute times move with it, ratios much less).",
        "",
    ]
    if args.compare:
        compare = compare_table(runs, args.compare)
        print(compare)
        RESULTS.with_name("results_analyze_compare.md").write_text(compare, encoding="utf-8")
        return 0
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


def compare_table(runs: list[Run], code: Path) -> str:
    lines = [
        f"# lsgrisk analyze before ({code}) and after, each pair run back to back", "",
        "| inventory | format | assets | risks | before | after | speed-up | CPU before / after | memory before | "
        "after | load before / after | analysis before / after | outputs before / after | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|---|---|---|",
    ]  # fmt: skip
    for r in runs:
        if r.before is None:
            continue
        seconds, mib, st, cpu = r.before
        lines.append(
            f"| {r.kind} | {r.fmt.upper()} | {r.assets:,} | {r.risks:,} | {seconds:.2f} s | {r.seconds:.2f} s | "
            f"{seconds / r.seconds:.1f}x | {cpu:.1f} / {r.cpu:.1f} s | {mib:,.0f} MiB | {r.mib:,.0f} MiB | "
            f"{st[1]:.2f} / {r.stages[1]:.2f} s | "
            f"{st[2]:.2f} / {r.stages[2]:.2f} s | {st[3]:.2f} / {r.stages[3]:.2f} s | {r.load} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
