"""The portfolio dashboard: one self-contained html file with sortable tables.

No network: CSS and JavaScript are inlined from ``assets/`` and allowed only by
their sha256 hashes in the Content-Security-Policy (no other script, style,
image, font or connection can load). Every text is written by the server,
HTML-escaped; the script only reorders rows. Same portfolio, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from pathlib import Path

from policy_templates.portfolio.texts import Words
from risk_analyzer.portfolio import MunicipalityRow, Portfolio, TrendPoint

ASSETS = Path(__file__).with_name("assets")


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _th(label: str, numeric: bool = False) -> str:
    kind = ' data-type="num"' if numeric else ""
    return f'<th scope="col"{kind}>{_e(label)}</th>'


def _num(value: int | None, css: str = "") -> str:
    if value is None:
        return '<td class="num" data-v="">–</td>'
    extra = f" {css}" if css else ""
    return f'<td class="num{extra}" data-v="{value}">{value}</td>'


def _eur(span: list[int]) -> str:
    if len(span) != 2:
        return '<td class="num" data-v="">–</td>'
    return f'<td class="num" data-v="{span[0]}">{span[0]:,}–{span[1]:,}</td>'.replace(",", "\u202f")


def _spark(points: list[TrendPoint]) -> str:
    """A small inline SVG line of the total risks over the stored snapshots (no script, no network)."""
    if len(points) < 2:
        return ""
    width, height = 80, 20
    top = max(p.total for p in points) or 1
    step = width / (len(points) - 1)
    coords = " ".join(f"{n * step:.1f},{height - 2 - (height - 4) * p.total / top:.1f}" for n, p in enumerate(points))
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-hidden="true"><polyline fill="none" stroke="#1f3864" stroke-width="1.5" points="{coords}"/></svg>')


def _main_row(row: MunicipalityRow, p: Portfolio, w: Words) -> str:
    levels = list(reversed(p.levels))
    cells = [f'<td data-v="{_e(row.name)}">{_e(row.name)}' +
             (f' <span class="key">{_e(row.key)}</span>' if row.key != row.name else "") + "</td>",
             f'<td data-v="{row.as_of.isoformat()}">{_e(w.date(row.as_of))}</td>',
             f"<td>{_e(w.entity_class(row.entity_class))}</td>",
             _num(row.total)]
    cells += [_num(row.risks.get(level, 0), f"lv-{level}" if row.risks.get(level, 0) else "") for level in levels]
    cells.append(_num(sum(row.active.values())))
    causes = "".join(f"<li>{_e(w.pick(c.title))} ({c.risks})</li>" for c in row.top_causes)
    cells.append(f'<td data-v="{_e(row.top_causes[0].rule_id if row.top_causes else "")}">'
                 f'<ul class="causes">{causes}</ul></td>')
    cells += [_num(row.eol), _num(row.without_mfa), _num(row.outside_gsb)]
    cells.append(f'<td data-v="{_e(row.last_scan or "")}">{_e(row.last_scan or w("no scan"))}</td>')
    cells.append(_num(row.drift))
    trend = " → ".join(str(t.total) for t in row.trend[-4:])
    cells.append(f'<td data-v="{row.change if row.change is not None else ""}">{_spark(row.trend)} {_e(trend)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _state_table(p: Portfolio, w: Words, items: dict[str, str], attr: str) -> str:
    head = [_th(w("Municipality"))] + [f'<th scope="col" title="{_e(title)}">{_e(key)}</th>'
                                        for key, title in items.items()]
    body = []
    for row in p.municipalities:
        states: dict[str, str] = getattr(row, attr)
        cells = [f"<td>{_e(row.name)}</td>"]
        for key in items:
            state = states.get(key, "not_assessed")
            cells.append(f'<td class="st-{_e(state)}" data-v="{_e(state)}">{_e(w.state(state))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table class="sortable"><thead><tr>' + "".join(head) + "</tr></thead><tbody>" + "".join(body) +
            "</tbody></table>")


def render_dashboard(p: Portfolio, lang: str) -> str:
    """The dashboard as html text."""
    w = Words(lang)
    css, js = _asset("dashboard.css"), _asset("dashboard.js")
    csp = f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; img-src data:; form-action 'none'"
    count = len(p.municipalities)
    title = w("Portfolio of municipalities")
    levels = list(reversed(p.levels))
    head = ([_th(w("Municipality")), _th(w("Analysis date")), _th(w("Class")), _th(w("Risks"), True)] +
            [_th(w.level(level), True) for level in levels] +
            [_th(w("Active"), True), _th(w("Top root causes")), _th(w("End of support"), True),
             _th(w("Without MFA"), True), _th(w("Data outside the GSB"), True), _th(w("Last scan")),
             _th(w("Drift"), True), _th(w("Trend"), True)])
    rows = "".join(_main_row(row, p, w) for row in p.municipalities)
    causes = "".join(
        f'<tr><td data-v="{_e(c.rule_id)}">{_e(w.pick(c.title))} <span class="key">{_e(c.rule_id)}</span></td>'
        f"{_num(len(c.municipalities))}{_num(c.risks)}"
        f'<td class="lv-{_e(c.max_level)}" data-v="{p.levels.index(c.max_level) if c.max_level in p.levels else ""}">'
        f"{_e(w.level(c.max_level))}</td>{_eur(c.one_off_eur)}<td>{_e(', '.join(c.municipalities))}</td></tr>"
        for c in p.common_causes)
    controls = "".join(
        f'<tr><td data-v="{_e(c.control_id)}">{_e(w.pick(c.title))} <span class="key">{_e(c.control_id)}</span></td>'
        f"<td>{_e(w.effort(c.effort))}</td>{_num(len(c.municipalities))}{_num(c.risk_reduction)}"
        f"<td>{_e(', '.join(c.municipalities))}</td></tr>"
        for c in p.common_controls)
    nis2 = {k: w.pick(v) for k, v in p.nis2_items.items()}
    sections = {k: w.pick(v) for k, v in p.sections.items()}
    anonymous = f'<p class="meta">{_e(w("Names are replaced by anonymous codes."))}</p>' if p.anonymised else ""
    return f"""<!DOCTYPE html>
<html lang="{_e(w.language.code)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{css}</style>
</head>
<body>
<h1>{_e(title)}</h1>
<p class="meta">{_e(w.municipalities(count))} · {_e(w("Situation as of {date}", date=w.date(p.as_of)))}</p>
{anonymous}<p class="meta">{_e(w("Click a column heading to sort the table."))}</p>
<h2 id="municipalities">{_e(w("Municipalities"))}</h2>
<table class="sortable" id="main"><thead><tr>{"".join(head)}</tr></thead><tbody>{rows}</tbody></table>
<h2 id="common">{_e(w("Root causes common to several municipalities"))}</h2>
<p>{_e(w("dashboard.common_intro",
          count=p.threshold))}</p>
<table class="sortable" id="causes"><thead><tr>{_th(w("Root cause"))}{_th(w("Number of municipalities"), True)}
{_th(w("Risks"), True)}{_th(w("Highest level"), True)}{_th(w("Estimated one-off cost (EUR)"), True)}
{_th(w("Municipalities"))}</tr></thead><tbody>{causes}</tbody></table>
<h2 id="shared">{_e(w("dashboard.shared_heading"))}</h2>
<table class="sortable" id="controls"><thead><tr>{_th(w("Control"))}{_th(w("Effort"))}
{_th(w("Number of municipalities"), True)}{_th(w("Risk reduction"), True)}{_th(w("Municipalities"))}</tr></thead>
<tbody>{controls}</tbody></table>
<h2 id="nis2">{_e(w("Compliance with NIS2 Article 21(2)"))}</h2>
{_state_table(p, w, nis2, "nis2")}
<h2 id="eu2690">{_e(w("Compliance with Implementing Regulation (EU) 2024/2690, by section"))}</h2>
{_state_table(p, w, sections, "sections")}
<script>{js}</script>
</body>
</html>
"""
