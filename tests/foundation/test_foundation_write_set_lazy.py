"""write_set with contents built when written: same files, and a failing builder leaves the old set."""

from __future__ import annotations

from pathlib import Path

import pytest

from asset_models.fsutil import write_set


def test_built_contents_are_written_in_order_one_at_a_time(tmp_path: Path) -> None:
    built: list[str] = []

    def make(name: str, data: bytes | list[bytes]) -> object:
        def build() -> bytes | list[bytes]:
            built.append(name)
            assert all((tmp_path / n).exists() is False for n in ("a", "b", "c"))  # nothing renamed yet
            return data

        return build

    write_set(tmp_path, {"a": make("a", [b"x" * 10, b"\n"]), "b": b"plain", "c": make("c", b"yz")})
    assert built == ["a", "c"]
    assert (tmp_path / "a").read_bytes() == b"x" * 10 + b"\n"
    assert (tmp_path / "b").read_bytes() == b"plain" and (tmp_path / "c").read_bytes() == b"yz"


def test_a_failing_builder_keeps_the_previous_set(tmp_path: Path) -> None:
    write_set(tmp_path, {"a": b"old a", "b": b"old b"})

    def broken() -> bytes:
        raise RuntimeError("the register could not be built")

    with pytest.raises(RuntimeError):
        write_set(tmp_path, {"a": lambda: b"new a", "b": broken})
    assert (tmp_path / "a").read_bytes() == b"old a" and (tmp_path / "b").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # no temporaries left
