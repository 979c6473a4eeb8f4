"""How ``--srcdir`` reads a tree: an entry the patterns choose
that is no regular file (a folder, a symlink to nothing, a FIFO) is an error
at it, not a file skipped; an optional extra file that is absent has its
folder listed, so its return reruns the build; a module whose ``.syms`` file
is there but whose header is not is an error at the ``.syms`` file; an
export only another module's header declares is ``syms-undeclared``; a
folder or ``meson.build`` that cannot be read is a ``file:1:1:`` error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_TREE
from frontend_support import SYMS, make_tree

from generator.frontend import FrontendError, load_files, load_tree
from generator.frontend.tree import discover

QEMU_HEADER = "include/libvirt/libvirt-qemu.h"
QEMU_SYMS = "src/libvirt_qemu.syms"


def discover_error(root: Path) -> str:
    with pytest.raises(FrontendError) as raised:
        discover(root)
    return str(raised.value)


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "generator", *(str(a) for a in args)],
        cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=120,
    )


# --- A. an entry the patterns choose is read whatever its kind ---------------------


@pytest.mark.parametrize("name", ["src/libvirt-secret.c", "include/libvirt/libvirt-secret.h", "include/libvirt/virterror.h",
                                  "include/libvirt/libvirt.h", "src/libvirt.c"])
def test_a_chosen_entry_that_is_a_folder_is_an_error_at_it(tmp_path: Path, name: str) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / name).mkdir()
    assert discover_error(tree) == f"{name}:1:1: error: a folder, not a file"


@pytest.mark.parametrize("name", ["src/libvirt-zzz.c", "include/libvirt/libvirt-zzz.h"])
def test_a_chosen_symlink_to_nothing_is_an_error_at_it(tmp_path: Path, name: str) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / name).symlink_to("/nonexistent")
    assert discover_error(tree) == f"{name}:1:1: error: a symlink to nothing (no such file)"


def test_a_chosen_fifo_is_an_error_not_a_read_that_blocks(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    os.mkfifo(tree / "src" / "libvirt-fifo.c")
    assert discover_error(tree) == "src/libvirt-fifo.c:1:1: error: not a regular file"


def test_a_symlink_to_a_file_is_read(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    (tmp_path / "elsewhere.c").write_text("/* nothing */\n", encoding="utf-8")
    (tree / "src" / "libvirt-linked.c").symlink_to(tmp_path / "elsewhere.c")
    assert "src/libvirt-linked.c" in discover(tree).modules[0].sources


def test_entries_outside_the_patterns_are_not_looked_at(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "src" / "virfoo.c").mkdir()  # not libvirt-*.c
    (tree / "include" / "libvirt" / "meson.build").symlink_to("/nonexistent")
    (tree / "include" / "libvirt" / "libvirt-common.h.in").mkdir()  # libvirt-common.h is not there either: chosen
    assert discover_error(tree) == "include/libvirt/libvirt-common.h.in:1:1: error: a folder, not a file"
    (tree / "include" / "libvirt" / "libvirt-common.h.in").rmdir()
    assert discover(tree).modules[0].sources == ("src/libvirt-host.c",)


@pytest.mark.parametrize("name", ["src/util/virevent.c", "src/util/virerror.c", "src/remote/remote_protocol.x"])
def test_an_optional_extra_file_is_optional_only_when_absent(tmp_path: Path, name: str) -> None:
    tree = make_tree(tmp_path / "tree")
    inputs = discover(tree)
    assert name not in inputs.all_files()
    (tree / name).mkdir(parents=True)
    assert discover_error(tree) == f"{name}:1:1: error: a folder, not a file"
    (tree / name).rmdir()
    (tree / name).symlink_to("/nonexistent")
    assert discover_error(tree) == f"{name}:1:1: error: a symlink to nothing (no such file)"
    (tree / name).unlink()
    (tree / name).write_text("/* nothing */\n", encoding="utf-8")
    assert name in discover(tree).all_files()


def test_a_special_module_source_that_is_a_folder_is_an_error(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", files={QEMU_HEADER: "int virDomainQemuFoo(int x);\n", QEMU_SYMS: ""})
    (tree / "src" / "libvirt-qemu.c").mkdir()
    assert discover_error(tree) == "src/libvirt-qemu.c:1:1: error: a folder, not a file"


def test_the_folder_of_an_absent_optional_file_is_searched(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    assert discover(tree).searched_folders() == [".", "include/libvirt", "src"]  # no meson.build: "."; no src/util: src
    (tree / "src" / "util").mkdir()
    (tree / "src" / "remote").mkdir()
    assert discover(tree).searched_folders() == [".", "include/libvirt", "src", "src/remote", "src/util"]
    for name in ("virerror.c", "virevent.c", "virtypedparam-public.c"):
        (tree / "src" / "util" / name).write_text("/* nothing */\n", encoding="utf-8")
    assert discover(tree).searched_folders() == [".", "include/libvirt", "src", "src/remote"]
    assert load_tree(tree).inputs.count("src/remote") == 1  # the depfile's and the stamp's inputs


def test_an_absent_optional_file_coming_back_is_seen_by_make(tmp_path: Path) -> None:
    """QA: removing src/util/virevent.c dropped its docs; restoring it reran nothing."""
    if shutil.which("make") is None:
        if os.environ.get("CI"):
            pytest.fail("make is not installed")
        pytest.skip("make is not installed")
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    assert not (tree / "src" / "util" / "virevent.c").exists()  # the sample has virerror.c only
    result = run("api", "--srcdir", "tree", "-o", "out", "--depfile", "out.d", cwd=tmp_path)  # relative: no escapes of $TMPDIR's
    assert result.returncode == 0, result.stderr
    assert " tree/src/util \\\n" in (tmp_path / "out.d").read_text(encoding="utf-8")
    (tmp_path / "Makefile").write_text("include out.d\nout/libvirt-api.xml:\n\t@true\n", encoding="utf-8")
    up_to_date = ["make", "-q", "out/libvirt-api.xml"]
    assert subprocess.run(up_to_date, cwd=tmp_path, check=False).returncode == 0
    (tree / "src" / "util" / "virevent.c").write_text("/* back */\n", encoding="utf-8")
    assert subprocess.run(up_to_date, cwd=tmp_path, check=False).returncode == 1, "the file's return must make the outputs stale"


def test_an_absent_optional_file_coming_back_defeats_the_stamp(tmp_path: Path) -> None:
    """The stamp's early stop checks the same inputs (and the folders of those
    read): with nothing read in src/util, it was unlisted, and the rerun stopped
    early and never read the new file (here one that is not UTF-8)."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    (tree / "src" / "util" / "virerror.c").unlink()
    for _ in range(2):  # the second run stops early
        result = run("api", "--srcdir", tree, "-o", "out", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    (tree / "src" / "util" / "virevent.c").write_bytes(b"/* caf\xe9 */\n")
    result = run("api", "--srcdir", tree, "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{tree}/src/util/virevent.c:1:7: error: not valid UTF-8: byte 0xe9 (invalid continuation byte)"]


# --- B. a module's .syms file without its header ------------------------------------


def test_a_syms_file_without_its_header_is_an_error_at_it(tmp_path: Path) -> None:
    """QA: deleting libvirt-lxc.h dropped the module (its outputs deleted as stale) without a word."""
    tree = make_tree(tmp_path / "tree", files={"src/libvirt_lxc.syms": "LIBVIRT_LXC_1.0.0 {\n    global:\n        virDomainLxcFoo;\n};\n"})
    assert discover_error(tree) == (
        "src/libvirt_lxc.syms:1:1: error: the version script of libvirt-lxc has no header"
        " (include/libvirt/libvirt-lxc.h is missing): none of its exports is declared"
    )
    (tree / "include" / "libvirt" / "libvirt-lxc.h").write_text("int virDomainLxcFoo(int x);\n", encoding="utf-8")
    assert [m.name for m in discover(tree).modules] == ["libvirt", "libvirt-lxc"]


def test_the_main_syms_file_without_a_header_of_its_module(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", files={QEMU_HEADER: "int virDomainQemuFoo(int x);\n", QEMU_SYMS: ""})
    (tree / "include" / "libvirt" / "libvirt-host.h").unlink()
    assert discover_error(tree) == (
        f"{SYMS}:1:1: error: the version script of libvirt has no header"
        " (no include/libvirt/libvirt-*.h): none of its exports is declared"
    )


def test_a_module_with_neither_header_nor_syms_file_is_simply_absent(tmp_path: Path) -> None:
    assert [m.name for m in discover(make_tree(tmp_path / "tree")).modules] == ["libvirt"]


# --- C. exports checked against the module's own headers ----------------------------


QEMU_SYMS_TEXT = "LIBVIRT_QEMU_1.0.0 {\n    global:\n        virDomainQemuFoo;\n        virConnectFoo;\n};\n"


def test_an_export_only_another_modules_header_declares_is_undeclared(tmp_path: Path) -> None:
    """QA: virSecretRef appended to libvirt_admin_public.syms (or libvirt_qemu.syms) passed."""
    tree = make_tree(tmp_path / "tree", files={QEMU_HEADER: "int virDomainQemuFoo(int x);\n", QEMU_SYMS: QEMU_SYMS_TEXT})
    result = load_tree(tree)
    found = [str(d) for d in result.diagnostics if d.rule == "syms-undeclared"]
    assert found == [
        "src/libvirt_qemu.syms:4:9: error: 'virConnectFoo' is exported in 1.0.0 but no header"
        " of libvirt-qemu declares it (include/libvirt/libvirt-host.h:3:5, of libvirt, does) [syms-undeclared]"
    ]


def test_check_reports_the_foreign_export_once(tmp_path: Path) -> None:
    make_tree(tmp_path / "tree", files={QEMU_HEADER: "int virDomainQemuFoo(int x);\n", QEMU_SYMS: QEMU_SYMS_TEXT})
    result = run("check", "--srcdir", "tree", "--disable", "since-missing", cwd=tmp_path)
    assert result.returncode == 1
    found = [line for line in (result.stdout + result.stderr).splitlines() if "syms-undeclared" in line]
    assert found == [
        "tree/src/libvirt_qemu.syms:4:9: error: 'virConnectFoo' is exported in 1.0.0 but no header"
        " of libvirt-qemu declares it (tree/include/libvirt/libvirt-host.h:3:5, of libvirt, does) [syms-undeclared]"
    ]


def test_explicit_files_keep_their_own_rule(tmp_path: Path) -> None:
    """Among chosen files an export without its header is expected: explicit FILEs are unchanged."""
    tree = make_tree(tmp_path / "tree", files={QEMU_HEADER: "int virDomainQemuFoo(int x);\n", QEMU_SYMS: QEMU_SYMS_TEXT})
    names = [str(tree / n) for n in ("include/libvirt/libvirt-host.h", QEMU_HEADER, SYMS, QEMU_SYMS)]
    assert [d for d in load_files(names).diagnostics if d.rule == "syms-undeclared"] == []


def test_check_among_explicit_files_reports_the_foreign_export_too(tmp_path: Path) -> None:
    """QA: check given the files --srcdir reads stayed silent where check --srcdir reported it."""
    make_tree(tmp_path / "tree", files={QEMU_HEADER: "int virDomainQemuFoo(int x);\n", QEMU_SYMS: QEMU_SYMS_TEXT})
    names = [str(Path("tree") / n) for n in ("include/libvirt/libvirt-host.h", QEMU_HEADER, SYMS, QEMU_SYMS)]
    result = run("check", "--disable", "since-missing", *names, cwd=tmp_path)
    assert result.returncode == 1
    found = [line for line in (result.stdout + result.stderr).splitlines() if "syms-undeclared" in line]
    assert found == [
        "tree/src/libvirt_qemu.syms:4:9: error: 'virConnectFoo' is exported in 1.0.0 but no header"
        " of libvirt-qemu declares it (tree/include/libvirt/libvirt-host.h:3:5, of libvirt, does) [syms-undeclared]"
    ]


# --- D. a folder or meson.build that cannot be read ---------------------------------


def test_an_unreadable_meson_build_is_a_whole_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = make_tree(tmp_path / "tree", files={"meson.build": "project('libvirt', 'c', version: '9.0.0')\n"})
    real = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self.name == "meson.build":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    assert discover_error(tree) == "meson.build:1:1: error: cannot read: Permission denied"


@pytest.mark.parametrize("folder", ["include/libvirt", "src"])
def test_an_unreadable_folder_is_a_whole_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    tree = make_tree(tmp_path / "tree")
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == tree / folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert discover_error(tree) == f"{folder}:1:1: error: cannot read: Permission denied"


def test_an_entry_that_cannot_be_looked_at_is_an_error_at_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = make_tree(tmp_path / "tree")
    real = os.stat

    def stat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        if Path(path) == tree / "src" / "libvirt-host.c":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    assert discover_error(tree) == "src/libvirt-host.c:1:1: error: cannot read: Permission denied"
