"""Building docxtpl templates from code with python-docx.

A :class:`TemplateBuilder` wraps a python-docx document created from
python-docx's default template (predictable style ids: ``Title``,
``Heading1``..., ``List Bullet``, ``Table Grid``) and offers the few blocks the
documents need. Text handed to the builder may contain Jinja placeholders
(``{{ m.name }}``); the builder writes each block in ONE run, so docxtpl never
sees a tag split across runs. Control tags (``{%p ... %}``, ``{%tr ... %}``)
are written alone in their paragraph or table row, as docxtpl requires.

Rules for callers: never put ``&``, ``<``, ``>``, ``%`` or ``}`` inside a tag
expression (compute booleans and labels in Python); text outside tags may
contain anything except ``{{``, ``{%`` and ``{#``.

:meth:`TemplateBuilder.to_bytes` returns a byte-reproducible package (fixed
zip timestamps, sorted entries, fixed core properties).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from asset_models.fsutil import atomic_write_bytes, normalize_zip
from asset_models.i18n import get_language, transliterate_cnr

#: the paragraph of a reference document where the content goes
CONTENT_MARKER = "[[CONTENT]]"

#: core-properties date of every template (templates carry no build time)
TEMPLATE_EPOCH = datetime(2024, 12, 5, 0, 0, 0)
HEADER_FILL = "1F3864"
ACCENT = RGBColor(0x1F, 0x38, 0x64)


def _shade(cell: object, fill: str) -> None:
    """Background colour of a table cell (hex without '#')."""
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _tight(paragraph: Paragraph) -> None:
    """No space after a table cell's paragraph (the reference's Normal style adds 6 pt after each)."""
    paragraph.paragraph_format.space_after = Pt(0)


def _repeat_header(row: object) -> None:
    """Mark a table row as a header row repeated on each page."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _field(paragraph: object, instruction: str) -> None:
    """Append a simple field (``PAGE``, ``NUMPAGES``) to a paragraph."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)  # type: ignore[attr-defined]


class TemplateBuilder:
    """A docxtpl template under construction (one document, one language)."""

    def __init__(self, lang: str, *, landscape: bool = False, reference: Path | None = None) -> None:
        """A new A4 document in ``lang``; with ``reference``, that document's styles, cover, header, footer
        and signature block, the content going where its ``[[CONTENT]]`` paragraph is."""
        self.language = get_language(str(lang))
        self.lang = self.language.code
        self._tail: list[object] = []
        if reference is not None:
            self.doc = Document(str(reference))
            self._open_reference()
            self._set_language()
            return
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_height, section.page_width = section.page_width, section.page_height
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.2))
        section.top_margin = Cm(2.0)
        section.bottom_margin = Cm(2.0)
        self._style_normal()

    def _open_reference(self) -> None:
        """Cut the body at the marker: what follows it (signature block) is put back by :meth:`finish`."""
        body = self.doc.element.body
        marker = None
        for p in body.iterchildren(qn("w:p")):
            if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == CONTENT_MARKER:
                marker = p
                break
        if marker is None:
            raise ValueError(f"the reference document has no {CONTENT_MARKER} paragraph")
        after = False
        for child in list(body):
            if child is marker:
                after = True
                body.remove(child)
            elif after and child.tag != qn("w:sectPr"):
                self._tail.append(child)
                body.remove(child)
        if self.language.transform == "cyrillic":
            parts = [self.doc.element]
            for section in self.doc.sections:
                parts.extend([section.header._element, section.footer._element])
            for part in parts:
                for t in part.iter(qn("w:t")):
                    if t.text:
                        t.text = transliterate_cnr(t.text, self.language)

    def _set_language(self) -> Any:
        """The proofing language of the registry entry on Normal's run properties; returns its ``w:lang``."""
        r_pr = self.doc.styles["Normal"].element.get_or_add_rPr()
        lang_el = r_pr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            r_pr.append(lang_el)
        lang_el.set(qn("w:val"), self.language.word_lang)
        lang_el.set(qn("w:eastAsia"), self.language.word_lang)
        return lang_el

    def finish(self) -> None:
        """Put the reference document's closing part (after the marker) back at the end."""
        body = self.doc.element.body
        sect = body.find(qn("w:sectPr"))
        for child in self._tail:
            if sect is not None:
                sect.addprevious(child)
            else:
                body.append(child)
        self._tail = []

    # ----------------------------------------------------------------- styles

    def _style_normal(self) -> None:
        """Calibri 10.5 pt, the document language on Normal and on the default run properties."""
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        r_pr = normal.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), "Calibri")
        self._set_language().set(qn("w:bidi"), "ar-SA")
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
            style = self.doc.styles[name]
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            style.font.name = "Calibri"

    # ----------------------------------------------------------------- blocks

    def _styled(self, name: str) -> Paragraph:
        """A new paragraph in the style ``name`` (the style id looked up once, not per paragraph)."""
        ids: dict[str, str] | None = getattr(self, "_style_ids", None)
        if ids is None:
            ids = {str(s.name): str(s.style_id) for s in self.doc.styles if s.name}
            self._style_ids = ids
        paragraph = self.doc.add_paragraph()
        if name in ids:
            paragraph._p.style = ids[name]  # python-docx would resolve the name on every call
        else:
            paragraph.style = name  # python-docx reports an unknown style
        return paragraph

    def title_page(self, title: str, subtitle: str, lines: Sequence[str]) -> None:
        """A title page: ``title`` (Title style), ``subtitle`` and centred ``lines``, then a page break."""
        for _ in range(5):
            self.doc.add_paragraph()
        sub = self.doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = sub.add_run(subtitle)
        run.font.size = Pt(14)
        run.bold = True
        heading = self.doc.add_paragraph(style="Title")
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.add_run(title)
        for line in lines:
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(line).font.size = Pt(12)
        self.page_break()

    def page_break(self) -> None:
        """Start a new page."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading (``Heading 1``..``Heading 3``); nothing for an empty text."""
        if not text:
            return
        self._styled(f"Heading {level}").add_run(text)

    def para(self, text: str, *, bold_prefix: str = "", style: str | None = None, italic: bool = False) -> None:
        """A paragraph; ``bold_prefix`` (e.g. a requirement number) is written bold before the text.

        An empty text (a paragraph deleted by an override) writes nothing."""
        if not text and not bold_prefix:
            return
        paragraph = self._styled(style) if style else self.doc.add_paragraph()
        if bold_prefix:
            paragraph.add_run(bold_prefix + " ").bold = True
        run = paragraph.add_run(text)
        run.italic = italic

    def requirement(self, number: str, text: str) -> None:
        """A numbered requirement (``4.1``): hanging indent, the number in bold."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1.0)
        paragraph.paragraph_format.first_line_indent = Cm(-1.0)
        paragraph.add_run(number + "\t").bold = True
        paragraph.add_run(text)

    def bullets(self, items: Sequence[str]) -> None:
        """A bulleted list (``List Bullet``)."""
        for item in items:
            self._styled("List Bullet").add_run(item)

    def control(self, tag: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag, e.g. ``{%p if rows %}`` (removed at render)."""
        self.doc.add_paragraph(tag)

    def if_block_start(self, condition: str) -> None:
        """Start a block kept only when ``condition`` (a plain Jinja expression, no ``%`` or ``}``) is true."""
        self.control("{%p if " + condition + " %}")

    def else_block(self) -> None:
        """The else branch of the current ``if`` block."""
        self.control("{%p else %}")

    def if_block_end(self) -> None:
        """End of an ``if`` block."""
        self.control("{%p endif %}")

    def key_value_table(self, rows: Sequence[tuple[str, str]], *, first_col_cm: float = 5.5) -> None:
        """A two-column table (label, value) such as the document-control table; values may hold ``{{ }}``."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for key, value in rows:
            cells = table.add_row().cells
            cells[0].text = key
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
            _shade(cells[0], "D9E2F3")
            cells[1].text = value
            for cell in cells:
                _tight(cell.paragraphs[0])
            cells[0].width = Cm(first_col_cm)
        self.doc.add_paragraph()

    def loop_table(
        self,
        headers: Sequence[str],
        cells: Sequence[str],
        *,
        items: str,
        var: str = "r",
        widths_cm: Sequence[float] | None = None,
        font_pt: float = 9.0,
    ) -> None:
        """A table with a header row and one row per item: ``{%tr for var in items %}`` ... ``{%tr endfor %}``.

        ``cells`` are the texts of the data row, usually ``{{ r.field }}``.
        """
        if len(headers) != len(cells):
            raise ValueError("headers and cells differ in length")
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        head = table.rows[0]
        _repeat_header(head)
        for cell, text in zip(head.cells, headers, strict=True):
            cell.text = text
            _tight(cell.paragraphs[0])
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.size = Pt(font_pt)
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, HEADER_FILL)
        table.add_row().cells[0].text = "{%tr for " + var + " in " + items + " %}"
        data = table.add_row().cells
        for cell, text in zip(data, cells, strict=True):
            cell.text = text
            _tight(cell.paragraphs[0])
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(font_pt)
        table.add_row().cells[0].text = "{%tr endfor %}"
        if widths_cm:
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm, strict=False):
                    cell.width = Cm(width)
        self.doc.add_paragraph()

    def header_footer(self, header: str, footer_prefix: str, page_word: str, of_word: str) -> None:
        """Header text (may hold ``{{ }}``) and a footer ``<prefix> · <page_word> N <of_word> M`` with fields."""
        section = self.doc.sections[0]
        hp = section.header.paragraphs[0]
        hp.text = header
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in hp.runs:
            run.font.size = Pt(8)
        fp = section.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fp.add_run(f"{footer_prefix} · {page_word} ").font.size = Pt(8)
        _field(fp, "PAGE")
        fp.add_run(f" {of_word} ").font.size = Pt(8)
        _field(fp, "NUMPAGES")

    # ----------------------------------------------------------------- output

    def to_bytes(self, title: str) -> bytes:
        """The template as byte-reproducible .docx bytes (fixed core properties and zip metadata)."""
        props = self.doc.core_properties
        props.title = title
        props.author = "lsgrisk"
        props.last_modified_by = "lsgrisk"
        props.created = TEMPLATE_EPOCH
        props.modified = TEMPLATE_EPOCH
        props.last_printed = TEMPLATE_EPOCH
        props.revision = 1
        props.comments = ""
        props.keywords = ""
        props.subject = ""
        props.category = ""
        props.language = self.language.word_lang
        self.finish()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return normalize_zip(buffer.getvalue())

    def save(self, path: str | Path, title: str) -> Path:
        """Write the template to ``path`` (atomic)."""
        return atomic_write_bytes(path, self.to_bytes(title))
