"""An enum member's or a struct field's comment holding nothing (``VIR_X_B = 2,
/* */``) is a comment the scanner reads as its doc: ``check`` says the item "has
no doc text", as it says of a macro's, enum's or callback type's comment holding
only its title (tests/test_check_empty_doc.py), not "has no doc comment" (untrue:
the comment is on the finding's very line).  A comment the scanner does not read
as the item's doc (a stray one above it, one holding a marker alone) is none."""

from __future__ import annotations

from pathlib import Path

from check_support import HEADER, check_findings, write_tree

RULES = ("undocumented-member", "undocumented-field")
B_LINE = '    VIR_X_B = (1 << 1), /* b (Since: 1.0.0) */\n'
STRUCT = """\
/**
 * virXInfo:
 *
 * Facts.
 *
 * Since: 1.0.0
 */
typedef struct _virXInfo virXInfo;
struct _virXInfo {
%s};
"""


def _messages(tree: Path) -> list[str]:
    return [d.message for d in check_findings(tree) if d.rule in RULES]


def _member(tmp_path: Path, name: str, written: str) -> list[str]:
    """The findings of a header whose member VIR_X_B is written as ``written``."""
    assert B_LINE in HEADER
    return _messages(write_tree(tmp_path / name, header=HEADER.replace(B_LINE, written)))


def test_a_members_empty_comment_is_a_comment_without_text(tmp_path: Path) -> None:
    written = {
        "spaced": "    VIR_X_B = (1 << 1), /* */\n",
        "starred": "    VIR_X_B = (1 << 1), /**  */\n",
        "closed": "    VIR_X_B = (1 << 1), /**/\n",
        "line": "    VIR_X_B = (1 << 1), //\n",
        "lines": "    VIR_X_B = (1 << 1), /*\n                         *\n                         */\n",
        "before-comma": "    VIR_X_B = (1 << 1) /* */,\n",
        "value-below": "    VIR_X_B = (1 <<\n               1), /* */\n",
    }
    for name, member in written.items():
        assert _member(tmp_path, name, member) == ["enum member 'VIR_X_B' has no doc text"], name  # was: 'has no doc comment'


def test_an_empty_comment_above_counts_where_the_enum_documents_members_above_them(tmp_path: Path) -> None:
    header = HEADER.replace("typedef enum {\n", "typedef enum {\n    /* a */\n").replace(B_LINE, "    /* */\n    VIR_X_B = (1 << 1),\n")
    assert "    VIR_X_A" in header and _messages(write_tree(tmp_path, header=header)) == ["enum member 'VIR_X_B' has no doc text"]


def test_a_comment_not_read_as_the_members_doc_is_still_no_doc_comment(tmp_path: Path) -> None:
    """A stray empty comment above a member of an enum documenting members after them, a marker
    alone after it (which documents nothing, docs/check.md), or no comment at all."""
    written = {
        "stray": "    /* */\n    VIR_X_B = (1 << 1),\n",
        "marker": "    VIR_X_B = (1 << 1), /* virt-apigen: ignore since-missing */\n",
        "none": "    VIR_X_B = (1 << 1),\n",
    }
    for name, member in written.items():
        assert _member(tmp_path, name, member) == ["enum member 'VIR_X_B' has no doc comment"], name


def test_a_fields_empty_comment_is_a_comment_without_text(tmp_path: Path) -> None:
    fields = "    int a; /* */\n    /**/\n    int b;\n    int c; /* c */\n    int d;\n"
    found = _messages(write_tree(tmp_path, header=HEADER + STRUCT % fields))
    assert found == [
        "field 'a' of virXInfo has no doc text",  # was: 'has no doc comment'
        "field 'b' of virXInfo has no doc text",
        "field 'd' of virXInfo has no doc comment",
    ]


def test_no_empty_comment_in_the_file_needs_no_scan(tmp_path: Path) -> None:
    """A header without an empty comment is never scanned again: the answer is 'no' at once."""
    from generator.lint.locate import FileText

    file = FileText(HEADER.split("\n"))
    assert not file.commented("VIR_X_B", HEADER.split("\n").index(B_LINE.rstrip("\n")) + 1, True)
    assert file._scanned is None


def test_a_run_of_empty_comments_is_no_text_not_a_blank(tmp_path: Path) -> None:
    """Comments after a member's ',' or a field's ';' are one text joined by blanks: two
    empty ones were a doc of one blank, documented to check and written as info=' '."""
    assert _member(tmp_path, "two", "    VIR_X_B = (1 << 1), /* */ /* */\n") == ["enum member 'VIR_X_B' has no doc text"]
    fields = "    int a; /* */ /**/\n    int b; /* b */ /* */\n"
    found = _messages(write_tree(tmp_path / "fields", header=HEADER + STRUCT % fields))
    assert found == ["field 'a' of virXInfo has no doc text"]
    from generator.frontend.scanner import scan

    scanned = scan("x.h", "struct _virXInfo {\n    int b; /* b */ /* */\n};\nenum { VIR_Y = 1, /* */ /* y */ };\n")
    member, field = scanned.member_info("VIR_Y", 4), scanned.field_info("b", 2)
    assert member is not None and field is not None and (member.doc, field.doc) == ("y", "b")  # no blank before or after
