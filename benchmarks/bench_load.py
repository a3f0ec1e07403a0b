"""Benchmark: reading inventories (YAML and JSON readers side by side), ``validate`` and ``convert``.

Part 1, the readers: for each kind of inventory (``synthetic``: the project's own
generator; ``dense``: ``synth.py --dense``, several weaknesses per asset) and each
size, every reader parses the same file in a fresh interpreter; the table gives its
CPU time (user + system of that process, the parse alone, the collector paused as
the loader pauses it) and the process's peak memory:

* ``PyYAML CSafeLoader``: ``yaml.load`` with libyaml's C loader (the careful reader's
  parser and PyYAML's generic constructor, without the line-number walk);
* ``careful reader``: what ``lsgrisk`` did for every file before issue 17 (libyaml,
  a walk recording every line number, duplicate keys and alias expansion checked);
* ``libyaml + lean constructor``: the first fast path (``fastload.fast_yaml_data``);
* ``yaml-rs``: ``yaml_rs.loads`` alone (Rust, YAML 1.2);
* ``lsgrisk YAML reader``: ``read_raw`` as the CLI calls it: the YAML 1.1 pre-scan,
  then yaml-rs (or libyaml when the file has YAML 1.1 scalars), lines only when needed;
* ``json`` (the standard library, what ``read_raw`` uses) and ``orjson`` (when installed).

Part 2, the commands: ``lsgrisk validate`` and ``lsgrisk convert`` (YAML to XLSX and
to JSON) through the real CLI, each a fresh process: wall time, CPU time and peak
memory (``os.wait4``). ``--baseline DIR`` runs the same commands a second time with
the code of DIR (for example a checkout of main before this work) right after, so
both see the same machine load; the table then gives the CPU-time ratio.

Usage::

    python benchmarks/bench_load.py                          # 10k and 100k, both kinds
    python benchmarks/bench_load.py --quick                  # 10k only
    python benchmarks/bench_load.py --baseline /path/to/old/checkout

Prints markdown tables and writes them to benchmarks/results_load.md. Inventories
are generated beforehand (``synth.py``, seed 1) and are not timed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results_load.md"
SIZES = (10_000, 100_000)
KINDS = ("synthetic", "dense")

#: reader name -> (file format, statement run on ``text`` (str) or ``raw`` (bytes) in the child)
READERS: dict[str, tuple[str, str]] = {
    "PyYAML CSafeLoader": ("yaml", "yaml.load(text, Loader=yaml.CSafeLoader)"),
    "careful reader": ("yaml", "loaders._load_yaml_carefully(text, name)"),
    "libyaml + lean constructor": ("yaml", "fastload.fast_yaml_data(text, loaders._InventoryLoader)"),
    "yaml-rs": ("yaml", "yaml_rs.loads(text, parse_datetime=False)"),
    "lsgrisk YAML reader": ("yaml", "loaders._load_yaml(text, name)"),
    "json": ("json", "json.loads(text)"),
    "orjson": ("json", "orjson.loads(raw)"),
}

#: the child: read the file (not timed), run one reader with the collector paused, print its CPU time
CHILD = """
import gc, json, sys, time
import yaml
from asset_models import fastload, loaders
name = sys.argv[2]
raw = open(name, "rb").read()
text = raw.decode("utf-8-sig")
if sys.argv[1].startswith("orjson"):
    import orjson
if sys.argv[1].startswith("yaml_rs"):
    import yaml_rs

def _careful(text, name):  # the careful reader alone: what _load_yaml did before the fast paths
    loader = loaders._InventoryLoader(text)
    try:
        root = loader.get_single_node()
        loaders._yaml_positions(root, name)
        return loader.construct_document(root)
    finally:
        loader.dispose()

loaders._load_yaml_carefully = _careful
gc.disable()
start = time.process_time()
result = eval(sys.argv[1])
print(time.process_time() - start)
"""


@dataclass
class Proc:
    wall: float
    cpu: float
    rss_mib: float
    out: str


def run(cmd: list[str], code: Path, cwd: Path) -> Proc:
    """Run ``cmd`` as a fresh process with ``code`` first on the path: wall, CPU (user + sys), peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(code), LSGRISK_LANG="en")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    code_ = os.waitstatus_to_exitcode(status)
    if code_ != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code_}:\n{stderr[-2000:]}")
    return Proc(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def generate(n_assets: int, kind: str, suffix: str, folder: Path) -> Path:
    path = folder / f"{kind}-{n_assets}.{suffix}"
    if not path.exists():
        cmd = [sys.executable, str(HERE / "synth.py"), str(n_assets), "--seed", "1", "-o", str(path)]
        if kind == "dense":
            cmd.append("--dense")
        run(cmd, ROOT, ROOT)
    return path


def has_module(name: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, check=False)
    return probe.returncode == 0


def readers_table(files: dict[tuple[str, int, str], Path], sizes: list[int]) -> list[str]:
    available = {name: spec for name, spec in READERS.items()
                 if not spec[1].startswith("orjson") or has_module("orjson")}
    names = list(available)
    lines = [
        "| inventory | assets | MB (YAML / JSON) | " + " | ".join(names) + " | load avg |",
        "|---|---:|---|" + "---:|" * len(names) + "---|",
    ]
    for size in sizes:
        for kind in KINDS:
            cells = []
            for name in names:
                fmt, statement = available[name]
                path = files[(kind, size, fmt)]
                proc = run([sys.executable, "-c", CHILD, statement, str(path)], ROOT, ROOT)
                cells.append(f"{float(proc.out.split()[-1]):.2f} s, {proc.rss_mib:,.0f} MiB")
                print(f"  {kind} {size:,} {name}: {cells[-1]}", file=sys.stderr, flush=True)
            mb = (f"{files[(kind, size, 'yaml')].stat().st_size / 1e6:.1f} / "
                  f"{files[(kind, size, 'json')].stat().st_size / 1e6:.1f}")
            lines.append(f"| {kind} | {size:,} | {mb} | " + " | ".join(cells) + f" | {loadavg()} |")
    return lines


def commands(folder: Path, files: dict[tuple[str, int, str], Path], size: int,
             kind: str) -> list[tuple[str, list[str]]]:
    yaml_file, json_file = files[(kind, size, "yaml")], files[(kind, size, "json")]
    lsgrisk = [sys.executable, "-m", "lsgrisk"]
    return [
        ("validate YAML", [*lsgrisk, "validate", "-q", str(yaml_file)]),
        ("validate JSON", [*lsgrisk, "validate", "-q", str(json_file)]),
        ("convert YAML -> XLSX", [*lsgrisk, "convert", str(yaml_file), "-o", str(folder / "out.xlsx")]),
        ("convert YAML -> JSON", [*lsgrisk, "convert", str(yaml_file), "-o", str(folder / "out.json")]),
    ]


def commands_table(folder: Path, files: dict[tuple[str, int, str], Path], sizes: list[int],
                   baseline: Path | None) -> list[str]:
    head = "| command | inventory | assets | time | CPU | peak memory |"
    rule = "|---|---|---:|---:|---:|---:|"
    if baseline is not None:
        head += " baseline time | baseline CPU | baseline memory | CPU baseline / this |"
        rule += "---:|---:|---:|---:|"
    lines = [head + " load avg |", rule + "---|"]
    for size in sizes:
        for kind in KINDS:
            for label, cmd in commands(folder, files, size, kind):
                now = run(cmd, ROOT, ROOT)
                row = (f"| `{label}` | {kind} | {size:,} | {now.wall:.2f} s | {now.cpu:.2f} s | "
                       f"{now.rss_mib:,.0f} MiB |")
                if baseline is not None:
                    old = run(cmd, baseline, baseline)  # cwd too: "-m" puts it first on the path
                    row += (f" {old.wall:.2f} s | {old.cpu:.2f} s | {old.rss_mib:,.0f} MiB | "
                            f"{old.cpu / now.cpu:.1f}x |")
                lines.append(row + f" {loadavg()} |")
                print("  " + lines[-1], file=sys.stderr, flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="10k only")
    parser.add_argument("--sizes", type=int, nargs="+", help="asset counts (default 10000 100000)")
    parser.add_argument("--baseline", type=Path, help="a checkout of older code: the commands run with it too")
    parser.add_argument("--workdir", type=Path, help="keep generated inventories here (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10_000] if args.quick else list(SIZES))
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        folder = args.workdir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        files = {(kind, size, fmt): generate(size, kind, fmt, folder)
                 for size in sizes for kind in KINDS for fmt in ("yaml", "json")}
        readers = readers_table(files, sizes)
        runs = commands_table(folder, files, sizes, args.baseline.resolve() if args.baseline else None)
    text = "\n".join([
        "# Reading inventories: the readers side by side, `validate` and `convert`",
        "",
        "## The readers (CPU time of the parse alone, peak memory of the process)",
        "",
        *readers,
        "",
        "Each cell is a fresh interpreter that reads the file (not timed) and runs one reader with the "
        "collector paused. `careful reader`: libyaml plus a walk that records every line number and checks "
        "duplicate keys and alias expansion (every YAML file went this way before issue 17). `lsgrisk YAML "
        "reader` is what `lsgrisk` runs: the YAML 1.1 pre-scan, then yaml-rs, or libyaml when the file has "
        "YAML 1.1 scalars such as a plain `yes`; line numbers are computed only when a problem is reported.",
        "",
        "## `validate` and `convert` through the CLI (fresh processes)",
        "",
        *runs,
        "",
        "CPU is user + system time of the command's process, peak memory its ru_maxrss (os.wait4). `load avg` "
        "is the machine's 1/5/15-minute load average after the run (2 shared cores: wall times move with it, "
        "CPU times and ratios much less).",
        "",
    ])
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
