"""What stands between a doc comment's ``/**`` and its NAME line (QA, session
28): a ``/***`` opening and a blank `` *`` line before ``virFoo:`` left the
block out of the docs without a word.  A blank line's block is now read as
the doc of its name and reported (``doc-name-mismatch``) at the fault, with
what libvirt's apibuild.py makes of it (see
:func:`generator.frontend.scanner.title_fault`); a ``/***`` block is still
no doc (review: banners stole docs), but one standing where its undocumented
symbol's doc goes is reported at the third ``*`` (see
:func:`generator.frontend.scanner.starred_opening`)."""

from __future__ import annotations

from pathlib import Path

from frontend_support import BASE_SOURCE, SOURCE, make_tree, sample_with

from generator.frontend import Result, load_tree

CHECKPOINT = "include/libvirt/libvirt-domain-checkpoint.h"


def _findings(result: Result) -> list[tuple[str, int, int, str]]:
    return [(d.location.file, d.location.line, d.location.col, d.message) for d in result.diagnostics if d.rule == "doc-name-mismatch"]


def _source_result(tmp_path: Path, opening: str) -> Result:
    return load_tree(make_tree(tmp_path / "tree", source=BASE_SOURCE.replace("/**\n * virConnectFoo:\n", opening)))


def test_a_function_doc_opened_with_three_stars_is_not_read_and_is_reported_at_the_third(tmp_path: Path) -> None:
    """Review, session 28: a ``/***`` block is never a doc (see test_doc_banners.py)."""
    result = _source_result(tmp_path, "/***\n * virConnectFoo:\n")
    function = result.api.modules[0].functions[0]
    assert (function.description, function.return_doc, function.since) == ("", "", "")
    message = (
        "a doc comment opened with '/***' is not read: libvirt writes '/**' ... ' */' (apibuild.py drops it too);"
        " virConnectFoo has no other doc"
    )
    assert _findings(result) == [(SOURCE, 1, 4, message)]


def test_a_blank_line_before_a_function_doc_s_name_is_read_and_reported_at_its_star(tmp_path: Path) -> None:
    result = _source_result(tmp_path, "/**\n *\n * virConnectFoo:\n")
    assert result.api.modules[0].functions[0].description == "Does foo."
    message = (
        "misformatted doc comment: a blank comment line ('*') stands before its NAME line, where libvirt writes"
        " '* virConnectFoo:' right after '/**' (read as the doc of virConnectFoo) (apibuild.py drops the whole comment)"
    )
    assert _findings(result) == [(SOURCE, 2, 2, message)]


def test_blank_lines_after_a_three_star_opening_change_nothing(tmp_path: Path) -> None:
    result = _source_result(tmp_path, "/****\n  *\n  *\n * virConnectFoo:\n")
    assert result.api.modules[0].functions[0].description == ""
    [(_, line, col, message)] = _findings(result)
    assert (line, col) == (1, 4)
    assert message.startswith("a doc comment opened with '/****' is not read")


def test_an_empty_line_or_a_one_star_comment_s_blank_line_is_no_fault(tmp_path: Path) -> None:
    """apibuild.py skips empty lines, and reads ``/*`` then `` *`` as it reads a ``/**`` line."""
    for index, opening in enumerate(("/**\n\n * virConnectFoo:\n", "/*\n *\n * virConnectFoo:\n")):
        result = _source_result(tmp_path / str(index), opening)
        assert result.api.modules[0].functions[0].description == "Does foo."
        assert _findings(result) == []


def _header_result(tmp_path: Path, added: str) -> tuple[Result, int]:
    tree = sample_with(tmp_path / "tree", added)
    text = (tree / CHECKPOINT).read_text(encoding="utf-8")
    return load_tree(tree), text[: text.index(added)].count("\n") + 1


def test_a_type_doc_after_a_blank_line_is_read_as_apibuild_reads_it(tmp_path: Path) -> None:
    added = "/**\n *\n * virDomainCheckpointCount:\n *\n * A count.\n *\n * Since: 5.6.0\n */\ntypedef int virDomainCheckpointCount;\n"
    result, line = _header_result(tmp_path, added)
    typedef = next(t for m in result.api.modules for t in m.typedefs if t.name == "virDomainCheckpointCount")
    assert (typedef.doc, typedef.since) == ("A count.", "5.6.0")
    message = (
        "misformatted doc comment: a blank comment line ('*') stands before its NAME line, where libvirt writes"
        " '* virDomainCheckpointCount:' right after '/**' (read as the doc of virDomainCheckpointCount)"
        " (apibuild.py reads it all the same above a type, but drops such a function's or macro's comment)"
    )
    assert _findings(result) == [(CHECKPOINT, line + 1, 2, message)]


def test_a_macro_doc_opened_with_three_stars_is_not_read_and_is_reported(tmp_path: Path) -> None:
    added = "/***\n * VIR_DOMAIN_CHECKPOINT_MAX:\n *\n * The most.\n *\n * Since: 5.6.0\n */\n# define VIR_DOMAIN_CHECKPOINT_MAX 8\n"
    result, line = _header_result(tmp_path, added)
    macro = next(m for module in result.api.modules for m in module.macros if m.name == "VIR_DOMAIN_CHECKPOINT_MAX")
    assert (macro.doc, macro.since) == ("", "")
    [(file, at, col, message)] = _findings(result)
    assert (file, at, col) == (CHECKPOINT, line, 4)
    assert message.startswith("a doc comment opened with '/***' is not read") and message.endswith("VIR_DOMAIN_CHECKPOINT_MAX has no other doc")


def test_two_blank_lines_in_a_one_star_header_comment_are_reported(tmp_path: Path) -> None:
    """Review, session 28: the first blank line of a ``/*`` comment is its
    ``/**`` line's own ``*``, the second is a fault (apibuild.py: "Misformatted
    macro comment"); a header's ``/*`` block was never judged, so the macro
    took the doc in silence."""
    added = "/*\n *\n *\n * VIR_DOMAIN_CHECKPOINT_MAX:\n *\n * The most.\n *\n * Since: 5.6.0\n */\n# define VIR_DOMAIN_CHECKPOINT_MAX 8\n"
    result, line = _header_result(tmp_path, added)
    macro = next(m for module in result.api.modules for m in module.macros if m.name == "VIR_DOMAIN_CHECKPOINT_MAX")
    assert (macro.doc, macro.since) == ("The most.", "5.6.0")
    [(file, at, col, message)] = _findings(result)
    assert (file, at, col) == (CHECKPOINT, line + 2, 2)
    assert message.startswith("misformatted doc comment: a blank comment line ('*') stands before its NAME line")


def test_a_one_star_header_comment_with_one_blank_line_or_on_one_line_is_not_judged(tmp_path: Path) -> None:
    for index, opening in enumerate(("/*\n *\n * VIR_DOMAIN_CHECKPOINT_MAX:\n", "/* VIR_DOMAIN_CHECKPOINT_MAX: the most.\n")):
        added = opening + " *\n * The most.\n *\n * Since: 5.6.0\n */\n# define VIR_DOMAIN_CHECKPOINT_MAX 8\n"
        result, _ = _header_result(tmp_path / str(index), added)
        assert _findings(result) == []


def test_empty_lines_around_a_blank_line_change_nothing(tmp_path: Path) -> None:
    """An empty line is none, wherever it stands: ``/**``, an empty line, `` *``,
    an empty line, then the NAME line was not read at all, while the same
    without the empty lines was read and reported."""
    found = []
    for index, opening in enumerate(("/**\n *\n * virConnectFoo:\n", "/**\n\n *\n\n * virConnectFoo:\n")):
        result = _source_result(tmp_path / str(index), opening)
        assert result.api.modules[0].functions[0].description == "Does foo."
        found.append([message for _, _, _, message in _findings(result)])
    assert found[0] == found[1] and len(found[0]) == 1


def test_a_blank_line_of_two_stars_is_named_as_written(tmp_path: Path) -> None:
    """Review, session 28: a `` **`` line was called a blank comment line ('*')."""
    result = _source_result(tmp_path / "one", "/**\n **\n * virConnectFoo:\n")
    [(_, line, col, message)] = _findings(result)
    assert (line, col) == (2, 2) and "a blank comment line ('**') stands before its NAME line" in message
    result = _source_result(tmp_path / "three", "/**\n *\n **\n *\n * virConnectFoo:\n")
    [(_, _, _, message)] = _findings(result)
    assert "3 blank comment lines ('*', '**') stand before its NAME line" in message
