"""Python method docstrings end with their C function: every method calling C
names its ``C function: virXxx`` (``close()`` included), followed by its
``Since:`` line, as docs/python-bindings.md says."""

from __future__ import annotations

import ast
import re

from conftest import REPO
from python_support import GENERATED as PACKAGE

MODULE = REPO / "generated" / "python" / "libvirt_ctypes" / "__init__.py"


def _calls_into_c(function: ast.FunctionDef) -> set[str]:
    """The libvirt functions a method's body calls (the bound ``_virXxx`` names)."""
    return {
        node.func.id[1:]
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("_vir")
    }


def test_every_method_calling_c_names_its_c_function() -> None:
    """QA: close() (virConnectClose, virDomainFree...) was the one method whose
    docstring did not end with 'C function: virXxx' and its Since: line."""
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    checked = []
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        for function in (node for node in cls.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")):
            called = _calls_into_c(function)
            if not called:
                continue
            lines = (ast.get_docstring(function) or "").splitlines()
            named = [line.removeprefix("C function: ") for line in lines if line.startswith("C function: ")]
            assert len(named) == 1 and named[0] in called, (cls.name, function.name, named, called)
            checked.append((cls.name, function.name, named[0], lines[-1]))
    closes = {(cls, c_name, last) for cls, name, c_name, last in checked if name == "close"}
    assert closes == {
        ("virConnect", "virConnectClose", "Since: 0.0.3"),
        ("virDomain", "virDomainFree", "Since: 0.0.3"),
        ("virDomainCheckpoint", "virDomainCheckpointFree", "Since: 5.6.0"),
    }


# --- docs/python-bindings.md says what the docstrings end with -----------------------


def test_bindings_doc_describes_the_docstring_tail() -> None:
    """QA: the doc said docstrings end with 'C function: virXxx'; a Since: line follows it."""
    doc = " ".join((REPO / "docs" / "python-bindings.md").read_text(encoding="utf-8").split())
    assert "docstring ends with a line `C function: virXxx`, followed, when the C doc comment has a `Since:` tag, by `Since: x.y.z`" in doc
    tree = ast.parse((PACKAGE / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"))
    tails: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            text = ast.get_docstring(node) or ""
            lines = text.splitlines()
            where = [i for i, line in enumerate(lines) if line.startswith("C function: ")]
            if not where:
                continue
            tail = lines[where[-1] + 1 :]
            assert tail == [] or (len(tail) == 1 and re.fullmatch(r"Since: \d+\.\d+\.\d+", tail[0])), text
            tails.add("since" if tail else "none")
    assert "since" in tails  # what the old wording left out
