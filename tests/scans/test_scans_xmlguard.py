"""The streaming prolog check: the bytes it hands on are exactly the file's, wherever the chunks split."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_models.errors import Place, ScanFileError
from scans.xmlguard import checked_chunks

BODY = b'<nmaprun scanner="nmap" args="nmap 127.0.0.1"><runstats><finished exit="success"/></runstats></nmaprun>\n'
PLACE = Place(file="t.xml")


def _through(data: bytes, chunk: int) -> bytes:
    return b"".join(checked_chunks(io.BytesIO(data), PLACE, chunk))


comments = st.text(alphabet=st.sampled_from(list("ab->-<!?[] \n\"'")), max_size=200).filter(
    lambda t: "--" not in t and not t.endswith("-"))


@settings(max_examples=200, deadline=None)
@given(comments=st.lists(comments, max_size=4), chunk=st.integers(min_value=1, max_value=64),
       doctype=st.sampled_from([b"", b"<!DOCTYPE nmaprun>", b'<!DOCTYPE nmaprun PUBLIC "nmap.org x>y" "a>b">']))
def test_a_legal_prolog_passes_unchanged_at_any_chunk_size(comments: list[str], chunk: int, doctype: bytes) -> None:
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + b"\n"
    head += b"".join(b"<!--" + c.encode() + b"-->\n" for c in comments)
    data = head + BODY
    assert _through(data, chunk) == data


@settings(max_examples=100, deadline=None)
@given(chunk=st.integers(min_value=1, max_value=64), literal=st.sampled_from(['"x>y<!--"', "'a>b'", '"-->"', '""']))
def test_an_internal_subset_is_refused_at_any_chunk_size(chunk: int, literal: str) -> None:
    data = (f'<!DOCTYPE nmaprun SYSTEM {literal} [<!ENTITY e "x"><!NOTATION n SYSTEM "-->">]>\n').encode() + BODY
    with pytest.raises(ScanFileError, match="declares entities"):
        _through(data, chunk)


def test_utf16_is_handed_on_as_utf8_without_its_declaration() -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!-- Opština -->\n' + BODY.decode()
    out = _through(text.encode("utf-16"), 7)
    assert out == ("\n<!-- Opština -->\n" + BODY.decode()).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(comments=st.lists(st.text(alphabet=st.sampled_from(list("ab \nšđ€<>")), max_size=80), max_size=4),
       chunk=st.integers(min_value=1, max_value=64))
def test_a_refusal_gives_line_and_column_in_characters_at_any_chunk_size(comments: list[str], chunk: int) -> None:
    """The position of the offending '[' is right wherever the chunks split a long comment or a character."""
    head = '<?xml version="1.0"?>\n' + "".join(f"<!--{c}-->\n" for c in comments) + "<!DOCTYPE nmaprun "
    lines = head.split("\n")
    expected = f"line {len(lines)}, column {len(lines[-1]) + 1}: "
    data = (head + '[<!ENTITY e "x">]>\n').encode() + BODY
    with pytest.raises(ScanFileError, match="declares entities") as caught:
        _through(data, chunk)
    problem = caught.value.problems[0]
    assert problem.message.startswith(expected) and problem.place.line == len(lines), problem
