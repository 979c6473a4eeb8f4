"""virt-apigen diff, QA round 7: enum values not computed, 2-D array bounds,
union members that are function pointers or 2-D arrays, enum and struct
tags, macro form changes, fields spelled as C declares them.

Each case is a one-header tree (``_tree``) whose ``libvirt-host.h`` ends
with the text given; a tree is also diffed against its own XML export where
the XML carries what the case is about.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from frontend_support import PLAIN_HEADER, PLAIN_SOURCE, make_tree

from generator.apidiff import Classification, Facts, diff
from generator.apidiff.compare import _bounds, _Constants, _declaration, _same_dimension
from generator.cli import main
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api, Macro, Module

A, S, C = Classification.ABI, Classification.SOURCE, Classification.COMPATIBLE
Record = tuple[str, str, Classification, str]


def _tree(root: Path, extra: str) -> Path:
    return make_tree(root, extra, header=PLAIN_HEADER, source=PLAIN_SOURCE)


def _api(tmp_path: Path, name: str, extra: str) -> Api:
    return load_tree(_tree(tmp_path / name, extra)).api


def _changes(tmp_path: Path, old: str, new: str) -> list[Record]:
    changes = diff(_api(tmp_path, "old", old), _api(tmp_path, "new", new))
    return [(c.kind, c.symbol, c.classification, c.detail) for c in changes]


def _exported(tmp_path: Path, name: str, extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[Api, Api]:
    """A tree's model and the model of its XML export."""
    tree = _tree(tmp_path / name, extra)
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / f"{name}-xml")]) == 0
    capsys.readouterr()
    return load_tree(tree).api, load_api_xml(sorted(str(p) for p in (tmp_path / f"{name}-xml").glob("*.xml"))).api


def _against_own_xml(tmp_path: Path, name: str, extra: str, capsys: pytest.CaptureFixture[str]) -> None:
    tree, xml = _exported(tmp_path, name, extra, capsys)
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []


def _enum(*members: str, tail: str = "} virCE;\n") -> str:
    return "typedef enum {\n" + "".join(f"    {m}, /* m */\n" for m in members) + tail


# --- 1. an enum value not computed on a side is compared as written -----------------


def test_char_constant_becoming_one_of_unknown_sign_is_reported(tmp_path: Path) -> None:
    assert _changes(tmp_path, _enum("VIR_CE_A = 'a'"), _enum("VIR_CE_A = '\\xff'")) == [
        ("member-value-changed", "VIR_CE_A", A, "97 ('a') -> '\\xff'"),
    ]


def test_two_values_not_computed_compare_as_tokens(tmp_path: Path) -> None:
    assert _changes(tmp_path, _enum("VIR_CE_A = '\\xfe'"), _enum("VIR_CE_A = '\\xff'")) == [
        ("member-value-changed", "VIR_CE_A", A, "'\\xfe' -> '\\xff'"),
    ]
    anonymous = "enum {\n    VIR_X = sizeof(%s), /* x */\n};\n"
    changes = _changes(tmp_path / "sizeof", anonymous % "int", anonymous % "long")
    assert [(kind, symbol, level) for kind, symbol, level, _ in changes] == [("member-value-changed", "VIR_X", A)]
    assert changes[0][3].replace(" ", "") == "sizeof(int)->sizeof(long)"  # the scanner may space an initializer


def test_the_same_initializer_not_computed_is_no_change(tmp_path: Path) -> None:
    same = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_B")
    assert _changes(tmp_path, same, same + "/* respaced */\n") == []
    assert _changes(tmp_path / "spaces", _enum("VIR_CE_A = sizeof(int)"), _enum("VIR_CE_A = sizeof ( int )")) == []


def test_an_implicit_member_after_one_not_computed_counts_from_it(tmp_path: Path) -> None:
    """C: an implicit member is the one before plus one; inserting a member moves those after it."""
    old = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_B", "VIR_CE_C = 5", "VIR_CE_D")
    new = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_N", "VIR_CE_B", "VIR_CE_C = 5", "VIR_CE_D")
    changes = _changes(tmp_path, old, new)
    assert [(kind, symbol, level) for kind, symbol, level, _ in changes] == [
        ("member-added", "VIR_CE_N", C), ("member-value-changed", "VIR_CE_B", A),
    ]
    assert changes[1][3].replace(" ", "") == "(unknown:sizeof(int)+1)->(unknown:sizeof(int)+2)"


def test_values_not_computed_against_their_own_xml_are_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_B", "VIR_CE_C = '\\xff'", "VIR_CE_D")
    _against_own_xml(tmp_path, "t", extra, capsys)


# --- 4. every bound of a 2-D array by value ---------------------------------------------

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


# --- 5. union members that are function pointers or 2-D arrays ----------------------

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


# --- 6. an enum is one type whether named by its tag or a typedef -------------------

TAGGED = "enum _virX {\n    VIR_X_A = 0, /* a */\n};\n"


def test_typedef_given_to_a_tag_only_enum_is_only_an_addition(tmp_path: Path) -> None:
    assert _changes(tmp_path, TAGGED, TAGGED + "typedef enum _virX virX;\n") == [
        ("type-added", "virX", C, "typedef name for enum _virX, the same enum"),
    ]


def test_typedef_dropped_from_a_tagged_enum_breaks_the_source(tmp_path: Path) -> None:
    assert _changes(tmp_path, TAGGED + "typedef enum _virX virX;\n", TAGGED) == [
        ("type-removed", "virX", S, "typedef name of enum _virX gone, the enum stays"),
    ]


def test_typedef_renamed_keeps_the_members_in_their_enum(tmp_path: Path) -> None:
    assert _changes(tmp_path, TAGGED + "typedef enum _virX virX;\n", TAGGED + "typedef enum _virX virY;\n") == [
        ("type-removed", "virX", S, "typedef name of enum _virX gone, the enum stays (as virY)"),
        ("type-added", "virY", C, "typedef name for enum _virX, the same enum"),
    ]


def test_enum_tag_renamed_dropped_or_added(tmp_path: Path) -> None:
    named = "typedef enum %s{\n    VIR_X_A = 0, /* a */\n} virX;\n"
    assert _changes(tmp_path / "renamed", named % "_virX ", named % "_virX2 ") == [
        ("tag-changed", "virX", S, "enum _virX -> enum _virX2: the type is no longer enum _virX"),
    ]
    assert _changes(tmp_path / "dropped", named % "_virX ", named % "") == [
        ("tag-changed", "virX", S, "enum _virX -> untagged: the type is no longer enum _virX"),
    ]
    assert _changes(tmp_path / "added", named % "", named % "_virX ") == [("tag-changed", "virX", C, "untagged -> enum _virX")]


def test_struct_tag_renamed_breaks_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    struct = "typedef struct %s virS;\nstruct %s {\n    int a; /* a */\n};\n"
    expected = [("tag-changed", "virS", S, "struct _virS -> struct _virS2: the type is no longer struct _virS")]
    assert _changes(tmp_path, struct % ("_virS", "_virS"), struct % ("_virS2", "_virS2")) == expected
    _, xml = _exported(tmp_path, "xml", struct % ("_virS", "_virS"), capsys)  # the XML keeps struct tags
    changes = diff(xml, load_tree(tmp_path / "new").api, Facts.XML, Facts.SOURCE)
    assert [(c.kind, c.symbol, c.classification, c.detail) for c in changes] == expected


def test_tagged_enums_against_their_own_xml_are_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _against_own_xml(tmp_path, "bare", TAGGED, capsys)
    _against_own_xml(tmp_path, "typedef", TAGGED + "typedef enum _virX virX;\n", capsys)


def test_enum_tags_survive_pickling_and_an_api_without_them_compares_by_name(tmp_path: Path) -> None:
    old, new = _api(tmp_path, "old", TAGGED), _api(tmp_path, "new", TAGGED + "typedef enum _virX virX;\n")
    assert new.enum_tags is not None and [(t.enum, t.tag, t.typedef) for t in new.enum_tags] == [("virX", "_virX", True)]
    assert old.enum_tags is not None and [(t.enum, t.tag, t.typedef) for t in old.enum_tags] == [("_virX", "_virX", False)]
    assert pickle.loads(pickle.dumps(new, protocol=pickle.HIGHEST_PROTOCOL)) == new
    rebuilt = Api(new.modules)  # tags not known: the enums are matched by name, as against an XML
    assert {(c.kind, c.symbol) for c in diff(old, rebuilt)} == {("type-removed", "_virX"), ("type-added", "virX"), ("member-moved", "VIR_X_A")}


# --- 7. a macro changing form says so ------------------------------------------------


def test_macro_turning_function_like_says_object_like_and_function_like(tmp_path: Path) -> None:
    assert _changes(tmp_path / "a", "#define VIR_M 16\n", "#define VIR_M() 16\n") == [
        ("macro-params-changed", "VIR_M", S, "object-like -> function-like ()"),
    ]
    assert _changes(tmp_path / "b", "#define VIR_M(a) 16\n", "#define VIR_M 16\n") == [
        ("macro-params-changed", "VIR_M", S, "function-like (a) -> object-like"),
    ]
    assert _changes(tmp_path / "c", "#define VIR_M(a) 16\n", "#define VIR_M(a, b) 16\n") == [
        ("macro-params-changed", "VIR_M", S, "(a) -> (a, b)"),
    ]


# --- 8. fields spelled as C declares them ----------------------------------------------

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
