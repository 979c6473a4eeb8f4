"""QA round 12, frontend.

A. Among explicit FILEs, a struct whose body lies in a context header (one
   cpp read for types only: ``libvirt-common.h.in`` for ``libvirt-domain.h``'s
   ``virSchedParameter``) lost what only the raw text gives: the array size
   (``field[VIR_TYPED_PARAM_FIELD_LENGTH]`` became ``field``), the field docs
   and columns; ``diff FILE TREE`` reported three ABI-breaking changes that
   are none.  The fields now read as with ``--srcdir``.
B. A struct body written in a member's type (``struct { int x; } inner;``)
   is a field of type ``struct`` whose members the model does not hold: the
   frontend now warns at the body's keyword (rule ``input``), in a union's
   members too, once per body.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from frontend_support import ADDED_LINE, HEADER, make_tree

from generator.cli import main
from generator.diagnostics import Diagnostic
from generator.frontend import load_files, load_tree
from generator.model import Field, Location, Module, Struct

NESTED = "are not modelled: virt-apigen diff, the bindings and the docs cannot see them"


def _module(modules: tuple[Module, ...], name: str = "libvirt") -> Module:
    return next(module for module in modules if module.name == name)


def _struct(module: Module, name: str) -> Struct:
    return next(struct for struct in module.structs if struct.name == name)


def _nested(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if NESTED in d.message]


# --- A: a context header's struct body among explicit FILEs --------------------


def test_libvirt_domain_header_alone_keeps_typed_parameter_fields(libvirt_tree: Path) -> None:
    named = load_files([str(libvirt_tree / "include/libvirt/libvirt-domain.h")])
    whole = load_tree(libvirt_tree)
    alone, every = _module(named.api.modules), _module(whole.api.modules)
    for name in ("virSchedParameter", "virBlkioParameter", "virMemoryParameter"):
        fields = _struct(alone, name).fields
        assert fields is not None
        assert fields[0] == Field(
            "field", "char", "VIR_TYPED_PARAM_FIELD_LENGTH", "parameter name", None, False,
            Location("include/libvirt/libvirt-common.h.in", 204, 10),
        )
        assert fields[1].doc == "parameter type, virTypedParameterType"
    # every struct of the header, field for field, as --srcdir reads it
    assert list(alone.structs) == [_struct(every, s.name) for s in alone.structs]


def test_diff_of_the_domain_header_against_its_tree_breaks_nothing(libvirt_tree: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "diff", str(libvirt_tree / "include/libvirt/libvirt-domain.h"), str(libvirt_tree)],
        env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False, timeout=300,
    )
    assert "virt-apigen diff: " in done.stdout + done.stderr, done.stderr[-2000:]  # it ran to the end
    aliases = ("virBlkioParameter", "virMemoryParameter", "virSchedParameter")
    assert [line for line in done.stdout.splitlines() if "char field" in line or (any(name in line for name in aliases) and "added]" not in line)] == []
    # the header's pointer typedefs of other headers (virConnectPtr, libvirt-host.h's) are read as the
    # tree's: resolved on one side only, each 'virConnectPtr conn' was "virConnectPtr -> virConnectPtr"
    assert [line for line in done.stdout.splitlines() if "-breaking:" in line] == []
    assert done.returncode == 0
    tail = " 0 source-breaking, 0 ABI-breaking; 3 modules on one side only, not compared; 13 headers on one side only, not compared\n"
    assert done.stderr.endswith(tail)


COMMON = (
    "#ifndef LIBVIRT_COMMON_H\n# define LIBVIRT_COMMON_H\n"
    "#define LIBVIRT_VERSION_NUMBER @LIBVIRT_VERSION_NUMBER@\n"  # configured as --srcdir configures it
    "#define VIR_QA_LEN 80\n"
    "typedef struct _virQaParam virQaParam;\n"
    "struct _virQaParam {\n"
    "    char field[VIR_QA_LEN];  /* the name */\n"
    "    int grid[2][VIR_QA_LEN];\n"
    "    /* the kind */\n"
    "    int kind;\n"
    "};\n"
    "#endif\n"
)
UMBRELLA = "#include <libvirt/libvirt-common.h>\n#include <libvirt/libvirt-host.h>\n"


def _context_tree(folder: Path) -> Path:
    return make_tree(folder, "typedef struct _virQaParam virQaParamAlias;\n", files={
        "include/libvirt/libvirt-common.h.in": COMMON, "include/libvirt/libvirt.h": UMBRELLA,
    })


def test_context_header_fields_read_as_with_srcdir(tmp_path: Path) -> None:
    tree = _context_tree(tmp_path)
    named = load_files([str(tree / HEADER)])
    fields = _struct(_module(named.api.modules), "virQaParamAlias").fields
    common = "include/libvirt/libvirt-common.h.in"
    assert fields == (
        Field("field", "char", "VIR_QA_LEN", "the name", None, False, Location(common, 7, 10)),
        Field("grid", "int", "2][VIR_QA_LEN", "", None, False, Location(common, 8, 9)),
        Field("kind", "int", None, "the kind", None, False, Location(common, 10, 9)),
    )
    whole = load_tree(tree)
    assert _struct(_module(whole.api.modules), "virQaParamAlias").fields == fields
    assert named.diagnostics == []


# --- B: struct bodies nested in a member's type ---------------------------------


def test_nested_struct_member_is_reported_at_its_keyword(tmp_path: Path) -> None:
    result = load_tree(make_tree(tmp_path, (
        "typedef struct _virQaNested virQaNested;\n"
        "struct _virQaNested { int kind; struct { int x; } inner; };\n"
    )))
    message = f"the members of nested struct 'inner' of 'virQaNested' {NESTED}"
    assert _nested(result.diagnostics) == [Diagnostic(Location(HEADER, ADDED_LINE + 1, 33), "warning", message, "input")]
    fields = _struct(_module(result.api.modules), "virQaNested").fields
    assert fields is not None
    assert [(f.name, f.type, f.union) for f in fields] == [("kind", "int", None), ("inner", "struct", None)]  # the model as before


def test_struct_member_of_a_union_is_reported_by_its_path(tmp_path: Path) -> None:
    result = load_tree(make_tree(tmp_path, (
        "typedef struct _virQaU virQaU;\n"
        "struct _virQaU {\n"
        "    union {\n"
        "        int i;\n"
        "        struct { int a; int b; } pair;\n"
        "        union { struct _virQaDeep { int d; } *deep; } more;\n"
        "    } u;\n"
        "};\n"
    )))
    first = ADDED_LINE + 1
    assert [(d.location.line, d.location.col, d.message) for d in _nested(result.diagnostics)] == [
        (first + 3, 9, f"the members of nested struct 'u.pair' of 'virQaU' {NESTED}"),
        (first + 4, 17, f"the members of nested struct 'u.more.deep' of 'virQaU' {NESTED}"),
    ]


def test_one_warning_per_body_arrays_and_pointers_count_modelled_members_do_not(tmp_path: Path) -> None:
    result = load_tree(make_tree(tmp_path, (
        "typedef struct _virQaIn virQaIn;\n"
        "struct _virQaIn { int x; };\n"
        "typedef struct _virQaA virQaA;\n"
        "typedef struct _virQaA virQaB;\n"
        "struct _virQaA { struct { int x; } many[2]; union { int i; } *up; struct _virQaT { int t; } *tp;\n"
        "    struct _virQaIn in; virQaIn *p; union { int i; union { long l; } w; } u; };\n"
    )))
    line = ADDED_LINE + 4
    assert [(d.location.line, d.location.col, d.message) for d in _nested(result.diagnostics)] == [
        (line, 18, f"the members of nested struct 'many' of 'virQaA' {NESTED}"),
        (line, 45, f"the members of nested union 'up' of 'virQaA' {NESTED}"),
        (line, 67, f"the members of nested struct 'tp' of 'virQaA' {NESTED}"),
    ]


def test_api_prints_the_warning_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = make_tree(tmp_path / "tree", "typedef struct _virQaNested virQaNested;\nstruct _virQaNested { int kind; struct { int x; } inner; };\n")
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / "out")]) == 0
    assert f"{HEADER}:{ADDED_LINE + 1}:33: warning: the members of nested struct 'inner' of 'virQaNested' {NESTED} [input]" in capsys.readouterr().err
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()
    assert main(["check", "--srcdir", str(tree), "--disable", "input"]) == 0
    assert NESTED not in capsys.readouterr().out


@pytest.mark.parametrize("command", [["check"], ["api", "-o", "out"], ["diff", "--format", "text"]])
def test_an_absolute_file_outside_the_root_is_named_as_typed(tmp_path: Path, command: list[str]) -> None:
    """QA: /etc/hostname named alone was '../../etc/hostname' (relative to the
    folder the command ran in) in the error, where every other path is as typed."""
    stray = tmp_path / "elsewhere" / "notes.txt"
    stray.parent.mkdir()
    stray.write_text("x\n", encoding="utf-8")
    (tmp_path / "run").mkdir()
    arguments = [*command, str(stray)] + ([str(REPO / "generator" / "sample")] if command[0] == "diff" else [])
    done = subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd=tmp_path / "run",
        env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"{stray}:1:1: error: unknown input kind (expected .h, .c, .syms or a protocol .x)"), done.stderr


def test_a_bad_name_outside_the_root_is_named_as_typed(tmp_path: Path) -> None:
    """Review: the file-name check still named /tmp/bad\\x01name.h '../../..'-relative."""
    stray = tmp_path / "elsewhere" / "bad\x01name.h"
    stray.parent.mkdir()
    stray.write_text("int x;\n", encoding="utf-8")
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "api", "include/libvirt/libvirt-domain-checkpoint.h", str(stray), "-o", str(tmp_path / "out")],
        cwd=tree, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"{tmp_path}/elsewhere/bad\\x01name.h:1:1: error: the file name holds the control character U+0001\n"


def test_a_comment_set_apart_above_a_member_is_its_doc(tmp_path: Path) -> None:
    """JSON QA: in an enum whose body opens with a member, a comment paragraph
    directly above a member (libvirt 7.0.0's virStoragePoolCreateFlags) was
    dropped; one right under the previous member's line is still no doc."""
    from generator.frontend import load_tree

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    enum = (
        "/**\n * virQaSpaced:\n *\n * Since: 5.6.0\n */\ntypedef enum {\n    VIR_QA_SPACED_NORMAL = 0,\n\n"
        "    /* Build it first\n     * and then start it */\n    VIR_QA_SPACED_BUILD = 1 << 0,\n"
        "    /* right under the previous member: a remark */\n    VIR_QA_SPACED_PLAIN = 1 << 1,\n} virQaSpaced;\n"
    )
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace("#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */", enum + "\n#endif /* LIBVIRT_DOMAIN_CHECKPOINT_H */"), encoding="utf-8")
    members = {m.name: m.doc for m in load_tree(tree).api.modules[0].members if m.name.startswith("VIR_QA_SPACED")}
    assert members == {"VIR_QA_SPACED_NORMAL": "", "VIR_QA_SPACED_BUILD": "Build it first\n and then start it", "VIR_QA_SPACED_PLAIN": ""}
