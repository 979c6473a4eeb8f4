"""virt-apigen diff's comparison rules: export facts, C type spelling, array sizes by value.

The cases ``tests/cases/diff-xml-no-versions`` (an XML made like libvirt
7.0.0's ``apibuild.py`` output against the tree it came from) and
``tests/cases/diff-array-size`` are also run as golden cases by
``tests/test_diff.py``; here their records are checked, and small edits of
their trees show what still breaks.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_diff import CASES, _edited, _records

from generator.apidiff import Change, Classification, Facts, diff
from generator.apidiff.compare import _Constants, _param_type_change, _same_type, _tokens
from generator.cli import main
from generator.frontend import load_files, load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import NOWHERE, Api, Field, Function, FuncType, Macro, Module, Param, Struct, Typedef, Variable

NO_VERSIONS = CASES / "diff-xml-no-versions"
ARRAY_SIZE = CASES / "diff-array-size"
HEADER = "include/libvirt/libvirt-t.h"
SYMS = "src/libvirt_public.syms"


def _xml(folder: Path) -> Api:
    return load_api_xml(sorted(str(p) for p in folder.glob("*.xml"))).api


def _export(tree: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> Api:
    assert main(["api", "--srcdir", str(tree), "-o", str(out)]) == 0
    capsys.readouterr()
    return _xml(out)


# --- 1. export facts only where both sides have them ------------------------------


def test_xml_without_versions_against_its_tree_is_empty_both_ways() -> None:
    """An apibuild.py 7.0.0-like XML has no version on any function: that is "unknown", not "not exported"."""
    xml, tree = _xml(NO_VERSIONS / "old"), load_tree(NO_VERSIONS / "new").api
    assert not any(f.version for m in xml.modules for f in m.functions)  # the case is what it claims
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []


def test_function_added_to_a_side_without_export_facts_says_so() -> None:
    xml, tree = _xml(NO_VERSIONS / "old"), load_tree(NO_VERSIONS / "new").api
    fewer = Api(tuple(replace(m, functions=tuple(f for f in m.functions if f.name != "virTListNames")) for m in tree.modules))
    added = [c for c in diff(fewer, xml, Facts.SOURCE, Facts.XML) if c.kind == "function-added"]
    assert [(c.symbol, c.detail, c.classification) for c in added] == [
        ("virTListNames", "export unknown (no .syms facts in NEW)", Classification.COMPATIBLE),
    ]
    added = [c for c in diff(fewer, tree) if c.kind == "function-added"]
    assert [(c.symbol, c.detail) for c in added] == [("virTListNames", "in 1.1.0")]


def test_a_real_unexport_is_still_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Between two trees, and from an XML that has versions (our own export), to a tree."""
    old = NO_VERSIONS / "new"
    dropped = _edited(old, tmp_path / "dropped", [(SYMS, "        virTListNames;\n", "")])
    expected = {("function-unexported", "virTListNames", "ABI-breaking")}
    assert _records(diff(load_tree(old).api, load_tree(dropped).api)) == expected
    exported = _export(old, tmp_path / "xml", capsys)
    assert _records(diff(exported, load_tree(dropped).api, Facts.XML, Facts.SOURCE)) == expected
    assert main(["diff", str(old), str(dropped)]) == 4
    assert "no longer in the .syms file (was 1.1.0) [function-unexported]" in capsys.readouterr().out


def test_a_version_move_needs_facts_on_both_sides(tmp_path: Path) -> None:
    old = NO_VERSIONS / "new"
    to_1_1 = [(SYMS, "        virTRun;\n", ""), (SYMS, "        virTListNames;\n", "        virTListNames;\n        virTRun;\n")]
    moved = _edited(old, tmp_path / "moved", to_1_1)
    assert _records(diff(load_tree(old).api, load_tree(moved).api)) == {("version-moved", "virTRun", "ABI-breaking")}
    assert diff(_xml(NO_VERSIONS / "old"), load_tree(moved).api, Facts.XML, Facts.SOURCE) == []


def test_cli_xml_without_versions_exits_0(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NO_VERSIONS)
    assert main(["diff", "old", "new"]) == 0
    assert main(["diff", "new", "old"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.count("0 changes") == 2


# --- 2. C types as tokens ----------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("char ** *", "char ***", True),
        ("const char*", "const char *", True),
        ("unsigned  long long", "unsigned long long", True),
        ("virDomainPtr**", "virDomainPtr **", True),
        ("char **", "char ***", False),
        ("unsigned int", "unsigned long", False),
        ("constchar *", "const char *", False),
    ],
)
def test_types_compare_as_tokens(old: str, new: str, same: bool) -> None:
    assert _same_type(old, new) is same


RUN = "int virTRun(virTPtr t, const char *name, unsigned int flags);"


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ("char*", "const char *", Classification.COMPATIBLE),
        ("const char*", "char *", Classification.SOURCE),
        ("char ** *", "char **const*", Classification.COMPATIBLE),
        ("char*", "int *", Classification.ABI),
        ("int *", "long *", Classification.ABI),
    ],
)
def test_const_rule_of_a_parameter_ignores_spacing(tmp_path: Path, old: str, new: str, level: Classification) -> None:
    """The report on a parameter's type, however each side spaces it: the const rule where
    only ``const`` changed (docs/diff.md's table), ABI-breaking where more did."""
    base = _edited(OLD_TREE, tmp_path / "base", [(HEADER, RUN, RUN.replace("const char *name", f"{old} name"))])
    changes = _one(tmp_path, "new", [(HEADER, f"{old} name", f"{new} name")], base)
    assert [(kind, symbol, classification) for kind, symbol, classification, _ in changes] == [("param-type-changed", "virTRun", level)]


def _spaced(text: str) -> str:
    """The same C type, spelled with other spaces: every token two spaces apart."""
    return "  ".join(_tokens(text))


def _params(params: tuple[Param, ...]) -> tuple[Param, ...]:
    return tuple(replace(p, type=_spaced(p.type)) for p in params)


def _fields(fields: tuple[Field, ...] | None) -> tuple[Field, ...] | None:
    if fields is None:
        return None
    return tuple(replace(f, type=_spaced(f.type), union=_fields(f.union)) for f in fields)


def _respaced(module: Module) -> Module:
    def function(f: Function) -> Function:
        return replace(f, return_type=_spaced(f.return_type), params=_params(f.params))

    def functype(f: FuncType) -> FuncType:
        return replace(f, return_type=_spaced(f.return_type), params=_params(f.params))

    def typedef(t: Typedef) -> Typedef:
        return replace(t, type=_spaced(t.type))

    def variable(v: Variable) -> Variable:
        return replace(v, type=_spaced(v.type))

    def struct(s: Struct) -> Struct:
        return replace(s, fields=_fields(s.fields))

    return replace(
        module, functions=tuple(map(function, module.functions)), functypes=tuple(map(functype, module.functypes)),
        typedefs=tuple(map(typedef, module.typedefs)), variables=tuple(map(variable, module.variables)), structs=tuple(map(struct, module.structs)),
    )


def test_every_type_respaced_is_no_change(sample_tree: Path) -> None:
    """Return, parameter, callback, variable, typedef and field types, and the pairing of renames."""
    api = load_tree(sample_tree).api
    respaced = Api(tuple(map(_respaced, api.modules)))
    changed = [
        (f.type, g.type) for m, n in zip(api.modules, respaced.modules, strict=True)
        for f, g in zip((p for f in m.functions for p in f.params), (p for f in n.functions for p in f.params), strict=True) if f.type != g.type
    ]
    assert len(changed) > 20  # the edit did respell types
    assert diff(api, respaced) == []
    assert diff(respaced, api) == []


def test_a_real_type_change_is_still_reported() -> None:
    tree = load_tree(NO_VERSIONS / "new").api
    module = tree.modules[0]
    retyped = replace(module, functions=tuple(
        replace(f, params=tuple(replace(p, type="char **") if p.name == "names" else p for p in f.params)) for f in module.functions
    ))
    changes = diff(tree, Api((retyped,)))
    assert [(c.kind, c.symbol, c.classification, c.detail) for c in changes] == [
        ("param-type-changed", "virTListNames", Classification.ABI, "parameter 2 'names': char *** -> char **"),
    ]


# --- 3. array sizes by value -------------------------------------------------------


def test_array_size_respelled_with_the_same_value_is_compatible() -> None:
    changes = diff(load_tree(ARRAY_SIZE / "old").api, load_tree(ARRAY_SIZE / "new").api)
    assert [(c.kind, c.symbol, c.classification, c.detail) for c in changes] == [
        ("struct-changed", "virTInfo", Classification.COMPATIBLE,
         "array size respelled, same value: name: [VIR_T_NAME_LENGTH] -> [VIR_T_LABEL_LENGTH], both 80"),
    ]


def _struct_changes(changes: list[Change]) -> list[tuple[str, Classification, str]]:
    return [(c.symbol, c.classification, c.detail) for c in changes if c.kind == "struct-changed"]


def test_array_size_with_another_value_breaks_the_abi(tmp_path: Path) -> None:
    """Respelled to a macro of another value; or spelled the same, its macro's value changed."""
    old = ARRAY_SIZE / "old"
    smaller = _edited(ARRAY_SIZE / "new", tmp_path / "smaller", [(HEADER, "LABEL_LENGTH (79 + 1)", "LABEL_LENGTH (63 + 1)")])
    assert _struct_changes(diff(load_tree(old).api, load_tree(smaller).api)) == [(
        "virTInfo", Classification.ABI,
        "name: char name[VIR_T_NAME_LENGTH = 80] -> char name[VIR_T_LABEL_LENGTH = 64]",
    )]
    shrunk = _edited(old, tmp_path / "shrunk", [(HEADER, "# define VIR_T_NAME_LENGTH 80", "# define VIR_T_NAME_LENGTH 64")])
    assert _records(diff(load_tree(old).api, load_tree(shrunk).api)) == {
        ("struct-changed", "virTInfo", "ABI-breaking"), ("macro-value-changed", "VIR_T_NAME_LENGTH", "ABI-breaking"),
    }


def test_array_size_that_cannot_be_computed_compares_as_tokens(tmp_path: Path) -> None:
    old = ARRAY_SIZE / "old"
    unknown = _edited(old, tmp_path / "unknown", [(HEADER, "char name[VIR_T_NAME_LENGTH]", "char name[VIR_T_NOWHERE_LENGTH]")])
    assert _records(diff(load_tree(old).api, load_tree(unknown).api)) == {("struct-changed", "virTInfo", "ABI-breaking")}
    spaced = _edited(unknown, tmp_path / "spaced", [(HEADER, "char name[VIR_T_NOWHERE_LENGTH]", "char name[ VIR_T_NOWHERE_LENGTH ]")])
    assert diff(load_tree(unknown).api, load_tree(spaced).api) == []


def test_array_size_literal_against_macro(tmp_path: Path) -> None:
    old = ARRAY_SIZE / "old"
    literal = _edited(old, tmp_path / "literal", [(HEADER, "char name[VIR_T_NAME_LENGTH]", "char name[0x50]")])
    assert _struct_changes(diff(load_tree(old).api, load_tree(literal).api)) == [
        ("virTInfo", Classification.COMPATIBLE, "array size respelled, same value: name: [VIR_T_NAME_LENGTH] -> [0x50], both 80"),
    ]


def _macro_api(**bodies: str) -> Api:
    macros = tuple(Macro(name, "t", None, (), None, body, "", "") for name, body in sorted(bodies.items()))
    return Api((Module("libvirt", (), (), (), (), (), (), (), macros, ()),))


def test_constants() -> None:
    constants = _Constants(_macro_api(A="(256 + 1)", B="(A * 2) /* twice */", C="D", D="C", E="16ULL", F="(A / 2)", G="sizeof(int)"))
    assert constants.value("A") == 257
    assert constants.value("B") == 514
    assert constants.value("B - A") == 257
    assert constants.value("E << 1") == 32
    assert constants.value("C") is None  # defined through itself
    assert constants.value("F") == 128  # C's division, as the XML reader computes initializers
    assert constants.value("-F / 3") == -42  # truncated toward zero
    assert constants.value("G") is None  # sizeof is the target's
    assert constants.value("UNKNOWN + 1") is None


def test_constants_through_a_long_chain_need_no_recursion() -> None:
    """Each macro defined through the previous one, far deeper than Python's recursion limit."""
    chain = {"A0": "1", **{f"A{i}": f"A{i - 1}" for i in range(1, 5000)}}
    constants = _Constants(_macro_api(**chain, B="(A4999 + 1)", C="X1", **{f"X{i}": f"X{i + 1}" for i in range(1, 3000)}, X3000="C"))
    assert constants.value("B") == 2
    assert constants.value("A4999") == 1
    assert constants.value("C") is None  # a cycle thousands of macros long
    assert constants.value("X1500 + 1") is None


def test_diff_of_a_long_macro_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reviewer's case: it was a RecursionError traceback."""
    chain = "#define A0 1\n" + "".join(f"#define A{i} A{i - 1}\n" for i in range(1, 2000))
    end = "#endif /* LIBVIRT_T_H */"
    old = _edited(OLD_TREE, tmp_path / "old", [(HEADER, end, f"{chain}#define VIR_T_CHAIN A1999\n{end}")])
    new = _edited(ARRAY_SIZE / "new", tmp_path / "new", [(HEADER, end, f"{chain}#define VIR_T_CHAIN (A1999)\n{end}")])
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "compatible: VIR_T_CHAIN: respelled, same value: A1999 -> (A1999), both 1 [macro-value-changed]" in out


# --- 4. macro values, const levels, unions, field offsets, deprecation -------------

OLD_TREE = ARRAY_SIZE / "old"


def _one(tmp_path: Path, name: str, edits: list[tuple[str, str, str]], base: Path = OLD_TREE) -> list[tuple[str, str, Classification, str]]:
    edited = _edited(base, tmp_path / name, edits)
    return [(c.kind, c.symbol, c.classification, c.detail) for c in diff(load_tree(base).api, load_tree(edited).api)]


def test_macro_respelled_with_the_same_value_is_compatible(tmp_path: Path) -> None:
    """As an array size is; another value stays ABI-breaking."""
    assert _one(tmp_path, "bare", [(HEADER, "LABEL_LENGTH (79 + 1)", "LABEL_LENGTH 80")]) == [
        ("macro-value-changed", "VIR_T_LABEL_LENGTH", Classification.COMPATIBLE, "respelled, same value: (79 + 1) -> 80, both 80"),
    ]
    assert _one(tmp_path, "other", [(HEADER, "LABEL_LENGTH (79 + 1)", "LABEL_LENGTH 81")]) == [
        ("macro-value-changed", "VIR_T_LABEL_LENGTH", Classification.ABI, "(79 + 1) -> 81"),
    ]
    assert _one(tmp_path, "divided", [(HEADER, "LABEL_LENGTH (79 + 1)", "LABEL_LENGTH (160 / 2)")]) == [
        ("macro-value-changed", "VIR_T_LABEL_LENGTH", Classification.COMPATIBLE, "respelled, same value: (79 + 1) -> (160 / 2), both 80"),
    ]
    assert _one(tmp_path, "unknown", [(HEADER, "LABEL_LENGTH (79 + 1)", "LABEL_LENGTH (sizeof(char) * 80)")]) == [
        ("macro-value-changed", "VIR_T_LABEL_LENGTH", Classification.ABI, "(79 + 1) -> (sizeof(char) * 80)"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ("char *", "const char *", Classification.COMPATIBLE),  # first pointee level
        ("virT *", "const virT *", Classification.COMPATIBLE),
        ("char *", "char const *", Classification.COMPATIBLE),
        ("const char *", "char *", Classification.SOURCE),
        ("char **", "const char **", Classification.SOURCE),  # a constraint violation for callers passing char **
        ("char **", "const char * const *", Classification.SOURCE),  # fine in C++, still a C warning
        ("char **", "char * const *", Classification.COMPATIBLE),
        ("const char **", "char **", Classification.SOURCE),
        ("char *const", "char *", None),  # top-level const: not part of the function type
        ("char *", "char *const", None),
        ("const int", "int", None),
        ("int", "int const", None),
        ("const char * const", "const char *", None),
        ("const char *", "char * const", Classification.SOURCE),
        ("int", "long", Classification.ABI),
        ("char *", "char **", Classification.ABI),
    ],
)
def test_const_by_pointer_level(old: str, new: str, level: Classification | None) -> None:
    assert _param_type_change(old, new) is level


def test_top_level_const_on_a_parameter_is_no_change(tmp_path: Path) -> None:
    run = "int virTRun(virTPtr t, const char *name, unsigned int flags);"
    assert _one(tmp_path, "top", [(HEADER, run, "int virTRun(virTPtr const t, const char *const name, const unsigned int flags);")]) == []
    assert _one(tmp_path, "deeper", [(HEADER, run, "int virTRun(virTPtr t, const char *name, unsigned int *flags);")])[0][2] is Classification.ABI


UNION = "    int state; /* the state */\n"


def _union(*members: str) -> str:
    return "    union {\n" + "".join(f"        {m};\n" for m in members) + "    } value;\n"


def test_union_member_that_fits_keeps_the_layout(tmp_path: Path) -> None:
    other = "typedef struct _virTOther { int o; } virTOther;\ntypedef struct _virTInfo virTInfo;\n"
    union = (HEADER, UNION, _union("int i", "long long l", "char *s"))
    base = _edited(OLD_TREE, tmp_path / "base", [union, (HEADER, "typedef struct _virTInfo virTInfo;\n", other)])
    assert _one(tmp_path, "fits", [(HEADER, "        char *s;\n", "        char *s;\n        int b2;\n")], base) == [
        ("struct-changed", "virTInfo", Classification.COMPATIBLE, "union members added, layout kept: added int value.b2"),
    ]
    assert _one(tmp_path, "larger", [(HEADER, "        char *s;\n", "        char *s;\n        long double b2;\n")], base) == [
        ("struct-changed", "virTInfo", Classification.ABI, "added long double value.b2"),
    ]
    # a typedef's size is not known from the model: not assumed to fit (virTInfo itself, as before, is
    # no member of its own body: gcc's "field has incomplete type", which the frontend now refuses)
    assert _one(tmp_path, "typedef", [(HEADER, "        char *s;\n", "        char *s;\n        virTOther b2;\n")], base) == [
        ("struct-changed", "virTInfo", Classification.ABI, "added virTOther value.b2"),
    ]
    assert _one(tmp_path, "removed", [(HEADER, "        int i;\n", "")], base) == [
        ("struct-changed", "virTInfo", Classification.ABI, "removed int value.i"),
    ]
    assert _one(tmp_path, "retyped", [(HEADER, "        int i;\n", "        long i;\n")], base) == [
        ("struct-changed", "virTInfo", Classification.ABI, "value.i: int i -> long i"),
    ]


def test_union_member_aligned_more_than_the_union_breaks(tmp_path: Path) -> None:
    """Not larger than the union, but more aligned: the union's offset may move."""
    base = _edited(OLD_TREE, tmp_path / "base", [(HEADER, UNION, _union("char b[16]"))])
    assert _one(tmp_path, "aligned", [(HEADER, "        char b[16];\n", "        char b[16];\n        long l;\n")], base) == [
        ("struct-changed", "virTInfo", Classification.ABI, "added long value.l"),
    ]
    assert _one(tmp_path, "fits", [(HEADER, "        char b[16];\n", "        char b[16];\n        char c[sizeof(long)];\n")], base)[0][2] is (
        Classification.ABI  # a size that cannot be computed is not assumed to fit
    )


def test_a_field_name_at_another_offset_breaks_the_abi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two fields of one type renamed one slot up: the layout is kept, the meaning of an offset is not."""
    two = _edited(OLD_TREE, tmp_path / "two", [(HEADER, "int state; /* the state */\n", "int state; /* the state */\n    int count;\n")])
    shifted = _edited(two, tmp_path / "shifted", [(HEADER, "int state; /* the state */", "int flags; /* the state */"), (HEADER, "int count;", "int state;")])
    assert [(c.kind, c.classification, c.detail) for c in diff(load_tree(two).api, load_tree(shifted).api)] == [
        ("struct-changed", Classification.ABI, "renamed at the same offset: state -> flags, count -> state (state now at another offset)"),
        ("doc-changed", Classification.COMPATIBLE, "field state"),  # docs pair fields by name: NEW's state has none
    ]
    assert main(["diff", str(two), str(shifted), "--fail-on", "abi"]) == 4
    capsys.readouterr()
    assert _one(tmp_path, "renamed", [(HEADER, "int state; /* the state */", "int status; /* the state */")]) == [
        ("field-renamed", "virTInfo", Classification.SOURCE, "renamed at the same offset: state -> status"),
    ]


def test_backslash_spaces_newline_continues_a_macro(tmp_path: Path) -> None:
    continued = _one(tmp_path, "continued", [(HEADER, "# define VIR_T_LABEL_LENGTH (79 + 1)", "# define VIR_T_LABEL_LENGTH \\  \t\n    (79 + 1)")])
    assert continued == []
    base = _edited(OLD_TREE, tmp_path / "base", [(HEADER, "# define VIR_T_LABEL_LENGTH (79 + 1)", "# define VIR_T_LABEL_LENGTH \\ \n    (79 + 1)")])
    assert _one(tmp_path, "changed", [(HEADER, "    (79 + 1)", "    (79 + 2)")], base) == [
        ("macro-value-changed", "VIR_T_LABEL_LENGTH", Classification.ABI, "(79 + 1) -> (79 + 2)"),
    ]


def test_vir_deprecated_on_an_enum_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Between sources; an exported XML carries no VIR_DEPRECATED, so not against one."""
    marked = [(HEADER, "VIR_T_RUN_SAFE = (1 << 1),", "VIR_T_RUN_SAFE VIR_DEPRECATED = (1 << 1),")]
    assert _one(tmp_path, "marked", marked) == [("deprecated", "VIR_T_RUN_SAFE", Classification.COMPATIBLE, "now deprecated")]
    tree = load_tree(tmp_path / "marked").api
    member = next(m for m in tree.modules[0].members if m.name == "VIR_T_RUN_SAFE")
    assert (member.deprecated, member.expression, member.value) == (True, "(1 << 1)", 2)
    exported = _export(tmp_path / "marked", tmp_path / "xml", capsys)
    assert diff(exported, tree, Facts.XML, Facts.SOURCE) == []
    assert diff(tree, exported, Facts.SOURCE, Facts.XML) == []
    assert diff(load_tree(OLD_TREE).api, exported, Facts.SOURCE, Facts.XML) == []


def test_vir_deprecated_function_against_xml_is_not_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = "int virTRun(virTPtr t, const char *name, unsigned int flags);"
    marked = _edited(OLD_TREE, tmp_path / "marked", [(HEADER, run, "VIR_DEPRECATED " + run)])
    assert _records(diff(load_tree(OLD_TREE).api, load_tree(marked).api)) == {("deprecated", "virTRun", "compatible")}
    exported = _export(marked, tmp_path / "xml", capsys)
    assert diff(exported, load_tree(marked).api, Facts.XML, Facts.SOURCE) == []  # was a false "undeprecated"


@pytest.mark.parametrize("after_returns", ["free it.", "free it"])
def test_a_deprecated_paragraph_after_returns_is_read_alike_from_the_tree_and_its_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], after_returns: str
) -> None:
    """QA, session 26: after a Returns paragraph ending without a period, a blank line and
    "Deprecated: ..." made the function deprecated from sources, not from the XML (which
    holds the Returns paragraph on one line): the tree against its own export said
    "no longer deprecated"."""
    sample = Path(__file__).resolve().parent.parent / "generator" / "sample"
    source = "src/libvirt-domain-checkpoint.c"
    edit = (source, " * free it.\n *\n * Since: 5.6.0", f" * {after_returns}\n *\n * Deprecated: use virDomainCheckpointGetXMLDesc().\n *\n * Since: 5.6.0")
    marked = _edited(sample, tmp_path / "marked", [edit])
    tree = load_tree(marked).api
    [function] = [f for m in tree.modules for f in m.functions if f.name == "virDomainCheckpointGetName"]
    exported = _export(marked, tmp_path / "xml", capsys)
    [read_back] = [f for m in exported.modules for f in m.functions if f.name == "virDomainCheckpointGetName"]
    assert (function.deprecated, read_back.deprecated) == (True, True)
    assert diff(tree, exported, Facts.SOURCE, Facts.XML) == [] and diff(exported, tree, Facts.XML, Facts.SOURCE) == []
    deprecated = {("deprecated", "virDomainCheckpointGetName", "compatible")}
    assert _records(diff(load_tree(sample).api, tree)) & deprecated == deprecated
    assert _records(diff(_export(sample, tmp_path / "xml0", capsys), exported, Facts.XML, Facts.XML)) & deprecated == deprecated


_CYCLE_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
from generator.apidiff.compare import _Constants
from generator.model import Api, Macro, Module
bodies = {"ZA": "(1 || ZB)", "ZB": "ZA", "ZC": "(ZA + ZB)", "ZD": "(ZB || 1)"}
macros = tuple(Macro(name, "t", None, (), None, body, "", "") for name, body in sorted(bodies.items()))
constants = _Constants(Api((Module("libvirt", (), (), (), (), (), (), (), macros, ()),)))
print([constants.value(name) for name in ("ZC", "ZA", "ZB", "ZD")])
"""


def test_constants_on_a_cycle_are_the_same_whatever_the_hash_seed() -> None:
    """A short-circuit operator inside a cycle: the walk's order must not come from a set."""
    import os
    import subprocess
    import sys

    repo = str(Path(__file__).resolve().parent.parent)
    answers = {
        subprocess.run(
            [sys.executable, "-c", _CYCLE_SCRIPT, repo], env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in range(8)
    }
    assert answers == {"[None, None, None, None]\n"}  # was 2 or None for ZC, by seed


def _with_first_param_renamed(api: Api, function_name: str, new_name: str, new_type: str | None = None) -> Api:
    def edited(function: Function) -> Function:
        if function.name != function_name:
            return function
        first = replace(function.params[0], name=new_name, type=new_type or function.params[0].type)
        return replace(function, params=(first, *function.params[1:]))

    return replace(api, modules=tuple(replace(m, functions=tuple(edited(f) for f in m.functions)) for m in api.modules))


def test_an_unnamed_parameter_is_shown_as_such(sample_tree: Path) -> None:
    # libvirt's headers leave virStreamRecvHole's stream unnamed: a tree against its headers alone showed "stream -> ".
    api = load_tree(sample_tree).api
    unnamed = _with_first_param_renamed(api, "virDomainCheckpointGetParent", "")
    details = {(c.kind, c.detail) for c in diff(api, unnamed) if c.symbol == "virDomainCheckpointGetParent"}
    assert details == {("param-renamed", "parameter 1: checkpoint -> (unnamed)")}
    details = {(c.kind, c.detail) for c in diff(unnamed, _with_first_param_renamed(api, "virDomainCheckpointGetParent", "", "virDomainPtr"))
               if c.symbol == "virDomainCheckpointGetParent"}
    assert details == {("param-type-changed", "parameter 1: virDomainCheckpointPtr -> virDomainPtr")}


def test_headers_without_their_c_files_lose_no_since_and_no_deprecation(libvirt_tree: Path) -> None:
    # QA on 12.8.0: a tree against headers read alone reported 558 "Since: X -> (none)"
    # and virDomainCreateLinux "no longer deprecated"; the headers hold no function docs.
    folder = libvirt_tree / "include" / "libvirt"
    headers = load_files(sorted(str(p) for p in folder.glob("*.h")) + [str(folder / "libvirt-common.h.in")]).api
    tree = load_tree(libvirt_tree).api
    for old, new in ((tree, headers), (headers, tree)):
        kinds = {c.kind for c in diff(old, new)}
        assert not kinds & {"since-changed", "deprecated", "undeprecated"}, kinds
        assert "doc-changed" in kinds  # headers taken for a whole tree (not as the CLI reads a list): the docs gone show
    # as the CLI reads a list of files, its docs in the .c files it lacks are not compared (test_diff_unread_sources.py)
    for old, new, complete in ((tree, headers, (True, False)), (headers, tree, (False, True))):
        changes = diff(old, new, complete=complete)
        assert not {c.kind for c in changes} & {"since-changed", "deprecated", "undeprecated"}
        assert not [c for c in changes if c.kind == "doc-changed" and c.symbol in {f.name for m in tree.modules for f in m.functions}]
        assert "docs-absent" in {c.kind for c in changes}


def test_a_deprecation_attribute_counts_on_an_undocumented_side(sample_tree: Path) -> None:
    api = load_tree(sample_tree).api

    def edited(deprecated: bool, documented: bool) -> Api:
        def one(function: Function) -> Function:
            if function.name != "virDomainCheckpointGetParent":
                return function
            params = tuple(replace(p, doc=p.doc if documented else "") for p in function.params)
            description = ("Deprecated: use something else.\\n\\n" + function.description) if documented and deprecated else function.description
            if not documented:  # as a header read without its .c file: no text, no entries, no comment's place
                return replace(function, deprecated=deprecated, params=params, description="", return_doc="", doc_params=(), doc_location=NOWHERE)
            return replace(function, deprecated=deprecated, params=params, description=description)

        return replace(api, modules=tuple(replace(m, functions=tuple(one(f) for f in m.functions)) for m in api.modules))

    def kinds(old: Api, new: Api) -> set[str]:
        return {c.kind for c in diff(old, new) if c.symbol == "virDomainCheckpointGetParent" and c.kind.endswith("deprecated")}

    # the doc said so, the other side has no doc: unknown
    assert kinds(edited(True, True), edited(False, False)) == set()
    assert kinds(edited(False, False), edited(True, True)) == set()
    # the undocumented side carries VIR_DEPRECATED: it speaks
    assert kinds(edited(False, True), edited(True, False)) == {"deprecated"}
    # both documented: as before
    assert kinds(edited(True, True), edited(False, True)) == {"undeprecated"}


def test_a_doc_comment_holding_only_its_since_tag_is_a_doc(sample_tree: Path) -> None:
    # review: "no doc at all" once ignored the tag and the comment's place, and a real since-changed went unreported
    api = load_tree(sample_tree).api

    def tagged(since: str) -> Api:
        def one(function: Function) -> Function:
            if function.name != "virDomainCheckpointGetParent":
                return function
            assert function.doc_location.line > 0
            params = tuple(replace(p, doc="") for p in function.params)
            return replace(function, description="", return_doc="", doc_params=(), params=params, since=since)

        return replace(api, modules=tuple(replace(m, functions=tuple(one(f) for f in m.functions)) for m in api.modules))

    changes = [(c.kind, c.detail) for c in diff(tagged("5.6.0"), tagged("7.0.0")) if c.symbol == "virDomainCheckpointGetParent"]
    assert changes == [("since-changed", "Since: 5.6.0 -> 7.0.0")]


@pytest.mark.parametrize(("written", "shown"), [
    ("(1 << 3)", "1 << 3"), ("((5))", "5"), ("(1 << 31) << 31", "(1 << 31) << 31"), ("(a) | (b)", "(a) | (b)"),
    ("(((1)) + 2)", "((1)) + 2"), ("", ""), ("VIR_A", "VIR_A"),
])  # fmt: skip
def test_a_value_detail_drops_only_parentheses_around_the_whole_initializer(written: str, shown: str) -> None:
    """Review, session 26: ``str.strip("()")`` showed ``(1 << 31) << 31`` as ``1 << 31) << 31``."""
    from generator.apidiff.compare import _unparenthesized

    assert _unparenthesized(written) == shown
