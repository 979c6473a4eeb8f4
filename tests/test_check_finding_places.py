"""Where ``virt-apigen check`` places its findings.

A finding about an enum's doc is placed in the enum's own comment (not a
member's, even one named at a line start of the enum's doc), the same word in
several parts of a function's doc is searched from where each part starts
(and a marker above a line suppresses that line's finding only), a doubled
word across a blank comment line points at its first word, a word not in its
doc stays in that doc, ``--api-xml`` parameter texts (``<arg info=...>``)
are checked at their ``arg``, on the word, and an undocumented enum is
reported where its declaration starts, above which its doc goes.

Each test builds the smallest tree (or API XML file) that shows one case and
asserts the positions and messages ``check`` gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import HEADER, SOURCE
from check_support import check_findings as _found
from check_support import write_tree as _tree

from generator.cli import main
from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend.apixml_reader import load_api_xml


def _places(found: list[Diagnostic], rule: str) -> list[tuple[str, int, int, str]]:
    """(file, line, column, the message up to 'is not'/'doubles') of each finding of ``rule``."""
    return [(d.location.file, d.location.line, d.location.col, d.message.split(" is ")[0].split(" doubles")[0]) for d in found if d.rule == rule]


# --- a finding about an enum's doc is placed in the enum's own comment ----


def test_enum_doc_finding_points_into_its_own_comment_not_a_members(tmp_path: Path) -> None:
    found = _found(_tree(tmp_path))
    header = "include/libvirt/libvirt-x.h"
    # was 17:33 for both: the search went back from '} virXFlags;' and met the member's comment first
    assert (header, 12, 15, "'virXRunn' in the doc of virXFlags") in _places(found, "unknown-symbol")
    assert (header, 17, 33, "'virXRunn' in the doc of VIR_X_A") in _places(found, "unknown-symbol")
    assert sorted(_places(found, "doubled-word")) == [
        (header, 12, 25, "'the the' in the doc of virXFlags"),
        (header, 17, 43, "'the the' in the doc of VIR_X_A"),
    ]


def test_a_marker_above_an_enums_doc_line_suppresses_that_finding_only(tmp_path: Path) -> None:
    # the marker on the line above the enum's own "virXRunn" (line 12), inside its comment
    marked = HEADER.replace(" * virXFlags:\n *\n", " * virXFlags:\n * virt-apigen: ignore unknown-symbol\n")
    found = _found(_tree(tmp_path, header=marked))
    owners = [d.message.split(" is ")[0] for d in found if d.rule == "unknown-symbol" and "virXRunn" in d.message and d.location.file.endswith(".h")]
    assert owners == ["'virXRunn' in the doc of VIR_X_A"]


# --- the same word in three parts of a function's doc: three positions ----


def test_each_part_of_a_function_doc_is_searched_from_where_it_starts(tmp_path: Path) -> None:
    found = _found(_tree(tmp_path))
    source = "src/libvirt-x.c"
    assert sorted(p for p in _places(found, "unknown-symbol") if p[0] == source) == [
        (source, 3, 24, "'virXRunn' in the doc of virXRun (@x)"),  # was 3:24 for all three
        (source, 6, 14, "'virXRunn' in the doc of virXRun (description)"),
        (source, 8, 22, "'virXRunn' in the doc of virXRun (returns)"),
    ]


def test_a_marker_above_the_description_line_suppresses_only_the_description_finding(tmp_path: Path) -> None:
    marked = SOURCE.replace(" * @flags: bitwise-OR of virXFlags\n *\n", " * @flags: bitwise-OR of virXFlags\n *\n * virt-apigen: ignore unknown-symbol\n")
    found = _found(_tree(tmp_path, source=marked))
    parts = sorted(d.message.split("(")[1].split(")")[0] for d in found if d.rule == "unknown-symbol" and d.location.file.endswith(".c"))
    assert parts == ["@x", "returns"]


# --- --api-xml reads the parameter texts (<arg info=...>) ------------------

API_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt'>
  <files>
    <file name='libvirt-x'>
     <summary>a header</summary>
     <description>one call</description>
    </file>
  </files>
  <symbols>
    <typedef name='virXFlags' file='libvirt-x' type='enum' version='1.0.0'>
      <info><![CDATA[Flags.]]></info>
    </typedef>
    <enum name='VIR_X_A' file='libvirt-x' value='1' type='virXFlags' version='1.0.0' info='a'/>
    <function name='virXRun' file='libvirt-x' module='libvirt-x' version='1.0.0'>
      <info><![CDATA[Runs @x with VIR_X_A.]]></info>
      <return type='int' info='0, unlike virXRunn.'/>
      <arg name='x' type='int' info='a value from virXFlagz, or (none'/>
      <arg name='mode' type='int' info='the the mode; see @flag'/>
      <arg name='flags' type='unsigned int' info='the flags of the call'/>
    </function>
  </symbols>
</api>
"""


def test_api_xml_parameter_texts_are_checked_at_their_arg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "libvirt-api.xml").write_text(API_XML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = findings(load_api_xml(["libvirt-api.xml"]), Path("."), [])
    got = {(d.rule, d.location.line, d.location.col, d.message.split(" in the doc")[0].split(" of ")[0]) for d in found}
    assert {
        ("unknown-symbol", 17, 51, "'virXFlagz'"),  # <arg name='x'>: missed before, the XML reader keeps no @entries
        ("unbalanced-parens", 17, 65, "'(none'"),
        ("doubled-word", 18, 41, "'the the'"),
        ("param-ref-unknown", 18, 59, "'@flag'"),
        ("unknown-symbol", 16, 42, "'virXRunn'"),  # (returns): on the <return> line, no longer at the <info>
        ("flags-enum", 19, 7, "'@flags'"),  # at its <arg>, no longer at the <info>
    } <= got, sorted(got)


def test_api_xml_positions_are_on_the_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "libvirt-api.xml").write_text(API_XML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines = API_XML.split("\n")
    for diagnostic in findings(load_api_xml(["libvirt-api.xml"]), Path("."), []):
        word = diagnostic.message.split("'")[1]
        at = lines[diagnostic.location.line - 1][diagnostic.location.col - 1 :]
        if diagnostic.rule in ("unknown-symbol", "doubled-word", "param-ref-unknown"):
            assert at.startswith(word), (str(diagnostic), at)


# --- a doubled word across a blank comment line ----------------------------


def test_a_doubled_word_across_a_blank_comment_line_points_at_its_first_word(tmp_path: Path) -> None:
    source = SOURCE.replace(" * Runs like virXRunn, VIR_X_A, VIR_X_B.\n", " * Runs like virXRunn, VIR_X_A, VIR_X_B. What it is\n *\n * is a paragraph.\n")
    assert source != SOURCE
    found = _found(_tree(tmp_path, source=source))
    # was the '/**' line: one ' * ' leader only between the words was looked for
    placed = [place for place in _places(found, "doubled-word") if place[0].endswith(".c")]
    assert placed == [("src/libvirt-x.c", 6, 50, "'is is' in the doc of virXRun (description)")]


def test_a_word_not_in_its_doc_stays_in_that_doc(tmp_path: Path) -> None:
    """The split doubled word was not found and the search went back 300 lines
    into an earlier comment holding the same words (whose marker then silenced it)."""
    source = """\
/**
 * virXOther:
 *
 * It is is fine.  virt-apigen: ignore doubled-word
 *
 * Since: 1.0.0
 */
int virXOther(void) { return 0; }

""" + SOURCE.replace(" * Runs like virXRunn, VIR_X_A, VIR_X_B.\n", " * Runs like virXRunn, VIR_X_A, VIR_X_B.  What it is\n *\n * is a paragraph.\n")
    tree = _tree(tmp_path, source=source)
    header = HEADER.replace("int virXRun(", "int virXOther(void);\nint virXRun(")
    (tree / "include" / "libvirt" / "libvirt-x.h").write_text(header, encoding="utf-8")
    (tree / "src" / "libvirt_public.syms").write_text("LIBVIRT_1.0.0 {\n    global:\n        virXRun;\n        virXOther;\n};\n", encoding="utf-8")
    doubled = [(d.location.line, d.location.col, d.message.split(" doubles")[0]) for d in _found(tree) if d.rule == "doubled-word"]
    assert (15, 51, "'is is' in the doc of virXRun (description)") in doubled


# --- the command line ---------------------------------------------------------


def test_cli_api_xml_counts_parameter_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "libvirt-api.xml").write_text(API_XML, encoding="utf-8")
    assert main(["check", "--api-xml", str(tmp_path / "libvirt-api.xml"), "--format", "json"]) == 0
    import json

    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["unknown-symbol"] == 2 and counts["doubled-word"] == 1 and counts["unbalanced-parens"] == 1 and counts["param-ref-unknown"] == 1


def test_a_member_named_at_a_line_start_of_its_enums_doc_keeps_its_own_comment(tmp_path: Path) -> None:
    """An enum doc listing 'VIR_X_A: ...' is no doc block of VIR_X_A's."""
    header = HEADER.replace(" * Flags, see virXRunn; the the flags.\n", " * Flags:\n * VIR_X_A: like virXRunn\n")
    found = _found(_tree(tmp_path, header=header))
    assert ("include/libvirt/libvirt-x.h", 18, 33, "'virXRunn' in the doc of VIR_X_A") in _places(found, "unknown-symbol")
    assert ("include/libvirt/libvirt-x.h", 13, 18, "'virXRunn' in the doc of virXFlags") in _places(found, "unknown-symbol")


def test_a_second_since_tag_like_the_first_is_placed_at_the_second(tmp_path: Path) -> None:
    """QA, session 26: 'Since: 0.0.3' written twice was reported at the first tag, the one
    read, where a marker above the second could not silence it; a member's comment too."""
    from check_support import copy_tree

    tree = copy_tree(tmp_path, Path(__file__).resolve().parent.parent / "generator" / "sample")
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    text = text.replace(" * free it.\n *\n * Since: 5.6.0\n", " * free it.\n *\n * Since: 5.6.0\n *\n * Since: 5.6.0\n", 1)
    source.write_text(text, encoding="utf-8")
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    head = header.read_text(encoding="utf-8")
    assert head.count("childless ones (Since: 5.6.0)") == 1
    header.write_text(head.replace("childless ones (Since: 5.6.0)", "childless ones (Since: 5.6.0) (Since: 5.6.0)"), encoding="utf-8")
    lines = text.split("\n")
    member_line = next(i for i, line in enumerate(head.split("\n")) if "childless ones" in line) + 1
    member_col = head.split("\n")[member_line - 1].index("(Since: 5.6.0)") + len("(Since: 5.6.0) (") + 1
    places = [(d.location.file, d.location.line, d.location.col) for d in _found(tree) if d.rule == "since-malformed"]
    tagged_twice = next(i for i in range(len(lines) - 2) if lines[i] == lines[i + 2] == " * Since: 5.6.0" and lines[i + 1] == " *")
    assert sorted(places) == sorted([
        ("include/libvirt/libvirt-domain-checkpoint.h", member_line, member_col),
        ("src/libvirt-domain-checkpoint.c", tagged_twice + 3, 4),
    ]), places
    # a marker above the second tag silences it
    marked = lines[: tagged_twice + 2] + [" * virt-apigen: ignore since-malformed"] + lines[tagged_twice + 2 :]
    source.write_text("\n".join(marked), encoding="utf-8")
    assert [d.location.file for d in _found(tree) if d.rule == "since-malformed"] == ["include/libvirt/libvirt-domain-checkpoint.h"]


def test_a_second_tag_after_returns_with_the_first_in_the_description_is_placed_at_the_second(tmp_path: Path) -> None:
    """The tag read stood in the description, above the Returns line the search of the
    second starts at: that search found the second, blanked it out as if it were the tag
    read and searched again, meeting the first above, so the finding sat on the tag read
    and a marker above the stray one did not silence it."""
    source = SOURCE.replace(" * Runs like virXRunn, VIR_X_A, VIR_X_B.\n", " * Runs like virXRunn, VIR_X_A, VIR_X_B.\n *\n * Since: 1.0.0\n")
    callback = HEADER + (
        "/**\n * virXCallback:\n * @x: the object\n *\n * A callback.\n *\n * Since: 1.0.0\n *\n"
        " * Returns 0.\n *\n * Since: 1.0.0\n */\ntypedef int (*virXCallback)(virX *x);\n"
    )
    found = [d for d in _found(_tree(tmp_path, header=callback, source=source)) if d.rule == "since-malformed"]
    assert sorted((d.location.file, d.location.line, d.location.col) for d in found) == [
        ("include/libvirt/libvirt-x.h", 31, 4),  # was 27:4, the tag read
        ("src/libvirt-x.c", 12, 4),  # was 8:4
    ], [str(d) for d in found]
    assert all("is a second 'Since:' tag" in d.message for d in found)


# --- an undocumented enum is reported where its declaration starts ------------

ENUMS = HEADER + """\
typedef enum {
    VIR_Y_A = 1, /* a { or } of an enum (Since: 1.0.0) */
} virYFlags;

enum virZFlags {
    VIR_Z_A = 1, /* a (Since: 1.0.0) */
};

typedef enum _virW {
    VIR_W_A = 1, /* a (Since: 1.0.0)
                  * enum { */
} virW;

typedef
enum
{
    VIR_V_A = 1, /* a (Since: 1.0.0) */
}
virV;
"""


def test_an_undocumented_enum_points_where_its_declaration_starts(tmp_path: Path) -> None:
    """QA: it pointed at '} virYFlags;' (23:3), below the enum, while its doc comment
    goes above 'typedef enum {'; members' comments writing braces or 'enum' are no code."""
    found = [(d.location.line, d.location.col, d.message) for d in _found(_tree(tmp_path, header=ENUMS)) if d.rule == "undocumented-enum"]
    assert found == [
        (21, 1, "enum 'virYFlags' has no doc comment"),  # was 23:3
        (25, 1, "enum 'virZFlags' has no doc comment"),  # was 25:6, at the tag
        (29, 1, "enum 'virW' has no doc comment"),  # was 32:3
        (34, 1, "enum 'virV' has no doc comment"),  # was 39:1
    ]


def test_an_undocumented_enum_is_suppressed_above_its_start_and_keeps_its_model_location(tmp_path: Path) -> None:
    from generator.frontend import load_tree

    marked = ENUMS.replace("typedef enum {\n    VIR_Y_A", "/* virt-apigen: ignore undocumented-enum */\ntypedef enum {\n    VIR_Y_A")
    tree = _tree(tmp_path, header=marked)
    assert [d.message for d in _found(tree) if d.rule == "undocumented-enum" and "virYFlags" in d.message] == []
    # the model, which the API XML and the other outputs read, still places it at its name
    enum = next(e for m in load_tree(tree).api.modules for e in m.enums if e.name == "virYFlags")
    assert (enum.location.line, enum.location.col) == (24, 3)


# --- a word finding is looked for in the block the frontend reads as the node's doc ----

BLOCK_ABOVE_BODY = HEADER + """\

/**
 * virY:
 *
 * A struct, see virYRunn.
 *
 * Since: 1.0.0
 */
struct _virY {
    int count; /* a count */
};
typedef struct _virY virY;
"""


def test_a_word_in_a_structs_block_above_its_body_points_at_the_word(tmp_path: Path) -> None:
    """The frontend reads the last 'virY:' block above the typedef as its doc, past the '};'
    ending the body between them; the word search stopped at that '};' and left the finding at
    the typedef's name (32:22), where the block's marker did not silence it."""
    found = _found(_tree(tmp_path, header=BLOCK_ABOVE_BODY))
    assert ("include/libvirt/libvirt-x.h", 25, 18, "'virYRunn' in the doc of virY") in _places(found, "unknown-symbol")
