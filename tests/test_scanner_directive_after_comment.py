"""A directive after a comment on its line (``/* c */ # define VIR_X 2``) is a directive.

cpp replaces each comment by a space before it looks for directives, so
``#`` is then the first token of its line: cpp defines the macro, and a
``/* c */ #if 0`` hides what follows from the C parser.  The scanner's
tokenizer took a directive at a line's start only: the ``#`` was a stray
token and words, the macro missing from the model, the API XML and
``check`` without a word, and an ``#if 0`` so written hid nothing from it.
Decided: read as cpp reads it (see the scanner's module docstring).
"""

from __future__ import annotations

from pathlib import Path

from frontend_support import ADDED_LINE, module

from generator.frontend.scanner import scan

DOC = "/**\n * {name}:\n *\n * A value.\n *\n * Since: 1.2.3\n */\n"


def test_a_define_after_a_comment_is_a_macro_with_its_doc_and_place(tmp_path: Path) -> None:
    extra = (
        DOC.format(name="VIR_QA_SPACED") + "/* c */ # define VIR_QA_SPACED 1\n"
        + DOC.format(name="VIR_QA_TIGHT") + "/* c */#define VIR_QA_TIGHT (1 << 2)\n"
        + DOC.format(name="VIR_QA_TWO") + "  /* a */ /* b */\t#define VIR_QA_TWO 3\n"
    )
    macros = {m.name: m for m in module(tmp_path, extra).macros}
    spaced, tight, two = macros["VIR_QA_SPACED"], macros["VIR_QA_TIGHT"], macros["VIR_QA_TWO"]  # was a KeyError: none was read
    assert (spaced.raw, spaced.since, spaced.doc) == ("1", "1.2.3", "A value.")
    assert (tight.raw, tight.since, tight.doc) == ("(1 << 2)", "1.2.3", "A value.")
    assert (two.raw, two.since, two.doc) == ("3", "1.2.3", "A value.")
    assert (spaced.location.line, spaced.location.col) == (ADDED_LINE + 7, 18)  # at its name, as every macro
    assert (tight.location.line, tight.location.col) == (ADDED_LINE + 15, 16)
    assert (two.location.line, two.location.col) == (ADDED_LINE + 23, 27)


def test_a_doc_comment_ending_on_the_directives_line_documents_it(tmp_path: Path) -> None:
    extra = "/**\n * VIR_QA_CLOSED:\n *\n * A value.\n *\n * Since: 1.2.3\n */ #define VIR_QA_CLOSED 1\n"
    macro = next(m for m in module(tmp_path, extra).macros if m.name == "VIR_QA_CLOSED")
    assert (macro.raw, macro.doc, macro.since, macro.location.line) == ("1", "A value.", "1.2.3", ADDED_LINE + 6)


def test_a_conditional_after_a_comment_hides_what_cpp_drops(tmp_path: Path) -> None:
    extra = "/* off */ #if 0\n#define VIR_QA_DEAD 1\n/* end */ #endif\n#define VIR_QA_LIVE 2\n"
    names = {m.name for m in module(tmp_path, extra).macros}
    assert "VIR_QA_LIVE" in names
    assert "VIR_QA_DEAD" not in names  # was there: the #if after a comment was no directive to the scanner


def test_the_tokens_are_a_comment_then_the_directive() -> None:
    tokens = scan("x.h", "int a;\n/* c */ # define X 2\nint b;\n").tokens
    assert [(t.kind, t.text, t.line, t.col) for t in tokens[3:6]] == [
        ("comment", "/* c */", 2, 1), ("preproc", "# define X 2", 2, 9), ("ident", "int", 3, 1),
    ]


def test_a_sentinel_guard_after_a_comment_marks_the_sentinel(tmp_path: Path) -> None:
    extra = (
        "typedef enum {\n    VIR_QA_A = 0, /* a (Since: 1.0.0) */\n\n"
        "    /* guarded */ # ifdef VIR_ENUM_SENTINELS\n    VIR_QA_LAST\n    /* done */ # endif\n} virQaKind;\n"
    )
    members = {m.name: m for m in module(tmp_path, extra).members}
    assert (members["VIR_QA_A"].sentinel, members["VIR_QA_LAST"].sentinel) == (False, True)  # was not a sentinel


def test_a_continued_directive_after_a_comment_keeps_its_text_as_written() -> None:
    scanned = scan("x.h", "/* c */ #define VIR_QA_CONT \\\n    (1 + \\\n     2)\nint b;\n")
    directive = next(t for t in scanned.tokens if t.kind == "preproc")
    assert (directive.text, directive.line, directive.col, directive.end_line) == ("#define VIR_QA_CONT \\\n    (1 + \\\n     2)", 1, 9, 3)
    assert [(m.name, m.body, m.line, m.col) for m in scanned.macros] == [("VIR_QA_CONT", "(1 + 2)", 1, 17)]
