"""``lsgrisk portfolio``: many municipalities compared (dashboard, workbook, ministry summary), batch documents."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path

import click

from asset_models.dburl import STORE_ENV, store_spec
from asset_models.errors import InputError, LsgriskError, Place, Problem, UsageProblem
from asset_models.fsutil import write_set
from asset_models.i18n import registry
from lsgrisk import __version__
from lsgrisk.cli.common import as_date, echo_err, progress, t, terminal_text
from policy_templates.i18n import document_languages
from policy_templates.portfolio.batch import Job, Outcome, process, warm_up
from policy_templates.portfolio.dashboard import render_dashboard
from policy_templates.portfolio.sheet import portfolio_xlsx
from policy_templates.portfolio.summary import summary_docx
from risk_analyzer import snapshots
from risk_analyzer.portfolio import Portfolio, anonymise, build_portfolio, municipality_facts


def _run_jobs(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield process(job)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork" and any(job.documents is not None for job in jobs):
        warm_up()
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(process, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()


def portfolio_files(p: Portfolio, lang: str) -> dict[str, bytes]:
    """The portfolio's output files (name -> bytes): json, html dashboard, xlsx, docx summary."""
    return {
        "portfolio.json": (p.model_dump_json(indent=2) + "\n").encode("utf-8"),
        f"portfolio.{lang}.html": render_dashboard(p, lang).encode("utf-8"),
        f"portfolio.{lang}.xlsx": portfolio_xlsx(p, lang),
        f"portfolio-summary.{lang}.docx": summary_docx(p, lang, __version__),
    }


def _duplicates(outcomes: list[Outcome]) -> None:
    seen: dict[str, Path] = {}
    problems = []
    for outcome in outcomes:
        assert outcome.facts is not None
        code = outcome.facts.code
        if code in seen:
            problems.append(Problem(Place(file=str(outcome.source)), f"municipality code '{code}' again",
                                    f"it is also the code in {seen[code]}; pass each municipality once"))
        seen.setdefault(code, outcome.source)
    if problems:
        raise InputError("the same municipality appears twice in the portfolio", problems)


@click.command()
@click.argument("inputs", nargs=-1, required=False, type=click.Path(dir_okay=False, path_type=Path),
                metavar="INVENTORY_OR_ANALYSIS...")
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the dashboard, workbook, summary and portfolio.json.")
@click.option("--lang", default="cnr", show_default=True,
              help="Language of the dashboard, workbook and summary (a code of the language registry).")
@click.option("--anonymise", "--anonymize", "anonymous", is_flag=True,
              help="Replace every municipality's name and code by a stable code (M01, M02...) for sharing.")
@click.option("--documents", is_flag=True,
              help="Also write every municipality's report and six policies (OUT/<CODE>/<lang>/).")
@click.option("--doc-lang", "doc_langs", multiple=True, metavar="LANG",
              help="Language of the documents; repeat for several. Default: --lang.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the number of processors).")
@click.option("--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Catalogue overlay directory used for every inventory.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date of the analyses (YYYY-MM-DD). Default: today. analysis.json inputs keep their own.")
@click.option("--from-store", is_flag=True,
              help="Also compare every municipality of the store by its newest snapshot "
                   "(inputs given take precedence).")
@click.option("--workspace-scans/--no-workspace-scans", default=True, show_default=True,
              help="Merge the newest complete scan of each inventory's workspace store (lsgrisk-scans.db beside it).")
@click.option("--store", "store", default=None, metavar="URL_OR_PATH",
              help=f"Store for analysis snapshots (postgresql://... or an SQLite file; default ${STORE_ENV}). "
                   "Each analysis is kept there and the dashboard shows the trend.")
def portfolio(inputs: tuple[Path, ...], output: Path, lang: str, anonymous: bool, documents: bool,
              doc_langs: tuple[str, ...], jobs: int | None, catalog_dir: Path | None, as_of: datetime | None,
              from_store: bool, workspace_scans: bool, store: str | None) -> None:
    """Compare municipalities: html dashboard, xlsx workbook and a docx summary for the ministry.

    Each INVENTORY is analysed (in parallel); an analysis.json written by
    'lsgrisk analyze' is read as it is. Writes OUT/portfolio.<lang>.html,
    OUT/portfolio.<lang>.xlsx, OUT/portfolio-summary.<lang>.docx and OUT/portfolio.json.

    \b
    Examples:
      lsgrisk portfolio towns/*/inventory.yaml -o portfolio --lang cnr
      lsgrisk portfolio towns/*/inventory.yaml -o share --anonymise --lang en
      lsgrisk portfolio towns/*/inventory.yaml -o out --documents --doc-lang cnr --jobs 2
      lsgrisk portfolio towns/*/inventory.yaml -o out --store postgresql://lsgrisk@db.example/lsgrisk
      lsgrisk portfolio --from-store --store postgresql://lsgrisk@db.example/lsgrisk -o ministry --anonymise
    Exit codes: 0 written; 2 usage; 3 an input is invalid (nothing is written); 4 environment (store).
    """
    if lang not in registry():
        raise UsageProblem(f"no language '{lang}'", hint="choose one of: " + ", ".join(registry().codes()))
    if anonymous and documents:
        raise UsageProblem("--anonymise and --documents cannot be combined",
                           hint="each municipality's documents carry its name; write them in a separate run")
    if not inputs and not from_store:
        raise UsageProblem("no inventory or analysis.json given", hint="pass the files, or --from-store with --store")
    available = document_languages()
    langs = doc_langs or (lang,)
    unknown = [code for code in langs if code not in available]
    if documents and unknown:
        raise UsageProblem(f"no document text in '{unknown[0]}'", hint="choose one of: " + ", ".join(available))
    spec = store_spec(store)
    spec_text = str(spec) if spec is not None else None
    if from_store and spec_text is None:
        raise UsageProblem("--from-store needs a store", hint=f"pass --store URL_OR_PATH or set {STORE_ENV}")
    if spec_text is not None:
        snapshots.open_snapshots(spec_text).close()  # create or migrate the schema once, before the workers
    job_list = [Job(source=path, as_of=as_date(as_of), catalog_dir=catalog_dir, store=spec_text,
                    workspace_scans=workspace_scans, documents=output if documents else None,
                    langs=langs if documents else (),
                    tool_version=__version__) for path in inputs]
    workers = min(jobs or os.cpu_count() or 1, len(job_list))
    outcomes: list[Outcome] = []
    failed: list[Outcome] = []
    label = t("Analysing {count} inventories", count=len(job_list)) if not documents else \
        t("Analysing {count} inventories and writing their documents", count=len(job_list))
    with progress(label, len(job_list)) as tick:
        for outcome in _run_jobs(job_list, workers):
            (failed if outcome.error else outcomes).append(outcome)
            tick()
    if failed:
        for outcome in sorted(failed, key=lambda o: str(o.source)):
            for line in outcome.error:
                echo_err(line)
        code = max(o.exit_code for o in failed)
        raise _Failed(t("{failed} of {count} inputs failed; the portfolio was not written", failed=len(failed),
                        count=len(job_list)), code)
    _duplicates(outcomes)
    facts = [o.facts for o in outcomes if o.facts is not None]
    trends = None
    if spec_text is not None:
        db = snapshots.open_snapshots(spec_text)
        try:
            if from_store:
                given = {f.code for f in facts}
                for stored_code in snapshots.municipalities(db):
                    latest = snapshots.latest(db, stored_code) if stored_code not in given else None
                    if latest is not None:
                        facts.append(municipality_facts(latest))
            trends = snapshots.history(db, [f.code for f in facts])
        finally:
            db.close()
    if not facts:
        raise UsageProblem("the store holds no analysis", hint="store analyses with 'lsgrisk analyze --store'")
    result = build_portfolio(facts, trends)
    if anonymous:
        result = anonymise(result)
    for outcome in sorted(outcomes, key=lambda o: str(o.source)):
        for path in outcome.written:
            click.echo(terminal_text(t("wrote {path}", path=str(path))))
    for path in write_set(output, portfolio_files(result, lang)):
        click.echo(terminal_text(t("wrote {path}", path=str(path))))


class _Failed(LsgriskError):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def register(group: click.Group) -> None:
    group.add_command(portfolio)
