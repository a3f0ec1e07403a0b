"""``portfolio --documents``: every municipality's report and six policies, written in parallel."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from policy_templates.render import docx_text
from tests.portfolio.portfolio_support import AS_OF


@pytest.mark.slow
def test_documents_for_every_municipality(municipalities: list[Path], tmp_path: Path) -> None:
    chosen = [municipalities[1], municipalities[-1]]  # a synthetic town and the hostile one
    result = CliRunner().invoke(cli, ["portfolio", *map(str, chosen), "-o", str(tmp_path), "--as-of", AS_OF,
                                      "--documents", "--doc-lang", "en", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    for code in ("ZLATOGRAD01", "HOSTILE"):
        folder = tmp_path / code / "en"
        assert sorted(p.name for p in folder.glob("*-risk-analysis.en.*")) == [
            f"{code}-risk-analysis.en.docx", f"{code}-risk-analysis.en.html"]
        assert len(list((folder / "policies").glob("*-POL-0?-*.docx"))) == 6  # the six acts
        assert len(list((folder / "policies").glob("*-RJE-0?-*.docx"))) == 2  # and the two model decisions
        assert str(folder / f"{code}-risk-analysis.en.docx") in result.output
    assert "Opština Zlatograd01" in docx_text(tmp_path / "ZLATOGRAD01" / "en" / "ZLATOGRAD01-risk-analysis.en.docx")
    assert (tmp_path / "portfolio.cnr.html").is_file()  # the comparison in --lang (default cnr)


def test_documents_need_inventories(municipalities: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["analyze", str(municipalities[1]), "-o", str(tmp_path / "a"),
                               "--as-of", AS_OF]).exit_code == 0
    result = runner.invoke(cli, ["portfolio", str(tmp_path / "a" / "analysis.json"), "-o", str(tmp_path / "o"),
                                 "--documents", "--jobs", "1"])
    assert result.exit_code == 3 and "documents need the inventory" in result.output
