"""``check``'s ``xml-character`` finding points at the character, not at the start of its doc."""

from __future__ import annotations

from pathlib import Path

from check_support import CHECKPOINT_C
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from conftest import SAMPLE_TREE as SAMPLE
from edit_support import replace_once as _edit
from test_cli import run

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


# --- only the texts the API XML writes ----------------------------------------

CHECKPOINT_H = Path("include") / "libvirt" / "libvirt-domain-checkpoint.h"
STRUCT_DOC = "Opaque object for a named moment"  # virDomainCheckpoint's own doc: no element of the XML carries it


def test_a_structs_own_doc_stops_no_xml_and_is_no_finding(tmp_path: Path) -> None:
    """QA (fuzz): check said the API XML could not be written, and failed, while api wrote it (exit 0)."""
    tree = _tree(tmp_path, SAMPLE)
    _edit(tree / CHECKPOINT_H, STRUCT_DOC, "Opaque object\x1b for a named moment")
    assert [d for d in _check(tree) if d.rule == "xml-character"] == []
    done = run("api", "--srcdir", tree, "-o", tmp_path / "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


def test_api_names_only_the_characters_that_stop_the_xml(tmp_path: Path) -> None:
    """api lists check's findings as the places of what stopped it: the struct's was listed too."""
    tree = _tree(tmp_path, SAMPLE)
    _edit(tree / CHECKPOINT_H, STRUCT_DOC, "Opaque object\x1b for a named moment")
    _edit(tree / CHECKPOINT_C, "Reads the name of", "Reads the name\x01 of")
    done = run("api", "--srcdir", tree, "-o", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 1
    assert [line.split(": error: ")[0] for line in done.stderr.splitlines() if "[xml-character]" in line] == [f"{tree / CHECKPOINT_C}:14:18"]
