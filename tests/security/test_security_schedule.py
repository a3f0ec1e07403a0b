"""10.8: values that go into the unit files and the cron line are checked; 16.11: systemd verifies the units."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from asset_models.errors import InputError
from scans.schedule import Every, build_schedule, check_user

SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.parametrize("user", [
    "lsgrisk\nExecStartPre=/bin/sh -c id", "lsgrisk; rm -rf /", "ls grisk", "-lsgrisk", "", "a" * 33, "1000",
    "root\n", "lsg$risk", "lsgrisk'", "čuvar", "lsgrisk\r",
])
def test_hostile_user_names_are_refused(user: str, tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    with pytest.raises(InputError):
        check_user(user)
    result = run_cli("scan", "schedule", "--every", "daily", "-w", tmp_path, "-o", tmp_path / "units", "--user", user)
    assert result.exit_code == 3, result.stdout
    assert not (tmp_path / "units").exists()


@pytest.mark.parametrize("user", ["lsgrisk", "_lsgrisk", "lsg.scan-01", "a"])
def test_portable_user_names_are_accepted(user: str) -> None:
    assert check_user(user) == user


def test_a_path_ending_in_a_newline_cannot_reach_a_unit(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        build_schedule(Every.daily, Path(f"{tmp_path}/ws\n"), None, tmp_path / "db", "standard")


def _write_units(tmp_path: Path, run_cli: Callable[..., Result], every: str, profile: str) -> Path:
    units = tmp_path / f"units-{every}-{profile}"
    result = run_cli("scan", "schedule", "--every", every, "--profile", profile, "-w", tmp_path, "-o", units)
    assert result.exit_code == 0, result.stderr
    return units


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed (CI installs the systemd "
                                                    "package through .ci/run)")
@pytest.mark.parametrize(("every", "profile"), [("daily", "standard"), ("weekly", "services")])
def test_systemd_analyze_verifies_the_generated_units(tmp_path: Path, run_cli: Callable[..., Result], every: str,
                                                      profile: str) -> None:
    units = _write_units(tmp_path, run_cli, every, profile)
    assert SYSTEMD_ANALYZE is not None
    done = subprocess.run([SYSTEMD_ANALYZE, "verify", "--man=no", "lsgrisk-scan.service", "lsgrisk-scan.timer"],
                          cwd=units, capture_output=True, text=True, timeout=120)
    # systemd-analyze exits 0 on unknown keys and bad values, but names them: both must be silent
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if "lsgrisk-scan" in line]
    assert done.returncode == 0 and complaints == [], done.stdout + done.stderr


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_check_can_fail(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """The check above is not empty: a unit with an unknown key is reported."""
    units = _write_units(tmp_path, run_cli, "daily", "standard")
    service = units / "lsgrisk-scan.service"
    service.write_text(service.read_text().replace("Nice=10", "Nice=10\nNoSuchKey=1"))
    assert SYSTEMD_ANALYZE is not None
    done = subprocess.run([SYSTEMD_ANALYZE, "verify", "--man=no", "lsgrisk-scan.service"], cwd=units,
                          capture_output=True, text=True, timeout=120)
    assert "NoSuchKey" in done.stdout + done.stderr
