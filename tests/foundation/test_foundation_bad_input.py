"""Malformed inventories give exit code 3 and a message with a place, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asset_models.errors import InventoryError
from asset_models.loaders import MAX_TEXT_BYTES, load_inventory, read_raw, validate_document
from asset_models.models import Inventory
from lsgrisk.cli.main import cli
from tests.foundation.conftest import MINI


def run_validate(path: Path) -> Any:
    return CliRunner().invoke(cli, ["validate", str(path)])


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.yaml", b"", "is empty"),
        ("blank.yaml", b"   \n\n", "is empty"),
        ("comment.yaml", b"# nothing here\n", "holds no YAML document"),
        ("binary.yaml", bytes(range(256)) * 10, "binary file"),
        ("latin1.yaml", "version: 1\nname: Općina Žabljak\n".encode("cp1250"), "not UTF-8"),
        ("list.yaml", b"- a\n- b\n", "is not an inventory"),
        ("scalar.yaml", b"just text\n", "is not an inventory"),
        ("syntax.yaml", b"version: 1\nmunicipality: {name: x\n", "YAML syntax error"),
        ("tabs.yaml", b"version: 1\nmunicipality:\n\tname: x\n", "YAML syntax error"),
        ("syntax.json", b'{"version": 1,}', "JSON syntax error"),
        ("types.yaml", b"version: 1\nmunicipality: 5\nassets: {a: 1}\n", "must be a list"),
        ("inventory.txt", b"version: 1\n", "unknown extension"),
        ("unhashable.yaml", b"? [a, b]\n: 1\n", "unhashable key"),
        ("notzip.xlsx", b"PK but not really a zip", "not an Excel workbook"),
    ],
)
def test_bad_files_exit_3_with_message(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_validate(path)
    assert result.exit_code == 3, result.output
    assert expected in result.output
    assert name in result.output  # the place names the file
    assert "Traceback" not in result.output


def test_missing_file(tmp_path: Path) -> None:
    result = run_validate(tmp_path / "nope.yaml")
    assert result.exit_code == 3
    assert "file not found" in result.output


def test_fifty_megabyte_file_gives_exit_3_with_place(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"version: 1\nmunicipality: {name: X, code: X}\nzones: 5\n")
        handle.write(b"# padding padding padding padding padding padding padding padding\n" * 800_000)
    assert path.stat().st_size > 50_000_000
    result = run_validate(path)
    assert result.exit_code == 3
    assert "big.yaml:3: zones: 'zones' must be a list" in result.output


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)  # sparse: nothing is really written or read
    result = run_validate(path)
    assert result.exit_code == 3
    assert "an inventory may be at most 128 MiB" in result.output


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("version: 1")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = run_validate(path)
    assert result.exit_code == 3
    assert "aliases" in result.output


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = run_validate(path)
    assert result.exit_code == 3
    assert "Traceback" not in result.output


def test_json_errors_have_lines(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["assets"][1]["zone"] = "nowhere"
    path = tmp_path / "inv.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    problem = info.value.problems[0]
    assert problem.place.line is not None
    assert path.read_text().splitlines()[problem.place.line - 1].strip().startswith('"zone"')


# --------------------------------------------------------------------------- hypothesis

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["tcp/443", "10.0.0.0/24", "10.0.0.5", "lan", "server", "yes", "no", "2024-01-01", "any"]),
)
_keys = st.sampled_from(
    ["version", "municipality", "zones", "assets", "data", "services", "links", "suppliers", "measures",
     "zone_flows", "id", "name", "code", "kind", "zone", "ips", "cidrs", "ports", "from", "to", "os",
     "services", "port", "stored_on", "runs_on", "needs", "exchanges", "with", "via", "direction", "x"]
)
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=6)),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_documents)
def test_random_documents_give_a_model_or_the_documented_error(tmp_path_factory: Any, document: Any) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "inv.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        inventory = load_inventory(path)
    except InventoryError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)
    else:
        assert isinstance(inventory, Inventory)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_random_text_gives_a_model_or_the_documented_error(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        validate_document(read_raw(path))
    except InventoryError as error:
        assert error.problems
