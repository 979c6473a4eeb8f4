"""Diagnostics are values: the frontend and linters return them, only the CLI prints."""

from __future__ import annotations

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
