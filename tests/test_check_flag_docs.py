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


# --- flag-undocumented: a doc describing its enum's flags one by one skips one ---------------------

RUN_FLAGS = """\
    VIR_T_RUN_FAST = (1 << 0), /* go fast (Since: 1.0.0) */
    VIR_T_RUN_SAFE = (1 << 1), /* stay safe (Since: 1.0.0) */
"""


def _run_doc(tree: Path, text: str, flags: str = "bitwise-OR of virTRunFlags") -> None:
    _edit(tree / T_HEADER, " * Runs @t under @name; VIR_T_RUN_FAST makes it quick.\n", f" * {text}\n")
    if flags != "bitwise-OR of virTRunFlags":
        _edit(tree / T_HEADER, " * @flags: bitwise-OR of virTRunFlags\n", f" * @flags: {flags}\n")


def test_flags_documented_in_the_header_are_not_reported(tmp_path: Path) -> None:
    """QA (session 35): 80 of 9.0.0's 96 findings were flags each documented by its own comment,
    the function's '@flags: bitwise-OR of virXxxFlags' pointing there (VIR_MIGRATE_LIVE)."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _run_doc(tree, "Runs @t under @name.")
    assert _named(_check(tree), "flag-undocumented") == []


def test_a_doc_naming_few_of_its_flags_in_passing_is_no_list(tmp_path: Path) -> None:
    """virDomainShutdownFlags names ..._GUEST_AGENT only, of five, in a sentence about the agent;
    virDomainMigrateToURI VIR_MIGRATE_PEER2PEER of 21: not a list that skips the others."""
    tree = _flags_tree(tmp_path, "".join(f"    VIR_T_RUN_X{n} = (1 << {n + 2}), /* x (Since: 1.0.0) */\n" for n in range(2)))
    # one of four is less than a third
    assert _named(_check(tree), "flag-undocumented") == []
    _edit(tree / T_HEADER, "VIR_T_RUN_FAST makes it quick.", "VIR_T_RUN_FAST makes it quick, VIR_T_RUN_X0 slow.")
    assert _named(_check(tree), "flag-undocumented") == ["VIR_T_RUN_SAFE", "VIR_T_RUN_X1"]


def test_the_only_supported_flag_is_no_stale_list(tmp_path: Path) -> None:
    """virAdmConnectOpen: '@flags: bitwise-OR of virConnectFlags; so far the only supported flag is
    VIR_CONNECT_NO_ALIASES' says VIR_CONNECT_RO does not apply (it was reported)."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _run_doc(tree, "Runs @t under @name.", "bitwise-OR of virTRunFlags; so far the only supported flag\n *         is VIR_T_RUN_FAST")
    assert _named(_check(tree), "flag-undocumented") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The result is only valid until the next call.",  # every event-register function's "only valid for the duration of ..."
        "This API is only supported by the QEMU driver.",
        "The handle is only valid while @flags is set.",  # the parameter is no word about flags
    ],
)
def test_only_in_a_sentence_about_no_flag_keeps_the_list(tmp_path: Path, sentence: str) -> None:
    """Review (session 35): 'only valid', 'only supported' anywhere in the doc turned the rule off for
    the function: it means the listed flags are all it takes only in a sentence about flags."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _run_doc(tree, f"Runs @t under @name; VIR_T_RUN_FAST makes it quick.\n * {sentence}")
    assert _named(_check(tree), "flag-undocumented") == ["VIR_T_RUN_SAFE"]


@pytest.mark.parametrize("sentence", ["So far only supported: VIR_T_RUN_FAST.", "The only valid flags are VIR_T_RUN_FAST."])
def test_only_in_a_sentence_naming_a_member_or_flags_is_a_complete_list(tmp_path: Path, sentence: str) -> None:
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _run_doc(tree, f"Runs @t under @name.\n * {sentence}")
    assert _named(_check(tree), "flag-undocumented") == []


def test_a_flag_named_in_the_returns_text_is_no_list(tmp_path: Path) -> None:
    """Review (session 35): virConnectCompareCPU's Returns text names ..._FAIL_INCOMPATIBLE for what it does
    to the value returned; ..._VALIDATE_XML was reported 'missing from the doc (returns)': describe it there."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    returns = "Runs @t under @name.\n *\n * Returns 0 on success, 1 when VIR_T_RUN_FAST\n * made it quick, -1 on error."
    _run_doc(tree, returns)
    _edit(tree / T_HEADER, f" * {returns}\n *\n * Returns 0 on success, -1 on error.\n", f" * {returns}\n")
    assert _named(_check(tree), "flag-undocumented") == []
    # an entry other than @flags is no list of the flags either
    _edit(tree / T_HEADER, " * @name: a name, at most VIR_T_NAME_LENGTH bytes\n", " * @name: a name, quoted when VIR_T_RUN_FAST\n")
    assert _named(_check(tree), "flag-undocumented") == []


@pytest.mark.parametrize("typo", ["VIR_T_RUN_SAEF", "VIR_T_SAFE_RUN"])
def test_a_misspelt_flag_is_a_mention_of_it(tmp_path: Path, typo: str) -> None:
    """Review (session 35): virDomainGetJobStats writes ..._COMPLETED_KEEP, which unknown-symbol reports
    ("did you mean ..._KEEP_COMPLETED?"); flag-undocumented then said ..._KEEP_COMPLETED was missing from
    that very doc, 'describe it there too', at another column (virConnectListAllStoragePools' ..._PERSITENT)."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _run_doc(tree, f"Runs @t under @name; VIR_T_RUN_FAST makes it quick,\n * {typo} careful.")
    found = _check(tree)
    assert _named(found, "flag-undocumented") == []
    assert [d.message for d in found if d.rule == "unknown-symbol"] == [
        f"'{typo}' in the doc of virTRun (description) is not a symbol of this API; did you mean 'VIR_T_RUN_SAFE'?"
    ]


def test_a_flag_another_user_of_the_enum_describes_is_not_reported(tmp_path: Path) -> None:
    """virDomainManagedSave lists three of virDomainSaveRestoreFlags, not VIR_DOMAIN_SAVE_RESET_NVRAM,
    which does not apply to it; virDomainRestoreFlags describes that one."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _edit(tree / T_HEADER, " * @flags: reserved, none are defined yet; pass 0\n", " * @flags: bitwise-OR of virTRunFlags\n")
    _edit(tree / T_HEADER, " * Fills @info with facts about @t.\n", " * Fills @info with facts about @t; VIR_T_RUN_SAFE checks them.\n")
    assert _named(_check(tree), "flag-undocumented") == []


def test_a_member_of_another_enum_is_not_a_sibling(tmp_path: Path) -> None:
    """virDomainAttachDeviceFlags describes VIR_DOMAIN_AFFECT_LIVE and _CONFIG, of virDomainModificationImpact,
    which VIR_DOMAIN_DEVICE_MODIFY_LIVE and _CONFIG are written as: no list of virDomainDeviceModifyFlags
    skipping VIR_DOMAIN_DEVICE_MODIFY_FORCE."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    go_flags = (
        "typedef enum {\n"
        "    VIR_T_GO_FAST = VIR_T_RUN_FAST, /* go fast (Since: 1.0.0) */\n"
        "    VIR_T_GO_FORCE = (1 << 2), /* go anyway (Since: 1.0.0) */\n"
        "} virTGoFlags;\n"
    )
    _edit(tree / T_HEADER, RUN_FLAGS + "} virTRunFlags;\n", RUN_FLAGS.splitlines(keepends=True)[0] + "} virTRunFlags;\n\n" + go_flags)
    _edit(tree / T_HEADER, " * @flags: bitwise-OR of virTRunFlags\n", " * @flags: bitwise-OR of virTGoFlags\n")
    assert _named(_check(tree), "flag-undocumented") == []


def test_the_finding_points_at_the_list_that_skips_the_flag(tmp_path: Path) -> None:
    """QA: the finding pointed at the member, already documented in the header, and named up to 10
    functions (over 300 characters); the fix is written in the function's doc, beside its siblings."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _run_doc(tree, "Runs @t under @name.", "bitwise-OR of virTRunFlags:\n *         VIR_T_RUN_FAST to be quick")
    [found] = [d for d in _check(tree) if d.rule == "flag-undocumented"]
    line = (tree / T_HEADER).read_text(encoding="utf-8").splitlines()[found.location.line - 1]
    assert line[found.location.col - 1 :].startswith("VIR_T_RUN_FAST to be quick")
    assert found.message == (
        "flag 'VIR_T_RUN_SAFE' is missing from the doc of virTRun (@flags), which describes 'VIR_T_RUN_FAST': describe it there too"
    )


def test_libvirt_9_stale_lists(libvirt_tree: Path) -> None:
    """QA (session 35): the ten flags a doc's list skips (not virConnectCompareCPU's, whose Returns
    text names a flag for the value it changes, nor a flag the doc misspells: ..._KEEP_COMPLETED,
    ..._STORAGE_POOLS_PERSISTENT), and one more no text names (..._LIST_DOMAINS_OTHER, in a list
    naming all its siblings)."""
    found = [d for d in _check(libvirt_tree) if d.rule == "flag-undocumented"]
    assert {d.message.split("'")[1] for d in found} == {
        "VIR_DOMAIN_START_VALIDATE", "VIR_DUMP_MEMORY_ONLY", "VIR_MEMORY_PHYSICAL", "VIR_DOMAIN_UNDEFINE_TPM",
        "VIR_DOMAIN_UNDEFINE_KEEP_TPM", "VIR_DOMAIN_VCPU_HOTPLUGGABLE",
        "VIR_STORAGE_POOL_BUILD_REPAIR", "VIR_STORAGE_POOL_BUILD_RESIZE",
        "VIR_STORAGE_VOL_CREATE_REFLINK", "VIR_STORAGE_VOL_CREATE_VALIDATE",
        "VIR_CONNECT_LIST_DOMAINS_OTHER",
    }
    # one per doc and flag to complete: VIR_DOMAIN_START_VALIDATE is missing from four (22 while a Returns
    # text counted as a list and a typo as missing)
    assert len(found) == 18
    assert all(d.location.file.startswith("src/") and len(d.message) < 200 for d in found)


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
