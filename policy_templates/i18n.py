"""Languages, dates, numbers and labels of controlled vocabularies for the documents.

Two document languages: ``cnr`` (Montenegrin, ijekavian Latin; Babel has no
own CLDR data for it, so numbers use ``sr_Latn_ME`` and dates the usual
administrative pattern ``dd.MM.yyyy.``) and ``en`` (British English,
``d MMMM yyyy``). Only controlled vocabularies (enum values) are translated
here; free text from the inventory is never translated.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Final

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

from asset_models.errors import UsageProblem


class Lang(str, Enum):
    """A document language."""

    cnr = "cnr"
    en = "en"


LANGS: Final = (Lang.cnr, Lang.en)

BABEL_LOCALE: Final = {Lang.cnr: "sr_Latn_ME", Lang.en: "en_GB"}
DATE_PATTERN: Final = {Lang.cnr: "dd.MM.yyyy.", Lang.en: "d MMMM yyyy"}
#: the value of ``w:lang`` on the Normal style (proofing language)
WORD_LANG: Final = {Lang.cnr: "sr-Latn-ME", Lang.en: "en-GB"}


def as_lang(value: str | Lang) -> Lang:
    """The :class:`Lang` for ``value``; a usage error names the valid choices."""
    if isinstance(value, Lang):
        return value
    try:
        return Lang(value.strip().lower())
    except ValueError:
        raise UsageProblem(f"unknown document language '{value}'", hint="use --lang cnr or --lang en") from None


def format_date(value: date, lang: str | Lang) -> str:
    """A date in the document style of ``lang`` (``12.03.2025.`` or ``12 March 2025``)."""
    code = as_lang(lang)
    return str(_babel_date(value, DATE_PATTERN[code], locale=BABEL_LOCALE[code]))


def format_number(value: float, lang: str | Lang, decimals: int | None = None) -> str:
    """A number with the grouping and decimal separators of ``lang`` (``12.345,5`` or ``12,345.5``)."""
    code = as_lang(lang)
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(_babel_decimal(value, format=pattern, locale=BABEL_LOCALE[code]))
    return str(_babel_decimal(value, locale=BABEL_LOCALE[code]))


# --------------------------------------------------------------------------- labels

_LABELS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    # group -> value -> (cnr, en)
    "yesno": {"yes": ("da", "yes"), "no": ("ne", "no")},
    "measure": {
        "yes": ("ispunjeno", "in place"),
        "partial": ("djelimično", "partial"),
        "no": ("nije ispunjeno", "missing"),
    },
    "compliance": {
        "implemented": ("ispunjeno", "implemented"),
        "partial": ("djelimično", "partial"),
        "missing": ("nedostaje", "missing"),
        "not_applicable": ("nije primjenljivo", "not applicable"),
    },
    "risk_level": {
        "low": ("nizak", "low"),
        "medium": ("srednji", "medium"),
        "high": ("visok", "high"),
        "critical": ("kritičan", "critical"),
    },
    "exposure": {
        "none": ("nema", "none"),
        "low": ("niska", "low"),
        "medium": ("srednja", "medium"),
        "high": ("visoka", "high"),
        "very_high": ("vrlo visoka", "very high"),
    },
    "audience": {
        "citizens": ("građani", "citizens"),
        "businesses": ("privreda", "businesses"),
        "internal": ("interna", "internal"),
        "government": ("državni organi", "government bodies"),
    },
    "need": {"normal": ("normalna", "normal"), "high": ("visoka", "high"), "very_high": ("vrlo visoka", "very high")},
    "classification": {
        "public": ("javno", "public"),
        "internal": ("interno", "internal"),
        "confidential": ("povjerljivo", "confidential"),
        "secret": ("tajno", "secret"),
    },
    "data_kind": {
        "register": ("registar", "register"),
        "database": ("baza podataka", "database"),
        "documents": ("dokumenti", "documents"),
        "mailbox": ("poštansko sanduče", "mailbox"),
        "website_content": ("sadržaj veb-sajta", "website content"),
    },
    "channel": {
        "gsb": ("GSB (JSERP)", "GSB"),
        "api": ("direktni API", "direct API"),
        "sftp": ("SFTP", "SFTP"),
        "web_portal": ("veb-portal", "web portal"),
        "email": ("e-pošta", "e-mail"),
        "usb": ("USB/prenosivi medij", "USB/removable media"),
        "paper": ("papir", "paper"),
        "fax": ("faks", "fax"),
        "other": ("drugo", "other"),
    },
    "direction": {
        "provide": ("opština ustupa podatke", "the municipality provides"),
        "consume": ("opština preuzima podatke", "the municipality consumes"),
        "both": ("u oba smjera", "both directions"),
    },
    "remote_method": {
        "vpn": ("VPN", "VPN"),
        "rdp": ("RDP", "RDP"),
        "ssh": ("SSH", "SSH"),
        "teamviewer": ("TeamViewer", "TeamViewer"),
        "anydesk": ("AnyDesk", "AnyDesk"),
        "web": ("veb-pristup", "web access"),
        "other": ("drugo", "other"),
    },
    "entity_class": {
        "key": ("ključni subjekt", "key entity"),
        "important": ("važni subjekt", "important entity"),
        "other": ("drugi subjekt", "other entity"),
        "unknown": ("nije utvrđeno", "not determined"),
    },
    "zone_kind": {
        "internet": ("internet", "internet"),
        "government_network": ("mreža državnih organa", "government network"),
        "partner": ("mreža partnera", "partner network"),
        "cloud": ("računarstvo u oblaku", "cloud"),
        "dmz": ("DMZ", "DMZ"),
        "internal": ("interna mreža", "internal network"),
        "server": ("serverska zona", "server zone"),
        "management": ("upravljačka mreža", "management network"),
        "backup": ("mreža za rezervne kopije", "backup network"),
        "guest": ("mreža za goste", "guest network"),
        "wireless": ("bežična mreža", "wireless network"),
        "voip": ("VoIP mreža", "VoIP network"),
        "iot": ("IoT mreža", "IoT network"),
        "vpn": ("VPN", "VPN"),
    },
    "asset_kind": {
        "server": ("server", "server"),
        "workstation": ("radna stanica", "workstation"),
        "laptop": ("laptop", "laptop"),
        "router": ("ruter", "router"),
        "switch": ("svič", "switch"),
        "firewall": ("zaštitni zid", "firewall"),
        "wireless_ap": ("bežična pristupna tačka", "wireless access point"),
        "nas": ("mrežno skladište (NAS)", "network storage (NAS)"),
        "printer": ("štampač", "printer"),
        "phone": ("telefon", "phone"),
        "iot": ("IoT uređaj", "IoT device"),
        "camera": ("kamera", "camera"),
        "hypervisor": ("hipervizor", "hypervisor"),
        "cloud_service": ("usluga u oblaku", "cloud service"),
        "application": ("aplikacija", "application"),
        "database": ("baza podataka", "database"),
        "website": ("veb-sajt", "website"),
    },
}


def label(group: str, value: object, lang: str | Lang) -> str:
    """The label of an enum value in ``lang``; an unknown value is shown as it is (never lost)."""
    code = as_lang(lang)
    raw = value.value if isinstance(value, Enum) else value
    entry = _LABELS.get(group, {}).get(str(raw))
    if entry is None:
        return str(raw)
    return entry[0] if code is Lang.cnr else entry[1]


def yes_no(value: bool, lang: str | Lang) -> str:
    """``da``/``ne`` or ``yes``/``no``."""
    return label("yesno", "yes" if value else "no", lang)


def pick(lang: str | Lang, cnr: str, en: str) -> str:
    """One of two inline strings by language (for short generated phrases)."""
    return cnr if as_lang(lang) is Lang.cnr else en
