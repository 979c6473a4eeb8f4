"""``virt-apigen diff`` on enum values not computed: compared as written (as
tokens), the same initializer is no change, an implicit member counts from
the one before, and a tree against its own XML export shows no change.

Each case is a one-header tree whose ``libvirt-host.h`` ends with the text given."""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import PLAIN_HEADER, PLAIN_SOURCE, make_tree

from generator.apidiff import Classification, Facts, diff
from generator.cli import main
from generator.frontend import load_tree
from generator.frontend.apixml_reader import load_api_xml
from generator.model import Api

A, S, C = Classification.ABI, Classification.SOURCE, Classification.COMPATIBLE


Record = tuple[str, str, Classification, str]


def _tree(root: Path, extra: str) -> Path:
    return make_tree(root, extra, header=PLAIN_HEADER, source=PLAIN_SOURCE)


def _api(tmp_path: Path, name: str, extra: str) -> Api:
    return load_tree(_tree(tmp_path / name, extra)).api


def _changes(tmp_path: Path, old: str, new: str) -> list[Record]:
    changes = diff(_api(tmp_path, "old", old), _api(tmp_path, "new", new))
    return [(c.kind, c.symbol, c.classification, c.detail) for c in changes]


def _exported(tmp_path: Path, name: str, extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[Api, Api]:
    """A tree's model and the model of its XML export."""
    tree = _tree(tmp_path / name, extra)
    assert main(["api", "--srcdir", str(tree), "-o", str(tmp_path / f"{name}-xml")]) == 0
    capsys.readouterr()
    return load_tree(tree).api, load_api_xml(sorted(str(p) for p in (tmp_path / f"{name}-xml").glob("*.xml"))).api


def _against_own_xml(tmp_path: Path, name: str, extra: str, capsys: pytest.CaptureFixture[str]) -> None:
    tree, xml = _exported(tmp_path, name, extra, capsys)
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []


def _enum(*members: str, tail: str = "} virCE;\n") -> str:
    return "typedef enum {\n" + "".join(f"    {m}, /* m */\n" for m in members) + tail


# --- an enum value not computed on a side is compared as written -----------------


def test_char_constant_becoming_one_of_unknown_sign_is_reported(tmp_path: Path) -> None:
    assert _changes(tmp_path, _enum("VIR_CE_A = 'a'"), _enum("VIR_CE_A = '\\xff'")) == [
        ("member-value-changed", "VIR_CE_A", A, "97 ('a') -> '\\xff'"),
    ]


def test_two_values_not_computed_compare_as_tokens(tmp_path: Path) -> None:
    assert _changes(tmp_path, _enum("VIR_CE_A = '\\xfe'"), _enum("VIR_CE_A = '\\xff'")) == [
        ("member-value-changed", "VIR_CE_A", A, "'\\xfe' -> '\\xff'"),
    ]
    anonymous = "enum {\n    VIR_X = sizeof(%s), /* x */\n};\n"
    changes = _changes(tmp_path / "sizeof", anonymous % "int", anonymous % "long")
    assert [(kind, symbol, level) for kind, symbol, level, _ in changes] == [("member-value-changed", "VIR_X", A)]
    assert changes[0][3].replace(" ", "") == "sizeof(int)->sizeof(long)"  # the scanner may space an initializer


def test_the_same_initializer_not_computed_is_no_change(tmp_path: Path) -> None:
    same = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_B")
    assert _changes(tmp_path, same, same + "/* respaced */\n") == []
    assert _changes(tmp_path / "spaces", _enum("VIR_CE_A = sizeof(int)"), _enum("VIR_CE_A = sizeof ( int )")) == []


def test_an_implicit_member_after_one_not_computed_counts_from_it(tmp_path: Path) -> None:
    """C: an implicit member is the one before plus one; inserting a member moves those after it."""
    old = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_B", "VIR_CE_C = 5", "VIR_CE_D")
    new = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_N", "VIR_CE_B", "VIR_CE_C = 5", "VIR_CE_D")
    changes = _changes(tmp_path, old, new)
    assert [(kind, symbol, level) for kind, symbol, level, _ in changes] == [
        ("member-added", "VIR_CE_N", C), ("member-value-changed", "VIR_CE_B", A),
    ]
    assert changes[1][3].replace(" ", "") == "(unknown:sizeof(int)+1)->(unknown:sizeof(int)+2)"


def test_values_not_computed_against_their_own_xml_are_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = _enum("VIR_CE_A = sizeof(int)", "VIR_CE_B", "VIR_CE_C = '\\xff'", "VIR_CE_D")
    _against_own_xml(tmp_path, "t", extra, capsys)
