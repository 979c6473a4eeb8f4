"""``Since:`` tags in field and member comments, as ``check`` reports them: a
tag in a field comment is named and explained, a misspelt member or enum tag
is one ``since-malformed`` finding (never "None"), and ``Since`` in prose
beside a second tag is told apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_support import HEADER, SOURCE
from check_support import check_findings as _found
from check_support import write_tree as _tree
from conftest import SAMPLE_TREE

# --- Since tags in field and member comments ------------------------

FIELDS = HEADER + """\
/**
 * virXInfo:
 *
 * Info.
 *
 * Since: 1.0.0
 */
typedef struct _virXInfo virXInfo;
struct _virXInfo {
    int a; /* the a (Since: 1.0.0) */
    int c; /* Since: 1.0.0 */
    int d; /* the d. Since: 1.0.0 */
};
"""


def test_a_since_tag_in_a_field_comment_is_named_and_explained(tmp_path: Path) -> None:
    found = _found(_tree(tmp_path, header=FIELDS))
    messages = [(d.location.line, d.location.col, d.message) for d in found if d.rule == "since-malformed"]
    # was "'Since: 1.0.0' in the doc of virXInfo is not a 'Since: X.Y.Z' tag", for all three
    assert messages == [
        (30, 22, "'Since: 1.0.0' in the doc of virXInfo (field a) is not read: a struct field takes no 'Since:' tag"),
        (31, 15, "'Since: 1.0.0' in the doc of virXInfo (field c) is not read: a struct field takes no 'Since:' tag"),
        (32, 22, "'Since: 1.0.0' in the doc of virXInfo (field d) is not read: a struct field takes no 'Since:' tag"),
    ]


@pytest.mark.parametrize("comment", ["b (Since 1.0.0)", "b (since: 1.0.0)", "Since 1.0.0"])
def test_a_misspelt_member_tag_is_malformed_only(tmp_path: Path, comment: str) -> None:
    header = HEADER.replace("/* b (Since: 1.0.0) */", f"/* {comment} */")
    found = _found(_tree(tmp_path, header=header))
    about_b = [(d.rule, d.location.line) for d in found if "VIR_X_B" in d.message and d.rule.startswith("since")]
    assert about_b == [("since-malformed", 18)]  # was only since-missing


def test_a_misspelt_enum_tag_is_one_finding_and_never_none(tmp_path: Path) -> None:
    header = HEADER.replace(" * Flags, see virXRunn; the the flags.\n *\n * Since: 1.0.0\n", " * Flags, see virXRunn; the the flags.\n *\n * Since: 1.0\n")
    tree = _tree(tmp_path, header=header)
    found = [(d.rule, d.location.line, d.message) for d in _found(tree) if "virXFlags" in d.message and d.rule.startswith("since")]
    assert found == [("since-malformed", 14, "'Since: 1.0' in the doc of virXFlags is not a 'Since: X.Y.Z' tag")]  # and no since-missing
    disabled = [d.rule for d in _found(tree, ["since-malformed"]) if "virXFlags" in d.message and d.rule.startswith("since")]
    assert disabled == ["since-missing"]


def test_since_in_prose_and_a_second_tag(tmp_path: Path) -> None:
    source = SOURCE.replace(" * Runs like virXRunn, VIR_X_A, VIR_X_B.\n", " * Runs like virXRunn, VIR_X_A, VIR_X_B, or (since 0.9.8) not.\n")
    source = source.replace(" * Returns 0, unlike virXRunn.\n", " * Returns 0, unlike virXRunn. Since: 1.0.0\n")
    found = [d.message for d in _found(_tree(tmp_path, source=source)) if d.rule == "since-malformed"]
    assert found == ["'Since: 1.0.0' in the doc of virXRun (returns) is a second 'Since:' tag; only the first is read"]


@pytest.mark.parametrize("line_break", ["\n * ", "\r"])
def test_a_tag_split_by_a_line_break_is_one_printed_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], line_break: str) -> None:
    """A finding quoting text across a line break printed as two lines, which editors read as two findings (QA)."""
    from generator.cli import main

    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace(" * Since: 5.6.0", " * Since:" + line_break + "5.6.0", 1), encoding="utf-8", newline="")
    main(["check", "--srcdir", str(tree)])
    printed = [line for line in capsys.readouterr().out.splitlines() if "since-malformed" in line or "5.6.0'" in line]
    assert len(printed) == 1, printed
    assert printed[0].endswith(" is not a 'Since: X.Y.Z' tag [since-malformed]")
    assert "'Since:\\n5.6.0' in the doc of virDomainCheckpointCreateFlags" in printed[0]  # a lone CR reads as a line break
