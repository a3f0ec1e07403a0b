"""Benchmark: the commands a user runs on 10,000 assets: validate, convert, report and policies.

For each kind of inventory (``synthetic`` and ``dense``, see bench_analyze.py) the
inventory is generated as JSON (not timed), then each command runs once through
the real CLI in a fresh interpreter started by a fresh probe process (wall time,
CPU time and peak memory as the child's ``ru_maxrss``). ``report`` and ``policies``
load and analyse the inventory themselves, as they do for a user; the report's pages are counted in the PDF
LibreOffice prints (not timed; left empty without LibreOffice). Targets
(issue 17): report and policies for 10,000 assets under 30 s together.

``--compare DIR`` also runs validate and convert with the code in DIR (the
commit before, say) right after each, for a before/after pair under the same load.

Usage::

    python benchmarks/bench_scale_documents.py                 # 10,000 assets, both kinds
    python benchmarks/bench_scale_documents.py --assets 2000 --kinds dense --compare /tmp/before

Prints a markdown table and writes it to benchmarks/results_scale_documents.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, code)
"""


#: one process, stage by stage: the analysis (shared by both commands) apart from the documents' own work
STAGES = """
import datetime as dt, json, resource, sys, tempfile, time
from pathlib import Path
from policy_templates.policies.generate import write_policies
from policy_templates.report.context import report_context
from policy_templates.report.writer import render_report_docx, render_report_html
from risk_analyzer.pipeline import run_analysis
out = {}
def stage(name, work):
    wall, cpu = time.perf_counter(), time.process_time()
    value = work()
    out[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return value
inv, result, catalog = stage("load and analysis", lambda: run_analysis(Path(sys.argv[1]), as_of=dt.date(2026, 6, 1),
                                                                       tool_version="bench"))
ctx = stage("report: context", lambda: report_context(inv, result, catalog, "cnr"))
stage("report: docx (pictures included)", lambda: render_report_docx(inv, result, catalog, "cnr", ctx))
stage("report: html", lambda: render_report_html(inv, result, catalog, "cnr", ctx))
with tempfile.TemporaryDirectory() as folder:
    stage("policies: six acts and two decisions", lambda: write_policies(inv, result, catalog, "cnr", Path(folder)))
out["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def stages(code_dir: Path, inventory: Path) -> list[str]:
    """Rows of the stage table for one inventory (wall and CPU seconds per stage, one process)."""
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    proc = subprocess.run([sys.executable, "-c", STAGES, str(inventory)], check=True, cwd=code_dir,
                          capture_output=True, text=True, env=env)  # fmt: skip
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    peak = found.pop("peak")
    rows = [f"| {inventory.stem} | {name} | {wall:.1f} s | {cpu:.1f} s |" for name, (wall, cpu) in found.items()]
    documents = sum(cpu for name, (_wall, cpu) in found.items() if name != "load and analysis")
    rows.append(f"| {inventory.stem} | **documents (report + policies, without the analysis)** | | "
                f"**{documents:.1f} s** | peak {peak:,.0f} MiB |")  # fmt: skip
    return rows


def loadavg() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def run(timeout: float, code_dir: Path, *args: str) -> tuple[float, float, float, int]:
    """(seconds, peak MiB, CPU seconds, exit code; -1 when stopped) of one CLI command."""
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(timeout), *args], check=True, cwd=code_dir,
                          capture_output=True, text=True, env=env)  # fmt: skip
    seconds, peak, cpu, code = proc.stdout.split()
    return float(seconds), int(peak) / 1024, float(cpu), int(code)


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _pages(out_dir: Path) -> str:
    """Pages of the report docx in ``out_dir`` printed by LibreOffice (not timed); "" without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    docx = sorted(out_dir.glob("*.docx")) if out_dir.is_dir() else []
    if soffice is None or not docx:
        return ""
    profile = out_dir / ".lo-profile"
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(docx[0])],
                   capture_output=True, timeout=600, check=False)  # fmt: skip
    pdf = docx[0].with_suffix(".pdf")
    return str(len(_PAGE.findall(pdf.read_bytes()))) if pdf.is_file() else ""


def _size(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20 if path.exists() else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--timeout", type=float, default=900, help="stop a command after this many seconds")
    parser.add_argument("--quick", action="store_true", help="1,000 assets")
    parser.add_argument("--compare", type=Path, metavar="DIR", help="also run validate and convert with this code")
    parser.add_argument("--only", nargs="+", choices=("validate", "convert", "report", "policies"),
                        help="run only these commands")
    parser.add_argument("--no-stages", action="store_true", help="skip the stage table (one process per inventory)")
    args = parser.parse_args(argv)
    if args.quick:
        args.assets = 1_000
    lines = [
        f"# validate, convert, report and policies for {args.assets:,} assets (one run each, real CLI)",
        "",
        "| inventory | command | time | CPU | peak memory | output | pages | exit | before (same load) | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    stage_rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as tmp:
        for kind in args.kinds:
            inventory = Path(tmp) / f"{kind}.json"
            extra = ["--dense"] if kind == "dense" else []
            subprocess.run([sys.executable, str(HERE / "synth.py"), str(args.assets), "--seed", "1", *extra,
                            "-o", str(inventory)], check=True, cwd=ROOT, capture_output=True)  # fmt: skip
            commands: list[tuple[str, list[str], Path, bool]] = [
                ("validate", ["validate", str(inventory)], inventory, True),
                ("convert to YAML", ["convert", str(inventory), "-o", str(Path(tmp) / f"{kind}.yaml")],
                 Path(tmp) / f"{kind}.yaml", True),
                ("convert to XLSX", ["convert", str(inventory), "-o", str(Path(tmp) / f"{kind}.xlsx")],
                 Path(tmp) / f"{kind}.xlsx", True),
            ]  # fmt: skip
            for command in ("report", "policies"):
                out = Path(tmp) / f"{kind}-{command}"
                commands.append((command, [command, str(inventory), "-o", str(out), "--lang", "cnr",
                                           "--as-of", "2026-06-01"], out, False))  # fmt: skip
            documents = not args.only or {"report", "policies"} & set(args.only)
            if documents and not args.no_stages:
                stage_rows.extend(stages(ROOT, inventory))
                print(stage_rows[-1], file=sys.stderr)
            total = 0.0
            for label, cli, output, comparable in commands:
                if args.only and cli[0] not in args.only:
                    continue
                seconds, mib, cpu, code = run(args.timeout, ROOT, *cli)
                if label in ("report", "policies"):
                    total += seconds
                size = _size(output) if label != "validate" else 0.0
                before = ""
                if args.compare and comparable:
                    if output != inventory and output.exists():
                        output.unlink()
                    b_seconds, b_mib, b_cpu, _code = run(args.timeout, args.compare, *cli)
                    before = f"{b_seconds:.1f} s, CPU {b_cpu:.1f} s, {b_mib:,.0f} MiB"
                shown = f"{seconds:.1f} s" if code != -1 else f"> {args.timeout:.0f} s (stopped)"
                pages = _pages(output) if label == "report" and code == 0 else ""
                written = f"{size:.1f} MB" if size else ""
                lines.append(f"| {kind} | {label} | {shown} | {cpu:.1f} s | {mib:,.0f} MiB | "
                             f"{written} | {pages} | {code} | {before} | {loadavg()} |")  # fmt: skip
                print(lines[-1], file=sys.stderr)
            if not args.only or {"report", "policies"} <= set(args.only):
                lines.append(f"| {kind} | **report + policies** | **{total:.1f} s** | | | | | | "
                             f"target < 30 s: "
                             f"{'met' if total < 30 else '**not met**'} | |")  # fmt: skip
    if stage_rows:
        lines += ["", "Stages in one process (the analysis is shared by `report` and `policies`; CPU seconds):", "",
                  "| inventory | stage | time | CPU | |", "|---|---|---:|---:|---|", *stage_rows]
    text = "\n".join(lines) + "\n"
    print(text)
    documents = not args.only or {"report", "policies"} & set(args.only)
    (RESULTS if documents else RESULTS.with_name("results_scale_commands.md")).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
