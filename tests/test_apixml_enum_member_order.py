"""Enum members read from API XML come back in the best guess at declaration
order: by value, then release, then name; a malformed release sorts last; a
member without a value stays after the member before it; a member named twice
with two types is one member; libvirt's enums follow the headers' order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.backends import apixml
from generator.backends import python as python_backend
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api

# --- enum members in the best guess at declaration order ---------------------------

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
