"""The policies and decisions as municipal acts a head of a municipality can sign (issue 12).

Every test renders real documents (the example and the hostile municipality) and reads the .docx back:
the form of an act (preamble, numbered sections, final provisions, signature block), the two model
decisions, the legal parameters (fill-in fields, checklist), no tool vocabulary, no boilerplate repeated
across the policies, plural agreement and evidence for every group of requirements.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from asset_models.errors import InputError
from asset_models.loaders import load_inventory
from asset_models.models import Municipality, MunicipalityKind
from lsgrisk.cli.main import cli
from policy_templates.content import BUNDLED, load_document
from policy_templates.fillin import FILL_CLOSE, FILL_OPEN, highlight_fill_ins
from policy_templates.i18n import Lang, as_lang
from policy_templates.policies.generate import decisions, render_decision
from policy_templates.policies.legal import law_context, parameters
from policy_templates.policies.registry import NUMBERS
from policy_templates.render import docx_blocks, docx_text, verify_docx
from risk_analyzer.analyze import analyze
from tests.documents.conftest import EXAMPLE, POLICY_AS_OF, Analysed
from threat_catalog.loader import load_catalog

ALL = tuple(as_lang(c) for c in ("cnr", "en", "sq", "cnr-Cyrl"))
OWN = tuple(as_lang(c) for c in ("cnr", "en", "sq"))
#: opening words of the preamble, the final provisions and the signature block per language
FORM = {
    "cnr": ("Na osnovu člana", "stupa na snagu", "u „Službenom listu Crne Gore – opštinski propisi”", "Broj:"),
    "en": ("Pursuant to Article", "enters into force", "Official Gazette of Montenegro – Municipal Regulations",
           "No.:"),
    "sq": ("Në bazë të nenit", "hyn në fuqi", "Fletoren Zyrtare të Malit të Zi", "Nr.:"),
    "cnr-Cyrl": ("На основу члана", "ступа на снагу", "„Службеном листу Црне Горе – општински прописи”", "Број:"),
}


def _paragraphs(data: bytes) -> list[str]:
    return [text for kind, text in docx_blocks(data) if kind == "p"]


# --------------------------------------------------------------------------- the form of an act


@pytest.mark.parametrize("analysed", ["example", "hostile"])
@pytest.mark.parametrize("lang", ALL, ids=[lang.code for lang in ALL])
def test_every_policy_has_the_form_of_an_act(analysed: str, lang: Lang, request: pytest.FixtureRequest) -> None:
    example: Analysed = request.getfixturevalue(analysed)
    preamble, force, gazette, number = FORM[lang.code]
    head = example.inventory.municipality.head
    assert head is not None
    for n in NUMBERS:
        paragraphs = _paragraphs(example.policy(n, lang))
        text = "\n".join(paragraphs)
        opening = next(i for i, p in enumerate(paragraphs) if p.startswith(preamble))
        assert paragraphs[opening + 1].isupper()  # the act's title follows the preamble
        assert force in text and gazette in text
        signature = next(i for i, p in enumerate(paragraphs) if p.startswith(number))
        assert lang.script(head.name) in paragraphs[signature + 3], paragraphs[signature:signature + 4]
        assert signature < next(i for i, p in enumerate(paragraphs) if p.startswith(lang.script("Prilog 1.")))\
            if lang.code.startswith("cnr") else True


def test_repealed_act_only_when_the_inventory_names_one(example: Analysed, tmp_path: Path) -> None:
    cnr = as_lang("cnr")
    repealed = example.inventory.municipality.repeals
    assert repealed and f"prestaje da važi {repealed}" in docx_text(example.policy(1, cnr))
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del raw["municipality"]["repeals"]
    inv = _write_inventory(raw, tmp_path)
    result = analyze(inv, example.catalog, POLICY_AS_OF)
    from policy_templates.policies.generate import render_policy

    assert "prestaje da važi" not in docx_text(render_policy(1, inv, result, example.catalog, cnr))


def _write_inventory(raw: dict[str, object], tmp_path: Path) -> object:
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_inventory(path)


@pytest.mark.parametrize(("name", "kind", "issuer"), [
    ("Glavni grad Podgorica", None, "gradonačelnik donosi"),
    ("Prijestonica Cetinje", None, "gradonačelnik donosi"),
    ("Opština Primjer", "municipality", "predsjednik opštine donosi"),
])
def test_issuer_follows_the_type_of_municipality(example: Analysed, tmp_path: Path, name: str, kind: str | None,
                                                 issuer: str) -> None:
    raw = copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    raw["municipality"]["name"] = name
    raw["municipality"].pop("kind", None)
    if kind:
        raw["municipality"]["kind"] = kind
    inv = _write_inventory(raw, tmp_path)
    result = analyze(inv, example.catalog, POLICY_AS_OF)
    data = render_decision(1, inv, result, example.catalog, as_lang("cnr"))
    text = docx_text(data)
    assert issuer in text
    if "grad" in issuer:
        assert "predsjednik opštine" not in text.lower() and "GRADONAČELNIK" in text


def test_kind_contradicting_the_name_is_an_error() -> None:
    assert Municipality(name="Glavni grad Podgorica", code="PG").kind is MunicipalityKind.capital_city
    assert Municipality(name="Opština Bar", code="BAR").kind is MunicipalityKind.municipality
    with pytest.raises(ValueError, match="does not match the name"):
        Municipality(name="Prijestonica Cetinje", code="CT", kind="municipality")


# --------------------------------------------------------------------------- decisions and forms


@pytest.mark.parametrize("lang", ALL, ids=[lang.code for lang in ALL])
def test_two_model_decisions(example: Analysed, lang: Lang) -> None:
    officer = example.inventory.municipality.security_officer
    assert officer is not None and sorted(decisions(lang)) == [1, 2]
    for number in (1, 2):
        data = render_decision(number, example.inventory, example.result, example.catalog, lang)
        assert verify_docx(data) == []
        text = docx_text(data)
        assert FORM[lang.code][0] in text and FORM[lang.code][3] in text
        assert lang.script(officer.name) in text
    team = docx_text(render_decision(2, example.inventory, example.result, example.catalog, lang))
    assert lang.script({"en": "team leader", "sq": "udhëheqësi i ekipit"}.get(lang.code, "rukovodilac tima")) in team


def test_policies_command_writes_the_decisions_with_the_policies(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["policies", str(EXAMPLE), "-o", str(tmp_path), "--lang", "cnr",
                                      "--as-of", "2026-01-15"])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert "PRIMJER-RJE-01-security-officer.cnr.docx" in names
    assert "PRIMJER-RJE-02-incident-response-team.cnr.docx" in names
    assert len(names) == 8
    only = tmp_path / "only"
    assert CliRunner().invoke(cli, ["policies", str(EXAMPLE), "-o", str(only), "--only", "5"]).exit_code == 0
    assert [p.name for p in only.glob("*.docx")] == ["PRIMJER-POL-05-incident-management.cnr.docx"]


FORMS = {1: "Obrazac zahtjeva za izuzetak", 3: "Obrazac zahtjeva za pristup", 4: "Zapisnik o testu vraćanja podataka",
         5: "Obrazac prijave incidenta", 6: "Izjava korisnika o prihvatljivom korišćenju"}


def test_forms_are_annexes(example: Analysed) -> None:
    for number, title in FORMS.items():
        text = docx_text(example.policy(number, as_lang("cnr")))
        assert re.search(r"Prilog \d+\. " + title, text), title


def test_incident_policy_has_matrix_scenarios_chain_and_contacts(example: Analysed) -> None:
    text = docx_text(example.policy(5, as_lang("cnr")))
    for needle in ("Matrica ozbiljnosti", "Kritična –", "Visoka –", "Srednja –", "Niska –",
                   "Ucjenjivački softver (ransomware)", "preuzimanje naloga", "Izgubljen ili ukraden uređaj",
                   "Kompromitovan registar ili razmjena preko GSB-a", "Lanac prijavljivanja", "Kontakti"):
        assert needle in text, needle
    assert "Ransomver" not in text


# --------------------------------------------------------------------------- legal parameters


def test_unconfirmed_parameters_are_fill_in_fields_and_in_the_checklist() -> None:
    params = parameters().parameters
    law, checks = law_context("cnr")
    unconfirmed = [k for k, p in params.items() if not p.confirmed]
    assert unconfirmed and len(checks) == len(unconfirmed)
    for key, param in params.items():
        value = getattr(law, key)
        assert (FILL_OPEN in value) is (not param.confirmed or (param.value is None and param.amount is None)), key
    assert law.incident_final_report == FILL_OPEN + "mjesec dana" + FILL_CLOSE
    assert all(c.source for c in checks)


def test_every_parameter_has_a_source_and_checks_in_every_language() -> None:
    for key, param in parameters().parameters.items():
        assert param.source.strip(), key
        assert {"cnr", "en", "sq"} <= set(param.check), key
        if isinstance(param.value, dict):
            assert {"cnr", "en", "sq"} <= set(param.value), key


def test_fill_in_fields_are_highlighted_and_the_marks_removed(example: Analysed) -> None:
    data = example.policy(1, as_lang("cnr"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert FILL_OPEN not in xml and FILL_CLOSE not in xml
    assert xml.count('w:highlight w:val="yellow"') >= 3
    assert "Prije usvajanja provjeriti" in docx_text(data)
    plain = highlight_fill_ins(data)  # nothing left to mark: unchanged
    assert docx_text(plain) == docx_text(data)


def test_a_catalogue_overlay_still_sets_the_deadlines(example: Analysed) -> None:
    frameworks = example.catalog.frameworks
    params = tuple(p.model_copy(update={"value": 12, "confirmed": True}) if p.id == "incident_early_warning" else p
                   for p in frameworks.legal_parameters)
    catalog = example.catalog.model_copy(update={"frameworks": frameworks.model_copy(
        update={"legal_parameters": params})})
    law, checks = law_context("cnr", catalog)
    assert law.incident_early_warning == "12 časova"
    assert not any("rano upozorenje" in c.item for c in checks)


def test_invalid_parameters_file_is_an_input_error(tmp_path: Path) -> None:
    from policy_templates.policies.legal import _load

    bad = tmp_path / "legal-parameters.yaml"
    bad.write_text("version: 1\nupdated: 2026-01-01\nparameters:\n  x: {amount: 3, confirmed: true, source: s, "
                   "check: {}}\n", encoding="utf-8")
    with pytest.raises(InputError):
        _load(bad)


# --------------------------------------------------------------------------- what must never be in a document

TOOL_WORDS = re.compile(r"lsgrisk|\.ya?ml\b|\.json\b|legal_parameters|frameworks|parametri alata|"
                        r"configurable parameter|catalogue parameter|generisan\w* alatom", re.IGNORECASE)


def _identifiers() -> set[str]:
    """Control ids and enum values with an underscore or a dot: never shown to a reader."""
    from enum import Enum

    import asset_models.models as models

    catalog = load_catalog()
    found = {c.id for c in catalog.controls} | {r.id for r in catalog.rules}
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, Enum) and value is not Enum:
            found.update(str(m.value) for m in value if "_" in str(m.value))
    return {f for f in found if "_" in f or "." in f}


@pytest.mark.parametrize("lang", ALL, ids=[lang.code for lang in ALL])
def test_no_tool_vocabulary_or_ids_in_the_documents(example: Analysed, lang: Lang) -> None:
    ids = _identifiers()
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
                         + r")(?![\w-])")
    docs = [example.policy(n, lang) for n in NUMBERS]
    docs += [render_decision(n, example.inventory, example.result, example.catalog, lang) for n in (1, 2)]
    for data in docs:
        text = docx_text(data)
        assert not TOOL_WORDS.search(text), TOOL_WORDS.search(text)
        hit = pattern.search(text)
        assert hit is None, text[max(0, hit.start() - 80):hit.end() + 40] if hit else ""


def test_the_vocabulary_check_itself_fails_on_a_control_id() -> None:
    ids = _identifiers()
    assert {"backup.offline", "backup.restore_test", "government_network", "capital_city"} <= ids


def _repeated(docs: list[bytes], skip: tuple[str, ...]) -> dict[str, int]:
    seen: dict[str, set[int]] = defaultdict(set)
    for index, data in enumerate(docs):
        for paragraph in _paragraphs(data):
            if paragraph.startswith(skip):
                continue  # the preamble cites the same laws in every act of the head of the municipality
            for sentence in re.split(r"(?<=[.;!?])\s+", paragraph):
                if len(sentence) > 60:
                    seen[sentence].add(index)
    return {s: len(v) for s, v in seen.items() if len(v) >= 3}


@pytest.mark.parametrize("lang", OWN, ids=[lang.code for lang in OWN])
def test_no_long_sentence_is_repeated_in_three_policies(example: Analysed, lang: Lang) -> None:
    docs = [example.policy(n, lang) for n in NUMBERS]
    assert _repeated(docs, (FORM[lang.code][0],)) == {}


def test_the_repetition_check_fails_on_boilerplate() -> None:
    from policy_templates.render import render_docx_bytes  # noqa: F401  (the check reads real paragraphs)

    sentence = "Ova rečenica je namjerno duža od šezdeset znakova i ponavlja se u svakoj politici."
    fake = [_docx_with([sentence, f"druga {i}"]) for i in range(3)]
    assert _repeated(fake, ("Na osnovu",)) == {sentence: 3}


def _docx_with(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


#: forms that break plural or case agreement in Montenegrin
WRONG_PLURALS = [
    r"\b1 zaposlenih\b", r"\b[2-4] zaposlenih\b", r"\b[2-4] aktivnih rizika\b", r"\b1 rizika\b",
    r"\bu roku od 1 mjesec\b", r"\b1 mjeseci\b", r"\b[2-4] mjeseci\b", r"\b[5-9] mjeseca\b",
    r"\b[2-4] časova\b", r"\b(?:2[5-9]|[5-9]) časa\b", r"\b1 razmjene\b", r"\bRansomver\b",
    r"lice koje obavlja funkciju", r"\b1 sistema\b",
]


@pytest.mark.parametrize("analysed", ["example", "hostile"])
def test_no_wrong_plural_patterns(analysed: str, request: pytest.FixtureRequest) -> None:
    subject: Analysed = request.getfixturevalue(analysed)
    patterns = [re.compile(p) for p in WRONG_PLURALS]
    for n in NUMBERS:
        text = docx_text(subject.policy(n, as_lang("cnr")))
        for pattern in patterns:
            assert not pattern.search(text), (n, pattern.pattern)


def test_the_plural_check_catches_the_old_mistakes() -> None:
    old = "ima 1 zaposlenih, 3 aktivnih rizika, u roku od 1 mjesec; izvještava lice koje obavlja funkciju X"
    assert sum(1 for p in WRONG_PLURALS if re.search(p, old)) >= 4


# --------------------------------------------------------------------------- evidence for every requirement


@pytest.mark.parametrize("lang", OWN, ids=[lang.code for lang in OWN])
def test_every_group_of_requirements_names_its_evidence(lang: Lang) -> None:
    for path in sorted((BUNDLED / lang.code / "policies").glob("pol-0*.md")):
        doc = load_document("policies", path.stem, lang.code)
        groups = [b.id for b in doc.blocks if b.kind == "heading" and b.level == 2 and b.id
                  and re.fullmatch(r"pol-0\d\.6\.\d+", b.id)]
        assert groups, path
        ids = {b.id for b in doc.blocks if b.id}
        missing = [g for g in groups if f"{g}.ev" not in ids]
        assert missing == [], (path.name, missing)
        for block in doc.blocks:
            if block.id and block.id.endswith(".ev"):
                assert "NIS2" in block.text and "2024/2690" in block.text, block.where


def test_evidence_follows_each_group_in_the_rendered_policy(example: Analysed) -> None:
    paragraphs = _paragraphs(example.policy(4, as_lang("cnr")))
    starts = [i for i, p in enumerate(paragraphs) if re.match(r"6\.\d\. ", p)]
    assert starts
    for i in starts:
        following = next(p for p in paragraphs[i + 1:] if p.startswith("Dokaz i veza") or re.match(r"[67]\.\d?\.? ", p))
        assert following.startswith("Dokaz i veza"), paragraphs[i]
