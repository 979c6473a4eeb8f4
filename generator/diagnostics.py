"""Diagnostics are values: the frontend and linters return them, only the CLI prints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Location, Module


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    location: Location
    severity: str  # "error", "warning" or "note"
    message: str
    rule: str = ""

    def __str__(self) -> str:
        suffix = f" [{self.rule}]" if self.rule else ""
        return f"{self.location}: {self.severity}: {self.message}{suffix}"


def _order(diagnostic: Diagnostic) -> tuple[str, int, int, str, str, str]:
    where = diagnostic.location
    return where.file, where.line, where.col, diagnostic.severity, diagnostic.message, diagnostic.rule


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``sorted(diagnostics)`` (the dataclass order), with one key per item
    instead of two dataclass comparisons per step: ~8x faster on check's ~500."""
    return sorted(diagnostics, key=_order)


def undeclared_exports(modules: Iterable[Module]) -> Iterator[Diagnostic]:
    """Each symbol a .syms file exports that no function or variable of ``modules``
    declares.  The frontend reports it for a whole tree (every header read);
    ``check`` for any input (one header with the full .syms reports the rest)."""
    modules = tuple(modules)
    declared = {f.name for m in modules for f in m.functions} | {v.name for m in modules for v in m.variables}
    for module in modules:
        for export in module.exports:
            if export.name not in declared:
                message = f"'{export.name}' is exported in {export.version} by {module.syms_file} but no header declares it"
                yield Diagnostic(export.location, "error", message, "syms-undeclared")
