"""Event callbacks: ``conn.domainEventRegisterAny(dom, eventID, cb, opaque)`` and its network, storage pool,
node device and secret twins, against libvirt-python 9.0.0 on the test driver (``test:///default``).

Each scenario runs in a child process, once with the package and once with
libvirt-python: each runs libvirt's default event loop in a daemon thread
(``virEventRegisterDefaultImpl()`` before opening the connection, then
``virEventRunDefaultImpl()`` in a loop), the test driver's state is the
child's own, and a wait that times out fails instead of hanging the suite.
The checks that no C call is made run in this process (no event loop needed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
from python_support import CHILD_WAIT_AND_ATTEMPT, URI, load_reference, mypy_errors, whole_tree_fixtures, whole_tree_plan

TIMEOUT = 60  # the child's whole run; each wait inside it is 10 s

PRELUDE = r"""
import gc, json, sys, threading, time, weakref
if sys.argv[1] == "ours":
    sys.path.insert(0, sys.argv[2])
    import libvirt_ctypes as lib
else:
    import libvirt as lib
    lib.registerErrorHandler(lambda *_args: None, None)
lib.virEventRegisterDefaultImpl()

def _loop():
    while True:
        lib.virEventRunDefaultImpl()

threading.Thread(target=_loop, daemon=True).start()
conn = lib.open("test:///default")
records = []
arrived = threading.Condition()

def record(*item):
    with arrived:
        records.append(list(item))
        arrived.notify_all()
""" + CHILD_WAIT_AND_ATTEMPT

LIFECYCLE = r"""
def cb(c, dom, event, detail, opaque):
    record(c is conn, dom.connect() is conn, type(dom).__name__, dom.name(), event, detail, opaque)

cid = conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, "life")
dom = conn.lookupByName("test")
dom.suspend()
dom.resume()
dom.destroy()
dom.create()
out["arrived"] = wait(4)
out["records"] = records
out["id"] = [type(cid).__name__, cid >= 0]
conn.domainEventDeregisterAny(cid)
"""

METADATA = r"""
def cb(c, dom, kind, nsuri, opaque):
    record(c is conn, dom.name(), kind, nsuri, opaque)

dom = conn.lookupByName("test")
cid = conn.domainEventRegisterAny(dom, lib.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, cb, 23)
dom.setMetadata(lib.VIR_DOMAIN_METADATA_DESCRIPTION, "hello", None, None, 0)
dom.setMetadata(lib.VIR_DOMAIN_METADATA_ELEMENT, "<x/>", "k", "http://example.org/", 0)
out["arrived"] = wait(2)
out["records"] = records
"""

OBJECTS = r"""
def named(kind):
    def cb(c, obj, *rest):
        record(kind, c is conn, type(obj).__name__, obj.name(), *rest)
    return cb

conn.networkEventRegisterAny(None, lib.VIR_NETWORK_EVENT_ID_LIFECYCLE, named("network"), "n")
conn.storagePoolEventRegisterAny(None, lib.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, named("pool"), "p")
conn.storagePoolEventRegisterAny(None, lib.VIR_STORAGE_POOL_EVENT_ID_REFRESH, named("refresh"), "r")
conn.nodeDeviceEventRegisterAny(None, lib.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, named("device"), "d")
net = conn.networkCreateXML("<network><name>evnet</name><bridge name='evbr0'/><ip address='192.168.150.1' netmask='255.255.255.0'/></network>")
net.destroy()
pool = conn.storagePoolCreateXML("<pool type='dir'><name>evpool</name><target><path>/evpool</path></target></pool>", 0)
pool.refresh(0)
pool.destroy()
device = conn.nodeDeviceCreateXML(
    "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>"
    "<wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>", 0)
device.destroy()
out["arrived"] = wait(7)
time.sleep(0.2)  # nothing more should come
out["records"] = records
# the test driver has no secret events: libvirt refuses the registration
out["secret"] = attempt(lambda: conn.secretEventRegisterAny(None, lib.VIR_SECRET_EVENT_ID_LIFECYCLE, named("secret"), "s"))
if sys.argv[1] == "ours":
    out["registry"] = len(lib._event_registry)  # the four registered above; the refused one is gone
"""

DEREGISTER = r"""
def cb(c, dom, event, detail, opaque):
    record("cb", event)

def sentinel(c, dom, event, detail, opaque):
    record("sentinel", event)

watcher = weakref.ref(cb)
cid = conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
dom = conn.lookupByName("test")
dom.suspend()
out["first"] = wait(1)
out["registry_before"] = len(lib._event_registry)
conn.domainEventDeregisterAny(cid)
del cb
# libvirt calls freecb as the call returns, unless the loop thread is still dispatching the first
# event (a busy machine: the Debian 12 chroot run, session 26): then when that dispatch ends
out["emptied_at_once"] = len(lib._event_registry) == 0
out["callback_alive_at_once"] = watcher() is not None  # no collection: the registry's reference went with it
deadline = time.monotonic() + 10
while lib._event_registry and time.monotonic() < deadline:
    time.sleep(0.01)
gc.collect()
out["registry_after"] = len(lib._event_registry)
out["callback_alive"] = watcher() is not None
conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, sentinel, None)
dom.resume()
out["second"] = wait(2)  # the sentinel's event: the deregistered callback's would have come in the same dispatch
time.sleep(0.2)
out["records"] = records
"""

RAISES = r"""
calls = []

def bad(c, dom, event, detail, opaque):
    calls.append(event)
    raise ValueError("boom")

def bad_string(c, dom, kind, nsuri, opaque):
    raise KeyError("no")

def good(c, dom, event, detail, opaque):
    record(event, detail)

# registered in this order, libvirt calls bad then good for each lifecycle event
conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, bad, None)
conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, bad_string, None)
conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, good, None)
dom = conn.lookupByName("test")
dom.suspend()
dom.setMetadata(lib.VIR_DOMAIN_METADATA_DESCRIPTION, "hello", None, None, 0)
dom.resume()
dom.destroy()
out["arrived"] = wait(3)
out["records"] = records
out["bad_calls"] = calls
"""


# libvirt calls freecb holding its event-state lock: an opaque whose finalizer deregisters another registration
# (cleanup a subscription object does) hung there when freecb dropped the user's objects
DEADLOCK = r"""
def cb(*args):
    pass

class Companion:
    def __init__(self, other):
        self.other = other

    def __del__(self):
        conn.networkEventDeregisterAny(self.other)  # returns 0 here, None in libvirt-python
        record("finalizer")

other = conn.networkEventRegisterAny(None, lib.VIR_NETWORK_EVENT_ID_LIFECYCLE, cb, None)
cid = conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, Companion(other))
record("deregistering")
conn.domainEventDeregisterAny(cid)
record("deregistered")
if sys.argv[1] == "ours":
    class Registers:  # a finalizer registering anew takes the same lock (libvirt-python refuses it: same C callback and opaque)
        def __del__(self):
            record("registered", conn.networkEventRegisterAny(None, lib.VIR_NETWORK_EVENT_ID_LIFECYCLE, cb, None) >= 0)

    conn.domainEventDeregisterAny(conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, Registers()))
out["records"] = records
"""

# a program leaving registrations in place, with events firing while it exits: nothing on stderr
# (the registry kept the connection until module teardown, whose __del__ found _pending gone)
AT_EXIT = r"""
dom = conn.lookupByName("test")

def cb(c, d, *rest):
    d.name()

def subscribe():
    own = lib.open("test:///default")  # only its registrations keep this connection (and the domain given as opaque)
    own.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, own.lookupByName("test"))

for _ in range(10):
    subscribe()

def fire():
    while True:
        dom.suspend()
        dom.resume()

threading.Thread(target=fire, daemon=True).start()
time.sleep(0.1)
"""


package_folder, ours = whole_tree_fixtures("events")


def run_scenario(body: str, binding: str, package_folder: Path, timeout: float = TIMEOUT) -> tuple[dict[str, Any], str]:
    """The scenario's ``out`` dict (printed as JSON by the child) and what the child wrote on stderr; a child still
    running after ``timeout`` seconds (a deadlock) fails the test."""
    if binding == "theirs":
        load_reference()  # skips (or fails under CI=true) without libvirt-python
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    script = PRELUDE + body + "\nprint(json.dumps(out))\n"
    done = subprocess.run(
        [sys.executable, "-c", script, binding, str(package_folder)], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), done.stderr


def test_domain_lifecycle_events_match_libvirt_python(package_folder: Path) -> None:
    mine, _ = run_scenario(LIFECYCLE, "ours", package_folder)
    theirs, _ = run_scenario(LIFECYCLE, "theirs", package_folder)
    assert mine["arrived"] and theirs["arrived"]
    assert mine["records"] == theirs["records"]
    # suspended, resumed, stopped (destroyed), started (booted); the conn is the registering object, dom a virDomain
    # made with it (session 21: dom.connect() was a new object)
    assert mine["records"] == [
        [True, True, "virDomain", "test", 3, 0, "life"],
        [True, True, "virDomain", "test", 4, 0, "life"],
        [True, True, "virDomain", "test", 5, 1, "life"],
        [True, True, "virDomain", "test", 2, 0, "life"],
    ]
    assert mine["id"] == theirs["id"] == ["int", True]


def test_a_string_argument_and_a_filtering_domain(package_folder: Path) -> None:
    mine, _ = run_scenario(METADATA, "ours", package_folder)
    theirs, _ = run_scenario(METADATA, "theirs", package_folder)
    assert mine["arrived"] and theirs["arrived"]
    assert mine["records"] == theirs["records"] == [[True, "test", 0, None, 23], [True, "test", 2, "http://example.org/", 23]]


def test_network_storage_pool_and_node_device_events(package_folder: Path) -> None:
    mine, _ = run_scenario(OBJECTS, "ours", package_folder)
    theirs, _ = run_scenario(OBJECTS, "theirs", package_folder)
    assert mine["arrived"] and theirs["arrived"]
    assert mine["records"] == theirs["records"]
    assert mine["records"] == [
        ["network", True, "virNetwork", "evnet", 2, 0, "n"],
        ["network", True, "virNetwork", "evnet", 3, 0, "n"],
        ["pool", True, "virStoragePool", "evpool", 2, 0, "p"],
        ["refresh", True, "virStoragePool", "evpool", "r"],
        ["pool", True, "virStoragePool", "evpool", 3, 0, "p"],
        ["device", True, "virNodeDevice", mine["records"][5][3], 0, 0, "d"],
        ["device", True, "virNodeDevice", mine["records"][5][3], 1, 0, "d"],
    ]
    # a registration C refuses: the same libvirtError as libvirt-python's, and the package keeps nothing of it
    assert mine["secret"] == theirs["secret"]
    assert mine["secret"][:3] == ["error", 3, 30]  # VIR_ERR_NO_SUPPORT from VIR_FROM_SECRET
    assert mine["registry"] == 4


def test_deregistering_stops_the_callbacks_and_releases_them(package_folder: Path) -> None:
    out, _ = run_scenario(DEREGISTER, "ours", package_folder)
    assert out["first"] and out["second"]
    assert out["registry_before"] == 1
    assert out["registry_after"] == 0  # libvirt called freecb: the thunk, the callback and the opaque are gone
    assert out["callback_alive"] is False
    assert out["callback_alive_at_once"] is not out["emptied_at_once"]  # gone with the entry, at once when freecb came at once
    assert out["records"] == [["cb", 3], ["sentinel", 4]]


def test_a_raising_callback_does_not_stop_the_loop(package_folder: Path) -> None:
    out, stderr = run_scenario(RAISES, "ours", package_folder)
    assert out["arrived"]
    assert out["records"] == [[3, 0], [4, 0], [5, 1]]  # suspended, resumed, destroyed: each after bad raised, the last two after bad_string did
    assert out["bad_calls"] == [3, 4, 5]
    assert stderr.count("Exception ignored in libvirt event callback <function bad at") == 3
    assert stderr.count("ValueError: boom") == 3
    assert stderr.count("Exception ignored in libvirt event callback <function bad_string at") == 1
    assert "KeyError: 'no'" in stderr


@pytest.mark.parametrize(
    ("method", "function", "event_id", "code", "domain", "message"),
    [
        (
            "domainEventRegisterAny", "virConnectDomainEventRegisterAny", 5, "VIR_ERR_NO_SUPPORT", "VIR_FROM_DOMAIN",
            "virConnectDomainEventRegisterAny: event ID 5 (VIR_DOMAIN_EVENT_ID_GRAPHICS) is not supported by these bindings: its callback"
            " virConnectDomainEventGraphicsCallback takes const virDomainEventGraphicsAddress * local, which they do not convert",
        ),
        ("domainEventRegisterAny", "virConnectDomainEventRegisterAny", 999, "VIR_ERR_INVALID_ARG", "VIR_FROM_DOMAIN",
         "eventID 999 is not one of the 27 event IDs of virDomainEventID these bindings know"),
        ("domainEventRegisterAny", "virConnectDomainEventRegisterAny", 27, "VIR_ERR_INVALID_ARG", "VIR_FROM_DOMAIN",
         "eventID 27 is not one of the 27 event IDs of virDomainEventID these bindings know"),
        ("domainEventRegisterAny", "virConnectDomainEventRegisterAny", -1, "VIR_ERR_INVALID_ARG", "VIR_FROM_DOMAIN",
         "eventID -1 is not one of the 27 event IDs of virDomainEventID these bindings know (they start at 0)"),
        ("networkEventRegisterAny", "virConnectNetworkEventRegisterAny", 1, "VIR_ERR_INVALID_ARG", "VIR_FROM_NETWORK",
         "eventID 1 is not the one event ID of virNetworkEventID these bindings know, 0"),
        ("storagePoolEventRegisterAny", "virConnectStoragePoolEventRegisterAny", 2, "VIR_ERR_INVALID_ARG", "VIR_FROM_STORAGE",
         "eventID 2 is not one of the 2 event IDs of virStoragePoolEventID these bindings know"),
        ("nodeDeviceEventRegisterAny", "virConnectNodeDeviceEventRegisterAny", -7, "VIR_ERR_INVALID_ARG", "VIR_FROM_NODEDEV",
         "eventID -7 is not one of the 2 event IDs of virNodeDeviceEventID these bindings know (they start at 0)"),
        ("secretEventRegisterAny", "virConnectSecretEventRegisterAny", 2, "VIR_ERR_INVALID_ARG", "VIR_FROM_SECRET",
         "eventID 2 is not one of the 2 event IDs of virSecretEventID these bindings know"),
    ],
)  # fmt: skip
def test_unsupported_and_unknown_event_ids_raise_before_any_c_call(
    ours: ModuleType, monkeypatch: pytest.MonkeyPatch, method: str, function: str, event_id: int, code: str, domain: str, message: str
) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(ours, "_" + function, lambda *args: calls.append(args) or 0)
    conn = ours.open(URI)
    with pytest.raises(ours.libvirtError) as raised:
        getattr(conn, method)(None, event_id, lambda *_args: None, None)
    assert raised.value.get_error_code() == getattr(ours, code)
    assert raised.value.get_error_domain() == getattr(ours, domain)
    assert raised.value.get_error_message() == message
    assert raised.value.get_error_level() == ours.VIR_ERR_ERROR
    assert calls == []
    assert ours._event_registry == {}


def test_the_arguments_are_checked_before_any_c_call(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(ours, "_virConnectDomainEventRegisterAny", lambda *args: calls.append(args) or 0)
    monkeypatch.setattr(ours, "_event_registry", {})  # the registration below never reaches libvirt: its entry goes with this dict
    conn = ours.open(URI)
    with pytest.raises(TypeError, match="cb must be callable, not str"):
        conn.domainEventRegisterAny(None, 0, "cb", None)
    with pytest.raises(TypeError, match="dom must be a virDomain or None, not str"):
        conn.domainEventRegisterAny("test", 0, lambda *_args: None, None)
    with pytest.raises(OverflowError):
        conn.domainEventRegisterAny(None, 2**31, lambda *_args: None, None)
    assert calls == [] and ours._event_registry == {}
    # given good arguments, the C function gets the connection, the domain, the ID, the thunk, the token and freecb
    dom = conn.lookupByName("test")
    assert conn.domainEventRegisterAny(dom, 0, lambda *_args: None, None) == 0
    ((c_conn, c_dom, event_id, thunk, token, free),) = calls
    assert (c_conn, c_dom, event_id) == (conn.c_pointer(), dom.c_pointer(), 0)
    assert ours._event_registry[token][0] is thunk and free is ours._event_free


def test_the_five_registrations_are_bound() -> None:
    plan = whole_tree_plan()
    methods = {m.c_name: (c.name, m.name) for c in plan.classes for m in c.methods if m.events is not None}
    assert methods == {
        "virConnectDomainEventRegisterAny": ("virConnect", "domainEventRegisterAny"),
        "virConnectNetworkEventRegisterAny": ("virConnect", "networkEventRegisterAny"),
        "virConnectStoragePoolEventRegisterAny": ("virConnect", "storagePoolEventRegisterAny"),
        "virConnectNodeDeviceEventRegisterAny": ("virConnect", "nodeDeviceEventRegisterAny"),
        "virConnectSecretEventRegisterAny": ("virConnect", "secretEventRegisterAny"),
    }
    callbacks = {s.function for s in plan.skipped if s.reason.startswith("callback parameter")}
    assert callbacks == {
        "virConnectDomainEventRegister", "virConnectDomainEventDeregister",  # the close callbacks are bound: test_python_close_callback.py
        "virEventRegisterImpl",  # the loop's handles and timeouts, and stream callbacks, are bound: test_python_watch_callbacks.py
    }  # fmt: skip


MYPY_SCRIPT = """\
from libvirt_ctypes import VIR_DOMAIN_EVENT_ID_LIFECYCLE, DomainEventCallback, open, virConnect, virDomain, virNetwork


def lifecycle(conn: virConnect, dom: virDomain, event: int, detail: int, opaque: list[str]) -> None:
    print(conn, dom.name(), event, detail, opaque)


def removed(conn: virConnect, dom: virDomain, alias: str, opaque: object) -> None: ...
def network(conn: virConnect, net: virNetwork, event: int, detail: int, opaque: object) -> None: ...
def tick(timer: int, opaque: object) -> None: ...


conn = open("test:///default")
callback_id: int = conn.domainEventRegisterAny(None, VIR_DOMAIN_EVENT_ID_LIFECYCLE, lifecycle, None)
conn.domainEventDeregisterAny(callback_id)
conn.domainEventRegisterAny(conn.lookupByName("test"), 0, lifecycle, {"any": "opaque"})
conn.domainEventRegisterAny(None, 15, removed, None)
conn.domainEventRegisterAny(None, 0, lambda *args: print(args), None)
kept: DomainEventCallback = lifecycle
conn.domainEventRegisterAny(None, 0, "lifecycle", None)
conn.domainEventRegisterAny(None, 0, tick, None)
conn.domainEventRegisterAny(None, 0, network, None)
conn.networkEventRegisterAny(None, 0, lifecycle, None)
"""


def test_mypy_accepts_each_event_callback_shape_and_refuses_others(package_folder: Path, tmp_path: Path) -> None:
    """``cb`` is the union of the callbacks' shapes (``DomainEventCallback``): any event's callback passes, a str,
    a callback of another arity or another handle class does not (session 23: ``Callable[..., object]`` took them)."""
    script = tmp_path / "events.py"
    script.write_text(MYPY_SCRIPT, encoding="utf-8")
    errors, printed = mypy_errors(script, package_folder)
    assert [int(line.split(":")[1]) for line in errors] == [20, 21, 22, 23], printed
    assert all("Argument 3 to" in line and "has incompatible type" in line for line in errors), printed


def test_typed_parameters_and_handles_given_to_a_callback(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """TUNABLE's (conn, dom, params, nparams, opaque), which the test driver never emits: the thunk the C function
    would get, called through C (ctypes), gives the registering connection, a domain object of its own and a dict."""
    import ctypes

    captured: list[tuple[Any, ...]] = []
    monkeypatch.setattr(ours, "_virConnectDomainEventRegisterAny", lambda *args: captured.append(args) or 0)
    monkeypatch.setattr(ours, "_event_registry", {})
    received: list[tuple[Any, ...]] = []
    conn = ours.open(URI)
    dom = conn.lookupByName("test")
    conn.domainEventRegisterAny(None, ours.VIR_DOMAIN_EVENT_ID_TUNABLE, lambda *args: received.append(args), "tune")
    ((_, _, _, thunk, token, _),) = captured
    params = (ours._virTypedParameter * 2)()
    params[0].field, params[0].type, params[0].value.ul = b"cputune.shares", ours.VIR_TYPED_PARAM_ULLONG, 2048
    params[1].field, params[1].type, params[1].value.s = b"cputune.vcpupin0", ours.VIR_TYPED_PARAM_STRING, b"0-1"
    thunk(conn.c_pointer(), dom.c_pointer(), ctypes.addressof(params), 2, token)
    ((given_conn, given_dom, values, opaque),) = received
    assert given_conn is conn and opaque == "tune"
    assert isinstance(given_dom, ours.virDomain) and given_dom is not dom and given_dom.c_pointer() == dom.c_pointer()
    assert values == {"cputune.shares": 2048, "cputune.vcpupin0": "0-1"}
    dom.close()
    assert given_dom.name() == "test"  # it holds its own reference (Ref was called): usable after the other object is closed


def test_a_finalizer_calling_the_event_api_as_its_registration_is_freed_does_not_deadlock(package_folder: Path) -> None:
    """libvirt calls freecb holding its event-state lock: the entry's user objects go after the C call returns."""
    mine, _ = run_scenario(DEADLOCK, "ours", package_folder, timeout=30)
    theirs, _ = run_scenario(DEADLOCK, "theirs", package_folder, timeout=30)
    assert mine["records"][:3] == theirs["records"] == [["deregistering"], ["finalizer"], ["deregistered"]]
    assert mine["records"][3:] == [["registered", True]]


def test_no_noise_at_exit_with_registrations_in_place_and_events_firing(package_folder: Path) -> None:
    """The registry keeps only the thunks from atexit on: the user's objects go while the module is whole."""
    for _ in range(5):
        out, stderr = run_scenario(AT_EXIT, "ours", package_folder)
        assert out == {} and stderr == ""


class _Mortal:
    """An object whose death is seen (a weakref) and counted."""

    deaths: ClassVar[list[int]] = []

    def __del__(self) -> None:
        self.deaths.append(1)


def test_freecb_drops_nothing_and_the_next_call_buries(ours: ModuleType) -> None:
    """libvirt's freecb (called through C here) moves the entry aside; any bound call after it drops the user's objects."""
    import weakref

    conn = ours.open(URI)
    opaque = _Mortal()
    watcher = weakref.ref(opaque)
    token = 10**9  # no token the package hands out in this test run
    ours._event_registry[token] = (None, print, opaque, conn)
    del opaque
    ours._event_free(token)
    assert token not in ours._event_registry
    assert watcher() is not None  # under libvirt's lock: nothing of the user's dropped
    assert (ours._event_bury, 0) in ours._pending
    conn.getLibVersion()
    assert watcher() is None
    assert ours._event_graveyard == [] and (ours._event_bury, 0) not in ours._pending


def test_deregistering_drops_the_freed_registration_after_the_c_call(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """DeregisterAny: libvirt calls freecb in the C call (under its lock); the callback and opaque go as the method returns."""
    import weakref

    conn = ours.open(URI)
    opaque = _Mortal()
    watcher = weakref.ref(opaque)
    during: list[bool] = []
    tokens: list[int] = []
    monkeypatch.setattr(ours, "_virConnectDomainEventRegisterAny", lambda *args: tokens.append(args[4]) or 7)

    def deregister(_conn: object, callback_id: int) -> int:
        ours._event_free(tokens[0])  # what libvirt does for a registration no dispatch is running
        during.append(watcher() is not None)
        return 0

    monkeypatch.setattr(ours, "_virConnectDomainEventDeregisterAny", deregister)
    assert conn.domainEventRegisterAny(None, 0, lambda *_args: None, opaque) == 7
    del opaque
    assert conn.domainEventDeregisterAny(7) == 0
    assert during == [True] and watcher() is None and ours._event_graveyard == []


def test_a_registration_and_a_dispatch_bury_what_libvirt_freed(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a registration's C call and after a dispatch (libvirt dispatches without its lock) the graveyard is emptied."""
    import weakref

    captured: list[tuple[Any, ...]] = []
    monkeypatch.setattr(ours, "_virConnectDomainEventRegisterAny", lambda *args: captured.append(args) or 0)
    monkeypatch.setattr(ours, "_event_registry", {})
    conn = ours.open(URI)
    buried = _Mortal()
    watcher = weakref.ref(buried)
    ours._event_graveyard.append(buried)
    del buried
    conn.domainEventRegisterAny(None, ours.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda *_args: None, None)
    assert watcher() is None
    ((_, _, _, thunk, token, _),) = captured
    buried = _Mortal()
    watcher = weakref.ref(buried)
    ours._event_graveyard.append(buried)
    del buried
    called: list[tuple[Any, ...]] = []
    ours._event_registry[token] = (thunk, lambda *args: called.append(args), "o", conn)
    assert thunk(conn.c_pointer(), None, 3, 0, token) == 0
    assert called == [(conn, None, 3, 0, "o")] and watcher() is None


def test_threads_burying_at_once_drop_each_entry_once(ours: ModuleType) -> None:
    import threading

    _Mortal.deaths.clear()
    ours._event_graveyard.extend(_Mortal() for _ in range(20000))
    threads = [threading.Thread(target=ours._event_bury) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(_Mortal.deaths) == 20000 and ours._event_graveyard == []


@pytest.mark.parametrize(
    ("method", "function", "lookup", "name", "code", "domain", "what"),
    [
        ("domainEventRegisterAny", "virConnectDomainEventRegisterAny", "lookupByName", "test", "VIR_ERR_INVALID_DOMAIN", "VIR_FROM_DOM",
         "invalid domain pointer in"),
        ("networkEventRegisterAny", "virConnectNetworkEventRegisterAny", "networkLookupByName", "default", "VIR_ERR_INVALID_NETWORK",
         "VIR_FROM_NETWORK", "invalid network pointer in"),
        ("storagePoolEventRegisterAny", "virConnectStoragePoolEventRegisterAny", "storagePoolLookupByName", "default-pool",
         "VIR_ERR_INVALID_STORAGE_POOL", "VIR_FROM_STORAGE", "invalid storage pool pointer in"),
        ("nodeDeviceEventRegisterAny", "virConnectNodeDeviceEventRegisterAny", "nodeDeviceLookupByName", "computer",
         "VIR_ERR_INVALID_NODE_DEVICE", "VIR_FROM_NODEDEV", "invalid node device pointer in"),
    ],
)  # fmt: skip
def test_a_closed_filter_raises_libvirts_error_for_a_null_handle(
    ours: ModuleType, monkeypatch: pytest.MonkeyPatch, method: str, function: str, lookup: str, name: str, code: str, domain: str, what: str
) -> None:
    """Not NULL (every object): the error libvirt's own check gives for a NULL handle of the class, as the registering function's."""
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(ours, "_" + function, lambda *args: calls.append(args) or 0)
    monkeypatch.setattr(ours, "_event_registry", {})
    conn = ours.open(URI)
    handle = getattr(conn, lookup)(name)
    handle.close()
    with pytest.raises(ours.libvirtError) as raised:
        getattr(conn, method)(handle, 0, lambda *_args: None, None)
    assert raised.value.get_error_code() == getattr(ours, code)
    assert raised.value.get_error_domain() == getattr(ours, domain)
    assert raised.value.get_error_message() == f"{what} {function}"
    assert calls == [] and ours._event_registry == {}
    # the Ref call that reported the error named itself in libvirt's record of the thread's last error: reset, so
    # virGetLastError() names no function the caller never called (libvirt has no public call setting the record)
    assert ours.virGetLastError() is None
    assert ours.virGetLastErrorMessage() == "no error"


def test_a_closed_filter_leaves_no_error_naming_the_ref_function(ours: ModuleType) -> None:
    """The QA case: virGetLastError()[2] said "invalid domain pointer in virDomainRef" after the exception."""
    conn = ours.open(URI)
    dom = conn.lookupByName("test")
    dom.close()
    with pytest.raises(ours.libvirtError) as raised:
        conn.domainEventRegisterAny(dom, ours.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda *_args: None, None)
    assert raised.value.get_error_message() == "invalid domain pointer in virConnectDomainEventRegisterAny"
    assert raised.value.get_str2() == "virConnectDomainEventRegisterAny"
    assert ours.virGetLastError() is None
    # a call failing after it reports its own error, as ever
    with pytest.raises(ours.libvirtError):
        conn.lookupByName("no-such-domain")
    last = ours.virGetLastError()
    assert last is not None and last[0] == ours.VIR_ERR_NO_DOMAIN


def test_the_deregistering_functions_bury() -> None:
    plan = whole_tree_plan()
    burying = {m.c_name for c in plan.classes for m in c.methods if m.buries_events} | {f.c_name for f in plan.functions if f.buries_events}
    assert burying == {
        "virConnectDomainEventDeregisterAny", "virConnectNetworkEventDeregisterAny", "virConnectStoragePoolEventDeregisterAny",
        "virConnectNodeDeviceEventDeregisterAny", "virConnectSecretEventDeregisterAny",
    }  # fmt: skip


def test_docstrings_drop_the_c_only_cast_and_reference_instructions() -> None:
    plan = whole_tree_plan()
    docs = {m.c_name: m.doc for c in plan.classes for m in c.methods if m.events is not None}
    assert len(docs) == 5
    for function, doc in docs.items():
        handle = {"Domain": "virDomain", "Network": "virNetwork", "StoragePool": "virStoragePool", "NodeDevice": "virNodeDevice"}.get(
            function.removeprefix("virConnect").removesuffix("EventRegisterAny"), "virSecret"
        )
        assert "_CALLBACK()" not in doc and f"{handle}Ref" not in doc and f"{handle}Free" not in doc, function
        assert "only valid for the duration" not in doc and "The reference can be released" not in doc, function
        assert "a callback providing a custom set of parameters\nfor the event.\n\nThe return value from this method" in doc, function
        assert f"(a new {handle}, yours to keep)" in doc and "a closed one raises libvirtError" in doc, function



DEREGISTER_RETURNS = r"""
conn = lib.open("test:///default")
domain_id = conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda *_args: None, None)
network_id = conn.networkEventRegisterAny(None, lib.VIR_NETWORK_EVENT_ID_LIFECYCLE, lambda *_args: None, None)
out = {"returned": [conn.domainEventDeregisterAny(domain_id), conn.networkEventDeregisterAny(network_id)]}
try:
    conn.domainEventDeregisterAny(domain_id)
except lib.libvirtError as error:
    out["again"] = [error.get_error_code(), error.get_error_domain()]
conn.close()
"""


def test_deregistering_returns_the_c_status_where_libvirt_python_returns_none(package_folder: Path) -> None:
    """The documented difference (docs/python-bindings.md, "Event callbacks"): 0, as every int method; libvirt-python None.
    Deregistering an ID twice is the same error in both."""
    mine, _ = run_scenario(DEREGISTER_RETURNS, "ours", package_folder)
    theirs, _ = run_scenario(DEREGISTER_RETURNS, "theirs", package_folder)
    assert (mine["returned"], theirs["returned"]) == ([0, 0], [None, None])
    assert mine["again"] == theirs["again"] and mine["again"][0] == 8  # VIR_ERR_INVALID_ARG


REGISTER_TWICE = r"""
first = conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda c, d, e, x, o: record("first", e), None)
second = attempt(lambda: conn.domainEventRegisterAny(None, lib.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda c, d, e, x, o: record("second", e), None))
dom = conn.lookupByName("test")
dom.suspend()
dom.resume()
out["second"] = second[0] if second[0] == "ok" else second[:2]
out["arrived"] = wait(4 if second[0] == "ok" else 2)
out["records"] = sorted(records)
"""


def test_one_event_registered_twice_calls_both_where_libvirt_python_refuses_the_second(package_folder: Path) -> None:
    """The documented difference (docs/python-bindings.md, "Event callbacks"): a C callback per registration."""
    mine, _ = run_scenario(REGISTER_TWICE, "ours", package_folder)
    theirs, _ = run_scenario(REGISTER_TWICE, "theirs", package_folder)
    assert mine["second"] == "ok" and mine["arrived"]
    assert mine["records"] == [["first", 3], ["first", 4], ["second", 3], ["second", 4]]
    assert theirs["second"] == ["error", 8] and theirs["records"] == [["first", 3], ["first", 4]]
