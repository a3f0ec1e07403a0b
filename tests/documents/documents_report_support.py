"""Shared inputs of the report tests: the example municipality and a hostile inventory, analysed for real.

Results are cached per process, so the tests of the report share one analysis
of each input and one rendering per language.
"""

from __future__ import annotations

import functools
import html.parser
import os
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from asset_models.models import Inventory
from policy_templates.report.context import ReportContext, report_context
from policy_templates.report.writer import render_report_docx, render_report_html
from risk_analyzer.pipeline import run_analysis
from risk_analyzer.result import AnalysisResult
from threat_catalog.models import Catalog

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "primjer" / "inventory.yaml"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "report"
AS_OF = date(2025, 3, 12)
#: text that breaks naive templates and HTML: markup, Jinja syntax, a script end tag, Cyrillic, diacritics
HOSTILE = "Hostile & <b>x</b> {{ 7*7 }} {% raw %} </script><script>alert(1)</script> Ћирилица čćžšđ ČĆŽŠĐ END"


def update_golden() -> bool:
    return os.environ.get("LSGRISK_UPDATE_GOLDEN") == "1"


def hostile_inventory_data() -> dict[str, Any]:
    """A small municipality whose every free-text field carries :data:`HOSTILE`."""
    return {
        "version": 1,
        "municipality": {
            "name": "Opština " + HOSTILE, "code": "HOSTILE", "entity_class": "important", "employees": 40,
            "it_staff": 1, "units": ["Sekretarijat " + HOSTILE],
            "security_officer": {"name": "Đorđe Šćekić " + HOSTILE, "email": "dj@hostile.example"},
            "head": {"title": "Predsjednik opštine", "name": "Žarko Ćosović " + HOSTILE},
        },
        "zones": [
            {"id": "internet", "kind": "internet"},
            {"id": "lan", "kind": "internal", "name": "LAN " + HOSTILE, "cidrs": ["10.9.1.0/24"]},
            {"id": "servers", "kind": "server", "name": "Serveri " + HOSTILE, "cidrs": ["10.9.10.0/24"]},
        ],
        "zone_flows": [
            {"from": "internet", "to": "servers", "ports": ["tcp/3389", "tcp/443"]},
            {"from": "lan", "to": "servers", "ports": "any"},
            {"from": "lan", "to": "internet", "ports": "any"},
        ],
        "assets": [
            {"id": "srv-1", "name": "Server " + HOSTILE, "kind": "server", "zone": "servers", "ips": ["10.9.10.5"],
             "os": {"name": "Windows Server " + HOSTILE, "version": "2008 R2", "end_of_support": "2020-01-14"},
             "services": [{"port": 3389, "name": "ms-wbt-server"}, {"port": 443, "name": "https"}],
             "owner": "IT " + HOSTILE},
            {"id": "pc-1", "name": "Radna stanica " + HOSTILE, "kind": "workstation", "zone": "lan", "quantity": 20,
             "ips": ["10.9.1.10"], "os": {"name": "Windows 10", "end_of_support": "2025-10-14"}},
        ],
        "data": [
            {"id": "reg-1", "name": "Registar " + HOSTILE, "kind": "register", "personal_data": True,
             "classification": "confidential", "legal_basis": "Zakon " + HOSTILE, "owner": "Sekretarijat " + HOSTILE,
             "needs": {"confidentiality": "very_high", "integrity": "high", "availability": "high"},
             "stored_on": ["srv-1"],
             "exchanges": [{"with": "Uprava " + HOSTILE, "via": "email", "direction": "provide"}]},
        ],
        "services": [
            {"id": "svc-1", "name": "Usluga " + HOSTILE, "uses": ["reg-1"], "runs_on": ["srv-1"], "rto_hours": 24},
        ],
        "suppliers": [
            {"id": "sup-1", "name": "Dobavljač " + HOSTILE,
             "remote_access": {"to": ["srv-1"], "method": "teamviewer", "mfa": False}},
        ],
        "measures": {"security_officer_appointed": "no", "backup_restore_test": "no", "incident_procedure": "no"},
    }


def write_hostile_inventory(directory: Path) -> Path:
    path = directory / "inventory.yaml"
    path.write_text(yaml.safe_dump(hostile_inventory_data(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=4)
def analysed(path: str) -> tuple[Inventory, AnalysisResult, Catalog]:
    """The inventory at ``path`` loaded, analysed as of :data:`AS_OF` with the bundled catalogue."""
    return run_analysis(Path(path), as_of=AS_OF, tool_version="test")


@functools.lru_cache(maxsize=8)
def rendered(path: str, lang: str) -> tuple[bytes, str, ReportContext]:
    """(docx bytes, html text, context) of the report for the inventory at ``path``."""
    inv, result, catalog = analysed(path)
    ctx = report_context(inv, result, catalog, lang)
    return (render_report_docx(inv, result, catalog, lang, ctx), render_report_html(inv, result, catalog, lang, ctx),
            ctx)


class _TextCollector(html.parser.HTMLParser):
    """Visible text of an HTML page (script and style content skipped), entity references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._skip: str | None = None
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip = tag
            self._attrs = dict(attrs)
            self._buffer: list[str] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._skip:
            if tag == "script":
                self.scripts.append((self._attrs, "".join(self._buffer)))
            self._skip = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            self._buffer.append(data)
        else:
            self.parts.append(data)


def html_text(page: str) -> tuple[str, list[tuple[dict[str, str | None], str]]]:
    """(visible text, scripts as (attributes, content)) of an HTML page."""
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    return "".join(collector.parts), collector.scripts
