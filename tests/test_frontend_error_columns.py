"""Columns of errors: an error inside a macro expansion is placed on the
header's line (tokens aligned with the source), each array of arrays of one
name on a line has its own bounds, and repeated declarations are placed in
linear time (each line of a run found without walking the run)."""

from __future__ import annotations

import os
import shutil
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


def test_a_long_line_cpp_respaced_keeps_its_columns() -> None:
    """QA (session 20): past 400 tokens (no difflib: quadratic) a token was placed at its first
    like in the line, column 7 for an error at 2436, whenever a comment or tab made cpp respace it."""
    body = "int virA(void); " * 120 + "int virB(void) int;"
    for written, produced in (("/*c*/ " + body, " " + body), ("\t" + body, " " + body)):
        col = produced.rindex("int;") + 1
        assert source_column(produced, written, col) == written.rindex("int;") + 1


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


# --- a configured template's lines ----------------------------------------


@pytest.mark.parametrize(("comment", "col"), [("é", 55), ("漢字", 58), ("😀", 56), ("plain", 59)])
def test_errors_in_a_configured_template_are_placed_in_its_line(tmp_path: Path, comment: str, col: int) -> None:
    """QA (session 20): the configured copy of libvirt-common.h.in is gone with the scratch folder by
    the parse, so its columns stayed cpp's, which count a comment's bytes: 62 for the '@' gcc puts at 58."""
    import subprocess
    import sys

    from conftest import REPO

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    template = tree / "include" / "libvirt" / "libvirt-common.h.in"
    lines = template.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line == "typedef void (*virFreeCallback)(void *opaque);")
    lines[number - 1] = f"/* {comment} */ typedef void (*virFreeCallback)(void *opaque) @;"
    template.write_text("\n".join(lines), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "api", "--srcdir", "tree", "-o", "out"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120, check=False,
    )
    assert (done.returncode, done.stderr) == (1, f"tree/include/libvirt/libvirt-common.h.in:{number}:{col}: error: Illegal character '@'\n")
