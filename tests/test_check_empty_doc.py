"""A doc comment holding its title and nothing else (``/** VIR_X_V: */``)
is there: ``check`` no longer says the macro, enum or callback type "has no
doc comment" (untrue, and the finding pointed at the comment it denied),
but "has no doc text", the wording of a comment holding only a ``Since:``
tag, at that comment's ``/**`` line (docs/check.md)."""

from __future__ import annotations

from pathlib import Path

from check_support import HEADER, SOURCE, check_findings, write_tree

from generator.diagnostics import Diagnostic

RULES = ("undocumented-macro", "undocumented-enum", "undocumented-function")
DECLARATIONS = {
    "VIR_X_V": "#define VIR_X_V 3\n",
    "VIR_X_M": "#define VIR_X_M(a) (a)\n",
    "virXKind": "typedef enum {\n    VIR_X_K1 = 1, /* k1 (Since: 1.0.0) */\n} virXKind;\n",
    "virXCb": "typedef int\n(*virXCb)(virX *x);\n",
}


def _found(found: list[Diagnostic]) -> list[tuple[int, int, str]]:
    return [(d.location.line, d.location.col, d.message) for d in found if d.rule in RULES and d.location.file.endswith(".h")]


def _kind(name: str) -> str:
    return "macro " if name.startswith("VIR_") else "enum " if name == "virXKind" else ""


def test_a_title_alone_is_a_doc_comment_without_text(tmp_path: Path) -> None:
    line = HEADER.count("\n") + 2
    for title in ("/** {name}: */\n", "/**\n * {name}:\n */\n", "/**\n * {name}:\n *\n */\n"):
        for name, declaration in DECLARATIONS.items():
            header = HEADER + "\n" + title.format(name=name) + declaration
            found = _found(check_findings(write_tree(tmp_path / f"{len(title)}-{name}", header=header)))
            assert found == [(line, 1, f"{_kind(name)}'{name}' has no doc text")], (title, name)  # was: 'has no doc comment'


def test_a_block_read_as_the_doc_of_the_declaration_below_counts(tmp_path: Path) -> None:
    """An empty block of another name right above an enum is its doc (doc-name-mismatch says so)."""
    header = HEADER + "\n/**\n * virXOther:\n */\n" + DECLARATIONS["virXKind"]
    found = check_findings(write_tree(tmp_path, header=header))
    assert _found(found) == [(HEADER.count("\n") + 2, 1, "enum 'virXKind' has no doc text")]
    assert [d.rule for d in found if d.message.startswith("the doc comment before virXKind")] == ["doc-name-mismatch"]


def test_no_comment_at_all_is_still_no_doc_comment(tmp_path: Path) -> None:
    for name, declaration in DECLARATIONS.items():
        header = HEADER + "\n" + declaration
        found = _found(check_findings(write_tree(tmp_path / name, header=header)))
        assert [message for _, _, message in found] == [f"{_kind(name)}'{name}' has no doc comment"], name


def test_a_comment_of_another_name_elsewhere_is_no_doc_of_it(tmp_path: Path) -> None:
    """A block of the macro's name documents it wherever it stands in the header; one of another name does not."""
    header = HEADER + "\n/** VIR_X_W: */\n\n" + DECLARATIONS["VIR_X_V"]
    assert [message for _, _, message in _found(check_findings(write_tree(tmp_path, header=header)))] == ["macro 'VIR_X_V' has no doc comment"]


def test_a_callback_types_comment_holding_only_a_tag_is_there_too(tmp_path: Path) -> None:
    """A callback type's doc of a 'Since:' tag alone is no doc (no text, no entry) but a comment: said so, at it."""
    header = HEADER + "\n/**\n * virXCb:\n *\n * Since: 1.0.0\n */\n" + DECLARATIONS["virXCb"]
    assert _found(check_findings(write_tree(tmp_path, header=header))) == [(HEADER.count("\n") + 2, 1, "'virXCb' has no doc text")]


def test_a_functions_title_alone_in_a_c_file_is_its_doc_comment(tmp_path: Path) -> None:
    """A function's ``.c`` doc comment holding only its title documents it (the model
    keeps its place: ``has_doc_comment``): no 'has no doc comment' nor 'has no doc text'
    (undocumented-function), but the parts to fill in, at that comment's ``/**``.
    Pinned (session 32): a review guessed the locator's header-only search made this
    'has no doc comment'; that search is a macro's, enum's or callback type's only."""
    header = HEADER + "void virXGo(void);\n"
    syms = "LIBVIRT_1.0.0 {\n    global:\n        virXRun;\n        virXGo;\n};\n"
    for number, title in enumerate(("/**\n * virXGo:\n */\n", "/** virXGo: */\n", "/**\n * virXGo:\n *\n */\n")):
        root = tmp_path / str(number)
        (root / "src").mkdir(parents=True)
        (root / "src" / "libvirt_public.syms").write_text(syms, encoding="utf-8")
        source = SOURCE + "\n" + title + "void virXGo(void) { }\n"
        found = check_findings(write_tree(root, header=header, source=source))
        doc = SOURCE.count("\n") + 2
        mine = sorted((d.location.file.rsplit("/", 1)[-1], d.location.line, d.rule) for d in found if "virXGo" in d.message)
        assert mine == [("libvirt-x.c", doc, "since-missing"), ("libvirt-x.c", doc, "undocumented-description")], title
