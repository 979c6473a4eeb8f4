"""Members and names in declarations: a member that declares nothing is no
field and no error, each anonymous member is placed at its own keyword, an
unknown type name is told apart from a declarator name, and an enum tag stays
anonymous when a typedef of another enum takes the name.

The places expected are gcc's (``gcc -fsyntax-only`` on the same header)."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import ADDED_LINE, HEADER, error, module

# --- members that declare nothing ----------------------------------------


@pytest.mark.parametrize(
    "member",
    ["int;", "enum { VIR_K_A };", "struct _virT;", "union _virU;", "struct _virT { int x; };"],
)
def test_a_member_declaring_nothing_is_no_field_and_no_error(tmp_path: Path, member: str) -> None:
    found = module(tmp_path, f"typedef struct _virS virS;\nstruct _virS {{ int a; {member} int b; }};\n")
    assert [[f.name for f in s.fields or ()] for s in found.structs if s.name == "virS"] == [["a", "b"]]


def test_each_anonymous_member_is_placed_at_its_own_keyword(tmp_path: Path) -> None:
    extra = "struct _virS {   int a; /* c */ union { int x; }; union { int y; }; };\n"
    assert error(tmp_path, extra).startswith(f"{HEADER}:{ADDED_LINE}:33: error: anonymous union member in 'struct _virS'")
    extra = "struct _virS { int a; struct { int x; } s; struct { int y; }; };\n"
    assert error(tmp_path / "two", extra).startswith(f"{HEADER}:{ADDED_LINE}:44: error: anonymous struct member in 'struct _virS'")


# --- unknown type names, anonymous structs, enum tags and typedef names ---------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # virBogus is the parameter's name there: the mistake is 'b' (gcc: expected ';', ',' or ')' before 'b')
        ("int virBar(int a, unsigned virBogus b);\n", f"{ADDED_LINE}:37: error: syntax error before: b"),
        ("int virBar(int a, int * virBogus b);\n", f"{ADDED_LINE}:34: error: syntax error before: b"),
        ("int virBar(int a, const virBogus b);\n", f"{ADDED_LINE}:25: error: unknown type name 'virBogus'"),
        ("int virBar(int a, virBogus);\n", f"{ADDED_LINE}:19: error: unknown type name 'virBogus'"),
        ("int virBar(int a, virBogus, int c);\n", f"{ADDED_LINE}:19: error: unknown type name 'virBogus'"),
        ("struct _virS { int a; virBogus; };\n", f"{ADDED_LINE}:23: error: expected specifier-qualifier-list before 'virBogus'"),
    ],
)
def test_unknown_type_names_are_told_from_declarator_names(tmp_path: Path, extra: str, expected: str) -> None:
    assert error(tmp_path, extra) == f"{HEADER}:{expected}"


def test_a_tag_named_enum_stays_anonymous_when_a_typedef_of_another_enum_takes_the_name(tmp_path: Path) -> None:
    found = module(tmp_path, "enum virX {VIR_X_A};\ntypedef enum {VIR_Y_A} virX;\n")
    assert [(e.name, e.members) for e in found.enums] == [("virX", ("VIR_Y_A",))]
    assert {m.name: m.enum for m in found.members} == {"VIR_X_A": "", "VIR_Y_A": "virX"}
