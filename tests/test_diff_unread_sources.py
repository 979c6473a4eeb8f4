"""``virt-apigen diff`` against a list of files without the ``.c`` file documenting its functions.

QA: ``diff SAMPLE SAMPLE/include/libvirt/libvirt-domain.h,SAMPLE/src/libvirt_public.syms``
reported "doc-only changes in 7 symbols", counted as changes: a function's
doc lives in a ``.c`` file, which the list does not name.  Those docs are
unknown on that side, not changed: not compared, one ``docs-absent`` note per
``.c`` file, as a header the list lacks is ``header-absent``.  A header's own
docs, and a function's doc in a ``.c`` file the list names, are still
compared; a tree holds every ``.c`` file, so a doc it lost still shows."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO
from frontend_support import run

from generator.apidiff import Classification, Facts, diff
from generator.frontend import load_files, load_tree
from generator.frontend.apixml_reader import load_api_xml

SAMPLE = REPO / "generator" / "sample"
DOMAIN_H = "include/libvirt/libvirt-domain.h"
DOMAIN_C = "src/libvirt-domain.c"
SYMS = "src/libvirt_public.syms"
NOTE = "note: libvirt-domain.c: only in {}: {}, a list of files, lacks this .c file (the docs and parameter names of 7 functions not compared) [docs-absent]"


def _copy(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / name))


def _listed(tree: Path, *files: str) -> str:
    return ",".join(str(tree / name) for name in files)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _drop_doc_comment(source: Path, name: str) -> None:
    text = source.read_text(encoding="utf-8")
    start = text.index(f"/**\n * {name}:")
    source.write_text(text[:start] + text[text.index("*/\n", start) + 3 :], encoding="utf-8")


def test_the_qa_case_compares_no_docs_the_list_lacks(tmp_path: Path) -> None:
    tree = _copy(tmp_path, "tree")
    files = _listed(tree, DOMAIN_H, SYMS)
    for old, new, sides in ((tree, files, ("OLD", "NEW")), (files, tree, ("NEW", "OLD"))):
        done = run("diff", old, new, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "[doc-changed]" not in done.stdout
        assert f"tree/{DOMAIN_C}:1:1: {NOTE.format(*sides)}" in done.stdout
        assert done.stderr.strip() == (
            "virt-apigen diff: 0 changes: 0 compatible, 0 source-breaking, 0 ABI-breaking; 5 headers on one side only, not compared;"
            " 1 .c file on one side only, its function docs and parameter names not compared"
        )
    done = run("diff", tree, files, "--format", "json", cwd=tmp_path)
    assert '"kind": "docs-absent"' in done.stdout and '"classification": "compatible"' in done.stdout and done.returncode == 0


def test_a_headers_own_docs_are_still_compared(tmp_path: Path) -> None:
    tree, edited = _copy(tmp_path, "tree"), _copy(tmp_path, "edited")
    _edit(edited / DOMAIN_H, "The handle used by every domain-level call", "The handle that every domain-level call takes")
    done = run("diff", tree, _listed(edited, DOMAIN_H, SYMS), "--format", "json", cwd=tmp_path)
    assert '"symbol": "virDomainPtr"' in done.stdout and '"kind": "doc-changed"' in done.stdout
    assert done.stdout.count('"kind": "doc-changed"') == 1, done.stdout


def test_a_c_file_the_list_names_is_compared(tmp_path: Path) -> None:
    tree, edited = _copy(tmp_path, "tree"), _copy(tmp_path, "edited")
    _edit(edited / DOMAIN_C, "Finds the guest called @name", "Looks up the guest called @name")
    listed = load_files([str(edited / name) for name in (DOMAIN_H, DOMAIN_C, SYMS)]).api
    changes = diff(load_tree(tree).api, listed, complete=(True, False))
    assert [(c.kind, c.symbol, c.detail) for c in changes if c.kind.startswith("doc")] == [("doc-changed", "virDomainLookupByName", "description")]


def test_a_doc_comment_gone_from_a_c_file_the_list_names_still_shows(tmp_path: Path) -> None:
    tree, edited = _copy(tmp_path, "tree"), _copy(tmp_path, "edited")
    _drop_doc_comment(edited / DOMAIN_C, "virDomainLookupByName")
    listed = load_files([str(edited / name) for name in (DOMAIN_H, DOMAIN_C, SYMS)]).api
    changes = diff(load_tree(tree).api, listed, complete=(True, False))
    assert [(c.kind, c.symbol) for c in changes if c.kind.startswith("doc")] == [("doc-changed", "virDomainLookupByName")]


def test_only_the_c_files_a_list_lacks_are_noted(tmp_path: Path) -> None:
    tree = _copy(tmp_path, "tree")
    listed = load_files([str(tree / name) for name in (DOMAIN_H, "include/libvirt/libvirt-host.h", "src/libvirt-host.c", SYMS)]).api
    changes = diff(load_tree(tree).api, listed, complete=(True, False))
    # libvirt-host.h's functions are documented in libvirt-host.c, which the list names, and libvirt.c, which it lacks
    assert [(c.kind, c.symbol) for c in changes if c.kind.startswith("doc")] == [("docs-absent", "libvirt-domain.c"), ("docs-absent", "libvirt.c")]
    assert all(c.classification is Classification.COMPATIBLE for c in changes)


def test_a_tree_that_lost_a_doc_comment_still_shows_it(tmp_path: Path) -> None:
    tree, edited = _copy(tmp_path, "tree"), _copy(tmp_path, "edited")
    _drop_doc_comment(edited / DOMAIN_C, "virDomainLookupByName")
    changes = diff(load_tree(tree).api, load_tree(edited).api)
    assert ("doc-changed", "virDomainLookupByName") in [(c.kind, c.symbol) for c in changes]
    assert not [c for c in changes if c.kind == "docs-absent"]


def test_an_xml_side_names_the_c_file_by_its_module(tmp_path: Path) -> None:
    tree = _copy(tmp_path, "tree")
    assert run("api", "--srcdir", tree, "-o", tmp_path / "xml", cwd=tmp_path).returncode == 0
    xml = load_api_xml(sorted(str(p) for p in (tmp_path / "xml").glob("*.xml"))).api
    listed = load_files([str(tree / name) for name in (DOMAIN_H, SYMS)]).api
    for changes in (diff(xml, listed, Facts.XML, Facts.SOURCE, (True, False)), diff(listed, xml, Facts.SOURCE, Facts.XML, (False, True))):
        assert [(c.kind, c.symbol) for c in changes if c.kind.startswith("doc")] == [("docs-absent", "libvirt-domain.c")]


def test_a_list_lacking_the_c_file_compares_no_parameter_names(tmp_path: Path) -> None:
    """Parameters are named as the documented definition names them: a list without its ``.c`` file names them as
    the header does, so a header naming them otherwise is no rename (a header-only list of 9.0.0: 46 param-renamed,
    ``domain -> dom``).  Between two sides that read the ``.c`` file, or two lists, a rename still shows."""
    tree, edited = _copy(tmp_path, "tree"), _copy(tmp_path, "edited")
    _edit(edited / DOMAIN_H, "virDomainLookupByName   (virConnectPtr conn,", "virDomainLookupByName   (virConnectPtr connection,")
    listed = load_files([str(edited / name) for name in (DOMAIN_H, SYMS)]).api
    for changes in (diff(load_tree(tree).api, listed, complete=(True, False)), diff(listed, load_tree(tree).api, complete=(False, True))):
        assert not [c for c in changes if c.kind == "param-renamed"]
        notes = [c.detail for c in changes if c.kind == "docs-absent"]
        assert len(notes) == 1 and "(the docs and parameter names of 7 functions not compared)" in notes[0]
    # with the .c file renamed alike, the rename is the definition's: reported
    _edit(edited / DOMAIN_C, "virDomainLookupByName(virConnectPtr conn,", "virDomainLookupByName(virConnectPtr connection,")
    changes = diff(load_tree(tree).api, load_tree(edited).api)
    assert [(c.kind, c.symbol) for c in changes if c.kind == "param-renamed"] == [("param-renamed", "virDomainLookupByName")]
