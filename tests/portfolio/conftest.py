"""Fixtures of the portfolio and store tests: municipalities to compare and a real PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portfolio.pgserver import ENV_URL, fresh_database, pg_bin, throwaway_server
from tests.portfolio.portfolio_support import make_municipalities


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server URL: LSGRISK_TEST_PG, or a throwaway cluster started for this session."""
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; .ci/run installs it")
        pytest.skip("PostgreSQL binaries not found (Debian: apt-get install postgresql) and LSGRISK_TEST_PG unset")
    with throwaway_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """An empty database of its own for one test."""
    return fresh_database(pg_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store spec: an SQLite file, then a PostgreSQL database (the same tests run on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def municipalities(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The example, two synthetic municipalities and a hostile one (inventory files)."""
    return make_municipalities(tmp_path_factory.mktemp("municipalities"))
