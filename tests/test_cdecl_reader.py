"""The C declaration reader (``generator/frontend/cdecl.py``): hostile initializers,
redeclarations, function pointers and arrays of arrays, enums declared apart
from their typedef, initializers C can evaluate, duplicate enumerators.

Most cases go through ``load_tree`` on a one-header tree (cpp, pycparser and
the builder, as a run does); the value rules also through ``cdecl.parse`` on
plain C, and one case through the CLI for the exit code and the one line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from conftest import REPO

from generator.backends import apixml
from generator.frontend import FrontendError, cdecl, load_tree
from generator.model import Api, Module

HEADER = "include/libvirt/libvirt-t.h"
PRELUDE = "typedef struct _virConnect virConnect;\ntypedef virConnect *virConnectPtr;\n"  # lines 1-2 of every header


def _tree(tmp_path: Path, body: str) -> Path:
    (tmp_path / "include" / "libvirt").mkdir(parents=True)
    (tmp_path / HEADER).write_text(PRELUDE + body, encoding="utf-8")
    return tmp_path


def _module(tmp_path: Path, body: str) -> Module:
    return load_tree(_tree(tmp_path, body)).api.modules[0]


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(FrontendError) as raised:
        load_tree(_tree(tmp_path, body))
    return str(raised.value)


def _values(body: str) -> dict[str, int | None]:
    decls = cdecl.parse(body, "t.h")
    return {m.name: m.value for e in decls.enums for m in e.members}


# --- hostile shifts and products ------------------------------------------


def test_out_of_range_shifts_and_products_are_left_unevaluated() -> None:
    _values("enum { A = 1 };\n")  # the parser's own set-up, before the measure
    tracemalloc.start()
    try:
        values = _values(
            "enum { A = 1 << -1, B, C = 1 << 64, D = 1 << 20000, E = 1 << 0x7fffffff, F = 1 >> -2,\n"
            "  G = 0xffffffff * 0xffffffff * 0xffffffff * 0xffffffff * 0xffffffff,\n"
            "  H = (1ULL << 63) * 2, I = 18446744073709551615ULL, J, K = -(1LL << 62) * 2, L = K - 1,\n"
            "  M = 123456789012345678901234567890, N = 1ULL << 40, O = 1U << 31, P = 1 << 63 };\n"
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # memory, not time (a shared machine's clock says little): 1 << 0x7fffffff
    # alone is a 256 MB integer (it took seconds and 830 MB); the parse of
    # these lines takes well under 1 MB
    assert peak < 4 << 20
    assert values == {
        "A": None, "B": None, "C": None, "D": None, "E": None, "F": None, "G": None, "H": None,
        "I": 2**64 - 1, "J": None, "K": -(2**63), "L": None, "M": None, "N": 2**40, "O": 2**31, "P": 2**63,
    }


def test_a_hostile_shift_in_a_tree_gives_null_not_a_traceback(tmp_path: Path) -> None:
    module = _module(tmp_path, "typedef enum { VIR_A = 1 << -1, VIR_B, VIR_C = 1 << 20000 } virA;\n")
    members = {m.name: (m.value, m.expression) for m in module.members}
    assert members == {"VIR_A": (None, "1 << - 1"), "VIR_B": (None, ""), "VIR_C": (None, "1 << 20000")}


def test_a_long_flat_chain_is_evaluated() -> None:
    """gcc takes 1000 terms; one Python frame per operator ran out of stack."""
    assert _values("enum { A = " + " + ".join(["1"] * 3000) + " };\n") == {"A": 3000}


# --- what C evaluates -------------------------------------------------------


def test_character_constants_division_conditionals_and_comparisons() -> None:
    values = _values(
        "enum { A = 'a', B, C = '\\n', D = '\\x41', E = '\\101', F = '\\'', G = L'\\xff', H = u'\\u00e9',\n"
        "  I = 'ab', J = '\\xff', K = '\\200',\n"
        "  L = -7 % 3, M = 7 % -3, N = -7 / 2, O = 7 / 0, P = 7 % 0,\n"
        "  Q = 1 ? 5 : 6, R = 0 ? 5 : 6, S = 1 == 1, T = 1 != 1, U = 2 < 1, V = 2 >= 2,\n"
        "  W = 0 && UNKNOWN, X = 1 || UNKNOWN, Y = 1 && UNKNOWN, Z = 2 && 3, AA = !5, AB = 0b101,\n"
        "  AC = sizeof(int), AD, AE = 1.5 };\n"
    )
    assert values == {
        "A": 97, "B": 98, "C": 10, "D": 65, "E": 65, "F": 39, "G": 255, "H": 0xE9,
        "I": None, "J": None, "K": None,  # multi-character; a plain char above 127: implementation-defined
        "L": -1, "M": 1, "N": -3, "O": None, "P": None,
        "Q": 5, "R": 6, "S": 1, "T": 0, "U": 0, "V": 1,
        "W": 0, "X": 1, "Y": None, "Z": 1, "AA": 0, "AB": 5,
        "AC": None, "AD": None, "AE": None,
    }


def test_implicit_member_after_a_character_constant_in_a_tree(tmp_path: Path) -> None:
    module = _module(tmp_path, "typedef enum { VIR_I_A = 'a', VIR_I_B, VIR_I_C = -7 % 3, VIR_I_D = 1 ? 5 : 6 } virI;\n")
    assert {m.name: m.value for m in module.members} == {"VIR_I_A": 97, "VIR_I_B": 98, "VIR_I_C": -1, "VIR_I_D": 5}


# --- redeclarations ----------------------------------------------------


def test_identical_redeclarations_give_one_symbol_at_the_first(tmp_path: Path) -> None:
    module = _module(tmp_path, (
        "int virTFoo(virConnectPtr conn, const char *names[]);\n"
        "int virTFoo(virConnectPtr c, const char **n);\n"
        "typedef int virTInt;\n"
        "typedef int virTInt;\n"
        "typedef void (*virTCb)(int x);\n"
        "typedef void (*virTCb)(int y);\n"
        "typedef struct _virConnect virConnect;\n"
        "enum _virTE { VIR_TE_A };\n"
        "typedef enum _virTE virTE;\n"
        "typedef enum _virTE virTE;\n"
    ))
    assert [(f.name, f.location.line, [p.name for p in f.params]) for f in module.functions] == [("virTFoo", 3, ["conn", "names"])]
    assert [(t.name, t.location.line) for t in module.typedefs] == [("virConnectPtr", 2), ("virTInt", 5)]
    assert [(f.name, f.location.line) for f in module.functypes] == [("virTCb", 7)]
    assert [(s.name, s.location.line) for s in module.structs] == [("virConnect", 1)]
    assert [(e.name, e.members) for e in module.enums] == [("virTE", ("VIR_TE_A",))]


@pytest.mark.parametrize(("body", "expected"), [
    ("int virTFoo(int a);\nint virTFoo(long a);\n", "4:5: error: conflicting types for 'virTFoo'"),
    ("int virTFoo(int a);\nlong   virTFoo(int a);\n", "4:8: error: conflicting types for 'virTFoo'"),
    ("int virTFoo(int a);\nint virTFoo(int a, int b);\n", "4:5: error: conflicting types for 'virTFoo'"),
    ("typedef int virTInt;\ntypedef long virTInt;\n", "4:14: error: conflicting types for 'virTInt'"),
    ("typedef int (*virTCb)(int a);\ntypedef int (*virTCb)(char *a);\n", "4:15: error: conflicting types for 'virTCb'"),
    ("typedef int virTCb;\ntypedef int (*virTCb)(int a);\n", "4:15: error: conflicting types for 'virTCb'"),
    ("extern int virTVar;\nextern long virTVar;\n", "4:13: error: conflicting types for 'virTVar'"),
    ("typedef enum { VIR_TA } virTE;\ntypedef enum { VIR_TB } virTE;\n", "4:25: error: conflicting types for 'virTE'"),
    ("typedef enum { VIR_TA } virTE;\ntypedef int virTE;\n", "4:13: error: conflicting types for 'virTE'"),
    ("enum { VIR_TA };\nint VIR_TA(void);\n", "4:5: error: 'VIR_TA' redeclared as different kind of symbol"),
    ("int virTFoo(void);\nenum { virTFoo };\n", "4:8: error: 'virTFoo' redeclared as different kind of symbol"),
    ("typedef enum { VIR_J_A = 1, VIR_J_A = 2 } virJ;\n", "3:29: error: redeclaration of enumerator 'VIR_J_A'"),
    ("typedef enum { VIR_J_A } virJ;\ntypedef enum {\n    VIR_J_B,\n    VIR_J_A,\n} virK;\n", "6:5: error: redeclaration of enumerator 'VIR_J_A'"),
    ("enum _virTE { VIR_TA };\nenum _virTE { VIR_TB };\n", "4:6: error: redeclaration of 'enum _virTE'"),
    ("struct _virTS { int a; };\nstruct _virTS { int a; };\n", "4:8: error: redefinition of 'struct _virTS'"),
])
def test_conflicting_redeclarations_are_errors_at_the_second_name(tmp_path: Path, body: str, expected: str) -> None:
    assert _error(tmp_path, body) == f"{HEADER}:{expected}"


def test_a_conflict_fails_the_run_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    _tree(tmp_path, "int virTFoo(virConnectPtr conn);\n/* a comment */ int virTFoo(int conn);\n")
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "generator", "api", HEADER, "-o", "out"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"{HEADER}:4:21: error: conflicting types for 'virTFoo'\n"  # at the name as written, past the comment
    assert not (tmp_path / "out").exists()


# --- function pointers, arrays of arrays, array parameters ------------------


STRUCT_BODY = """\
typedef struct _virS virS;
struct _virS {
    int (*cb)(void *o); /* a callback */
    char *(*get)(int);
    char grid[2][3]; /* a grid */
    unsigned int bits : 3;
    char (*row)[4];
    int (*cbs[2])(void);
    char name[ 8 ];
};
int virTFoo(int (*cb)(void *o), const char *names[], char *const ids[], int g(void), char **const out);
extern int (*virTHook)(void);
"""


def test_function_pointer_and_array_types(tmp_path: Path) -> None:
    module = _module(tmp_path, STRUCT_BODY)
    struct = next(s for s in module.structs if s.name == "virS")
    assert struct.fields is not None
    assert [(f.name, f.type, f.array_size) for f in struct.fields] == [
        ("cb", "int (*)(void *)", None),
        ("get", "char *(*)(int)", None),
        ("grid", "char", "2][3"),
        ("bits", "unsigned int", None),
        ("row", "char (*)[4]", None),
        ("cbs", "int (*)(void)", "2"),
        ("name", "char", "8"),
    ]
    assert [f.doc for f in struct.fields][:3] == ["a callback", "", "a grid"]
    function = module.function("virTFoo")
    assert function is not None
    assert [p.type for p in function.params] == ["int (*)(void *)", "const char **", "char * const *", "int (*)(void)", "char ** const"]
    assert [(v.name, v.type) for v in module.variables] == [("virTHook", "int (*)(void)")]
    xml = apixml.render(Api((module,)))["libvirt-api.xml"]
    assert "<field name='grid' type='char grid[2][3]' info='a grid'/>" in xml
    assert "<arg name='names' type='const char **'" in xml


# --- enums declared apart from their typedef --------------------------------


def test_enum_declared_apart_from_its_typedef_has_its_members(tmp_path: Path) -> None:
    module = _module(tmp_path, (
        "enum _virE { VIR_E_A = 1, VIR_E_B };\n"
        "typedef enum _virE virE;\n"
        "typedef enum _virF virF;\n"
        "/**\n * virF:\n *\n * F's doc.\n *\n * Since: 1.2.3\n */\n"
        "enum _virF { VIR_F_A };\n"
        "typedef enum _virE virEAgain;\n"
        "/**\n * virBare:\n *\n * Bare doc.\n */\n"
        "enum virBare { VIR_BARE_A = 4 };\n"
        "enum { VIR_ANON };\n"
    ))
    assert [(e.name, e.members, e.doc, e.since, e.location.line, e.location.col) for e in module.enums] == [
        ("virBare", ("VIR_BARE_A",), "Bare doc.", "", 20, 6),
        ("virE", ("VIR_E_A", "VIR_E_B"), "", "", 4, 20),
        ("virF", ("VIR_F_A",), "F's doc.", "1.2.3", 5, 20),
    ]
    assert {m.name: (m.enum, m.value) for m in module.members} == {
        "VIR_E_A": ("virE", 1), "VIR_E_B": ("virE", 2), "VIR_F_A": ("virF", 0), "VIR_BARE_A": ("virBare", 4), "VIR_ANON": ("", 0),
    }
    assert [(t.name, t.type) for t in module.typedefs] == [("virConnectPtr", "virConnect *"), ("virEAgain", "enum _virE")]
    xml = apixml.render(Api((module,)))["libvirt-api.xml"]
    assert "<enum name='VIR_E_A' file='libvirt-t' value='1' value_hex='0x1' type='virE'/>" in xml


@pytest.mark.parametrize(("body", "expected"), [
    ("struct _virTS {\n    int kind;\n    union {\n        int i;\n    };\n};\n", "5:5: error: anonymous union member in 'struct _virTS'"),
    ("struct _virTS {\n    int kind;\n      struct { int x; int y; };\n};\n", "5:7: error: anonymous struct member in 'struct _virTS'"),
    ("struct _virTS {\n    union {\n        int i;\n        union { int a; };\n    } value;\n};\n", "6:9: error: anonymous union member in 'struct _virTS'"),
])
def test_an_anonymous_member_is_an_error_at_it_not_a_field_named_none(tmp_path: Path, body: str, expected: str) -> None:
    message = _error(tmp_path, body)
    assert message.startswith(f"{HEADER}:{expected} is not supported") and "None" not in message
