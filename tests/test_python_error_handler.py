"""The package's libvirt error handler is a C function: no Python runs inside a failing libvirt call.

A ctypes callback as the handler (what the package had before) lost a Ctrl-C
pressed during a failing call (raised inside the callback, printed as
"Exception ignored", then a libvirtError instead of KeyboardInterrupt),
could crash the interpreter when daemon threads failed calls during exit,
and was freed while libvirt still called it when the module was reloaded.
Each test runs a program in a child process against the real libvirt.so.0.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import require
from python_support import GENERATED, libvirt_so_present


def _run(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    env = {**os.environ, "PYTHONPATH": str(GENERATED), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)


CTRL_C = r"""
import os, signal, sys, threading, time
import libvirt_ctypes as lv
fifo = sys.argv[1]
os.mkfifo(fifo)
main = threading.get_ident()
def press_then_fail():
    time.sleep(0.3)
    signal.pthread_kill(main, signal.SIGINT)  # Ctrl-C while libvirt waits on the FIFO
    time.sleep(0.3)
    with open(fifo, "w") as stream:  # then the call goes on, and fails
        stream.write("<not-a-node-config")
threading.Thread(target=press_then_fail, daemon=True).start()
try:
    lv.open("test://" + fifo)
    print("opened")
except KeyboardInterrupt:
    print("KeyboardInterrupt")
except lv.libvirtError as error:
    print("libvirtError", error.get_error_code())
"""


def test_ctrl_c_during_a_failing_call_is_a_keyboard_interrupt() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="vag-") as folder:  # the test:// URI's path: no space of $TMPDIR's
        result = _run(CTRL_C, f"{folder}/config.fifo")
    assert (result.stdout, result.stderr) == ("KeyboardInterrupt\n", "")


FAILING = r"""
import libvirt_ctypes as lv
conn = lv.open("test:///default")
codes = set()
for _ in range(100):
    try:
        conn.lookupByName("no-such-domain")
    except lv.libvirtError as error:
        codes.add(error.get_error_code())
print(sorted(codes))
"""


def test_failing_calls_print_nothing(tmp_path: Path) -> None:
    result = _run(FAILING)
    assert (result.returncode, result.stdout, result.stderr) == (0, "[42]\n", "")  # VIR_ERR_NO_DOMAIN, and libvirt's stderr report silenced


RELOAD = r"""
import importlib, threading
import libvirt_ctypes as lv
stop = False
failures = []
def fail():
    conn = lv.open("test:///default")
    while not stop:
        try:
            conn.lookupByName("no-such-domain")
        except Exception as error:
            failures.append(type(error).__name__)
threads = [threading.Thread(target=fail) for _ in range(2)]
for thread in threads:
    thread.start()
for _ in range(300):
    importlib.reload(lv)
stop = True
for thread in threads:
    thread.join()
print(sorted(set(failures)))
"""


def test_reloading_the_module_while_calls_fail_does_not_crash() -> None:
    result = _run(RELOAD)
    assert (result.returncode, result.stdout, result.stderr) == (0, "['libvirtError']\n", "")


# --- registerErrorHandler (session 21: libvirt-python programs call it at start-up; it was missing) ---------------

REGISTER = r"""
import sys
which = sys.argv[1]
if which == "ours":
    import libvirt_ctypes as libvirt
else:
    import libvirt
seen = []
print(libvirt.registerErrorHandler(lambda ctx, err: seen.append((ctx, err[0], err[1], err[2])), "ctx"))
conn = libvirt.open("test:///default")
try:
    conn.lookupByName("missing")
except libvirt.libvirtError as error:
    print("raised", error.get_error_code())
print(seen)
print(libvirt.registerErrorHandler(None, None))
try:
    conn.lookupByName("missing-too")
except libvirt.libvirtError as error:
    print("raised", error.get_error_code())
print(len(seen))
"""


def test_register_error_handler_as_libvirt_python() -> None:
    """f(ctx, err) sees each error (virGetLastError's tuple); None gives libvirt's own handler back, which prints."""
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0 (pip install libvirt-python==9.0.0)")
    ours, theirs = _run(REGISTER, "ours"), _run(REGISTER, "theirs")
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert ours.stdout.splitlines() == ["1", "raised 42", "[('ctx', 42, 12, 'Domain not found')]", "1", "raised 42", "1"]
    assert ours.stderr == "libvirt: Test Driver error : Domain not found\n"


RAISING = r"""
import libvirt_ctypes as libvirt
def broken(ctx, err):
    raise ValueError("the handler broke")
libvirt.registerErrorHandler(broken, None)
conn = libvirt.open("test:///default")
try:
    conn.lookupByName("missing")
except libvirt.libvirtError as error:
    print("raised", error.get_error_code())
def interrupted(ctx, err):
    raise KeyboardInterrupt
libvirt.registerErrorHandler(interrupted, None)
try:
    conn.lookupByName("missing")
except KeyboardInterrupt:
    print("interrupted")
try:
    libvirt.registerErrorHandler("not callable", None)
except TypeError as error:
    print(error)
"""


def test_a_raising_error_handler_is_printed_and_the_error_raised() -> None:
    """libvirt-python gave SystemError ("returned a result with an exception set"); a Ctrl-C goes through."""
    result = _run(RAISING)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["raised 42", "interrupted", "f must be a callable or None, not str"]
    assert result.stderr.startswith("Exception ignored in libvirt error handler <function broken at 0x")
    assert result.stderr.rstrip().endswith("ValueError: the handler broke")


NONE_AND_CLOSED = r"""
import importlib, sys
sys.path.insert(0, sys.argv[1])
import libvirt_ctypes as libvirt
libvirt.registerErrorHandler(None, None)
conn = libvirt.open("test:///default")
dom = conn.lookupByName("test")
dom.close()
try:
    dom.launchSecurityInfo()  # refused before C: the bindings' probe (virConnectIsAlive(NULL)) fails on purpose
except libvirt.libvirtError as error:
    print("raised", error.get_error_code())
libvirt = importlib.reload(libvirt)
try:
    conn.lookupByName("missing")
except libvirt.libvirtError as error:
    print("raised", error.get_error_code())
calls = []
def looking(ctx, err):
    calls.append(err[0])
    try:
        conn.lookupByName("also-missing")  # fails inside the handler: not reported to it again
    except libvirt.libvirtError:
        pass
libvirt.registerErrorHandler(looking, None)
try:
    conn.lookupByName("missing")
except libvirt.libvirtError as error:
    print("raised", error.get_error_code(), calls)
"""


def test_none_prints_the_failed_calls_own_error_and_survives_a_reload(tmp_path: Path) -> None:
    """Review (session 21): with libvirt's printing handler put back, the bindings' probes printed their own errors
    ("invalid connection pointer in virConnectIsAlive"), a reload silenced it, and a handler whose own call failed
    recursed 249 times."""
    from python_support import whole_tree_package

    whole_tree_package(tmp_path, "libvirt_ctypes_none")
    result = _run(NONE_AND_CLOSED, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["raised 7", "raised 42", "raised 42 [42]"]
    assert result.stderr.splitlines() == [
        "libvirt: Domain error : invalid domain pointer in virDomainGetLaunchSecurityInfo",
        "libvirt: Test Driver error : Domain not found",
    ]


BOTH_BINDINGS = r"""
import libvirt_ctypes as ours
import libvirt
conn = ours.open("test:///default")
def noisy(ctx, err):  # a dependency's handler that fails
    raise RuntimeError("handler bug")
def attempt(label):
    try:
        conn.lookupByName("missing")
    except Exception as error:
        print(label, type(error).__name__, error)
libvirt.registerErrorHandler(noisy, None)
attempt("theirs last:")
ours.registerErrorHandler(lambda ctx, err: None, None)
attempt("ours last:")
theirs = []
libvirt.registerErrorHandler(lambda ctx, err: theirs.append(err[0]), None)
ours.registerErrorHandler(None, None)
attempt("printing:")
other = libvirt.open("test:///default")
try:
    other.lookupByName("missing")
except libvirt.libvirtError as error:
    print("theirs raised", error.get_error_code(), theirs)
libvirt.registerErrorHandler(lambda ctx, err: theirs.append(err[0]), None)
try:
    other.lookupByName("missing")
except libvirt.libvirtError as error:
    print("theirs again", error.get_error_code(), theirs)
"""


def test_register_error_handler_takes_the_c_handler_back_from_libvirt_python() -> None:
    """QA (session 29): after libvirt-python's registerErrorHandler, ours could not take libvirt's C handler back,
    and a failing call of ours whose libvirt-python handler raised gave SystemError instead of libvirtError."""
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0 (pip install libvirt-python==9.0.0)")
    result = _run(BOTH_BINDINGS)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("theirs last: SystemError")  # what a handler raising inside our call does: documented
    assert lines[1:] == [
        "ours last: libvirtError Domain not found",
        "printing: libvirtError Domain not found",
        "theirs raised 42 []",  # ours registered last: libvirt-python's handler is not called
        "theirs again 42 [42]",  # theirs registered last
    ]
    assert result.stderr == "libvirt: Test Driver error : Domain not found\n"  # ours, for its own call only
