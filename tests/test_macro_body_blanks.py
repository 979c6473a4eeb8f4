"""A macro body's white space: each run of C white space outside literals is one
space (``raw``), a string or character literal is kept as written (QA, session 26:
``"a  b"`` came out ``"a b"``, and U+00A0, U+2028 or ``\\x1c``, which are no C
white space but ``str.split()`` splits on, became spaces)."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import make_tree

from generator.frontend import load_tree

CASES = [
    ('"a  b"', '"a  b"', "a  b"),
    ('"a\tb"', '"a\tb"', "a\tb"),
    ('"x\u00a0y"', '"x\u00a0y"', "x\u00a0y"),
    ('"x\u2028y"', '"x\u2028y"', "x\u2028y"),
    ("( 1 +\t\t2 )  ", "( 1 + 2 )", None),  # outside literals: runs of blanks are one space
    ("'  ' +  1", "'  ' + 1", None),
    ("x\x1cy", "x\x1cy", None),  # no C white space: kept
]


@pytest.mark.parametrize(("written", "raw", "string"), CASES)
def test_a_macro_body_keeps_its_literals_and_only_c_blanks_collapse(tmp_path: Path, written: str, raw: str, string: str | None) -> None:
    tree = make_tree(tmp_path / "tree", f"/**\n * VIR_QA:\n *\n * A macro.\n */\n# define VIR_QA {written}\n")
    [macro] = [m for module in load_tree(tree).api.modules for m in module.macros if m.name == "VIR_QA"]
    assert (macro.raw, macro.string) == (raw, string)
