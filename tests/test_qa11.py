"""Session 11: explicit FILEs that no header of theirs would have read."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import copy_sample, failed_cleanly, run

MAIN = ["tree/include/libvirt/libvirt-domain-checkpoint.h", "tree/include/libvirt/libvirt-domain.h", "tree/include/libvirt/libvirt-host.h"]
NEEDS_QEMU = "belongs to module libvirt-qemu, whose header is not among the inputs (give include/libvirt/libvirt-qemu.h too): nothing would read it"


def _with_qemu_files(tmp_path: Path) -> Path:
    tree = copy_sample(tmp_path)
    (tree / "src" / "libvirt_qemu.syms").write_text("LIBVIRT_QEMU_0.8.3 {\n  global:\n    virDomainQemuMonitorCommand;\n};\n", encoding="utf-8")
    (tree / "src" / "libvirt-qemu.c").write_text("/* nothing */\n", encoding="utf-8")
    (tree / "src" / "qemu").mkdir()
    (tree / "src" / "qemu" / "qemu_protocol.x").write_text("/* nothing */\n", encoding="utf-8")
    return tree


@pytest.mark.parametrize(("extra", "place"), [
    (["tree/src/libvirt_qemu.syms"], "tree/src/libvirt_qemu.syms"),
    (["tree/src/libvirt-qemu.c"], "tree/src/libvirt-qemu.c"),
    (["tree/src/qemu/qemu_protocol.x"], "tree/src/qemu/qemu_protocol.x"),
    (["tree/src/qemu/qemu_protocol.x", "tree/src/libvirt_qemu.syms", "tree/src/libvirt-qemu.c"], "tree/src/libvirt-qemu.c"),
])
def test_a_file_of_a_module_without_its_header_is_an_error(tmp_path: Path, extra: list[str], place: str) -> None:
    """Before: read by nobody, the module and its outputs left out, exit 0 (--srcdir already refused the .syms)."""
    _with_qemu_files(tmp_path)
    errors = failed_cleanly(run("api", *MAIN, *extra, "-o", "out", cwd=tmp_path))
    assert errors == [f"{place}:1:1: error: {NEEDS_QEMU}"]
    assert not (tmp_path / "out").exists()


def test_the_main_module_s_files_without_a_main_header_are_an_error(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text("#include <libvirt/libvirt.h>\n", encoding="utf-8")
    files = ["tree/include/libvirt/libvirt-qemu.h", "tree/src/libvirt_public.syms", "tree/src/libvirt-host.c"]
    errors = failed_cleanly(run("api", *files, "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:1:1: error: belongs to module libvirt, whose header is not among the inputs"
        " (give an include/libvirt/libvirt-*.h too): nothing would read it"
    ]


def test_the_main_module_s_files_with_a_main_header_still_work(tmp_path: Path) -> None:
    copy_sample(tmp_path)
    done = run("api", *MAIN, "tree/src/libvirt_public.syms", "tree/src/libvirt-host.c", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "virConnectOpen" in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")
