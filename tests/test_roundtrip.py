"""Round trips through the libvirt-api.xml reader.

``render(read(render(api))) == render(api)`` byte for byte, plus model-level
equality on everything the XML carries, for the sample tree, libvirt 9.0.0
(``.cache/libvirt-9.0.0``), a handcrafted file, and libvirt's own
``/usr/share/libvirt/api`` files.  The libvirt inputs are skipped when missing,
except under ``CI=true`` where a missing input fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import exported_from, without_source_line
from frontend_support import unnamed_param_header

from generator.backends import apixml
from generator.frontend import FrontendError, load_files, load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import (
    Api,
    Enum_,
    EnumMember,
    Field,
    Function,
    FuncType,
    Macro,
    Module,
    Ownership,
    Param,
    Struct,
    Typedef,
    Variable,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
LIBVIRT_TREE = REPO / ".cache" / "libvirt-9.0.0"
LIBVIRT_API_DIR = Path("/usr/share/libvirt/api")
T = TypeVar("T")
KINDS = ("headers", "functions", "functypes", "enums", "members", "typedefs", "structs", "macros", "variables")


def require(path: Path, what: str) -> None:
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing at {path} and CI=true")
    pytest.skip(f"{what} not available at {path}")


def write(files: dict[str, str], folder: Path) -> list[str]:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def round_trip(api: Api, folder: Path) -> Api:
    """Render, read back, render again: every file must come back byte for
    byte, but for the line naming what it was generated from (now the XML file)."""
    exported = apixml.render(api)
    result = load_api_xml(write(exported, folder))
    assert result.diagnostics == []
    again = apixml.render(result.api)
    assert sorted(again) == sorted(exported)
    for name, text in exported.items():
        assert exported_from(again[name], name) == without_source_line(text), f"{name} differs after the round trip"
    return result.api


# --- model-level equality on what the XML carries --------------------------


def one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.split("\n"))


def fields_of(fields: tuple[Field, ...] | None) -> object:
    if fields is None:
        return None
    return [(f.name, f.type, f.array_size, f.doc, fields_of(f.union)) for f in fields]


def same_params(a: tuple[Param, ...], b: tuple[Param, ...]) -> bool:
    return [(p.name, p.type, p.doc) for p in a] == [(p.name, p.type, p.doc) for p in b]


def assert_same_function(a: Function, b: Function) -> None:
    assert (b.return_type, b.version, b.module, b.header, b.description) == (a.return_type, a.version, a.module, a.header, a.description), a.name
    assert same_params(a.params, b.params), a.name
    # The XML has no doc-comment "Since:" for functions: since is read as the version.
    assert b.since == b.version
    # A void function's return doc is not exported; others are joined on one line.
    assert b.return_doc == ("" if a.return_type == "void" else one_line(a.return_doc)), a.name
    assert (b.ownership, b.flags_enums) == (a.ownership, a.flags_enums), a.name


def assert_same_functype(a: FuncType, b: FuncType) -> None:
    assert (b.return_type, b.header, b.since, b.description) == (a.return_type, a.header, a.since, a.description), a.name
    assert same_params(a.params, b.params) and b.return_doc == ("" if a.return_type == "void" else one_line(a.return_doc)), a.name


def assert_same_member(a: EnumMember, b: EnumMember) -> None:
    assert (b.value, b.enum, b.header, b.since, b.doc, b.sentinel) == (a.value, a.enum, a.header, a.since, a.doc, a.sentinel), a.name


def assert_same_enum(a: Enum_, b: Enum_) -> None:
    # Members come back by value, then release, then name: the header's order only mostly.
    assert (b.header, b.since, sorted(b.members), b.doc) == (a.header, a.since, sorted(a.members), apixml.type_doc(a.doc)), a.name


def assert_same_typedef(a: Typedef, b: Typedef) -> None:
    assert (b.header, b.type, b.since, b.doc) == (a.header, a.type, a.since, apixml.type_doc(a.doc)), a.name


def assert_same_struct(a: Struct, b: Struct) -> None:
    assert (b.header, b.tag, b.since, b.body_header) == (a.header, a.tag, a.since, a.body_header), a.name
    assert fields_of(b.fields) == fields_of(a.fields), a.name


def assert_same_macro(a: Macro, b: Macro) -> None:
    assert (b.raw, b.string, b.params, b.since, b.header) == (a.raw, a.string, a.params, a.since, a.header), a.name
    assert [(p.name, p.doc) for p in b.param_docs] == [(p.name, p.doc) for p in a.param_docs], a.name  # locations differ by nature
    assert b.doc == apixml.one_line(a.doc), a.name


def assert_same_variable(a: Variable, b: Variable) -> None:
    assert (b.type, b.header, b.since, b.doc) == (a.type, a.header, a.since, a.doc), a.name


def pairwise(a: tuple[T, ...], b: tuple[T, ...], check: Callable[[T, T], None]) -> None:
    for x, y in zip(a, b, strict=True):
        check(x, y)


def assert_same_module(original: Module, read: Module) -> None:
    assert read.name == original.name
    assert read.syms_file == original.syms_file
    for kind in KINDS:
        assert [x.name for x in getattr(read, kind)] == [x.name for x in getattr(original, kind)], kind
    assert [(h.summary, h.description) for h in read.headers] == [(h.summary, h.description) for h in original.headers]
    pairwise(original.functions, read.functions, assert_same_function)
    pairwise(original.functypes, read.functypes, assert_same_functype)
    pairwise(original.members, read.members, assert_same_member)
    pairwise(original.enums, read.enums, assert_same_enum)
    pairwise(original.typedefs, read.typedefs, assert_same_typedef)
    pairwise(original.structs, read.structs, assert_same_struct)
    pairwise(original.macros, read.macros, assert_same_macro)
    pairwise(original.variables, read.variables, assert_same_variable)


def assert_same_api(original: Api, read: Api) -> None:
    assert [m.name for m in read.modules] == [m.name for m in original.modules]
    for a, b in zip(original.modules, read.modules, strict=True):
        assert_same_module(a, b)


def assert_aliases_agree(original: Api, read: Api) -> None:
    """The same members are aliases of each other; which one is canonical may differ.

    Of two members spelled with the same number (``ROOTS`` and ``DESCENDANTS``,
    both ``1 << 0``) the header's order picks the canonical one; the XML sorts
    members by name, so the reader picks the older release, else the one first by name.
    """

    def pairs(api: Api) -> set[frozenset[str]]:
        return {frozenset({m.name, m.alias_of}) for module in api.modules for m in module.members if m.alias_of}

    assert pairs(read) == pairs(original)


# --- 1. the sample tree and a handcrafted file ------------------------------


def test_sample_round_trip(tmp_path: Path) -> None:
    original = load_tree(SAMPLE).api
    read = round_trip(original, tmp_path)
    assert_same_api(original, read)
    assert_aliases_agree(original, read)
    function = read.modules[0].function("virDomainCheckpointCreateXML")
    assert function is not None and function.location.file.endswith("libvirt-api.xml") and function.location.line > 0


HANDCRAFTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by virt-apigen from src/libvirt_public.syms, include/libvirt/*.h; do not edit -->
<api name='libvirt'>
  <files>
    <file name='libvirt-demo'>
     <summary>a handcrafted header</summary>
     <description>Exercises what the sample lacks &amp; a little more.</description>
     <exports symbol='VIR_DEMO_NAME' type='macro'/>
     <exports symbol='VIR_DEMO_SIZE' type='macro'/>
     <exports symbol='VIR_DEMO_A' type='enum'/>
     <exports symbol='VIR_DEMO_B' type='enum'/>
     <exports symbol='VIR_DEMO_BB' type='enum'/>
     <exports symbol='VIR_DEMO_C' type='enum'/>
     <exports symbol='VIR_DEMO_LAST' type='enum'/>
     <exports symbol='virDemo' type='typedef'/>
     <exports symbol='virDemoFlags' type='typedef'/>
     <exports symbol='virDemoParam' type='typedef'/>
     <exports symbol='virDemoPtr' type='typedef'/>
     <exports symbol='_virDemoParam' type='struct'/>
     <exports symbol='virDemoDefault' type='variable'/>
     <exports symbol='virDemoCallback' type='function'/>
     <exports symbol='virDemoOpen' type='function'/>
    </file>
  </files>
  <symbols>
    <macro name='VIR_DEMO_NAME' file='libvirt-demo' string='demo' version='1.0.0'>
      <info><![CDATA[The demo's name.]]></info>
    </macro>
    <macro name='VIR_DEMO_SIZE' file='libvirt-demo' params='n,m' raw='((n) * (m) &lt; 2)'>
      <info><![CDATA[Whether @n times @m is small.]]></info>
      <arg name='n' info='how many'/>
      <arg name='m'/>
    </macro>
    <enum name='VIR_DEMO_A' file='libvirt-demo' value='1' value_hex='0x1' value_bitshift='0' type='virDemoFlags' version='1.0.0' info='the first flag,
documented on two lines'/>
    <enum name='VIR_DEMO_B' file='libvirt-demo' value='VIR_DEMO_A' type='virDemoFlags' version='1.0.0' info='same as &lt;A&gt;'/>
    <enum name='VIR_DEMO_BB' file='libvirt-demo' type='virDemoFlags'/>
    <enum name='VIR_DEMO_C' file='libvirt-demo' value='4' value_hex='0x4' type='virDemoFlags' version='1.1.0' info='four'/>
    <enum name='VIR_DEMO_LAST' file='libvirt-demo' value='5' value_hex='0x5' type='virDemoFlags' version='1.1.0'/>
    <struct name='virDemo' file='libvirt-demo' type='struct _virDemo'/>
    <typedef name='virDemoFlags' file='libvirt-demo' type='enum' version='1.0.0'>
      <info><![CDATA[Flags for virDemoOpen.]]></info>
    </typedef>
    <struct name='virDemoParam' file='libvirt-demo' type='struct _virDemoParam' version='1.0.0'>
      <field name='field' type='char field[VIR_DEMO_FIELD_LENGTH]' info='parameter name'/>
      <field name='value' type='union' info='parameter value'>
        <union>
          <field name='i' type='int' info='an int'/>
          <field name='s' type='char *' info='a string,
never NULL'/>
        </union>
      </field>
      <field name='next' type='virDemoParam *' info=''/>
    </struct>
    <typedef name='virDemoPtr' file='libvirt-demo' type='virDemo *' version='1.0.0'/>
    <variable name='virDemoDefault' file='libvirt-demo' type='virDemoPtr' version='1.0.0'>
      <info><![CDATA[The default demo.  It spans
 two lines.]]></info>
    </variable>
    <functype name='virDemoCallback' file='libvirt-demo' module='libvirt-demo' version='1.0.0'>
      <info><![CDATA[Called back with a demo.]]></info>
      <return type='void'/>
      <arg name='demo' type='virDemoPtr' info='the demo'/>
      <arg name='opaque' type='void *' info=''/>
    </functype>
    <function name='virDemoOpen' file='libvirt-demo' module='libvirt-demo' version='1.0.0'>
      <info><![CDATA[Open a demo; never write ]]]]><![CDATA[> in a doc.

A second paragraph.]]></info>
      <return type='virDemoPtr' info='a new handle, or NULL on error'/>
      <arg name='name' type='const char *' info='its name'/>
      <arg name='flags' type='unsigned int' info='bitwise-OR of virDemoFlags'/>
    </function>
  </symbols>
</api>
"""


def test_handcrafted_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(HANDCRAFTED, encoding="utf-8")
    result = load_api_xml([str(path)])
    assert result.diagnostics == []
    assert result.inputs == [str(path)]
    assert exported_from(apixml.render(result.api)["libvirt-api.xml"], "libvirt-api.xml") == without_source_line(HANDCRAFTED)
    module = result.api.modules[0]
    assert module.syms_file == "src/libvirt_public.syms"
    assert [h.location.file for h in module.headers] == ["include/libvirt/libvirt-demo.h"]

    a, b, bb, c, last = (module.member(n) for n in ("VIR_DEMO_A", "VIR_DEMO_B", "VIR_DEMO_BB", "VIR_DEMO_C", "VIR_DEMO_LAST"))
    assert a is not None and (a.value, a.expression, a.doc) == (1, "1 << 0", "the first flag,\ndocumented on two lines")
    assert b is not None and (b.value, b.expression, b.alias_of, b.doc) == (1, "VIR_DEMO_A", "VIR_DEMO_A", "same as <A>")
    assert bb is not None and (bb.value, bb.expression, bb.since) == (None, "", "")
    assert c is not None and (c.value, c.expression, c.sentinel) == (4, "4", False)
    assert last is not None and last.sentinel
    enum = module.enums[0]
    assert enum.members == ("VIR_DEMO_A", "VIR_DEMO_B", "VIR_DEMO_BB", "VIR_DEMO_C", "VIR_DEMO_LAST")

    macros = {m.name: m for m in module.macros}
    assert (macros["VIR_DEMO_NAME"].string, macros["VIR_DEMO_NAME"].raw, macros["VIR_DEMO_NAME"].params) == ("demo", '"demo"', None)
    assert (macros["VIR_DEMO_SIZE"].raw, macros["VIR_DEMO_SIZE"].params) == ("((n) * (m) < 2)", ("n", "m"))
    assert [(p.name, p.doc) for p in macros["VIR_DEMO_SIZE"].param_docs] == [("n", "how many"), ("m", "")]

    structs = {s.name: s for s in module.structs}
    assert structs["virDemo"].fields is None and structs["virDemo"].body_header is None
    param = structs["virDemoParam"]
    assert param.tag == "_virDemoParam" and param.body_header == "libvirt-demo" and param.fields is not None
    name_field, union_field, next_field = param.fields
    assert (name_field.type, name_field.array_size) == ("char", "VIR_DEMO_FIELD_LENGTH")
    assert union_field.union is not None and [(u.name, u.type) for u in union_field.union] == [("i", "int"), ("s", "char *")]
    assert union_field.union[1].doc == "a string,\nnever NULL"
    assert (next_field.type, next_field.array_size, next_field.union) == ("virDemoParam *", None, None)

    assert module.variables[0].doc == "The default demo.  It spans\ntwo lines."
    functype = module.functypes[0]
    assert (functype.name, functype.return_type, functype.since) == ("virDemoCallback", "void", "1.0.0")
    assert [(p.name, p.type) for p in functype.params] == [("demo", "virDemoPtr"), ("opaque", "void *")]
    function = module.functions[0]
    assert function.description == "Open a demo; never write ]]> in a doc.\n\nA second paragraph."
    assert (function.ownership, function.flags_enums, function.return_type) == (Ownership.HANDLE, ("virDemoFlags",), "virDemoPtr")
    assert function.location.file == str(path) and function.location.line == HANDCRAFTED.split("\n").index(
        "    <function name='virDemoOpen' file='libvirt-demo' module='libvirt-demo' version='1.0.0'>") + 1
    # Line numbers survive the multi-line attributes before them.
    assert last.location.line == HANDCRAFTED.split("\n").index(
        "    <enum name='VIR_DEMO_LAST' file='libvirt-demo' value='5' value_hex='0x5' type='virDemoFlags' version='1.1.0'/>") + 1


def test_unknown_markup_is_a_warning(tmp_path: Path) -> None:
    text = HANDCRAFTED.replace("<symbols>", "<symbols>\n    <gadget name='x'/>").replace("type='struct _virDemo'/>", "type='struct _virDemo' colour='red'/>")
    path = tmp_path / "libvirt-api.xml"
    path.write_text(text, encoding="utf-8")
    result = load_api_xml([str(path)])
    messages = sorted(d.message for d in result.diagnostics)
    assert messages == ["unknown attribute 'colour' on <struct> ignored", "unknown element <gadget> in <symbols> ignored"]
    assert all(d.severity == "warning" and d.location.file == str(path) and d.location.line > 0 for d in result.diagnostics)
    assert exported_from(apixml.render(result.api)["libvirt-api.xml"], "libvirt-api.xml") == without_source_line(HANDCRAFTED)


def test_valueless_member_after_a_numbered_one_goes_after_the_last_unnumbered_one(tmp_path: Path) -> None:
    # Document order, not names, decides: D, with no value, follows C (= 4) in the file, where the export
    # would have numbered it (5); it can only have followed B (= VIR_DEMO_A, printed as written), so it goes there.
    bb = "    <enum name='VIR_DEMO_BB' file='libvirt-demo' type='virDemoFlags'/>\n"
    c = "    <enum name='VIR_DEMO_C' file='libvirt-demo' value='4' value_hex='0x4' type='virDemoFlags' version='1.1.0' info='four'/>\n"
    text = HANDCRAFTED.replace(bb, "").replace(c, c + bb.replace("VIR_DEMO_BB", "VIR_DEMO_D"))
    assert text != HANDCRAFTED
    path = tmp_path / "libvirt-api.xml"
    path.write_text(text, encoding="utf-8")
    result = load_api_xml([str(path)])
    assert result.diagnostics == []
    assert result.api.modules[0].enums[0].members == ("VIR_DEMO_A", "VIR_DEMO_B", "VIR_DEMO_D", "VIR_DEMO_C", "VIR_DEMO_LAST")
    assert bb.replace("VIR_DEMO_BB", "VIR_DEMO_D") in apixml.render(result.api)["libvirt-api.xml"]  # still without a value


def test_valueless_member_in_an_enum_numbered_throughout_is_a_warning(tmp_path: Path) -> None:
    # With B numbered too, no member could have been followed by D without numbering it.
    bb = "    <enum name='VIR_DEMO_BB' file='libvirt-demo' type='virDemoFlags'/>\n"
    c = "    <enum name='VIR_DEMO_C' file='libvirt-demo' value='4' value_hex='0x4' type='virDemoFlags' version='1.1.0' info='four'/>\n"
    text = HANDCRAFTED.replace(bb, "").replace(c, c + bb.replace("VIR_DEMO_BB", "VIR_DEMO_D")).replace("value='VIR_DEMO_A'", "value='2'")
    path = tmp_path / "libvirt-api.xml"
    path.write_text(text, encoding="utf-8")
    result = load_api_xml([str(path)])
    assert [d.rule for d in result.diagnostics] == ["apixml-order"]
    assert "VIR_DEMO_D" in result.diagnostics[0].message
    assert result.api.modules[0].enums[0].members == ("VIR_DEMO_A", "VIR_DEMO_B", "VIR_DEMO_C", "VIR_DEMO_D", "VIR_DEMO_LAST")


# --- 2. libvirt 9.0.0 --------------------------------------------------------


@pytest.mark.libvirt_tree
def test_libvirt_tree_round_trip(tmp_path: Path) -> None:
    require(LIBVIRT_TREE, "the libvirt 9.0.0 tree")
    original = load_tree(LIBVIRT_TREE).api
    assert [m.name for m in original.modules] == ["libvirt", "libvirt-qemu", "libvirt-lxc", "libvirt-admin"]
    read = round_trip(original, tmp_path)
    assert_same_api(original, read)
    assert_aliases_agree(original, read)


# --- 3. libvirt's own export --------------------------------------------------


@pytest.mark.libvirt_dev
def test_libvirt_own_api_xml() -> None:
    path = LIBVIRT_API_DIR / "libvirt-api.xml"
    require(path, "libvirt's libvirt-api.xml")
    result = load_api_xml([str(path)])
    assert result.diagnostics == []
    module = result.api.modules[0]
    counts = (len(module.functions), len(module.functypes), len(module.members), len(module.enums),
              len(module.typedefs), len(module.structs), len(module.macros), len(module.variables))
    assert counts == (516, 51, 1029, 168, 48, 47, 268, 1)
    function = module.function("virDomainCheckpointCreateXML")
    assert function is not None
    assert [(p.name, p.type) for p in function.params] == [("domain", "virDomainPtr"), ("xmlDesc", "const char *"), ("flags", "unsigned int")]
    assert function.version == "5.6.0"
    # Both are "(1 << 0)" in the header, where ROOTS comes first; the XML sorts
    # members by name and has no declaration order, and both came in 5.6.0, so
    # the reader can only see that they are aliases of each other: DESCENDANTS,
    # first in the file, is the canonical one (the frontend, seeing the header,
    # says the reverse).
    roots, descendants = module.member("VIR_DOMAIN_CHECKPOINT_LIST_ROOTS"), module.member("VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS")
    assert roots is not None and descendants is not None
    assert (roots.alias_of, descendants.alias_of) == ("VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS", None)


@pytest.mark.libvirt_dev
def test_libvirt_own_files_render_back() -> None:
    """Every file of libvirt's comes back as it was, but for our "generated" comment line."""
    paths = sorted(LIBVIRT_API_DIR.glob("libvirt*-api.xml"))
    require(LIBVIRT_API_DIR / "libvirt-api.xml", "libvirt's libvirt-api.xml")
    result = load_api_xml([str(p) for p in paths])
    assert result.diagnostics == []
    rendered = apixml.render(result.api)
    for path in paths:
        lines = rendered[path.name].split("\n")
        assert lines[1].startswith("<!-- generated by virt-apigen")
        assert "\n".join(lines[:1] + lines[2:]) == path.read_text(encoding="utf-8"), path.name


# --- 4. bad input -------------------------------------------------------------


def expect_error(paths: list[str], fragment: str) -> FrontendError:
    with pytest.raises(FrontendError) as caught:
        load_api_xml(paths)
    error = caught.value
    assert type(error) is FrontendError
    assert error.__cause__ is None
    assert fragment in str(error)
    return error


def test_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope-api.xml")
    error = expect_error([missing], missing)
    assert error.message == "no such file"  # as a missing header or .syms FILE says it


def test_not_xml(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xml"
    path.write_text("not xml", encoding="utf-8")
    error = expect_error([str(path)], str(path))
    assert "not well-formed XML" in error.message and error.line == 1


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text("", encoding="utf-8")
    expect_error([str(path)], str(path))


def test_not_an_api(tmp_path: Path) -> None:
    path = tmp_path / "foo.xml"
    path.write_text("<foo/>", encoding="utf-8")
    error = expect_error([str(path)], str(path))
    assert "<api>" in error.message and error.line == 1


def test_api_without_name(tmp_path: Path) -> None:
    path = tmp_path / "anon.xml"
    path.write_text("<api><files/><symbols/></api>", encoding="utf-8")
    expect_error([str(path)], str(path))


def test_same_module_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    for path in (first, second):
        path.write_text(HANDCRAFTED, encoding="utf-8")
    error = expect_error([str(first), str(second)], str(second))
    assert str(first) in error.message


def test_no_input() -> None:
    expect_error([], "no input")


def test_missing_inputs_skip_locally_and_fail_on_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require(tmp_path / "absent", "an input")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require(tmp_path / "absent", "an input")


# --- 4. across a pipe ----------------------------------------------------------


def test_model_and_records_pickle_to_equal_values(libvirt_tree: Path) -> None:
    """The model and the parser's records cross a pipe from forked children
    (generator/pickling.py rebuilds each node through its constructor)."""
    import pickle

    from generator.frontend.parallel import parse_tree
    from generator.frontend.tree import discover

    api = load_tree(libvirt_tree).api
    copy = pickle.loads(pickle.dumps(api, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == api
    assert copy is not api and copy.modules[0].functions[0] == api.modules[0].functions[0]
    assert sum(len(m.functions) for m in copy.modules) == 558  # 516 in libvirt-api.xml, 42 in the other three
    decls, path_map = parse_tree(discover(libvirt_tree))
    assert pickle.loads(pickle.dumps(decls, protocol=pickle.HIGHEST_PROTOCOL)) == decls
    assert len(decls.functions) > 500 and path_map


# --- 4. headers alone: no .c file names a parameter the header leaves unnamed ---


def test_unnamed_parameters_keep_their_places(tmp_path: Path) -> None:
    # libvirt's virStreamRecvHole(virStreamPtr, ...) is declared so; only its
    # .c definition names the stream.  Read back, the unnamed ones used to be
    # dropped with a warning: a 3-parameter function came back with 1.
    original = load_files([str(unnamed_param_header(tmp_path))]).api
    read = round_trip(original, tmp_path)
    peek = read.modules[0].function("virDemoPeek")
    assert peek is not None
    assert [(p.name, p.type) for p in peek.params] == [("", "virDemoPtr"), ("length", "long long *"), ("", "unsigned int")]
    assert_same_api(original, read)


def test_libvirt_headers_alone_round_trip(tmp_path: Path, libvirt_tree: Path) -> None:
    # libvirt-common.h.in named too: without it, members spelled by its
    # members' names (VIR_DOMAIN_BLKIO_PARAM_BOOLEAN = VIR_TYPED_PARAM_BOOLEAN)
    # are exported by name alone, as apibuild.py writes them, and read back without a value.
    folder = libvirt_tree / "include" / "libvirt"
    headers = sorted(str(p) for p in folder.glob("*.h")) + [str(folder / "libvirt-common.h.in")]
    original = load_files(headers).api
    read = round_trip(original, tmp_path)
    assert_same_api(original, read)
    hole = read.modules[0].function("virStreamRecvHole")
    assert hole is not None and [p.name for p in hole.params] == ["", "length", "flags"]


def test_arg_without_a_name_attribute_is_kept_with_a_warning(tmp_path: Path) -> None:
    text = HANDCRAFTED.replace("<arg name='opaque' type='void *'", "<arg type='void *'")
    assert text != HANDCRAFTED
    path = tmp_path / "libvirt-api.xml"
    path.write_text(text, encoding="utf-8")
    result = load_api_xml([str(path)])
    assert [d.message for d in result.diagnostics] == ["<arg> has no 'name' attribute: read as empty"]
    functype = result.api.modules[0].functypes[0]
    assert [(p.name, p.type) for p in functype.params] == [("demo", "virDemoPtr"), ("", "void *")]
