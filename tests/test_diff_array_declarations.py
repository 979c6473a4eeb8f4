"""``virt-apigen diff`` on array and pointer declarations: every bound of a
2-D array compared by value (split outside brackets and literals), union
members that are function pointers or 2-D arrays compared by size, and fields
spelled as C declares them (the name where C puts it).

Each case is a one-header tree whose ``libvirt-host.h`` ends with the text given."""

from __future__ import annotations

from pathlib import Path

from diff_support import A, C
from diff_support import plain_changes as _changes

from generator.apidiff.compare import _bounds, _Constants, _declaration, _same_dimension
from generator.model import Api, Macro, Module

# --- every bound of a 2-D array by value ---------------------------------------------

GRID = "typedef struct _virS virS;\nstruct _virS {\n    char grid[2][%s]; /* g */\n};\n"


def test_2d_bound_respelled_with_the_same_value_is_compatible(tmp_path: Path) -> None:
    assert _changes(tmp_path, GRID % "3", "#define VIR_G 3\n" + GRID % "VIR_G") == [
        ("struct-changed", "virS", C, "array size respelled, same value: grid: [2][3] -> [2][VIR_G], both [2][3]"),
        ("macro-added", "VIR_G", C, "3"),
    ]


def test_2d_bound_of_another_value_breaks_the_abi(tmp_path: Path) -> None:
    assert _changes(tmp_path, GRID % "3", "#define VIR_G 4\n" + GRID % "VIR_G")[0] == (
        "struct-changed", "virS", A, "grid: char grid[2][3] -> char grid[2][VIR_G = 4]",
    )


def test_bounds_are_split_outside_brackets_and_literals() -> None:
    assert _bounds("16") == ["16"]
    assert _bounds("2][VIR_G") == ["2", "VIR_G"]
    assert _bounds("2 ] [ 3") == ["2", "3"]  # however a reader spaces them
    assert _bounds("sizeof(a[1][2])][3") == ["sizeof(a[1][2])", "3"]
    assert _bounds("sizeof(']')][4") == ["sizeof(']')", "4"]
    macros = (Macro("VIR_G", "t", None, (), None, "3", "", ""),)
    api = Api((Module("libvirt", (), (), (), (), (), (), (), macros, ()),))
    constants = (_Constants(api), _Constants(api))
    assert _same_dimension("2][3", "2 ][ VIR_G", constants)
    assert not _same_dimension("2][3", "3][2", constants)
    assert not _same_dimension("6", "2][3", constants)  # another shape
    assert not _same_dimension("2][sizeof(int)", "2][sizeof(long)", constants)  # not computed: as tokens


# --- union members that are function pointers or 2-D arrays ----------------------

UNION = "typedef struct _virU virU;\nstruct _virU {\n    union {\n        int i; /* i */\n        long l; /* l */\n%s    } value; /* v */\n};\n"


def test_function_pointer_and_2d_array_fitting_a_union_are_compatible(tmp_path: Path) -> None:
    added = "        int (*fp)(void *); /* fp */\n        char g[2][4]; /* g */\n        char (*pa)[3]; /* pa */\n"
    assert _changes(tmp_path, UNION % "", UNION % added) == [
        ("struct-changed", "virU", C,
         "union members added, layout kept: added int (*value.fp)(void *); added char value.g[2][4]; added char (*value.pa)[3]"),
    ]


def test_2d_array_larger_than_the_union_breaks(tmp_path: Path) -> None:
    assert _changes(tmp_path, UNION % "", UNION % "        char g[3][4]; /* g */\n") == [
        ("struct-changed", "virU", A, "added char value.g[3][4]"),
    ]


# --- fields spelled as C declares them ----------------------------------------------

CALLBACKS = "typedef struct _virC virC;\nstruct _virC {\n    int (*cb)(%s); /* c */\n    int (*cbs[%s])(void); /* c */\n    char (*pa)[%s]; /* c */\n};\n"


def test_function_and_array_pointer_fields_are_c_declarations(tmp_path: Path) -> None:
    assert _changes(tmp_path, CALLBACKS % ("void *", "2", "3"), CALLBACKS % ("void *, int", "3", "4")) == [
        ("struct-changed", "virC", A,
         "cb: int (*cb)(void *) -> int (*cb)(void *, int); cbs: int (*cbs[2])(void) -> int (*cbs[3])(void); pa: char (*pa)[3] -> char (*pa)[4]"),
    ]


def test_declaration_puts_the_name_where_c_does() -> None:
    assert _declaration("int", "x[2][3]") == "int x[2][3]"
    assert _declaration("char *", "s") == "char * s"
    assert _declaration("int (*)(void *)", "value.fp") == "int (*value.fp)(void *)"
    assert _declaration("int (* const)(void)", "cb") == "int (* const cb)(void)"
    assert _declaration("char *(**)(int (*)(void))", "f") == "char *(**f)(int (*)(void))"
