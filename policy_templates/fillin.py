"""Fill-in fields: a value the legal service still has to write or confirm, highlighted in the .docx.

The render context wraps such a value in :data:`FILL_OPEN` and :data:`FILL_CLOSE` (characters no
inventory or content text uses); :func:`highlight_fill_ins` then splits every run of the rendered
document at the marks, drops them and gives the marked part a yellow highlight, so a reader sees the
field and the text never carries the marks.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

from lxml import etree

from asset_models.fsutil import normalize_zip

FILL_OPEN = "\u27e6"
FILL_CLOSE = "\u27e7"
FILL_BLANK = "_" * 14
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARKED = re.compile(re.escape(FILL_OPEN) + "(.*?)" + re.escape(FILL_CLOSE), re.DOTALL)


def fill_in(value: str) -> str:
    """``value`` as a fill-in field (a blank line when empty)."""
    return FILL_OPEN + (value or FILL_BLANK) + FILL_CLOSE


def strip_marks(text: str) -> str:
    return text.replace(FILL_OPEN, "").replace(FILL_CLOSE, "")


def _split_run(run: etree._Element) -> None:
    texts = run.findall(f"{_W}t")
    if len(texts) != 1 or not texts[0].text or FILL_OPEN not in texts[0].text:
        if texts:
            for t in texts:
                if t.text:
                    t.text = strip_marks(t.text)
        return
    text = texts[0].text
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in _MARKED.finditer(text):
        if match.start() > pos:
            parts.append((text[pos:match.start()], False))
        parts.append((match.group(1), True))
        pos = match.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    parent = run.getparent()
    if parent is None:
        return
    index = parent.index(run)
    for offset, (part, marked) in enumerate(parts):
        new = copy.deepcopy(run)
        t = new.find(f"{_W}t")
        assert t is not None
        t.text = strip_marks(part)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if marked:
            props = new.find(f"{_W}rPr")
            if props is None:
                props = etree.SubElement(new, f"{_W}rPr")
                new.remove(props)
                new.insert(0, props)
            for old in props.findall(f"{_W}highlight"):
                props.remove(old)
            highlight = etree.SubElement(props, f"{_W}highlight")
            highlight.set(f"{_W}val", "yellow")
        parent.insert(index + offset, new)
    parent.remove(run)


def highlight_fill_ins(data: bytes) -> bytes:
    """The .docx ``data`` with every fill-in field highlighted and the marks removed."""
    out = io.BytesIO()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml") \
                    and FILL_OPEN.encode() in raw:
                root = etree.fromstring(raw, parser)
                for run in list(root.iter(f"{_W}r")):
                    _split_run(run)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, raw)
    return normalize_zip(out.getvalue())
