"""Benchmark document generation: six policies + the report for one LSG per language, and for 25 synthetic LSGs.

Run: python benchmarks/bench_documents.py [--quick]
Prints a markdown table and writes it to benchmarks/results_documents.md.
Target (PRODUCT.md): six policies + report for one LSG in one language in under 3 s.
The analysis is timed separately; the document columns start from its result.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asset_models.fsutil import atomic_write_text
from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from policy_templates.i18n import Lang, as_lang
from policy_templates.policies.generate import write_policies
from policy_templates.report.writer import write_report
from risk_analyzer.analyze import analyze
from risk_analyzer.result import AnalysisResult
from threat_catalog.loader import load_catalog
from threat_catalog.models import Catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
RESULTS = Path(__file__).resolve().parent / "results_documents.md"
AS_OF = date(2026, 1, 15)
TARGET_S = 3.0
#: the document languages measured (cnr-Cyrl adds the transliteration pass)
LANGS = tuple(as_lang(code) for code in ("cnr", "en", "cnr-Cyrl"))


def timed(func: Callable[[], object], repeat: int) -> float:
    """Median wall time in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def documents(inv: Inventory, result: AnalysisResult, catalog: Catalog, lang: Lang, out: Path,
              with_report: bool) -> int:
    """Write the six policies (and the report) for one LSG in one language; returns the number of files."""
    written = write_policies(inv, result, catalog, lang, out / "policies")
    if with_report:
        written.extend(write_report(inv, result, catalog, lang, out))
    return len(written)


def one_lsg(catalog: Catalog, repeat: int, out: Path) -> list[str]:
    inv = load_inventory(EXAMPLE)
    analysis_s = timed(lambda: analyze(inv, catalog, AS_OF), repeat)
    result = analyze(inv, catalog, AS_OF)
    rows = []
    for lang in LANGS:
        policies_s = timed(lambda lang=lang: documents(inv, result, catalog, lang, out, False), repeat)  # type: ignore[misc]
        total_s = timed(lambda lang=lang: documents(inv, result, catalog, lang, out, True), repeat)  # type: ignore[misc]
        verdict = "yes" if total_s < TARGET_S else "NO"
        rows.append(f"| example ({len(inv.assets)} assets) | {lang.code} | {analysis_s:.2f} | {policies_s:.2f} | "
                    f"{total_s:.2f} | {verdict} |")
    return rows


def many_lsgs(catalog: Catalog, count: int, assets: int, out: Path) -> list[str]:
    from benchmarks.synth import generate

    inventories = [generate(assets, seed=i) for i in range(count)]
    start = time.perf_counter()
    results = [analyze(inv, catalog, AS_OF) for inv in inventories]
    analysis_s = time.perf_counter() - start
    rows = []
    for lang in LANGS:
        start = time.perf_counter()
        files = 0
        for i, (inv, result) in enumerate(zip(inventories, results, strict=True)):
            files += documents(inv, result, catalog, lang, out / f"lsg{i:02d}", True)
        docs_s = time.perf_counter() - start
        per = docs_s / count
        verdict = "yes" if per < TARGET_S else "NO"
        rows.append(f"| {count} synthetic × {assets} assets | {lang.code} | {analysis_s:.2f} (all) | – | "
                    f"{docs_s:.2f} (all, {files} files; {per:.2f} per LSG) | {verdict} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 synthetic LSGs and one repetition")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else 3
    count = 3 if args.quick else 25
    catalog = load_catalog()
    lines = [
        "# Documents benchmark",
        "",
        "Six policies + the Risk and Security Analysis report (docx + html) per LSG and language; seconds, "
        f"median of {repeat}. Target: documents for one LSG in one language under {TARGET_S:.0f} s.",
        "",
        "| input | lang | analysis s | six policies s | policies + report s | under target |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="lsgrisk-bench-docs-") as tmp:
        lines.extend(one_lsg(catalog, repeat, Path(tmp) / "example"))
        lines.extend(many_lsgs(catalog, count, 120, Path(tmp) / "synthetic"))
    table = "\n".join(lines) + "\n"
    print(table)
    atomic_write_text(RESULTS, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
