"""``getName()`` keeps a handle's fixed name, and still resets libvirt's last error as the C call would.

The name a handle was made with never changes (its class has no rename), so
``getName()`` reads it from C once per object.  The C call it then skips
would also have reset the calling thread's last libvirt error; the binding
skips it only while no error can be set in that thread.  These tests hold
the cached call to what libvirt-python does on the same calls, against the
real libvirt.so.0 and its test driver.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from python_support import checkpoint_xml, clean_domain, load_generated, load_reference


@pytest.fixture(scope="module")
def lv() -> ModuleType:
    return load_generated()


@pytest.fixture
def checkpoint(lv: ModuleType) -> Iterator[tuple[Any, Any]]:
    conn, dom = clean_domain(lv)
    cp = dom.checkpointCreateXML(checkpoint_xml("named"))
    yield dom, cp
    cp.close()
    conn.close()


def _counting(lv: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The calls that reach virDomainCheckpointGetName from now on (the real function still runs)."""
    calls: list[int] = []
    real = lv._virDomainCheckpointGetName

    def spy(pointer: int | None) -> bytes | None:
        calls.append(pointer or 0)
        result: bytes | None = real(pointer)
        return result

    monkeypatch.setattr(lv, "_virDomainCheckpointGetName", spy)
    return calls


def test_the_name_is_read_from_c_once_per_object(lv: ModuleType, checkpoint: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    dom, cp = checkpoint
    calls = _counting(lv, monkeypatch)
    assert [cp.getName() for _ in range(5)] == ["named"] * 5
    assert calls == [cp.c_pointer()]
    other = dom.checkpointLookupByName("named")  # another object for the same checkpoint reads it once too
    assert (other.getName(), other.name()) == ("named", "named")
    assert calls == [cp.c_pointer(), other.c_pointer()]


def _after_failure(lib: ModuleType, dom: Any, cp: Any) -> tuple[object, ...]:
    """What virGetLastError() says after a failing call, then after getName(), in one binding."""
    cp.getName()
    with pytest.raises(lib.libvirtError) as failure:
        dom.checkpointLookupByName("no-such-checkpoint")
    before = lib.virGetLastError()
    name = cp.getName()
    after = lib.virGetLastError()
    again = cp.getName()
    return failure.value.get_error_code(), before is not None and before[0], name, after, again, lib.virGetLastError()


def test_get_name_resets_the_last_error_as_libvirt_python_does(lv: ModuleType, checkpoint: tuple[Any, Any]) -> None:
    reference = load_reference()
    dom, cp = checkpoint
    ours = _after_failure(lv, dom, cp)
    their_conn = reference.open("test:///default")
    try:
        their_dom = their_conn.lookupByName("test")
        theirs = _after_failure(reference, their_dom, their_dom.checkpointLookupByName("named"))
    finally:
        their_conn.close()
    assert ours == theirs == (103, 103, "named", None, "named", None)


def test_an_error_left_by_c_called_directly_is_not_seen(lv: ModuleType, checkpoint: tuple[Any, Any]) -> None:
    """The documented difference: the error handler is a C function recording nothing, so only calls of ours mark the thread."""
    dom, cp = checkpoint
    assert cp.getName() == "named"
    lookup = lv._lib.virDomainCheckpointLookupByName
    lookup.restype, lookup.argtypes = ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint]
    assert lookup(dom.c_pointer(), b"no-such-checkpoint", 0) is None
    assert lv.virGetLastError()[0] == 103  # VIR_ERR_NO_DOMAIN_CHECKPOINT
    assert cp.getName() == "named"
    assert lv.virGetLastError()[0] == 103  # libvirt-python's getName() would have reset it
    lv.virResetLastError()


def test_each_thread_keeps_its_own_error_state(lv: ModuleType, checkpoint: tuple[Any, Any]) -> None:
    dom, cp = checkpoint
    assert cp.getName() == "named"
    failed = threading.Event()
    checked = threading.Event()
    seen: dict[str, object] = {}

    def failing() -> None:
        with pytest.raises(lv.libvirtError):
            dom.checkpointLookupByName("no-such-checkpoint")
        failed.set()
        checked.wait(10)
        seen["failing thread, before"] = lv.virGetLastError()[0]
        seen["failing thread, name"] = cp.getName()
        seen["failing thread, after"] = lv.virGetLastError()

    worker = threading.Thread(target=failing)
    worker.start()
    assert failed.wait(10)
    seen["this thread, name"] = cp.getName()  # its own state is clean: the failure was another thread's
    seen["this thread, error"] = lv.virGetLastError()
    checked.set()
    worker.join(10)
    assert seen == {
        "this thread, name": "named", "this thread, error": None,
        "failing thread, before": 103, "failing thread, name": "named", "failing thread, after": None,
    }


def test_a_closed_object_raises_as_before(lv: ModuleType, checkpoint: tuple[Any, Any]) -> None:
    _, cp = checkpoint
    assert cp.getName() == "named"
    cp.close()
    with pytest.raises(lv.libvirtError) as failure:
        cp.getName()
    assert failure.value.get_error_code() == 102  # VIR_ERR_INVALID_DOMAIN_CHECKPOINT, as before the cache
    assert cp.c_pointer() == 0


def test_a_wrong_object_is_still_a_type_error(lv: ModuleType) -> None:
    with pytest.raises(TypeError, match="virDomainCheckpoint"):
        lv.virDomainCheckpoint.getName(object())


def test_a_failure_of_ours_marks_the_thread_whatever_the_error_handler(lv: ModuleType, checkpoint: tuple[Any, Any]) -> None:
    """Other code may replace the error handler (virSetErrorFunc); a call of ours that fails still marks the thread."""
    dom, cp = checkpoint
    other_handler = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)(lambda _data, _error: None)
    lv._virSetErrorFunc(None, ctypes.cast(other_handler, ctypes.c_void_p).value)
    try:
        assert cp.getName() == "named"
        with pytest.raises(lv.libvirtError):
            dom.checkpointLookupByName("no-such-checkpoint")
        assert lv.virGetLastError()[0] == 103
        assert cp.getName() == "named"
        assert lv.virGetLastError() is None
    finally:
        lv._virSetErrorFunc(None, lv._quiet_handler)
