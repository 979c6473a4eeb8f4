"""``check``'s ``undocumented-field`` rule: a field named by a comment of its
struct (``@end is ...`` above its group) is documented, on a small tree and on
libvirt 9.0.0."""

from __future__ import annotations

from pathlib import Path

from check_support import CASES, T_HEADER
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from check_support import first_names as _named
from edit_support import replace_once as _edit

# --- undocumented-field ---------------------------------------------------


STRUCT = """struct _virTInfo {
    int state; /* the state */

    /*
     * Progress: @cur runs from 0 to @end; dataTotal counts bytes, of which
     * dataProcessed are done.  The value is not a field's name here.
     */
    unsigned long long cur;
    unsigned long long end;
    unsigned long long dataTotal;
    unsigned long long dataProcessed;
    unsigned long long value;

    /* As above, but for memory */
    unsigned long long memTotal;
    unsigned long long memProcessed;

    int *kinds; /* the kinds */
    unsigned int nkinds;
};
"""


def test_a_field_named_by_a_comment_of_its_struct_is_documented(tmp_path: Path) -> None:
    """QA: virDomainBlockJobInfo.end was reported though the comment above its group says '@end is ...'."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _edit(tree / T_HEADER, "struct _virTInfo {\n    int state; /* the state */\n};\n", STRUCT)
    # 'value' is an English word: named only as '@value'; a comment naming no field
    # documents only the field the scanner gives it to, as a trailing one does
    assert _named(_check(tree), "undocumented-field") == ["value", "memProcessed", "nkinds"]


def test_libvirt_9_fields_named_by_a_group_comment(libvirt_tree: Path) -> None:
    reported = {(d.message.split(" of ")[1].split()[0], d.message.split("'")[1]) for d in _check(libvirt_tree) if d.rule == "undocumented-field"}
    assert not reported & {("virDomainBlockJobInfo", "end"), ("virDomainJobInfo", "dataProcessed"), ("virDomainJobInfo", "dataRemaining")}
    assert ("virDomainJobInfo", "memProcessed") in reported  # "As above, but ..." names no field
    assert len(reported) == 23


def test_a_field_under_a_group_comment_naming_it_not_is_told_so(tmp_path: Path) -> None:
    """QA (session 35): memProcessed and memRemaining of virDomainJobInfo, under "/* As above, but only
    tracking guest memory progress */" with memTotal, were told "has no doc comment" though a comment
    stands right above their group.  They stay reported (the comment is memTotal's doc in every output),
    told what is true; a comment after a field on its line is that field's, and the field below has none."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    _edit(tree / T_HEADER, "struct _virTInfo {\n    int state; /* the state */\n};\n", STRUCT)
    found = {d.message.split("'")[1]: d.message.split(" of virTInfo ")[1] for d in _check(tree) if d.rule == "undocumented-field"}
    assert found == {
        "value": "is not named by the comment above its group; name it there, or give it a comment of its own",
        "memProcessed": "is not named by the comment above its group; name it there, or give it a comment of its own",
        "nkinds": "has no doc comment",
    }


def test_libvirt_9_group_comment_fields(libvirt_tree: Path) -> None:
    told = sorted(d.message.split("'")[1] for d in _check(libvirt_tree) if d.rule == "undocumented-field" and "comment above its group" in d.message)
    assert told == ["fileProcessed", "fileRemaining", "memProcessed", "memRemaining"]


def test_a_field_with_a_comment_of_its_own_does_not_end_the_group(tmp_path: Path) -> None:
    """A marker after a field (no doc: tests/test_marker_comments_are_not_docs.py) leaves the fields
    below it in the group the comment above heads; a doc comment of its own ends the group (fields
    documented one by one), and so does one holding no text (tests/test_check_empty_item_doc.py)."""
    tree = _tree(tmp_path, CASES / "check-flag-undocumented" / "fail")
    group = (
        "struct _virTInfo {\n    int state; /* the state */\n\n    /* Counts, as above */\n    long long written;\n"
        "    long long read; /* virt-apigen: ignore doubled-word */\n    long long rx_packets;\n};\n"
    )
    _edit(tree / T_HEADER, "struct _virTInfo {\n    int state; /* the state */\n};\n", group)
    found = [d.message.split(" of virTInfo ")[1] for d in _check(tree) if d.rule == "undocumented-field"]
    assert found == ["is not named by the comment above its group; name it there, or give it a comment of its own"] * 2
    _edit(tree / T_HEADER, "long long read; /* virt-apigen: ignore doubled-word */", "long long read; /* bytes read */")
    found = [d.message.split(" of virTInfo ")[1] for d in _check(tree) if d.rule == "undocumented-field"]
    assert found == ["has no doc comment"]
