"""Session 12 QA findings on the Python bindings."""

from __future__ import annotations

import ast
import shutil
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


def test_an_indented_paragraph_after_returns_stays_preformatted(tmp_path: Path) -> None:
    """QA: every line of a Returns text was stripped, so an indented code sample
    in a later paragraph lost its indentation, and its <pre> in the HTML."""
    from generator.backends import html as html_backend
    from generator.frontend import load_tree

    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    anchor = text.index(" * Returns", text.index("virDomainCheckpointGetXMLDesc:"))
    end = text.index("\n *\n", anchor) + 1
    sample = " *\n * For example:\n *\n *   char *xml = virDomainCheckpointGetXMLDesc(cp, 0);\n *   if (!xml)\n *       return -1;\n"
    source.write_text(text[:end] + sample + text[end:], encoding="utf-8")
    api = load_tree(tree).api
    function = next(f for m in api.modules for f in m.functions if f.name == "virDomainCheckpointGetXMLDesc")
    assert function.return_doc.endswith("For example:\n\n  char *xml = virDomainCheckpointGetXMLDesc(cp, 0);\n  if (!xml)\n      return -1;")
    first = function.return_doc.split("\n\n")[0]
    assert "\n " not in first  # the paragraph Returns opens is still cut from its indentation
    page = html_backend.render(api)["libvirt-libvirt-domain-checkpoint.html"]
    link = '<a href="#virDomainCheckpointGetXMLDesc">virDomainCheckpointGetXMLDesc</a>'
    assert f'<pre class="doc">char *xml = {link}(cp, 0);\nif (!xml)\n    return -1;</pre>' in page
