"""Backslash-newline in a header read as cpp reads it (C's translation phase 2):
a ``*\\`` newline ``/`` closes a comment, a ``/\\`` newline ``*`` opens one, a
name split over two lines is one name, and every token is still placed
where it is written (QA's tree t_D_star_splice, whose API XML then agrees
with the model)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from frontend_support import ADDED_LINE, module

from generator.backends import apixml
from generator.frontend.apixml_reader import load_api_xml
from generator.frontend.scanner import scan
from generator.model import Api

# QA's tree t_D_star_splice: the comment of LEAVES ends "*\" newline "/", so NO_LEAVES is code
STAR_SPLICE = (
    "typedef enum {\n"
    "    VIR_L_ROOTS     = (1 << 1), /* roots (Since: 5.6.0) */\n"
    "    VIR_L_LEAVES    = (1 << 2), /* keep only childless ones (Since: 5.6.0) *\\\n"
    "/\n"
    "    VIR_L_NO_LEAVES = (1 << 3), /* keep only ones with a child (Since: 5.6.0) */\n"
    "} virLFlags;\n"
)


@pytest.mark.parametrize("splice", ["\\\n", "\\\r\n", "\\  \n"])  # LF, CRLF, and the spaces gcc allows after the backslash
def test_star_backslash_newline_slash_closes_the_comment(splice: str) -> None:
    scanned = scan("t.h", STAR_SPLICE.replace("\\\n", splice))
    leaves = scanned.member_info("VIR_L_LEAVES", 3)
    no_leaves = scanned.member_info("VIR_L_NO_LEAVES", 5)
    assert leaves is not None and no_leaves is not None
    assert leaves.doc == "keep only childless ones (Since: 5.6.0)"
    assert (no_leaves.expression, no_leaves.doc) == ("(1 << 3)", "keep only ones with a child (Since: 5.6.0)")
    # placed as written: the line after the splice, its own column
    assert scanned.columns.get(("VIR_L_NO_LEAVES", 5)) == 5
    comment = next(t for t in scanned.tokens if t.kind == "comment" and "childless" in t.text)
    assert (comment.line, comment.col, comment.end_line) == (3, 33, 4)


def test_slash_backslash_newline_star_opens_a_comment() -> None:
    text = "enum {\n    VIR_A = 1, /\\\n* doc of A */\n    VIR_B = 2, /* doc of B */\n};\n"
    scanned = scan("t.h", text)
    a, b = scanned.member_info("VIR_A", 2), scanned.member_info("VIR_B", 4)
    assert a is not None and b is not None
    assert (a.expression, a.doc) == ("1", "doc of A")
    assert (b.expression, b.doc) == ("2", "doc of B")


def test_a_name_split_by_a_splice_is_one_name_placed_where_it_starts() -> None:
    text = "enum {\n    VIR_\\\nSPLIT = 1, /* split */\n    VIR_AFTER = 2,\n};\n"
    scanned = scan("t.h", text)
    assert scanned.columns.get(("VIR_SPLIT", 2)) == 5
    assert scanned.columns.get(("VIR_AFTER", 4)) == 5
    split = scanned.member_info("VIR_SPLIT", 2)
    assert split is not None and (split.expression, split.doc) == ("1", "split")


def test_continued_directive_keeps_its_text_as_written() -> None:
    # a macro's continuation lines: the directive is what it was before splicing was read (its text, line, column)
    text = "# define VIR_M(x) \\\n    ((x) + 1)\nint x;\n"
    scanned = scan("t.h", text)
    directive = scanned.tokens[0]
    assert (directive.kind, directive.text, directive.line, directive.col, directive.end_line) == ("preproc", text.split("\nint")[0], 1, 1, 2)
    assert [(m.name, m.body, m.line, m.col) for m in scanned.macros] == [("VIR_M", "((x) + 1)", 1, 10)]
    assert scanned.columns.get(("x", 3)) == 5


def _enum_line(xml: str, name: str) -> str:
    found = re.search(rf"<enum name='{name}'[^>]*/>", xml)
    assert found is not None
    return found.group()


def test_star_splice_tree_xml_agrees_with_the_model(tmp_path: Path) -> None:
    mod = module(tmp_path, STAR_SPLICE)
    no_leaves = mod.member("VIR_L_NO_LEAVES")
    assert no_leaves is not None
    assert (no_leaves.value, no_leaves.expression, no_leaves.since, no_leaves.doc) == (8, "(1 << 3)", "5.6.0", "keep only ones with a child")
    assert no_leaves.location.line == ADDED_LINE + 4
    leaves = mod.member("VIR_L_LEAVES")
    assert leaves is not None and leaves.doc == "keep only childless ones"
    xml = apixml.render(Api((mod,)))["libvirt-api.xml"]
    expected = "value='8' value_hex='0x8' value_bitshift='3' type='virLFlags' version='5.6.0' info='keep only ones with a child'"
    assert expected in _enum_line(xml, "VIR_L_NO_LEAVES")
    path = tmp_path / "libvirt-api.xml"
    path.write_text(xml, encoding="utf-8")
    back = load_api_xml([str(path)]).api.modules[0].member("VIR_L_NO_LEAVES")
    assert back is not None and back.value == 8



MEMBERS_AFTER = "typedef enum {\n    VIR_E_A = 1, /* doc a (Since: 1.0.0) */\n    VIR_E_B = 2, /* doc b (Since: 1.0.0) */\n} virE;\n"


@pytest.mark.parametrize(
    "before",
    [
        "/* a comment\n # not a directive *\\\n/\n",  # a comment line starting with '#' (review: splicing was switched off)
        "#define VIR_X 1 /* x *\\\n/ + 2\n",  # a splice closing a comment inside a directive, the file's only splice
        "#define VIR_X 1 /* x *\\\n/ + 2\n#define VIR_Y \\\n    3\n",  # the same beside a continued #define
    ],
    ids=["hash-comment-line", "directive-comment", "directive-comment-and-continuation"],
)
def test_members_after_a_splice_read_as_cpp_reads_them(before: str) -> None:
    """Review (session 25): a shortcut that left a file unspliced when its splices seemed to continue
    directives only read '#' at a comment line's start as a directive, and a comment a splice closes
    inside a directive ran on into the next members (their docs and versions lost)."""
    scanned = scan("t.h", before + MEMBERS_AFTER)
    line = before.count("\n") + 2
    a, b = scanned.member_info("VIR_E_A", line), scanned.member_info("VIR_E_B", line + 1)
    assert a is not None and b is not None
    assert (a.expression, a.doc, b.expression, b.doc) == ("1", "doc a (Since: 1.0.0)", "2", "doc b (Since: 1.0.0)")
