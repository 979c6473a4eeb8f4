"""``.syms`` against the headers: a symbol exported but declared nowhere.

The other direction (declared, not exported) and the version script's own
problems (syntax, chaining, order, duplicates) are found by the frontend while
it reads the file; :func:`generator.lint.lint` reports them under their rule
names.  Exports are matched against functions and variables of every module
read, so a tree read without some headers reports their symbols.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, undeclared_exports
from .texts import Context


def undeclared(context: Context) -> Iterator[Diagnostic]:
    return undeclared_exports(context.api.modules)
