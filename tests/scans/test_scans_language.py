"""Issue 16 (language): every text of the scan stage in the language of the run, never English in cnr.

The scan modules keep their English templates in ``Texts`` tables (``asset_models.i18n``); the
Montenegrin catalogue must carry each of them with exactly the same placeholders, plural messages in
all three forms, and the real CLI must speak Montenegrin from ``LSGRISK_LANG`` or ``--lang``.
"""

from __future__ import annotations

import importlib
import os
import re
import string
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from asset_models.i18n import Texts, catalogue_entries, set_language, translator
from lsgrisk.cli.main import cli
from tests.scans.conftest import REAL_CAPTURE

ROOT = Path(__file__).resolve().parents[2]
#: every module of the scan stage that shows text to a person
MODULES = ["scans.diff", "scans.parser", "scans.importer", "scans.xmlguard", "scans.store", "scans.snapshot",
           "scans.sqlerrors", "scans.reconcile", "scans.runner", "scans.schedule", "scans.profiles", "scans.targets",
           "scans.nmapargs", "lsgrisk.cli.scan_cmds"]
#: words of English sentences that no Montenegrin output may contain (paths and ids are taken out first)
ENGLISH = {"the", "of", "is", "not", "file", "files", "refused", "holds", "value", "would", "never", "write", "pass",
           "column", "line", "error", "were", "handled", "imported", "stored", "address", "valid", "scan", "hosts",
           "summary", "new", "gone", "open", "closed", "was", "note", "warning", "complete", "state", "source",
           "started", "and", "or", "with", "changes"}
BAD_VALUE = ('<?xml version="1.0"?>\n<nmaprun scanner="nmap" args="nmap x"><host><address addr="IP" '
             'addrtype="ipv4"/></host></nmaprun>')
BROKEN = ('<?xml version="1.0"?>\n<nmaprun scanner="nmap" args="nmap x">\n<host><address addr="127.0.0.1 '
          'addrtype="ipv4"/></host>\n<host></host>\n</nmaprun>\n')


def _process(args: list[str], cwd: Path, lang: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as a town hall's officer runs it (a new process, the language from the environment)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LSGRISK_LANG": lang}
    return subprocess.run([sys.executable, "-m", "lsgrisk", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=180, check=False)


def _tables() -> Iterator[tuple[str, str, Texts]]:
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, Texts):
                yield name, attribute, value


def _fields(template: str) -> set[tuple[str, str, str]]:
    """(name, conversion, format spec) of every replacement field: what str.format will look up."""
    return {(name, conversion or "", spec or "") for _text, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


def _english_words(text: str, *keep: str) -> set[str]:
    for kept in keep:
        text = text.replace(kept, " ")
    text = re.sub(r"\S*/\S*|<[^<>]*>|'[^']*'", " ", text)  # paths, XML tags, quoted values
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH}


def test_every_scan_module_keeps_its_texts_in_tables() -> None:
    tables = {(module, attribute) for module, attribute, _table in _tables()}
    for module in MODULES:
        if module != "scans.nmapargs":  # reads nmap's command line: it has nothing to say to a person
            assert (module, "MESSAGES") in tables, module
    assert sum(len(list(table.sources())) for _m, _a, table in _tables()) > 200


def test_every_template_has_a_montenegrin_translation_with_the_same_placeholders() -> None:
    entries = catalogue_entries("cnr", "messages")
    missing, wrong = [], []
    for module, attribute, table in _tables():
        for key, singular, plural in table.sources():
            where = f"{module}.{attribute}[{key!r}]"
            found = entries.get(("", singular))
            if found is None:
                missing.append(f"{where}: {singular!r}")
                continue
            if plural is not None:
                if not isinstance(found, tuple) or len(found) != 3:
                    wrong.append(f"{where}: a count needs the three plural forms (one, few, other)")
                    continue
                assert _fields(plural) == _fields(singular), where
            forms = found if isinstance(found, tuple) else (found,)
            for form in forms:
                if _fields(form) != _fields(singular):
                    wrong.append(f"{where}: {sorted(_fields(form))} != {sorted(_fields(singular))}")
                form.format(**{name: "x" for name, conversion, spec in _fields(form) if not spec.startswith(">")},
                            **{name: 1 for name, conversion, spec in _fields(form) if spec.startswith(">")})
    assert not missing, "add to asset_models/locales/cnr/messages.po:\n" + "\n".join(missing)
    assert not wrong, "\n".join(wrong)


def test_no_table_is_read_at_import_time() -> None:
    """A template looked up while a module is imported would stay in the language of that moment."""
    pattern = re.compile(r"^[A-Za-z_][\w]*\s*(?::[^=]+)?=.*\b(MESSAGES|XML_ERRORS|PORT_STATES)(\[|\.n\()", re.M)
    for module in MODULES:
        path = ROOT / (module.replace(".", "/") + ".py")
        assert not pattern.search(path.read_text(encoding="utf-8")), module


@pytest.fixture
def speak() -> Iterator[Callable[[str], None]]:
    yield set_language
    set_language("en")


def test_plural_messages_of_the_scan_stage(speak: Callable[[str], None]) -> None:
    from scans.importer import MESSAGES

    def refused(n: int) -> str:
        return MESSAGES.n("summary", n).format(refused=n, imported=0, total=n).split(";")[0]

    assert [refused(n) for n in (1, 2, 5)] == ["1 file refused", "2 files refused", "5 files refused"]
    speak("cnr")
    assert [refused(n) for n in (1, 2, 5, 21)] == ["1 datoteka odbijena", "2 datoteke odbijene",
                                                   "5 datoteka odbijeno", "21 datoteka odbijena"]


def _import(tmp_path: Path, lang: str, *files: Path) -> Result:
    return CliRunner().invoke(cli, ["scan", "import", *map(str, files), "-w", str(tmp_path / "ws")],
                              env={"LSGRISK_LANG": lang, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})


def test_a_refused_file_in_montenegrin_names_the_users_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(BAD_VALUE, encoding="utf-8")
    ws = tmp_path / "ws"
    result = _process(["scan", "import", str(bad), "-w", str(ws)], tmp_path, "cnr")
    assert result.returncode == 3, result.stderr
    err = result.stderr
    assert f"{bad}: odbijeno: datoteka sadrži vrijednost koju nmap nikada ne bi upisao" in err
    assert "Greška: 1 datoteka odbijena; uvezeno ili već sačuvano: 0 od 1" in err
    assert "<host> br. 1: ipv4 adresa 'IP' nije ispravna" in err
    assert "scans/raw" not in err and str(bad) in err  # the user's file, never the archive copy
    assert _english_words(err, "nmap", "XML", "ipv4", "IP") == set(), err
    english = _process(["scan", "import", str(bad), "-w", str(ws)], tmp_path, "en")
    assert f"{bad}: refused: the file holds a value nmap would never write" in english.stderr
    assert "Error: 1 file refused; 0 of 1 imported or already stored" in english.stderr
    assert "scans/raw" not in english.stderr


def test_a_broken_file_says_line_and_column_once(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(BROKEN, encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(BAD_VALUE, encoding="utf-8")
    result = _import(tmp_path, "cnr", broken, bad)
    assert result.exit_code == 3
    err = result.stderr
    assert "Greška: 2 datoteke odbijene; uvezeno ili već sačuvano: 0 od 2" in err
    line = next(x for x in err.splitlines() if x.startswith(f"  - {broken}"))
    assert "datoteka nije ispravno oblikovan XML: red 3, kolona" in line
    assert line.count("red ") == 1 and line.count("kolona") == 1 and "column" not in line
    assert _english_words(err, "nmap", "XML", "ipv4", "IP") == set(), err
    english = _import(tmp_path, "en", broken)
    line = next(x for x in english.stderr.splitlines() if x.startswith(f"  - {broken}"))
    assert "the file is not well-formed XML: line 3, column" in line
    assert line.count("line ") == 1 and line.count("column") == 1


def test_cyrillic_keeps_paths_placeholders_and_tags_latin(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(BAD_VALUE, encoding="utf-8")
    err = _import(tmp_path, "cnr-Cyrl", bad).stderr
    assert f"{bad}: одбијено: датотека садржи вриједност коју nmap никада не би уписао" in err
    assert "<host> бр. 1" in err and "Грешка: 1 датотека одбијена" in err
    assert translator("cnr-Cyrl").template("invalid scan target {text!r}") == "неисправан циљ скенирања {text!r}"


def test_list_and_diff_in_montenegrin_on_a_real_store(tmp_path: Path, gen: ModuleType) -> None:
    first = gen.generate(tmp_path / "a.xml", 40, seed=5)
    second = gen.generate(tmp_path / "b.xml", 40, seed=5, drift=0.2)
    imported = _import(tmp_path, "cnr", REAL_CAPTURE, first, second)
    assert imported.exit_code == 0, imported.output
    assert f"{REAL_CAPTURE}: uvezeno kao skeniranje 1 (2 hosta, potpuno)" in imported.stdout
    assert _english_words(imported.stdout) == set(), imported.stdout
    env = {"LSGRISK_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    listed = CliRunner().invoke(cli, ["--lang", "cnr", "scan", "list", "-w", str(tmp_path / "ws")], env=env)
    assert listed.exit_code == 0, listed.output
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["oznaka", "izvor", "profil", "početak", "hostovi", "stanje", "datoteka"]
    assert len(rows) == 3 and all(" uvoz " in row and " potpuno " in row for row in rows)
    assert header.index("hostovi") + len("hostovi") == rows[0].index("  potpuno")  # counts end under their head
    diffed = CliRunner().invoke(cli, ["--lang", "cnr", "scan", "diff", "2", "3", "-w", str(tmp_path / "ws")],
                                env=env)
    assert diffed.exit_code == 1, diffed.output
    lines = diffed.stdout.splitlines()
    assert lines[0] == "skeniranje 2 -> skeniranje 3"
    assert lines[-1].startswith("sažetak: novi hostovi: ")
    assert any(x.startswith("+ host ") for x in lines) and any("(bilo: " in x for x in lines)
    assert _english_words(diffed.stdout) == set(), diffed.stdout
    english = CliRunner().invoke(cli, ["scan", "list", "-w", str(tmp_path / "ws")], env=env)
    assert english.stdout.splitlines()[0] == "  id  source  profile    started                hosts  state       file"


def test_reconcile_and_its_patch_in_montenegrin(tmp_path: Path, gen: ModuleType) -> None:
    import yaml

    from tests.scans.conftest import inventory_yaml

    gen.generate(tmp_path / "a.xml", 30, seed=5, network="127.0.0.0/24")  # synthetic, never scanned
    inv = inventory_yaml(tmp_path / "inv.yaml", 80, cidr="127.0.0.0/24")
    assert _import(tmp_path, "cnr", tmp_path / "a.xml").exit_code == 0
    patch = tmp_path / "patch.yaml"
    result = CliRunner().invoke(cli, ["scan", "reconcile", str(inv), "-w", str(tmp_path / "ws"), "--write", str(patch)],
                                env={"LSGRISK_LANG": "cnr"})
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "inventar u odnosu na skeniranje 1"
    assert any(x.startswith("nepoznat host 127.0.0.") and " u zoni lo" in x for x in lines)
    assert lines[-1].startswith("sažetak: nepoznati hostovi: ")
    assert _english_words(result.stdout) == set(), result.stdout
    assert "upisano: " in result.stderr and "prijedlog za pregled" in result.stderr
    text = patch.read_text(encoding="utf-8")
    header = text.split("\nproposed_from_scan:", 1)[0].splitlines()
    assert header[0].startswith("# Predložene izmjene inventara") and all(x.startswith("# ") for x in header)
    assert all(a["name"].startswith("Nepoznat host ") for a in yaml.safe_load(text)["add_assets"])


@pytest.mark.parametrize(("args", "expected"), [
    (["scan", "run", "--scope", "127.0.0.0/8", "--target", "127.1", "--dry-run"],
     "Greška: neispravan cilj skeniranja '127.1'"),
    (["scan", "run", "--scope", "127.0.0.0/8", "--target", "10.0.0.1", "--dry-run"],
     "Greška: cilj 10.0.0.1/32 je van odobrenog obuhvata"),
    (["scan", "run", "--scope", "127.0.0.0/24", "--ports", "22 80", "--dry-run"],
     "Greška: neispravna opcija --ports"),
    (["scan", "diff", "3"],
     "datoteka ne postoji (prvo pokrenite 'lsgrisk scan run' ili 'scan import', ili navedite --db)"),
    (["scan", "schedule", "--every", "daily", "--user", "bad user"],
     "Greška: 'bad user' ne može biti korisnik zakazanog skeniranja"),
])
def test_refusals_before_a_scan_in_montenegrin(tmp_path: Path, args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, [*args, "-w", str(tmp_path / "ws")], env={"LSGRISK_LANG": "cnr"})
    assert result.exit_code in (3, 4), result.output
    assert expected in result.stderr, result.stderr
    assert _english_words(result.stderr, "lsgrisk", "OLD", "NEW") == set(), result.stderr


#: refused files, each with what its summary line must say (English, Montenegrin); None: a named pipe
REFUSED = {
    "subset.xml": ('<?xml version="1.0"?>\n<!DOCTYPE nmaprun [\n<!ENTITY x "y">\n]>\n<nmaprun scanner="nmap"/>\n',
                   ("the XML file declares entities: line 2, column 19: a DOCTYPE with an internal subset [...]",
                    "XML datoteka deklariše entitete: red 2, kolona 19: DOCTYPE sa unutrašnjim podskupom [...]")),
    "external.xml": ('<?xml version="1.0"?>\n<!-- Opština -->\n<!DOCTYPE nmaprun SYSTEM "file:///etc/passwd">\n'
                     '<nmaprun scanner="nmap"/>\n',
                     ("the XML file points to an external DTD: line 3, column 1: a DOCTYPE with a SYSTEM/PUBLIC",
                      "XML datoteka upućuje na spoljni DTD: red 3, kolona 1: DOCTYPE sa identifikatorom SYSTEM")),
    "declaration.xml": ('<?xml version="1.0"?>\n<!-- Opština --> <!ENTITY x "y">\n<nmaprun scanner="nmap"/>\n',
                        ("declaration outside a DOCTYPE: line 2, column 18: a <!...> declaration before the root",
                         "deklaraciju oznaka van DOCTYPE-a: red 2, kolona 18: deklaracija <!...> prije korijenskog")),
    "html.xml": ('<?xml version="1.0"?>\n\n  <html/>\n',
                 ("this is not an nmap XML file: line 3, column 3: the root element is <html>, not <nmaprun>",
                  "ovo nije nmap XML datoteka: red 3, kolona 3: korijenski element je <html>, a ne <nmaprun>")),
    "bad.xml": (BAD_VALUE, ("the file holds a value nmap would never write: <host> #1: ipv4 address 'IP'",
                            "sadrži vrijednost koju nmap nikada ne bi upisao: <host> br. 1: ipv4 adresa 'IP'")),
    "broken.xml": (BROKEN, ("the file is not well-formed XML: line 3, column",
                            "datoteka nije ispravno oblikovan XML: red 3, kolona")),
    "pipe.xml": (None, ("not a regular file: it is a named pipe (FIFO) (pass the nmap XML file itself)",
                        "nije obična datoteka: to je imenovana cijev (FIFO) (navedite samu nmap XML datoteku)")),
}
#: a word or a few words said twice in a row ("refused: refused:", "line 36, line 36")
_TWICE = re.compile(r"\b(\w+(?: \w+){0,2})\b[\s:,;]+\1\b", re.UNICODE)


@pytest.mark.parametrize("lang", ["en", "cnr"])
def test_a_refusal_says_refused_once_and_where(tmp_path: Path, lang: str) -> None:
    files = []
    for name, (text, _expected) in REFUSED.items():
        path = tmp_path / name
        if text is None:
            os.mkfifo(path)
        else:
            path.write_text(text, encoding="utf-8")
        files.append(path)
    result = _import(tmp_path, lang, *files)
    assert result.exit_code == 3, result.output
    word = {"en": "refused", "cnr": "odbijeno"}[lang]
    lines = result.stderr.replace(str(tmp_path), "DIR").splitlines()
    for name, (_text, expected) in REFUSED.items():
        first = [x for x in lines if x.startswith(f"DIR/{name}: ")]
        assert len(first) == 1 and first[0].count(word) == 1, first  # "{path}: refused: {message}", once
        summary = [x for x in lines if x.startswith(f"  - DIR/{name}: ")]
        assert len(summary) == 1 and expected[lang == "cnr"] in summary[0], (summary, expected)
        assert word not in summary[0] and summary[0].count(f"DIR/{name}") == 1, summary
    doubled = [x for x in lines if _TWICE.search(x)]
    assert not doubled, doubled


def test_a_truncated_file_says_where_it_ends_once_in_the_language_of_the_run(tmp_path: Path) -> None:
    data = REAL_CAPTURE.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: data.index(b"<cpe>cpe:/a:python") + 12])  # inside a <cpe> of the first host
    for lang, expected in (("en", "the file ends early (line 15, column "),
                           ("cnr", "datoteka se prerano završava (red 15, kolona ")):
        result = _import(tmp_path / lang, lang, cut)
        assert result.exit_code == 0, result.output
        warning = next(x for x in result.stderr.splitlines() if "cut.xml" in x)
        assert expected in warning, warning
        assert not _TWICE.search(warning.replace(str(cut), "FILE")), warning  # not "line 15, line 15"
        if lang == "cnr":
            assert "podaci se prerano završavaju u oznaci cpe" in warning, warning
            assert _english_words(warning, "nmap", "XML") == set(), warning
