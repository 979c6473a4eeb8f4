"""``virt-apigen diff`` compares enum sizes, enum values and macro constants
as gcc computes them on x86_64 Linux (``generator/frontend/cvalues.py``'s
:class:`CConstants`) when both sides are sources: ``~0U`` is 4294967295,
``(1 << 31)`` is -2147483648.  The model's ``value`` (apibuild.py's, ``~0U``
is -1) is what an exported XML holds, so against one the model's values are
compared, as before.  QA's repros (a) to (c); gcc's sizes were checked with
``sizeof`` (gcc 12.2.0, x86_64): see tests/test_cvalues_c_types.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_support import HEADER, SAFE, TREE, against_own_xml
from diff_support import layout_changes as _changes
from test_diff import _edited

from generator.apidiff import Change, Classification
from generator.cli import main

A, C = Classification.ABI, Classification.COMPATIBLE

HIGH = SAFE + "    VIR_T_RUN_HIGH = (1 << 31), /* high (Since: 1.0.0) */\n"
ALL = SAFE + "    VIR_T_RUN_ALL = ~0U, /* all (Since: 1.0.0) */\n"
NEG = "    VIR_T_RUN_NEG = -1, /* negative (Since: 1.1.0) */\n"
MACRO = "# define VIR_T_NAME_LENGTH 80\n"


def _records(changes: list[Change]) -> list[tuple[str, str, Classification, str]]:
    return [(c.kind, c.symbol, c.classification, c.detail) for c in changes]


def test_a_negative_member_beside_1_shl_31_keeps_the_size(tmp_path: Path) -> None:
    """(a): ``(1 << 31)`` is int's -2147483648, so -1 beside it fits int: 4 bytes both (no false ABI break)."""
    changes = _changes(tmp_path, [(HEADER, SAFE, HIGH + NEG)], [(HEADER, SAFE, HIGH)])
    assert _records(changes) == [("member-added", "VIR_T_RUN_NEG", C, "virTRunFlags value -1")]


def test_a_negative_member_beside_not_0u_widens_the_enum(tmp_path: Path) -> None:
    """(b): ``~0U`` is 4294967295, so -1 beside it needs ``long``: 4 -> 8 bytes, ABI-breaking (it was missed)."""
    changes = _changes(tmp_path, [(HEADER, SAFE, ALL + NEG)], [(HEADER, SAFE, ALL)])
    assert _records(changes) == [
        ("enum-size-changed", "virTRunFlags", A, "4 -> 8 bytes (values 1..4294967295 -> -1..4294967295: a value beyond int and unsigned int)"),
        ("member-added", "VIR_T_RUN_NEG", C, "virTRunFlags value -1"),
    ]


def test_the_cli_exits_4_on_the_widened_enum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _edited(TREE, tmp_path / "old", [(HEADER, SAFE, ALL)])
    new = _edited(TREE, tmp_path / "new", [(HEADER, SAFE, ALL + NEG)])
    assert main(["diff", str(old), str(new)]) == 4
    assert "[enum-size-changed]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("VIR_T_RUN_ALL = ~0U,", "VIR_T_RUN_ALL = 0xFFFFFFFFU,"),  # (c)
        ("VIR_T_RUN_ALL = ~0U,", "VIR_T_RUN_ALL = (unsigned int)-1,"),
        ("VIR_T_RUN_HIGH = (1 << 31),", "VIR_T_RUN_HIGH = (-2147483647 - 1),"),  # (c)
    ],
)
def test_a_member_respelled_to_the_same_c_value_is_no_change(tmp_path: Path, old: str, new: str) -> None:
    before = HIGH if "HIGH" in old else ALL
    changes = _changes(tmp_path, [(HEADER, SAFE, before.replace(old, new))], [(HEADER, SAFE, before)])
    assert _records(changes) == []


@pytest.mark.parametrize(
    ("before", "old", "new", "detail"),
    [
        (ALL, "~0U", "-1", "4294967295 (~0U) -> -1"),  # the model's values are both -1: was no change
        (HIGH, "(1 << 31)", "(1U << 31)", "-2147483648 (1 << 31) -> 2147483648 (1U << 31)"),
    ],
)
def test_a_member_of_another_c_value_is_abi_breaking(tmp_path: Path, before: str, old: str, new: str, detail: str) -> None:
    changes = _changes(tmp_path, [(HEADER, SAFE, before.replace(f"= {old},", f"= {new},"))], [(HEADER, SAFE, before)])
    value_changes = [record for record in _records(changes) if record[0] == "member-value-changed"]
    assert value_changes == [("member-value-changed", before.split("\n")[1].split()[0], A, detail)]


@pytest.mark.parametrize(
    ("old", "new", "classification", "detail"),
    [
        ("(~0U)", "(0xFFFFFFFFU)", C, "respelled, same value: (~0U) -> (0xFFFFFFFFU), both 4294967295"),  # (c)
        ("(1 << 31)", "(-2147483647 - 1)", C, "respelled, same value: (1 << 31) -> (-2147483647 - 1), both -2147483648"),
        ("(~0U)", "(-1)", A, "(~0U) -> (-1)"),  # both -1 as the model computes them: was compatible
    ],
)
def test_a_macro_is_compared_by_its_c_value(tmp_path: Path, old: str, new: str, classification: Classification, detail: str) -> None:
    changes = _changes(tmp_path, [(HEADER, MACRO, MACRO.replace("80", new))], [(HEADER, MACRO, MACRO.replace("80", old))])
    assert _records(changes) == [("macro-value-changed", "VIR_T_NAME_LENGTH", classification, detail)]


def test_a_macro_following_a_member_follows_its_c_value(tmp_path: Path) -> None:
    """The same body, a member in it changed C value only (the model's: -1 both)."""
    follows = MACRO + "# define VIR_T_LIMIT (VIR_T_RUN_ALL)\n"
    old = [(HEADER, SAFE, ALL), (HEADER, MACRO, follows)]
    new = [(HEADER, SAFE, ALL.replace("~0U", "-1")), (HEADER, MACRO, follows)]
    records = [r for r in _records(_changes(tmp_path, new, old)) if r[0] == "macro-value-changed"]
    assert records == [("macro-value-changed", "VIR_T_LIMIT", A, "4294967295 -> -1 (follows VIR_T_RUN_ALL; body (VIR_T_RUN_ALL) unchanged)")]


ENUM = """
/**
 * virConnectBits:
 *
 * Bits.
 *
 * Since: 1.0.0
 */
typedef enum {
    VIR_CONNECT_BITS_HIGH = (1 << 31), /* high (Since: 1.0.0) */
    VIR_CONNECT_BITS_ALL = ~0U, /* all (Since: 1.0.0) */
    VIR_CONNECT_BITS_NEG = -1, /* negative (Since: 1.0.0) */
} virConnectBits;
"""


def test_a_tree_and_its_own_xml_still_differ_in_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Against an exported XML (apibuild.py's values: ``~0U`` is -1) the model's values are compared, as before."""
    against_own_xml(tmp_path, "bits", ENUM, capsys)


# QA's repros of macros in values (gcc 12.2.0, x86_64: VIR_T_M * 3 is 7; VIR_T_RUN_NEXT = VIR_T_NEXT is 0
# in a 4-byte enum; VIR_T_RUN_ALL + 1 after the enum is unsigned int 0; see tests/test_cvalues_c_types.py)
M = MACRO + "# define VIR_T_M 1 + 2\n"


def test_an_unparenthesized_macro_is_expanded_in_a_member(tmp_path: Path) -> None:
    """``VIR_T_M * 3`` is ``1 + 2 * 3``, 7 (was 9, the macro's value times 3: the change to 9 was missed)."""
    member = SAFE + "    VIR_T_RUN_M = VIR_T_M * 3, /* m (Since: 1.0.0) */\n"
    changes = _changes(tmp_path, [(HEADER, MACRO, M), (HEADER, SAFE, member.replace("VIR_T_M * 3", "9"))], [(HEADER, MACRO, M), (HEADER, SAFE, member)])
    assert _records(changes) == [("member-value-changed", "VIR_T_RUN_M", A, "7 (VIR_T_M * 3) -> 9")]


def test_an_unparenthesized_macro_is_expanded_in_a_macro(tmp_path: Path) -> None:
    """``(VIR_T_M * 3)`` -> ``(9)`` is 7 -> 9 (was "respelled, same value ... both 9")."""
    changes = _changes(tmp_path, [(HEADER, MACRO, M + "# define VIR_T_N (9)\n")], [(HEADER, MACRO, M + "# define VIR_T_N (VIR_T_M * 3)\n")])
    assert _records(changes) == [("macro-value-changed", "VIR_T_N", A, "(VIR_T_M * 3) -> (9)")]


def test_a_macro_naming_a_member_of_the_enum_it_is_used_in(tmp_path: Path) -> None:
    """``VIR_T_NEXT`` is ``(VIR_T_RUN_ALL + 1)``, expanded inside the enum, where VIR_T_RUN_ALL is
    ``unsigned int``: 0, as before (was 4294967296 and an 8-byte enum: two false ABI breaks)."""
    members = SAFE + "    VIR_T_RUN_ALL = 0xFFFFFFFFU, /* all (Since: 1.0.0) */\n    VIR_T_RUN_NEXT = 0, /* next (Since: 1.0.0) */\n"
    new = [(HEADER, MACRO, MACRO + "# define VIR_T_NEXT (VIR_T_RUN_ALL + 1)\n"), (HEADER, SAFE, members.replace("= 0,", "= VIR_T_NEXT,"))]
    assert _records(_changes(tmp_path, new, [(HEADER, SAFE, members)])) == [("macro-added", "VIR_T_NEXT", C, "(VIR_T_RUN_ALL + 1)")]


def test_a_self_referential_macro_names_its_member(tmp_path: Path) -> None:
    """``#define VIR_T_RUN_ALL VIR_T_RUN_ALL`` (glibc's idiom) leaves the member: ``(VIR_T_RUN_ALL + 1)``
    is 0 (unsigned int), so -> ``(0)`` is respelled (was unknown, and an ABI break)."""
    member = SAFE + "    VIR_T_RUN_ALL = 0xFFFFFFFFU, /* all (Since: 1.0.0) */\n"
    self_named = MACRO + "# define VIR_T_RUN_ALL VIR_T_RUN_ALL\n"
    old = [(HEADER, MACRO, self_named + "# define VIR_T_N (VIR_T_RUN_ALL + 1)\n"), (HEADER, SAFE, member)]
    new = [(HEADER, MACRO, self_named + "# define VIR_T_N (0)\n"), (HEADER, SAFE, member)]
    assert _records(_changes(tmp_path, new, old)) == [
        ("macro-value-changed", "VIR_T_N", C, "respelled, same value: (VIR_T_RUN_ALL + 1) -> (0), both 0"),
    ]


def test_an_enum_beyond_every_64_bit_type_is_8_bytes(tmp_path: Path) -> None:
    """QA's repro 4 (gcc 12.2.0, x86_64: "enumeration values exceed range of largest integer"): -2 beside
    ``0xFFFFFFFFFFFFFFFFUL`` makes the enum ``long``, 8 bytes, that member the ``long`` -1, as it was
    (was a member-value-changed to 18446744073709551615, and no enum-size-changed)."""
    members = SAFE + "    VIR_T_RUN_NEG = -2, /* neg (Since: 1.0.0) */\n    VIR_T_RUN_B = -1, /* b (Since: 1.0.0) */\n"
    changes = _changes(tmp_path, [(HEADER, SAFE, members.replace("= -1,", "= 0xFFFFFFFFFFFFFFFFUL,"))], [(HEADER, SAFE, members)])
    why = "values beyond every 64-bit type, which gcc lays out as long, converting them"
    assert _records(changes) == [("enum-size-changed", "virTRunFlags", A, f"4 -> 8 bytes (values -2..2 -> -2..2: {why})")]


def test_a_member_of_an_anonymous_enum_is_detailed_without_an_enum_name(tmp_path: Path) -> None:
    """QA, session 27: an anonymous enum's member added read ``VIR_X:  value 3`` (two spaces, the enum's name empty)."""
    from diff_support import plain_changes

    added = plain_changes(tmp_path, "", "enum { VIR_T_ANON = 3 /* anon (Since: 1.1.0) */ };\n")
    assert added == [("member-added", "VIR_T_ANON", C, "value 3")]
