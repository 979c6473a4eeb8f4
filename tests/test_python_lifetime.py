"""Python bindings: handles alive at interpreter exit are released, as libvirt-python's are."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import require
from python_support import GENERATED, libvirt_so_present

ALIVE_AT_EXIT = r"""
import builtins, sys
import libvirt_ctypes as lv
conn = lv.open("test:///default")
dom = conn.lookupByName("test")
builtins.kept = conn.lookupByName("test")
sys.kept = [dom.checkpointCreateXML(f"<domaincheckpoint><name>x{i}</name></domaincheckpoint>") for i in range(3)]
class Holder:
    pass
holder = Holder()
holder.cycle, holder.conn = holder, conn  # only the last collection frees this one
"""


HANDLERS = {
    "none": "",
    # QA (session 24): the handler's globals (these) outlived the package's, whose teardown had cleared the queue:
    # "Exception ignored in: virConnect.__del__ ... AttributeError", and no handle released
    "lambda": "lv.registerErrorHandler(lambda ctx, err: None, None)\n",
    "function": "def quiet(ctx, err):\n    pass\nlv.registerErrorHandler(quiet, [conn])\ndel quiet\n",
    "printing": "lv.registerErrorHandler(None, None)\n",
}


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_handles_alive_at_exit_are_released(handler: str) -> None:
    """QA: the atexit drain ran before the module's globals went, so their handles were only queued, never released."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    script = ALIVE_AT_EXIT.replace("dom = conn", HANDLERS[handler] + "dom = conn", 1)
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="vag-") as folder:  # libvirt splits LIBVIRT_LOG_OUTPUTS at spaces: not in $TMPDIR
        log = Path(folder) / "libvirt.log"
        env = {**os.environ, "PYTHONPATH": str(GENERATED), "LIBVIRT_LOG_FILTERS": "1:libvirt", "LIBVIRT_LOG_OUTPUTS": f"1:file:{log}"}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False)
        assert (done.returncode, done.stderr) == (0, "")
        text = log.read_text(encoding="utf-8")
    counts = [text.count(f"{name}:") for name in ("virConnectClose", "virDomainFree", "virDomainCheckpointFree")]
    assert counts == [1, 2, 3]


DROPPED_BEFORE_EXIT = r"""
import gc
import libvirt_ctypes as lv
conn = lv.open("test:///default")
dom = conn.lookupByName("test")
del dom, conn
gc.collect()
print(len(lv._pending))  # queued by __del__, and no call of the bindings after it to release them
"""


def test_handles_dropped_with_no_call_after_are_released_at_exit() -> None:
    """QA (session 29): a connection dropped without close() keeps its socket until the next call of the bindings;
    with no such call, the exit hook's drain is what closes it (virConnectClose, not a socket the process drops)."""
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="vag-") as folder:
        log = Path(folder) / "libvirt.log"
        env = {**os.environ, "PYTHONPATH": str(GENERATED), "LIBVIRT_LOG_FILTERS": "1:libvirt", "LIBVIRT_LOG_OUTPUTS": f"1:file:{log}"}
        done = subprocess.run([sys.executable, "-c", DROPPED_BEFORE_EXIT], capture_output=True, text=True, env=env, timeout=60, check=False)
        assert (done.returncode, done.stdout, done.stderr) == (0, "2\n", "")
        text = log.read_text(encoding="utf-8")
    assert [text.count(f"{name}:") for name in ("virConnectClose", "virDomainFree")] == [1, 1]
