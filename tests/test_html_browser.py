"""The HTML reference in a real browser: Debian's Chromium, headless, over the DevTools protocol.

Pages of the sample tree are served from 127.0.0.1.  The test loads the
checkpoint page and the index, takes screenshots (light, dark, phone width),
searches "GetParent", follows the hit and checks the page scrolled to the
anchor, and that no page logged an error.  Set ``HTML_SCREENSHOTS=DIR`` to keep
the screenshots for a look.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from html_support import DESKTOP, PHONE, Browser, png_size, serve, typed_in_the_index

CHECKPOINT_PAGE = "libvirt-libvirt-domain-checkpoint.html"




@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    keep = os.environ.get("HTML_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _screenshot(chromium: Browser, path: Path, size: dict[str, object]) -> None:
    data = chromium.screenshot(path)
    width, height = png_size(data)
    scale = int(str(size["deviceScaleFactor"]))
    assert (width, height) == (int(str(size["width"])) * scale, int(str(size["height"])) * scale)
    assert len(data) > 20_000  # a rendered page, not a blank one


def _luminance(css_color: str) -> float:
    red, green, blue = (int(part) for part in css_color[css_color.index("(") + 1 : css_color.index(")")].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_checkpoint_page_light_dark_and_phone(chromium: Browser, site: str, shots: Path) -> None:
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + CHECKPOINT_PAGE)
    assert chromium.evaluate("document.title").startswith("libvirt-domain-checkpoint")
    assert chromium.evaluate("document.styleSheets.length >= 1 && getComputedStyle(document.getElementById('nav')).display") == "flex"
    _screenshot(chromium, shots / "checkpoint-light.png", DESKTOP)
    assert _luminance(chromium.evaluate("getComputedStyle(document.body).backgroundColor")) > 200

    chromium.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    _screenshot(chromium, shots / "checkpoint-dark.png", DESKTOP)
    assert _luminance(chromium.evaluate("getComputedStyle(document.body).backgroundColor")) < 60
    assert _luminance(chromium.evaluate("getComputedStyle(document.body).color")) > 180

    chromium.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    chromium.call("Emulation.setDeviceMetricsOverride", PHONE)
    chromium.navigate(site + CHECKPOINT_PAGE + "#virDomainCheckpointListFlags")
    _screenshot(chromium, shots / "checkpoint-phone.png", PHONE)
    # Nothing wider than the phone: no sideways scrolling of the page itself.
    assert chromium.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert chromium.console_errors() == []


def test_a_url_with_a_fragment_is_drawn_as_other_urls_not_as_a_symbol(chromium: Browser, site: str) -> None:
    # Symbol links are code; a URL from doc text is text, "#" in it or not (QA, session 26).
    chromium.navigate(site + CHECKPOINT_PAGE)
    fonts = chromium.evaluate(
        "(() => { const doc = document.querySelector('.doc'); const made = [];"
        " for (const [cls, href] of [['url', 'https://example.org/a.html#part'], ['url', 'https://example.org/a.html'],"
        "                            ['', '#virDomainCheckpointGetParent']]) {"
        "   const link = document.createElement('a'); if (cls) link.className = cls; link.href = href; link.textContent = href;"
        "   doc.appendChild(link); made.push(getComputedStyle(link).fontFamily); }"
        " return made.join('|'); })()"
    )
    with_fragment, plain, symbol = str(fonts).split("|")
    assert with_fragment == plain != symbol
    assert "monospace" in symbol and "monospace" not in plain


def test_search_finds_get_parent_and_jumps_to_it(chromium: Browser, site: str, shots: Path) -> None:
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + "index.html")
    _screenshot(chromium, shots / "index.png", DESKTOP)
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": "GetParent"})
    hits = chromium.wait_for("Array.from(document.querySelectorAll('#search-results a .name')).map(e => e.textContent)")
    assert "virDomainCheckpointGetParent" in hits
    assert chromium.evaluate("getComputedStyle(document.getElementById('search-results')).display") != "none"
    _screenshot(chromium, shots / "search.png", DESKTOP)

    chromium.click('#search-results a[href$="#virDomainCheckpointGetParent"]')
    chromium.wait_for("location.pathname.endsWith('/" + CHECKPOINT_PAGE + "') && document.readyState === 'complete'")
    assert chromium.evaluate("location.hash") == "#virDomainCheckpointGetParent"
    top = chromium.wait_for(
        "(() => { const t = document.getElementById('virDomainCheckpointGetParent').getBoundingClientRect().top;"
        " return window.scrollY > 0 && Math.abs(t) < 40 ? [t, window.scrollY] : null; })()"
    )
    assert top[1] > 500  # the symbol is far down the page: the browser really scrolled
    assert chromium.evaluate("document.querySelector(':target').id") == "virDomainCheckpointGetParent"
    _screenshot(chromium, shots / "target.png", DESKTOP)
    assert chromium.console_errors() == []




def test_enter_opens_the_hit_picked_with_the_arrow_keys(chromium: Browser, site: str) -> None:
    """ArrowDown three times highlights the third hit; Enter opens that one, not the first."""
    hits = typed_in_the_index(chromium, site, "CheckpointGet")
    for _ in range(3):
        chromium.press("ArrowDown", 40)
    picked = chromium.evaluate("document.querySelector('#search-results a.active .name').textContent")
    assert picked == hits[2] != hits[0]
    chromium.press("Enter", 13, "\r")
    chromium.wait_for("location.pathname.endsWith('/" + CHECKPOINT_PAGE + "') && document.readyState === 'complete'")
    assert chromium.evaluate("location.hash") == "#" + picked
    assert chromium.console_errors() == []


def test_arrow_up_first_picks_the_last_hit(chromium: Browser, site: str) -> None:
    """With nothing picked, Up goes to the bottom of the list (and Down to the top)."""
    hits = typed_in_the_index(chromium, site, "CheckpointGet")
    chromium.press("ArrowUp", 38)
    assert chromium.evaluate("document.querySelector('#search-results a.active .name').textContent") == hits[-1]
    chromium.press("ArrowDown", 40)
    assert chromium.evaluate("document.querySelector('#search-results a.active .name').textContent") == hits[0]


def test_keyboard_search_from_a_symbol_page(chromium: Browser, site: str) -> None:
    """'/' focuses the box; Enter opens the best hit (an exact name wins)."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + "libvirt-libvirt-host.html")
    chromium.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "/", "code": "Slash", "text": "/"})
    chromium.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": "/", "code": "Slash"})
    assert chromium.wait_for("document.activeElement && document.activeElement.id === 'searchq'")
    chromium.call("Input.insertText", {"text": "virDomainCheckpointFree"})
    chromium.wait_for("document.querySelectorAll('#search-results a').length > 0")
    for kind in ("keyDown", "keyUp"):
        chromium.call("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"})
    chromium.wait_for("location.hash === '#virDomainCheckpointFree' && document.readyState === 'complete'")
    assert chromium.evaluate("location.pathname").endswith(CHECKPOINT_PAGE)
    assert chromium.console_errors() == []


def test_the_frame_keeps_its_style_as_header_and_footer(chromium: Browser, site: str) -> None:
    """#nav, #jumplinks and #footer are a <header>, a <nav> and a <footer>: the id selectors still style them."""
    chromium.navigate(site + CHECKPOINT_PAGE)
    style = "(id => {{ const e = document.getElementById(id), s = getComputedStyle(e); return [e.tagName, {}]; }})"
    nav = chromium.evaluate(style.format("s.display, s.backgroundColor") + "('nav')")
    assert nav[:2] == ["HEADER", "flex"] and _luminance(nav[2]) < 80
    assert chromium.evaluate(style.format("s.borderTopStyle, s.textAlign") + "('footer')") == ["FOOTER", "solid", "center"]
    # the jump links are a named navigation landmark, styled as before
    jumps = "(e => [e.tagName, e.getAttribute('aria-label'), getComputedStyle(e.querySelector('ul')).display])(document.getElementById('jumplinks'))"
    assert chromium.evaluate(jumps) == ["NAV", "Sections of this page", "flex"]


UNDERLINES = (
    "(selectors => selectors.map(s => {{ const e = document.querySelector(s);"
    " return e ? s + ': ' + getComputedStyle(e).textDecorationLine : s + ': missing'; }}))({})"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_in_running_text_are_underlined(chromium: Browser, site: str, scheme: str) -> None:
    """QA (axe link-in-text-block): links told apart from the text around them by
    colour alone, 2.37:1 (light) and 1.59:1 (dark) against it.  Links in text
    are underlined; lists of nothing but links, permalinks and the search hits
    are links by their place and stay plain."""
    chromium.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    in_text = [
        ".doc p a",  # doc paragraphs
        "pre.declaration a",  # a type in a declaration
        "dl.params dd a",
        "td.name .badge a",  # alias of VIR_..., in a badge
        ".breadcrumb a",
        "#footer a",
    ]
    by_place = ["#home a", "#jumplinks a", "nav.toc a", "h2 .permalink", "h3 .permalink", "td.name .permalink"]
    chromium.navigate(site + CHECKPOINT_PAGE)
    expected = [f"{s}: underline" for s in in_text] + [f"{s}: none" for s in by_place]
    assert chromium.evaluate(UNDERLINES.format(json.dumps(in_text + by_place))) == expected
    chromium.navigate(site + "index.html")
    index = ["#deprecated + ul.names li a", "#since-5\\.6\\.0 ul.names li a", "ul.headers a"]  # virError.conn: part of the entry is a link
    assert chromium.evaluate(UNDERLINES.format(json.dumps(index))) == [f"{s}: underline" for s in index]
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": "GetParent"})
    chromium.wait_for("document.querySelectorAll('#search-results a').length > 0")
    assert chromium.evaluate(UNDERLINES.format(json.dumps(["#search-results a"]))) == ["#search-results a: none"]


def test_a_struct_tag_leads_to_its_struct(chromium: Browser, site: str) -> None:
    """QA: "_virDomainCheckpoint", as C code spells the struct, found nothing."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + "index.html")
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": "_virDomainCheckpoint"})
    hits = chromium.wait_for("Array.from(document.querySelectorAll('#search-results a .name')).map(e => e.textContent)")
    assert hits[0] == "_virDomainCheckpoint"
    chromium.press("Enter", 13, "\r")
    chromium.wait_for("location.pathname.endsWith('/" + CHECKPOINT_PAGE + "') && document.readyState === 'complete'")
    assert chromium.evaluate("location.hash") == "#virDomainCheckpoint"
    assert chromium.evaluate("document.querySelector(':target').id") == "virDomainCheckpoint"
    assert chromium.console_errors() == []


# Every block that can scroll sideways: [selector path, overflows, has focusable content, tabindex, role, aria-label].
SCROLLERS = (
    "Array.from(document.querySelectorAll('pre, .table-wrap')).map(b => {"
    " const s = b.closest('section.symbol'); return [(s ? s.id : '') + ' ' + b.tagName, b.scrollWidth > b.clientWidth,"
    " !!b.querySelector('a[href], button, input, select, textarea, [tabindex]:not([data-scroll-focus])'),"
    " b.getAttribute('tabindex'), b.getAttribute('role'), b.getAttribute('aria-label')]; })"
)
NARROW = {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True}
GET_VERSION = "document.querySelector('#virGetVersion pre')"


def test_a_block_wider_than_the_page_is_in_the_tab_order_only_while_it_is(chromium: Browser, site: str) -> None:
    """QA (axe scrollable-region-focusable): a declaration or table wider than the
    page, with no link inside, could not be scrolled with the keyboard.  Such a
    block takes focus (named after its symbol); one that fits, or that holds a
    link Tab reaches anyway, stays out of the tab order, also after a resize."""
    chromium.call("Emulation.setDeviceMetricsOverride", NARROW)
    chromium.navigate(site + "libvirt-libvirt-host.html")
    blocks = chromium.evaluate(SCROLLERS)
    stuck = [b for b in blocks if b[1] and not b[2]]
    assert stuck, "the sample has no block overflowing at 375px: the test checks nothing"
    assert [b for b in stuck if b[3:5] != ["0", "group"] or not b[5]] == []
    assert [b for b in blocks if not (b[1] and not b[2]) and b[3] is not None] == []
    assert chromium.evaluate(f"{GET_VERSION}.getAttribute('aria-label')") == "Declaration of virGetVersion"
    # focused, the arrow keys scroll it
    chromium.evaluate(f"{GET_VERSION}.focus()")
    assert chromium.evaluate(f"document.activeElement === {GET_VERSION} && {GET_VERSION}.scrollLeft") == 0
    chromium.press("ArrowRight", 39)
    chromium.wait_for(f"{GET_VERSION}.scrollLeft > 0")

    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.wait_for(f"{GET_VERSION}.scrollWidth <= {GET_VERSION}.clientWidth && !{GET_VERSION}.hasAttribute('tabindex')")
    wide = chromium.evaluate(SCROLLERS)
    assert [b for b in wide if not (b[1] and not b[2]) and b[3:] != [None, None, None]] == []
    assert [b for b in wide if b[1] and not b[2] and b[3] != "0"] == []
    chromium.navigate(site + "libvirt-libvirt-host.html")
    assert chromium.evaluate(f"{GET_VERSION}.hasAttribute('tabindex')") is False
    assert chromium.evaluate(SCROLLERS) == wide
    assert chromium.console_errors() == []


SEARCH_SHOWN = (
    "(() => { const w = document.getElementById('search'), box = document.getElementById('searchq');"
    " return [w.hidden, getComputedStyle(w).display !== 'none', box.getClientRects().length > 0]; })()"
)


def _search_roles(chromium: Browser) -> list[tuple[str, str]]:
    """The search widget's roles as a screen reader is told them: (role, name)."""
    chromium.call("Accessibility.enable")
    nodes = chromium.call("Accessibility.getFullAXTree")["nodes"]
    roles = [(str(n.get("role", {}).get("value")), str(n.get("name", {}).get("value", ""))) for n in nodes]
    return [(role, name) for role, name in roles if role in ("search", "combobox", "status")]


@pytest.mark.parametrize("page", ["index.html", CHECKPOINT_PAGE])
def test_without_javascript_no_search_box_is_offered(chromium: Browser, site: str, page: str) -> None:
    """QA: with scripts off the box was there and submitted to index.html?q=...,
    which lists nothing (static pages: only the script can answer a query).
    The widget is written hidden; search.js shows it once it is wired up."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.call("Emulation.setScriptExecutionDisabled", {"value": True})
    chromium.navigate(site + page + "?q=GetParent")
    assert chromium.evaluate("document.readyState") == "complete"
    assert chromium.evaluate(SEARCH_SHOWN) == [True, False, False]
    # the page around it is whole: the home link and the jump links still show
    assert chromium.evaluate("document.querySelector('#home a').getClientRects().length > 0")
    assert chromium.evaluate("document.querySelector('#jumplinks a').getClientRects().length > 0")
    assert chromium.evaluate("window.virtApigenIndex === undefined")  # no script ran: the check means something
    assert _search_roles(chromium) == []  # not announced either
    # nor spoken of: the index's "Type in the search box" is the script's to show
    assert "search box" not in chromium.evaluate("document.body.innerText")

    chromium.call("Emulation.setScriptExecutionDisabled", {"value": False})
    chromium.navigate(site + page + "?q=GetParent")
    chromium.wait_for(f"JSON.stringify({SEARCH_SHOWN}) === '[false,true,true]'")
    # and it works: the query of the URL is searched, the combobox says its list is open
    hits = chromium.wait_for("Array.from(document.querySelectorAll('#search-results a .name')).map(e => e.textContent)")
    assert "virDomainCheckpointGetParent" in hits
    assert chromium.evaluate("document.getElementById('searchq').getAttribute('aria-expanded')") == "true"
    assert _search_roles(chromium) == [("search", ""), ("status", ""), ("combobox", "Search every symbol")]
    assert ("search box" in chromium.evaluate("document.body.innerText")) == (page == "index.html")
    assert chromium.console_errors() == []


@pytest.fixture(params=["missing", "damaged"])
def site_without_index(request: pytest.FixtureRequest, sample_tree: Path, tmp_path: Path) -> Iterator[str]:
    """The sample's reference with its search index missing (a partial copy, a blocked file) or cut short."""
    from generator.backends import html as html_backend
    from generator.frontend import load_tree

    for name, text in html_backend.render(load_tree(sample_tree).api).items():
        if name == "search-index.js":
            if request.param == "missing":
                continue
            text = text[: len(text) // 2]  # a copy cut short: a syntax error, no index defined
        (tmp_path / name).write_text(text, encoding="utf-8")
    with serve(tmp_path) as base:
        yield base


def test_a_search_index_that_cannot_load_is_said(chromium: Browser, site_without_index: str) -> None:
    """The box found nothing and said nothing, which reads as "no symbol matches"."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site_without_index + "index.html")
    chromium.click("#searchq")  # focus alone loads the index: its failure is said once there is a query
    chromium.wait_for("document.querySelectorAll('script[src$=\"search-index.js\"]').length === 0 || null")
    assert chromium.evaluate("document.getElementById('search-results').hidden") is True
    chromium.call("Input.insertText", {"text": "GetParent"})
    said = chromium.wait_for("document.getElementById('search-status').textContent || null")
    assert said == "The search index could not be loaded (search-index.js)"
    assert chromium.evaluate("document.querySelector('#search-results li').textContent") == said
    assert chromium.evaluate("document.getElementById('searchq').getAttribute('aria-expanded')") == "true"
    # the failed script element is not left behind to pile up on every retry
    assert chromium.evaluate("document.querySelectorAll('script[src$=\"search-index.js\"]').length") == 0


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("virDomainCheckpointGetParent()", "virDomainCheckpointGetParent"),
        ("virDomainCheckpointGetParent(", "virDomainCheckpointGetParent"),
        ("  virdomaincheckpointgetparent();  ", "virDomainCheckpointGetParent"),
        ("virDomainCheckpointGet*", "virDomainCheckpointGetName"),
        ("checkpoint* (getxml", "virDomainCheckpointGetXMLDesc"),
        ("*virDomainCheckpointPtr", "virDomainCheckpointPtr"),
    ],
)
def test_a_name_copied_with_punctuation_is_found(chromium: Browser, site: str, query: str, first: str) -> None:
    """QA: "virDomainGetXMLDesc()", "virDomainGetXMLDesc(" and "virConnect*", as
    names are copied from the pages and from code, found nothing.  What no C
    name holds is dropped from each word; the words still narrow the search."""
    hits = typed_in_the_index(chromium, site, query, 1)
    assert hits[0] == first
    without = typed_in_the_index(chromium, site, "".join(c for c in query if c.isalnum() or c in "_ ").strip(), 1)
    assert hits == without
    chromium.press("Enter", 13, "\r")
    chromium.wait_for(f"location.hash === '#{first}' && document.readyState === 'complete'")
    assert chromium.console_errors() == []


@pytest.mark.parametrize(
    ("query", "first", "anchor"),
    [
        ("struct _virDomainCheckpoint", "_virDomainCheckpoint", "virDomainCheckpoint"),
        ("struct _virError *", "_virError", "virError"),
        ("  struct   _virNetwork*  ", "_virNetwork", "virNetwork"),
        ("enum virErrorDomain", "virErrorDomain", "virErrorDomain"),
        ("struct virDomainCheckpoint", "virDomainCheckpoint", "virDomainCheckpoint"),
        ("enum virDomainCheckpointCreateFlags()", "virDomainCheckpointCreateFlags", "virDomainCheckpointCreateFlags"),
    ],
)
def test_a_type_copied_with_its_c_keyword_is_found(chromium: Browser, site: str, query: str, first: str, anchor: str) -> None:
    """QA: "struct _virDomainInfo", "enum virDomainState" and "struct
    _virTypedParameter *", copied from C, found nothing: "struct" was a word
    of the query that no name holds.  The keyword in front of a tag is
    dropped; the hits are those of the name alone, the tag's row first when
    the name is the tag (it leads to the type's anchor)."""
    hits = typed_in_the_index(chromium, site, query, 1)
    assert hits[0] == first
    assert hits == typed_in_the_index(chromium, site, first, 1)
    chromium.press("Enter", 13, "\r")
    chromium.wait_for(f"location.hash === '#{anchor}' && document.readyState === 'complete'")
    assert chromium.evaluate("document.querySelector(':target').id") == anchor
    assert chromium.console_errors() == []


# A made-up index for the word rules alone: names holding a C keyword, a tag and its type.
KEYWORD_INDEX = {
    "kinds": ["enum", "macro", "struct", "struct tag", "typedef"],
    "pages": ["libvirt-libvirt-common.html"],
    "symbols": [
        ["VIR_INTERFACE_SIZE", 1, 0, "1.0.0", ""],
        ["VIR_MEMORY_CONSTANT", 1, 0, "1.0.0", ""],
        ["VIR_STRUCT_SIZE", 1, 0, "1.0.0", ""],
        ["_virFoo", 3, 0, "1.0.0", "typedef struct _virFoo virFoo;", "virFoo"],
        ["virEnumKind", 0, 0, "1.0.0", ""],
        ["virFoo", 2, 0, "1.0.0", ""],
        ["virFooPtr", 4, 0, "1.0.0", ""],
    ],
}


@pytest.fixture()
def keyword_site(sample_tree: Path, tmp_path: Path) -> Iterator[str]:
    from generator.backends import html as html_backend
    from generator.frontend import load_tree

    for name, text in html_backend.render(load_tree(sample_tree).api).items():
        if name == "search-index.js":
            text = f"window.virtApigenIndex = {json.dumps(KEYWORD_INDEX)};\n"
        (tmp_path / name).write_text(text, encoding="utf-8")
    with serve(tmp_path) as base:
        yield base


@pytest.mark.parametrize(
    ("query", "hits"),
    [
        ("struct _virFoo *", ["_virFoo"]),  # the tag's row only: the typedef's hit would lead to the same anchor
        ("struct virFoo", ["virFoo", "virFooPtr"]),
        ("enum virEnumKind", ["virEnumKind"]),
        ("union foo", ["virFoo", "virFooPtr"]),
        ("struct", ["VIR_STRUCT_SIZE"]),  # alone it is a word like any other
        ("enum", ["virEnumKind"]),
        ("virFoo struct", []),  # only in front of a name: C writes it there
        # dropped only when the query as typed finds nothing: "struct stats" lists virDomainBlockStatsStruct...
        ("struct size", ["VIR_STRUCT_SIZE"]),  # ...not every name holding "stats"
        ("size struct", ["VIR_STRUCT_SIZE"]),  # the same in either order
        ("enum size", ["VIR_STRUCT_SIZE", "VIR_INTERFACE_SIZE"]),
        ("typedef struct _virFoo", ["_virFoo"]),  # a typedef is searched for its last word, the name it declares
        ("typedef struct _virFoo virFoo;", ["virFoo", "virFooPtr"]),
        ("typedef virFoo *virFooPtr;", ["virFooPtr"]),
        ("typedef enum { VIR_A = 0 } virEnumKind;", ["virEnumKind"]),
        ("typedef", []),  # alone it is a word like any other
        # the declared name must be a symbol's whole name: not every name holding "int" or "foo"
        ("typedef int", []),
        ("typedef struct { int x; } ;", []),
        ("typedef virFooPtr foo", []),
        # read as a declaration only when the query as typed finds nothing
        ("const struct _virFoo *", ["_virFoo"]),
        ("volatile const virFooPtr", ["virFooPtr"]),
        ("virFoo foo", ["virFoo", "virFooPtr"]),  # "foo" is in both names: as typed
        ("virFoo item", ["virFoo"]),  # a parameter with its name: the type alone, exactly
        ("const virFooPtr *items", ["virFooPtr"]),
        ("const memory", ["VIR_MEMORY_CONSTANT"]),  # a word of a name, found as typed
        ("const", ["VIR_MEMORY_CONSTANT"]),
        ("virFoo int", []),  # a C keyword is no parameter's name
        ("virFoo item next", []),
        ("virFo item", []),  # a type is a whole name, not part of one
        ("unsigned int", []),  # C's own types name no symbol
        ("const int", []),  # not every name holding "int"
        ("unsigned virFoo", []),
    ],
)
def test_only_a_leading_c_tag_keyword_is_dropped(chromium: Browser, keyword_site: str, query: str, hits: list[str]) -> None:
    """QA: "const struct _virDomainInfo *", "typedef struct _virDomainInfo
    virDomainInfo;" and "virTypedParameterPtr params", copied from C, found
    nothing; the rules read them without changing what a query that finds
    something as typed lists."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(keyword_site + "index.html")
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": query})
    chromium.wait_for("document.getElementById('search-results').hidden === false || null")
    assert chromium.evaluate("Array.from(document.querySelectorAll('#search-results a .name')).map(e => e.textContent)") == hits
    assert chromium.console_errors() == []


PRINTED = (
    "(() => { const shown = s => Array.from(document.querySelectorAll(s)).filter(e => getComputedStyle(e).display !== 'none').length;"
    " return { search: shown('#search'), jumps: shown('#jumplinks'), permalinks: shown('.permalink'),"
    "   fg: getComputedStyle(document.body).color, bg: getComputedStyle(document.body).backgroundColor,"
    "   home: getComputedStyle(document.querySelector('#home a')).color,"
    "   wrap: getComputedStyle(document.querySelector('pre.declaration')).whiteSpace }; })()"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_printing_uses_dark_text_on_white_and_leaves_out_the_screen_only_parts(chromium: Browser, site: str, scheme: str) -> None:
    """QA: no print styles.  Printed, the top bar lost its background (browsers
    print none) and kept its light text; with a dark system scheme all the
    text was light grey on the paper's white; the search box, the jump links
    and the permalink marks were printed."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    chromium.navigate(site + CHECKPOINT_PAGE)
    screen = chromium.evaluate(PRINTED)
    assert screen["search"] == screen["jumps"] == 1 and screen["permalinks"] > 10  # on screen they are there
    chromium.call("Emulation.setEmulatedMedia", {"media": "print", "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    printed = chromium.evaluate(PRINTED)
    assert [printed["search"], printed["jumps"], printed["permalinks"]] == [0, 0, 0]
    assert _luminance(printed["fg"]) < 60 and _luminance(printed["bg"]) > 200
    assert _luminance(printed["home"]) < 60
    assert printed["wrap"] == "pre-wrap"  # a wide declaration wraps instead of being cut at the paper's edge
    chromium.call("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert chromium.console_errors() == []


OPEN_DETAILS = "Array.from(document.querySelectorAll('details')).map(d => d.open)"


def test_every_details_is_open_for_printing_and_closed_again_after(chromium: Browser, site: str) -> None:
    """QA: the printed index listed the three newest versions only, the others
    being closed <details>."""
    chromium.navigate(site + "index.html")
    before = chromium.evaluate(OPEN_DETAILS)
    assert True in before and False in before
    chromium.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert set(chromium.evaluate(OPEN_DETAILS)) == {True}
    chromium.evaluate("document.querySelector('details').open = false")  # closed by hand meanwhile: left closed
    chromium.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert chromium.evaluate(OPEN_DETAILS) == [False] + before[1:]
    # a real print fires the same events
    chromium.evaluate(
        "window.printed = 0;"
        " window.addEventListener('beforeprint', () => { window.printed = document.querySelectorAll('details:not([open])').length + 1; })"
    )
    chromium.call("Page.printToPDF", {})
    assert chromium.evaluate("window.printed") == 1
    assert chromium.evaluate(OPEN_DETAILS) == [False] + before[1:]
    assert chromium.console_errors() == []


LANDED = (
    "(id => { const e = document.getElementById(id), margin = getComputedStyle(document.querySelector('section.symbol')).scrollMarginTop;"
    " return window.scrollY > 0 ? [e.tagName, Math.round(e.getBoundingClientRect().top), Math.round(parseFloat(margin))] : null; })"
)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("anchor", ["VIR_DOMAIN_CHECKPOINT_LIST_ROOTS", "virDomainCheckpointListFlags"])
def test_a_member_anchor_lands_below_the_top_edge_as_a_symbol_does(chromium: Browser, site: str, size: dict[str, object], anchor: str) -> None:
    """QA: #VIR_DOMAIN_XML_SECURE landed flush with the window's top edge, its
    highlighted row touching it; a symbol's anchor keeps a margin above it."""
    chromium.call("Emulation.setDeviceMetricsOverride", size)
    chromium.navigate(site + CHECKPOINT_PAGE + "#" + anchor)
    tag, top, margin = chromium.wait_for(LANDED + f"({json.dumps(anchor)})")
    assert tag in ("TR", "SECTION") and margin >= 8
    assert abs(top - margin) <= 1, (tag, top, margin)
    assert chromium.console_errors() == []


def test_a_struct_tag_is_listed_only_for_a_query_written_as_a_tag(chromium: Browser, site: str) -> None:
    """QA: "virDomainCheckpoint" listed both virDomainCheckpoint and its tag
    _virDomainCheckpoint, one hit leading to the same anchor as the other.
    A tag is listed when a word starts with "_", as C code writes it."""
    hits = typed_in_the_index(chromium, site, "virDomainCheckpoint", 3)
    assert hits[0] == "virDomainCheckpoint" and "_virDomainCheckpoint" not in hits
    assert [h for h in typed_in_the_index(chromium, site, "Checkpoint", 3) if h.startswith("_")] == []
    assert typed_in_the_index(chromium, site, "_virDomainCheckpoint", 1) == ["_virDomainCheckpoint"]
    assert typed_in_the_index(chromium, site, "_vir checkpoint", 1)[0] == "_virDomainCheckpoint"
    assert chromium.console_errors() == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_module_heading_a_breadcrumb_leads_to_lands_as_a_symbol_does(chromium: Browser, site: str, size: dict[str, object]) -> None:
    """QA: the breadcrumb's index.html#module-NAME put the module's heading
    flush with the window's top edge, where a symbol keeps a gap above it."""
    chromium.call("Emulation.setDeviceMetricsOverride", size)
    chromium.navigate(site + CHECKPOINT_PAGE + "#virDomainCheckpointListFlags")
    _, symbol_top, _ = chromium.wait_for(LANDED + "('virDomainCheckpointListFlags')")
    chromium.evaluate("window.scrollTo(0, 0)")  # the crumb is at the top: a real click where it is drawn
    chromium.click(".breadcrumb a")
    chromium.wait_for("location.pathname.endsWith('/index.html') && document.readyState === 'complete'")
    assert chromium.evaluate("location.hash") == "#module-libvirt"
    tag, top, bottom = chromium.wait_for(
        "(() => { const e = document.querySelector(':target'), box = e && e.getBoundingClientRect();"
        " return e && window.scrollY > 0 ? [e.tagName, box.top, box.bottom <= window.innerHeight] : null; })()"
    )
    assert tag == "H3" and bottom
    assert top > 0 and abs(top - symbol_top) < 0.5, (top, symbol_top)
    assert chromium.console_errors() == []


@pytest.mark.parametrize(
    ("query", "hits", "anchor"),
    [
        ("const struct _virError *", ["_virError"], "virError"),
        ("typedef struct _virDomainCheckpoint *virDomainCheckpointPtr;", ["virDomainCheckpointPtr"], "virDomainCheckpointPtr"),
        ("typedef void (*virErrorFunc) (void *userData, virErrorPtr error);", ["virErrorFunc"], "virErrorFunc"),
        ("virConnectPtr dconn", ["virConnectPtr"], "virConnectPtr"),
        ("virDomainCheckpointPtr cp,", ["virDomainCheckpointPtr"], "virDomainCheckpointPtr"),
    ],
)
def test_a_declaration_copied_from_c_is_found(chromium: Browser, site: str, query: str, hits: list[str], anchor: str) -> None:
    """QA: a qualified type, a whole typedef and a parameter copied with its
    name found nothing: "const", "typedef" and the parameter's name are
    words no symbol's name holds."""
    assert typed_in_the_index(chromium, site, query, 1) == hits
    chromium.press("Enter", 13, "\r")
    chromium.wait_for(f"location.hash === '#{anchor}' && document.readyState === 'complete'")
    assert chromium.evaluate("document.querySelector(':target').id") == anchor
    assert chromium.console_errors() == []


@pytest.mark.parametrize("query", ["unsigned int flags", "typedef int", "typedef virDomainPtr dom"])
def test_a_c_type_of_its_own_is_no_symbol(chromium: Browser, site: str, query: str) -> None:
    """"unsigned int" names no libvirt symbol, nor does a typedef of "int"
    or of "dom": said so, not every name holding "int" or "dom" listed (QA:
    "typedef int" listed 111 names of libvirt 9.0.0)."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + "index.html")
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": query})
    note = chromium.wait_for("document.getElementById('search-results').hidden === false && document.getElementById('search-results').textContent")
    assert note == f"No symbol matches \u201c{query}\u201d"
    assert chromium.evaluate("document.querySelectorAll('#search-results a').length") == 0
    assert chromium.console_errors() == []
