"""The tracking file: decisions about risks, keyed by risk id, kept between analyses.

Format (YAML)::

    version: 1
    risks:
      net.rdp_internet@srv-app02:
        status: in_progress        # open | in_progress | accepted | mitigated | false_positive
        owner: IT služba
        justification: Firewall rule removed on 2026-02-01, waiting for the scan.
        date: 2026-01-20

``accepted`` and ``false_positive`` need a justification. Entries whose id
matches no risk of the current analysis are reported as orphans (the weakness
may be fixed, or the id mistyped). A malformed file stops the run with exit 3
and the place of every problem.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from asset_models.errors import InputError, Place, Problem
from asset_models.vocabulary import suggestion
from risk_analyzer.result import Risk, TrackingInfo, TrackingOrphan, TrackingStatus

MAX_TRACKING_BYTES = 5 * 1024 * 1024


class TrackingEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: TrackingStatus
    owner: str | None = None
    justification: str | None = None
    date: dt.date | None = None

    @model_validator(mode="after")
    def _justified(self) -> TrackingEntry:
        if self.status in (TrackingStatus.accepted, TrackingStatus.false_positive) and not self.justification:
            raise ValueError(f"status '{self.status.value}' needs a justification")
        return self


class TrackingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=1)
    risks: dict[str, TrackingEntry] = Field(default_factory=dict)


class _DateAsText(yaml.SafeLoader):
    """Dates stay text, pydantic parses them (and reports bad ones with a place)."""


_DateAsText.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _lines(node: yaml.Node) -> dict[tuple[str, ...], int]:
    """Line of each risk id and each of its fields."""
    lines: dict[tuple[str, ...], int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "risks" and isinstance(value, yaml.MappingNode):
            for rkey, rvalue in value.value:
                lines[(str(rkey.value),)] = rkey.start_mark.line + 1
                if isinstance(rvalue, yaml.MappingNode):
                    for fkey, _ in rvalue.value:
                        lines[(str(rkey.value), str(fkey.value))] = fkey.start_mark.line + 1
    return lines


def _fail(file: str, problems: list[Problem]) -> InputError:
    return InputError(f"tracking file {file} is not valid", problems, hint="fix it and run 'lsgrisk analyze' again")


def load_tracking(path: Path) -> tuple[TrackingFile, dict[tuple[str, ...], int]]:
    """Read and validate a tracking file; raise InputError (exit 3) with the place of each problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(name, [Problem(Place(file=name), f"cannot be read ({exc.strerror})", "check the path")]) from None
    if len(raw) > MAX_TRACKING_BYTES:
        raise _fail(name, [Problem(Place(file=name), "is larger than 5 MiB")])
    try:
        text = raw.decode("utf-8-sig")
        loader = _DateAsText(text)
        try:
            node = loader.get_single_node()
            data: Any = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except UnicodeDecodeError:
        raise _fail(name, [Problem(Place(file=name), "is not UTF-8 text")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise _fail(
            name, [Problem(Place(file=name, line=line), f"YAML syntax error: {exc.problem or exc.context}")]
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(name, [Problem(Place(file=name), f"YAML error: {exc}")]) from None
    lines = _lines(node) if node is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _fail(name, [Problem(Place(file=name, line=1), "expected a mapping with 'version' and 'risks'")])
    try:
        return TrackingFile.model_validate(data), lines
    except ValidationError as exc:
        raise _fail(name, _problems(name, exc, lines)) from None


def _problems(name: str, exc: ValidationError, lines: dict[tuple[str, ...], int]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        risk_id = loc[1] if len(loc) > 1 and loc[0] == "risks" else None
        field = loc[2] if len(loc) > 2 else None
        line = lines.get((risk_id, field)) if risk_id and field else lines.get((risk_id,)) if risk_id else None
        message = str(error["msg"]).removeprefix("Value error, ")
        hint = ""
        if error["type"] == "extra_forbidden":
            message = f"unknown field '{loc[-1]}'"
            hint = suggestion(
                loc[-1], ["status", "owner", "justification", "date"] if risk_id else ["version", "risks"]
            )
        elif error["type"] == "enum":
            statuses = [s.value for s in TrackingStatus]
            message = f"{error.get('input')!r} is not a status"
            hint = suggestion(str(error.get("input")), statuses) or "status is one of: " + ", ".join(statuses)
        problems.append(
            Problem(
                Place(file=name, line=line, item=f"risks[{risk_id}]" if risk_id else None, field=field), message, hint
            )
        )
    return problems


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
            status=entry.status, tracked=True, owner=entry.owner, justification=entry.justification, date=entry.date
        )
    return orphans
