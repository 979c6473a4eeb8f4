"""How every message names a place: ``file:line:col``, as gcc prints it.

A finding about a whole file or folder has line 0 and column 0 in the model;
it prints as ``file:1:1``, since editors and problem matchers count from 1
and would skip ``:0:0``.  A module of its own, importing nothing: the
frontend's error type uses it before anything heavy is loaded.
"""


def position(file: str, line: int, col: int) -> str:
    """``file:line:col``; a whole file (line 0) is ``file:1:1``."""
    return f"{file}:{max(line, 1)}:{max(col, 1)}"
