"""The stages import one way: frontend -> model -> backends.

A backend renders the model; what it shares with an input reader (lexical
rules such as :mod:`generator.clex` and :mod:`generator.xlex`) lives at the
package's top level, so that no backend imports the frontend package and
pycparser's AST cannot reach one.  Read from the source (``ast``), so a
lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# The output side: the backends and the RPC rules they use.  (``lint`` and
# ``apidiff`` are analyses that evaluate C constants with the frontend's
# evaluator, on purpose.)
OUTPUT_SIDE = ("backends", "rpc", "html")


def _imported_modules(path: Path) -> set[str]:
    """The absolute names of the ``generator`` modules ``path`` imports, anywhere in it."""
    package = ["generator", *path.relative_to(PACKAGE.parent).parent.parts[1:]]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_imported_modules_resolves_relative_imports() -> None:
    imports = _imported_modules(PACKAGE / "rpc" / "numbers.py")
    assert "generator.xlex" in imports and "generator.model.Location" in imports


@pytest.mark.parametrize("folder", OUTPUT_SIDE)
def test_no_output_module_imports_the_frontend_or_pycparser(folder: str) -> None:
    offenders = {
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for name in _imported_modules(path)
        if name.startswith(("generator.frontend", "pycparser"))
    }
    assert not offenders
