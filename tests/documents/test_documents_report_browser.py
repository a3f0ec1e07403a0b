"""The HTML report in a real headless Chromium: no console errors, graph drawn, table sorts and filters.

Run with LSGRISK_UPDATE_SCREENSHOTS=1 to refresh docs/img/report-*.png from the example.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from policy_templates.i18n import Lang, as_lang
from policy_templates.report.context import entry_label

CNR, EN = as_lang("cnr"), as_lang("en")
LANGS = (CNR, EN)

try:
    from tests.documents.documents_report_browser import (
        BROWSER_MARKS,
        Browser,
        browser_session,
        screenshots_requested,
    )
    from tests.documents.documents_report_support import (
        EXAMPLE,
        HOSTILE,
        ROOT,
        analysed,
        rendered,
        write_hostile_inventory,
    )
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_browser import BROWSER_MARKS, Browser, browser_session, screenshots_requested
    from documents_report_support import EXAMPLE, HOSTILE, ROOT, analysed, rendered, write_hostile_inventory

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from browser_session()


def _open(browser: Browser, tmp_path: Path, inventory: str, lang: str) -> Path:
    _docx, page, _ctx = rendered(inventory, lang)
    path = tmp_path / f"report.{lang}.html"
    path.write_text(page, encoding="utf-8")
    browser.open(path)
    assert browser.evaluate("document.documentElement.getAttribute('data-ready')") == "true"
    return path


def _set_value(browser: Browser, element_id: str, value: str, event: str) -> None:
    """Set a form control's value the way a user would, then fire ``event``."""
    browser.evaluate(f"(() => {{ const e = document.getElementById({json.dumps(element_id)});"
                     f" e.value = {json.dumps(value)}; e.dispatchEvent(new Event({json.dumps(event)})); }})()")


def _visible_rows(browser: Browser) -> int:
    return int(browser.evaluate(
        "Array.from(document.querySelectorAll('#risks tbody tr')).filter(r => !r.hidden).length"))


@pytest.mark.parametrize("lang", ["cnr", "en"])
def test_example_report_works_in_chromium(browser: Browser, tmp_path: Path, lang: str) -> None:
    _open(browser, tmp_path, str(EXAMPLE), lang)
    _inv, result, _catalog = analysed(str(EXAMPLE))
    assert browser.errors() == []
    nodes = [n for n in result.graph.nodes if n.type != "zone"]
    assert browser.evaluate("document.querySelectorAll('#graph [data-node]').length") == len(nodes)
    boxes = browser.evaluate("document.querySelectorAll('#graph rect.box').length")
    assert boxes >= len([n for n in result.graph.nodes if n.type == "zone"])
    # the graph is really painted: non-zero size and nodes inside the viewport
    size = browser.evaluate("(() => { const r = document.getElementById('graph').getBoundingClientRect();"
                            " return [r.width, r.height]; })()")
    assert size[0] > 300 and size[1] > 300
    assert _visible_rows(browser) == len(result.risks)
    assert browser.evaluate("document.getElementById('shown-count').textContent") == str(len(result.risks))

    # clicking a node shows its details
    first = nodes[0]
    browser.evaluate(f"document.querySelector('#graph [data-node=\"{first.id}\"]')"
                     ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert browser.evaluate("document.querySelector('#details h3').textContent") == \
        entry_label(first.id, first.label, Lang(lang))

    # sort by score ascending, then descending
    scores_js = "Array.from(document.querySelectorAll('#risks tbody tr')).map(r => Number(r.cells[6].textContent))"
    header = "document.querySelectorAll('#risks thead th')[6]"
    browser.evaluate(f"{header}.click()")
    ascending = browser.evaluate(scores_js)
    assert ascending == sorted(ascending)
    browser.evaluate(f"{header}.click()")
    descending = browser.evaluate(scores_js)
    assert descending == sorted(descending, reverse=True)
    # sort by risk text
    browser.evaluate("document.querySelectorAll('#risks thead th')[1].click()")
    sort_state = browser.evaluate("document.querySelectorAll('#risks thead th')[1].getAttribute('aria-sort')")
    assert sort_state == "ascending"

    # filter by level
    level = result.risks[0].level
    expected = sum(1 for r in result.risks if r.level == level)
    _set_value(browser, "level-filter", level, "change")
    assert _visible_rows(browser) == expected
    _set_value(browser, "level-filter", "", "change")
    # filter by text: a subject name
    subject = result.risks[-1].subject_name
    expected_text = browser.evaluate(
        "Array.from(document.querySelectorAll('#risks tbody tr')).filter(r => r.textContent.toLowerCase()"
        f".includes({subject.lower()!r})).length")
    browser.evaluate(f"(() => {{ const i = document.getElementById('risk-filter'); i.value = {subject!r};"
                     " i.dispatchEvent(new Event('input')); })()")
    assert 1 <= _visible_rows(browser) == expected_text
    browser.evaluate("(() => { const i = document.getElementById('risk-filter'); i.value = '';"
                     " i.dispatchEvent(new Event('input')); })()")
    # heat-map cell filter
    risk = result.risks[0]
    in_cell = sum(1 for r in result.risks
                  if (r.likelihood.value, r.impact.value) == (risk.likelihood.value, risk.impact.value))
    browser.evaluate(f"document.querySelector('.heat td[data-l=\"{risk.likelihood.value}\"]"
                     f"[data-i=\"{risk.impact.value}\"]').click()")
    assert _visible_rows(browser) == in_cell
    assert browser.errors() == []

    if screenshots_requested():
        out = ROOT / "docs" / "img"
        out.mkdir(parents=True, exist_ok=True)
        browser.evaluate("document.querySelector('.heat td.active').click()")
        worst = next(n for n in nodes if n.risk_level == result.risks[0].level)
        browser.evaluate(f"document.querySelector('#graph [data-node=\"{worst.id}\"]')"
                         ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
        if lang == "en":
            browser.evaluate("window.scrollTo(0, 0)")
            browser.screenshot(out / "report-graph.en.png", full_height=1500)
        else:
            browser.evaluate("document.getElementById('paths').scrollIntoView()")
            browser.screenshot(out / "report-table.cnr.png", full_height=1200)
        browser.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1,
                     mobile=False)


def test_hostile_text_stays_text_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    inventory = str(write_hostile_inventory(tmp_path))
    _open(browser, tmp_path, inventory, "en")
    assert browser.errors() == []
    assert browser.evaluate("typeof window.alert") == "function"
    assert browser.evaluate("document.querySelectorAll('script').length") == 2
    assert browser.evaluate("document.querySelectorAll('main b').length") == \
        browser.evaluate("document.querySelectorAll('#shown-count, details.path summary > b').length")
    assert HOSTILE in browser.evaluate("document.body.innerText")
    tips = browser.evaluate(
        "Array.from(document.querySelectorAll('#graph [data-node] > title')).map(t => t.textContent)")
    assert any(tip.startswith("Server " + HOSTILE) for tip in tips)
    browser.evaluate("document.querySelector('#graph [data-node=\"asset:srv-1\"]')"
                     ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert browser.evaluate("document.querySelector('#details h3').textContent") == "Server " + HOSTILE
