"""The six policies: registry, templates, contexts and writing the documents.

Public entry points:

* :func:`write_policies` – render the policies of one municipality in one
  language into a directory (``<CODE>-POL-0N-<slug>.<lang>.docx``);
* :func:`render_policy` – one policy as .docx bytes;
* :func:`build_templates` – (re)build the committed templates from code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from asset_models.fsutil import atomic_write_bytes, ensure_dir
from asset_models.models import Inventory
from policy_templates.i18n import Lang, as_lang
from policy_templates.policies.context import (
    BaseContext,
    policy1_context,
    policy2_context,
    policy3_context,
    policy4_context,
    policy5_context,
    policy6_context,
)
from policy_templates.policies.registry import (
    POLICIES,
    TEMPLATE_DIR,
    build_templates,
    check_numbers,
    file_name,
    template_path,
)
from policy_templates.render import CoreProperties, render_docx_bytes
from risk_analyzer.result import AnalysisResult
from threat_catalog.models import Catalog

__all__ = [
    "CONTEXTS",
    "POLICIES",
    "build_templates",
    "file_name",
    "policy_context",
    "render_policy",
    "template_path",
    "write_policies",
]

ContextBuilder = Callable[[Inventory, AnalysisResult, Catalog | None, Lang], BaseContext]

CONTEXTS: dict[int, ContextBuilder] = {
    1: policy1_context,
    2: policy2_context,
    3: policy3_context,
    4: policy4_context,
    5: policy5_context,
    6: policy6_context,
}


def policy_context(
    number: int, inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> BaseContext:
    """The typed render context of policy ``number``."""
    return CONTEXTS[number](inventory, result, catalog, as_lang(lang))


def render_policy(
    number: int,
    inventory: Inventory,
    result: AnalysisResult,
    catalog: Catalog | None,
    lang: str | Lang,
    *,
    template_dir: Path = TEMPLATE_DIR,
) -> bytes:
    """Policy ``number`` for this municipality in ``lang``, as .docx bytes."""
    code = as_lang(lang)
    context = policy_context(number, inventory, result, catalog, code)
    core = CoreProperties(
        title=f"{context.doc.title} – {context.m.name}",
        when=result.as_of,
        subject=context.doc.number,
        language=code.value,
    )
    return render_docx_bytes(
        template_path(number, code, template_dir), context.model_dump(mode="python"), lang=code, core=core
    )


def write_policies(
    inventory: Inventory,
    result: AnalysisResult,
    catalog: Catalog | None,
    lang: str | Lang,
    out_dir: str | Path,
    *,
    only: Iterable[int] | None = None,
    template_dir: Path = TEMPLATE_DIR,
) -> list[Path]:
    """Write the policies (all six, or ``only``) into ``out_dir``; returns the files in number order."""
    code = as_lang(lang)
    target = ensure_dir(out_dir)
    written = []
    for number in check_numbers(only):
        data = render_policy(number, inventory, result, catalog, code, template_dir=template_dir)
        written.append(atomic_write_bytes(target / file_name(inventory.municipality.code, number, code), data))
    return written
