"""A Returns text keeps the indentation of a later paragraph: an indented code
sample after it stays preformatted (a ``<pre>`` in the HTML)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO


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
