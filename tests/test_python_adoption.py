"""List calls adopt their handles in C-level loops, and ownership stays exact.

``_adopt_array`` makes a list call's objects with ``object.__new__`` through
``map`` and sets each one's pointer through the class's ``_own`` (its slot's
setter), with no Python call per element.  These tests hold it to what the
per-element ``_adopt()`` did: as many distinct objects as libvirt-python
lists, each C reference released exactly once (by ``close()`` or after the
object is dropped), none when an object never got its pointer.  All against
the real libvirt.so.0 and its test driver.

Releases are counted two ways: a spy on the module's release function (what
the binding asked for) and the domain's C reference count (what libvirt
did: every checkpoint object holds a reference to its domain).  libvirt's
objects are GObjects, whose ``ref_count`` is the ``guint`` right after the
``GTypeInstance`` pointer; each test first checks that listing N checkpoints
raises it by exactly N, so a wrong offset fails loudly instead of passing.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from python_support import checkpoint_xml, clean_domain, load_generated, load_reference, names, rss_kib

COUNT = 40  # checkpoints listed; created one after another, so each is the previous one's child


@pytest.fixture(scope="module")
def lv() -> ModuleType:
    return load_generated()


@pytest.fixture
def domain(lv: ModuleType) -> Iterator[Any]:
    conn, dom = clean_domain(lv)
    for index in range(COUNT):
        dom.checkpointCreateXML(checkpoint_xml(f"cp{index}"))
    yield dom
    clean_domain(lv)[0].close()
    conn.close()


def _refs(handle: Any) -> int:
    """The C object's reference count (GObject's ``ref_count``, after the class pointer)."""
    return ctypes.c_uint.from_address(handle.c_pointer() + ctypes.sizeof(ctypes.c_void_p)).value


def _settled_refs(dom: Any) -> int:
    """The domain's reference count once the releases queued by dropped objects have run (any call runs them)."""
    gc.collect()
    dom.getName()
    return _refs(dom)


def _spy_releases(lv: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every pointer passed to virDomainCheckpointFree from now on, in order (the real function still runs)."""
    released: list[int] = []
    release = lv._virDomainCheckpointFree

    def spy(pointer: int) -> int:
        released.append(pointer)
        result: int = release(pointer)
        return result

    monkeypatch.setattr(lv, "_virDomainCheckpointFree", spy)
    return released


def _unraisable(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What ``__del__`` methods raise from now on (Python prints and swallows it otherwise)."""
    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


def test_a_listing_is_distinct_handles_with_libvirt_pythons_names(lv: ModuleType, domain: Any) -> None:
    reference = load_reference()
    their_conn = reference.open("test:///default")
    their_dom = their_conn.lookupByName("test")
    try:
        handles = domain.listAllCheckpoints()
        assert len(handles) == COUNT
        assert {type(h) for h in handles} == {lv.virDomainCheckpoint}
        assert len({id(h) for h in handles}) == COUNT
        pointers = {h.c_pointer() for h in handles}
        assert len(pointers) == COUNT and 0 not in pointers
        expected = sorted(f"cp{index}" for index in range(COUNT))
        assert sorted(names(handles)) == sorted(names(their_dom.listAllCheckpoints())) == expected
        # listAllChildren goes through the same path: the first checkpoint's descendants are all the others
        first = domain.checkpointLookupByName("cp0")
        theirs = their_dom.checkpointLookupByName("cp0")
        descendants = first.listAllChildren(lv.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS)
        assert sorted(names(descendants)) == sorted(names(theirs.listAllChildren(reference.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS)))
        assert sorted(names(descendants)) == sorted(f"cp{index}" for index in range(1, COUNT))
    finally:
        their_conn.close()


def test_lists_adopt_without_a_python_call_per_handle(lv: ModuleType, domain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list path never calls ``_adopt``; ``_own`` is the slot's own setter; ``__del__`` reads the slot directly."""

    def per_element(*_args: object) -> None:
        raise AssertionError("_adopt called for a list element")

    monkeypatch.setattr(lv.virDomainCheckpoint, "_adopt", per_element)
    assert len(domain.listAllCheckpoints()) == COUNT
    for cls in (lv.virConnect, lv.virDomain, lv.virDomainCheckpoint):
        slot = vars(cls)[f"_h_{cls.__name__}"]
        assert cls._own == slot.__set__
        assert "getattr" not in cls.__del__.__code__.co_names


def test_dropped_handles_are_each_released_once(lv: ModuleType, domain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = _settled_refs(domain)
    released = _spy_releases(lv, monkeypatch)
    handles = domain.listAllCheckpoints()
    pointers = [h.c_pointer() for h in handles]
    assert _refs(domain) == baseline + COUNT  # one reference per checkpoint object: the offset is right
    del handles
    assert _settled_refs(domain) == baseline
    assert Counter(released) == Counter(pointers)
    assert max(Counter(released).values()) == 1


def test_closed_handles_are_released_exactly_once(lv: ModuleType, domain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = _settled_refs(domain)
    released = _spy_releases(lv, monkeypatch)
    handles = domain.listAllCheckpoints()
    pointers = [h.c_pointer() for h in handles]
    assert _refs(domain) == baseline + COUNT
    assert [h.close() for h in handles] == [0] * COUNT
    assert released == pointers
    assert [h.close() for h in handles] == [0] * COUNT  # a second close does nothing
    assert [h.c_pointer() for h in handles] == [0] * COUNT
    del handles
    assert _settled_refs(domain) == baseline
    assert released == pointers  # dropping a closed object releases nothing more


def test_an_object_that_never_got_its_pointer_is_dropped_quietly(lv: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _unraisable(monkeypatch)
    pending = len(lv._pending)
    for cls in (lv.virConnect, lv.virDomain, lv.virDomainCheckpoint):
        orphan = object.__new__(cls)
        del orphan
    gc.collect()
    assert seen == []
    assert len(lv._pending) == pending


def _failing_after(own: Callable[[Any, int], None], count: int, error: type[BaseException]) -> Callable[[Any, int], None]:
    """``own`` for the first ``count`` objects, then ``error`` (as a MemoryError inside the C loop would be)."""
    done = 0

    def setter(handle: Any, pointer: int) -> None:
        nonlocal done
        if done == count:
            raise error
        done += 1
        own(handle, pointer)

    return setter


@pytest.mark.parametrize("error", [MemoryError, KeyboardInterrupt])
def test_a_failure_while_adopting_frees_no_pointer_twice(lv: ModuleType, domain: Any, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]) -> None:
    """Objects that got their pointer release it once; the others own nothing and their pointers are not freed."""
    owned = 15
    baseline = _settled_refs(domain)
    release = lv._virDomainCheckpointFree
    listed: list[int] = []
    array_pointers = lv._array_pointers

    def recording(array: ctypes.c_void_p, count: int) -> list[int]:
        pointers: list[int] = array_pointers(array, count)
        listed.extend(pointers)
        return pointers

    monkeypatch.setattr(lv, "_array_pointers", recording)
    monkeypatch.setattr(lv.virDomainCheckpoint, "_own", _failing_after(lv.virDomainCheckpoint._own, owned, error))
    released = _spy_releases(lv, monkeypatch)
    seen = _unraisable(monkeypatch)
    with pytest.raises(error):
        domain.listAllCheckpoints()
    after = _settled_refs(domain)
    assert len(listed) == COUNT
    assert sorted(released) == sorted(listed[:owned])
    assert after == baseline + COUNT - owned  # the references nobody owned are left alone, never freed twice
    assert seen == []
    for pointer in listed[owned:]:  # give them back, so that the domain is released after the test
        assert release(pointer) == 0
    assert _refs(domain) == baseline


def test_list_calls_do_not_grow_resident_memory(domain: Any) -> None:
    for _ in range(1_000):
        domain.listAllCheckpoints()
    gc.collect()
    before = rss_kib()
    for _ in range(10_000):
        domain.listAllCheckpoints()
    gc.collect()
    growth = rss_kib() - before
    # a leaked object per handle would be 400,000 of them (well over 20 MiB)
    assert growth < 4096, f"RSS grew by {growth} KiB over 10,000 calls returning {COUNT} handles each"


def test_the_release_queue_drains_in_order_once_each_even_when_a_release_drains_it(lv: ModuleType) -> None:
    # _drain runs in C (popleft and release in one step); a release that drains
    # the queue itself (another thread's drain) ends the outer one, losing nothing.
    released: list[int] = []

    def release(pointer: int) -> None:
        released.append(pointer)
        if pointer == 5:
            lv._drain()

    lv._drain()
    lv._pending.extend((release, pointer) for pointer in range(100))
    lv._drain()
    assert released == list(range(100)) and len(lv._pending) == 0


def _recording_release(released: list[int]) -> Any:
    """A C-callable release function (what glib's GPtrArray calls) that records each pointer it gets."""

    @ctypes.CFUNCTYPE(None, ctypes.c_void_p)
    def release(pointer: int | None) -> None:
        released.append(pointer or 0)

    return release


def _counted_runs(lv: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every run released in one C call from now on (the real one-call release still runs)."""
    runs: list[int] = []
    release_together = lv._release_together

    def counting(address: int, pointers: list[int]) -> None:
        runs.append(len(pointers))
        release_together(address, pointers)

    monkeypatch.setattr(lv, "_release_together", counting)
    return runs


def test_a_dropped_list_is_released_in_one_glib_call(lv: ModuleType, domain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """COUNT handles dropped together go to C as one run: every reference released once, by the real release function."""
    assert lv._release_together is not None, "libvirt.so.0 loads glib: the one-call path must be available"
    assert COUNT >= lv._RUN
    runs = _counted_runs(lv, monkeypatch)
    baseline = _settled_refs(domain)
    handles = domain.listAllCheckpoints()
    assert _refs(domain) == baseline + COUNT
    del handles
    assert _settled_refs(domain) == baseline
    assert runs == [COUNT]


def test_without_glib_each_dropped_handle_is_released_by_its_own_call(lv: ModuleType, domain: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lv, "_release_together", None)
    baseline = _settled_refs(domain)
    handles = domain.listAllCheckpoints()
    assert _refs(domain) == baseline + COUNT
    del handles
    assert _settled_refs(domain) == baseline


def test_release_together_calls_the_function_on_each_pointer_once_in_order(lv: ModuleType) -> None:
    released: list[int] = []
    release = _recording_release(released)
    address = ctypes.cast(release, ctypes.c_void_p).value
    lv._release_together(address, list(range(1, 1001)))
    assert released == list(range(1, 1001))


def test_the_queue_is_released_run_by_run_in_order(lv: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long runs of one known release function go to C in one call, short runs and unknown functions one call each; order is kept."""
    released: list[int] = []
    in_c = _recording_release(released)
    monkeypatch.setitem(lv._batched_releases, id(in_c), ctypes.cast(in_c, ctypes.c_void_p).value)
    runs = _counted_runs(lv, monkeypatch)
    lv._drain()
    queue = [(in_c, p) for p in range(1, 21)] + [(released.append, p) for p in range(21, 41)]
    queue += [(in_c, p) for p in range(41, 46)] + [(in_c.__call__, p) for p in range(46, 50)] + [(in_c, p) for p in range(50, 70)]
    lv._pending.extend(queue)
    lv._drain()
    assert released == list(range(1, 70))
    assert runs == [20, 20]  # the two long runs of in_c; the run of 5 was too short, the others unknown functions
    assert len(lv._pending) == 0
