"""The locator's per-run work on a file (generator/lint/locate.py, :class:`Placer`).

A finding about a doc comment as a whole is moved to that comment or to the
declaration's start, which needs the file's text as one string: joined once
per finding, it cost ~30 ms a run on libvirt 7.0.0 (679 findings, 300 lines
each, the whole file for a node with no block).  A :class:`Placer` derives a
file's text once for all the findings of a run."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from generator.diagnostics import Diagnostic
from generator.lint.locate import Placer, refine
from generator.model import Location


class CountingLines(Sequence[str]):
    """A file's lines that count how often they are read whole (iterated, or sliced over half of them)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.whole = 0

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            taken = self.lines[index]
            self.whole += len(taken) * 2 > len(self.lines)
            return taken
        return self.lines[index]

    def __iter__(self) -> Iterator[str]:
        self.whole += 1
        return iter(self.lines)


def _header(count: int) -> list[str]:
    """``count`` typedefs without a doc comment, each after a blank line, below a long comment."""
    lines = ["/*", *(" * filler" for _ in range(400)), " */"]
    for number in range(count):
        lines += ["", f"typedef int virT{number};"]
    return lines


def _untagged(lines: list[str]) -> list[Diagnostic]:
    return [
        Diagnostic(Location("t.h", row + 1, 13), "warning", f"'{line[12:-1]}' has no 'Since:' tag", "since-missing", subject=line[12:-1])
        for row, line in enumerate(lines)
        if line.startswith("typedef int ")
    ]


def test_a_run_reads_a_file_whole_once_whatever_its_findings() -> None:
    lines = CountingLines(_header(40))
    placer = Placer()
    placed = [placer.refine(diagnostic, lines) for diagnostic in _untagged(lines.lines)]
    assert [(d.location.line, d.location.col) for d in placed[:2]] == [(404, 1), (406, 1)]  # each at its 'typedef'
    assert lines.whole <= 2  # was 40 and more: the whole text joined again for each node without a block


def test_a_placer_places_as_refine_does() -> None:
    lines = _header(3)
    placer = Placer()
    assert [placer.refine(d, lines) for d in _untagged(lines)] == [refine(d, lines) for d in _untagged(lines)]
