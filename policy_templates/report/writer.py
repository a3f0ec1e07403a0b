"""Writing the report: ``<code>-risk-analysis.<lang>.docx`` and ``.html`` (and optionally ``.pdf``)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from asset_models.errors import EnvironmentProblem, Place, Problem, ToolMissing
from asset_models.fsutil import atomic_write_bytes, atomic_write_text, ensure_dir, normalize_zip
from asset_models.models import Inventory
from policy_templates.compose import check_document, cover_values, meta_values
from policy_templates.content import model_scope
from policy_templates.i18n import Lang, as_lang
from policy_templates.render import CoreProperties, render_docx_bytes
from policy_templates.report.builder import report_template_bytes
from policy_templates.report.catalog_view import matrix_spec
from policy_templates.report.charts import ZONE_PLACED_MM
from policy_templates.report.context import ReportContext, report_context
from policy_templates.report.graphview import diagram_parts, heat_map_png, path_images, zone_images, zone_overview_image
from policy_templates.report.html import render_html
from policy_templates.report.texts import report_document
from risk_analyzer.result import AnalysisResult
from threat_catalog.models import Catalog

PDF_TIMEOUT_S = 180
#: the largest picture that fits an A4 page with the template's margins (millimetres)
MAX_IMAGE_MM = (165, 225)
#: layout row width of the HTML graph (a wide canvas, unlike the portrait page)
HTML_ROW_WIDTH = 2600.0


def report_basename(result: AnalysisResult, lang: str | Lang) -> str:
    return f"{result.municipality.code}-risk-analysis.{as_lang(lang).code}"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: the child order of w:tcPr in the WordprocessingML schema (CT_TcPr)
_TCPR_ORDER = {f"{_W}{name}": n for n, name in enumerate((
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
    "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange"))}


def fix_cell_properties(docx: bytes) -> bytes:
    """Put the children of every ``w:tcPr`` in schema order.

    docxtpl's ``{% cellbg %}`` inserts ``w:shd`` as the first child, before ``w:tcW``; Word expects the
    schema order. Returns the package unchanged when nothing needs moving.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(parts["word/document.xml"], parser)
    changed = False
    for tc_pr in root.iter(f"{_W}tcPr"):
        children = list(tc_pr)
        ordered = sorted(children, key=lambda child: _TCPR_ORDER.get(child.tag, len(_TCPR_ORDER)))
        if ordered != children:
            for child in children:
                tc_pr.remove(child)
            tc_pr.extend(ordered)
            changed = True
    if not changed:
        return docx
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return normalize_zip(buffer.getvalue())


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _picture(tpl: DocxTemplate, png: bytes, width_mm: int) -> InlineImage:
    """A picture ``width_mm`` wide, or less when it would be taller than a page."""
    width_px, height_px = png_size(png)
    width = min(width_mm, MAX_IMAGE_MM[0])
    if width * height_px / width_px > MAX_IMAGE_MM[1]:
        return InlineImage(tpl, io.BytesIO(png), height=Mm(MAX_IMAGE_MM[1]))
    return InlineImage(tpl, io.BytesIO(png), width=Mm(width))


def render_report_docx(inventory: Inventory, result: AnalysisResult, catalog: Catalog, lang: str | Lang,
                       ctx: ReportContext | None = None, documents: Path | None = None) -> bytes:
    """The report as .docx bytes (deterministic for the same input)."""
    code = as_lang(lang)
    ctx = ctx or report_context(inventory, result, catalog, code)
    spec = matrix_spec(catalog)
    parts = diagram_parts(result, code)
    overview = zone_overview_image(parts, result,
                                   lambda count: code.tr.npgettext("report_more", "zones_box", "zones_box", count))
    zones = zone_images(parts, spec, result)
    path_pictures = path_images(ctx, code)
    heat = heat_map_png(result, spec, code)
    heat_after = heat_map_png(result, spec, code, ctx.heat_residual)
    values = ctx.template_values()

    doc = report_document(code, documents)
    check_document(doc, model_scope(ReportContext))
    meta = meta_values(doc, code)

    def with_images(tpl: DocxTemplate) -> Mapping[str, Any]:
        full = {**values, "network_diagram": _picture(tpl, overview, ZONE_PLACED_MM),
                "zone_diagrams": [{"name": name, "picture": _picture(tpl, png, ZONE_PLACED_MM)} for name, png in zones],
                "path_diagrams": [{"caption": caption, "picture": _picture(tpl, png, ZONE_PLACED_MM)}
                                  for caption, png in path_pictures],
                "heat_map": _picture(tpl, heat, 78),
                "heat_residual_map": _picture(tpl, heat_after, 78),
                "meta": meta}
        full["cover"] = cover_values(doc, full)
        return full

    core = CoreProperties(title=f"{ctx.title} – {ctx.municipality.name}", when=result.as_of,
                          subject=ctx.municipality.name, language=code.language.word_lang)
    template = report_template_bytes(code, documents)
    rendered = render_docx_bytes(template, with_images, lang=code, core=core)
    return fix_cell_properties(rendered)


def render_report_html(inventory: Inventory, result: AnalysisResult, catalog: Catalog, lang: str | Lang,
                       ctx: ReportContext | None = None) -> str:
    """The self-contained HTML report as text."""
    code = as_lang(lang)
    ctx = ctx or report_context(inventory, result, catalog, code)
    return render_html(result, ctx, diagram_parts(result, code, HTML_ROW_WIDTH), matrix_spec(catalog), code)


def write_report(inventory: Inventory, result: AnalysisResult, catalog: Catalog, lang: str | Lang,
                 out_dir: str | Path, documents: Path | None = None) -> list[Path]:
    """Write ``<code>-risk-analysis.<lang>.docx`` and ``.html`` into ``out_dir``; returns the paths written."""
    code = as_lang(lang)
    target = ensure_dir(out_dir)
    ctx = report_context(inventory, result, catalog, code)
    base = report_basename(result, code)
    docx_path = atomic_write_bytes(target / f"{base}.docx", render_report_docx(inventory, result, catalog, code, ctx,
                                                                               documents))
    html_path = atomic_write_text(target / f"{base}.html", render_report_html(inventory, result, catalog, code, ctx))
    return [docx_path, html_path]


def find_soffice() -> str | None:
    """The LibreOffice binary, when installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(docx_path: Path) -> Path:
    """Convert a .docx next to itself as .pdf with LibreOffice (headless, private profile)."""
    soffice = find_soffice()
    if soffice is None:
        raise ToolMissing(
            "LibreOffice is not installed, so the report cannot be converted to PDF",
            [Problem(Place(file=str(docx_path)), "the .docx and .html were written; only the PDF is missing")],
            hint="install it (Debian/Ubuntu: sudo apt-get install libreoffice-writer) or open the .docx in Word "
                 "and save as PDF",
        )
    with tempfile.TemporaryDirectory(prefix="lsgrisk-lo-") as profile, \
            tempfile.TemporaryDirectory(prefix="lsgrisk-pdf-") as outdir:
        argv = [soffice, "--headless", "--norestore", f"-env:UserInstallation={Path(profile).as_uri()}",
                "--convert-to", "pdf", "--outdir", outdir, str(docx_path)]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=PDF_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise EnvironmentProblem(f"LibreOffice did not finish converting {docx_path} in {PDF_TIMEOUT_S} s",
                                     hint="close other LibreOffice windows and try again") from None
        produced = Path(outdir) / (docx_path.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            detail = done.stderr.decode("utf-8", "replace").strip()[:300]
            raise EnvironmentProblem(f"LibreOffice could not convert {docx_path} to PDF ({detail or 'no output'})",
                                     hint="open the .docx in Word or LibreOffice and export it as PDF")
        return atomic_write_bytes(docx_path.with_suffix(".pdf"), produced.read_bytes())
