"""Which lines a ``virt-apigen: ignore`` marker covers (docs/check.md, "Suppressing one finding").

A marker covers its own line.  One in a comment that follows code (a
member's ``/* ... */``) covers that code's line and the comment's lines, and
not the next line: ``VIR_X_NONE = 1, /* none */ /* virt-apigen: ignore
since-missing */`` silenced ``VIR_X_MRO = 2,`` below it too, as the rule was
"its line or the line above".  One on a line holding nothing but comment
(its own ``/* ... */``, a line of a doc comment, the last line of a
multi-line comment) covers the next line as well; one followed by code on
its line does not.  A ``//`` comment, and in a version script (``.syms``)
a ``#`` one, covers the next line too when it stands on a line of its own,
and its own line only after code (after 488249f a marker in either covered
its own line alone: ``_opener`` knew ``/*`` only).  In a header a ``#``
line is a directive: code.  Each documented form is checked on the lines
alone (:func:`suppressed`) and the first, the ``//`` and the ``#`` ones
also through ``check``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_support import HEADER
from check_support import check_findings as _found
from check_support import write_tree as _tree

from generator.cli import main
from generator.diagnostics import Diagnostic
from generator.lint.locate import suppressed
from generator.model import Location


def _covered(text: str, rule: str = "since-missing", file: str = "libvirt-x.h") -> list[int]:
    """The lines (1-based) of ``text`` on which a finding of ``rule`` is suppressed."""
    lines = text.split("\n")
    return [n for n in range(1, len(lines) + 1) if suppressed(Diagnostic(Location(file, n, 1), "warning", "m", rule), lines)]


# --- a marker after code: that line only -----------------------------------


def test_a_marker_after_a_member_does_not_cover_the_next_member() -> None:
    text = "typedef enum {\n    VIR_X_NONE = 1, /* none */ /* virt-apigen: ignore since-missing */\n    VIR_X_MRO = 2,\n} virXFlags;"
    assert _covered(text) == [2]  # was [2, 3]


def test_a_marker_after_the_last_member_does_not_cover_the_enums_closing_line() -> None:
    text = "typedef enum {\n    VIR_X_A = 1, /* virt-apigen: ignore */\n} virXFlags;"
    assert _covered(text) == [2]


def test_a_marker_after_a_macro_or_a_declaration_covers_that_line() -> None:
    text = "# define VIR_X_FITS(n) ((n) < 8) /* virt-apigen: ignore undocumented-param */\nint virXStop(virX *x);"
    assert _covered(text, "undocumented-param") == [1]
    assert _covered(text, "undocumented-macro-param") == [1]  # the rule split off it answers to its name


def test_a_marker_before_code_on_its_line_covers_that_line_only() -> None:
    text = "typedef enum {\n    /* virt-apigen: ignore since-missing */ VIR_X_A = 1,\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text) == [2]


# --- a marker in a member's comment running over several lines -------------


def test_a_marker_on_a_line_continuing_a_members_comment_covers_that_member_not_the_next() -> None:
    text = (
        "typedef enum {\n"
        "    VIR_X_A = 1, /* the first,\n"
        "                  * virt-apigen: ignore since-missing */\n"
        "    VIR_X_B = 2,\n"
        "    VIR_X_C = 4, /* the third, and\n"
        "                    virt-apigen: ignore since-missing\n"
        "                    says why */\n"
        "    VIR_X_D = 8,\n"
        "} virXFlags;"
    )
    assert _covered(text) == [2, 3, 5, 6, 7]  # was [3, 4, 6, 7]: the next member's line, not the member's


def test_a_marker_opening_a_members_comment_covers_the_lines_it_runs_on() -> None:
    # a word of the member's comment may be placed on the comment's second line
    text = "typedef enum {\n    VIR_X_A = 1, /* virt-apigen: ignore unknown-symbol\n                    like virXRunn */\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text, "unknown-symbol") == [2, 3]


def test_a_members_comment_too_long_to_be_its_own_covers_the_markers_line_only() -> None:
    filler = "".join(f"                  * line {n}\n" for n in range(12))
    marker = "                  * virt-apigen: ignore since-missing */\n"
    text = "typedef enum {\n    VIR_X_A = 1, /* a long story\n" + filler + marker + "    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text) == [15]


# --- a marker on a line of nothing but comment: that line and the next -----


def test_a_marker_in_a_comment_of_its_own_covers_the_next_line() -> None:
    text = "typedef enum {\n    VIR_X_A = 1,\n    /* virt-apigen: ignore since-missing */\n    VIR_X_B = 2,\n    VIR_X_C = 4,\n} virXFlags;"
    assert _covered(text) == [3, 4]


def test_a_multi_line_comment_ending_on_the_markers_line_covers_the_line_after_it() -> None:
    text = "typedef enum {\n    /* a sentinel, kept out of the ABI:\n     * virt-apigen: ignore since-missing */\n    VIR_X_LAST\n} virXFlags;"
    assert _covered(text) == [3, 4]


def test_a_marker_line_of_a_doc_comment_covers_the_doc_line_below() -> None:
    text = (
        "/**\n"
        " * virXRun:\n"
        " * @x: the object\n"
        " *\n"
        " * virt-apigen: ignore unknown-symbol, doubled-word\n"
        " * Runs @x like virXRunn() would.\n"
        " *\n"
        " * Returns 0, unlike virXRunn.\n"
        " */\n"
        "int virXRun(virX *x);"
    )
    assert _covered(text, "unknown-symbol") == [5, 6]
    assert _covered(text, "doubled-word") == [5, 6]
    assert _covered(text, "param-ref-unknown") == []


def test_a_marker_ending_a_line_of_doc_text_covers_that_line_and_the_next() -> None:
    # docs/check.md's form for a doubled word across a line break ("the  ... / the caller")
    text = "/**\n * virXRun:\n *\n * Fills @x, as the  virt-apigen: ignore doubled-word\n * the caller asked.\n *\n * Returns 0.\n */"
    assert _covered(text, "doubled-word") == [4, 5]


def test_a_marker_deep_in_a_long_doc_comment_is_still_in_a_comment() -> None:
    body = "".join(f" * line {n} of the description\n" for n in range(60))
    text = "/**\n * virXRun:\n *\n" + body + " * virt-apigen: ignore unknown-symbol\n * Runs like virXRunn.\n */"
    assert _covered(text, "unknown-symbol") == [64, 65]


def test_a_comment_marker_followed_by_code_covers_its_line_only() -> None:
    text = "/* virt-apigen: ignore since-missing\n * why */ int virXStop(virX *x);\nint virXGo(virX *x);"
    assert _covered(text) == [1, 2]  # its own line, and the line below it, where the comment goes on
    text = "/* why:\n * virt-apigen: ignore since-missing */ int virXStop(virX *x);\nint virXGo(virX *x);"
    assert _covered(text) == [2]


def test_a_comment_opener_in_a_string_is_code() -> None:
    text = 'const char *x = "/*"; /* virt-apigen: ignore since-missing */\nint virXGo(void);'
    assert _covered(text) == [1]


# --- a rule list going on over the comment's next lines --------------------


def test_a_rule_list_going_on_over_the_next_comment_line_counts() -> None:
    """Session 31: the names of the second line silenced nothing."""
    text = "typedef enum {\n    /* virt-apigen: ignore since-missing,\n     * undocumented-member */\n    VIR_X_B = 2,\n    VIR_X_C = 4,\n} virXFlags;"
    assert _covered(text) == [2, 3, 4]
    assert _covered(text, "undocumented-member") == [2, 3, 4]  # was []
    assert _covered(text, "doubled-word") == []


def test_a_marker_with_its_whole_list_on_the_next_line_silences_those_rules_only() -> None:
    text = "typedef enum {\n    /* virt-apigen: ignore\n     * undocumented-member */\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text, "undocumented-member") == [2, 3, 4]
    assert _covered(text) == []  # was [2, 3]: 'ignore' alone on its line silenced every rule


def test_a_list_going_on_in_a_members_comment_covers_that_member_only() -> None:
    text = "typedef enum {\n    VIR_X_A = 1, /* virt-apigen: ignore since-missing,\n                  * undocumented-member */\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text, "undocumented-member") == [2, 3]


def test_a_comment_going_on_in_words_is_no_rule_list() -> None:
    text = "typedef enum {\n    /* virt-apigen: ignore since-missing\n     * undocumented, kept out */\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text) == [2, 3]  # as before: the marker's line and the next, not the member below the comment
    text = "typedef enum {\n    /* virt-apigen: ignore\n     * a sentinel */\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text, "undocumented-member") == [2, 3]  # every rule, the marker's line and the next


def test_an_xml_rule_list_going_on_over_the_next_line_counts() -> None:
    xml = "<api>\n    <!-- virt-apigen: ignore unknown-symbol,\n         since-missing -->\n    <enum name='VIR_X_B'/>\n    <enum name='VIR_X_C'/>\n</api>"
    assert _covered(xml, file="libvirt-api.xml") == [2, 3, 4]


def test_check_honours_a_rule_list_on_two_lines(tmp_path: Path) -> None:
    members = "    VIR_X_A = (1 << 0), /* like virXRunn, the the bit (Since: 1.0.0) */\n    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */\n"
    marked = "    /* virt-apigen: ignore since-missing,\n     * undocumented-member */\n    VIR_X_NONE = 1,\n    VIR_X_C = 4,\n"
    found = _found(_tree(tmp_path, header=HEADER.replace(members, marked)))
    assert sorted(d.message.split("'")[1] for d in found if d.rule in ("since-missing", "undocumented-member")) == ["VIR_X_C", "VIR_X_C"]


# --- '//' comments, and '#' ones in a version script ------------------------


def test_a_line_comment_of_its_own_covers_the_next_line() -> None:
    text = "typedef enum {\n    VIR_X_A = 1,\n    // virt-apigen: ignore since-missing\n    VIR_X_B = 2,\n    VIR_X_C = 4,\n} virXFlags;"
    assert _covered(text) == [3, 4]  # was [3]
    text = "typedef enum {\n    /* b */ // virt-apigen: ignore since-missing\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text) == [2, 3]  # nothing but comments on the marker's line


def test_a_line_comment_after_code_covers_that_line_only() -> None:
    text = "typedef enum {\n    VIR_X_A = 1, // virt-apigen: ignore since-missing\n    VIR_X_B = 2,\n} virXFlags;"
    assert _covered(text) == [2]
    text = 'const char *u = "http://x"; // virt-apigen: ignore since-missing\nint virXGo(void);'
    assert _covered(text) == [1]


def test_a_directive_in_a_header_is_code() -> None:
    text = "# define VIR_X_MAX 8 // virt-apigen: ignore since-missing\n# define VIR_X_MIN 1"
    assert _covered(text) == [1]
    text = "# define VIR_X_MAX 8 /* virt-apigen: ignore since-missing */\n# define VIR_X_MIN 1"
    assert _covered(text) == [1]


def test_a_hash_comment_of_its_own_in_a_version_script_covers_the_next_line() -> None:
    text = "LIBVIRT_1.0.0 {\n    global:\n        virXRun;\n        # virt-apigen: ignore syms-duplicate\n        virXRun;\n        virXRun;\n};"
    assert _covered(text, "syms-duplicate", "libvirt_public.syms") == [4, 5]  # was [4]


def test_a_hash_comment_after_a_symbol_covers_that_line_only() -> None:
    text = "LIBVIRT_1.0.0 {\n    global:\n        virXRun; # virt-apigen: ignore syms-duplicate\n        virXRun;\n};"
    assert _covered(text, "syms-duplicate", "libvirt_public.syms") == [3]


def test_a_comment_opener_in_a_hash_comment_opens_nothing() -> None:
    # ld's '#' comment eats the '/*': the marker below is in a comment of its own, not in one opened there
    text = "# old: /* virXStop\nLIBVIRT_1.0.0 {\n    global:\n        # virt-apigen: ignore syms-duplicate\n        virXRun;\n};"
    assert _covered(text, "syms-duplicate", "libvirt_public.syms") == [4, 5]
    text = (
        "LIBVIRT_1.0.0 {\n"
        "    global:\n"
        "        /* virt-apigen: ignore syms-duplicate */\n"
        "        virXRun;\n"
        "        virXRun; /* virt-apigen: ignore */\n"
        "        virXRun;\n"
        "};"
    )
    assert _covered(text, "syms-duplicate", "libvirt_public.syms") == [3, 4, 5]


# --- in an API XML file (check --api-xml) ----------------------------------


def test_an_xml_marker_covers_the_next_line_when_its_text_runs_on_there() -> None:
    xml = (
        "<?xml version='1.0'?>\n"
        "<api name='libvirt'>\n"
        "    <enum name='VIR_X_A' file='libvirt-x' value='1' type='virXFlags' info='virt-apigen: ignore since-missing'/>\n"
        "    <enum name='VIR_X_B' file='libvirt-x' value='2' type='virXFlags'/>\n"
        "    <function name='virXRun' file='libvirt-x' module='libvirt-x'>\n"
        "      <info><![CDATA[virt-apigen: ignore unknown-symbol\n"
        "Runs like virXRunn.]]></info>\n"
        "    </function>\n"
        "</api>"
    )
    assert _covered(xml, file="libvirt-api.xml") == [3]
    assert _covered(xml, "unknown-symbol", file="libvirt-api.xml") == [6, 7]


def test_an_xml_comment_of_its_own_covers_the_next_line_as_in_c() -> None:
    """A ``<!-- -->`` holding its line alone covered that line only (QA, session 30):
    the marker written above a finding's line, as for C, silenced nothing."""
    xml = (
        "<?xml version='1.0'?>\n"
        "<api name='libvirt'>\n"
        "    <!-- virt-apigen: ignore since-missing -->\n"
        "    <enum name='VIR_X_A' file='libvirt-x' value='1' type='virXFlags'/>\n"
        "    <!-- a sentinel:\n"
        "         virt-apigen: ignore since-missing -->\n"
        "    <enum name='VIR_X_B' file='libvirt-x' value='2' type='virXFlags'/>\n"
        "    <!-- virt-apigen: ignore since-missing --> <enum name='VIR_X_C' file='libvirt-x' value='4' type='virXFlags'/>\n"
        "    <enum name='VIR_X_D' file='libvirt-x' value='8' type='virXFlags'/> <!-- virt-apigen: ignore since-missing -->\n"
        "    <enum name='VIR_X_E' file='libvirt-x' value='16' type='virXFlags'/>\n"
        "</api>"
    )
    assert _covered(xml, file="libvirt-api.xml") == [3, 4, 6, 7, 8, 9]


# --- through check ----------------------------------------------------------


def test_check_honours_an_xml_comment_of_its_own_above_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml = tmp_path / "libvirt-api.xml"
    xml.write_text(
        "<?xml version='1.0'?>\n<api name='libvirt'>\n  <symbols>\n"
        "    <!-- virt-apigen: ignore since-missing -->\n"
        "    <enum name='VIR_X_A' file='libvirt-x' value='1' type='virXFlags' info='a'/>\n"
        "    <enum name='VIR_X_B' file='libvirt-x' value='2' type='virXFlags' info='b'/>\n"
        "    <typedef name='virXFlags' file='libvirt-x' type='enum' version='1.0.0'><info>Flags.</info></typedef>\n"
        "  </symbols>\n</api>\n",
        encoding="utf-8",
    )
    assert main(["check", "--api-xml", str(xml), "--only", "since-missing"]) == 0
    assert capsys.readouterr().out == f"{xml}:6:5: warning: 'VIR_X_B' has no 'Since:' tag [since-missing]\n"


def test_check_reports_the_member_below_a_marked_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = "    VIR_X_A = (1 << 0), /* like virXRunn, the the bit (Since: 1.0.0) */\n    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */\n"
    assert HEADER.count(members) == 1
    marked = "    VIR_X_NONE = 1, /* none */ /* virt-apigen: ignore since-missing */\n    VIR_X_MRO = 2,\n    VIR_X_C = 4,\n"
    tree = _tree(tmp_path, header=HEADER.replace(members, marked))
    assert sorted(d.message.split("'")[1] for d in _found(tree) if d.rule == "since-missing") == ["VIR_X_C", "VIR_X_MRO"]
    assert main(["check", "--srcdir", str(tree), "--only", "since-missing"]) == 0
    out = capsys.readouterr().out
    assert "libvirt-x.h:18:5: warning: 'VIR_X_MRO' has no 'Since:' tag [since-missing]" in out and "VIR_X_NONE" not in out


def test_check_reports_the_member_below_a_line_comment_after_code(tmp_path: Path) -> None:
    members = "    VIR_X_A = (1 << 0), /* like virXRunn, the the bit (Since: 1.0.0) */\n    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */\n"
    marked = "    // virt-apigen: ignore since-missing\n    VIR_X_NONE = 1,\n    VIR_X_MRO = 2, // virt-apigen: ignore since-missing\n    VIR_X_C = 4,\n"
    tree = _tree(tmp_path, header=HEADER.replace(members, marked))
    assert sorted(d.message.split("'")[1] for d in _found(tree) if d.rule == "since-missing") == ["VIR_X_C"]


def test_check_honours_hash_comment_markers_in_a_version_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "sample"
    shutil.copytree(Path(__file__).resolve().parent.parent / "generator" / "sample", tree)
    syms = tree / "src" / "libvirt_public.syms"
    text = syms.read_text(encoding="utf-8")
    last = "        virGetVersion;\n};\n"
    assert text.count(last) == 1 and text.index(last) < text.index("LIBVIRT_0.1.0")  # the first block's end
    added = (
        "        # virt-apigen: ignore syms-duplicate\n"
        "        virDomainGetID;\n"
        "        virDomainGetName; # virt-apigen: ignore syms-duplicate\n"
        "        virDomainFree;\n"
    )
    syms.write_text(text.replace(last, "        virGetVersion;\n" + added + "};\n"), encoding="utf-8")
    assert main(["check", "--srcdir", str(tree), "--only", "syms-duplicate"]) == 0
    out = capsys.readouterr().out
    assert "[syms-duplicate]" in out and "'virDomainFree' is already exported" in out
    assert "virDomainGetID" not in out and "virDomainGetName" not in out  # virDomainGetID was reported


@pytest.mark.parametrize(
    ("opening", "left"),
    [
        ("/* virt-apigen: ignore undocumented-enum */\n/**", []),
        ("/* virt-apigen: ignore undocumented-enum */ /**", []),
        # after the '/**' the marker is the comment's first line: its title is no longer read, the enum has no doc
        ("/** virt-apigen: ignore undocumented-enum", ["14:1 since-missing", "14:1 undocumented-enum"]),
    ],
)
def test_a_marker_for_a_doc_comments_opening_line_goes_above_it_or_before_it(tmp_path: Path, opening: str, left: list[str]) -> None:
    """docs/check.md, "A marker for a `/**` line" (QA, session 30: the docs said "on that line")."""
    header = HEADER.replace(" * Flags, see virXRunn; the the flags.\n *\n", "")
    assert header.count("/**\n * virXFlags:") == 1
    found = _found(_tree(tmp_path, header.replace("/**\n * virXFlags:", f"{opening}\n * virXFlags:")))
    assert [f"{d.location.line}:{d.location.col} {d.rule}" for d in found if d.rule in ("since-missing", "undocumented-enum")] == left
