"""Line endings in ``--api-xml`` attributes and comments (generator/frontend/apixml_reader.py,
generator/filters.py ``xml_attr``): raw CR LF / CR in attribute values are
line endings (read as LF), only ``&#13;`` is a carriage return, and the export
writes one so; a file saved with CRLF reads as the one saved with LF."""

from __future__ import annotations

from pathlib import Path

from apixml_support import HEAD, SAMPLE_XML, TAIL, TYPEDEF, at, write

from generator.backends import apixml
from generator.filters import xml_attr, xml_comment
from generator.frontend.apixml_reader import _unescape, load_api_xml
from generator.model import Api

# --- carriage returns ---------------------------------------------------------


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
