"""Diagnostics are values: the frontend and linters return them, only the CLI prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Location


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
