"""Benchmark the Risk and Security Analysis report: docx and html for the example and for synthetic LSGs.

Run: python benchmarks/bench_report.py [--quick]
Prints a markdown table and writes it to benchmarks/results_report.md.
Target (PRODUCT.md): six policies plus the report for one LSG in one language under 3 s; this script
measures the report part (analysis is timed separately, as it is shared with the policies).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from policy_templates.report.context import report_context
from policy_templates.report.writer import render_report_docx, render_report_html
from risk_analyzer.analyze import analyze
from threat_catalog.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2025, 3, 12)


def timed(func: Callable[[], object], repeat: int) -> float:
    """Median wall time in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def one(inv: Inventory, lang: str, repeat: int) -> dict[str, float | int]:
    catalog = load_catalog()
    result = analyze(inv, catalog, AS_OF)
    ctx = report_context(inv, result, catalog, lang)
    return {
        "assets": len(inv.assets),
        "risks": len(result.risks),
        "analyze": timed(lambda: analyze(inv, catalog, AS_OF), repeat),
        "context": timed(lambda: report_context(inv, result, catalog, lang), repeat),
        "docx": timed(lambda: render_report_docx(inv, result, catalog, lang, ctx), repeat),
        "html": timed(lambda: render_report_html(inv, result, catalog, lang, ctx), repeat),
        "docx_kib": len(render_report_docx(inv, result, catalog, lang, ctx)) // 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else 3
    rows = ["| input | lang | assets | risks | analyze s | context s | docx s | html s | report total s | docx KiB |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    example = load_inventory(ROOT / "examples" / "primjer" / "inventory.yaml")
    for lang in ("cnr", "en"):
        m = one(example, lang, repeat)
        total = float(m["context"]) + float(m["docx"]) + float(m["html"])
        rows.append(f"| example (Primjer) | {lang} | {m['assets']} | {m['risks']} | {m['analyze']:.2f} | "
                    f"{m['context']:.3f} | {m['docx']:.2f} | {m['html']:.3f} | {total:.2f} | {m['docx_kib']} |")
    for size in ((150,) if args.quick else (150, 1000)):
        m = one(generate(size, seed=1), "cnr", repeat)
        total = float(m["context"]) + float(m["docx"]) + float(m["html"])
        rows.append(f"| synthetic {size} assets | cnr | {m['assets']} | {m['risks']} | {m['analyze']:.2f} | "
                    f"{m['context']:.3f} | {m['docx']:.2f} | {m['html']:.3f} | {total:.2f} | {m['docx_kib']} |")
    lsgs = 3 if args.quick else 25
    catalog = load_catalog()
    start = time.perf_counter()
    for seed in range(lsgs):
        inv = generate(150, seed=seed)
        result = analyze(inv, catalog, AS_OF)
        for lang in ("cnr", "en"):
            ctx = report_context(inv, result, catalog, lang)
            render_report_docx(inv, result, catalog, lang, ctx)
            render_report_html(inv, result, catalog, lang, ctx)
    batch = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = "\n".join(rows)
    text = (f"# Report benchmark\n\n{table}\n\n"
            f"Batch: {lsgs} synthetic LSGs (150 assets each), analysis + report docx and html in both languages: "
            f"{batch:.1f} s ({batch / lsgs:.2f} s per LSG). Peak RSS {peak_mib:.0f} MiB.\n\n"
            f"Command: `python benchmarks/bench_report.py{' --quick' if args.quick else ''}`\n")
    print(text)
    (Path(__file__).resolve().parent / "results_report.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
