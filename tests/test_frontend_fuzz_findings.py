"""Frontend defects found by mutating a libvirt tree, each pinned on a small tree.

1. an orphan ``/** NAME:`` block never replaces the doc right above NAME's definition;
2. a storage class on a parameter (or a struct member) is an error, ``register`` (once) aside;
3. a ``.c`` doc block whose NAME line lacks its ``:`` still documents the function that follows, with a warning;
4. a ``#line`` directive in a public header is an error at it;
5. a lone CR in a ``.syms`` comment is a space, as ld reads it;
6. the umbrella ``libvirt.h`` is held to the UTF-8 rule of every other header.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE
from frontend_support import ADDED_LINE, BASE_SOURCE, BASE_SYMS, HEADER, SOURCE, SYMS, error, make_tree

from generator.frontend import FrontendError, load_tree
from generator.frontend.result import Result

ORPHAN = "/**\n * virConnectFoo:\n *\n * Stray orphan block.\n */\n"


def _load(tree: Path) -> Result:
    return load_tree(tree)


def _findings(result: Result, rule: str) -> list[tuple[str, int, int, str]]:
    return [(d.location.file, d.location.line, d.location.col, d.message) for d in result.diagnostics if d.rule == rule]


# 1 -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["src/libvirt-aaa.c", "src/libvirt-zzz.c"])
def test_orphan_block_in_another_file_never_replaces_the_doc_at_the_definition(tmp_path: Path, where: str) -> None:
    """Read before or after the file holding the definition, the orphan loses."""
    result = _load(make_tree(tmp_path / "tree", files={where: "int x;\n\n" + ORPHAN + "\nstatic int y;\n"}))
    function = result.api.modules[0].functions[0]
    assert (function.name, function.module, function.description, function.return_doc) == ("virConnectFoo", "libvirt-host", "Does foo.", "0.")
    assert [p.doc for p in function.params] == ["c", "f"]
    assert function.doc_location.file == SOURCE and function.doc_location.line == 1
    found = _findings(result, "doc-name-mismatch")
    assert [(file, line, col) for file, line, col, _ in found] == [(where, 4, 4)]
    assert "'virConnectFoo'" in found[0][3] and f"{SOURCE}:1" in found[0][3]


def test_orphan_block_before_the_real_one_in_the_same_file_loses(tmp_path: Path) -> None:
    result = _load(make_tree(tmp_path / "tree", source=ORPHAN + "\n" + BASE_SOURCE))
    function = result.api.modules[0].functions[0]
    assert (function.description, function.return_doc, function.doc_location.line) == ("Does foo.", "0.", 7)
    assert [(line, col) for _, line, col, _ in _findings(result, "doc-name-mismatch")] == [(2, 4)]


def test_a_lone_block_with_no_definition_still_documents_its_function(tmp_path: Path) -> None:
    """No block stands at the definition: the block of the name is the doc, unreported (as before)."""
    source = ORPHAN + "\nint\nhelper(void)\n;\n"
    result = _load(make_tree(tmp_path / "tree", source=source))
    assert result.api.modules[0].functions[0].description == "Stray orphan block."
    assert _findings(result, "doc-name-mismatch") == []


# 2 -----------------------------------------------------------------------------


@pytest.mark.parametrize("declared", ["extern nbytes", "static unsigned int nbytes", "unsigned static nbytes", "auto int nbytes", "_Thread_local int nbytes"])
def test_storage_class_on_a_parameter_is_gccs_error_at_its_name(tmp_path: Path, declared: str) -> None:
    line = f"int virConnectBar(virConnectPtr conn, {declared});"
    message = error(tmp_path, line + "\n")
    assert message == f"{HEADER}:4:{line.index('nbytes') + 1}: error: storage class specified for parameter 'nbytes'"


def test_storage_class_on_an_unnamed_or_nested_parameter_is_an_error(tmp_path: Path) -> None:
    assert error(tmp_path / "a", "int virConnectBar(virConnectPtr conn, static int);\n").endswith(
        "storage class specified for unnamed parameter"
    )
    assert error(tmp_path / "b", "typedef int (*virCb)(extern int x);\n") == f"{HEADER}:4:33: error: storage class specified for parameter 'x'"


def test_register_parameter_is_accepted_and_left_out_of_the_type(tmp_path: Path) -> None:
    result = _load(make_tree(tmp_path / "tree", "int virConnectBar(virConnectPtr conn, register unsigned int n, register int);\n"))
    bar = next(f for f in result.api.modules[0].functions if f.name == "virConnectBar")
    assert [(p.name, p.type) for p in bar.params] == [("conn", "virConnectPtr"), ("n", "unsigned int"), ("", "int")]


def test_register_twice_is_gccs_duplicate_error(tmp_path: Path) -> None:
    line = "int virConnectBar(virConnectPtr conn, register register unsigned int n);"
    assert error(tmp_path / "a", line + "\n") == f"{HEADER}:4:{line.index(' n)') + 2}: error: duplicate 'register'"
    assert error(tmp_path / "b", "int virConnectBar(virConnectPtr conn, register register int);\n") == f"{HEADER}:4:39: error: duplicate 'register'"


def test_storage_class_on_a_struct_member_is_gccs_error(tmp_path: Path) -> None:
    message = error(tmp_path, "struct _virS {\n    static int x;\n};\n")
    assert message == f"{HEADER}:5:5: error: expected specifier-qualifier-list before 'static'"


# 3 -----------------------------------------------------------------------------


def test_name_line_without_colon_documents_the_function_that_follows(tmp_path: Path) -> None:
    result = _load(make_tree(tmp_path / "tree", source=BASE_SOURCE.replace(" * virConnectFoo:\n", " * virConnectFoo\n")))
    function = result.api.modules[0].functions[0]
    assert (function.description, function.return_doc, function.since) == ("Does foo.", "0.", "1.0.0")
    assert [p.doc for p in function.params] == ["c", "f"]
    found = _findings(result, "doc-name-mismatch")
    assert [(file, line, col) for file, line, col, _ in found] == [(SOURCE, 2, 4)]
    assert "lacks the ':'" in found[0][3]


def test_name_line_going_on_after_its_colon_is_reported_at_the_name(tmp_path: Path) -> None:
    result = _load(make_tree(tmp_path / "tree", source=BASE_SOURCE.replace(" * virConnectFoo:\n", " * virConnectFoo: hello\n")))
    found = _findings(result, "doc-name-mismatch")
    assert [(file, line, col) for file, line, col, _ in found] == [(SOURCE, 2, 4)]
    assert "its NAME line goes on after 'virConnectFoo:' ('hello')" in found[0][3]
    assert result.api.modules[0].functions[0].description.startswith("hello\n@conn: c")  # read as it stands, and said so


def test_blanks_before_the_name_are_read_and_reported_with_any_text_after_it(tmp_path: Path) -> None:
    """Review and QA, session 27: a tab after the '*' (``*\tvirConnectFoo:\thello``), or a second space, made
    no doc at all, with only undocumented-function (at the header) to say so; apibuild.py fails the build."""
    result = _load(make_tree(tmp_path / "tree", source=BASE_SOURCE.replace(" * virConnectFoo:\n", " *\tvirConnectFoo:\thello\n")))
    found = _findings(result, "doc-name-mismatch")
    assert [(file, line) for file, line, _, _ in found] == [(SOURCE, 2)]
    assert "reads '*\\tvirConnectFoo:' where libvirt writes '* virConnectFoo:'" in found[0][3] and "goes on after 'virConnectFoo:' ('hello')" in found[0][3]
    result = _load(make_tree(tmp_path / "two", source=BASE_SOURCE.replace(" * virConnectFoo:\n", " *  virConnectFoo:\n")))
    function = result.api.modules[0].functions[0]
    assert (function.description, [p.doc for p in function.params]) == ("Does foo.", ["c", "f"])
    assert [(line, col) for _, line, col, _ in _findings(result, "doc-name-mismatch")] == [(2, 5)]


NAME_LINES = [("/**virConnectFoo:\n", "/**virConnectFoo:"), ("/**\n ** virConnectFoo:\n", "** virConnectFoo:"), ("/**\n virConnectFoo:\n", "virConnectFoo:")]


@pytest.mark.parametrize(("written", "reads"), NAME_LINES)
def test_a_name_line_without_its_star_and_space_is_read_and_reported(tmp_path: Path, written: str, reads: str) -> None:
    """Review round 2: no space after '/**', two stars, no star: read silently (apibuild.py fails the build)."""
    result = _load(make_tree(tmp_path / "tree", source=BASE_SOURCE.replace("/**\n * virConnectFoo:\n", written)))
    assert result.api.modules[0].functions[0].description == "Does foo."
    found = _findings(result, "doc-name-mismatch")
    assert len(found) == 1 and f"reads {reads!r} where libvirt writes" in found[0][3]


def test_a_function_documented_in_its_header_is_held_to_the_name_line_too(tmp_path: Path) -> None:
    """Review 3: with no .c doc the header's block is the function's doc, and was no longer judged."""
    header = "/**\n *  virConnectBar:\n *\n * Does bar.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\nint virConnectBar(void);\n"
    result = _load(make_tree(tmp_path / "tree", header, syms=BASE_SYMS.replace("virConnectFoo;", "virConnectFoo;\n        virConnectBar;")))
    assert [line for _, line, _, _ in _findings(result, "doc-name-mismatch")] == [ADDED_LINE + 1]


def test_header_doc_blocks_are_held_to_the_same_name_line(tmp_path: Path) -> None:
    """QA round 2: ``/** VIR_X: a one-liner */`` and ``virT: an int`` in a header were read silently (a .c
    file's were reported); a ``/**`` block naming no symbol is prose."""
    header = (
        "/** VIR_QA_OL: a one-liner doc (Since: 1.0.0) */\n# define VIR_QA_OL 3\n\n"
        "/**\n * virQATNG: an int\n *\n * Since: 1.0.0\n */\ntypedef int virQATNG;\n\n"
        "/** Note: prose, no symbol */\n"
        "/**\n * virConnectFoo: moved to the .c file\n */\n\n"  # a function's: its doc is the definition's (review 2)
        "/**\n *  VIR_QA_OL:\n * a stray block after the macro, which reads the one above it\n */\n"
    )
    result = _load(make_tree(tmp_path / "tree", header))
    found = _findings(result, "doc-name-mismatch")
    assert [(line, message.split(" (")[0]) for _, line, _, message in found] == [
        (4, "misformatted doc comment: its NAME line goes on after 'VIR_QA_OL:'"),
        (8, "misformatted doc comment: its NAME line goes on after 'virQATNG:'"),
    ]


def test_one_word_comment_followed_by_no_definition_documents_nothing(tmp_path: Path) -> None:
    source = "/**\n * virConnectFoo\n */\nint x;\n\n" + BASE_SOURCE.replace(" * virConnectFoo:\n", " * virConnectBaz:\n")
    result = _load(make_tree(tmp_path / "tree", source=source))
    assert result.api.modules[0].functions[0].description == "Does foo."  # the misnamed block before the definition
    assert [(line, col) for _, line, col, _ in _findings(result, "doc-name-mismatch")] == [(7, 4)]


# 4 -----------------------------------------------------------------------------


@pytest.mark.parametrize("directive", ['#line 4 "libvirt-host.h"', "#line 40", '# 4 "other.h"'])
def test_line_directive_in_a_header_is_an_error_at_it(tmp_path: Path, directive: str) -> None:
    message = error(tmp_path, f"{directive}\ntypedef enum {{\n    VIR_X = 1,\n}} virX;\n")
    assert message.startswith(f"{HEADER}:4:1: error: a line directive in a public header is not supported")


def test_line_directive_in_a_dead_branch_is_ignored(tmp_path: Path) -> None:
    result = _load(make_tree(tmp_path / "tree", '#if 0\n#line 4 "x.h"\n#endif\ntypedef enum {\n    VIR_X = 1,\n} virX;\n'))
    assert [e.name for e in result.api.modules[0].enums] == ["virX"]


# 5 -----------------------------------------------------------------------------


def test_lone_cr_in_a_syms_comment_is_a_space(tmp_path: Path) -> None:
    syms = "# a comment,\rstill the comment\n" + BASE_SYMS.replace("virConnectFoo;\n", "virConnectFoo;\n        virConnectFoo;\n")
    result = _load(make_tree(tmp_path / "tree", syms=syms))
    assert _findings(result, "syms-syntax") == []
    assert result.api.modules[0].functions[0].version == "1.0.0"
    # lines count LF only, as ld counts them: the repeated symbol is on line 5
    assert [(file, line, col) for file, line, col, _ in _findings(result, "syms-duplicate")] == [(SYMS, 5, 9)]


# 6 -----------------------------------------------------------------------------


def test_umbrella_header_not_utf8_is_the_error_every_header_gets(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "include" / "libvirt" / "libvirt.h").write_bytes(b"/*\n * Descr\xe9ption: x\n */\n#include <libvirt/libvirt-host.h>\n")
    with pytest.raises(FrontendError) as raised:
        load_tree(tree)
    assert str(raised.value) == "include/libvirt/libvirt.h:2:9: error: not valid UTF-8: byte 0xe9 (invalid continuation byte)"


# --- QA: one-word comments that are prose, CRLF, #line in a nested group ---


def _sample_copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    return tree


def test_a_one_word_comment_above_another_functions_definition_is_prose(tmp_path: Path) -> None:
    """"/** Implementation */" between a function's named doc block and its definition replaced the doc."""
    tree = _sample_copy(tmp_path)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    marker = "*/\nconst char *\nvirDomainCheckpointGetName("
    source.write_text(text.replace(marker, "*/\n/**\n * Implementation\n */\nconst char *\nvirDomainCheckpointGetName(", 1), encoding="utf-8")
    before = {f.name: f for m in load_tree(SAMPLE_TREE).api.modules for f in m.functions}["virDomainCheckpointGetName"]
    result = load_tree(tree)
    after = {f.name: f for m in result.api.modules for f in m.functions}["virDomainCheckpointGetName"]
    assert (after.description, after.return_doc, [p.doc for p in after.params]) == (before.description, before.return_doc, [p.doc for p in before.params])
    assert [d for d in result.diagnostics if d.rule == "doc-name-mismatch"] == []


def test_a_misformatted_name_line_is_read_in_a_crlf_file_too(tmp_path: Path) -> None:
    tree = _sample_copy(tmp_path)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8").replace(" * virDomainCheckpointGetName:\n", " * virDomainCheckpointGetName\n", 1)
    source.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = load_tree(tree)
    function = {f.name: f for m in result.api.modules for f in m.functions}["virDomainCheckpointGetName"]
    assert function.description.strip() != ""
    assert [d.message.split(":")[0] for d in result.diagnostics if d.rule == "doc-name-mismatch"] == ["misformatted doc comment"]


def test_a_line_directive_in_a_nested_group_is_left_to_cpp(tmp_path: Path) -> None:
    """The scanner cannot evaluate #ifdef NEVER_DEFINED: cpp skips the directive, so the header is fine."""
    tree = _sample_copy(tmp_path)
    header = tree / "include" / "libvirt" / "libvirt-domain-checkpoint.h"
    text = header.read_text(encoding="utf-8")
    anchor = "typedef struct _virDomainCheckpoint virDomainCheckpoint;"
    assert anchor in text
    header.write_text(text.replace(anchor, "#ifdef NEVER_DEFINED_ANYWHERE\n#line 5\n#endif\n" + anchor, 1), encoding="utf-8")
    assert [f.name for m in load_tree(tree).api.modules for f in m.functions] == [f.name for m in load_tree(SAMPLE_TREE).api.modules for f in m.functions]
