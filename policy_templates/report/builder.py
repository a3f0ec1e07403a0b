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

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from policy_templates.content import reference_docx
from policy_templates.docxkit import TemplateBuilder
from policy_templates.i18n import Lang, as_lang
from policy_templates.report.texts import REPORT, texts

#: the images the templates expect in the context
IMAGE_KEYS = ("network_diagram", "heat_map")


class _Texts(dict[str, str]):
    """Report texts; a key that is neither content nor a known label is the ``report`` label of that key."""

    def __init__(self, base: Mapping[str, str], lang: Lang) -> None:
        super().__init__(base)
        self.lang = lang

    def __missing__(self, key: str) -> str:
        return self.lang.tr.pgettext(REPORT, key)


def _level_cell(var: str, colour: str = "colour", label: str = "level_label") -> str:
    return "{% cellbg " + f"{var}.{colour}" + " %}{{ " + f"{var}.{label}" + " }}"


def _front(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["doc_control"], 1)
    b.key_value_table([
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
    b.loop_table([t["col_id"], t["changes_change"], t["col_source"]],
                 ["{{ r.id }}", "{{ r.change }}", "{{ r.source }}"],
                 items="meta.changes", widths_cm=[4.0, 3.0, 9.6])
    b.if_block_end()


def _summary(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_summary"], 1)
    b.para(t["summary_intro"])
    b.heading(t["counts_title"], 2)
    b.loop_table([t["col_level"], t["col_inherent"], t["col_residual"], t["col_active"]],
                 [_level_cell("r", label="label"), "{{ r.inherent }}", "{{ r.residual }}", "{{ r.active }}"],
                 items="level_counts", widths_cm=[5.0, 3.5, 3.5, 3.5])
    b.heading(t["key_messages"], 2)
    b.control("{%p for m in key_messages %}")
    b.bullets(["{{ m }}"])
    b.control("{%p endfor %}")
    b.heading(t["top_risks"], 2)
    b.loop_table([t["col_no"], t["col_risk"], t["col_subject"], t["col_score"], t["col_level"]],
                 ["{{ r.rank }}", "{{ r.title }}", "{{ r.subject }}", "{{ r.score }}", _level_cell("r")],
                 items="top_risks", widths_cm=[1.2, 8.0, 4.5, 1.6, 2.3])


def _method(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_method"], 1)
    b.para(t["method_scope"])
    b.para(t["scope_title"], style="Heading 3")
    b.key_value_table([
        (t["count_zones"], "{{ counts.zones }}"),
        (t["count_assets"], "{{ counts.assets }} / {{ counts.devices }}"),
        (t["count_data"], "{{ counts.data }}"),
        (t["count_services"], "{{ counts.services }}"),
        (t["count_suppliers"], "{{ counts.suppliers }}"),
        (t["count_risks"], "{{ counts.risks }} / {{ counts.findings }}"),
    ], first_col_cm=8.0)
    b.if_block_start("has_units")
    b.para(t["units_title"], style="Heading 3")
    b.control("{%p for u in municipality.units %}")
    b.bullets(["{{ u }}"])
    b.control("{%p endfor %}")
    b.if_block_end()
    b.heading(t["h_needs"], 2)
    b.para(t["method_needs"])
    b.heading(t["h_scales"], 2)
    b.para(t["method_scales"])
    for key, items in (("likelihood", "likelihood_scale"), ("impact", "impact_scale")):
        b.para(t[key], style="Heading 3")
        b.loop_table([t["col_value"], t["col_label"], t["col_description"]],
                     ["{{ r.value }}", "{{ r.label }}", "{{ r.description }}"], items=items,
                     widths_cm=[1.8, 3.4, 11.4])
    b.para(t["need_impact"], style="Heading 3")
    b.loop_table([t["col_need"], t["impact"]], ["{{ r.need }}", "{{ r.impact }}"], items="need_impact",
                 widths_cm=[6.0, 4.0])
    b.heading(t["h_matrix"], 2)
    b.para(t["matrix_intro"])
    headers = [t["likelihood"] + " \\ " + t["impact"]] + [
        "{{ impact_scale[" + str(n) + "].value }} – {{ impact_scale[" + str(n) + "].label }}" for n in range(5)
    ]
    cells = ["{{ r.label }}"] + [
        "{% cellbg r.c" + str(n) + " %}{{ r.l" + str(n) + " }}" for n in range(1, 6)
    ]
    b.loop_table(headers, cells, items="matrix_rows", widths_cm=[4.1, 2.5, 2.5, 2.5, 2.5, 2.5])


def _context(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_context"], 1)
    b.para(t["context_intro"])
    b.para("{{ network_diagram }}")
    b.para(t["figure_network"], italic=True)
    b.heading(t["zones_title"], 2)
    b.loop_table([t["col_zone"], t["col_name"], t["col_kind"], t["col_cidrs"], t["col_assets"]],
                 ["{{ r.id }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.cidrs }}", "{{ r.assets }}"], items="zones",
                 widths_cm=[2.8, 5.6, 3.2, 3.6, 1.6])
    b.if_block_start("has_suppliers")
    b.heading(t["suppliers_title"], 2)
    b.loop_table([t["col_supplier"], t["col_method"], t["col_mfa"], t["col_targets"], t["col_clauses"]],
                 ["{{ r.name }}", "{{ r.method }}", "{{ r.mfa }}", "{{ r.targets }}", "{{ r.clauses }}"],
                 items="suppliers", widths_cm=[4.6, 2.6, 1.4, 5.2, 3.0])
    b.if_block_end()


def _assets(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_assets"], 1)
    b.para(t["assets_intro"])
    b.loop_table(
        [t["col_asset"], t["col_zone"], t["col_c"], t["col_i"], t["col_a"], t["col_source"], t["col_exposure"],
         t["col_risk"]],
        ["{{ r.name }}", "{{ r.zone }}", "{{ r.c }}", "{{ r.i }}", "{{ r.a }}", "{{ r.origin }}", "{{ r.exposure }}",
         _level_cell("r")],
        items="key_assets", widths_cm=[3.8, 2.0, 1.5, 1.5, 1.5, 3.4, 1.7, 1.6], font_pt=8)
    b.heading(t["data_title"], 2)
    b.loop_table(
        [t["col_data"], t["col_classification"], t["col_personal"], t["col_c"], t["col_i"], t["col_a"],
         t["col_stored_on"]],
        ["{{ r.name }}", "{{ r.classification }}", "{{ r.personal }}", "{{ r.c }}", "{{ r.i }}", "{{ r.a }}",
         "{{ r.stored_on }}"],
        items="data", widths_cm=[5.0, 2.2, 1.6, 1.6, 1.6, 1.6, 3.4], font_pt=8)
    b.if_block_start("has_services")
    b.heading(t["services_title"], 2)
    b.loop_table(
        [t["col_service"], t["col_rto"], t["col_rpo"], t["col_c"], t["col_i"], t["col_a"], t["col_spof"]],
        ["{{ r.name }}", "{{ r.rto }}", "{{ r.rpo }}", "{{ r.c }}", "{{ r.i }}", "{{ r.a }}", "{{ r.spof }}"],
        items="services", widths_cm=[5.0, 1.4, 1.4, 1.6, 1.6, 1.6, 4.4], font_pt=8)
    b.if_block_end()


def _findings(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_findings"], 1)
    b.para(t["findings_intro"])
    b.heading(t["threats_title"], 2)
    b.loop_table([t["col_threat"], t["col_count"]], ["{{ r.id }} {{ r.name }}", "{{ r.count }}"], items="threats",
                 widths_cm=[13.0, 3.0])
    b.if_block_start("has_findings")
    b.loop_table([t["col_no"], t["col_rule"], t["col_finding"], t["col_subject"]],
                 ["{{ r.n }}", "{{ r.rule_id }}", "{{ r.title }}", "{{ r.subject }}"], items="findings",
                 widths_cm=[1.2, 4.0, 7.0, 4.4], font_pt=8)
    b.if_block_end()


def _register(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_register"], 1)
    b.para(t["register_intro"])
    b.loop_table(
        [t["col_no"], t["col_risk"], t["col_subject"], t["col_l"], t["col_im"], t["col_level"], t["col_residual"],
         t["col_controls"], t["col_status"]],
        ["{{ r.rank }}", "{{ r.title }}", "{{ r.subject }}", "{{ r.likelihood }}", "{{ r.impact }}",
         _level_cell("r"), _level_cell("r", "residual_colour", "residual_label"), "{{ r.controls }}",
         "{{ r.status }}"],
        items="risks", widths_cm=[0.9, 4.6, 2.8, 0.7, 0.7, 1.7, 1.7, 2.6, 1.5], font_pt=7.5)
    b.heading(t["h_heatmap"], 1)
    b.para(t["heatmap_intro"])
    b.para("{{ heat_map }}")
    b.para(t["figure_heatmap"], italic=True)


def _paths(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_paths"], 1)
    b.para(t["paths_intro"])
    b.if_block_start("has_paths")
    b.control("{%p for p in paths %}")
    b.para("{{ p.target_name }}", bold_prefix=t["path_target"] + ":")
    b.para(t["path_entry"] + ": {{ p.entry }} · " + t["col_exposure"] + ": {{ p.exposure }} · " + t["path_cost"]
           + ": {{ p.cost }}")
    b.loop_table([t["col_step"], t["col_node"], t["col_via"]], ["{{ h.n }}", "{{ h.label }}", "{{ h.via }}"],
                 items="p.hops", var="h", widths_cm=[1.5, 7.5, 7.6], font_pt=8.5)
    b.control("{%p endfor %}")
    b.else_block()
    b.para(t["no_paths"])
    b.if_block_end()


def _treatment(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_treatment"], 1)
    b.para(t["treatment_intro"])
    for key, items, flag in (("quick_wins", "quick_wins", "has_quick_wins"), ("projects", "projects", "has_projects")):
        b.heading(t[key], 2)
        b.if_block_start(flag)
        b.loop_table(
            [t["col_no"], t["col_action"], t["col_risks"], t["col_reduction"], t["col_max_level"], t["col_where"]],
            ["{{ r.rank }}", "{{ r.title }} ({{ r.control_id }})", "{{ r.risks }}", "{{ r.risk_reduction }}",
             _level_cell("r", label="max_level_label"), "{{ r.where }}"],
            items=items, widths_cm=[1.0, 6.0, 1.4, 2.0, 2.0, 4.2], font_pt=8)
        b.else_block()
        b.para(t["no_actions"])
        b.if_block_end()


def _compliance(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.heading(t["h_compliance"], 1)
    b.para(t["compliance_intro"])
    for key, items in (("law_title", "law"), ("nis2_title", "nis2")):
        b.heading(t[key], 2)
        b.loop_table([t["col_area"], t["col_state"], t["col_evidence"], t["col_open"]],
                     ["{{ r.item }} – {{ r.title }}", _level_cell("r", label="state_label"), "{{ r.evidence }}",
                      "{{ r.open_risks }}"], items=items, widths_cm=[5.4, 2.2, 7.2, 1.8], font_pt=8)


def _annexes(b: TemplateBuilder, t: dict[str, str]) -> None:
    b.page_break()
    b.heading(t["h_annex_a"], 1)
    b.loop_table(
        [t["col_id"], t["col_name"], t["col_kind"], t["col_zone"], t["col_os"], t["col_eol"], t["col_c"], t["col_i"],
         t["col_a"], t["col_risk"]],
        ["{{ r.id }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.zone }}", "{{ r.os }}", "{{ r.eol }}", "{{ r.c }}",
         "{{ r.i }}", "{{ r.a }}", _level_cell("r")],
        items="assets", widths_cm=[2.3, 3.2, 1.9, 1.6, 2.4, 1.6, 1.0, 1.0, 1.0, 1.5], font_pt=7)
    b.heading(t["h_annex_b"], 1)
    b.if_block_start("has_findings")
    b.loop_table([t["col_no"], t["col_rule"], t["col_subject"], t["col_evidence"], t["col_source"]],
                 ["{{ r.n }}", "{{ r.rule_id }}", "{{ r.subject }}", "{{ r.evidence }}", "{{ r.source }}"],
                 items="findings", widths_cm=[1.0, 3.4, 3.4, 7.2, 1.6], font_pt=7.5)
    b.if_block_end()
    b.heading(t["h_annex_c"], 1)
    b.para(t["limitations"])


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
    for section in (_front, _summary, _method, _context, _assets, _findings, _register, _paths, _treatment,
                    _compliance, _annexes):
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
