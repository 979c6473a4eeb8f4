"""The search box as screen readers meet it: the ARIA combobox pattern.

The box is a combobox that says whether its list is open and which hit the
arrow keys picked (``aria-activedescendant``); the list is a listbox of
options; a polite live region says how many symbols match.  QA (session 32):
none of it was there, so the search was silent for a screen reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from html_support import DESKTOP, Browser, typed_in_the_index

SEARCH = (
    "(() => { const box = document.getElementById('searchq'), list = document.getElementById('search-results');"
    " const options = Array.from(list.querySelectorAll('[role=option]'));"
    " return { expanded: box.getAttribute('aria-expanded'), descendant: box.getAttribute('aria-activedescendant'),"
    "   hidden: list.hidden, ids: options.map(o => o.id), selected: options.filter(o => o.getAttribute('aria-selected') === 'true').map(o => o.id),"
    "   active: Array.from(list.querySelectorAll('a.active')).map(a => a.id), links: list.querySelectorAll('a').length,"
    "   wrappers: Array.from(list.children).map(li => li.getAttribute('role')) }; })()"
)
STATUS = "document.getElementById('search-status').textContent"


def _status_becomes(chromium: Browser, text: str) -> None:
    chromium.wait_for(f"{STATUS} === {json.dumps(text)}")


@pytest.fixture(scope="module")
def sample_pages(sample_tree: Path) -> dict[str, str]:
    from generator.backends import html as html_backend
    from generator.frontend import load_tree

    return html_backend.render(load_tree(sample_tree).api)


def test_every_page_has_the_combobox_markup(sample_pages: dict[str, str]) -> None:
    from lxml import html

    for name, page in sample_pages.items():
        if not name.endswith(".html"):
            continue
        document = html.document_fromstring(page)
        box = document.get_element_by_id("searchq")
        assert (box.get("role"), box.get("aria-expanded"), box.get("aria-controls"), box.get("aria-autocomplete")) == (
            "combobox", "false", "search-results", "list",
        ), name
        results = document.get_element_by_id("search-results")
        assert results.get("role") == "listbox" and results.get("aria-label"), name
        status = document.get_element_by_id("search-status")
        assert status.get("role") == "status" and status.text_content() == "", name
        assert status.getparent() is document.get_element_by_id("search")  # outside the list: present while it is hidden
        # shown by search.js only: without scripts the box would do nothing (test_html_browser.py)
        assert document.get_element_by_id("search").get("hidden") is not None, name


def test_the_box_says_what_the_arrows_picked(chromium: Browser, site: str) -> None:
    hits = typed_in_the_index(chromium, site, "CheckpointGet", 3)
    state = chromium.evaluate(SEARCH)
    assert state["expanded"] == "true" and state["descendant"] is None
    assert len(state["ids"]) == len(hits) == state["links"] and len(set(state["ids"])) == len(hits)
    assert all(state["ids"]) and state["selected"] == []
    assert set(state["wrappers"]) == {"none"}  # the list items add nothing between the listbox and its options
    chromium.press("ArrowDown", 40)
    chromium.press("ArrowDown", 40)
    state = chromium.evaluate(SEARCH)
    assert state["descendant"] == state["ids"][1] == state["selected"][0] == state["active"][0]
    assert len(state["selected"]) == 1
    chromium.press("ArrowUp", 38)
    state = chromium.evaluate(SEARCH)
    assert state["descendant"] == state["ids"][0] and state["selected"] == [state["ids"][0]]
    chromium.press("Escape", 27)
    state = chromium.evaluate(SEARCH)
    assert (state["hidden"], state["expanded"], state["descendant"]) == (True, "false", None)
    chromium.press("ArrowDown", 40)  # reopened: nothing picked yet
    state = chromium.evaluate(SEARCH)
    assert (state["hidden"], state["expanded"], state["descendant"], state["selected"]) == (False, "true", None, [])
    assert chromium.console_errors() == []


def test_the_browser_exposes_a_combobox_and_its_listbox(chromium: Browser, site: str) -> None:
    """What reaches the accessibility tree, not only the attributes."""
    typed_in_the_index(chromium, site, "CheckpointGet", 3)
    chromium.press("ArrowDown", 40)
    chromium.call("DOM.enable")
    chromium.call("Accessibility.enable")
    root = chromium.call("DOM.getDocument")["root"]["nodeId"]

    def node(selector: str) -> dict[str, object]:
        found = chromium.call("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        nodes: list[dict[str, object]] = chromium.call("Accessibility.getPartialAXTree", {"nodeId": found, "fetchRelatives": False})["nodes"]
        return nodes[0]

    def role(selector: str) -> object:
        return node(selector)["role"]["value"]  # type: ignore[index]

    def properties(selector: str) -> dict[str, object]:
        return {p["name"]: p["value"].get("value") for p in node(selector).get("properties", [])}  # type: ignore[attr-defined, union-attr]

    assert role("#searchq") == "combobox"
    assert properties("#searchq")["expanded"] is True
    assert role("#search-results") == "listbox"
    assert role("#search-results a.active") == "option"
    assert properties("#search-results a.active")["selected"] is True
    assert role("#search-status") == "status"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("GetParent", "1 symbol matches"),
        ("CheckpointGet", "5 symbols match"),
        ("vir", "118 symbols match, the first 40 listed"),  # the 5 struct tags only for "_vir"
        ("_vir", "5 symbols match"),
        ("zzzqqq", "No symbol matches \u201czzzqqq\u201d"),
    ],
)
def test_a_live_region_says_how_many_symbols_match(chromium: Browser, site: str, query: str, said: str) -> None:
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + "index.html")
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": query})
    _status_becomes(chromium, said)
    chromium.press("Escape", 27)  # the list closed: nothing left to say
    _status_becomes(chromium, "")
    assert chromium.console_errors() == []
