"""Shared fixtures.

Real libvirt pieces (the 9.0.0 source tree, libvirt-dev's API XML files) are
used when present.  Without them a test is skipped, except under ``CI=true``
where a missing piece fails the run: CI must test for real.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from html_support import CHROMIUM, Browser, browser, serve

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Compiled templates go to a folder of this session, not the user's ~/.cache
# (the CLI runs in subprocesses: they inherit the variable).
TEMPLATE_CACHE = Path(tempfile.mkdtemp(prefix="virt-apigen-test-cache-"))
os.environ["VIRT_APIGEN_CACHE_DIR"] = str(TEMPLATE_CACHE)


# Ctrl-C's handling is under test (in this process and in the CLI's): a run
# started as a background job of a non-interactive shell inherits SIGINT
# ignored, and Python then raises no KeyboardInterrupt, nor do the CLI
# processes the tests start (they inherit the ignoring).  Python's own handler
# here makes them start with the default disposition, as from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(TEMPLATE_CACHE, ignore_errors=True)


LIBVIRT_TREE = REPO / ".cache" / "libvirt-9.0.0"
LIBVIRT_API_DIR = Path("/usr/share/libvirt/api")
SAMPLE_TREE = REPO / "generator" / "sample"


def require(condition: bool, what: str) -> None:
    """Skip when ``what`` is missing; fail instead when running in CI."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {what} is missing")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def libvirt_tree() -> Path:
    require((LIBVIRT_TREE / "include" / "libvirt" / "libvirt.h").is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE}; make fetch-libvirt)")
    return LIBVIRT_TREE


@pytest.fixture(scope="session")
def libvirt_api_dir() -> Path:
    require((LIBVIRT_API_DIR / "libvirt-api.xml").is_file(), "libvirt-dev's /usr/share/libvirt/api/libvirt-api.xml")
    return LIBVIRT_API_DIR


@pytest.fixture(scope="session")
def sample_tree() -> Path:
    return SAMPLE_TREE


@pytest.fixture()
def chromium() -> Iterator[Browser]:
    """A headless Chromium (tests/html_support.py)."""
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM}; apt-get install chromium)")
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def site(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample tree's HTML reference, served over HTTP on 127.0.0.1: its base URL."""
    from generator.backends import html as html_backend
    from generator.frontend import load_tree

    folder = tmp_path_factory.mktemp("html-site")
    for name, text in html_backend.render(load_tree(sample_tree).api).items():
        (folder / name).write_text(text, encoding="utf-8")
    with serve(folder) as base:
        yield base


@pytest.fixture(scope="session")
def libvirt_python() -> ModuleType:
    """libvirt-python 9.0.0 (``make test`` installs it), its default error handler silenced (it prints)."""
    import importlib

    try:
        module = importlib.import_module("libvirt")
    except ImportError:
        module = None
    require(module is not None, "libvirt-python 9.0.0 in the venv (make test installs it)")
    assert module is not None
    module.registerErrorHandler(lambda _ctx, _err: None, None)
    return module
