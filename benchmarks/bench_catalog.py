"""Benchmark the threat catalogue loader: cold bundled load, cached load, overlays of growing size.

Run: python benchmarks/bench_catalog.py [--quick]
Prints a markdown table and writes it to benchmarks/results_catalog.md.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asset_models.fsutil import atomic_write_text
from lsgrisk.cli.catalog_cmds import list_lines
from threat_catalog import loader
from threat_catalog.models import EntryKind, Lang


def timed(func: Callable[[], object], repeat: int) -> float:
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def cold_load() -> None:
    loader._bundled_parts.cache_clear()
    loader._bundled_catalog.cache_clear()
    loader.load_catalog()


def write_overlay(directory: Path, size: int) -> None:
    """An overlay with ``size`` new controls and ``size`` new threats."""
    text = {"en": "Benchmark entry text.", "cnr": "Tekst unosa za mjerenje."}
    controls = [
        {
            "id": f"bench.control{n}",
            "title": text,
            "description": text,
            "law_areas": ["LAW-RISK"],
            "nis2": ["a"],
            "iso27001": ["A.5.1"],
            "cis_ig1": [],
            "policy": 1 + n % 6,
            "effort": "quick_win",
            "effort_points": 1 + n % 5,
            "kind": "technical",
        }
        for n in range(size)
    ]
    threats = [
        {
            "id": f"M.bench{n}",
            "source": "municipal",
            "title": text,
            "description": text,
            "cia": ["availability"],
            "attack_tactics": ["TA0040"],
            "enisa": "availability",
        }
        for n in range(size)
    ]
    atomic_write_text(directory / "controls.yaml", yaml.safe_dump({"controls": controls}, allow_unicode=True))
    atomic_write_text(directory / "threats.yaml", yaml.safe_dump({"threats": threats}, allow_unicode=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    sizes = [100, 500] if args.quick else [100, 1000, 5000]

    rows: list[tuple[str, str, float]] = []
    rows.append(("bundled catalogue, cold (parse + validate + cross-check)", "-", timed(cold_load, repeat)))
    loader.load_catalog()
    rows.append(("bundled catalogue, cached", "-", timed(loader.load_catalog, repeat * 100)))
    catalog = loader.load_catalog()
    listing = timed(lambda: list_lines(catalog, list(EntryKind), Lang.cnr), repeat)
    rows.append(("`catalog list` text, all kinds", "-", listing))
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            overlay = Path(tmp)
            write_overlay(overlay, size)
            rows.append(
                (
                    "overlay load (new controls + threats)",
                    f"{size} + {size}",
                    timed(functools.partial(loader.load_catalog, overlay), repeat),
                )
            )

    counts = f"{len(catalog.threats)} threats, {len(catalog.controls)} controls, "
    counts += f"{len(catalog.measures)} measures, {len(catalog.rules)} rules"
    lines = [
        f"# Threat catalogue loader ({'quick' if args.quick else 'full'} run)",
        "",
        f"Bundled catalogue: {counts}. Median of {repeat} runs (cached load: {repeat * 100}).",
        "",
        "| case | overlay entries | median ms |",
        "|---|---:|---:|",
        *(f"| {case} | {size} | {ms:.3f} |" for case, size, ms in rows),
        "",
    ]
    table = "\n".join(lines)
    print(table)
    atomic_write_text(Path(__file__).resolve().parent / "results_catalog.md", table)


if __name__ == "__main__":
    main()
