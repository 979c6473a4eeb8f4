"""Attributes and children the ``--api-xml`` reader checks: ``value_bitshift``
against ``value`` (read as C reads it, leading zero included; the export
gives none that contradicts the value), a ``<struct>`` without ``type`` (an
``<enum>`` without one is an anonymous enum's member: no warning), a child
element read once given again (a warning, left out, capped per rule), and
several ``<symbols>``/``<files>`` containers read as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from apixml_support import HEAD, TAIL, TYPEDEF, at, warnings, write

from generator.backends import apixml
from generator.frontend.apixml_reader import _MAX_FINDINGS, load_api_xml

# --- value_bitshift --------------------------------------------------------------


@pytest.mark.parametrize(("shift", "message"), [
    ("5", "value_bitshift '5' does not match value '1'; it is recomputed from the value"),
    ("1", "value_bitshift '1' does not match value '1'; it is recomputed from the value"),
    ("64", "value_bitshift '64' does not match value '1'; it is recomputed from the value"),
    ("9" * 40, f"value_bitshift '{'9' * 40}' does not match value '1'; it is recomputed from the value"),
    ("-1", "value_bitshift '-1' is not a non-negative integer; it is recomputed from the value"),
    ("x", "value_bitshift 'x' is not a non-negative integer; it is recomputed from the value"),
    ("", "value_bitshift '' is not a non-negative integer; it is recomputed from the value"),
])  # fmt: skip
def test_a_bitshift_that_is_not_the_value_is_a_warning_and_recomputed(tmp_path: Path, shift: str, message: str) -> None:
    symbols = f"\n<enum name='VIR_A' file='libvirt-host' value='1' value_bitshift='{shift}' type='virA'/>{TYPEDEF}"
    path = write(tmp_path, HEAD + symbols + TAIL)
    member = load_api_xml([str(path)]).api.modules[0].members[0]
    assert (member.value, member.expression) == (1, "1")
    assert warnings(path) == [(2, 1, message, "apixml-input")]
    written = apixml.render(load_api_xml([str(path)]).api)["libvirt-api.xml"]
    assert "<enum name='VIR_A' file='libvirt-host' value='1' value_hex='0x1' type='virA'/>" in written


def test_a_bitshift_that_is_the_value_is_kept_without_a_warning(tmp_path: Path) -> None:
    symbols = (
        "<enum name='VIR_A' file='libvirt-host' value='1' value_bitshift='0' type='virA'/>"
        "<enum name='VIR_B' file='libvirt-host' value='4' value_hex='0x4' value_bitshift='2' type='virA'/>"
        "<enum name='VIR_C' file='libvirt-host' value='9223372036854775808' value_bitshift='63' type='virA'/>" + TYPEDEF
    )  # fmt: skip
    path = write(tmp_path, HEAD + symbols + TAIL)
    members = load_api_xml([str(path)]).api.modules[0].members
    assert [(m.value, m.expression) for m in members] == [(1, "1 << 0"), (4, "1 << 2"), (1 << 63, "1 << 63")]
    assert warnings(path) == []


def test_the_export_gives_no_bitshift_that_contradicts_the_value(tmp_path: Path) -> None:
    """apibuild.py gives "(1 << 3) | (1 << 4)" value_bitshift='3' (value 24); ours
    left it so too, and its own reader then warned on its own file."""
    symbols = "<enum name='VIR_A' file='libvirt-host' value='(1 &lt;&lt; 3) | (1 &lt;&lt; 4)' type='virA'/>" + TYPEDEF
    member = load_api_xml([str(write(tmp_path, HEAD + symbols + TAIL))]).api.modules[0].members[0]
    assert (member.value, member.expression) == (24, "(1 << 3) | (1 << 4)")
    written = apixml.render(load_api_xml([str(write(tmp_path, HEAD + symbols + TAIL))]).api)["libvirt-api.xml"]
    assert "<enum name='VIR_A' file='libvirt-host' value='24' value_hex='0x18' type='virA'/>" in written
    assert warnings(write(tmp_path, written, "again.xml")) == []


# --- <struct> without type -------------------------------------------------------


def test_a_struct_without_type_is_a_warning(tmp_path: Path) -> None:
    symbols = "\n<struct name='virS' file='libvirt-host'/>\n  <struct name='virT' file='libvirt-host' type='struct _virT'/>"
    path = write(tmp_path, HEAD + symbols + TAIL)
    assert load_api_xml([str(path)]).api.modules[0].structs[0].tag == ""
    assert warnings(path) == [(2, 1, "<struct name='virS'> has no 'type' attribute: read as empty", "apixml-input")]


def test_an_enum_member_without_type_is_an_anonymous_enums_and_no_warning(tmp_path: Path) -> None:
    # Both apibuild.py and the backend leave type out for such a member: a warning would fire on their files.
    path = write(tmp_path, HEAD + "<enum name='VIR_X' file='libvirt-host' value='3'/>" + TAIL)
    assert [(m.name, m.enum, m.value) for m in load_api_xml([str(path)]).api.modules[0].members] == [("VIR_X", "", 3)]
    assert warnings(path) == []


# --- repeated single children ----------------------------------------------------


def test_a_repeated_single_child_is_left_out_with_a_warning_and_the_first_kept(tmp_path: Path) -> None:
    text = (
        "<api name='libvirt'><files>\n<file name='libvirt-host'><summary>s1</summary><summary>s2</summary>"
        "<description>d1</description><description>d2</description></file></files><symbols>\n"
        "<function name='virF' file='libvirt-host' module='libvirt-host'><info>one</info><return type='int' info='r'/>"
        "<info>two</info><return type='void'/><arg name='a' type='int' info=''/></function>\n"
        "<typedef name='virT' file='libvirt-host' type='int'><info>t1</info><info>t2</info></typedef>\n"
        "<struct name='virS' file='libvirt-host' type='struct _virS'><field name='u' type='union' info=''>"
        "<union><field name='a' type='int' info=''/></union><union><field name='b' type='long' info=''/></union></field></struct>\n"
        "</symbols></api>"
    )  # fmt: skip
    path = write(tmp_path, text)
    module = load_api_xml([str(path)]).api.modules[0]
    assert (module.headers[0].summary, module.headers[0].description) == ("s1", "d1")
    function = module.functions[0]
    assert (function.description, function.return_type, function.return_doc, [p.name for p in function.params]) == ("one", "int", "r", ["a"])
    assert module.typedefs[0].doc == "t1"
    fields = module.structs[0].fields
    assert fields is not None and fields[0].union is not None and [f.name for f in fields[0].union] == ["a"]

    def twice(tag: str, owner: str, line: int, nth: int) -> tuple[int, int, str, str]:
        first = at(text, line, f"<{tag}")
        message = f"<{tag}> is given twice in <{owner}>; this one is ignored, the one at {path}:{first[0]}:{first[1]} is kept"
        return (*at(text, line, f"<{tag}", nth), message, "apixml-input")

    expected = [
        twice("summary", "file name='libvirt-host'", 2, 2),
        twice("description", "file name='libvirt-host'", 2, 2),
        twice("info", "function name='virF'", 3, 2),
        twice("return", "function name='virF'", 3, 2),
        twice("info", "typedef name='virT'", 4, 2),
        twice("union", "field name='u'", 5, 2),
    ]
    found = [(d.location.line, d.location.col, d.message, d.rule) for d in load_api_xml([str(path)], str(tmp_path)).diagnostics]
    assert sorted(found) == sorted(expected)


def test_repeated_children_follow_the_per_rule_cap(tmp_path: Path) -> None:
    count = _MAX_FINDINGS + 20
    functions = "".join(
        f"\n<function name='virF{i}' file='libvirt-host' module='libvirt-host'><info/><return type='int'/><return type='int'/></function>"
        for i in range(count)
    )
    path = write(tmp_path, HEAD + functions + TAIL)
    found = load_api_xml([str(path)]).diagnostics
    assert len(found) == _MAX_FINDINGS + 1
    assert found[-1].message == f"20 more findings of this rule in this file are not shown (the first {_MAX_FINDINGS} are)"
    assert {d.rule for d in found} == {"apixml-input"}


def test_several_symbols_and_files_containers_are_read_as_one(tmp_path: Path) -> None:
    # Nothing is lost there, so no warning (a decision: see the reader's docstring).
    text = (
        "<api name='libvirt'><files><file name='libvirt-host'/></files>"
        "<symbols><typedef name='virA' file='libvirt-host' type='int'/></symbols>"
        "<symbols><typedef name='virB' file='libvirt-two' type='int'/></symbols>"
        "<files><file name='libvirt-two'/></files></api>"
    )
    path = write(tmp_path, text)
    module = load_api_xml([str(path)]).api.modules[0]
    assert [t.name for t in module.typedefs] == ["virA", "virB"] and [h.name for h in module.headers] == ["libvirt-host", "libvirt-two"]
    assert warnings(path) == []


def test_a_bitshift_with_a_leading_zero_reads_and_writes_as_c_does(tmp_path: Path) -> None:
    """Review: the reader took value_bitshift='010' as C does (octal, 1 << 8 = 256),
    the writer as decimal (1 << 10): it was dropped from the output in silence."""
    symbols = "<enum name='VIR_A' file='libvirt-host' value='256' value_bitshift='010' type='virA'/>" + TYPEDEF
    path = write(tmp_path, HEAD + symbols + TAIL)
    assert warnings(path) == []
    written = apixml.render(load_api_xml([str(path)]).api)["libvirt-api.xml"]
    assert "<enum name='VIR_A' file='libvirt-host' value='256' value_hex='0x100' value_bitshift='010' type='virA'/>" in written
