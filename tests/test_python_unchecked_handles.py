"""The backend's table of handles libvirt reads before checking them is complete.

A closed handle of ours passes NULL.  Where libvirt's definition reads a
handle parameter (``domain->conn``, ``dconn->flags``) before its own check
(``virCheckDomainReturn(domain, ...)``), that NULL crashes the process, so
the bindings raise libvirt's check error first for every (function,
parameter) of ``_UNCHECKED_HANDLES``.  The table was filled from QA finds,
one at a time; this test reads the definitions of every bound function in
the 7.0.0, 9.0.0 and 11.3.0 trees and finds the same set, so a function
bound later that reads a handle unchecked fails here instead of in a
user's process.

The reading is a heuristic over C text, enough for libvirt's public entry
points, which all follow one pattern: the first ``PARAM->`` against the
first check of PARAM (``virCheck...(PARAM,``, ``VIR_IS_...(PARAM)``,
``PARAM == NULL``, ``!PARAM``); a debug line's ``dev ? dev->conn : NULL``
is guarded and does not count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, require

from generator.backends import python as backend
from generator.frontend import load_tree
from generator.model import Function
from generator.naming import handle_classes, handle_of

VERSIONS = ("7.0.0", "9.0.0", "11.3.0")


def _body(tree: Path, function: Function, texts: dict[str, str]) -> str | None:
    """The text between the braces of ``function``'s definition in the ``.c`` file holding its doc."""
    file = function.doc_location.file
    if not file.endswith(".c"):
        return None
    text = texts.setdefault(file, (tree / file).read_text(encoding="utf-8", errors="replace"))
    found = re.search(rf"^(?:[A-Za-z_][\w \t*]*[\s*])?{function.name}\s*\(", text, re.MULTILINE)
    if found is None:
        return None
    start = text.index("{", found.end())
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    return None


def _read_before_checked(body: str, name: str) -> bool:
    body = re.sub(rf"\b{name}\s*\?\s*{name}\s*->\s*\w+\s*:", "", body)  # "dev ? dev->conn : NULL"
    read = re.search(rf"\b{name}\s*->", body)
    checked = re.search(rf"\b(?:virCheck\w*|VIR_IS_\w*)\(\s*{name}\s*[,)]|\b{name}\s*==\s*NULL|!\s*{name}\b", body)
    return read is not None and (checked is None or read.start() < checked.start())


@pytest.mark.parametrize("version", VERSIONS)
def test_every_bound_function_that_reads_a_handle_unchecked_is_in_the_table(version: str) -> None:
    tree = REPO / ".cache" / f"libvirt-{version}"
    require((tree / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt {version} source tree (make fetch-libvirt)")
    api = load_tree(tree).api
    plan = backend.build_plan(api)
    assert plan is not None
    bound = {m.c_name for c in plan.classes for m in c.methods} | {f.c_name for f in plan.functions}
    classes = handle_classes(api)
    functions = {f.name: f for m in api.modules for f in m.functions if f.name in bound}
    texts: dict[str, str] = {}
    unchecked, unread = set(), []
    for function in functions.values():
        body = _body(tree, function, texts)
        if body is None:
            unread.append(function.name)
            continue
        handles = [p.name for p in function.params if handle_of(p.type, classes) is not None]
        unchecked |= {(function.name, name) for name in handles if _read_before_checked(body, name)}
    assert unread == []  # every bound function's definition was found and read
    assert len(functions) > 350
    assert unchecked == {key for key in backend._UNCHECKED_HANDLES if key[0] in bound}
    if version != "7.0.0":  # FDAssociate and the launch-security setter came later
        assert unchecked == set(backend._UNCHECKED_HANDLES)
