"""The portfolio dashboard in a real headless Chromium: no errors under its CSP, tables sort, hostile text inert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsgrisk.cli.main import cli
from tests.documents.documents_report_browser import BROWSER_MARKS, Browser, browser_session
from tests.portfolio.portfolio_support import AS_OF

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from browser_session()


@pytest.fixture(scope="module")
def dashboard(municipalities: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dashboard")
    result = CliRunner().invoke(cli, ["portfolio", *map(str, municipalities), "-o", str(out), "--as-of", AS_OF,
                                      "--lang", "en", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return out / "portfolio.en.html"


def column(browser: Browser, table: str, index: int) -> list[str]:
    return list(browser.evaluate(
        f"Array.from(document.querySelectorAll('#{table} tbody tr')).map(r => r.cells[{index}].textContent.trim())"))


def test_dashboard_loads_without_errors_and_sorts(browser: Browser, dashboard: Path) -> None:
    browser.open(dashboard)
    assert browser.evaluate("document.documentElement.getAttribute('data-ready')") == "true"
    assert browser.errors() == []
    assert browser.evaluate("document.querySelectorAll('#main tbody tr').length") == 4
    # the hostile name is text: no element came from it, and its script never ran
    assert browser.evaluate("document.querySelectorAll('#main tbody b').length") == 0
    assert browser.evaluate("typeof window.alert") == "function"
    totals = [int(v) for v in column(browser, "main", 3)]
    browser.evaluate("document.querySelectorAll('#main thead th')[3].click()")
    ascending = [int(v) for v in column(browser, "main", 3)]
    assert ascending == sorted(totals)
    browser.evaluate("document.querySelectorAll('#main thead th')[3].click()")
    assert [int(v) for v in column(browser, "main", 3)] == sorted(totals, reverse=True)
    assert browser.evaluate("document.querySelectorAll('#main thead th')[3].getAttribute('aria-sort')") == "descending"
    browser.evaluate("document.querySelectorAll('#main thead th')[0].click()")
    names = column(browser, "main", 0)
    assert names == sorted(names, key=lambda s: s.lower()) or names[0].startswith("Opština H")
    assert browser.errors() == []


def test_dashboard_cannot_reach_the_network(browser: Browser, dashboard: Path) -> None:
    browser.open(dashboard)
    browser.evaluate("window.violations = []; document.addEventListener('securitypolicyviolation', "
                     "e => window.violations.push(e.effectiveDirective))")
    outcome = browser.evaluate(
        "fetch('http://127.0.0.1:9/x').then(() => 'reached', e => 'blocked: ' + e.name)")
    assert str(outcome).startswith("blocked")
    image = browser.evaluate(
        "new Promise(r => { const i = new Image(); i.onload = () => r('loaded'); i.onerror = () => r('blocked'); "
        "i.src = 'http://127.0.0.1:9/x.png'; })")
    assert image == "blocked"
    # refused by the Content-Security-Policy, not merely by a closed port
    violations = browser.evaluate("new Promise(r => setTimeout(() => r(window.violations), 200))")
    assert "connect-src" in violations and "img-src" in violations
