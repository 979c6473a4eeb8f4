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
from test_diff_struct_details import DOCUMENTED, KEPT, _notes, _records

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
