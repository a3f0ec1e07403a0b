"""The register and risks.csv in every language of the registry: words from labels.po, ids in Latin.

* every word the register and the analyze summary use exists in the cnr, en and sq ``labels.po`` with a
  non-empty text (read from the files themselves: a fallback to English must not hide a missing entry);
* one term per concept: the register's path, difficulty, assets and plan words are the report's;
* ``analyze --lang sq`` and ``--lang cnr-Cyrl`` write a register whose sheet titles, headers, level words and
  catalogue texts are in that language and script, and whose ids stay as they are;
* ``analyze --lang`` offers the registry's languages; an unknown one is a usage error naming them.
"""

from __future__ import annotations

import csv
import json
import re
import typing
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from openpyxl import load_workbook

from asset_models.i18n import BUNDLED_LOCALES, get_language, registry, transliterate_cnr
from lsgrisk.cli.analyze_cmds import SUMMARY_CONTEXT
from lsgrisk.cli.main import cli
from risk_analyzer.outputs import (
    FRAMEWORK_CONTEXT,
    HEADER_CONTEXT,
    SHEET_COLUMNS,
    SHEET_CONTEXT,
    RegisterWords,
    register_xlsx,
)
from risk_analyzer.pipeline import run_analysis
from risk_analyzer.result import ComplianceState, EffortClass, Finding
from threat_catalog.models import Level

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
CATALOGUE_LANGUAGES = ("cnr", "en", "sq")
SOURCES = typing.get_args(Finding.model_fields["source"].annotation)


def _register_entries() -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every word the register, risks.csv and the analyze summary read."""
    keys = {(HEADER_CONTEXT, k) for columns in SHEET_COLUMNS.values() for k in columns}
    keys |= {(SHEET_CONTEXT, k) for k in SHEET_COLUMNS}
    keys |= {(FRAMEWORK_CONTEXT, k) for k in ("nis2", "law")}
    keys |= {("risk_level", lv.value) for lv in Level}
    keys |= {("compliance", s.value) for s in ComplianceState}
    keys |= {("effort", e.value) for e in EffortClass}
    keys |= {("source", s) for s in SOURCES}
    keys |= {("yesno", "yes"), ("yesno", "no")}
    keys |= {(SUMMARY_CONTEXT, k) for k in ("as_of", "risks", "active", "orphans", "unknown_hosts")}
    keys |= {("report", "top_risks"), ("catalog_explain", "facts")}
    return keys


def _po(code: str) -> dict[tuple[str, str], str]:
    with (BUNDLED_LOCALES / code / "labels.po").open("rb") as fh:
        catalog = read_po(fh)
    return {(m.context or "", str(m.id)): str(m.string) for m in catalog if m.id and not m.fuzzy}


@pytest.mark.parametrize("code", CATALOGUE_LANGUAGES)
def test_every_register_word_is_in_the_labels_catalogue(code: str) -> None:
    entries = _po(code)
    missing = sorted(k for k in _register_entries() if k not in entries)
    empty = sorted(k for k in _register_entries() if k in entries and not entries[k].strip())
    assert not missing, f"{code}/labels.po lacks {missing}"
    assert not empty, f"{code}/labels.po has empty texts for {empty}"


def test_the_entry_list_covers_every_column_and_state() -> None:
    """The list above is built from the code's own tables: a new column or state must bring its words."""
    keys = _register_entries()
    assert (HEADER_CONTEXT, "cost") in keys and (SHEET_CONTEXT, "plan") in keys
    assert ("compliance", "not_assessed") in keys and ("source", "scan") in keys
    assert len({k for k in keys if k[0] == HEADER_CONTEXT}) >= 60


def test_sheet_titles_are_valid_worksheet_names_in_every_language() -> None:
    for lang in registry():
        words = RegisterWords(lang.code)
        for key in SHEET_COLUMNS:
            title = words.sheet(key)
            longest = title + " (99)" if key == "paths" else title  # the attack paths continue on "... (2)"
            assert title != key and len(longest) <= 31, (lang.code, title)
            assert not set(title) & set("[]:*?/\\"), (lang.code, title)


@pytest.mark.parametrize("code", CATALOGUE_LANGUAGES)
def test_one_term_per_concept_as_in_the_report(code: str) -> None:
    po = _po(code)
    assert po[(HEADER_CONTEXT, "cost")] == po[("report", "col_difficulty")]  # Težina / Difficulty
    assert po[(SHEET_CONTEXT, "assets")] == po[("report", "col_assets")]  # Sredstva / Assets
    report = (ROOT / "policy_templates" / "content" / code / "report" / "report.md").read_text(encoding="utf-8")
    heading = next(line for line in report.splitlines() if "{#report.h_treatment}" in line)
    assert po[(SHEET_CONTEXT, "plan")] in heading  # Plan tretmana rizika / Risk treatment plan
    easiest = {"cnr": "najlakša putanja", "en": "easiest path", "sq": "shtegu më i lehtë"}[code]
    assert po[(HEADER_CONTEXT, "path")].lower() == easiest and easiest in report.lower()
    banned = {"cnr": ("jeftin", "cijena", "imovina"), "en": ("cheap", "cost"), "sq": ("lirë", "kosto")}[code]
    for (context, msgid), text in po.items():
        if context.startswith("register"):
            assert not any(b in text.lower() for b in banned), (context, msgid, text)


def test_word_gives_the_language_s_words_and_keeps_unknown_ids() -> None:
    def word(value: str, lang: str) -> str:
        return RegisterWords(lang).word(value)

    assert word("critical", "cnr") == "kritičan" and word("critical", "en") == "critical"
    assert word("critical", "sq") == "kritik" and word("critical", "cnr-Cyrl") == "критичан"
    assert word("not_assessed", "cnr") == "nije ocijenjeno" and word("partial", "sq") == "pjesërisht"
    assert word("no_such_state", "sq") == "no_such_state"


# --------------------------------------------------------------------------- the CLI


def _analyze(tmp_path: Path, lang: str) -> tuple[Path, str]:
    out = tmp_path / lang
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLE), "-o", str(out), "--as-of", "2026-01-15",
                                      "--lang", lang])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out, result.stdout


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path, read_only=True)
    try:
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    finally:
        book.close()


_CYRILLIC_OR_NOT_A_LETTER = re.compile(r"^[^A-Za-zčćšžđČĆŠŽĐ]*$")


@pytest.mark.parametrize("lang", ["sq", "cnr-Cyrl"])
def test_analyze_writes_the_register_in_the_chosen_language(tmp_path: Path, lang: str) -> None:
    out, stdout = _analyze(tmp_path, lang)
    words = RegisterWords(lang)
    po = _po(words.source)
    expect = (lambda text: transliterate_cnr(text, get_language(lang))) if words.cyrillic else (lambda text: text)
    sheets = _sheets(out / "risk-register.xlsx")
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))

    # sheet titles and headers: the language's catalogue words (in its script)
    titles = [expect(po[(SHEET_CONTEXT, key)]) for key in SHEET_COLUMNS]
    assert [t for t in sheets if not t.endswith(")")] == titles
    for key, title in zip(SHEET_COLUMNS, titles, strict=True):
        assert list(sheets[title][0]) == [expect(po[(HEADER_CONTEXT, k)]) for k in SHEET_COLUMNS[key]]
    if words.cyrillic:
        assert all(_CYRILLIC_OR_NOT_A_LETTER.match(t) for t in titles), titles
        assert sum(bool(_CYRILLIC_OR_NOT_A_LETTER.match(str(h))) for h in sheets[titles[0]][0]) >= 24

    # ids stay as they are: risk ids, rule ids, subject ids, the register number
    risks = sheets[titles[0]][1:]
    assert [r[0] for r in risks] == [r["id"] for r in data["risks"]]
    assert [r[9] for r in risks] == [r["rule_id"] for r in data["risks"]]
    assert [r[11] for r in risks] == [r["subject_id"] for r in data["risks"]]
    assert all(str(r[-1]).startswith("R-") for r in risks)
    findings = sheets[titles[-1]][1:]
    assert {f[0] for f in findings} <= {r["id"] for r in data["risks"]}

    # level words and catalogue texts of the language (never the English fallback for cnr-Cyrl)
    first = data["risks"][0]
    assert risks[0][1] == expect(po[("risk_level", first["level"])])
    source_title = first["title"].get(words.source) or first["title"]["en"]
    assert risks[0][14] == (transliterate_cnr(source_title, get_language(lang), keep_caps=True)
                            if words.cyrillic else source_title)
    assert risks[0][14] != first["title"]["en"]

    # risks.csv: the same headers, the level ids kept
    with (out / "risks.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(sheets[titles[0]][0])
    assert [r[0] for r in rows[1:]] == [r["id"] for r in data["risks"]] and rows[1][1] == first["level"]

    # the summary speaks the language too
    assert expect(po[(SUMMARY_CONTEXT, "risks")]) + ":" in stdout
    assert expect(po[("report", "top_risks")]) + ":" in stdout


@pytest.mark.parametrize("lang", ["sq", "cnr-Cyrl"])
def test_register_is_byte_identical_for_the_same_input(lang: str) -> None:
    _, result, _ = run_analysis(EXAMPLE, as_of=__import__("datetime").date(2026, 1, 15))
    assert register_xlsx(result, lang) == register_xlsx(result, lang)


def test_analyze_offers_the_registry_languages_and_rejects_others(tmp_path: Path) -> None:
    help_text = CliRunner().invoke(cli, ["analyze", "--help"]).stdout
    for code in registry().codes():
        assert code in help_text
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLE), "-o", str(tmp_path / "out"), "--lang", "de"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    for code in ("cnr", "cnr-Cyrl", "en", "sq"):
        assert f"'{code}'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_analyze_lang_forgives_letter_case(tmp_path: Path) -> None:
    out, _ = _analyze(tmp_path, "CNR-cyrl")
    assert "Ризици" in _sheets(out / "risk-register.xlsx")
