"""A ``Since:`` line in a header's top comment (its Summary/Description
comment) opens an item nothing reads, as in apibuild.py: it was lost without
a word.  It is a ``since-malformed`` warning at the tag, from the frontend
(``api`` prints it, ``check`` counts it), and the API is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE_TREE
from frontend_support import run

from generator.frontend import load_tree

CHECKPOINT = "include/libvirt/libvirt-domain-checkpoint.h"
DESCRIPTION_END = " *              that create, list, inspect and remove checkpoints of a domain.\n"
MESSAGE = (
    "'{tag}' in the top comment of libvirt-domain-checkpoint is not read: a header's comment takes no 'Since:' tag,"
    " as it documents no symbol (tag the doc comment of each symbol)"
)


def _tree(tmp_path: Path, added: str) -> Path:
    tree = tmp_path / "tree"
    header = tree / CHECKPOINT
    shutil.copytree(SAMPLE_TREE, tree)
    text = header.read_text(encoding="utf-8")
    assert DESCRIPTION_END in text
    header.write_text(text.replace(DESCRIPTION_END, DESCRIPTION_END + added, 1), encoding="utf-8")
    return tree


def test_a_since_line_in_a_header_s_top_comment_is_reported_at_the_tag(tmp_path: Path) -> None:
    tree = _tree(tmp_path, " *\n * Since: 5.2.0\n *   since: 5.3.0\n")
    result = load_tree(tree)
    found = [(d.location.file, d.location.line, d.location.col, d.severity, d.rule, d.message) for d in result.diagnostics]
    assert found == [
        (CHECKPOINT, 7, 4, "warning", "since-malformed", MESSAGE.format(tag="Since: 5.2.0")),
        (CHECKPOINT, 8, 6, "warning", "since-malformed", MESSAGE.format(tag="since: 5.3.0")),
    ]
    header = next(h for m in result.api.modules for h in m.headers if h.name == "libvirt-domain-checkpoint")
    assert header.description.endswith("remove checkpoints of a domain.")  # the API is unchanged
    done = run("check", "--srcdir", tree, cwd=tmp_path)
    assert f"{CHECKPOINT}:7:4: warning: {MESSAGE.format(tag='Since: 5.2.0')} [since-malformed]" in done.stdout.replace(f"{tree}/", "")


def test_the_sample_s_top_comments_hold_no_since_line() -> None:
    assert [d for d in load_tree(SAMPLE_TREE).diagnostics if d.rule == "since-malformed"] == []


def test_a_header_opening_with_a_symbol_s_doc_block_has_no_file_description_to_report(tmp_path: Path) -> None:
    """Its first comment is that symbol's doc, whose tag the symbol reads."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    header = tree / "include" / "libvirt" / "libvirt-network.h"
    text = header.read_text(encoding="utf-8")
    header.write_text(text[text.index("*/") + 2 :].lstrip("\n"), encoding="utf-8")  # its doc blocks come first now
    assert [d for d in load_tree(tree).diagnostics if d.rule == "since-malformed"] == []


def test_a_since_line_past_the_copyright_line_is_licence_text_as_apibuild_reads_it(tmp_path: Path) -> None:
    """Review, session 28: the file description (parse_top_comment, as apibuild.py) stops at the
    ``Copyright (C)`` or ``SPDX-License-Identifier`` line; the tags were looked for past it."""
    tree = _tree(tmp_path, " *\n * Copyright (C) 2024 Someone\n *\n * Since: 5.2.0\n")
    assert [d for d in load_tree(tree).diagnostics if d.rule == "since-malformed"] == []


def test_a_summary_past_the_copyright_line_makes_no_file_description(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    header = tree / "include" / "libvirt" / "libvirt-network.h"
    text = header.read_text(encoding="utf-8")
    top = "/*\n * SPDX-License-Identifier: LGPL-2.1-or-later\n *\n * Summary: networks\n * Since: 1.0.0\n */\n"
    header.write_text(top + text[text.index("*/") + 3 :], encoding="utf-8")
    result = load_tree(tree)
    assert next(h for m in result.api.modules for h in m.headers if h.name == "libvirt-network").summary == ""
    assert [d for d in result.diagnostics if d.rule == "since-malformed"] == []
