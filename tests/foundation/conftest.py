from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from asset_models.errors import InventoryError, Problem
from asset_models.loaders import load_inventory

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


@pytest.fixture
def mini_data() -> dict[str, Any]:
    """The mini inventory as plain data, to mutate in a test."""
    return copy.deepcopy(yaml.safe_load(MINI.read_text(encoding="utf-8")))


@pytest.fixture
def problems_of(tmp_path: Path) -> Callable[[Any], list[Problem]]:
    """Write data (or text) to a YAML file, load it, and return the problems it has."""

    def run(content: Any, name: str = "inv.yaml") -> list[Problem]:
        path = tmp_path / name
        if isinstance(content, (str, bytes)):
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        else:
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
        with pytest.raises(InventoryError) as info:
            load_inventory(path)
        assert info.value.problems, "an InventoryError must carry at least one problem"
        return info.value.problems

    return run


def find(problems: list[Problem], text: str) -> Problem:
    """The one problem whose message contains ``text``."""
    hits = [p for p in problems if text in p.message]
    assert hits, f"no problem mentions {text!r}: {[str(p) for p in problems]}"
    return hits[0]
