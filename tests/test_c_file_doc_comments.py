"""Doc comments of ``.c`` files: a misnamed ``/** NAME:`` block
(``doc-name-mismatch``), a comment never closed (an error, as in a header),
a definition whose parameters disagree with the header (``definition-mismatch``),
and what a definition's head may hold (attributes, comments, a macro, K&R or
``#ifdef``-wrapped definitions) before its doc is filed under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require

from generator.cli import main
from generator.diagnostics import Diagnostic
from generator.frontend import FrontendError, Result, load_tree
from generator.frontend.scanner import Misnamed, scan_docs_only
from generator.lint import RULES

LIBVIRT = Path(__file__).resolve().parent.parent / ".cache"

HEADER = """\
typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;
int virConnectFoo(virConnectPtr conn, unsigned int flags);
int virConnectBar(virConnectPtr conn, int width, int height);
"""

SYMS = "LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n        virConnectBar;\n};\n"


def _doc(name: str, params: tuple[str, ...] = ("conn", "flags")) -> str:
    entries = "".join(f" * @{param}: the {param}\n" for param in params)
    return f"/**\n * {name}:\n{entries} *\n * Does {name}.\n *\n * Returns 0.\n *\n * Since: 1.0.0\n */\n"


def _foo(name: str = "virConnectFoo", params: str = "virConnectPtr conn, unsigned int flags") -> str:
    return f"int\n{name}({params})\n{{\n    return 0;\n}}\n\n"


BAR = _doc("virConnectBar", ("conn", "width", "height")) + _foo("virConnectBar", "virConnectPtr conn, int width, int height")
CLEAN = _doc("virConnectFoo") + _foo() + BAR


def _load(root: Path, source: str, header: str = HEADER) -> Result:
    (root / "include" / "libvirt").mkdir(parents=True)
    (root / "src").mkdir()
    (root / "include" / "libvirt" / "libvirt-host.h").write_text(header, encoding="utf-8")
    (root / "src" / "libvirt-host.c").write_text(source, encoding="utf-8")
    (root / "src" / "libvirt_public.syms").write_text(SYMS, encoding="utf-8")
    return load_tree(root)


def _found(result: Result, rule: str) -> list[tuple[str, int, int, str]]:
    return [(d.location.file, d.location.line, d.location.col, d.message) for d in result.diagnostics if d.rule == rule]


def _rules(result: Result) -> set[str | None]:
    return {d.rule for d in result.diagnostics}


def test_the_new_rules_are_listed_as_warnings() -> None:
    assert RULES["doc-name-mismatch"][0] == RULES["definition-mismatch"][0] == "warning"


# -- a misnamed doc comment -------------------------------------------

def test_misnamed_block_is_filed_under_the_definition_after_it() -> None:
    docs = scan_docs_only("src/t.c", _doc("virConnectFooX") + _foo())
    assert docs.get("virConnectFooX") is None
    block = docs.get("virConnectFoo")
    assert block is not None
    assert (block.name, block.line, block.params, block.signature) == ("virConnectFooX", 1, (("conn", "the conn"), ("flags", "the flags")), ("conn", "flags"))
    assert docs.misnamed() == [Misnamed("virConnectFooX", "virConnectFoo", 2, 4)]
    assert docs.names() == ["virConnectFoo"]


def test_misnamed_block_documents_the_function_and_is_reported(tmp_path: Path) -> None:
    result = _load(tmp_path, _doc("virConnectFooX") + _foo() + BAR)
    function = result.api.module("libvirt").function("virConnectFoo")  # type: ignore[union-attr]
    assert function is not None
    assert (function.description, function.since, [p.doc for p in function.params]) == ("Does virConnectFooX.", "1.0.0", ["the conn", "the flags"])
    assert _found(result, "doc-name-mismatch") == [
        ("src/libvirt-host.c", 2, 4, "the doc comment before virConnectFoo() names 'virConnectFooX'; read as the doc of virConnectFoo"),
    ]


def test_block_naming_a_neighbour_documents_the_function_it_stands_before(tmp_path: Path) -> None:
    """A copy-paste slip: virConnectBar's block says virConnectFoo.  The real
    virConnectFoo block (below) stays virConnectFoo's, not the slip."""
    slip = _doc("virConnectFoo", ("conn", "width", "height")).replace("Does virConnectFoo.", "Does bar.")
    result = _load(tmp_path, slip + _foo("virConnectBar", "virConnectPtr conn, int width, int height") + _doc("virConnectFoo") + _foo())
    module = result.api.module("libvirt")
    assert module is not None
    foo, bar = module.function("virConnectFoo"), module.function("virConnectBar")
    assert foo is not None and bar is not None
    assert (foo.description, bar.description) == ("Does virConnectFoo.", "Does bar.")
    assert [(line, message) for _, line, _, message in _found(result, "doc-name-mismatch")] == [
        (2, "the doc comment before virConnectBar() names 'virConnectFoo'; read as the doc of virConnectBar"),
    ]


def test_misnamed_block_before_a_helper_is_reported_without_reading(tmp_path: Path) -> None:
    result = _load(tmp_path, _doc("virConnectFooHelperX", ("conn",)) + _foo("virConnectFooHelper", "virConnectPtr conn") + CLEAN)
    assert _found(result, "doc-name-mismatch") == [
        ("src/libvirt-host.c", 2, 4, "the doc comment before virConnectFooHelper() names 'virConnectFooHelperX'"),
    ]


def test_loose_block_naming_no_symbol_is_reported(tmp_path: Path) -> None:
    loose = "/**\n * virConnectFooCount:\n *\n * Calls so far.\n */\nstatic int count;\n\n"
    result = _load(tmp_path, CLEAN + loose)
    line = CLEAN.count("\n") + 2
    assert _found(result, "doc-name-mismatch") == [
        ("src/libvirt-host.c", line, 4, "the doc comment names 'virConnectFooCount', which is no symbol of this API, and no function definition follows it"),
    ]


@pytest.mark.parametrize("extra", [
    "/**\n * virConnectPtr:\n *\n * A symbol of the API, documented here.\n */\nstatic int unused;\n",  # names a symbol
    "/*\n * Note: a plain comment that opens with a word and a colon.\n */\nstatic int\nhelper(void)\n{\n    return 0;\n}\n",
    "/*\n * TODO: a plain comment no definition follows.\n */\nstatic int later;\n",
    "/**\n * virConnectFooHelper:\n *\n * A helper documented under its own name.\n */\nstatic int\nvirConnectFooHelper(void)\n{\n    return 0;\n}\n",
])
def test_clean_c_docs_give_no_doc_name_finding(tmp_path: Path, extra: str) -> None:
    result = _load(tmp_path, CLEAN + extra)
    assert not {"doc-name-mismatch", "definition-mismatch"} & _rules(result)
    function = result.api.module("libvirt").function("virConnectFoo")  # type: ignore[union-attr]
    assert function is not None and function.description == "Does virConnectFoo."


# -- a comment never closed -------------------------------------------

def test_unterminated_comment_at_the_end_of_a_c_file_is_an_error() -> None:
    text = _doc("virConnectFoo") + _foo() + "/**\n * virFoo:\n * blah\n"
    with pytest.raises(FrontendError) as caught:
        scan_docs_only("src/t.c", text)
    assert (caught.value.message, caught.value.file, caught.value.line, caught.value.col) == (
        "unterminated comment", "src/t.c", text.count("\n") - 2, 1,
    )


def test_unterminated_comment_after_code_on_its_line() -> None:
    with pytest.raises(FrontendError) as caught:
        scan_docs_only("src/t.c", "int x; /* never\nclosed\n")
    assert (caught.value.line, caught.value.col) == (1, 8)


@pytest.mark.parametrize("tail", [
    'static const char *s = "/*";\n',  # in a string
    "static const char c = '/'; static int y; // a /* in a line comment\n",
    "int z; /*/ an odd but closed comment */\n",
    "/* closed */ int w = 4 / 2; /* and this */\n",
])
def test_a_closed_comment_or_a_literal_is_no_unterminated_comment(tail: str) -> None:
    docs = scan_docs_only("src/t.c", _doc("virConnectFoo") + _foo() + tail)
    assert docs.get("virConnectFoo") is not None


def test_unterminated_comment_stops_api_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = CLEAN + "/**\n * virFoo:\n * blah\n"
    with pytest.raises(FrontendError):
        _load(tmp_path / "tree", source)
    out = tmp_path / "out"
    assert main(["api", "--srcdir", str(tmp_path / "tree"), "-o", str(out)]) == 1
    assert not out.exists()
    assert main(["check", "--srcdir", str(tmp_path / "tree")]) == 1
    err = capsys.readouterr().err
    assert f"src/libvirt-host.c:{CLEAN.count(chr(10)) + 1}:1: error: unterminated comment" in err


# -- the definition against the header --------------------------------

def test_definition_with_another_parameter_count_is_reported(tmp_path: Path) -> None:
    source = _doc("virConnectFoo") + "long\nvirConnectFoo(virConnectPtr conn, unsigned int flags, int extra)\n{\n    return 0;\n}\n\n" + BAR
    result = _load(tmp_path, source)
    assert _found(result, "definition-mismatch") == [(
        "src/libvirt-host.c", _doc("virConnectFoo").count("\n") + 2, 1,
        "the definition of virConnectFoo takes 3 parameters (conn, flags, extra) but include/libvirt/libvirt-host.h:3 declares 2 parameters (conn, flags)",
    )]
    function = result.api.module("libvirt").function("virConnectFoo")  # type: ignore[union-attr]
    assert function is not None and [p.name for p in function.params] == ["conn", "flags"]  # the header's


def test_definition_with_swapped_names_is_reported(tmp_path: Path) -> None:
    swapped = _doc("virConnectBar", ("conn", "height", "width")) + _foo("virConnectBar", "virConnectPtr conn, int height, int width")
    result = _load(tmp_path, _doc("virConnectFoo") + _foo() + swapped)
    line = (_doc("virConnectFoo") + _foo()).count("\n") + _doc("virConnectBar", ("conn", "height", "width")).count("\n") + 2
    assert _found(result, "definition-mismatch") == [(
        "src/libvirt-host.c", line, 1,
        "the definition of virConnectBar orders its parameter names (conn, height, width) unlike include/libvirt/libvirt-host.h:4 (conn, width, height)",
    )]


def test_renamed_parameters_are_no_finding(tmp_path: Path) -> None:
    renamed = _doc("virConnectBar", ("c", "w", "h")) + _foo("virConnectBar", "virConnectPtr c, int w, int h")
    result = _load(tmp_path, _doc("virConnectFoo") + _foo() + renamed)
    assert "definition-mismatch" not in _rules(result)
    function = result.api.module("libvirt").function("virConnectBar")  # type: ignore[union-attr]
    assert function is not None and [p.name for p in function.params] == ["c", "w", "h"]  # the definition's, as before


def test_clean_tree_gives_no_finding_of_either_rule(tmp_path: Path) -> None:
    result = _load(tmp_path, CLEAN)
    assert [str(d) for d in result.diagnostics] == []


def test_rules_can_be_disabled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _doc("virConnectFooX") + "int\nvirConnectFoo(virConnectPtr conn)\n{\n    return 0;\n}\n\n" + BAR
    _load(tmp_path, source)
    assert main(["check", "--srcdir", str(tmp_path), "--werror"]) == 1
    out = capsys.readouterr().out
    assert "[doc-name-mismatch, --werror]" in out and "[definition-mismatch, --werror]" in out
    assert main(["check", "--srcdir", str(tmp_path), "--disable", "doc-name-mismatch,definition-mismatch"]) == 0
    assert "mismatch" not in capsys.readouterr().out


@pytest.mark.parametrize("version", ["7.0.0", "9.0.0", "11.3.0"])
def test_libvirt_trees_have_no_finding_of_either_rule(version: str) -> None:
    tree = LIBVIRT / f"libvirt-{version}"
    require(tree.is_dir(), f"libvirt {version} (make fetch-libvirt)")  # CI=true: a failure, not a skip
    found: list[Diagnostic] = [d for d in load_tree(tree).diagnostics if d.rule in ("doc-name-mismatch", "definition-mismatch")]
    # the .c files': 7.0.0's headers title 13 blocks with another name (tests/test_header_doc_titles.py)
    assert [d for d in found if d.location.file.endswith(".c")] == []
    assert all(d.location.file.endswith(".h") for d in found) and len(found) == (13 if version == "7.0.0" else 0)


# --- what a definition's head may hold ----------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        '__attribute__((visibility("default"))) int\nvirConnectFoo(virConnectPtr conn, unsigned int flags)',
        "G_GNUC_NO_INLINE int\nvirConnectFoo(virConnectPtr conn, unsigned int flags)",
        "int\nvirConnectFoo(virConnectPtr conn, // the connection, first\n              unsigned int flags)",
        "int\nvirConnectFoo(virConnectPtr conn, unsigned int flags) G_GNUC_NO_INLINE G_GNUC_PRINTF(1, 2)",
        "int\nvirConnectFoo(virConnectPtr conn, unsigned int flags) __attribute__((noinline))",
    ],
)
def test_attributes_and_line_comments_in_a_definition_s_head_leave_its_doc_and_names(tmp_path: Path, head: str) -> None:
    """QA: an attribute before the head filed the doc under '__attribute__' (an empty <info>); a // comment or an
    attribute with arguments after the head gave false definition-mismatch findings and wrong parameter names."""
    source = _doc("virConnectFoo") + head + "\n{\n    return 0;\n}\n\n" + BAR
    result = _load(tmp_path, source)
    assert not {"doc-name-mismatch", "definition-mismatch", "undocumented-function"} & _rules(result)
    [foo] = [f for m in result.api.modules for f in m.functions if f.name == "virConnectFoo"]
    assert foo.description.startswith("Does virConnectFoo.")
    assert [p.name for p in foo.params] == ["conn", "flags"]


def test_a_doc_for_what_the_code_after_it_names_is_not_loose(tmp_path: Path) -> None:
    """QA: a macro, a K&R or #ifdef-wrapped definition and a prototype right after their doc were reported
    as documenting nothing; a doc whose name the following code never writes still is."""
    extra = (
        "/**\n * VIR_HOST_LOCK:\n *\n * A macro.\n */\n#define VIR_HOST_LOCK(obj) do { } while (0)\n\n"
        "/**\n * virHostKR:\n *\n * K&R.\n */\nstatic int\nvirHostKR(a)\n    int a;\n{\n    return a;\n}\n\n"
        "/**\n * virHostMaybe:\n *\n * Wrapped.\n */\n#ifdef WITH_FOO\nstatic int virHostMaybe(void) { return 0; }\n#endif\n\n"
        "/**\n * virHostProto:\n *\n * A prototype.\n */\nstatic int virHostProto(int a);\n\n"
        "/**\n * virHostTypo:\n *\n * Names what nothing below it does.\n */\n#define VIR_HOST_OTHER 1\n"
    )
    result = _load(tmp_path, CLEAN + extra)
    assert [message for *_, message in _found(result, "doc-name-mismatch")] == [
        "the doc comment names 'virHostTypo', which is no symbol of this API, and no function definition follows it"
    ]


def test_a_static_helper_between_a_public_doc_and_its_definition_does_not_take_the_doc(tmp_path: Path) -> None:
    """Review: the block was moved onto the helper, and the public function shipped an empty doc with exit 0."""
    helper = "static int\nvirConnectFooHelper(int x)\n{\n    return x;\n}\n\n"
    result = _load(tmp_path, _doc("virConnectFoo") + helper + _foo() + BAR)
    module = result.api.module("libvirt")
    assert module is not None
    foo = module.function("virConnectFoo")
    assert foo is not None and foo.description == "Does virConnectFoo."
    assert [message for *_, message in _found(result, "doc-name-mismatch")] == [
        "the doc comment before virConnectFooHelper() names 'virConnectFoo'"
    ]
