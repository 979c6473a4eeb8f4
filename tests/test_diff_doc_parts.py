"""``virt-apigen diff``'s ``doc-changed``: which parts of a symbol's doc it compares.

QA (session 35) on libvirt 7.0.0 -> 9.0.0 found two kinds of doc edits never
compared: a callback's ``@param`` entries (13 in 11 callbacks, among them
``virConnectDomainEventCallback``'s ``@detail``) and a struct's own doc comment
(``virBlkioParameter``'s, its "since 0.9.2" dropped), though the same edit
to its ``...Ptr`` typedef was reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_support import C, exported, plain_changes

from generator.apidiff import Facts, diff


def _callback(detail: str, description: str = "Called on an event.") -> str:
    return (
        "/**\n * virConnectFooCallback:\n * @conn: the connection\n"
        f" * @detail: {detail}\n *\n * {description}\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"
        "typedef int (*virConnectFooCallback)(virConnectPtr conn, int detail);\n"
    )


def test_a_callback_param_doc_change_is_reported(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, _callback("what happened"), _callback("what happened (virFooDetailType)"))
    assert changes == [("doc-changed", "virConnectFooCallback", C, "@detail")]


def test_a_callback_names_every_part_that_changed(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, _callback("what happened"), _callback("what happened next", "Called on each event."))
    assert changes == [("doc-changed", "virConnectFooCallback", C, "description, @detail")]


def test_a_callback_param_doc_against_the_trees_own_xml_is_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree, xml = exported(tmp_path, "t", _callback("what happened (virFooDetailType)"), capsys)
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []


def _struct(doc: str) -> str:
    return (
        f"/**\n * virFooInfo:\n *\n * {doc}\n *\n * Since: 1.0.0\n */\n"
        "typedef struct _virFooInfo virFooInfo;\n"
        "struct _virFooInfo {\n    int state; /* the state */\n};\n"
    )


def test_a_structs_own_doc_change_is_reported_between_sources(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, _struct("Provided for compatibility since 0.9.2."), _struct("Provided for compatibility."))
    assert changes == [("doc-changed", "virFooInfo", C, "doc")]


def test_each_typedef_name_of_one_struct_has_its_own_doc(tmp_path: Path) -> None:
    alias = "/**\n * virBarInfo:\n *\n * {}\n *\n * Since: 1.0.0\n */\ntypedef struct _virFooInfo virBarInfo;\n"
    before = _struct("The info.") + alias.format("An alias since 0.9.2.")
    after = _struct("The info.") + alias.format("An alias.")
    assert plain_changes(tmp_path, before, after) == [("doc-changed", "virBarInfo", C, "doc")]


def test_a_structs_own_doc_is_unknown_in_an_exported_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_tree, old_xml = exported(tmp_path, "old", _struct("Provided for compatibility since 0.9.2."), capsys)
    new_tree, new_xml = exported(tmp_path, "new", _struct("Provided for compatibility."), capsys)
    assert diff(old_tree, new_xml, Facts.SOURCE, Facts.XML) == []
    assert diff(old_xml, new_tree, Facts.XML, Facts.SOURCE) == []
    assert [c.kind for c in diff(old_tree, new_tree)] == ["doc-changed"]


def _macro(param_doc: str, doc: str = "Casts a callback.") -> str:
    return f"/**\n * VIR_FOO_CALLBACK:\n * @cb: {param_doc}\n *\n * {doc}\n *\n * Since: 1.0.0\n */\n#define VIR_FOO_CALLBACK(cb) ((void *)(cb))\n"


def test_a_macro_param_doc_change_is_reported(tmp_path: Path) -> None:
    """A function-like macro's ``@param`` entries are compared as a callback's are (found after
    the session 35 QA: ``Macro.param_docs`` was never compared)."""
    changes = plain_changes(tmp_path, _macro("the callback"), _macro("the callback to cast"))
    assert changes == [("doc-changed", "VIR_FOO_CALLBACK", C, "@cb")]


def test_a_macro_names_every_part_that_changed(tmp_path: Path) -> None:
    changes = plain_changes(tmp_path, _macro("the callback"), _macro("the callback to cast", "Casts any callback."))
    assert changes == [("doc-changed", "VIR_FOO_CALLBACK", C, "doc, @cb")]


def test_a_macro_param_doc_against_the_trees_own_xml_is_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree, xml = exported(tmp_path, "t", _macro("the callback to cast"), capsys)
    assert diff(tree, xml, Facts.SOURCE, Facts.XML) == []
    assert diff(xml, tree, Facts.XML, Facts.SOURCE) == []
