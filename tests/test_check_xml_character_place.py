"""``check``'s ``xml-character`` finding points at the character, not at the start of its doc."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree

REPO = Path(__file__).resolve().parent.parent


SAMPLE = REPO / "generator" / "sample"


CHECKPOINT_C = Path("src") / "libvirt-domain-checkpoint.c"


def _tree(tmp_path: Path, source: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(source, tree)
    return tree


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _check(tree: Path, disabled: list[str] | None = None) -> list[Diagnostic]:
    return findings(load_tree(tree), tree, disabled or [])


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
