"""Every change to a struct is named by its path, whichever way its layout is judged.

A union whose members are reordered with other types (``int i; char c;`` ->
``char c; int i;``) keeps the layout, but not place by place: its members were
matched by name and a union among them by place, names aside, so what changed
inside that inner union (``u.w.l`` renamed, two of its members of one type
swapped) was left out of the report, and so was an array size respelled.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import run
from test_diff_locations import ALSO, DOMAIN_H, NESTED, OPENING, STRUCT, _at, _tree

REORDERED = ("        int i;\n        char c;", "        char c;\n        int i;")  # other types: the layout is not kept place by place
KEPT = " (layout kept: a union's members are all at offset 0)"


def _edited(body: str, *edits: tuple[str, str]) -> str:
    for before, after in edits:
        assert body.count(before) == 1, before
        body = body.replace(before, after)
    return body


def _records(tmp_path: Path, old: str, *edits: tuple[str, str]) -> list[dict[str, str]]:
    """The JSON report's records on the test's struct, OLD being ``old`` and NEW it edited."""
    _tree(tmp_path, "old", old)
    _tree(tmp_path, "new", _edited(old, *edits))
    done = run("diff", "old", "new", "--format", "json", cwd=tmp_path)
    assert done.returncode in (0, 3, 4), done.stderr
    return [c for c in json.loads(done.stdout)["changes"] if c["symbol"].startswith("virQAPair")]


def _report(tmp_path: Path, old: str, *edits: tuple[str, str]) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["classification"], c["detail"]) for c in _records(tmp_path, old, *edits)]


def test_a_member_renamed_in_a_union_within_a_reordered_union_is_named(tmp_path: Path) -> None:
    records = _records(tmp_path, NESTED, REORDERED, ("long l;", "long q;"))
    assert [(c["kind"], c["classification"], c["detail"]) for c in records] == [
        ("struct-changed", "source-breaking", "u members reordered: i, c, w -> c, i, w" + KEPT + ALSO),
        ("field-renamed", "source-breaking", "renamed at the same offset: u.w.l -> u.w.q" + ALSO),
    ]
    assert records[1]["location"] == _at(tmp_path / "new", DOMAIN_H, "q;", OPENING)


def test_members_of_one_type_swapped_in_a_union_within_a_reordered_union_are_named(tmp_path: Path) -> None:
    body = NESTED.replace("long l;", "short l;")
    assert _report(tmp_path, body, REORDERED, ("            short s;\n            short l;", "            short l;\n            short s;")) == [
        ("struct-changed", "source-breaking", "u members reordered: i, c, w -> c, i, w; u.w members reordered: s, l -> l, s" + KEPT + ALSO),
    ]


def test_a_member_renamed_in_a_union_within_a_union_of_one_type_reordered_is_named(tmp_path: Path) -> None:
    """Members of one type swapped keep the layout place by place: the same gap, the other way to it."""
    body = NESTED.replace("int i;", "char i;")
    assert _report(tmp_path, body, ("        char i;\n        char c;", "        char c;\n        char i;"), ("long l;", "long q;")) == [
        ("struct-changed", "source-breaking", "u members reordered: i, c, w -> c, i, w" + KEPT + ALSO),
        ("field-renamed", "source-breaking", "renamed at the same offset: u.w.l -> u.w.q" + ALSO),
    ]


def test_a_member_renamed_in_a_union_within_a_union_beside_a_fitting_addition_is_named(tmp_path: Path) -> None:
    """Union members added that fit keep the layout too: a rename in another union is still a rename."""
    body = STRUCT.replace("    char buf[4];", "    union {\n        union {\n            int a;\n        } w;\n    } v;\n    char buf[4];")
    assert _report(tmp_path, body, ("        char c;", "        char c;\n        short sh;"), ("int a;", "int b;")) == [
        ("struct-changed", "compatible", "union members added, layout kept: added short u.sh" + ALSO),
        ("field-renamed", "source-breaking", "renamed at the same offset: v.w.a -> v.w.b" + ALSO),
    ]


def test_an_array_size_respelled_in_a_reordered_union_is_named(tmp_path: Path) -> None:
    body = STRUCT.replace("        char c;", "        char c[4];")
    assert _report(tmp_path, body, ("        int i;\n        char c[4];", "        char c[2+2];\n        int i;")) == [
        ("struct-changed", "compatible", "array size respelled, same value: u.c: [4] -> [2+2], both 4" + ALSO),
        ("struct-changed", "source-breaking", "u members reordered: i, c -> c, i" + KEPT + ALSO),
    ]


# --- field docs and deprecations, whatever the layout's verdict ----------------------------------------------

DOCUMENTED = STRUCT.replace("        int i;\n        char c;", "        int i; /* an int */\n        char c; /* one byte */").replace(
    "    char buf[4];", "    char buf[4]; /* spare room */"
)


def _notes(records: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["symbol"], c["detail"]) for c in records if c["kind"] in ("doc-changed", "deprecated", "undeprecated")]


def test_a_member_doc_changed_in_a_reordered_union_is_reported(tmp_path: Path) -> None:
    swapped = ("        int i; /* an int */\n        char c; /* one byte */", "        char c; /* a single byte */\n        int i; /* an int */")
    records = _records(tmp_path, DOCUMENTED, swapped)
    assert [c["kind"] for c in records] == ["struct-changed", "doc-changed"], records
    assert _notes(records) == [("doc-changed", "virQAPair", "field u.c" + ALSO)]
    assert records[1]["location"] == _at(tmp_path / "new", DOMAIN_H, "c;", OPENING)


def test_a_field_deprecated_beside_a_field_added_is_reported(tmp_path: Path) -> None:
    records = _records(tmp_path, STRUCT, ("    char *name;", "    char *name VIR_DEPRECATED;"), ("    char buf[4];", "    char buf[4];\n    int extra;"))
    assert [(c["kind"], c["classification"]) for c in records] == [("struct-changed", "ABI-breaking"), ("deprecated", "compatible")], records
    assert _notes(records) == [("deprecated", "virQAPair.name", "now deprecated" + ALSO)]
    assert records[1]["location"] == _at(tmp_path / "new", DOMAIN_H, "name VIR_DEPRECATED;", OPENING)


def test_a_union_member_undeprecated_in_a_reordered_union_is_named_by_its_path(tmp_path: Path) -> None:
    old = STRUCT.replace("        char c;", "        char c VIR_DEPRECATED;")
    records = _records(tmp_path, old, ("        int i;\n        char c VIR_DEPRECATED;", "        char c;\n        int i;"))
    assert _notes(records) == [("undeprecated", "virQAPair.u.c", "no longer deprecated" + ALSO)]


def test_a_field_doc_changed_beside_a_field_renamed_is_reported(tmp_path: Path) -> None:
    records = _records(tmp_path, DOCUMENTED, ("    int key;", "    int k;"), ("spare room", "room to spare"))
    assert [c["kind"] for c in records] == ["field-renamed", "doc-changed"], records
    assert _notes(records) == [("doc-changed", "virQAPair", "field buf" + ALSO)]
    assert records[1]["location"] == _at(tmp_path / "new", DOMAIN_H, "buf[", OPENING)


# --- a union's members are reached by name, at any depth -------------------------------------------------------

WIDE = STRUCT.replace("        char c;", "        long c;")  # u: int i; long c;
INNER = "            short s;\n            long l;"  # NESTED's u.w


@pytest.mark.parametrize(
    ("old", "edit", "detail"),
    [
        (WIDE, ("int i;\n        long c;", "int c;\n        long i;"), "u.c: long c -> int c; u.i: int i -> long i; u members reordered: i, c -> c, i"),
        (
            NESTED,
            (INNER, "            short l;\n            long s;"),
            "u.w.l: long l -> short l; u.w.s: short s -> long s; u.w members reordered: s, l -> l, s",
        ),
        (WIDE, ("int i;\n        long c;", "int k;\n        long i;"), "removed long u.c; added int u.k; u.i: int i -> long i"),
    ],
    ids=["swapped", "swapped-within-a-union", "renamed-onto-another-type"],
)
def test_a_union_member_name_given_to_another_type_is_abi_breaking(tmp_path: Path, old: str, edit: tuple[str, str], detail: str) -> None:
    """The same types in the same places, but code built against OLD reading ``u.i`` reads 4 bytes
    where NEW writes 8: a member retyped by name, not a reorder (it was source-breaking)."""
    assert _report(tmp_path, old, edit) == [("struct-changed", "ABI-breaking", detail + ALSO)]


DEEP = NESTED.replace("            long l;\n", "            long l;\n            union {\n                int a;\n                char b;\n            } x;\n")


@pytest.mark.parametrize(
    ("old", "edit", "detail"),
    [
        (NESTED, (INNER, "            long l;\n            short s;"), "u.w members reordered: s, l -> l, s"),
        (DEEP, ("int a;\n                char b;", "char b;\n                int a;"), "u.w.x members reordered: a, b -> b, a"),
        (NESTED, (INNER, "            long l;\n            int n;\n            short s;"), "u.w members reordered: s, l -> l, s; added int u.w.n"),
    ],
    ids=["within-a-union", "two-levels-down", "and-grown"],
)
def test_a_union_within_a_union_reordered_keeps_the_layout_as_the_outer_one_does(
    tmp_path: Path, old: str, edit: tuple[str, str], detail: str
) -> None:
    """Each name keeps its member, and each union its size and alignment (the same members): only
    ``{ x }`` sets another one, as for ``u`` itself (it was ABI-breaking one level down)."""
    assert _report(tmp_path, old, edit) == [("struct-changed", "source-breaking", detail + KEPT + ALSO)]


def test_members_added_to_a_union_within_a_union_fit_in_that_union(tmp_path: Path) -> None:
    """Measured against ``u.w`` itself: growing it changes ``sizeof u.w`` even where ``u`` has room."""
    assert _report(tmp_path, NESTED, (INNER, INNER + "\n            int n;")) == [
        ("struct-changed", "compatible", "union members added, layout kept: added int u.w.n" + ALSO),
    ]
    narrow = NESTED.replace("long l;", "short l;")
    assert _report(tmp_path / "narrow", narrow, ("short l;", "short l;\n            int n;")) == [
        ("struct-changed", "ABI-breaking", "added int u.w.n" + ALSO),
    ]


WITHIN = "        } w;\n"  # the end of NESTED's u.w: what follows is u's own
ODD = NESTED.replace(INNER, "            char b[9];\n            short s;")  # u.w: 10 bytes (9 rounded up to its alignment, 2)
UNKNOWN = "typedef enum { VIR_QA_ONE = 1 } virQAKind;\n" + NESTED.replace(INNER, INNER + "\n            virQAKind k;")  # no size in the model


@pytest.mark.parametrize(
    ("old", "added", "expected"),
    [
        (NESTED, "int n;", ("compatible", "union members added, layout kept: added int u.n")),
        (NESTED, "long n;", ("compatible", "union members added, layout kept: added long u.n")),
        (NESTED, "union {\n            int a;\n        } x;", ("compatible", "union members added, layout kept: added union {int a} u.x")),
        (NESTED, "long double n;", ("ABI-breaking", "added long double u.n")),
        (NESTED, "char n[9];", ("ABI-breaking", "added char u.n[9]")),
        (ODD, "char n[10];", ("compatible", "union members added, layout kept: added char u.n[10]")),
        (ODD, "char n[13];", ("ABI-breaking", "added char u.n[13]")),  # u: 12 bytes (u.w's 10 rounded up to int's 4)
        (UNKNOWN, "char n;", ("ABI-breaking", "added char u.n")),  # u.w's size unknown, so u's too
    ],
    ids=["int", "long", "a-union", "larger", "larger-array", "rounded-up", "past-rounded-up", "unknown-inside"],
)
def test_members_added_to_a_union_holding_a_union_fit_by_that_unions_size(
    tmp_path: Path, old: str, added: str, expected: tuple[str, str]
) -> None:
    """A union among ``u``'s members is as large as its largest member rounded up to its alignment,
    and as aligned as its most aligned member: a member added to ``u`` within that keeps ``u``'s
    layout (it was unknown, so any addition to ``u`` was ABI-breaking)."""
    assert _report(tmp_path, old, (WITHIN, f"{WITHIN}        {added}\n")) == [("struct-changed", expected[0], expected[1] + ALSO)]


POINTERS = STRUCT.replace("        int i;\n        char c;", "        const char *a;\n        char *b;")
SWAPPED = "u members reordered: a, b -> b, a" + KEPT + ALSO


@pytest.mark.parametrize(
    ("swapped", "expected"),
    [
        ("        char *b;\n        const char *a;", [("struct-changed", "source-breaking", SWAPPED)]),
        (
            "        char *b;\n        char *a;",
            [
                ("struct-changed", "source-breaking", "only const changed, layout kept: u.a: const char * a -> char * a" + ALSO),
                ("struct-changed", "source-breaking", SWAPPED),
            ],
        ),
    ],
    ids=["const-kept", "const-dropped"],
)
def test_the_const_of_members_of_one_type_swapped_is_compared_by_name(tmp_path: Path, swapped: str, expected: list[tuple[str, str, str]]) -> None:
    """Place by place, ``a`` and ``b`` each changed their ``const``: both were reported so, beside the reorder."""
    assert _report(tmp_path, POINTERS, ("        const char *a;\n        char *b;", swapped)) == expected


TWO_INTS = STRUCT.replace("        char c;", "        int j;")  # u: int i; int j;
MIXED = STRUCT.replace("        int i;\n        char c;", "        int a;\n        char b;\n        int c;")
SHORTS = NESTED.replace("long l;", "short l;")  # u.w: short s; short l;


@pytest.mark.parametrize(
    ("old", "edit", "reordered", "renamed"),
    [
        (TWO_INTS, ("int i;\n        int j;", "int k;\n        int i;"), "u members reordered: i, j -> j, i", "u.j -> u.k"),
        (MIXED, ("int a;\n        char b;\n        int c;", "int c;\n        char b;\n        int x;"),
         "u members reordered: a, b, c -> c, b, a", "u.a -> u.x"),
        (SHORTS, ("short s;\n            short l;", "short q;\n            short s;"), "u.w members reordered: s, l -> l, s", "u.w.l -> u.w.q"),
        # no name kept: nothing tells a reorder from renames in place, which it stays
        (TWO_INTS, ("int i;\n        int j;", "int j2;\n        int i2;"), None, "u.i -> u.j2, u.j -> u.i2"),
        # paired by place, both members' const changed too
        (POINTERS, ("const char *a;\n        char *b;", "char *k;\n        const char *a;"), "u members reordered: a, b -> b, a", "u.b -> u.k"),
    ],
    ids=["one-kept", "types-mixed", "within-a-union", "none-kept", "const-kept"],
)
def test_union_members_renamed_and_reordered_are_paired_by_name_then_type(
    tmp_path: Path, old: str, edit: tuple[str, str], reordered: str | None, renamed: str
) -> None:
    """Paired by place, ``int i; int j;`` -> ``int k; int i;`` was "u.i -> u.k, u.j -> u.i" alone: ``u.i``
    renamed, though code built against OLD reading ``u.i`` still builds and reads the same int; and
    the reorder (``{ x }`` now sets OLD's ``j``) went unsaid."""
    expected = [("struct-changed", "source-breaking", reordered + KEPT + ALSO)] if reordered else []
    expected.append(("field-renamed", "source-breaking", f"renamed at the same offset: {renamed}{ALSO}"))
    assert _report(tmp_path, old, edit) == expected


PADDED = STRUCT.replace("        int i;\n        char c;", "        char b[5];\n        int i;")  # u: 8 bytes (5 rounded up to int's 4)
PADDED_END = "        int i;\n    } u;"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ("char c[8];", ("compatible", "union members added, layout kept: added char u.c[8]")),
        ("char c[9];", ("ABI-breaking", "added char u.c[9]")),
        ("long n;", ("ABI-breaking", "added long u.n")),  # fits in 8 bytes, but aligns u to 8: its place in the struct moves
    ],
    ids=["within-the-padding", "past-the-size", "more-aligned"],
)
def test_a_member_added_to_a_union_fits_in_its_padded_size(tmp_path: Path, added: str, expected: tuple[str, str]) -> None:
    """A union is as large as its largest member rounded up to its alignment: ``{ char b[5]; int i; }``
    is 8 bytes, so a ``char c[8]`` added keeps its layout (it was measured against the 5-byte member:
    ABI-breaking)."""
    edit = (PADDED_END, PADDED_END.replace("    } u;", f"        {added}\n    }} u;"))
    assert _report(tmp_path, PADDED, edit) == [("struct-changed", expected[0], expected[1] + ALSO)]


# --- a union's members renamed and reordered across types ---------------------------------------------------

CONST_C = STRUCT.replace("        char c;", "        const char *c;")  # u: int i; const char *c;


@pytest.mark.parametrize(
    ("old", "edit", "reordered", "renamed"),
    [
        (STRUCT, REORDERED[:1] + ("        char ch;\n        int i;",), "u members reordered: i, c -> c, i", "u.c -> u.ch"),
        (STRUCT, REORDERED[:1] + ("        char ch;\n        int k;",), "u members reordered: i, c -> c, i", "u.c -> u.ch, u.i -> u.k"),
        (
            STRUCT,
            REORDERED[:1] + ("        char ch;\n        int i;\n        char d[4];",),
            "u members reordered: i, c -> c, i; added char u.d[4]",
            "u.c -> u.ch",
        ),
        (STRUCT, (REORDERED[0] + "\n    } u;", "        char ch;\n        int i;\n    } v;"), "v members reordered: i, c -> c, i", "u -> v, u.c -> v.ch"),
        (NESTED, (INNER, "            long q;\n            short s;"), "u.w members reordered: s, l -> l, s", "u.w.l -> u.w.q"),
        (NESTED, (INNER + "\n        } w;", "            long l;\n            short s;\n        } x;"), "u.x members reordered: s, l -> l, s", "u.w -> u.x"),
        (
            CONST_C,
            ("        int i;\n        const char *c;", "        char *ch;\n        int i;"),
            "u members reordered: i, c -> c, i; only const changed: u.ch: const char * c -> char * ch",
            "u.c -> u.ch",
        ),
    ],
    ids=["one-kept", "none-kept", "and-grown", "union-renamed-too", "within-a-union", "a-union-renamed-within-a-union", "const-changed"],
)
def test_union_members_renamed_and_reordered_across_types_keep_the_layout(
    tmp_path: Path, old: str, edit: tuple[str, str], reordered: str, renamed: str
) -> None:
    """``int i; char c;`` -> ``char ch; int i;``: every member at offset 0, ``i`` still an int, and OLD's ``c``
    read by code built against OLD is the char NEW calls ``ch``: the same size and alignment, a rename and a
    reorder, both source-breaking.  It was ``removed char u.c; added char u.ch``, ABI-breaking (and a union
    renamed as well, or one within a union, was removed and added whole)."""
    assert _report(tmp_path, old, edit) == [
        ("struct-changed", "source-breaking", reordered + KEPT + ALSO),
        ("field-renamed", "source-breaking", f"renamed at the same offset: {renamed}{ALSO}"),
    ]



def test_a_union_renamed_to_another_fields_name_is_not_a_rename(tmp_path: Path) -> None:
    """Code built against OLD reading ``name`` would read the union's offset: the names moved, ABI-breaking."""
    edit = ("    char *name;\n    union {\n" + REORDERED[0] + "\n    } u;", "    char *u;\n    union {\n" + REORDERED[1] + "\n    } name;")
    assert [(kind, level) for kind, level, _ in _report(tmp_path, STRUCT, edit)] == [("struct-changed", "ABI-breaking")]


@pytest.mark.parametrize(
    ("old", "new", "detail"),
    [
        (STRUCT, "        long i;\n        char ch;", "u.i: int i -> long i; renamed at the same offset: u.c -> u.ch"),
        (STRUCT, "        char ch;\n        long i;", "u.i: int i -> long i; renamed at the same offset: u.c -> u.ch; u members reordered: i, c -> c, i"),
        (CONST_C, "        long i;\n        char *ch;", "u.i: int i -> long i; u.ch: const char * c -> char * ch"),  # renamed, its const changed too
        (STRUCT, "        char i;\n        int k;", "removed char u.c; u.i: int i -> char i; added int u.k"),  # no member left of its type: no rename
    ],
    ids=["in-place", "reordered", "const-changed", "onto-the-other-type"],
)
def test_a_union_member_renamed_beside_one_retyped_is_said_renamed(tmp_path: Path, old: str, new: str, detail: str) -> None:
    """``u.i`` retyped breaks the ABI; ``c`` become ``ch`` beside it is the same char at offset 0, renamed (it was
    ``removed char u.c; added char u.ch``)."""
    members = next(body for body in (REORDERED[0], "        int i;\n        const char *c;") if body in old)
    assert _report(tmp_path, old, (members, new)) == [("struct-changed", "ABI-breaking", detail + ALSO)]


def test_a_field_renamed_in_its_place_beside_a_reordered_union_is_a_rename(tmp_path: Path) -> None:
    """``int key`` -> ``int k`` keeps its offset and type, as a rename in a struct of an unchanged
    layout is (``field-renamed``); beside a reordered union it was ``key`` removed and ``k`` added,
    ABI-breaking, since every field but a union had to keep its name."""
    assert _report(tmp_path, STRUCT, REORDERED, ("    int key;", "    int k;")) == [
        ("struct-changed", "source-breaking", "u members reordered: i, c -> c, i" + KEPT + ALSO),
        ("field-renamed", "source-breaking", "renamed at the same offset: key -> k" + ALSO),
    ]
