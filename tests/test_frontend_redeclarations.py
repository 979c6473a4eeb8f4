"""Declarations given more than once, as C compares and keeps them.

Of two conflicting declarations the later is the later one in the unit's
order (an umbrella header after what it includes), whatever the hash seed;
compatible redeclarations are accepted as gcc accepts them (C17's
compatibility rules) and the first declaration is kept with its spelling;
incompatible ones are still errors.

Each test builds a small tree (one header, its ``.c`` file and a version
script) so that the line and column it expects are easy to check; the places
expected are gcc's (``gcc -fsyntax-only`` on the same header)."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import ADDED_LINE, BASE_HEADER, HEADER, error, make_tree, module, run

from generator.frontend import FrontendError, load_tree
from generator.frontend.records import CType, Layer, compatible
from generator.model import Api, Module

# --- the later declaration is the later one in the unit, every run --------------


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


# --- redeclarations compared as C types -----------------------------------


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
        # the composite is kept: the declaration with the prototype, or the bound
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
        # two untagged structs are two types
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


# --- a header read twice: its include guard does not hold ------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("typedef enum { VIR_GUARD_A = 1 } virGuard;\n", "redeclaration of enumerator 'VIR_GUARD_A'"),
        ("struct _virGuard { int a; };\n", "redefinition of 'struct _virGuard'"),
        ("enum _virGuardTag { VIR_GUARD_T };\n", "redeclaration of 'enum _virGuardTag'"),
    ],
)
def test_a_header_read_twice_says_so(tmp_path: Path, body: str, expected: str) -> None:
    # The unit includes every header directly, and here through libvirt-host.h (as
    # libvirt.h includes them): a guard that does not hold reads it twice, and
    # gcc's words alone said nothing of why.
    broken = f"#ifndef LIBVIRT_GUARD_H\n# define LIBVIRT_GUARD_HH\n{body}#endif\n"
    tree = make_tree(tmp_path / "tree", '#include "libvirt-guard.h"\n', files={"include/libvirt/libvirt-guard.h": broken})
    said = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree).stderr
    assert said.startswith("include/libvirt/libvirt-guard.h:3:"), said
    assert f"error: {expected} at this same place: is the header read twice" in said
    assert not (tmp_path / "out").exists()


def test_a_declaration_after_the_guards_endif_is_said_to_be_outside_it(tmp_path: Path) -> None:
    """Review (session 24): every guarded header is read twice now, so a declaration after its ``#endif`` (which
    breaks a program including the header twice) is a redeclaration; the hint named only a guard that does not
    hold."""
    outside = "#ifndef LIBVIRT_GUARD_H\n# define LIBVIRT_GUARD_H\n#endif\ntypedef enum { VIR_GUARD_A = 1 } virGuard;\n"
    tree = make_tree(tmp_path / "tree", '#include "libvirt-guard.h"\n', files={"include/libvirt/libvirt-guard.h": outside})
    said = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree).stderr
    assert said.startswith("include/libvirt/libvirt-guard.h:4:"), said
    assert "and does it hold all of the header, this declaration included)?" in said
    assert not (tmp_path / "out").exists()


def test_two_names_on_one_line_are_no_header_read_twice(tmp_path: Path) -> None:
    said = error(tmp_path, "typedef enum { VIR_J_A = 1, VIR_J_A = 2 } virJ;\n")
    assert "read twice" not in said and "redeclaration of enumerator 'VIR_J_A'" in said


@pytest.mark.parametrize("stray", ["#else", "#elif 1"])
def test_declarations_only_a_second_read_gives_are_an_error(tmp_path: Path, stray: str) -> None:
    """QA (session 20): a stray '#else' at the include guard's level (libvirt.h reads the header, then our
    unit reads it again) let the second read list 11 declarations no program including libvirt.h sees."""
    import shutil

    from conftest import REPO

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    lines = header.read_text(encoding="utf-8").split("\n")
    at = lines.index("const char *virDomainCheckpointGetName(virDomainCheckpointPtr checkpoint);")
    lines[at:at] = [stray, ""]
    header.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(FrontendError) as raised:
        load_tree(tree)
    shown = str(raised.value)
    assert shown.startswith(f"include/libvirt/libvirt-domain-checkpoint.h:{at + 3}:1: error: this header gives declarations only when")


def test_a_header_no_other_one_includes_is_read_a_second_time_too(tmp_path: Path) -> None:
    """QA (session 24): libvirt-qemu.h, libvirt-lxc.h and libvirt-admin.h, which libvirt.h does not
    include, were read once: a stray '#else' at their guard's level hid all they declare, and the run
    said only, at the .syms file, that no header declares what it exports."""
    guarded = "#ifndef LIBVIRT_ZZZ_H\n# define LIBVIRT_ZZZ_H\n#else\nint virZzz(void);\n#endif\n"
    said = error(tmp_path, "", files={"include/libvirt/libvirt-zzz.h": guarded})
    assert said == (
        "include/libvirt/libvirt-zzz.h:4:1: error: this header gives declarations only when it is read a second time:"
        " its include guard does not hold (a stray '#else' or '#endif' at its level?), so a program including it once never sees them"
    )


def test_a_helper_a_header_includes_twice_on_purpose_is_no_second_read(tmp_path: Path) -> None:
    """Review (session 20): only the unit's own second include counts; a helper with no guard that
    libvirt-host.h includes twice, another macro defined between, gives what every program sees."""
    import shutil

    from conftest import REPO

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    helper = "#ifdef XM_SECOND\ntypedef int virXmSecond;\n#else\ntypedef int virXmFirst;\n#endif\n"
    (tree / "include" / "libvirt" / "virt-xm-helper.h").write_text(helper, encoding="utf-8")
    host = tree / "include" / "libvirt" / "libvirt-host.h"
    text = host.read_text(encoding="utf-8")
    guard = "# define LIBVIRT_HOST_H\n"
    host.write_text(text.replace(guard, guard + '# include "virt-xm-helper.h"\n# define XM_SECOND\n# include "virt-xm-helper.h"\n', 1), encoding="utf-8")
    loaded = load_tree(tree)  # raised "gives declarations only when it is read a second time"
    sample = load_tree(REPO / "generator" / "sample")

    def names(api: Api) -> set[str]:
        return {s.name for m in api.modules for kind in (m.functions, m.typedefs, m.structs, m.members) for s in kind}

    assert names(loaded.api) == names(sample.api)  # the helper's typedefs are no public header's
