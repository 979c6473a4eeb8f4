"""Helpers for the HTML tests: page checks and a tiny Chrome DevTools Protocol client.

The browser is Debian's Chromium, headless, driven over ``--remote-debugging-pipe``:
the browser reads NUL-terminated JSON commands on its fd 3 and writes replies and
events on its fd 4.  Standard library only, so the browser test needs no new
dependency.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import http.server
import json
import os
import re
import select
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe",
)

CHECKPOINT_PAGE = "libvirt-libvirt-domain-checkpoint.html"  # the sample's page the browser tests open


# --- static checks ------------------------------------------------------------

ID_RE = re.compile(r'\sid="([^"]*)"')
HREF_RE = re.compile(r'\s(?:href|src)="([^"]*)"')


def parse_errors(text: str) -> list[str]:
    """Everything libxml2's HTML parser complains about in ``text``."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True)
    etree.fromstring(text.encode("utf-8"), parser)
    return [f"{e.line}:{e.column}: {e.message}" for e in parser.error_log]


def page_ids(text: str) -> list[str]:
    """Every id in a page, as the parser sees them (entities decoded)."""
    from lxml import html

    return [element.get("id") for element in html.document_fromstring(text).iter() if element.get("id") is not None]


def links(text: str) -> list[str]:
    """Every href and src of a page, entities decoded."""
    from lxml import html

    document = html.document_fromstring(text)
    return [value for element in document.iter() for value in (element.get("href"), element.get("src")) if value is not None]


def broken_links(folder: Path) -> tuple[list[str], int]:
    """Internal links (``#id``, ``page.html``, ``page.html#id``, scripts, styles) that do not resolve.

    Returns (broken, number of internal links checked).
    """
    ids = {p.name: set(page_ids(p.read_text(encoding="utf-8"))) for p in folder.glob("*.html")}
    broken: list[str] = []
    checked = 0
    for page in sorted(ids):
        for target in links((folder / page).read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: are not ours
                continue
            checked += 1
            file, _, anchor = target.partition("#")
            file = file.split("?", 1)[0] or page
            if not (folder / file).is_file():
                broken.append(f"{page}: {target}: no file {file}")
            elif anchor and unquote(anchor) not in ids.get(file, set()):  # browsers decode the fragment too
                broken.append(f"{page}: {target}: no id {anchor} in {file}")
    return broken, checked


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, from its IHDR chunk; raises on anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- a local web server -----------------------------------------------------------


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- the DevTools protocol over a pipe ----------------------------------------------


# what Chromium answers a question sent to a page that a navigation has just replaced
NAVIGATION_ERRORS = ("Inspected target navigated or closed", "Execution context was destroyed", "Cannot find default execution context")


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium; ``call`` sends a command and waits for its reply, collecting events."""

    def __init__(self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int, profile: str) -> None:
        self.process = process
        self._to = to_browser
        self._from = from_browser
        self._profile = profile
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    # -- lifetime

    @classmethod
    def start(cls) -> Browser:
        profile = tempfile.mkdtemp(prefix="virt-apigen-chromium-")
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # Out of the way of 3 and 4, so the child's dup2 onto them cannot clobber a source.
        child_in = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(commands_read)
        os.close(replies_write)

        def wire_pipes() -> None:  # runs in the child before exec; dup2's copies survive exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        argv = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"]
        try:
            process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                close_fds=False, preexec_fn=wire_pipes, start_new_session=True,
            )
        finally:
            os.close(child_in)
            os.close(child_out)
        return cls(process, commands_write, replies_read, profile)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close", timeout=5, session=False)
        for fd in (self._to, self._from):
            with contextlib.suppress(OSError):
                os.close(fd)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 9)
            self.process.wait(timeout=5)
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self._to, data)
            data = data[written:]

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError("timed out waiting for the browser")
            ready, _, _ = select.select([self._from], [], [], remaining)
            if ready:
                chunk = os.read(self._from, 1 << 16)
                if not chunk:
                    raise BrowserError(f"the browser closed the pipe (exit status {self.process.poll()})")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        result: dict[str, Any] = json.loads(message)
        return result

    def press(self, key: str, code: int, text: str = "") -> None:
        """A key pressed and released (``text``: what it types, for printable keys)."""
        for kind in ("keyDown", "keyUp"):
            event: dict[str, object] = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}
            if text and kind == "keyDown":
                event["text"] = text
            self.call("Input.dispatchKeyEvent", event)

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30, session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30, since: int = 0) -> dict[str, Any]:
        """The first event named ``method`` among those received after position ``since``."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events[since:]:
                if event.get("method") == method:
                    return event
            reply = self._receive(deadline)
            if "method" in reply:
                self.events.append(reply)

    # -- conveniences for one page

    def open_tab(self) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def navigate(self, url: str) -> None:
        mark = len(self.events)
        reply = self.call("Page.navigate", {"url": url})
        if "errorText" in reply:
            raise BrowserError(f"{url}: {reply['errorText']}")
        if reply.get("loaderId"):  # none when only the fragment changed: no load event follows
            self.wait_event("Page.loadEventFired", since=mark)

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15) -> Any:
        """Poll ``expression`` until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except BrowserError as error:
                # a navigation replaced the page while the question was in flight
                # (a click returns once the navigation starts): ask the new page
                if not any(text in str(error) for text in NAVIGATION_ERRORS):
                    raise
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"still false after {timeout}s: {expression}")
            time.sleep(0.05)

    def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        path.write_bytes(data)
        return data

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element matching ``selector``."""
        box = self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries seen so far."""
        errors: list[str] = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                errors.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:500])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                errors.append(f"log: {entry.get('text')} {entry.get('url', '')}")
        return errors


@contextlib.contextmanager
def browser() -> Iterator[Browser]:
    """A started browser with one attached tab; always shut down, even when the test fails."""
    instance = Browser.start()
    try:
        instance.open_tab()
        yield instance
    finally:
        instance.close()


def rgb(css_color: str) -> tuple[int, int, int]:
    """``rgb(1, 2, 3)`` / ``rgba(1, 2, 3, 1)`` as computed styles write colours."""
    found = re.search(r"rgba?\((\d+), (\d+), (\d+)", css_color)
    if found is None:
        raise ValueError(f"not an rgb() colour: {css_color}")
    red, green, blue = (int(part) for part in found.groups())
    return red, green, blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two computed colours."""

    def luminance(color: tuple[int, int, int]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in color]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(rgb(first)), luminance(rgb(second))), reverse=True)
    return (high + 0.05) / (low + 0.05)


DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def typed_in_the_index(chromium: Browser, site: str, text: str, at_least: int = 3, page: str = "index.html") -> list[str]:
    """The names of the hits (``at_least`` of them) after typing ``text`` in the search box of ``page`` (the index)."""
    chromium.call("Emulation.setDeviceMetricsOverride", DESKTOP)
    chromium.navigate(site + page)
    chromium.click("#searchq")
    chromium.call("Input.insertText", {"text": text})
    hits: list[str] = chromium.wait_for(
        "(() => { const n = Array.from(document.querySelectorAll('#search-results a .name')).map(e => e.textContent);"
        f" return n.length >= {at_least} ? n : null; }})()"
    )
    return hits
