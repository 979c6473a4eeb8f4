"""A ``.c`` doc comment whose first line holds text before its title
(``/** some text`` then `` * virXRun:``): no doc, as libvirt's apibuild.py
reads it, but no longer a silent one: ``doc-name-mismatch`` at the title says
why the function below it is reported undocumented (docs/check.md)."""

from __future__ import annotations

from pathlib import Path

from check_support import SOURCE, check_findings, write_tree

from generator.diagnostics import Diagnostic

LATE = SOURCE.replace("/**\n * virXRun:", "/** some text\n * virXRun:")


def _rules_at(found: list[Diagnostic], file: str) -> list[tuple[int, int, str]]:
    return [(d.location.line, d.location.col, d.rule) for d in found if d.location.file.endswith(file)]


def test_text_before_the_title_is_reported_at_the_title(tmp_path: Path) -> None:
    found = check_findings(write_tree(tmp_path, source=LATE))
    placed = _rules_at(found, "libvirt-x.c")
    assert (2, 4, "doc-name-mismatch") in placed  # ' * virXRun:': the title, on the comment's second line
    assert (12, 1, "undocumented-function") in placed  # still undocumented: the block is not read
    message = next(d.message for d in found if d.rule == "doc-name-mismatch")
    assert "'virXRun:' is not the comment's first line" in message and "'some text'" in message
    assert "not read as the doc of virXRun" in message


def test_blank_star_lines_between_the_text_and_the_title_change_nothing(tmp_path: Path) -> None:
    source = SOURCE.replace("/**\n * virXRun:", "/** some text\n *\n * virXRun:")
    placed = _rules_at(check_findings(write_tree(tmp_path, source=source)), "libvirt-x.c")
    assert (3, 4, "doc-name-mismatch") in placed


def test_a_marker_after_the_opening_tells_why_it_silences_nothing(tmp_path: Path) -> None:
    """docs/check.md: a marker after the '/**' makes the comment no doc; the finding now says so."""
    source = SOURCE.replace("/**\n * virXRun:", "/** virt-apigen: ignore undocumented-param\n * virXRun:")
    found = check_findings(write_tree(tmp_path, source=source))
    assert (2, 4, "doc-name-mismatch") in _rules_at(found, "libvirt-x.c")


def test_such_a_block_before_another_function_or_none_is_prose(tmp_path: Path) -> None:
    """Only where the doc of the function it names goes: elsewhere the text may be anything."""
    other = LATE.replace(" * virXRun:", " * virXOther:")
    assert not [d for d in check_findings(write_tree(tmp_path / "a", source=other)) if d.rule == "doc-name-mismatch"]
    alone = "/** some text\n * virXRun:\n * Runs.\n */\n\n" + SOURCE
    assert not [d for d in check_findings(write_tree(tmp_path / "b", source=alone)) if d.rule == "doc-name-mismatch"]


def test_a_well_formed_doc_is_not_reported(tmp_path: Path) -> None:
    assert not [d for d in check_findings(write_tree(tmp_path)) if d.rule == "doc-name-mismatch"]
