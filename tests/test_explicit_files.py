"""Explicit FILE inputs: which modules they make and what they read.

A configured ``libvirt-common.h`` from a build tree is read (its template
named with it is an error), the umbrella ``libvirt.h`` named as a FILE is the
umbrella and no header of the main module, a ``.syms``, ``.c`` or ``.x`` file
of a module whose header is not among the inputs is an error (nothing would
read it) unless ``--module`` leaves that module out, ``--acls auto`` follows
the tree's ``apibuild.py`` as ``--srcdir`` does, and the folders of an absent
``meson.build`` and ``scripts/apibuild.py`` are searched and listed in the
depfile."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import copy_sample, failed_cleanly, run

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


def test_libvirt_h_as_the_umbrella_is_no_header_for_the_main_module_s_files(tmp_path: Path) -> None:
    """QA: the check ran before libvirt.h was set aside as the umbrella, so libvirt_public.syms and a .c
    named with libvirt.h and the qemu header were read by nobody again, with exit 0."""
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text("#include <libvirt/libvirt.h>\n", encoding="utf-8")
    files = ["tree/include/libvirt/libvirt.h", "tree/include/libvirt/libvirt-qemu.h", "tree/src/libvirt_public.syms", "tree/src/libvirt-host.c"]
    errors = failed_cleanly(run("api", *files, "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:1:1: error: belongs to module libvirt, whose header is not among the inputs"
        " (give an include/libvirt/libvirt-*.h too): nothing would read it"
    ]


def test_module_leaves_other_modules_files_alone(tmp_path: Path) -> None:
    """QA: `api --module libvirt-qemu ... src/remote/*.x` worked before the check and failed after it:
    remote_protocol.x belongs to a module --module leaves out, so it goes to no output anyway."""
    tree = _with_qemu_files(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-qemu.h").write_text(
        "#include <libvirt/libvirt.h>\nint virDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd, char **result, unsigned int flags);\n",
        encoding="utf-8",
    )
    (tree / "src" / "remote").mkdir()
    (tree / "src" / "remote" / "remote_protocol.x").write_text("/* nothing */\n", encoding="utf-8")
    files = ["tree/include/libvirt/libvirt-qemu.h", "tree/src/libvirt_qemu.syms", "tree/src/remote/remote_protocol.x"]
    done = run("api", "--module", "libvirt-qemu", *files, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["libvirt-qemu-api.xml"]
    errors = failed_cleanly(run("api", *files, "-o", "out2", cwd=tmp_path))  # every module wanted: the error stays
    assert errors == [
        "tree/src/remote/remote_protocol.x:1:1: error: belongs to module libvirt, whose header is not among the inputs"
        " (give an include/libvirt/libvirt-*.h too): nothing would read it"
    ]


def test_acls_auto_with_explicit_files_follows_their_tree_s_apibuild(tmp_path: Path, libvirt_tree: Path) -> None:
    """QA: FILE mode wrote <acls> where --srcdir on the same tree (9.0.0: its apibuild.py writes none) did not."""
    names = ["include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c", "src/remote/remote_protocol.x"]
    done = run("api", *(libvirt_tree / name for name in names), "-o", tmp_path / "out", "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    xml = (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")
    assert "name='virDomainCheckpointCreateXML'" in xml and "<acls>" not in xml
    assert f"{libvirt_tree}/scripts/apibuild.py" in (tmp_path / "out.d").read_text(encoding="utf-8")
    yes = run("api", *(libvirt_tree / name for name in names), "--acls", "yes", "-o", tmp_path / "yes", cwd=tmp_path)
    assert yes.returncode == 0 and "<acls>" in (tmp_path / "yes" / "libvirt-api.xml").read_text(encoding="utf-8")


def test_explicit_files_watch_the_folders_of_an_absent_meson_build_and_apibuild(tmp_path: Path) -> None:
    """QA: with FILEs, a meson.build or scripts/apibuild.py coming back reran nothing (the depfile did not list their folders)."""
    tree = copy_sample(tmp_path)
    (tree / "meson.build").unlink()
    (tree / "scripts").mkdir()
    names = ["tree/include/libvirt/libvirt-domain-checkpoint.h", "tree/src/libvirt_public.syms", "tree/src/libvirt-domain-checkpoint.c"]
    assert run("api", *names, "-o", "out", "--depfile", "out.d", cwd=tmp_path).returncode == 0
    listed = (tmp_path / "out.d").read_text(encoding="utf-8").split()
    assert {"tree", "tree/scripts"} <= set(listed)


def test_libvirt_h_named_with_another_module_s_files_is_the_umbrella(tmp_path: Path, libvirt_tree: Path) -> None:
    """QA: libvirt.h with only the qemu files wrote an empty libvirt-api.xml, which took the depfile's target."""
    names = ["include/libvirt/libvirt.h", "include/libvirt/libvirt-qemu.h", "src/libvirt_qemu.syms", "src/libvirt-qemu.c"]
    done = run("api", *(libvirt_tree / name for name in names), "-o", tmp_path / "out", "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["libvirt-qemu-api.xml"]
    from generator.output import _escape_make  # a space in $TMPDIR is written "\\ "

    assert (tmp_path / "out.d").read_text(encoding="utf-8").startswith(_escape_make(f"{tmp_path}/out/libvirt-qemu-api.xml") + ":")


CHECKPOINT = ("include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c")


@pytest.mark.parametrize(
    ("folder", "typed"),
    [
        ("include", ["libvirt/libvirt-domain-checkpoint.h", "../src/libvirt_public.syms", "../src/libvirt-domain-checkpoint.c"]),
        ("include/libvirt", ["libvirt-domain-checkpoint.h", "../../src/libvirt_public.syms", "../../src/libvirt-domain-checkpoint.c"]),
        (".", ["include/libvirt/../libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c"]),
        ("src", ["../include/libvirt/libvirt-domain-checkpoint.h", "libvirt_public.syms", "libvirt-domain-checkpoint.c"]),
    ],
)
def test_a_header_path_typed_from_any_folder_gives_the_same_output(tmp_path: Path, folder: str, typed: list[str]) -> None:
    """QA (session 15): ``libvirt/x.h`` typed from ``include/`` (or a path through ``..``) was not seen to lie in
    ``include/libvirt/``: no ``-I`` for ``<libvirt/...>``, and cpp failed on libvirt.h's includes."""
    tree = copy_sample(tmp_path)
    reference = run("api", *CHECKPOINT, "-o", tmp_path / "reference", cwd=tree)
    assert reference.returncode == 0, reference.stderr
    result = run("api", *typed, "-o", tmp_path / "typed", cwd=tree / folder)
    assert result.returncode == 0, result.stderr
    for name in ("libvirt-api.xml",):
        assert (tmp_path / "typed" / name).read_bytes() == (tmp_path / "reference" / name).read_bytes()
    # its diagnostics name the files from where the command ran, as typed
    (tree / CHECKPOINT[0]).write_text((tree / CHECKPOINT[0]).read_text(encoding="utf-8") + "int virBogus(virNope x);\n", encoding="utf-8")
    errors = failed_cleanly(run("api", *typed, "-o", tmp_path / "typed", cwd=tree / folder))
    shown = errors[0].split(":", 1)[0]
    assert (tree / folder / shown).resolve() == (tree / CHECKPOINT[0]).resolve() and not Path(shown).is_absolute()
