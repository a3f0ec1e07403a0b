"""The registry of the six policies and their templates (no dependency on the analysis).

* :data:`POLICIES` – number -> :class:`PolicyDef`;
* :func:`build_templates` – (re)build the committed templates from code;
* :func:`template_path`, :func:`file_name`, :func:`check_numbers`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from asset_models.errors import UsageProblem
from asset_models.fsutil import ensure_dir
from policy_templates.i18n import LANGS, Lang, as_lang
from policy_templates.policies import (
    pol1_security,
    pol2_interop,
    pol3_access,
    pol4_backup,
    pol5_incident,
    pol6_assets,
)
from policy_templates.policies.builder import PolicyDef, build_policy

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "policies"

POLICIES: dict[int, PolicyDef] = {
    p.number: p
    for p in (
        pol1_security.POLICY,
        pol2_interop.POLICY,
        pol3_access.POLICY,
        pol4_backup.POLICY,
        pol5_incident.POLICY,
        pol6_assets.POLICY,
    )
}


def template_path(number: int, lang: str | Lang, directory: Path = TEMPLATE_DIR) -> Path:
    """Where the template of policy ``number`` in ``lang`` lives."""
    return directory / f"pol-{number:02d}.{as_lang(lang).value}.docx"


def build_templates(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Build every policy template (six policies × two languages) into ``directory``; byte-reproducible."""
    ensure_dir(directory)
    written = []
    for number, policy in sorted(POLICIES.items()):
        for lang in LANGS:
            builder = build_policy(policy, lang)
            written.append(builder.save(template_path(number, lang, directory), policy.title[lang]))
    return written


def check_numbers(only: Iterable[int] | None) -> list[int]:
    """The policy numbers to produce (all when ``only`` is empty); a usage error for unknown numbers."""
    numbers = sorted(set(only or POLICIES))
    unknown = [n for n in numbers if n not in POLICIES]
    if unknown:
        raise UsageProblem(f"unknown policy number {unknown[0]}", hint="policies are numbered 1 to 6")
    return numbers


def file_name(code: str, number: int, lang: str | Lang) -> str:
    """``PRIMJER-POL-01-information-security.cnr.docx``."""
    return f"{code}-POL-{number:02d}-{POLICIES[number].slug}.{as_lang(lang).value}.docx"
