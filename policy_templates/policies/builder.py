"""Builds the docxtpl template of a policy in a language from its written content and annex layout.

Skeleton of every policy (SANS structure + Montenegrin internal-act
conventions): title page, document control, draft note, 1 purpose, 2 scope,
3 terms, 4 legal basis, 5 roles, 6 numbered requirements, 7 compliance and
exceptions, 8 review, 9 revision history, then the annexes, which are tables
filled from the analysis (``annex.*`` in the context).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from policy_templates.docxkit import TemplateBuilder
from policy_templates.i18n import Lang, pick
from policy_templates.policies.common import COMMON
from policy_templates.policies.spec import Block, Bullets, Para, PolicyText, When

AnnexLayout = Callable[[TemplateBuilder, Lang], None]


@dataclass(frozen=True)
class PolicyDef:
    """One of the six policies: number, file slug, titles, written text per language and annex layout."""

    number: int
    slug: str
    title: dict[Lang, str]
    text: dict[Lang, PolicyText]
    annexes: AnnexLayout
    annex_count: int  # annexes drawn by ``annexes``; the treatment-plan annex comes after them


def _blocks(b: TemplateBuilder, blocks: Sequence[Block]) -> None:
    for block in blocks:
        if isinstance(block, Para):
            b.para(block.text)
        elif isinstance(block, Bullets):
            b.bullets(block.items)
        else:
            _when(b, block)


def _when(b: TemplateBuilder, block: When) -> None:
    b.if_block_start(block.condition)
    _blocks(b, block.blocks)
    if block.otherwise:
        b.else_block()
        _blocks(b, block.otherwise)
    b.if_block_end()


def _loop_bullets(b: TemplateBuilder, items: str, text: str) -> None:
    """One bullet per item of a context list: ``{%p for %}`` around a bulleted paragraph."""
    b.control("{%p for x in " + items + " %}")
    b.bullets([text])
    b.control("{%p endfor %}")


def annex_table(
    b: TemplateBuilder,
    lang: Lang,
    *,
    items: str,
    headers: Sequence[str],
    cells: Sequence[str],
    widths_cm: Sequence[float] | None = None,
) -> None:
    """An annex table over ``items`` (a context list), or the "none found" sentence when it is empty."""
    b.if_block_start(items)
    b.loop_table(headers, cells, items=items, widths_cm=widths_cm)
    b.else_block()
    b.para(COMMON[lang].none_found, italic=True)
    b.if_block_end()


def build_policy(policy: PolicyDef, lang: Lang) -> TemplateBuilder:
    """The template of ``policy`` in ``lang`` (not yet saved)."""
    common = COMMON[lang]
    text = policy.text[lang]
    b = TemplateBuilder(lang)
    b.header_footer("{{ m.name }} · {{ doc.number }} · {{ doc.status }}", "{{ doc.number }}", common.page_word,
                    common.of_word)
    b.title_page(
        policy.title[lang],
        "{{ m.name }}",
        ["{{ doc.number }} · " + pick(lang, "verzija", "version") + " {{ doc.version }}", "{{ doc.status }}",
         "{{ doc.date }}"],
    )
    b.heading(common.control_title, 1)
    keys = ("title", "number", "version", "status", "date", "owner", "approver", "next_review", "basis")
    b.key_value_table([(lbl, "{{ doc." + k + " }}") for lbl, k in zip(common.control_labels, keys, strict=True)])
    b.para(common.draft_banner, italic=True)
    b.para(common.generated_note, italic=True)

    b.heading(common.headings["purpose"], 1)
    _blocks(b, text.purpose)

    b.heading(common.headings["scope"], 1)
    _blocks(b, common.scope_intro)
    b.if_block_start("scope.units")
    b.para(common.units_lead)
    _loop_bullets(b, "scope.units", "{{ x }}")
    b.if_block_end()
    b.if_block_start("scope.zones")
    b.para(common.zones_lead)
    _loop_bullets(b, "scope.zones", "{{ x.name }} ({{ x.kind }})")
    b.if_block_end()
    b.if_block_start("scope.systems")
    b.para(common.systems_lead)
    _loop_bullets(b, "scope.systems", "{{ x.name }} ({{ x.kind }})")
    b.if_block_end()
    _blocks(b, text.scope)

    b.heading(common.headings["definitions"], 1)
    for term, meaning in text.definitions:
        b.para(meaning, bold_prefix=term + " –")

    b.heading(common.headings["legal"], 1)
    b.para(common.legal_intro)
    b.bullets(common.legal_acts)
    b.para(common.legal_note, italic=True)
    b.para(common.references_lead)
    b.bullets(text.references)

    b.heading(common.headings["roles"], 1)
    b.para(common.roles_lead)
    for role, duty in text.roles:
        b.para(duty, bold_prefix=role + ":")

    b.heading(common.headings["requirements"], 1)
    for i, chapter in enumerate(text.requirements, start=1):
        b.heading(f"6.{i}. {chapter.title}", 2)
        if chapter.intro:
            b.para(chapter.intro)
        for j, requirement in enumerate(chapter.requirements, start=1):
            b.requirement(f"6.{i}.{j}.", requirement)

    b.heading(common.headings["compliance"], 1)
    _blocks(b, common.compliance)
    _blocks(b, text.compliance)
    plan_annex = policy.annex_count + 1
    b.if_block_start("plan")
    b.para(common.plan_note.replace("§N", str(plan_annex)))
    b.if_block_end()

    b.heading(common.headings["review"], 1)
    _blocks(b, common.review)

    b.heading(common.headings["revisions"], 1)
    b.loop_table(
        common.revision_headers,
        ["{{ r.version }}", "{{ r.date }}", "{{ r.author }}", "{{ r.description }}"],
        items="revisions",
        widths_cm=(2.0, 3.0, 3.0, 8.6),
    )

    b.page_break()
    b.heading(common.headings["annexes"], 1)
    policy.annexes(b, lang)
    b.heading(f"{common.annex_word} {plan_annex}. {common.plan_heading}", 2)
    annex_table(
        b, lang, items="plan", headers=common.plan_headers,
        cells=["{{ r.rank }}", "{{ r.control }}", "{{ r.title }}", "{{ r.effort }}", "{{ r.risks }}", "{{ r.level }}",
               "{{ r.where }}"],
        widths_cm=(0.8, 2.8, 3.8, 1.8, 1.4, 1.8, 4.2),
    )
    return b
