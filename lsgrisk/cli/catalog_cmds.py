"""Commands that browse the threat catalogue: ``catalog list``, ``show``, ``coverage`` (and ``explain``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from asset_models.errors import UsageProblem
from asset_models.vocabulary import suggestion
from lsgrisk.cli.common import terminal_text
from threat_catalog.coverage import CoverageRow, Framework, coverage, summarise
from threat_catalog.loader import load_catalog
from threat_catalog.models import Catalog, Control, EntryKind, Lang, Measure, Requirement, Rule, Tactic, Text, Threat

F = TypeVar("F", bound=Callable[..., Any])

#: labels of the printed fields, (English, Montenegrin)
LABELS: dict[str, tuple[str, str]] = {
    "threats": ("Threats", "Prijetnje"),
    "controls": ("Controls", "Kontrole"),
    "measures": ("Measures", "Mjere"),
    "rules": ("Rules", "Pravila"),
    "threat": ("threat", "prijetnja"),
    "control": ("control", "kontrola"),
    "measure": ("measure", "mjera"),
    "rule": ("rule", "pravilo"),
    "description": ("Description", "Opis"),
    "source": ("Source", "Izvor"),
    "bsi": ("BSI IT-Grundschutz elementary threat", "BSI IT-Grundschutz elementarna prijetnja"),
    "municipal": ("municipal threat", "prijetnja specifična za opštine"),
    "cia": ("Properties affected", "Ugrožena svojstva"),
    "confidentiality": ("confidentiality", "povjerljivost"),
    "integrity": ("integrity", "cjelovitost"),
    "availability": ("availability", "dostupnost"),
    "tactics": ("MITRE ATT&CK tactics", "MITRE ATT&CK taktike"),
    "enisa": ("ENISA threat category", "ENISA kategorija prijetnje"),
    "law_areas": (
        "Law on Information Security (2024), measure areas",
        "Zakon o informacionoj bezbjednosti (2024), oblasti mjera",
    ),
    "article_unconfirmed": ("article number not confirmed", "broj člana nije potvrđen"),
    "nis2": ("NIS2 Art. 21(2)", "NIS2 čl. 21(2)"),
    "iso": ("ISO/IEC 27001:2022 Annex A", "ISO/IEC 27001:2022 Aneks A"),
    "cis": ("CIS Controls v8 IG1", "CIS Controls v8 IG1"),
    "unconfirmed": ("numbering not confirmed", "numeracija nije potvrđena"),
    "policy": ("Policy", "Politika"),
    "effort": ("Effort", "Napor"),
    "quick_win": ("quick win", "brza mjera"),
    "project": ("project", "projekat"),
    "technical": ("technical", "tehnička"),
    "organisational": ("organisational", "organizaciona"),
    "kind": ("Kind", "Vrsta"),
    "subject": ("Subject", "Predmet"),
    "likelihood": ("Base likelihood", "Osnovna vjerovatnoća"),
    "condition": ("Condition", "Uslov"),
    "evidence": ("Evidence", "Dokaz"),
    "false_positives": ("False positives", "Lažno pozitivni nalazi"),
    "none": ("none", "nema"),
    "related_rules": ("Rules that use it", "Pravila koja je koriste"),
    "related_measures": ("Measures", "Mjere"),
    "related_controls": ("Related controls", "Povezane kontrole"),
    "eu-2024-2690": ("Implementing Regulation (EU) 2024/2690, Annex", "Sprovedbena uredba (EU) 2024/2690, Aneks"),
    "iso27001-2022": ("ISO/IEC 27001:2022 Annex A", "ISO/IEC 27001:2022 Aneks A"),
    "cis-ig1": ("CIS Controls v8 IG1 (safeguard ids not confirmed)", "CIS Controls v8 IG1 (oznake nisu potvrđene)"),
    "mapped": ("mapped", "mapirano"),
    "not_applicable": ("not applicable", "nije primjenljivo"),
    "unmapped": ("unmapped", "nije mapirano"),
    "requirements": ("requirements", "zahtjeva"),
    "in_sections": ("in {n} sections", "u {n} odjeljaka"),
    "unmapped_share": ("unmapped", "nije mapirano"),
    "small_office_mark": (
        "* small-office tier (essential for 1-2 IT staff)",
        "* osnovni nivo za malu kancelariju (1-2 IT lica)",
    ),
    "measures_short": ("measures", "mjere"),
    "requirement": ("2024/2690 requirement", "zahtjev iz Uredbe 2024/2690"),
    "annex_requirements": ("Implementing Regulation (EU) 2024/2690", "Sprovedbena uredba (EU) 2024/2690"),
    "section": ("Section", "Odjeljak"),
    "evidence_kinds": ("Evidence to show", "Dokazi koje treba pokazati"),
    "small_office": ("Small-office tier", "Osnovni nivo za malu kancelariju"),
    "na_reason": ("Not applicable", "Nije primjenljivo"),
    "yes": ("yes", "da"),
    "no": ("no", "ne"),
    "controls_short": ("controls", "kontrole"),
}


def label(key: str, lang: Lang) -> str:
    en, cnr = LABELS[key]
    return cnr if lang is Lang.cnr else en


def _text(value: Text, lang: Lang) -> str:
    return value.get(lang.value)


# --------------------------------------------------------------------------- shared options


def catalog_option(func: F) -> F:
    """``--catalog DIR``: an overlay directory applied over the bundled catalogue."""
    return click.option(
        "--catalog",
        "catalog_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Overlay directory with threats.yaml, controls.yaml, ... that add or override entries.",
    )(func)


def lang_option(func: F) -> F:
    """``--lang en|cnr``: the language of the texts."""
    return click.option(
        "--lang",
        type=click.Choice([lang.value for lang in Lang]),
        default=Lang.en.value,
        show_default=True,
        help="Language: en (English) or cnr (Montenegrin).",
    )(func)


# --------------------------------------------------------------------------- rendering (plain text)


def _join(values: Iterable[str], lang: Lang) -> str:
    items = list(values)
    return ", ".join(items) if items else label("none", lang)


def _titled(ids: Iterable[str], find: Callable[[str], Any], lang: Lang) -> list[str]:
    return [f"    {i} — {_text(find(i).title, lang)}" for i in ids]


def list_lines(catalog: Catalog, kinds: Iterable[EntryKind], lang: Lang) -> list[str]:
    """One section per kind: id and title, in catalogue order."""
    lines: list[str] = []
    for kind in kinds:
        entries = catalog.entries(kind)
        if lines:
            lines.append("")
        lines.append(f"{label(kind.value, lang)} ({len(entries)})")
        width = max((len(e.id) for e in entries), default=0)
        lines.extend(f"  {e.id:<{width}}  {_text(e.title, lang)}" for e in entries)
    return lines


def _tactic_name(tactic: Tactic) -> str:
    return tactic.name.replace("_", " ").title().replace(" And ", " and ")


def threat_lines(catalog: Catalog, threat: Threat, lang: Lang) -> list[str]:
    rules = catalog.rules_for_threat(threat.id)
    control_ids = sorted({c for r in rules for c in r.controls})
    lines = [
        f"{threat.id} — {_text(threat.title, lang)}  [{label('threat', lang)}]",
        f"  {label('source', lang)}: {label(threat.source.value, lang)}",
        f"  {label('description', lang)}: {_text(threat.description, lang)}",
        f"  {label('cia', lang)}: {_join((label(c.value, lang) for c in threat.cia), lang)}",
        f"  {label('tactics', lang)}: {_join((f'{t.value} {_tactic_name(t)}' for t in threat.attack_tactics), lang)}",
        f"  {label('enisa', lang)}: {threat.enisa.value}",
        f"  {label('rules', lang)}: {_join((r.id for r in rules), lang)}",
        f"  {label('related_controls', lang)}: {_join(control_ids, lang)}",
    ]
    return lines


def _mapping_lines(catalog: Catalog, entry: Control | Measure, lang: Lang) -> list[str]:
    fw = catalog.frameworks
    lines = [f"  {label('law_areas', lang)}:"]
    for area in catalog.law_areas_of(entry):
        article = area.article if area.article_confirmed and area.article else label("article_unconfirmed", lang)
        lines.append(f"    {area.id} — {_text(area.title, lang)} ({article})")
    lines.append(f"  {label('nis2', lang)}:")
    lines.extend(f"    ({n.value}) {_text(fw.nis2_item(n).title, lang)}" for n in entry.nis2)
    iso = _join(entry.iso27001, lang)
    if entry.iso27001 and not entry.iso_confirmed:
        iso += f" ({label('unconfirmed', lang)})"
    lines.append(f"  {label('iso', lang)}: {iso}")
    policy = fw.policy(entry.policy)
    lines.append(f"  {label('policy', lang)}: {policy.id} — {_text(policy.title, lang)}")
    if isinstance(entry, Control):
        requirements = catalog.requirements_for_control(entry.id)
    else:
        requirements = catalog.requirements_for_measure(entry.id)
    lines.append(f"  {label('annex_requirements', lang)}: {_join((r.id for r in requirements), lang)}")
    return lines


def control_lines(catalog: Catalog, control: Control, lang: Lang) -> list[str]:
    cis = _join(control.cis_ig1, lang)
    if control.cis_ig1 and not control.cis_confirmed:
        cis += f" ({label('unconfirmed', lang)})"
    measures = [m.id for m in catalog.measures if control.id in m.controls]
    return [
        f"{control.id} — {_text(control.title, lang)}  [{label('control', lang)}]",
        f"  {label('description', lang)}: {_text(control.description, lang)}",
        f"  {label('kind', lang)}: {label(control.kind.value, lang)}",
        f"  {label('effort', lang)}: {label(control.effort.value, lang)}, {control.effort_points}/5",
        *_mapping_lines(catalog, control, lang),
        f"  {label('cis', lang)}: {cis}",
        f"  {label('related_measures', lang)}: {_join(measures, lang)}",
        f"  {label('related_rules', lang)}: {_join((r.id for r in catalog.rules_for_control(control.id)), lang)}",
    ]


def measure_lines(catalog: Catalog, measure: Measure, lang: Lang) -> list[str]:
    lines = [
        f"{measure.id} — {_text(measure.title, lang)}  [{label('measure', lang)}]",
        f"  {label('description', lang)}: {_text(measure.description, lang)}",
        *_mapping_lines(catalog, measure, lang),
        f"  {label('related_controls', lang)}:" + ("" if measure.controls else f" {label('none', lang)}"),
    ]
    lines.extend(_titled(measure.controls, catalog.control, lang))
    return lines


def rule_lines(catalog: Catalog, rule: Rule, lang: Lang) -> list[str]:
    condition = yaml.safe_dump(
        rule.when.model_dump(by_alias=True, exclude_none=True, mode="json"),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
    )
    lines = [
        f"{rule.id} — {_text(rule.title, lang)}  [{label('rule', lang)}]",
        f"  {label('subject', lang)}: {rule.subject.value}",
        f"  {label('description', lang)}: {_text(rule.description, lang)}",
        f"  {label('likelihood', lang)}: {rule.likelihood}/5",
        f"  {label('threats', lang)}:",
        *_titled(rule.threats, catalog.threat, lang),
        f"  {label('controls', lang)}:",
        *_titled(rule.controls, catalog.control, lang),
        f"  {label('condition', lang)}:",
        *(f"    {line}" for line in condition.rstrip("\n").splitlines()),
        f"  {label('evidence', lang)}: {_text(rule.evidence, lang)}",
        f"  {label('false_positives', lang)}: {_text(rule.false_positives, lang)}",
    ]
    return lines


def requirement_lines(catalog: Catalog, requirement: Requirement, lang: Lang) -> list[str]:
    """A 2024/2690 requirement: its section, mapping or reason, evidence kinds and tier."""
    lines = [f"{requirement.id} — {_text(requirement.title, lang)}  [{label('requirement', lang)}]"]
    try:
        section = catalog.standards.section(requirement.section)
        nis2 = ", ".join(f"({n.value})" for n in section.nis2)
        lines.append(f"  {label('section', lang)}: {section.id} — {_text(section.title, lang)}; NIS2 {nis2}")
    except KeyError:
        pass
    if requirement.not_applicable is not None:
        lines.append(f"  {label('na_reason', lang)}: {_text(requirement.not_applicable, lang)}")
    else:
        lines.append(f"  {label('controls', lang)}:" + ("" if requirement.controls else f" {label('none', lang)}"))
        lines.extend(_titled(requirement.controls, catalog.control, lang))
        none = "" if requirement.measures else f" {label('none', lang)}"
        lines.append(f"  {label('related_measures', lang)}:{none}")
        lines.extend(_titled(requirement.measures, catalog.measure, lang))
    kinds = []
    for kind_id in requirement.evidence:
        try:
            kinds.append(_text(catalog.standards.evidence_kind(kind_id).title, lang))
        except KeyError:
            kinds.append(kind_id)
    lines.append(f"  {label('evidence_kinds', lang)}: {'; '.join(kinds)}")
    lines.append(f"  {label('small_office', lang)}: {label('yes' if requirement.small_office else 'no', lang)}")
    return lines


def show_lines(catalog: Catalog, entry_id: str, lang: Lang) -> list[str]:
    """Everything about the entries with this id (normally one), or a 2024/2690 requirement."""
    found = catalog.lookup(entry_id)
    requirement = next((r for r in catalog.requirements if r.id == entry_id), None)
    if requirement is not None and not found:
        return requirement_lines(catalog, requirement, lang)
    if not found:
        hint = suggestion(entry_id, catalog.all_ids())
        raise UsageProblem(
            f"no threat, control, measure, rule or 2024/2690 requirement '{entry_id}' in the catalogue",
            hint=hint or "list the ids with 'lsgrisk catalog list'",
        )
    lines: list[str] = []
    for _, entry in found:
        if lines:
            lines.append("")
        if isinstance(entry, Threat):
            lines += threat_lines(catalog, entry, lang)
        elif isinstance(entry, Control):
            lines += control_lines(catalog, entry, lang)
        elif isinstance(entry, Measure):
            lines += measure_lines(catalog, entry, lang)
        else:
            lines += rule_lines(catalog, entry, lang)
    return lines


def coverage_json(rows: list[CoverageRow], lang: Lang) -> str:
    """The coverage rows as a JSON list (id, title, status, controls, measures, reason, kind, small_office)."""
    items = [
        {
            "id": row.id,
            "title": _text(row.title, lang),
            "status": row.status.value,
            "controls": list(row.controls),
            "measures": list(row.measures),
            "reason": _text(row.reason, lang) if row.reason else None,
            "kind": row.kind,
            "small_office": row.small_office,
        }
        for row in rows
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)


def coverage_lines(rows: list[CoverageRow], framework: Framework, lang: Lang) -> list[str]:
    """A heading with the counts, then one line per requirement (and per section, for 2024/2690)."""
    total = summarise(rows)
    sections = f" {label('in_sections', lang).format(n=total.sections)}" if total.sections else ""
    lines = [
        f"{label(framework.value, lang)}: {total.requirements} {label('requirements', lang)}{sections} — "
        f"{label('mapped', lang)} {total.mapped}, {label('not_applicable', lang)} {total.not_applicable}, "
        f"{label('unmapped', lang)} {total.unmapped} ({total.unmapped_share:.1%} {label('unmapped_share', lang)})",
    ]
    width = max((len(r.id) for r in rows), default=0)
    status_width = max(len(label(s, lang)) for s in ("mapped", "not_applicable", "unmapped"))
    for row in rows:
        status = label(row.status.value, lang)
        if row.kind == "section":
            lines += ["", f"{row.id} {_text(row.title, lang)}  [{status}]"]
            continue
        mark = "*" if row.small_office else " "
        lines.append(f"  {row.id:<{width}} {mark} {status:<{status_width}}  {_text(row.title, lang)}")
        if row.reason is not None:
            lines.append(f"  {'':<{width}}     {_text(row.reason, lang)}")
        elif row.status.value == "mapped":
            parts = []
            if row.controls:
                parts.append(f"{label('controls_short', lang)}: {', '.join(row.controls)}")
            if row.measures:
                parts.append(f"{label('measures_short', lang)}: {', '.join(row.measures)}")
            lines.append(f"  {'':<{width}}     {'; '.join(parts)}")
    if any(r.small_office for r in rows):
        lines += ["", label("small_office_mark", lang)]
    return lines


# --------------------------------------------------------------------------- commands


@click.group()
def catalog() -> None:
    """Browse the threat catalogue: threats, controls, measures and weakness rules.

    \b
    Examples:
      lsgrisk catalog list --kind threats --lang cnr
      lsgrisk catalog show M.ransomware
      lsgrisk catalog show backup.offline --catalog my-catalog/
      lsgrisk catalog coverage eu-2024-2690
    """


@catalog.command("list")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in EntryKind]),
    default=None,
    help="Only this kind of entry (default: all kinds).",
)
@lang_option
@catalog_option
def list_cmd(kind: str | None, lang: str, catalog_dir: Path | None) -> None:
    """List the ids and titles of the catalogue entries.

    \b
    Example:
      lsgrisk catalog list --kind controls --lang cnr
    """
    cat = load_catalog(catalog_dir)
    kinds = [EntryKind(kind)] if kind else list(EntryKind)
    for line in list_lines(cat, kinds, Lang(lang)):
        click.echo(terminal_text(line))  # overlay text is user text


@catalog.command("show")
@click.argument("entry_id", metavar="ID")
@lang_option
@catalog_option
def show_cmd(entry_id: str, lang: str, catalog_dir: Path | None) -> None:
    """Show one threat, control, measure, rule or 2024/2690 requirement with all its mappings.

    \b
    Examples:
      lsgrisk catalog show G0.39 --lang cnr
      lsgrisk catalog show 6.10.2
    """
    cat = load_catalog(catalog_dir)
    for line in show_lines(cat, entry_id, Lang(lang)):
        click.echo(terminal_text(line))  # overlay text is user text


@catalog.command("coverage")
@click.argument("framework", type=click.Choice([f.value for f in Framework]), metavar="FRAMEWORK")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for reading, json for other tools.",
)
@lang_option
@catalog_option
def coverage_cmd(framework: str, fmt: str, lang: str, catalog_dir: Path | None) -> None:
    """Show how the catalogue covers a framework: every requirement, mapped or not.

    FRAMEWORK is one of nis2, eu-2024-2690 (Implementing Regulation (EU)
    2024/2690: 13 sections and their numbered requirements), iso27001-2022
    (Annex A, 93 controls) or cis-ig1 (CIS Controls v8 IG1). Each requirement
    is mapped (with the controls and measures behind it), not_applicable
    (with the reason) or unmapped.

    \b
    Examples:
      lsgrisk catalog coverage eu-2024-2690 --lang cnr
      lsgrisk catalog coverage iso27001-2022 --format json
    """
    cat = load_catalog(catalog_dir)
    chosen = Framework(framework)
    rows = coverage(cat, chosen)
    if fmt == "json":
        click.echo(coverage_json(rows, Lang(lang)))
        return
    for line in coverage_lines(rows, chosen, Lang(lang)):
        click.echo(terminal_text(line))


# `catalog explain RULE` lives with the analysis commands (lsgrisk/cli/analyze_cmds.py), which attach it here.


def register(cli: click.Group) -> None:
    cli.add_command(catalog)
