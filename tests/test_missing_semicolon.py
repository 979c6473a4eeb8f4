"""A declaration not closed by ``;``, said as gcc says it.

QA: 9.0.0's libvirt-domain.h with the ``;`` of ``} virDomainAbortJobFlagsValues;``
removed said "Invalid function definition" at that name: pycparser reads the
declarations that follow as an old-style definition's parameter declarations
and finds no body (a declarator that is a typedef name already, a second
declarator or a struct member get "before: int" at the next declaration).
gcc says "expected ';' before 'int'", just past the name.  Now: ``expected
';' after 'virFoo'`` (``after the declaration of 'virFoo'`` where the
declarator ends past its name: a prototype's ``)``, an attribute), placed just
past the declaration's last token, when the next declaration's first token
(a type word, a qualifier, a storage class, a tag keyword, a typedef name)
follows it.  It is the first mistake, said first as gcc says it, also where
pycparser stopped later, in the declarations it read as parameters (at a
name the typedef left open would have declared: "unknown type name
'virS'" before).  Any other syntax error keeps its message, an unknown type
name with no declaration left open before it too.

:func:`generator.frontend.cdecl.parse` says the place in cpp's output (exact
columns here); the tree's tests check the header, line and column it is
placed on: :mod:`generator.frontend.parallel` places a column just past a
token of cpp's output just past that token in the header's line, and past
the words there that expanded to nothing (``VIR_DEPRECATED``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import ADDED_LINE, HEADER, error, libvirt_mini_tree, run

from generator.frontend import FrontendError, cdecl


def parse_error(text: str) -> str:
    """cdecl's error (a place in cpp's output) for ``text``, the lines of a header ``h.h``."""
    with pytest.raises(FrontendError) as raised:
        cdecl.parse('# 1 "h.h"\n' + text, "unit.c")
    return raised.value.message


# --- in cpp's output: the column just past the declaration ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # typedef enum / typedef struct, a body or a tag (pycparser: "Invalid function definition" at the name)
        ("typedef enum { VIR_A = 1 } virA\nint virB(void);\n", "h.h:1:32: expected ';' after 'virA'"),
        ("typedef struct _virS { int a; } virS\nstruct _virX;\n", "h.h:1:37: expected ';' after 'virS'"),
        # was "unknown type name '_virS'": a word after 'struct' is a tag
        ("typedef struct _virS virS\ntypedef int virT;\n", "h.h:1:26: expected ';' after 'virS'"),
        ("typedef struct _virS *virSPtr\nextern int virX;\n", "h.h:1:30: expected ';' after 'virSPtr'"),
        # pycparser places this declarator at its '*', inside the parentheses
        ("typedef int (*virCb)(int a)\nint virB(void);\n", "h.h:1:28: expected ';' after the declaration of 'virCb'"),
        # a prototype: past its ')', on the line of the ')', past an attribute after it
        ("int virA(int a)\nint virB(void);\n", "h.h:1:16: expected ';' after the declaration of 'virA'"),
        ("int virA(int a,\n         int b)\nconst char *virB(void);\n", "h.h:2:16: expected ';' after the declaration of 'virA'"),
        ("int virA(int a) __attribute__((deprecated))\nint virB(void);\n", "h.h:1:44: expected ';' after the declaration of 'virA'"),
        ("char **virA(int a)\nenum virE virB(void);\n", "h.h:1:19: expected ';' after the declaration of 'virA'"),
        ("int virA(int a) int virB(void);\n", "h.h:1:16: expected ';' after the declaration of 'virA'"),
        # a variable, of a type word or a typedef name, followed by a declaration starting with either
        ("extern int virV\nint virB(void);\n", "h.h:1:16: expected ';' after 'virV'"),
        ("typedef int virT;\nextern virT virV\nvirT virB(void);\n", "h.h:2:17: expected ';' after 'virV'"),
        # pycparser's "before: int": a second declarator, a typedef name declared again, a struct member
        ("int virA, virB\nint virC(void);\n", "h.h:1:15: expected ';' after 'virB'"),
        ("typedef int virT;\ntypedef int virT\nint virB(void);\n", "h.h:2:17: expected ';' after 'virT'"),
        ("struct _virS {\n    int a\n    unsigned int b;\n};\n", "h.h:2:10: expected ';' after 'a'"),
        # the last declaration of a header, another header's text after it: in the first header
        ('int virA(int a)\n# 1 "b.h"\ntypedef int virB;\n', "h.h:1:16: expected ';' after the declaration of 'virA'"),
        ('typedef enum { VIR_A } virA\n# 1 "b.h"\n\n\nstruct _virB;\n', "h.h:1:28: expected ';' after 'virA'"),
        # the declarations after it read as an old-style definition's parameters, where pycparser stops at a
        # name the typedef would have declared: was "unknown type name 'virS'" (also where pycparser gives no place)
        ("typedef struct _virS virS\ntypedef virS *virSPtr;\n", "h.h:1:26: expected ';' after 'virS'"),
        ("typedef struct _virS virS\nint virA(int a);\nint virB(virS *s);\n", "h.h:1:26: expected ';' after 'virS'"),
        # the first mistake is said first, as gcc says it: the ';', then (once added) the unknown type name
        ("int virA(int a)\nint virB(virBogus x);\n", "h.h:1:16: expected ';' after the declaration of 'virA'"),
        ("typedef int virA\nint virB(void)\nint virC;\n", "h.h:1:17: expected ';' after 'virA'"),
        # after a function's body and a static assertion, which are no declarators
        ("static inline int virA(int a) { return a; }\nint virB(void)\nint virC(void);\n", "h.h:2:15: expected ';' after the declaration of 'virB'"),
        ('_Static_assert(1, "x");\nint virA(void)\nint virB(void);\n', "h.h:2:15: expected ';' after the declaration of 'virA'"),
        # a text pycparser's own lexer reads (a character constant): the typedef names are known all the same
        ("typedef int virT;\nchar virC = 'a';\nextern virT virV\nvirT virB(void);\n", "h.h:3:17: expected ';' after 'virV'"),
    ],
)
def test_a_declaration_missing_its_semicolon_is_said_just_past_it(text: str, expected: str) -> None:
    assert parse_error(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an initializer, a bit-field: gcc expects ',' or ';' (or more); pycparser's message stays
        ("int virA = 1\nint virB;\n", "h.h:2:1: before: int"),
        ("struct _virS { int a : 3\n int b; };\n", "h.h:2:2: before: int"),
        # a ',' missing between parameters, a ',' missing in an enum: no declaration ends there
        ("int virA(int a int b);\n", "h.h:1:16: before: int"),
        ("enum virE { VIR_E_A = 1\n int b };\n", "h.h:2:2: before: int"),
        # old-style parameter names: the declarations may be the definition's (gcc takes `int f(a) int a; {...}`)
        ("int virA(a, b)\nint virB(void);\n", "h.h:1:5: Invalid function definition"),
        # past an old-style definition the declarations are not told apart; the word after 'struct' is a tag,
        # no unknown type name (was "unknown type name '_virS'")
        ("int virG(a) int a; { return a; }\ntypedef struct _virS virS\nint virX;\n", "h.h:2:22: Invalid function definition"),
        # a struct definition with no declarator is no declarator left open (pycparser reads on, as gcc does)
        ("struct _virS { int a; }\ntypedef int virT;\nint virB(void);\n", "h.h:1:8: Invalid multiple types specified"),
        # a declaration with no type (implicit int): not certain
        ("static virA\nint virB;\n", "h.h:1:8: Invalid function definition"),
        # what follows starts no declaration
        ("int virA(int a) virX;\n", "h.h:1:17: before: virX"),
        # a stray word before the ';' (QA): adding a ';' before it leaves gcc's "expected '{' before ';'"
        ("int virA(int a) struct;\n", "h.h:1:17: Invalid struct/union declaration"),
        ("int virA(int a) int;\n", "h.h:1:17: Invalid declaration"),
        ("typedef int virT;\nint virA(int a) virT;\n", "h.h:2:17: Invalid declaration"),
        ("int virA(int a) typedef;\n", "?: Invalid declaration"),
        # an unknown type name is said first
        ("int virA(int a)\nvirBogus virB(void);\n", "h.h:2:1: unknown type name 'virBogus'"),
        # the input ends: parallel places it at the last token (tests/test_frontend_syntax_errors.py)
        ("typedef enum { VIR_A } virA\n", "h.h: At end of input"),
    ],
)
def test_other_syntax_errors_keep_their_message(text: str, expected: str) -> None:
    assert parse_error(text) == expected


# --- in the header --------------------------------------------------------------

# (the header's text appended after its first three lines, files added, the line and column just
# past the declaration in the header, the message)
PLACED = [
    # a macro after the name that expands to the next declaration's first token: the place is just past the name (QA)
    pytest.param("#define VIR_TYPE int\nint virA VIR_TYPE virB(void);\n", {}, ADDED_LINE + 1, 9, "expected ';' after 'virA'", id="macro-type-after"),
    pytest.param(
        "#define VIR_EXT extern\nint virA(int a) VIR_EXT int virB(void);\n", {}, ADDED_LINE + 1, 16,
        "expected ';' after the declaration of 'virA'", id="macro-storage-after",
    ),
    # a function-like macro expanding to nothing: past its arguments, not inside them (review)
    pytest.param(
        "#define VIR_ATTR(x)\nint virA(int a) VIR_ATTR(deprecated)\nint virB(void);\n", {}, ADDED_LINE + 1, 37,
        "expected ';' after the declaration of 'virA'", id="function-like-macro-after",
    ),
    pytest.param("typedef enum {\n    VIR_A = 1,\n} virA\n\nint virBar(void);\n", {}, ADDED_LINE + 2, 7, "expected ';' after 'virA'", id="typedef-enum"),
    pytest.param("typedef struct _virS virS\ntypedef virS *virSPtr;\n", {}, ADDED_LINE, 26, "expected ';' after 'virS'", id="typedef-struct"),
    pytest.param(
        "int virBar(virConnectPtr conn,\n           unsigned int flags)\nint virBaz(void);\n", {}, ADDED_LINE + 1, 31,
        "expected ';' after the declaration of 'virBar'", id="prototype",
    ),
    # the tree's VIR_DEPRECATED (we define it empty for cpp) and an attribute macro: past the macro
    pytest.param(
        "int virBar(virConnectPtr conn) VIR_DEPRECATED\nint virBaz(void);\n", {}, ADDED_LINE, 46,
        "expected ';' after the declaration of 'virBar'", id="prototype-VIR_DEPRECATED",
    ),
    pytest.param(
        "#define VIR_WARN __attribute__((warn_unused_result))\nint virBar(virConnectPtr conn) VIR_WARN\nint virBaz(void);\n", {},
        ADDED_LINE + 1, 40, "expected ';' after the declaration of 'virBar'", id="prototype-attribute-macro",
    ),
    pytest.param(
        "# define VIR_EXPORT_VAR extern\nVIR_EXPORT_VAR virConnectPtr virConnectDefault /* c */\nVIR_EXPORT_VAR int virOther;\n", {},
        ADDED_LINE + 1, 47, "expected ';' after 'virConnectDefault'", id="variable",
    ),
    # the header's last declaration, followed by the next header's text (another module's header, read later)
    pytest.param(
        "int virBar(virConnectPtr conn)", {"include/libvirt/libvirt-network.h": "/* next */\nint virNetworkFoo(void);\n"},
        ADDED_LINE, 31, "expected ';' after the declaration of 'virBar'", id="last-of-its-header",
    ),
]


@pytest.mark.parametrize(("extra", "files", "line", "col", "message"), PLACED)
def test_the_error_is_just_past_the_declaration_in_the_header(
    tmp_path: Path, extra: str, files: dict[str, str], line: int, col: int, message: str,
) -> None:
    assert error(tmp_path, extra, files) == f"{HEADER}:{line}:{col}: error: {message}"


def test_the_end_of_the_input_keeps_its_message(tmp_path: Path) -> None:
    assert error(tmp_path, "typedef enum { VIR_A } virA\n") == (
        f"{HEADER}:{ADDED_LINE}:24: error: syntax error at end of input: the declaration ending with 'virA' is not finished"
    )


# --- 9.0.0 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "old", "new", "expected"),
    [
        # QA's report: the ';' of `} virDomainAbortJobFlagsValues;`
        (4154, "} virDomainAbortJobFlagsValues;", "} virDomainAbortJobFlagsValues", "expected ';' after 'virDomainAbortJobFlagsValues'"),
        # the header's last declaration, libvirt-domain-checkpoint.h's `typedef struct ...` after it
        (6479, "unsigned int flags);", "unsigned int flags)", "expected ';' after the declaration of 'virDomainFDAssociate'"),
    ],
)
def test_cli_on_libvirt_9_0_0(tmp_path: Path, line: int, old: str, new: str, expected: str) -> None:
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE})")
    tree = libvirt_mini_tree(tmp_path / "tree", "libvirt.c", "")
    header = tree / "include" / "libvirt" / "libvirt-domain.h"
    lines = header.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].strip() == old
    lines[line - 1] = lines[line - 1].replace(old, new)
    header.write_text("\n".join(lines), encoding="utf-8")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    [said] = done.stderr.splitlines()
    file, at, _, message = said.split(":", 3)
    assert (file, int(at), message) == ("tree/include/libvirt/libvirt-domain.h", line, f" error: {expected}")
    assert not (tmp_path / "out").exists()
