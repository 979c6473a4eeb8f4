"""``virt-apigen diff`` on C types spelled another way: no change (a struct
field, a parameter, a pointer typedef spelled out, a typedef target), the
const rule still followed, and a pointer typedef resolved on its own side only.

Each test edits the small tree of ``tests/cases/diff-layout`` (one struct,
one flags enum, ``virTPtr``) or builds models, and asserts on records."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_support import FIELDS, HEADER
from diff_support import layout_changes as _changes
from test_diff import _records

from generator.apidiff import Classification, diff
from generator.apidiff.compare import _param_type_change, _same_type
from generator.model import Api, Function, Module, Ownership, Param, Typedef

RUN = "int virTRun(virTPtr t, const char *name, unsigned int flags);"


# --- one C type spelled another way is no change -----------------------------------


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("unsigned long", "unsigned long int", True),
        ("long", "long int", True),
        ("long", "signed long int", True),
        ("int", "signed int", True),
        ("int", "signed", True),
        ("unsigned", "unsigned int", True),
        ("int unsigned", "unsigned int", True),
        ("long long int", "long long", True),
        ("unsigned long long", "long unsigned long int", True),
        ("short int", "short", True),
        ("unsigned short", "short unsigned int", True),
        ("char const *", "const char *", True),
        ("char const * const *", "const char *const*", True),
        ("signed char", "char", False),  # another type in C
        ("unsigned char", "char", False),
        ("long", "long long", False),
        ("long double", "double", False),
        ("unsigned", "int", False),
        ("char * const *", "const char **", False),
    ],
)
def test_type_spellings(old: str, new: str, same: bool) -> None:
    assert _same_type(old, new) is same
    assert _same_type(new, old) is same


def test_type_spellings_in_a_tree_are_no_change(tmp_path: Path) -> None:
    """Four cases, on the small tree: a struct field, a parameter, a pointer typedef spelled out, a typedef target."""
    edits = [
        (HEADER, RUN, "int virTRun(virT *t, const char *name, int unsigned flags);"),
        (HEADER, FIELDS, "    signed int state; /* the state */\n"),
        (HEADER, "typedef virT *virTPtr;", "typedef virT *virTPtr;\ntypedef unsigned long long int virTCursor;"),
    ]
    old_edits = [(HEADER, "typedef virT *virTPtr;", "typedef virT *virTPtr;\ntypedef unsigned long long virTCursor;")]
    changes = [c for c in _changes(tmp_path, edits, old_edits) if c.kind not in ("doc-changed", "since-changed")]
    assert changes == []


def test_pointer_typedef_spelled_out_still_follows_the_const_rule(tmp_path: Path) -> None:
    first_level = _changes(tmp_path / "a", [(HEADER, RUN, "int virTRun(const virT *t, const char *name, unsigned int flags);")])
    assert _records(first_level) == {("param-type-changed", "virTRun", "compatible")}
    top_level = _changes(tmp_path / "b", [(HEADER, RUN, "int virTRun(virT * const t, const char *name, unsigned int flags);")])
    assert top_level == []
    deeper = _changes(tmp_path / "c", [(HEADER, RUN, "int virTRun(virT **t, const char *name, unsigned int flags);")])
    assert _records(deeper) == {("param-type-changed", "virTRun", "ABI-breaking")}


def test_pointer_typedef_is_resolved_on_its_own_side_only() -> None:
    """``virTPtr`` is ``virT *`` where a typedef says so; a name no side defines stays a name."""

    def api(param: str, typedefs: tuple[str, str] | None) -> Api:
        defined = (Typedef(typedefs[0], "t", typedefs[1], "", ""),) if typedefs else ()
        run = Function("virTRun", "t", "t", "int", "", Ownership.NONE, (Param("t", param, ""),), "", "", "", None, False)
        return Api((Module("libvirt", (), (run,), (), (), (), defined, (), (), ()),))

    assert diff(api("virTPtr", ("virTPtr", "virT *")), api("virT *", ("virTPtr", "virT *"))) == []
    assert _records(diff(api("virT *", None), api("virTPtr", ("virTPtr", "virT *")))) == {("type-added", "virTPtr", "compatible")}
    undefined = diff(api("virTPtr", None), api("virT *", None))
    assert [(c.kind, c.classification) for c in undefined] == [("param-type-changed", Classification.ABI)]
    assert _param_type_change("const virTPtr", "virTPtr") is None  # without a side's typedefs: as before


def test_a_tag_spelled_for_its_typedef_is_no_change(tmp_path: Path) -> None:
    """QA (session 20): virStreamPtr -> struct _virStream * was an ABI break; a typedef of a tag is only its name."""
    edits = [(HEADER, RUN, "int virTRun(struct _virT *t, const char *name, unsigned int flags);")]
    assert _changes(tmp_path / "a", edits) == []
    retagged = [(HEADER, RUN, "int virTRun(struct _virTInfo *t, const char *name, unsigned int flags);")]
    assert _records(_changes(tmp_path / "b", retagged)) == {("param-type-changed", "virTRun", "ABI-breaking")}


def test_a_signedness_only_change_says_so(tmp_path: Path) -> None:
    """QA (session 20): unsigned int -> int read like any ABI break; it stays one, told apart."""
    edits = [(HEADER, RUN, "int virTRun(virTPtr t, const char *name, int flags);")]
    changes = _changes(tmp_path / "a", edits)
    assert [(c.kind, c.classification, c.detail) for c in changes] == [
        ("param-type-changed", Classification.ABI, "parameter 3 'flags': unsigned int -> int (only signedness changed: same size)"),
    ]
    wider = _changes(tmp_path / "b", [(HEADER, RUN, "int virTRun(virTPtr t, const char *name, unsigned long flags);")])
    assert [c.detail for c in wider] == ["parameter 3 'flags': unsigned int -> unsigned long"]


def test_a_signedness_change_with_a_top_level_const_still_says_so(tmp_path: Path) -> None:
    """Session 21: ``const unsigned int`` -> ``int`` differs in signedness alone (a top-level const is
    no part of the function type); a const on what a pointer points to is more than signedness."""
    old = [(HEADER, RUN, "int virTRun(virTPtr t, const char *name, const unsigned int flags);")]
    changes = _changes(tmp_path / "a", [(HEADER, RUN, "int virTRun(virTPtr t, const char *name, int flags);")], old)
    assert [c.detail for c in changes] == ["parameter 3 'flags': const unsigned int -> int (only signedness changed: same size)"]
    pointed = _changes(tmp_path / "b", [(HEADER, RUN, "int virTRun(virTPtr t, char *name, unsigned int flags);")],
                       [(HEADER, RUN, "int virTRun(virTPtr t, const signed char *name, unsigned int flags);")])
    assert [c.detail for c in pointed] == ["parameter 2 'name': const signed char * -> char *"]


def test_a_typedef_of_a_struct_typedef_is_the_struct(tmp_path: Path) -> None:
    """Review (session 20): typedef virT virT2 made virT2 * -> struct _virT * an ABI break."""
    alias = [(HEADER, "typedef virT *virTPtr;", "typedef virT *virTPtr;\ntypedef virT virT2;")]
    edits = [*alias, (HEADER, RUN, "int virTRun(struct _virT *t, const char *name, unsigned int flags);")]
    old = [*alias, (HEADER, RUN, "int virTRun(virT2 *t, const char *name, unsigned int flags);")]
    changes = [c for c in _changes(tmp_path, edits, old) if c.kind not in ("doc-changed", "since-changed")]
    assert changes == []
