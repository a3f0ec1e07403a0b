"""How far the catalogue covers a framework: every requirement with its mapping status.

``lsgrisk catalog coverage FRAMEWORK`` prints these rows. A requirement is
``mapped`` when catalogue controls or measures stand behind it,
``not_applicable`` when the catalogue says why it does not apply to a
municipality, and ``unmapped`` otherwise. One mapping chain feeds every
framework:

* NIS2 Art. 21(2) items: the ``nis2`` lists of controls and measures;
* Implementing Regulation (EU) 2024/2690: the requirements' own ``controls`` and
  ``measures`` (sections are summary rows);
* ISO/IEC 27001:2022 Annex A: the ``iso27001`` lists of controls and measures;
* CIS Controls v8 IG1: the ``cis_ig1`` lists of controls.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from threat_catalog.models import Catalog
from threat_catalog.rules import Text


class Framework(str, Enum):
    nis2 = "nis2"
    eu_2024_2690 = "eu-2024-2690"
    iso27001_2022 = "iso27001-2022"
    cis_ig1 = "cis-ig1"


class Status(str, Enum):
    mapped = "mapped"
    not_applicable = "not_applicable"
    unmapped = "unmapped"


@dataclass(frozen=True)
class CoverageRow:
    id: str
    title: Text
    status: Status
    controls: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    reason: Text | None = None
    kind: str = "requirement"  # 'section' for the summary rows of 2024/2690
    small_office: bool = False


@dataclass(frozen=True)
class CoverageSummary:
    requirements: int
    mapped: int
    not_applicable: int
    unmapped: int
    sections: int

    @property
    def unmapped_share(self) -> float:
        """Unmapped requirements as a fraction of all requirements (section rows not counted)."""
        return self.unmapped / self.requirements if self.requirements else 0.0


def _status(controls: tuple[str, ...], measures: tuple[str, ...], reason: Text | None) -> Status:
    if controls or measures:
        return Status.mapped
    return Status.not_applicable if reason is not None else Status.unmapped


def _row(id_: str, title: Text, controls: list[str], measures: list[str], reason: Text | None = None) -> CoverageRow:
    c, m = tuple(sorted(set(controls))), tuple(sorted(set(measures)))
    return CoverageRow(id_, title, _status(c, m, reason), c, m, reason if not (c or m) else None)


def coverage(catalog: Catalog, framework: Framework | str) -> list[CoverageRow]:
    """Every requirement of a framework, in its own order, with the catalogue entries behind it."""
    framework = Framework(framework)
    if framework is Framework.nis2:
        return [
            _row(
                item.id.value,
                item.title,
                [c.id for c in catalog.controls_for_nis2(item.id)],
                [m.id for m in catalog.measures_for_nis2(item.id)],
            )
            for item in catalog.frameworks.nis2_items
        ]
    if framework is Framework.eu_2024_2690:
        return _annex_rows(catalog)
    if framework is Framework.iso27001_2022:
        return [
            _row(
                item.id,
                item.title,
                [c.id for c in catalog.controls if item.id in c.iso27001],
                [m.id for m in catalog.measures if item.id in m.iso27001],
                item.not_applicable,
            )
            for item in catalog.standards.iso27001
        ]
    return [
        _row(item.id, item.title, [c.id for c in catalog.controls if item.id in c.cis_ig1], [], item.not_applicable)
        for item in catalog.standards.cis_ig1
    ]


def _annex_rows(catalog: Catalog) -> list[CoverageRow]:
    rows: list[CoverageRow] = []
    for section in catalog.standards.eu2690_sections:
        requirements = catalog.requirements_in(section.id)
        controls = tuple(sorted({c for r in requirements for c in r.controls}))
        measures = tuple(sorted({m for r in requirements for m in r.measures}))
        if controls or measures:
            status = Status.mapped
        elif requirements and all(r.not_applicable is not None for r in requirements):
            status = Status.not_applicable
        else:
            status = Status.unmapped
        rows.append(CoverageRow(str(section.id), section.title, status, controls, measures, kind="section"))
        for requirement in requirements:
            row = _row(
                requirement.id,
                requirement.title,
                list(requirement.controls),
                list(requirement.measures),
                requirement.not_applicable,
            )
            rows.append(
                CoverageRow(
                    row.id,
                    row.title,
                    row.status,
                    row.controls,
                    row.measures,
                    row.reason,
                    small_office=requirement.small_office,
                )
            )
    return rows


def summarise(rows: list[CoverageRow]) -> CoverageSummary:
    items = [r for r in rows if r.kind != "section"]
    return CoverageSummary(
        requirements=len(items),
        mapped=sum(1 for r in items if r.status is Status.mapped),
        not_applicable=sum(1 for r in items if r.status is Status.not_applicable),
        unmapped=sum(1 for r in items if r.status is Status.unmapped),
        sections=len(rows) - len(items),
    )
