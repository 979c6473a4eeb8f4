"""Session 12 QA findings on ``virt-apigen check`` (generator/lint)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree
from generator.lint.enums import _documented
from generator.model import EnumMember

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
CASES = Path(__file__).resolve().parent / "cases"
T_HEADER = Path("include") / "libvirt" / "libvirt-t.h"
CHECKPOINT_H = Path("include") / "libvirt" / "libvirt-domain-checkpoint.h"
CHECKPOINT_C = Path("src") / "libvirt-domain-checkpoint.c"


def _tree(tmp_path: Path, source: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(source, tree)
    return tree


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _check(tree: Path, disabled: list[str] | None = None) -> list[Diagnostic]:
    return findings(load_tree(tree), tree, disabled or [])


def _named(found: list[Diagnostic], rule: str) -> list[str]:
    """The first quoted name of each finding of ``rule``."""
    return [d.message.split("'")[1] for d in found if d.rule == rule]


# --- 1, 2: flag-undocumented -------------------------------------------------


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


# --- 3: undocumented-field ---------------------------------------------------


STRUCT = """struct _virTInfo {
    int state; /* the state */

    /*
     * Progress: @cur runs from 0 to @end; dataTotal counts bytes, of which
     * dataProcessed are done.  The value is not a field's name here.
     */
    unsigned long long cur;
    unsigned long long end;
    unsigned long long dataTotal;
    unsigned long long dataProcessed;
    unsigned long long value;

    /* As above, but for memory */
    unsigned long long memTotal;
    unsigned long long memProcessed;

    int *kinds; /* the kinds */
    unsigned int nkinds;
};
"""


def test_a_field_named_by_a_comment_of_its_struct_is_documented(tmp_path: Path) -> None:
    """QA: virDomainBlockJobInfo.end was reported though the comment above its group says '@end is ...'."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _edit(tree / T_HEADER, "struct _virTInfo {\n    int state; /* the state */\n};\n", STRUCT)
    # 'value' is an English word: named only as '@value'; a comment naming no field
    # documents only the field the scanner gives it to, as a trailing one does
    assert _named(_check(tree), "undocumented-field") == ["value", "memProcessed", "nkinds"]


def test_libvirt_9_fields_named_by_a_group_comment(libvirt_tree: Path) -> None:
    reported = {(d.message.split(" of ")[1].split()[0], d.message.split("'")[1]) for d in _check(libvirt_tree) if d.rule == "undocumented-field"}
    assert not reported & {("virDomainBlockJobInfo", "end"), ("virDomainJobInfo", "dataProcessed"), ("virDomainJobInfo", "dataRemaining")}
    assert ("virDomainJobInfo", "memProcessed") in reported  # "As above, but ..." names no field
    assert len(reported) == 23


# --- 4: since-member-older ---------------------------------------------------


def test_a_member_older_than_its_enum_is_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    """QA: VIR_NODE_CPU_STATS_ALL_CPUS (0.9.3, a macro then) in an enum of 0.9.8 was a warning: both tags are right."""
    case = CASES / "check-since-member-older" / "fail"
    found = [d for d in _check(case) if d.rule == "since-member-older"]
    assert [(d.severity, d.message.split("'")[1]) for d in found] == [("note", "VIR_T_RUN_FAST"), ("note", "VIR_T_RUN_SAFE")]
    assert main(["check", "--srcdir", str(case), "--werror"]) == 0
    assert "2 notes" in capsys.readouterr().err


# --- 5: a malformed tag is no since-mismatch too ----------------------------


@pytest.mark.parametrize(
    ("tag", "rules"),
    [
        ("5.6.0.", ["since-malformed"]),
        ("5.6.0.1", ["since-malformed"]),
        ("5.7.0.", ["since-malformed", "since-mismatch"]),  # two mistakes: fixing the dot leaves the version wrong
    ],
)
def test_a_malformed_tag_is_reported_once(tmp_path: Path, tag: str, rules: list[str]) -> None:
    """QA: 'Since: 5.6.0.' gave since-malformed and a since-mismatch 'says Since: 5.6.0. but ... exports it in 5.6.0'."""
    tree = _tree(tmp_path, SAMPLE)
    source = tree / CHECKPOINT_C
    lines = source.read_text(encoding="utf-8").split("\n")
    assert lines[284] == " * Since: 5.6.0" and "virDomainCheckpointRef:" in "\n".join(lines[270:284])
    lines[284] = f" * Since: {tag}"
    source.write_text("\n".join(lines), encoding="utf-8")
    found = [d for d in _check(tree) if d.severity != "note"]
    assert sorted(d.rule for d in found) == rules
    assert {(d.location.line, d.location.col) for d in found} == {(285, 4)}
    # with since-malformed off the mismatch is what is left: never silent
    assert [d.rule for d in _check(tree, ["since-malformed"]) if d.severity != "note"] == ["since-mismatch"]


# --- 7: xml-character at the character ---------------------------------------


def test_xml_character_points_at_the_character(tmp_path: Path) -> None:
    """QA: reported at 10:1 (the doc's start), the character being on line 14."""
    tree = _tree(tmp_path, SAMPLE)
    _edit(tree / CHECKPOINT_C, "Reads the name of", "Reads the name\x01 of")
    [found] = [d for d in _check(tree) if d.rule == "xml-character"]
    line = (tree / CHECKPOINT_C).read_text(encoding="utf-8").split("\n")[found.location.line - 1]
    assert (found.location.line, found.location.col) == (14, 18)
    assert line[found.location.col - 1] == "\x01"
    # the marker on that line now suppresses it
    _edit(tree / CHECKPOINT_C, "Reads the name\x01 of", "Reads the name\x01 of /* virt-apigen: ignore xml-character */")
    assert [d for d in _check(tree) if d.rule == "xml-character"] == []


# --- 8: an enum doc's intent covers only its pair ---------------------------


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
