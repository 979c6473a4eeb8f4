"""Where ``undocumented-function`` points (docs/check.md, its rule).

libvirt documents a function above its definition in a ``.c`` file, not
above its prototype in the header.  The finding pointed at the header (QA,
session 30), where no doc goes and where a marker had to go too; it now
points at the first line of the definition (``int`` above ``virXRun(...)``)
when a ``.c`` file read defines the function, and stays at the header
otherwise.  Its ``since-missing``, reported when the rule is off or
silenced, goes with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import HEADER, check_findings, write_tree

from generator.cli import main

DEFINED = """\
static int
virXHelper(void)
{
    return virXRun(NULL, 0);
}


int
virXRun(virX *x,
        unsigned int flags)
{
    return 0;
}
"""


def _places(tree: Path, rule: str, disabled: list[str] | None = None) -> list[str]:
    return [f"{d.location.file}:{d.location.line}:{d.location.col}" for d in check_findings(tree, disabled) if d.rule == rule]


def test_an_undocumented_function_is_reported_at_its_definition(tmp_path: Path) -> None:
    tree = write_tree(tmp_path, source=DEFINED)
    assert _places(tree, "undocumented-function") == ["src/libvirt-x.c:8:1"]


def test_its_since_missing_goes_with_it(tmp_path: Path) -> None:
    tree = write_tree(tmp_path, source=DEFINED)
    assert _places(tree, "since-missing", ["undocumented-function"]) == ["src/libvirt-x.c:8:1"]


def test_a_marker_above_the_definition_silences_it(tmp_path: Path) -> None:
    tree = write_tree(tmp_path, source=DEFINED.replace("\n\nint\n", "\n\n/* virt-apigen: ignore undocumented-function, since-missing */\nint\n"))
    assert _places(tree, "undocumented-function") == [] and _places(tree, "since-missing") == []


def test_a_definition_on_one_line_with_attributes_and_a_comment(tmp_path: Path) -> None:
    source = "int helper(void) { return 0; }\nint virXRun(virX *x,\n            unsigned int flags) G_GNUC_UNUSED /* none */\n{ return 0; }\n"
    tree = write_tree(tmp_path, source=source)
    assert _places(tree, "undocumented-function") == ["src/libvirt-x.c:2:1"]


def test_a_definition_in_another_c_file_is_found(tmp_path: Path) -> None:
    # libvirt.c defines some of libvirt-host.h's functions, libvirt-host.c the others
    tree = write_tree(tmp_path, source="int virXOther(void)\n{\n    return virXRun(NULL, 0);\n}\n")
    write_tree(tmp_path, header="", source=DEFINED.replace("static int\nvirXHelper", "static int\nvirYHelper"), name="libvirt")
    assert _places(tree, "undocumented-function") == ["src/libvirt.c:8:1"]


def test_a_function_the_c_files_only_call_stays_at_the_header(tmp_path: Path) -> None:
    for source in ("int helper(void)\n{\n    return virXRun(0, 0);\n}\n", "/* virXRun(x) { */\n", "int virXRun(virX *x, unsigned int flags);\n"):
        tree = write_tree(tmp_path, source=source)
        assert _places(tree, "undocumented-function") == ["include/libvirt/libvirt-x.h:20:1"]


def test_a_header_read_alone_stays_at_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = write_tree(tmp_path, source=DEFINED)
    header = tree / "include" / "libvirt" / "libvirt-x.h"
    assert HEADER.endswith("int virXRun(virX *x, unsigned int flags);\n")
    main(["check", str(header), "--only", "undocumented-function"])
    assert f"{header}:20:1: warning: 'virXRun' has no doc comment" in capsys.readouterr().out
