"""The portfolio's words: the ``portfolio`` gettext domain plus the catalogue's bilingual titles."""

from __future__ import annotations

from typing import Any

from asset_models.i18n import Translator, get_language, translator, transliterate_cnr
from threat_catalog.rules import Text

DOMAIN = "portfolio"


class Words:
    """Texts of one language for the portfolio documents."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t: Translator = translator(lang, DOMAIN)
        self.language = get_language(lang)

    def __call__(self, msgid: str, **params: Any) -> str:
        return self.t.gettext(msgid, **params)

    def municipalities(self, count: int) -> str:
        return self.t.ngettext("{count} municipality", "{count} municipalities", count, count=count)

    def level(self, code: str) -> str:
        return self.t.pgettext("risk_level", code)

    def state(self, code: str) -> str:
        return self.t.pgettext("compliance_state", code)

    def effort(self, code: str) -> str:
        return self.t.pgettext("effort", code)

    def entity_class(self, code: str) -> str:
        return self.t.pgettext("entity_class", code)

    def pick(self, text: Text) -> str:
        """A catalogue title in this language: Montenegrin (transliterated for Cyrillic) or English."""
        source = self.language.derived_from or self.language.code
        if source == "cnr":
            return transliterate_cnr(text.cnr, self.language) if self.language.derived_from else text.cnr
        return text.en

    def date(self, value: Any) -> str:
        return self.t.format_date(value)
