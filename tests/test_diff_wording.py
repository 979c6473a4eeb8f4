"""How ``virt-apigen diff`` words what it found: a detail says why a change that
looks breaking is classified compatible, and what an ABI break is about.

QA (session 35) on libvirt releases: ``VIR_DOMAIN_EVENT_ID_LAST: 27 -> 28`` and
``LIBVIR_VERSION_NUMBER: 11003000 -> 9000000`` were marked compatible with no
reason given, and a ``function-removed`` gave only the old prototype, never the
``.syms`` block whose versioned symbol vanished."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from diff_support import A, C, plain_api, plain_changes, plain_tree
from frontend_support import BASE_SYMS, PLAIN_HEADER, PLAIN_SOURCE, make_tree

from generator.apidiff import diff
from generator.cli import main
from generator.frontend import load_tree


def _enum(count: int) -> str:
    members = "".join(f"    VIR_FOO_{n} = {n},\n" for n in range(count))
    return f"typedef enum {{\n{members}# ifdef VIR_ENUM_SENTINELS\n    VIR_FOO_LAST\n# endif\n}} virFooKind;\n"


def test_a_sentinels_value_change_says_it_is_the_sentinel(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, _enum(2), _enum(3))
    assert ("member-value-changed", "VIR_FOO_LAST", C, "2 -> 3 (virFooKind's sentinel, defined under VIR_ENUM_SENTINELS only: no stable value)") in changes


def test_any_other_members_value_change_gives_no_reason(tmp_path: Path) -> None:
    before, after = "typedef enum {\n    VIR_BAR_A = 1,\n} virBar;\n", "typedef enum {\n    VIR_BAR_A = 2,\n} virBar;\n"
    assert plain_changes(tmp_path, before, after) == [("member-value-changed", "VIR_BAR_A", A, "1 -> 2")]


def test_the_version_number_says_it_changes_with_every_release(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, "# define LIBVIR_VERSION_NUMBER 11003000\n", "# define LIBVIR_VERSION_NUMBER 9000000\n")
    assert changes == [("macro-value-changed", "LIBVIR_VERSION_NUMBER", C, "11003000 -> 9000000 (the library's version: it changes with every release)")]


def test_a_function_like_macros_body_says_it_is_no_constant(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, "# define VIR_FOO_LEN(n) ((n) + 1)\n", "# define VIR_FOO_LEN(n) ((n) + 2)\n")
    assert changes == [("macro-value-changed", "VIR_FOO_LEN", C, "((n) + 1) -> ((n) + 2) (a function-like macro, not a constant)")]


def test_a_removed_function_names_the_syms_block_it_was_in(tmp_path: Path) -> None:
    syms = BASE_SYMS.replace("virConnectFoo;", "virConnectFoo;\n        virConnectBar;")
    old = make_tree(tmp_path / "old", "int virConnectBar(virConnectPtr conn);\n", syms, header=PLAIN_HEADER, source=PLAIN_SOURCE)
    changes = diff(load_tree(old).api, plain_api(tmp_path, "new", ""))
    assert [(c.kind, c.classification, c.detail) for c in changes] == [
        ("function-removed", A, "removed (was in .syms block 1.0.0): int virConnectBar(virConnectPtr)"),
    ]


def test_a_removed_function_says_when_its_syms_block_is_left_empty(tmp_path: Path) -> None:
    syms = BASE_SYMS + "\nLIBVIRT_1.1.0 {\n    global:\n        virConnectBar;\n} LIBVIRT_1.0.0;\n"
    old = make_tree(tmp_path / "old", "int virConnectBar(virConnectPtr conn);\n", syms, header=PLAIN_HEADER, source=PLAIN_SOURCE)
    changes = diff(load_tree(old).api, plain_api(tmp_path, "new", ""))
    assert [(c.kind, c.detail) for c in changes] == [
        ("function-removed", "removed (was in .syms block 1.1.0; NEW exports nothing from it): int virConnectBar(virConnectPtr)"),
    ]


# --- the summary line and the doc-only changes it folds -----------------------------------------------


def _documented_members(doc: str, since: str = "") -> str:
    members = "".join(f"    VIR_M_{n} = {n}, /* {doc} {n}{since} */\n" for n in range(6))
    return f"typedef enum {{\n{members}}} virM;\n"


def _cli(tmp_path: Path, old: str, new: str, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    code = main(["diff", str(plain_tree(tmp_path / "old", old)), str(plain_tree(tmp_path / "new", new)), *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_summary_line_counts_what_the_report_folds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(tmp_path, _documented_members("one"), _documented_members("the", " (Since: 1.0.0)") + "# define VIR_NEW 1\n", capsys)
    assert code == 0
    assert err == "virt-apigen diff: 13 changes: 13 compatible (6 Since: tags added, 6 doc-only), 0 source-breaking, 0 ABI-breaking\n"
    assert "  doc-only changes in 6 symbols: VIR_M_0, VIR_M_1, VIR_M_2, VIR_M_3, VIR_M_4 and 1 more (--format json lists each) [doc-changed]\n" in out
    assert "  Since: tags added to 6 symbols: VIR_M_0, VIR_M_1, VIR_M_2, VIR_M_3, VIR_M_4 and 1 more (--format json lists each) [since-changed]\n" in out


def test_a_summary_line_with_nothing_folded_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(tmp_path, "", "# define VIR_NEW 1\n", capsys)[2] == "virt-apigen diff: 1 change: 1 compatible, 0 source-breaking, 0 ABI-breaking\n"


def test_json_gives_a_doc_change_its_old_and_new_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(tmp_path, _documented_members("one\n    *"), _documented_members("the"), capsys, "--format", "json")
    records = json.loads(out)["changes"]
    assert code == 0 and len(records) == 6
    assert records[0]["detail"] == "doc" and records[0]["parts"] == [{"part": "doc", "old": "one 0", "new": "the 0"}]


def test_json_gives_only_a_doc_change_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _cli(tmp_path, "", "# define VIR_NEW 1\n", capsys, "--format", "json")
    assert "parts" not in json.loads(out)["changes"][0]
