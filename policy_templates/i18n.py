"""The document language: a thin layer over the one registry and translator (:mod:`asset_models.i18n`).

Short strings of the documents (labels of controlled vocabularies, table
headers, units, key phrases) live in ``asset_models/locales/<lang>/labels.po``:
``msgctxt`` = the vocabulary and ``msgid`` = the code for enum labels
(:func:`label`), and the English text as ``msgid`` for phrases (:func:`tr`,
:func:`trn` with CLDR plural forms). Prose lives in the content files
(:mod:`policy_templates.content`). Free text from the inventory is never
translated.

The analysis still carries some texts per language (``cnr``, ``en`` and, where
the catalogue gives it, ``sq``); :attr:`Lang.value` names the one a document
uses (Montenegrin for ``cnr`` and ``cnr-Cyrl``, Albanian for ``sq``, English
otherwise). Texts without ``sq`` fall back to English (``Text.get``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from asset_models.i18n import Language, Translator, get_language, translator, transliterate_cnr

DOMAIN = "labels"


@dataclass(frozen=True)
class Lang:
    """A document language: its registry code and the analysis text it reads (``cnr``, ``sq`` or ``en``)."""

    code: str

    @property
    def language(self) -> Language:
        return get_language(self.code)

    @property
    def value(self) -> str:
        base = self.language.derived_from or self.code
        return base if base in ("cnr", "sq") else "en"

    @property
    def tr(self) -> Translator:
        return translator(self.code, DOMAIN)

    def script(self, text: str) -> str:
        """``text`` in the script of the language (Montenegrin Latin to Cyrillic for ``cnr-Cyrl``)."""
        if self.language.transform == "cyrillic":
            return transliterate_cnr(text, self.language)
        return text

    def __str__(self) -> str:
        return self.code


def as_lang(value: str | Lang) -> Lang:
    """The :class:`Lang` for ``value``; a usage error lists the registry's languages."""
    if isinstance(value, Lang):
        return value
    return Lang(get_language(str(value)).code)


def document_languages() -> list[str]:
    """Codes of the languages documents can be written in (registry entry and content)."""
    from policy_templates.content import available_languages

    return available_languages()


def format_date(value: date, lang: str | Lang) -> str:
    """A date in the document style of ``lang`` (``12.03.2025.`` or ``12 March 2025``)."""
    return as_lang(lang).tr.format_date(value)


def format_number(value: float, lang: str | Lang, decimals: int | None = None) -> str:
    """A number with the grouping and decimal separators of ``lang``."""
    return as_lang(lang).tr.format_number(value, decimals)


def label(group: str, value: object, lang: str | Lang) -> str:
    """The label of an enum value in ``lang``; an unknown value is shown as it is (never lost)."""
    raw = value.value if isinstance(value, Enum) else value
    return as_lang(lang).tr.label(group, str(raw))


def yes_no(value: bool, lang: str | Lang) -> str:
    return label("yesno", "yes" if value else "no", lang)


def tr(lang: str | Lang, msgid: str, **params: Any) -> str:
    """A short document phrase (``msgid`` = the English text) in ``lang``."""
    return as_lang(lang).tr.gettext(msgid, **params)


def trp(lang: str | Lang, context: str, msgid: str, **params: Any) -> str:
    """A phrase with a context, for words whose translation depends on it (gender, case)."""
    return as_lang(lang).tr.pgettext(context, msgid, **params)


def trn(lang: str | Lang, singular: str, plural: str, n: int, **params: Any) -> str:
    """The CLDR plural form for ``n`` (``{n}`` is the number in the language's format)."""
    return as_lang(lang).tr.ngettext(singular, plural, n, **params)
