"""How every message names a place: ``file:line:col``, as gcc prints it.

A finding about a whole file or folder has line 0 and column 0 in the model;
it prints as ``file:1:1``, since editors and problem matchers count from 1
and would skip ``:0:0``.  Where a file is named relative to a folder (the
tree's root), the message names it as a path that opens from the current
folder (:func:`openable_path`).  A module of its own, importing nothing but
``os`` and ``bisect`` (and its width table, for a line that is not ASCII):
the frontend's error type uses it before anything heavy is loaded.
"""

from __future__ import annotations

import bisect
import os

TYPE_CHECKING = False  # typing and collections.abc cost an import; mypy honours this spelling
if TYPE_CHECKING:
    from collections.abc import Iterator


def position(file: str, line: int, col: int) -> str:
    """``file:line:col``; a whole file (line 0) is ``file:1:1``."""
    return f"{file}:{max(line, 1)}:{max(col, 1)}"


def openable_path(file: str, base: os.PathLike[str] | str | None) -> str:
    """A location's ``file`` (relative to ``base``, None: as typed) as a path from
    the current folder; ``..`` folded (a file given beside the tree's root is
    ``../x`` from there)."""
    if base is None or file.startswith("/"):
        return file
    folder = os.fspath(base)
    if file in ("", "."):
        return folder
    # "/" already ends in a slash: "/" + "/x.h" would print "//x.h"
    joined = file if folder == "." else f"{folder}{'' if folder.endswith('/') else '/'}{file}"
    return os.path.normpath(joined) if ".." in file else joined


# gcc's -ftabstop default: a tab moves to the next multiple of 8 columns
_TAB_STOP = 8
# one past the last code point: (point, _PAST_LAST) sorts after every range starting at point
_PAST_LAST = 0x110000
# sorted, disjoint (first, last) code point ranges, as generator.wcwidth_table holds them
_Ranges = tuple[tuple[int, int], ...]


def display_column(line: str, col: int) -> int:
    """Column ``col`` of ``line`` (counted in characters, from 1, as the model
    keeps columns) as gcc prints columns (``-fdiagnostics-column-unit=display``,
    its default): a tab moves to the next multiple of 8, any other character
    counts its width in gcc's own table (:mod:`generator.wcwidth_table`): 2
    for a wide one (CJK), 0 for most combining and format characters (a
    zero-width joiner, a BOM), else 1.

    Decided: printed columns are gcc's.  A line of ASCII without tabs (all of
    libvirt's headers) reads the same in characters, bytes and display
    columns; on other lines gcc's column is what Emacs (screen columns) and
    gcc-trained readers expect, and one unit everywhere is what matters: cpp's
    own messages come in it (:func:`character_column` turns them back)."""
    if col <= 1 or (line.isascii() and "\t" not in line):
        return col
    width = max(_widths_after(line[: col - 1]), default=0)  # widths only grow: the last is the prefix's
    return width + 1 + max(0, col - 1 - len(line))  # past the line's end: one column per character


def character_column(line: str, display: int) -> int:
    """The character column (from 1) of gcc's display column ``display`` of ``line``:
    the inverse of :func:`display_column` (a column inside a tab or a wide
    character is that character's)."""
    if display <= 1 or (line.isascii() and "\t" not in line):
        return display
    width = 0
    for index, after in enumerate(_widths_after(line)):
        if display - 1 < after:
            return index + 1
        width = after
    return len(line) + 1 + (display - 1 - width)


def _widths_after(text: str) -> Iterator[int]:
    """The display width of ``text`` (starting a line) after each of its characters."""
    # imported here, once a line, so that a run meeting only ASCII never loads
    # the table, and a line with many non-ASCII characters pays the import once
    from generator.wcwidth_table import WIDE, ZERO_WIDTH

    width = 0
    for char in text:
        if char == "\t":
            width = (width // _TAB_STOP + 1) * _TAB_STOP
        elif char.isascii():
            width += 1
        else:
            width += _table_width(ord(char), ZERO_WIDTH, WIDE)
        yield width


def _table_width(point: int, zero_width: _Ranges, wide: _Ranges) -> int:
    """gcc's width of a non-ASCII ``point``: gcc's own table, not unicodedata's
    rules, which part from it on hundreds of characters (U+00AD, Hangul jamo,
    spacing marks, everything Unicode added after 13.0)."""
    if point < zero_width[0][0] and point < wide[0][0]:
        return 1  # Latin-1 and the other alphabets before the first combining mark
    if _in_ranges(zero_width, point):
        return 0
    return 2 if _in_ranges(wide, point) else 1


def _in_ranges(ranges: _Ranges, point: int) -> bool:
    """Whether ``point`` lies in one of ``ranges`` (sorted, disjoint, inclusive)."""
    index = bisect.bisect_right(ranges, (point, _PAST_LAST)) - 1
    return index >= 0 and point <= ranges[index][1]


def place_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """The line and character column (from 1) of byte ``offset`` of ``data``: a
    byte that is not UTF-8 before it on its line counts as one character, as
    the line reads with its bad bytes replaced (how it is printed)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
