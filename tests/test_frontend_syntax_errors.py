"""C syntax errors placed in the real header, and long and deep expressions.

A syntax error names a header position (not the preprocessed unit's), keeps
pycparser's message when no better place is known, and the CLI prints it and
writes nothing; a thousand-term sum is parsed and evaluated, and deep prefix
operators or parentheses are placed where the parser gave up.

Each test builds a small tree of its own (one header, its ``.c`` file and a
version script) so that the line and column it expects are easy to check."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from frontend_support import ADDED_LINE, HEADER, make_tree, module, run
from pycparser import c_parser

from generator.frontend import FrontendError, fastparse
from generator.frontend.parallel import parse_tree
from generator.frontend.tree import discover


def parse_error(tmp_path: Path, extra: str) -> str:
    """The error a header ending in ``extra`` gives, as the CLI prints it (paths relative to the tree)."""
    with pytest.raises(FrontendError) as raised:
        parse_tree(discover(make_tree(tmp_path / "tree", extra)))
    return str(raised.value)


# --- every C syntax error names a header position -------------------


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        # pycparser gives these no position at all (it named our scratch unit.c)
        ("int virBar(virConnectPtr conn, virBogusPtr b);", f"{ADDED_LINE}:32: error: unknown type name 'virBogusPtr'"),
        ("int virBar(virConnectPtr conn, virBogus *b);", f"{ADDED_LINE}:32: error: unknown type name 'virBogus'"),
        ("struct _virS { int a; size_t n; };", f"{ADDED_LINE}:23: error: unknown type name 'size_t'"),
        ("struct _virS { int a; virBogus (*cb)(void); };", f"{ADDED_LINE}:23: error: unknown type name 'virBogus'"),
        ("int virBar(virConnectPtr conn,, int b);", f"{ADDED_LINE}:31: error: Invalid declaration before: ,"),
        # a character constant sends the text through pycparser's own lexer: placed all the same
        ("char virC = 'a'; int virBar(virConnectPtr conn, virBogusPtr b);", f"{ADDED_LINE}:49: error: unknown type name 'virBogusPtr'"),
        # the input ends inside a declaration with nothing left open: at its last token
        ("int virBar(virConnectPtr conn)", f"{ADDED_LINE}:30: error: syntax error at end of input: the declaration ending with ')' is not finished"),
    ],
)
def test_syntax_error_is_placed_in_the_header(tmp_path: Path, declaration: str, expected: str) -> None:
    assert parse_error(tmp_path, declaration + "\n") == f"{HEADER}:{expected}"


def test_unplaced_error_keeps_pycparsers_message_and_adds_the_place() -> None:
    text = '# 1 "inc/h.h"\ntypedef int T;\nint f(T a, U b);\n'
    for parser in (fastparse.parser(), fastparse._PositionedParser()):  # the fast way and the fall-back's
        with pytest.raises(fastparse.PlacedParseError) as raised:
            parser.parse(text, "unit.c")
        with pytest.raises(c_parser.ParseError) as stock:
            c_parser.CParser().parse(text, "unit.c")
        assert str(raised.value) == str(stock.value) == "inc/h.h: Invalid declaration"
        assert raised.value.placed == "inc/h.h:2:12: unknown type name 'U'"


def test_a_bracket_a_header_leaves_open_is_placed_in_it_not_in_the_next_header(tmp_path: Path) -> None:
    """QA (session 24): pycparser read on into the next header and stopped there, at a file the user
    may never have named ("libvirt-zzz.h:1:1: error: syntax error before: int"); the last header's
    own '{' left open was already placed so."""
    files = {"include/libvirt/libvirt-zzz.h": "int virZzz(void);\n"}
    with pytest.raises(FrontendError) as raised:
        parse_tree(discover(make_tree(tmp_path / "tree", "typedef enum {\n    VIR_QA_OPEN = 1,\n", files=files)))
    assert str(raised.value) == f"{HEADER}:{ADDED_LINE}:14: error: '{{' is never closed"


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # QA (session 24): "'}' closes nothing that is open" at the '}' closing the enum's '{'
        ("    VIR_QA_A = (1 << ,\n    VIR_QA_B = (1 << 3),\n", f"{ADDED_LINE + 1}:16: error: '(' is never closed"),
        ("    VIR_QA_A = ((1 << 2) | (4,\n", f"{ADDED_LINE + 1}:16: error: '(' is never closed"),  # the outermost skipped
    ],
)
def test_an_opener_a_closer_of_another_kind_skips_is_never_closed(tmp_path: Path, members: str, expected: str) -> None:
    assert parse_error(tmp_path, f"typedef enum {{\n{members}}} virQa;\n") == f"{HEADER}:{expected}"


def test_cli_prints_the_header_position_and_writes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path / "tree", "int virBar(virConnectPtr conn, virBogusPtr b);\n")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"tree/{HEADER}:{ADDED_LINE}:32: error: unknown type name 'virBogusPtr'"]
    assert not (tmp_path / "out").exists()


# --- long and deep expressions ----------------------------------


def test_a_thousand_term_sum_is_parsed_and_evaluated(tmp_path: Path) -> None:
    recursion_limit = sys.getrecursionlimit()
    sum_text = "+".join(["1"] * 1000)
    decls, _ = parse_tree(discover(make_tree(tmp_path / "tree", f"typedef enum {{ VIR_M_A = {sum_text}, VIR_M_B }} virM;\n")))
    members = {member.name: member.value for enum in decls.enums for member in enum.members}
    assert members == {"VIR_M_A": 1000, "VIR_M_B": 1001}
    assert sys.getrecursionlimit() == recursion_limit  # the room for evaluating is given back


def test_deep_prefix_operators_are_placed_where_the_parser_gave_up(tmp_path: Path) -> None:
    # no bracket nests here: "nested 1 levels deep" at some other line was the old answer
    message = parse_error(tmp_path, "typedef enum { VIR_U = " + "- " * 600 + "1 } virU;\n")
    assert message.startswith(f"{HEADER}:{ADDED_LINE}:")
    assert message.endswith("error: operators nested too deep for the C parser (pycparser), which gave up here")
    column = int(message.split(":")[2])
    assert 24 < column < 24 + 2 * 600  # on one of the operators


def test_deep_parentheses_name_the_deepest_one(tmp_path: Path) -> None:
    message = parse_error(tmp_path, "int virOther(void);\ntypedef enum { VIR_D = " + "(" * 300 + "1" + ")" * 300 + " } virD;\n")
    assert message == f"{HEADER}:{ADDED_LINE + 1}:{23 + 300}: error: nested 301 levels deep here: too deep for the C parser (pycparser)"


def test_deep_parentheses_are_placed_when_a_character_constant_is_in_the_unit(tmp_path: Path) -> None:
    """QA, session 26: with a character constant in the unit pycparser's own lexer reads
    (fastparse leaves it to it), the parser's stop was not known and the error had no place."""
    text = "typedef enum { VIR_C = 'a' } virC;\ntypedef enum { VIR_D = " + "(" * 300 + "1" + ")" * 300 + " } virD;\nint virOther(void);\n"
    message = parse_error(tmp_path, text)
    assert message == f"{HEADER}:{ADDED_LINE + 1}:{23 + 300}: error: nested 301 levels deep here: too deep for the C parser (pycparser)"


def test_nesting_built_by_a_chain_of_macros_is_placed_at_the_macro_on_its_line(tmp_path: Path) -> None:
    # each macro adds one level, the enum one more: the line's expansion is ~15,000 columns wide, the source line 36;
    # the column of the expansion (past the line's end) was printed before
    chain = "#define VIR_C0 0\n" + "".join(f"#define VIR_C{i} (VIR_C{i - 1} + 1)\n" for i in range(1, 1500))
    message = parse_error(tmp_path, chain + "typedef enum { VIR_Z = VIR_C1499 } virZ;\n")
    assert message == f"{HEADER}:{ADDED_LINE + 1500}:24: error: nested 1500 levels deep here: too deep for the C parser (pycparser)"


@pytest.mark.parametrize("directive", ['#ident "virt-apigen test"', '# ident "x"', '#sccs "@(#) x"'])
def test_ident_and_sccs_lines_are_no_error(tmp_path: Path, directive: str) -> None:
    """QA (session 20): gcc's cpp passes #ident through, gcc takes it, and pycparser stopped at it
    ("Directives not supported yet")."""
    found = module(tmp_path, f"{directive}\nint virAfterIdent(int a);\n")
    assert "virAfterIdent" in {f.name for f in found.functions}
