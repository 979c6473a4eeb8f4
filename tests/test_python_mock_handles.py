"""A mock, or any object whose handle slot holds no pointer, where a handle
belongs raises ``TypeError``: the calls found the pointer by the slot's name
alone, and a ``unittest.mock.MagicMock`` answers it with another mock, which
ctypes followed through ``_as_parameter_`` until the C stack overflowed (QA,
session 27: ``dom.migrate(MagicMock(), ...)`` killed the process, exit 139;
libvirt-python raises).  Run in a child process: the old code crashes."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from python_support import GENERATED, whole_tree_fixtures

package_folder, ours = whole_tree_fixtures("mock_handles")

SCRIPT = """
from unittest import mock
import libvirt_ctypes as lv

class Forged:
    _h_virDomain = "abc"
    _h_virConnect = b"abc"

conn = lv.open("test:///default")
dom = conn.lookupByName("test")
calls = {
    "listAllCheckpoints(MagicMock())": lambda: lv.virDomain.listAllCheckpoints(mock.MagicMock()),
    "listAllCheckpoints(spec)": lambda: lv.virDomain.listAllCheckpoints(mock.MagicMock(spec=lv.virDomain)),
    "listAllCheckpoints(forged str)": lambda: lv.virDomain.listAllCheckpoints(Forged()),
    "close(MagicMock())": lambda: lv.virDomain.close(mock.MagicMock()),
    "copy(MagicMock())": lambda: lv.virDomain.__copy__(mock.MagicMock()),
    "lookupByName(forged bytes)": lambda: lv.virConnect.lookupByName(Forged(), "test"),
    "c_pointer(MagicMock())": lambda: lv.virDomain.c_pointer(mock.MagicMock()),
    "getName(MagicMock())": lambda: lv.virDomainCheckpoint.getName(mock.MagicMock()),  # a name kept in the object
}
forged = object.__new__(lv.virDomain)
forged._h_virDomain = b"abc"  # no call takes it, and neither may the release at exit (it segfaulted there)
del forged
EXTRA
for label, call in calls.items():
    try:
        call()
        print(label, "no error")
    except Exception as error:
        print(label, type(error).__name__)
"""

WHOLE_TREE = """calls["migrate(MagicMock())"] = lambda: dom.migrate(mock.MagicMock(), 0, None, None, 0)
calls["migrate(spec)"] = lambda: dom.migrate(mock.MagicMock(spec=lv.virConnect), 0, None, None, 0)
for cls in (lv.virStream, lv.virNodeDevice, lv.virNWFilter, lv.virNWFilterBinding, lv.virNetworkPort):
    # connect() followed a mock's parents, each a new mock, forever (memory grew ~100 MiB/s)
    calls[f"{cls.__name__}.connect(MagicMock())"] = lambda cls=cls: cls.connect(mock.MagicMock())
calls["virStream.connect(a network)"] = lambda: lv.virStream.connect(conn.networkLookupByName("default"))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # the old connect() grew without end: MemoryError, not the machine's


def _run(path: Path, extra: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(path), PYTHONDONTWRITEBYTECODE="1")
    run = [sys.executable, "-c", SCRIPT.replace("EXTRA", extra)]
    done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    return done.stdout.splitlines()


def test_mocks_and_forged_slots_as_self_raise_type_error() -> None:
    lines = _run(GENERATED, "")
    assert len(lines) == 8
    assert all(line.endswith(" TypeError") for line in lines), lines


def test_a_mock_as_a_handle_argument_raises_type_error(package_folder: Path) -> None:
    lines = _run(package_folder, WHOLE_TREE)
    assert lines[8:10] == ["migrate(MagicMock()) TypeError", "migrate(spec) TypeError"]
    assert len(lines) == 16
    assert all(line.endswith(" TypeError") for line in lines), lines
