"""A comment paragraph set apart above an enum member (in an enum whose body
opens with a member) is that member's doc."""

from __future__ import annotations

from pathlib import Path

from frontend_support import sample_with


def test_a_comment_set_apart_above_a_member_is_its_doc(tmp_path: Path) -> None:
    """JSON QA: in an enum whose body opens with a member, a comment paragraph
    directly above a member (libvirt 7.0.0's virStoragePoolCreateFlags) was
    dropped; one right under the previous member's line is still no doc."""
    from generator.frontend import load_tree

    enum = (
        "/**\n * virQaSpaced:\n *\n * Since: 5.6.0\n */\ntypedef enum {\n    VIR_QA_SPACED_NORMAL = 0,\n\n"
        "    /* Build it first\n     * and then start it */\n    VIR_QA_SPACED_BUILD = 1 << 0,\n"
        "    /* right under the previous member: a remark */\n    VIR_QA_SPACED_PLAIN = 1 << 1,\n} virQaSpaced;\n"
    )
    tree = sample_with(tmp_path / "tree", enum)
    members = {m.name: m.doc for m in load_tree(tree).api.modules[0].members if m.name.startswith("VIR_QA_SPACED")}
    assert members == {"VIR_QA_SPACED_NORMAL": "", "VIR_QA_SPACED_BUILD": "Build it first\n and then start it", "VIR_QA_SPACED_PLAIN": ""}


def test_a_second_comment_on_the_line_goes_on_with_the_first(tmp_path: Path) -> None:
    """Differential QA against apibuild.py: ``/* first */ /* second (Since: X) */``
    trailing a member or a field was read as "first", so its tag was lost (and
    ``check`` said since-missing); apibuild.py reads "first second" and the tag."""
    from generator.frontend import load_tree

    added = (
        "/**\n * virQaTwo:\n *\n * Since: 5.6.0\n */\ntypedef enum {\n"
        "    VIR_QA_TWO_A = 0, /* first */ /* second (Since: 5.6.0) */\n"
        "    VIR_QA_TWO_B = 1, /* b, long\n                         continued */ /* and more (Since: 5.6.0) */\n"
        "    VIR_QA_TWO_C = 2, /* c (Since: 5.6.0) */\n} virQaTwo;\n\n"
        "/**\n * virQaTwoStruct:\n *\n * Since: 5.6.0\n */\ntypedef struct _virQaTwoStruct virQaTwoStruct;\n"
        "struct _virQaTwoStruct {\n    int a; /* first */ /* second */\n};\n"
    )
    tree = sample_with(tmp_path / "tree", added)
    module = load_tree(tree).api.modules[0]
    members = {m.name: (m.doc, m.since) for m in module.members if m.name.startswith("VIR_QA_TWO")}
    assert members == {
        "VIR_QA_TWO_A": ("first second", "5.6.0"),
        "VIR_QA_TWO_B": ("b, long\ncontinued and more", "5.6.0"),
        "VIR_QA_TWO_C": ("c", "5.6.0"),
    }
    struct = next(s for s in module.structs if s.name == "virQaTwoStruct")
    assert [(f.name, f.doc) for f in struct.fields] == [("a", "first second")]


def test_a_comment_going_on_with_a_trailing_one_is_not_the_next_ones_doc_too(tmp_path: Path) -> None:
    """Review, session 27: ``int a; /* doc a */ /* doc b */`` then ``int b;``
    gave ``b`` the doc ``doc b`` as well (the comment read twice), and so did a
    member of an enum whose body opens with a comment, tag included."""
    from generator.frontend import load_tree

    added = (
        "/**\n * virQaTwice:\n *\n * Since: 5.6.0\n */\ntypedef struct _virQaTwice virQaTwice;\n"
        "struct _virQaTwice {\n    int a; /* doc a */ /* doc b */\n    int b;\n    int c; /* c */\n};\n\n"
        "/**\n * virQaLead:\n *\n * Since: 5.6.0\n */\ntypedef enum {\n    /* doc A (Since: 5.6.0) */\n"
        "    VIR_QA_LEAD_A = 0, /* note on A,\n                          continued */ /* doc B (Since: 7.0.0) */\n"
        "    VIR_QA_LEAD_B = 1,\n} virQaLead;\n"
    )
    tree = sample_with(tmp_path / "tree", added)
    module = load_tree(tree).api.modules[0]
    struct = next(s for s in module.structs if s.name == "virQaTwice")
    assert [(f.name, f.doc) for f in struct.fields or ()] == [("a", "doc a doc b"), ("b", ""), ("c", "c")]
    members = {m.name: (m.doc, m.since) for m in module.members if m.name.startswith("VIR_QA_LEAD")}
    # a member's own trailing comment is its doc, in either style (see scanner._member_doc); each comment is read once
    assert members == {"VIR_QA_LEAD_A": ("note on A,\ncontinued doc B", "7.0.0"), "VIR_QA_LEAD_B": ("", "")}


def test_blanks_ending_a_comments_first_line_are_not_doc_text(tmp_path: Path) -> None:
    """Differential QA round 2: ``/* first line   `` then ``second line */``
    kept the blanks (``first line   \\nsecond line``; a tab in a field's);
    apibuild.py drops them, as we do on every other line."""
    from generator.frontend import load_tree

    added = (
        "/**\n * virQaBlanks:\n *\n * Since: 5.6.0\n */\ntypedef enum {\n"
        "    VIR_QA_BLANKS_A = 0, /* first line   \n                            second line (Since: 5.6.0) */\n} virQaBlanks;\n\n"
        "/**\n * virQaBlanksStruct:\n *\n * Since: 5.6.0\n */\ntypedef struct _virQaBlanksStruct virQaBlanksStruct;\n"
        "struct _virQaBlanksStruct {\n    int a; /* first line\t\r\n              second line */\n};\n"
    )
    tree = sample_with(tmp_path / "tree", added)
    module = load_tree(tree).api.modules[0]
    assert [m.doc for m in module.members if m.name == "VIR_QA_BLANKS_A"] == ["first line\nsecond line"]
    struct = next(s for s in module.structs if s.name == "virQaBlanksStruct")
    assert [f.doc for f in struct.fields or ()] == ["first line\nsecond line"]
