"""``virt-apigen diff`` on enum and struct tags: an enum is one type whether
named by its tag or a typedef (a typedef given, dropped or renamed; a tag
renamed, dropped or added), a struct tag renamed breaks the source, and tags
survive pickling and the XML round trip.

Each case is a one-header tree whose ``libvirt-host.h`` ends with the text given."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from diff_support import C, S
from diff_support import against_own_xml as _against_own_xml
from diff_support import exported as _exported
from diff_support import plain_api as _api
from diff_support import plain_changes as _changes

from generator.apidiff import Facts, diff
from generator.frontend import load_tree
from generator.model import Api

# --- an enum is one type whether named by its tag or a typedef -------------------

TAGGED = "enum _virX {\n    VIR_X_A = 0, /* a */\n};\n"


def test_typedef_given_to_a_tag_only_enum_is_only_an_addition(tmp_path: Path) -> None:
    assert _changes(tmp_path, TAGGED, TAGGED + "typedef enum _virX virX;\n") == [
        ("type-added", "virX", C, "typedef name for enum _virX, the same enum"),
    ]


def test_typedef_dropped_from_a_tagged_enum_breaks_the_source(tmp_path: Path) -> None:
    assert _changes(tmp_path, TAGGED + "typedef enum _virX virX;\n", TAGGED) == [
        ("type-removed", "virX", S, "typedef name of enum _virX gone, the enum stays"),
    ]


def test_typedef_renamed_keeps_the_members_in_their_enum(tmp_path: Path) -> None:
    assert _changes(tmp_path, TAGGED + "typedef enum _virX virX;\n", TAGGED + "typedef enum _virX virY;\n") == [
        ("type-removed", "virX", S, "typedef name of enum _virX gone, the enum stays (as virY)"),
        ("type-added", "virY", C, "typedef name for enum _virX, the same enum"),
    ]


def test_enum_tag_renamed_dropped_or_added(tmp_path: Path) -> None:
    named = "typedef enum %s{\n    VIR_X_A = 0, /* a */\n} virX;\n"
    assert _changes(tmp_path / "renamed", named % "_virX ", named % "_virX2 ") == [
        ("tag-changed", "virX", S, "enum _virX -> enum _virX2: the type is no longer enum _virX"),
    ]
    assert _changes(tmp_path / "dropped", named % "_virX ", named % "") == [
        ("tag-changed", "virX", S, "enum _virX -> untagged: the type is no longer enum _virX"),
    ]
    assert _changes(tmp_path / "added", named % "", named % "_virX ") == [("tag-changed", "virX", C, "untagged -> enum _virX")]


def test_struct_tag_renamed_breaks_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    struct = "typedef struct %s virS;\nstruct %s {\n    int a; /* a */\n};\n"
    expected = [("tag-changed", "virS", S, "struct _virS -> struct _virS2: the type is no longer struct _virS")]
    assert _changes(tmp_path, struct % ("_virS", "_virS"), struct % ("_virS2", "_virS2")) == expected
    _, xml = _exported(tmp_path, "xml", struct % ("_virS", "_virS"), capsys)  # the XML keeps struct tags
    changes = diff(xml, load_tree(tmp_path / "new").api, Facts.XML, Facts.SOURCE)
    assert [(c.kind, c.symbol, c.classification, c.detail) for c in changes] == expected


def test_tagged_enums_against_their_own_xml_are_no_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _against_own_xml(tmp_path, "bare", TAGGED, capsys)
    _against_own_xml(tmp_path, "typedef", TAGGED + "typedef enum _virX virX;\n", capsys)


def test_enum_tags_survive_pickling_and_an_api_without_them_compares_by_name(tmp_path: Path) -> None:
    old, new = _api(tmp_path, "old", TAGGED), _api(tmp_path, "new", TAGGED + "typedef enum _virX virX;\n")
    assert new.enum_tags is not None and [(t.enum, t.tag, t.typedef) for t in new.enum_tags] == [("virX", "_virX", True)]
    assert old.enum_tags is not None and [(t.enum, t.tag, t.typedef) for t in old.enum_tags] == [("_virX", "_virX", False)]
    assert pickle.loads(pickle.dumps(new, protocol=pickle.HIGHEST_PROTOCOL)) == new
    rebuilt = Api(new.modules)  # tags not known: the enums are matched by name, as against an XML
    assert {(c.kind, c.symbol) for c in diff(old, rebuilt)} == {("type-removed", "_virX"), ("type-added", "virX"), ("member-moved", "VIR_X_A")}
