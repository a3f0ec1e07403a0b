"""One language registry and one way to translate, for every stage.

Languages are data: each is a folder ``asset_models/locales/<code>/`` with a
``language.yaml`` (name, Babel locale, script, date format, Word ``w:lang``,
CLDR plural categories, fallback) and gettext catalogues ``<domain>.po``.
Further folders of the same form are read from the directories named in the
``LSGRISK_LOCALES`` variable (``os.pathsep``-separated), so a language is added
without code. Domains in use:

* ``messages`` — CLI output, validation messages, ``--help`` texts;
* ``labels`` — labels of controlled vocabularies (msgctxt = the vocabulary,
  msgid = the code, e.g. ``risk_level`` / ``very_high``) and short document
  strings;
* ``analysis`` — attack-path steps and other texts rendered from the codes
  and parameters of ``analysis.json``.

A language may be *derived*: ``cnr-Cyrl`` has no catalogues of its own and is
produced from ``cnr`` by :func:`transliterate_cnr`, which keeps ids, URLs,
e-mail addresses, placeholders, product names and listed abbreviations in
Latin script.

Placeholders in catalogue strings are ``{name}``; nothing else is interpreted
(no attribute access, no format specs, no eval). Plural forms follow CLDR
(Babel's plural rules) mapped onto the catalogue's forms by the language's
``plural_categories``. A missing translation falls back along ``fallback`` and
finally to the msgid (the English source or the code).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from asset_models.errors import InputError, Place, Problem, UsageProblem

BUNDLED_LOCALES = Path(__file__).with_name("locales")
LOCALES_ENV = "LSGRISK_LOCALES"
LANG_ENV = "LSGRISK_LANG"
DEFAULT_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")


@dataclass(frozen=True)
class Language:
    """One entry of the language registry (``language.yaml``).

    A plain dataclass checked by :func:`_read_language` (not a pydantic model:
    every command reads the registry, and this keeps its start light).
    """

    code: str
    name: str
    name_en: str
    babel_locale: str
    script: str
    date_format: str
    word_lang: str
    plural_categories: tuple[str, ...] = ("one", "other")
    fallback: str | None = None
    derived_from: str | None = None
    transform: str | None = None
    review: bool = False
    keep_latin: frozenset[str] = frozenset()
    digraph_exceptions: tuple[str, ...] = ()
    folder: Path | None = field(default=None, compare=False)


_REQUIRED_TEXT = ("code", "name", "name_en", "babel_locale", "script", "date_format", "word_lang")
_OPTIONAL_TEXT = ("fallback", "derived_from", "transform")
_TEXT_LISTS = ("plural_categories", "keep_latin", "digraph_exceptions")


def _language_fields(raw: dict[Any, Any], path: Path) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(name: str, message: str) -> None:
        problems.append(Problem(Place(file=str(path), field=name), message))

    known = {*_REQUIRED_TEXT, *_OPTIONAL_TEXT, *_TEXT_LISTS, "review"}
    for key in raw:
        if key not in known:
            bad(str(key), "unknown field (known: " + ", ".join(sorted(known)) + ")")
    for name in _REQUIRED_TEXT:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            bad(name, "required text is missing")
        else:
            values[name] = value
    for name in _OPTIONAL_TEXT:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            bad(name, "expected a text or nothing")
        elif value is not None:
            values[name] = value
    for name in _TEXT_LISTS:
        value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(name, "expected a list of texts")
        else:
            values[name] = frozenset(value) if name == "keep_latin" else tuple(value)
    review = raw.get("review", False)
    if not isinstance(review, bool):
        bad("review", "expected true or false")
    values["review"] = review is True
    if isinstance(values.get("code"), str) and not _CODE.match(values["code"]):
        bad("code", f"'{values['code']}' is not a language code such as cnr, cnr-Cyrl or sq")
    if isinstance(values.get("script"), str) and not _SCRIPT.match(values["script"]):
        bad("script", f"'{values['script']}' is not an ISO 15924 script code such as Latn or Cyrl")
    return values, problems


def _locale_dirs() -> list[Path]:
    dirs = [BUNDLED_LOCALES]
    for part in os.environ.get(LOCALES_ENV, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()))
    return dirs


def _read_language(path: Path) -> Language:
    place = Place(file=str(path))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError("cannot read a language file", [Problem(place, str(exc))]) from None
    if not isinstance(raw, dict):
        raise InputError("cannot read a language file", [Problem(place, "expected a mapping of fields")])
    values, problems = _language_fields(raw, path)
    if problems:
        raise InputError("invalid language file", problems)
    return Language(**values, folder=path.parent)


class Registry:
    """The languages found in the locale folders, by code."""

    def __init__(self, languages: Mapping[str, Language]) -> None:
        self._languages = dict(sorted(languages.items()))
        problems: list[Problem] = []
        for lang in self._languages.values():
            for ref in (lang.fallback, lang.derived_from):
                if ref is not None and ref not in self._languages:
                    problems.append(Problem(Place(file=str(lang.folder)), f"language '{ref}' is not in the registry"))
            if lang.transform not in (None, "cyrillic"):
                problems.append(Problem(Place(file=str(lang.folder), field="transform"),
                                        f"unknown transform '{lang.transform}'", hint="known: cyrillic"))
        if problems:
            raise InputError("invalid language registry", problems)

    def codes(self) -> list[str]:
        return list(self._languages)

    def __iter__(self) -> Iterator[Language]:
        return iter(self._languages.values())

    def __contains__(self, code: object) -> bool:
        return code in self._languages

    def get(self, code: str) -> Language:
        """The language ``code`` (letter case and ``_`` are forgiven); a usage error lists the choices."""
        wanted = code.strip().replace("_", "-")
        for known in self._languages:
            if known.lower() == wanted.lower():
                return self._languages[known]
        raise UsageProblem(f"unknown language '{code}'", hint="choose one of: " + ", ".join(self._languages))


@cache
def _registry(dirs: tuple[Path, ...]) -> Registry:
    found: dict[str, Language] = {}
    for base in dirs:
        if not base.is_dir():
            continue
        for path in sorted(base.glob("*/language.yaml")):
            lang = _read_language(path)
            if lang.code != path.parent.name:
                raise InputError("invalid language file", [Problem(Place(file=str(path), field="code"),
                                 f"code '{lang.code}' differs from its folder name '{path.parent.name}'")])
            found[lang.code] = lang  # a later folder overrides a bundled language of the same code
    return Registry(found)


def registry() -> Registry:
    """The language registry: bundled languages plus those in ``LSGRISK_LOCALES``."""
    return _registry(tuple(_locale_dirs()))


def get_language(code: str) -> Language:
    return registry().get(code)


def detect_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: ``explicit``, else ``LSGRISK_LANG``, else the locale, else English."""
    env = os.environ if environ is None else environ
    reg = registry()
    for value in (explicit, env.get(LANG_ENV)):
        if value:
            return reg.get(value).code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        low = value.lower()
        if low.startswith(("cnr", "sr_me", "sr-me", "sr_latn_me", "me_")):
            return "cnr-Cyrl" if "cyrl" in low or "cyrillic" in low else "cnr"
        if low.startswith("sr_cyrl_me"):
            return "cnr-Cyrl"
        if low.startswith("sq") and "sq" in reg:
            return "sq"
        break  # the first variable that is set decides, as in POSIX
    return DEFAULT_LANGUAGE


# --------------------------------------------------------------------------- transliteration

_LAT2CYR = {
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е", "f": "ф", "g": "г",
    "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж", "ś": "с\u0301", "ź": "з\u0301",
}
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
#: spans kept as they are: template syntax, placeholders (with format specs), XML tags, code, URLs,
#: e-mail addresses, and tokens that are ids (a letter next to a digit, or joined by . _ / :, a risk id
#: RULE@subject, a lowercase name joined by - or . with a digit or a letter Montenegrin does not have in any
#: part: srv-dc01, app-exchange, reg-property, risk-register.xlsx; such a token is one id, never half
#: transliterated)
_PROTECT = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
    r"|\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}\s]*)?\}"
    r"|</?[A-Za-z][\w:.-]*/?>|<![^<>\n]*>"
    r"|[\w.:-]*\w@\w[\w:-]*(?:\.\w[\w:-]*)*"
    r"|\b(?=[a-z0-9.-]*[0-9qwxy])[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+\b"
    r"|\b[A-Za-z]\w*(?:-\w+)*-\d+\b"
    r"|`[^`\n]*`"
    r"|(?:https?|ftp)://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b\w*[A-Za-z]\w*(?:[._/:]\w+)+\b"
    r"|\b(?=\w*\d)(?=\w*[A-Za-z])\w+\b",
    re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]+")


#: transliterated words by (language, keep_caps, word): documents repeat the same words thousands of times
_WORD_CACHE: dict[tuple[str, bool, str], str] = {}


def _translit_word(word: str, lang: Language, keep_caps: bool = False) -> str:
    key = (lang.code, keep_caps, word)
    found = _WORD_CACHE.get(key)
    if found is None:
        found = _translit_word_uncached(word, lang, keep_caps)
        if len(_WORD_CACHE) < 200_000:
            _WORD_CACHE[key] = found
    return found


def _translit_word_uncached(word: str, lang: Language, keep_caps: bool) -> str:
    if keep_caps and len(word) >= 2 and word.isupper():
        return word  # an abbreviation or code typed in an inventory (LARIS, HR, ISP)
    if word in lang.keep_latin or re.search(r"[qwxyQWXY]", word) or re.search(r"[a-z][A-Z]", word):
        return word  # an abbreviation kept in Latin, a foreign or product name (TeamViewer, Windows)
    lower = word.lower()
    split_digraph = any(lower.startswith(p) or p in lower for p in lang.digraph_exceptions)
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i:i + 2]
        if not split_digraph and pair.lower() in _DIGRAPHS:
            digraph = _DIGRAPHS[pair.lower()]
            out.append(digraph.upper() if pair[0].isupper() else digraph)
            i += 2
            continue
        ch = word[i]
        cyr = _LAT2CYR.get(ch.lower())
        if cyr is None:
            out.append(ch)
        else:
            out.append(cyr[0].upper() + cyr[1:] if ch.isupper() else cyr)
        i += 1
    return "".join(out)


def transliterate_cnr(text: str, lang: Language | None = None, *, keep_caps: bool = False) -> str:
    """Montenegrin Latin to Cyrillic (ś, ź included), keeping ids, URLs, addresses and names in Latin.

    ``keep_caps`` also keeps words in capitals (two letters or more) in Latin: for text typed
    in an inventory, where they are abbreviations and codes, not words of the language.
    """
    target = lang or get_language("cnr-Cyrl")
    out: list[str] = []
    pos = 0
    for match in _PROTECT.finditer(text):
        out.append(_WORD.sub(lambda m: _translit_word(m.group(0), target, keep_caps), text[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_WORD.sub(lambda m: _translit_word(m.group(0), target, keep_caps), text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- catalogues

Key = tuple[str, str]  # (msgctxt or "", msgid)


@cache
def _read_po(path: Path, locale: str) -> dict[Key, str | tuple[str, ...]]:
    from babel.messages.pofile import read_po  # deferred: Babel's import is not free

    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=locale, abort_invalid=True, domain=path.stem)
    except Exception as exc:  # Babel raises several kinds for a broken file
        raise InputError("cannot read a message catalogue", [Problem(Place(file=str(path)), str(exc))]) from None
    entries: dict[Key, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        string = message.string
        if isinstance(string, (list, tuple)):
            if all(string):
                entries[(message.context or "", msgid)] = tuple(string)
        elif string:
            entries[(message.context or "", msgid)] = string
    return entries


def catalogue_path(lang: Language, domain: str) -> Path | None:
    """The ``.po`` file of ``domain`` for ``lang``, if the language has one."""
    if lang.folder is None:
        return None
    path = lang.folder / f"{domain}.po"
    return path if path.is_file() else None


def catalogue_entries(code: str, domain: str) -> dict[Key, str | tuple[str, ...]]:
    """The translated entries of one language's catalogue (empty when it has none)."""
    lang = get_language(code)
    path = catalogue_path(lang, domain)
    return dict(_read_po(path, lang.babel_locale)) if path else {}


def fill(template: str, params: Mapping[str, Any]) -> str:
    """Replace ``{name}`` placeholders; a name without a value is an error naming it."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise InputError("a message needs a value it was not given",
                             [Problem(Place(), f"placeholder '{{{name}}}' in '{template}'")])
        return str(params[name])

    return _PLACEHOLDER.sub(one, template)


class Translator:
    """Texts of one domain in one language, with fallback and CLDR plurals."""

    def __init__(self, code: str, domain: str) -> None:
        reg = registry()
        self.language = reg.get(code)
        self.domain = domain
        self._source = reg.get(self.language.derived_from) if self.language.derived_from else self.language
        chain: list[Language] = []
        seen: set[str] = set()
        current: Language | None = self._source
        while current is not None and current.code not in seen:
            chain.append(current)
            seen.add(current.code)
            current = reg.get(current.fallback) if current.fallback else None
        self._chain = chain
        self._catalogs: list[tuple[Language, dict[Key, str | tuple[str, ...]]]] = []
        for lang in chain:
            path = catalogue_path(lang, domain)
            if path is not None:
                self._catalogs.append((lang, _read_po(path, lang.babel_locale)))
        self._cache: dict[tuple[str, str, int], str] = {}

    @property
    def code(self) -> str:
        return self.language.code

    def _lookup(self, context: str, msgid: str) -> tuple[str | tuple[str, ...] | None, Language | None]:
        key = (context, msgid)
        for lang, catalog in self._catalogs:
            if key in catalog:
                return catalog[key], lang
        return None, None

    def _localise(self, text: str, found_in: Language | None) -> str:
        if self.language.transform == "cyrillic" and found_in is not None and found_in.code == self._source.code:
            return transliterate_cnr(text, self.language)
        return text

    def _template(self, context: str, msgid: str, plural: str | None = None, n: int = 1) -> str:
        cache_key = (context, msgid, n if plural is not None else -1)
        if cache_key in self._cache:
            return self._cache[cache_key]
        found, lang = self._lookup(context, msgid)
        if found is None:
            text = msgid if plural is None or n == 1 else plural
        elif isinstance(found, tuple):
            categories = (lang or self.language).plural_categories
            index = self.plural_index(n, lang or self.language)
            text = found[min(index, len(found) - 1)] if categories else found[0]
        else:
            text = found
        text = self._localise(text, lang)
        if len(self._cache) < 100_000:
            self._cache[cache_key] = text
        return text

    @staticmethod
    def plural_index(n: float, lang: Language) -> int:
        from babel import Locale  # deferred import

        category = Locale.parse(lang.babel_locale).plural_form(abs(n))
        cats = lang.plural_categories
        return cats.index(category) if category in cats else len(cats) - 1

    def gettext(self, msgid: str, **params: Any) -> str:
        return fill(self._template("", msgid), params) if params else self._template("", msgid)

    def pgettext(self, context: str, msgid: str, **params: Any) -> str:
        text = self._template(context, msgid)
        return fill(text, params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """The form for ``n``; ``{n}`` is filled with ``n`` in the language's number format."""
        text = self._template("", singular, plural, n)
        return fill(text, {"n": self.format_number(n), **params})

    def npgettext(self, context: str, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self._template(context, singular, plural, n)
        return fill(text, {"n": self.format_number(n), **params})

    def label(self, vocabulary: str, code: str) -> str:
        """The label of ``code`` in a controlled vocabulary (``labels`` domain convention)."""
        return self._template(vocabulary, code)

    def template(self, msgid: str, plural: str | None = None, n: int = 1, context: str = "") -> str:
        """The translated template itself, placeholders untouched (for ``str.format`` with format specs).

        With ``plural``, the form for ``n``; a missing entry gives ``msgid`` or ``plural`` (English rule).
        """
        return self._template(context, msgid, plural, n)

    def has(self, msgid: str, context: str = "") -> bool:
        return self._lookup(context, msgid)[0] is not None

    def format_date(self, value: date) -> str:
        from babel.dates import format_date  # deferred import

        text = str(format_date(value, self.language.date_format, locale=self.language.babel_locale))
        return text

    def format_number(self, value: float, decimals: int | None = None) -> str:
        from babel.numbers import format_decimal  # deferred import

        if decimals is not None:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            return str(format_decimal(value, format=pattern, locale=self.language.babel_locale))
        return str(format_decimal(value, locale=self.language.babel_locale))


@cache
def _translator(code: str, domain: str, dirs: tuple[Path, ...]) -> Translator:
    return Translator(code, domain)


def translator(code: str, domain: str = "messages") -> Translator:
    """The (cached) translator for language ``code`` and ``domain``."""
    canonical = registry().get(code).code
    return _translator(canonical, domain, tuple(_locale_dirs()))


def clear_caches() -> None:
    """Forget loaded registries and catalogues (tests that add languages or edit files use this)."""
    _registry.cache_clear()
    _read_po.cache_clear()
    _WORD_CACHE.clear()
    _translator.cache_clear()


# --------------------------------------------------------------------------- the language in use

_IN_USE: list[str] = [DEFAULT_LANGUAGE]


def set_language(code: str) -> str:
    """Speak ``code`` from now on (the CLI sets it once, from --lang, LSGRISK_LANG or the locale).

    Library messages (validation problems, notes) are written in this language
    when they are made; the default is English. Returns the canonical code.
    """
    canonical = DEFAULT_LANGUAGE if code == DEFAULT_LANGUAGE else registry().get(code).code
    _IN_USE[0] = canonical
    return canonical


def language_in_use() -> str:
    return _IN_USE[0]


def tr(msgid: str, **params: Any) -> str:
    """``msgid`` (English, with ``{name}`` placeholders) in the language in use, ``messages`` domain."""
    return translator(_IN_USE[0]).gettext(msgid, **params)


def ntr(singular: str, plural: str, n: int, **params: Any) -> str:
    """The plural form for ``n`` in the language in use (``{n}`` is filled with ``n``)."""
    return translator(_IN_USE[0]).ngettext(singular, plural, n, **params)


class Texts(Mapping[str, str]):
    """A module's table of English message templates, read in the language in use.

    ``MESSAGES = Texts({"key": "English template {name}", ...})``; ``MESSAGES["key"]`` is the template
    translated into :func:`language_in_use` (``messages`` domain, msgid = the English template) at the
    moment it is read, so a table can live at module level without freezing the language. The template
    is returned as it is (no :func:`fill`): the caller formats it with ``str.format``, format specs
    (``{id:>4}``, ``{text!r}``) included; a translation carries exactly the same placeholders.

    ``plurals`` holds messages that depend on a count: key -> (English singular, English plural);
    :meth:`n` gives the form for a number (CLDR rules of the language; the catalogue entry is keyed by
    the singular and has ``msgid_plural``).
    """

    def __init__(self, templates: Mapping[str, str],
                 plurals: Mapping[str, tuple[str, str]] | None = None) -> None:
        self._templates = dict(templates)
        self._plurals = dict(plurals or {})
        both = sorted(set(self._templates) & set(self._plurals))
        if both:
            raise ValueError(f"keys both plain and plural: {', '.join(both)}")

    def __getitem__(self, key: str) -> str:
        template = self._templates[key]
        code = _IN_USE[0]
        if code == DEFAULT_LANGUAGE:  # English is the source: no catalogue to read (a fast start)
            return template
        return translator(code).template(template)

    def n(self, key: str, count: int) -> str:
        """The template of the plural message ``key`` for ``count``."""
        singular, plural = self._plurals[key]
        code = _IN_USE[0]
        if code == DEFAULT_LANGUAGE:
            return singular if count == 1 else plural
        return translator(code).template(singular, plural, count)

    def __iter__(self) -> Iterator[str]:
        return iter(self._templates)

    def __len__(self) -> int:
        return len(self._templates)

    def plural_keys(self) -> list[str]:
        return list(self._plurals)

    def sources(self) -> Iterator[tuple[str, str, str | None]]:
        """(key, English template, English plural or None) of every message, plain and plural."""
        for key, template in self._templates.items():
            yield key, template, None
        for key, (singular, plural) in self._plurals.items():
            yield key, singular, plural
