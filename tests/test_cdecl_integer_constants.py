"""Integer constants read in their base whatever their leading zeros: binary
(``0b``) and zero-padded octal, decimal and hexadecimal constants have C's
value, in ``cdecl`` and through a tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import module

from generator.frontend import cdecl

# --- binary and zero-padded integer constants ------------------------------


def _values(body: str) -> dict[str, int | None]:
    return {m.name: m.value for e in cdecl.parse(body, "t.h").enums for m in e.members}


@pytest.mark.parametrize(
    ("constant", "value"),
    [
        ("0b" + "1" * 31, 2**31 - 1),
        ("0b" + "1" * 64 + "ULL", 2**64 - 1),
        ("0B" + "0" * 40 + "101", 5),
        ("0b1" + "0" * 64, None),  # 2**64: no 64-bit type holds it
        ("0x" + "0" * 27 + "1", 1),
        ("0x" + "f" * 16, 2**64 - 1),
        ("0x1" + "0" * 16, None),
        ("0" * 30 + "17", 15),
        ("0" + "7" * 22, None),  # 2**66 - 1
        ("01" + "7" * 21, 2**64 - 1),
        ("18446744073709551615ULL", 2**64 - 1),
        ("1" + "0" * 20, None),
        ("0x" + "0" * 100_000 + "2", 2),  # the zeros cost a strip, not a conversion
        ("1" + "0" * 100_000, None),
        ("0", 0),
        ("0x0", 0),
        ("00", 0),
    ],
)
def test_integer_constants_are_read_in_their_base_whatever_their_leading_zeros(constant: str, value: int | None) -> None:
    assert _values(f"enum {{ A = {constant} }};\n") == {"A": value}


def test_a_binary_constant_in_a_tree_has_its_value(tmp_path: Path) -> None:
    found = module(tmp_path, "typedef enum { VIR_A = 0b1111111111111111111111111111111, VIR_B = 0x0000000000000000000000000001 } virE;\n")
    assert [(m.name, m.value) for m in found.members] == [("VIR_A", 2**31 - 1), ("VIR_B", 1)]
