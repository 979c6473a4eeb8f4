"""``--module`` keeps only its modules' findings: ``--werror`` ignores other
modules' warnings, an error of another module still stops the run, and
``--module libvirt-qemu`` runs on libvirt 9.0.0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

# --- api --module: only the chosen modules' findings ---------------------------------


def _tree_with_qemu(tmp_path: Path, sample_tree: Path, exported: bool = True) -> Path:
    """The sample plus a one-function libvirt-qemu module, and a since-mismatch
    warning in the libvirt module (virDomainCheckpointGetName: 5.6.0 -> 5.5.0)."""
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(" * Since: 5.6.0\n", " * Since: 5.5.0\n", 1), encoding="utf-8")
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(
        "#ifndef LIBVIRT_QEMU_H\n# define LIBVIRT_QEMU_H\n# include <libvirt/libvirt.h>\n"
        "int virDomainQemuPing(virDomainPtr domain, unsigned int flags);\n#endif\n",
        encoding="utf-8",
    )
    (tree / "src" / "libvirt-qemu.c").write_text(
        "/**\n * virDomainQemuPing:\n * @domain: a domain\n * @flags: reserved, none are defined yet; pass 0\n *\n"
        " * Checks that the domain answers.\n *\n * Returns 0 on success, -1 on failure.\n *\n * Since: 1.0.0\n */\n"
        "int\nvirDomainQemuPing(virDomainPtr domain, unsigned int flags)\n{\n    return 0;\n}\n",
        encoding="utf-8",
    )
    block = "LIBVIRT_QEMU_1.0.0 {\n    global:\n        virDomainQemuPing;\n};\n" if exported else "LIBVIRT_QEMU_1.0.0 {\n};\n"
    (tree / "src" / "libvirt_qemu.syms").write_text(block, encoding="utf-8")
    return tree


def test_module_werror_ignores_other_modules_warnings(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: --module libvirt-qemu --werror failed on since-mismatches in libvirt and libvirt-admin."""
    tree = _tree_with_qemu(tmp_path, sample_tree)
    out = tmp_path / "out"
    assert main(["api", "--srcdir", str(tree), "--module", "libvirt-qemu", "--werror", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert sorted(p.name for p in out.glob("*.xml")) == ["libvirt-qemu-api.xml"]
    # the module the finding is about still sees it, and --werror still fails on it
    assert main(["api", "--srcdir", str(tree), "--module", "libvirt", "--werror", "-o", str(tmp_path / "main")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{tree}/src/libvirt-domain-checkpoint.c:21:4: error: 'virDomainCheckpointGetName' says Since: 5.5.0 "
        f"but {tree}/src/libvirt_public.syms:88:9 exports it in 5.6.0 [since-mismatch, --werror]",
        "virt-apigen: no output written",
    ]
    assert not (tmp_path / "main").exists()


def test_module_still_stops_on_errors_of_other_modules(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error (a declared function the .syms file does not export) means the
    input was not read as meant: no output, whichever module was chosen."""
    tree = _tree_with_qemu(tmp_path, sample_tree, exported=False)
    assert main(["api", "--srcdir", str(tree), "--module", "libvirt", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any("virDomainQemuPing" in line and "[syms-missing]" in line for line in err)
    assert "since-mismatch" in "\n".join(err)  # the chosen module's warning is printed too
    assert err[-1] == "virt-apigen: no output written"
    assert not (tmp_path / "out").exists()


def test_module_libvirt_qemu_on_libvirt_9(libvirt_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--module libvirt-qemu --werror`` on libvirt 9.0.0's own tree."""
    assert main(["api", "--srcdir", str(libvirt_tree), "--module", "libvirt-qemu", "--werror", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "libvirt-qemu-api.xml").is_file()
    assert main(["api", "--srcdir", str(libvirt_tree), "--module", "libvirt-admin", "-o", str(tmp_path / "admin")]) == 0
    assert [line.split(": ", 2)[-1] for line in capsys.readouterr().err.splitlines()] == [
        f"'virAdmServerUpdateTlsFiles' says Since: 6.2.0 but {libvirt_tree}/src/admin/libvirt_admin_public.syms:41:9 exports it in 2.0.0 [since-mismatch]"
    ]
