"""``virt-apigen diff`` on the ways C names one enum: ``enum TAG``, its typedef
name and the other typedef names standing for it are one type, in a parameter,
a return type, a struct field or a callback; and ``typedef enum {...} virA,
virB;`` written ``virB, virA`` is the same enum, though the model names it
after the first name.  A really different type is still a change.

Each case is a one-header tree whose ``libvirt-host.h`` ends with the text given."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from diff_support import A, C, S
from diff_support import exported as _exported
from diff_support import plain_api as _api
from diff_support import plain_changes as _changes

from generator.apidiff import Facts, diff
from generator.model import Api

# --- enum TAG and its typedef name -------------------------------------------------

TK = "typedef enum virTK {\n    VIR_TK_A = 0, /* a */\n} virTK;\n"
OTHER = "typedef enum virO {\n    VIR_O_A = 0, /* a */\n} virO;\n"

PARAM = "/**\n * virTKGet:\n * @p: p\n *\n * Get.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\nint virTKGet(%s *p);\n"
RETURN = "/**\n * virTKMake:\n *\n * Make.\n *\n * Returns a.\n *\n * Since: 1.0.0\n */\n%s *virTKMake(void);\n"
FIELD = "typedef struct _virS virS;\nstruct _virS {\n    %s *k; /* k */\n};\n"
CALLBACK = "typedef int (*virTKCb)(%s *k);\n"


@pytest.mark.parametrize("where", [PARAM, RETURN, FIELD, CALLBACK], ids=["param", "return", "field", "callback"])
def test_enum_tag_and_its_typedef_name_are_one_type(tmp_path: Path, where: str) -> None:
    assert _changes(tmp_path / "to-typedef", TK + where % "enum virTK", TK + where % "virTK") == []
    assert _changes(tmp_path / "to-tag", TK + where % "virTK", TK + where % "enum virTK") == []


def test_another_type_than_the_enum_still_breaks(tmp_path: Path) -> None:
    old = TK + OTHER
    for other in ("virO", "enum virO", "int"):
        got = {kind: (level, detail) for kind, _, level, detail in _changes(
            tmp_path / other.replace(" ", "-"),
            old + PARAM % "enum virTK" + RETURN % "enum virTK" + FIELD % "enum virTK" + CALLBACK % "enum virTK",
            old + PARAM % other + RETURN % other + FIELD % other + CALLBACK % other,
        )}
        # virTK, of no negative value, is unsigned int to gcc (see test_diff_enum_integer_types.py)
        note = " (only signedness changed: same size; virTK is an enum of type unsigned int)" if other == "int" else ""
        assert got == {
            "param-type-changed": (A, f"parameter 1 'p': enum virTK * -> {other} *{note}"),
            "return-type-changed": (A, f"returns {other} * instead of enum virTK *{note}"),
            "struct-changed": (A, f"k: enum virTK * k -> {other} * k"),
            "callback-changed": (A, f"int (enum virTK *) -> int ({other} *)"),
        }


def test_a_second_typedef_of_the_tag_is_the_enum_too(tmp_path: Path) -> None:
    both = "typedef enum _virQ {\n    VIR_Q_A = 0, /* a */\n} virQ;\ntypedef enum _virQ virQ3;\ntypedef virQ virQ4;\n"
    assert _changes(tmp_path / "tag", both + PARAM % "enum _virQ", both + PARAM % "virQ3") == []
    assert _changes(tmp_path / "alias", both + PARAM % "virQ4", both + PARAM % "virQ") == []


def test_a_tag_given_a_typedef_name_is_the_same_parameter_type(tmp_path: Path) -> None:
    tagged = "enum _virX {\n    VIR_X_A = 0, /* a */\n};\n"
    assert _changes(tmp_path, tagged + PARAM % "enum _virX", tagged + "typedef enum _virX virX;\n" + PARAM % "virX") == [
        ("type-added", "virX", C, "typedef name for enum _virX, the same enum"),
    ]


# --- typedef enum {...} virA, virB; the names in another order ---------------------

ENUM = "typedef enum {\n    A_X = 0, /* x */\n    A_Y = 1, /* y */\n} %s;\n"


def test_typedef_names_of_one_enum_in_another_order_are_no_change(tmp_path: Path) -> None:
    assert _changes(tmp_path / "bare", ENUM % "virA, virB", ENUM % "virB, virA") == []
    # a typedef of the first name follows it to the other name; a parameter may use either
    old, new = ENUM % "virA, virB" + "typedef virA virC;\n", ENUM % "virB, virA" + "typedef virB virC;\n"
    assert _changes(tmp_path / "alias", old + PARAM % "virA", new + PARAM % "virB") == []


def test_typedef_names_in_another_order_between_exported_xmls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_tree, old_xml = _exported(tmp_path, "old", ENUM % "virA, virB", capsys)
    new_tree, new_xml = _exported(tmp_path, "new", ENUM % "virB, virA", capsys)
    assert diff(old_xml, new_xml, Facts.XML, Facts.XML) == []
    assert diff(old_tree, new_xml, Facts.SOURCE, Facts.XML) == []
    assert diff(old_xml, new_tree, Facts.XML, Facts.SOURCE) == []


def test_a_name_put_first_or_dropped_is_only_that_name(tmp_path: Path) -> None:
    assert _changes(tmp_path / "added", ENUM % "virA", ENUM % "virB, virA") == [
        ("type-added", "virB", C, "typedef name for the enum virA, the same enum"),
    ]
    assert _changes(tmp_path / "dropped", ENUM % "virB, virA", ENUM % "virA") == [
        ("type-removed", "virB", S, "typedef name of the enum gone, the enum stays (as virA)"),
    ]


def test_a_name_given_to_another_enum_still_breaks(tmp_path: Path) -> None:
    other = "typedef enum {\n    B_X = 0, /* x */\n} %s;\n"
    changes = _changes(tmp_path, ENUM % "virA, virB" + other % "virC", ENUM % "virA" + other % "virC, virB")
    assert ("typedef-changed", "virB", A, "virA -> virC") in changes


def test_a_side_lacking_the_enum_reads_it_as_the_other_side_does(tmp_path: Path) -> None:
    """A list of files may lack the header defining ``virTK``: its ``virTK *`` is the
    other side's enum, as a pointer typedef it lacks is (``virTKPtr`` there)."""
    pointer = "typedef virTK *virTKPtr;\n"
    full = _api(tmp_path, "full", TK + pointer + "int virTKGet(virTKPtr p);\n")
    lacking = _api(tmp_path, "lacking", TK + "int virTKGet(virTK *p);\n")
    module = replace(lacking.modules[0], enums=(), members=())  # the enum's header not among the files
    lacking = Api((module,), ())
    assert [c.kind for c in diff(full, lacking) if c.kind.startswith("param")] == []
    assert [c.kind for c in diff(lacking, full) if c.kind.startswith("param")] == []


# --- a tag spelled as another typedef's name ---------------------------------------

INT_TAGS = (
    "typedef int virTA;\ntypedef int virTB;\n"
    "typedef enum virTA {\n    VIR_TA_A = 0, /* a */\n} virA;\n"
    "typedef enum virTB {\n    VIR_TB_A = 0, /* a */\n} virB;\n"
)


def test_a_tag_is_not_the_typedef_of_its_spelling(tmp_path: Path) -> None:
    # last session's review: the `virTA` of `enum virTA` was resolved as `typedef int virTA`, `enum int`:
    # the enum's own typedef name was another type, and two enums so tagged were one
    assert _changes(tmp_path / "same", INT_TAGS + PARAM % "enum virTA", INT_TAGS + PARAM % "virA") == []
    assert _changes(tmp_path / "other", INT_TAGS + PARAM % "enum virTA", INT_TAGS + PARAM % "enum virTB") == [
        ("param-type-changed", "virTKGet", A, "parameter 1 'p': enum virTA * -> enum virTB *"),
    ]
    assert _changes(tmp_path / "int", INT_TAGS + PARAM % "enum virTA", INT_TAGS + PARAM % "virTA") == [
        # typedef int virTA: int, where the enum is unsigned int to gcc
        ("param-type-changed", "virTKGet", A,
         "parameter 1 'p': enum virTA * -> virTA * (only signedness changed: same size; virA is an enum of type unsigned int)"),
    ]


@pytest.mark.parametrize("tagged, named", [("enum virTK", "virTK"), ("enum _virQ", "virQ")], ids=["tag-is-name", "tag-apart"])
def test_an_xml_side_reads_a_tag_as_the_tree_does(tmp_path: Path, capsys: pytest.CaptureFixture[str], tagged: str, named: str) -> None:
    """An exported XML keeps no tag: its ``enum virTK *`` was compared as spelled against
    the tree's ``virTK *``, one type there, and reported ABI-breaking."""
    enums = TK + "typedef enum _virQ {\n    VIR_Q_A = 0, /* a */\n} virQ;\n"
    tag_tree, tag_xml = _exported(tmp_path, "tag", enums + CALLBACK % tagged + FIELD % tagged, capsys)
    name_tree, name_xml = _exported(tmp_path, "name", enums + CALLBACK % named + FIELD % named, capsys)
    for old, new, facts in [
        (tag_xml, name_tree, (Facts.XML, Facts.SOURCE)), (name_tree, tag_xml, (Facts.SOURCE, Facts.XML)),
        (name_xml, tag_tree, (Facts.XML, Facts.SOURCE)), (tag_tree, name_xml, (Facts.SOURCE, Facts.XML)),
    ]:
        assert diff(old, new, *facts) == []
    # between two XMLs neither knows the tag: compared as spelled (see docs/diff.md)
    assert [c.kind for c in diff(tag_xml, name_xml, Facts.XML, Facts.XML)] == ["callback-changed", "struct-changed"]
