"""Targets, scope and profiles: hostile inputs never reach nmap."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import pytest

from asset_models.errors import InputError, OutOfScope
from scans.profiles import Knobs, Profile, build_args, canonical_ports
from scans.targets import parse_scope, validate_target, validate_targets

SCOPE = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("::1/128")]


def _never(name: str) -> list[str]:
    raise AssertionError(f"must not resolve {name!r}")


@pytest.mark.parametrize("text", [
    "127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1", "127.0.0.1 -oN x.txt", "--script=http-title",
    "-iL /etc/passwd", "-iL", "127.0.0.1,10.20.0.1", " 127.0.0.1", "127.0.0.1\n", "10.20.0-255.1-254",
    "fe80::1%eth0", "127.0.0.1;id", "$(id)", "`id`", "10.20.1.1/33", "", "999.1.1.1", "a..b", "-",
])
def test_malformed_targets_are_input_errors(text: str) -> None:
    with pytest.raises(InputError) as info:
        validate_target(text, SCOPE, resolver=_never)
    assert not isinstance(info.value, OutOfScope)
    assert info.value.exit_code == 3 and info.value.problems


@pytest.mark.parametrize("text", ["10.0.0.0/8", "127.0.0.2", "8.8.8.8", "::2", "10.21.0.1"])
def test_out_of_scope_targets(text: str) -> None:
    with pytest.raises(OutOfScope) as info:
        validate_target(text, SCOPE, resolver=_never)
    assert info.value.exit_code == 4
    assert "outside the authorised scope" in info.value.message


def test_canonical_targets_and_size_cap() -> None:
    nets = validate_targets(["10.20.1.7/24", "127.0.0.1", "10.20.1.0/24", "::1"], SCOPE, resolver=_never)
    assert [str(n) for n in nets] == ["10.20.1.0/24", "127.0.0.1/32", "::1/128"]
    assert [str(n) for n in validate_targets(["10.20.0.0/16"], SCOPE, resolver=_never)] == ["10.20.0.0/16"]
    big = [ipaddress.ip_network("10.0.0.0/8")]
    with pytest.raises(InputError, match="invalid scan target"):
        validate_target("10.0.0.0/15", big, resolver=_never)
    assert validate_target("10.0.0.0/15", big, resolver=_never, max_v4=8).networks


def test_hostnames_are_resolved_by_us_and_every_address_checked() -> None:
    assert validate_target("web.primjer.local", SCOPE, resolver=lambda n: ["127.0.0.1"]).networks == (
        ipaddress.ip_network("127.0.0.1/32"),)
    with pytest.raises(OutOfScope, match="resolves outside"):
        validate_target("web.primjer.local", SCOPE, resolver=lambda n: ["127.0.0.1", "192.0.2.1"])
    with pytest.raises(InputError, match="invalid scan target"):
        validate_target("host.123", SCOPE, resolver=_never)  # the last label needs a letter
    with pytest.raises(InputError):
        validate_target("under_score.local", SCOPE, resolver=_never)


def test_empty_scope_is_refused() -> None:
    with pytest.raises(OutOfScope):
        validate_target("127.0.0.1", [], resolver=_never)
    with pytest.raises(InputError):
        parse_scope(["127.1/32"])


def test_profiles_are_fixed_argv_lists() -> None:
    std = build_args(Profile.standard, Knobs(ports="80,22,21-23"), privileged=True)
    assert std[std.index("-p") + 1] == "21-23,80" and "-sS" in std and "-n" in std
    assert "-sT" in build_args(Profile.standard, Knobs(), privileged=False)
    services = build_args(Profile.services, Knobs(), privileged=True)
    assert "-O" in services and "vulners" not in " ".join(services)
    assert "-O" not in build_args(Profile.services, Knobs(), privileged=False)
    assert "vulners" in " ".join(build_args(Profile.services, Knobs(with_vulners=True), privileged=True))
    assert "-sn" in build_args(Profile.discovery, Knobs(), privileged=False)
    for bad in ("80 -oN x", "80;id", "0", "70000", "--script=x", "1-2-3"):
        with pytest.raises(InputError):
            canonical_ports(bad)
    with pytest.raises(InputError):
        build_args(Profile.standard, Knobs(max_rate=0), privileged=True)
    with pytest.raises(InputError):
        build_args(Profile.standard, Knobs(ports="80", top_ports=10), privileged=True)


@pytest.mark.parametrize(("target", "code"), [
    ("127.0.0.1 -oN x.txt", 3), ("--script=http-title", 3), ("-iL /etc/passwd", 3), ("127.1", 3),
    ("0x7f.0.0.1", 3), ("10.0.0.0/8", 4),
])
def test_cli_refuses_hostile_targets_and_writes_nothing(target: str, code: int, tmp_path: Path, run_cli,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ws = tmp_path / "ws"
    result = run_cli("scan", "run", "--scope", "127.0.0.1/32", f"--target={target}", "-w", ws)
    assert result.exit_code == code, result.output
    assert "Error:" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no x.txt, no workspace, no store: refused before anything ran
    assert "root:" not in result.output  # /etc/passwd was never read


def test_cli_scope_from_inventory_refuses_outside(tmp_path: Path, run_cli) -> None:
    from tests.scans.conftest import inventory_yaml

    inv = inventory_yaml(tmp_path / "inv.yaml", 80, cidr="127.0.0.0/30")
    result = run_cli("scan", "run", inv, "--target", "127.0.0.8", "-w", tmp_path / "ws")
    assert result.exit_code == 4 and "outside the authorised scope" in result.stderr
    nothing = run_cli("scan", "run", "--target", "127.0.0.1", "-w", tmp_path / "ws")
    assert nothing.exit_code == 4 and "no authorised scope" in nothing.stderr
    assert not (tmp_path / "ws").exists()
    assert os.listdir(tmp_path) == ["inv.yaml"]


def test_cli_refuses_mixed_address_families(tmp_path: Path, run_cli) -> None:
    ws = tmp_path / "ws"
    result = run_cli("scan", "run", "--scope", "127.0.0.1/32", "--scope", "::1/128", "--target", "127.0.0.1",
                     "--target", "::1", "-w", ws)
    assert result.exit_code == 3 and "IPv4 and IPv6 in separate runs" in result.stderr
    assert not (ws / "scans" / "raw").exists() or not list((ws / "scans" / "raw").iterdir())


def test_default_targets_are_the_scope_one_family_at_a_time() -> None:
    from scans.targets import default_targets

    texts, note = default_targets(SCOPE)
    assert sorted(texts) == ["10.20.0.0/16", "127.0.0.1/32"] and note is not None and "IPv6" in note
    assert default_targets(SCOPE[:1]) == (["127.0.0.1/32"], None)
