"""``virt-apigen diff`` classifications QA found wrong, each on the small tree
of ``tests/cases/diff-layout`` (``virT``, ``virTPtr``, struct ``virTInfo``,
``virTRun``, ``virTGetInfo``, ``VIR_T_NAME_LENGTH``), asserting the report
lines and the exit code:

1. a variable dropped from ``.syms`` or moved to another block was no change
   (now ``variable-unexported`` / ``version-moved``, ABI-breaking);
2. ``const``-only changes of a return type, struct field or callback were
   ABI-breaking (now source-breaking at most, see docs/diff.md's table);
3. a prototype removed while ``.syms`` still exports it was ABI-breaking
   (now source-breaking);
4. union members of one type swapped were "now at another offset",
   ABI-breaking (now a union reorder, source-breaking);
5. a retargeted pointer typedef was also a ``param-type-changed`` of every
   parameter using it, spelled the same both sides (now only
   ``typedef-changed``), and a typedef of a basic type is that type;
6. a macro defined as another one whose value changed was no change (now
   ``macro-value-changed``, following it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diff_support import FIELDS, HEADER, TREE
from test_diff import _edited

from generator.apidiff import Change, Classification, Facts, diff
from generator.cli import main
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml

A, S, C = Classification.ABI, Classification.SOURCE, Classification.COMPATIBLE
SYMS = "src/libvirt_public.syms"
END = "#endif /* LIBVIRT_T_H */"
RUN_SYMS = "        virTRun;\n"
INFO_SYMS = "        virTGetInfo;\n"
GET_INFO = "int virTGetInfo(virTPtr t, virTInfo *info, unsigned int flags);"

Edits = list[tuple[str, str, str]]


def _sides(tmp_path: Path, old: Edits, new: Edits) -> tuple[Path, Path]:
    return _edited(TREE, tmp_path / "old", old), _edited(TREE, tmp_path / "new", new)


def _run(old: Path, new: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """The exit code and the report lines (module headers and summary included)."""
    status = main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    return status, [*out.splitlines(), err.splitlines()[-1]]


def _at(tree: Path, needle: str, name: str, file: str = HEADER) -> str:
    """Where the report places ``name``: the line of ``tree/file`` holding ``needle``, at ``name``."""
    path = tree / file
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{path}:{number}:{line.index(name) + 1}"
    raise AssertionError(needle)


def _summary(compatible: int, source: int, abi: int) -> str:
    total = compatible + source + abi
    return f"virt-apigen diff: {total} change{'' if total == 1 else 's'}: {compatible} compatible, {source} source-breaking, {abi} ABI-breaking"


def _records(tmp_path: Path, old: Edits, new: Edits) -> list[tuple[str, str, Classification, str]]:
    before, after = _sides(tmp_path, old, new)
    return [(c.kind, c.symbol, c.classification, c.detail) for c in _breaking(diff(load_tree(before).api, load_tree(after).api))]


def _breaking(changes: list[Change]) -> list[Change]:
    """Changes but doc and Since: ones (the edits add undocumented symbols)."""
    return [c for c in changes if c.kind not in ("doc-changed", "since-changed")]


# --- 1. a variable's .syms export --------------------------------------------------------------

VARIABLE = (
    "/**\n * virTDefault:\n *\n * The default object.\n *\n * Since: 1.0.0\n */\n"
    "extern virTPtr virTDefault;\n\n" + END
)
DECLARED = [(HEADER, END, VARIABLE)]
EXPORTED = [*DECLARED, (SYMS, RUN_SYMS, RUN_SYMS + "        virTDefault;\n")]


def test_variable_dropped_from_syms_is_abi_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, EXPORTED, DECLARED)
    assert _run(old, new, capsys) == (4, [
        "libvirt:",
        # OLD's .syms entry, the line NEW dropped (its prototype did not change)
        f"  {_at(old, 'virTDefault;', 'virTDefault', SYMS)}: ABI-breaking: virTDefault: no longer in the .syms file (was 1.0.0) [variable-unexported]",
        _summary(0, 0, 1),
    ])


def test_variable_exported_is_compatible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, DECLARED, EXPORTED)
    assert _run(old, new, capsys) == (0, [
        "libvirt:",
        f"  {_at(new, 'virTDefault;', 'virTDefault', SYMS)}: compatible: virTDefault: now exported in 1.0.0 [variable-exported]",  # NEW's .syms entry
        _summary(1, 0, 0),
    ])


def test_variable_moved_to_another_syms_block_is_abi_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = [*DECLARED, (SYMS, INFO_SYMS, INFO_SYMS + "        virTDefault;\n")]
    old, new = _sides(tmp_path, EXPORTED, later)
    assert _run(old, new, capsys) == (4, [
        "libvirt:",
        f"  {_at(new, 'virTDefault;', 'virTDefault', SYMS)}: ABI-breaking: virTDefault: .syms block 1.0.0 -> 1.1.0 [version-moved]",  # NEW's .syms entry
        _summary(0, 0, 1),
    ])


def test_variable_declaration_removed_but_still_exported_is_source_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, EXPORTED, [(SYMS, RUN_SYMS, RUN_SYMS + "        virTDefault;\n")])
    status, lines = _run(old, new, capsys)
    assert (status, lines) == (3, [
        "libvirt:",
        f"  {_at(old, 'extern virTPtr virTDefault', 'virTDefault')}: source-breaking: virTDefault:"
        " virTPtr; prototype gone, still exported in 1.0.0: built binaries still link [variable-removed]",
        _summary(0, 1, 0),
    ])


def test_variable_exports_against_xml_are_not_compared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An exported XML lists no .syms symbols: a variable's export is unknown there, not dropped
    (the tree's side has a version for it, the XML's none).  The XML is made from OLD itself: a
    tree declaring a variable its .syms file leaves out is an error (syms-missing), no XML."""
    old, new = _sides(tmp_path, EXPORTED, DECLARED)
    assert main(["api", "--srcdir", str(new), "-o", str(tmp_path / "refused")]) == 1
    assert "[syms-missing]" in capsys.readouterr().err
    assert main(["api", "--srcdir", str(old), "-o", str(tmp_path / "xml")]) == 0
    capsys.readouterr()
    xml = load_api_xml(sorted(str(p) for p in (tmp_path / "xml").glob("*.xml"))).api
    assert diff(load_tree(old).api, xml, Facts.SOURCE, Facts.XML) == []


# --- 2. const only: never ABI-breaking -----------------------------------------------------------

NAME_DOC = "/**\n * virTName:\n * @t: the object\n *\n * Its name.\n *\n * Returns the name.\n *\n * Since: 1.0.0\n */\n"


def _returning(type_: str) -> Edits:
    return [(HEADER, END, f"{NAME_DOC}{type_} virTName(virTPtr t);\n\n{END}"), (SYMS, RUN_SYMS, RUN_SYMS + "        virTName;\n")]


def test_return_type_gaining_const_is_source_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, _returning("char *"), _returning("const char *"))
    assert _run(old, new, capsys) == (3, [
        "libvirt:",
        f"  {_at(new, 'virTName(virTPtr t)', 'virTName')}: source-breaking: virTName:"
        " returns const char * instead of char * (only const changed) [return-type-changed]",
        _summary(0, 1, 0),
    ])


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ("const char *", "char *", C),  # `const char *s = virTName(t)` still builds
        ("char *", "char * const", None),  # a top-level const means nothing on a value
        ("char * const", "char *", None),
        ("char **", "char * const *", S),
        ("char * const *", "char **", C),
        ("char **", "const char **", S),
        ("const char **", "char **", S),  # deeper: incompatible pointers either way
        ("char *", "int *", A),
    ],
)
def test_return_type_const_rule(tmp_path: Path, old: str, new: str, level: Classification | None) -> None:
    records = _records(tmp_path, _returning(old), _returning(new))
    only = "" if level is A else " (only const changed)"
    assert records == ([] if level is None else [("return-type-changed", "virTName", level, f"returns {new} instead of {old}{only}")])


def _field(declaration: str) -> Edits:
    return [(HEADER, FIELDS, f"{FIELDS}    {declaration}; /* the label */\n")]


@pytest.mark.parametrize(
    ("old", "new"),
    [("char *label", "const char *label"), ("const char *label", "char *label"), ("char *label", "char * const label"), ("char **label", "const char **label")],
)
def test_struct_field_const_only_is_source_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str) -> None:
    before, after = _sides(tmp_path, _field(old), _field(new))
    spelled = [re.sub(r"\s*label$", " label", declaration) for declaration in (old, new)]
    field = _at(after, "label; /* the label */", "label;")  # the field, not the struct's typedef
    assert _run(before, after, capsys) == (3, [
        "libvirt:",
        f"  {field}: source-breaking: virTInfo: only const changed, layout kept: label: {spelled[0]} -> {spelled[1]} [struct-changed]",
        _summary(0, 1, 0),
    ])


def test_struct_field_const_with_a_layout_change_stays_abi_breaking(tmp_path: Path) -> None:
    """The detail names the const change too."""
    records = _records(tmp_path, _field("char *label"), [(HEADER, FIELDS, f"{FIELDS}    const char *label; /* l */\n    int more; /* m */\n")])
    assert records == [("struct-changed", "virTInfo", A, "label: char * label -> const char * label; added int more")]


CALLBACK_DOC = "/**\n * virTCallback:\n * @info: the facts\n * @opaque: user data\n *\n * Called with facts.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"


def _callback(params: str, returns: str = "int") -> Edits:
    return [(HEADER, GET_INFO, f"{GET_INFO}\n\n{CALLBACK_DOC}typedef {returns} (*virTCallback)({params}, void *opaque);")]


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ("virTInfo *info", "const virTInfo *info", S),  # the application's function no longer has the pointer's type
        ("const virTInfo *info", "virTInfo *info", S),
        ("virTInfo *info", "virTInfo * const info", None),  # top-level: not part of the type
        ("virTInfo *info", "virTInfo **info", A),
    ],
)
def test_callback_param_const_rule(tmp_path: Path, old: str, new: str, level: Classification | None) -> None:
    records = _records(tmp_path, _callback(old), _callback(new))
    if level is None:
        assert records == []
        return
    types = [re.sub(r"\s*info$", "", p) for p in (old, new)]
    only = "" if level is A else " (only const changed)"
    assert records == [("callback-changed", "virTCallback", level, f"int ({types[0]}, void *) -> int ({types[1]}, void *){only}")]


def test_callback_return_const_rule(tmp_path: Path) -> None:
    assert _records(tmp_path / "a", _callback("virTInfo *info", "char *"), _callback("virTInfo *info", "const char *")) == [
        ("callback-changed", "virTCallback", S, "char * (virTInfo *, void *) -> const char * (virTInfo *, void *) (only const changed)"),
    ]
    assert _records(tmp_path / "b", _callback("virTInfo *info", "char *"), _callback("virTInfo *info", "char * const")) == []


# --- 3. a prototype removed, still exported ------------------------------------------------------------


def test_prototype_removed_but_still_exported_is_source_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, [], [(HEADER, GET_INFO, "")])
    status, lines = _run(old, new, capsys)
    assert (status, lines) == (3, [
        "libvirt:",
        f"  {_at(old, GET_INFO, 'virTGetInfo')}: source-breaking: virTGetInfo: removed: int virTGetInfo(virTPtr, virTInfo *, unsigned int);"
        " prototype gone, still exported in 1.1.0: built binaries still link [function-removed]",
        _summary(0, 1, 0),
    ])


def test_prototype_removed_and_unexported_is_abi_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, [], [(HEADER, GET_INFO, ""), (SYMS, INFO_SYMS, "")])
    assert _run(old, new, capsys) == (4, [
        "libvirt:",
        f"  {_at(old, GET_INFO, 'virTGetInfo')}: ABI-breaking: virTGetInfo:"
        " removed (was in .syms block 1.1.0; NEW exports nothing from it): int virTGetInfo(virTPtr, virTInfo *, unsigned int) [function-removed]",
        _summary(0, 0, 1),
    ])


def test_rename_keeping_the_old_name_exported_is_source_breaking(tmp_path: Path) -> None:
    renamed = [(HEADER, GET_INFO, GET_INFO.replace("virTGetInfo", "virTGetInfos")), (SYMS, INFO_SYMS, INFO_SYMS + "        virTGetInfos;\n")]
    assert _records(tmp_path, [], renamed) == [
        ("function-renamed", "virTGetInfo", S, "now virTGetInfos (same signature); prototype gone, still exported in 1.1.0: built binaries still link"),
    ]


def test_prototype_removed_from_an_xml_new_stays_abi_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An XML's <exports> are the header's declarations, not the .syms file: nothing says it is still exported."""
    old = _edited(TREE, tmp_path / "old", [])
    assert main(["api", "--srcdir", str(old), "-o", str(tmp_path / "xml")]) == 0
    capsys.readouterr()
    path = tmp_path / "xml" / "libvirt-api.xml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"\s*<function name='virTGetInfo'.*?</function>|\s*<exports symbol='virTGetInfo' type='function'/>", "", text, flags=re.S)
    assert count == 2
    path.write_text(text, encoding="utf-8")
    changes = diff(load_tree(old).api, load_api_xml([str(path)]).api, Facts.SOURCE, Facts.XML)
    assert [(c.kind, c.symbol, c.classification) for c in changes] == [("function-removed", "virTGetInfo", A)]


# --- 4. union members of one type swapped -------------------------------------------------------------


def _union(members: str) -> Edits:
    return [(HEADER, FIELDS, f"{FIELDS}    union {{\n{members}    }} u; /* a value */\n")]


ONE_TYPE = "        int i; /* an int */\n        int j; /* another */\n        long l; /* a long */\n"


def test_union_members_of_one_type_swapped_are_a_reorder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    swapped = "        int j; /* another */\n        int i; /* an int */\n        long l; /* a long */\n"
    old, new = _sides(tmp_path, _union(ONE_TYPE), _union(swapped))
    assert _run(old, new, capsys) == (3, [
        "libvirt:",
        f"  {_at(new, '} u; /* a value */', 'u;')}: source-breaking: virTInfo:"
        " u members reordered: i, j, l -> j, i, l (layout kept: a union's members are all at offset 0) [struct-changed]",
        _summary(0, 1, 0),
    ])


def test_union_member_renamed_is_field_renamed(tmp_path: Path) -> None:
    renamed = ONE_TYPE.replace("int i;", "int k;")
    assert _records(tmp_path, _union(ONE_TYPE), _union(renamed)) == [("field-renamed", "virTInfo", S, "renamed at the same offset: u.i -> u.k")]


def test_struct_fields_of_one_type_swapped_stay_abi_breaking(tmp_path: Path) -> None:
    fields = "    int state; /* the state */\n    int count; /* a count */\n"
    swapped = "    int count; /* a count */\n    int state; /* the state */\n"
    assert _records(tmp_path, [(HEADER, FIELDS, fields)], [(HEADER, FIELDS, swapped)]) == [
        ("struct-changed", "virTInfo", A, "renamed at the same offset: state -> count, count -> state (count, state now at another offset)"),
    ]


# --- 5. a retargeted typedef is reported once; a typedef of a basic type is that type --------------------


USERS = [
    (HEADER, FIELDS, f"{FIELDS}    virTPtr owner; /* its owner */\n"),
    *_callback("virTPtr t"),
]


def test_retargeted_pointer_typedef_is_only_typedef_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """virTRun, virTGetInfo, virTInfo.owner and virTCallback all use virTPtr, spelled the same both sides."""
    retargeted = [(HEADER, "typedef virT *virTPtr;", "typedef char *virTPtr;"), *USERS]
    old, new = _sides(tmp_path, USERS, retargeted)
    assert _run(old, new, capsys) == (4, [
        "libvirt:",
        f"  {_at(new, 'typedef char *virTPtr;', 'virTPtr')}: ABI-breaking: virTPtr: virT * -> char * [typedef-changed]",
        _summary(0, 0, 1),
    ])


FLAGS_TYPEDEF = "typedef virT *virTPtr;\n\ntypedef unsigned int virTFlags;"


def test_basic_typedef_is_its_type(tmp_path: Path) -> None:
    """``unsigned int flags`` -> ``virTFlags flags``, virTFlags being ``unsigned int``: the same C type."""
    typedef = (HEADER, "typedef virT *virTPtr;", FLAGS_TYPEDEF)
    spelled = (HEADER, GET_INFO, GET_INFO.replace("unsigned int flags", "virTFlags flags"))
    assert _records(tmp_path / "a", [typedef], [typedef, spelled]) == []
    assert _records(tmp_path / "b", [typedef, spelled], [typedef]) == []
    # its target changed: the typedef says so, once
    wider = (HEADER, "typedef virT *virTPtr;", FLAGS_TYPEDEF.replace("unsigned int", "unsigned long"))
    assert _records(tmp_path / "c", [typedef, spelled], [wider, spelled]) == [("typedef-changed", "virTFlags", A, "unsigned int -> unsigned long")]


# --- 6. a macro following another --------------------------------------------------------------------

NAME_LENGTH = "# define VIR_T_NAME_LENGTH 80"
FOLLOWERS = f"{NAME_LENGTH}\n# define VIR_T_LABEL_LENGTH VIR_T_NAME_LENGTH\n# define VIR_T_TWICE (VIR_T_LABEL_LENGTH * 2)"


def test_macro_following_a_changed_macro_is_value_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _sides(tmp_path, [(HEADER, NAME_LENGTH, FOLLOWERS)], [(HEADER, NAME_LENGTH, FOLLOWERS.replace(" 80", " 64"))])
    assert _run(old, new, capsys) == (4, [
        "libvirt:",
        f"  {_at(new, '# define VIR_T_LABEL_LENGTH', 'VIR_T_LABEL_LENGTH')}: ABI-breaking: VIR_T_LABEL_LENGTH:"
        " 80 -> 64 (follows VIR_T_NAME_LENGTH; body VIR_T_NAME_LENGTH unchanged) [macro-value-changed]",
        f"  {_at(new, '# define VIR_T_NAME_LENGTH', 'VIR_T_NAME_LENGTH')}: ABI-breaking: VIR_T_NAME_LENGTH: 80 -> 64 [macro-value-changed]",
        f"  {_at(new, '# define VIR_T_TWICE', 'VIR_T_TWICE')}: ABI-breaking: VIR_T_TWICE:"
        " 160 -> 128 (follows VIR_T_LABEL_LENGTH; body (VIR_T_LABEL_LENGTH * 2) unchanged) [macro-value-changed]",
        _summary(0, 0, 3),
    ])


def test_macro_following_a_respelled_macro_is_no_change(tmp_path: Path) -> None:
    respelled = FOLLOWERS.replace(" 80", " (79 + 1)")
    assert _records(tmp_path, [(HEADER, NAME_LENGTH, FOLLOWERS)], [(HEADER, NAME_LENGTH, respelled)]) == [
        ("macro-value-changed", "VIR_T_NAME_LENGTH", C, "respelled, same value: 80 -> (79 + 1), both 80"),
    ]
