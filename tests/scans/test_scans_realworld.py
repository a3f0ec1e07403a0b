"""Real-world nmap files and stores: every legal file imported, every hostile one refused, no exit 70.

Small real-style files built from the real loopback capture in ``data/``; each
test reproduces one defect of issue 16 or 10 and fails without its fix.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from asset_models.errors import ScanFileError
from scans.diff import diff_scans, run_scripts
from scans.importer import import_one
from scans.nmapargs import parse_args
from scans.parser import NmapXmlReader
from scans.reconcile import _version_differs
from scans.store import ScanMeta, connect, import_file
from tests.scans.conftest import REAL_CAPTURE, ROOT, run_subprocess

TEXT = REAL_CAPTURE.read_text(encoding="utf-8")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _hosts(path: Path) -> list[str]:
    return [h.addresses[0][0] for h in NmapXmlReader(path)]


# --- nmap's command line (16.2) -------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "targets", "excluded", "exact"), [
    ("nmap -sn --exclude 127.0.0.2 127.0.0.0/30", ["127.0.0.0/30"], ["127.0.0.2/32"], True),
    ("nmap --dns-servers 127.0.0.3 -oX - 127.0.0.1", ["127.0.0.1/32"], [], True),
    ("nmap --dns-servers=127.0.0.3,127.0.0.4 127.0.0.1", ["127.0.0.1/32"], [], True),
    ("nmap -D 127.0.0.7,ME -S 127.0.0.8 -e lo -g 53 -T 4 -p 22 --top-ports 10 127.0.0.1", ["127.0.0.1/32"], [], True),
    ("nmap -sI 127.0.0.9 -PS22 -oN out.txt -oG - --script-args a=1 --stylesheet x --proxies y 127.0.0.1",
     ["127.0.0.1/32"], [], True),
    ("nmap -exclude 127.0.0.5,127.0.0.6 -top 5 -- 127.0.0.0/29", ["127.0.0.0/29"],
     ["127.0.0.5/32", "127.0.0.6/32"], True),  # getopt_long_only: one dash, unique prefixes
    ("nmap -p22 -nvv -sV --max-rate=10 ::1", ["::1/128"], [], True),
    ("nmap -iL targets.txt 127.0.0.1", ["127.0.0.1/32"], [], False),
    ("nmap --excludefile ex.txt 127.0.0.0/24", ["127.0.0.0/24"], [], False),
    ("nmap --exclude printer.local 127.0.0.0/24", ["127.0.0.0/24"], [], False),
])
def test_option_values_are_not_targets(args: str, targets: list[str], excluded: list[str], exact: bool) -> None:
    command = parse_args(args)
    assert (command.targets, command.excluded, command.exact) == (targets, excluded, exact)
    assert command.covered() == (targets if exact else [])


def _scan_of(hosts: list[str], args: str, *, hostname: str | None = None) -> str:
    """The real capture with other hosts (each a copy of the real one) and another command line."""
    head, rest = TEXT.split("<host ", 1)
    host = "<host " + rest.split("</host>", 1)[0] + "</host>"  # the capture holds 127.0.0.1 twice (as localhost)
    tail = rest.rsplit("</host>", 1)[1]
    if hostname is not None:
        host = host.replace('name="localhost" type="PTR"', f'name="{hostname}" type="PTR"')
    head = head.replace('args="nmap -sS -sV -O -&#45;script http-title,http-server-header -p 1,18556 -&#45;reason '
                        '-oX tests/scans/data/real_localhost_O_script.xml 127.0.0.1 localhost"', f'args="{args}"')
    tail = tail.replace('up="2" down="0" total="2"', f'up="{len(hosts)}" down="0" total="{len(hosts)}"')
    hosts_xml = "\n".join(host.replace('addr="127.0.0.1"', f'addr="{h}"') for h in hosts)
    return head + hosts_xml + tail


def test_excluded_and_dns_server_addresses_are_not_reported_gone(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    con = connect(db)
    old = import_file(con, _write(tmp_path / "a.xml", _scan_of(
        ["127.0.0.1", "127.0.0.2", "127.0.0.9"], "nmap -sS -p 1,18556 127.0.0.1 127.0.0.2 127.0.0.9")))
    new = import_file(con, _write(tmp_path / "b.xml", _scan_of(
        ["127.0.0.1"], "nmap -sS -p 1,18556 -&#45;exclude 127.0.0.2 -&#45;dns-servers 127.0.0.9 127.0.0.0/30")))
    assert new.complete
    result = diff_scans(con, db, old.scan_id, new.scan_id)
    assert result.hosts_gone == []
    assert result.hosts_not_covered == ["127.0.0.2", "127.0.0.9"]
    assert con.execute("SELECT role, cidr FROM scan_networks WHERE scan_id = ? ORDER BY role, cidr",
                       (new.scan_id,)).fetchall() == [("exclude", "127.0.0.2/32"), ("target", "127.0.0.0/30")]


# --- versions and duplicates (16.3, 16.4) --------------------------------------------------------------------


@pytest.mark.parametrize(("declared", "observed", "differs"), [
    ("2.4.4", "2.4.41", True), ("2.4.41", "2.4.4", True), ("2.4", "2.4.41", False), ("8.9", "8.9p1", False),
    ("8.9p1", "9.6p1", True), ("1.10", "1.1", True), ("0.6", "0.6", False), ("1.02", "1.2", False),
])
def test_versions_compared_component_by_component(declared: str, observed: str, differs: bool) -> None:
    assert _version_differs(declared, observed) is differs


# --- legal files that were refused (16.6) and the DOCTYPE bypass (10.7) ---------------------------------------


def test_utf16_with_bom_as_powershell_writes_it(tmp_path: Path) -> None:
    for encoding, name in (("utf-16", "ps.xml"), ("utf-16-be", "be.xml")):
        path = tmp_path / name
        data = TEXT.encode(encoding)
        path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
        reader = NmapXmlReader(path)
        assert [h.addresses[0][0] for h in reader] == ["127.0.0.1", "127.0.0.1"]
        assert reader.info.complete
    utf8_bom = tmp_path / "bom8.xml"
    utf8_bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert _hosts(utf8_bom) == ["127.0.0.1", "127.0.0.1"]


def test_header_comment_longer_than_one_mib(tmp_path: Path) -> None:
    excludes = ",".join(f"10.{i // 250}.{i % 250}.1" for i in range(120_000))  # about 1.4 MB of --exclude
    text = TEXT.replace("-oX tests/scans/data/real_localhost_O_script.xml 127.0.0.1 localhost -->",
                        f"-&#45;exclude {excludes} 127.0.0.1 localhost -->", 1)
    assert len(text) > 1 << 20
    path = _write(tmp_path / "long.xml", text)
    reader = NmapXmlReader(path)
    assert [h.addresses[0][0] for h in reader] == ["127.0.0.1", "127.0.0.1"]
    assert reader.info.complete


def test_empty_run_element(tmp_path: Path) -> None:
    for text in ('<?xml version="1.0"?>\n<nmaprun/>\n', '<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<nmaprun/>'):
        path = _write(tmp_path / "empty.xml", text)
        result = import_file(connect(tmp_path / f"{len(text)}.db"), path)
        assert result.hosts == 0 and not result.complete


def test_official_public_dtd_is_accepted(tmp_path: Path) -> None:
    text = TEXT.replace("<!DOCTYPE nmaprun>", '<!DOCTYPE nmaprun PUBLIC "-//IDN nmap.org//DTD Nmap XML 1.04//EN" '
                                              '"https://svn.nmap.org/nmap/docs/nmap.dtd">')
    assert _hosts(_write(tmp_path / "dtd.xml", text)) == ["127.0.0.1", "127.0.0.1"]


@pytest.mark.parametrize("doctype", [
    # '>' inside a quoted system literal, a comment opener hiding the subset from a regex, a NOTATION
    '<!DOCTYPE nmaprun SYSTEM "https://nmap.org/x>y<!--" [<!ENTITY e "INJECTED"><!NOTATION n SYSTEM "-->">]>',
    "<!DOCTYPE nmaprun SYSTEM 'nmap.org/a>b' [<!ENTITY e \"INJECTED\">]>",
    '<!DOCTYPE nmaprun PUBLIC "nmap.org" "x>" [<!NOTATION n PUBLIC "p"><!ENTITY e "INJECTED">]>',
    '<!DOCTYPE nmaprun [<!ENTITY e "INJECTED">]>',
    '<!DOCTYPE nmaprun SYSTEM "file:///etc/passwd">',
    '<!-- <nmaprun> --><!DOCTYPE nmaprun [<!ENTITY e "INJECTED">]>',
])
def test_doctype_refusal_understands_quoted_literals(tmp_path: Path, doctype: str) -> None:
    text = TEXT.replace("<!DOCTYPE nmaprun>", doctype).replace('name="localhost" type="PTR"',
                                                               'name="&e;" type="PTR"')
    path = _write(tmp_path / "evil.xml", text)
    with pytest.raises(ScanFileError, match=r"declares entities|points to an external DTD") as caught:
        import_file(connect(tmp_path / "s.db"), path)
    assert getattr(caught.value, "exit_code", None) == 3
    con = sqlite3.connect(tmp_path / "s.db")
    assert con.execute("SELECT COUNT(*) FROM hostnames WHERE name LIKE '%INJECTED%'").fetchone() == (0,)


def test_other_roots_and_text_are_not_nmap(tmp_path: Path) -> None:
    for text in ("<nmaprunx/>", "hello <nmaprun/>", "<?xml version='1.0'?><html/>", ""):
        with pytest.raises(Exception, match="not an nmap XML file"):
            list(NmapXmlReader(_write(tmp_path / "x.xml", text)))


# --- a complete file with a huge script output (16.7) ---------------------------------------------------------


def test_twelve_megabyte_script_output_keeps_the_file_complete(tmp_path: Path) -> None:
    big = "A" * (12 * 1000 * 1000)
    text = TEXT.replace('<script id="http-title" output="Directory listing for /">',
                        f'<script id="http-title" output="{big}">', 1)
    text = text.replace("<elem key=\"title\">Directory listing for /</elem>", f"<elem key=\"title\">{big}</elem>", 1)
    path = _write(tmp_path / "big.xml", text)
    db = tmp_path / "s.db"
    result = import_file(connect(db), path)
    assert result.complete and result.hosts == 2, result.warnings
    con = sqlite3.connect(db)
    assert con.execute("SELECT MAX(LENGTH(output)) FROM scripts").fetchone() == (len(big),)


# --- smaller items (16.9) -------------------------------------------------------------------------------------


def test_errormsg_without_exit_is_not_complete(tmp_path: Path) -> None:
    text = TEXT.replace(' exit="success"', ' errormsg="Failed to resolve target"', 1)
    assert ' exit="' not in text.split("<runstats>", 1)[1]
    result = import_file(connect(tmp_path / "s.db"), _write(tmp_path / "e.xml", text))
    assert not result.complete and any("Failed to resolve target" in w for w in result.warnings)


def test_pre_and_post_scan_scripts_are_kept(tmp_path: Path) -> None:
    pre = ('<prescript><script id="broadcast-ping" output="IP: 127.0.0.1"><elem key="ip">127.0.0.1</elem></script>'
           '</prescript>\n')
    post = '<postscript><script id="ssh-hostkey" output="Possible duplicate hosts"/></postscript>\n'
    text = TEXT.replace("<host ", pre + "<host ", 1).replace("<runstats>", post + "<runstats>", 1)
    db = tmp_path / "s.db"
    con = connect(db)
    result = import_file(con, _write(tmp_path / "p.xml", text))
    assert result.complete and result.hosts == 2
    assert run_scripts(con, result.scan_id) == [("prescript", "broadcast-ping", "IP: 127.0.0.1"),
                                                 ("postscript", "ssh-hostkey", "Possible duplicate hosts")]
    elems = con.execute("SELECT elems FROM run_scripts WHERE phase = 'prescript'").fetchone()[0]
    assert json.loads(elems) == [["", "ip", "127.0.0.1"]]


def test_runstats_that_disagree_with_the_hosts_are_flagged(tmp_path: Path) -> None:
    text = TEXT.replace('up="2" down="0" total="2"', 'up="3" down="0" total="3"')
    result = import_file(connect(tmp_path / "s.db"), _write(tmp_path / "r.xml", text))
    assert any("statistics (3) differs from the number of <host> elements up in the file (2)" in w
               for w in result.warnings)
    clean = import_file(connect(tmp_path / "t.db"), REAL_CAPTURE)
    assert not any("run statistics" in w for w in clean.warnings)


def test_huge_integers_are_refused_not_a_crash(tmp_path: Path, run_cli) -> None:
    for name, text in (("start", TEXT.replace('<host starttime="1795511394"', '<host starttime="' + "9" * 30 + '"', 1)),
                       ("root", TEXT.replace('start="1795511394"', 'start="99999999999999999999999"', 1)),
                       ("port", TEXT.replace('conf="3"', 'conf="123456789012345678901234567890"', 1))):
        path = _write(tmp_path / f"{name}.xml", text)
        result = run_cli("scan", "import", path, "-w", tmp_path / name)
        assert result.exit_code == 3, (name, result.output)
        assert "does not fit in 64 bits" in result.stderr


# --- the raw archive (16.8, 10.5) ------------------------------------------------------------------------------


def test_archive_is_named_by_content_and_survives_a_recreated_store(tmp_path: Path, run_cli) -> None:
    ws = tmp_path / "ws"
    first = _write(tmp_path / "a.xml", TEXT)
    second = _write(tmp_path / "b.xml", TEXT.replace("Directory listing for /", "Another title"))
    assert run_cli("scan", "import", first, "-w", ws).exit_code == 0
    (ws / "lsgrisk-scans.db").unlink()  # a new store in the same workspace: scan ids start at 1 again
    assert run_cli("scan", "import", second, "-w", ws).exit_code == 0
    con = sqlite3.connect(ws / "lsgrisk-scans.db")
    ((raw_path, digest),) = con.execute("SELECT raw_path, sha256 FROM scans").fetchall()
    assert hashlib.sha256(Path(raw_path).read_bytes()).hexdigest() == digest
    assert Path(raw_path).read_bytes() == second.read_bytes()


def test_a_damaged_or_missing_archive_copy_is_replaced(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    con = connect(ws / "s.db")
    digest = hashlib.sha256(REAL_CAPTURE.read_bytes()).hexdigest()
    raw = ws / "scans" / "raw" / f"{digest}.xml"
    raw.parent.mkdir(parents=True)
    raw.write_bytes(b"another store's file under this name")
    result = import_one(con, ws, REAL_CAPTURE, [])
    assert result.added and raw.read_bytes() == REAL_CAPTURE.read_bytes()
    raw.unlink()  # lost (a full disk, a careless clean-up): the next import of the same file repairs it
    again = import_one(con, ws, REAL_CAPTURE, [])
    assert not again.added and raw.read_bytes() == REAL_CAPTURE.read_bytes()
    assert any("archived again" in w for w in again.warnings)


def test_a_refused_file_leaves_no_archive_copy(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    evil = _write(tmp_path / "e.xml", TEXT.replace("<!DOCTYPE nmaprun>", '<!DOCTYPE nmaprun [<!ENTITY e "x">]>'))
    with pytest.raises(ScanFileError, match="declares entities"):
        import_one(connect(ws / "s.db"), ws, evil, [])
    assert list((ws / "scans" / "raw").iterdir()) == []


# --- several files (16.5) ---------------------------------------------------------------------------------------


def test_multi_file_import_goes_on_past_refused_files(tmp_path: Path, run_cli) -> None:
    good_a = _write(tmp_path / "a.xml", TEXT)
    bad = _write(tmp_path / "bad.xml", "<html>not a scan</html>")
    evil = _write(tmp_path / "evil.xml", TEXT.replace("<!DOCTYPE nmaprun>", '<!DOCTYPE nmaprun [<!ENTITY e "x">]>'))
    good_b = _write(tmp_path / "b.xml", TEXT.replace("Directory listing for /", "Another title"))
    ws = tmp_path / "ws"
    result = run_cli("scan", "import", good_a, bad, evil, good_b, "-w", ws)
    assert result.exit_code == 3, result.output
    assert "a.xml: imported as scan 1" in result.stdout and "b.xml: imported as scan 2" in result.stdout
    assert f"{bad}: refused" in result.stderr and f"{evil}: refused" in result.stderr
    assert "2 files refused; 2 of 4 imported or already stored" in result.stderr
    assert sqlite3.connect(ws / "lsgrisk-scans.db").execute("SELECT COUNT(*) FROM scans").fetchone() == (2,)


# --- stores that are not ours, damaged, or full (10.9) ----------------------------------------------------------


def test_a_store_with_a_foreign_scans_table_is_refused_and_left_alone(tmp_path: Path, run_cli) -> None:
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, target TEXT, result BLOB)")
    con.execute("INSERT INTO scans VALUES (1, 'x', NULL)")
    con.commit()
    con.close()
    before = db.read_bytes()
    for args in (["scan", "list"], ["scan", "diff"], ["scan", "import", str(REAL_CAPTURE)]):
        result = run_cli(*args, "--db", db, "-w", tmp_path / "ws")
        assert result.exit_code == 3, (args, result.output)
        assert "is not a scan store" in result.stderr
    assert db.read_bytes() == before  # scan list wrote no tables into it
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("scans",)]


def test_a_store_damaged_mid_file_is_exit_3(tmp_path: Path, run_cli, gen) -> None:
    ws = tmp_path / "ws"
    assert run_cli("scan", "import", gen.generate(tmp_path / "a.xml", 300, seed=2), "-w", ws).exit_code == 0
    assert run_cli("scan", "import", gen.generate(tmp_path / "b.xml", 300, seed=3), "-w", ws).exit_code == 0
    db = ws / "lsgrisk-scans.db"
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64 * 1024] = b"\x5a" * min(64 * 1024, len(data) - middle)
    db.write_bytes(bytes(data))
    for args in (["scan", "diff"], ["scan", "diff", "1", "2", "--format", "json"]):
        result = run_cli(*args, "-w", ws)
        assert result.exit_code == 3, (args, result.output)
        assert "is damaged" in result.stderr


def test_scan_ids_beyond_sqlite_are_a_usage_error(tmp_path: Path, run_cli) -> None:
    ws = tmp_path / "ws"
    assert run_cli("scan", "import", REAL_CAPTURE, "-w", ws).exit_code == 0
    inv = tmp_path / "inv.yaml"
    from tests.scans.conftest import inventory_yaml

    inventory_yaml(inv, 80)
    for args in (["scan", "reconcile", str(inv), "--scan", "99999999999999999999999"],
                 ["scan", "diff", "1", "99999999999999999999999"]):
        result = run_cli(*args, "-w", ws)
        assert result.exit_code == 2, (args, result.output)


def test_meta_of_an_import_names_the_original_file(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    con = connect(ws / "s.db")
    result = import_one(con, ws, REAL_CAPTURE, [])
    name, raw = con.execute("SELECT file_name, raw_path FROM scans WHERE id = ?", (result.scan_id,)).fetchone()
    assert name == str(REAL_CAPTURE) and raw.endswith(".xml") and Path(raw).parent.name == "raw"
    assert isinstance(ScanMeta().excluded, list)


# --- a full disk (10.5, 10.9): exit 4, nothing half-stored, a retry stores scan and evidence ---------------------


def _limited(limit: int) -> Callable[[], None]:
    def apply() -> None:  # runs in the child: writes beyond `limit` bytes fail as on a full disk (EFBIG)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_while_archiving_stores_nothing_and_a_retry_repairs(tmp_path: Path, gen) -> None:
    ws = tmp_path / "ws"
    big = gen.generate(tmp_path / "big.xml", 400, seed=4)
    assert big.stat().st_size > 400_000
    assert run_subprocess(["scan", "import", str(REAL_CAPTURE), "-w", str(ws)], tmp_path).returncode == 0
    full = run_subprocess(["scan", "import", str(big), "-w", str(ws)], tmp_path, preexec_fn=_limited(300_000))
    assert full.returncode == 4, full.stderr
    assert "Traceback" not in full.stderr and "cannot archive" in full.stderr
    con = sqlite3.connect(ws / "lsgrisk-scans.db")
    assert con.execute("SELECT COUNT(*) FROM scans").fetchone() == (1,)  # nothing of the big file committed
    con.close()
    again = run_subprocess(["scan", "import", str(big), "-w", str(ws)], tmp_path)
    assert again.returncode == 0 and "imported as scan 2" in again.stdout, again.stderr
    digest = hashlib.sha256(big.read_bytes()).hexdigest()
    assert (ws / "scans" / "raw" / f"{digest}.xml").read_bytes() == big.read_bytes()
    assert not [p for p in (ws / "scans" / "raw").iterdir() if p.name.startswith(".")]  # no temporary left


def test_full_disk_in_sqlite_is_exit_4(tmp_path: Path, gen) -> None:
    ws = tmp_path / "ws"
    assert run_subprocess(["scan", "import", str(REAL_CAPTURE), "-w", str(ws)], tmp_path).returncode == 0
    big = gen.generate(tmp_path / "big.xml", 400, seed=4)
    # the archive already holds the file (an earlier attempt); the store's write-ahead log for 400 hosts does not fit
    digest = hashlib.sha256(big.read_bytes()).hexdigest()
    (ws / "scans" / "raw" / f"{digest}.xml").write_bytes(big.read_bytes())
    full = run_subprocess(["scan", "import", str(big), "-w", str(ws)], tmp_path, preexec_fn=_limited(64_000))
    assert full.returncode == 4, full.stderr
    assert "Traceback" not in full.stderr and "Internal error" not in full.stderr
    assert "scan store" in full.stderr
    con = sqlite3.connect(ws / "lsgrisk-scans.db")
    assert con.execute("SELECT COUNT(*) FROM scans").fetchone() == (1,)


def test_sigkill_during_the_first_load_into_an_empty_store(tmp_path: Path, gen) -> None:
    """The first import writes through a rollback journal instead of the WAL: a kill still rolls it back."""
    big = gen.generate(tmp_path / "big.xml", 25_000, seed=12)
    ws = tmp_path / "ws"
    db = ws / "lsgrisk-scans.db"
    proc = subprocess.Popen([sys.executable, "-m", "lsgrisk", "scan", "import", str(big), "-w", str(ws)],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and db.stat().st_size > 2_000_000:  # rows are spilling into the file
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.kill()
    proc.wait(timeout=60)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT COUNT(*) FROM scans").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM hosts").fetchone() == (0,)
    con.close()
    again = run_subprocess(["scan", "import", str(REAL_CAPTURE), "-w", str(ws)], tmp_path)
    assert again.returncode == 0 and "imported as scan 1" in again.stdout, again.stderr
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone() == ("wal",)
