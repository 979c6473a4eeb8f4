"""C-typed values (``generator/frontend/cvalues.py``: :func:`c_value`,
:class:`CConstants`): integer constant expressions and enum layouts as gcc
computes them on x86_64 Linux (LP64), for the rules that claim C's semantics
(diff's enum sizes and value changes, check's duplicate values).  The model's
``value`` stays apibuild.py's mathematical integer (``~0U`` is -1).

The expected values were printed by gcc 12.2.0 (Debian 12, x86_64) from the
same expressions and enums (``printf`` of each value, ``sizeof`` of each
enum); :func:`test_the_tables_are_what_gcc_computes` compiles them again
where gcc is installed."""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require

from generator.frontend import cvalues
from generator.frontend.cvalues import INT, LONG, UINT, ULONG, CConstants, CType, CValue, c_value, parse

# (expression, gcc's value, its type as (bits, signed)); None: no C value here (a shift by the width or more)
EXPRESSIONS: list[tuple[str, int | None, CType | None]] = [
    ("~0U", 4294967295, UINT),
    ("(1 << 31)", -2147483648, INT),  # signed overflow wraps, as gcc computes it
    ("1U << 31", 2147483648, UINT),
    ("(-2147483647 - 1)", -2147483648, INT),
    ("0xFFFFFFFFU", 4294967295, UINT),
    ("(~0U)", 4294967295, UINT),
    ("(unsigned int)-1", 4294967295, UINT),
    ("(unsigned char)-1", 255, (8, False)),
    ("(short)0x18000", -32768, (16, True)),
    ("(_Bool)5", 1, (1, False)),
    ("(signed char)200", -56, (8, True)),
    ("(char)200", -56, (8, True)),  # char is signed on x86_64
    ("(unsigned)-1 + (long)1", 4294967296, LONG),
    ("(size_t)-1", 18446744073709551615, ULONG),
    ("(ssize_t)-1", -1, LONG),
    ("-1 << 1", -2, INT),
    ("-8 >> 1", -4, INT),  # arithmetic shift
    ("-7 / 2", -3, INT),
    ("-7 % 2", -1, INT),
    ("1 - 2U", 4294967295, UINT),
    ("-1 < 0U", 0, INT),  # compared as unsigned int
    ("-1L < 1U", 1, INT),  # long holds every unsigned int
    ("-1 < 1UL", 0, INT),
    ("3 * -1L", -3, LONG),
    ("~0UL", 18446744073709551615, ULONG),
    ("!0U", 1, INT),
    ("0U ? 1 : -1", -1, INT),
    ("1 ? 1U : -1", 1, UINT),  # the branches' common type
    ("0 ? 1U : -1", 4294967295, UINT),
    ("'a' - 'b' * 1U", 4294967295, UINT),
    ("(char)-1", -1, (8, True)),
    ("0x7FFFFFFF + 1", -2147483648, INT),
    ("(-2147483647 - 1) / -1", -2147483648, INT),
    ("2147483648", 2147483648, LONG),  # decimal: int, long
    ("0x80000000", 2147483648, UINT),  # hexadecimal: int, unsigned int, long, ...
    ("020000000000", 2147483648, UINT),  # octal as hexadecimal
    ("-0x80000000", 2147483648, UINT),
    ("4294967296", 4294967296, LONG),
    ("0x100000000", 4294967296, LONG),
    ("0xFFFFFFFFFFFFFFFF", 18446744073709551615, ULONG),
    ("9223372036854775808U", 9223372036854775808, ULONG),
    ("1L << 63", -9223372036854775808, LONG),
    ("9223372036854775807 + 1", -9223372036854775808, LONG),
    ("1 << 32", None, None),  # undefined in C (gcc warns, and computes 0): no value here
    ("1U << 32", None, None),
]


@pytest.mark.parametrize(("text", "value", "type_"), EXPRESSIONS)
def test_expressions_have_gccs_values_and_types(text: str, value: int | None, type_: CType | None) -> None:
    expected = None if value is None or type_ is None else (value, type_)
    assert c_value(parse(text, frozenset(cvalues.LIBRARY_TYPES)), lambda name: None) == expected


def test_the_models_values_stay_mathematical() -> None:
    """``value`` (the model's, as apibuild.py's) is unchanged: a cast changes nothing, nothing wraps."""
    types = frozenset(cvalues.LIBRARY_TYPES)
    assert [cvalues.value(parse(text, types), {}) for text in ("~0U", "(1 << 31)", "(unsigned char)-1", "(size_t)-1", "1U << 32")] == [
        -1, 2147483648, -1, -1, 4294967296,
    ]  # fmt: skip


def test_what_has_no_c_type_has_no_c_value() -> None:
    unknown = ["9223372036854775808", "(int *)0", "(double)1", "(virFoo)1", "sizeof(int)", "1 / 0", "1 << -1", "X + 1", "1 ? 2 : X"]
    assert [c_value(parse(text, frozenset({"virFoo"})), lambda name: None) for text in unknown] == [None] * len(unknown)


def test_names_bring_their_types() -> None:
    names: dict[str, CValue] = {"A": (4294967295, UINT), "B": (1, INT)}
    assert c_value(parse("A + B"), names.get) == (0, UINT)
    assert c_value(parse("-B"), names.get) == (-1, INT)


# (name, members as (name, initializer)); the expected values of the members and the enum's type
ENUMS: list[tuple[str, list[tuple[str, str]]]] = [
    ("e1", [("E1A", "-1"), ("E1B", "0xFFFFFFFFU")]),  # the brief's: long, 8 bytes
    ("e2", [("E2A", "0xFFFFFFFFU"), ("E2B", "E2A + 1")]),  # E2A is unsigned int while e2 is defined
    ("e3", [("E3A", "1U"), ("E3B", "E3A - 2")]),  # E3A fits int: int
    ("e4", [("E4A", "0xFFFFFFFFU"), ("E4B", "-1"), ("E4C", "E4A + 1")]),  # unsigned int inside, long after
    ("e5", [("E5A", "E4A + 1")]),  # E4A named after e4: long
    ("e6", [("E6A", "0xFFFFFFFEU"), ("E6B", ""), ("E6C", "E6B + 1")]),  # the one before plus one, in its type
    ("e7", [("E7A", "-1"), ("E7B", "0x80000000"), ("E7C", "E7B << 1")]),
    ("e8", [("E8A", "(1 << 31)"), ("E8B", "-1")]),  # QA's repro (a): 4 bytes
    ("e9", [("E9A", "~0U"), ("E9B", "-1")]),  # QA's repro (b): 8 bytes
    ("e10", [("E10A", ""), ("E10B", "(1 << 3)"), ("E10C", "")]),
]
MEMBERS = {
    "E1A": -1, "E1B": 4294967295, "E2A": 4294967295, "E2B": 0, "E3A": 1, "E3B": -1, "E4A": 4294967295, "E4B": -1, "E4C": 0,
    "E5A": 4294967296, "E6A": 4294967294, "E6B": 4294967295, "E6C": 0, "E7A": -1, "E7B": 2147483648, "E7C": 0,
    "E8A": -2147483648, "E8B": -1, "E9A": 4294967295, "E9B": -1, "E10A": 0, "E10B": 8, "E10C": 9,
}  # fmt: skip
LAYOUTS = {"e1": LONG, "e2": UINT, "e3": INT, "e4": LONG, "e5": ULONG, "e6": UINT, "e7": LONG, "e8": INT, "e9": LONG, "e10": UINT}


def test_enums_are_laid_out_as_gcc_lays_them_out() -> None:
    constants = CConstants(ENUMS, (), {})
    assert {member: constants.member(member) for _, members in ENUMS for member, _ in members} == MEMBERS
    assert {name: constants.layout(name) for name, _ in ENUMS} == LAYOUTS


def test_a_member_past_int_max_without_initializer_has_no_value() -> None:
    """gcc: "overflow in enumeration values" (``INT_MAX`` plus one in int); the enum has no layout."""
    constants = CConstants([("e", [("A", "0x7FFFFFFF"), ("B", "")])], (), {})
    assert (constants.member("A"), constants.member("B"), constants.layout("e")) == (2147483647, None, None)


def test_macros_and_members_name_each_other() -> None:
    constants = CConstants([("e", [("A", "ALL"), ("B", "A - 1")])], [("LOOSE", "B + 1")], {"ALL": "(~0U) /* all */", "HALF": "(ALL >> 1)"})
    assert (constants.member("A"), constants.member("B"), constants.member("LOOSE")) == (4294967295, 4294967294, 4294967295)
    assert constants.evaluate("HALF") == (2147483647, UINT)


def test_a_cycle_has_no_value_and_ends() -> None:
    constants = CConstants([("e", [("A", "X")]), ("f", [("B", "A")])], (), {"X": "B", "Y": "Y"})
    assert (constants.member("A"), constants.member("B"), constants.evaluate("Y")) == (None, None, None)


def test_a_hostile_initializer_costs_nothing() -> None:
    deep = "(" * 200 + "1" + ")" * 200
    long = " + ".join(["1"] * 1000)
    constants = CConstants([("e", [("A", deep), ("B", long), ("C", "1 << 20000")])], (), {})
    assert [constants.member(name) for name in "ABC"] == [None, None, None]


def _gcc_program() -> str:
    lines = ["#include <stdio.h>", "#include <stddef.h>", "#include <sys/types.h>"]
    for name, members in ENUMS:
        lines.append(f"enum {name} {{ " + ", ".join(f"{member} = {text}" if text else member for member, text in members) + " };")
    lines.append("int main(void) {")
    for index, (text, value, _) in enumerate(EXPRESSIONS):
        if value is not None:
            signed = f"((__typeof__({text}))-1 < 0)"
            lines.append(f'  if ({signed}) printf("x{index} %lld %zu %d\\n", (long long)({text}), sizeof({text}), 1);')
            lines.append(f'  else printf("x{index} %llu %zu %d\\n", (unsigned long long)({text}), sizeof({text}), 0);')
    for name, members in ENUMS:
        lines.append(f'  printf("{name} %zu %d\\n", sizeof(enum {name}), (enum {name})-1 < 0);')
        for member, _ in members:
            lines.append(f'  if ({member} < 0) printf("{member} %lld\\n", (long long){member}); else printf("{member} %llu\\n", (unsigned long long){member});')
    lines.append("  return 0;\n}")
    return "\n".join(lines) + "\n"


def test_the_tables_are_what_gcc_computes(tmp_path: Path) -> None:
    """The tables above, compiled by gcc on x86_64 (the target libvirt is built for)."""
    require(shutil.which("gcc") is not None, "gcc")
    if platform.machine() != "x86_64":
        pytest.skip("the values are x86_64's (LP64)")
    (tmp_path / "values.c").write_text(_gcc_program(), encoding="utf-8")
    subprocess.run(["gcc", "-w", "-o", "values", "values.c"], cwd=tmp_path, check=True, capture_output=True)
    printed = dict(line.split(" ", 1) for line in subprocess.run([str(tmp_path / "values")], check=True, capture_output=True, text=True).stdout.splitlines())
    for index, (_, value, type_) in enumerate(EXPRESSIONS):
        if value is not None and type_ is not None:
            bits, signed = type_
            assert printed[f"x{index}"] == f"{value} {max(bits // 8, 1)} {int(signed)}", EXPRESSIONS[index]
    for name, _ in ENUMS:
        assert printed[name] == f"{LAYOUTS[name][0] // 8} {int(LAYOUTS[name][1])}", name
    assert {member: int(printed[member]) for member in MEMBERS} == MEMBERS
