"""A banner comment is no doc block (review, session 28): once ``/***``
blocks were read as docs, ``/*****`` then `` * Accessors: the functions
below`` was reported as a doc naming no symbol, and ``/****`` then
`` * Note: below`` between a function's doc and its definition took that
function's doc away.  A ``/***`` block documents only a symbol of the API
it names, and one closed by a rule of stars is a banner (see
:func:`generator.frontend.scanner.starred_opening`)."""

from __future__ import annotations

from pathlib import Path

from frontend_support import BASE_SOURCE, make_tree, sample_with

from generator.frontend import Result, load_tree

CHECKPOINT = "include/libvirt/libvirt-domain-checkpoint.h"
DEFINITION = "int\nvirConnectFoo("


def _doc_findings(result: Result) -> list[str]:
    return [d.message for d in result.diagnostics if d.rule in ("doc-name-mismatch", "undocumented-function")]


def _source_result(tmp_path: Path, source: str) -> Result:
    return load_tree(make_tree(tmp_path / "tree", source=source))


def test_a_banner_naming_nothing_is_no_doc_block(tmp_path: Path) -> None:
    for index, banner in enumerate(("/*****\n * Accessors: the functions below\n *****/\n\n", "/*****\n * Accessors: the functions below\n */\n\n")):
        result = _source_result(tmp_path / str(index), banner + BASE_SOURCE)
        assert _doc_findings(result) == []
        assert result.api.modules[0].functions[0].description == "Does foo."


def test_a_banner_between_a_doc_and_its_definition_leaves_the_doc_alone(tmp_path: Path) -> None:
    for index, banner in enumerate(("/****\n * Note: below\n ****/\n", "/****\n * Note: below\n */\n")):
        result = _source_result(tmp_path / str(index), BASE_SOURCE.replace(DEFINITION, banner + DEFINITION))
        assert _doc_findings(result) == []
        function = result.api.modules[0].functions[0]
        assert (function.description, function.since, [p.doc for p in function.params]) == ("Does foo.", "1.0.0", ["c", "f"])


def test_a_three_star_block_naming_its_function_is_still_its_doc(tmp_path: Path) -> None:
    result = _source_result(tmp_path, BASE_SOURCE.replace("/**\n", "/****\n", 1))
    assert result.api.modules[0].functions[0].description == "Does foo."
    [message] = _doc_findings(result)
    assert "it opens with '/****' where libvirt writes '/**'" in message


def test_a_block_closed_by_a_rule_of_stars_is_a_banner_whatever_it_names(tmp_path: Path) -> None:
    result = _source_result(tmp_path, BASE_SOURCE.replace("/**\n", "/****\n", 1).replace(" */\nint", " ****/\nint", 1))
    assert _doc_findings(result) == []
    assert result.api.modules[0].functions[0].description == ""


def test_a_header_banner_is_no_doc_of_the_declaration_below_it(tmp_path: Path) -> None:
    result = load_tree(sample_with(tmp_path / "tree", "/*****\n * Counts: the types below\n */\ntypedef int virDomainCheckpointCount;\n"))
    assert [d.message for d in result.diagnostics if d.rule == "doc-name-mismatch"] == []
    typedef = next(t for m in result.api.modules for t in m.typedefs if t.name == "virDomainCheckpointCount")
    assert typedef.doc == ""
