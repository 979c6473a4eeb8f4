"""``check``'s ``enum-duplicate-value`` compares members by the values gcc
gives them on x86_64 Linux (``generator/frontend/cvalues.py``'s
:class:`CConstants`) when the model was read from sources: ``~0U`` is
4294967295, not the model's -1 (apibuild.py's), so ``= -1`` beside it is no
duplicate and "write it as '= ...'" would change its value (QA's repro (d)).
From an exported XML (apibuild.py's numbers, no enum tags) the model's values
are compared, as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from check_support import HEADER, check_findings, write_tree

from generator.frontend import load_tree
from generator.lint import lint

B = "    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */\n"


def _duplicates(tmp_path: Path, members: str, macros: str = "") -> list[str]:
    tree = write_tree(tmp_path / "tree", HEADER.replace(B, B + members).replace("typedef enum {", macros + "typedef enum {"))
    return [d.message for d in check_findings(tree) if d.rule == "enum-duplicate-value"]


def test_minus_one_beside_not_0u_is_no_duplicate(tmp_path: Path) -> None:
    """(d): ``~0U`` is 4294967295 in C; the model's -1 made ``VIR_X_NEG`` a false duplicate."""
    members = "    VIR_X_ALL = ~0U, /* all (Since: 1.0.0) */\n    VIR_X_NEG = -1, /* negative (Since: 1.1.0) */\n"
    assert _duplicates(tmp_path, members) == []


def test_the_same_c_value_spelled_twice_is_a_duplicate(tmp_path: Path) -> None:
    """``~0U`` and ``0xFFFFFFFFU`` are one value in C (the model's -1 and 4294967295 are not)."""
    members = "    VIR_X_ALL = ~0U, /* all (Since: 1.0.0) */\n    VIR_X_MAX = 0xFFFFFFFFU, /* max (Since: 1.1.0) */\n"
    assert _duplicates(tmp_path, members) == [
        "'VIR_X_MAX' has the value 4294967295 of 'VIR_X_ALL' in virXFlags; write it as '= VIR_X_ALL' or say why in its doc",
    ]


def test_1_shl_31_and_int_min_are_one_value(tmp_path: Path) -> None:
    members = "    VIR_X_HIGH = (1 << 31), /* high (Since: 1.0.0) */\n    VIR_X_MIN = (-2147483647 - 1), /* min (Since: 1.1.0) */\n"
    assert _duplicates(tmp_path, members) == [
        "'VIR_X_MIN' has the value -2147483648 of 'VIR_X_HIGH' in virXFlags; write it as '= VIR_X_HIGH' or say why in its doc",
    ]


def test_without_enum_tags_the_models_values_are_compared(tmp_path: Path) -> None:
    """A model read from an exported XML (no enum tags) holds apibuild.py's numbers: those are compared."""
    members = "    VIR_X_ALL = ~0U, /* all (Since: 1.0.0) */\n    VIR_X_NEG = -1, /* negative (Since: 1.1.0) */\n"
    api = load_tree(write_tree(tmp_path / "tree", HEADER.replace(B, B + members))).api
    found = [d.message for d in lint(replace(api, enum_tags=None)) if d.rule == "enum-duplicate-value"]
    assert found == ["'VIR_X_NEG' has the value -1 of 'VIR_X_ALL' in virXFlags; write it as '= VIR_X_ALL' or say why in its doc"]


# QA's repro 2 (gcc 12.2.0, x86_64): VIR_X_M expands inside virXFlags, where VIR_X_ALL is unsigned int: 0
MACRO_NEXT = "# define VIR_X_M (VIR_X_ALL + 1)\n"
ALL_M = "    VIR_X_ALL = 0xFFFFFFFFU, /* all (Since: 1.0.0) */\n    VIR_X_M0 = VIR_X_M, /* next (Since: 1.0.0) */\n"


def test_a_macro_naming_a_member_before_it_is_no_false_duplicate(tmp_path: Path) -> None:
    """``VIR_X_M0`` is 0, not 4294967296: ``VIR_X_BIG = 0x100000000`` beside it is no duplicate."""
    members = ALL_M + "    VIR_X_BIG = 0x100000000, /* big (Since: 1.0.0) */\n"
    assert _duplicates(tmp_path, members, MACRO_NEXT) == []


def test_a_macro_naming_a_member_before_it_finds_the_real_duplicate(tmp_path: Path) -> None:
    members = ALL_M + "    VIR_X_ZERO = 0, /* zero (Since: 1.0.0) */\n"
    assert _duplicates(tmp_path, members, MACRO_NEXT) == [
        "'VIR_X_ZERO' has the value 0 of 'VIR_X_M0' in virXFlags; write it as '= VIR_X_M0' or say why in its doc",
    ]


def test_values_beyond_every_64_bit_type_are_converted_to_long(tmp_path: Path) -> None:
    """QA's repro 4 (gcc 12.2.0, x86_64): -1 beside ``0xFFFFFFFFFFFFFFFFUL`` makes the enum ``long``, and that
    member the ``long`` -1: a duplicate (was missed)."""
    members = "    VIR_X_NEG = -1, /* negative (Since: 1.0.0) */\n    VIR_X_MAX = 0xFFFFFFFFFFFFFFFFUL, /* max (Since: 1.1.0) */\n"
    assert _duplicates(tmp_path, members) == [
        "'VIR_X_MAX' has the value -1 of 'VIR_X_NEG' in virXFlags; write it as '= VIR_X_NEG' or say why in its doc",
    ]
