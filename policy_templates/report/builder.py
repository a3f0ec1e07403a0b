"""Lays out the report at run time inside the reference document of the language.

The template is produced by :class:`policy_templates.docxkit.TemplateBuilder`
from the texts of :mod:`policy_templates.report.texts` (content and labels),
inside ``reference.docx`` of the language; the placeholders refer
to the fields of :class:`policy_templates.report.context.ReportContext` plus two
images (``network_diagram``, ``heat_map``) added at render time. Tag
expressions hold only names, attribute access and literal indexes (no ``%``,
``}``, ``<``, ``>``, ``&``), as docxtpl requires.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from policy_templates.content import reference_docx
from policy_templates.docxkit import TemplateBuilder
from policy_templates.i18n import Lang, as_lang
from policy_templates.report.texts import REPORT, texts

#: the images the templates expect in the context
IMAGE_KEYS = ("network_diagram", "heat_map", "heat_residual_map")


class _Texts(dict[str, str]):
    """Report texts; a key that is neither content nor a known label is the ``report`` label of that key."""

    def __init__(self, base: Mapping[str, str], lang: Lang) -> None:
        super().__init__(base)
        self.lang = lang

    def __missing__(self, key: str) -> str:
        return self.lang.tr.pgettext(REPORT, key)


def _level_cell(var: str, colour: str = "colour", label: str = "level_label") -> str:
    return "{% cellbg " + f"{var}.{colour}" + " %}{{ " + f"{var}.{label}" + " }}"


#: the narrowest column of any table (no word broken mid-word at A4)
MIN_COL_CM = 1.2
PORTRAIT_CM = 16.6
LANDSCAPE_CM = 25.3


def _grid(b: TemplateBuilder, widths_cm: Sequence[float]) -> None:
    """Give the last table a fixed layout whose ``w:gridCol`` widths equal its cell widths."""
    if min(widths_cm) < MIN_COL_CM:
        raise ValueError(f"a column is narrower than {MIN_COL_CM} cm: {widths_cm}")
    tbl = b.doc.tables[-1]._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths_cm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(int(Cm(width).twips)))
        grid.append(col)
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for row in b.doc.tables[-1].rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _table(b: TemplateBuilder, headers: Sequence[str], cells: Sequence[str], *, items: str,
           widths_cm: Sequence[float], var: str = "r", font_pt: float = 9.0) -> None:
    b.loop_table(headers, cells, items=items, var=var, widths_cm=widths_cm, font_pt=font_pt)
    _grid(b, widths_cm)


def _more(b: TemplateBuilder, key: str) -> None:
    """The sentence under a bounded table (how many rows are left out, and where they are), when there is one."""
    b.if_block_start(f"more.{key}")
    b.para("{{ more." + key + " }}", italic=True)
    b.if_block_end()


def _kv(b: TemplateBuilder, rows: Sequence[tuple[str, str]], first_col_cm: float = 5.5) -> None:
    b.key_value_table(rows, first_col_cm=first_col_cm)
    _grid(b, [first_col_cm, PORTRAIT_CM - first_col_cm])


def _section_break(b: TemplateBuilder, landscape: bool) -> None:
    """End the current section here; it is landscape when ``landscape`` (the next one takes the other)."""
    body = b.doc.element.body
    final = body.find(qn("w:sectPr"))
    sect = copy.deepcopy(final) if final is not None else OxmlElement("w:sectPr")
    size = sect.find(qn("w:pgSz"))
    if size is None:
        size = OxmlElement("w:pgSz")
        sect.insert(0, size)
    width, height = sorted((int(size.get(qn("w:w")) or 11906), int(size.get(qn("w:h")) or 16838)))
    if landscape:
        size.set(qn("w:w"), str(height))
        size.set(qn("w:h"), str(width))
        size.set(qn("w:orient"), "landscape")
    else:
        size.set(qn("w:w"), str(width))
        size.set(qn("w:h"), str(height))
        size.attrib.pop(qn("w:orient"), None)
    paragraph = b.doc.add_paragraph()
    paragraph._p.get_or_add_pPr().append(sect)


def _landscape_to_end(b: TemplateBuilder) -> None:
    """Make the document's last section (from the last section break to the end) landscape."""
    final = b.doc.element.body.find(qn("w:sectPr"))
    if final is None:
        final = OxmlElement("w:sectPr")
        b.doc.element.body.append(final)
    size = final.find(qn("w:pgSz"))
    if size is None:
        size = OxmlElement("w:pgSz")
        final.insert(0, size)
    width, height = sorted((int(size.get(qn("w:w")) or 11906), int(size.get(qn("w:h")) or 16838)))
    size.set(qn("w:w"), str(height))
    size.set(qn("w:h"), str(width))
    size.set(qn("w:orient"), "landscape")


def _toc(b: TemplateBuilder, t: dict[str, str]) -> None:
    """A Word table-of-contents field over the headings of levels 1-2 (Word fills it when the file opens)."""
    b.para(t["html_nav"], style="Heading 1")
    paragraph = b.doc.add_paragraph()
    parts = [("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None),
             ("text", t["toc_placeholder"]), ("end", None)]
    for kind, value in parts:
        run = OxmlElement("w:r")
        if kind in {"begin", "separate", "end"}:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                fld.set(qn("w:dirty"), "true")
            run.append(fld)
        else:
            el = OxmlElement("w:instrText" if kind == "instr" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = value
            run.append(el)
        paragraph._p.append(run)
    settings = b.doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
    b.page_break()


def _front(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["doc_control"], 1)
    _kv(b, [
        (t["municipality"], "{{ municipality.name }}"),
        (t["code"], "{{ municipality.code }}"),
        (t["entity_class"], "{{ municipality.entity_class }}"),
        (t["as_of"], "{{ as_of }}"),
        (t["security_officer"], "{{ municipality.security_officer }}"),
        (t["head"], "{{ municipality.head }}"),
        (t["scan"], "{{ scan }}"),
        (t["tool"], "lsgrisk {{ tool_version }} · {{ catalog_version }}"),
    ])
    b.para(t["confidential"], italic=True)
    b.if_block_start("meta.changes")
    b.para(t["changes_title"])
    _table(b, [t["col_id"], t["changes_change"], t["col_source"]],
           ["{{ r.id }}", "{{ r.change }}", "{{ r.source }}"],
           items="meta.changes", widths_cm=[4.0, 3.0, 9.6])
    b.if_block_end()
    _toc(b, t)


def _summary(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_summary"], 1)
    b.para(t["summary_intro"])
    b.heading(t["h_decisions"], 2)
    b.control("{%p for m in decisions %}")
    b.bullets(["{{ m }}"])
    b.control("{%p endfor %}")
    b.heading(t["h_top_actions"], 2)
    _table(b, [t["col_reg_no"], t["col_action"], t["col_max_level"], t["col_one_off"], t["col_yearly"], t["col_due"]],
           ["{{ r.no }}", "{{ r.action }}", _level_cell("r"), "{{ r.one_off }}", "{{ r.yearly }}", "{{ r.due }}"],
           items="summary_actions", widths_cm=[1.3, 7.3, 1.8, 2.2, 2.0, 2.0], font_pt=8.5)
    b.heading(t["h_picture"], 2)
    table = b.doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, ("{{ heat_map }}", "{{ heat_residual_map }}"), strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, (t["heat_now"], t["heat_after"]), strict=True):
        cell.text = value
    _grid(b, [8.3, 8.3])
    b.para(t["picture_note"], italic=True)
    b.if_block_start("has_since")
    b.heading(t["h_since"], 2)
    b.control("{%p for m in since %}")
    b.bullets(["{{ m }}"])
    b.control("{%p endfor %}")
    b.if_block_end()


def _method(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_method"], 1)
    b.para(t["method_scope"])
    b.para(t["scope_title"], style="Heading 3")
    _kv(b, [
        (t["count_zones"], "{{ counts.zones }}"),
        (t["count_assets"], "{{ counts.assets }} / {{ counts.devices }}"),
        (t["count_data"], "{{ counts.data }}"),
        (t["count_services"], "{{ counts.services }}"),
        (t["count_suppliers"], "{{ counts.suppliers }}"),
        (t["count_risks"], "{{ counts.risks }} / {{ counts.findings }}"),
    ], first_col_cm=8.0)
    b.heading(t["h_needs"], 2)
    b.para(t["method_needs"])
    b.heading(t["h_scales"], 2)
    b.para(t["method_scales"])
    for key, items in (("likelihood", "likelihood_scale"), ("impact", "impact_scale")):
        b.para(t[key], style="Heading 3")
        _table(b, [t["col_value"], t["col_label"], t["col_description"]],
               ["{{ r.value }}", "{{ r.label }}", "{{ r.description }}"], items=items,
               widths_cm=[1.8, 3.4, 11.4], font_pt=8.5)
    b.heading(t["h_matrix"], 2)
    b.para(t["matrix_intro"])
    headers = [t["likelihood"] + " \\ " + t["impact"]] + [
        "{{ impact_scale[" + str(n) + "].value }} – {{ impact_scale[" + str(n) + "].label }}" for n in range(5)
    ]
    cells = ["{{ r.label }}"] + [
        "{% cellbg r.c" + str(n) + " %}{{ r.l" + str(n) + " }}" for n in range(1, 6)
    ]
    _table(b, headers, cells, items="matrix_rows", widths_cm=[4.1, 2.5, 2.5, 2.5, 2.5, 2.5], font_pt=8.5)
    b.heading(t["h_method_paths"], 2)
    b.para(t["method_paths"])
    b.para(t["method_choke"])
    b.para(t["method_plan"])


def _context(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_context"], 1)
    b.para(t["context_intro"])
    b.para("{{ network_diagram }}")
    b.para(t["figure_network"], italic=True)
    b.control("{%p for z in zone_diagrams %}")
    b.para("{{ z.picture }}")
    b.control("{%p endfor %}")
    _more(b, "zone_diagrams")
    b.heading(t["zones_title"], 2)
    _table(b, [t["col_zone"], t["col_name"], t["col_kind"], t["col_cidrs"], t["col_assets"]],
           ["{{ r.id }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.cidrs }}", "{{ r.assets }}"], items="zones",
           widths_cm=[2.8, 5.6, 3.2, 3.6, 1.4])
    _more(b, "zones")
    b.if_block_start("has_suppliers")
    b.heading(t["suppliers_title"], 2)
    _table(b, [t["col_supplier"], t["col_method"], t["col_mfa"], t["col_targets"], t["col_clauses"]],
           ["{{ r.name }}", "{{ r.method }}", "{{ r.mfa }}", "{{ r.targets }}", "{{ r.clauses }}"],
           items="suppliers", widths_cm=[4.6, 2.6, 1.4, 5.2, 2.8])
    _more(b, "suppliers")
    b.if_block_end()


def _assets(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_assets"], 1)
    b.para(t["assets_intro"])
    b.heading(t["data_title"], 2)
    _table(b,
           [t["col_data"], t["col_classification"], t["col_personal"], t["col_c"], t["col_i"], t["col_a"],
            t["col_stored_on"]],
           ["{{ r.name }}", "{{ r.classification }}", "{{ r.personal }}", "{{ r.c }}", "{{ r.i }}", "{{ r.a }}",
            "{{ r.stored_on }}"],
           items="data", widths_cm=[4.6, 2.2, 1.6, 1.6, 1.6, 1.6, 3.4], font_pt=8)
    _more(b, "data")
    b.if_block_start("has_services")
    b.heading(t["services_title"], 2)
    _table(b,
           [t["col_service"], t["col_rto"], t["col_rpo"], t["col_c"], t["col_i"], t["col_a"], t["col_spof"]],
           ["{{ r.name }}", "{{ r.rto }}", "{{ r.rpo }}", "{{ r.c }}", "{{ r.i }}", "{{ r.a }}", "{{ r.spof }}"],
           items="services", widths_cm=[4.6, 1.4, 1.4, 1.6, 1.6, 1.6, 4.4], font_pt=8)
    _more(b, "services")
    b.if_block_end()


def _causes(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_causes"], 1)
    b.para(t["causes_intro"])
    _table(b, [t["col_reg_no"], t["col_cause"], t["col_systems"], t["col_max_level"], t["col_risks"],
               t["col_choke"]],
           ["{{ r.no }}", "{{ r.title }}", "{{ r.subjects }}", _level_cell("r"), "{{ r.risks }}", "{{ r.choke }}"],
           items="causes", widths_cm=[1.3, 4.6, 4.6, 1.8, 2.8, 1.5], font_pt=7.5)


def _paths(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_paths"], 1)
    b.para(t["paths_intro"])
    b.if_block_start("has_paths")
    b.if_block_start("has_chokes")
    b.heading(t["h_chokes"], 2)
    b.para(t["chokes_intro"])
    _table(b, [t["col_choke"], t["col_breaks"]], ["{{ r.text }}", "{{ r.breaks }}"], items="chokes",
           widths_cm=[12.6, 4.0], font_pt=8.5)
    _more(b, "chokes")
    b.if_block_end()
    b.heading(t["h_path_list"], 2)
    b.para(t["path_list_intro"])
    _table(b, [t["col_path"], t["path_entry"], t["col_target_data"], t["col_step"], t["col_difficulty"],
               t["col_breaks"]],
           ["{{ r.no }}", "{{ r.entry }}", "{{ r.target_name }}", "{{ r.steps }}", "{{ r.cost }}", "{{ r.breaks }}"],
           items="paths", widths_cm=[1.3, 2.4, 3.0, 6.4, 1.5, 2.0], font_pt=7.5)
    _more(b, "paths")
    b.para(t["path_diagrams_intro"])
    b.control("{%p for d in path_diagrams %}")
    b.para("{{ d.picture }}")
    b.para("{{ d.caption }}", italic=True)
    b.control("{%p endfor %}")
    b.else_block()
    b.para(t["no_paths"])
    b.if_block_end()


def _treatment(b: TemplateBuilder, t: dict[str, str]) -> None:
    _section_break(b, landscape=False)
    b.heading(t["h_treatment"], 1)
    b.para(t["treatment_intro"])
    b.para("{{ staff_note }}")
    for key, items in (("quick_wins", "tasks_quick"), ("projects", "tasks_projects")):
        b.heading(t[key], 2)
        _table(b,
               [t["col_reg_no"], t["col_action"], t["col_owner"], t["col_due"], t["col_cost_class"], t["col_one_off"],
                t["col_yearly"], t["col_max_level"], t["col_risks"], t["col_paths"]],
               ["{{ r.no }}", "{{ r.action }}", "{{ r.owner }}", "{{ r.due }}", "{{ r.cost_class }}",
                "{{ r.one_off }}", "{{ r.yearly }}", _level_cell("r"), "{{ r.risks }}", "{{ r.paths }}"],
               items=items, widths_cm=[1.3, 8.8, 2.4, 2.0, 1.7, 2.1, 1.9, 1.7, 2.0, 1.4], font_pt=7)


def _compliance(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_compliance"], 1)
    b.para(t["compliance_intro"])
    for key, items in (("law_title", "law"), ("nis2_title", "nis2")):
        b.heading(t[key], 2)
        _table(b, [t["col_area"], t["col_state"], t["col_evidence"], t["col_open"]],
               ["{{ r.item }} – {{ r.title }}", _level_cell("r", label="state_label"), "{{ r.evidence }}",
                "{{ r.open_risks }}"], items=items, widths_cm=[7.0, 2.4, 13.7, 2.2], font_pt=8)
    b.heading(t["eu_title"], 2)
    b.para(t["eu_intro"])
    _table(b, [t["col_section"], t["col_state"], t["col_evidence"], t["col_requirements"]],
           ["{{ r.item }} – {{ r.title }}", _level_cell("r", label="state_label"), "{{ r.evidence }}",
            "{{ r.open_risks }}"], items="eu_sections", widths_cm=[8.5, 2.4, 12.2, 2.2], font_pt=8)


def _annexes(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_annex_register"], 1)
    b.para(t["register_intro"])
    _table(b,
           [t["col_reg_no"], t["col_id"], t["col_threat"], t["col_weakness"], t["col_evidence"], t["col_asset"],
            t["col_owner"], t["col_lxi"], t["col_treatment"], t["col_due"], t["col_target"]],
           ["{{ r.no }}", "{{ r.id }}", "{{ r.threats }}", "{{ r.title }}", "{{ r.evidence }}", "{{ r.subject }}",
            "{{ r.owner }}", "{% cellbg r.colour %}{{ r.likelihood }} × {{ r.impact }} → {{ r.level_label }}",
            "{{ r.treatment }}", "{{ r.due }}", _level_cell("r", "residual_colour", "residual_label")],
           items="risks", widths_cm=[1.3, 3.3, 2.7, 3.1, 4.5, 2.3, 1.9, 1.9, 1.5, 1.8, 1.5], font_pt=6.5)
    _more(b, "risks")
    b.heading(t["h_annex_a"], 1)
    _table(b,
           [t["col_id"], t["col_name"], t["col_kind"], t["col_zone"], t["col_os"], t["col_eol"], t["col_c"],
            t["col_i"], t["col_a"], t["col_risk"]],
           ["{{ r.id }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.zone }}", "{{ r.os }}", "{{ r.eol }}", "{{ r.c }}",
            "{{ r.i }}", "{{ r.a }}", _level_cell("r")],
           items="assets", widths_cm=[3.2, 5.2, 2.6, 2.6, 3.6, 2.0, 1.4, 1.4, 1.4, 1.9], font_pt=7)
    _more(b, "assets")
    b.heading(t["h_annex_c"], 1)
    b.para(t["limitations"])
    _landscape_to_end(b)


def _reference(code: Lang, documents: Path | None) -> Path:
    own = documents / (code.language.derived_from or code.code) / "reference.docx" if documents else None
    return own if own is not None and own.is_file() else reference_docx(code.code)


def build_report_template(lang: str | Lang, documents: Path | None = None) -> TemplateBuilder:
    """The report template for ``lang`` inside its reference document (not yet saved)."""
    code = as_lang(lang)
    return _build(code, texts(code, documents), _reference(code, documents))


def _build(code: Lang, values: Mapping[str, str], reference: Path) -> TemplateBuilder:
    t = _Texts(values, code)
    b = TemplateBuilder(code.code, reference=reference)
    for section in (_front, _summary, _method, _context, _assets, _causes, _paths, _treatment, _compliance,
                    _annexes):
        section(b, t)
    return b


def report_template_bytes(lang: str | Lang, documents: Path | None = None) -> bytes:
    """The report template as bytes, built once per process for the same texts and reference document."""
    code = as_lang(lang)
    reference = _reference(code, documents)
    values = tuple(sorted(texts(code, documents).items()))
    return _cached(code, values, reference, reference.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _cached(code: Lang, values: tuple[tuple[str, str], ...], reference: Path, stamp: int) -> bytes:
    del stamp  # part of the cache key
    return _build(code, dict(values), reference).to_bytes(dict(values).get("title", ""))
