"""The raw-text scanner read as cpp reads it: literals that look like comments
(in ``.c`` files and in macro bodies), CRLF line ends, preprocessor
conditionals around macros, a byte order mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.frontend import load_tree
from generator.frontend.scanner import plain_comment_text, scan, scan_docs_only
from generator.model import Module

HEADER = """\
typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;
int virConnectFoo(virConnectPtr conn, unsigned int flags);
"""

DOC = """\
/**
 * virConnectFoo:
 * @conn: c
 * @flags: f
 *
 * Does foo.
 *
 * Returns 0.
 *
 * Since: 1.0.0
 */
int
virConnectFoo(virConnectPtr conn, unsigned int flags)
{
    return 0;
}
"""

SYMS = "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n};\n"


def _module(root: Path, header: str = HEADER, source: str = DOC) -> Module:
    """A one-header tree: ``header``, ``source`` as its .c file, a .syms file."""
    (root / "include" / "libvirt").mkdir(parents=True)
    (root / "src").mkdir()
    (root / "include" / "libvirt" / "libvirt-host.h").write_bytes(header.encode("utf-8"))
    (root / "src" / "libvirt-host.c").write_bytes(source.encode("utf-8"))
    (root / "src" / "libvirt_public.syms").write_text(SYMS, encoding="utf-8")
    module = load_tree(root).api.module("libvirt")
    assert module is not None
    return module


# -- a .c file's strings, character literals and // comments ----------

@pytest.mark.parametrize("before", [
    'static const char *glob = "/usr/lib/*";\n',  # a "/*" in a string
    "// see /usr/lib/* for more\n",  # a "/*" in a line comment
    "static const char q = '\"'; static const char *s = \"/*\";\n",  # a quote in a character literal
    'static const char *e = "a \\" /* b";\n',  # an escaped quote in a string
    'static const char *c = "a\\\n/* b";\n',  # a string continued on the next line
    'static const char *w = "a\\\r\n/* b";\r\n',  # the same, CRLF
    "int x = 4 / 2; static const char *u = \"x/*y\";\n",  # a division before the string
])
def test_c_doc_survives_a_comment_opener_outside_code(before: str) -> None:
    docs = scan_docs_only("src/t.c", before + DOC)
    block = docs.get("virConnectFoo")
    assert block is not None
    lines = before.count("\n")
    assert (block.line, block.col, block.params) == (lines + 1, 1, (("conn", "c"), ("flags", "f")))
    assert block.lines == ("Does foo.", "", "Returns 0.", "", "Since: 1.0.0")
    assert block.signature == ("conn", "flags")


def test_doc_looking_comment_inside_a_string_is_no_doc() -> None:
    text = 'static const char *fake = "/** virConnectFoo: @conn: FAKE */";\n'
    text += 'static const char *other = "/**\\n * virFake:\\n * @a: b\\n */";\n' + DOC
    docs = scan_docs_only("src/t.c", text)
    block = docs.get("virConnectFoo")
    assert block is not None and block.line == 3 and block.params == (("conn", "c"), ("flags", "f"))
    assert docs.names() == ["virConnectFoo"]


def test_comments_after_code_on_their_line_still_count() -> None:
    """A comment after a string on its line, or after a closed comment holding a
    quote, is a comment: the check stops at the literal's end."""
    text = 'const char *s = "x"; /* it\'s "here */ /** virA: one */\nint y = \'/\'; /** virB: two */\n/* x */ /** virC: three */\n'
    docs = scan_docs_only("src/t.c", text)
    found = {name: docs.get(name) for name in ("virA", "virB", "virC")}
    assert {name: (b.line, b.col, b.lines) for name, b in found.items() if b is not None} == {
        "virA": (1, 39, ("one",)), "virB": (2, 14, ("two",)), "virC": (3, 9, ("three",)),
    }


def test_string_before_the_doc_in_a_tree_keeps_the_function_documented(tmp_path: Path) -> None:
    module = _module(tmp_path, source='static const char *glob = "/usr/lib/*";\n' + DOC)
    function = module.function("virConnectFoo")
    assert function is not None
    assert (function.description, function.return_doc, function.since) == ("Does foo.", "0.", "1.0.0")
    assert (function.doc_location.line, function.doc_location.col) == (2, 1)
    assert [p.doc for p in function.params] == ["c", "f"]


# -- comment openers inside a macro's literals --------------------------

def test_macro_bodies_keep_literals_and_lose_comments() -> None:
    text = (
        '# define VIR_URI_DEFAULT "qemu:///system"\n'
        '# define VIR_STR "a /* b */ c" /* real */\n'
        "# define VIR_SLASH '/' // a slash\n"
        "# define VIR_QUOTE '\"' /* a quote */ + 1\n"
        '# define VIR_SPLIT "x//y" \\\n    "z" // it\'s two\n'
        "# define VIR_ONE 1 // see /* here\n"
        "int virAfter;\n"
        "/* a real comment */\n"
    )
    scanned = scan("t.h", text)
    assert {m.name: m.body for m in scanned.macros} == {
        "VIR_URI_DEFAULT": '"qemu:///system"',
        "VIR_STR": '"a /* b */ c"',
        "VIR_SLASH": "'/'",
        "VIR_QUOTE": "'\"' + 1",
        "VIR_SPLIT": '"x//y" "z"',
        "VIR_ONE": "1",
    }
    # the "/*" inside VIR_ONE's line comment opened no comment reaching past it
    assert [t.text for t in scanned.tokens if t.kind == "ident"] == ["int", "virAfter"]


def test_macro_strings_in_a_tree(tmp_path: Path) -> None:
    header = HEADER + '# define VIR_URI_DEFAULT "qemu:///system"\n# define VIR_STR "a /* b */ c"\n'
    macros = {m.name: m for m in _module(tmp_path, header).macros}
    assert {name: (m.raw, m.string) for name, m in macros.items()} == {
        "VIR_URI_DEFAULT": ('"qemu:///system"', "qemu:///system"),
        "VIR_STR": ('"a /* b */ c"', "a /* b */ c"),
    }


# -- CRLF line ends ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "# define VIR_M(x) \\\r\n    ((x) + 1)\r\nint x;\r\n",  # CRLF
    "# define VIR_M(x) \\ \t\r\n    ((x) + 1)\nint x;\n",  # one line ending "\\ \r" in an LF file
    "# define VIR_M(x) \\\n    ((x) + 1)\nint x;\n",  # LF, for reference
])
def test_continued_macro_reads_alike_with_any_line_end(text: str) -> None:
    scanned = scan("t.h", text)
    assert [(m.name, m.params, m.body, m.line, m.col) for m in scanned.macros] == [("VIR_M", ("x",), "((x) + 1)", 1, 10)]
    assert [(t.text, t.line) for t in scanned.tokens if t.kind != "preproc"] == [("int", 3), ("x", 3), (";", 3)]


@pytest.mark.parametrize("end", ["\\", "\\\r", "\\\n", "\\\r\n"])
def test_backslash_ending_the_file(end: str) -> None:
    scanned = scan("t.h", "int x;\n# define VIR_END 1 " + end)
    assert [(m.name, m.body) for m in scanned.macros] == [("VIR_END", "1")]
    assert [t.kind for t in scanned.tokens] == ["ident", "ident", "punct", "preproc"]


def test_crlf_member_and_field_docs_read_as_lf() -> None:
    assert plain_comment_text("/* first\r\n * second */") == plain_comment_text("/* first\n * second */") == "first\n second"


def test_crlf_tree_matches_its_lf_twin(tmp_path: Path) -> None:
    header = HEADER + (
        "/**\n * VIR_M:\n * @x: a value\n *\n * Adds one.\n */\n"
        "# define VIR_M(x) \\\n    ((x) + 1) /* plus\n               * one */\n"
        "typedef enum {\n    VIR_E_A = 1, /* first\n                  * second */\n} virE;\n"
    )
    lf = _module(tmp_path / "lf", header)
    crlf = _module(tmp_path / "crlf", header.replace("\n", "\r\n"), DOC.replace("\n", "\r\n"))
    assert crlf.macros == lf.macros and crlf.members == lf.members and crlf.functions == lf.functions
    assert [(m.raw, m.params, m.param_docs[0].doc) for m in lf.macros] == [("((x) + 1)", ("x",), "a value")]
    assert [m.doc for m in lf.members] == ["first\n second"]


# -- macros under preprocessor conditionals ----------------------------

CONDITIONAL = """\
#if 0
# define VIR_DEAD_A 1
# ifdef ANYTHING
#  define VIR_DEAD_B 1
# else
#  define VIR_DEAD_C 1
# endif
# if 1
#  define VIR_DEAD_D 1
# endif
#else
# define VIR_LIVE_A 1
#endif
#if 0 /* disabled */
# define VIR_DEAD_E 1
#elif 0
# define VIR_DEAD_F 1
#elif 1
# define VIR_LIVE_B 1
#elif SOMETHING
# define VIR_DEAD_G 1
#else
# define VIR_DEAD_H 1
#endif
#if (0)
# define VIR_DEAD_I 1
#endif
#if 00 || 0x0
# define VIR_LIVE_C 1
#endif
#if 0x0
# define VIR_DEAD_J 1
#endif
#if 0 \\
    /* continued */
# define VIR_DEAD_K 1
#endif
#if 1
# define VIR_LIVE_D 1
#else
# define VIR_DEAD_L 1
#endif
#ifdef NOT_DEFINED
# define VIR_LIVE_E 1
#elif defined(OTHER)
# define VIR_LIVE_F 1
#else
# define VIR_LIVE_G 1
#endif
#if 0
#endif
# define VIR_LIVE_H 1
"""


def test_macros_in_dead_branches_define_nothing() -> None:
    scanned = scan("t.h", CONDITIONAL)
    assert sorted(m.name for m in scanned.macros) == [f"VIR_LIVE_{c}" for c in "ABCDEFGH"]


def test_a_stray_else_or_endif_changes_nothing() -> None:
    scanned = scan("t.h", "#endif\n#else\n# define VIR_A 1\n#if 0\n# define VIR_B 1\n#endif\n#endif\n# define VIR_C 1\n")
    assert [m.name for m in scanned.macros] == ["VIR_A", "VIR_C"]


def test_last_live_definition_wins() -> None:
    text = "#ifdef NOT_DEFINED\n# define VIR_TWICE 1\n#else\n# define VIR_TWICE 2\n#endif\n#if 0\n# define VIR_TWICE 3\n#endif\n"
    scanned = scan("t.h", text)
    assert [(m.name, m.body, m.line) for m in scanned.macros] == [("VIR_TWICE", "2", 4)]


def test_sentinel_tracking_is_unchanged_by_conditionals() -> None:
    text = (
        "typedef enum {\n    VIR_S_A = 0,\n#if 0\n    VIR_S_DEAD = 9,\n#endif\n"
        "#ifdef VIR_ENUM_SENTINELS\n    VIR_S_LAST\n#endif\n} virS;\n"
    )
    scanned = scan("t.h", text)
    infos = {name: scanned.member_info(name, line) for name, line in (("VIR_S_A", 2), ("VIR_S_LAST", 7))}
    assert {name: info.sentinel for name, info in infos.items() if info is not None} == {"VIR_S_A": False, "VIR_S_LAST": True}


def test_conditional_macros_in_a_tree(tmp_path: Path) -> None:
    """The function in an ``#if 0`` block is dropped by cpp, and so is the macro
    beside it; of two live definitions the last counts, with its own doc."""
    header = HEADER + (
        "#if 0\nint virConnectGone(virConnectPtr conn);\n# define VIR_GONE 1\n#endif\n"
        "#ifdef NOT_DEFINED\n/**\n * VIR_TWICE:\n *\n * The first.\n */\n# define VIR_TWICE 1\n"
        "#else\n/**\n * VIR_TWICE:\n *\n * The second.\n */\n# define VIR_TWICE 2\n#endif\n"
    )
    module = _module(tmp_path, header)
    assert module.function("virConnectGone") is None
    assert [(m.name, m.raw, m.doc, m.location.line) for m in module.macros] == [("VIR_TWICE", "2", "The second.", 21)]


# -- a byte order mark ---------------------------------------------

def test_bom_shifts_no_column() -> None:
    plain = scan_docs_only("src/t.c", DOC).get("virConnectFoo")
    marked = scan_docs_only("src/t.c", "\ufeff" + DOC).get("virConnectFoo")
    assert plain is not None and marked is not None
    assert (marked.line, marked.col, marked.signature) == (plain.line, plain.col, plain.signature) == (1, 1, ("conn", "flags"))
    header = scan("t.h", "\ufefftypedef int virT; /** virT: doc */\n# define VIR_X 1\n")
    assert (header.columns.get(("typedef", 1)), header.columns.get(("virT", 1))) == (1, 13)
    assert [t.kind for t in header.tokens] == ["ident", "ident", "ident", "punct", "comment", "preproc"]
    block = header.docs.get("virT")
    assert block is not None and (block.line, block.col) == (1, 19)


def test_bom_in_a_tree_changes_nothing(tmp_path: Path) -> None:
    """Byte order marks on the header and the .c file: every location, the
    first line's too, is what it is without them."""
    plain = _module(tmp_path / "plain")
    marked = _module(tmp_path / "marked", "\ufeff" + HEADER, "\ufeff" + DOC)
    assert marked == plain
    function = marked.function("virConnectFoo")
    assert function is not None and (function.doc_location.line, function.doc_location.col) == (1, 1)
    assert [(t.location.line, t.location.col) for t in marked.structs if t.name == "virConnect"] == [(1, 28)]
