"""Explicit FILE inputs (QA round 10): a configured libvirt-common.h from a build
tree, the umbrella named as a FILE, and the folders --srcdir's depfile lists
for its absent optional files (meson.build, scripts/apibuild.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.frontend import FrontendError, load_files
from generator.frontend.tree import discover, from_files

UMBRELLA = "#ifndef LIBVIRT_H\n# define LIBVIRT_H\n# include <libvirt/libvirt-common.h>\n# include <libvirt/libvirt-host.h>\n#endif\n"
COMMON_IN = (
    "#ifndef LIBVIRT_COMMON_H\n# define LIBVIRT_COMMON_H\n"
    "# define LIBVIR_VERSION_NUMBER @LIBVIRT_VERSION_NUMBER@\n"
    "int virTypedParamsGetInt(int x);\n#endif\n"
)
HOST = "#ifndef LIBVIRT_HOST_H\n# define LIBVIRT_HOST_H\nint virConnectFoo(int x);\n#endif\n"


def make_tree(root: Path) -> Path:
    """A raw source tree (libvirt-common.h.in) and a build folder holding the configured header."""
    files = {
        "include/libvirt/libvirt.h": UMBRELLA,
        "include/libvirt/libvirt-common.h.in": COMMON_IN,
        "include/libvirt/libvirt-host.h": HOST,
        "build/include/libvirt/libvirt-common.h": COMMON_IN.replace("@LIBVIRT_VERSION_NUMBER@", "9000000"),
        "meson.build": "project('libvirt', 'c', version: '9.0.0')\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def functions(paths: list[Path]) -> dict[str, list[str]]:
    api = load_files([str(p) for p in paths]).api
    return {m.name: sorted(f.name for f in m.functions) for m in api.modules}


@pytest.mark.parametrize("common_first", [True, False])
def test_a_configured_common_header_from_a_build_tree_is_read(tmp_path: Path, common_first: bool) -> None:
    tree = make_tree(tmp_path / "tree")
    built, host = tree / "build/include/libvirt/libvirt-common.h", tree / "include/libvirt/libvirt-host.h"
    paths = [built, host] if common_first else [host, built]
    inputs = from_files([str(p) for p in paths])
    assert inputs.root == tree  # the source tree's root, whatever the order
    assert inputs.umbrella == "include/libvirt/libvirt.h"
    assert inputs.include_root == "include"
    assert inputs.extra_include_roots == ("build/include",)
    assert inputs.context_templates == ()  # the template no longer takes over from the named header
    assert functions(paths) == {"libvirt": ["virConnectFoo", "virTypedParamsGetInt"]}
    assert functions([tree / "include/libvirt/libvirt-common.h.in", host]) == functions(paths)


def test_a_configured_common_header_named_with_its_template_is_an_error(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    paths = [tree / "include/libvirt/libvirt-common.h.in", tree / "build/include/libvirt/libvirt-common.h"]
    with pytest.raises(FrontendError) as raised:
        from_files([str(p) for p in paths])
    assert str(raised.value) == (
        "include/libvirt/libvirt-common.h.in:1:1: error: a second libvirt-common header "
        "(the other: build/include/libvirt/libvirt-common.h): name one configured libvirt-common.h or the template, not two"
    )


def test_the_umbrella_named_as_a_file_is_read_as_the_umbrella(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    names = ["include/libvirt/libvirt.h", "include/libvirt/libvirt-host.h"]
    inputs = from_files([str(tree / n) for n in names])
    assert [m.headers for m in inputs.modules] == [("include/libvirt/libvirt-host.h",)]
    assert inputs.umbrella == "include/libvirt/libvirt.h"
    alone = from_files([str(tree / names[0])])  # named alone, it is the one header
    assert [m.headers for m in alone.modules] == [("include/libvirt/libvirt.h",)]


def test_the_folders_of_absent_meson_build_and_apibuild_are_searched(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "include/libvirt/libvirt-common.h.in").unlink()
    assert discover(tree).searched_folders() == ["include/libvirt", "src"]  # meson.build there, no scripts/
    (tree / "scripts").mkdir()
    assert discover(tree).searched_folders() == ["include/libvirt", "scripts", "src"]
    (tree / "scripts/apibuild.py").write_text("# no acls\n", encoding="utf-8")
    assert discover(tree).searched_folders() == ["include/libvirt", "src"]
    (tree / "meson.build").unlink()
    assert discover(tree).searched_folders() == [".", "include/libvirt", "src"]


def test_a_configured_common_header_outside_a_libvirt_folder_is_an_error_at_it(tmp_path: Path) -> None:
    """QA: it gave 'libvirt.h:34:11: the C preprocessor failed: libvirt/libvirt-common.h: No such file', though one was named."""
    tree = make_tree(tmp_path / "tree")
    (tree / "bout").mkdir()
    (tree / "bout" / "libvirt-common.h").write_text("/* configured */\n", encoding="utf-8")
    with pytest.raises(FrontendError) as raised:
        from_files([str(tree / "include/libvirt/libvirt-host.h"), str(tree / "bout/libvirt-common.h")])
    assert str(raised.value) == (
        "bout/libvirt-common.h:1:1: error: a configured libvirt-common.h must lie in an include/libvirt/ folder, where libvirt.h's #include finds it"
    )


def test_a_build_folder_sorting_after_include_keeps_the_header_order_and_reads_back(tmp_path: Path) -> None:
    """QA: with the configured header in zz/include/libvirt/, the JSON listed libvirt-common last, and our XML read
    back gave every header but one the zz/ folder (folders were handed out by name order)."""
    from generator.backends import apixml
    from generator.frontend.apixml_reader import load_api_xml

    tree = make_tree(tmp_path / "tree")
    (tree / "zz" / "include" / "libvirt").mkdir(parents=True)
    (tree / "zz/include/libvirt/libvirt-common.h").write_text((tree / "build/include/libvirt/libvirt-common.h").read_text(encoding="utf-8"))
    result = load_files([str(tree / "include/libvirt/libvirt-host.h"), str(tree / "zz/include/libvirt/libvirt-common.h")])
    [module] = result.api.modules
    expected = [("libvirt-common", "zz/include/libvirt/libvirt-common.h"), ("libvirt-host", "include/libvirt/libvirt-host.h")]
    assert [(h.name, h.location.file) for h in module.headers] == expected
    out = tmp_path / "out"
    out.mkdir()
    for name, text in apixml.render(result.api).items():
        (out / name).write_text(text, encoding="utf-8")
    [back] = load_api_xml([str(out / "libvirt-api.xml")], str(out)).api.modules
    assert [(h.name, h.location.file) for h in back.headers] == expected
