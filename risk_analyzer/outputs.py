"""Writing the analysis: analysis.json, risks.csv and risk-register.xlsx (atomic, owner-only).

* ``analysis.json``: the :class:`~risk_analyzer.result.AnalysisResult` as compact
  JSON (one line; ``jq .`` pretty-prints it); byte-identical for the same input
  and as-of date.
* ``risks.csv``: one row per risk, in the chosen language; cells that a
  spreadsheet would read as a formula are prefixed with an apostrophe.
* ``risk-register.xlsx``: sheets Risks, Assets, Attack paths, Treatment plan,
  Compliance, EU 2024-2690 (sections and numbered requirements),
  Findings (each rule or scan finding and the risk it became: the finding's own texts are the
  Risks sheet's); level cells are coloured with the matrix colours. Written as sheet XML straight
  into the package (:class:`asset_models.workbook.XlsxPackage`: inline text cells, never formulas,
  chunked), which is 5-6x faster than openpyxl's write-only mode and keeps 100k assets in bounded
  memory (benchmarks/bench_xlsx.py compares the writers side by side).
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
from asset_models.workbook import SHEET_ROWS, XlsxPackage
from risk_analyzer.pathtext import factor_text, hop_text, officer_status_text, path_entry_name
from risk_analyzer.result import AnalysisResult, AttackPath, Risk
from threat_catalog.rules import Text

JSON_NAME = "analysis.json"
CSV_NAME = "risks.csv"
XLSX_NAME = "risk-register.xlsx"

#: fallback colours when no matrix is given (the bundled matrix's)
DEFAULT_COLOURS = {"low": "2E7D32", "medium": "F9A825", "high": "EF6C00", "critical": "C62828"}

_H: dict[str, tuple[str, str]] = {
    "id": ("Risk id", "Oznaka rizika"),
    "level": ("Level", "Nivo"),
    "score": ("Score", "Ocjena"),
    "likelihood": ("Likelihood", "Vjerovatnoća"),
    "impact": ("Impact", "Uticaj"),
    "residual_level": ("Residual level", "Preostali nivo"),
    "residual_score": ("Residual score", "Preostala ocjena"),
    "status": ("Status", "Status"),
    "owner": ("Owner", "Vlasnik"),
    "treatment": ("Treatment option", "Način tretmana"),
    "due": ("Due date", "Rok"),
    "root_cause": ("Root cause", "Osnovni uzrok"),
    "register_no": ("No.", "Br."),
    "rule": ("Rule", "Pravilo"),
    "subject_type": ("Subject type", "Vrsta predmeta"),
    "subject": ("Subject", "Predmet"),
    "subject_name": ("Name", "Naziv"),
    "zone": ("Zone", "Zona"),
    "title": ("Title", "Naslov"),
    "evidence": ("Evidence", "Dokaz"),
    "threats": ("Threats", "Prijetnje"),
    "cia": ("CIA", "PCD"),
    "factors": ("Likelihood factors", "Faktori vjerovatnoće"),
    "impact_origin": ("Impact from", "Uticaj potiče od"),
    "controls": ("Remediation controls", "Kontrole za otklanjanje"),
    "planned": ("Planned controls", "Planirane kontrole"),
    "kind": ("Kind", "Vrsta"),
    "quantity": ("Quantity", "Količina"),
    "os": ("OS / firmware", "OS / firmver"),
    "eol": ("End of life", "Bez podrške"),
    "need_c": ("Confidentiality", "Povjerljivost"),
    "need_i": ("Integrity", "Cjelovitost"),
    "need_a": ("Availability", "Dostupnost"),
    "origin_c": ("C from", "P potiče od"),
    "origin_i": ("I from", "C potiče od"),
    "origin_a": ("A from", "D potiče od"),
    "exposure": ("Exposure", "Izloženost"),
    "entry": ("Entry point", "Ulazna tačka"),
    "path": ("Cheapest path", "Najjeftinija putanja"),
    "blast": ("Blast radius", "Radijus uticaja"),
    "spof": ("Single point of failure", "Jedinstvena tačka otkaza"),
    "risks": ("Risks", "Rizici"),
    "target": ("Target", "Cilj"),
    "cost": ("Cost", "Cijena"),
    "hop": ("Hop", "Korak"),
    "node": ("Node", "Čvor"),
    "via": ("Via", "Preko"),
    "rank": ("Rank", "Redni broj"),
    "control": ("Control", "Kontrola"),
    "effort": ("Effort", "Napor"),
    "effort_points": ("Effort points", "Bodovi napora"),
    "reduction": ("Risk reduction", "Smanjenje rizika"),
    "priority": ("Priority", "Prioritet"),
    "risk_ids": ("Risk ids", "Oznake rizika"),
    "framework": ("Framework", "Okvir"),
    "item": ("Item", "Stavka"),
    "state": ("State", "Stanje"),
    "open_risks": ("Open risks", "Otvoreni rizici"),
    "section": ("Section", "Odjeljak"),
    "requirement": ("Requirement", "Zahtjev"),
    "small_office": ("Small office", "Mala kancelarija"),
    "found": ("Found / reason", "Utvrđeno / razlog"),
    "evidence_kinds": ("Evidence to show", "Dokazi koje treba pokazati"),
    "measures": ("Measures", "Mjere"),
    "source": ("Source", "Izvor"),
}
_SHEETS = {
    "risks": ("Risks", "Rizici"),
    "assets": ("Assets", "Imovina"),
    "paths": ("Attack paths", "Putanje napada"),
    "plan": ("Treatment plan", "Plan postupanja"),
    "compliance": ("Compliance", "Usklađenost"),
    "annex": ("EU 2024-2690", "EU 2024-2690"),
    "findings": ("Findings", "Nalazi"),
}
_SOURCE = {"rule": ("rule", "pravilo"), "scan": ("scan", "skeniranje")}
_EFFORT = {"quick_win": ("quick win", "brza mjera"), "project": ("project", "projekat")}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)


#: level and state words shown in the register (the ids stay in CSV and JSON)
_WORDS: dict[str, tuple[str, str]] = {
    "low": ("low", "nizak"),
    "medium": ("medium", "srednji"),
    "high": ("high", "visok"),
    "critical": ("critical", "kritičan"),
    "implemented": ("implemented", "primijenjeno"),
    "partial": ("partial", "djelimično"),
    "missing": ("missing", "nedostaje"),
    "not_applicable": ("not applicable", "nije primjenljivo"),
    "not_assessed": ("not assessed", "nije ocijenjeno"),
}
#: grey for the 2024/2690 states that are neither met nor missing
_GREY = {"not_applicable": "9E9E9E", "not_assessed": "757575"}


def word(value: str, lang: str) -> str:
    """A level or compliance state in the chosen language (unknown ids are returned unchanged)."""
    pair = _WORDS.get(value)
    return value if pair is None else pair[lang == "cnr"]


def _h(key: str, lang: str) -> str:
    en, cnr = _H[key]
    return cnr if lang == "cnr" else en


def _t(text: Text, lang: str) -> str:
    return text.get(lang)


def _safe(value: Any) -> Any:
    """Keep a spreadsheet from running user text as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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


def _risk_cells(risk: Risk, lang: str, number: str = "", texts: dict[int, str] | None = None) -> list[Any]:
    """The register cells of a risk; ``texts`` keeps factor texts by factor (many risks share their factors)."""
    pieces = []
    for f in risk.likelihood.factors:
        piece = texts.get(id(f)) if texts is not None else None
        if piece is None:
            piece = f"{factor_text(f.code, f.args, lang)} ({f.delta:+d})"
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
        risk.owner or officer_status_text("security_officer", lang),
        risk.rule_id,
        risk.subject_type,
        risk.subject_id,
        risk.subject_name,
        risk.zone or "",
        _t(risk.title, lang),
        _t(risk.evidence, lang),
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


_RISK_KEYS = [
    "id", "level", "score", "likelihood", "impact", "residual_level", "residual_score", "status", "owner", "rule",
    "subject_type", "subject", "subject_name", "zone", "title", "evidence", "threats", "cia", "factors",
    "impact_origin", "controls", "planned", "treatment", "due", "root_cause", "register_no",
]  # fmt: skip


def risk_rows(result: AnalysisResult, lang: str) -> list[list[Any]]:
    """The cells of every risk (one row each), shared by risks.csv and the register's Risks sheet."""
    numbers = register_numbers(result)
    texts: dict[int, str] = {}  # by id: the factors stay alive with the result
    return [_risk_cells(risk, lang, numbers[risk.id], texts) for risk in result.risks]


#: rows of risks.csv per piece written (a piece is about 2 MB: the whole text of 450,000 risks took 0.7 GB)
CSV_PIECE_ROWS = 5000


def risks_csv_pieces(result: AnalysisResult, lang: str, rows: list[list[Any]] | None = None) -> Iterator[bytes]:
    """risks.csv as UTF-8 pieces of :data:`CSV_PIECE_ROWS` rows (the same bytes as one text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_h(k, lang) for k in _RISK_KEYS])
    first = _FORMULA_FIRST
    cells = rows if rows is not None else risk_rows(result, lang)
    for start in range(0, len(cells), CSV_PIECE_ROWS):
        writer.writerows(
            [("'" + v) if isinstance(v, str) and v[:1] in first else v for v in row]  # as _safe, inlined
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

    def __init__(self, wb: XlsxPackage, title: str, headers: Sequence[str], colours: dict[str, str]) -> None:
        self.ws = wb.sheet(title, headers)  # titles in the order of _SHEETS
        self.styles = {key: style for key, colour in colours.items() if (style := wb.fill_style(colour))}

    def add(self, values: Sequence[Any], level_columns: Sequence[int] = (), lang: str = "en") -> None:
        styled: dict[int, int] = {}
        row = values
        for index in level_columns:
            value = values[index]
            if isinstance(value, str) and value in self.styles:
                if row is values:
                    row = list(values)
                row[index] = word(value, lang)  # type: ignore[index]
                styled[index] = self.styles[value]
        self.ws.add(row, styled or None)  # every string an inline text cell: never a formula


def _risk_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str],
                rows: list[list[Any]] | None = None) -> None:
    sheet = _Sheet(wb, _SHEETS["risks"][lang == "cnr"], [_h(k, lang) for k in _RISK_KEYS], colours)
    for cells in rows if rows is not None else risk_rows(result, lang):
        sheet.add(cells, level_columns=(1, 5), lang=lang)


def _asset_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str]) -> None:
    keys = [
        "subject", "subject_name", "kind", "zone", "quantity", "os", "eol", "need_c", "origin_c", "need_i",
        "origin_i", "need_a", "origin_a", "exposure", "entry", "path", "blast", "spof", "controls", "planned",
        "level", "risks",
    ]  # fmt: skip
    sheet = _Sheet(wb, _SHEETS["assets"][lang == "cnr"], [_h(k, lang) for k in keys], colours)
    for a in result.assets:
        n = a.needs
        sheet.add(
            [
                a.id, a.name, a.kind, a.zone, a.quantity, a.os or "", "x" if a.eol else "",
                n.confidentiality.level, " <- ".join(reversed(n.confidentiality.origin)),
                n.integrity.level, " <- ".join(reversed(n.integrity.origin)),
                n.availability.level, " <- ".join(reversed(n.availability.origin)),
                a.exposure, a.entry_point or "", " -> ".join(h.node for h in a.path), a.blast_radius,
                "x" if a.articulation_point else "", _join(a.controls), _join(a.planned_controls),
                a.risk_level or "", len(a.risk_ids),
            ],
            level_columns=(20,),
            lang=lang,
        )  # fmt: skip


def path_sheet_titles(count: int, lang: str) -> list[str]:
    """The titles of the attack-path sheets: one, or more when the paths do not fit in one worksheet."""
    title = _SHEETS["paths"][lang == "cnr"]
    parts = max(1, -(-count // (SHEET_ROWS - 1)))
    return [title] + [f"{title} ({part})" for part in range(2, parts + 1)]


def _path_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str]) -> None:
    """One row per attack path (every entry point to every high-need data asset), hops numbered in one cell.

    Paths that do not fit in one worksheet continue in "Attack paths (2)" and so on: none is left out.
    """
    keys = ["target", "subject_name", "entry", "exposure", "cost", "path"]
    headers = [_h(k, lang) for k in keys]
    titles = path_sheet_titles(len(result.attack_paths), lang)
    sheet = _Sheet(wb, titles[0], headers, colours)
    part = 0
    lines: dict[tuple[int, int], str] = {}  # hops are shared objects: each is described once per position
    entries: dict[tuple[str, str | None], str] = {}
    for path in result.attack_paths:
        if sheet.ws.rows >= SHEET_ROWS:
            part += 1
            sheet = _Sheet(wb, titles[part], headers, colours)
        steps = []
        for number, hop in enumerate(path.hops, start=1):
            line = lines.get((id(hop), number))
            if line is None:
                text = hop_text(hop, lang)
                line = lines[(id(hop), number)] = (
                    f"{number}. {hop.label}: {text} [{hop.cost}]" if number > 1 else f"{number}. {text}"
                )
            steps.append(line)
        key = _entry_key(path)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = path_entry_name(path, lang)
        sheet.add([path.target, path.target_name, entry, path.exposure, path.cost, "\n".join(steps)])


def _entry_key(path: AttackPath) -> tuple[str, str | None]:
    """What :func:`~risk_analyzer.pathtext.path_entry_name` depends on: the entry point and a supplier's name."""
    if path.entry_point == "supplier":
        for hop in path.hops:
            if hop.kind == "supplier" and hop.args.get("supplier"):
                return "supplier", str(hop.args["supplier"])
    return path.entry_point, None


def _plan_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str]) -> None:
    keys = ["effort", "rank", "control", "title", "effort_points", "reduction", "priority", "level", "risk_ids"]
    sheet = _Sheet(wb, _SHEETS["plan"][lang == "cnr"], [_h(k, lang) for k in keys], colours)
    for action in [*result.treatment.quick_wins, *result.treatment.projects]:
        effort = _EFFORT[action.effort.value][lang == "cnr"]
        sheet.add(
            [effort, action.rank, action.control_id, _t(action.title, lang), action.effort_points,
             action.risk_reduction, action.priority, action.max_level, _join(action.risk_ids)],
            level_columns=(7,),
            lang=lang,
        )  # fmt: skip


def _compliance_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str]) -> None:
    keys = ["framework", "item", "title", "state", "evidence", "controls", "open_risks"]
    state_colours = {"implemented": colours.get("low", ""), "partial": colours.get("medium", ""),
                     "missing": colours.get("critical", "")}  # fmt: skip
    sheet = _Sheet(wb, _SHEETS["compliance"][lang == "cnr"], [_h(k, lang) for k in keys], state_colours)
    for row in [*result.compliance.nis2, *result.compliance.law]:
        framework = "NIS2 Art. 21(2)" if row.framework == "nis2" else ("Zakon" if lang == "cnr" else "Law")
        sheet.add(
            [framework, row.item, _t(row.title, lang), row.state.value, "; ".join(_t(e, lang) for e in row.evidence),
             _join(row.controls), len(row.open_risk_ids)],
            level_columns=(3,),
            lang=lang,
        )  # fmt: skip


def _annex_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str]) -> None:
    """Implementing Regulation (EU) 2024/2690: each section, then its numbered requirements."""
    keys = ["section", "requirement", "title", "state", "small_office", "found", "evidence_kinds", "controls",
            "measures", "open_risks"]  # fmt: skip
    state_colours = {"implemented": colours.get("low", ""), "partial": colours.get("medium", ""),
                     "missing": colours.get("critical", ""), **_GREY}  # fmt: skip
    sheet = _Sheet(wb, _SHEETS["annex"][lang == "cnr"], [_h(k, lang) for k in keys], state_colours)
    kinds = result.compliance.evidence_kinds
    yes_no = ("da", "ne") if lang == "cnr" else ("yes", "no")
    rows = result.compliance.eu_2024_2690_requirements
    for section in result.compliance.eu_2024_2690:
        counts = ", ".join(f"{word(state, lang)} {n}" for state, n in section.counts.items())
        sheet.add(
            [section.id, "", _t(section.title, lang), section.state.value, section.small_office_state.value, counts,
             "", "", "", ""],
            level_columns=(3, 4),
            lang=lang,
        )  # fmt: skip
        for row in (r for r in rows if r.section == section.id):
            found = _t(row.reason, lang) if row.reason else "; ".join(_t(e, lang) for e in row.evidence)
            sheet.add(
                [row.section, row.id, _t(row.title, lang), row.state.value, yes_no[0 if row.small_office else 1],
                 found, "; ".join(_t(kinds[k], lang) for k in row.evidence_kinds if k in kinds), _join(row.controls),
                 _join(f"{k}={v}" for k, v in row.measures.items()), row.open_risks],
                level_columns=(3,),
                lang=lang,
            )  # fmt: skip


def _findings_sheet(wb: XlsxPackage, result: AnalysisResult, lang: str, colours: dict[str, str]) -> None:
    """Each finding, where it came from and its risk (rule, subject, name, title and evidence are the risk's)."""
    keys = ["id", "source"]
    sheet = _Sheet(wb, _SHEETS["findings"][lang == "cnr"], [_h(k, lang) for k in keys], colours)
    for f in result.findings:
        source = _SOURCE.get(f.source)
        sheet.add([f"{f.rule_id}@{f.subject_id}", source[lang == "cnr"] if source else f.source])


def register_xlsx(
    result: AnalysisResult, lang: str, colours: dict[str, str] | None = None, rows: list[list[Any]] | None = None
) -> bytes:
    """The risk register; ``rows`` are :func:`risk_rows` when the caller already has them."""
    colours = colours or DEFAULT_COLOURS
    titles: list[str] = []  # the order of the builders below
    for key, names in _SHEETS.items():
        titles += path_sheet_titles(len(result.attack_paths), lang) if key == "paths" else [names[lang == "cnr"]]
    fills = [*colours.values(), *_GREY.values()]
    wb = XlsxPackage(titles, fills, dt.datetime.combine(result.as_of, dt.time(0, 0)))  # dated by the analysis
    _risk_sheet(wb, result, lang, colours, rows)
    for build in (_asset_sheet, _path_sheet, _plan_sheet, _compliance_sheet, _annex_sheet, _findings_sheet):
        build(wb, result, lang, colours)
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
