"""virt-apigen check, QA round 7: where findings point, API XML parameter texts,
``Since:`` tags in fields and member comments, aliases across modules.

Each test builds the smallest tree (or API XML file) that shows one defect of
the QA report and asserts the positions and messages ``check`` gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.lint.locate import _find

HEADER = """\
/**
 * virX:
 *
 * An object.
 *
 * Since: 1.0.0
 */
typedef struct _virX virX;
/**
 * virXFlags:
 *
 * Flags, see virXRunn; the the flags.
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_X_A = (1 << 0), /* like virXRunn, the the bit (Since: 1.0.0) */
    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */
} virXFlags;
int virXRun(virX *x, unsigned int flags);
"""

SOURCE = """\
/**
 * virXRun:
 * @x: the object, not virXRunn
 * @flags: bitwise-OR of virXFlags
 *
 * Runs like virXRunn, VIR_X_A, VIR_X_B.
 *
 * Returns 0, unlike virXRunn.
 *
 * Since: 1.0.0
 */
int virXRun(virX *x, unsigned int flags) { return 0; }
"""

SYMS = "LIBVIRT_1.0.0 {\n    global:\n        virXRun;\n};\n"


def _tree(root: Path, header: str = HEADER, source: str = SOURCE, name: str = "libvirt-x") -> Path:
    (root / "include" / "libvirt").mkdir(parents=True, exist_ok=True)
    (root / "src").mkdir(exist_ok=True)
    (root / "include" / "libvirt" / f"{name}.h").write_text(header, encoding="utf-8")
    (root / "src" / f"{name}.c").write_text(source, encoding="utf-8")
    if not (root / "src" / "libvirt_public.syms").exists():
        (root / "src" / "libvirt_public.syms").write_text(SYMS, encoding="utf-8")
    return root


def _found(tree: Path, disabled: list[str] | None = None) -> list[Diagnostic]:
    return findings(load_tree(tree), tree, disabled or [])


def _places(found: list[Diagnostic], rule: str) -> list[tuple[str, int, int, str]]:
    """(file, line, column, the message up to 'is not'/'doubles') of each finding of ``rule``."""
    return [(d.location.file, d.location.line, d.location.col, d.message.split(" is ")[0].split(" doubles")[0]) for d in found if d.rule == rule]


# --- 1: a finding about an enum's doc is placed in the enum's own comment ----


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


# --- 2: the same word in three parts of a function's doc: three positions ----


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


# --- 3: --api-xml reads the parameter texts (<arg info=...>) ------------------

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


# --- 4 and 5: Since tags in field and member comments ------------------------

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


# --- 6: an alias written as a member of another module -----------------------


def test_an_alias_of_another_modules_member_is_no_duplicate(tmp_path: Path) -> None:
    header = (
        "/**\n * virXTimeout:\n *\n * Timeouts.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
        "    VIR_X_TIMEOUT_BLOCK = -2, /* block (Since: 1.0.0) */\n} virXTimeout;\n"
    )
    qemu = (
        "/**\n * virXQemuTimeout:\n *\n * Agent timeouts.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
        "    VIR_X_QEMU_TIMEOUT_MIN = VIR_X_TIMEOUT_BLOCK, /* the least (Since: 1.0.0) */\n"
        "    VIR_X_QEMU_TIMEOUT_BLOCK = VIR_X_TIMEOUT_BLOCK, /* block (Since: 1.0.0) */\n} virXQemuTimeout;\n"
    )
    (tmp_path / "include" / "libvirt").mkdir(parents=True)
    (tmp_path / "src").mkdir()
    (tmp_path / "include" / "libvirt" / "libvirt-x.h").write_text(header, encoding="utf-8")
    (tmp_path / "include" / "libvirt" / "libvirt-qemu.h").write_text(qemu, encoding="utf-8")
    (tmp_path / "src" / "libvirt_public.syms").write_text("LIBVIRT_1.0.0 {\n    global:\n        *;\n};\n", encoding="utf-8")
    (tmp_path / "src" / "libvirt_qemu.syms").write_text("LIBVIRT_QEMU_1.0.0 {\n    global:\n        *;\n};\n", encoding="utf-8")
    result = load_tree(tmp_path)
    assert {module.name for module in result.api.modules} == {"libvirt", "libvirt-qemu"}
    # was: 'VIR_X_QEMU_TIMEOUT_BLOCK' has the value -2 of 'VIR_X_QEMU_TIMEOUT_MIN'... write it as '= VIR_X_QEMU_TIMEOUT_MIN'
    assert [str(d) for d in findings(result, tmp_path, []) if d.rule == "enum-duplicate-value"] == []


# --- 7: a doubled word across a blank comment line ----------------------------


def test_a_doubled_word_across_a_blank_comment_line_points_at_its_first_word() -> None:
    lines = ["/**", " * virXRun:", " *", " * What it is", " *", " * is a paragraph.", " */"]
    assert _find(lines, 0, "is is") == (3, (11, 22))  # was None: one ' * ' leader only between the words


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
