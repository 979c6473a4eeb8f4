"""The preprocessor's warnings at places in the headers are the frontend's warnings.

QA (session 24): a ``#warning``, extra tokens after ``#endif`` and the like
were dropped without a word (``check`` and ``--werror`` included), where gcc
prints each; cpp's ``"X" redefined`` was already made an error, as libvirt
builds with ``-Werror``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from frontend_support import run

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
HEADER = "include/libvirt/libvirt-domain-checkpoint.h"



def warned_tree(tmp_path: Path) -> tuple[Path, int]:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    header = tree / HEADER
    lines = header.read_text(encoding="utf-8").splitlines(keepends=True)
    guard = next(i for i, line in enumerate(lines) if line.startswith("# define "))
    lines[guard + 1 : guard + 1] = ['#warning "look here"\n', "#if 1\n", "#endif trailing words\n"]
    header.write_text("".join(lines), encoding="utf-8")
    return tree, guard + 2  # the #warning's line number


def test_cpp_warnings_are_printed_at_their_place_and_fail_with_werror(tmp_path: Path) -> None:
    tree, line = warned_tree(tmp_path)
    expected = [
        f"{HEADER}:{line}:2: warning: #warning \"look here\" (the C preprocessor, -Wcpp) [input]",
        f"{HEADER}:{line + 2}:8: warning: extra tokens at end of #endif directive (the C preprocessor, -Wendif-labels) [input]",
    ]
    done = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if "C preprocessor" in line] == expected
    checked = run("check", "--srcdir", ".", cwd=tree)
    assert [line for line in (checked.stdout + checked.stderr).splitlines() if "C preprocessor" in line] == expected
    strict = run("api", "--srcdir", ".", "-o", tmp_path / "strict", "--werror", cwd=tree)
    assert strict.returncode == 1 and not (tmp_path / "strict").exists(), strict.stderr


def test_the_sample_gives_no_cpp_warning(tmp_path: Path) -> None:
    done = run("api", "--srcdir", SAMPLE, "-o", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0 and "C preprocessor" not in done.stderr, done.stderr
