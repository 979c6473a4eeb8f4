"""``virt-apigen diff`` on layout: union members reordered are source-breaking
(retyped, still ABI-breaking), and an enum's size follows gcc (widened past 32
bits is ABI-breaking; an unknown size is not compared).

Each test edits the small tree of ``tests/cases/diff-layout`` or builds models."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_support import FIELDS, HEADER, HUGE, SAFE
from diff_support import layout_changes as _changes
from test_diff import _records

from generator.apidiff import Classification
from generator.apidiff.compare import _enum_bytes
from generator.model import Enum_, EnumMember

# --- union members reordered: source-breaking ------------------------------------------


UNION = "    int state; /* the state */\n    union {\n        int i; /* an int */\n        long l; /* a long */\n    } u; /* a value */\n"


def test_union_members_reordered_are_source_breaking(tmp_path: Path) -> None:
    swapped = UNION.replace("        int i; /* an int */\n        long l; /* a long */\n", "        long l; /* a long */\n        int i; /* an int */\n")
    changes = [c for c in _changes(tmp_path, [(HEADER, FIELDS, swapped)], [(HEADER, FIELDS, UNION)]) if c.kind == "struct-changed"]
    assert [(c.symbol, c.classification) for c in changes] == [("virTInfo", Classification.SOURCE)]
    assert changes[0].detail == "u members reordered: i, l -> l, i (layout kept: a union's members are all at offset 0)"


def test_union_reordered_and_grown_is_source_breaking(tmp_path: Path) -> None:
    members = "        long l; /* a long */\n        char c; /* a char */\n        int i; /* an int */\n"
    grown = UNION.replace("        int i; /* an int */\n        long l; /* a long */\n", members)
    changes = [c for c in _changes(tmp_path, [(HEADER, FIELDS, grown)], [(HEADER, FIELDS, UNION)]) if c.kind == "struct-changed"]
    assert [(c.classification, c.detail) for c in changes] == [
        (Classification.SOURCE, "u members reordered: i, l -> l, i; added char u.c (layout kept: a union's members are all at offset 0)"),
    ]


def test_union_member_retyped_is_still_abi_breaking(tmp_path: Path) -> None:
    retyped = UNION.replace("        int i; /* an int */\n        long l; /* a long */\n", "        long l; /* a long */\n        long i; /* an int */\n")
    changes = [c for c in _changes(tmp_path, [(HEADER, FIELDS, retyped)], [(HEADER, FIELDS, UNION)]) if c.kind == "struct-changed"]
    assert [c.classification for c in changes] == [Classification.ABI]


# --- an enum widened past 32 bits ------------------------------------------------------------


def test_enum_widened_past_32_bits_is_abi_breaking(tmp_path: Path) -> None:
    changes = _changes(tmp_path / "wider", [(HEADER, SAFE, HUGE)])
    assert _records(changes) == {("enum-size-changed", "virTRunFlags", "ABI-breaking"), ("member-added", "VIR_T_RUN_HUGE", "compatible")}
    widened = next(c for c in changes if c.kind == "enum-size-changed")
    assert widened.detail == "4 -> 8 bytes (values 1..2 -> 1..1099511627776: a value beyond int and unsigned int)"
    back = _changes(tmp_path / "narrower", [], [(HEADER, SAFE, HUGE)])
    assert ("enum-size-changed", "virTRunFlags", "ABI-breaking") in _records(back)


def _enum(*values: int | None) -> tuple[Enum_, dict[str, EnumMember]]:
    members = {f"V{i}": EnumMember(f"V{i}", "e", "t", value, "", None, "", "", False) for i, value in enumerate(values)}
    return Enum_("e", "t", tuple(members), "", ""), members


@pytest.mark.parametrize(
    ("values", "size"),
    [
        ((0, 2**31 - 1), 4),  # int
        ((-(2**31), 0), 4),
        ((0, 2**31), 4),  # unsigned int: still 4 bytes
        ((0, 2**32 - 1), 4),
        ((-1, 2**31), 8),  # neither int nor unsigned int
        ((0, 2**32), 8),
        ((-(2**31) - 1, 0), 8),
        ((0, 2**64 - 1), 8),  # unsigned long
    ],
)
def test_enum_size_follows_gcc(values: tuple[int, ...], size: int) -> None:
    enum, members = _enum(*values)
    assert _enum_bytes(enum, members) == (size, min(values), max(values))


def test_enum_size_unknown_is_not_compared() -> None:
    enum, members = _enum(0, None)
    assert _enum_bytes(enum, members) is None
