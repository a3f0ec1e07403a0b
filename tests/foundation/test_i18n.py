"""The language registry, catalogues, CLDR plurals and Cyrillic transliteration."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from asset_models import i18n
from asset_models.errors import InputError, UsageProblem

FIXTURE = Path(__file__).parent / "data" / "locales"


@pytest.fixture
def extra_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LOCALES_ENV, str(FIXTURE))
    i18n.clear_caches()
    yield
    monkeypatch.delenv(i18n.LOCALES_ENV)
    i18n.clear_caches()


def test_bundled_languages() -> None:
    reg = i18n.registry()
    assert reg.codes() == ["cnr", "cnr-Cyrl", "en", "sq"]
    cyr = reg.get("cnr-cyrl")
    assert cyr.script == "Cyrl" and cyr.derived_from == "cnr" and cyr.word_lang == "sr-Cyrl-ME"
    assert reg.get("SQ").review is True


def test_unknown_language_lists_choices() -> None:
    with pytest.raises(UsageProblem) as err:
        i18n.get_language("de")
    assert "cnr, cnr-Cyrl, en, sq" in err.value.hint


def test_language_added_without_code(extra_language: None) -> None:
    assert "hr" in i18n.registry()
    tr = i18n.translator("hr", "messages")
    assert tr.gettext("Hello, {name}.", name="Ana") == "Pozdrav, Ana."
    assert [tr.ngettext("{n} risk", "{n} risks", n) for n in (1, 3, 5, 21)] == [
        "1 rizik", "3 rizika", "5 rizika", "21 rizik"]
    assert tr.label("risk_level", "very_high") == "vrlo visok"
    # missing entries fall back to English (the msgid), never to nothing
    assert tr.gettext("Not translated") == "Not translated"
    assert tr.format_date(date(2025, 3, 7)) == "7. 3. 2025."


def test_english_plural_and_missing_placeholder(extra_language: None) -> None:
    tr = i18n.translator("en", "messages")
    assert tr.ngettext("{n} risk", "{n} risks", 1) == "1 risk"
    assert tr.ngettext("{n} risk", "{n} risks", 1200) == "1,200 risks"
    with pytest.raises(InputError):
        tr.gettext("Hello, {name}.", other="x")


def test_placeholders_are_not_format_strings() -> None:
    assert i18n.fill("{a} {a.__class__} {0}", {"a": "x"}) == "x {a.__class__} {0}"


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Politika informacione bezbjednosti", "Политика информационе безбједности"),
    ("Ljubljana, Njegoš i džep", "Љубљана, Његош и џеп"),
    ("LJUBAV", "ЉУБАВ"),
    ("śekira i źenica", "с\u0301екира и з\u0301еница"),
    ("injekcija", "инјекција"),
    ("Opština Ulcinj", "Општина Улцињ"),
])
def test_transliteration(latin: str, cyrillic: str) -> None:
    assert i18n.transliterate_cnr(latin) == cyrillic


def test_transliteration_keeps_ids_urls_names_and_templates() -> None:
    text = ("Kontrola backup.offline štiti srv-db01 (tcp/3389) prema NIS2 i ISO 27001; "
            "piši na it@primjer.me ili https://www.primjer.me/a; TeamViewer i Windows; "
            "{{ municipality.name }} i {count} i `mfa.admin`; VPN sa MFA")
    out = i18n.transliterate_cnr(text)
    for kept in ("backup.offline", "db01", "tcp/3389", "NIS2", "ISO", "it@primjer.me",
                 "https://www.primjer.me/a", "TeamViewer", "Windows", "{{ municipality.name }}",
                 "{count}", "`mfa.admin`", "VPN", "MFA"):
        assert kept in out, kept
    assert "Контрола" in out and "штити" in out and "према" in out


@pytest.mark.parametrize("kept", [
    "srv-dc01", "esx-000060", "app-exchange", "reg-property", "tv-lobby", "db-mysql-web", "risk-register.xlsx",
    "backup.same_zone@ad-directory", "eol.os@srv-web01", "data.cleartext_transit@reg-building",
])
def test_transliteration_never_splits_an_id(kept: str) -> None:
    """An id is one token: never half Cyrillic (срв-dc01, апп-exchange, риск-register.xlsx)."""
    out = i18n.transliterate_cnr(f"Sistem {kept}, vidi {kept}.", keep_caps=True)
    assert out == f"Систем {kept}, види {kept}."


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("e-pošta i SQL-a", "е-пошта и SQL-а"), ("GSB-a", "GSB-а"), ("dvo-faktorska", "дво-факторска"),
])
def test_transliteration_still_writes_hyphenated_words_in_cyrillic(latin: str, cyrillic: str) -> None:
    assert i18n.transliterate_cnr(latin, keep_caps=True) == cyrillic


def test_cyrillic_translator_derives_from_latin(extra_language: None, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # a cnr catalogue in an extra folder overrides the bundled one; cnr-Cyrl follows it
    folder = tmp_path / "cnr"
    folder.mkdir()
    (folder / "language.yaml").write_text((i18n.BUNDLED_LOCALES / "cnr" / "language.yaml").read_text("utf-8"),
                                          encoding="utf-8")
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "{n} risk"\nmsgid_plural "{n} risks"\n'
        'msgstr[0] "{n} aktivan rizik"\nmsgstr[1] "{n} aktivna rizika"\nmsgstr[2] "{n} aktivnih rizika"\n',
        encoding="utf-8")
    monkeypatch.setenv(i18n.LOCALES_ENV, str(tmp_path))
    i18n.clear_caches()
    latin = i18n.translator("cnr", "messages")
    assert [latin.ngettext("{n} risk", "{n} risks", n) for n in (21, 3, 6)] == [
        "21 aktivan rizik", "3 aktivna rizika", "6 aktivnih rizika"]
    cyr = i18n.translator("cnr-Cyrl", "messages")
    assert cyr.ngettext("{n} risk", "{n} risks", 3) == "3 активна ризика"
    assert cyr.gettext("Untranslated {x}", x="Podgorica") == "Untranslated Podgorica"


def test_detect_language() -> None:
    assert i18n.detect_language(None, {}) == "en"
    assert i18n.detect_language(None, {"LANG": "sr_ME.UTF-8"}) == "cnr"
    assert i18n.detect_language(None, {"LANG": "sr_ME.UTF-8@cyrillic"}) == "cnr-Cyrl"
    assert i18n.detect_language(None, {"LSGRISK_LANG": "sq", "LANG": "sr_ME.UTF-8"}) == "sq"
    assert i18n.detect_language("EN", {"LSGRISK_LANG": "cnr"}) == "en"
    assert i18n.detect_language(None, {"LC_ALL": "C", "LANG": "sr_ME.UTF-8"}) == "en"


def test_bad_language_file_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / "language.yaml").write_text("code: zz\nname: Z\n", encoding="utf-8")
    monkeypatch.setenv(i18n.LOCALES_ENV, str(tmp_path))
    i18n.clear_caches()
    try:
        with pytest.raises(InputError) as err:
            i18n.registry()
        assert any("zz" in str(p) for p in err.value.problems)
    finally:
        monkeypatch.delenv(i18n.LOCALES_ENV)
        i18n.clear_caches()


# --------------------------------------------------------------------------- Texts: module tables of templates


@pytest.fixture
def speaking() -> Iterator[Callable[[str], None]]:
    """Switch the language in use for a test; English again afterwards."""
    yield i18n.set_language
    i18n.set_language("en")


def test_texts_read_the_template_in_the_language_in_use(speaking: Callable[[str], None]) -> None:
    table = i18n.Texts({"state": "incomplete({status})", "target": "invalid scan target {text!r}",
                        "other": "not in any catalogue {x:>3}"})
    assert table["state"] == "incomplete({status})"  # English: the template itself, nothing read
    speaking("cnr")
    assert table["state"].format(status="error") == "nepotpuno(error)"
    assert table["target"].format(text="a b") == "neispravan cilj skeniranja 'a b'"  # format specs kept
    assert table["other"].format(x=7) == "not in any catalogue   7"  # a missing entry falls back to English
    speaking("cnr-Cyrl")
    assert table["target"] == "неисправан циљ скенирања {text!r}"  # placeholders stay Latin
    speaking("en")
    assert table["state"] == "incomplete({status})"
    assert len(table) == 3 and list(table) == ["state", "target", "other"] and table.get("nope") is None
    with pytest.raises(KeyError):
        table["nope"]


def test_texts_plural_forms(speaking: Callable[[str], None]) -> None:
    table = i18n.Texts({}, plurals={"summary": (
        "{refused} file refused; {imported} of {total} imported or already stored",
        "{refused} files refused; {imported} of {total} imported or already stored")})
    assert [table.n("summary", n).format(refused=n, imported=0, total=n).split(";")[0] for n in (1, 2, 5)] == [
        "1 file refused", "2 files refused", "5 files refused"]
    speaking("cnr")
    assert [table.n("summary", n).format(refused=n, imported=0, total=n).split(";")[0]
            for n in (1, 2, 5, 11, 21, 22)] == [
        "1 datoteka odbijena", "2 datoteke odbijene", "5 datoteka odbijeno", "11 datoteka odbijeno",
        "21 datoteka odbijena", "22 datoteke odbijene"]
    assert [key for key, _singular, plural in table.sources() if plural] == ["summary"]
    with pytest.raises(ValueError):
        i18n.Texts({"a": "x"}, plurals={"a": ("x", "xs")})


def test_transliteration_keeps_format_specs_and_xml_tags() -> None:
    out = i18n.transliterate_cnr("red {id:>4} i {text!r}: <host> </host> <nmaprun/> <!DOCTYPE nmaprun> nmap")
    assert out == "ред {id:>4} и {text!r}: <host> </host> <nmaprun/> <!DOCTYPE nmaprun> nmap"
