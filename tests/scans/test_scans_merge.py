"""analyze --scans: the newest complete scans merged by coverage; nmap's command line read as nmap reads it."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scans.nmapargs import parse_args
from scans.snapshot import merged_snapshot
from scans.store import connect, import_file


def _scan(path: Path, args: str, hosts: dict[str, list[int]], ports: str | None, start: int) -> Path:
    """A small nmap file: ``hosts`` maps an address to its open TCP ports; ``ports`` is <scaninfo services>."""
    info = f'<scaninfo type="connect" protocol="tcp" numservices="1" services="{ports}"/>\n' if ports else ""
    body = []
    for addr, open_ports in hosts.items():
        listed = "".join(f'<port protocol="tcp" portid="{p}"><state state="open" reason="syn-ack"/>'
                         f'<service name="http" method="table" conf="3"/></port>' for p in open_ports)
        port_xml = f"<ports>{listed}</ports>" if ports else ""
        body.append(f'<host><status state="up" reason="conn-refused"/><address addr="{addr}" addrtype="ipv4"/>'
                    f"<hostnames/>{port_xml}</host>")
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap" args="{args}" '
        f'start="{start}" version="7.93" xmloutputversion="1.05">\n{info}' + "\n".join(body)
        + f'\n<runstats><finished time="{start + 5}" exit="success"/><hosts up="{len(hosts)}" down="0" '
        f'total="{len(hosts)}"/></runstats>\n</nmaprun>\n', encoding="utf-8")
    return path


def test_merge_keeps_what_the_newer_scan_did_not_probe_and_drops_what_it_covered(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    import_file(con, _scan(tmp_path / "full.xml", "nmap -sT -p 22,80 127.0.0.0/30",
                           {"127.0.0.1": [22, 80], "127.0.0.2": [80], "127.0.0.9": [22]}, "22,80", 1000))
    # a newer discovery scan of 127.0.0.0/30: sees 127.0.0.1 only; 127.0.0.9 lies outside its targets
    import_file(con, _scan(tmp_path / "sn.xml", "nmap -sn 127.0.0.0/30", {"127.0.0.1": []}, None, 2000))
    # a newer port scan of port 80 only on 127.0.0.1: 80 is now closed there, 22 was not probed
    import_file(con, _scan(tmp_path / "p80.xml", "nmap -sT -p 80 127.0.0.1", {"127.0.0.1": []}, "80", 3000))
    merged = merged_snapshot(db)
    assert merged is not None and merged.merged_from == [3, 2, 1]
    by_addr = {h.addresses[0]: h for h in merged.hosts}
    assert sorted(by_addr) == ["127.0.0.1", "127.0.0.9"]  # 127.0.0.2: covered by scan 2, not seen: gone
    assert [(p.port, p.state) for p in by_addr["127.0.0.1"].ports] == [(22, "open")]  # 80 closed by scan 3
    assert [p.port for p in by_addr["127.0.0.9"].ports] == [22]  # outside the newer targets: kept
    assert merged.scope == ["127.0.0.0/30", "127.0.0.1/32"]


def test_a_newer_scan_excluding_an_address_does_not_drop_it(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    import_file(con, _scan(tmp_path / "a.xml", "nmap -sT -p 80 127.0.0.0/30", {"127.0.0.2": [80]}, "80", 1000))
    import_file(con, _scan(tmp_path / "b.xml", "nmap -sn -&#45;exclude 127.0.0.2 127.0.0.0/30",
                           {"127.0.0.1": []}, None, 2000))
    merged = merged_snapshot(db)
    assert merged is not None
    assert sorted(h.addresses[0] for h in merged.hosts) == ["127.0.0.1", "127.0.0.2"]


VALUE_OPTIONS = ["--exclude", "--dns-servers", "-D", "-S", "-e", "-g", "--proxies", "--script-args", "-sI",
                 "--max-rate", "--top-ports", "-p", "-oX", "-oN", "--stylesheet", "--datadir", "--ttl", "-T",
                 "--source-port", "--spoof-mac", "--data-string", "--min-hostgroup", "--route-dst"]


@settings(max_examples=200, deadline=None)
@given(option=st.sampled_from(VALUE_OPTIONS), value=st.ip_addresses(v=4), target=st.ip_addresses(v=4),
       equals=st.booleans(), flags=st.lists(st.sampled_from(["-sV", "-Pn", "-n", "-vv", "-A", "--open", "-6"]),
                                            max_size=3))
def test_no_option_value_is_ever_a_target(option: str, value: ipaddress.IPv4Address, target: ipaddress.IPv4Address,
                                          equals: bool, flags: list[str]) -> None:
    given_value = f"{option}={value}" if equals and option.startswith("--") else f"{option} {value}"
    command = parse_args(" ".join(["nmap", *flags, given_value, str(target)]))
    assert command.targets == [f"{target}/32"]
    excluded = [f"{value}/32"] if option == "--exclude" else []
    assert command.excluded == excluded


@given(st.text(max_size=200))
def test_any_command_line_is_read_without_error(text: str) -> None:
    parse_args("nmap " + text)
