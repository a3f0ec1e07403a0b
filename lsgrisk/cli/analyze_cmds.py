"""``lsgrisk analyze`` and ``lsgrisk catalog explain RULE`` (thin: stage calls and printing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from asset_models.dburl import store_spec
from asset_models.errors import UsageProblem
from asset_models.i18n import translator
from asset_models.vocabulary import suggestion
from lsgrisk import __version__
from lsgrisk.cli.catalog_cmds import catalog_option, lang_option, rule_lines
from lsgrisk.cli.common import EXIT_FINDINGS, LanguageChoice, progress, t, terminal_text
from risk_analyzer import snapshots
from risk_analyzer.analyze import paused_gc
from risk_analyzer.compare import AnalysisSnapshot, compare, comparison_lines, load_snapshot
from risk_analyzer.outputs import RegisterWords, level_colours, write_outputs
from risk_analyzer.pipeline import run_analysis
from risk_analyzer.result import ACTIVE_STATUSES, AnalysisResult
from threat_catalog.engine import describe_facts
from threat_catalog.loader import load_catalog
from threat_catalog.models import Lang, Level

_LEVELS = [lv.value for lv in Level]


#: ``labels`` catalogue context of the summary's words
SUMMARY_CONTEXT = "analyze_summary"


def summary_lines(result: AnalysisResult, lang: str) -> list[str]:
    """The short summary printed after an analysis, in ``lang`` (any language of the registry)."""
    words = RegisterWords(lang)
    tr = words.tr
    s = result.summary
    counts = ", ".join(f"{words.word(lv)} {s.inherent[lv]}" for lv in reversed(s.levels))
    active = ", ".join(f"{words.word(lv)} {s.active[lv]}" for lv in reversed(s.levels))
    lines = [
        f"{result.municipality.name} — {tr.pgettext(SUMMARY_CONTEXT, 'as_of', date=result.as_of.isoformat())}",
        f"  {tr.label(SUMMARY_CONTEXT, 'risks')}: {s.total} ({counts})",
        f"  {tr.label(SUMMARY_CONTEXT, 'active')}: {active}",
    ]
    if result.tracking_orphans:
        lines.append(f"  {tr.label(SUMMARY_CONTEXT, 'orphans')}: "
                     + ", ".join(o.risk_id for o in result.tracking_orphans))
    if result.scan is not None:
        lines.append(f"  {tr.label(SUMMARY_CONTEXT, 'unknown_hosts')}: {len(result.scan.unknown_hosts)}")
    lines.append(f"  {tr.label('report', 'top_risks')}:")
    index = result.risk_index()
    for risk_id in s.top:
        risk = index[risk_id]
        lines.append(f"    {words.word(risk.level):<9} {risk.score:>2}  {risk.id}  {words.text(risk.title)}")
    return lines


def store_snapshot(store: str | None, result: AnalysisResult) -> None:
    """Keep the analysis in the snapshot store named by ``--store`` or LSGRISK_STORE (nothing when neither is set)."""
    spec = store_spec(store)
    if spec is None:
        return
    db = snapshots.open_snapshots(spec)
    try:
        new = snapshots.put(db, result)
    finally:
        db.close()
    click.echo(terminal_text(f"{'stored' if new else 'already stored'}: {result.municipality.code} "
                             f"{result.as_of.isoformat()} in {db.name}"))


def _as_of(value: dt.datetime | None) -> dt.date:
    return value.date() if value is not None else dt.date.today()


@click.command()
@click.argument("inventory", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for risk-register.xlsx, risks.csv and analysis.json.",
)
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path),
    help="Catalogue overlay directory (adds or overrides threats, controls, rules).",
)
@click.option(
    "--tracking",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tracking file (YAML) with decisions per risk id.",
)
@click.option(
    "--scans",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Scan store (SQLite); the newest complete scan extends the inventory.",
)
@click.option(
    "--fail-on",
    type=click.Choice(_LEVELS),
    default=None,
    help="Exit 1 when an active risk at or above this level exists.",
)
@click.option(
    "--lang",
    type=LanguageChoice(),
    default="cnr",
    show_default=True,
    help="Language of the register, the CSV and the summary.",
)
@click.option(
    "--previous",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A previous analysis.json: adds what changed since then (analysis.json 'since_previous').",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date for end-of-support checks (default: today); recorded in the output.",
)
@click.option(
    "--store",
    default=None,
    metavar="URL_OR_PATH",
    help="Also keep the analysis as a snapshot in this store (postgresql://... or an SQLite file; "
    "default $LSGRISK_STORE when set), for 'lsgrisk portfolio' trends.",
)
def analyze_cmd(
    inventory: Path,
    output: Path,
    catalog_dir: Path | None,
    tracking: Path | None,
    scans: Path | None,
    fail_on: str | None,
    lang: str,
    previous: Path | None,
    as_of: dt.datetime | None,
    store: str | None,
) -> None:
    """Analyse an inventory: risks, attack paths, treatment plan and compliance.

    \b
    Example:
      lsgrisk analyze examples/primjer/inventory.yaml -o out --lang en --as-of 2026-01-15 --fail-on critical
    Writes OUT/risk-register.xlsx, OUT/risks.csv and OUT/analysis.json.
    Exit 1 when an active risk at or above --fail-on exists, 3 for invalid input.
    """
    before = load_snapshot(previous) if previous is not None else None
    with paused_gc(), progress(t("Analysing {file}", file=inventory.name)):
        result = _run(inventory, output, catalog_dir, tracking, scans, lang, as_of, before)
    store_snapshot(store, result)
    for line in summary_lines(result, lang):
        click.echo(terminal_text(line))  # names come from the inventory: control sequences shown escaped
    if result.since_previous is not None:
        words = RegisterWords(lang)
        for line in comparison_lines(result.since_previous, lang, {r.id: words.text(r.title) for r in result.risks}):
            click.echo(terminal_text(line))
    if fail_on is not None:
        threshold = Level(fail_on).rank
        if any(Level(r.level).rank >= threshold for r in result.risks if r.tracking.status in ACTIVE_STATUSES):
            click.get_current_context().exit(EXIT_FINDINGS)


def _run(
    inventory: Path,
    output: Path,
    catalog_dir: Path | None,
    tracking: Path | None,
    scans: Path | None,
    lang: str,
    as_of: dt.datetime | None,
    previous: AnalysisSnapshot | None = None,
) -> AnalysisResult:
    inv, result, catalog = run_analysis(
        inventory, catalog_dir=catalog_dir, scans=scans, tracking=tracking, as_of=_as_of(as_of),
        tool_version=__version__,
    )  # fmt: skip
    if previous is not None:
        result.since_previous = compare(previous, AnalysisSnapshot.of(result))
    if scans is not None and result.scan is None:
        click.echo(f"{scans}: no complete scan in the store; analysed the inventory only", err=True)
    del inv  # the outputs need only the result: free the inventory before writing
    colours = level_colours((d.id.value, d.colour) for d in catalog.matrix.levels)
    for path in write_outputs(result, output, lang, colours):
        click.echo(f"wrote {path}")
    return result


@click.command("explain")
@click.argument("rule_id", metavar="RULE")
@lang_option
@catalog_option
def explain_cmd(rule_id: str, lang: str, catalog_dir: Path | None) -> None:
    """Explain a weakness rule: its condition, threats, controls, and the facts it may test.

    \b
    Example:
      lsgrisk catalog explain net.rdp_internet --lang cnr
    """
    cat = load_catalog(catalog_dir)
    ids = [r.id for r in cat.rules]
    if rule_id not in ids:
        hint = suggestion(rule_id, ids)
        raise UsageProblem(
            f"no rule '{rule_id}' in the catalogue", hint=hint or "see 'lsgrisk catalog list --kind rules'"
        )
    rule = cat.rule(rule_id)
    for line in rule_lines(cat, rule, Lang(lang)):
        click.echo(line)
    title = translator(lang, "labels").label("catalog_explain", "facts")
    click.echo(f"  {title} ({rule.subject.value}):")
    for name, kind, description in describe_facts(rule.subject):
        click.echo(f"    {name} ({kind}): {description}")


def register(cli: click.Group) -> None:
    cli.add_command(analyze_cmd, "analyze")
    group = cli.commands.get("catalog")
    if isinstance(group, click.Group) and "explain" not in group.commands:
        group.add_command(explain_cmd)
