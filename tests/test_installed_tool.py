"""What an installed virt-apigen needs beyond its code: the docs its help
names, and a pycparser new enough to give the output the tests pin."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

ENV = dict(os.environ, PYTHONPATH=str(REPO))


def _run(arguments: list[str], cwd: Path, prelude: str = "") -> subprocess.CompletedProcess[str]:
    script = f"import sys\n{prelude}\nfrom generator.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", script, *arguments], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("command", "page"), [("check", "check.md"), ("diff", "diff.md")])
def test_help_names_a_docs_file_that_exists(tmp_path: Path, command: str, page: str) -> None:
    # before: "See docs/check.md.", a path relative to nothing an installed user has
    result = _run([command, "--help"], tmp_path)
    assert result.returncode == 0
    named = re.findall(r"See\s+(\S+\.md)\.", result.stdout)
    assert len(named) == 1
    path = Path(named[0].replace("\n", ""))
    assert path.is_absolute() and path.name == page and path.is_file()


def test_the_wheel_ships_the_docs_where_the_help_looks() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    force_include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force_include["docs"] == "generator/docs"  # cli._docs_named looks there first


@pytest.mark.parametrize("version", ["2.21", "2.14", "abc"])
def test_an_old_pycparser_is_refused_before_anything_is_written(tmp_path: Path, version: str) -> None:
    # before: pycparser 2.21 ran to the end, exit 0, with virStreamRecvHole's first parameter at line 0
    out = tmp_path / "out"
    result = _run(["api", "-o", str(out)], tmp_path, prelude=f"import pycparser; pycparser.__version__ = {version!r}")
    assert result.returncode == 1
    assert result.stderr == f"virt-apigen: error: pycparser {version} is too old: virt-apigen needs pycparser 3.0 or later (pip install 'pycparser>=3.0')\n"
    assert not out.exists()


@pytest.mark.parametrize("version", ["3.0", "3", "3.12", "4.1"])
def test_pycparser_3_and_later_pass_the_check(version: str) -> None:
    from generator.frontend.cdecl import check_pycparser

    check_pycparser(version)  # raises FrontendError when refused


def test_help_never_breaks_a_path_inside_a_word() -> None:
    # before: argparse broke "/root/virt-apigen/docs/check.md" at its hyphen (a checkout in /root/virt-apigen)
    from generator.cli import _HelpFormatter

    text = "Silenced by a comment on its line or the line above. See /root/virt-apigen/docs/check.md."
    filled = _HelpFormatter("virt-apigen", width=40)._fill_text(text, 40, "")
    assert "/root/virt-apigen/docs/check.md." in filled.splitlines()
    assert all(len(line) <= 40 for line in filled.splitlines() if "/" not in line)
