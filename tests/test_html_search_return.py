"""Giving up a search or coming back to it (headless Chromium): "/" on a page
scrolled far down and Escape until the search is given up scroll back to the
reading place; Back after following a hit finds the query in the box again,
also over file://, where no back/forward cache keeps the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from html_support import CHECKPOINT_PAGE, Browser

from generator.backends import html as html_backend
from generator.frontend import load_tree

# short enough for the sample's longest page to scroll a long way
SMALL = {"width": 800, "height": 300, "deviceScaleFactor": 1, "mobile": False}


HITS = "document.querySelectorAll('#search-results a').length > 0"


def _slash(chromium: Browser) -> None:
    chromium.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "/", "code": "Slash", "text": "/"})
    chromium.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": "/", "code": "Slash"})


def _scrolled_down(chromium: Browser, url: str) -> int:
    chromium.call("Emulation.setDeviceMetricsOverride", SMALL)
    chromium.navigate(url)
    chromium.evaluate("window.scrollTo(0, 2000)")
    place: int = chromium.wait_for("window.scrollY > 1000 && window.scrollY")
    return place


def test_escape_after_slash_scrolls_back_to_the_reading_place(chromium: Browser, site: str) -> None:
    """QA: "/" far down a long page scrolled to the box at the top and
    Escape left the page there."""
    place = _scrolled_down(chromium, site + CHECKPOINT_PAGE)
    _slash(chromium)
    chromium.wait_for("document.activeElement.id === 'searchq'")
    assert chromium.evaluate("window.scrollY") < place  # the box is at the top
    chromium.call("Input.insertText", {"text": "GetParent"})
    chromium.wait_for(HITS)
    chromium.press("Escape", 27)  # closes the list, keeps the query: still searching
    assert chromium.evaluate("window.scrollY") < place
    chromium.press("Escape", 27)  # clears the box: the search given up
    assert chromium.evaluate("document.getElementById('searchq').value") == ""
    assert chromium.wait_for(f"window.scrollY === {place}", timeout=3)
    assert chromium.evaluate("document.activeElement === document.body")  # where focus was before "/"
    assert chromium.console_errors() == []


def test_a_followed_hit_forgets_the_reading_place(chromium: Browser, site: str) -> None:
    """Enter on a hit goes where the hit is; a later Escape in the box does not
    jump back to where the page was before that search."""
    place = _scrolled_down(chromium, site + CHECKPOINT_PAGE)
    _slash(chromium)
    chromium.call("Input.insertText", {"text": "virDomainCheckpointFree"})
    chromium.wait_for(HITS)
    chromium.press("Enter", 13, "\r")
    chromium.wait_for("location.hash === '#virDomainCheckpointFree' && document.activeElement.id !== 'searchq'")
    there = chromium.evaluate("window.scrollY")
    assert there != place
    chromium.evaluate("document.getElementById('searchq').focus()")
    top = chromium.evaluate("window.scrollY")
    chromium.press("Escape", 27)
    chromium.press("Escape", 27)
    assert chromium.evaluate("window.scrollY") == top
    assert chromium.console_errors() == []


@pytest.fixture(scope="module")
def file_site(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample tree's HTML reference on disk: its file:// URL."""
    folder = tmp_path_factory.mktemp("html-files")
    for name, text in html_backend.render(load_tree(sample_tree).api).items():
        (folder / name).write_text(text, encoding="utf-8")
    yield folder.as_uri() + "/"


def test_back_after_a_followed_hit_shows_the_query_again(chromium: Browser, file_site: str) -> None:
    """QA: over file:// (no back/forward cache) Back showed an empty box:
    autocomplete="off" keeps the browser from filling it in again."""
    chromium.navigate(file_site + CHECKPOINT_PAGE)
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": "virNetworkPtr"})
    chromium.wait_for(HITS)
    chromium.press("Enter", 13, "\r")
    chromium.wait_for("location.pathname.endsWith('libvirt-libvirt-network.html') && document.readyState === 'complete'")
    chromium.evaluate("history.back()")
    chromium.wait_for(f"location.pathname.endsWith('{CHECKPOINT_PAGE}') && document.readyState === 'complete'")
    # pageshow follows the load event
    value = chromium.evaluate("new Promise(done => setTimeout(() => done(document.getElementById('searchq').value), 200))")
    assert value == "virNetworkPtr"
    assert chromium.evaluate("document.getElementById('search-results').hidden") is True  # put back, not searched
    assert chromium.evaluate("document.activeElement.id") != "searchq"
    chromium.navigate(file_site + CHECKPOINT_PAGE)  # a new visit, not Back: a fresh box
    value = chromium.evaluate("new Promise(done => setTimeout(() => done(document.getElementById('searchq').value), 200))")
    assert value == ""
    assert chromium.console_errors() == []
