"""Benchmark: a ``runs_on`` chain (issue 10.11): asset i runs on asset i-1, one service and one data asset on top.

The blast radius of a host counts everything that runs on it, recursively; on a
chain of n assets a per-asset walk is quadratic. The analysis must stay about
linear: the ratio of 10k to 2.5k should stay near 4, not 16.

Usage::

    python benchmarks/bench_chain.py                 # 2500 and 10000 assets
    python benchmarks/bench_chain.py 10000 40000     # chosen sizes

Each size runs in a fresh interpreter; prints seconds per size and the ratios.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = """
import sys
from datetime import date
from asset_models.loaders import load_inventory
from risk_analyzer.analyze import analyze, paused_gc
from threat_catalog.loader import load_catalog

with paused_gc():
    catalog = load_catalog()
    inv = load_inventory(sys.argv[1], catalog.vocabulary())
    result = analyze(inv, catalog, date(2026, 6, 1))
print(len(result.risks))
"""


def chain_inventory(n: int) -> dict[str, object]:
    """A town hall whose n assets form one runs_on chain (a VM inside a VM ... on one hypervisor)."""
    assets: list[dict[str, object]] = [
        {"id": "host-0", "name": "Hypervisor 0", "kind": "hypervisor", "zone": "srv", "owner": "IT"}
    ]
    for i in range(1, n):
        assets.append(
            {"id": f"host-{i}", "name": f"VM {i}", "kind": "server", "zone": "srv", "runs_on": f"host-{i - 1}"}
        )
    top = f"host-{n - 1}"
    return {
        "version": 1,
        "municipality": {"name": "Opština Lanac", "code": "CHAIN"},
        "zones": [{"id": "internet", "kind": "internet"}, {"id": "srv", "kind": "server"}],
        "zone_flows": [],
        "assets": assets,
        "data": [
            {"id": "reg", "name": "Registar", "kind": "register", "stored_on": [top],
             "needs": {"confidentiality": "high", "integrity": "very_high"}}
        ],
        "services": [{"id": "svc", "name": "Usluga", "uses": ["reg"], "runs_on": [top]}],
    }  # fmt: skip


def run(n: int, workdir: Path) -> float:
    path = workdir / f"chain-{n}.json"
    path.write_text(json.dumps(chain_inventory(n)), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2500, 10000]
    with tempfile.TemporaryDirectory() as tmp:
        times = {n: run(n, Path(tmp)) for n in sizes}
    for n, seconds in times.items():
        print(f"{n:>7} assets  {seconds:7.2f} s")
    first = sizes[0]
    for n in sizes[1:]:
        print(f"ratio {n}/{first}: {times[n] / times[first]:.2f} (size ratio {n / first:.1f})")


if __name__ == "__main__":
    main()
