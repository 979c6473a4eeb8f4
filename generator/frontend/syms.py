"""Reader for GNU version scripts (``libvirt_public.syms`` and friends).

A block ``PREFIX_X.Y.Z { global: sym; ... } PREFIX_previous;`` exports its
symbols at version X.Y.Z.  Problems (a block that does not chain to the one
before it, versions out of order, a symbol listed twice, a line we cannot
read) are returned as diagnostics, never raised: a broken ``.syms`` file still
yields every version it does state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Location
from ..versions import version_key

_OPEN_RE = re.compile(r"([A-Z][A-Z0-9_]*?)_(\d+(?:\.\d+)+)\s*\{$")
_CLOSE_RE = re.compile(r"\}\s*([A-Z][A-Z0-9_]*?_\d+(?:\.\d+)+)?\s*;$")


@dataclass(frozen=True, slots=True)
class SymsBlock:
    version: str
    previous: str | None
    symbols: tuple[str, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class SymsFile:
    path: str
    prefix: str
    blocks: tuple[SymsBlock, ...]
    versions: dict[str, str]
    locations: dict[str, Location]


def read_syms(path: str, text: str) -> tuple[SymsFile, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    blocks: list[SymsBlock] = []
    versions: dict[str, str] = {}
    locations: dict[str, Location] = {}
    prefix = ""
    current: str | None = None
    current_location = Location(path, 0, 0)
    current_symbols: list[str] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0].strip()
        where = Location(path, number, len(raw) - len(raw.lstrip()) + 1)
        if not line or line in ("global:", "local:", "local: *;", "*;"):
            continue
        opened = _OPEN_RE.match(line)
        if opened:
            if current is not None:
                diagnostics.append(Diagnostic(where, "error", f"version block {current} is not closed", "syms-syntax"))
            prefix, current, current_location, current_symbols = opened.group(1), opened.group(2), where, []
            continue
        closed = _CLOSE_RE.match(line)
        if closed and current is not None:
            previous = closed.group(1)
            previous_version = previous.rsplit("_", 1)[1] if previous else None
            blocks.append(SymsBlock(current, previous_version, tuple(current_symbols), current_location))
            _check_chain(blocks, where, prefix, diagnostics)
            current = None
            continue
        if current is not None and re.fullmatch(r"\w+;", line):
            symbol = line[:-1]
            if symbol in versions:
                diagnostics.append(Diagnostic(where, "warning", f"'{symbol}' is already exported in version {versions[symbol]}", "syms-duplicate"))
            else:
                versions[symbol] = current
                locations[symbol] = where
            current_symbols.append(symbol)
            continue
        diagnostics.append(Diagnostic(where, "error", f"unexpected line in version script: '{line}'", "syms-syntax"))
    if current is not None:
        diagnostics.append(Diagnostic(current_location, "error", f"version block {current} is not closed", "syms-syntax"))
    return SymsFile(path, prefix, tuple(blocks), versions, locations), diagnostics


def _check_chain(blocks: list[SymsBlock], where: Location, prefix: str, diagnostics: list[Diagnostic]) -> None:
    block = blocks[-1]
    expected = blocks[-2].version if len(blocks) > 1 else None
    if block.previous != expected:
        wanted = f"'}} {prefix}_{expected};'" if expected else "'};'"
        diagnostics.append(Diagnostic(where, "warning", f"version block {block.version} should close with {wanted}", "syms-chain"))
    if expected is not None and version_key(block.version) <= version_key(expected):
        diagnostics.append(Diagnostic(block.location, "warning", f"version block {block.version} comes after {expected}", "syms-order"))
