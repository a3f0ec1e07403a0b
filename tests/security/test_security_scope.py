"""10.1 scan scope, --dry-run; 10.12 invalid knobs write nothing (all loopback; nmap never runs here)."""

from __future__ import annotations

import ipaddress
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from asset_models.errors import InputError
from asset_models.loaders import load_inventory
from scans.targets import inventory_scope, parse_scope, scope_from_inventory

from .conftest import tree, write_inventory

needs_nmap = pytest.mark.skipif(shutil.which("nmap") is None, reason="nmap is not installed (CI installs it)")


def test_inventory_scope_is_only_the_municipalitys_own_zones(tmp_path: Path) -> None:
    inv = load_inventory(write_inventory(tmp_path))
    assert [str(n) for n in scope_from_inventory(inv)] == ["127.0.1.0/24", "127.0.2.0/24", "127.0.3.0/24"]
    scope = inventory_scope(inv)
    assert [(zid, kind) for zid, kind, _ in scope.left_out] == [
        ("internet", "internet"), ("gsb", "government_network"), ("oblak", "cloud"), ("partner", "partner")]
    assert "gsb (government_network: 127.0.8.0/24)" in scope.left_out_text()


@pytest.mark.parametrize("text", ["127.0.0.1/0", "127.0.0.1/8", "10.20.1.7/24", "fd00::1/64"])
def test_host_bits_in_scope_are_an_error_not_widened(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_scope([text])
    assert info.value.exit_code == 3
    assert "host bits are set" in str(info.value.problems[0])


def test_exact_networks_are_accepted_as_scope() -> None:
    assert parse_scope(["127.0.0.0/8", "127.0.0.1", "::1/128", "fd00::/64"]) == [
        ipaddress.ip_network(n) for n in ("127.0.0.0/8", "127.0.0.1/32", "::1/128", "fd00::/64")]


def test_cli_refuses_a_widened_scope_and_writes_nothing(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("scan", "run", "--scope", "127.0.0.1/0", "--target", "127.0.0.1", "-w", tmp_path / "ws")
    assert result.exit_code == 3, result.stderr
    assert "host bits are set" in result.stderr and "0.0.0.0/0" in result.stderr
    assert not (tmp_path / "ws").exists()


@needs_nmap
def test_dry_run_prints_scope_and_exact_command_and_writes_nothing(tmp_path: Path,
                                                                   run_cli: Callable[..., Result]) -> None:
    inventory = write_inventory(tmp_path)
    before = tree(tmp_path)
    result = run_cli("scan", "run", inventory, "--dry-run", "--target", "127.0.2.10", "--max-rate", "50")
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == "scope: 127.0.1.0/24, 127.0.2.0/24, 127.0.3.0/24"
    assert out[1].startswith("left out: internet (internet: 127.0.9.0/24); gsb (government_network")
    assert out[2] == "targets: 127.0.2.10/32"
    command = out[3].removeprefix("nmap command: ")
    assert command.split()[0].endswith("nmap") and command.endswith(" -- 127.0.2.10/32")
    assert "--max-rate 50" in command and "-oX" in command
    assert "nothing was run and nothing was written" in result.stderr
    assert tree(tmp_path) == before  # no workspace, store, lock or raw folder


@needs_nmap
def test_default_targets_never_include_other_parties_zones(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("scan", "run", write_inventory(tmp_path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    command = result.stdout.splitlines()[3]
    assert command.endswith("-- 127.0.1.0/24 127.0.2.0/24 127.0.3.0/24")
    for foreign in ("127.0.9.0", "127.0.8.0", "127.0.7.0", "127.0.6.0"):
        assert foreign not in command
    assert "left out of the scope" in result.stderr


def test_a_target_in_a_left_out_zone_is_out_of_scope(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("scan", "run", write_inventory(tmp_path), "--target", "127.0.8.5", "--dry-run")
    assert result.exit_code == 4
    assert "outside the authorised scope" in result.stderr


@pytest.mark.parametrize("knob", [("--max-rate", "0"), ("--top-ports", "0"), ("--host-timeout", "0"),
                                  ("--ports", "99999"), ("--ports", "22,x")])
def test_invalid_knobs_leave_no_files(tmp_path: Path, run_cli: Callable[..., Result], knob: tuple[str, str]) -> None:
    workspace = tmp_path / "ws"
    result = run_cli("scan", "run", "--scope", "127.0.0.1/32", "--target", "127.0.0.1", "-w", workspace, *knob)
    assert result.exit_code == 3, result.stderr
    assert not workspace.exists()
