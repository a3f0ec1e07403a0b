"""Legal parameters (``content/legal-parameters.yaml``) and the form of a municipal act.

* :func:`parameters` – the versioned parameters, each with ``confirmed`` and ``source``;
* :func:`law_context` – their texts in a language: a confirmed value as it is, an unconfirmed one as a
  fill-in field (:data:`FILL_OPEN` ... :data:`FILL_CLOSE`, highlighted in the .docx by
  :func:`policy_templates.fillin.highlight_fill_ins`), and the checklist rows of what to confirm;
* :func:`act_context` – issuer, place, number, date, statute and repeal of an act of the municipality.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from asset_models.errors import InputError, Place, Problem
from asset_models.models import Municipality, MunicipalityKind
from policy_templates.content import BUNDLED
from policy_templates.fillin import FILL_BLANK, fill_in
from policy_templates.i18n import Lang, as_lang, format_number, label
from threat_catalog.models import Catalog

PARAMETERS_FILE = BUNDLED / "legal-parameters.yaml"


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str | dict[str, str] | None = None
    amount: float | None = Field(default=None, gt=0)
    unit: Literal["hours", "days", "months"] | None = None
    confirmed: bool
    source: str = Field(min_length=1)
    check: dict[str, str]


class Parameters(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    updated: date
    parameters: dict[str, Parameter]


@cache
def _load(path: Path) -> Parameters:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        params = Parameters.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError("cannot read the legal parameters", [Problem(Place(file=str(path)), str(exc))]) from None
    except ValidationError as exc:
        raise InputError("invalid legal parameters", [
            Problem(Place(file=str(path)), f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}")
            for e in exc.errors()]) from None
    for key, param in params.parameters.items():
        if (param.amount is None) != (param.unit is None) or (param.amount is not None and param.value is not None):
            raise InputError("invalid legal parameters", [Problem(Place(file=str(path)),
                             f"{key}: a deadline has amount and unit, any other parameter a value")])
    return params


def parameters() -> Parameters:
    """The bundled legal parameters (read once per process)."""
    return _load(PARAMETERS_FILE)


class LawCtx(BaseModel):
    """The texts of the legal parameters in one language (unconfirmed ones as fill-in fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zib_gazette: str
    zib_article: str
    zls_gazette: str
    zls_article: str
    entry_into_force_day: str
    gazette_in: str
    incident_early_warning: str
    incident_notification: str
    incident_final_report: str
    incident_authority: str
    incident_authority_contact: str
    supervisory_authority: str
    dpa: str
    local_servants_law: str
    data_secrecy_law: str
    version: str


class CheckRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    value: str
    source: str


def _pick(texts: dict[str, str], code: Lang) -> str:
    lang = code.language
    for candidate in (lang.derived_from or lang.code, lang.fallback, "en", "cnr"):
        if candidate and candidate in texts:
            return code.script(texts[candidate])
    return next(iter(texts.values()))


def _plain(param: Parameter, code: Lang) -> str:
    if param.amount is not None and param.unit is not None:
        n = int(param.amount) if param.amount == int(param.amount) else None
        if n is None:
            return format_number(param.amount, code)
        if param.unit == "months" and n == 1:
            return label("deadline", "one_month", code)
        noun = {"hours": "hour", "days": "day", "months": "month"}[param.unit]
        return code.tr.npgettext("count", noun, noun + "s", n).replace("{n}", format_number(n, code))
    if param.value is None:
        return ""
    return param.value if isinstance(param.value, str) else _pick(param.value, code)


def law_context(lang: str | Lang, catalog: Catalog | None = None) -> tuple[LawCtx, list[CheckRow]]:
    """The parameters in ``lang`` and the checklist of the unconfirmed ones.

    A deadline that a catalogue overlay sets (``legal_parameters`` with the same key) replaces the bundled
    one, with its ``confirmed`` and ``source``: a municipality that confirmed a deadline keeps it in its overlay.
    """
    code = as_lang(lang)
    params = parameters()
    texts: dict[str, str] = {}
    checks: list[CheckRow] = []
    overlay = {p.id: p for p in catalog.frameworks.legal_parameters} if catalog is not None else {}
    for key, param in params.parameters.items():
        if key in overlay and param.amount is not None:
            own = overlay[key]
            update: dict[str, object] = {"amount": float(own.value), "unit": own.unit.value,
                                         "confirmed": own.confirmed or param.confirmed}
            if own.confirmed and own.source:
                update["source"] = own.source  # where the municipality confirmed it
            param = param.model_copy(update=update)
        plain = _plain(param, code)
        texts[key] = plain if param.confirmed and plain else fill_in(plain)
        if not param.confirmed:
            checks.append(CheckRow(item=_pick(param.check, code), value=plain or FILL_BLANK,
                                   source=code.script(param.source)))
    texts["version"] = f"{params.version} ({params.updated.isoformat()})"
    return LawCtx.model_validate(texts), checks


# --------------------------------------------------------------------------- the act


class ActCtx(BaseModel):
    """Who issues the act, where and under which number; blanks are fill-in fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str  # predsjednik opštine | gradonačelnik
    issuer_acc: str  # predsjednika opštine | gradonačelnika
    issuer_dat: str  # predsjedniku opštine | gradonačelniku
    signatory: str  # PREDSJEDNIK OPŠTINE
    head_name: str
    name_gen: str  # Opštine Primjer (the municipality's name after "Statuta")
    place: str
    number: str
    date: str
    statute: str
    statute_article: str
    repeals: str  # '' when the inventory names no earlier act
    officer: str


#: Montenegrin genitive of the first word of the official names (Statuta Opštine Primjer)
_GENITIVE = (("Opština ", "Opštine "), ("Glavni grad ", "Glavnog grada "), ("Prijestonica ", "Prijestonice "))
_PLACE = re.compile(r"^(?:Opština|Glavni grad|Prijestonica)\s+", re.IGNORECASE)


def act_context(mun: Municipality, lang: str | Lang) -> ActCtx:
    code = as_lang(lang)
    kind = mun.kind or MunicipalityKind.municipality
    name_gen = mun.name
    if (code.language.derived_from or code.code) == "cnr":
        for nominative, genitive in _GENITIVE:
            if mun.name.startswith(nominative):
                name_gen = genitive + mun.name[len(nominative):]
    place = _PLACE.sub("", mun.name).strip() or mun.name
    officer = mun.security_officer.name if mun.security_officer else ""
    return ActCtx(
        issuer=label("issuer", kind, code),
        issuer_acc=label("issuer_acc", kind, code),
        issuer_dat=label("issuer_dat", kind, code),
        signatory=label("signatory", kind, code),
        head_name=mun.head.name if mun.head else fill_in(""),
        name_gen=name_gen,
        place=place,
        number=fill_in(""),
        date=fill_in(""),
        statute=mun.statute or fill_in(""),
        statute_article=mun.statute_article or fill_in(""),
        repeals=mun.repeals or "",
        officer=officer or fill_in(""),
    )
