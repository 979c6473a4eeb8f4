"""Processes for the output tests: a pid that names no process."""

from __future__ import annotations

import os
import subprocess

import pytest


def dead_pid() -> int:
    """The pid of a child that has ended and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    try:
        os.kill(child.pid, 0)
    except ProcessLookupError:
        return child.pid
    pytest.skip("the pid was reused at once")
