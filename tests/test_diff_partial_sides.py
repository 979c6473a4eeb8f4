"""``virt-apigen diff`` with a side holding only some modules or headers: a
module or header absent from a list of files is not compared, and a tree
compares against one installed XML file (docs/diff.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_diff import _records

from generator.apidiff import Classification, diff
from generator.cli import main
from generator.model import Api, Function, Module, Ownership

# --- a side holding only some modules ---------------------------------------------------------


def _modules(*names: str) -> Api:
    def module(name: str) -> Module:
        run = Function(f"{name}Run", "t", "t", "int", "", Ownership.NONE, (), "", "", "", None, False)
        return Module(name, (), (run,), (), (), (), (), (), (), ())

    return Api(tuple(module(name) for name in names))


def test_module_absent_from_a_list_of_files_is_not_compared() -> None:
    full, part = _modules("libvirt", "libvirt-qemu"), _modules("libvirt")
    changes = diff(full, part, complete=(True, False))
    assert [(c.module, c.kind, c.classification) for c in changes] == [("libvirt-qemu", "module-absent", Classification.COMPATIBLE)]
    assert changes[0].detail == "only in OLD: NEW, a list of files, has none of this module (not compared)"
    assert [c.detail.split(":")[0] for c in diff(part, full, complete=(False, True))] == ["only in NEW"]
    # a complete side (a tree, a folder): the module was removed for real
    assert _records(diff(full, part)) == {("function-removed", "libvirt-qemuRun", "ABI-breaking")}
    assert _records(diff(part, full, complete=(True, False))) == {("function-added", "libvirt-qemuRun", "compatible")}


def test_tree_against_one_installed_xml_file(libvirt_tree: Path, libvirt_api_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(libvirt_tree), str(libvirt_api_dir / "libvirt-api.xml")]) == 0
    out, err = capsys.readouterr()
    absent = [line for line in out.splitlines() if line.endswith("[module-absent]")]
    assert [line.split(": note: ")[1].split(":")[0] for line in absent] == ["libvirt-admin", "libvirt-lxc", "libvirt-qemu"]
    assert absent[2].startswith(f"  {libvirt_tree}/src/libvirt_qemu.syms:1:1: note: ")  # located in OLD, which has it
    assert "function-removed" not in out
    assert err.endswith("0 ABI-breaking; 3 modules on one side only, not compared\n")
    # a folder is complete: the module missing from it was removed
    folder = tmp_path / "api"
    folder.mkdir()
    for name in ("libvirt-api.xml", "libvirt-admin-api.xml", "libvirt-lxc-api.xml"):
        shutil.copy(libvirt_api_dir / name, folder / name)
    assert main(["diff", str(libvirt_tree), str(folder)]) == 4
    assert "[function-removed]" in capsys.readouterr().out


def test_a_header_absent_from_a_list_of_files_is_not_compared(libvirt_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review: one header, its .syms and .c against the tree reported every function
    of the other headers removed (505 ABI-breaking): a list says nothing of them."""
    files = ",".join(str(libvirt_tree / name) for name in (
        "include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c",
    ))  # fmt: skip
    assert main(["diff", str(libvirt_tree), files]) == 0
    out, err = capsys.readouterr()
    notes = [line for line in out.splitlines() if line.endswith("[header-absent]")]
    assert len(notes) == 13
    assert notes[0] == (
        f"  {libvirt_tree}/include/libvirt/libvirt-common.h.in:1:1: note: libvirt-common: "
        "only in OLD: NEW, a list of files, lacks this header (not compared) [header-absent]"
    )
    assert "-removed]" not in out
    assert err.endswith("0 ABI-breaking; 3 modules on one side only, not compared; 13 headers on one side only, not compared\n")
    # the list as OLD: the tree's other headers are not "added" either
    assert main(["diff", files, str(libvirt_tree)]) == 0
    out = capsys.readouterr().out
    reverse = [line for line in out.splitlines() if line.endswith("[header-absent]")]
    assert len(reverse) == 13 and all(": only in NEW: OLD, a list of files, lacks this header" in line for line in reverse)
    assert "-added]" not in out
