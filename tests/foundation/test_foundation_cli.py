"""The CLI contract of the foundation commands: exit codes, messages, files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from lsgrisk import __version__
from lsgrisk.cli.main import cli
from tests.foundation.conftest import MINI


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_every_command_has_help_with_an_example() -> None:
    from tests.foundation.cli_texts import all_commands

    names = [name for name, _command in all_commands() if name != "lsgrisk"]
    assert {"validate", "init", "analyze", "report", "policies", "scan run", "catalog explain"} <= set(names)
    for name, command in all_commands():
        if name == "lsgrisk":
            continue
        text = CliRunner().invoke(cli, [*name.split(), "--help"]).output
        assert "Example" in text or "example" in text, f"'{name} --help' shows no example"
        assert command.help


def test_validate_valid_and_summary() -> None:
    result = invoke("validate", str(MINI))
    assert result.exit_code == 0
    assert "valid" in result.output and "Opština Mala" in result.output
    assert "data by classification: confidential 1" in result.output


def test_validate_invalid_goes_to_stderr_with_exit_3(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["assets"][0]["zone"] = "nowhere"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 3
    assert "refers to zone 'nowhere'" in result.stderr
    assert result.stdout == ""


def test_usage_error_is_exit_2() -> None:
    assert invoke("validate").exit_code == 2
    assert invoke("graph", str(MINI), "--format", "svg").exit_code == 2


def test_schema_validates_the_inventory() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    data = json.loads(json.dumps(yaml.safe_load(MINI.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)
    data["assets"][0]["bogus"] = 1
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the schema must reject unknown fields")


def test_init_writes_valid_workspace_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "hn"
    result = invoke("init", str(target), "--municipality", "Opština Herceg Novi")
    assert result.exit_code == 0, result.output
    for name in ("inventory.yaml", "inventory.xlsx"):
        path = target / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert invoke("validate", str(path)).exit_code == 0
    assert "code: HERCEG-NOVI" in (target / "inventory.yaml").read_text(encoding="utf-8")
    again = invoke("init", str(target), "--municipality", "X")
    assert again.exit_code == 2 and "already exists" in again.output


def test_init_quotes_hostile_names(tmp_path: Path) -> None:
    name = 'Opština "Test": {{ 7*7 }} & <b>'
    assert invoke("init", str(tmp_path / "w"), "--municipality", name, "--code", "T").exit_code == 0
    loaded = yaml.safe_load((tmp_path / "w" / "inventory.yaml").read_text(encoding="utf-8"))
    assert loaded["municipality"]["name"] == name


def test_graph_formats(tmp_path: Path) -> None:
    for fmt in ("json", "graphml", "dot"):
        result = invoke("graph", str(MINI), "--format", fmt)
        assert result.exit_code == 0 and result.output
    out = tmp_path / "g.json"
    assert invoke("graph", str(MINI), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["nodes"]


def test_convert_round_trip(tmp_path: Path) -> None:
    for suffix in ("json", "xlsx", "yaml"):
        out = tmp_path / f"inv.{suffix}"
        assert invoke("convert", str(MINI), "-o", str(out)).exit_code == 0
        assert invoke("validate", "-q", str(out)).exit_code == 0
