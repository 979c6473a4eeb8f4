"""The test sessions' template caches (tests/conftest.py) do not pile up in /tmp.

Each session made ``virt-apigen-test-cache-XXXXXXXX`` there and removed it
when it ended: a killed session (Ctrl-C twice, a timeout, SIGKILL) left its
folder for good (~100 of them).  The name now holds the pid of the pytest
process, and a session starting removes the folders whose process is gone,
never one of a live session; a folder named the old way, whose session is
unknown, goes once unchanged for a day."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CACHE_PREFIX, REPO, TEMPLATE_CACHE, UNOWNED_CACHE_IDLE, stale_template_caches

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pids are tested with os.kill(pid, 0)")


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_this_sessions_cache_is_named_with_its_pid() -> None:
    assert TEMPLATE_CACHE.is_dir()
    assert TEMPLATE_CACHE.name.startswith(f"{CACHE_PREFIX}{os.getpid()}-")
    assert os.environ["VIRT_APIGEN_CACHE_DIR"] == str(TEMPLATE_CACHE)
    assert TEMPLATE_CACHE not in stale_template_caches(TEMPLATE_CACHE.parent, time.time())


def test_only_the_caches_of_ended_sessions_are_stale(tmp_path: Path) -> None:
    dead = _dead_pid()
    ended = tmp_path / f"{CACHE_PREFIX}{dead}-abcd1234"
    live = tmp_path / f"{CACHE_PREFIX}{os.getpid()}-abcd1234"
    parent = tmp_path / f"{CACHE_PREFIX}{os.getppid()}-efgh5678"
    old_unowned = tmp_path / f"{CACHE_PREFIX}0qux736z"
    new_unowned = tmp_path / f"{CACHE_PREFIX}1ftedy34"
    used_unowned = tmp_path / f"{CACHE_PREFIX}x1nkq54j"
    for folder in (ended, live, parent, old_unowned, new_unowned, used_unowned):
        folder.mkdir()
    (ended / "templates-x").mkdir()
    (ended / "templates-x" / "entry").write_text("compiled", encoding="utf-8")
    (used_unowned / "templates-x").mkdir()  # an entry written there an hour ago: a session may be running
    _age(used_unowned / "templates-x", 3600)
    for folder in (old_unowned, used_unowned):
        _age(folder, UNOWNED_CACHE_IDLE + 3600)
    _age(new_unowned, 3600)
    # not ours to remove: a file, a link (to a folder that would be stale), another name
    (tmp_path / f"{CACHE_PREFIX}{dead}-file").write_text("", encoding="utf-8")
    (tmp_path / f"{CACHE_PREFIX}{dead}-link").symlink_to(ended)
    (tmp_path / f"{CACHE_PREFIX}{dead}-a-b").mkdir()
    (tmp_path / "virt-apigen-cache").mkdir()
    assert stale_template_caches(tmp_path, time.time()) == [old_unowned, ended]


def test_a_killed_sessions_cache_is_removed_by_the_next_one(tmp_path: Path) -> None:
    """A process importing conftest as pytest does, killed: its folder stays, and is stale once
    the process is gone; the next session's start removes it (TMPDIR keeps this test off /tmp)."""
    environment = dict(os.environ, TMPDIR=str(tmp_path), PYTHONPATH=str(REPO / "tests"))
    script = "import conftest, sys, time; print(conftest.TEMPLATE_CACHE, flush=True); time.sleep(60)"
    child = subprocess.Popen([sys.executable, "-c", script], env=environment, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        folder = Path(child.stdout.readline().strip())
        assert folder.parent == tmp_path and folder.is_dir()
        assert stale_template_caches(tmp_path, time.time()) == []  # its session is alive
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.stdout is not None
        child.stdout.close()
    assert folder.is_dir() and stale_template_caches(tmp_path, time.time()) == [folder]
    starting = subprocess.run(
        [sys.executable, "-c", "import conftest; print(conftest.TEMPLATE_CACHE)"], env=environment, capture_output=True, text=True, check=True
    )
    assert not folder.exists()
    assert Path(starting.stdout.strip()).is_dir()  # its own, left: this process ended without pytest's session end
