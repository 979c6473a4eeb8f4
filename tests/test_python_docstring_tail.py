"""Python method docstrings end with their C function: every method calling C
names its ``C function: virXxx`` (``close()`` included), followed by its
``Since:`` line, as docs/python-bindings.md says."""

from __future__ import annotations

import ast
import re

from conftest import REPO, require
from python_support import GENERATED as PACKAGE

from generator.backends import python as backend
from generator.frontend import load_tree

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


# --- every public docstring: indented as one block, each parameter and the return documented ---------------------


def _public_functions(source: str) -> list[tuple[str, ast.FunctionDef]]:
    tree = ast.parse(source)
    found = [("", node) for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef) and not node.name.startswith("_")):
        found += [(cls.name, node) for node in cls.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    return found


def _docstring_problems(source: str) -> list[str]:
    """What QA found missing (session 25): a continuation line at column 0 (``help()`` could not
    dedent the body: five ``connect()``), no ``:returns:`` (``close()``, the ``libvirtError``
    getters, ``c_pointer()``), parameters described in prose (``registerErrorHandler``)."""
    problems = []
    for owner, function in _public_functions(source):
        name = f"{owner}.{function.name}".lstrip(".")
        raw = ast.get_docstring(function, clean=False)
        if raw is None:
            problems.append(f"{name}: no docstring")
            continue
        body = [line for line in raw.splitlines()[1:] if line.strip()]
        indent = " " * (function.col_offset + 4)
        problems += [f"{name}: line not indented: {line!r}" for line in body if not line.startswith(indent)]
        text = ast.get_docstring(function) or ""
        params = [a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs] if a.arg not in ("self", "cls")]
        documented = re.findall(r"^:param (\w+):", text, re.M)
        if documented != params:
            problems.append(f"{name}: parameters {params}, documented {documented}")
        returns = function.returns is not None and ast.unparse(function.returns) not in ("None", "NoReturn", "Never")
        if returns != ("\n:returns:" in "\n" + text):
            problems.append(f"{name}: returns {ast.unparse(function.returns) if function.returns else None}, :returns: lines {text.count(':returns:')}")
    return problems


def test_every_public_docstring_documents_its_parameters_and_return() -> None:
    source = MODULE.read_text(encoding="utf-8")
    assert len(_public_functions(source)) > 40
    assert _docstring_problems(source) == []


def test_every_public_docstring_of_the_whole_tree_documents_its_parameters_and_return() -> None:
    tree = REPO / ".cache" / "libvirt-9.0.0"
    require((tree / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    source = backend.render(load_tree(tree).api)["libvirt_ctypes/__init__.py"]
    assert len(_public_functions(source)) > 490
    assert _docstring_problems(source) == []
