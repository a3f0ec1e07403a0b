"""The example's report printed by LibreOffice stays short: at most 50 pages (issue 13; 88 at first, 54 later)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_templates.report.writer import convert_to_pdf, find_soffice

try:
    from tests.documents.documents_report_support import EXAMPLE, rendered
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import EXAMPLE, rendered

MAX_PAGES = 50
#: a page object of a PDF (``/Type /Page``, not the ``/Type /Pages`` tree node)
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(pdf: bytes) -> int:
    """Number of page objects in a PDF written by LibreOffice (no object streams)."""
    return len(_PAGE.findall(pdf))


def test_page_counter_counts_pages_not_the_page_tree() -> None:
    assert pdf_pages(b"1 0 obj <</Type /Pages /Count 2>> 2 0 obj <</Type/Page>> 3 0 obj <</Type /Page /Parent 1>>") == 2


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed (optional; CI has it)")
def test_example_report_in_montenegrin_prints_on_at_most_50_pages(tmp_path: Path) -> None:
    docx, _page, _ctx = rendered(str(EXAMPLE), "cnr")
    source = tmp_path / "PRIMJER-risk-analysis.cnr.docx"
    source.write_bytes(docx)
    pages = pdf_pages(convert_to_pdf(source).read_bytes())
    assert 10 < pages <= MAX_PAGES, f"the example report prints on {pages} pages (at most {MAX_PAGES})"
