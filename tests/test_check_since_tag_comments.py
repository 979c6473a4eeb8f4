"""``Since:`` tags in field and member comments, as ``check`` reports them: a
tag in a field comment is named and explained, a misspelt member or enum tag
is one ``since-malformed`` finding (never "None"), ``Since`` in prose
beside a second tag is told apart, and a stray tag after a function's
Returns text is one of the function's doc, not labelled ``(returns)``, and
still placed after that line."""

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
    assert found == ["'Since: 1.0.0' in the doc of virXRun is a second 'Since:' tag; only the first is read"]  # was "(returns)"


# --- a stray tag after a function's Returns text ------------------------
# The Returns text runs to the comment's end and a function's tag is read from there
# too, so a tag left after it is one of the function's doc, not of its return value.

TAG_LINE = " * Since: 1.0.0\n"  # line 10 of SOURCE, after the Returns paragraph


@pytest.mark.parametrize(
    ("written", "line", "tag", "verdict"),
    [
        (" * Since 1.0.0\n", 10, "Since 1.0.0", "is not a 'Since: X.Y.Z' tag"),
        (" * since: 1.0.0\n", 10, "since: 1.0.0", "is not a 'Since: X.Y.Z' tag"),
        (" * Since: 1.0\n", 10, "Since: 1.0", "is not a 'Since: X.Y.Z' tag"),
        (TAG_LINE + " *\n" + TAG_LINE, 12, "Since: 1.0.0", "is a second 'Since:' tag; only the first is read"),
    ],
)
def test_a_stray_tag_after_returns_is_one_of_the_functions_doc(tmp_path: Path, written: str, line: int, tag: str, verdict: str) -> None:
    """QA: it was labelled '(returns)', as if about the return value."""
    source = SOURCE.replace(TAG_LINE, written)
    found = [(d.location.line, d.location.col, d.message) for d in _found(_tree(tmp_path, source=source)) if d.rule == "since-malformed"]
    assert found == [(line, 4, f"'{tag}' in the doc of virXRun {verdict}")]


def test_tags_in_other_parts_of_a_functions_doc_keep_their_labels(tmp_path: Path) -> None:
    source = SOURCE.replace(" * @x: the object, not virXRunn\n", " * @x: the object, not virXRunn. Since: 1.0.0\n")
    source = source.replace(" * Runs like virXRunn, VIR_X_A, VIR_X_B.\n", " * Runs like virXRunn, VIR_X_A, VIR_X_B.\n *\n * Since 1.0.0\n")
    found = [(d.location.line, d.message) for d in _found(_tree(tmp_path, source=source)) if d.rule == "since-malformed"]
    assert found == [
        (3, "'Since: 1.0.0' in the doc of virXRun (@x) is not read: an '@x:' entry takes no 'Since:' tag"),
        (8, "'Since 1.0.0' in the doc of virXRun (description) is not a 'Since: X.Y.Z' tag"),
    ]


@pytest.mark.parametrize(
    "edit",
    [
        # the same tag in an entry above: the search from the comment's top met it first
        (" * @x: the object, not virXRunn\n", " * @x: the object, not virXRunn. Since: 1.0.0\n", TAG_LINE, TAG_LINE + " *\n" + TAG_LINE),
        # the same malformed tag in the description: both findings were placed there
        (" * Runs like virXRunn, VIR_X_A, VIR_X_B.\n", " * Runs like virXRunn, VIR_X_A, VIR_X_B.\n *\n * Since 1.0.0\n", TAG_LINE, " * Since 1.0.0\n"),
    ],
    ids=["entry", "description"],
)
def test_a_stray_tag_after_returns_is_placed_after_the_returns_line(tmp_path: Path, edit: tuple[str, str, str, str]) -> None:
    """Unlabelled, the finding is searched for from the Returns line all the same, as a '(returns)' one was."""
    source = SOURCE.replace(edit[0], edit[1]).replace(edit[2], edit[3])
    found = [(d.location.line, d.location.col) for d in _found(_tree(tmp_path, source=source)) if d.rule == "since-malformed" and " (" not in d.message]
    assert found == [(12, 4)]


def test_a_stray_tag_in_an_api_xml_return_is_placed_at_its_return(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli_check import findings
    from generator.frontend.apixml_reader import load_api_xml

    xml = (
        "<?xml version='1.0' encoding='UTF-8'?>\n<api name='libvirt'>\n  <symbols>\n"
        "    <function name='virXRun' file='libvirt-x' module='libvirt-x' version='1.0.0'>\n"
        "      <info><![CDATA[Runs.\n\nSince 1.0.0]]></info>\n"
        "      <return type='int' info='0.&#10;&#10;Since 1.0.0'/>\n"
        "    </function>\n"
        "    <enum name='VIR_X_A' file='libvirt-x' value='1' type='virXFlags' version='1.0.0' info='a (Since 1.0.0)'/>\n"
        "  </symbols>\n</api>\n"
    )
    (tmp_path / "libvirt-api.xml").write_text(xml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = [(d.location.line, d.location.col, d.message) for d in findings(load_api_xml(["libvirt-api.xml"]), Path("."), []) if d.rule == "since-malformed"]
    assert found == [
        (7, 1, "'Since 1.0.0' in the doc of virXRun (description) is not a 'Since: X.Y.Z' tag"),
        (8, 44, "'Since 1.0.0' in the doc of virXRun is not a 'Since: X.Y.Z' tag"),
        (10, 95, "'Since 1.0.0' in the doc of VIR_X_A is not a 'Since: X.Y.Z' tag"),
    ]


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
