"""Where ``check --api-xml`` finds the end of the element a doc was read from.

A finding about a word of an ``<info>`` is looked for in that element only
(generator/lint/locate.py).  Its end was the first line holding ``</``, so a
doc with a tag in its text (9.0.0's virDomainSetLifecycleAction:
``<on_$type>$action</on_$type> in the domain XML.``) ended on that line and
a word below was left at the ``<info>``.  The end is now found as a parser
finds it: not in a CDATA section (one ``]]>`` split across two included), a
comment or a quoted value; escaped text (``&lt;/b&gt;``) holds no ``</``.
Each case is checked on the lines alone (:func:`_xml_element`) and, where the
reader takes the file, on the position ``check`` gives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.cli_check import findings
from generator.diagnostics import Diagnostic
from generator.frontend.apixml_reader import load_api_xml
from generator.lint.locate import _xml_element

FUNCTION = """\
<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt'>
  <files>
    <file name='libvirt-x'>
     <summary>a header</summary>
     <description>one call</description>
    </file>
  </files>
  <symbols>
    <function name='virXRun' file='libvirt-x' module='libvirt-x' version='1.0.0'>
      {info}
      <return type='int' info='0 on success.'/>
      <arg name='x' type='int' info='a value'/>
    </function>
  </symbols>
</api>
"""
INFO_LINE = 11  # (1-based) the line of <info> in FUNCTION


def _unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, info: str) -> list[tuple[int, int, str]]:
    """(line, column, word) of each unknown-symbol finding of --api-xml on FUNCTION with ``info``."""
    (tmp_path / "libvirt-api.xml").write_text(FUNCTION.format(info=info), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = findings(load_api_xml(["libvirt-api.xml"]), Path("."), [])
    return [(d.location.line, d.location.col, d.message.split("'")[1]) for d in found if d.rule == "unknown-symbol"]


# --- a tag in a CDATA doc does not end the <info> -----------------------------


def test_a_tag_in_a_cdata_doc_does_not_end_the_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = "<info><![CDATA[Reads the name of @x </b> which\nvirNoSuchDesc is unique.]]></info>"
    # was (11, 7, ...): the '</b>' ended the <info> on its first line
    assert _unknown(tmp_path, monkeypatch, info) == [(INFO_LINE + 1, 1, "virNoSuchDesc")]


def test_an_end_tag_of_the_node_in_a_cdata_doc_does_not_end_the_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = "<info><![CDATA[Not </info> nor </function>:\nthe end; virNoSuchDesc is.]]></info>"
    assert _unknown(tmp_path, monkeypatch, info) == [(INFO_LINE + 1, 10, "virNoSuchDesc")]


def test_a_split_cdata_section_is_read_across_its_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the backend writes a doc's ']]>' as ']]]]><![CDATA[>': markup between two sections, then CDATA again
    info = "<info><![CDATA[A ]]]]><![CDATA[> then </b>\nand virNoSuchDesc.]]></info>"
    assert _unknown(tmp_path, monkeypatch, info) == [(INFO_LINE + 1, 5, "virNoSuchDesc")]


def test_escaped_text_ends_at_its_end_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # not CDATA: '</' is written '&lt;/', so the first '</' is the element's end
    info = "<info>Reads &lt;/b&gt; which\nvirNoSuchDesc is.</info>"
    assert _unknown(tmp_path, monkeypatch, info) == [(INFO_LINE + 1, 1, "virNoSuchDesc")]


def test_cli_repro_from_a_source_doc_with_a_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The report: a tag in a function's doc in the sources, exported, then checked."""
    tree = tmp_path / "tree"
    shutil.copytree(Path(__file__).resolve().parent.parent / "generator" / "sample", tree)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    old = " * Reads the name of @checkpoint, which is unique among the checkpoints\n"
    assert old in text
    source.write_text(text.replace(old, " * Reads the name of @checkpoint </b> which\n * virNoSuchDesc is unique among the checkpoints\n", 1), encoding="utf-8")
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    xml = tmp_path / "out" / "libvirt-api.xml"
    main(["check", "--api-xml", str(xml)])
    lines = xml.read_text(encoding="utf-8").split("\n")
    found = [line for line in capsys.readouterr().out.split("\n") if "virNoSuchDesc" in line]
    assert len(found) == 1, found
    place = re.match(r".*libvirt-api\.xml:(\d+):(\d+): ", found[0])
    assert place is not None, found[0]
    line, column = int(place.group(1)), int(place.group(2))
    assert lines[line - 1][column - 1 :].startswith("virNoSuchDesc"), (found[0], lines[line - 1])
    assert lines[line - 2].endswith("@checkpoint </b> which")


# --- the real-world doc: 9.0.0's virDomainSetLifecycleAction ------------------


def _lifecycle_info(lines: list[str]) -> int:
    """The index of the <info> line of virDomainSetLifecycleAction."""
    node = next(i for i, line in enumerate(lines) if "<function name='virDomainSetLifecycleAction'" in line)
    assert "<info><![CDATA[" in lines[node + 1]
    return node + 1


@pytest.fixture(params=["ours", "libvirts"])
def lifecycle_xml(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """9.0.0's libvirt-api.xml: exported from its sources by us, or libvirt's own (libvirt-dev)."""
    if request.param == "libvirts":
        return Path(request.getfixturevalue("libvirt_api_dir")) / "libvirt-api.xml"
    tree = request.getfixturevalue("libvirt_tree")
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / "out")]) == 0
    return tmp_path / "out" / "libvirt-api.xml"


def test_the_lifecycle_action_info_ends_at_its_own_end_tag(lifecycle_xml: Path) -> None:
    lines = lifecycle_xml.read_text(encoding="utf-8").split("\n")
    info = _lifecycle_info(lines)
    assert "<on_$type>$action</on_$type> in the domain XML." in lines[info + 1]  # the doc's second line
    column = lines[info].index("<info>")
    first, last = _xml_element(lines, info, column, "description")
    assert first == info and lines[last].endswith("]]></info>") and last > info + 1  # was (info, info + 1)


def test_a_word_below_the_tag_in_the_lifecycle_doc_is_found_on_its_line(
    lifecycle_xml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = lifecycle_xml.read_text(encoding="utf-8")
    assert text.count("QEMU driver has a limitation") == 1
    (tmp_path / "libvirt-api.xml").write_text(text.replace("QEMU driver has a limitation", "virNoSuchDriver has a limitation"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines = (tmp_path / "libvirt-api.xml").read_text(encoding="utf-8").split("\n")
    found: list[Diagnostic] = [d for d in findings(load_api_xml(["libvirt-api.xml"]), Path("."), []) if "virNoSuchDriver" in d.message]
    assert len(found) == 1, [str(d) for d in found]
    location = found[0].location
    assert lines[location.line - 1].startswith("virNoSuchDriver has a limitation") and location.col == 1, str(found[0])
    assert location.line - 1 > _lifecycle_info(lines) + 1  # below the '</on_$type>' line


# --- the element's end on the lines alone -------------------------------------


def test_an_arg_with_a_slash_and_a_gt_in_a_quoted_value_ends_at_its_own_end() -> None:
    lines = ["    <arg name='x' info='a/> b' type='int'", "      />", "    <arg name='y' info='y'/>", "  </function>"]
    assert _xml_element(lines, 0, 4, "@x") == (0, 1)  # was (0, 3): the first line does not end with '/>'


def test_an_attribute_value_on_several_lines_ends_with_its_tag() -> None:
    lines = ["      <field name='a' type='int' info='one", "two'/>", "      <field name='b' type='int' info='b'/>", "    </struct>"]
    assert _xml_element(lines, 0, 6, "field a") == (0, 1)  # was (0, 3), into the next field


def test_a_comment_in_the_info_is_no_markup() -> None:
    lines = ["<info><!-- </info> -->text", "more</info>", "<arg name='x'/>", "</function>"]
    assert _xml_element(lines, 0, 0, "description") == (0, 1)


def test_the_whole_node_ends_at_its_own_end_tag_not_one_in_cdata() -> None:
    lines = ["<info><![CDATA[see </function> and", "</macro> too]]></info>", "<arg name='x' info='a'/>", "</function>"]
    assert _xml_element(lines, 0, 0, None) == (0, 3)  # was (0, 0)


def test_the_return_is_not_a_return_tag_in_the_cdata() -> None:
    lines = ["<info><![CDATA[a <return type='x'/> in text]]></info>", "<return type='int' info='0'/>", "</function>"]
    assert _xml_element(lines, 0, 0, "returns") == (1, 1)  # was (0, 0), the text's '<return '


def test_the_element_starts_at_its_column_not_the_lines_first_tag() -> None:
    # a hand-written file with a node on one line: the <info> at its column, not the <function>
    lines = ["<function name='f'><info>a</info><arg name='x' info='b'/></function>"]
    assert _xml_element(lines, 0, lines[0].index("<info>"), "description") == (0, 0)
    lines = ["<function name='f'><info><![CDATA[a </b>", "b]]></info>", "</function>"]
    assert _xml_element(lines, 0, lines[0].index("<info>"), "description") == (0, 1)
    assert _xml_element(lines, 0, 99, "description") == (0, 2)  # a column past the line: from the line's start (the <function>)
