"""``.syms`` against the headers: a symbol exported but declared nowhere.

The other direction (declared, not exported) and the version script's own
problems (syntax, chaining, order, duplicates) are found by the frontend while
it reads the file; :func:`generator.lint.lint` reports them under their rule
names.  Exports are matched against functions and variables of every module
read, so a tree read without some headers reports their symbols; and each
module's against its own headers' (:func:`generator.diagnostics.foreign_exports`:
an export only another module's header declares), also among explicit files,
where the frontend does not look (the same finding from both is one).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, foreign_exports, undeclared_exports
from .texts import Context


def undeclared(context: Context) -> Iterator[Diagnostic]:
    yield from undeclared_exports(context.api.modules)
    yield from foreign_exports(context.api.modules)
