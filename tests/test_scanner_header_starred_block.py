"""A header's ``/***`` block right above a function's prototype, when the
function's doc is the one above its definition in ``src/libvirt-*.c`` (a
function's doc is its definition's): the block is no doc, as every
``/***`` block (see :func:`generator.frontend.scanner.starred_opening`),
so it neither replaces the ``.c`` doc nor is reported, since the function
has a doc; only without that ``.c`` doc is it reported, at its third
``*``, beside ``undocumented-function``."""

from __future__ import annotations

from pathlib import Path

from frontend_support import BASE_HEADER, BASE_SOURCE, HEADER, make_tree

from generator.frontend import Result, load_tree
from generator.lint import lint

PROTOTYPE = "int virConnectFoo("
# a full doc, other text than the .c doc's: were it read, the function's doc would change
STARRED = "/***\n * virConnectFoo:\n * @conn: header c\n * @flags: header f\n *\n * Header text.\n *\n * Since: 2.0.0\n */\n"
BOXED = STARRED.replace(" */\n", " ***/\n")
FINDINGS = ("doc-name-mismatch", "undocumented-function")


def _result(tmp_path: Path, block: str, source: str = BASE_SOURCE) -> Result:
    header = BASE_HEADER.replace(PROTOTYPE, block + PROTOTYPE)
    return load_tree(make_tree(tmp_path / "tree", header=header, source=source))


def _findings(result: Result) -> list[tuple[str, int, int, str]]:
    """What ``check`` reports of the function's doc."""
    return [(d.location.file, d.location.line, d.location.col, d.rule) for d in lint(result.api, result.diagnostics) if d.rule in FINDINGS]


def test_a_header_starred_block_leaves_the_c_doc_and_is_not_reported(tmp_path: Path) -> None:
    for index, block in enumerate((STARRED, BOXED)):
        result = _result(tmp_path / str(index), block)
        function = result.api.modules[0].functions[0]
        assert (function.description, function.since, [p.doc for p in function.params]) == ("Does foo.", "1.0.0", ["c", "f"])
        assert (function.doc_location.file, function.doc_location.line) == ("src/libvirt-host.c", 1)
        assert _findings(result) == []


def test_without_the_c_doc_the_header_starred_block_is_reported(tmp_path: Path) -> None:
    source = BASE_SOURCE.replace("/**\n * virConnectFoo:", "/* not a doc:", 1)
    result = _result(tmp_path, STARRED, source)
    function = result.api.modules[0].functions[0]
    assert (function.description, function.since) == ("", "")
    line = BASE_HEADER[: BASE_HEADER.index(PROTOTYPE)].count("\n") + 1
    assert _findings(result) == [(HEADER, line, 4, "doc-name-mismatch"), (HEADER, line + STARRED.count("\n"), 5, "undocumented-function")]
