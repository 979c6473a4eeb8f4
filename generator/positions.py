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
