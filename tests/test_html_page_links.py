"""HTML page links to a header whose page name needs escaping in a URL
(``libvirt-q#1.h``): linked as ``libvirt-libvirt-q%231.html`` from the index,
the doc text and the search index, and the page opens from the index and the
search (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from html_support import Browser, links, serve

from generator.backends import html as html_backend
from generator.frontend import load_files
from generator.html.text import Linker

# --- page names that need escaping in a URL ---------------------------------------------

Q_HEADER = "/**\n * VIR_Q_ONE:\n *\n * A macro, see VIR_Q_TWO.\n *\n * Since: 1.0.0\n */\n# define VIR_Q_ONE 1\n"


Q_PAGE = "libvirt-libvirt-q#1.html"


Q_HREF = "libvirt-libvirt-q%231.html"


@pytest.fixture(scope="module")
def q_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A module with a header named ``libvirt-q#1.h`` and one named ``libvirt-common.h``, linking to each other."""
    folder = tmp_path_factory.mktemp("q-tree")
    include = folder / "include" / "libvirt"
    include.mkdir(parents=True)
    (include / "libvirt-q#1.h").write_text(Q_HEADER, encoding="utf-8")
    (include / "libvirt-common.h").write_text(
        "/**\n * VIR_Q_TWO:\n *\n * Another one, see VIR_Q_ONE.\n *\n * Since: 1.0.0\n */\n# define VIR_Q_TWO 2\n", encoding="utf-8"
    )
    (folder / "libvirt_public.syms").write_text("LIBVIRT_1.0.0 {\n global:\n  virX;\n};\n", encoding="utf-8")
    api = load_files([str(include / "libvirt-q#1.h"), str(include / "libvirt-common.h"), str(folder / "libvirt_public.syms")]).api
    return html_backend.render(api)


def test_page_links_are_percent_encoded(q_site: dict[str, str]) -> None:
    assert Q_PAGE in q_site  # the file keeps the header's name
    index_links = links(q_site["index.html"])
    assert Q_HREF in index_links and Q_PAGE not in index_links
    assert Q_HREF + "#VIR_Q_ONE" in links(q_site["libvirt-libvirt-common.html"])  # doc text "see VIR_Q_ONE"
    assert f'"{Q_HREF}"' in q_site["search-index.js"] and f'"{Q_PAGE}"' not in q_site["search-index.js"]
    assert Linker({"VIR_Q_ONE": Q_PAGE}, "index.html").href("VIR_Q_ONE") == Q_HREF + "#VIR_Q_ONE"
    assert Linker({"VIR_Q_ONE": Q_PAGE}, Q_PAGE).href("VIR_Q_ONE") == "#VIR_Q_ONE"
    for page, text in q_site.items():
        if page.endswith(".html"):
            for target in links(text):
                file = target.partition("#")[0]
                assert not file or unquote(file) in q_site, (page, target)


def test_a_page_named_with_a_hash_opens_from_the_index_and_the_search(chromium: Browser, q_site: dict[str, str], tmp_path: Path) -> None:
    for name, text in q_site.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with serve(tmp_path) as base:
        chromium.navigate(base + "index.html")
        chromium.click(f'a[href="{Q_HREF}"]')
        chromium.wait_for(f"location.pathname.endsWith('/{Q_HREF}') && document.readyState === 'complete'")
        assert chromium.evaluate("document.getElementById('VIR_Q_ONE') !== null")
        chromium.click("#searchq")
        chromium.call("Input.insertText", {"text": "VIR_Q_TWO"})
        chromium.wait_for("document.querySelectorAll('#search-results a').length > 0")
        chromium.press("Enter", 13, "\r")
        chromium.wait_for("location.hash === '#VIR_Q_TWO' && document.readyState === 'complete'")
        chromium.click('a[href="' + Q_HREF + '#VIR_Q_ONE"]')  # "see VIR_Q_ONE" in the doc text
        chromium.wait_for("location.hash === '#VIR_Q_ONE' && document.readyState === 'complete'")
        assert chromium.evaluate("decodeURIComponent(location.pathname)").endswith("/" + Q_PAGE)
    assert chromium.console_errors() == []
