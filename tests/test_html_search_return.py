"""Giving up a search or coming back to it (headless Chromium): "/" on a page
scrolled far down and Escape until the search is given up scroll back to the
reading place."""

from __future__ import annotations

from html_support import CHECKPOINT_PAGE, Browser

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
