"""``check``'s ``xml-character`` finding points at the character, not at the start of its doc."""

from __future__ import annotations

from pathlib import Path

from check_support import CHECKPOINT_C
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from conftest import SAMPLE_TREE as SAMPLE
from edit_support import replace_once as _edit

# --- xml-character at the character ---------------------------------------


def test_xml_character_points_at_the_character(tmp_path: Path) -> None:
    """QA: reported at 10:1 (the doc's start), the character being on line 14."""
    tree = _tree(tmp_path, SAMPLE)
    _edit(tree / CHECKPOINT_C, "Reads the name of", "Reads the name\x01 of")
    [found] = [d for d in _check(tree) if d.rule == "xml-character"]
    line = (tree / CHECKPOINT_C).read_text(encoding="utf-8").split("\n")[found.location.line - 1]
    assert (found.location.line, found.location.col) == (14, 18)
    assert line[found.location.col - 1] == "\x01"
    # the marker on that line now suppresses it
    _edit(tree / CHECKPOINT_C, "Reads the name\x01 of", "Reads the name\x01 of /* virt-apigen: ignore xml-character */")
    assert [d for d in _check(tree) if d.rule == "xml-character"] == []
