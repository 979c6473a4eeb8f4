"""QA report 7 on the HTML reference: negated access rules, page links with ``#``, keys in the search results.

1. An ``@acl`` condition reads as libvirt's ``src/rpc/gendispatch.pl``
   compiles it: ``!X|Y`` is "the call passes neither X nor Y" (was "passes
   !X|Y"), ``X|Y`` "both X and Y", ``param:!V`` "param is not V"; the raw
   condition stays visible in code font; the model keeps the ``!``.
2. A header whose page name needs escaping in a URL (``libvirt-q#1.h``) is
   linked as ``libvirt-libvirt-q%231.html``, from the index, the doc text and
   the search index.
3. Escape and the arrow keys work with focus on a hit of the search list
   (reached with Tab), not only in the box (headless Chromium).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from html_support import Browser, links, serve, typed_in_the_index

from generator.backends import html as html_backend
from generator.frontend import load_files, load_tree
from generator.frontend.protocol import read_acls
from generator.html.text import Linker
from generator.model import Acl

CHECKPOINT_PAGE = "libvirt-libvirt-domain-checkpoint.html"
DOMAIN_PAGE = "libvirt-libvirt-domain.html"
LINKER = Linker({"VIR_X": DOMAIN_PAGE, "VIR_Y": DOMAIN_PAGE, "VIR_Z": DOMAIN_PAGE}, DOMAIN_PAGE)
X, Y, Z = ('<a href="#VIR_X">VIR_X</a>', '<a href="#VIR_Y">VIR_Y</a>', '<a href="#VIR_Z">VIR_Z</a>')
NEEDED = "<code>domain:save</code>"


def _raw(expression: str) -> str:
    return f' (condition <code class="condition">{expression}</code>)'


# --- 1. access rules --------------------------------------------------------------------


def _words(flag: str = "", condition: str = "") -> str:
    return html_backend._access_html(Acl("check", "domain", "save", flag, condition), LINKER)


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("VIR_X", f"{NEEDED} when the call passes {X}"),
        ("VIR_X|VIR_Y", f"{NEEDED} when the call passes both {X} and {Y}" + _raw("VIR_X|VIR_Y")),
        ("VIR_X|VIR_Y|VIR_Z", f"{NEEDED} when the call passes all of {X}, {Y} and {Z}" + _raw("VIR_X|VIR_Y|VIR_Z")),
        ("!VIR_X", f"{NEEDED} when the call does not pass {X}" + _raw("!VIR_X")),
        ("!VIR_X|VIR_Y", f"{NEEDED} when the call passes neither {X} nor {Y}" + _raw("!VIR_X|VIR_Y")),
        ("!VIR_X|VIR_Y|VIR_Z", f"{NEEDED} when the call passes none of {X}, {Y} and {Z}" + _raw("!VIR_X|VIR_Y|VIR_Z")),
    ],
)
def test_flag_conditions_read_as_gendispatch_compiles_them(flag: str, expected: str) -> None:
    """``X|Y``: ``(flags & (X|Y)) == (X|Y)``; ``!X|Y``: ``(flags & (X|Y)) == 0``."""
    assert _words(flag) == expected


def test_parameter_conditions_and_both_kinds_together() -> None:
    assert _words(condition="source:VIR_X") == f"<code>domain:save</code> when <var>source</var> is {X}"
    assert _words(condition="source:!VIR_X") == f"<code>domain:save</code> when <var>source</var> is not {X}"
    assert _words("!VIR_Y", "source:VIR_X") == (
        f'<code>domain:save</code> when the call does not pass {Y} (condition <code class="condition">!VIR_Y</code>) and <var>source</var> is {X}'
    )
    assert _words() == "<code>domain:save</code>"
    assert _words(condition="?") == "<code>domain:save</code> under a condition on a parameter"


PROTOCOL = """\
enum remote_procedure {
    /**
     * @generate: both
     * @acl: domain:checkpoint
     * @acl: domain:save:!VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
     * @acl: domain:fs_freeze:VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML = 1,

    /**
     * @generate: both
     * @acl: domain:checkpoint
     * @acl: domain:write::flags:!VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 2
};
"""


def test_the_model_keeps_the_negation() -> None:
    rules, problems = read_acls("remote_protocol.x", PROTOCOL)
    assert problems == []
    create, delete = rules["DOMAINCHECKPOINTCREATEXML"], rules["DOMAINCHECKPOINTDELETE"]
    assert [(a.permission, a.flag, a.condition) for a in create] == [
        ("checkpoint", "", ""),
        ("save", "!VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE", ""),
        ("fs_freeze", "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE", ""),
    ]
    assert [(a.permission, a.flag, a.condition) for a in delete] == [("checkpoint", "", ""), ("write", "", "flags:!VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN")]


def test_negated_rules_on_the_page(sample_tree: Path, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(sample_tree, tree)
    (tree / "src" / "remote").mkdir()
    (tree / "src" / "remote" / "remote_protocol.x").write_text(PROTOCOL, encoding="utf-8")
    page = html_backend.render(load_tree(tree).api)[CHECKPOINT_PAGE]
    create = page.split('id="virDomainCheckpointCreateXML"', 1)[1].split("</section>", 1)[0]
    quiesce, redefine = ('<a href="#VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE">VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE</a>',
                         '<a href="#VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE">VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE</a>')
    assert f"<li><code>domain:save</code> when the call passes neither {quiesce} nor {redefine} (condition " in create
    assert '<code class="condition">!VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE|VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE</code>' in create
    assert f"<li><code>domain:fs_freeze</code> when the call passes both {quiesce} and {redefine} (condition " in create
    assert "passes !" not in page and "passes <a" + ' href="#VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE">VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE</a>|' not in page
    delete = page.split('id="virDomainCheckpointDelete"', 1)[1].split("</section>", 1)[0]
    assert '<li><code>domain:write</code> when <var>flags</var> is not <a href="#VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN">' in delete


def test_libvirt_9_0_0_save_rules(libvirt_tree: Path) -> None:
    """The report's case: virDomainSetVcpusFlags needs domain:save unless the call passes CONFIG or LIVE."""
    api = load_tree(libvirt_tree).api
    module = api.module("libvirt")
    assert module is not None
    function = next(f for f in module.functions if f.name == "virDomainSetVcpusFlags")
    linker = Linker(html_backend.page_of_symbols(api), "libvirt-libvirt-domain.html")
    words = [html_backend._access_html(acl, linker) for acl in function.acls]
    assert (
        '<code>domain:save</code> when the call passes neither <a href="#VIR_DOMAIN_AFFECT_CONFIG">VIR_DOMAIN_AFFECT_CONFIG</a>'
        ' nor <a href="#VIR_DOMAIN_AFFECT_LIVE">VIR_DOMAIN_AFFECT_LIVE</a>'
        ' (condition <code class="condition">!VIR_DOMAIN_AFFECT_CONFIG|VIR_DOMAIN_AFFECT_LIVE</code>)'
    ) in words
    assert '<code>domain:save</code> when the call passes <a href="#VIR_DOMAIN_AFFECT_CONFIG">VIR_DOMAIN_AFFECT_CONFIG</a>' in words


# --- 2. page names that need escaping in a URL ---------------------------------------------

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


# --- 3. keys with focus in the search results (headless Chromium) --------------------------






FOCUSED = "(document.activeElement.querySelector('.name') || document.activeElement).textContent || document.activeElement.id"
PICKED = "document.querySelector('#search-results a.active .name').textContent"
HIDDEN = "document.getElementById('search-results').hidden"


def test_escape_after_tab_closes_the_list_and_refocuses_the_box(chromium: Browser, site: str) -> None:
    """The report's steps: "GetParent", Tab onto the hit, Escape."""
    hits = typed_in_the_index(chromium, site, "GetParent", 1)
    chromium.press("Tab", 9)
    assert chromium.evaluate(FOCUSED) == hits[0] == "virDomainCheckpointGetParent"
    chromium.press("Escape", 27)
    assert chromium.evaluate(HIDDEN) is True
    assert chromium.evaluate("document.activeElement.id") == "searchq"
    chromium.press("ArrowDown", 40)  # Down in the box opens the list again
    assert chromium.evaluate(HIDDEN) is False
    assert chromium.console_errors() == []


def test_escape_in_the_box_keeps_the_query_and_down_reopens_the_list(chromium: Browser, site: str) -> None:
    """Session 12 QA: Escape in the box closed the list and Chromium's search box
    emptied itself too, so Down had no query to reopen the list with."""
    hits = typed_in_the_index(chromium, site, "GetParent", 1)
    chromium.press("Escape", 27)
    assert chromium.evaluate(HIDDEN) is True
    assert chromium.evaluate("document.getElementById('searchq').value") == "GetParent"
    chromium.press("ArrowDown", 40)
    assert chromium.evaluate(HIDDEN) is False
    assert chromium.evaluate("document.querySelector('#search-results a .name').textContent") == hits[0]
    chromium.press("Escape", 27)
    chromium.press("Escape", 27)  # the list closed: the box's own Escape clears the query
    assert chromium.evaluate("document.getElementById('searchq').value") == ""
    assert chromium.console_errors() == []


def test_arrows_move_focus_through_the_hits_without_scrolling(chromium: Browser, site: str) -> None:
    hits = typed_in_the_index(chromium, site, "CheckpointGet", 3)
    assert chromium.evaluate("document.documentElement.scrollHeight > window.innerHeight")  # the page could scroll
    chromium.press("Tab", 9)
    assert chromium.evaluate(FOCUSED) == hits[0] == chromium.evaluate(PICKED)  # the hit Tab reached is the picked one
    chromium.press("ArrowDown", 40)
    assert chromium.evaluate(FOCUSED) == hits[1] == chromium.evaluate(PICKED)
    chromium.press("ArrowUp", 38)
    chromium.press("ArrowUp", 38)
    assert chromium.evaluate(FOCUSED) == hits[-1] == chromium.evaluate(PICKED)  # wraps round
    assert chromium.evaluate("document.querySelectorAll('#search-results a.active').length") == 1
    assert chromium.evaluate("window.scrollY") == 0  # the arrows moved through the list, not the page
    chromium.press("ArrowDown", 40)
    chromium.press("ArrowDown", 40)
    chromium.press("Enter", 13, "\r")  # the focused hit opens
    chromium.wait_for("location.pathname.endsWith('/" + CHECKPOINT_PAGE + "') && document.readyState === 'complete'")
    assert chromium.evaluate("location.hash") == "#" + hits[1]
    assert chromium.console_errors() == []


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
