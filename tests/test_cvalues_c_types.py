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
    constants = CConstants([("e", [("A", "ALL"), ("B", "A - 1")])], [("LOOSE", "B + 1")], {"ALL": "(~0U)", "HALF": "(ALL >> 1)"})
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


# Object-like macros, expanded as cpp expands them before the text is evaluated where it stands
MACROS = {
    "M1": "1 + 2",  # no parentheses added: M1 * 3 is 1 + 2 * 3
    "M2": "(M2A + 1)",  # names a member of the enum it is used in: M2A's type while m2 is defined
    "M3A": "M3A",  # glibc's idiom: not expanded within its own expansion, so the member
    "N3": "(M3A + 1)",
    "M4A": "M4B",  # M4A -> M4B -> M4A, which stops there: the member M4A
    "M4B": "M4A",
    "M5": "- 1",  # a binary minus where it stands after an operand
    "M6": "M6A +",  # a body that is no expression alone
    "M7": "",  # expands to nothing
}
# (name, members) of enums using them; their expected values and types as ENUMS' below
MACRO_ENUMS: list[tuple[str, list[tuple[str, str]]]] = [
    ("m1", [("M1A", "M1 * 3"), ("M1B", "-M1")]),
    ("m2", [("M2A", "0xFFFFFFFFU"), ("M2B", "M2"), ("M2C", "0")]),  # QA: B is 0 (not 4294967296), the enum 4 bytes
    ("m3", [("M3A", "0xFFFFFFFFU")]),
    ("m4", [("M4A", "5"), ("M4C", "M4A")]),
    ("m5", [("M5A", "2 M5"), ("M5B", "M1 M5 * 4")]),
    ("m6", [("M6A", "0xFFFFFFFFU"), ("M6B", "M6 1")]),
    ("m7", [("M7A", "M7 M7 7 M7")]),
]
MACRO_MEMBERS = {
    "M1A": 7, "M1B": 1, "M2A": 4294967295, "M2B": 0, "M2C": 0, "M3A": 4294967295, "M4A": 5, "M4C": 5, "M5A": 1, "M5B": -1,
    "M6A": 4294967295, "M6B": 0, "M7A": 7,
}  # fmt: skip
MACRO_LAYOUTS = {"m1": UINT, "m2": UINT, "m3": UINT, "m4": UINT, "m5": INT, "m6": UINT, "m7": UINT}
# expressions after those enums: (text, gcc's value, its type)
MACRO_EXPRESSIONS: list[tuple[str, int, CType]] = [
    ("N3", 0, UINT),  # M3A after m3: unsigned int, as m3 is
    ("M3A", 4294967295, UINT),
    ("M4A", 5, INT),
    ("M1 * M1", 5, INT),
    ("(M1) * M1", 5, INT),
    ("M2B - M2A", 1, UINT),
]

# Enums whose values exceed every 64-bit type (a negative one beside one above LONG_MAX): gcc warns
# "enumeration values exceed range of largest integer", lays the enum out as long and converts to it
# each member that had not type int while the enum was defined
EXCEEDING: list[tuple[str, list[tuple[str, str]]]] = [
    ("w1", [("X1A", "-2"), ("X1B", "0xFFFFFFFFFFFFFFFFUL")]),  # QA's repro: B is long -1, 8 bytes
    ("w2", [("X2A", "-1"), ("X2B", "0xFFFFFFFFU"), ("X2C", "0xFFFFFFFFFFFFFFFFUL"), ("X2D", "X2B + 1"), ("X2E", "X2C + 1"), ("X2F", "X2C")]),
    ("w3", [("X3A", "-1"), ("X3B", "0x8000000000000000UL"), ("X3C", "")]),
]
EXCEEDING_MEMBERS = {
    "X1A": -2, "X1B": -1, "X2A": -1, "X2B": 4294967295, "X2C": -1, "X2D": 0, "X2E": 0, "X2F": -1,
    "X3A": -1, "X3B": -9223372036854775808, "X3C": -9223372036854775807,
}  # fmt: skip
EXCEEDING_EXPRESSIONS: list[tuple[str, int, CType]] = [
    ("X1B", -1, LONG),  # the enum's type, though -1 fits int: it was unsigned long while x1 was defined
    ("X1A", -2, INT),
    ("X2B", 4294967295, LONG),
    ("X3C", -9223372036854775807, LONG),
]


def test_macros_are_expanded_as_cpp_expands_them() -> None:
    constants = CConstants(ENUMS + MACRO_ENUMS, (), MACROS)
    assert {member: constants.member(member) for _, members in MACRO_ENUMS for member, _ in members} == MACRO_MEMBERS
    assert {name: constants.layout(name) for name, _ in MACRO_ENUMS} == MACRO_LAYOUTS
    assert [constants.evaluate(text) for text, _, _ in MACRO_EXPRESSIONS] == [(value, type_) for _, value, type_ in MACRO_EXPRESSIONS]


def test_a_macro_left_unexpanded_names_what_it_names() -> None:
    """M4B -> M4A -> M4B stops at the name M4B, which is no member (gcc: undeclared); ``#define X X`` without a member X."""
    constants = CConstants(MACRO_ENUMS, (), MACROS | {"X": "X", "Y": "(X + 1)"})
    assert [constants.evaluate(text) for text in ("M4B", "X", "Y", "M6", "M7")] == [None] * 5


def test_a_macro_naming_a_later_member_of_its_enum_has_no_value_there() -> None:
    """Used before that member is defined (gcc: undeclared): no value, the enum not laid out; after the enum, B's."""
    constants = CConstants([("e", [("A", "M"), ("B", "1")])], (), {"M": "(B + 1)"})
    assert (constants.member("A"), constants.member("B"), constants.layout("e"), constants.evaluate("M")) == (None, 1, None, (2, INT))


def test_enums_beyond_every_64_bit_type_are_long() -> None:
    constants = CConstants(EXCEEDING, (), {})
    assert {member: constants.member(member) for _, members in EXCEEDING for member, _ in members} == EXCEEDING_MEMBERS
    assert {name: constants.layout(name) for name, _ in EXCEEDING} == {name: LONG for name, _ in EXCEEDING}
    assert [constants.evaluate(text) for text, _, _ in EXCEEDING_EXPRESSIONS] == [(value, type_) for _, value, type_ in EXCEEDING_EXPRESSIONS]


def test_a_hostile_macro_chain_costs_nothing() -> None:
    """``#define M1 M0+M0``, ``#define M2 M1+M1``, ...: 2**40 tokens expanded, were it not bounded
    (``max_tokens``); a short one has its value.  So do 40 macros each naming the one before twice,
    with nothing in them (each name walked counts)."""
    doubling = {f"M{i}": f"M{i - 1}+M{i - 1}" for i in range(1, 41)} | {"M0": "1"}
    empty = {f"E{i}": f"E{i - 1} E{i - 1}" for i in range(1, 41)} | {"E0": ""}
    constants = CConstants([("e", [("A", "M40"), ("B", "M5"), ("C", "1 E40")])], (), doubling | empty)
    assert [constants.member(name) for name in "ABC"] == [None, 32, None]
    assert (constants.evaluate("M40"), constants.evaluate("M8"), constants.evaluate("E40")) == (None, (256, INT), None)


def _gcc_program() -> str:
    lines = ["#include <stdio.h>", "#include <stddef.h>", "#include <sys/types.h>"]
    lines += [f"#define {name} {body}" for name, body in MACROS.items()]
    expressions = EXPRESSIONS + MACRO_EXPRESSIONS + EXCEEDING_EXPRESSIONS
    for name, members in ENUMS + MACRO_ENUMS + EXCEEDING:
        lines.append(f"enum {name} {{ " + ", ".join(f"{member} = {text}" if text else member for member, text in members) + " };")
    lines.append("int main(void) {")
    for index, (text, value, _) in enumerate(expressions):
        if value is not None:
            signed = f"((__typeof__({text}))-1 < 0)"
            lines.append(f'  if ({signed}) printf("x{index} %lld %zu %d\\n", (long long)({text}), sizeof({text}), 1);')
            lines.append(f'  else printf("x{index} %llu %zu %d\\n", (unsigned long long)({text}), sizeof({text}), 0);')
    for name, members in ENUMS + MACRO_ENUMS + EXCEEDING:
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
    expressions = EXPRESSIONS + MACRO_EXPRESSIONS + EXCEEDING_EXPRESSIONS
    for index, (_, value, type_) in enumerate(expressions):
        if value is not None and type_ is not None:
            bits, signed = type_
            assert printed[f"x{index}"] == f"{value} {max(bits // 8, 1)} {int(signed)}", expressions[index]
    layouts = LAYOUTS | MACRO_LAYOUTS | {name: LONG for name, _ in EXCEEDING}
    for name, _ in ENUMS + MACRO_ENUMS + EXCEEDING:
        assert printed[name] == f"{layouts[name][0] // 8} {int(layouts[name][1])}", name
    members = MEMBERS | MACRO_MEMBERS | EXCEEDING_MEMBERS
    assert {member: int(printed[member]) for member in members} == members
