"""How ``virt-apigen diff`` words what it found: a detail says why a change that
looks breaking is classified compatible, and what an ABI break is about.

QA (session 35) on libvirt releases: ``VIR_DOMAIN_EVENT_ID_LAST: 27 -> 28`` and
``LIBVIR_VERSION_NUMBER: 11003000 -> 9000000`` were marked compatible with no
reason given, and a ``function-removed`` gave only the old prototype, never the
``.syms`` block whose versioned symbol vanished."""

from __future__ import annotations

from pathlib import Path

from diff_support import A, C, plain_api, plain_changes
from frontend_support import BASE_SYMS, PLAIN_HEADER, PLAIN_SOURCE, make_tree

from generator.apidiff import diff
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
