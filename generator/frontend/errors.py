"""The one exception the frontend raises for bad input.

It carries a gcc-style position so the CLI can print ``file:line:col: error:``
and exit without a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

from ..positions import position


class FrontendError(Exception):
    """Input the frontend cannot turn into a model.

    ``first_at`` is the place of a first definition the message names ("'X'
    redefined with another value (first defined at FILE:LINE:COL)"): kept apart
    so that the CLI prints its path as it prints the error's own (from the
    current folder, :meth:`message_for`), not relative to the tree's root."""

    def __init__(self, message: str, file: str = "", line: int = 0, col: int = 0, first_at: tuple[str, int, int] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.first_at = first_at

    def __reduce__(self) -> tuple[type[FrontendError], tuple[str, str, int, int, tuple[str, int, int] | None]]:
        # keeps file, line and col when the error crosses a process boundary (pickle)
        return (FrontendError, (self.message, self.file, self.line, self.col, self.first_at))

    def message_for(self, path_of: Callable[[str], str]) -> str:
        """The message, a first definition's file named as ``path_of`` names it."""
        if self.first_at is None:
            return self.message
        file, line, col = self.first_at
        return f"{self.message} (first defined at {position(path_of(file), line, col)})"

    def __str__(self) -> str:
        where = f"{position(self.file, self.line, self.col)}: " if self.file else ""
        return f"{where}error: {self.message_for(str)}"


def missing_file(path: str, shown: str) -> FrontendError:
    """The error for an input that is not there (``path``, named ``shown``): a
    dangling symlink is said to be one, since ``ls`` still lists it."""
    import os

    return FrontendError("a symlink to nothing (no such file)" if os.path.islink(path) else "no such file", shown)
