"""CPU maps, peeked bytes and values returned with their size on the libvirt 9.0.0 package, compared with libvirt-python 9.0.0.

The package is generated from the 9.0.0 tree by the backend and imported;
the calls run against the real ``libvirt.so.0`` and its test driver
(``test:///default``), side by side with libvirt-python where the driver
implements the function (``pinVcpu``, ``pinVcpuFlags``, ``pinEmulator``,
``vcpuPinInfo``, ``emulatorPinInfo``, ``getCPUMap``, ``schedulerType``,
``memoryPeek``); where it does not (``blockPeek``, ``pinIOThread`` of a
missing IOThread) both raise the same error.  The test driver has no
secrets: ``virSecret.value`` is checked with the C function replaced by a
stub that allocates what libvirt would.
"""

from __future__ import annotations

import array
import ctypes
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, URI, attempt, growth_kib, load_reference, malloc_growth

from generator.backends import python as backend

_libc = ctypes.CDLL(None)
_libc.malloc.restype = ctypes.c_void_p
_libc.malloc.argtypes = [ctypes.c_size_t]


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    lib = load_reference()
    lib.registerErrorHandler(lambda *_args: None, None)  # libvirt-python prints every error to stderr otherwise
    return lib


@pytest.fixture
def doms(conns: tuple[Any, Any]) -> Iterator[tuple[Any, Any]]:
    """The test domain through both bindings, its vCPU and emulator pinning put back after the test (the driver's state is shared)."""
    mine, ref = conns
    dom, ref_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    pins, emulator = ref_dom.vcpuPinInfo(), ref_dom.emulatorPinInfo()
    yield dom, ref_dom
    for vcpu, cpumap in enumerate(pins):
        ref_dom.pinVcpu(vcpu, cpumap)
    ref_dom.pinEmulator(emulator, 0)


def _methods(plan: backend.Plan) -> dict[str, backend.FunctionView]:
    return {m.c_name: m for c in plan.classes for m in c.methods}


# --- the rules, on the plan ------------------------------------------------------------


def test_the_rules_bind_each_shape(plan: backend.Plan) -> None:
    methods = _methods(plan)
    for c_name in ("virDomainPinVcpu", "virDomainPinVcpuFlags", "virDomainPinEmulator", "virDomainPinIOThread"):
        (cpumap,) = [a for a in methods[c_name].args if a.kind == "cpumap"]
        assert (cpumap.name, cpumap.annotation, cpumap.count, cpumap.most) == ("cpumap", "Sequence[bool | SupportsIndex]", "maplen", 2**31 - 1), c_name
        assert "maplen" not in [a.name for a in methods[c_name].args]
        assert "c_cpumap" in methods[c_name].call and "c_maplen" in methods[c_name].call
    assert [a.name for a in methods["virDomainPinVcpu"].args] == ["vcpu", "cpumap"]
    assert [a.name for a in methods["virDomainPinVcpuFlags"].args] == ["vcpu", "cpumap", "flags"]
    pin_info, emulator, cpu_map = methods["virDomainGetVcpuPinInfo"], methods["virDomainGetEmulatorPinInfo"], methods["virNodeGetCPUMap"]
    assert pin_info.cpumap == backend.CpumapView(
        "each", "virDomainGetVcpuPinInfo", ("c_self",), ("flags",), "virNodeGetCPUMap", "_virDomainGetConnect(c_self)", 2**31 - 1
    )
    assert emulator.cpumap is not None and emulator.cpumap.kind == "one"
    assert cpu_map.cpumap == backend.CpumapView("take", "virNodeGetCPUMap", ("c_self",), ("ctypes.byref(o_online)", "flags"))
    assert (pin_info.annotation, emulator.annotation, cpu_map.annotation) == ("list[tuple[bool, ...]]", "tuple[bool, ...]", "tuple[int, list[bool], int]")
    assert [a.name for a in pin_info.args] == [a.name for a in emulator.args] == [a.name for a in cpu_map.args] == ["flags"]
    assert (cpu_map.name, cpu_map.aliases) == ("nodeGetCPUMap", ("getCPUMap",))  # rule 10: libvirt-python's name
    peek, block = methods["virDomainMemoryPeek"], methods["virDomainBlockPeek"]
    assert peek.read == backend.ReadView("buffer", "size", (), whole=True) and block.read == backend.ReadView("buffer", "size", (), whole=True)
    assert [a.name for a in block.args] == ["disk", "offset", "size", "flags"] and [a.name for a in peek.args] == ["start", "size", "flags"]
    scheduler, secret = methods["virDomainGetSchedulerType"], methods["virSecretGetValue"]
    assert (scheduler.result, scheduler.annotation, scheduler.aliases) == ("strouts", "tuple[str, int]", ("schedulerType",))
    assert (secret.result, secret.annotation, secret.aliases, secret.restype) == ("sizedbytes", "bytes", ("value",), "ctypes.c_void_p")
    assert plan.cpumaps and plan.sized_values
    # the typed getters' counter is bound once, as the method
    assert plan.typed is not None and "virDomainGetSchedulerType" not in plan.typed.counters


def test_the_docstrings_leave_out_what_only_a_c_caller_needs(plan: backend.Plan) -> None:
    methods = _methods(plan)
    pin = methods["virDomainPinVcpuFlags"].doc
    assert "maplen" not in pin and "little-endian" not in pin and "8-bit bytes" not in pin
    assert ":param cpumap: the host CPUs it may use: a sequence of bools" in " ".join(pin.split())
    block = " ".join(methods["virDomainBlockPeek"].doc.split())
    assert "'buffer' is the return buffer" not in block and ":returns: the size bytes the C function writes into @buffer" in block
    assert "'size' may be 0 to test if the call would succeed." in block  # the rest stays
    secret = methods["virSecretGetValue"].doc
    assert "free" not in secret and ":returns: the secret value on success, as bytes (value_size of them)" in secret
    scheduler = " ".join(methods["virDomainGetSchedulerType"].doc.split())
    assert "free" not in scheduler and "can be NULL" not in scheduler and "nparams: number of scheduler parameters" in scheduler
    pin_info = " ".join(methods["virDomainGetVcpuPinInfo"].doc.split())
    assert "one bool per host CPU (as many as virNodeGetCPUMap counts)" in pin_info and "-1" not in pin_info


# --- side by side with libvirt-python ---------------------------------------------------


def test_reading_cpu_maps_gives_libvirt_pythons_values(conns: tuple[Any, Any], doms: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom, ref_dom = doms
    assert mine.getCPUMap() == ref.getCPUMap() == (8, [True, False, True, False, True, False, False, False], 3)
    assert type(mine.getCPUMap()[1]) is list
    assert dom.vcpuPinInfo() == ref_dom.vcpuPinInfo() and len(dom.vcpuPinInfo()) == 2
    assert dom.vcpuPinInfo(ours_flags := 2) == ref_dom.vcpuPinInfo(ours_flags)  # VIR_DOMAIN_AFFECT_CONFIG
    assert dom.emulatorPinInfo() == ref_dom.emulatorPinInfo()
    assert all(type(m) is tuple and len(m) == 8 for m in dom.vcpuPinInfo()) and type(dom.emulatorPinInfo()) is tuple


@pytest.mark.parametrize(
    "cpumap",
    [(True, False, True), [False, True], (1, 0, 0, 1), (False,) * 7 + (True,), (True,) * 8, (False, False, False, False, False, False, True, True)],
)
def test_pinning_gives_what_libvirt_python_pinning_gives(doms: tuple[Any, Any], cpumap: Any) -> None:
    dom, ref_dom = doms
    assert dom.pinVcpu(0, cpumap) == 0
    assert dom.pinVcpuFlags(1, cpumap, 0) == 0
    assert dom.pinEmulator(cpumap, 0) == 0
    mine = (dom.vcpuPinInfo(), dom.emulatorPinInfo())
    ref_dom.pinVcpu(0, tuple(cpumap))  # libvirt-python takes only a tuple
    ref_dom.pinVcpuFlags(1, tuple(cpumap), 0)
    ref_dom.pinEmulator(tuple(cpumap), 0)
    assert mine == (ref_dom.vcpuPinInfo(), ref_dom.emulatorPinInfo())
    expected = tuple(bool(b) for b in cpumap) + (False,) * (8 - len(cpumap))
    assert mine[0][0] == expected and mine[1] == expected


def test_the_drivers_errors_come_through_as_libvirt_pythons(ours: ModuleType, theirs: ModuleType, doms: tuple[Any, Any]) -> None:
    dom, ref_dom = doms
    assert attempt(ours, lambda: dom.pinIOThread(1, (True,), 0)) == attempt(theirs, lambda: ref_dom.pinIOThread(1, (True,), 0))
    assert attempt(ours, lambda: dom.blockPeek("vda", 0, 16)) == attempt(theirs, lambda: ref_dom.blockPeek("vda", 0, 16))
    assert attempt(ours, lambda: dom.pinVcpu(5, (True,))) == attempt(theirs, lambda: ref_dom.pinVcpu(5, (True,)))
    # no CPU at all: one zero byte here, a host-sized zero map there; the driver decides (the test driver takes it)
    assert attempt(ours, lambda: dom.pinVcpu(0, ())) == attempt(theirs, lambda: ref_dom.pinVcpu(0, ()))
    assert dom.vcpuPinInfo() == ref_dom.vcpuPinInfo()


def test_peeks_and_the_scheduler_type_give_libvirt_pythons_values(ours: ModuleType, doms: tuple[Any, Any]) -> None:
    dom, ref_dom = doms
    virtual = ours.VIR_MEMORY_VIRTUAL
    assert dom.memoryPeek(0, 16, virtual) == ref_dom.memoryPeek(0, 16, virtual) == bytes(range(16))
    assert dom.memoryPeek(3, 5, virtual) == ref_dom.memoryPeek(3, 5, virtual)
    assert dom.memoryPeek(0, 0, virtual) == ref_dom.memoryPeek(0, 0, virtual) == b""
    assert dom.schedulerType() == ref_dom.schedulerType() == ("fair", 1)


# --- the input map's conversion -----------------------------------------------------------


def _captured(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, int]]:
    seen: list[tuple[bytes, int]] = []

    def fake(_dom: Any, _vcpu: int, cpumap: bytes, maplen: int) -> int:
        seen.append((cpumap, maplen))
        return 0

    monkeypatch.setattr(ours, "_virDomainPinVcpu", fake)
    return seen


def test_the_map_is_libvirts_bit_order_up_to_the_last_cpu_set(ours: ModuleType, doms: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    dom, _ = doms
    seen = _captured(ours, monkeypatch)
    for cpumap in [(True,), (False, True), (0,) * 9 + (1,), (True,) + (False,) * 30, (False,) * 5, (), [1, 1, 1, 1, 1, 1, 1, 1, 1]]:
        dom.pinVcpu(0, cpumap)
    assert seen == [(b"\x01", 1), (b"\x02", 1), (b"\x00\x02", 2), (b"\x01", 1), (b"\x00", 1), (b"\x00", 1), (b"\xff\x01", 2)]


class _Bool:
    def __index__(self) -> int:
        return 1


def test_the_map_takes_bools_and_0_and_1_only(ours: ModuleType, doms: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    dom, _ = doms
    seen = _captured(ours, monkeypatch)
    dom.pinVcpu(0, (_Bool(),))  # __index__, as every integer argument
    assert seen == [(b"\x01", 1)]
    for bad, error in [("ab", TypeError), (b"\x01", TypeError), (bytearray(b"\x01"), TypeError), (3, TypeError), ({1: True}, TypeError)]:
        with pytest.raises(error, match="cpumap must be a sequence of bools"):
            dom.pinVcpu(0, bad)
    with pytest.raises(ValueError, match=r"cpumap\[1\] must be a bool \(or 0 or 1\), not 2"):
        dom.pinVcpu(0, (0, 2))  # a list of CPU numbers, by mistake
    with pytest.raises(TypeError, match=r"cpumap\[0\]"):
        dom.pinVcpu(0, (0.5,))
    with pytest.raises(OverflowError, match="more CPUs than a map of 2147483647 bytes holds"):
        dom.pinVcpu(0, range(2**35))  # refused before iterating
    assert len(seen) == 1  # nothing reached C


class _Longer(Sequence[bool]):
    """A sequence yielding more items than its len() says."""

    def __len__(self) -> int:
        return 1

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and index < 20:
            return True
        raise IndexError(index)


def test_bytes_of_any_kind_and_a_longer_sequence_are_refused(ours: ModuleType, doms: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (session 15): a memoryview or array.array of a bit map pinned the wrong CPUs (CPUs 0 and 16 as 0 and 2), and a
    sequence longer than its len() ended in an IndexError of the bindings' own buffer."""
    dom, _ = doms
    seen = _captured(ours, monkeypatch)
    for bad in (memoryview(b"\x01\x00\x01"), array.array("B", [1, 1])):
        with pytest.raises(TypeError, match=f"cpumap must be a sequence of bools, not {type(bad).__name__}"):
            dom.pinVcpu(0, bad)
    with pytest.raises(ValueError, match=r"cpumap yields more items than its len\(\), 1"):
        dom.pinVcpu(0, _Longer())
    assert seen == []


# --- sizes the bindings choose, closed handles, freeing ---------------------------------


def test_the_vcpu_count_grows_as_lists_do(ours: ModuleType, doms: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    dom, ref_dom = doms
    counts: list[int] = []
    real = ours._virDomainGetVcpuPinInfo

    def counting(dom_pointer: Any, count: int, *rest: Any) -> int:
        counts.append(count)
        return int(real(dom_pointer, count, *rest))

    monkeypatch.setattr(ours, "_virDomainGetVcpuPinInfo", counting)
    monkeypatch.setattr(ours, "_CPUMAPS_FIRST", 1)
    assert dom.vcpuPinInfo() == ref_dom.vcpuPinInfo()
    assert counts == [1, 2, 4]  # 1 and 2 filled: more may exist


def test_a_closed_handle_raises_libvirt_error(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, _ = conns
    dom, conn = mine.lookupByName(DOMAIN), ours.open(URI)
    dom.close()
    conn.close()
    invalid_domain = ours.VIR_ERR_INVALID_DOMAIN
    for call in (lambda: dom.vcpuPinInfo(), lambda: dom.emulatorPinInfo(), lambda: dom.pinVcpu(0, (True,)), lambda: dom.memoryPeek(0, 4, 1)):
        outcome = attempt(ours, call)
        assert outcome[:2] == ("error", invalid_domain), outcome
    assert attempt(ours, lambda: dom.schedulerType())[:2] == ("error", invalid_domain)
    assert attempt(ours, lambda: conn.getCPUMap())[:2] == ("error", ours.VIR_ERR_INVALID_CONN)


def test_the_allocated_map_is_freed_on_every_path(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    real_free = ours._free
    freed: list[int] = []
    stored: list[int] = []

    def storing(_conn: Any, where: Any, online: Any, _flags: int) -> int:
        address = _libc.malloc(1)
        ctypes.memset(address, 0b101, 1)
        stored.append(address)
        ctypes.c_void_p.from_address(ctypes.addressof(where._obj)).value = address
        ctypes.c_uint.from_address(ctypes.addressof(online._obj)).value = 2
        raise KeyboardInterrupt  # what the signal handler raises as the call returns

    def recording(pointer: int) -> None:
        freed.append(pointer)
        real_free(pointer)

    monkeypatch.setattr(ours, "_free", recording)
    monkeypatch.setattr(ours, "_virNodeGetCPUMap", storing)
    with pytest.raises(KeyboardInterrupt):
        mine.getCPUMap()
    assert freed == stored


def test_no_memory_grows_over_many_calls(ours: ModuleType, conns: tuple[Any, Any], doms: tuple[Any, Any]) -> None:
    mine, _ = conns
    dom, _ = doms
    calls = (mine.getCPUMap, dom.vcpuPinInfo, dom.emulatorPinInfo, dom.schedulerType, lambda: dom.pinVcpu(0, (True, True)), lambda: dom.memoryPeek(0, 64, 1))
    for call in calls:
        assert growth_kib(call, 500, 5_000) < 512, call
        assert malloc_growth(call, 5_000) < 128 * 1024, call


# --- the secret's value: a stub allocates what libvirt would ---------------------------------


def test_a_secrets_value_is_its_bytes_zeroed_and_freed(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    value = b"s3cr\0t\xff"
    address = _libc.malloc(len(value))
    ctypes.memmove(address, value, len(value))
    freed: list[tuple[int, bytes]] = []

    def stub(_secret: Any, size: Any, flags: int) -> int:
        assert flags == 0
        ctypes.c_size_t.from_address(ctypes.addressof(size._obj)).value = len(value)
        return int(address)

    monkeypatch.setattr(ours, "_virSecretGetValue", stub)
    def recording(pointer: int) -> None:
        freed.append((pointer, ctypes.string_at(pointer, len(value))))
        _libc.free(ctypes.c_void_p(pointer))

    monkeypatch.setattr(ours, "_free", recording)
    secret = object.__new__(ours.virSecret)
    secret._h_virSecret = 1  # the stub never reads it
    try:
        assert secret.value() == value  # NULs and all: a length, not a C string
    finally:
        secret._h_virSecret = None  # nothing to release
    assert freed == [(address, b"\0" * len(value))]


def test_a_secrets_error_is_libvirts(ours: ModuleType) -> None:
    secret = object.__new__(ours.virSecret)
    secret._h_virSecret = None  # a closed secret: libvirt's own check answers
    outcome = attempt(ours, lambda: secret.value())
    assert outcome[:2] == ("error", ours.VIR_ERR_INVALID_SECRET) and "virSecretGetValue" in str(outcome[3])
