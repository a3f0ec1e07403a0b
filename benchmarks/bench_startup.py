"""Start-up time of the CLI: ``lsgrisk --version`` and ``--help`` against a bare Python and ``import click``.

Target (PRODUCT.md): ``--help`` and ``--version`` within a few times a bare
``python -c "import click"``. Each command runs in a fresh interpreter, N times;
the table gives the median wall time and the ratios to the two peers measured in
the same run. ``python -X importtime`` then lists the slowest imports of
``lsgrisk --help``, to show where the rest of the time goes.

    python benchmarks/bench_startup.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results_startup.md")

CASES: list[tuple[str, list[str], dict[str, str]]] = [
    ("python -c pass (bare start)", ["-c", "pass"], {}),
    ('python -c "import click"', ["-c", "import click"], {}),
    ("lsgrisk --version", ["-m", "lsgrisk", "--version"], {}),
    ("lsgrisk --help", ["-m", "lsgrisk", "--help"], {}),
    ("lsgrisk validate --help", ["-m", "lsgrisk", "validate", "--help"], {}),
    ("LSGRISK_LANG=cnr lsgrisk --help", ["-m", "lsgrisk", "--help"], {"LSGRISK_LANG": "cnr"}),
    ("lsgrisk scan --help (loads the scan commands)", ["-m", "lsgrisk", "scan", "--help"], {}),
]


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LSGRISK_LANG", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "C.UTF-8"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def median_time(args: list[str], extra: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], env=_env(extra), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def slowest_imports(args: list[str], count: int = 12) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest top-level imports, from ``-X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], env=_env({}), cwd=ROOT, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    top_level = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2].rstrip()
        if name.startswith(" ") and not name.startswith("  "):  # one space: imported at the top level
            top_level.append((int(parts[1]), name.strip()))
    return sorted(top_level, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 runs per case instead of 21")
    parser.add_argument("--runs", type=int, default=None)
    options = parser.parse_args()
    runs = options.runs or (5 if options.quick else 21)

    results = [(label, median_time(args, extra, runs)) for label, args, extra in CASES]
    bare, click_time = results[0][1], results[1][1]
    lines = [
        f"## Start-up (`bench_startup.py`): median of {runs} fresh interpreters",
        "",
        "| command | time | / bare python | / import click |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds in results:
        lines.append(f"| {label} | {seconds * 1000:.0f} ms | {seconds / bare:.1f}x | {seconds / click_time:.1f}x |")
    lines += ["", "Slowest imports of `lsgrisk --help` (`python -X importtime`, cumulative, top level):", ""]
    lines += ["| module | cumulative |", "|---|---:|"]
    for micros, name in slowest_imports(["-m", "lsgrisk", "--help"]):
        lines.append(f"| {name} | {micros / 1000:.1f} ms |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
