"""How every message names a place: ``file:line:col``, as gcc prints it.

A finding about a whole file or folder has line 0 and column 0 in the model;
it prints as ``file:1:1``, since editors and problem matchers count from 1
and would skip ``:0:0``.  Where a file is named relative to a folder (the
tree's root), the message names it as a path that opens from the current
folder (:func:`openable_path`).  A module of its own, importing nothing but
``os``: the frontend's error type uses it before anything heavy is loaded.
"""

from __future__ import annotations

import os


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


def display_column(line: str, col: int) -> int:
    """Column ``col`` of ``line`` (counted in characters, from 1, as the model
    keeps columns) as gcc prints columns (``-fdiagnostics-column-unit=display``,
    its default): a tab moves to the next multiple of 8, a wide character
    (East Asian wide or full-width) counts 2, a combining or format character
    (a zero-width joiner, a BOM) 0, any other character 1.

    Decided: printed columns are gcc's.  A line of ASCII without tabs (all of
    libvirt's headers) reads the same in characters, bytes and display
    columns; on other lines gcc's column is what Emacs (screen columns) and
    gcc-trained readers expect, and one unit everywhere is what matters: cpp's
    own messages come in it (:func:`character_column` turns them back)."""
    if col <= 1 or (line.isascii() and "\t" not in line):
        return col
    width = 0
    for char in line[: col - 1]:
        width = _advance(width, char)
    return width + 1 + max(0, col - 1 - len(line))  # past the line's end: one column per character


def character_column(line: str, display: int) -> int:
    """The character column (from 1) of gcc's display column ``display`` of ``line``:
    the inverse of :func:`display_column` (a column inside a tab or a wide
    character is that character's)."""
    if display <= 1 or (line.isascii() and "\t" not in line):
        return display
    width = 0
    for index, char in enumerate(line):
        after = _advance(width, char)
        if display - 1 < after:
            return index + 1
        width = after
    return len(line) + 1 + (display - 1 - width)


def _advance(width: int, char: str) -> int:
    """The display width of a line once ``char`` follows ``width`` columns of it."""
    return (width // _TAB_STOP + 1) * _TAB_STOP if char == "\t" else width + _char_width(char)


def _char_width(char: str) -> int:
    if char.isascii():
        return 1
    import unicodedata  # only for a line that is not plain ASCII

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def place_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """The line and character column (from 1) of byte ``offset`` of ``data``: a
    byte that is not UTF-8 before it on its line counts as one character, as
    the line reads with its bad bytes replaced (how it is printed)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
