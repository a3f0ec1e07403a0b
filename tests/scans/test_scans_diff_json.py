"""`scan diff --format json` (and reconcile's JSON) carry codes and nmap's words, never a translated word.

The same two scans diffed in Montenegrin (Latin and Cyrillic) and in English give byte-identical JSON; the text
output still says every note in the language of the run.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from lsgrisk.cli.main import cli

#: (portid, state, service product, version, banner script output or None)
Port = tuple[int, str, str, str, str | None]


def _scan(args: str, services: str, hosts: dict[str, tuple[str | None, list[Port], str | None]],
          finished: str = 'exit="success"') -> str:
    """A small nmap XML file in nmap's own shape: address -> (PTR name, ports, smb-os-discovery output)."""
    body = []
    for addr, (name, ports, host_script) in hosts.items():
        names = f'<hostnames><hostname name="{name}" type="PTR"/></hostnames>' if name else "<hostnames/>"
        rows = []
        for portid, state, product, version, banner in ports:
            script = f'<script id="banner" output="{banner}"/>' if banner else ""
            rows.append(f'<port protocol="tcp" portid="{portid}"><state state="{state}" reason="syn-ack"/>'
                        f'<service name="x{portid}" product="{product}" version="{version}" method="probed" '
                        f'conf="10"/>{script}</port>')
        scripts = (f'<hostscript><script id="smb-os-discovery" output="{host_script}"/></hostscript>'
                   if host_script else "")
        body.append(f'<host><status state="up" reason="syn-ack"/><address addr="{addr}" addrtype="ipv4"/>{names}'
                    f'<ports>{"".join(rows)}</ports>{scripts}</host>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
            f'<nmaprun scanner="nmap" args="{args}" start="1700000000" version="7.93" xmloutputversion="1.05">\n'
            f'<scaninfo type="connect" protocol="tcp" numservices="6" services="{services}"/>\n'
            + "\n".join(body) +
            f'\n<runstats><finished time="1700000100" {finished}/>'
            f'<hosts up="{len(hosts)}" down="0" total="{len(hosts)}"/></runstats>\n</nmaprun>\n')


OLD = _scan("nmap -sV --script banner -p 21-25,80 127.0.0.1 127.0.0.2", "21-25,80", {
    "127.0.0.1": (None, [(21, "open", "vsftpd", "3.0.5", None), (22, "open", "OpenSSH", "9.6", "SSH-2.0-OpenSSH_9.6"),
                         (23, "closed", "", "", None), (80, "open", "nginx", "1.24.0", None)], None),
    "127.0.0.2": (None, [(22, "open", "OpenSSH", "9.6", None)], None),
}, finished='exit="error" errormsg="Interrupted by the user"')  # an incomplete older scan: a note
NEW = _scan("nmap -sV --script banner,smb-os-discovery -p 21-24 127.0.0.1 127.0.0.3", "21-24", {
    "127.0.0.1": ("a.local", [(21, "closed", "", "", None), (22, "open", "OpenSSH", "9.7", "SSH-2.0-OpenSSH_9.7"),
                              (23, "open", "telnetd", "1", None), (24, "open", "x", "2", None)], "Unix"),
    "127.0.0.3": (None, [(22, "open", "OpenSSH", "9.7", None)], None),
})
ENV = {"LSGRISK_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def _store(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    (tmp_path / "old.xml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.xml").write_text(NEW, encoding="utf-8")
    imported = CliRunner().invoke(cli, ["scan", "import", str(tmp_path / "old.xml"), str(tmp_path / "new.xml"),
                                        "-w", str(ws)], env=ENV)
    assert imported.exit_code == 0, imported.output
    return ws


def _diff(ws: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, [*args, "scan", "diff", "1", "2", "-w", str(ws)] if args[:1] == ("--lang",)
                                else ["scan", "diff", "1", "2", "-w", str(ws), *args], env={**ENV, **(env or {})})
    assert result.exit_code == 1, result.output
    return result


def test_diff_json_is_the_same_bytes_in_every_language(tmp_path: Path) -> None:
    ws = _store(tmp_path)
    runs = {
        "--lang en": CliRunner().invoke(cli, ["--lang", "en", "scan", "diff", "1", "2", "-w", str(ws), "--format",
                                              "json"], env=ENV),
        "--lang cnr": CliRunner().invoke(cli, ["--lang", "cnr", "scan", "diff", "1", "2", "-w", str(ws), "--format",
                                               "json"], env=ENV),
        "LSGRISK_LANG=cnr": _diff(ws, "--format", "json", env={"LSGRISK_LANG": "cnr"}),
        "LSGRISK_LANG=cnr-Cyrl": _diff(ws, "--format", "json", env={"LSGRISK_LANG": "cnr-Cyrl"}),
    }
    english = runs["--lang en"].stdout
    for how, result in runs.items():
        assert result.exit_code == 1, (how, result.output)
        assert result.stdout == english, how
    document = json.loads(english)
    # every kind of result that used to carry words is in this diff, as codes and nmap's words
    assert document["notes"] == [
        {"code": "old_incomplete", "args": {"old": 1}},
        {"code": "hosts_not_covered", "args": {"count": 1, "old": 1, "new": 2, "reason": "outside_targets"}},
        {"code": "ports_not_covered", "args": {"count": 1, "old": 1, "new": 2}},
    ]
    assert [(c["port"], c["before"]) for c in document["ports_opened"]] == [
        ("tcp/23", "closed"), ("tcp/24", "not_open")]  # nmap's state before, or not_open when it was not listed
    assert [(c["port"], c["after"]) for c in document["ports_closed"]] == [("tcp/21", "closed")]
    assert [(c["port"], c["after"]) for c in document["ports_not_covered"]] == [("tcp/80", "not_probed")]
    assert document["script_changes"] == [{"address": "127.0.0.1", "port": "tcp/22", "before": ["banner"],
                                           "after": ["banner"], "changed": ["banner"]}]
    assert [(c["what"], c["script"], c["before"], c["after"]) for c in document["host_changes"]] == [
        ("hostnames", None, None, "a.local"), ("host_script", "smb-os-discovery", None, "Unix")]
    assert document["hosts_new"] == ["127.0.0.3"] and document["hosts_not_covered"] == ["127.0.0.2"]


def test_diff_text_still_says_the_notes_in_the_language_of_the_run(tmp_path: Path) -> None:
    ws = _store(tmp_path)
    montenegrin = _diff(ws, "--lang", "cnr").stdout.splitlines()
    assert "napomena: skeniranje 1 je nepotpuno: hostovi i portovi koje je propustilo prikazuju se kao novi" \
        in montenegrin
    assert ("napomena: 1 host iz skeniranja 1 nema u skeniranju 2, koje nije obuhvatilo te adrese: ne računa se "
            "kao nestao") in montenegrin
    assert ("napomena: skeniranje 2 nije ispitalo 1 port otvoren u skeniranju 1 (drugi opseg portova, drugi "
            "protokol ili samo otkrivanje hostova): ne računa se kao zatvoren") in montenegrin
    assert "~ 127.0.0.1 tcp/22 skripte promijenjeno: banner" in montenegrin
    assert "~ 127.0.0.1 imena hosta: - -> a.local" in montenegrin
    assert "~ 127.0.0.1 skripta hosta smb-os-discovery: - -> Unix" in montenegrin
    assert "- 127.0.0.1 tcp/21 zatvoren (bilo: x21 vsftpd 3.0.5)" in montenegrin
    assert "? 127.0.0.1 tcp/80 skeniranje 2 ga nije ispitalo (otvoren u skeniranju 1: x80 nginx 1.24.0)" in montenegrin
    english = _diff(ws).stdout.splitlines()
    assert "note: scan 1 is incomplete: hosts and ports it missed show up as new" in english
    assert ("note: 1 host of scan 1 is absent from scan 2, which did not cover their addresses: not counted as "
            "gone") in english
    assert "~ 127.0.0.1 tcp/22 scripts changed: banner" in english
    assert "~ 127.0.0.1 hostnames: - -> a.local" in english
    assert "~ 127.0.0.1 host script smb-os-discovery: - -> Unix" in english
    assert "- 127.0.0.1 tcp/21 closed (was x21 vsftpd 3.0.5)" in english
    assert "? 127.0.0.1 tcp/80 not probed by scan 2 (open in scan 1: x80 nginx 1.24.0)" in english


def test_reconcile_json_is_the_same_bytes_in_every_language(tmp_path: Path) -> None:
    from tests.scans.conftest import inventory_yaml

    ws = _store(tmp_path)
    inv = inventory_yaml(tmp_path / "inv.yaml", 23)  # declared on 127.0.0.1; closed in scan 1, which probed it
    outputs = []
    for lang in ("en", "cnr", "cnr-Cyrl"):
        result = CliRunner().invoke(cli, ["--lang", lang, "scan", "reconcile", str(inv), "--scan", "1", "-w", str(ws),
                                          "--format", "json"], env=ENV)
        assert result.exit_code == 1, result.output
        outputs.append(result.stdout)
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]
    document = json.loads(outputs[0])
    assert document["notes"] == [{"code": "scan_incomplete", "args": {"scan_id": 1}}]
    assert [(f["port"], f["observed"]) for f in document["declared_not_observed"]] == [("tcp/23", "not_open")]
    text = CliRunner().invoke(cli, ["--lang", "cnr", "scan", "reconcile", str(inv), "--scan", "1", "-w", str(ws)],
                              env=ENV)
    assert text.stdout.splitlines()[1].startswith("napomena: skeniranje 1 je nepotpuno"), text.stdout
