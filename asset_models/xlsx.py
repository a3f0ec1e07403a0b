"""The inventory as an Excel workbook: one sheet per section, one row per item.

The sheet layout is derived from the pydantic models, so the workbook and the
YAML form can never drift apart:

* a scalar field is a column; a nested model is several dotted columns
  (``os.name``, ``os.end_of_support``, ``needs.confidentiality``);
* a list of scalars is one column, comma-separated (``ips``, ``controls``);
* a list of models gets its own sheet with the parent's id in the first
  column (``asset_services``: asset, port, protocol ...; ``data_exchanges``);
* ``municipality`` is one row; ``measures`` has the columns key and state;
* the ``instructions`` sheet is for people, the hidden ``lists`` sheet feeds
  the drop-down lists; both are ignored when reading;
* a row whose first cell starts with ``#`` is an example or a comment and is
  not read (the template has two example rows per sheet).

Headers are written in the chosen language (the field name is in the header
cell's comment); reading accepts the field names and the headers of every
language. List cells may separate items with ``;`` as well as ``,`` (a note
says so). Reading keeps the sheet and row of every value, so problems point at cells.
"""

from __future__ import annotations

import datetime as dt
import io
import typing
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from asset_models.errors import InventoryError, Place, Problem
from asset_models.fsutil import ZIP_EPOCH, normalize_zip
from asset_models.models import Exchange, Inventory, MeasureState, Municipality, NetService, typing_args
from asset_models.sources import PathT, RawDocument, SourceMap
from asset_models.vocabulary import Vocabulary, suggestion
from asset_models.workbook import MAX_CELL_CHARS, ZIP_LEVEL, restore_text, safe_row, text_xml
from asset_models.xlsxguard import header_problems, read_workbook_bytes

INSTRUCTIONS_SHEET = "instructions"
LISTS_SHEET = "lists"
MEASURES_SHEET = "measures"
EXAMPLES_FILE = Path(__file__).with_name("workbook_examples.yaml")
#: catalogue context of the column headers in the ``messages`` domain
HEADER_CONTEXT = "column"
COMMENT_PREFIX = "#"
MUNICIPALITY_SHEET = "municipality"
LIST_SECTIONS = ("zones", "zone_flows", "assets", "data", "services", "links", "suppliers")

#: child sheets: sheet name -> (parent section, parent field, parent id column, item model)
CHILD_SHEETS: dict[str, tuple[str, str, str, type[BaseModel]]] = {
    "asset_services": ("assets", "services", "asset", NetService),
    "data_exchanges": ("data", "exchanges", "data", Exchange),
}


@dataclass(frozen=True)
class Column:
    name: str  # dotted, as written in the header
    path: tuple[str, ...]  # keys into the item dict
    is_list: bool
    choices: tuple[str, ...] = ()  # the values of a closed set (enum)
    is_bool: bool = False


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        arg = _unwrap(arg)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _is_list(annotation: Any) -> bool:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        return True
    return any(typing.get_origin(_unwrap(a)) is list for a in typing.get_args(annotation))


def columns(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[Column]:
    """The columns of a section's sheet, in model order."""
    result: list[Column] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        nested = _is_model(info.annotation)
        if nested is not None and _is_list(info.annotation):
            continue  # its own sheet
        if nested is not None:
            result.extend(columns(nested, (*prefix, key)))
        else:
            args = typing_args(info.annotation)
            enums = [a for a in args if isinstance(a, type) and issubclass(a, Enum)]
            choices = tuple(str(m.value) for m in enums[0]) if enums else ()
            result.append(Column(".".join((*prefix, key)), (*prefix, key), _is_list(info.annotation),
                                 choices, bool in args))
    return result


def _section_model(section: str) -> type[BaseModel]:
    model = _is_model(Inventory.model_fields[section].annotation)
    assert model is not None
    return model


def sheet_columns() -> dict[str, list[Column]]:
    """Every sheet (but instructions) and its columns."""
    sheets: dict[str, list[Column]] = {MUNICIPALITY_SHEET: columns(Municipality)}
    for section in LIST_SECTIONS:
        sheets[section] = columns(_section_model(section))
    for sheet, (_section, _field, parent_col, model) in CHILD_SHEETS.items():
        sheets[sheet] = [Column(parent_col, (parent_col,), False), *columns(model)]
    states = tuple(m.value for m in MeasureState)
    sheets[MEASURES_SHEET] = [Column("key", ("key",), False), Column("state", ("state",), False, states)]
    return sheets


# --------------------------------------------------------------------------- reading


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        value = restore_text(value).strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0, 0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _set(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _split_list(value: Any, notes: list[tuple[str, str]] | None = None) -> list[Any]:
    if isinstance(value, str):
        if ";" in value:
            if notes is not None:
                notes.append(("list_semicolon", value))
            value = value.replace(";", ",")
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def header_labels() -> dict[str, str]:
    """Every language's header text -> dotted column name (reading accepts any of them, Cyrillic too)."""
    from asset_models.i18n import registry, translator

    names = {c.name for cols in sheet_columns().values() for c in cols}
    labels: dict[str, str] = {}
    for lang in registry():
        words = translator(lang.code)
        for name in sorted(names):
            if words.has(name, HEADER_CONTEXT) or lang.derived_from:
                labels.setdefault(words.pgettext(HEADER_CONTEXT, name).strip().casefold(), name)
    return labels


def _is_comment_row(row: tuple[Any, ...]) -> bool:
    first = next((v for v in row if v is not None and str(v).strip()), None)
    return isinstance(first, str) and first.lstrip().startswith(COMMENT_PREFIX)


def _rows(ws: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    yield from enumerate(ws.iter_rows(values_only=True), start=1)


def read_workbook(path: Path, max_bytes: int) -> RawDocument:
    """Read a workbook into raw inventory data plus a sheet/row source map."""
    import openpyxl  # imported here: only workbook users pay for it

    name = str(path)

    def fail(message: str, hint: str = "") -> InventoryError:
        return InventoryError(f"{name} cannot be read", [Problem(Place(file=name), message, hint)])

    content = read_workbook_bytes(path, max_bytes, fail)  # size rule, non-regular files, zip bombs
    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise fail(f"cannot be opened as a workbook ({type(exc).__name__}: {exc})") from None

    layout = sheet_columns()
    data: dict[str, Any] = {"version": 1}
    cells: dict[PathT, tuple[str, int]] = {}
    problems: list[Problem] = []
    notes: list[tuple[str, str]] = []
    labels: dict[str, str] | None = None
    known_sheets = [*layout, INSTRUCTIONS_SHEET, LISTS_SHEET]
    parent_index: dict[str, dict[str, int]] = {}
    try:
        for sheet_name in wb.sheetnames:
            if sheet_name not in known_sheets:
                problems.append(
                    Problem(Place(file=name, sheet=sheet_name), f"unknown sheet '{sheet_name}'",
                            suggestion(sheet_name, known_sheets) or "valid sheets: " + ", ".join(known_sheets))
                )
        for sheet_name in layout:
            if sheet_name not in wb.sheetnames:
                continue
            rows = _rows(wb[sheet_name])
            header_row = next(rows, None)
            if header_row is None:
                continue
            by_name = {c.name: c for c in layout[sheet_name]}
            header: list[Column | None] = []
            for raw_title in header_row[1]:
                title = _cell_value(raw_title)
                if title is None:
                    header.append(None)
                    continue
                column = by_name.get(str(title))
                if column is None:
                    if labels is None:
                        labels = header_labels()
                    column = by_name.get(labels.get(str(title).strip().casefold(), ""))
                if column is None:
                    # keep it: pydantic then reports the unknown field with its place and a suggestion
                    column = Column(str(title), tuple(str(title).split(".")), False)
                header.append(column)
            clashes = header_problems(name, sheet_name, [c.name for c in header if c is not None])
            problems.extend(clashes)  # colliding columns (os and os.name ...): exit 3 naming them, not a crash
            header = [None if c is None or c.name in {p.place.field for p in clashes} else c for c in header]
            for row_no, row in rows:
                if _is_comment_row(row):
                    continue
                item: dict[str, Any] = {}
                for column, raw in zip(header, row, strict=False):
                    value = _cell_value(raw)
                    if column is None or value is None:
                        continue
                    _set(item, column.path, _split_list(value, notes) if column.is_list else value)
                if not item:
                    continue
                _place_item(sheet_name, row_no, item, data, cells, parent_index, problems, name)
            if sheet_name in LIST_SECTIONS:
                parent_index[sheet_name] = {
                    str(it.get("id")): i for i, it in enumerate(data.get(sheet_name, [])) if isinstance(it, dict)
                }
    finally:
        wb.close()
    if problems:
        from asset_models.i18n import ntr

        raise InventoryError(ntr("{file} is not valid: {n} problem", "{file} is not valid: {n} problems",
                                 len(problems), file=name), problems)
    return RawDocument(data, SourceMap(file=name, cells=cells), notes)


def _place_item(
    sheet: str,
    row_no: int,
    item: dict[str, Any],
    data: dict[str, Any],
    cells: dict[PathT, tuple[str, int]],
    parent_index: dict[str, dict[str, int]],
    problems: list[Problem],
    file: str,
) -> None:
    if sheet == MUNICIPALITY_SHEET:
        if "municipality" in data:
            problems.append(Problem(Place(file=file, sheet=sheet, row=row_no), "only one municipality row is allowed"))
            return
        data["municipality"] = item
        cells[("municipality",)] = (sheet, row_no)
        for field_name in item:
            cells[("municipality", field_name)] = (sheet, row_no)
    elif sheet == MEASURES_SHEET:
        measure = item.get("key")
        if measure is None:
            problems.append(Problem(Place(file=file, sheet=sheet, row=row_no), "the column 'key' is empty"))
            return
        data.setdefault("measures", {})[str(measure)] = item.get("state")
        cells[("measures", str(measure))] = (sheet, row_no)
    elif sheet in CHILD_SHEETS:
        section, field, parent_col, _model = CHILD_SHEETS[sheet]
        parent_id = item.pop(parent_col, None)
        index = parent_index.get(section, {}).get(str(parent_id))
        if index is None:
            known = parent_index.get(section, {})
            problems.append(
                Problem(Place(file=file, sheet=sheet, row=row_no, field=parent_col),
                        f"refers to {section[:-1] if section.endswith('s') else section} '{parent_id}', "
                        f"which is not on sheet '{section}'", suggestion(str(parent_id), known))
            )
            return
        children = data[section][index].setdefault(field, [])
        children.append(item)
        cells[(section, index, field, len(children) - 1)] = (sheet, row_no)
    else:
        items = data.setdefault(sheet, [])
        items.append(item)
        cells[(sheet, len(items) - 1)] = (sheet, row_no)


# --------------------------------------------------------------------------- writing


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (str, int, float, bool, dt.date)):
        return value
    return str(value)


def _get(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = item
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _cell_for(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.is_list:
        if value == "any":
            return "any"
        parts = [str(_plain(v)) for v in value]
        for part in parts:
            if "," in part:
                raise InventoryError(
                    "cannot write the workbook",
                    [Problem(Place(field=column.name), f"'{part}' contains a comma, which separates list items")],
                )
        return ", ".join(parts) if parts else None
    return _plain(value)


def inventory_rows(inv: Inventory | None) -> dict[str, list[list[Any]]]:
    """Header and rows for every sheet (an empty template when ``inv`` is None)."""
    layout = sheet_columns()
    out: dict[str, list[list[Any]]] = {s: [[c.name for c in cols]] for s, cols in layout.items()}
    if inv is None:
        return out
    dumped = inv.model_dump(by_alias=True, exclude_defaults=False)
    out[MUNICIPALITY_SHEET].append([_cell_for(c, _get(dumped["municipality"], c.path))
                                    for c in layout[MUNICIPALITY_SHEET]])
    for section in LIST_SECTIONS:
        for item in dumped[section]:
            out[section].append([_cell_for(c, _get(item, c.path)) for c in layout[section]])
    for sheet, (section, field, _parent, _model) in CHILD_SHEETS.items():
        for item in dumped[section]:
            for child in item.get(field) or []:
                row = [item["id"]] + [_cell_for(c, _get(child, c.path)) for c in layout[sheet][1:]]
                out[sheet].append(row)
    for key, state in sorted(dumped["measures"].items()):
        out[MEASURES_SHEET].append([key, _plain(state)])
    return out


#: the instructions sheet: (topic, text) as English msgids of the ``messages`` catalogue
INSTRUCTIONS: list[tuple[str, str]] = [
    ("How to fill it in", "One sheet per section of the inventory, one row per item. Leave a cell empty when unknown."),
    ("Headers", "The first row names the columns; a translated header has the field name in its comment. "
                "Headers in English or in Montenegrin are both read."),
    ("Examples", "Rows whose first cell starts with # are examples and are not read. "
                 "Copy an example row, remove the #, and change the values."),
    ("Drop-down lists", "Columns with a closed set of values (kinds, zones, classifications, needs, answers, "
                        "control ids, measure keys) offer a drop-down list."),
    ("Lists", "Several values in one cell are separated by commas or semicolons: 10.20.1.5, 10.20.1.6"),
    ("Dates", "A date cell, or text as YYYY-MM-DD or DD.MM.YYYY (31.12.2025.)."),
    ("Yes and no", "Answers: yes or no (da or ne). Measures: yes, partial or no (da, djelimično or ne)."),
    ("Nested fields", "Dotted columns belong together: os.name, os.version, os.end_of_support (a date)."),
    ("asset_services", "One row per network service of an asset; the first column names the asset id."),
    ("data_exchanges", "One row per exchange of a data asset; the first column names the data id."),
    ("measures", "One row per organisational measure: key and state (yes, partial or no)."),
    ("Catalogue", "Control ids and measure keys come from the threat catalogue: "
                  "lsgrisk catalog list --kind controls (or --kind measures)."),
    ("Check it", "Run: lsgrisk validate inventory.xlsx (every problem is listed with its sheet and row)."),
]
INSTRUCTIONS_TITLE = "lsgrisk inventory workbook, format version 1"

#: reference columns whose drop-down lists the ids of the inventory: (sheet, column) -> id section
_ID_LISTS = {
    ("assets", "zone"): "zones",
    ("zone_flows", "from"): "zones",
    ("zone_flows", "to"): "zones",
    ("asset_services", "asset"): "assets",
    ("data_exchanges", "data"): "data",
}
_LOCAL_ANSWERS = {"cnr": {"yes": "da", "no": "ne", "partial": "djelimično"}}


def _examples() -> dict[str, list[dict[str, Any]]]:
    import yaml

    loaded = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _drop_down(
    sheet: str, column: Column, inv: Inventory | None, vocabulary: Vocabulary | None, lang: str
) -> tuple[str, list[str], bool] | None:
    """(list name, values, several values per cell allowed) of a column with a closed set, or None."""
    if (sheet, column.name) in _ID_LISTS:
        section = _ID_LISTS[(sheet, column.name)]
        ids = [str(item.id) for item in getattr(inv, section)] if inv is not None else []
        return (f"{section}_ids", ids, False) if ids else None
    if vocabulary is not None and column.name in ("controls", "planned_controls"):
        return "control_ids", sorted(vocabulary.control_ids), True
    if vocabulary is not None and sheet == MEASURES_SHEET and column.name == "key":
        return "measure_keys", sorted(vocabulary.measure_keys), False
    local = _LOCAL_ANSWERS.get(lang.split("-")[0], {})
    if column.is_bool:
        return f"yes_no_{lang}", [local.get("yes", "yes"), local.get("no", "no")], False
    if sheet == MEASURES_SHEET and column.name == "state":
        return f"answers_{lang}", [local.get(v, v) for v in column.choices], False
    if column.choices:
        return f"{sheet}.{column.name}", list(column.choices), column.is_list
    return None


def workbook_bytes(
    inv: Inventory | None,
    lang: str = "en",
    vocabulary: Vocabulary | None = None,
    examples: bool = False,
) -> bytes:
    """The inventory (or an empty template) as deterministic .xlsx bytes.

    ``lang`` chooses the headers (field names in the header comments) and the
    order of the instructions (both languages are there); ``vocabulary`` fills
    the drop-down lists of control ids and measure keys; ``examples`` adds two
    example rows per sheet (first cell starting with '#', never read).
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from asset_models.i18n import get_language, translator

    code = get_language(lang).code if lang != "en" else "en"
    labelled = code != "en"
    words = translator(code)
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    info.append([words.gettext(INSTRUCTIONS_TITLE), ""])
    info.append(["format_version", 1])
    other = "cnr" if code.split("-")[0] != "cnr" else "en"
    for block in (code, other):
        text = translator(block)
        info.append(["", ""])
        info.append([text.language.name, ""])
        info.cell(row=info.max_row, column=1).font = Font(bold=True)
        for topic, body in INSTRUCTIONS:
            info.append([text.gettext(topic), text.gettext(body)])
            info.cell(row=info.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    info["A1"].font = Font(bold=True, size=13)
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 110

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(italic=True, color="808080")
    layout = sheet_columns()
    sample = _examples() if examples else {}
    lists: dict[str, list[str]] = {}
    same_values: dict[tuple[str, ...], str] = {}
    lists_ws = None
    pending: dict[str, tuple[int, list[list[Any]]]] = {}
    for sheet, rows in inventory_rows(inv).items():
        ws = wb.create_sheet(sheet)
        titles = [words.pgettext(HEADER_CONTEXT, name) if labelled else name for name in rows[0]]
        ws.append(safe_row(ws, titles))
        for example in sample.get(sheet, [])[:2]:
            values = [_plain(example.get(c.name)) for c in layout[sheet]]
            values[0] = f"{COMMENT_PREFIX} {values[0] if values[0] is not None else ''}".rstrip()
            ws.append(safe_row(ws, values))
            for cell in ws[ws.max_row]:
                cell.font = example_font
        if len(rows) > 1:  # the items themselves: spliced in as sheet XML after saving (_splice_rows)
            pending[sheet] = (ws.max_row + 1, rows[1:])
        for col_no, (name, title) in enumerate(zip(rows[0], titles, strict=True), start=1):
            cell = ws.cell(row=1, column=col_no)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            if title != name:
                cell.comment = Comment(name, "lsgrisk", height=40, width=200)
            ws.column_dimensions[get_column_letter(col_no)].width = max(12, min(40, len(str(title)) + 4))
        ws.freeze_panes = "A2"
        for col_no, column in enumerate(layout[sheet], start=1):
            choice = _drop_down(sheet, column, inv, vocabulary, code)
            if choice is None:
                continue
            list_name, values, several = choice
            list_name = same_values.setdefault(tuple(values), list_name)  # one list per set of values
            if list_name not in lists:
                lists[list_name] = values
                if lists_ws is None:
                    lists_ws = wb.create_sheet(LISTS_SHEET)
                    lists_ws.sheet_state = "hidden"
                list_col = len(lists)
                lists_ws.cell(row=1, column=list_col, value=list_name)
                for row_no, value in enumerate(values, start=2):
                    lists_ws.cell(row=row_no, column=list_col, value=value)
            list_letter = get_column_letter(list(lists).index(list_name) + 1)
            source = f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(lists[list_name]) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                        showErrorMessage=not several)
            if not several:
                validation.error = words.gettext("Choose a value from the list.")
                validation.errorTitle = "lsgrisk"
            letter = get_column_letter(col_no)
            validation.add(f"{letter}2:{letter}2000")
            ws.add_data_validation(validation)
    if lists_ws is not None:
        wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    styles = _CellStyles.of(wb)
    parts = {f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml": item for sheet, item in pending.items()}
    return _splice_rows(workbook_to_bytes(wb, dt.datetime(2000, 1, 1)), parts, styles)


@dataclass(frozen=True)
class _CellStyles:
    """Style ids (cellXfs indexes) of the two styles item rows use, registered with openpyxl before saving."""

    quoted: int  # text a spreadsheet would take for a formula: Excel's quote prefix
    dated: int  # a date, shown yyyy-mm-dd as openpyxl shows dates

    @classmethod
    def of(cls, wb: Any) -> _CellStyles:
        from openpyxl.cell.cell import Cell

        sheet = wb.worksheets[0]
        quoted = Cell(sheet, row=1, column=1)  # never placed in the sheet: only its style is registered
        quoted.quotePrefix = True
        dated = Cell(sheet, row=1, column=1)
        dated.number_format = "yyyy-mm-dd"
        return cls(quoted=quoted.style_id, dated=dated.style_id)


#: item rows encoded and handed to the compressor at a time (bounds memory at 100k assets)
_ROWS_PER_CHUNK = 2_000
_SPECIAL_FIRST = frozenset("=+-@# \t\r\n")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row_xml(number: int, values: list[Any], columns: list[str], styles: _CellStyles) -> str:
    """One item row as SpreadsheetML: the cells openpyxl writes for the same values, text never a formula."""
    from openpyxl.utils.datetime import to_excel

    n = str(number)
    cells = [f'<row r="{n}">']
    append = cells.append
    for index, value in enumerate(values):
        if value is None or value == "":
            continue
        ref = f"{columns[index]}{n}"
        kind = value.__class__
        if kind is str:
            if (value.isprintable() and value[0] not in _SPECIAL_FIRST and value[-1] != " "
                    and len(value) <= MAX_CELL_CHARS and "_x" not in value):
                if "<" in value or ">" in value or "&" in value:
                    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
                continue
            inner, quoted = text_xml(value)
            style = f' s="{styles.quoted}"' if quoted else ""
            append(f'<c r="{ref}"{style} t="inlineStr"><is>{inner}</is></c>')
        elif kind is bool:
            append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
        elif kind is int or kind is float:
            append(f'<c r="{ref}" t="n"><v>{value!r}</v></c>')
        elif kind is dt.date:
            serial = to_excel(value)
            shown = int(serial) if float(serial).is_integer() else serial
            append(f'<c r="{ref}" s="{styles.dated}" t="n"><v>{shown}</v></c>')
        else:  # enums and anything else: their text, safely
            inner, quoted = text_xml(str(getattr(value, "value", value)))
            style = f' s="{styles.quoted}"' if quoted else ""
            append(f'<c r="{ref}"{style} t="inlineStr"><is>{inner}</is></c>')
    append("</row>")
    return "".join(cells)


def _splice_rows(package: bytes, parts: dict[str, tuple[int, list[list[Any]]]], styles: _CellStyles) -> bytes:
    """The package with the item rows written into their sheets, streamed and compressed in chunks.

    openpyxl writes the small parts (headers with comments, drop-down lists, styles, instructions);
    the rows, hundreds of thousands of cells at 100,000 assets, go straight in as XML, at a small
    fraction of openpyxl's cost per cell. Entries keep the order, timestamps and permissions of
    :func:`asset_models.fsutil.normalize_zip`, so the same inventory always gives the same bytes.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for name in src.namelist():  # already in normalize_zip's order
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 3
            if name not in parts:
                dst.writestr(info, src.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
                continue
            first, rows = parts[name]
            xml = src.read(name).decode("utf-8")
            head, tail = xml.split("</sheetData>", 1)
            width = max(len(row) for row in rows)
            last = first + len(rows) - 1
            head = _widen_dimension(head, width, last)
            columns = [_column_letter(i) for i in range(width)]
            info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]  # 3.11 name; used by ZipFile.open
            with dst.open(info, "w", force_zip64=True) as stream:
                stream.write(head.encode("utf-8"))
                for start in range(0, len(rows), _ROWS_PER_CHUNK):
                    chunk = rows[start:start + _ROWS_PER_CHUNK]
                    stream.write("".join(_row_xml(first + start + i, values, columns, styles)
                                         for i, values in enumerate(chunk)).encode("utf-8"))
                stream.write(("</sheetData>" + tail).encode("utf-8"))
    return out.getvalue()


def _widen_dimension(head: str, width: int, last: int) -> str:
    """The sheet's ``<dimension ref=...>`` widened to the spliced rows."""
    start = head.find('<dimension ref="')
    if start < 0:
        return head
    start += len('<dimension ref="')
    end = head.index('"', start)
    ref = head[start:end]
    top_left, _sep, bottom_right = ref.partition(":")
    old_col = "".join(ch for ch in (bottom_right or top_left) if ch.isalpha())
    old_width = 0
    for ch in old_col:
        old_width = old_width * 26 + ord(ch) - 64
    new_ref = f"{top_left.split(':')[0] if top_left else 'A1'}:{_column_letter(max(width, old_width) - 1)}{last}"
    return head[:start] + new_ref + head[end:]


def workbook_to_bytes(wb: Any, moment: dt.datetime) -> bytes:
    """Save an openpyxl workbook deterministically: dated ``moment``, fixed zip layout.

    openpyxl's own ``save`` stamps the current time into docProps/core.xml; writing through its
    ``ExcelWriter`` with the date set here keeps the wall clock out, so the same content gives the
    same bytes.
    """
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = "lsgrisk"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return normalize_zip(buffer.getvalue())
