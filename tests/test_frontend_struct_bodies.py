"""Struct bodies the frontend reads from where they are written.

A struct whose body lies in a context header among explicit FILEs (one cpp
reads for types only: ``libvirt-common.h.in`` for ``libvirt-domain.h``'s
``virSchedParameter``) keeps what only the raw text gives: the array size
(``field[VIR_TYPED_PARAM_FIELD_LENGTH]``), the field docs and columns, as with
``--srcdir``, so ``diff FILE TREE`` reports no change.  A struct body written
in a member's type (``struct { int x; } inner;``) is a field of type
``struct`` whose members the model does not hold: the frontend warns at the
body's keyword (rule ``input``), in a union's members too, once per body."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from frontend_support import ADDED_LINE, HEADER, error, make_tree, module

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


# --- a context header's struct body among explicit FILEs --------------------


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
    tail = (
        " 0 source-breaking, 0 ABI-breaking; 3 modules on one side only, not compared; 13 headers on one side only, not compared;"
        " 1 .c file on one side only, its function docs and parameter names not compared\n"  # libvirt-domain.c: the header alone has none
    )
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


# --- struct bodies nested in a member's type ---------------------------------


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


# --- a member name given twice ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "col"),
    [
        ("struct _virQaDup { int code; int   code; };", 36),  # the second name, where gcc places it
        ("struct _virQaDup { int code; char *code; };", 36),  # a pointer's name, not its '*'
        ("struct _virQaDup { int kind; union { int code; long code; } value; };", 53),  # inside a union member
    ],
)
def test_a_member_named_twice_is_an_error_at_the_second(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, col: int) -> None:
    """gcc refuses it ("duplicate member"); read, the bindings would take one of the two for the other."""
    tree = make_tree(tmp_path / "tree", "typedef struct _virQaDup virQaDup;\n" + body + "\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "libvirt-api.xml").write_text("before", encoding="utf-8")
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"{tree / HEADER}:{ADDED_LINE + 1}:{col}: error: duplicate member 'code'\n"
    assert (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8") == "before"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("typedef struct _virQv { int a; void v; } virQv;\n", "37: error: variable or field 'v' declared void"),
        ("typedef struct _virQf { int b[]; int a; } virQf;\n", "29: error: flexible array member not at end of struct"),
        ("typedef struct _virQa { int a; void x[2]; } virQa;\n", "37: error: declaration of 'x' as array of voids"),
        ("typedef struct _virQr virQr; struct _virQr { int a; virQr x; };\n", "59: error: field 'x' has incomplete type"),
        ("typedef struct _virQs { int a; virConnect c[2]; } virQs;\n", "43: error: field 'c' has incomplete type"),
        ("typedef struct _virQt { int a; struct _virQu u; } virQt; struct _virQu { int b; };\n", "46: error: field 'u' has incomplete type"),
        # session 21: what the first checks let through (gcc 12's messages and columns)
        ("typedef union _virQn { int a; char b[]; } virQn;\n", "36: error: flexible array member in union"),
        ("typedef struct _virQo { struct { char c[]; } in; } virQo;\n", "39: error: flexible array member in a struct with no named members"),
        ("typedef struct _virQo { int; char c[]; } virQo;\n", "35: error: flexible array member in a struct with no named members"),
        ("typedef void virQvoid; typedef const virQvoid virQcv; struct _virQp { int a; virQcv x; };\n", "85: error: variable or field 'x' declared void"),
        ("typedef void virQvoid; struct _virQp { int a; virQvoid y[2]; };\n", "56: error: declaration of 'y' as array of voids"),
    ],
)
def test_members_gcc_refuses_are_errors(tmp_path: Path, extra: str, expected: str) -> None:
    """QA (session 20): a void member and a flexible array before another member were read as fields."""
    assert error(tmp_path, extra) == f"{HEADER}:{ADDED_LINE}:{expected}"


def test_a_flexible_array_last_is_a_field(tmp_path: Path) -> None:
    found = module(tmp_path, "typedef struct _virQg { int a; int b[]; } virQg;\n")
    fields = next(s for s in found.structs if s.name in ("_virQg", "virQg")).fields or ()
    assert [(f.name, f.type) for f in fields] == [("a", "int"), ("b", "int")]


@pytest.mark.parametrize("after", ["int;", "enum { VIR_QK };", "struct _virQtag { int x; };"])
def test_a_flexible_array_before_what_declares_no_member_is_a_field(tmp_path: Path, after: str) -> None:
    """Review (session 20): gcc only warns of these ("declaration does not declare anything"); no member follows the array."""
    found = module(tmp_path, f"typedef struct _virQg {{ int a; int b[]; {after} }} virQg;\n")
    fields = next(s for s in found.structs if s.name in ("_virQg", "virQg")).fields or ()
    assert [f.name for f in fields] == ["a", "b"]


def test_members_of_complete_types_are_fields(tmp_path: Path) -> None:
    """The incomplete-type check knows a body once it has ended: before the member, by tag or typedef (chained too)."""
    extra = (
        "struct _virQw { int b; }; typedef struct _virQw virQw; typedef virQw virQw2;\n"
        "typedef struct _virQx { int a; virQw w; struct _virQw w2; virQw2 ws[2]; struct _virQz { int q; } *z; struct _virQz z2; } virQx;\n"
    )
    found = module(tmp_path, extra)
    fields = next(s for s in found.structs if s.name in ("_virQx", "virQx")).fields or ()
    assert [f.name for f in fields] == ["a", "w", "w2", "ws", "z", "z2"]


@pytest.mark.parametrize(
    "extra",
    [
        "typedef struct _virQa { int a; } *virQaPtr;\ntypedef struct _virQa virQa;\nstruct _virQb { virQa x; };\n",
        "typedef struct _virQa { int a; } virQaArr[2];\nstruct _virQb { struct _virQa x; };\n",
        "extern struct _virQa { int a; } virQaVar;\nstruct _virQb { struct _virQa x; };\n",
        "struct _virQa { int a; } virQaFunc(void);\nstruct _virQb { struct _virQa x; };\n",
        "typedef struct _virQa { int a; } (*virQaCb)(void);\nstruct _virQb { struct _virQa x; };\n",
        "struct _virQb { struct _virQa { int a; } (*cb)(void); struct _virQa x; };\n",
    ],
)
def test_a_body_ended_anywhere_before_completes_its_tag(tmp_path: Path, extra: str) -> None:
    """Review (session 20): only three forms of body were recorded as ended; gcc accepts all of these."""
    found = module(tmp_path, "typedef struct _virQb virQb;\n" + extra)
    fields = next(s for s in found.structs if s.name == "virQb").fields or ()
    assert "x" in [f.name for f in fields]
