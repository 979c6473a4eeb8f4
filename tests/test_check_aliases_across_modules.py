"""An enum member written as an alias of another module's member is no duplicate for ``check``."""

from __future__ import annotations

from pathlib import Path

from generator.cli_check import findings
from generator.frontend import load_tree

# --- an alias written as a member of another module -----------------------


def test_an_alias_of_another_modules_member_is_no_duplicate(tmp_path: Path) -> None:
    header = (
        "/**\n * virXTimeout:\n *\n * Timeouts.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
        "    VIR_X_TIMEOUT_BLOCK = -2, /* block (Since: 1.0.0) */\n} virXTimeout;\n"
    )
    qemu = (
        "/**\n * virXQemuTimeout:\n *\n * Agent timeouts.\n *\n * Since: 1.0.0\n */\ntypedef enum {\n"
        "    VIR_X_QEMU_TIMEOUT_MIN = VIR_X_TIMEOUT_BLOCK, /* the least (Since: 1.0.0) */\n"
        "    VIR_X_QEMU_TIMEOUT_BLOCK = VIR_X_TIMEOUT_BLOCK, /* block (Since: 1.0.0) */\n} virXQemuTimeout;\n"
    )
    (tmp_path / "include" / "libvirt").mkdir(parents=True)
    (tmp_path / "src").mkdir()
    (tmp_path / "include" / "libvirt" / "libvirt-x.h").write_text(header, encoding="utf-8")
    (tmp_path / "include" / "libvirt" / "libvirt-qemu.h").write_text(qemu, encoding="utf-8")
    (tmp_path / "src" / "libvirt_public.syms").write_text("LIBVIRT_1.0.0 {\n    global:\n        *;\n};\n", encoding="utf-8")
    (tmp_path / "src" / "libvirt_qemu.syms").write_text("LIBVIRT_QEMU_1.0.0 {\n    global:\n        *;\n};\n", encoding="utf-8")
    result = load_tree(tmp_path)
    assert {module.name for module in result.api.modules} == {"libvirt", "libvirt-qemu"}
    # was: 'VIR_X_QEMU_TIMEOUT_BLOCK' has the value -2 of 'VIR_X_QEMU_TIMEOUT_MIN'... write it as '= VIR_X_QEMU_TIMEOUT_MIN'
    assert [str(d) for d in findings(result, tmp_path, []) if d.rule == "enum-duplicate-value"] == []
