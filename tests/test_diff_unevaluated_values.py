"""``virt-apigen diff`` on enum values not computed: compared as written (as
tokens), the same initializer is no change, an implicit member counts from
the one before, and a tree against its own XML export shows no change.

Each case is a one-header tree whose ``libvirt-host.h`` ends with the text given."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_support import A, C
from diff_support import against_own_xml as _against_own_xml
from diff_support import plain_changes as _changes


def _enum(*members: str, tail: str = "} virCE;\n") -> str:
    return "typedef enum {\n" + "".join(f"    {m}, /* m */\n" for m in members) + tail


# --- an enum value not computed on a side is compared as written -----------------


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
