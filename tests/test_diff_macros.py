"""``virt-apigen diff`` on macros: a function-like macro without a body in an
XML is unknown, not a value change, and a macro turning function-like says
object-like and function-like."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_support import S
from diff_support import plain_changes as _changes
from test_diff import _records

from generator.apidiff import Facts, diff
from generator.cli import main
from generator.model import Api, Macro, Module

# --- a function-like macro without a body in an XML --------------------------------------


def _macro(raw: str) -> Api:
    maplen = Macro("VIR_CPU_MAPLEN", "t", ("cpu",), (), None, raw, "", "")
    return Api((Module("libvirt", (), (), (), (), (), (), (), (maplen,), ()),))


def test_function_like_macro_without_body_in_xml_is_unknown() -> None:
    tree, xml = _macro("(((cpu) + 7) / 8)"), _macro("")
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []
    # two sources: an emptied body is a change (compatible, as every function-like body change)
    assert _records(diff(tree, xml)) == {("macro-value-changed", "VIR_CPU_MAPLEN", "compatible")}


def test_tree_against_installed_xml_has_no_macro_value_changes(libvirt_tree: Path, libvirt_api_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(libvirt_tree), str(libvirt_api_dir), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"macro-value-changed"' not in out and '"doc-changed"' in out


# --- a macro changing form says so ------------------------------------------------


def test_macro_turning_function_like_says_object_like_and_function_like(tmp_path: Path) -> None:
    assert _changes(tmp_path / "a", "#define VIR_M 16\n", "#define VIR_M() 16\n") == [
        ("macro-params-changed", "VIR_M", S, "object-like -> function-like ()"),
    ]
    assert _changes(tmp_path / "b", "#define VIR_M(a) 16\n", "#define VIR_M 16\n") == [
        ("macro-params-changed", "VIR_M", S, "function-like (a) -> object-like"),
    ]
    assert _changes(tmp_path / "c", "#define VIR_M(a) 16\n", "#define VIR_M(a, b) 16\n") == [
        ("macro-params-changed", "VIR_M", S, "(a) -> (a, b)"),
    ]
