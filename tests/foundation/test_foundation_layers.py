"""Imports go one way along the pipeline (PRODUCT.md); the CLI sits on top.

asset_models -> scans / threat_catalog -> risk_analyzer -> policy_templates -> lsgrisk (CLI)
"""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lsgrisk.cli.common import SafeGroup

ROOT = Path(__file__).parents[2]
STAGES = ["asset_models", "scans", "threat_catalog", "risk_analyzer", "policy_templates", "lsgrisk"]
ALLOWED = {
    "asset_models": set(),
    "scans": {"asset_models"},
    "threat_catalog": {"asset_models"},
    "risk_analyzer": {"asset_models", "scans", "threat_catalog"},
    "policy_templates": {"asset_models", "scans", "threat_catalog", "risk_analyzer"},
    "lsgrisk": set(STAGES) - {"lsgrisk"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_imports_go_one_way(stage: str) -> None:
    wrong = []
    for path in sorted((ROOT / stage).rglob("*.py")):
        for module in _imports(path) & set(STAGES):
            if module != stage and module not in ALLOWED[stage]:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "layer crossings:\n" + "\n".join(wrong)


def test_unexpected_errors_never_show_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    @click.group(cls=SafeGroup)
    def group() -> None:
        pass

    @group.command()
    def boom() -> None:
        raise ValueError("kaput")

    monkeypatch.delenv("LSGRISK_DEBUG", raising=False)
    result = CliRunner().invoke(group, ["boom"])
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    assert "Internal error: ValueError: kaput" in result.output
