"""The parts of the threat catalogue the report prints: the risk matrix and threat names.

The report reads the catalogue through this small view so that the rest of
the package works with plain, typed values (:class:`MatrixSpec`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policy_templates.i18n import Lang, as_lang
from threat_catalog.models import Catalog, ScalePoint
from threat_catalog.rules import Text


@dataclass(frozen=True)
class ScaleItem:
    value: int
    label: dict[str, str]  # lang -> text
    description: dict[str, str]


@dataclass(frozen=True)
class MatrixSpec:
    levels: list[str]  # lowest first
    labels: dict[str, dict[str, str]]  # level -> lang -> label
    colours: dict[str, str]  # level -> "#RRGGBB"
    likelihood: list[ScaleItem]  # 1..5
    impact: list[ScaleItem]
    grid: list[list[str]]  # grid[l-1][i-1] -> level id
    need_impact: dict[str, int]  # need level -> impact


def _text(value: Text) -> dict[str, str]:
    return {"en": value.en, "cnr": value.cnr, "sq": value.sq}


def _scale(points: Iterable[ScalePoint]) -> list[ScaleItem]:
    return [ScaleItem(value=p.value, label=_text(p.label), description=_text(p.description))
            for p in sorted(points, key=lambda p: p.value)]


def matrix_spec(catalog: Catalog) -> MatrixSpec:
    """The risk matrix of ``catalog`` as plain values."""
    matrix = catalog.matrix
    levels = sorted(matrix.levels, key=lambda level: level.id.rank)
    return MatrixSpec(
        levels=[level.id.value for level in levels],
        labels={level.id.value: _text(level.label) for level in levels},
        colours={level.id.value: level.colour.upper() for level in levels},
        likelihood=_scale(matrix.likelihood),
        impact=_scale(matrix.impact),
        grid=[[cell.value for cell in row] for row in matrix.grid],
        need_impact={need.value: value for need, value in sorted(matrix.need_impact.items(), key=lambda kv: kv[1])},
    )


def threat_names(catalog: Catalog, lang: str | Lang) -> dict[str, str]:
    """Threat id -> title in ``lang``."""
    code = as_lang(lang)
    return {t.id: code.script(getattr(t.title, code.value)) for t in catalog.threats}
