"""Benchmark: ``lsgrisk report`` and ``lsgrisk policies`` for 10,000 assets, as a user runs them.

For each kind of inventory (``synthetic`` and ``dense``, see bench_analyze.py) the
inventory is generated as JSON (not timed), then each command runs once through
the real CLI in a fresh interpreter started by a fresh probe process (wall time,
peak memory as the child's ``ru_maxrss``). Each command loads and analyses the
inventory itself, as it does for a user. Target (issue 17): report and policies
for 10,000 assets under 30 s together.

Usage::

    python benchmarks/bench_scale_documents.py                 # 10,000 assets, both kinds
    python benchmarks/bench_scale_documents.py --assets 2000 --kinds dense

Prints a markdown table and writes it to benchmarks/results_scale_documents.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results_scale_documents.md"
KINDS = ("synthetic", "dense")

PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
try:
    code = subprocess.run([sys.executable, "-m", "lsgrisk", *sys.argv[2:]], capture_output=True,
                          timeout=float(sys.argv[1])).returncode
except subprocess.TimeoutExpired:
    code = -1
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, peak, code)
"""


def loadavg() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def run(timeout: float, *args: str) -> tuple[float, float, int]:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(timeout), *args], check=True, cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    seconds, peak, code = proc.stdout.split()
    return float(seconds), int(peak) / 1024, int(code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--timeout", type=float, default=900, help="stop a command after this many seconds")
    parser.add_argument("--quick", action="store_true", help="1,000 assets")
    args = parser.parse_args(argv)
    if args.quick:
        args.assets = 1_000
    lines = [
        f"# report and policies for {args.assets:,} assets (one run each, real CLI)",
        "",
        "| inventory | command | time | peak memory | output | exit | load avg |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as tmp:
        for kind in args.kinds:
            inventory = Path(tmp) / f"{kind}.json"
            extra = ["--dense"] if kind == "dense" else []
            subprocess.run([sys.executable, str(HERE / "synth.py"), str(args.assets), "--seed", "1", *extra,
                            "-o", str(inventory)], check=True, cwd=ROOT, capture_output=True)  # fmt: skip
            total = 0.0
            for command in ("report", "policies"):
                out = Path(tmp) / f"{kind}-{command}"
                seconds, mib, code = run(args.timeout, command, str(inventory), "-o", str(out), "--lang", "cnr",
                                         "--as-of", "2026-06-01")  # fmt: skip
                total += seconds
                size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 2**20 if out.exists() else 0
                shown = f"{seconds:.1f} s" if code != -1 else f"> {args.timeout:.0f} s (stopped)"
                lines.append(f"| {kind} | {command} | {shown} | {mib:,.0f} MiB | {size:.1f} MB | {code} | "
                             f"{loadavg()} |")  # fmt: skip
                print(lines[-1], file=sys.stderr)
            lines.append(f"| {kind} | **together** | **{total:.1f} s** | | | | target < 30 s: "
                         f"{'met' if total < 30 else '**not met**'} |")  # fmt: skip
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
