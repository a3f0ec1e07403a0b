"""The rule engine: condition language, load-time checks with places, evaluation, evidence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from asset_models.errors import CatalogError
from asset_models.models import ZoneKind
from threat_catalog.engine import (
    check_rule,
    compile_rule,
    describe_facts,
    evaluate,
    fill_evidence,
    fill_evidence_texts,
)
from threat_catalog.facts import AssetFacts, AssetKindFact, Exposure, MunicipalityFacts
from threat_catalog.loader import load_catalog
from threat_catalog.rules import Rule, Subject

TEXT = {"en": "x", "cnr": "x"}


def rule(when: Any, subject: str = "asset", evidence: str = "{name}", evidence_cnr: str | None = None) -> Rule:
    return Rule.model_validate(
        {
            "id": "test.rule", "subject": subject, "title": TEXT, "description": TEXT, "when": when,
            "threats": ["G0.1"], "likelihood": 3, "controls": ["mfa"],
            "evidence": {"en": evidence, "cnr": evidence_cnr or evidence},
            "false_positives": TEXT,
        }
    )  # fmt: skip


def facts(**values: Any) -> AssetFacts:
    return AssetFacts(id="a1", name="Server A", kind=AssetKindFact.server, zone="srv", zone_kind=ZoneKind.server,
                      **values)  # fmt: skip


def test_analysis_engine_operators_evaluate() -> None:
    f = facts(
        os_eol=True, internet_ports=[443, 3389], exposure=Exposure.high, controls=["antivirus"], days_past_eos=400
    )
    cases: list[tuple[Any, bool]] = [
        ({"fact": "os_eol", "is": True}, True),
        ({"fact": "os_eol", "is_not": True}, False),
        ({"fact": "kind", "in": ["server", "nas"]}, True),
        ({"fact": "exposure", "at_least": "high"}, True),
        ({"fact": "exposure", "at_least": "very_high"}, False),
        ({"fact": "exposure", "at_most": "medium"}, False),
        ({"fact": "days_past_eos", "at_least": 365}, True),
        ({"fact": "internet_ports", "contains": 3389}, True),
        ({"fact": "internet_ports", "contains_any": [21, 23]}, False),
        ({"fact": "controls", "lacks": "edr"}, True),
        ({"fact": "controls", "lacks_all": ["edr", "antivirus"]}, False),
        ({"fact": "cves", "empty": True}, True),
        ({"all": [{"fact": "os_eol", "is": True}, {"fact": "controls", "lacks": "antivirus"}]}, False),
        ({"any": [{"fact": "os_eol", "is": False}, {"fact": "controls", "lacks": "edr"}]}, True),
        ({"not": {"fact": "os_eol", "is": True}}, False),
    ]
    for when, expected in cases:
        assert evaluate(rule(when), f) is expected, when


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            {"fact": "os_eoll", "is": True},
            "when.fact: unknown fact 'os_eoll' for subject asset; did you mean 'os_eol'?",
        ),
        ({"fact": "os_eol", "is": "yes"}, "when.is: expects true or false"),
        ({"fact": "internet_ports", "contains": "rdp"}, "when.contains: expects a number"),
        ({"fact": "exposure", "at_least": "hihg"}, "'hihg' is not one of"),
        ({"fact": "kind", "at_least": "server"}, "has no order"),
        ({"fact": "os_eol", "contains": True}, "needs a list fact"),
        ({"fact": "ports", "is": 3389}, "does not apply to 'ports'"),
        ({"all": [{"fact": "os_eol", "is": True}, {"fact": "nope", "is": 1}]}, "when.all[1].fact: unknown fact 'nope'"),
        (
            {"fact": "controls", "lacks": "backup.ofline"},
            "unknown control id 'backup.ofline' (did you mean 'backup.offline'?)",
        ),
    ],
)
def test_analysis_engine_rejects_bad_conditions_with_place(when: Any, message: str) -> None:
    problems = check_rule(rule(when), control_ids=load_catalog().vocabulary().control_ids)
    assert any(message in p for p in problems), problems


def test_analysis_engine_rejects_unknown_evidence_placeholder() -> None:
    problems = check_rule(rule({"fact": "os_eol", "is": True}, evidence="{nmae} is old"))
    assert problems == ["evidence.en: unknown placeholder '{nmae}' (did you mean 'name'?)",
                        "evidence.cnr: unknown placeholder '{nmae}' (did you mean 'name'?)"]  # fmt: skip


def test_analysis_engine_condition_model_needs_one_operator() -> None:
    with pytest.raises(ValidationError, match="exactly one operator"):
        rule({"fact": "os_eol", "is": True, "is_not": False})
    with pytest.raises(ValidationError, match="exactly one operator"):
        rule({"fact": "os_eol"})
    with pytest.raises(ValidationError, match="a condition is a mapping"):
        rule(["os_eol"])


def test_analysis_engine_strings_are_never_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    problems = check_rule(rule({"fact": payload, "is": True}))
    assert problems and "unknown fact" in problems[0]
    with pytest.raises(CatalogError):
        compile_rule(rule({"fact": payload, "is": True}))
    evidence = fill_evidence("{name} {__class__} {0} {name.__class__}", {"name": payload})
    assert payload in evidence and "{name.__class__}" in evidence and "{0}" in evidence
    assert not marker.exists()


def test_analysis_engine_evaluate_refuses_wrong_subject() -> None:
    with pytest.raises(CatalogError, match="is about municipality"):
        evaluate(rule({"fact": "it_staff", "at_most": 1}, subject="municipality"), facts())
    assert evaluate(rule({"fact": "it_staff", "at_most": 1}, subject="municipality"),
                    MunicipalityFacts(id="X", it_staff=1))  # fmt: skip


def test_analysis_engine_fill_evidence_formats_lists_levels_and_bools() -> None:
    values = facts(internet_ports=[22, 3389], exposure=Exposure.high, os_eol=True).__dict__
    assert fill_evidence("{internet_ports}|{exposure}|{os_eol}|{cves}", values) == "22, 3389|high|yes|-"
    assert fill_evidence("{os_eol}", values, "cnr") == "da"


def test_analysis_engine_fill_evidence_texts_equals_one_language_at_a_time() -> None:
    """The three-language fill shares the words of a fact between languages, except yes/no."""
    values = facts(internet_ports=[22, 3389], exposure=Exposure.high, os_eol=True).__dict__
    templates = [
        ("{os_eol} {internet_ports} {exposure} {os_eol}", "en"),
        ("{os_eol}/{internet_ports} {unknown} {0} {{x}} plain", "cnr"),
        ("no placeholder", "sq"),
        ("{os_eol}{exposure}", "sq"),
    ]
    filled = fill_evidence_texts(templates, values)
    assert filled == [
        "yes 22, 3389 high yes",
        "da/22, 3389 {unknown} {0} {{x}} plain",
        "no placeholder",
        "poe lartë",
    ]
    assert [fill_evidence(template, values, lang) for template, lang in templates] == filled


@pytest.mark.parametrize(
    ("lang", "template", "expected"),
    [
        ("cnr", "{quantity} {quantity|uređaj|uređaja|uređaja}", {1: "1 uređaj", 2: "2 uređaja", 4: "4 uređaja",
                                                                 5: "5 uređaja", 11: "11 uređaja", 12: "12 uređaja",
                                                                 21: "21 uređaj", 22: "22 uređaja", 0: "0 uređaja"}),
        ("cnr", "{quantity|radi|rade|radi} {quantity}", {1: "radi 1", 3: "rade 3", 7: "radi 7", 14: "radi 14",
                                                         34: "rade 34", 111: "radi 111"}),
        ("en", "{quantity} {quantity|device|devices}", {1: "1 device", 2: "2 devices", 0: "0 devices"}),
        ("sq", "{quantity} {quantity|sistem|sisteme}", {1: "1 sistem", 2: "2 sisteme", 21: "21 sisteme"}),
    ],
)
def test_analysis_engine_evidence_words_agree_with_the_number(
    lang: str, template: str, expected: dict[int, str]
) -> None:
    for n, text in expected.items():
        assert fill_evidence(template, facts(quantity=n).__dict__, lang) == text


def test_analysis_engine_accepts_plural_forms_per_language() -> None:
    good = rule({"fact": "os_eol", "is": True}, evidence="{quantity} {quantity|device|devices}",
                evidence_cnr="{quantity} {quantity|uređaj|uređaja|uređaja}")  # fmt: skip
    assert check_rule(good) == []
    swapped = rule({"fact": "os_eol", "is": True}, evidence="{quantity|uređaj|uređaja|uređaja}",
                   evidence_cnr="{quantity|device|devices}")  # fmt: skip
    assert check_rule(swapped) == [
        "evidence.en: '{quantity|...}': expected 2 forms (one, other), found 3",
        "evidence.cnr: '{quantity|...}': expected 3 forms (one, few, other), found 2",
    ]


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("{quantity|device}", "evidence.en: '{quantity|...}': expected 2 forms (one, other), found 1"),
        ("{quantity|a|b|c}", "evidence.en: '{quantity|...}': expected 2 forms (one, other), found 3"),
        ("{quantity|a|}", "evidence.en: '{quantity|...}': form 2 is empty"),
        ("{name|a|b}", "evidence.en: '{name|...}': plural forms need a whole-number fact, and 'name' is not one"),
        ("{quantiy|a|b}", "evidence.en: unknown placeholder '{quantiy}' (did you mean 'quantity'?)"),
        ("{Quantity|a|b}", "evidence.en: '{Quantity|a|b}' is not a placeholder"),
    ],
)
def test_analysis_engine_rejects_plural_forms_that_do_not_fit_the_language(evidence: str, message: str) -> None:
    problems = check_rule(rule({"fact": "os_eol", "is": True}, evidence=evidence))
    assert any(p.startswith(message) for p in problems), problems


def test_analysis_engine_evidence_says_codes_in_words_of_the_language() -> None:
    """Levels, kinds, classifications, entry points, methods and channels are words, never codes like very_high."""
    from asset_models.models import Classification, NeedLevel

    values = {**facts(exposure=Exposure.very_high).__dict__, "need_max": NeedLevel.very_high,
              "classification": Classification.confidential, "entry_point": "guest_wifi", "method": "web",
              "insecure_channels": ["email", "usb"]}  # fmt: skip
    template = "{kind}|{exposure}|{need_max}|{classification}|{entry_point}|{method}|{insecure_channels}|{zone}"
    en, cnr, sq = fill_evidence_texts(((template, "en"), (template, "cnr"), (template, "sq")), values)
    assert cnr.split("|") == ["server", "vrlo visoka", "vrlo visoka", "osjetljivo", "gostujuća Wi-Fi mreža",
                              "veb-pristup", "e-pošta, USB/prenosivi medij", "srv"]  # fmt: skip
    assert en.split("|")[1:4] == ["very high", "very high", "sensitive"] and en.endswith("|srv")
    assert sq.split("|")[2] == "shumë e lartë"
    assert not any("_" in word for text in (en, cnr, sq) for word in text.split("|"))


def test_analysis_engine_bundled_evidence_never_hedges_a_plural() -> None:
    """No 'device(s)', 'uređaj(a)', 'shkëmbim(e)': the words agree with the number through {fact|forms}."""
    hedged = re.compile(r"\w\((s|a|e|i|es|ova|eva)\)")
    found = [
        f"{r.id} {lang}: {text}"
        for r in load_catalog().rules
        for lang in ("en", "cnr", "sq")
        if (text := getattr(r.evidence, lang, None)) and hedged.search(text)
    ]
    assert found == []


def test_analysis_engine_every_subject_has_described_facts() -> None:
    for subject in Subject:
        described = describe_facts(subject)
        assert described and all(description for _, _, description in described), subject


def test_analysis_engine_bundled_rules_all_pass_the_check() -> None:
    catalog = load_catalog()
    controls = catalog.vocabulary().control_ids
    assert {r.id: check_rule(r, controls) for r in catalog.rules if check_rule(r, controls)} == {}
    subjects = {r.subject for r in catalog.rules}
    assert subjects == set(Subject), "every subject type has at least one rule"


def test_analysis_engine_overlay_rule_with_bad_fact_fails_at_load_with_place(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        "rules:\n"
        "  - id: my.rule\n"
        "    subject: asset\n"
        "    title: {en: T, cnr: T}\n"
        "    description: {en: D, cnr: D}\n"
        "    when: {fact: os_eoll, is: true}\n"
        "    threats: [G0.1]\n"
        "    likelihood: 3\n"
        "    controls: [mfa]\n"
        "    evidence: {en: '{name}', cnr: '{name}'}\n"
        "    false_positives: {en: F, cnr: F}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    text = "\n".join(str(p) for p in info.value.problems)
    assert "rules.yaml:6" in text and "unknown fact 'os_eoll'" in text and "os_eol" in text
