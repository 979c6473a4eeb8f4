"""The one exception the frontend raises for bad input.

It carries a gcc-style position so the CLI can print ``file:line:col: error:``
and exit without a traceback.
"""

from __future__ import annotations

from ..positions import position


class FrontendError(Exception):
    """Input the frontend cannot turn into a model."""

    def __init__(self, message: str, file: str = "", line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col

    def __reduce__(self) -> tuple[type[FrontendError], tuple[str, str, int, int]]:
        # keeps file, line and col when the error crosses a process boundary (pickle)
        return (FrontendError, (self.message, self.file, self.line, self.col))

    def __str__(self) -> str:
        where = f"{position(self.file, self.line, self.col)}: " if self.file else ""
        return f"{where}error: {self.message}"


def missing_file(path: str, shown: str) -> FrontendError:
    """The error for an input that is not there (``path``, named ``shown``): a
    dangling symlink is said to be one, since ``ls`` still lists it."""
    import os

    return FrontendError("a symlink to nothing (no such file)" if os.path.islink(path) else "no such file", shown)
