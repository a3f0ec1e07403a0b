"""The streaming, hardened parser and the import path, on real and synthetic nmap XML and hostile files."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from asset_models.errors import ScanFileError
from scans.parser import NmapXmlReader
from scans.store import connect, import_file
from tests.scans.conftest import REAL_CAPTURE


def _read(path: Path) -> tuple[list, NmapXmlReader]:
    reader = NmapXmlReader(path)
    return list(reader), reader


def test_real_capture_keeps_duplicates_all_cpes_os_and_both_scripts() -> None:
    hosts, reader = _read(REAL_CAPTURE)
    # nmap 127.0.0.1 localhost: two <host> elements for one address; python-nmap keeps one
    assert len(hosts) == 2
    assert [h.addresses[0][0] for h in hosts] == ["127.0.0.1", "127.0.0.1"]
    assert {n for h in hosts for n, _ in h.hostnames} == {"localhost"}
    assert reader.info.complete and reader.info.exit_status == "success"
    assert reader.info.scan_types == ["syn/tcp"]
    http = [p for p in hosts[0].ports if p.service and p.service.name == "http"]
    assert len(http) == 1 and http[0].state == "open"
    assert http[0].cpes == ["cpe:/a:python:simplehttpserver:0.6"]
    assert sorted(s.script_id for s in http[0].scripts) == ["http-server-header", "http-title"]
    title = next(s for s in http[0].scripts if s.script_id == "http-title")
    assert ("", "title", "Directory listing for /") in title.elems
    classes = [c for m in hosts[0].os_matches for c in m.classes]
    assert hosts[0].os_matches and sum(len(c.cpes) for c in classes) > len(hosts[0].os_matches)


def test_synthetic_file_every_cpe_and_vulners_rows(tmp_path: Path, gen: ModuleType) -> None:
    path = gen.generate(tmp_path / "s.xml", 300, seed=3)
    hosts, reader = _read(path)
    assert len(hosts) == 300 and reader.info.complete
    ssh = [p for h in hosts for p in h.ports if p.portid == 22]
    assert ssh and all(len(p.cpes) == 2 for p in ssh)  # OpenSSH carries two CPEs; python-nmap keeps the last
    assert all(p.cpes[1] == "cpe:/o:linux:linux_kernel" for p in ssh)
    vulns = [v for p in ssh for v in p.vulns]
    assert vulns, "20% of hosts carry vulners output"
    assert {v.vuln_id for v in vulns} == {"CVE-2023-38408", "CVE-2021-41617", "CVE-2020-15778", "PACKETSTORM:173661"}
    assert {v.cvss for v in vulns if v.vuln_id == "CVE-2023-38408"} == {9.8}
    assert all(v.is_exploit is False for v in vulns)


def test_ipv6_addresses_are_canonical(tmp_path: Path) -> None:
    text = REAL_CAPTURE.read_text(encoding="utf-8").replace(
        'addr="127.0.0.1" addrtype="ipv4"', 'addr="2001:0db8:0000::0001" addrtype="ipv6"')
    path = tmp_path / "v6.xml"
    path.write_text(text, encoding="utf-8")
    hosts, _ = _read(path)
    assert {h.addresses[0] for h in hosts} == {("2001:db8::1", "ipv6", None)}


def test_truncated_file_keeps_complete_hosts_and_is_incomplete(tmp_path: Path, gen: ModuleType) -> None:
    full = gen.generate(tmp_path / "full.xml", 200, seed=5)
    data = full.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    hosts, reader = _read(cut)
    assert 0 < len(hosts) < 200
    assert reader.info.truncated and not reader.info.complete
    assert "ends early" in reader.info.warnings[0]
    con = connect(tmp_path / "s.db")
    result = import_file(con, cut)
    assert result.added and not result.complete and result.hosts == len(hosts)
    row = con.execute("SELECT complete, truncated, host_count FROM scans").fetchone()
    assert row == (0, 1, len(hosts))


def test_interrupted_nmap_output_without_runstats(tmp_path: Path) -> None:
    text = REAL_CAPTURE.read_text(encoding="utf-8")
    path = tmp_path / "int.xml"
    path.write_text(text[: text.index("<runstats>")], encoding="utf-8")
    hosts, reader = _read(path)
    assert len(hosts) == 2 and not reader.info.complete and reader.info.exit_status is None


def test_nmap_error_exit_is_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "err.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap" args="nmap -p bogus '
                    '127.0.0.1" start="1" version="7.93"><runstats><finished time="2" exit="error" '
                    'errormsg="Found no matches for the service mask"/><hosts up="0" down="0" total="0"/>'
                    "</runstats></nmaprun>\n", encoding="utf-8")
    con = connect(tmp_path / "s.db")
    result = import_file(con, path)
    assert not result.complete and result.hosts == 0
    assert any("nmap reported an error" in w for w in result.warnings)


SECRET = "TOP-SECRET-DO-NOT-LEAK-4711"

HOSTILE = {
    "xxe": '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           '<nmaprun scanner="nmap" args="&x;"><host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/>'
           '<hostnames><hostname name="&x;" type="PTR"/></hostnames></host></nmaprun>\n',
    "billion_laughs": '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;'
                      '&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;'
                      '&c;&c;&c;&c;">]>\n<nmaprun scanner="nmap" args="&d;"></nmaprun>\n',
    "quadratic": '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY a "' + "A" * 50_000 + '">]>\n'
                 '<nmaprun scanner="nmap" args="' + "&a;" * 2000 + '"></nmaprun>\n',
    "parameter_entity": '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY % p SYSTEM "file://{secret}">%p;]>\n'
                        '<nmaprun scanner="nmap"></nmaprun>\n',
    "undeclared_entity": '<?xml version="1.0"?>\n<nmaprun scanner="nmap" args="x"><host><status state="up"/>'
                         '<address addr="10.0.0.1" addrtype="ipv4"/><hostnames><hostname name="&x;"/></hostnames>'
                         '</host>' + "<!-- pad -->" * 200_000 + "</nmaprun>\n",
    "external_dtd": '<?xml version="1.0"?>\n<!DOCTYPE nmaprun SYSTEM "file://{secret}">\n<nmaprun scanner="nmap" '
                    'args="nmap 10.0.0.1"><host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/>'
                    '</host></nmaprun>\n',
    "not_nmap": '<?xml version="1.0"?>\n<html><body>hello</body></html>\n',
    # a "<nmaprun" inside a comment must not end the prolog early and hide the DOCTYPE behind it
    "comment_decoy": '<?xml version="1.0"?>\n<!-- <nmaprun> -->\n<!DOCTYPE nmaprun [<!ENTITY x SYSTEM '
                     '"file://{secret}">]>\n<nmaprun scanner="nmap" args="&x;"><host><status state="up"/>'
                     '<address addr="10.0.0.1" addrtype="ipv4"/><hostnames><hostname name="&x;" type="PTR"/>'
                     '</hostnames></host></nmaprun>\n',
    "pi_decoy": '<?xml version="1.0"?>\n<?decoy <nmaprun ?>\n<!DOCTYPE nmaprun [<!ENTITY a "lol">]>\n'
                '<nmaprun scanner="nmap" args="&a;"></nmaprun>\n',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_with_exit_3_and_nothing_stored(name: str, tmp_path: Path, run_cli) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = tmp_path / f"{name}.xml"
    path.write_text(HOSTILE[name].replace("{secret}", str(secret)), encoding="utf-8")
    ws = tmp_path / "ws"
    result = run_cli("scan", "import", path, "-w", ws)
    assert result.exit_code == 3, result.output
    assert "Error:" in result.stderr and "Traceback" not in result.output
    assert SECRET not in result.output
    store = ws / "lsgrisk-scans.db"
    assert store.exists()  # created empty by the (locked) import ...
    con = sqlite3.connect(store)
    assert con.execute("SELECT COUNT(*) FROM scans").fetchone() == (0,)  # ... and nothing went in
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    for file in ws.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes()
    assert not list((ws / "scans" / "raw").glob("*.xml"))


def test_entities_message_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text(HOSTILE["xxe"].replace("{secret}", "/etc/passwd"), encoding="utf-8")
    with pytest.raises(ScanFileError) as info:
        list(NmapXmlReader(path))
    assert "entities" in info.value.message
    assert info.value.problems[0].place.file == str(path)


def test_invalid_address_is_refused_with_its_place(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(REAL_CAPTURE.read_text(encoding="utf-8").replace('addr="127.0.0.1"', 'addr="127.1"', 1),
                    encoding="utf-8")
    result = run_cli("scan", "import", path, "-w", tmp_path / "ws")
    assert result.exit_code == 3 and "ipv4 address '127.1' is not valid" in result.stderr
    bad_port = REAL_CAPTURE.read_text(encoding="utf-8").replace('portid="1"', 'portid="70000"', 1)
    path.write_text(bad_port, encoding="utf-8")
    result = run_cli("scan", "import", path, "-w", tmp_path / "ws")
    assert result.exit_code == 3 and "is not a port number" in result.stderr


def test_nmap_public_doctype_is_accepted(tmp_path: Path) -> None:
    text = REAL_CAPTURE.read_text(encoding="utf-8").replace(
        "<!DOCTYPE nmaprun>",
        '<!DOCTYPE nmaprun PUBLIC "-//IDN nmap.org//DTD Nmap XML 1.04//EN" "https://svn.nmap.org/nmap/docs/nmap.dtd">')
    path = tmp_path / "public.xml"
    path.write_text(text, encoding="utf-8")
    hosts, reader = _read(path)
    assert len(hosts) == 2 and reader.info.complete


def test_broken_in_the_middle_is_refused_with_its_line(tmp_path: Path, gen: ModuleType) -> None:
    full = gen.generate(tmp_path / "full.xml", 3000, seed=2)
    data = bytearray(full.read_bytes())
    middle = len(data) // 4
    data[middle:middle + 5] = b"<<<<<"
    path = tmp_path / "broken.xml"
    path.write_bytes(bytes(data))
    with pytest.raises(ScanFileError) as info:
        list(NmapXmlReader(path))
    assert info.value.problems[0].place.line is not None
