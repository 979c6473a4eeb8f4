"""A ``/***`` block is never a doc (review, session 28; see
:func:`generator.frontend.scanner.starred_opening`).  Read as docs, banners
stole docs: ``/*****`` then `` * virDomainGetName: the accessors below``
above a static helper was reported as that helper's misplaced doc, and
between a function's ``/**`` doc and its definition it replaced that doc;
a rule by what the block names or how it closes dropped a boxed doc right
above its own function in silence.  Now no such block is read (as
apibuild.py drops them), and one standing where the doc of the undocumented
symbol it names goes is reported at its third ``*``."""

from __future__ import annotations

from pathlib import Path

from frontend_support import BASE_SOURCE, SOURCE, make_tree, sample_with

from generator.frontend import Result, load_tree

CHECKPOINT = "include/libvirt/libvirt-domain-checkpoint.h"
DEFINITION = "int\nvirConnectFoo("
HELPER = "static int\nhelperX(void)\n{\n    return 1;\n}\n\n"
NOT_READ = "is not read: libvirt writes '/**' ... ' */' (apibuild.py drops it too); virConnectFoo has no other doc"


def _doc_findings(result: Result) -> list[str]:
    return [d.message for d in result.diagnostics if d.rule in ("doc-name-mismatch", "undocumented-function")]


def _places(result: Result) -> list[tuple[str, int, int, str]]:
    return [(d.location.file, d.location.line, d.location.col, d.message) for d in result.diagnostics if d.rule == "doc-name-mismatch"]


def _source_result(tmp_path: Path, source: str) -> Result:
    return load_tree(make_tree(tmp_path / "tree", source=source))


def _function_doc(result: Result) -> tuple[str, str, list[str]]:
    function = result.api.modules[0].functions[0]
    return function.description, function.since, [p.doc for p in function.params]


def test_a_banner_naming_nothing_is_no_doc_block(tmp_path: Path) -> None:
    for index, banner in enumerate(("/*****\n * Accessors: the functions below\n *****/\n\n", "/*****\n * Accessors: the functions below\n */\n\n")):
        result = _source_result(tmp_path / str(index), banner + BASE_SOURCE)
        assert _doc_findings(result) == []
        assert result.api.modules[0].functions[0].description == "Does foo."


def test_a_banner_between_a_doc_and_its_definition_leaves_the_doc_alone(tmp_path: Path) -> None:
    for index, banner in enumerate(("/****\n * Note: below\n ****/\n", "/****\n * Note: below\n */\n")):
        result = _source_result(tmp_path / str(index), BASE_SOURCE.replace(DEFINITION, banner + DEFINITION))
        assert _doc_findings(result) == []
        assert _function_doc(result) == ("Does foo.", "1.0.0", ["c", "f"])


def test_a_banner_naming_an_api_function_above_a_helper_is_silent(tmp_path: Path) -> None:
    """Review (A): it was reported as the doc of helperX() naming 'virConnectFoo'."""
    for index, close in enumerate((" */\n", " *****/\n")):
        banner = "/*****\n * virConnectFoo: the accessors below\n" + close
        result = _source_result(tmp_path / str(index), BASE_SOURCE + "\n" + banner + HELPER)
        assert _doc_findings(result) == []
        assert _function_doc(result) == ("Does foo.", "1.0.0", ["c", "f"])


def test_a_banner_naming_the_function_between_its_doc_and_definition_takes_no_doc(tmp_path: Path) -> None:
    """Review (A): it replaced the function's doc ("the accessors below", its
    parameters and Since: lost)."""
    for index, close in enumerate((" */\n", " *****/\n")):
        banner = "/*****\n * virConnectFoo: the accessors below\n" + close
        result = _source_result(tmp_path / str(index), BASE_SOURCE.replace(DEFINITION, banner + DEFINITION))
        assert _doc_findings(result) == []
        assert _function_doc(result) == ("Does foo.", "1.0.0", ["c", "f"])


def test_a_three_star_block_naming_its_function_is_no_doc_and_is_reported(tmp_path: Path) -> None:
    result = _source_result(tmp_path, BASE_SOURCE.replace("/**\n", "/****\n", 1))
    assert _function_doc(result) == ("", "", ["", ""])
    assert _places(result) == [(SOURCE, 1, 4, f"a doc comment opened with '/****' {NOT_READ}")]


def test_a_boxed_doc_above_its_function_is_reported_at_its_third_star(tmp_path: Path) -> None:
    """Review (B): dropped as a banner, the only finding was "'virConnectFoo'
    has no doc comment" at the header, nothing at the block."""
    boxes = (("/*****\n", " *****/\nint"), ("/***\n", " **/\nint"))
    for index, (opening, close) in enumerate(boxes):
        result = _source_result(tmp_path / str(index), BASE_SOURCE.replace("/**\n", opening, 1).replace(" */\nint", close, 1))
        assert _function_doc(result) == ("", "", ["", ""])
        stars = opening.strip()[1:]
        assert _places(result) == [(SOURCE, 1, 4, f"a doc comment opened with '/{stars}' and boxed by a line of stars {NOT_READ}")]


def test_a_header_banner_is_no_doc_of_the_declaration_below_it(tmp_path: Path) -> None:
    result = load_tree(sample_with(tmp_path / "tree", "/*****\n * Counts: the types below\n */\ntypedef int virDomainCheckpointCount;\n"))
    assert [d.message for d in result.diagnostics if d.rule == "doc-name-mismatch"] == []
    typedef = next(t for m in result.api.modules for t in m.typedefs if t.name == "virDomainCheckpointCount")
    assert typedef.doc == ""


def _header_result(tmp_path: Path, added: str) -> tuple[Result, int]:
    tree = sample_with(tmp_path / "tree", added)
    text = (tree / CHECKPOINT).read_text(encoding="utf-8")
    return load_tree(tree), text[: text.index(added)].count("\n") + 1


def test_a_header_doc_opened_with_three_stars_above_its_type_is_no_doc_and_is_reported(tmp_path: Path) -> None:
    added = "/***\n * virDomainCheckpointCount:\n *\n * A count.\n *\n * Since: 5.6.0\n */\ntypedef int virDomainCheckpointCount;\n"
    result, line = _header_result(tmp_path, added)
    typedef = next(t for m in result.api.modules for t in m.typedefs if t.name == "virDomainCheckpointCount")
    assert (typedef.doc, typedef.since) == ("", "")
    message = (
        "a doc comment opened with '/***' is not read: libvirt writes '/**' ... ' */' (apibuild.py drops it too);"
        " virDomainCheckpointCount has no other doc"
    )
    assert _places(result) == [(CHECKPOINT, line, 4, message)]


def test_a_header_banner_naming_a_type_away_from_it_is_silent(tmp_path: Path) -> None:
    added = "/*****\n * virDomainCheckpointCount: the types below\n */\n# define VIR_DOMAIN_CHECKPOINT_MAX 8\ntypedef int virDomainCheckpointCount;\n"
    result, _ = _header_result(tmp_path, added)
    assert _places(result) == []
