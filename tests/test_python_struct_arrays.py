"""Arrays of structs the caller sizes and libvirt fills, on the libvirt 9.0.0 package, compared with libvirt-python 9.0.0.

``virNodeGetCPUStats``, ``virNodeGetMemoryStats``, ``virDomainGetDiskErrors``
and ``virDomainMemoryStats`` (docs/python-bindings.md, "Arrays of structs the
caller sizes").  The test driver implements all but ``virNodeGetMemoryStats``,
whose conversion is tested by replacing the bound C function with one that
fills the array; so are the paths the driver never takes (a count beyond the
array, a Ctrl-C as the call returns, strings that do not decode).
"""

from __future__ import annotations

import ctypes
from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, attempt, growth_kib, malloc_growth

from generator.backends import python as backend

# C function -> (class.method, Python parameters, annotation)
BOUND = {
    "virNodeGetCPUStats": ("virConnect.nodeGetCPUStats", ["cpuNum", "flags"], "dict[str, int]"),
    "virNodeGetMemoryStats": ("virConnect.nodeGetMemoryStats", ["cellNum", "flags"], "dict[str, int]"),
    "virDomainGetDiskErrors": ("virDomain.getDiskErrors", ["flags"], "dict[str, int]"),
    "virDomainMemoryStats": ("virDomain.memoryStats", ["flags"], "dict[str, int]"),
}
# (struct, sizeof, offset of the second field): what a C program compiled against the 9.0.0 headers prints
C_LAYOUT = {
    "virDomainMemoryStatStruct": (16, "val", 8),
    "virNodeCPUStats": (88, "value", 80),
    "virNodeMemoryStats": (88, "value", 80),
    "virDomainDiskError": (16, "error", 8),
}


def _malloc_strings(values: list[bytes]) -> list[int]:
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    pointers = []
    for value in values:
        pointer = libc.malloc(len(value) + 1)
        ctypes.memmove(pointer, value + b"\0", len(value) + 1)
        pointers.append(pointer)
    return pointers


def _recording_free(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    freed: list[int] = []
    real_free = ours._free
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(pointer) if pointer else None, real_free(pointer)))
    return freed


# --- the shapes, by rule ---------------------------------------------------------------------------


def test_the_rules_bind_the_struct_arrays(plan: backend.Plan) -> None:
    methods = {m.c_name: (c.name, m) for c in plan.classes for m in c.methods}
    for c_name, (python, params, annotation) in BOUND.items():
        owner, method = methods[c_name]
        assert f"{owner}.{method.name}" == python, c_name
        assert [a.name for a in method.args] == params, c_name
        assert method.annotation == annotation, c_name
        assert method.structs is not None and method.result == "structs", c_name
    # rule 10: libvirt-python's names answer too
    assert methods["virNodeGetCPUStats"][1].aliases == ("getCPUStats",)
    assert methods["virNodeGetMemoryStats"][1].aliases == ("getMemoryStats",)
    assert methods["virDomainGetDiskErrors"][1].aliases == ("diskErrors",)
    disk = methods["virDomainGetDiskErrors"][1].structs
    cpu = methods["virNodeGetCPUStats"][1].structs
    memory = methods["virDomainMemoryStats"][1].structs
    assert disk is not None and cpu is not None and memory is not None
    # sized by a first call with NULL and 0 (the description says so), or grown (a count passed by value)
    assert (disk.first, disk.count_ctype, disk.strings, disk.key_kind) == (True, "", ("disk",), "string")
    assert (cpu.first, cpu.count_ctype, cpu.strings, cpu.key_kind) == (True, "ctypes.c_int", (), "chars")
    assert (memory.first, memory.count_ctype, memory.key_kind) == (False, "", "tag")
    assert dict(memory.names)[0] == "swap_in" and dict(memory.names)[6] == "actual" and len(memory.names) == 13
    skipped = {s.function: s.reason for s in plan.skipped}
    assert "virDomainGetVcpus" not in skipped  # its CPU maps beside the array are read with it now (test_python_vcpus.py)
    assert not any(name in skipped for name in BOUND)


def test_the_ctypes_structs_have_cs_layout(ours: ModuleType) -> None:
    for name, (size, second, offset) in C_LAYOUT.items():
        structure = getattr(ours, f"_c_{name}")
        assert (ctypes.sizeof(structure), getattr(structure, second).offset) == (size, offset), name


# --- against libvirt-python on test:///default ---------------------------------------------------------


def test_results_match_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom, ref_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    assert mine.getCPUStats(-1) == ref.getCPUStats(-1) == mine.nodeGetCPUStats(ours.VIR_NODE_CPU_STATS_ALL_CPUS)
    assert mine.getCPUStats(0) == ref.getCPUStats(0) != {}
    assert dom.diskErrors() == ref_dom.diskErrors() == {"vda": 1}
    stats, ref_stats = dom.memoryStats(), ref_dom.memoryStats()
    # every key libvirt-python's, "actual" too (its own spelling: naming rule 10's table of keys)
    assert stats == ref_stats and len(stats) == 13 and "actual" in stats
    # unsupported by the test driver: the same error
    assert attempt(ours, lambda: mine.getMemoryStats(-1)) == attempt(theirs, lambda: ref.getMemoryStats(-1))
    assert attempt(ours, lambda: mine.getMemoryStats(-1))[:2] == ("error", ours.VIR_ERR_NO_SUPPORT)
    dom.close()
    with pytest.raises(ours.libvirtError) as closed:
        dom.diskErrors()
    assert closed.value.get_error_code() == ours.VIR_ERR_INVALID_DOMAIN


def test_a_full_array_is_asked_again_twice_as_large(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """memoryStats has no size query: 4 slots, then 8, then 16, holding all 13 stats of the test driver."""
    mine, _ = conns
    sizes: list[int] = []
    real = ours._virDomainMemoryStats

    def counting(dom: Any, array: Any, size: int, flags: int) -> int:
        sizes.append(size)
        return int(real(dom, array, size, flags))

    counting.__name__ = "virDomainMemoryStats"
    monkeypatch.setattr(ours, "_NAMES_FIRST", 4)
    monkeypatch.setattr(ours, "_virDomainMemoryStats", counting)
    dom = mine.lookupByName(DOMAIN)
    assert len(dom.memoryStats()) == 13
    assert sizes == [4, 8, 16]


def test_node_memory_stats_convert_what_c_fills(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The test driver has no virNodeGetMemoryStats: a stand-in fills the array; a count beyond the array is not trusted."""
    mine, _ = conns
    calls: list[tuple[int, int]] = []

    def fill(_conn: Any, cell: int, array: Any, count: Any, _flags: int) -> int:
        calls.append((cell, count._obj.value))
        if array is None:
            count._obj.value = 2
            return 0
        array[0].field, array[0].value = b"total", 4096
        array[1].field, array[1].value = b"free", 1024
        count._obj.value = 1000  # more than the array holds: never read beyond it
        return 0

    fill.__name__ = "virNodeGetMemoryStats"
    monkeypatch.setattr(ours, "_virNodeGetMemoryStats", fill)
    assert mine.getMemoryStats(-1) == {"total": 4096, "free": 1024}
    assert calls == [(-1, 0), (-1, 2)]
    calls.clear()

    def empty(_conn: Any, _cell: int, _array: Any, count: Any, _flags: int) -> int:
        calls.append((0, count._obj.value))
        count._obj.value = 0
        return 0

    monkeypatch.setattr(ours, "_virNodeGetMemoryStats", empty)
    assert mine.getMemoryStats(0) == {}
    assert len(calls) == 1  # a size of 0: no second call


def test_unknown_tags_keep_their_number(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns

    def fill(_dom: Any, array: Any, size: int, _flags: int) -> int:
        array[0].tag, array[0].val = 7, 10
        array[1].tag, array[1].val = 99, 20  # a tag of a newer library
        return 2

    fill.__name__ = "virDomainMemoryStats"
    monkeypatch.setattr(ours, "_virDomainMemoryStats", fill)
    assert mine.lookupByName(DOMAIN).memoryStats() == {"rss": 10, "99": 20}


# --- what libvirt allocated is freed on every path ------------------------------------------------------


def _disk_errors_filling(ours: ModuleType, disks: list[bytes], made: list[int], then: BaseException | None, ret: int | None = None) -> Any:
    def fill(_dom: Any, array: Any, size: int, _flags: int) -> int:
        if array is None:
            return len(disks)
        pointers = _malloc_strings(disks)
        made.extend(pointers)
        for index, pointer in enumerate(pointers):
            array[index].disk, array[index].error = pointer, index
        if then is not None:
            raise then
        return len(disks) if ret is None else ret

    fill.__name__ = "virDomainGetDiskErrors"
    return fill


def test_disk_names_are_freed_on_every_path(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    freed = _recording_free(ours, monkeypatch)
    made: list[int] = []
    # success, and a count beyond the array (the strings written are still all freed, none read twice)
    for ret in (None, 50):
        monkeypatch.setattr(ours, "_virDomainGetDiskErrors", _disk_errors_filling(ours, [b"vda", b"vdb"], made, None, ret))
        assert dom.diskErrors() == {"vda": 0, "vdb": 1}
        assert sorted(p for p in freed if p) == sorted(made)
        freed.clear()
        made.clear()
    # a name that is no UTF-8: replaced, as char arrays are; and freed
    monkeypatch.setattr(ours, "_virDomainGetDiskErrors", _disk_errors_filling(ours, [b"\xff"], made, None))
    assert dom.diskErrors() == {"\ufffd": 0}
    assert sorted(p for p in freed if p) == sorted(made)
    freed.clear()
    made.clear()
    # a Ctrl-C raised as the call returns
    monkeypatch.setattr(ours, "_virDomainGetDiskErrors", _disk_errors_filling(ours, [b"vda", b"vdb"], made, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        dom.diskErrors()
    assert sorted(p for p in freed if p) == sorted(made)
    freed.clear()
    made.clear()
    # a conversion failure
    monkeypatch.setattr(ours, "_virDomainGetDiskErrors", _disk_errors_filling(ours, [b"vda"], made, None))
    monkeypatch.setattr(ours, "_c_text", lambda _address: (_ for _ in ()).throw(MemoryError()))
    with pytest.raises(MemoryError):
        dom.diskErrors()
    assert sorted(p for p in freed if p) == sorted(made)


def test_no_leak(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Resident memory and malloc's bytes in use stay flat over 20,000 calls; without the frees, the disk names show."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    for call in (dom.diskErrors, lambda: mine.getCPUStats(-1), dom.memoryStats):
        growth = growth_kib(call, 2_000, 20_000)
        assert growth < 4096, f"RSS grew by {growth} KiB over 20,000 calls"
        assert malloc_growth(call, 20_000) < 64 * 1024
    monkeypatch.setattr(ours, "_free", lambda _pointer: None)  # the check itself: a leak of the names shows
    assert malloc_growth(dom.diskErrors, 20_000) > 20_000 * 4


def test_docstrings_say_what_comes_back(ours: ModuleType) -> None:
    doc = ours.virConnect.nodeGetCPUStats.__doc__ or ""
    assert ":returns: a dict {field: value} of the virNodeCPUStats structs the C function fills" in doc
    assert "free()" not in (ours.virDomain.getDiskErrors.__doc__ or "")  # the bindings free the disk names


def test_the_fields_are_freed_with_no_bytecode_between_the_frees(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (session 15): a Ctrl-C between two frees of the Python loop lost the pointer it was at and all after it.
    The frees are one chain of C iterators now: no loop in the function's bytecode, and every field of every element freed."""
    import dis

    assert not [i for i in dis.get_instructions(ours._free_fields) if i.opname == "FOR_ITER"]

    class Two(ctypes.Structure):
        _fields_ = [("a", ctypes.c_void_p), ("n", ctypes.c_int), ("b", ctypes.c_void_p)]

    array = (Two * 3)()
    pointers = _malloc_strings([b"a0", b"b0", b"a1", b"b2"])
    array[0].a, array[0].b, array[1].a, array[2].b = pointers
    freed = _recording_free(ours, monkeypatch)
    ours._free_fields(array, ("a", "b"))
    assert sorted(freed) == sorted(pointers)
    freed.clear()
    one = _malloc_strings([b"x"])
    array = (Two * 2)()
    array[1].a = one[0]
    ours._free_fields(array, ("a",))
    assert freed == one

