"""Documents as content: content files, ids, placeholders checked at load, overrides, docs export/check,
languages from the registry (Cyrillic derived, a language added from a fixture folder with no code)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from asset_models.errors import InputError
from asset_models.i18n import registry
from lsgrisk.cli.main import cli
from policy_templates.content import BUNDLED, check_placeholders, load_document, parse_body
from policy_templates.i18n import as_lang, trn
from policy_templates.policies.context import Policy5Context
from policy_templates.policies.generate import render_policy
from policy_templates.render import docx_blocks, docx_text, verify_docx
from tests.documents.conftest import EXAMPLE, Analysed

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "asset_models" / "locales"
POL5 = "pol-05-incident-management.md"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- prose is content


#: calls whose string arguments are error messages for the CLI (the messages domain), not document text
_MESSAGE_CALLS = re.compile(r"(error|problem|missing)$", re.IGNORECASE)


def _sentence_literals(path: Path) -> list[str]:
    """String literals of 8 words or more that are not docstrings, error messages, field descriptions or HTML."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            skip = [*node.args, *(k.value for k in node.keywords)] if _MESSAGE_CALLS.search(name) else [
                k.value for k in node.keywords if k.arg in ("hint", "start_hint", "description", "help")]
            for arg in skip:
                docstrings.update(id(n) for n in ast.walk(arg))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words = re.findall(r"[^\W\d_]{2,}", node.value)
            if len(words) >= 8 and not re.search(r"</?[a-z]+[ >]|[a-z-]+-src ", node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_sentence_long_string_literals_in_policy_templates_code() -> None:
    files = sorted((ROOT / "policy_templates").rglob("*.py"))
    assert len(files) > 10
    found = [hit for path in files for hit in _sentence_literals(path)]
    assert found == []


def test_the_sentence_detector_finds_a_sentence(tmp_path: Path) -> None:
    planted = tmp_path / "x.py"
    planted.write_text('"""Doc string that is long enough to be a sentence of many words."""\n'
                       'X = "This policy applies to every employee of the municipality and its suppliers."\n')
    assert len(_sentence_literals(planted)) == 1


def test_every_policy_and_the_report_are_content_files_with_ids() -> None:
    for code in ("cnr", "en"):
        names = sorted(p.name for p in (BUNDLED / code / "policies").glob("pol-*.md"))
        assert len(names) == 6, names
        doc = load_document("policies", POL5.removesuffix(".md"), code)
        assert doc.front["number"] == 5 and doc.front["slug"] == "incident-management"
        assert doc.text("pol-05.6.2.3")  # a numbered requirement, by its stable id
        item = next(b for b in doc.blocks if b.id == "pol-05.6.2.3")
        assert item.kind == "item" and item.number == "6.2.3."
        assert load_document("report", "report", code).text("report.summary_intro")


# --------------------------------------------------------------------------- markdown dialect


def test_parser_reads_ids_headings_items_tables_and_directives() -> None:
    text = """# 6. Zahtjevi {#x.6}

## 6.1. Prvo {#x.6.1}

1. {#x.6.1.1} Prvi zahtjev
   nastavak.
2. {#x.6.1.2} *Drugi*

{#x.p} **Pojam –** značenje {{ m.name }}

{% if plan %}
{% table plan %}
| A | B |
|--|------|
| {{ r.rank }} | {{ r.title }} |
{% endif %}
| Naziv | {{ doc.title }} |
{% pagebreak %}
"""
    blocks = parse_body(list(enumerate(text.splitlines(), start=1)), "f.md")
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "heading", "item", "item", "para", "control", "table", "control", "kvtable",
                     "pagebreak"]
    assert blocks[2].text == "Prvi zahtjev nastavak." and blocks[2].id == "x.6.1.1"
    assert blocks[3].italic and blocks[4].bold_prefix == "Pojam –"
    assert blocks[6].widths[1] == pytest.approx(blocks[6].widths[0] * 3, rel=0.01)
    assert blocks[1].line == 3


def test_unknown_directive_is_an_error_with_file_and_line() -> None:
    with pytest.raises(InputError) as info:
        parse_body([(1, "text"), (2, ""), (3, "{% includ scope %}")], "f.md")
    assert info.value.problems[0].place.line == 3


# --------------------------------------------------------------------------- placeholders checked at load


def _scope() -> dict[str, object]:
    from policy_templates.compose import meta_scope
    from policy_templates.content import model_scope

    return {**model_scope(Policy5Context), **meta_scope()}


def test_placeholders_resolve_names_fields_and_loop_variables() -> None:
    good = parse_body([(1, "{#x.a} {{ m.name }} {{ law.incident_early_warning }}"), (2, ""),
                       (3, "{% for r in annex.contacts %}"),
                       (4, "- {{ r.role }}"), (5, "{% endfor %}")], "f.md")
    assert check_placeholders(good, _scope()) == []
    bad = parse_body([(1, "{#x.a} ok"), (2, ""), (3, "{#x.b} {{ m.nmae }} and {{ nothing }}"), (4, ""),
                      (5, "{% for r in annex.contacts %}"), (6, "- {{ r.phone }}"), (7, "{% endfor %}")], "f.md")
    problems = check_placeholders(bad, _scope())
    assert [(p.place.line, p.message) for p in problems] == [
        (3, "unknown field 'nmae' in 'm.nmae'"), (3, "unknown placeholder 'nothing'"),
        (6, "unknown field 'phone' in 'r.phone'")]


def test_unknown_placeholder_in_content_stops_rendering_with_file_and_line(example: Analysed,
                                                                           tmp_path: Path) -> None:
    docs = tmp_path / "documents"
    shutil.copytree(BUNDLED / "en" / "policies", docs / "en" / "policies")
    path = docs / "en" / "policies" / POL5
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("{#pol-05.1.1}"))
    lines[target] = lines[target] + " {{ m.mayor_phone }}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_policy(5, example.inventory, example.result, example.catalog, "en", documents=docs)
    problem = info.value.problems[0]
    assert problem.place.file == str(path) and problem.place.line == target + 1
    assert "mayor_phone" in problem.message


# --------------------------------------------------------------------------- overrides and docs export/check


def test_export_edit_then_policies_shows_the_edit_and_lists_it(tmp_path: Path) -> None:
    town = tmp_path / "town"
    town.mkdir()
    shutil.copy(EXAMPLE, town / "inventory.yaml")
    code, out, err = run("docs", "export", str(town / "documents"), "--lang", "cnr")
    assert code == 0, err
    exported = town / "documents" / "cnr" / "policies" / POL5
    assert f"wrote {exported}" in out
    text = exported.read_text(encoding="utf-8")
    exported.write_text(text.replace("{#pol-05.1.1} Ovom politikom", "{#pol-05.1.1} Lokalna izmjena: ovom politikom"),
                        encoding="utf-8")
    (town / "documents" / "cnr" / "overrides.yaml").write_text(
        'pol-05.6.1.2: "Prijavljivanje je obaveza i nikad se ne kažnjava."\npol-05.2.1: null\n', encoding="utf-8")
    # explicit --documents, and the documents/ folder next to the inventory used automatically
    for extra in (["--documents", str(town / "documents")], []):
        out_dir = tmp_path / f"out{len(extra)}"
        code, _, err = run("policies", str(town / "inventory.yaml"), "-o", str(out_dir), "--only", "5",
                           "--as-of", "2026-01-15", *extra)
        assert code == 0, err
        data = (out_dir / "PRIMJER-POL-05-incident-management.cnr.docx").read_bytes()
        text = docx_text(data)
        assert "Lokalna izmjena: ovom politikom" in text
        assert "Prijavljivanje je obaveza i nikad se ne kažnjava." in text
        assert "Politika obuhvata svaki događaj" not in text  # deleted by null
        rows = [body for kind, body in docx_blocks(data) if kind == "row"]
        assert "pol-05.1.1 | izmijenjeno | cnr/policies/pol-05-incident-management.md:26" in rows
        assert "pol-05.2.1 | obrisano | cnr/overrides.yaml:2" in rows
        assert "pol-05.6.1.2 | izmijenjeno | cnr/overrides.yaml:1" in rows
        assert verify_docx(data) == []
    # the other policies are unchanged: no change listed
    other = docx_text(render_policy_from(town, 1))
    assert "Izmjene u odnosu na standardni tekst" not in other


def render_policy_from(town: Path, number: int) -> bytes:
    from asset_models.loaders import load_inventory
    from risk_analyzer.pipeline import run_analysis

    inv, result, catalog = run_analysis(town / "inventory.yaml")
    del inv
    return render_policy(number, load_inventory(town / "inventory.yaml"), result, catalog, "cnr",
                         documents=town / "documents")


def test_docs_check_passes_on_the_bundled_text() -> None:
    code, out, err = run("docs", "check")
    assert code == 0, err
    assert "no problems" in out


def test_docs_check_finds_planted_problems_with_file_and_line(tmp_path: Path) -> None:
    docs = tmp_path / "documents"
    assert run("docs", "export", str(docs))[0] == 0
    cnr = docs / "cnr" / "policies" / POL5
    lines = cnr.read_text(encoding="utf-8").splitlines()
    n_placeholder = next(i for i, line in enumerate(lines) if line.startswith("{#pol-05.1.1}")) + 1
    n_ekavian = next(i for i, line in enumerate(lines) if line.startswith("{#pol-05.1.2}")) + 1
    lines[n_placeholder - 1] += " {{ m.nepostojece }}"
    lines[n_ekavian - 1] = lines[n_ekavian - 1].replace("Politika sprovodi", "Bezbednosna politika sprovodi")
    english = next(i for i, line in enumerate(lines) if line.startswith("{#pol-05.2.1}")) + 1
    lines[english - 1] = "{#pol-05.2.1} The policy covers every event that affects the data of the municipality."
    cnr.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "cnr" / "overrides.yaml").write_text("pol-05.9.9: null\n", encoding="utf-8")
    en = docs / "en" / "policies" / POL5
    en.write_text(en.read_text(encoding="utf-8").replace("{#pol-05.3.8} ", ""), encoding="utf-8")
    code, _, err = run("docs", "check", str(docs))
    assert code == 3
    assert f"{cnr}:{n_placeholder}: unknown field 'nepostojece' in 'm.nepostojece'" in err
    assert f"{cnr}:{n_ekavian}: 'Bezbednosna' is not a cnr form" in err
    assert f"{cnr}:{english}: line looks untranslated" in err
    assert f"{docs / 'cnr' / 'overrides.yaml'}:1: no paragraph has the id 'pol-05.9.9'" in err
    assert "text without an id" in err and "id 'pol-05.3.8' is missing in en" in err


def test_overrides_file_must_map_ids_to_text_or_null(tmp_path: Path) -> None:
    docs = tmp_path / "documents"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "overrides.yaml").write_text("pol-05.1.1: [1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_document("policies", POL5.removesuffix(".md"), "en", docs)
    assert info.value.problems[0].place.line == 1


# --------------------------------------------------------------------------- labels: plurals and one glossary


def test_plurals_follow_cldr() -> None:
    cnr = as_lang("cnr")
    assert [trn(cnr, "{n} month", "{n} months", n) for n in (1, 2, 5, 6, 21, 22)] == [
        "1 mjesec", "2 mjeseca", "5 mjeseci", "6 mjeseci", "21 mjesec", "22 mjeseca"]
    assert [trn("en", "{n} day", "{n} days", n) for n in (1, 2)] == ["1 day", "2 days"]


def _vocabulary_terms(code: str) -> dict[tuple[str, str], str]:
    with (LOCALES / code / "labels.po").open("rb") as fh:
        catalog = read_po(fh)
    return {(m.context or "", m.id): m.string for m in catalog
            if m.id and m.context and m.context not in ("report", "key_message") and isinstance(m.string, str)}


def _stem(term: str) -> str:
    """The first letters of the last word: forms of one adjective (visok/visoka, i lartë/e lartë) agree."""
    return term.split()[-1][:3].lower() if term.split() else ""


#: one adjective in two genders (risk level "nizak", exposure "niska"): agreement, not two terms
AGREEMENT = [{"nizak", "niska"}]


def test_one_term_per_concept_in_each_language() -> None:
    en = _vocabulary_terms("en")
    for code in ("cnr", "sq"):
        local = _vocabulary_terms(code)
        assert set(local) == set(en), code  # every vocabulary label is translated
        by_english: dict[str, set[str]] = defaultdict(set)
        for key, term in local.items():
            by_english[en[key]].add(term)
        # one English term, one local term (gender agreement of an adjective allowed: visok/visoka)
        clashes = {e: t for e, t in by_english.items() if len({_stem(w) for w in t}) > 1 and t not in AGREEMENT}
        assert clashes == {}, code
    # the drifted duplicates are gone: one word for "implemented", one for exposure "none"
    from policy_templates.i18n import label

    assert label("compliance", "implemented", "cnr") == label("measure", "yes", "cnr") == "primijenjeno"
    assert label("exposure", "none", "cnr") == "nije izložen"


def test_a_clash_in_the_glossary_is_found() -> None:
    by_english = {"implemented": {"ispunjeno", "primijenjeno"}}
    assert {e for e, t in by_english.items() if len({_stem(w) for w in t}) > 1} == {"implemented"}


# --------------------------------------------------------------------------- languages


def test_lang_choices_come_from_the_registry() -> None:
    code, out, _ = run("policies", "--help")
    assert code == 0
    for lang in ("cnr", "cnr-Cyrl", "en"):
        assert lang in out


def test_cyrillic_documents_keep_only_ids_and_names_in_latin(example: Analysed) -> None:
    data = example.policy(3, as_lang("cnr-Cyrl"))
    text = docx_text(data)
    assert "Политика контроле приступа и управљања идентитетима" in text
    assert "PRIMJER-POL-03" in text and "ПРИМЈЕР-ПОЛ" not in text
    assert "НАЦРТ" in text and "Опш" in text
    latin_words = set(re.findall(r"(?<![\w.@/-])[A-Za-zčćžšđ]{3,}(?![\w.@/-])", text))
    inventory_words = set(re.findall(r"[A-Za-z]{3,}", EXAMPLE.read_text(encoding="utf-8")))
    keep = registry().get("cnr-Cyrl").keep_latin
    unexplained = {w for w in latin_words if w not in inventory_words and w not in keep and not re.search(
        r"[A-Z].*[A-Z]|[qwxy]", w)}
    assert unexplained == set()
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as package:
        footer = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert "НАЦРТ · Страна" in footer and "NUMPAGES" in footer


def test_hostile_inventory_in_cyrillic_is_rendered_literally(hostile: Analysed) -> None:
    """Inventory text changes script only: markup, entities and template syntax stay as they were typed."""
    from asset_models.i18n import transliterate_cnr
    from tests.documents.conftest import HOSTILE_TEXT

    data = hostile.policy(1, as_lang("cnr-Cyrl"))
    expected = transliterate_cnr(HOSTILE_TEXT, keep_caps=True)
    assert "{{ 7*7 }}" in expected and "&" in expected
    assert verify_docx(data, allow=[expected, HOSTILE_TEXT]) == []  # core properties keep the typed name
    text = docx_text(data)
    assert "Општина " + expected in text
    assert "&amp;" not in text


def test_reference_documents_have_cover_header_footer_and_signature() -> None:
    for code, footer_words in (("cnr", "NACRT · Strana"), ("en", "DRAFT · Page"), ("sq", "PROJEKT · Faqja")):
        with zipfile.ZipFile(BUNDLED / code / "reference.docx") as package:
            names = package.namelist()
            body = package.read("word/document.xml").decode()
            footer = "".join(package.read(n).decode() for n in names if n.startswith("word/footer"))
            header = "".join(package.read(n).decode() for n in names if n.startswith("word/header"))
        assert footer_words in footer and 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
        assert "{{ cover.header }}" in header
        for marker in ("{{ cover.title }}", "[[CONTENT]]", "{{ cover.signature }}"):
            assert marker in body, (code, marker)


def test_a_language_is_added_from_a_fixture_folder_without_code(tmp_path: Path) -> None:
    """A folder with language.yaml, labels.po and content/ is a new document language (no code)."""
    folder = tmp_path / "locales" / "xx"
    folder.mkdir(parents=True)
    (folder / "language.yaml").write_text(
        "code: xx\nname: Test\nname_en: Test language\nbabel_locale: en_GB\nscript: Latn\n"
        "date_format: \"yyyy-MM-dd\"\nword_lang: en-GB\nplural_categories: [one, other]\nfallback: en\n"
        "review: true\n", encoding="utf-8")
    shutil.copy(LOCALES / "en" / "labels.po", folder / "labels.po")
    shutil.copytree(BUNDLED / "en" / "policies", folder / "content" / "policies")
    shutil.copytree(BUNDLED / "en" / "report", folder / "content" / "report")
    policy = folder / "content" / "policies" / POL5
    policy.write_text(policy.read_text(encoding="utf-8").replace("title: Incident Management and Reporting Policy",
                                                                 "title: XX Incident Policy"), encoding="utf-8")
    env = {**os.environ, "LSGRISK_LOCALES": str(tmp_path / "locales"), "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "lsgrisk", "policies", str(EXAMPLE), "-o", str(out), "--lang", "xx",
                           "--only", "5", "--as-of", "2026-01-15"], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    text = docx_text(out / "PRIMJER-POL-05-incident-management.xx.docx")
    assert "XX Incident Policy" in text and "2026-01-15" in text
    assert "translation – to be reviewed by a native speaker" in text  # review: true in document control


def test_a_registry_language_without_document_text_is_a_clear_error(tmp_path: Path) -> None:
    """A language with labels but no policy text yet is refused: no English is shipped under its name."""
    folder = tmp_path / "locales" / "xx"
    folder.mkdir(parents=True)
    (folder / "language.yaml").write_text(
        "code: xx\nname: Test\nname_en: Test language\nbabel_locale: en_GB\nscript: Latn\n"
        "date_format: \"yyyy-MM-dd\"\nword_lang: en-GB\nplural_categories: [one, other]\nfallback: en\n",
        encoding="utf-8")
    shutil.copy(LOCALES / "en" / "labels.po", folder / "labels.po")
    env = {**os.environ, "LSGRISK_LOCALES": str(tmp_path / "locales"), "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "lsgrisk", "policies", str(EXAMPLE), "-o", str(out), "--lang", "xx",
                           "--only", "1", "--as-of", "2026-01-15"], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 4, proc.stderr
    assert "no document text in Test language (xx)" in proc.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


def test_cyrillic_pass_keeps_inventory_codes_in_latin_and_content_capitals_in_cyrillic() -> None:
    from asset_models.i18n import transliterate_cnr

    assert transliterate_cnr("NACRT LARIS server") == "НАЦРТ ЛАРИС сервер"  # content and labels
    assert transliterate_cnr("НАЦРТ LARIS server", keep_caps=True) == "НАЦРТ LARIS сервер"  # the data pass


def test_a_reference_docx_in_the_documents_folder_restyles_the_documents(example: Analysed, tmp_path: Path) -> None:
    """An expert's reference.docx (here: another footer) is used instead of the bundled look."""
    docs = tmp_path / "documents"
    assert run("docs", "export", str(docs), "--lang", "en")[0] == 0
    reference = docs / "en" / "reference.docx"
    restyled = tmp_path / "restyled.docx"
    with zipfile.ZipFile(reference) as src, zipfile.ZipFile(restyled, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("word/footer"):
                data = data.replace(b"DRAFT \xc2\xb7 Page", b"ROUGH DRAFT \xc2\xb7 Sheet")
            dst.writestr(info, data)
    shutil.move(restyled, reference)
    data = render_policy(2, example.inventory, example.result, example.catalog, "en", documents=docs)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as package:
        footer = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert "ROUGH DRAFT · Sheet" in footer


def test_report_paragraph_overrides_are_applied_and_listed(tmp_path: Path) -> None:
    from policy_templates.report.writer import render_report_docx
    from tests.documents.documents_report_support import analysed

    docs = tmp_path / "documents"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "overrides.yaml").write_text(
        'report.summary_intro: "Our own summary introduction."\nreport.limitations: null\n', encoding="utf-8")
    inv, result, catalog = analysed(str(EXAMPLE))
    data = render_report_docx(inv, result, catalog, "en", documents=docs)
    text = docx_text(data)
    assert "Our own summary introduction." in text and "The analysis relies on the inventory" not in text
    rows = [body for kind, body in docx_blocks(data) if kind == "row"]
    assert "report.summary_intro | replaced | en/overrides.yaml:1" in rows
    assert "report.limitations | deleted | en/overrides.yaml:2" in rows


def test_count_filter_gives_the_plural_form_of_the_number_and_unknown_nouns_are_found() -> None:
    from policy_templates.render import make_environment

    cnr = make_environment("cnr").from_string("{{ n|count('risk') }}")
    assert [cnr.render(n=n) for n in ("1", "2", "5", "21", "1.234", "–")] == [
        "1 rizik", "2 rizika", "5 rizika", "21 rizik", "1.234 rizika", "–"]
    assert make_environment("en").from_string("{{ '1'|count('employee') }}").render() == "1 staff member"
    blocks = parse_body([(1, "{#x.a} {{ m.it_staff|count('dragon') }} {{ m.it_staff|upper }}")], "f.md")
    assert [p.message for p in check_placeholders(blocks, _scope())] == [
        "count needs a noun of the 'count' vocabulary", "unknown filter 'upper'"]


@pytest.mark.parametrize("code", ["cnr", "cnr-Cyrl", "en", "sq"])
def test_every_document_language_renders_the_hostile_inventory_safely(hostile: Analysed, code: str) -> None:
    """Policies and the report in each language that has text (Albanian once its translation is installed)."""
    from policy_templates.i18n import document_languages
    from policy_templates.report.writer import render_report_docx
    from tests.documents.conftest import HOSTILE_TEXT

    if code not in document_languages():
        pytest.skip(f"no document text in {code} in this tree")
    lang = as_lang(code)
    typed = HOSTILE_TEXT if lang.language.transform is None else __import__(
        "asset_models.i18n", fromlist=["transliterate_cnr"]).transliterate_cnr(HOSTILE_TEXT, keep_caps=True)
    for number in (1, 5):
        data = hostile.policy(number, lang)
        assert verify_docx(data, allow=[typed, HOSTILE_TEXT]) == []
        assert typed in docx_text(data)
    report = render_report_docx(hostile.inventory, hostile.result, hostile.catalog, lang)
    assert verify_docx(report, allow=[typed, HOSTILE_TEXT]) == []
    if lang.language.review:
        assert lang.tr.label("review", "translation") in docx_text(report)
