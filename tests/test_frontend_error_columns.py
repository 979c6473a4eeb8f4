"""Columns of errors: an error inside a macro expansion is placed on the
header's line (tokens aligned with the source), each array of arrays of one
name on a line has its own bounds, and repeated declarations are placed in
linear time (each line of a run found without walking the run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import ADDED_LINE, HEADER, error, module

from generator.frontend import cdecl, preprocess
from generator.frontend.preprocess import UnitLines, source_column

# --- errors inside a macro expansion stay on the line --------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # gcc: at 'a', the token after the expansion
        ("# define VIR_U unsigned lng\nint virBar(VIR_U a);\n", f"{ADDED_LINE + 1}:18: error: syntax error before: a"),
        # a token the macro produced: at the macro's name where it is used
        ("# define VIR_T(n) int n(lng x)\nVIR_T(virBar);\n", f"{ADDED_LINE + 1}:1: error: unknown type name 'lng'"),
        # cpp collapses the spaces and drops the comment: the column is the header's
        ("int  /* c */  virBar(int a,, int b);\n", f"{ADDED_LINE}:28: error: Invalid declaration before: ,"),
        ("int virBar(int a,   virBogus b);\n", f"{ADDED_LINE}:21: error: unknown type name 'virBogus'"),
        ("struct /* c */  _virS {  int a;\n", f"{ADDED_LINE}:23: error: '{{' is never closed"),
    ],
)
def test_error_columns_are_those_of_the_header_line(tmp_path: Path, extra: str, expected: str) -> None:
    assert error(tmp_path, extra) == f"{HEADER}:{expected}"


def test_source_column_aligns_the_tokens() -> None:
    assert source_column("int virBar(unsigned lng a);", "int virBar(VIR_U a);", 21) == 12  # 'lng' came from VIR_U
    assert source_column("int a; int b;", "int a; /* x */   int b;", 12) == 22
    assert source_column("int b;", " x */ int b;", 5) == 11  # the end of a comment begun above


# --- arrays of arrays of one name on one line ------------------------------


def test_each_field_has_its_own_bounds(tmp_path: Path) -> None:
    extra = "typedef struct _virA { char g[2][3]; } virA; typedef struct _virB { char g[4][5]; } virB;\n"
    found = module(tmp_path, extra)
    fields = {s.name: [(f.name, f.array_size, f.location.col) for f in s.fields or ()] for s in found.structs if s.name != "virConnect"}
    assert fields == {"virA": [("g", "2][3", 29)], "virB": [("g", "4][5", 74)]}


# --- placing many repeats is linear ---------------------------------------


class _CountingText(str):
    """A text that counts the searches made in it."""

    searches = 0

    def find(self, *args: object) -> int:
        _CountingText.searches += 1
        return super().find(*args)  # type: ignore[arg-type]

    def index(self, *args: object) -> int:
        _CountingText.searches += 1
        return super().index(*args)  # type: ignore[arg-type]


def test_each_line_of_a_run_is_found_without_walking_the_run() -> None:
    lines = 3000
    text = _CountingText('# 1 "h.h"\n' + "".join(f"int virB{n}(void);\n" for n in range(lines)))
    unit = UnitLines(text, "unit.c")
    _CountingText.searches = 0
    found = [unit.line("h.h", number) for number in range(1, lines + 1)]
    assert found == [f"int virB{n}(void);" for n in range(lines)]
    assert _CountingText.searches <= 3 * lines  # a walk from the run's start per line: lines**2 / 2


def test_a_declaration_repeated_line_after_line_is_aligned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = tmp_path / "h.h"
    header.write_text("int  virBar(int a);\n" * 500, encoding="utf-8")
    calls = 0
    align = preprocess.source_column

    def counted(produced: str, written: str, col: int) -> int:
        nonlocal calls
        calls += 1
        return align(produced, written, col)

    monkeypatch.setattr(preprocess, "source_column", counted)
    decls = cdecl.parse(f'# 1 "{header}"\n' + "int virBar(int a);\n" * 500, "unit.c")
    assert [f.pos.col for f in decls.functions] == [6] * 500  # the header's column, past its two spaces
    assert calls == 1
