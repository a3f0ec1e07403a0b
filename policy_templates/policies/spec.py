"""The shape of a policy's written content (one :class:`PolicyText` per policy and language).

The prose lives in ``policy_templates/policies/text_*.py`` as plain data; the
builder (:mod:`policy_templates.policies.builder`) turns it into a docxtpl
template. Texts may contain Jinja placeholders of the document's context
(``{{ m.name }}``, ``{{ p.early_warning }}``...); they must never contain a
literal ``{%`` or ``{#``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    """A paragraph of prose."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class When:
    """Blocks kept only when ``condition`` (a Jinja expression over the context, no ``%``/``}``) is true."""

    condition: str
    blocks: tuple[Para | Bullets, ...]
    otherwise: tuple[Para | Bullets, ...] = ()


Block = Para | Bullets | When


@dataclass(frozen=True)
class Chapter:
    """A numbered sub-chapter of the requirements: an optional intro and numbered requirements."""

    title: str
    requirements: tuple[str, ...]
    intro: str = ""


@dataclass(frozen=True)
class PolicyText:
    """Everything written by hand for one policy in one language."""

    purpose: tuple[Block, ...]
    scope: tuple[Block, ...]
    definitions: tuple[tuple[str, str], ...]
    references: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]
    requirements: tuple[Chapter, ...]
    compliance: tuple[Block, ...] = field(default_factory=tuple)
