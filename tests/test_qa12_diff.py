"""QA round 12 on ``virt-apigen diff``: C type spellings, union member order,
enum size, function-like macros without a body in an XML, output errors, a
side holding only some modules (docs/diff.md).

Each test edits the small tree of ``tests/cases/diff-layout`` (one struct,
one flags enum, ``virTPtr``) or builds models, and asserts on records.
"""

from __future__ import annotations

import errno
import io
import shutil
from pathlib import Path

import pytest
from test_diff import CASES, _edited, _records

from generator.apidiff import Change, Classification, Facts, diff
from generator.apidiff.compare import _enum_bytes, _param_type_change, _same_type
from generator.cli import main
from generator.frontend import load_tree
from generator.model import Api, Enum_, EnumMember, Function, Macro, Module, Ownership, Param, Typedef

TREE = CASES / "diff-layout" / "old"
HEADER = "include/libvirt/libvirt-t.h"
RUN = "int virTRun(virTPtr t, const char *name, unsigned int flags);"
FIELDS = "    int state; /* the state */\n"


def _changes(tmp_path: Path, edits: list[tuple[str, str, str]], old_edits: list[tuple[str, str, str]] | None = None) -> list[Change]:
    old = _edited(TREE, tmp_path / "old", old_edits or [])
    new = _edited(TREE, tmp_path / "new", edits)
    return diff(load_tree(old).api, load_tree(new).api)


# --- 3. one C type spelled another way is no change -----------------------------------


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("unsigned long", "unsigned long int", True),
        ("long", "long int", True),
        ("long", "signed long int", True),
        ("int", "signed int", True),
        ("int", "signed", True),
        ("unsigned", "unsigned int", True),
        ("int unsigned", "unsigned int", True),
        ("long long int", "long long", True),
        ("unsigned long long", "long unsigned long int", True),
        ("short int", "short", True),
        ("unsigned short", "short unsigned int", True),
        ("char const *", "const char *", True),
        ("char const * const *", "const char *const*", True),
        ("signed char", "char", False),  # another type in C
        ("unsigned char", "char", False),
        ("long", "long long", False),
        ("long double", "double", False),
        ("unsigned", "int", False),
        ("char * const *", "const char **", False),
    ],
)
def test_type_spellings(old: str, new: str, same: bool) -> None:
    assert _same_type(old, new) is same
    assert _same_type(new, old) is same


def test_type_spellings_in_a_tree_are_no_change(tmp_path: Path) -> None:
    """The QA's four cases, on the small tree: a struct field, a parameter, a pointer typedef spelled out, a typedef target."""
    edits = [
        (HEADER, RUN, "int virTRun(virT *t, const char *name, int unsigned flags);"),
        (HEADER, FIELDS, "    signed int state; /* the state */\n"),
        (HEADER, "typedef virT *virTPtr;", "typedef virT *virTPtr;\ntypedef unsigned long long int virTCursor;"),
    ]
    old_edits = [(HEADER, "typedef virT *virTPtr;", "typedef virT *virTPtr;\ntypedef unsigned long long virTCursor;")]
    changes = [c for c in _changes(tmp_path, edits, old_edits) if c.kind not in ("doc-changed", "since-changed")]
    assert changes == []


def test_pointer_typedef_spelled_out_still_follows_the_const_rule(tmp_path: Path) -> None:
    first_level = _changes(tmp_path / "a", [(HEADER, RUN, "int virTRun(const virT *t, const char *name, unsigned int flags);")])
    assert _records(first_level) == {("param-type-changed", "virTRun", "compatible")}
    top_level = _changes(tmp_path / "b", [(HEADER, RUN, "int virTRun(virT * const t, const char *name, unsigned int flags);")])
    assert top_level == []
    deeper = _changes(tmp_path / "c", [(HEADER, RUN, "int virTRun(virT **t, const char *name, unsigned int flags);")])
    assert _records(deeper) == {("param-type-changed", "virTRun", "ABI-breaking")}


def test_pointer_typedef_is_resolved_on_its_own_side_only() -> None:
    """``virTPtr`` is ``virT *`` where a typedef says so; a name no side defines stays a name."""

    def api(param: str, typedefs: tuple[str, str] | None) -> Api:
        defined = (Typedef(typedefs[0], "t", typedefs[1], "", ""),) if typedefs else ()
        run = Function("virTRun", "t", "t", "int", "", Ownership.NONE, (Param("t", param, ""),), "", "", "", None, False)
        return Api((Module("libvirt", (), (run,), (), (), (), defined, (), (), ()),))

    assert diff(api("virTPtr", ("virTPtr", "virT *")), api("virT *", ("virTPtr", "virT *"))) == []
    assert _records(diff(api("virT *", None), api("virTPtr", ("virTPtr", "virT *")))) == {("type-added", "virTPtr", "compatible")}
    undefined = diff(api("virTPtr", None), api("virT *", None))
    assert [(c.kind, c.classification) for c in undefined] == [("param-type-changed", Classification.ABI)]
    assert _param_type_change("const virTPtr", "virTPtr") is None  # without a side's typedefs: as before


# --- 4. union members reordered: source-breaking ------------------------------------------


UNION = "    int state; /* the state */\n    union {\n        int i; /* an int */\n        long l; /* a long */\n    } u; /* a value */\n"


def test_union_members_reordered_are_source_breaking(tmp_path: Path) -> None:
    swapped = UNION.replace("        int i; /* an int */\n        long l; /* a long */\n", "        long l; /* a long */\n        int i; /* an int */\n")
    changes = [c for c in _changes(tmp_path, [(HEADER, FIELDS, swapped)], [(HEADER, FIELDS, UNION)]) if c.kind == "struct-changed"]
    assert [(c.symbol, c.classification) for c in changes] == [("virTInfo", Classification.SOURCE)]
    assert changes[0].detail == "u members reordered: i, l -> l, i (layout kept: a union's members are all at offset 0)"


def test_union_reordered_and_grown_is_source_breaking(tmp_path: Path) -> None:
    members = "        long l; /* a long */\n        char c; /* a char */\n        int i; /* an int */\n"
    grown = UNION.replace("        int i; /* an int */\n        long l; /* a long */\n", members)
    changes = [c for c in _changes(tmp_path, [(HEADER, FIELDS, grown)], [(HEADER, FIELDS, UNION)]) if c.kind == "struct-changed"]
    assert [(c.classification, c.detail) for c in changes] == [
        (Classification.SOURCE, "u members reordered: i, l -> l, i; added char u.c (layout kept: a union's members are all at offset 0)"),
    ]


def test_union_member_retyped_is_still_abi_breaking(tmp_path: Path) -> None:
    retyped = UNION.replace("        int i; /* an int */\n        long l; /* a long */\n", "        long l; /* a long */\n        long i; /* an int */\n")
    changes = [c for c in _changes(tmp_path, [(HEADER, FIELDS, retyped)], [(HEADER, FIELDS, UNION)]) if c.kind == "struct-changed"]
    assert [c.classification for c in changes] == [Classification.ABI]


# --- 5. an enum widened past 32 bits ------------------------------------------------------------


SAFE = "    VIR_T_RUN_SAFE = (1 << 1), /* stay safe (Since: 1.0.0) */\n"
HUGE = SAFE + "    VIR_T_RUN_HUGE = (1ULL << 40), /* go big (Since: 1.1.0) */\n"


def test_enum_widened_past_32_bits_is_abi_breaking(tmp_path: Path) -> None:
    changes = _changes(tmp_path / "wider", [(HEADER, SAFE, HUGE)])
    assert _records(changes) == {("enum-size-changed", "virTRunFlags", "ABI-breaking"), ("member-added", "VIR_T_RUN_HUGE", "compatible")}
    widened = next(c for c in changes if c.kind == "enum-size-changed")
    assert widened.detail == "4 -> 8 bytes (values 1..2 -> 1..1099511627776: a value beyond int and unsigned int)"
    back = _changes(tmp_path / "narrower", [], [(HEADER, SAFE, HUGE)])
    assert ("enum-size-changed", "virTRunFlags", "ABI-breaking") in _records(back)


def _enum(*values: int | None) -> tuple[Enum_, dict[str, EnumMember]]:
    members = {f"V{i}": EnumMember(f"V{i}", "e", "t", value, "", None, "", "", False) for i, value in enumerate(values)}
    return Enum_("e", "t", tuple(members), "", ""), members


@pytest.mark.parametrize(
    ("values", "size"),
    [
        ((0, 2**31 - 1), 4),  # int
        ((-(2**31), 0), 4),
        ((0, 2**31), 4),  # unsigned int: still 4 bytes
        ((0, 2**32 - 1), 4),
        ((-1, 2**31), 8),  # neither int nor unsigned int
        ((0, 2**32), 8),
        ((-(2**31) - 1, 0), 8),
        ((0, 2**64 - 1), 8),  # unsigned long
    ],
)
def test_enum_size_follows_gcc(values: tuple[int, ...], size: int) -> None:
    enum, members = _enum(*values)
    assert _enum_bytes(enum, members) == (size, min(values), max(values))


def test_enum_size_unknown_is_not_compared() -> None:
    enum, members = _enum(0, None)
    assert _enum_bytes(enum, members) is None


# --- 7. a function-like macro without a body in an XML --------------------------------------


def _macro(raw: str) -> Api:
    maplen = Macro("VIR_CPU_MAPLEN", "t", ("cpu",), (), None, raw, "", "")
    return Api((Module("libvirt", (), (), (), (), (), (), (), (maplen,), ()),))


def test_function_like_macro_without_body_in_xml_is_unknown() -> None:
    tree, xml = _macro("(((cpu) + 7) / 8)"), _macro("")
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []
    # two sources: an emptied body is a change (compatible, as every function-like body change)
    assert _records(diff(tree, xml)) == {("macro-value-changed", "VIR_CPU_MAPLEN", "compatible")}


def test_tree_against_installed_xml_has_no_macro_value_changes(libvirt_tree: Path, libvirt_api_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(libvirt_tree), str(libvirt_api_dir), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"macro-value-changed"' not in out and '"doc-changed"' in out


# --- 8. output errors ----------------------------------------------------------------------------


class _Failing(io.StringIO):
    def __init__(self, error: OSError, on: str) -> None:
        super().__init__()
        self.error, self.on = error, on

    def write(self, text: str) -> int:
        if self.on == "write":
            raise self.error
        return super().write(text)

    def flush(self) -> None:
        if self.on == "flush":
            raise self.error


@pytest.mark.parametrize("on", ["write", "flush"])
def test_closed_pipe_says_nothing(tmp_path: Path, on: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    old = _edited(TREE, tmp_path / "old", [])
    new = _edited(TREE, tmp_path / "new", [(HEADER, SAFE, HUGE)])
    monkeypatch.setattr("sys.stdout", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe"), on))
    assert main(["diff", str(old), str(new)]) == 4  # the diff's own code
    monkeypatch.setattr("sys.stdout", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe"), on))
    assert main(["diff", str(old), str(new), "--fail-on", "never"]) == 1  # nothing to fail on, but the report was not read: as fastpath.run
    err = capsys.readouterr().err
    assert "error" not in err and "Broken pipe" not in err
    assert err.count("virt-apigen diff: 2 changes: 1 compatible, 0 source-breaking, 1 ABI-breaking\n") == 2  # the summary still goes to stderr


@pytest.mark.parametrize("on", ["write", "flush"])
def test_full_disk_says_the_report_could_not_be_written(tmp_path: Path, on: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    old = _edited(TREE, tmp_path / "old", [])
    monkeypatch.setattr("sys.stdout", _Failing(OSError(errno.ENOSPC, "No space left on device"), on))
    assert main(["diff", str(old), str(old), "--format", "json"]) == 1
    assert capsys.readouterr().err == "virt-apigen: error: cannot write the report: No space left on device\n"


# --- 9. a side holding only some modules ---------------------------------------------------------


def _modules(*names: str) -> Api:
    def module(name: str) -> Module:
        run = Function(f"{name}Run", "t", "t", "int", "", Ownership.NONE, (), "", "", "", None, False)
        return Module(name, (), (run,), (), (), (), (), (), (), ())

    return Api(tuple(module(name) for name in names))


def test_module_absent_from_a_list_of_files_is_not_compared() -> None:
    full, part = _modules("libvirt", "libvirt-qemu"), _modules("libvirt")
    changes = diff(full, part, complete=(True, False))
    assert [(c.module, c.kind, c.classification) for c in changes] == [("libvirt-qemu", "module-absent", Classification.COMPATIBLE)]
    assert changes[0].detail == "only in OLD: NEW, a list of files, has none of this module (not compared)"
    assert [c.detail.split(":")[0] for c in diff(part, full, complete=(False, True))] == ["only in NEW"]
    # a complete side (a tree, a folder): the module was removed for real
    assert _records(diff(full, part)) == {("function-removed", "libvirt-qemuRun", "ABI-breaking")}
    assert _records(diff(part, full, complete=(True, False))) == {("function-added", "libvirt-qemuRun", "compatible")}


def test_tree_against_one_installed_xml_file(libvirt_tree: Path, libvirt_api_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(libvirt_tree), str(libvirt_api_dir / "libvirt-api.xml")]) == 0
    out, err = capsys.readouterr()
    absent = [line for line in out.splitlines() if line.endswith("[module-absent]")]
    assert [line.split(": note: ")[1].split(":")[0] for line in absent] == ["libvirt-admin", "libvirt-lxc", "libvirt-qemu"]
    assert absent[2].startswith(f"  {libvirt_tree}/src/libvirt_qemu.syms:1:1: note: ")  # located in OLD, which has it
    assert "function-removed" not in out
    assert err.endswith("0 ABI-breaking; 3 modules on one side only, not compared\n")
    # a folder is complete: the module missing from it was removed
    folder = tmp_path / "api"
    folder.mkdir()
    for name in ("libvirt-api.xml", "libvirt-admin-api.xml", "libvirt-lxc-api.xml"):
        shutil.copy(libvirt_api_dir / name, folder / name)
    assert main(["diff", str(libvirt_tree), str(folder)]) == 4
    assert "[function-removed]" in capsys.readouterr().out


def test_a_header_absent_from_a_list_of_files_is_not_compared(libvirt_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review: one header, its .syms and .c against the tree reported every function
    of the other headers removed (505 ABI-breaking): a list says nothing of them."""
    files = ",".join(str(libvirt_tree / name) for name in (
        "include/libvirt/libvirt-domain-checkpoint.h", "src/libvirt_public.syms", "src/libvirt-domain-checkpoint.c",
    ))  # fmt: skip
    assert main(["diff", str(libvirt_tree), files]) == 0
    out, err = capsys.readouterr()
    notes = [line for line in out.splitlines() if line.endswith("[header-absent]")]
    assert len(notes) == 13
    assert notes[0] == (
        f"  {libvirt_tree}/include/libvirt/libvirt-common.h.in:1:1: note: libvirt-common: "
        "only in OLD: NEW, a list of files, lacks this header (not compared) [header-absent]"
    )
    assert "-removed]" not in out
    assert err.endswith("0 ABI-breaking; 3 modules on one side only, not compared; 13 headers on one side only, not compared\n")
    # the list as OLD: the tree's other headers are not "added" either
    assert main(["diff", files, str(libvirt_tree)]) == 0
    out = capsys.readouterr().out
    reverse = [line for line in out.splitlines() if line.endswith("[header-absent]")]
    assert len(reverse) == 13 and all(": only in NEW: OLD, a list of files, lacks this header" in line for line in reverse)
    assert "-added]" not in out
