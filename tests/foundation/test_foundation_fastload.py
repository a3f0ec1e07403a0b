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
from asset_models.fastload import fast_yaml_data, needs_yaml11, rust_yaml_data
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


# --------------------------------------------------------------------------- yaml-rs, where YAML 1.2 agrees


def _typed(value: Any) -> Any:
    """``value`` with every scalar's type made visible (``1 == True`` and ``1 == 1.0`` in Python)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _careful_or_error(text: str) -> Any:
    try:
        return _typed(_careful(text))
    except Exception as exc:  # any refusal: yaml-rs must then decline too
        return ("error", type(exc).__name__)


#: scalars where YAML 1.1 (PyYAML, the contract) and YAML 1.2 (yaml-rs) differ, and some where they agree
TRICKY_SCALARS = [
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "n", "Y", "N",
    "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL", "",
    "2026-01-15", "2026-1-5", "2026-01-15 10:00:00", "2026-01-15T10:00:00Z", "15.01.2026",
    "012", "0o12", "0x1F", "0b101", "08", "1_000", "1:30", "190:20:30", "1e5", "1.5e3", "1.5e+3", "1.",
    ".5", "-.5", "+12", "-0", "007", "3.14", "10.20.1.15", "10.20.1.0/24", "7.6p1", "25H2", "1.2.3",
    ".inf", "-.Inf", ".NaN", "inf", "nan", "=", "'yes'", '"no"', "'012'", '"1e5"', "'1:30'", "'~'",
    "Norway", "NO problem", "yes please", "on-premises", "off-site",
    "\"tab\\there\"", "'it''s'", "\"\\u0041\\x41\\N\\_\"", "a #comment", "a#b", "http://x:80/a",
]  # fmt: skip
CONTEXTS = ["v: {}\n", "- {}\n", "v: [{}]\n", "v: [a, {} ]\n", "v: {{k: {}}}\n", "{}: v\n", "v:\n  {}\n",
            "- - {}\n", '{{"k":{}}}\n', "v: a\n  {}\n", "v:\n- {}\n"]  # fmt: skip


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_tricky_scalars_read_as_pyyaml_reads_them(scalar: str) -> None:
    for context in CONTEXTS:
        text = context.format(scalar)
        ok, data = rust_yaml_data(text)
        if ok:
            assert _typed(data) == _careful_or_error(text), text


def test_yaml11_scalars_are_found_and_sent_to_libyaml() -> None:
    for scalar in ("yes", "No", "ON", "off", "012", "0o12", "1_000", "1:30", "1e5", ".5", "="):
        assert needs_yaml11(f"v: {scalar}\n"), scalar
        assert needs_yaml11(f"- a\n- {scalar}\n"), scalar
        assert needs_yaml11(f"v: [a, {scalar}]\n"), scalar
    for quoted in ("'yes'", '"no"', "'012'", "'1:30'"):
        assert not needs_yaml11(f"v: {quoted}\n"), quoted
    for plain in ("Norway", "on-premises", "10.20.1.15", "2026-01-15", "7.6p1", "12", "-3.5", "ws-0001"):
        assert not needs_yaml11(f"v: {plain}\n"), plain


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1}\nother: *b\n",  # anchors and aliases: libyaml, with the careful reader's cap
        "a: &x 1\nb: *x\n",
        "a:\n  <<: {b: 1}\n  c: 2\n",  # a merge key
        "a: !!binary aGVsbG8=\n",  # tags
        "a: !custom x\n",
        "? [a, b]\n: c\n",  # a complex key
        "%YAML 1.1\n---\na: 1\n",  # a directive
        "a: 1\n---\nb: 2\n",  # two documents
        "a:\tb\n",  # a tab
        "a: b\rc: d\r",  # old Mac line breaks
        "a: b\x85c\n",  # NEL, a line break in YAML 1.1
        "a: \x01\n",  # a control character PyYAML refuses
        "k" * 1030 + ": v\n",  # a key too long for libyaml
        "a: 1\na: 2\n",  # a duplicate key (yaml-rs refuses it; the careful reader names both lines)
        "a: [1, 2\n",  # a syntax error
        "just text\n",  # not a mapping or list
    ],
)
def test_unusual_documents_are_not_read_by_yaml_rs(text: str) -> None:
    assert rust_yaml_data(text) == (False, None)


_token = st.text(alphabet="019._:eE+-xobyesnofYNO =~'\"#,", min_size=1, max_size=6)


@given(_token, st.sampled_from(CONTEXTS))
@settings(max_examples=1500, deadline=None)
def test_yaml_rs_reads_any_token_as_pyyaml_or_declines(token: str, context: str) -> None:
    text = context.format(token)
    ok, data = rust_yaml_data(text)
    if ok:
        assert _typed(data) == _careful_or_error(text)


@given(st.dictionaries(_keys, _values, max_size=6))
@settings(max_examples=200, deadline=None)
def test_dumped_documents_read_the_same_through_yaml_rs(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    ok, read = rust_yaml_data(text)
    if ok:
        assert _typed(read) == _typed(_careful(text))


def test_generated_inventories_take_the_yaml_rs_path_and_read_the_same() -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("lsgrisk_bench_synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = synth
        spec.loader.exec_module(synth)
    for dense in (False, True):
        from asset_models.export import _DUMPER, inventory_data

        data = inventory_data(synth.generate(300, seed=3, dense=dense))  # as 'synth.py -o x.yaml' writes it
        text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)
        assert not needs_yaml11(text)
        ok, read = rust_yaml_data(text)
        assert ok and _typed(read) == _typed(_careful(text))


def test_the_example_inventory_with_yes_and_no_goes_to_libyaml() -> None:
    text = (ROOT / "examples" / "primjer" / "inventory.yaml").read_text(encoding="utf-8")
    assert needs_yaml11(text)  # 'security_officer_appointed: yes' is a boolean in YAML 1.1 only
    assert rust_yaml_data(text) == (False, None)
    ok, data = fast_yaml_data(text, _InventoryLoader)
    assert ok and data["measures"]["security_officer_appointed"] is True


def _problems(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    return [(p.place.line, p.message, p.hint) for p in caught.value.problems]


def test_a_problem_in_a_yaml_rs_read_file_has_the_careful_readers_line_and_words(tmp_path: Path) -> None:
    from asset_models.export import _DUMPER

    data = yaml.safe_load((ROOT / "tests" / "foundation" / "data" / "mini.yaml").read_text(encoding="utf-8"))
    data["assets"][0]["kind"] = "toaster"
    data["assets"][-1]["zone"] = "nowhere"
    data["assets"][-1]["quantity"] = -2
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)
    assert rust_yaml_data(text)[0]  # read by yaml-rs
    fast = tmp_path / "fast.yaml"
    fast.write_text(text, encoding="utf-8")
    assert read_raw(fast).source.lines_factory is not None  # line numbers only when asked for
    # the same document read the careful way: a comment the pre-scan takes for an anchor sends it there
    careful = tmp_path / "careful.yaml"
    careful.write_text(text + "# &not-an-anchor\n", encoding="utf-8")
    assert needs_yaml11(careful.read_text(encoding="utf-8"))
    got, expected = _problems(fast), _problems(careful)
    assert got == expected
    lines = text.splitlines()
    toaster = next(i for i, line in enumerate(lines) if "toaster" in line) + 1
    assert any(line == toaster and "toaster" in message for line, message, _hint in got)
