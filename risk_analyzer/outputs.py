"""Writing the analysis: analysis.json, risks.csv and risk-register.xlsx (atomic, owner-only).

* ``analysis.json``: the :class:`~risk_analyzer.result.AnalysisResult` as compact
  JSON (one line; ``jq .`` pretty-prints it); byte-identical for the same input
  and as-of date.
* ``risks.csv``: one row per risk, in the chosen language; cells that a
  spreadsheet would read as a formula are prefixed with an apostrophe.
* ``risk-register.xlsx``: sheets Risks, Assets, Attack paths, Risk treatment plan,
  Compliance, EU 2024-2690 (sections and numbered requirements),
  Findings (each rule or scan finding and the risk it became: the finding's own texts are the
  Risks sheet's); level cells are coloured with the matrix colours. Written as sheet XML straight
  into the package (:class:`asset_models.workbook.XlsxPackage`: inline text cells, never formulas,
  chunked), which is 5-6x faster than openpyxl's write-only mode and keeps 100k assets in bounded
  memory (benchmarks/bench_xlsx.py compares the writers side by side).

Every word of the register and the CSV (headers, sheet titles, level, state, effort and source words)
comes from the ``labels`` catalogue of the chosen language (:class:`RegisterWords`), in any language of
the registry; ids (risk ids, rule ids, asset ids, codes) stay as they are in every language and script.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from asset_models.fsutil import write_set
from asset_models.i18n import Language, Translator, translator, transliterate_cnr
from asset_models.workbook import SHEET_ROWS, XlsxPackage
from risk_analyzer.pathtext import factor_text, hop_text, officer_status_text, path_entry_name
from risk_analyzer.result import AnalysisResult, AttackPath, Risk
from threat_catalog.rules import Text

JSON_NAME = "analysis.json"
CSV_NAME = "risks.csv"
XLSX_NAME = "risk-register.xlsx"

#: fallback colours when no matrix is given (the bundled matrix's)
DEFAULT_COLOURS = {"low": "2E7D32", "medium": "F9A825", "high": "EF6C00", "critical": "C62828"}

#: ``labels`` catalogue contexts of the register (asset_models/locales/<lang>/labels.po)
HEADER_CONTEXT = "register"
SHEET_CONTEXT = "register_sheet"
FRAMEWORK_CONTEXT = "register_framework"
#: the vocabularies whose words stand for level and state ids in the register and the summary
WORD_CONTEXTS = ("risk_level", "compliance")
#: the columns of each sheet, in the order of the register (``register`` context: the headers;
#: ``register_sheet`` context: the sheet titles); risks.csv has the columns of the Risks sheet
SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "risks": (
        "id", "level", "score", "likelihood", "impact", "residual_level", "residual_score", "status", "owner", "rule",
        "subject_type", "subject", "subject_name", "zone", "title", "evidence", "threats", "cia", "factors",
        "impact_origin", "controls", "planned", "treatment", "due", "root_cause", "register_no",
    ),
    "assets": (
        "subject", "subject_name", "kind", "zone", "quantity", "os", "eol", "need_c", "origin_c", "need_i",
        "origin_i", "need_a", "origin_a", "exposure", "entry", "path", "blast", "spof", "controls", "planned",
        "level", "risks",
    ),
    "paths": ("target", "subject_name", "entry", "exposure", "cost", "path"),
    "plan": ("effort", "rank", "control", "title", "effort_points", "reduction", "priority", "level", "risk_ids"),
    "compliance": ("framework", "item", "title", "state", "evidence", "controls", "open_risks"),
    "annex": ("section", "requirement", "title", "state", "small_office", "found", "evidence_kinds", "controls",
              "measures", "open_risks"),
    "findings": ("id", "source"),
}  # fmt: skip
SHEET_KEYS = tuple(SHEET_COLUMNS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)

#: grey for the 2024/2690 states that are neither met nor missing
_GREY = {"not_applicable": "9E9E9E", "not_assessed": "757575"}


class RegisterWords:
    """The words of the register in one language of the registry, all from the ``labels`` catalogue.

    Column headers (``register``), sheet titles (``register_sheet``), level and compliance-state words
    (``risk_level``, ``compliance``), effort, source, yes/no. Catalogue texts (:class:`Text`) are taken in
    the language's source (``cnr`` for ``cnr-Cyrl``, English for a language the catalogue does not give)
    and, for a Cyrillic language, transliterated as the report is (ids, URLs and words in capitals stay
    Latin).
    """

    def __init__(self, lang: str) -> None:
        self.tr: Translator = translator(lang, "labels")
        self.language: Language = self.tr.language
        self.code = self.language.code
        self.source = self.language.derived_from or self.code
        self.cyrillic = self.language.transform == "cyrillic"
        self._words: dict[str, str] = {}
        self._scripted: dict[str, str] = {}

    def header(self, key: str) -> str:
        return self.tr.label(HEADER_CONTEXT, key)

    def headers(self, keys: Iterable[str]) -> list[str]:
        return [self.header(k) for k in keys]

    def sheet(self, key: str) -> str:
        return self.tr.label(SHEET_CONTEXT, key)

    def label(self, vocabulary: str, code: str) -> str:
        """The word of ``code`` in a vocabulary (an unknown code is shown as it is)."""
        return self.tr.label(vocabulary, code)

    def word(self, value: str) -> str:
        """A level or compliance state as a word (an unknown id is returned unchanged)."""
        found = self._words.get(value)
        if found is None:
            found = value
            for context in WORD_CONTEXTS:
                if self.tr.has(value, context):
                    found = self.tr.label(context, value)
                    break
            self._words[value] = found
        return found

    def script(self, text: str) -> str:
        """``text`` in the script of the language: Montenegrin Latin to Cyrillic for ``cnr-Cyrl``.

        As in the report's Cyrillic documents, names from the inventory change script only: ids, URLs,
        product names and words in capitals (codes, abbreviations) stay in Latin.
        """
        if not self.cyrillic:
            return text
        found = self._scripted.get(text)
        if found is None:
            found = transliterate_cnr(text, self.language, keep_caps=True)
            if len(self._scripted) < 50_000:
                self._scripted[text] = found
        return found

    def text(self, text: Text) -> str:
        """A catalogue or analysis text in the language (its source language, in its script)."""
        return self.script(text.get(self.source))


def _join(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


# --------------------------------------------------------------------------- JSON and CSV


def analysis_json(result: AnalysisResult) -> str:
    """The JSON text of a result (deterministic: sorted lists, fixed field order, no clock values)."""
    return analysis_json_bytes(result).decode("utf-8")


def analysis_json_bytes(result: AnalysisResult) -> bytes:
    """The UTF-8 JSON of a result, serialised straight to bytes (no intermediate str for large results)."""
    return result.__pydantic_serializer__.to_json(result, by_alias=True) + b"\n"


def register_numbers(result: AnalysisResult) -> dict[str, str]:
    """``RULE@subject`` -> ``R-001`` in the register's order: the one short number of the xlsx, docx and html."""
    width = max(3, len(str(len(result.risks))))
    return {risk.id: f"R-{n:0{width}d}" for n, risk in enumerate(result.risks, start=1)}


#: list items serialised at a time by :func:`analysis_json_pieces`
JSON_CHUNK = 2_000


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def analysis_json_pieces(result: AnalysisResult, chunk: int = JSON_CHUNK) -> Iterator[bytes]:
    """:func:`analysis_json_bytes` in pieces: field by field, long lists ``chunk`` items at a time.

    The same bytes as serialising the whole result at once (tests hold them equal), without ever holding
    the whole text: at 100k assets the JSON is about 1 GB, and pydantic's one-piece serialisation needs
    two to three times that while it runs.
    """
    for number, (name, info) in enumerate(type(result).model_fields.items()):
        key = json.dumps(info.serialization_alias or info.alias or name).encode()
        head = (b"," if number else b"{") + key + b":"
        value = getattr(result, name)
        adapter = _adapter(info.annotation)  # type: ignore[arg-type]  # annotations are hashable
        if isinstance(value, list) and len(value) > chunk:
            yield head + b"["
            for start in range(0, len(value), chunk):
                text = adapter.dump_json(value[start : start + chunk], by_alias=True)
                yield (b"," if start else b"") + text[1:-1]
            yield b"]"
        else:
            yield head + adapter.dump_json(value, by_alias=True)
    yield b"}\n"


def _risk_cells(risk: Risk, words: RegisterWords, number: str = "", texts: dict[int, str] | None = None) -> list[Any]:
    """The register cells of a risk; ``texts`` keeps factor texts by factor (many risks share their factors)."""
    lang = words.code
    pieces = []
    for f in risk.likelihood.factors:
        piece = texts.get(id(f)) if texts is not None else None
        if piece is None:
            piece = words.script(f"{factor_text(f.code, f.args, lang)} ({f.delta:+d})")
            if texts is not None:
                texts[id(f)] = piece
        pieces.append(piece)
    factors = "; ".join(pieces)
    origin = " <- ".join(reversed(risk.impact.origin)) if risk.impact.origin else risk.subject_id
    return [
        risk.id,
        risk.level,
        risk.score,
        risk.likelihood.value,
        risk.impact.value,
        risk.residual.level,
        risk.residual.score,
        risk.tracking.status.value,
        words.script(risk.owner or officer_status_text("security_officer", lang)),
        risk.rule_id,
        risk.subject_type,
        risk.subject_id,
        words.script(risk.subject_name),
        risk.zone or "",
        words.text(risk.title),
        words.text(risk.evidence),
        _join(risk.threats),
        "".join(risk.cia),
        factors,
        f"{risk.impact.property}={risk.impact.need}: {origin}",
        _join(risk.controls),
        _join(risk.residual.planned_controls),
        risk.tracking.treatment.value if risk.tracking.treatment else "",
        risk.tracking.due.isoformat() if risk.tracking.due else "",
        risk.root_cause,
        number,
    ]


_RISK_KEYS = SHEET_COLUMNS["risks"]


def risk_rows(result: AnalysisResult, lang: str) -> list[list[Any]]:
    """The cells of every risk (one row each), shared by risks.csv and the register's Risks sheet."""
    numbers = register_numbers(result)
    words = RegisterWords(lang)
    texts: dict[int, str] = {}  # by id: the factors stay alive with the result
    return [_risk_cells(risk, words, numbers[risk.id], texts) for risk in result.risks]


#: rows of risks.csv per piece written (a piece is about 2 MB: the whole text of 450,000 risks took 0.7 GB)
CSV_PIECE_ROWS = 5000


def risks_csv_pieces(result: AnalysisResult, lang: str, rows: list[list[Any]] | None = None) -> Iterator[bytes]:
    """risks.csv as UTF-8 pieces of :data:`CSV_PIECE_ROWS` rows (the same bytes as one text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RegisterWords(lang).headers(_RISK_KEYS))
    first = _FORMULA_FIRST
    cells = rows if rows is not None else risk_rows(result, lang)
    for start in range(0, len(cells), CSV_PIECE_ROWS):
        writer.writerows(
            [("'" + v) if isinstance(v, str) and v[:1] in first else v for v in row]  # formula starts made text
            for row in cells[start : start + CSV_PIECE_ROWS]
        )
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- XLSX


class _Sheet:
    """One register sheet: a header row, then rows whose level columns are coloured."""

    def __init__(self, wb: XlsxPackage, title: str, headers: Sequence[str], colours: dict[str, str],
                 words: RegisterWords) -> None:
        self.ws = wb.sheet(title, headers)  # titles in the order of SHEET_KEYS
        self.styles = {key: style for key, colour in colours.items() if (style := wb.fill_style(colour))}
        self.words = words

    def add(self, values: Sequence[Any], level_columns: Sequence[int] = ()) -> None:
        styled: dict[int, int] = {}
        row = values
        for index in level_columns:
            value = values[index]
            if isinstance(value, str) and value in self.styles:
                if row is values:
                    row = list(values)
                row[index] = self.words.word(value)  # type: ignore[index]
                styled[index] = self.styles[value]
        self.ws.add(row, styled or None)  # every string an inline text cell: never a formula


def _risk_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str],
                rows: list[list[Any]] | None = None) -> None:
    sheet = _Sheet(wb, words.sheet("risks"), words.headers(_RISK_KEYS), colours, words)
    for cells in rows if rows is not None else risk_rows(result, words.code):
        sheet.add(cells, level_columns=(1, 5))


def _asset_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str]) -> None:
    keys = SHEET_COLUMNS["assets"]
    sheet = _Sheet(wb, words.sheet("assets"), words.headers(keys), colours, words)
    for a in result.assets:
        n = a.needs
        sheet.add(
            [
                a.id, words.script(a.name), a.kind, a.zone, a.quantity, a.os or "", "x" if a.eol else "",
                n.confidentiality.level, " <- ".join(reversed(n.confidentiality.origin)),
                n.integrity.level, " <- ".join(reversed(n.integrity.origin)),
                n.availability.level, " <- ".join(reversed(n.availability.origin)),
                a.exposure, a.entry_point or "", " -> ".join(h.node for h in a.path), a.blast_radius,
                "x" if a.articulation_point else "", _join(a.controls), _join(a.planned_controls),
                a.risk_level or "", len(a.risk_ids),
            ],
            level_columns=(20,),
        )  # fmt: skip


def path_sheet_titles(count: int, lang: str) -> list[str]:
    """The titles of the attack-path sheets: one, or more when the paths do not fit in one worksheet."""
    title = RegisterWords(lang).sheet("paths")
    parts = max(1, -(-count // (SHEET_ROWS - 1)))
    return [title] + [f"{title} ({part})" for part in range(2, parts + 1)]


def _path_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str]) -> None:
    """One row per attack path (every entry point to every high-need data asset), hops numbered in one cell.

    Paths that do not fit in one worksheet continue in "Attack paths (2)" and so on: none is left out.
    """
    keys = SHEET_COLUMNS["paths"]
    lang = words.code
    headers = words.headers(keys)
    titles = path_sheet_titles(len(result.attack_paths), lang)
    sheet = _Sheet(wb, titles[0], headers, colours, words)
    part = 0
    lines: dict[tuple[int, int], str] = {}  # hops are shared objects: each is described once per position
    entries: dict[tuple[str, str | None], str] = {}
    for path in result.attack_paths:
        if sheet.ws.rows >= SHEET_ROWS:
            part += 1
            sheet = _Sheet(wb, titles[part], headers, colours, words)
        steps = []
        for number, hop in enumerate(path.hops, start=1):
            line = lines.get((id(hop), number))
            if line is None:
                text = hop_text(hop, lang)
                line = lines[(id(hop), number)] = words.script(
                    f"{number}. {hop.label}: {text} [{hop.cost}]" if number > 1 else f"{number}. {text}"
                )
            steps.append(line)
        key = _entry_key(path)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = words.script(path_entry_name(path, lang))
        sheet.add([path.target, words.script(path.target_name), entry, path.exposure, path.cost, "\n".join(steps)])


def _entry_key(path: AttackPath) -> tuple[str, str | None]:
    """What :func:`~risk_analyzer.pathtext.path_entry_name` depends on: the entry point and a supplier's name."""
    if path.entry_point == "supplier":
        for hop in path.hops:
            if hop.kind == "supplier" and hop.args.get("supplier"):
                return "supplier", str(hop.args["supplier"])
    return path.entry_point, None


def _plan_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str]) -> None:
    keys = SHEET_COLUMNS["plan"]
    sheet = _Sheet(wb, words.sheet("plan"), words.headers(keys), colours, words)
    for action in [*result.treatment.quick_wins, *result.treatment.projects]:
        sheet.add(
            [words.label("effort", action.effort.value), action.rank, action.control_id, words.text(action.title),
             action.effort_points, action.risk_reduction, action.priority, action.max_level, _join(action.risk_ids)],
            level_columns=(7,),
        )  # fmt: skip


def _compliance_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str]) -> None:
    keys = SHEET_COLUMNS["compliance"]
    state_colours = {"implemented": colours.get("low", ""), "partial": colours.get("medium", ""),
                     "missing": colours.get("critical", "")}  # fmt: skip
    sheet = _Sheet(wb, words.sheet("compliance"), words.headers(keys), state_colours, words)
    for row in [*result.compliance.nis2, *result.compliance.law]:
        sheet.add(
            [words.label(FRAMEWORK_CONTEXT, row.framework), row.item, words.text(row.title), row.state.value,
             "; ".join(words.text(e) for e in row.evidence), _join(row.controls), len(row.open_risk_ids)],
            level_columns=(3,),
        )  # fmt: skip


def _annex_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str]) -> None:
    """Implementing Regulation (EU) 2024/2690: each section, then its numbered requirements."""
    keys = SHEET_COLUMNS["annex"]
    state_colours = {"implemented": colours.get("low", ""), "partial": colours.get("medium", ""),
                     "missing": colours.get("critical", ""), **_GREY}  # fmt: skip
    sheet = _Sheet(wb, words.sheet("annex"), words.headers(keys), state_colours, words)
    kinds = result.compliance.evidence_kinds
    yes_no = (words.label("yesno", "yes"), words.label("yesno", "no"))
    rows = result.compliance.eu_2024_2690_requirements
    for section in result.compliance.eu_2024_2690:
        counts = ", ".join(f"{words.word(state)} {n}" for state, n in section.counts.items())
        sheet.add(
            [section.id, "", words.text(section.title), section.state.value, section.small_office_state.value, counts,
             "", "", "", ""],
            level_columns=(3, 4),
        )  # fmt: skip
        for row in (r for r in rows if r.section == section.id):
            found = words.text(row.reason) if row.reason else "; ".join(words.text(e) for e in row.evidence)
            sheet.add(
                [row.section, row.id, words.text(row.title), row.state.value, yes_no[0 if row.small_office else 1],
                 found, "; ".join(words.text(kinds[k]) for k in row.evidence_kinds if k in kinds), _join(row.controls),
                 _join(f"{k}={v}" for k, v in row.measures.items()), row.open_risks],
                level_columns=(3,),
            )  # fmt: skip


def _findings_sheet(wb: XlsxPackage, result: AnalysisResult, words: RegisterWords, colours: dict[str, str]) -> None:
    """Each finding, where it came from and its risk (rule, subject, name, title and evidence are the risk's)."""
    keys = SHEET_COLUMNS["findings"]
    sheet = _Sheet(wb, words.sheet("findings"), words.headers(keys), colours, words)
    for f in result.findings:
        sheet.add([f"{f.rule_id}@{f.subject_id}", words.label("source", f.source)])


def register_xlsx(
    result: AnalysisResult, lang: str, colours: dict[str, str] | None = None, rows: list[list[Any]] | None = None
) -> bytes:
    """The risk register; ``rows`` are :func:`risk_rows` when the caller already has them."""
    colours = colours or DEFAULT_COLOURS
    words = RegisterWords(lang)
    titles: list[str] = []  # the order of the builders below
    for key in SHEET_KEYS:
        titles += path_sheet_titles(len(result.attack_paths), lang) if key == "paths" else [words.sheet(key)]
    fills = [*colours.values(), *_GREY.values()]
    wb = XlsxPackage(titles, fills, dt.datetime.combine(result.as_of, dt.time(0, 0)))  # dated by the analysis
    _risk_sheet(wb, result, words, colours, rows)
    for build in (_asset_sheet, _path_sheet, _plan_sheet, _compliance_sheet, _annex_sheet, _findings_sheet):
        build(wb, result, words, colours)
    return wb.to_bytes()


def write_outputs(
    result: AnalysisResult, out_dir: Path, lang: str, colours: dict[str, str] | None = None
) -> list[Path]:
    """Write the three outputs into ``out_dir`` (created 0700) as one set; return their paths.

    All three are written with :func:`~asset_models.fsutil.write_set`, each built just before it is
    written (so a 100k-asset analysis holds one large output at a time): a failure (the xlsx writer, a
    full disk) leaves the previous set intact, never a mix of old and new files.
    """
    rows: list[list[Any]] = []

    def risk_cells() -> list[list[Any]]:  # built once, after the JSON is written, for the CSV and the register
        if not rows:
            rows.extend(risk_rows(result, lang))
        return rows

    return write_set(out_dir, {  # each output built when it is written: one large output in memory at a time
        JSON_NAME: lambda: analysis_json_pieces(result),  # streamed: never the whole text at once
        CSV_NAME: lambda: risks_csv_pieces(result, lang, risk_cells()),  # streamed too
        XLSX_NAME: lambda: register_xlsx(result, lang, colours, risk_cells()),
    })


def level_colours(levels: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Matrix level colours ('#C62828') as the workbook wants them ('C62828')."""
    return {level: colour.lstrip("#").upper() for level, colour in levels}
