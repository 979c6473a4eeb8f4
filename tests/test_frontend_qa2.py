"""Frontend defects from the second QA round: the later of two conflicting
declarations chosen by the unit's order whatever the hash seed, compatible
redeclarations accepted as C accepts them, members that declare nothing,
columns of errors inside macro expansions, arrays of arrays of one name on
a line, unknown type names told apart from declarator names, anonymous
structs as types of their own, and header names holding quotes.

Each test builds a small tree (one header, its ``.c`` file and a version
script) so that the line and column it expects are easy to check; the
places expected are gcc's (``gcc -fsyntax-only`` on the same header).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from frontend_support import ADDED_LINE, BASE_HEADER, HEADER, SYMS, make_tree

from generator.frontend import FrontendError, load_files, load_tree
from generator.frontend.preprocess import escaped, source_column, unescaped
from generator.frontend.records import CType, Layer, compatible
from generator.model import Module


def module(tmp_path: Path, extra: str, files: dict[str, str] | None = None) -> Module:
    return load_tree(make_tree(tmp_path / "tree", extra, files=files)).api.modules[0]


def error(tmp_path: Path, extra: str, files: dict[str, str] | None = None) -> str:
    with pytest.raises(FrontendError) as raised:
        load_tree(make_tree(tmp_path / "tree", extra, files=files))
    return str(raised.value)


def run(*args: object, cwd: Path, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, check=False)


# --- item 1: the later declaration is the later one in the unit, every run --------------


CROSS_FILE = '#include "extra.h"\nint virBar(long a);\n'  # lines 4 and 5 of the header
EXTRA = {"include/libvirt/extra.h": "int virBar(int a);\n"}


def test_a_cross_file_conflict_is_reported_at_the_same_place_whatever_the_hash_seed(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", CROSS_FILE, files=EXTRA)
    said = {run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree, seed=seed).stderr for seed in ("0", "1", "2", "3", "4", "5")}
    # gcc: the declaration after the #include is the later one
    assert said == {f"{HEADER}:5:5: error: conflicting types for 'virBar'\n"}


def test_the_umbrella_header_after_its_includes_is_later_than_what_it_included(tmp_path: Path) -> None:
    umbrella = "#ifndef LIBVIRT_H\n#define LIBVIRT_H\n#include <libvirt/libvirt-host.h>\ntypedef  int virX;\n#endif\n"
    guarded = "#ifndef LIBVIRT_HOST_H\n#define LIBVIRT_HOST_H\n" + BASE_HEADER + "typedef long virX;\n#endif\n"
    tree = make_tree(tmp_path / "tree", "", files={"include/libvirt/libvirt.h": umbrella})
    (tree / HEADER).write_text(guarded, encoding="utf-8")
    with pytest.raises(FrontendError) as raised:
        load_tree(tree)
    # gcc's place: the name as written (two spaces before 'int': cpp's column would be 13)
    assert str(raised.value) == "include/libvirt/libvirt.h:4:14: error: conflicting types for 'virX'"


def test_the_first_of_two_declarations_in_two_lists_is_the_one_kept(tmp_path: Path) -> None:
    # the typedef comes first in the unit, the function type (another list, read first) second
    extra = "typedef int (*virCb0)(int a);\ntypedef virCb0 virCb;\ntypedef int (*virCb)(int b);\n"
    found = module(tmp_path, extra)
    assert [(t.name, t.type, t.location.line) for t in found.typedefs if t.name == "virCb"] == [("virCb", "virCb0", ADDED_LINE + 1)]
    assert [f.name for f in found.functypes] == ["virCb0"]


# --- item 2: redeclarations compared as C types -----------------------------------


def declared(found: Module, name: str) -> list[tuple[object, ...]]:
    """Every entry of the model named ``name``: (kind, type, line); a
    function's type is its return type and parameter types."""
    entries: list[tuple[object, ...]] = []
    entries += [("function", (f.return_type, *(p.type for p in f.params)), f.location.line) for f in found.functions if f.name == name]
    entries += [("typedef", t.type, t.location.line) for t in found.typedefs if t.name == name]
    entries += [("variable", v.type, v.location.line) for v in found.variables if v.name == name]
    entries += [("struct", s.name, s.location.line) for s in found.structs if s.name == name]
    return entries


LINE_1, LINE_2 = ADDED_LINE, ADDED_LINE + 1  # the first two lines appended to the header


@pytest.mark.parametrize(
    ("extra", "name", "kept"),
    [
        # the header's own declaration (line 3) comes first and is kept
        ("int virConnectFoo(virConnect *conn, unsigned flags);\n", "virConnectFoo", ("function", ("int", "virConnectPtr", "unsigned int"), 3)),
        ("typedef unsigned virU;\ntypedef unsigned int virU;\n", "virU", ("typedef", "unsigned", LINE_1)),
        ("typedef long int virU;\ntypedef long virU;\n", "virU", ("typedef", "long int", LINE_1)),
        ("typedef signed int virU;\ntypedef int virU;\n", "virU", ("typedef", "signed int", LINE_1)),
        ("typedef int unsigned virU;\ntypedef unsigned int virU;\n", "virU", ("typedef", "int unsigned", LINE_1)),
        ("typedef long long int virU;\ntypedef signed long long virU;\n", "virU", ("typedef", "long long int", LINE_1)),
        ("typedef long double virU;\ntypedef double long virU;\n", "virU", ("typedef", "long double", LINE_1)),
        ("typedef int virX;\nint virBar(virX a);\nint virBar(int a);\n", "virBar", ("function", ("int", "virX"), LINE_2)),
        ("int virBar(struct _virConnect *c);\nint virBar(virConnectPtr c);\n", "virBar", ("function", ("int", "struct _virConnect *"), LINE_1)),
        ("int virBar(const int x);\nint virBar(int x);\n", "virBar", ("function", ("int", "const int"), LINE_1)),
        ("int virBar(virConnectPtr const c);\nint virBar(virConnectPtr c);\n", "virBar", ("function", ("int", "const virConnectPtr"), LINE_1)),
        ("int virBar(const char *names[]);\nint virBar(const char **names);\n", "virBar", ("function", ("int", "const char **"), LINE_1)),
        ("int virBar(char names[3]);\nint virBar(char *names);\n", "virBar", ("function", ("int", "char *"), LINE_1)),
        ("int virBar(int cb(void));\nint virBar(int (*cb)(void));\n", "virBar", ("function", ("int", "int (*)(void)"), LINE_1)),
        ("typedef char virA3[3];\nint virBar(const virA3 a);\nint virBar(const char *a);\n", "virBar", ("function", ("int", "const virA3"), LINE_2)),
        ("const int virBar(void);\nint virBar(void);\n", "virBar", ("function", ("const int",), LINE_1)),
        # item 3 of the seventh review: the declaration with the prototype, or the bound, is kept
        ("int virBar();\nint virBar(int a);\n", "virBar", ("function", ("int", "int"), LINE_2)),
        ("extern int virV[];\nextern int virV[3];\n", "virV", ("variable", "int[3]", LINE_2)),
        ("extern char virV[2];\nextern char virV[1 + 1];\n", "virV", ("variable", "char[2]", LINE_1)),
        ("typedef int virT;\ntypedef virT virT;\n", "virT", ("typedef", "int", LINE_1)),
        ("typedef struct _virS virS;\ntypedef struct _virS { int a; } virS;\n", "virS", ("struct", "virS", LINE_1)),
    ],
)
def test_compatible_redeclarations_are_accepted_as_gcc_accepts_them(tmp_path: Path, extra: str, name: str, kept: tuple[object, ...]) -> None:
    # gcc -fsyntax-only is silent on each; the model holds the name once, as the declaration kept declares it
    assert declared(module(tmp_path, extra), name) == [kept]


def test_the_first_declaration_is_kept_with_its_spelling(tmp_path: Path) -> None:
    found = module(tmp_path, "int virConnectFoo(virConnect *c, unsigned f);\ntypedef unsigned virU;\ntypedef unsigned int virU;\n")
    function = next(f for f in found.functions if f.name == "virConnectFoo")
    assert [(p.name, p.type) for p in function.params] == [("conn", "virConnectPtr"), ("flags", "unsigned int")]
    assert function.location.line == 3
    assert [(t.name, t.type, t.location.line) for t in found.typedefs if t.name == "virU"] == [("virU", "unsigned", ADDED_LINE + 1)]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("char virBar(void);\nsigned char virBar(void);\n", f"{ADDED_LINE + 1}:13: error: conflicting types for 'virBar'"),
        ("int virBar(int a, ...);\nint virBar(int a);\n", f"{ADDED_LINE + 1}:5: error: conflicting types for 'virBar'"),
        ("int virBar(const int *a);\nint virBar(int *a);\n", f"{ADDED_LINE + 1}:5: error: conflicting types for 'virBar'"),
        ("int virBar();\nint virBar(char a);\n", f"{ADDED_LINE + 1}:5: error: conflicting types for 'virBar'"),
        ("extern char virV[2];\nextern char virV[3];\n", f"{ADDED_LINE + 1}:13: error: conflicting types for 'virV'"),
        # item 6c: two untagged structs are two types
        ("typedef struct { int a; } virS;\ntypedef struct { int a; } virS;\n", f"{ADDED_LINE + 1}:27: error: conflicting types for 'virS'"),
        # both on one line: the second name as written, past the comment cpp drops
        ("int virBar(int a); /* c */ int virBar(long a);\n", f"{ADDED_LINE}:32: error: conflicting types for 'virBar'"),
    ],
)
def test_incompatible_redeclarations_are_still_errors(tmp_path: Path, extra: str, expected: str) -> None:
    assert error(tmp_path, extra) == f"{HEADER}:{expected}"


def test_compatible_follows_c17() -> None:
    int_ = CType("base", "", "int")
    char = CType("base", "", "char")

    def derived(*layers: Layer, base: CType = int_) -> CType:
        return base._replace(layers=layers)

    assert compatible(derived(Layer("array")), derived(Layer("array", bound="3")))
    assert not compatible(derived(Layer("array", bound="2")), derived(Layer("array", bound="3")))
    assert compatible(derived(Layer("func")), derived(Layer("func", params=(int_,))))
    assert not compatible(derived(Layer("func")), derived(Layer("func", params=(char,))))
    assert not compatible(derived(Layer("func")), derived(Layer("func", params=(int_,), variadic=True)))
    assert not compatible(derived(Layer("ptr", "const")), derived(Layer("ptr")))
    assert not compatible(derived(Layer("ptr")), derived(Layer("ptr"), Layer("ptr")))


# --- item 3: members that declare nothing ----------------------------------------


@pytest.mark.parametrize(
    "member",
    ["int;", "enum { VIR_K_A };", "struct _virT;", "union _virU;", "struct _virT { int x; };"],
)
def test_a_member_declaring_nothing_is_no_field_and_no_error(tmp_path: Path, member: str) -> None:
    found = module(tmp_path, f"typedef struct _virS virS;\nstruct _virS {{ int a; {member} int b; }};\n")
    assert [[f.name for f in s.fields or ()] for s in found.structs if s.name == "virS"] == [["a", "b"]]


def test_each_anonymous_member_is_placed_at_its_own_keyword(tmp_path: Path) -> None:
    extra = "struct _virS {   int a; /* c */ union { int x; }; union { int y; }; };\n"
    assert error(tmp_path, extra).startswith(f"{HEADER}:{ADDED_LINE}:33: error: anonymous union member in 'struct _virS'")
    extra = "struct _virS { int a; struct { int x; } s; struct { int y; }; };\n"
    assert error(tmp_path / "two", extra).startswith(f"{HEADER}:{ADDED_LINE}:44: error: anonymous struct member in 'struct _virS'")


# --- item 4: errors inside a macro expansion stay on the line --------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # gcc: at 'a', the token after the expansion
        ("# define VIR_U unsigned lng\nint virBar(VIR_U a);\n", f"{ADDED_LINE + 1}:18: error: syntax error before: a"),
        # a token the macro produced: at the macro's name where it is used
        ("# define VIR_T(n) int n(lng x)\nVIR_T(virBar);\n", f"{ADDED_LINE + 1}:1: error: unknown type name 'lng'"),
        # cpp collapses the spaces and drops the comment: the column is the header's
        ("int  /* c */  virBar(int a,, int b);\n", f"{ADDED_LINE}:28: error: Invalid declaration before: ,"),
        ("int virBar(int a,   virBogus b);\n", f"{ADDED_LINE}:21: error: unknown type name 'virBogus'"),
        ("struct /* c */  _virS {  int a;\n", f"{ADDED_LINE}:23: error: '{{' is never closed"),
    ],
)
def test_error_columns_are_those_of_the_header_line(tmp_path: Path, extra: str, expected: str) -> None:
    assert error(tmp_path, extra) == f"{HEADER}:{expected}"


def test_source_column_aligns_the_tokens() -> None:
    assert source_column("int virBar(unsigned lng a);", "int virBar(VIR_U a);", 21) == 12  # 'lng' came from VIR_U
    assert source_column("int a; int b;", "int a; /* x */   int b;", 12) == 22
    assert source_column("int b;", " x */ int b;", 5) == 11  # the end of a comment begun above


# --- item 5: arrays of arrays of one name on one line ------------------------------


def test_each_field_has_its_own_bounds(tmp_path: Path) -> None:
    extra = "typedef struct _virA { char g[2][3]; } virA; typedef struct _virB { char g[4][5]; } virB;\n"
    found = module(tmp_path, extra)
    fields = {s.name: [(f.name, f.array_size, f.location.col) for f in s.fields or ()] for s in found.structs if s.name != "virConnect"}
    assert fields == {"virA": [("g", "2][3", 29)], "virB": [("g", "4][5", 74)]}


# --- item 6: unknown type names, anonymous structs, enum tags and typedef names ---------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # virBogus is the parameter's name there: the mistake is 'b' (gcc: expected ';', ',' or ')' before 'b')
        ("int virBar(int a, unsigned virBogus b);\n", f"{ADDED_LINE}:37: error: syntax error before: b"),
        ("int virBar(int a, int * virBogus b);\n", f"{ADDED_LINE}:34: error: syntax error before: b"),
        ("int virBar(int a, const virBogus b);\n", f"{ADDED_LINE}:25: error: unknown type name 'virBogus'"),
        ("int virBar(int a, virBogus);\n", f"{ADDED_LINE}:19: error: unknown type name 'virBogus'"),
        ("int virBar(int a, virBogus, int c);\n", f"{ADDED_LINE}:19: error: unknown type name 'virBogus'"),
        ("struct _virS { int a; virBogus; };\n", f"{ADDED_LINE}:23: error: expected specifier-qualifier-list before 'virBogus'"),
    ],
)
def test_unknown_type_names_are_told_from_declarator_names(tmp_path: Path, extra: str, expected: str) -> None:
    assert error(tmp_path, extra) == f"{HEADER}:{expected}"


def test_a_tag_named_enum_stays_anonymous_when_a_typedef_of_another_enum_takes_the_name(tmp_path: Path) -> None:
    found = module(tmp_path, "enum virX {VIR_X_A};\ntypedef enum {VIR_Y_A} virX;\n")
    assert [(e.name, e.members) for e in found.enums] == [("virX", ("VIR_Y_A",))]
    assert {m.name: m.enum for m in found.members} == {"VIR_X_A": "", "VIR_Y_A": "virX"}


# --- item 7: header names holding quotes and other characters -----------------------------


@pytest.mark.parametrize("name", ['libvirt-a"b.h', "libvirt-a\\b.h", "libvirt-a>b.h", "libvirt-a\tb.h"])
def test_a_header_name_with_quotes_or_backslashes_is_read(tmp_path: Path, name: str) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "include" / "libvirt" / name).write_text(BASE_HEADER, encoding="utf-8")
    (tree / HEADER).unlink()
    result = load_files([str(tree / "include" / "libvirt" / name), str(tree / SYMS)])
    assert [(h.name, [f.name for f in m.functions]) for m in result.api.modules for h in m.headers] == [(name[:-2], ["virConnectFoo"])]


def test_a_tree_in_a_folder_named_with_a_quote_is_read(tmp_path: Path) -> None:
    found = load_tree(make_tree(tmp_path / 'my"tree', "int virBar(int a);\n")).api.modules[0]
    assert sorted(f.name for f in found.functions) == ["virBar", "virConnectFoo"]


@pytest.mark.parametrize(
    ("name", "shown", "message"),
    [
        (b"libvirt-a\nb.h", "libvirt-a\\nb.h", "the file name holds a line break"),
        (b"libvirt-a\xffb.h", "libvirt-a\\xffb.h", "the file name is not valid UTF-8"),
    ],
)
def test_a_header_name_no_output_can_hold_is_one_error_line(tmp_path: Path, name: bytes, shown: str, message: str) -> None:
    tree = make_tree(tmp_path / "tree")
    header = os.fsdecode(b"include/libvirt/" + name)
    (tree / header).write_text(BASE_HEADER, encoding="utf-8")
    done = run("api", "-o", tmp_path / "out", header, SYMS, cwd=tree)
    assert (done.returncode, done.stderr) == (1, f"include/libvirt/{shown}:1:1: error: {message}\n")
    assert not (tmp_path / "out").exists()


def test_a_tree_below_a_folder_that_is_not_utf8_is_read(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"w\xffd")))
    found = load_tree(make_tree(folder, "int virBar(int a);\n")).api.modules[0]
    assert sorted(f.name for f in found.functions) == ["virBar", "virConnectFoo"]


def test_marker_names_escape_as_cpp_escapes_them() -> None:
    for name in ['a"b', "a\\b", "a\nb", 'x\\"y\\n']:
        assert unescaped(escaped(name)) == name
    assert escaped('/t/a"b\\c.h') == '/t/a\\"b\\\\c.h'


def test_a_full_tmpdir_is_an_error_naming_the_scratch_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails for lack of space carries no file name: the message must name one."""
    import errno

    from generator.frontend import preprocess

    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    tree = make_tree(tmp_path / "tree", "int virBar(int a);\n")
    monkeypatch.setattr(preprocess.Path, "write_text", full)
    with pytest.raises(FrontendError) as raised:
        load_tree(tree)
    message = str(raised.value)
    assert "cannot write the preprocessor's scratch file " in message and "types.h (in $TMPDIR): No space left on device" in message
