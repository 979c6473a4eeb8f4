"""QA round 7 (reading API XML): the "given twice" error names the other file as
it opens from the current folder; a file named twice is read once; the Python
backend's no-bindings warning sits in a real file with advice for the input;
enum members come back in the best guess at declaration order."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.backends import apixml
from generator.backends import python as python_backend
from generator.cli import main
from generator.frontend import FrontendError, load_files, load_tree
from generator.frontend.apixml_reader import load_api_xml, xml_root
from generator.model import Api

REPO = Path(__file__).resolve().parent.parent
SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"
SAMPLE_HEADER = REPO / "generator" / "sample" / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
API_LINE = 3  # <api> in our export: after the declaration and the generated comment


def _last_error(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.splitlines()[-1]


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


# --- 1. "given twice" names the other file as it opens from here ----------------------


def test_module_twice_names_the_other_file_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: `--api-xml sub/a.xml --api-xml sub/b.xml` said '(also in a.xml)', relative to sub/."""
    (tmp_path / "sub").mkdir()
    shutil.copy(SAMPLE_XML, tmp_path / "sub" / "a.xml")
    shutil.copy(SAMPLE_XML, tmp_path / "sub" / "b.xml")
    monkeypatch.chdir(tmp_path)
    assert main(["api", "--api-xml", "sub/a.xml", "--api-xml", "./sub/b.xml", "-o", "out"]) == 1
    assert _last_error(capsys) == f"sub/b.xml:{API_LINE}:1: error: module 'libvirt' is given twice (also in sub/a.xml)"
    assert not (tmp_path / "out").exists()


def test_module_twice_across_folders_names_both_openable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: an absolute and a relative path gave '(also in usr/share/...)', relative to '/'."""
    (tmp_path / "here").mkdir()
    other = tmp_path / "elsewhere" / "deep"
    other.mkdir(parents=True)
    shutil.copy(SAMPLE_XML, other / "libvirt-api.xml")
    shutil.copy(SAMPLE_XML, tmp_path / "here" / "copy.xml")
    monkeypatch.chdir(tmp_path / "here")
    assert main(["api", "--api-xml", str(other / "libvirt-api.xml"), "--api-xml", "copy.xml", "-o", "out"]) == 1
    expected = f"{tmp_path}/here/copy.xml:{API_LINE}:1: error: module 'libvirt' is given twice (also in {other}/libvirt-api.xml)"
    assert _last_error(capsys) == expected
    # From a folder beside both: '..' paths that open from there.
    (tmp_path / "side").mkdir()
    monkeypatch.chdir(tmp_path / "side")
    assert main(["api", "--api-xml", "../elsewhere/deep/libvirt-api.xml", "--api-xml", "../here/copy.xml", "-o", "out"]) == 1
    assert _last_error(capsys) == f"../here/copy.xml:{API_LINE}:1: error: module 'libvirt' is given twice (also in ../elsewhere/deep/libvirt-api.xml)"


def test_module_twice_without_root_names_the_path_as_given(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    shutil.copy(SAMPLE_XML, first)
    shutil.copy(SAMPLE_XML, second)
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(first), str(second)])
    assert (caught.value.file, caught.value.message) == (str(second), f"module 'libvirt' is given twice (also in {first})")
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(first), str(second)], str(tmp_path))
    assert (caught.value.file, caught.value.message) == ("b.xml", f"module 'libvirt' is given twice (also in {tmp_path}/a.xml)")


# --- 2. the same file named twice is read once ----------------------------------------


def _names_of_one_file(tmp_path: Path) -> list[list[str]]:
    (tmp_path / "api").mkdir()
    shutil.copy(SAMPLE_XML, tmp_path / "api" / "libvirt-api.xml")
    (tmp_path / "link.xml").symlink_to(tmp_path / "api" / "libvirt-api.xml")
    return [
        ["api/libvirt-api.xml", "api/libvirt-api.xml"],
        ["api/libvirt-api.xml", "./api/libvirt-api.xml"],
        ["api/libvirt-api.xml", "link.xml"],  # the link is elsewhere: it must not move the root
        [str(tmp_path / "api" / "libvirt-api.xml"), "api/libvirt-api.xml"],
    ]


def test_same_file_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: `--api-xml A --api-xml A` exited 1, 'given twice'."""
    cases = _names_of_one_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["api", "--format", "json", "--api-xml", cases[0][0], "-o", "once"]) == 0
    once = _outputs(tmp_path / "once")
    assert b'"file": "libvirt-api.xml"' in once["libvirt-api.json"]
    for number, names in enumerate(cases):
        args = [arg for name in names for arg in ("--api-xml", name)]
        assert main(["api", "--format", "json", *args, "-o", f"twice{number}"]) == 0, names
        assert _outputs(tmp_path / f"twice{number}") == once, names
    capsys.readouterr()


def test_same_file_twice_in_check_and_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _names_of_one_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--api-xml", "api/libvirt-api.xml"]) == 0
    once = capsys.readouterr().err
    assert main(["check", "--api-xml", "api/libvirt-api.xml", "--api-xml", "link.xml"]) == 0
    assert capsys.readouterr().err == once  # placed under the first name
    assert main(["diff", "api/libvirt-api.xml,./api/libvirt-api.xml", "api/libvirt-api.xml"]) == 0
    assert "0 changes" in capsys.readouterr().err


def test_reader_keeps_the_first_name_and_lists_each_file_once(tmp_path: Path) -> None:
    _names_of_one_file(tmp_path)
    first = str(tmp_path / "api" / "libvirt-api.xml")
    link = str(tmp_path / "link.xml")
    assert xml_root([first, link]) == str(tmp_path / "api")
    result = load_api_xml([first, link, first], xml_root([first, link, first]))
    assert result.inputs == [first]
    assert result.api.modules[0].location.file == "libvirt-api.xml"
    result = load_api_xml([link, first])
    assert result.inputs == [link] and result.api.modules[0].location.file == link


def test_two_copies_of_one_module_stay_an_error(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_XML, tmp_path / "a.xml")
    os.link(tmp_path / "a.xml", tmp_path / "hard.xml")  # a second name of the same file: read once
    shutil.copy(SAMPLE_XML, tmp_path / "b.xml")  # the same bytes, another file: an error
    assert load_api_xml([str(tmp_path / "a.xml"), str(tmp_path / "hard.xml")]).inputs == [str(tmp_path / "a.xml")]
    with pytest.raises(FrontendError, match="is given twice"):
        load_api_xml([str(tmp_path / "a.xml"), str(tmp_path / "b.xml")])


# --- 3. python-no-bindings: a real place, advice in the input's terms -----------------

QEMU_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt-qemu'>
  <files>
    <file name='libvirt-qemu'>
     <summary>qemu</summary>
    </file>
  </files>
  <symbols>
    <function name='virDomainQemuMonitorCommand' file='libvirt-qemu' module='libvirt-qemu' version='0.8.3'>
      <info><![CDATA[Send a command.]]></info>
      <return type='int' info='0 on success, -1 on failure'/>
      <arg name='cmd' type='const char *' info='the command'/>
    </function>
  </symbols>
</api>
"""


def _no_bindings(api: Api) -> str:
    found = python_backend.diagnostics(api)
    assert [d.rule for d in found] == ["python-no-bindings"]
    return str(found[0])


def test_no_bindings_from_xml_points_at_the_xml_file(tmp_path: Path) -> None:
    """QA: '<input>:1:1: warning: ... (add virterror.h)' for a qemu XML file alone."""
    path = tmp_path / "q.xml"
    path.write_text(QEMU_XML, encoding="utf-8")
    shown = _no_bindings(load_api_xml([str(path)], str(tmp_path)).api)
    assert shown == (
        "q.xml:2:1: warning: no Python bindings: they read libvirt's errors through virErrorPtr, "
        "which the input does not declare (add libvirt-api.xml) [python-no-bindings]"
    )


def test_no_bindings_from_an_incomplete_libvirt_xml(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(QEMU_XML.replace("'libvirt-qemu'", "'libvirt'").replace("libvirt-qemu", "libvirt-x"), encoding="utf-8")
    shown = _no_bindings(load_api_xml([str(path)], str(tmp_path)).api)
    assert shown.startswith("libvirt-api.xml:2:1: warning: ")
    assert shown.endswith("(read libvirt's own libvirt-api.xml, which has virterror.h's declarations) [python-no-bindings]")


def test_no_bindings_from_sources_keeps_the_header_and_virterror_advice() -> None:
    shown = _no_bindings(load_files([str(SAMPLE_HEADER)]).api)
    assert shown.startswith("include/libvirt/libvirt-domain-checkpoint.h:1:1: warning: ")
    assert shown.endswith("(add virterror.h) [python-no-bindings]")


def test_no_bindings_with_werror_fails_at_the_xml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: with --werror the failing error was '/usr/share/libvirt/api/<input>:1:1'."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "libvirt-qemu-api.xml").write_text(QEMU_XML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--api-xml", "api/libvirt-qemu-api.xml", "--only", "python", "--werror", "-o", "out"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("api/libvirt-qemu-api.xml:2:1: error: no Python bindings: ")
    assert lines[0].endswith("(add libvirt-api.xml) [python-no-bindings, --werror]")


# --- 4. enum members in the best guess at declaration order ---------------------------

ORDER_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt'>
  <files>
    <file name='libvirt-o'>
     <summary>enum order</summary>
    </file>
  </files>
  <symbols>
    <enum name='VIR_O_ALSO_ONE' file='libvirt-o' value='1' value_hex='0x1' value_bitshift='0' type='virOFlags' version='1.2.0'/>
    <enum name='VIR_O_BIG' file='libvirt-o' value='4' value_hex='0x4' value_bitshift='2' type='virOFlags' version='1.0.0'/>
    <enum name='VIR_O_MIDDLE' file='libvirt-o' value='2' value_hex='0x2' value_bitshift='1' type='virOFlags' version='1.0.0'/>
    <enum name='VIR_O_ONE' file='libvirt-o' value='1' value_hex='0x1' value_bitshift='0' type='virOFlags' version='1.0.0'/>
    <enum name='VIR_O_TIE_A' file='libvirt-o' value='8' value_hex='0x8' value_bitshift='3' type='virOFlags' version='1.0.0'/>
    <enum name='VIR_O_TIE_B' file='libvirt-o' value='8' value_hex='0x8' value_bitshift='3' type='virOFlags' version='1.0.0'/>
    <typedef name='virOFlags' file='libvirt-o' type='enum'/>
  </symbols>
</api>
"""


def _enum_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("    <enum ")]


def test_members_are_ordered_by_value_then_release_then_name(tmp_path: Path) -> None:
    """QA: from XML, SnapshotListFlags(1) was DESCENDANTS and TypedParameterType began BOOLEAN, DOUBLE."""
    path = tmp_path / "libvirt-api.xml"
    path.write_text(ORDER_XML, encoding="utf-8")
    result = load_api_xml([str(path)])
    module = result.api.modules[0]
    assert module.enums[0].members == ("VIR_O_ONE", "VIR_O_ALSO_ONE", "VIR_O_MIDDLE", "VIR_O_BIG", "VIR_O_TIE_A", "VIR_O_TIE_B")
    aliases = {m.name: m.alias_of for m in module.members if m.alias_of}
    assert aliases == {"VIR_O_ALSO_ONE": "VIR_O_ONE", "VIR_O_TIE_B": "VIR_O_TIE_A"}  # the older release, else the name first
    assert [m.name for m in module.members] == sorted(m.name for m in module.members)  # Module.members stays by name
    assert result.diagnostics == []
    assert _enum_lines(apixml.render(result.api)["libvirt-api.xml"]) == _enum_lines(ORDER_XML)  # written back as read


def test_malformed_release_sorts_last_without_cost(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    huge = "9" * 100_000  # int() refuses more than 4300 digits: must not be parsed
    path.write_text(ORDER_XML.replace("version='1.0.0'/>\n    <enum name='VIR_O_TIE_B'", f"version='{huge}'/>\n    <enum name='VIR_O_TIE_B'"), encoding="utf-8")
    module = load_api_xml([str(path)]).api.modules[0]
    assert module.enums[0].members[-2:] == ("VIR_O_TIE_B", "VIR_O_TIE_A")


VALUELESS_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt'>
  <files>
    <file name='libvirt-v'>
     <summary>value-less members</summary>
    </file>
  </files>
  <symbols>
    <enum name='VIR_V_A' file='libvirt-v' value='VIR_V_D' type='virVKind'/>
    <enum name='VIR_V_B' file='libvirt-v' type='virVKind'/>
    <enum name='VIR_V_C' file='libvirt-v' value='1' value_hex='0x1' type='virVKind'/>
    <enum name='VIR_V_D' file='libvirt-v' value='5' value_hex='0x5' type='virVKind'/>
    <typedef name='virVKind' file='libvirt-v' type='enum'/>
  </symbols>
</api>
"""


def test_valueless_member_stays_after_the_member_before_it(tmp_path: Path) -> None:
    """B has no value and follows A (an initializer, printed as written), so the
    export leaves it without one; sorted last it would follow D and be exported as 6."""
    path = tmp_path / "libvirt-api.xml"
    path.write_text(VALUELESS_XML, encoding="utf-8")
    result = load_api_xml([str(path)])
    assert result.api.modules[0].enums[0].members == ("VIR_V_C", "VIR_V_A", "VIR_V_B", "VIR_V_D")
    assert result.diagnostics == []
    assert _enum_lines(apixml.render(result.api)["libvirt-api.xml"]) == _enum_lines(VALUELESS_XML)  # B still without a value


def test_member_named_twice_with_two_types_is_one_member(tmp_path: Path) -> None:
    other = "    <enum name='VIR_O_BIG' file='libvirt-o' value='3' type='virOther'/>\n    <typedef name='virOther' file='libvirt-o' type='enum'/>\n"
    text = ORDER_XML.replace("    <typedef name='virOFlags'", other + "    <typedef name='virOFlags'")
    path = tmp_path / "libvirt-api.xml"
    path.write_text(text, encoding="utf-8")
    result = load_api_xml([str(path)])
    module = result.api.modules[0]
    assert [m.name for m in module.members].count("VIR_O_BIG") == 1
    assert {e.name: e.members.count("VIR_O_BIG") for e in module.enums} == {"virOFlags": 1, "virOther": 0}
    assert [d.rule for d in result.diagnostics] == ["apixml-duplicate"]


@pytest.mark.libvirt_tree
@pytest.mark.libvirt_dev
def test_libvirt_enums_from_xml_follow_the_headers(libvirt_tree: Path, libvirt_api_dir: Path) -> None:
    """168 of 9.0.0's 172 enums in the header's order; the bindings' enum classes
    the same from either input but for the three documented exceptions."""
    source = load_tree(libvirt_tree).api
    xml = load_api_xml([str(p) for p in sorted(libvirt_api_dir.glob("libvirt*-api.xml"))]).api
    orders = [{(m.name, e.name): e.members for m in api.modules for e in m.enums} for api in (source, xml)]
    assert orders[0].keys() == orders[1].keys() and len(orders[0]) == 172
    differ = sorted(name for (_, name), members in orders[0].items() if orders[1][(_, name)] != members)
    assert differ == ["virDomainCheckpointListFlags", "virDomainQemuAgentCommandTimeoutValues", "virDomainSnapshotListFlags", "virVcpuHostCpuState"]
    snapshot = {m.name: m.alias_of for m in xml.modules[0].members if m.enum == "virDomainSnapshotListFlags"}
    assert (snapshot["VIR_DOMAIN_SNAPSHOT_LIST_ROOTS"], snapshot["VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS"]) == (None, "VIR_DOMAIN_SNAPSHOT_LIST_ROOTS")

    def classes(api: Api) -> dict[str, list[str]]:
        text = python_backend.render(api)["libvirt_ctypes/__init__.py"]
        found: dict[str, list[str]] = {}
        for match in re.finditer(r"^class (\w+)\(enum\.Int(?:Enum|Flag)[^)]*\):\n((?:(?: .*)?\n)+?)(?=\S)", text, re.MULTILINE):
            found[match.group(1)] = re.findall(r"^    ([A-Z][A-Z0-9_]*) = ", match.group(2), re.MULTILINE)
        return found

    from_source, from_xml = classes(source), classes(xml)
    assert len(from_source) > 100 and from_source.keys() == from_xml.keys()
    assert sorted(c for c in from_source if from_source[c] != from_xml[c]) == ["CheckpointListFlags", "SnapshotListFlags", "VcpuHostCpuState"]
    assert from_xml["TypedParameterType"][:2] == ["INT", "UINT"]
    assert from_xml["SnapshotListFlags"][0] == from_source["SnapshotListFlags"][0] == "ROOTS"
