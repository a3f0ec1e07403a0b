"""Shared helpers for the scan tests: the synthetic generator, a loopback HTTP server, the CLI."""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from lsgrisk.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
REAL_CAPTURE = DATA / "real_localhost_O_script.xml"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nmap_xml_gen", ROOT / "benchmarks" / "nmap_xml_gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()


@pytest.fixture(scope="session")
def gen() -> ModuleType:
    return GEN


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Invoke lsgrisk in-process (real click group, real exit codes)."""

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


def run_subprocess(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "lsgrisk", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=180, **kwargs)  # type: ignore[call-overload]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@contextlib.contextmanager
def serve_http(directory: Path) -> Iterator[int]:
    """A tiny HTTP server on 127.0.0.1 and an ephemeral port, opened by the test itself."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def http_port(tmp_path: Path) -> Iterator[int]:
    with serve_http(tmp_path) as port:
        yield port


def inventory_yaml(path: Path, port: int, cidr: str = "127.0.0.0/8", extra_assets: str = "") -> Path:
    path.write_text(f"""version: 1
municipality: {{name: Opština Test, code: TEST}}
zones:
  - {{id: internet, kind: internet}}
  - {{id: lo, kind: server, cidrs: [{cidr}]}}
assets:
  - id: srv-web
    name: Web server
    kind: server
    zone: lo
    ips: [127.0.0.1]
    services: [{{port: {port}, protocol: tcp, name: http, product: SimpleHTTPServer, version: '0.5'}}]
  - id: srv-off
    name: Switched off
    kind: server
    zone: lo
    ips: [127.0.0.2]
{extra_assets}""", encoding="utf-8")
    return path
