"""Where a finding points: at what changed, not at the declaration holding it.

A ``struct-changed`` or ``field-renamed`` pointed at the struct's typedef line,
however far from it the retyped or renamed field stood, and so did a field's
``doc-changed``; a function's ``doc-changed``, ``since-changed`` and a
deprecation its doc states at its prototype in the header, while the text that
changed is the doc comment in the ``.c`` file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_cli import CHECKPOINT_C, CHECKPOINT_H, SAMPLE, run

STRUCT = """struct _virQAPair {
    int key;
    int value;
    char *name;
    union {
        int i;
        char c;
    } u;
    char buf[4];
};
typedef struct _virQAPair virQAPair;
typedef struct _virQAPair virQAOtherPair;

"""
ALSO = " (also virQAOtherPair: one struct, struct _virQAPair)"  # every finding on the struct names its other typedef name


def _tree(tmp_path: Path, name: str, body: str = "") -> Path:
    tree = Path(shutil.copytree(SAMPLE, tmp_path / name))
    if body:
        header = tree / "include" / "libvirt" / "libvirt-domain.h"
        text = header.read_text(encoding="utf-8")
        end = text.rindex("#endif")
        header.write_text(text[:end] + body + text[end:], encoding="utf-8")
    return tree


def _at(tree: Path, path: str, text: str, after: str = "") -> str:
    """``path:line:col`` of the first ``text`` in the tree's file from the line holding ``after``, as the JSON
    report prints it (1-based)."""
    lines = (tree / path).read_text(encoding="utf-8").splitlines()
    start = next(i for i, content in enumerate(lines) if after in content)
    line = next(i for i, content in enumerate(lines[start:], start + 1) if text in content)
    return f"{tree.name}/{path}:{line}:{lines[line - 1].index(text) + 1}"


def _changes(tmp_path: Path, kind: str) -> list[dict[str, str]]:
    done = run("diff", "old", "new", "--format", "json", cwd=tmp_path)
    assert done.returncode in (0, 3, 4), done.stderr
    return [c for c in json.loads(done.stdout)["changes"] if c["kind"] == kind]


DOMAIN_H = "include/libvirt/libvirt-domain.h"
OPENING = "struct _virQAPair {"


def _struct_change(tmp_path: Path, *edits: tuple[str, str], kind: str = "struct-changed") -> dict[str, str]:
    _tree(tmp_path, "old", STRUCT)
    body = STRUCT
    for before, after in edits:
        assert before in body
        body = body.replace(before, after)
    _tree(tmp_path, "new", body)
    changes = _changes(tmp_path, kind)
    assert len(changes) == 1, changes  # one struct under two typedef names: still one line
    return changes[0]


def test_a_retyped_field_is_pointed_at(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    char *name;", "    long name;"))
    assert change["classification"] == "ABI-breaking" and "also virQAOtherPair" in change["detail"], change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "name;", OPENING)


def test_an_added_field_is_pointed_at_and_so_is_the_first_one_a_detail_names(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    int value;", "    unsigned int value;"), ("    char buf[4];", "    char buf[4];\n    long extra;"))
    assert change["detail"].startswith("value: int value -> unsigned int value; added long extra"), change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "value;", OPENING)


def test_a_removed_field_keeps_the_struct_location(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    char *name;\n", ""))
    assert change["detail"].startswith("removed char * name"), change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "virQAPair;", OPENING)


def test_a_removal_beside_an_addition_points_at_the_addition(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    char *name;\n", ""), ("    char buf[4];", "    char buf[4];\n    long extra;"))
    assert change["detail"].startswith("removed char * name; added long extra"), change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "extra;", OPENING)


def test_fields_reordered_point_at_the_first_one_moved(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    int key;\n    int value;\n    char *name;", "    int key;\n    char *name;\n    int value;"))
    assert "fields reordered" in change["detail"], change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "name;", OPENING)


def test_a_union_member_added_is_pointed_at(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("        char c;", "        char c;\n        short sh;"))
    assert change["classification"] == "compatible" and "union members added" in change["detail"], change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "sh;", OPENING)


def test_a_const_only_change_is_pointed_at(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    char *name;", "    const char *name;"))
    assert change["classification"] == "source-breaking" and "only const changed" in change["detail"], change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "name;", OPENING)


def test_an_array_size_respelled_is_pointed_at(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    char buf[4];", "    char buf[2 + 2];"))
    assert change["classification"] == "compatible" and "array size respelled" in change["detail"], change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "buf[", OPENING)


def test_union_members_reordered_point_at_the_union(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("        int i;\n        char c;", "        char c;\n        int i;"))
    assert change["classification"] == "source-breaking" and change["detail"].startswith("u members reordered"), change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "u;", OPENING)


def test_names_swapped_point_at_the_first_field_renamed(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    int key;\n    int value;", "    int value;\n    int key;"))
    assert change["classification"] == "ABI-breaking" and "now at another offset" in change["detail"], change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "value;", OPENING)


def test_a_renamed_field_is_pointed_at(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("    char *name;", "    char *label;"), kind="field-renamed")
    assert change["detail"] == "renamed at the same offset: name -> label" + ALSO, change
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "label;", OPENING)


def test_a_renamed_union_member_is_pointed_at(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("        char c;", "        char ch;"), kind="field-renamed")
    assert change["detail"] == "renamed at the same offset: u.c -> u.ch" + ALSO, change  # by its path, as struct-changed says u.c
    assert change["location"] == _at(tmp_path / "new", DOMAIN_H, "ch;", OPENING)


def test_a_field_doc_change_is_pointed_at(tmp_path: Path) -> None:
    """The model keeps no place of a field's doc, the comment beside it: the field's own line."""
    documented = STRUCT.replace("    char *name;", "    char *name; /* what it is called */").replace("    char buf[4];", "    char buf[4]; /* spare room */")
    _tree(tmp_path, "old", documented)
    _tree(tmp_path, "new", documented.replace("spare room", "room to spare"))
    changes = _changes(tmp_path, "doc-changed")
    assert [(c["symbol"], c["detail"]) for c in changes] == [("virQAPair", "field buf" + ALSO)], changes
    assert changes[0]["location"] == _at(tmp_path / "new", DOMAIN_H, "buf[", OPENING)


def test_several_field_doc_changes_point_at_the_first_one_named(tmp_path: Path) -> None:
    """The parts a doc-changed names and the place it points at are one decision: the first changed part's field."""
    documented = (
        STRUCT.replace("    int value;", "    int value; /* the value */")
        .replace("        char c;", "        char c; /* one byte */")
        .replace("    char buf[4];", "    char buf[4]; /* spare room */")
    )
    _tree(tmp_path, "old", documented)
    _tree(tmp_path, "new", documented.replace("one byte", "a single byte").replace("spare room", "room to spare"))
    changes = _changes(tmp_path, "doc-changed")
    assert [(c["symbol"], c["detail"]) for c in changes] == [("virQAPair", "field u.c, field buf" + ALSO)], changes
    assert changes[0]["location"] == _at(tmp_path / "new", DOMAIN_H, "c;", OPENING)


def test_a_union_member_doc_change_is_pointed_at(tmp_path: Path) -> None:
    documented = STRUCT.replace("        char c;", "        char c; /* one byte */")
    _tree(tmp_path, "old", documented)
    _tree(tmp_path, "new", documented.replace("one byte", "a single byte"))
    changes = _changes(tmp_path, "doc-changed")
    assert [(c["symbol"], c["detail"]) for c in changes] == [("virQAPair", "field u.c" + ALSO)], changes
    assert changes[0]["location"] == _at(tmp_path / "new", DOMAIN_H, "c;", OPENING)


def test_a_union_renamed_with_a_member_names_each_side_by_its_path(tmp_path: Path) -> None:
    change = _struct_change(tmp_path, ("        char c;\n    } u;", "        char ch;\n    } v;"), kind="field-renamed")
    assert change["detail"] == "renamed at the same offset: u -> v, u.c -> v.ch" + ALSO, change


def test_a_union_member_deprecated_is_named_by_its_path(tmp_path: Path) -> None:
    _tree(tmp_path, "old", STRUCT)
    _tree(tmp_path, "new", STRUCT.replace("        char c;", "        char c VIR_DEPRECATED;"))
    changes = _changes(tmp_path, "deprecated")
    assert [(c["symbol"], c["detail"]) for c in changes] == [("virQAPair.u.c", "now deprecated" + ALSO)], changes
    assert changes[0]["location"] == _at(tmp_path / "new", DOMAIN_H, "c VIR_DEPRECATED;", OPENING)


NESTED = STRUCT.replace("        char c;\n    } u;", "        char c;\n        union {\n            short s;\n            long l;\n        } w;\n    } u;")


def test_a_nested_union_member_doc_change_is_named_by_its_path(tmp_path: Path) -> None:
    documented = NESTED.replace("            long l;", "            long l; /* wide */")
    _tree(tmp_path, "old", documented)
    _tree(tmp_path, "new", documented.replace("wide", "the widest"))
    changes = _changes(tmp_path, "doc-changed")
    assert [(c["symbol"], c["detail"]) for c in changes] == [("virQAPair", "field u.w.l" + ALSO)], changes


@pytest.mark.parametrize("second", ["long l;", "short l;"], ids=["layout-changed", "layout-kept"])
def test_a_nested_union_reordered_is_named_by_its_path(tmp_path: Path, second: str) -> None:
    """Members of one type swapped keep the layout (``short s; short l;``): named as when their types differ."""
    body = NESTED.replace("long l;", second)
    _tree(tmp_path, "old", body)
    _tree(tmp_path, "new", body.replace(f"            short s;\n            {second}", f"            {second}\n            short s;"))
    changes = _changes(tmp_path, "struct-changed")
    assert [c["detail"].split(":")[0] for c in changes] == ["u.w members reordered"], changes


@pytest.mark.parametrize(
    ("body", "member", "union", "path"),
    [(STRUCT, "        char c", "u", "u.c"), (NESTED, "            long l", "u", "u.w.l"), (STRUCT, "        char c", "v", "v.c")],
    ids=["union-member", "nested-union-member", "union-renamed"],
)
def test_a_union_member_array_size_respelled_is_named_by_its_path(tmp_path: Path, body: str, member: str, union: str, path: str) -> None:
    """By NEW's path, as struct-changed names a member whose size changes value: not ``c`` alone, a name a
    reader could take for a field of the struct itself."""
    old = body.replace(f"{member};", f"{member}[4];")
    _tree(tmp_path, "old", old)
    _tree(tmp_path, "new", old.replace(f"{member}[4];", f"{member}[2+2];").replace("    } u;", f"    }} {union};"))
    changes = _changes(tmp_path, "struct-changed")
    assert [c["detail"] for c in changes] == [f"array size respelled, same value: {path}: [4] -> [2+2], both 4" + ALSO], changes
    assert changes[0]["location"] == _at(tmp_path / "new", DOMAIN_H, f"{member.split()[-1]}[", OPENING)


GET_NAME_SINCE = " * free it.\n *\n * Since: 5.6.0"  # the end of virDomainCheckpointGetName's doc comment
DEPRECATED_NOTE = " * free it.\n *\n * Deprecated: use virDomainCheckpointGetXMLDesc().\n *\n * Since: 5.6.0"


def _edit(tree: Path, path: str, before: str, after: str) -> None:
    source = tree / path
    text = source.read_text(encoding="utf-8")
    assert text.count(before) == 1, before
    source.write_text(text.replace(before, after), encoding="utf-8")


def _get_name_doc_comment(tree: Path) -> str:
    """Where virDomainCheckpointGetName's doc comment opens (its ``/**`` line), as the JSON report prints it."""
    lines = (tree / CHECKPOINT_C).read_text(encoding="utf-8").splitlines()
    opening = lines.index(" * virDomainCheckpointGetName:")  # 0-based: the "/**" line above it, 1-based
    assert lines[opening - 1] == "/**"
    return f"{tree.name}/{CHECKPOINT_C}:{opening}:1"


def _get_name(tmp_path: Path, kind: str) -> dict[str, str]:
    changes = [c for c in _changes(tmp_path, kind) if c["symbol"] == "virDomainCheckpointGetName"]
    assert len(changes) == 1, changes
    return changes[0]


def test_a_function_doc_change_points_at_its_doc_comment(tmp_path: Path) -> None:
    _tree(tmp_path, "old")
    new = _tree(tmp_path, "new")
    _edit(new, CHECKPOINT_C, "which is unique among the checkpoints", "which no other checkpoint")
    change = _get_name(tmp_path, "doc-changed")
    assert change["detail"] == "description", change
    assert change["location"] == _get_name_doc_comment(new)


def test_a_function_doc_comment_gone_points_at_its_prototype(tmp_path: Path) -> None:
    """NEW has no doc comment to point at: its prototype is where the function is."""
    _tree(tmp_path, "old")
    new = _tree(tmp_path, "new")
    source = new / CHECKPOINT_C
    text = source.read_text(encoding="utf-8")
    start = text.index("/**\n * virDomainCheckpointGetName:")
    source.write_text(text[:start] + text[text.index("*/\n", start) + 3:], encoding="utf-8")
    changes = [c for c in _changes(tmp_path, "doc-changed") if c["symbol"] == "virDomainCheckpointGetName"]
    assert len(changes) == 1, changes
    assert changes[0]["location"] == _at(new, CHECKPOINT_H, "virDomainCheckpointGetName(")


def test_a_function_since_change_points_at_its_doc_comment(tmp_path: Path) -> None:
    """The Since: tag is in the .c file's doc comment, not at the header's prototype."""
    _tree(tmp_path, "old")
    new = _tree(tmp_path, "new")
    _edit(new, CHECKPOINT_C, GET_NAME_SINCE, GET_NAME_SINCE.replace("5.6.0", "5.7.0"))
    change = _get_name(tmp_path, "since-changed")
    assert change["detail"] == "Since: 5.6.0 -> 5.7.0", change
    assert change["location"] == _get_name_doc_comment(new)


def test_a_function_deprecated_by_its_doc_points_at_its_doc_comment(tmp_path: Path) -> None:
    _tree(tmp_path, "old")
    new = _tree(tmp_path, "new")
    _edit(new, CHECKPOINT_C, GET_NAME_SINCE, DEPRECATED_NOTE)
    change = _get_name(tmp_path, "deprecated")
    assert change["location"] == _get_name_doc_comment(new)


def test_a_deprecation_note_gone_points_at_the_doc_comment_it_left(tmp_path: Path) -> None:
    old = _tree(tmp_path, "old")
    new = _tree(tmp_path, "new")
    _edit(old, CHECKPOINT_C, GET_NAME_SINCE, DEPRECATED_NOTE)
    change = _get_name(tmp_path, "undeprecated")
    assert change["location"] == _get_name_doc_comment(new)


def test_a_function_deprecated_by_its_attribute_points_at_its_prototype(tmp_path: Path) -> None:
    """VIR_DEPRECATED is written on the prototype: that is where it changed."""
    _tree(tmp_path, "old")
    new = _tree(tmp_path, "new")
    prototype = "const char *virDomainCheckpointGetName("
    _edit(new, CHECKPOINT_H, prototype, "VIR_DEPRECATED " + prototype)
    change = _get_name(tmp_path, "deprecated")
    assert change["location"] == _at(new, CHECKPOINT_H, "virDomainCheckpointGetName(")


def test_a_function_deprecated_by_its_doc_points_at_its_info_between_exported_xmls(tmp_path: Path) -> None:
    """An exported XML keeps the doc comment as the function's <info>, which the model's doc location names."""
    trees = _tree(tmp_path, "old-tree"), _tree(tmp_path, "new-tree")
    _edit(trees[1], CHECKPOINT_C, GET_NAME_SINCE, DEPRECATED_NOTE)
    for tree, name in zip(trees, ("old", "new"), strict=True):
        done = run("api", "--srcdir", tree, "-o", tmp_path / name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    change = _get_name(tmp_path, "deprecated")
    lines = (tmp_path / "new" / "libvirt-api.xml").read_text(encoding="utf-8").splitlines()
    element = next(i for i, line in enumerate(lines) if "<function name='virDomainCheckpointGetName'" in line)
    assert lines[element + 1].lstrip().startswith("<info>")
    assert change["location"].startswith(f"new/libvirt-api.xml:{element + 2}:"), change


# --- .syms facts: the entry in the .syms file, not the prototype ---------------------------------

SYMS = "src/libvirt_public.syms"
GET_NAME_EXPORT = "        virDomainCheckpointGetName;\n"
LATER_BLOCK = "\nLIBVIRT_5.7.0 {\n    global:\n        virDomainCheckpointGetName;\n} LIBVIRT_5.6.0;\n"


def _syms_change(tmp_path: Path, kind: str, *, old_edited: bool = False, new_edited: bool = False, moved: bool = False) -> tuple[dict[str, str], Path, Path]:
    """virDomainCheckpointGetName dropped from the .syms file of OLD or NEW, or (``moved``) moved to a later block in NEW."""
    old, new = _tree(tmp_path, "old"), _tree(tmp_path, "new")
    for tree, edited in ((old, old_edited), (new, new_edited or moved)):
        if edited:
            _edit(tree, SYMS, GET_NAME_EXPORT, "")
    if moved:
        (new / SYMS).write_text((new / SYMS).read_text(encoding="utf-8") + LATER_BLOCK, encoding="utf-8")
    return _get_name(tmp_path, kind), old, new


def test_a_version_moved_points_at_new_syms_entry(tmp_path: Path) -> None:
    change, _, new = _syms_change(tmp_path, "version-moved", moved=True)
    assert change["detail"] == ".syms block 5.6.0 -> 5.7.0", change
    assert change["location"] == _at(new, SYMS, "virDomainCheckpointGetName;", "LIBVIRT_5.7.0")


def test_a_function_exported_points_at_new_syms_entry(tmp_path: Path) -> None:
    change, _, new = _syms_change(tmp_path, "function-exported", old_edited=True)
    assert change["detail"] == "now exported in 5.6.0", change
    assert change["location"] == _at(new, SYMS, "virDomainCheckpointGetName;")


def test_a_function_unexported_points_at_old_syms_entry(tmp_path: Path) -> None:
    """NEW's .syms file has no line for it and its prototype did not change: OLD's entry, the line
    dropped, as a removal points into OLD (the detail names OLD's block)."""
    change, old, _ = _syms_change(tmp_path, "function-unexported", new_edited=True)
    assert change["detail"] == "no longer in the .syms file (was 5.6.0)", change
    assert change["location"] == _at(old, SYMS, "virDomainCheckpointGetName;")


def test_a_function_unexported_from_an_exported_xml_points_at_new_prototype(tmp_path: Path) -> None:
    """An exported XML lists no .syms entries: there is no line of OLD to point at."""
    tree = _tree(tmp_path, "old-tree")
    done = run("api", "--srcdir", tree, "-o", tmp_path / "old", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    new = _tree(tmp_path, "new")
    _edit(new, SYMS, GET_NAME_EXPORT, "")
    change = _get_name(tmp_path, "function-unexported")
    assert change["location"] == _at(new, CHECKPOINT_H, "virDomainCheckpointGetName(")
