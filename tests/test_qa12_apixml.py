"""QA 12 of the ``--api-xml`` reader (generator/frontend/apixml_reader.py) and
the export's attribute escaping (generator/filters.py ``xml_attr``):

1. raw CR LF / CR in attribute values are line endings (read as LF), only
   ``&#13;`` is a carriage return, and the export writes one so;
2. external entities, parameter entities and an external DTD are never read,
   and what that leaves out is a warning at its place;
3. ``value_bitshift`` is checked against ``value``;
4. a ``<struct>`` without ``type`` is a warning (an ``<enum>`` without one is
   an anonymous enum's member, as both writers spell it: none);
5. a child element read once, given again, is a warning and left out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.backends import apixml
from generator.filters import xml_attr, xml_comment
from generator.frontend.apixml_reader import _MAX_FINDINGS, _unescape, load_api_xml
from generator.model import Api

REPO = Path(__file__).resolve().parent.parent
SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"
HEAD = "<api name='libvirt'><files><file name='libvirt-host'/></files><symbols>"
TAIL = "</symbols></api>"
TYPEDEF = "<typedef name='virA' file='libvirt-host' type='enum'/>"


def write(tmp_path: Path, text: str, name: str = "libvirt-api.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation of the \r under test
    return path


def warnings(path: Path) -> list[tuple[int, int, str, str]]:
    return [(d.location.line, d.location.col, d.message, d.rule) for d in load_api_xml([str(path)]).diagnostics]


def at(text: str, line: int, needle: str, nth: int = 1) -> tuple[int, int]:
    """(line, col) of the nth ``needle`` on 1-based ``line`` of ``text`` (lines split as XML does)."""
    content = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[line - 1]
    col = -1
    for _ in range(nth):
        col = content.index(needle, col + 1)
    return line, col + 1


# --- 1. carriage returns ---------------------------------------------------------


def test_windows_line_endings_in_attributes_are_newlines(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\r\n<api name="libvirt-lxc">\r\n'
        '<files><file name="libvirt-lxc"><summary>s</summary><description>d</description></file></files>\r\n<symbols>\r\n'
        '<enum name="VIR_A" file="libvirt-lxc" value="0" type="virT" info="line one\r\nline two"/>\r\n'
        '<enum name="VIR_B" file="libvirt-lxc" value="1" type="virT" info="lone\rcarriage"/>  '
        '<enum name="VIR_C" file="libvirt-lxc" value="2" type="virT" info="kept&#13;&#10;real&#13;cr"/>\r\n'
        "</symbols>\r\n</api>\r\n"
    )  # fmt: skip
    path = write(tmp_path, text, "libvirt-lxc-api.xml")
    members = {m.name: m for m in load_api_xml([str(path)]).api.modules[0].members}
    assert members["VIR_A"].doc == "line one\nline two"
    assert members["VIR_B"].doc == "lone\ncarriage"
    assert members["VIR_C"].doc == "kept\r\nreal\rcr"
    # every element keeps its place: CR LF is one line break to expat too
    where = {name: (m.location.line, m.location.col) for name, m in members.items()}
    assert where == {"VIR_A": (5, 1), "VIR_B": (7, 1), "VIR_C": at(text, 8, "<enum")}


def test_a_file_saved_with_crlf_reads_as_the_one_saved_with_lf(tmp_path: Path) -> None:
    unix = SAMPLE_XML.read_bytes()
    assert b"\r" not in unix and unix.count(b"info='") > 10
    (tmp_path / "lf").mkdir()
    (tmp_path / "crlf").mkdir()
    (tmp_path / "lf" / "libvirt-api.xml").write_bytes(unix)
    (tmp_path / "crlf" / "libvirt-api.xml").write_bytes(unix.replace(b"\n", b"\r\n"))
    lf = load_api_xml([str(tmp_path / "lf" / "libvirt-api.xml")], str(tmp_path / "lf"))
    crlf = load_api_xml([str(tmp_path / "crlf" / "libvirt-api.xml")], str(tmp_path / "crlf"))
    assert crlf.diagnostics == lf.diagnostics
    assert crlf.api == lf.api
    written = apixml.render(crlf.api)["libvirt-api.xml"]
    assert "\r" not in written and "&#13;" not in written
    assert written == apixml.render(lf.api)["libvirt-api.xml"]


def test_the_export_writes_a_carriage_return_in_an_attribute_as_a_reference() -> None:
    assert xml_attr("a\r\nb\rc'<") == "a&#13;\nb&#13;c&apos;&lt;"
    assert xml_attr("plain\ttext\n") == "plain\ttext\n"  # line feeds and tabs stay raw, as libvirt's files have them


def test_a_carriage_return_in_a_comment_reads_back() -> None:
    escaped = xml_comment("src\rx--y")
    assert "\r" not in escaped and "--" not in escaped
    assert _unescape(escaped) == "src\rx--y"


def test_real_carriage_returns_in_attributes_round_trip(tmp_path: Path) -> None:
    symbols = (
        "<enum name='VIR_A' file='libvirt-host' value='1' type='virA' info='one&#13;two&#13;&#10;three'/>" + TYPEDEF
        + "<struct name='virS' file='libvirt-host' type='struct _virS'><field name='f' type='int' info='x&#13;y'/></struct>"
        + "<function name='virF' file='libvirt-host' module='libvirt-host'><info>d</info>"
        + "<return type='int' info='r&#13;s'/><arg name='a' type='int' info='p&#13;q'/></function>"
    )  # fmt: skip
    module = load_api_xml([str(write(tmp_path, HEAD + symbols + TAIL))]).api.modules[0]
    docs = (module.members[0].doc, module.structs[0].fields[0].doc if module.structs[0].fields else None,
            module.functions[0].return_doc, module.functions[0].params[0].doc)  # fmt: skip
    assert docs == ("one\rtwo\r\nthree", "x\ry", "r\rs", "p\rq")
    written = apixml.render(Api((module,)))["libvirt-api.xml"]
    assert "\r" not in written
    assert "info='one&#13;two&#13;\nthree'" in written and "info='p&#13;q'" in written
    (tmp_path / "again").mkdir()
    again = load_api_xml([str(write(tmp_path / "again", written))])
    assert again.diagnostics == []
    back = again.api.modules[0]
    fields = back.structs[0].fields
    assert (back.members[0].doc, fields[0].doc if fields else None, back.functions[0].return_doc, back.functions[0].params[0].doc) == docs
    assert apixml.render(again.api)["libvirt-api.xml"].split("\n")[2:] == written.split("\n")[2:]


# --- 2. entities and the DTD -------------------------------------------------------


def test_an_external_entity_is_not_read_and_its_reference_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")  # next to the file: a relative SYSTEM reaches it
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY xxe SYSTEM "secret.txt">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>a &xxe; b</summary></file></files><symbols/></api>\n"
    )
    path = write(tmp_path, text)
    result = load_api_xml([str(path)])
    assert result.api.modules[0].headers[0].summary == "a  b"
    message = "reference to the external entity 'secret.txt' left out: external entities are never read"
    assert warnings(path) == [(*at(text, 5, "&xxe;"), message, "apixml-input")]


def test_what_a_parameter_entity_hides_is_a_warning_where_it_is_left_out(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY % pe SYSTEM "file:///etc/passwd">\n  %pe;\n<!ENTITY late "L">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>x &late; y</summary></file></files></api>\n"
    )
    path = write(tmp_path, text)
    assert load_api_xml([str(path)]).api.modules[0].headers[0].summary == "x  y"
    assert warnings(path) == [
        (4, 3, "parameter entity reference not expanded: parameter entities are never read, and the declarations after it are ignored", "apixml-input"),
        (*at(text, 7, "&late;"), "reference '&late;' left out: the entity is declared in a part of the DTD that is not read", "apixml-input"),
    ]  # fmt: skip


def test_an_external_dtd_is_not_read_and_is_a_warning(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api SYSTEM "http://example.invalid/api.dtd">\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>&u;</summary></file></files></api>\n"
    )
    path = write(tmp_path, text)
    assert warnings(path) == [
        (*at(text, 2, '"http'), "external DTD 'http://example.invalid/api.dtd' not read: what it declares is unknown here", "apixml-input"),
        (*at(text, 3, "&u;"), "reference '&u;' left out: the entity is declared in a part of the DTD that is not read", "apixml-input"),
    ]  # fmt: skip


def test_internal_entities_are_still_expanded_without_a_warning(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY who "libvirt">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>by &who;</summary></file></files></api>\n"
    )
    path = write(tmp_path, text)
    assert load_api_xml([str(path)]).api.modules[0].headers[0].summary == "by libvirt"
    assert warnings(path) == []


def test_the_cli_prints_the_entity_warning_and_writes_the_output(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE api [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        "<api name='libvirt'><files><file name='libvirt-host'><summary>&xxe;</summary></file></files></api>\n"
    )
    write(tmp_path, text)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "api", "--api-xml", "libvirt-api.xml", "-o", "out"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    line, col = at(text, 5, "&xxe;")
    message = "reference to the external entity 'file:///etc/passwd' left out: external entities are never read"
    expected = f"libvirt-api.xml:{line}:{col}: warning: {message} [apixml-input]"
    assert expected in result.stderr.splitlines()
    assert "root:" not in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")


# --- 3. value_bitshift --------------------------------------------------------------


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


# --- 4. <struct> without type -------------------------------------------------------


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


# --- 5. repeated single children ----------------------------------------------------


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
        message = f"<{tag}> is given twice in <{owner}>; this one is ignored, the one at libvirt-api.xml:{first[0]}:{first[1]} is kept"
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
