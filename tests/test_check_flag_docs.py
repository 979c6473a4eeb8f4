"""``check``'s ``flag-undocumented`` rule and an enum doc's intent: a flag
written as a member its doc mentions is documented, a flag of value zero sets
no bit and is not reported, and an enum doc naming two members covers only
that pair (its sentence must be about the pair); libvirt 9.0.0's aliases,
zero flags and intentional pairs stay as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import CASES, T_HEADER
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from check_support import first_names as _named
from conftest import SAMPLE_TREE as SAMPLE
from edit_support import replace_once as _edit

from generator.cli import main
from generator.lint.enums import _documented
from generator.model import EnumMember

CHECKPOINT_H = Path("include") / "libvirt" / "libvirt-domain-checkpoint.h"


# --- flag-undocumented -------------------------------------------------


def _flags_tree(tmp_path: Path, members: str) -> Path:
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _edit(tree / T_HEADER, "    VIR_T_RUN_SAFE = (1 << 1), /* stay safe (Since: 1.0.0) */\n",
          "    VIR_T_RUN_SAFE = (1 << 1), /* stay safe (Since: 1.0.0) */\n" + members)
    return tree


def test_a_flag_written_as_a_mentioned_member_is_documented(tmp_path: Path) -> None:
    """QA: VIR_DOMAIN_MEM_LIVE = VIR_DOMAIN_AFFECT_LIVE was reported though the doc names VIR_DOMAIN_AFFECT_LIVE."""
    tree = _flags_tree(
        tmp_path,
        "    VIR_T_RUN_QUICK = VIR_T_RUN_FAST, /* old name (Since: 1.0.0) */\n"
        "    VIR_T_RUN_SPEEDY = VIR_T_RUN_QUICK, /* older name (Since: 1.0.0) */\n"  # a chain
        "    VIR_T_RUN_CAREFUL = VIR_T_RUN_SAFE, /* its target is not mentioned either (Since: 1.0.0) */\n"
        "    VIR_T_RUN_HASTY = (1 << 0), /* same bit, other meaning (Since: 1.0.0) */\n",  # a shared value is no spelling
    )
    assert sorted(_named(_check(tree), "flag-undocumented")) == ["VIR_T_RUN_CAREFUL", "VIR_T_RUN_HASTY", "VIR_T_RUN_SAFE"]


def test_a_flag_of_value_zero_is_not_reported(tmp_path: Path) -> None:
    """QA: VIR_STORAGE_POOL_CREATE_NORMAL = 0 and the like were reported: 0 sets no bit."""
    tree = _flags_tree(tmp_path, "    VIR_T_RUN_NORMAL = 0, /* no flag (Since: 1.0.0) */\n")
    assert _named(_check(tree), "flag-undocumented") == ["VIR_T_RUN_SAFE"]


def test_libvirt_9_aliases_and_zero_flags(libvirt_tree: Path) -> None:
    flagged = set(_named(_check(libvirt_tree), "flag-undocumented"))
    aliases = {f"VIR_DOMAIN_{kind}_{mode}" for kind in ("MEM", "VCPU", "DEVICE_MODIFY") for mode in ("CURRENT", "LIVE", "CONFIG")}
    zeros = {"VIR_STORAGE_POOL_CREATE_NORMAL", "VIR_DOMAIN_NONE", "VIR_DOMAIN_REBOOT_DEFAULT", "VIR_STORAGE_VOL_USE_ALLOCATION"}
    assert not flagged & (aliases | zeros)
    assert "VIR_CONNECT_RO" in flagged  # a flag no doc names is still reported
    assert len(flagged) == 96


# --- an enum doc's intent covers only its pair ---------------------------


def test_two_names_in_the_enum_doc_covers_only_its_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: NO_LEAVES given LEAVES's bit was a note ('documented as intentional') because the
    enum's doc says the lowest bit carries two names; exit 0 with --werror."""
    tree = _tree(tmp_path, SAMPLE)
    _edit(tree / CHECKPOINT_H, "LIST_NO_LEAVES   = (1 << 3)", "LIST_NO_LEAVES   = (1 << 2)")
    found = [(d.severity, d.message.split("'")[1]) for d in _check(tree) if d.rule == "enum-duplicate-value"]
    assert found == [("note", "VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS"), ("warning", "VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES")]
    assert main(["check", "--srcdir", str(tree), "--werror"]) == 1
    capsys.readouterr()


def _member(name: str, value: int, doc: str = "") -> EnumMember:
    return EnumMember(name, "virXFlags", "x", value, "", None, "1.0.0", doc, False)


@pytest.mark.parametrize(
    ("enum_doc", "documented"),
    [
        ("Note that the interpretation of flag (1<<0) depends on the call.", True),  # libvirt's wording: the value
        ("The lowest bit carries two names.", True),  # the sample's
        ("VIR_X_A and VIR_X_B are one bit.", True),  # both named
        ("VIR_X_B is an alias.", True),  # one named, and why
        ("Bit 0 means the same bit for roots and descendants.", True),
        ("The lowest bit selects roots.  Bit 2 carries two names.", False),  # the wording is about another pair
        ("Use VIR_X_A to go fast.", False),  # named, but nothing says it is intended
        ("Some bits have two names.", False),  # about no pair in particular
        ("Flag 2 depends on the call.", False),  # another value
    ],
)
def test_enum_doc_sentence_must_be_about_the_pair(enum_doc: str, documented: bool) -> None:
    first, second = _member("VIR_X_A", 1), _member("VIR_X_B", 1)
    assert _documented(first, second, enum_doc) is documented


def test_libvirt_9_intentional_pairs_stay_notes(libvirt_tree: Path) -> None:
    found = [(d.severity, d.message.split("'")[1]) for d in _check(libvirt_tree) if d.rule == "enum-duplicate-value"]
    assert found == [("note", "VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS"), ("note", "VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS")]


def test_a_newer_member_inserted_above_a_released_one_is_the_one_reported(tmp_path: Path) -> None:
    """QA: a 9.1.0 member inserted above a 5.6.0 one, taking its bit, made the finding point at the
    released member and advise writing it as '= the new one'.  The newer member, by Since:, is reported,
    and not told to write '= a member declared below it' (C refuses that name there)."""
    tree = _tree(tmp_path, SAMPLE)
    _edit(
        tree / CHECKPOINT_H,
        "    VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES   = (1 << 3),",
        "    VIR_DOMAIN_CHECKPOINT_LIST_FAST        = (1 << 3), /* faster (Since: 9.1.0) */\n    VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES   = (1 << 3),",
    )
    found = [(d.severity, d.location.line, d.message) for d in _check(tree) if d.rule == "enum-duplicate-value" and d.severity == "warning"]
    assert found == [
        (
            "warning",
            105,
            "'VIR_DOMAIN_CHECKPOINT_LIST_FAST' has the value 8 of 'VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES' in virDomainCheckpointListFlags; "
            "give it a value of its own, or declare it after 'VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES' as '= VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES', "
            "or say why in its doc",
        )
    ]
