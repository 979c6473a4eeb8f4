"""Declarations C forbids that pycparser's grammar lets through:
type specifiers that do not combine, ``void`` in a parameter list beside
others, qualified or named, a parameter name given twice, an identifier
list, a negative array bound.  Each is a positioned error in gcc's words,
in a function, a function pointer's parameters, a struct member, a typedef;
the combinations libvirt writes keep their spelling.

Most cases go through ``load_tree`` on a one-header tree (cpp, pycparser and
the builder, as a run does), so the place is the header's; a few through
the CLI for the exit code, the one line and nothing written, one of them on
an edit of libvirt 9.0.0's own ``libvirt-secret.h``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_cdecl_reader import HEADER, _error, _tree  # a one-header tree whose lines 1-2 are PRELUDE

from generator.frontend import cdecl, load_tree


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=120,
    )


# --- type specifiers that do not combine ---------------------------------------


@pytest.mark.parametrize(("specifiers", "col", "message"), [
    ("int char", 5, "two or more data types in declaration specifiers"),
    ("long short", 6, "both 'long' and 'short' in declaration specifiers"),
    ("void void", 6, "two or more data types in declaration specifiers"),
    ("long long long", 11, "'long long long' is too long for GCC"),
    ("_Bool float", 7, "two or more data types in declaration specifiers"),
    ("unsigned signed int", 10, "both 'signed' and 'unsigned' in declaration specifiers"),
    ("short short", 7, "duplicate 'short'"),
    ("unsigned unsigned", 10, "duplicate 'unsigned'"),
    ("int long char", 10, "two or more data types in declaration specifiers"),
    ("char short", 6, "both 'short' and 'char' in declaration specifiers"),
    ("long _Bool", 6, "both 'long' and '_Bool' in declaration specifiers"),
    ("signed float", 8, "both 'signed' and 'float' in declaration specifiers"),
    ("double long long", 13, "both 'long long' and 'double' in declaration specifiers"),
    ("long void", 6, "both 'long' and 'void' in declaration specifiers"),
    ("virConnectPtr int", 15, "two or more data types in declaration specifiers"),
])
def test_specifiers_that_do_not_combine_are_refused_at_the_one_gcc_names(tmp_path: Path, specifiers: str, col: int, message: str) -> None:
    # gcc -fsyntax-only gives these messages at these columns
    assert _error(tmp_path, f"{specifiers} virTFoo(virConnectPtr conn);\n") == f"{HEADER}:3:{col}: error: {message}"


@pytest.mark.parametrize(("body", "place", "message"), [
    # a function pointer typedef's return type and its parameters
    ("typedef long short (*virTCb)(int x);\n", "3:14", "both 'long' and 'short' in declaration specifiers"),
    ("typedef int (*virTCb)(int char x);\n", "3:27", "two or more data types in declaration specifiers"),
    # a struct member, also in a body the model keeps no record of
    ("typedef struct _virTS virTS;\nstruct _virTS {\n    int a;\n    long\tshort  b;\n};\n", "6:10", "both 'long' and 'short' in declaration specifiers"),
    ("typedef struct { int char a; } virTAnon;\n", "3:22", "two or more data types in declaration specifiers"),
    ("union _virTU { short short a; };\n", "3:22", "duplicate 'short'"),
    ("struct _virTS { struct _virTI { void void *p; } in; };\n", "3:38", "two or more data types in declaration specifiers"),
    # a typedef and a variable
    ("typedef unsigned signed virTU;\n", "3:18", "both 'signed' and 'unsigned' in declaration specifiers"),
    ("extern long long long virTV;\n", "3:18", "'long long long' is too long for GCC"),
    # the type of a cast or of sizeof in an enum's initializer
    ("enum { VIR_TA = (int char) 1 };\n", "3:22", "two or more data types in declaration specifiers"),
    ("enum { VIR_TA = sizeof(long short) };\n", "3:29", "both 'long' and 'short' in declaration specifiers"),
    # across lines and comments, and from a macro (at its name, where it is used)
    ("int virTFoo(\n    unsigned /* size */ const\n    signed x);\n", "5:5", "both 'signed' and 'unsigned' in declaration specifiers"),
    ("#define VIR_TLONG long\nVIR_TLONG short virTFoo(void);\n", "4:11", "both 'long' and 'short' in declaration specifiers"),
    ("#define VIR_TTYPE long short\nVIR_TTYPE virTFoo(void);\n", "4:1", "both 'long' and 'short' in declaration specifiers"),
])
def test_specifiers_are_checked_wherever_they_make_a_type(tmp_path: Path, body: str, place: str, message: str) -> None:
    assert _error(tmp_path, body) == f"{HEADER}:{place}: error: {message}"


# --- parameter lists ------------------------------------------------------------


@pytest.mark.parametrize(("params", "col", "message"), [
    ("virConnectPtr secret, virConnectPtr secret", 52, "duplicate parameter name 'secret'"),
    ("int a, unsigned int b, char *a", 45, "duplicate parameter name 'a'"),
    ("void, int x", 16, "'void' must be the only parameter"),
    ("int x, void", 23, "'void' must be the only parameter"),
    ("void, ...", 16, "'void' must be the only parameter"),
    ("void v", 21, "parameter 1 ('v') has void type"),
    ("int x, const void v", 34, "parameter 2 ('v') has void type"),
    ("const void", 16, "'void' as only parameter may not be qualified"),
    ("int x[-1]", 20, "size of array 'x' is negative"),
    ("int x[2][1 - 3]", 20, "size of array 'x' is negative"),
    ("int [-1]", 20, "size of unnamed array is negative"),
    ("a, b", 16, "parameter names (without types) in function declaration"),
])
def test_a_parameter_list_c_refuses_is_an_error_at_the_parameter(tmp_path: Path, params: str, col: int, message: str) -> None:
    assert _error(tmp_path, f"int virTFoo   ({params});\n") == f"{HEADER}:3:{col}: error: {message}"


@pytest.mark.parametrize(("body", "place", "message"), [
    ("typedef int (*virTCb)(virConnectPtr conn, virConnectPtr conn);\n", "3:57", "duplicate parameter name 'conn'"),
    ("typedef int (*virTCb)(virConnectPtr conn, void);\n", "3:43", "'void' must be the only parameter"),
    ("typedef void (*virTCb)(void *opaque, int x[-4]);\n", "3:42", "size of array 'x' is negative"),
    ("int virTFoo(int (*cb)(int a, int a), void *opaque);\n", "3:34", "duplicate parameter name 'a'"),
    ("typedef int virTFn(void v);\n", "3:25", "parameter 1 ('v') has void type"),
    ("int (*virTGet(int a, int a))(int);\n", "3:26", "duplicate parameter name 'a'"),
    ("typedef struct _virTS virTS;\nstruct _virTS {\n    int (*cb)(int n, void);\n};\n", "5:22", "'void' must be the only parameter"),
])
def test_function_pointer_parameters_are_a_parameter_list_too(tmp_path: Path, body: str, place: str, message: str) -> None:
    assert _error(tmp_path, body) == f"{HEADER}:{place}: error: {message}"


# --- negative array bounds ------------------------------------------------------


@pytest.mark.parametrize(("body", "place", "message"), [
    ("typedef struct _virTS virTS;\nstruct _virTS {\n    char name[-1];\n};\n", "5:10", "size of array 'name' is negative"),
    ("typedef struct _virTS virTS;\nstruct _virTS {\n    char grid[2][-3];\n};\n", "5:10", "size of array 'grid' is negative"),
    ("typedef char virTA[-1];\n", "3:14", "size of array 'virTA' is negative"),
    ("#define VIR_TNEG (-1)\ntypedef char virTA[VIR_TNEG];\n", "4:14", "size of array 'virTA' is negative"),
    ("extern int (*virTRows)[-2];\n", "3:14", "size of array 'virTRows' is negative"),
])
def test_a_negative_array_bound_is_an_error_at_the_array_name(tmp_path: Path, body: str, place: str, message: str) -> None:
    assert _error(tmp_path, body) == f"{HEADER}:{place}: error: {message}"


# --- two storage classes (QA: the model had the enum, the typedef, the struct) --------


@pytest.mark.parametrize(("body", "place"), [
    ("typedef extern enum { VIR_TA } virTA;\n", "3:32"),
    ("typedef static int virTB;\n", "3:20"),
    ("extern typedef struct _virTS virTS;\n", "3:30"),
    ("extern static int virTX;\n", "3:19"),
    ("static extern int virTF(void);\n", "3:19"),
    ("static extern int virTF(void) { return 0; }\n", "3:19"),  # a definition too
    ("typedef _Thread_local int virTT;\n", "3:27"),
    ("extern _Thread_local _Thread_local int virTX;\n", "3:40"),  # review: the first fix let a doubled one through
])
def test_two_storage_classes_are_an_error_at_the_declarator(tmp_path: Path, body: str, place: str) -> None:
    assert _error(tmp_path, body) == f"{HEADER}:{place}: error: multiple storage classes in declaration specifiers"


@pytest.mark.parametrize("body", ["extern _Thread_local int virTX;\n", "static _Thread_local int virTX;\n"])
def test_thread_local_goes_with_extern_or_static(tmp_path: Path, body: str) -> None:
    """C11 6.7.1: ``_Thread_local`` may appear with ``static`` or ``extern`` (review: the first check counted it as a second class)."""
    assert [d.name for d in cdecl.parse('# 1 "t.h"\n' + body, "t.h").variables] == ["virTX"]


@pytest.mark.parametrize("bound", ["~0U >> 1", "0", "VIR_TK", "VIR_TU", "-0x80000000", "1 - 0xFFFFFFFF"])
def test_a_bound_that_may_be_unsigned_in_c_is_left_to_the_compiler(bound: str) -> None:
    """C's value of ~0U >> 1 is 2147483647, mathematical integers' is -1; an enum constant is unsigned when
    its value is (``VIR_TK = ~0U``), a hexadecimal or octal constant above INT_MAX is: not judged (QA: gcc
    accepts every one of these; the cost, a negative bound through an enum constant goes unreported)."""
    text = f"enum {{ VIR_TK = ~0U, VIR_TU = 1U - 2 }};\ntypedef char virTA[{bound}];\n"
    decls = cdecl.parse(text, "t.h")
    assert [t.name for t in decls.typedefs] == ["virTA"]


# --- what stays valid -------------------------------------------------------------


VALID = """\
typedef unsigned long long virTULL;
typedef long long int virTLL;
typedef signed char virTSC;
typedef unsigned virTU;
typedef short int virTSI;
typedef long double virTLD;
typedef int unsigned long virTIUL;
typedef const volatile unsigned long virTCVUL;
typedef int (*virTCb)(void);
typedef void (*virTFree)(void *, int, int);
int virTNone(void);
int virTOld();
int virTPtr(void *opaque, const void *data, char *const *names, int count, ...);
int virTUnnamed(virConnectPtr, unsigned int, unsigned int);
int virTArray(int x[2], const char *names[], unsigned long long n);
int virTCallback(int (*cb)(virConnectPtr conn, void *opaque), void (*done)(void));
"""


def test_the_combinations_libvirt_writes_keep_their_spelling(tmp_path: Path) -> None:
    module = load_tree(_tree(tmp_path, VALID)).api.modules[0]
    typedefs = {t.name: t.type for t in module.typedefs}
    assert {name: typedefs[name] for name in ("virTULL", "virTLL", "virTSC", "virTU", "virTSI", "virTLD", "virTIUL", "virTCVUL")} == {
        "virTULL": "unsigned long long", "virTLL": "long long int", "virTSC": "signed char", "virTU": "unsigned",
        "virTSI": "short int", "virTLD": "long double", "virTIUL": "int unsigned long", "virTCVUL": "const volatile unsigned long",
    }
    functions = {f.name: [(p.name, p.type) for p in f.params] for f in module.functions}
    assert functions == {
        "virTNone": [],
        "virTOld": [],
        "virTPtr": [("opaque", "void *"), ("data", "const void *"), ("names", "char * const *"), ("count", "int"), ("...", "...")],
        "virTUnnamed": [("", "virConnectPtr"), ("", "unsigned int"), ("", "unsigned int")],
        "virTArray": [("x", "int *"), ("names", "const char **"), ("n", "unsigned long long")],
        "virTCallback": [("cb", "int (*)(virConnectPtr, void *)"), ("done", "void (*)(void)")],
    }
    functypes = {f.name: [(p.name, p.type) for p in f.params] for f in module.functypes}
    assert functypes == {"virTCb": [], "virTFree": [("", "void *"), ("", "int"), ("", "int")]}


# --- through the CLI ----------------------------------------------------------------


def test_a_refused_declaration_fails_the_run_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    _tree(tmp_path, "int virTFoo(virConnectPtr conn,\n            virConnectPtr conn);\n")
    done = _run(tmp_path, "api", HEADER, "-o", "out")
    assert (done.returncode, done.stderr) == (1, f"{HEADER}:4:27: error: duplicate parameter name 'conn'\n")
    assert not (tmp_path / "out").exists()


def _edited_tree(source: Path, into: Path, old: str, new: str) -> Path:
    """libvirt's tree with libvirt-secret.h edited: include/ copied, the rest linked."""
    into.mkdir()
    for entry in source.iterdir():
        if entry.name == "include":
            subprocess.run(["cp", "-r", str(entry), str(into / "include")], check=True)
        else:
            (into / entry.name).symlink_to(entry)
    header = into / "include" / "libvirt" / "libvirt-secret.h"
    text = header.read_text(encoding="utf-8")
    assert text.count(old) == 1
    header.write_text(text.replace(old, new), encoding="utf-8")
    return into


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("int                     virSecretRef", "int char                virSecretRef", "136:5: error: two or more data types in declaration specifiers"),
    ("virSecretRef            (virSecretPtr secret);", "virSecretRef            (virSecretPtr secret, virSecretPtr secret);",
     "136:84: error: duplicate parameter name 'secret'"),
    ("} virSecretEventID;", "} static virSecretEventID;", "172:10: error: multiple storage classes in declaration specifiers"),
])
def test_the_qa_edit_of_libvirt_fails_the_run(libvirt_tree: Path, tmp_path: Path, old: str, new: str, expected: str) -> None:
    tree = _edited_tree(libvirt_tree, tmp_path / "tree", old, new)
    done = _run(tmp_path, "api", "--srcdir", "tree", "-o", "out")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert errors == [f"tree/include/libvirt/libvirt-secret.h:{expected}"]
    assert not (tmp_path / "out").exists()
    assert tree.is_dir()
