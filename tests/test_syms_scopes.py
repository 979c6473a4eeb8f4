"""QA: names under ``local:`` in a ``.syms`` block were read as exports (ld
does not export them), and a block's close naming another module's block
(``} LIBVIRT_8.2.0;`` in ``libvirt_qemu.syms``, which ld refuses: "unable to
find version dependency"), or a block named with another module's prefix,
was accepted because only the version numbers were compared."""

from __future__ import annotations

from pathlib import Path

from check_support import check_findings
from frontend_support import make_tree

from generator.frontend.syms import read_syms

QEMU_HEADER = "include/libvirt/libvirt-qemu.h"
QEMU_SYMS = "src/libvirt_qemu.syms"
QEMU_SOURCE = "src/libvirt-qemu.c"
QEMU_DECLARATIONS = "int virDomainQemuAttach(void);\nint virDomainQemuMonitorCommandWithFiles(void);\nint virDomainQemuFoo(void);\n"
QEMU_DOCS = "".join(
    f"/**\n * {name}:\n *\n * Does it.\n *\n * Returns 0.\n *\n * Since: {since}\n */\nint\n{name}(void)\n{{\n    return 0;\n}}\n"
    for name, since in (("virDomainQemuAttach", "0.9.4"), ("virDomainQemuMonitorCommandWithFiles", "8.2.0"), ("virDomainQemuFoo", "9.0.0"))
)
QEMU_BLOCKS = (
    "LIBVIRT_QEMU_0.9.4 {\n    global:\n        virDomainQemuAttach;\n};\n\n"
    "LIBVIRT_QEMU_8.2.0 {\n    global:\n        virDomainQemuMonitorCommandWithFiles;\n} LIBVIRT_QEMU_0.9.4;\n\n"
    "LIBVIRT_QEMU_9.0.0 {\n    global:\n        virDomainQemuFoo;\n} LIBVIRT_QEMU_8.2.0;\n"
)


def syms_findings(tmp_path: Path, syms: str) -> list[str]:
    """The findings of ``check --srcdir`` about .syms files and exports, for a tree whose qemu script is ``syms``."""
    files = {QEMU_HEADER: QEMU_DECLARATIONS, QEMU_SYMS: syms, QEMU_SOURCE: QEMU_DOCS}
    tree = make_tree(tmp_path / "tree", files=files)
    return [str(d) for d in check_findings(tree) if d.rule.startswith("syms-")]


def test_the_qemu_tree_as_written_has_no_syms_findings(tmp_path: Path) -> None:
    assert syms_findings(tmp_path, QEMU_BLOCKS) == []


# --- local: -----


def test_names_under_local_are_not_exports() -> None:
    text = "LIBVIRT_0.0.1 {\n  global:\n    virA;\n  local:\n    virB;\n    virC;\n};\n"
    syms, diagnostics = read_syms("x.syms", text)
    assert diagnostics == []
    assert syms.versions == {"virA": "0.0.1"}
    assert [block.symbols for block in syms.blocks] == [("virA",)]


def test_local_star_is_read_and_exports_nothing() -> None:
    """libvirt's private and NSS scripts end their block with it; ld hides every name no block exports."""
    text = "LIBVIRT_0.0.1 {\n  global:\n    virA;\n  local: *;\n};\nLIBVIRT_0.0.2 {\n  global: virB;\n  local:\n    *;\n} LIBVIRT_0.0.1;\n"
    syms, diagnostics = read_syms("x.syms", text)
    assert (syms.versions, diagnostics) == ({"virA": "0.0.1", "virB": "0.0.2"}, [])


def test_a_function_only_under_local_is_syms_missing(tmp_path: Path) -> None:
    """The QA's case: 'global:' turned into 'local:' in the LIBVIRT_QEMU_0.9.4 block."""
    syms = QEMU_BLOCKS.replace("0.9.4 {\n    global:", "0.9.4 {\n    local:")
    assert syms_findings(tmp_path, syms) == [
        "include/libvirt/libvirt-qemu.h:1:5: error: 'virDomainQemuAttach' is declared but not exported in src/libvirt_qemu.syms:1:1 [syms-missing]",
    ]


def test_a_variable_no_block_exports_is_syms_missing(tmp_path: Path) -> None:
    """QA: a header variable (libvirt's virConnectAuthPtrDefault) left out of the
    .syms file was read silently; a program using it would not link."""
    exported = QEMU_BLOCKS.replace("virDomainQemuFoo;", "virDomainQemuFoo;\n        virDomainQemuVar;")
    findings = []
    for name, syms in (("missing", QEMU_BLOCKS), ("exported", exported)):
        files = {QEMU_HEADER: QEMU_DECLARATIONS + "extern int virDomainQemuVar;\n", QEMU_SYMS: syms, QEMU_SOURCE: QEMU_DOCS}
        findings.append([str(d) for d in check_findings(make_tree(tmp_path / name, files=files)) if d.rule.startswith("syms-")])
    message = "include/libvirt/libvirt-qemu.h:4:12: error: 'virDomainQemuVar' is declared but not exported in src/libvirt_qemu.syms:1:1 [syms-missing]"
    assert findings == [[message], []]


def test_global_after_local_is_a_syntax_error_and_exports_again() -> None:
    """ld's grammar: at most 'global:' then 'local:' in a block."""
    text = "LIBVIRT_0.0.1 {\n  local:\n    virB;\n  global:\n    virA;\n};\n"
    syms, diagnostics = read_syms("x.syms", text)
    assert [str(d) for d in diagnostics] == [
        "x.syms:4:3: error: 'global:' after 'local:' in version block 0.0.1 (ld reads no 'global:' there) [syms-syntax]",
    ]
    assert syms.versions == {"virA": "0.0.1"}


def test_a_name_local_in_one_block_and_exported_in_another_is_a_duplicate() -> None:
    """ld refuses both orders ("duplicate expression in version information"); in one block the export wins."""
    text = (
        "LIBVIRT_0.0.1 {\n  global:\n    virA;\n  local:\n    virB;\n    virA;\n};\n"
        "LIBVIRT_0.0.2 {\n  global:\n    virB;\n  local:\n    virA;\n} LIBVIRT_0.0.1;\n"
    )
    syms, diagnostics = read_syms("x.syms", text)
    assert [str(d) for d in diagnostics] == [
        "x.syms:10:5: warning: 'virB' is local in version 0.0.1 and exported in 0.0.2 [syms-duplicate]",
        "x.syms:12:5: warning: 'virA' is exported in version 0.0.1 and local in 0.0.2 [syms-duplicate]",
    ]
    assert syms.versions == {"virA": "0.0.1", "virB": "0.0.2"}


# --- chains and block names across modules -----


def test_a_close_naming_another_module_s_block_is_syms_chain(tmp_path: Path) -> None:
    """The QA's case: ld fails with "unable to find version dependency `LIBVIRT_8.2.0'"."""
    syms = QEMU_BLOCKS.replace("} LIBVIRT_QEMU_8.2.0;", "} LIBVIRT_8.2.0;")
    assert syms_findings(tmp_path, syms) == [
        "src/libvirt_qemu.syms:14:1: warning: version block 9.0.0 should close with '} LIBVIRT_QEMU_8.2.0;' [syms-chain]",
    ]


def test_a_block_named_with_another_module_s_prefix_is_syms_chain(tmp_path: Path) -> None:
    syms = QEMU_BLOCKS.replace("LIBVIRT_QEMU_9.0.0 {", "LIBVIRT_9.0.0 {")
    assert syms_findings(tmp_path, syms) == [
        "src/libvirt_qemu.syms:11:1: warning: version block LIBVIRT_9.0.0 should be named LIBVIRT_QEMU_9.0.0, "
        "with the prefix of this file's first block [syms-chain]",
    ]


def test_the_close_after_a_misnamed_block_names_that_block() -> None:
    """The block after LIBVIRT_9.0.0 inherits from it as named (what ld finds); naming LIBVIRT_QEMU_9.0.0 instead is a second mistake."""
    text = (
        "LIBVIRT_QEMU_1.0.0 {\n  global:\n    virA;\n};\n"
        "LIBVIRT_2.0.0 {\n  global:\n    virB;\n} LIBVIRT_QEMU_1.0.0;\n"
        "LIBVIRT_QEMU_3.0.0 {\n  global:\n    virC;\n} LIBVIRT_QEMU_2.0.0;\n"
    )
    syms, diagnostics = read_syms("q.syms", text)
    assert [str(d) for d in diagnostics] == [
        "q.syms:5:1: warning: version block LIBVIRT_2.0.0 should be named LIBVIRT_QEMU_2.0.0, with the prefix of this file's first block [syms-chain]",
        "q.syms:12:1: warning: version block 3.0.0 should close with '} LIBVIRT_2.0.0;' [syms-chain]",
    ]
    assert syms.prefix == "LIBVIRT_QEMU"
    assert [(b.name, b.previous_name) for b in syms.blocks] == [
        ("LIBVIRT_QEMU_1.0.0", None), ("LIBVIRT_2.0.0", "LIBVIRT_QEMU_1.0.0"), ("LIBVIRT_QEMU_3.0.0", "LIBVIRT_QEMU_2.0.0"),
    ]
    assert syms.versions == {"virA": "1.0.0", "virB": "2.0.0", "virC": "3.0.0"}
