"""Which field of NEW is which field of OLD, and what follows from the pairing.

A field's doc and deprecation are compared in the pairs the struct's verdict
makes: a union member renamed (paired by its type) had neither compared, since
they were paired by name only, so a doc changed or a deprecation added with the
rename went unsaid.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_diff_locations import ALSO, DOMAIN_H, OPENING, STRUCT, _at
from test_diff_struct_details import DOCUMENTED, KEPT, _notes, _records, _report

MEMBERS = "        int i; /* an int */\n        char c; /* one byte */"  # DOCUMENTED's u
RENAMED = "renamed at the same offset: "

# --- a renamed field's doc and deprecation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "kinds", "notes"),
    [
        (  # in its place: the layout kept
            (MEMBERS, "        int i; /* an int */\n        char ch; /* a single byte */"),
            ["field-renamed", "doc-changed"],
            [("doc-changed", "virQAPair", "field u.ch" + ALSO)],
        ),
        (  # reordered too: paired by its type
            (MEMBERS, "        char ch; /* a single byte */\n        int i; /* an int */"),
            ["struct-changed", "field-renamed", "doc-changed"],
            [("doc-changed", "virQAPair", "field u.ch" + ALSO)],
        ),
        (  # beside a member retyped: the layout changed
            (MEMBERS, "        long i; /* an int */\n        char ch; /* a single byte */"),
            ["struct-changed", "doc-changed"],
            [("doc-changed", "virQAPair", "field u.ch" + ALSO)],
        ),
        (  # deprecated as it is renamed
            (MEMBERS, "        char ch VIR_DEPRECATED; /* one byte */\n        int i; /* an int */"),
            ["struct-changed", "field-renamed", "deprecated"],
            [("deprecated", "virQAPair.u.ch", "now deprecated" + ALSO)],
        ),
        (  # the union renamed in its place: its members are paired through it
            ("    } u;", "    } v;"),
            ["field-renamed"],
            [],
        ),
        (
            (MEMBERS + "\n    } u;", "        int i; /* an int */\n        char c; /* a single byte */\n    } v;"),
            ["field-renamed", "doc-changed"],
            [("doc-changed", "virQAPair", "field v.c" + ALSO)],
        ),
        (  # a struct field renamed in its place, as the field-renamed pairs it
            ("    char buf[4]; /* spare room */", "    char room[4]; /* room to spare */"),
            ["field-renamed", "doc-changed"],
            [("doc-changed", "virQAPair", "field room" + ALSO)],
        ),
    ],
    ids=["in-place", "reordered", "beside-a-retyped-one", "deprecated", "union-renamed-docs-kept", "union-renamed", "struct-field"],
)
def test_a_renamed_fields_doc_and_deprecation_are_compared_with_its_old_ones(
    tmp_path: Path, edit: tuple[str, str], kinds: list[str], notes: list[tuple[str, str, str]]
) -> None:
    """``char c; /* one byte */`` -> ``char ch; /* a single byte */`` is one member renamed (it is said so):
    its doc changed too.  Paired by name only, neither was compared (``c`` gone, ``ch`` new)."""
    records = _records(tmp_path, DOCUMENTED, edit)
    assert [c["kind"] for c in records] == kinds, records
    assert _notes(records) == notes


def test_a_renamed_members_doc_change_points_at_its_new_comment(tmp_path: Path) -> None:
    records = _records(tmp_path, DOCUMENTED, (MEMBERS, "        char ch; /* a single byte */\n        int i; /* an int */"))
    assert records[-1]["kind"] == "doc-changed"
    assert records[-1]["location"] == _at(tmp_path / "new", DOMAIN_H, "ch;", OPENING)


def test_a_renamed_member_keeping_its_doc_is_no_doc_change(tmp_path: Path) -> None:
    records = _records(tmp_path, DOCUMENTED, (MEMBERS, "        char ch; /* one byte */\n        int i; /* an int */"))
    assert [(c["kind"], c["detail"]) for c in records] == [
        ("struct-changed", "u members reordered: i, c -> c, i" + KEPT + ALSO),
        ("field-renamed", RENAMED + "u.c -> u.ch" + ALSO),
    ]


def test_a_name_given_to_another_field_is_still_paired_by_name(tmp_path: Path) -> None:
    """``key -> value`` beside ``value -> count``: ``value`` is paired with OLD's ``value``, as code built
    against OLD reads it, and ``key``/``count`` (one's name gone, the other's new) are not paired through
    the renames."""
    old = STRUCT.replace("    int key;\n    int value;", "    int key; /* the key */\n    int value; /* the value */")
    edit = ("    int key; /* the key */\n    int value; /* the value */", "    int value; /* the key */\n    int count; /* the value */")
    records = _records(tmp_path, old, edit)
    assert [(c["kind"], c["classification"]) for c in records] == [("struct-changed", "ABI-breaking"), ("doc-changed", "compatible")]
    assert _notes(records) == [("doc-changed", "virQAPair", "field value" + ALSO)]


# --- a struct field renamed in a layout changed ------------------------------------------------------------------

EXTRA = ("    char buf[4];", "    char buf[4];\n    int extra;")  # the layout changes: a field added at the end
ADDED = "added int extra"


@pytest.mark.parametrize(
    ("edits", "detail"),
    [
        ((("    int value;", "    int val;"), EXTRA), f"{ADDED}; renamed in its place: value -> val"),
        # its offset moved: what else changed says so
        ((("    char *name;", "    int name;"), ("    char buf[4];", "    char room[4];")), "name: char * name -> int name; renamed in its place: buf -> room"),
        ((("    } u;", "    } v;"), EXTRA), f"{ADDED}; renamed in its place: u -> v"),
        ((("    int i;\n        char c;\n    } u;", "    char ch;\n        int i;\n    } v;"), EXTRA),
         f"renamed at the same offset: u.c -> v.ch; v members reordered: i, c -> c, i; {ADDED}; renamed in its place: u -> v"),
        ((("    char *name;", "    const char *title;"), EXTRA), f"title: char * name -> const char * title; {ADDED}"),  # both names said
        # a name given to another field: paired by name, the others not between the same fields
        ((("    int key;\n    int value;", "    int value;\n    int count;"), EXTRA), f"removed int key; added int count; {ADDED}"),
    ],
    ids=["at-the-same-offset", "offset-moved", "a-union", "a-union-reordered", "const-changed", "a-name-moved"],
)
def test_a_field_renamed_between_the_same_fields_in_a_changed_layout_is_renamed(
    tmp_path: Path, edits: tuple[tuple[str, str], ...], detail: str
) -> None:
    """``int value`` -> ``int val`` beside ``int extra`` added: the one field between ``key`` and ``name``
    on both sides, of one type, is one field renamed, said so in the ABI-breaking change (it was
    ``removed int value; added int val``)."""
    assert _report(tmp_path, STRUCT, *edits) == [("struct-changed", "ABI-breaking", detail + ALSO)]


@pytest.mark.parametrize(
    ("edits", "detail"),
    [
        # two on each side between key and name: nothing tells which became which
        ((("    int key;\n    int value;", "    int k;\n    int v;"), EXTRA), f"removed int key; removed int value; added int k; added int v; {ADDED}"),
        # another type: a field retyped and renamed is not told from one removed beside one added
        ((("    int value;", "    long val;"), EXTRA), f"removed int value; added long val; {ADDED}"),
        # renamed, and another field added beside it: two new fields there
        ((("    int value;", "    int val;\n    int more;"),), "removed int value; added int val; added int more"),
        # not between the same fields: moved, not renamed in its place
        ((("    int value;\n    char *name;", "    char *name;\n    int val;"),), "removed int value; added int val"),
    ],
    ids=["two-of-one-type", "another-type", "one-added-beside", "elsewhere"],
)
def test_a_field_not_paired_unambiguously_stays_removed_and_added(tmp_path: Path, edits: tuple[tuple[str, str], ...], detail: str) -> None:
    assert _report(tmp_path, STRUCT, *edits) == [("struct-changed", "ABI-breaking", detail + ALSO)]


def test_a_field_renamed_in_a_changed_layout_has_its_doc_compared(tmp_path: Path) -> None:
    edit = ("    char buf[4]; /* spare room */", "    char room[4]; /* room to spare */")
    records = _records(tmp_path, DOCUMENTED, edit, ("    int key;", "    int extra;\n    int key;"))
    assert [(c["kind"], c["detail"]) for c in records] == [
        ("struct-changed", f"{ADDED}; renamed in its place: buf -> room" + ALSO),
        ("doc-changed", "field room" + ALSO),
    ]


# --- several members left of one type ----------------------------------------------------------------------------

POINTERS = STRUCT.replace("        int i;\n        char c;", "        const char *a;\n        char *b;")
INTS = STRUCT.replace("        char c;", "        int j;")  # u: int i; int j;


@pytest.mark.parametrize(
    ("old", "edit", "expected"),
    [
        # the exact types tell the order: a reorder, no const changed
        (
            POINTERS,
            ("const char *a;\n        char *b;", "char *x;\n        const char *y;"),
            [
                ("struct-changed", "source-breaking", "u members reordered: a, b -> b, a" + KEPT),
                ("field-renamed", "source-breaking", RENAMED + "u.b -> u.x, u.a -> u.y"),
            ],
        ),
        # several of one type: in declaration order
        (INTS, ("int i;\n        int j;", "int x;\n        int y;"), [("field-renamed", "source-breaking", RENAMED + "u.i -> u.x, u.j -> u.y")]),
        (
            INTS,
            ("int i;\n        int j;", "char c;\n        int y;\n        int x;"),
            [
                ("struct-changed", "compatible", "union members added, layout kept: added char u.c"),
                ("field-renamed", "source-breaking", RENAMED + "u.i -> u.y, u.j -> u.x"),
            ],
        ),
        # the exact type first, then one whose const differs
        (
            POINTERS,
            ("const char *a;\n        char *b;", "const char *x;\n        const char *y;"),
            [
                ("struct-changed", "source-breaking", "only const changed, layout kept: u.y: char * b -> const char * y"),
                ("field-renamed", "source-breaking", RENAMED + "u.a -> u.x, u.b -> u.y"),
            ],
        ),
    ],
    ids=["exact-types-reordered", "in-declaration-order", "in-declaration-order-beside-an-addition", "exact-then-const"],
)
def test_members_left_of_one_type_are_paired_exact_type_first_in_declaration_order(
    tmp_path: Path, old: str, edit: tuple[str, str], expected: list[tuple[str, str, str]]
) -> None:
    """``const char *a; char *b;`` -> ``char *x; const char *y;``: each new member took the first one left
    of its type but for ``const``, in NEW's order, so ``a -> x, b -> y`` with both ``const`` changed, where
    the exact types pair ``b -> x, a -> y``, a reorder."""
    assert _report(tmp_path, old, edit) == [(kind, level, detail + ALSO) for kind, level, detail in expected]
