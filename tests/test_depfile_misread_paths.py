"""A depfile holding a path GNU make misreads is written with one warning.

QA (session 29): ``--depfile`` wrote a path with ``:``, ``;`` or a line break
in silence, as gcc writes it, and make broke on the depfile later (make 4.3
stops on a ``:`` with "target pattern contains no '%'"), nothing naming the
cause.  The run still writes it (gcc escapes none of these), and says which
path make will misread and why; a no-op rerun says it again, as it repeats
every warning of the run it stands for.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli import SAMPLE, ok, run

from generator.output import depfile_misread


def _warnings(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in ok(done).stderr.splitlines() if line.startswith("virt-apigen: warning:")]


def test_a_colon_in_the_tree_is_said_once_and_again_on_the_rerun(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "tr:ee")
    argv = ["api", "--srcdir", "tr:ee", "-o", "out", "--depfile", "out.d"]
    said = _warnings(run(*argv, cwd=tmp_path))
    assert len(said) == 1
    assert said[0].startswith("virt-apigen: warning: out.d: make will misread the path tr:ee/")
    assert "make reads ':' as the end of a rule's targets, and stops there (" in said[0]
    assert (tmp_path / "out.d").is_file()  # written all the same, as gcc writes it
    assert _warnings(run(*argv, cwd=tmp_path)) == said
    if shutil.which("make") is not None:  # what the warning is about
        (tmp_path / "Makefile").write_text("include out.d\n", encoding="utf-8")
        made = subprocess.run(["make", "-n"], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60)
        assert made.returncode != 0 and "target pattern contains no '%'" in made.stderr


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("o;ut", "virt-apigen: warning: x.d: make will misread the path o;ut/libvirt-api.xml: make reads what follows ';' as a recipe"),
        ("o\nut", "virt-apigen: warning: x.d: make will misread the path o\\nut/libvirt-api.xml: a line break ends make's rule"),
        ("o%ut", "virt-apigen: warning: x.d: make will misread the path o%ut/libvirt-api.xml: make reads a target holding '%' as a pattern rule"),
    ],
)
def test_a_target_make_misreads_is_named(tmp_path: Path, output: str, expected: str) -> None:
    assert _warnings(run("api", "-o", output, "--depfile", "x.d", cwd=tmp_path)) == [expected]


def test_paths_make_reads_give_no_warning(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "a tree#1")  # escaped as gcc escapes them
    assert _warnings(run("api", "--srcdir", "a tree#1", "-o", "out $x", "--depfile", "x.d", cwd=tmp_path)) == []


def test_which_paths_are_misread() -> None:
    assert depfile_misread(["out/a.xml"], ["in/a.h", "in/b%.h"]) is None  # '%' only in the target: see docs/cli.md
    assert depfile_misread(["out/a.xml"], ["in/a=b.h", "in|c.h"]) == ("in/a=b.h", "make reads a rule holding '=' as a variable assignment", 2)
    found = depfile_misread(["out/a.xml"], ["in/a|b.h"])
    assert found is not None and found[1] == "make reads '|' as the start of order-only prerequisites"
