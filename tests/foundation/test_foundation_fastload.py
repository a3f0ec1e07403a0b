"""asset_models.fastload: the fast YAML reader gives the careful reader's data, or hands the document back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_models.errors import InventoryError
from asset_models.fastload import fast_yaml_data
from asset_models.loaders import _InventoryLoader, load_inventory, read_raw

ROOT = Path(__file__).resolve().parents[2]


def _careful(text: str) -> Any:
    loader = _InventoryLoader(text)
    try:
        return loader.construct_document(loader.get_single_node())
    finally:
        loader.dispose()


def test_the_example_inventory_reads_the_same_both_ways() -> None:
    text = (ROOT / "examples" / "primjer" / "inventory.yaml").read_text(encoding="utf-8")
    ok, data = fast_yaml_data(text, _InventoryLoader)
    assert ok and data == _careful(text)
    assert isinstance(data["assets"][0]["id"], str)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1}\nother: *b\n",  # aliases of collections (alias bombs are capped by the careful reader)
        "a: &x [1, 2]\nb: [*x, *x]\n",
        "a: 1\na: 2\n",  # a duplicate key: the careful reader names both lines
        "a:\n  <<: {b: 1}\n  c: 2\n",  # a merge key
        "a: !!binary aGVsbG8=\n",  # an explicit tag
        "? [a, b]\n: c\n",  # a complex key
        "a: !!set {x, y}\n",
        "a: [1, 2\n",  # a syntax error: the careful reader reports the line
        "",  # no document
    ],
)
def test_unusual_documents_go_the_careful_way(text: str) -> None:
    assert fast_yaml_data(text, _InventoryLoader) == (False, None)


def test_dates_stay_text_and_scalars_keep_their_yaml_types() -> None:
    text = "d: 2026-01-15\nb: yes\nn: ~\ni: 0x10\nf: 1.5\ns: '007'\nt: 2026-01-15 10:00:00\n"
    ok, data = fast_yaml_data(text, _InventoryLoader)
    assert ok and data == _careful(text)
    assert data == {"d": "2026-01-15", "b": True, "n": None, "i": 16, "f": 1.5, "s": "007",
                    "t": "2026-01-15 10:00:00"}  # fmt: skip


def test_a_problem_in_a_fast_read_file_still_has_its_line(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "primjer" / "inventory.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("kind:") and i > 20)
    lines[number] = lines[number].split("kind:")[0] + "kind: toaster"
    path = tmp_path / "inv.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_raw(path).source.lines_factory is not None  # the fast path was taken: lines are lazy
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert any(p.place.line == number + 1 and "toaster" in p.message for p in caught.value.problems)


def test_duplicate_keys_are_still_refused_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("version: 1\nmunicipality: {name: A, code: a}\nversion: 1\n", encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert any("appears twice" in p.message and p.place.line == 3 for p in caught.value.problems)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                     st.floats(allow_nan=False), st.dates().map(dt.date.isoformat))  # fmt: skip
_keys = st.text(min_size=1, max_size=10)
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(_keys, inner, max_size=4)), max_leaves=20)


@given(st.dictionaries(_keys, _values, max_size=6))
@settings(max_examples=200, deadline=None)
def test_any_plain_document_reads_the_same_both_ways(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert fast_yaml_data(text, _InventoryLoader) == (True, _careful(text))


def test_a_scalar_alias_is_harmless_and_read_the_fast_way() -> None:
    text = "a: &name Veeam Backup & Replication\nb: *name\n"
    assert fast_yaml_data(text, _InventoryLoader) == (True, {"a": "Veeam Backup & Replication",
                                                               "b": "Veeam Backup & Replication"})


@given(st.dictionaries(_keys, _values, max_size=6))
@settings(max_examples=150, deadline=None)
def test_convert_writes_yaml_that_reads_back_as_the_same_data(data: dict[str, Any]) -> None:
    from asset_models.export import _DUMPER

    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)
    assert _careful(text) == data
