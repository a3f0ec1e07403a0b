"""The Risk and Security Analysis report (docx per language, self-contained html).

Public entry points:

* :func:`report_context` — the typed render context (schema in :mod:`policy_templates.report.context`);
* :func:`write_report` — write ``<code>-risk-analysis.<lang>.docx`` and ``.html`` into a directory;
"""

from __future__ import annotations

from policy_templates.report.context import ReportContext, report_context
from policy_templates.report.writer import convert_to_pdf, render_report_docx, render_report_html, write_report

__all__ = [
    "ReportContext",
    "convert_to_pdf",
    "render_report_docx",
    "render_report_html",
    "report_context",
    "write_report",
]
