"""Close callbacks: ``conn.registerCloseCallback(cb, opaque)`` and ``conn.unregisterCloseCallback()``, against
libvirt-python 9.0.0.

The test driver (``test:///default``) keeps no close callback: both calls
succeed and nothing is ever called, so the registration checks run in this
process.  To see one fire, a child process connects to a private libvirtd
(``rpc_support.private_libvirtd``, serving the test driver) through the
remote driver, which keeps one per connection, with libvirt's default event
loop running in a daemon thread, and kills the daemon: the client's close
callbacks are called with ``VIR_CONNECT_CLOSE_REASON_EOF``.  Each binding
gets its own daemon; a wait that times out fails instead of hanging.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from python_support import CHILD_WAIT_AND_ATTEMPT, URI, load_reference, whole_tree_fixtures, whole_tree_plan
from rpc_support import private_libvirtd

TIMEOUT = 60  # the child's whole run; each wait inside it is 10 s
REGISTER = "virConnectRegisterCloseCallback"


package_folder, ours = whole_tree_fixtures("close_callback")


def attempt(lib: ModuleType, call: Any) -> list[object]:
    try:
        return ["ok", call()]
    except lib.libvirtError as error:
        return ["error", error.get_error_code(), error.get_error_domain(), error.get_error_message()]


# --- the rule ---------------------------------------------------------------------------------------


def test_the_rule_binds_the_pair_and_leaves_the_old_domain_events() -> None:
    plan = whole_tree_plan()
    methods = {m.c_name: m for c in plan.classes if c.name == "virConnect" for m in c.methods}
    register, unregister = methods[REGISTER], methods["virConnectUnregisterCloseCallback"]
    assert (register.name, [(a.name, a.kind) for a in register.args]) == ("registerCloseCallback", [("cb", "callback"), ("opaque", "opaque")])
    assert register.callback is not None and register.callback.functype == "virConnectCloseFunc"
    assert [a.kind for a in register.callback.args] == ["conn", "int", "opaque"]
    assert (unregister.name, unregister.args, unregister.forgets) == ("unregisterCloseCallback", (), register.callback.thunk)
    assert unregister.call == ("c_self", register.callback.thunk)
    assert [c.function for c in plan.callbacks] == [REGISTER]
    # the old lifecycle pair registers an event ID's callback (named by VIR_DOMAIN_EVENT_ID_LIFECYCLE's doc): still skipped
    skipped = {s.function: s.reason for s in plan.skipped}
    assert skipped["virConnectDomainEventRegister"] == "callback parameter (virConnectDomainEventCallback cb)"
    assert skipped["virConnectDomainEventDeregister"] == "callback parameter (virConnectDomainEventCallback cb)"
    # C-only text goes: the freecb paragraph and the sentence on the virFreeCallback the bindings give
    assert "@freecb" not in register.doc and "virFreeCallback" not in unregister.doc
    assert "cb is called as cb(conn, reason, opaque), conn this connection object, reason an int" in " ".join(register.doc.split())


def test_the_signatures_are_libvirt_pythons(ours: ModuleType) -> None:
    theirs = load_reference()
    for name in ("registerCloseCallback", "unregisterCloseCallback"):
        mine = list(inspect.signature(getattr(ours.virConnect, name)).parameters)
        reference = list(inspect.signature(getattr(theirs.virConnect, name)).parameters)
        assert mine == reference, name
    assert list(inspect.signature(ours.virConnect.registerCloseCallback).parameters) == ["self", "cb", "opaque"]


# --- on the test driver, in this process ----------------------------------------------------------


def test_registering_on_the_test_driver_answers_as_libvirt_python(ours: ModuleType) -> None:
    theirs = load_reference()
    theirs.registerErrorHandler(lambda *_args: None, None)
    results = []
    for lib in (ours, theirs):
        conn = lib.open(URI)
        steps = [
            attempt(lib, lambda conn=conn: conn.registerCloseCallback(lambda *_args: None, "a")),
            attempt(lib, lambda conn=conn: conn.registerCloseCallback(lambda *_args: None, "b")),  # the test driver keeps none: no refusal
            attempt(lib, conn.unregisterCloseCallback),
            attempt(lib, conn.unregisterCloseCallback),
        ]
        conn.close()
        steps.append(attempt(lib, lambda conn=conn: conn.registerCloseCallback(lambda *_args: None, "c")))
        steps.append(attempt(lib, conn.unregisterCloseCallback))
        results.append(steps)
    mine, reference = results
    invalid = ["error", 6, 20]  # VIR_ERR_INVALID_CONN, VIR_FROM_CONNECT
    assert mine[:2] == reference[:2] == [["ok", 0], ["ok", 0]]
    assert mine[2:4] == [["ok", 0], ["ok", 0]] and reference[2:4] == [["ok", None], ["ok", None]]  # libvirt-python returns None
    assert mine[4:] == reference[4:]
    assert mine[4] == [*invalid, "invalid connection pointer in virConnectRegisterCloseCallback"]
    assert mine[5] == [*invalid, "invalid connection pointer in virConnectUnregisterCloseCallback"]


def test_unregistering_drops_what_the_test_driver_never_frees(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ours, "_event_registry", {})
    conn, other = ours.open(URI), ours.open(URI)

    def callback(*_args: object) -> None:
        pass

    watcher = weakref.ref(callback)
    conn.registerCloseCallback(callback, "a")
    conn.registerCloseCallback(callback, "b")
    other.registerCloseCallback(callback, "other")
    assert sorted(entry[2] for entry in ours._event_registry.values()) == ["a", "b", "other"]
    assert all(entry[0] is ours._thunk_virConnectRegisterCloseCallback for entry in ours._event_registry.values())
    assert conn.unregisterCloseCallback() == 0
    assert [entry[2] for entry in ours._event_registry.values()] == ["other"]  # only this connection's go
    other.unregisterCloseCallback()
    del callback
    assert ours._event_registry == {} and ours._event_graveyard == []
    assert watcher() is None  # buried as the call returned
    # a refused registration keeps nothing: a closed connection
    conn.close()
    with pytest.raises(ours.libvirtError):
        conn.registerCloseCallback(lambda *_args: None, None)
    assert ours._event_registry == {}
    other.close()


def test_both_calls_pass_the_one_thunk(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(ours, "_event_registry", {})
    monkeypatch.setattr(ours, "_" + REGISTER, lambda *args: calls.append(args) or 0)
    monkeypatch.setattr(ours, "_virConnectUnregisterCloseCallback", lambda *args: calls.append(args) or 0)
    conn = ours.open(URI)
    assert conn.registerCloseCallback(lambda *_args: None, "x") == 0
    assert conn.unregisterCloseCallback() == 0
    ((c_conn, thunk, token, free), unregistered) = calls
    assert (c_conn, thunk, free) == (conn.c_pointer(), ours._thunk_virConnectRegisterCloseCallback, ours._event_free)
    assert isinstance(token, int) and token > 0
    assert unregistered == (c_conn, thunk)
    conn.close()


def test_a_callback_must_be_callable_before_any_c_call(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(ours, "_event_registry", {})
    monkeypatch.setattr(ours, "_" + REGISTER, lambda *args: calls.append(args) or 0)
    conn = ours.open(URI)
    for bad in (None, "cb", 3):
        with pytest.raises(TypeError, match=f"cb must be callable, not {type(bad).__name__}"):
            conn.registerCloseCallback(bad, None)
    assert calls == [] and ours._event_registry == {}
    conn.close()
    # libvirt-python takes any object (it calls it only when the connection closes)
    theirs = load_reference()
    reference = theirs.open(URI)
    assert reference.registerCloseCallback(None, None) == 0
    reference.close()


# --- a connection closed, or dropped, with its callback registered: in a child, which must exit cleanly ----

DROPPED = r"""
import gc, json, sys, weakref
if sys.argv[1] == "ours":
    sys.path.insert(0, sys.argv[2])
    import libvirt_ctypes as lib
else:
    import libvirt as lib
    lib.registerErrorHandler(lambda *_args: None, None)
out = {}
closed = lib.open("test:///default")
out["closed"] = [closed.registerCloseCallback(lambda *_args: None, "closed"), closed.close()]
dropped = lib.open("test:///default")
out["dropped"] = dropped.registerCloseCallback(lambda *_args: None, "dropped")
watcher = weakref.ref(dropped) if sys.argv[1] == "ours" else None
del dropped
gc.collect()
out["kept"] = watcher() is not None if watcher else None
print(json.dumps(out))
"""


@pytest.mark.parametrize("binding", ["ours", "theirs"])
def test_closing_or_dropping_a_registered_connection(binding: str, package_folder: Path) -> None:
    if binding == "theirs":
        load_reference()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", DROPPED, binding, str(package_folder)], capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    out = json.loads(done.stdout)
    assert out["closed"] == [0, 0] and out["dropped"] == 0
    if binding == "ours":
        assert out["kept"] is True  # the registry keeps it, as libvirt-python's callback data does, until exit or unregistering


# --- the callbacks firing: a private libvirtd killed ------------------------------------------------------

PRELUDE = r"""
import gc, json, os, signal, sys, threading, time
if sys.argv[1] == "ours":
    sys.path.insert(0, sys.argv[2])
    import libvirt_ctypes as lib
else:
    import libvirt as lib
    lib.registerErrorHandler(lambda *_args: None, None)
uri, daemon = sys.argv[3], int(sys.argv[4])
lib.virEventRegisterDefaultImpl()

def _loop():
    while True:
        lib.virEventRunDefaultImpl()

threading.Thread(target=_loop, daemon=True).start()
records = []
arrived = threading.Condition()
""" + CHILD_WAIT_AND_ATTEMPT

FIRES = r"""
kept, closed, dropped, unregistered, raising = (lib.open(uri) for _ in range(5))

def cb(conn, reason, opaque):
    with arrived:
        records.append([opaque, reason, type(conn).__name__, conn is kept])
        arrived.notify_all()

def bad(conn, reason, opaque):
    cb(conn, reason, opaque)
    raise ValueError("boom")

out["first"] = attempt(lambda: kept.registerCloseCallback(cb, "kept"))
out["second"] = attempt(lambda: kept.registerCloseCallback(cb, "second"))  # the remote driver keeps one per connection
out["none"] = attempt(lambda: closed.unregisterCloseCallback())  # none registered yet
closed.registerCloseCallback(cb, "closed")
out["close"] = closed.close()  # libvirt's close-callback data keeps the C connection: 1, not 0
dropped.registerCloseCallback(cb, "dropped")
del dropped
gc.collect()
unregistered.registerCloseCallback(cb, "unregistered")
out["unregister"] = attempt(lambda: unregistered.unregisterCloseCallback())
raising.registerCloseCallback(bad, "raising")
os.kill(daemon, signal.SIGKILL)
out["arrived"] = wait(4)
time.sleep(0.5)  # time for a fifth, which must not come
out["records"] = sorted(records)
out["after"] = attempt(lambda: kept.unregisterCloseCallback())[:3]
out["reason"] = lib.VIR_CONNECT_CLOSE_REASON_EOF
if sys.argv[1] == "ours":
    kept.getURI()  # a bound call: buries what libvirt's freecb left after the callbacks
    out["registry"] = len(lib._event_registry) + len(lib._event_graveyard)
"""

RELOAD = r"""
import importlib
conn = lib.open(uri)

def cb(conn, reason, opaque):
    with arrived:
        records.append([opaque, reason])
        arrived.notify_all()

conn.registerCloseCallback(cb, "before")
thunk = id(lib._thunk_virConnectRegisterCloseCallback)
lib = importlib.reload(lib)
out["same"] = id(lib._thunk_virConnectRegisterCloseCallback) == thunk
gc.collect()
os.kill(daemon, signal.SIGKILL)
out["arrived"] = wait(1)
out["records"] = records
"""


def run_with_daemon(body: str, binding: str, package_folder: Path) -> tuple[dict[str, Any], str]:
    """The scenario's ``out`` dict and the child's stderr, against a private libvirtd of its own (killed by the child)."""
    if binding == "theirs":
        load_reference()  # skips (or fails under CI=true) without libvirt-python
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    script = PRELUDE + body + "\nprint(json.dumps(out))\n"
    with private_libvirtd() as daemon:
        done = subprocess.run(
            [sys.executable, "-c", script, binding, str(package_folder), daemon.uri, str(daemon.pid)],
            capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), done.stderr


def test_the_callbacks_fire_when_the_daemon_dies_as_with_libvirt_python(package_folder: Path) -> None:
    mine, stderr = run_with_daemon(FIRES, "ours", package_folder)
    theirs, _ = run_with_daemon(FIRES, "theirs", package_folder)
    assert mine["arrived"] and theirs["arrived"]
    eof = mine["reason"]
    assert eof == 1
    # each callback once, with the registering object (the one dropped too: the registry kept it), reason EOF;
    # none for the connection unregistered
    assert mine["records"] == theirs["records"] == [
        ["closed", eof, "virConnect", False],
        ["dropped", eof, "virConnect", False],
        ["kept", eof, "virConnect", True],
        ["raising", eof, "virConnect", False],
    ]
    for key in ("first", "second", "none", "close", "after"):
        assert mine[key] == theirs[key], key
    assert mine["first"] == ["ok", 0]
    assert mine["unregister"] == ["ok", 0] and theirs["unregister"] == ["ok", None]  # libvirt-python returns None
    assert mine["second"] == ["error", 55, 13, "Requested operation is not valid: A close callback is already registered"]
    assert mine["none"] == ["error", 55, 13, "Requested operation is not valid: A different callback was requested"]
    assert mine["close"] == 1
    assert mine["registry"] == 0  # libvirt called freecb after each callback: every entry went
    assert stderr.count("Exception ignored in libvirt event callback <function bad at") == 1
    assert "ValueError: boom" in stderr


def test_a_reload_keeps_the_thunk_libvirt_holds(package_folder: Path) -> None:
    out, stderr = run_with_daemon(RELOAD, "ours", package_folder)
    assert out["same"] and out["arrived"]
    assert out["records"] == [["before", 1]]
    assert stderr == ""
