"""The gate in front of the XML parser: encoding, and a streaming check of the prolog.

Everything before the root element is read token by token, the way an XML
parser reads it: whitespace, comments (of any length: a long ``--exclude`` list
makes nmap's header comment megabytes long), processing instructions, and at
most one DOCTYPE whose quoted literals may hold any character, ``>`` included.
Refused before the parser sees them:

* a DOCTYPE with an internal subset ``[...]`` (the only place where entities
  and notations can be declared: XXE, billion laughs, quadratic blowup);
* a DOCTYPE with an external identifier that is not nmap's DTD (never loaded);
* any other markup declaration, text before the root, or a root that is not
  ``<nmaprun>`` (``<nmaprun/>``, an empty run, is accepted).

Only the bytes already checked are handed on, so memory stays bounded however
long the comments are (the whole prolog may be up to ``MAX_PROLOG`` bytes).
UTF-16 files (with a byte-order mark, or recognisable from ``<?``) are
re-encoded to UTF-8 on the fly and their XML declaration dropped, so that the
parser reads UTF-8 whatever the declaration claimed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from asset_models.errors import Place, Problem, ScanFileError
from asset_models.i18n import Texts

MAX_PROLOG = 64 << 20
MAX_MARKUP = 1 << 16

# User-facing texts of this module: for each refusal KEY the summary, KEY_found (what was found) and
# KEY_hint (what is expected). A summary says what is wrong, never "refused": the caller says that once
# ("{path}: refused: {message}").
MESSAGES = Texts({
    "at": "line {line}, column {column}: {msg}",
    "entities": "the XML file declares entities",
    "entities_found": "a DOCTYPE with an internal subset [...]; nmap never writes one (XXE or entity expansion "
                      "attack?)",
    "entities_hint": "import only files written by nmap -oX",
    "external": "the XML file points to an external DTD",
    "external_found": "a DOCTYPE with a SYSTEM/PUBLIC identifier that is not nmap's",
    "external_hint": "import only files written by nmap -oX (they carry a bare <!DOCTYPE nmaprun>)",
    "doctype": "the XML file has a DOCTYPE that cannot be read",
    "doctype_found": "a DOCTYPE that is not of the form <!DOCTYPE name [SYSTEM|PUBLIC \"...\"]>",
    "doctype_hint": "import only files written by nmap -oX",
    "declaration": "the XML file holds a markup declaration outside a DOCTYPE",
    "declaration_found": "a <!...> declaration before the root element",
    "declaration_hint": "import only files written by nmap -oX",
    "not_nmap": "this is not an nmap XML file",
    "not_nmap_found": "no <nmaprun> element at the start of the file",
    "not_nmap_hint": "pass a file written by nmap -oX",
    "other_root": "this is not an nmap XML file",
    "other_root_found": "the root element is <{detail}>, not <nmaprun>",
    "other_root_hint": "pass a file written by nmap -oX",
    "too_long": "the XML file's prolog is too long",
    "too_long_found": "more than {limit} MiB of comments and declarations before <nmaprun>",
    "too_long_hint": "pass a file written by nmap -oX",
    "encoding": "this is not an nmap XML file",
    "encoding_found": "the bytes are not valid {detail}",
    "encoding_hint": "pass the file nmap wrote, in UTF-8 or UTF-16 with a byte-order mark",
    "xml_other": "the XML parser reports: {msg}",
})

#: libxml2's most frequent complaints (English, as libxml2 writes them) and the message that says them in the
#: language in use; the position libxml2 appends (", line L, column C") is left out, the caller says it once
XML_ERRORS = Texts({
    "unescaped_lt": "Unescaped '<' not allowed in attributes values",
    "attvalue": "AttValue: \" or ' expected",
    "redefined": "Attribute {name} redefined",
    "mismatch": "Opening and ending tag mismatch: {open} line {line} and {close}",
    "entity": "Entity '{name}' not defined",
    "pcdata_char": "PCDATA invalid Char value {value}",
    "extra": "Extra content at the end of the document",
    "needs_value": "Specification mandates value for attribute {name}",
    "element_name": "StartTag: invalid element name",
    "bytes": "Invalid bytes in character encoding",
    "attr_char": "invalid character in attribute value",
    "start_tag_end": "Couldn't find end of Start Tag {name}",
    "attributes": "attributes construct error",
    "char_ref": "xmlParseCharRef: invalid xmlChar value {value}",
    "premature": "Premature end of data in tag {name} line {line}",
    "empty": "Document is empty",
    "end_tag": "EndTag: '</' not found",
    "attr_name": "error parsing attribute name",
})
_XML_ERROR_FORMS = [
    (re.compile(re.escape(template).replace(r"\{", "{").replace(r"\}", "}")
                .replace("{name}", r"(?P<name>\S+?)").replace("{open}", r"(?P<open>\S+)")
                .replace("{close}", r"(?P<close>\S+)").replace("{line}", r"(?P<line>\d+)")
                .replace("{value}", r"(?P<value>\d+)") + "$"), key)
    for key, template, _plural in XML_ERRORS.sources()
]
_POSITION = re.compile(r",? line \d+, column \d+$")

_SPACE = re.compile(rb"[ \t\r\n]*")
_LITERAL = rb"(\"[^\"]*\"|'[^']*')"
_DOCTYPE = re.compile(
    rb"<!DOCTYPE[ \t\r\n]+([^ \t\r\n>\[]+)[ \t\r\n]*"
    rb"(?:(SYSTEM)[ \t\r\n]*" + _LITERAL + rb"|(PUBLIC)[ \t\r\n]*" + _LITERAL + rb"[ \t\r\n]*" + _LITERAL + rb")?"
    rb"[ \t\r\n]*([\[>])"
)
_NAME = re.compile(rb"<([^ \t\r\n/>]+)([ \t\r\n/>])")
_XML_DECL = re.compile(rb"<\?xml[ \t\r\n]")
_CONTINUATION = re.compile(rb"[\x80-\xbf]")  # UTF-8 bytes that do not start a character

#: (line, column) in the text: 1-based, the column counted in characters
Position = tuple[int, int]


def refusal(key: str, place: Place, detail: str = "", at: Position | None = None) -> ScanFileError:
    """The refusal ``key`` of the file at ``place``; ``at``: where in the file the offending markup starts."""
    found = MESSAGES[f"{key}_found"].format(detail=detail, limit=MAX_PROLOG >> 20)
    if at is not None:
        place = replace(place, line=at[0])
        found = MESSAGES["at"].format(line=at[0], column=at[1], msg=found)
    return ScanFileError(MESSAGES[key], [Problem(place, found, MESSAGES[f"{key}_hint"])])


def _position(buf: bytes, at: int, before: Position) -> Position:
    """The position of ``buf[at]``, where ``buf`` starts at ``before`` (line, column) of the text."""
    head = buf[:at]
    newlines = head.count(b"\n")
    tail = head[head.rfind(b"\n") + 1:]
    chars = len(tail) - len(_CONTINUATION.findall(tail))
    return (before[0] + newlines, 1 + chars) if newlines else (before[0], before[1] + chars)


def parser_detail(message: str) -> str:
    """libxml2's complaint without the position it appends, in the language in use where it is a known one."""
    text = _POSITION.sub("", message.strip())
    for pattern, key in _XML_ERROR_FORMS:
        match = pattern.match(text)
        if match:
            return XML_ERRORS[key].format(**match.groupdict())
    return MESSAGES["xml_other"].format(msg=text) if text else text


def _source(handle: BinaryIO, chunk: int, place: Place) -> tuple[Iterator[bytes], bool]:
    """The file's bytes as UTF-8 chunks, and whether they were re-encoded from UTF-16."""
    head = handle.read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head in (b"<\x00?\x00", b"\x00<\x00?"):
        bom = head[:2] in (b"\xff\xfe", b"\xfe\xff")
        encoding = "utf-16" if bom else ("utf-16-le" if head[0] == 0x3C else "utf-16-be")
        return _transcoded(handle, head, chunk, encoding, place), True
    if head[:3] == b"\xef\xbb\xbf":
        head = head[3:]

    def raw() -> Iterator[bytes]:
        if head:
            yield head
        while data := handle.read(chunk):
            yield data

    return raw(), False


def _transcoded(handle: BinaryIO, head: bytes, chunk: int, encoding: str, place: Place) -> Iterator[bytes]:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    data = head
    try:
        while data:
            text = decoder.decode(data)
            if text:
                yield text.lstrip("\ufeff").encode("utf-8") if data is head else text.encode("utf-8")
            data = handle.read(chunk)
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise refusal("encoding", place, "UTF-16") from None
    if tail:
        yield tail.encode("utf-8")


def checked_chunks(handle: BinaryIO, place: Place, chunk: int = 1 << 16,
                   root_at: list[int] | None = None) -> Iterator[bytes]:
    """The file's bytes, as UTF-8, once the prolog has passed the check (``ScanFileError`` otherwise).

    ``root_at``: a list to which the position of the root element's ``<`` is appended, counted in the bytes
    yielded (for a file that is not re-encoded, the file's bytes after a UTF-8 byte-order mark).
    """
    source, transcoded = _source(handle, chunk, place)
    buf = b""
    total = 0

    def fill() -> bool:
        nonlocal buf, total
        data = next(source, None)
        if data is None:
            return False
        total += len(data)
        if total > MAX_PROLOG:
            raise refusal("too_long", place)
        buf += data
        return True

    p = 0
    yielded = 0
    start: Position = (1, 1)  # the position of buf[0] in the text

    def here(at: int) -> Position:
        return _position(buf, at, start)

    while True:
        p = _SPACE.match(buf, p).end()  # type: ignore[union-attr]  # the pattern matches the empty string
        if len(buf) - p < 16 and fill():
            continue
        if p >= len(buf):
            raise refusal("not_nmap", place)
        if buf[p] != 0x3C:  # '<': text before the root element
            raise refusal("not_nmap", place, at=here(p))
        if buf.startswith(b"<!--", p):
            inside = p + 4  # where the comment's text starts in buf
            end = buf.find(b"-->", inside)
            while end < 0:  # a long comment: hand on what is read, keep two bytes in case "-->" is split
                keep = max(inside, len(buf) - 2)
                yielded += keep
                start = here(keep)
                yield buf[:keep]
                buf, p, inside = buf[keep:], 0, 0
                if not fill():
                    raise refusal("not_nmap", place)
                end = buf.find(b"-->")
            p = end + 3
        elif buf.startswith(b"<?", p):
            end = buf.find(b"?>", p + 2)
            while end < 0:
                if len(buf) - p > MAX_MARKUP or not fill():
                    raise refusal("not_nmap", place)
                end = buf.find(b"?>", p + 2)
            if transcoded and _XML_DECL.match(buf, p):  # the parser reads UTF-8 now, whatever it said
                buf = buf[:p] + buf[end + 2:]
            else:
                p = end + 2
        elif buf.startswith(b"<!DOCTYPE", p):
            match = _DOCTYPE.match(buf, p)
            while match is None:
                if len(buf) - p > MAX_MARKUP or not fill():
                    raise refusal("doctype", place, at=here(p))
                match = _DOCTYPE.match(buf, p)
            if match.group(7) == b"[":
                raise refusal("entities", place, at=here(match.start(7)))
            literals = b" ".join(g for g in match.group(3, 5, 6) if g)
            if literals and b"nmap.org" not in literals:
                raise refusal("external", place, at=here(p))
            p = match.end()
        elif buf.startswith(b"<!", p):
            raise refusal("declaration", place, at=here(p))
        else:
            match = _NAME.match(buf, p)
            while match is None:
                if len(buf) - p > MAX_MARKUP or not fill():
                    raise refusal("not_nmap", place)
                match = _NAME.match(buf, p)
            if match.group(1) != b"nmaprun":
                raise refusal("other_root", place, match.group(1)[:64].decode("utf-8", "replace"), at=here(p))
            if root_at is not None:
                root_at.append(-1 if transcoded else yielded + p)
            yield buf
            yield from source
            return
