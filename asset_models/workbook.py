"""The one safe cell writer for every workbook lsgrisk writes (risk register, ``convert``, ``init``).

User text reaches workbooks (asset names, evidence, owners). Two things can go wrong:

* **Formulas and DDE.** openpyxl turns any string that starts with ``=`` into a
  formula cell, so ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would run when
  the file is opened. Here every string is written as a text cell (``t="inlineStr"``,
  never ``<f>``); strings a spreadsheet would take for a formula when the cell is
  edited (``= + - @``, tab, CR) also get Excel's "quote prefix" style, which
  shows them as text without changing the value. The value reads back identically.
* **Characters XML 1.0 cannot hold** (C0 controls but tab and newline, CR, lone
  surrogates, U+FFFE/U+FFFF) would make openpyxl fail halfway. They are escaped
  the way Excel itself does, ``_xHHHH_``; an underscore that starts such a
  sequence in the text is escaped as ``_x005F_`` so it stays literal.
  :func:`restore_text` undoes this when a workbook is read.

Deterministic: the same value always gives the same cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: starts that make a spreadsheet read an edited cell as a formula (CSV gets an apostrophe instead)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell


def escape_text(text: str) -> str:
    """Excel's escaping of text for a cell: ``\\x01`` -> ``_x0001_``, a literal ``_x0041_`` -> ``_x005F_x0041_``."""
    text = _ESCAPE_LIKE.sub("_x005F_", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def restore_text(text: str) -> str:
    """Undo :func:`escape_text` (and Excel's own escaping) on a string read from a workbook."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def text_cell(ws: Any, text: str) -> Any:
    """A cell (``openpyxl.cell.Cell``) that holds ``text`` as text, whatever it starts with."""
    from openpyxl.cell.cell import Cell  # only workbook writers pay for openpyxl

    cell = Cell(ws, row=1, column=1)  # placed by append
    cell._value = escape_text(text)[:MAX_CELL_CHARS]  # set directly: openpyxl's setter would infer a formula
    cell.data_type = "s"
    if text.startswith(FORMULA_START) or text in _ERROR_LITERALS:
        cell.quotePrefix = True
    return cell


_ERROR_LITERALS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def _needs_cell(text: str) -> bool:
    # fast path first: most text is printable, has no "_x" and starts with a letter or digit
    return text[:1] in _FORMULA_FIRST or "_x" in text or not text.isprintable() or text in _ERROR_LITERALS


def safe_value(ws: Any, value: Any) -> Any:
    """What to append for ``value``: strings that need it become :func:`text_cell` cells; others pass unchanged."""
    if isinstance(value, str) and _needs_cell(value):
        return text_cell(ws, value)
    return value  # plain text, numbers, dates: openpyxl writes them as they are


def safe_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` (normal or write-only sheet) in which no string can become a formula."""
    first, error = _FORMULA_FIRST, _ERROR_LITERALS  # the test of _needs_cell inlined: rows are many
    return [text_cell(ws, v) if type(v) is str and (v[:1] in first or "_x" in v or not v.isprintable() or v in error)
            else safe_value(ws, v) if isinstance(v, str) else v for v in values]
