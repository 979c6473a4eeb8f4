"""User finalizers, threads and fork against the generated package (the sample's), each case a QA find.

* A finalizer (``__del__``) of the same garbage as a handle that calls the
  handle's ``close()``: the handle's own ``__del__`` had queued its pointer
  and left its slot set, so ``close()`` released the pointer the queue then
  released again (libvirtError from ``virDomainFree``, reads of freed memory).
* The first error a new thread gets, with collections on every allocation:
  the thread's first use of the per-thread flag made its record, an
  allocation whose collection ran finalizers that reset the error before it
  was read (3% of first errors came back empty).
* A fork while another thread paused automatic collection for an error copy:
  the child had collection off for good.

Each runs in a child process: they change the garbage collector's settings.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import require
from python_support import GENERATED, libvirt_so_present

PRELUDE = f"""
import gc, os, sys, threading, collections
sys.path.insert(0, {str(GENERATED)!r})
import libvirt_ctypes as lv
conn = lv.open("test:///default")
"""


def _run(body: str) -> str:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    done = subprocess.run([sys.executable, "-c", PRELUDE + body], capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout.strip()


def test_a_finalizer_closing_a_handle_of_the_same_garbage_releases_it_once() -> None:
    out = _run("""
errors = []
class Closer:
    def __init__(self, handle): self.handle = handle; self.me = self
    def __del__(self):
        try:
            self.handle.close()
        except lv.libvirtError as error:
            errors.append(str(error))
gc.disable()
for _ in range(500):
    Closer(conn.lookupByName("test"))
    gc.collect()
    conn.getURI()  # drains the release queue
kept = []
class Keeper:  # resurrects the handle: it is closed, not a pointer already queued for release
    def __init__(self, handle): self.handle = handle; self.me = self
    def __del__(self): kept.append(self.handle)
Keeper(conn.lookupByName("test"))
gc.collect()
conn.getURI()
try:
    kept[0].getName()
    print("no error")
except lv.libvirtError as error:
    print(len(errors), kept[0].c_pointer(), error.get_error_code())
""")
    assert out == "0 0 7"  # no close() failed; the resurrected handle is closed (VIR_ERR_INVALID_DOMAIN)


def test_the_first_error_of_new_threads_survives_collections_by_finalizers() -> None:
    out = _run("""
gc.set_threshold(1, 1, 1)
keep, lock = {}, threading.RLock()  # a collection inside __init__ may run a __del__ on this very thread
class Closer:
    def __init__(self, handle):
        self.key, self.me = id(handle), self
        with lock: keep[self.key] = handle
    def __del__(self):
        with lock: handle = keep.pop(self.key)
        handle.close()
result = collections.Counter()
dom = conn.lookupByName("test")
def first(number):
    Closer(conn.lookupByName("test"))
    try:
        dom.checkpointLookupByName(f"nope{number}")
    except lv.libvirtError as error:
        right = error.get_error_code() == 103 and error.get_error_message().endswith(f"'nope{number}'")
        with lock:  # += on a Counter is a read and a write: two threads could count once (899, under load)
            result[right] += 1
for start in range(0, 900, 6):
    threads = [threading.Thread(target=first, args=(start + j,)) for j in range(6)]
    [t.start() for t in threads]; [t.join() for t in threads]
print(result[True], result[False])
""")
    assert out == "900 0"


def test_a_fork_during_an_error_copy_leaves_the_child_collecting() -> None:
    out = _run("""
gc.enable()
gc.disable(); lv._gc_pauses.append(None)  # as another thread's pause inside an error copy leaves it
pid = os.fork()
if pid == 0:
    os._exit(0 if gc.isenabled() else 1)
_, status = os.waitpid(pid, 0)
lv._gc_pauses.clear(); gc.enable()
print(os.waitstatus_to_exitcode(status))
""")
    assert out == "0"
