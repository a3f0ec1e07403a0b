"""The self-contained HTML report: network graph, heat map and a sortable, filterable risk table.

One file, no network access: CSS and JavaScript are inlined from
``policy_templates/report/assets/``, the data travels as JSON in a
``<script type="application/json">`` block (with ``<``, ``>``, ``&`` and the
JavaScript line separators escaped, so ``</script>`` in a name cannot end the
block), and a Content-Security-Policy forbids every network request. Text
from the inventory is HTML-escaped where the server writes it and set with
``textContent`` where the script does. The same input gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from policy_templates.i18n import Lang, as_lang
from policy_templates.report.catalog_view import MatrixSpec
from policy_templates.report.charts import NO_RISK_COLOUR
from policy_templates.report.context import ReportContext, level_label
from policy_templates.report.graphview import DiagramParts
from policy_templates.report.layout import INFORMATION_CLUSTER, OUTSIDE_CLUSTER
from policy_templates.report.texts import label, text
from risk_analyzer.result import AnalysisResult

ASSETS = Path(__file__).with_name("assets")
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or U+2028/9 appear literally."""
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _heading(key: str, lang: Lang) -> str:
    """A section heading of the docx without its number ("6. Risk register" -> "Risk register")."""
    return _e(re.sub(r"^\d+(\.\d+)*\.?\s+", "", text(key, lang)))


def _graph_data(result: AnalysisResult, parts: DiagramParts, spec: MatrixSpec, lang: Lang) -> dict[str, Any]:
    code = lang.value
    zone_names = {z.id: z.label for z in parts.zones}
    risks_by_node: dict[str, list[str]] = {}
    for risk in result.risks:
        if risk.subject_type == "asset":
            risks_by_node.setdefault(f"asset:{risk.subject_id}", []).append(
                f"{spec.labels.get(risk.level, {}).get(code, risk.level)} · {getattr(risk.title, code)}")
    exposure = {n.id: n.exposure for n in result.graph.nodes}
    nodes = []
    for node in parts.nodes:
        if node.id not in parts.layout.positions:
            continue
        x, y = parts.layout.positions[node.id]
        kind_label = label("asset_kind", node.kind, lang) if node.type == "asset" else label(
            "entry_point", node.kind or node.id.split(":", 1)[-1], lang)
        nodes.append({
            "id": node.id, "label": node.label, "type": node.type, "kind": kind_label, "x": x, "y": y,
            "level": node.level, "zoneName": zone_names.get(node.zone or "", ""),
            "exposure": label("exposure", exposure.get(node.id, "none"), lang),
            "risks": risks_by_node.get(node.id, []),
        })
    titles = {OUTSIDE_CLUSTER: text("outside", lang), INFORMATION_CLUSTER: text("information", lang)}
    boxes = [
        {"id": b.id, "title": titles.get(b.id, f"{b.label} ({label('zone_kind', b.kind, lang)})"),
         "x": b.x, "y": b.y, "w": b.w, "h": b.h}
        for b in parts.layout.boxes
    ]
    edges = [{"source": e.source, "target": e.target, "type": e.type} for e in parts.edges]
    return {"width": round(parts.layout.width, 1), "height": round(parts.layout.height, 1), "nodes": nodes,
            "boxes": boxes, "edges": edges}


def _page_data(result: AnalysisResult, parts: DiagramParts, spec: MatrixSpec, lang: Lang) -> dict[str, Any]:
    code = lang.value
    return {
        "graph": _graph_data(result, parts, spec, lang),
        "levels": {lv: {"colour": spec.colours[lv], "label": spec.labels.get(lv, {}).get(code, lv)}
                   for lv in spec.levels},
        "noRiskColour": NO_RISK_COLOUR,
        "texts": {
            "id": text("col_id", lang), "kind": text("col_kind", lang), "zone": text("col_zone", lang),
            "exposure": text("col_exposure", lang), "level": text("col_level", lang),
            "risks": text("col_risks", lang), "noRisk": text("html_no_risk", lang),
        },
    }


def _rows(items: Iterable[str]) -> str:
    return "\n".join(items)


def _level_td(label_text: str, colour: str, rank: int) -> str:
    return f'<td class="level" style="background:#{_e(colour)}" data-sort="{rank}">{_e(label_text)}</td>'


def _risk_table(ctx: ReportContext, spec: MatrixSpec, lang: Lang) -> str:
    rank = {level: n for n, level in enumerate(spec.levels)}
    heads = [("col_no", "num"), ("col_risk", "text"), ("col_subject", "text"), ("col_zone", "text"),
             ("col_l", "num"), ("col_im", "num"), ("col_score", "num"), ("col_level", "num"),
             ("col_target", "num"), ("col_owner", "text"), ("col_treatment", "text"), ("col_due", "text")]
    head = "".join(f'<th data-type="{kind}" scope="col">{_e(text(key, lang))}</th>' for key, kind in heads)
    body = []
    for r in ctx.risks:
        body.append(
            f'<tr data-level="{_e(r.level)}" data-l="{r.likelihood}" data-i="{r.impact}">'
            f'<td class="num" data-sort="{r.rank}">{_e(r.no)}</td><td title="{_e(r.evidence)}">{_e(r.title)}<br>'
            f'<span class="muted">{_e(r.id)}</span></td>'
            f"<td>{_e(r.subject)}</td><td>{_e(r.zone)}</td>"
            f'<td class="num">{r.likelihood}</td><td class="num">{r.impact}</td><td class="num">{r.score}</td>'
            + _level_td(r.level_label, r.colour, rank.get(r.level, -1) * 100 + r.score)
            + _level_td(r.residual_label, r.residual_colour, rank.get(r.residual_level, -1) * 100 + r.residual_score)
            + f"<td>{_e(r.owner)}</td><td>{_e(r.treatment)}</td><td>{_e(r.due)}</td></tr>"
        )
    options = "".join(f'<option value="{_e(lc.id)}">{_e(lc.label)}</option>' for lc in ctx.level_counts)
    return f"""<div class="controls">
<label>{_e(text("html_filter", lang))}: <input id="risk-filter" type="search"></label>
<select id="level-filter"><option value="">{_e(text("html_all_levels", lang))}</option>{options}</select>
<span>{_e(text("html_shown", lang))}: <b id="shown-count">{len(ctx.risks)}</b>
{_e(text("html_of", lang))} {len(ctx.risks)}</span>
<span class="muted">{_e(text("html_sort_hint", lang))}</span>
</div>
<table id="risks"><thead><tr>{head}</tr></thead><tbody>
{_rows(body)}
</tbody></table>"""


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "plain") -> str:
    """A plain table; every cell is escaped here."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _more(line: str) -> str:
    """The sentence under a shortened table (empty when the table is complete)."""
    return f'<p class="muted more">{_e(line)}</p>' if line else ""


def _sections(ctx: ReportContext, lang: Lang) -> list[tuple[str, str, str]]:
    """(anchor, heading, html) of every chapter of the docx after the summary."""
    def t(key: str) -> str:
        return text(key, lang)

    method = "".join(f"<p>{_e(t(k))}</p>" for k in ("method_scope", "method_needs", "method_scales", "matrix_intro",
                                                       "method_paths", "method_choke", "method_plan"))
    for key, scale in (("likelihood", ctx.likelihood_scale), ("impact", ctx.impact_scale)):
        method += f"<h3>{_e(t(key))}</h3>" + _table([t("col_value"), t("col_label"), t("col_description")],
                                                   ([str(r.value), r.label, r.description] for r in scale))
    causes = f"<p>{_e(t('causes_intro'))}</p>" + _table(
        [t("col_reg_no"), t("col_cause"), t("col_systems"), t("col_max_level"), t("col_risks"), t("col_action")],
        ([c.no, c.title, c.subjects, c.level_label, c.risks, c.action] for c in ctx.causes))
    chokes = _table([t("col_choke"), t("col_breaks")], ([c.text, c.breaks] for c in ctx.chokes)) + _more(
        ctx.more.chokes) if ctx.chokes else ""
    path_parts = []
    for p in ctx.all_paths:
        hops = _table([t("col_step"), t("col_node"), t("col_via"), t("col_choke")],
                      ([str(h.n), h.label, h.via, h.choke or "–"] for h in p.hops))
        path_parts.append(
            f'<details class="path" id="{_e(p.no)}"><summary><b>{_e(p.no)}</b> {_e(p.entry)} → '
            f'{_e(p.target_name)} · {_e(t("col_difficulty"))}: {p.cost} · {_e(t("col_breaks"))}: {_e(p.breaks)}'
            f'</summary><p class="muted">{_e(p.cost_text)}</p>{hops}</details>')
    paths = (f"<p>{_e(t('paths_intro'))}</p><h3>{_heading('h_chokes', lang)}</h3><p>{_e(t('chokes_intro'))}</p>"
             f"{chokes}<h3>{_heading('h_path_list', lang)}</h3>" + "".join(path_parts) + _more(ctx.more.all_paths)
             ) if ctx.all_paths else \
        f"<p>{_e(t('no_paths'))}</p>"
    task_head = [t("col_reg_no"), t("col_action"), t("col_owner"), t("col_due"), t("col_cost_class"), t("col_one_off"),
                 t("col_yearly"), t("col_max_level"), t("col_risks"), t("col_paths")]
    plan = f"<p>{_e(t('treatment_intro'))}</p><p>{_e(ctx.staff_note)}</p>"
    for key, tasks in (("quick_wins", ctx.tasks_quick), ("projects", ctx.tasks_projects)):
        plan += f'<h3 id="{key}">{_heading(key, lang)}</h3>' + _table(task_head, (
            [c.no, c.action, c.owner, c.due, c.cost_class, c.one_off, c.yearly, c.level_label, c.risks, c.paths]
            for c in tasks))
    comp = f"<p>{_e(t('compliance_intro'))}</p>"
    head = [t("col_area"), t("col_state"), t("col_evidence"), t("col_open")]
    for key, rows in (("law_title", ctx.law), ("nis2_title", ctx.nis2)):
        comp += f"<h3>{_heading(key, lang)}</h3>" + _table(head, (
            [f"{r.item} – {r.title}", r.state_label, r.evidence, str(r.open_risks)] for r in rows))
    comp += f"<h3>{_heading('eu_title', lang)}</h3><p>{_e(t('eu_intro'))}</p>" + _table(
        [t("col_section"), t("col_state"), t("col_evidence"), t("col_requirements")],
        ([f"{r.item} – {r.title}", r.state_label, r.evidence, str(r.open_risks)] for r in ctx.eu_sections))
    annex_a = _table([t("col_id"), t("col_name"), t("col_kind"), t("col_zone"), t("col_os"), t("col_eol"), t("col_c"),
                      t("col_i"), t("col_a"), t("col_risk")],
                     ([a.id, a.name, a.kind, a.zone, a.os, a.eol, a.c, a.i, a.a, a.level_label] for a in ctx.assets)
                     ) + _more(ctx.more.assets)
    return [("method", _heading("h_method", lang), method), ("causes", _heading("h_causes", lang), causes),
            ("paths", _heading("h_paths", lang), paths), ("plan", _heading("h_treatment", lang), plan),
            ("compliance", _heading("h_compliance", lang), comp), ("annex-a", _e(t("h_annex_a")), annex_a),
            ("annex-c", _e(t("h_annex_c")), f"<p>{_e(t('limitations'))}</p>")]


def _heat_table(ctx: ReportContext, spec: MatrixSpec, lang: Lang, heat: list[list[int]] | None = None) -> str:
    rows = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            level = spec.grid[likelihood - 1][impact - 1]
            count = (heat or ctx.heat)[likelihood - 1][impact - 1]
            cells.append(f'<td data-l="{likelihood}" data-i="{impact}" style="background:{_e(spec.colours[level])}" '
                         f'title="{_e(level_label(spec, level, lang))}">{count or ""}</td>')
        rows.append(f"<tr><th>{_e(ctx.likelihood_scale[likelihood - 1].label)} {likelihood}</th>{''.join(cells)}</tr>")
    impacts = "".join(f"<th>{s.value}<br>{_e(s.label)}</th>" for s in ctx.impact_scale)
    return (f'<table class="heat"><tbody>{"".join(rows)}<tr><th></th>{impacts}</tr></tbody></table>'
            f'<p class="muted">↑ {_e(text("likelihood", lang))} · → {_e(text("impact", lang))}</p>')


def render_html(result: AnalysisResult, ctx: ReportContext, parts: DiagramParts, spec: MatrixSpec,
                lang: str | Lang) -> str:
    """The HTML report as text (UTF-8, self-contained, deterministic)."""
    code = as_lang(lang)
    badges = "".join(
        f'<div class="badge" style="background:#{_e(lc.colour)}">'
        f'<span class="n">{lc.inherent}</span>{_e(lc.label)}</div>'
        for lc in ctx.level_counts)
    legend = "".join(
        f'<span style="--c:{_e(spec.colours[lv])}">{_e(spec.labels.get(lv, {}).get(code.value, lv))}</span>'
        for lv in spec.levels)
    legend += f'<span style="--c:{NO_RISK_COLOUR}">{_e(text("html_no_risk", code))}</span>'
    messages = "".join(f"<li>{_e(m)}</li>" for m in ctx.key_messages)
    decisions = "".join(f"<li>{_e(d)}</li>" for d in ctx.decisions)
    top = _table([text(k, code) for k in ("col_reg_no", "col_action", "col_max_level", "col_one_off", "col_yearly",
                                          "col_due")],
                 ([c.no, c.action, c.level_label, c.one_off, c.yearly, c.due] for c in ctx.summary_actions))
    since = "".join(f"<li>{_e(x)}</li>" for x in ctx.since)
    sections = _sections(ctx, code)
    nav_items = [("summary", _heading("h_summary", code)), ("network", _e(text("html_graph", code)))]
    nav_items += [(a, h) for a, h, _ in sections[:5]] + [("register", _e(text("h_annex_register", code)))]
    nav_items += [(a, h) for a, h, _ in sections[5:]]
    nav = "".join(f'<li><a href="#{a}">{h}</a></li>' for a, h in nav_items)
    body_sections = "\n".join(f'<section id="{a}"><h2>{h}</h2>\n{html}\n</section>' for a, h, html in sections[:5])
    annexes = "\n".join(f'<section id="{a}"><h2>{h}</h2>\n{html}\n</section>' for a, h, html in sections[5:])
    m = ctx.municipality
    title = f"{ctx.title} – {m.name}"
    return f"""<!DOCTYPE html>
<html lang="{code.language.word_lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>
{_asset("report.css")}</style>
</head>
<body>
<header><h1>{_e(ctx.title)}</h1>
<div class="sub">{_e(m.name)} ({_e(m.code)}) · {_e(text("as_of", code))}: {_e(ctx.as_of)} ·
{_e(text("draft", code))}</div>
</header>
<nav id="toc"><h2>{_e(text("html_nav", code))}</h2><ol>{nav}</ol></nav>
<main>
<section id="summary"><h2>{_heading("h_summary", code)}</h2>
<p>{_e(text("summary_intro", code))}</p>
<h3>{_heading("h_decisions", code)}</h3>
<ul class="decisions">{decisions}</ul>
<h3>{_heading("h_top_actions", code)}</h3>
{top}
<h3>{_heading("h_picture", code)}</h3>
<div class="badges">{badges}</div>
<div class="heat-pair"><figure>{_heat_table(ctx, spec, code)}<figcaption>{_e(text("heat_now", code))}</figcaption>
</figure><figure>{_heat_table(ctx, spec, code, ctx.heat_residual)}<figcaption>{_e(text("heat_after", code))}
</figcaption></figure></div>
<p class="muted">{_e(text("picture_note", code))}</p>
<ul class="messages">{messages}{since}</ul>
</section>
<section id="network"><h2>{_e(text("html_graph", code))}</h2>
<div class="controls"><span class="muted">{_e(text("html_graph_help", code))}</span>
<button id="reset-view" type="button">{_e(text("html_reset", code))}</button></div>
<div class="legend">{legend}</div>
<div class="graph-wrap">
<svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_e(text("html_graph", code))}"></svg>
<aside id="details"><h3>{_e(text("html_details", code))}</h3>
<p class="muted">{_e(text("html_click_node", code))}</p></aside></div>
</section>
{body_sections}
<section id="register"><h2>{_e(text("h_annex_register", code))}</h2>
<p>{_e(text("register_intro", code))}</p>
{_risk_table(ctx, spec, code)}
{_more(ctx.more.risks)}
</section>
{annexes}
</main>
<footer>lsgrisk {_e(ctx.tool_version)} · {_e(text("confidential", code))}</footer>
<script type="application/json" id="report-data">{json_for_script(_page_data(result, parts, spec, code))}</script>
<script>
{_asset("report.js")}</script>
</body>
</html>
"""
