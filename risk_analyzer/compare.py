"""Comparing two analyses: new, closed and changed risks and the progress of compliance.

Both files are read leniently (schema 1 or 2: only risk ids, levels, scores,
statuses, titles and compliance states are used), so last year's
``analysis.json`` can be compared with this year's. Risk ids (``RULE@SUBJECT``)
are stable between runs; a risk is *changed* when its level, score or tracking
status differs.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from asset_models.errors import InputError, Place, Problem
from asset_models.i18n import translator
from risk_analyzer.result import AnalysisResult, Comparison, ComplianceChange, RiskChange

MAX_ANALYSIS_BYTES = 512 * 1024 * 1024


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Tracking(_Lenient):
    status: str = "open"


class _Risk(_Lenient):
    id: str
    rule_id: str = ""
    subject_id: str = ""
    level: str
    score: int = 0
    title: dict[str, str] = Field(default_factory=dict)
    tracking: _Tracking = Field(default_factory=_Tracking)


class _Row(_Lenient):
    framework: str
    item: str
    state: str


class _Compliance(_Lenient):
    nis2: list[_Row] = Field(default_factory=list)
    law: list[_Row] = Field(default_factory=list)


class AnalysisSnapshot(_Lenient):
    """The parts of an ``analysis.json`` a comparison needs."""

    schema_version: str = "1"
    as_of: dt.date | None = None
    risks: list[_Risk] = Field(default_factory=list)
    compliance: _Compliance = Field(default_factory=_Compliance)

    @classmethod
    def of(cls, result: AnalysisResult) -> AnalysisSnapshot:
        return cls.model_validate(result.model_dump(mode="json", include={"schema_version", "as_of", "risks",
                                                                          "compliance"}))  # fmt: skip


def load_snapshot(path: Path) -> AnalysisSnapshot:
    """Read an analysis.json; InputError (exit 3) naming the file and what is wrong."""
    place = Place(file=str(path))
    hint = "give the analysis.json written by 'lsgrisk analyze'"
    try:
        if path.stat().st_size > MAX_ANALYSIS_BYTES:
            raise InputError(f"{path} is too large", [Problem(place, "more than 512 MiB")], hint=hint)
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"{path} not found", [Problem(place, "no such file")], hint=hint) from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory", [Problem(place, "expected a file")], hint=hint) from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read", [Problem(place, str(exc.strerror or exc))], hint=hint) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not JSON", [Problem(place, str(exc))], hint=hint) from None
    if not isinstance(data, dict) or "risks" not in data:
        raise InputError(f"{path} is not an analysis", [Problem(place, "no 'risks' list")], hint=hint)
    try:
        return AnalysisSnapshot.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(place, f"{'.'.join(map(str, e['loc']))}: {e['msg']}") for e in exc.errors()[:20]]
        raise InputError(f"{path} is not a readable analysis", problems, hint=hint) from None


def _change(old: _Risk | None, new: _Risk | None) -> RiskChange:
    some = new or old
    assert some is not None
    return RiskChange(
        id=some.id, rule_id=some.rule_id or some.id.split("@")[0], subject_id=some.subject_id or some.id.split("@")[-1],
        old_level=old.level if old else None, new_level=new.level if new else None,
        old_score=old.score if old else None, new_score=new.score if new else None,
        old_status=old.tracking.status if old else None, new_status=new.tracking.status if new else None,
    )  # fmt: skip


def compare(old: AnalysisSnapshot, new: AnalysisSnapshot) -> Comparison:
    """New, closed and changed risks (sorted by id) and compliance items whose state changed."""
    before = {r.id: r for r in old.risks}
    after = {r.id: r for r in new.risks}
    result = Comparison(previous_as_of=old.as_of, current_as_of=new.as_of)
    for ident in sorted(after.keys() - before.keys()):
        result.new.append(_change(None, after[ident]))
    for ident in sorted(before.keys() - after.keys()):
        result.closed.append(_change(before[ident], None))
    for ident in sorted(before.keys() & after.keys()):
        a, b = before[ident], after[ident]
        if (a.level, a.score, a.tracking.status) != (b.level, b.score, b.tracking.status):
            result.changed.append(_change(a, b))
        else:
            result.unchanged += 1
    old_rows = {(r.framework, r.item): r.state for r in [*old.compliance.nis2, *old.compliance.law]}
    new_rows = {(r.framework, r.item): r.state for r in [*new.compliance.nis2, *new.compliance.law]}
    for key in sorted(old_rows.keys() | new_rows.keys()):
        if old_rows.get(key) != new_rows.get(key):
            result.compliance.append(ComplianceChange(framework=key[0], item=key[1], old_state=old_rows.get(key),
                                                      new_state=new_rows.get(key)))  # fmt: skip
    result.implemented_before = sum(1 for s in old_rows.values() if s == "implemented")
    result.implemented_now = sum(1 for s in new_rows.values() if s == "implemented")
    result.compliance_items = len(new_rows)
    return result


def comparison_lines(cmp: Comparison, lang: str, titles: dict[str, str] | None = None) -> list[str]:
    """The comparison as text lines in ``lang`` (the ``analysis`` catalogue)."""
    tr = translator(lang, "analysis")
    titles = titles or {}
    previous = tr.format_date(cmp.previous_as_of) if cmp.previous_as_of else "?"
    lines = [tr.gettext("Since the previous analysis ({date}):", date=previous)]
    lines.append("  " + tr.gettext(
        "new risks: {new}, closed: {closed}, changed: {changed}, unchanged: {unchanged}",
        new=len(cmp.new), closed=len(cmp.closed), changed=len(cmp.changed), unchanged=cmp.unchanged,
    ))  # fmt: skip

    def level(code: str | None) -> str:
        return tr.pgettext("risk_level", code) if code else "–"

    for label, items in ((tr.gettext("New"), cmp.new), (tr.gettext("Closed"), cmp.closed)):
        for item in items:
            code = item.new_level if item in cmp.new else item.old_level
            title = titles.get(item.id, "")
            lines.append(f"  {label:<9} {level(code):<9} {item.id}" + (f"  {title}" if title else ""))
    for item in cmp.changed:
        what = f"{level(item.old_level)} ({item.old_score}) -> {level(item.new_level)} ({item.new_score})"
        if item.old_status != item.new_status:
            what += (
                f"; {tr.pgettext('status', item.old_status or '')} -> {tr.pgettext('status', item.new_status or '')}"
            )
        lines.append(f"  {tr.gettext('Changed'):<9} {item.id}: {what}")
    lines.append("  " + tr.gettext(
        "compliance: {before} -> {now} of {total} items implemented",
        before=cmp.implemented_before, now=cmp.implemented_now, total=cmp.compliance_items,
    ))  # fmt: skip
    for row in cmp.compliance:
        old = tr.pgettext("compliance_state", row.old_state) if row.old_state else "–"
        new = tr.pgettext("compliance_state", row.new_state) if row.new_state else "–"
        lines.append(f"    {row.framework} {row.item}: {old} -> {new}")
    return lines
