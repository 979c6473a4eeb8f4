"""Session 12 QA findings on the Python bindings."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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
