"""A member the export writes without a value after the largest value of a C type (gcc's "overflow in
enumeration values") reads back from ``--api-xml`` with none, and is never given a number by its place.

Session 28: the XML lists members by name, so in ``VIR_M_Z = 0x7fffffff, VIR_M_A, VIR_M_Y = 3`` the
value-less ``VIR_M_A`` comes first in the file.  The reader put it after the last member not printed as a
number, of which there was none: it stayed first, with an ``apixml-order`` warning, and the next export
numbered it 0 (read back: value 0, where the sources have none).  A member holding ``INT_MAX``,
``0xffffffff`` or ``2**63 - 1`` is one the backend numbers nothing after, like ``2**64 - 1``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import exported_from, without_source_line
from frontend_support import sample_with

from generator.backends import apixml
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api

ENUMS = (
    "typedef enum { VIR_QM_I_Z = 0x7fffffff, VIR_QM_I_A, VIR_QM_I_Y = 3 } virQmI;\n"  # A first in the file: after no member
    "typedef enum { VIR_QM_U_A = -5, VIR_QM_U_B = 0xffffffff, VIR_QM_U_C } virQmU;\n"  # C after A, numbered, in the file
    "typedef enum { VIR_QM_L_Y = 1, VIR_QM_L_Z = 0x7fffffffffffffff, VIR_QM_L_A, VIR_QM_L_B } virQmL;\n"
)


def members(api: Api) -> dict[str, int | None]:
    return {m.name: m.value for module in api.modules for m in module.members if m.name.startswith("VIR_QM_")}


def written(api: Api, folder: Path) -> tuple[dict[str, str], list[str]]:
    folder.mkdir()
    exported = apixml.render(api)
    for name, text in exported.items():
        (folder / name).write_text(text, encoding="utf-8")
    return exported, [str(folder / name) for name in exported]


def test_a_member_after_a_type_s_largest_value_reads_back_without_one(tmp_path: Path) -> None:
    source = load_tree(sample_with(tmp_path / "tree", ENUMS)).api
    assert [name for name, value in members(source).items() if value is None] == ["VIR_QM_I_A", "VIR_QM_L_A", "VIR_QM_L_B", "VIR_QM_U_C"]
    exported, paths = written(source, tmp_path / "first")
    read = load_api_xml(paths)
    assert read.diagnostics == []  # no apixml-order: the export left these values out, as it should
    assert members(read.api) == members(source)
    again, paths = written(read.api, tmp_path / "second")
    for name, text in exported.items():
        assert exported_from(again[name], name) == without_source_line(text), f"{name}: a value-less member was numbered"
    assert members(load_api_xml(paths).api) == members(source)
    order = {enum.name: enum.members for module in read.api.modules for enum in module.enums if enum.name.startswith("virQm")}
    assert order["virQmI"] == ("VIR_QM_I_Y", "VIR_QM_I_Z", "VIR_QM_I_A")
    assert order["virQmU"] == ("VIR_QM_U_A", "VIR_QM_U_B", "VIR_QM_U_C")
    assert order["virQmL"] == ("VIR_QM_L_Y", "VIR_QM_L_Z", "VIR_QM_L_A", "VIR_QM_L_B")
