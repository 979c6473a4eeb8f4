"""Keys in the HTML reference's search results (headless Chromium): Escape and
the arrow keys work with focus on a hit of the list (reached with Tab), not
only in the box; Escape in the box keeps the query and Down reopens the list."""

from __future__ import annotations

import pytest
from html_support import CHECKPOINT_PAGE, DESKTOP, Browser, contrast, typed_in_the_index

# --- keys with focus in the search results (headless Chromium) --------------------------






FOCUSED = "(document.activeElement.querySelector('.name') || document.activeElement).textContent || document.activeElement.id"


PICKED = "document.querySelector('#search-results a.active .name').textContent"


HIDDEN = "document.getElementById('search-results').hidden"


def test_escape_after_tab_closes_the_list_and_refocuses_the_box(chromium: Browser, site: str) -> None:
    """The steps: "GetParent", Tab onto the hit, Escape."""
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
    """QA: Escape in the box closed the list and Chromium's search box
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


# --- a hit on the page already open -------------------------------------------------------

AFTER_THE_JUMP = (
    "(() => { const list = document.getElementById('search-results');"
    " const top = document.getElementById('virDomainCheckpointGetParent').getBoundingClientRect().top;"
    " return [location.hash, list.hidden, document.activeElement.tagName, Math.abs(top) < 40]; })()"
)


def test_enter_on_a_hit_of_this_page_closes_the_list_as_a_click_does(chromium: Browser, site: str) -> None:
    """QA: on the checkpoint page, "GetParent", Down, Enter jumped to the
    anchor and left the list open over the page; a click on the hit closed it."""
    after: dict[str, list[object]] = {}
    for how in ("click", "enter"):
        hits = typed_in_the_index(chromium, site, "GetParent", 1, page=CHECKPOINT_PAGE)
        assert hits[0] == "virDomainCheckpointGetParent"
        chromium.press("ArrowDown", 40)
        if how == "click":
            chromium.click("#search-results a.active")
        else:
            chromium.press("Enter", 13, "\r")
        after[how] = chromium.wait_for(f"(() => {{ const s = {AFTER_THE_JUMP}; return s[0] && s[3] ? s : null; }})()")
    assert after["enter"] == after["click"] == ["#virDomainCheckpointGetParent", True, "BODY", True]
    assert chromium.console_errors() == []


# --- the picked hit is seen -----------------------------------------------------------------

PICKED_STYLE = (
    "(() => { const a = document.querySelector('#search-results a.active'), s = getComputedStyle(a);"
    " return [s.boxShadow, s.backgroundColor, getComputedStyle(document.getElementById('search-results')).backgroundColor]; })()"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_hit_picked_with_the_arrows_is_marked_in_the_link_colour(chromium: Browser, site: str, scheme: str) -> None:
    """QA: the picked hit differed from the others by its background alone, 1.1:1
    against the list's in both schemes; now a bar in the link colour, 3:1 or more."""
    chromium.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    typed_in_the_index(chromium, site, "CheckpointGet", 3)
    chromium.press("ArrowDown", 40)
    shadow, background, list_background = chromium.evaluate(PICKED_STYLE)
    assert shadow.endswith(" inset"), shadow  # "rgb(11, 92, 173) 4px 0px 0px 0px inset": a bar at the left edge
    width = int(shadow.split(") ", 1)[1].split("px", 1)[0])
    assert width >= 3
    assert contrast(shadow, background) >= 3 and contrast(shadow, list_background) >= 3
    assert chromium.console_errors() == []


# --- focus leaving the search widget ---------------------------------------------------------

LEFT = (
    "(() => { const w = document.getElementById('search'), a = document.activeElement;"
    " return [w.contains(a), a.id || a.textContent.trim(), document.getElementById('search-results').hidden,"
    " document.getElementById('searchq').getAttribute('aria-expanded')]; })()"
)


def _shift_tab(chromium: Browser) -> None:
    for kind in ("keyDown", "keyUp"):
        chromium.call("Input.dispatchKeyEvent", {"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "modifiers": 8})


def test_tab_out_of_the_search_closes_the_list(chromium: Browser, site: str) -> None:
    """QA (WCAG 2.2 focus not obscured): Tab past the last hit moved focus to
    the jump links and the list stayed open on top of the page, over what
    had focus.  Leaving the widget, forward or back, closes the list; moving
    between the box and the hits does not."""
    typed_in_the_index(chromium, site, "GetParent", 1)
    chromium.press("Tab", 9)
    assert chromium.evaluate(LEFT) == [True, "search-hit-0", False, "true"]
    chromium.press("Tab", 9)
    assert chromium.evaluate(LEFT) == [False, "Modules", True, "false"]

    typed_in_the_index(chromium, site, "GetParent", 1)
    _shift_tab(chromium)
    assert chromium.evaluate(LEFT) == [False, "libvirt API reference", True, "false"]
    # back into the box the query is still there, and Down opens the list again
    chromium.press("Tab", 9)
    assert chromium.evaluate("document.activeElement.id") == "searchq"
    chromium.press("ArrowDown", 40)
    assert chromium.evaluate(HIDDEN) is False
    assert chromium.console_errors() == []


def _slash(chromium: Browser) -> None:
    chromium.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "/", "code": "Slash", "text": "/"})
    chromium.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": "/", "code": "Slash"})


def test_a_second_slash_search_replaces_the_first_query(chromium: Browser, site: str) -> None:
    """QA: "/", a name, Enter (a hit on this page: the query stays in the box),
    "/" and another name searched for "virSecretFreevirSecretRef"."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + CHECKPOINT_PAGE)
    _slash(chromium)
    chromium.call("Input.insertText", {"text": "virDomainCheckpointFree"})
    chromium.wait_for("document.querySelectorAll('#search-results a').length > 0")
    chromium.press("Enter", 13, "\r")
    chromium.wait_for("location.hash === '#virDomainCheckpointFree' && document.activeElement.id !== 'searchq'")
    _slash(chromium)
    assert chromium.wait_for("document.activeElement.id === 'searchq'")
    chromium.call("Input.insertText", {"text": "GetParent"})
    assert chromium.evaluate("document.getElementById('searchq').value") == "GetParent"
    hits = chromium.wait_for("Array.from(document.querySelectorAll('#search-results a .name')).map(e => e.textContent)")
    assert hits[0] == "virDomainCheckpointGetParent"
    assert chromium.console_errors() == []


def test_a_query_in_the_url_focuses_the_box(chromium: Browser, site: str) -> None:
    """index.html?q=NAME listed the hits but left focus on the page: the
    arrow keys and Enter acted on the page, not on the hits."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + "index.html?q=CheckpointGet")
    chromium.wait_for("document.querySelectorAll('#search-results a').length >= 3")
    assert chromium.evaluate("document.activeElement.id") == "searchq"
    chromium.press("ArrowDown", 40)
    chromium.press("ArrowDown", 40)
    assert chromium.evaluate("document.getElementById('searchq').getAttribute('aria-activedescendant')") == "search-hit-1"
    assert chromium.evaluate("window.scrollY") == 0
    assert chromium.console_errors() == []
