"""The portfolio workbook: one row per municipality, plus the common causes and the shared measures.

Written through :func:`asset_models.workbook.safe_row` (no string becomes a formula,
control characters escaped) and saved deterministically (dated the portfolio's as_of).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from asset_models.workbook import safe_row
from asset_models.xlsx import workbook_to_bytes
from policy_templates.portfolio.texts import Words
from risk_analyzer.portfolio import Portfolio


def _sheet(wb: Any, title: str, headers: list[str]) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = wb.create_sheet(title[:31])
    bold = Font(bold=True)
    row = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        row.append(cell)
    ws.append(row)
    ws.freeze_panes = "A2"
    return ws


def portfolio_xlsx(p: Portfolio, lang: str) -> bytes:
    from openpyxl import Workbook

    w = Words(lang)
    wb = Workbook(write_only=True)
    levels = list(reversed(p.levels))
    nis2, sections = list(p.nis2_items), list(p.sections)
    headers = ([w("Code"), w("Name"), w("Analysis date"), w("Class"), w("Risks")] + [w.level(lv) for lv in levels] +
               [w("Active"), w("Top root causes"), w("End of support"), w("Without MFA"), w("Data outside the GSB"),
                w("Last scan"), w("Drift"), w("Change")] +
               [f"NIS2 {k}" for k in nis2] + [f"2024/2690 {k}" for k in sections])
    ws = _sheet(wb, w("Municipalities"), headers)
    for row in p.municipalities:
        values: list[Any] = [row.key, row.name, row.as_of, w.entity_class(row.entity_class), row.total]
        values += [row.risks.get(lv, 0) for lv in levels]
        values += [sum(row.active.values()), "; ".join(w.pick(c.title) for c in row.top_causes), row.eol,
                   row.without_mfa, row.outside_gsb, row.last_scan or "", row.drift, row.change]
        values += [w.state(row.nis2.get(k, "not_assessed")) for k in nis2]
        values += [w.state(row.sections.get(k, "not_assessed")) for k in sections]
        ws.append(safe_row(ws, values))
    ws = _sheet(wb, w("Common causes"), [w("Rule"), w("Root cause"), w("Number of municipalities"), w("Risks"),
                                         w("Highest level"), w("Estimated one-off cost (EUR)"), "",
                                         w("Municipalities")])
    for c in p.common_causes:
        low, high = (c.one_off_eur[0], c.one_off_eur[1]) if len(c.one_off_eur) == 2 else (None, None)
        ws.append(safe_row(ws, [c.rule_id, w.pick(c.title), len(c.municipalities), c.risks, w.level(c.max_level),
                                low, high, ", ".join(c.municipalities)]))
    ws = _sheet(wb, w("Shared measures"), [w("Control"), w("Name"), w("Effort"), w("Number of municipalities"),
                                           w("Risk reduction"), w("Municipalities")])
    for m in p.common_controls:
        ws.append(safe_row(ws, [m.control_id, w.pick(m.title), w.effort(m.effort), len(m.municipalities),
                                m.risk_reduction, ", ".join(m.municipalities)]))
    return workbook_to_bytes(wb, dt.datetime.combine(p.as_of, dt.time(0, 0)))
