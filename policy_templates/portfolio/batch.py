"""One municipality of a portfolio, processed in a worker: analyse (or read analysis.json), store, write documents.

:func:`process` runs in a worker process of ``lsgrisk portfolio``; it returns a
small :class:`Outcome` (the portfolio facts, never the whole analysis) and
never raises: a problem travels back as text and an exit code, so one broken
inventory is reported with its place instead of a traceback from the pool.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from asset_models.errors import InputError, LsgriskError, Place, Problem
from asset_models.fsutil import FileRefused, read_bounded
from policy_templates.policies.generate import write_policies
from policy_templates.report.writer import write_report
from risk_analyzer import snapshots
from risk_analyzer.pipeline import run_analysis
from risk_analyzer.portfolio import MunicipalityFacts, municipality_facts
from risk_analyzer.result import AnalysisResult
from scans.store import default_db

#: the folder of changed document text next to an inventory (``lsgrisk docs export``), used when present
DOCUMENT_TEXT = "documents"
#: largest analysis.json a portfolio reads (bytes)
MAX_ANALYSIS_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Job:
    source: Path
    as_of: dt.date | None = None
    catalog_dir: Path | None = None
    store: str | None = None
    #: use the inventory's workspace scan store (``lsgrisk-scans.db`` beside it) when there is one
    workspace_scans: bool = True
    documents: Path | None = None
    langs: tuple[str, ...] = ()
    tool_version: str = "0"


@dataclass
class Outcome:
    source: Path
    facts: MunicipalityFacts | None = None
    written: list[Path] = field(default_factory=list)
    stored: bool = False
    error: list[str] = field(default_factory=list)
    exit_code: int = 0


def is_analysis(path: Path) -> bool:
    return path.suffix.lower() == ".json" and path.name != "inventory.json" and _looks_like_analysis(path)


def _looks_like_analysis(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b'"schema_version"' in head and b'"tool_version"' in head


def read_analysis(path: Path) -> AnalysisResult:
    from pydantic import ValidationError

    try:
        data = read_bounded(path, MAX_ANALYSIS_BYTES, "analysis.json")
    except FileRefused as refused:
        raise InputError(f"{path} {refused.message}", [Problem(Place(file=str(path)), refused.message, refused.hint)]
                         ) from None
    try:
        return AnalysisResult.model_validate_json(data)
    except ValidationError as error:
        problems = [Problem(Place(file=str(path), field=".".join(str(p) for p in e["loc"])), e["msg"])
                    for e in error.errors()[:50]]
        raise InputError(f"{path} is not an analysis.json this version of lsgrisk reads", problems,
                         hint="run 'lsgrisk analyze' again, or pass the inventory instead") from None


def _run(job: Job) -> Outcome:
    if is_analysis(job.source):
        if job.documents is not None:
            raise InputError(f"{job.source}: documents need the inventory, not an analysis.json",
                             [Problem(Place(file=str(job.source)), "an analysis.json was given with --documents",
                                      "pass the inventory file")])
        result = read_analysis(job.source)
        inventory = catalog = None
    else:
        scans = default_db(job.source.parent) if job.workspace_scans else None
        inventory, result, catalog = run_analysis(job.source, catalog_dir=job.catalog_dir, as_of=job.as_of,
                                                  scans=scans if scans is not None and scans.is_file() else None,
                                                  tool_version=job.tool_version)
    outcome = Outcome(source=job.source, facts=municipality_facts(result))
    if job.store is not None:
        db = snapshots.open_snapshots(job.store)
        try:
            outcome.stored = snapshots.put(db, result)
        finally:
            db.close()
    if job.documents is not None and inventory is not None and catalog is not None:
        base = job.documents / result.municipality.code
        text = job.source.parent / DOCUMENT_TEXT
        changed = text if text.is_dir() else None  # the municipality's changed document text, as 'report' uses it
        for lang in job.langs:
            outcome.written += write_report(inventory, result, catalog, lang, base / lang, documents=changed)
            outcome.written += write_policies(inventory, result, catalog, lang, base / lang / "policies",
                                              documents=changed)
    return outcome


def warm_up() -> None:
    """Import what writing documents needs (matplotlib and its fonts) once, before the workers fork.

    Forked workers then share these modules instead of importing them each (about a second of CPU per
    worker on this project's machine).
    """
    from matplotlib.backends import backend_agg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401
    from matplotlib.font_manager import fontManager  # noqa: F401


def process(job: Job) -> Outcome:
    """Process one input; every problem comes back inside the outcome."""
    try:
        return _run(job)
    except LsgriskError as error:
        lines = [f"{job.source}: {error.message}"] + [f"  - {p}" for p in error.problems[:50]]
        if error.hint:
            lines.append(f"Hint: {error.hint}")
        return Outcome(source=job.source, error=lines, exit_code=error.exit_code)
    except OSError as error:
        return Outcome(source=job.source, error=[f"{job.source}: {error.strerror or error} ({error.filename})"],
                       exit_code=4)
    except Exception as error:  # the pool must never see an exception: report it as an internal error
        lines = [f"{job.source}: internal error {type(error).__name__}: {error}"]
        if os.environ.get("LSGRISK_DEBUG"):
            lines += traceback.format_exc().splitlines()
        return Outcome(source=job.source, error=lines, exit_code=70)
