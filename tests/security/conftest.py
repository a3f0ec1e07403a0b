"""The attack corpus of issue 10, kept as tests: each test reproduces one attack and shows it fails now."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lsgrisk.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]

#: an inventory whose zones include other parties' networks with CIDRs (all loopback, never scanned here)
MIXED_ZONES = """\
version: 1
municipality: {name: Opština Proba, code: PROBA}
zones:
  - {id: internet, kind: internet, cidrs: [127.0.9.0/24]}
  - {id: gsb, kind: government_network, cidrs: [127.0.8.0/24]}
  - {id: oblak, kind: cloud, cidrs: [127.0.7.0/24]}
  - {id: partner, kind: partner, cidrs: [127.0.6.0/24]}
  - {id: lan, kind: internal, cidrs: [127.0.1.0/24]}
  - {id: servers, kind: server, cidrs: [127.0.2.0/24]}
  - {id: mgmt, kind: management, cidrs: [127.0.3.0/24]}
assets:
  - {id: srv1, name: "%(name)s", kind: server, zone: servers, ips: [127.0.2.10]}
"""


def write_inventory(directory: Path, name: str = "Server") -> Path:
    path = directory / "inventory.yaml"
    path.write_text(MIXED_ZONES % {"name": name}, encoding="utf-8")
    return path


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """lsgrisk in-process (the real click group and exit codes); stdout and stderr apart."""

    def run(*args: object) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


def run_subprocess(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "lsgrisk", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, **kwargs)  # type: ignore[call-overload]


def tree(directory: Path) -> list[str]:
    """Every path under ``directory`` (hidden ones too), for 'nothing was written' checks."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))
