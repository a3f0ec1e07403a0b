"""Issue 9, the CLI side: --help in Montenegrin, every help text translated, lazy commands, Makefile, workbook."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from asset_models.i18n import catalogue_entries, translator
from asset_models.loaders import load_inventory
from asset_models.xlsx import LISTS_SHEET, workbook_bytes
from lsgrisk.cli.main import COMMANDS, SUMMARIES, cli
from tests.foundation.cli_texts import all_commands, code_msgids, header_msgids, help_msgids
from tests.foundation.conftest import MINI
from threat_catalog.loader import load_catalog

ROOT = Path(__file__).parents[2]


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    base = {"LSGRISK_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    return CliRunner().invoke(cli, list(args), env={**base, **(env or {})}, prog_name="lsgrisk")


# --------------------------------------------------------------------------- the catalogue of messages


def _cnr() -> dict[tuple[str, str], Any]:
    return catalogue_entries("cnr", "messages")


def test_every_help_text_has_a_montenegrin_translation() -> None:
    entries = _cnr()
    missing = {msgid: where for msgid, where in help_msgids().items() if ("", msgid) not in entries}
    assert not missing, "add these to asset_models/locales/cnr/messages.po:\n" + "\n".join(
        f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items()))


def test_every_message_has_a_montenegrin_translation() -> None:
    entries = _cnr()
    missing = sorted(m for m in code_msgids() if ("", m) not in entries)
    assert not missing, missing


def test_every_workbook_header_has_a_montenegrin_label() -> None:
    entries = _cnr()
    missing = sorted(c for c in header_msgids() if ("column", c) not in entries)
    assert not missing, missing
    labels = [str(entries[("column", c)]).casefold() for c in header_msgids()]
    assert len(labels) == len(set(labels)), "two columns share a Montenegrin header"


def test_translations_keep_their_placeholders() -> None:
    import re

    for (_context, msgid), text in _cnr().items():
        wanted = set(re.findall(r"\{(\w+)\}", msgid))
        for form in text if isinstance(text, tuple) else (text,):
            assert set(re.findall(r"\{(\w+)\}", form)) <= wanted | {"n"}, (msgid, form)


def test_montenegrin_catalogue_is_ijekavian() -> None:
    text = (ROOT / "asset_models" / "locales" / "cnr" / "messages.po").read_text(encoding="utf-8").lower()
    for ekavian in ("bezbedn", "primen", "vreme", " mera", "delimično", "uputstvo za upotrebu ne", "lokacija je"):
        assert ekavian not in text, ekavian
    for ijekavian in ("bezbjedn", "vrijednost", "mjer", "djelimično"):
        assert ijekavian in text, ijekavian


# --------------------------------------------------------------------------- --help in Montenegrin


def test_help_in_montenegrin_from_the_environment_and_the_option() -> None:
    for args, env in ((["--help"], {"LSGRISK_LANG": "cnr"}), (["--lang", "cnr", "--help"], {}),
                      (["--help"], {"LANG": "sr_ME.UTF-8"})):
        result = _run(*args, env=env)
        assert result.exit_code == 0
        assert "Upotreba: lsgrisk" in result.output and "Komande:" in result.output, (args, env)
        assert "Provjerava inventar" in result.output
    english = _run("--help")
    assert "Usage: lsgrisk" in english.output and "Check an inventory" in english.output


def test_every_command_help_shows_in_montenegrin() -> None:
    for name, _cmd in all_commands():
        args = name.split() if name != "lsgrisk" else []
        result = _run(*args, "--help", env={"LSGRISK_LANG": "cnr"})
        assert result.exit_code == 0, (name, result.output)
        assert "Upotreba:" in result.output and "Prikaži ovu poruku i završi." in result.output, name


def test_option_help_and_defaults_are_translated() -> None:
    result = _run("--lang", "cnr", "init", "--help")
    assert "Zvanični naziv" in result.output and "[obavezno]" in result.output
    graph = _run("--lang", "cnr", "graph", "--help")
    assert "[podrazumijevano: json]" in graph.output


def test_document_language_follows_the_global_language() -> None:
    result = _run("--lang", "en", "report", "--help")
    assert "[default: en]" in result.output
    assert "[default: cnr]" in _run("report", "--help").output  # nothing chosen: the command's own default


def test_unknown_language_is_a_usage_error() -> None:
    result = _run("--lang", "xx", "validate", str(MINI))
    assert result.exit_code == 2 and "unknown language 'xx'" in result.output


def test_summaries_match_the_commands() -> None:
    from click import Context

    ctx = Context(cli)
    for name in (n for n in COMMANDS if " " not in n):
        command = cli.get_command(ctx, name)
        assert command is not None and command.help is not None
        assert SUMMARIES[name] == command.help.strip().split("\n")[0].strip(), (
            f"SUMMARIES[{name!r}] in lsgrisk/cli/main.py must be the first line of the command's docstring")


def test_unknown_command_suggests_the_closest() -> None:
    result = _run("valdate", str(MINI))
    assert result.exit_code == 2 and "Did you mean 'validate'?" in result.output


def _modules_after(*args: str) -> set[str]:
    code = ("import sys\nfrom lsgrisk.cli.main import cli\n"
            f"try:\n    cli({list(args)!r}, prog_name='lsgrisk')\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"})
    return set(done.stderr.split())


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("validate", "--help")])
def test_help_and_version_import_no_stage(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    heavy = {"pydantic", "threat_catalog", "risk_analyzer", "policy_templates", "scans", "openpyxl", "networkx",
             "pandas", "rich"}
    assert not {m.split(".")[0] for m in loaded} & heavy


# --------------------------------------------------------------------------- make demo


def test_make_demo_installs_no_lint_or_test_tools() -> None:
    done = subprocess.run(["make", "-n", "demo", "VIRTUAL_ENV=/venv"], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert "pip install" in done.stdout and "-e ." in done.stdout
    assert "[dev]" not in done.stdout and "[test]" not in done.stdout
    assert "echo" in done.stdout  # it says what it is doing
    lint = subprocess.run(["make", "-n", "lint", "VIRTUAL_ENV=/venv"], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert '".[dev]"' in lint.stdout
    test = subprocess.run(["make", "-n", "test", "VIRTUAL_ENV=/venv"], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert '".[dev]"' in test.stdout


# --------------------------------------------------------------------------- the workbook template


def _template(tmp_path: Path, lang: str) -> Path:
    result = _run("--lang", lang, "init", str(tmp_path / lang), "-m", "Opština Test")
    assert result.exit_code == 0, result.output
    return tmp_path / lang / "inventory.xlsx"


def _validations(ws: Any) -> dict[str, str]:
    """Column header -> the list formula of its drop-down."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            column = "".join(ch for ch in ref.split(":")[0] if ch.isalpha())
            out[str(ws[f"{column}1"].value)] = str(dv.formula1)
    return out


def _list_values(wb: Any, formula: str) -> list[str]:
    ref = formula.split("!")[1].replace("$", "")
    return [str(c.value) for row in wb[LISTS_SHEET][ref] for c in row]


def test_template_has_drop_downs_for_every_closed_set(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_template(tmp_path, "en"))
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assets = _validations(wb["assets"])
    assert {"kind", "zone", "controls", "planned_controls", "needs.confidentiality"} <= set(assets)
    assert "printer" in _list_values(wb, assets["kind"])
    assert _list_values(wb, assets["zone"]) == ["internet"]
    catalogue_controls = sorted(c.id for c in load_catalog(None).controls)
    assert _list_values(wb, assets["controls"]) == catalogue_controls
    data = _validations(wb["data"])
    assert _list_values(wb, data["classification"]) == ["public", "internal", "confidential", "secret"]
    assert _list_values(wb, data["needs.integrity"]) == ["normal", "high", "very_high"]
    assert _list_values(wb, data["personal_data"]) == ["yes", "no"]
    measures = _validations(wb["measures"])
    assert _list_values(wb, measures["state"]) == ["yes", "partial", "no"]
    assert set(_list_values(wb, measures["key"])) == {m.id for m in load_catalog(None).measures}
    assert {"kind"} <= set(_validations(wb["zones"]))
    assert {"from", "to"} <= set(_validations(wb["zone_flows"]))


def test_template_has_two_example_rows_per_sheet_that_are_not_read(tmp_path: Path) -> None:
    path = _template(tmp_path, "en")
    wb = openpyxl.load_workbook(path)
    for sheet in ("zones", "zone_flows", "assets", "data", "services", "links", "suppliers", "asset_services",
                  "data_exchanges", "measures"):
        examples = [row for row in wb[sheet].iter_rows(min_row=2, values_only=True)
                    if isinstance(row[0], str) and row[0].startswith("#")]
        assert len(examples) == 2, sheet
    inv = load_inventory(path, load_catalog(None).vocabulary())
    assert [z.id for z in inv.zones] == ["internet"] and not inv.assets


def test_template_headers_in_montenegrin_are_read_back(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_template(tmp_path, "cnr"))
    header = [c.value for c in wb["assets"][1]]
    assert "Oznaka" in header and "OS: kraj podrške" in header and "Zona" in header
    comments = {c.value: c.comment.text for c in wb["assets"][1] if c.comment}
    assert comments["OS: kraj podrške"] == "os.end_of_support"
    instructions = [c.value for c in wb["instructions"]["B"] if c.value]
    assert any("Jedan list po odjeljku inventara" in str(v) for v in instructions)
    assert any("One sheet per section of the inventory" in str(v) for v in instructions)
    states = _list_values(wb, _validations(wb["measures"])["Stanje"])
    assert states == ["da", "djelimično", "ne"]
    inv = load_inventory(tmp_path / "cnr" / "inventory.xlsx", load_catalog(None).vocabulary())
    assert inv.municipality.name == "Opština Test"


def test_montenegrin_workbook_round_trip_with_local_habits(tmp_path: Path) -> None:
    inv = load_inventory(MINI)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(inv, "cnr")))
    ws = wb["assets"]
    header = {c.value: c.column_letter for c in ws[1]}
    ws[f"{header['IP adrese']}3"] = "10.20.10.11; fd00:20::11"
    ws[f"{header['OS: kraj podrške']}3"] = "10.10.2023."
    ws[f"{header['Vrsta']}3"] = "Server"
    data = wb["data"]
    data_header = {c.value: c.column_letter for c in data[1]}
    data[f"{data_header['Lični podaci']}2"] = "da"
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "cnr.xlsx"
    path.write_bytes(buffer.getvalue())
    notes: list[Any] = []
    assert load_inventory(path, notes=notes) == inv
    kinds = " ".join(n.message for n in notes)
    assert "separate list items with ';'" in kinds or "separates list items with ';'" in kinds
    assert "DD.MM.YYYY" in kinds and "da/ne/djelimično" in kinds


def test_template_bytes_are_deterministic() -> None:
    inv = load_inventory(MINI)
    vocab = load_catalog(None).vocabulary()
    assert workbook_bytes(inv, "cnr", vocab, examples=True) == workbook_bytes(inv, "cnr", vocab, examples=True)


def test_translator_text_for_instructions_exists_in_both_languages() -> None:
    from asset_models.xlsx import INSTRUCTIONS

    words = translator("cnr")
    assert all(words.has(body) for _topic, body in INSTRUCTIONS)


def test_usage_errors_in_montenegrin() -> None:
    missing = _run("validate", env={"LSGRISK_LANG": "cnr"})
    assert missing.exit_code == 2
    assert "Upotreba: lsgrisk validate" in missing.output
    assert "Greška: Nedostaje argument 'INVENTORY'." in missing.output
    lines = missing.output.splitlines()  # the usage, the hint, a blank line and the error: lines, never "\\n"
    assert lines[0].startswith("Upotreba: lsgrisk validate") and lines[-1].startswith("Greška:")
    assert "\\n" not in missing.output
    choice = _run("--lang", "cnr", "graph", str(MINI), "--format", "svg")
    assert choice.exit_code == 2 and "'svg' nije jedna od vrijednosti" in choice.output
    english = _run("validate")
    assert english.exit_code == 2 and "Error: Missing argument 'INVENTORY'." in english.output


def test_cyrillic_template_is_read_back(tmp_path: Path) -> None:
    path = _template(tmp_path, "cnr-Cyrl")
    header = [c.value for c in openpyxl.load_workbook(path)["assets"][1]]
    assert "Ознака" in header and "Зона" in header
    inv = load_inventory(MINI)
    cyrillic = tmp_path / "cyr.xlsx"
    cyrillic.write_bytes(workbook_bytes(inv, "cnr-Cyrl"))
    assert load_inventory(cyrillic) == inv
