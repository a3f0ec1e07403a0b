"""The report of a large inventory stays short (issue 17): long tables bounded, a sentence with the number left
out in the right plural form, the full listings named (risk-register.xlsx, the html, the inventory)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from policy_templates.i18n import as_lang
from policy_templates.render import docx_tables, docx_text
from policy_templates.report import plan as plan_mod
from policy_templates.report.context import (
    ASSETS_MAX,
    REGISTER_MAX,
    ZONE_DIAGRAMS_MAX,
    ZONE_OVERVIEW_MAX,
    _bounded,
    _more,
    report_context,
)
from policy_templates.report.graphview import OTHER_ZONES, diagram_parts, zone_overview
from policy_templates.report.writer import render_report_docx, render_report_html
from risk_analyzer.pipeline import run_analysis

try:
    from tests.documents.documents_report_support import EXAMPLE, analysed
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import EXAMPLE, analysed

ROOT = Path(__file__).resolve().parents[2]


def _synth(n_assets: int, dense: bool, tmp_path: Path) -> Path:
    spec = importlib.util.spec_from_file_location("lsgrisk_bench_synth_report", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synth
    spec.loader.exec_module(synth)
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(synth.generate_data(n_assets, seed=1, dense=dense)), encoding="utf-8")
    return path


@pytest.mark.parametrize(("n", "expected"), [
    (1, "… i još 1 rizik niže ocjene."), (3, "… i još 3 rizika niže ocjene."), (5, "… i još 5 rizika niže ocjene."),
    (21, "… i još 21 rizik niže ocjene."),
])
def test_left_out_risks_are_counted_with_montenegrin_plural_forms(n: int, expected: str) -> None:
    assert _more("risks", n, as_lang("cnr")).startswith(expected)
    assert "risk-register.xlsx" in _more("risks", n, as_lang("cnr"))


@pytest.mark.parametrize(("key", "n", "expected"), [
    ("data", 1, "1 informaciono sredstvo"), ("data", 2, "2 informaciona sredstva"),
    ("data", 7, "7 informacionih sredstava"), ("zones", 1, "1 zona"), ("zones", 3, "3 zone"),
    ("chokes", 5, "5 uskih grla"), ("paths", 2, "2 putanje"),
])
def test_other_tables_agree_in_number_too(key: str, n: int, expected: str) -> None:
    assert expected in _more(key, n, as_lang("cnr"))


def test_nothing_is_said_when_nothing_is_left_out_and_english_and_albanian_have_their_forms() -> None:
    assert _more("risks", 0, as_lang("en")) == ""
    assert "1 more risk with" in _more("risks", 1, as_lang("en"))
    assert "2 more risks with" in _more("risks", 2, as_lang("en"))
    assert "1 rrezik tjetër" in _more("risks", 1, as_lang("sq"))
    assert "4 rreziqe të tjera" in _more("risks", 4, as_lang("sq"))


def test_bounded_keeps_the_best_in_their_own_order() -> None:
    assert _bounded([5, 1, 4, 2, 3], 3) == ([5, 1, 4], 2)
    assert _bounded([5, 1, 4, 2, 3], 3, rank=lambda x: x) == ([1, 2, 3], 2)
    assert _bounded([5, 1], 3, rank=lambda x: x) == ([5, 1], 0)


def test_the_example_is_shown_in_full() -> None:
    inv, result, catalog = analysed(str(EXAMPLE))
    ctx = report_context(inv, result, catalog, "cnr")
    assert len(ctx.risks) == len(result.risks) and len(ctx.assets) == len(result.assets)
    assert not any(ctx.more.model_dump().values())


def test_paths_of_causes_equals_the_per_cause_scan() -> None:
    _inv, result, _catalog = analysed(str(EXAMPLE))
    assert plan_mod.paths_of_causes(result) == [plan_mod.cause_paths(c, result) for c in result.root_causes]
    assert any(plan_mod.paths_of_causes(result))


@pytest.mark.slow
def test_a_large_inventory_gives_a_bounded_report(tmp_path: Path) -> None:
    inv, result, catalog = run_analysis(_synth(700, True, tmp_path), as_of=dt.date(2026, 6, 1), tool_version="test")
    assert len(result.risks) > REGISTER_MAX and len(result.assets) > ASSETS_MAX
    ctx = report_context(inv, result, catalog, "cnr")
    docx = render_report_docx(inv, result, catalog, "cnr", ctx)
    page = render_report_html(inv, result, catalog, "cnr", ctx)
    register = next(t for t in docx_tables(docx) if t and len(t[0]) == 11 and t[0][-3] == "Tretman")
    assert len(register) - 1 == REGISTER_MAX
    numbers = plan_mod.register_numbers(result)
    assert [row[0] for row in register[1:3]] == [numbers[r.id] for r in result.risks[:2]], "the highest scores first"
    left = len(result.risks) - REGISTER_MAX
    sentence = _more("risks", left, as_lang("cnr"))
    assert f"i još {left:,}".replace(",", ".") in sentence
    text = docx_text(docx)
    assert sentence in text and ctx.more.assets in text and ctx.more.assets
    assert page.count('<tr data-level="') == REGISTER_MAX
    assert sentence in page
    assert len(ctx.assets) == ASSETS_MAX
    assert len(docx) < 3_000_000


def test_zone_overview_and_pictures_are_bounded(tmp_path: Path) -> None:
    _inv, result, _catalog = run_analysis(_synth(3000, False, tmp_path), as_of=dt.date(2026, 6, 1), tool_version="t")
    parts = diagram_parts(result, "cnr")
    assert len(parts.zones) > ZONE_OVERVIEW_MAX
    boxes, flows = zone_overview(parts, result, lambda count: f"{count} more")
    zones = [b for b in boxes if not b.entry]
    assert len(zones) == ZONE_OVERVIEW_MAX and zones[-1].id == OTHER_ZONES
    assert zones[-1].label == f"{len(parts.zones) - ZONE_OVERVIEW_MAX + 1} more"
    assert any(OTHER_ZONES in (f.source, f.target) for f in flows)
    assert len({a.zone for a in result.assets}) > ZONE_DIAGRAMS_MAX


@pytest.mark.slow
def test_policies_of_a_large_inventory_name_a_bounded_number_of_systems(tmp_path: Path) -> None:
    from policy_templates.policies.context import EOL_MAX, SYSTEMS_MAX, base_context, policy6_context
    from policy_templates.policies.generate import render_policy

    inv, result, catalog = run_analysis(_synth(700, True, tmp_path), as_of=dt.date(2026, 6, 1), tool_version="test")
    scope = base_context(1, "x", inv, result, catalog, "cnr")["scope"]
    assert len(scope.systems) == SYSTEMS_MAX
    annex = policy6_context(inv, result, catalog, as_lang("cnr")).annex
    eol = sum(1 for a in result.assets if a.eol)
    assert eol > EOL_MAX and len(annex.eol) == EOL_MAX
    text = docx_text(render_policy(6, inv, result, catalog, "cnr"))
    assert f"… i još {eol - EOL_MAX} sistema kojima je istekla podrška" in text
    assert scope.systems_more.startswith("… i još ") and "risk-register.xlsx" in scope.systems_more
    assert scope.systems_more in docx_text(render_policy(1, inv, result, catalog, "cnr"))


def test_the_example_policies_list_every_system() -> None:
    from policy_templates.policies.context import base_context, policy6_context

    inv, result, catalog = analysed(str(EXAMPLE))
    assert base_context(1, "x", inv, result, catalog, "cnr")["scope"].systems_more == ""
    assert policy6_context(inv, result, catalog, as_lang("cnr")).annex.eol_more == ""


def test_the_html_lists_the_easiest_paths_and_says_where_the_others_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy_templates.report import context

    # at most four paths per data asset: 3,000 dense assets give about 230; the bound is lowered to meet them
    assert context.HTML_PATHS_MAX == 500
    monkeypatch.setattr(context, "HTML_PATHS_MAX", 100)
    HTML_PATHS_MAX = context.HTML_PATHS_MAX
    inv, result, catalog = run_analysis(_synth(3000, True, tmp_path), as_of=dt.date(2026, 6, 1), tool_version="t")
    assert len(result.attack_paths) > HTML_PATHS_MAX
    ctx = report_context(inv, result, catalog, "en")
    assert len(ctx.all_paths) == HTML_PATHS_MAX
    hardest_shown = max(p.cost for p in ctx.all_paths)
    assert sum(1 for p in result.attack_paths if p.cost < hardest_shown) <= HTML_PATHS_MAX, "the easiest first"
    assert ctx.more.all_paths.startswith(f"… and {len(result.attack_paths) - HTML_PATHS_MAX:,} more paths")
    assert ctx.counts.paths >= len(ctx.paths)


def test_every_path_of_the_example_is_in_the_html() -> None:
    inv, result, catalog = analysed(str(EXAMPLE))
    ctx = report_context(inv, result, catalog, "cnr")
    assert [p.no for p in ctx.all_paths] == [f"P-{n + 1:02d}" for n in range(len(result.attack_paths))]
