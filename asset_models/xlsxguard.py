"""Bounded decompression for workbooks: a hostile .xlsx is refused before openpyxl reads it.

An .xlsx is a zip package. A small one can unpack to gigabytes (one huge shared
string) or to millions of tiny shared strings that openpyxl keeps in memory. So,
before openpyxl sees the bytes, the package is inspected:

* the file itself obeys the size rule (:data:`asset_models.fsutil.MAX_WORKBOOK_BYTES`,
  counted on the bytes read; devices and FIFOs refused);
* the central directory: at most :data:`MAX_MEMBERS` entries, each member at most
  :data:`MAX_MEMBER_BYTES` uncompressed, all together at most :data:`MAX_TOTAL_BYTES`,
  and no member above 1 MiB that expands more than :data:`MAX_RATIO` times;
* the shared strings are counted by streaming through ``xl/sharedStrings.xml`` in
  chunks, stopping at :data:`MAX_SHARED_STRINGS` (or :data:`MAX_SHARED_STRINGS_BYTES`
  of text), so the count itself never needs more than a chunk of memory.

Python's zip reader never inflates a member past its declared size (it fails the
CRC check instead), so the declared sizes checked here bound what openpyxl can
unpack later.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from asset_models.errors import Place, Problem
from asset_models.fsutil import MIB, FileRefused, read_bounded

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * MIB
MAX_TOTAL_BYTES = 512 * MIB
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 * MIB
MAX_SHARED_STRINGS = 2_000_000
MAX_SHARED_STRINGS_BYTES = 64 * MIB
SHARED_STRINGS = "xl/sharedStrings.xml"
_CHUNK = 1 << 20
_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_SAVE_AS = "save it from Excel or LibreOffice as .xlsx"
_HINT = "open it in Excel or LibreOffice and save it again as .xlsx; a real inventory is far smaller"


class WorkbookRefused(Exception):
    """The package breaks one of the limits above (the reader turns it into an input error, exit 3)."""

    def __init__(self, message: str, hint: str = _HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB"


def inspect_package(content: bytes) -> None:
    """Check a workbook package against the limits; raise :class:`WorkbookRefused` on the first one broken."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookRefused("is not an Excel workbook (.xlsx)", _SAVE_AS) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise WorkbookRefused(f"holds {len(members)} parts; a workbook may hold at most {MAX_MEMBERS}")
        total = 0
        for info in members:
            if info.file_size > MAX_MEMBER_BYTES:
                raise WorkbookRefused(f"part {info.filename!r} unpacks to {_mib(info.file_size)}; "
                                      f"each part may be at most {_mib(MAX_MEMBER_BYTES)}")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise WorkbookRefused(f"part {info.filename!r} expands {ratio} times when unpacked "
                                      f"(a zip bomb); at most {MAX_RATIO} times is accepted")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise WorkbookRefused(f"unpacks to more than {_mib(MAX_TOTAL_BYTES)} in all")
        if SHARED_STRINGS in archive.namelist():
            count_shared_strings(archive, SHARED_STRINGS)


def count_shared_strings(archive: zipfile.ZipFile, name: str, limit: int = MAX_SHARED_STRINGS) -> int:
    """Count the ``<si>`` entries of the shared-strings part in chunks; refuse past ``limit``."""
    count = 0
    read = 0
    tail = b""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > MAX_SHARED_STRINGS_BYTES:
                    raise WorkbookRefused(f"its shared strings exceed {_mib(MAX_SHARED_STRINGS_BYTES)}")
                window = tail + chunk
                # matches ending inside the kept tail were counted with the previous chunk
                count += sum(1 for m in _SI.finditer(window) if m.end() > len(tail))
                tail = window[-64:]
                if count > limit:
                    raise WorkbookRefused(f"holds more than {limit} shared strings")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise WorkbookRefused(f"part {name!r} cannot be unpacked ({exc})", _SAVE_AS) from None
    return count


def read_workbook_bytes(path: Path, max_bytes: int, fail: Callable[[str, str], Exception]) -> bytes:
    """The bytes of a workbook that passed every check; ``fail(message, hint)`` builds the error raised."""
    try:
        content = read_bounded(path, max_bytes, "workbook")
    except FileRefused as exc:
        raise fail(exc.message, exc.hint) from None
    except FileNotFoundError:
        raise fail("file not found", "check the path, or create one with 'lsgrisk init'") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})", "") from None
    try:
        inspect_package(content)
    except WorkbookRefused as exc:
        raise fail(exc.message, exc.hint) from None
    return content


def header_problems(file: str, sheet: str, titles: list[str]) -> list[Problem]:
    """Columns of one sheet that would set the same value twice: refused with a clear message (exit 3).

    ``os`` beside ``os.name`` (a value and its parts), the same title twice, or a column for something that
    has its own sheet (``services`` on ``assets``: the services go on ``asset_services``).
    """
    from asset_models.xlsx import CHILD_SHEETS  # the layout lives with the reader

    own_sheets = {field: child for child, (section, field, _col, _model) in CHILD_SHEETS.items() if section == sheet}
    problems: list[Problem] = []
    seen: set[str] = set()
    for title in titles:
        place = Place(file=file, sheet=sheet, row=1, field=title)
        if title in seen:
            problems.append(Problem(place, f"the column '{title}' appears twice", "keep one of them"))
        seen.add(title)
        head = title.split(".", 1)[0]
        if head in own_sheets:
            problems.append(Problem(place, f"'{head}' cannot be a column here: they go on sheet '{own_sheets[head]}'",
                                    f"move them to the sheet '{own_sheets[head]}', one row each"))
    for title in sorted(seen):
        for other in sorted(seen):
            if other.startswith(title + "."):
                problems.append(Problem(Place(file=file, sheet=sheet, row=1, field=title),
                                        f"the columns '{title}' and '{other}' both give {title}",
                                        f"remove '{title}' and use its parts ({other}, ...)"))
                break
    return problems
