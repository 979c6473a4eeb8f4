"""The index's "New in version" section lists every symbol, its summary says so truly.

QA: on libvirt 7.0.0 (no ``Since:`` tags: only functions have a version, from
the ``.syms`` blocks) the section silently left out 1,579 of 2,118 symbols
while the page said "2118 symbols ... with the version each appeared in".
Symbols without a version are now the last group, "version unknown", and
the summary gives their number; a tree where every symbol has a version
(9.0.0, the sample) gets the page it always had.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import REPO, require

from generator.backends import html as html_backend
from generator.frontend import load_tree
from generator.model import Api

ALWAYS = "with the version each appeared in. Type in the search box"


def _index(api: Api) -> str:
    return html_backend.render(api)["index.html"]


def _groups(index: str) -> dict[str, list[str]]:
    """The "New in version" groups: id -> the names listed, in order."""
    from lxml import html

    document = html.document_fromstring(index)
    return {d.get("id"): [a.text_content() for a in d.iter("a")] for d in document.iter("details")}


def _summary(index: str) -> str:
    from lxml import html

    return " ".join(html.document_fromstring(index).find_class("summary")[0].text_content().split())


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


def _without_versions(api: Api, macro: str, function: str) -> Api:
    """The sample with one macro's ``Since:`` tag and one function's tag and ``.syms`` block taken away."""
    module = api.modules[0]
    macros = tuple(dataclasses.replace(m, since="") if m.name == macro else m for m in module.macros)
    functions = tuple(dataclasses.replace(f, since="", version="") if f.name == function else f for f in module.functions)
    return dataclasses.replace(api, modules=(dataclasses.replace(module, macros=macros, functions=functions), *api.modules[1:]))


def test_symbols_without_a_version_are_the_last_group(sample_api: Api) -> None:
    api = _without_versions(sample_api, "VIR_UUID_BUFLEN", "virDomainGetID")
    index = _index(api)
    groups = _groups(index)
    assert list(groups)[-1] == html_backend.UNKNOWN_VERSION_ID
    assert sorted(groups[html_backend.UNKNOWN_VERSION_ID]) == ["VIR_UUID_BUFLEN", "virDomainGetID"]
    total = sum(1 for m in api.modules for _ in m.symbols())
    assert sum(len(names) for names in groups.values()) == total  # every symbol, once
    assert f"{total} symbols: " in _summary(index)
    assert "with the version each appeared in where the sources give it (2 of them have no version: listed under version unknown)." in _summary(index)
    assert '<summary>version unknown <span class="count">2</span></summary>' in index
    assert f'<a href="#{html_backend.UNKNOWN_VERSION_ID}">version unknown</a>' in index  # the summary links to the group
    assert "newest first; last, the 2 with neither.</p>" in index


def test_a_tree_where_every_symbol_has_a_version_keeps_its_page(sample_api: Api) -> None:
    index = _index(sample_api)
    assert html_backend.UNKNOWN_VERSION_ID not in _groups(index)
    assert ALWAYS in _summary(index) and "version unknown" not in index
    assert "newest first.</p>" in index


def test_libvirt_7_0_0_lists_every_symbol() -> None:
    tree = REPO / ".cache" / "libvirt-7.0.0"
    require((tree / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 7.0.0 source tree ({tree}; make fetch-libvirt)")
    index = _index(load_tree(tree).api)
    groups = _groups(index)
    assert sum(len(names) for names in groups.values()) == 2118
    assert len(groups[html_backend.UNKNOWN_VERSION_ID]) == 1579  # every macro, enum, member, type and variable of 7.0.0
    assert _summary(index).startswith("2118 symbols: ")
    assert "(1579 of them have no version: listed under version unknown)" in _summary(index)


def test_libvirt_9_0_0_has_no_unknown_group(libvirt_tree: Path) -> None:
    index = _index(load_tree(libvirt_tree).api)
    assert html_backend.UNKNOWN_VERSION_ID not in _groups(index)
    assert ALWAYS in _summary(index)
    assert sum(len(names) for names in _groups(index).values()) == 2215
