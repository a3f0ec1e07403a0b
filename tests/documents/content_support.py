"""Helpers of the document tests that read the content files."""

from __future__ import annotations

import re

from policy_templates.content import load_document
from policy_templates.i18n import Lang
from policy_templates.policies.generate import load_policy
from policy_templates.policies.registry import NUMBERS, policies

__all__ = ["NUMBERS", "annex_heading", "content_text", "last_annex_prefix", "none_found", "policy_title", "prose_words"]
WORD = re.compile(r"\w+")


def content_text(lang: Lang, block_id: str, number: int = 1) -> str:
    return load_policy(number, lang).text(block_id)


def annex_heading(lang: Lang, number: int) -> str:
    return content_text(lang, f"pol-{number:02d}.annexes", number)


def none_found(lang: Lang) -> str:
    return content_text(lang, "common.none")


def policy_title(lang: Lang, number: int) -> str:
    return policies(lang)[number].title


def last_annex_prefix(lang: Lang, number: int) -> str:
    """``Prilog 5.``: the plan annex follows the annexes of the front matter."""
    doc = load_policy(number, lang)
    word = str(doc.front["annexes"][0]).split(" ")[0]
    return f"{word} {len(doc.front['annexes']) + 1}."


def prose_words(lang: Lang, number: int) -> int:
    """Words of the written prose (headings, paragraphs, items) without any inventory data."""
    doc = load_document("policies", policies(lang)[number].name, lang.code)
    return sum(len(WORD.findall(b.bold_prefix + " " + b.text)) for b in doc.blocks
               if b.kind in ("heading", "para", "bullet", "item") and "annex" not in (b.id or ""))
