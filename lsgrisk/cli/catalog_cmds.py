"""Commands that browse the threat catalogue: ``catalog list``, ``catalog show`` (and ``catalog explain``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from asset_models.errors import UsageProblem
from asset_models.vocabulary import suggestion
from lsgrisk.cli.common import terminal_text
from threat_catalog.loader import load_catalog
from threat_catalog.models import Catalog, Control, EntryKind, Lang, Measure, Rule, Tactic, Text, Threat

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
    for area_id in entry.law_areas:
        area = fw.law_area(area_id)
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


def show_lines(catalog: Catalog, entry_id: str, lang: Lang) -> list[str]:
    """Everything about the entries with this id (normally one)."""
    found = catalog.lookup(entry_id)
    if not found:
        hint = suggestion(entry_id, catalog.all_ids())
        raise UsageProblem(
            f"no threat, control, measure or rule '{entry_id}' in the catalogue",
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


# --------------------------------------------------------------------------- commands


@click.group()
def catalog() -> None:
    """Browse the threat catalogue: threats, controls, measures and weakness rules.

    \b
    Examples:
      lsgrisk catalog list --kind threats --lang cnr
      lsgrisk catalog show M.ransomware
      lsgrisk catalog show backup.offline --catalog my-catalog/
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
    """Show one threat, control, measure or rule with all its mappings.

    \b
    Example:
      lsgrisk catalog show G0.39 --lang cnr
    """
    cat = load_catalog(catalog_dir)
    for line in show_lines(cat, entry_id, Lang(lang)):
        click.echo(terminal_text(line))  # overlay text is user text


# `catalog explain RULE` lives with the analysis commands (lsgrisk/cli/analyze_cmds.py), which attach it here.


def register(cli: click.Group) -> None:
    cli.add_command(catalog)
