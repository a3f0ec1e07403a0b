"""The tracking file: decisions about risks, keyed by risk id, kept between analyses.

Format (YAML)::

    version: 1
    risks:
      net.rdp_internet@srv-app02:
        status: in_progress        # open | in_progress | accepted | mitigated | false_positive
        owner: IT služba
        justification: Firewall rule removed on 2026-02-01, waiting for the scan.
        date: 2026-01-20
        treatment: reduce          # reduce | accept | transfer | avoid (ISO/IEC 27005)
        due: 2026-03-31            # when the treatment is due

``accepted`` and ``false_positive`` need a justification. Entries whose id
matches no risk of the current analysis are reported as orphans (the weakness
may be fixed, or the id mistyped). A malformed file stops the run with exit 3
and the place of every problem.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from asset_models.errors import InputError, Problem
from asset_models.loaders import InputKind, pydantic_problems, read_raw
from risk_analyzer.result import Risk, TrackingInfo, TrackingOrphan, TrackingStatus, TreatmentOption

MAX_TRACKING_BYTES = 5 * 1024 * 1024


class TrackingEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: TrackingStatus
    owner: str | None = None
    justification: str | None = None
    date: dt.date | None = None
    treatment: TreatmentOption | None = None
    due: dt.date | None = None

    @model_validator(mode="after")
    def _justified(self) -> TrackingEntry:
        if self.status in (TrackingStatus.accepted, TrackingStatus.false_positive) and not self.justification:
            raise ValueError(f"status '{self.status.value}' needs a justification")
        return self


class TrackingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=1)
    risks: dict[str, TrackingEntry] = Field(default_factory=dict)


TRACKING_KIND = InputKind(
    noun="tracking file",
    error=InputError,
    start_hint="list decisions under 'risks:' keyed by risk id",
    max_bytes=MAX_TRACKING_BYTES,
)


def load_tracking(path: Path) -> tuple[TrackingFile, dict[tuple[str, ...], int]]:
    """Read and validate a tracking file; raise InputError (exit 3) with the place of each problem.

    Returns the file and the line of each risk id (for orphan entries).
    """
    doc = read_raw(path, TRACKING_KIND)
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        problem = Problem(doc.place(()), "expected a mapping with 'version' and 'risks'")
        raise InputError(f"tracking file {path} is not valid", [problem], hint=_HINT)
    try:
        tracking = TrackingFile.model_validate(doc.data)
    except ValidationError as exc:
        problems = pydantic_problems(doc, exc, root=TrackingFile)
        raise InputError(f"tracking file {path} is not valid", problems, hint=_HINT) from None
    lines = {(risk_id,): doc.place(("risks", risk_id)).line or 0 for risk_id in tracking.risks}
    return tracking, {key: line for key, line in lines.items() if line}


_HINT = "fix it and run 'lsgrisk analyze' again"


def apply_tracking(
    risks: list[Risk], tracking: TrackingFile, lines: dict[tuple[str, ...], int]
) -> list[TrackingOrphan]:
    """Set each risk's tracking info from the file; return the entries that match no risk."""
    by_id = {r.id: r for r in risks}
    orphans = []
    for risk_id, entry in sorted(tracking.risks.items()):
        risk = by_id.get(risk_id)
        if risk is None:
            orphans.append(
                TrackingOrphan(
                    risk_id=risk_id, status=entry.status.value, owner=entry.owner, line=lines.get((risk_id,))
                )
            )
            continue
        risk.tracking = TrackingInfo(
            status=entry.status, tracked=True, owner=entry.owner, justification=entry.justification, date=entry.date,
            treatment=entry.treatment, due=entry.due,
        )  # fmt: skip
    return orphans
