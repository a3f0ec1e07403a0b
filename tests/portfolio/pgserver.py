"""A throwaway PostgreSQL server for tests: initdb in a temporary directory, listening on a unix socket only.

``LSGRISK_TEST_PG`` (a ``postgresql://`` URL) replaces it with a server you run yourself.
As root, the cluster runs as ``nobody`` (PostgreSQL refuses to run as root).
Binaries are looked up in ``PG_BIN``, then /usr/lib/postgresql/<newest>/bin, then PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_URL = "LSGRISK_TEST_PG"


def pg_bin() -> Path | None:
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]))
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = sorted((p for p in root.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True)
        candidates += [p / "bin" for p in versions]
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    return next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def _as_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--", *argv]
    return argv


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Yield the URL of a fresh server (database ``postgres``, user ``lsgrisk``, trust auth on the socket)."""
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries not found (Debian: apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="lsgrisk-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(base, user="nobody")
    base.chmod(0o700)
    data = base / "data"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run(_as_user([str(binaries / "initdb"), "-D", str(data), "-U", "lsgrisk", "--auth=trust",
                                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True, env=env, timeout=120)
        options = f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c max_connections=100"
        subprocess.run(_as_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                                 "-l", str(base / "server.log"), "start"]),
                       check=True, capture_output=True, env=env, timeout=120)
        try:
            yield f"postgresql://lsgrisk@/postgres?host={base}"
        finally:
            subprocess.run(_as_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                           capture_output=True, env=env, timeout=120)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    if "/postgres?" in server_url:
        return server_url.replace("/postgres?", f"/{name}?", 1)
    head, _, tail = server_url.rpartition("/")
    query = ""
    if "?" in tail:
        tail, query = tail.split("?", 1)
        query = "?" + query
    return f"{head}/{name}{query}"
