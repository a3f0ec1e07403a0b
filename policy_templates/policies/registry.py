"""The six policies as content: number, slug and title come from the front matter of the content files.

* :func:`policies` – number -> :class:`PolicyInfo` in a language;
* :func:`policy_title`, :func:`file_name`, :func:`check_numbers`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from asset_models.errors import InputError, Place, Problem, UsageProblem
from asset_models.i18n import get_language, transliterate_cnr
from policy_templates.content import _content_dir, document_names, missing_content, read_file
from policy_templates.i18n import Lang, as_lang

NUMBERS = (1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class PolicyInfo:
    number: int
    slug: str
    name: str  # content file stem: pol-05-incident-management
    title: str


@cache
def _policies(code: str) -> dict[int, PolicyInfo]:
    lang = get_language(code)
    source = lang.derived_from or lang.code
    folder = _content_dir(source)
    if folder is None:
        raise missing_content(code)
    found: dict[int, PolicyInfo] = {}
    for name in document_names("policies", source):
        path = folder / "policies" / f"{name}.md" if folder else None
        front, _ = read_file(path) if path else ({}, [])
        number, slug, title = front.get("number"), front.get("slug"), front.get("title")
        if not isinstance(number, int) or not isinstance(slug, str) or not isinstance(title, str):
            raise InputError("invalid content file", [Problem(Place(file=str(path), line=1),
                             "front matter needs number (1-6), slug and title")])
        if lang.transform == "cyrillic":
            title = transliterate_cnr(title, lang)
        found[number] = PolicyInfo(number=number, slug=slug, name=name, title=title)
    return found


def policies(lang: str | Lang) -> dict[int, PolicyInfo]:
    """The policies of language ``lang`` by number."""
    return _policies(as_lang(lang).code)


def policy_title(number: int, lang: str | Lang) -> str:
    return policies(lang)[number].title


def check_numbers(only: Iterable[int] | None) -> list[int]:
    """The policy numbers to produce (all when ``only`` is empty); a usage error for unknown numbers."""
    numbers = sorted(set(only or NUMBERS))
    unknown = [n for n in numbers if n not in NUMBERS]
    if unknown:
        raise UsageProblem(f"unknown policy number {unknown[0]}", hint="policies are numbered 1 to 6")
    return numbers


def file_name(code: str, number: int, lang: str | Lang) -> str:
    """``PRIMJER-POL-01-information-security.cnr.docx``."""
    doc_lang = as_lang(lang)
    return f"{code}-POL-{number:02d}-{policies(doc_lang)[number].slug}.{doc_lang.code}.docx"
