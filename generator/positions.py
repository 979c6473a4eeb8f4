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
    return _from_the_top(os.path.normpath(joined)) if ".." in file else joined


def _from_the_top(path: str) -> str:
    """``path``, or its absolute form when its ``..`` run climbs to ``/``: a
    file the user named absolute, outside the tree (``/tmp/x.h``), which the
    frontend names from the root (``../../../../tmp/x.h``), prints as typed;
    one beside the tree stays ``../x.h``."""
    parts = path.split("/")
    climbs = next((index for index, part in enumerate(parts) if part != ".."), len(parts))
    if climbs == 0:
        return path
    try:
        here = os.getcwd()
    except OSError:  # the current folder was removed: nothing shorter to say
        return path
    if climbs < len(here.rstrip("/").split("/")) - 1:
        return path
    return os.path.normpath(os.path.join(here, path))
