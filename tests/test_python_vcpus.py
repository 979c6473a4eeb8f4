"""``virDomainGetVcpus`` and ``virDomainGetSecurityLabelList`` on the libvirt 9.0.0 package, compared with libvirt-python 9.0.0.

``vcpus()``: an array of structs the bindings size with a CPU map per element
beside it (docs/python-bindings.md, "Arrays of structs the caller sizes").
``securityLabelList()``: an array of structs (not of pointers) libvirt
allocates and the caller frees with free() ("Arrays of structs libvirt
allocates").  The test driver implements the first; for the second it
raises VIR_ERR_NO_SUPPORT, as for libvirt-python, so the conversion and the
freeing are tested by replacing the bound C function with one that builds
the array with calloc, as libvirt's g_new0 does.
"""

from __future__ import annotations

import ctypes
import re
from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, attempt, growth_kib, malloc_growth, malloc_in_use

from generator.backends import python as backend

LIBC = ctypes.CDLL(None)
LIBC.calloc.restype = ctypes.c_void_p
LIBC.calloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
LABELS = [(b"system_u:system_r:svirt_t:s0:c1,c2", 1), (b"", 0)]


def _without_times(vcpus: tuple[list[Any], list[Any]]) -> tuple[list[Any], list[Any]]:
    """vcpus() with each cpuTime left out: the test driver's grows between two calls."""
    infos, maps = vcpus
    return [(number, state, cpu) for number, state, _time, cpu in infos], maps


# --- the shapes, by rule ---------------------------------------------------------------------------


def test_the_rules_bind_both(plan: backend.Plan) -> None:
    methods = {m.c_name: (c.name, m) for c in plan.classes for m in c.methods}
    owner, vcpus = methods["virDomainGetVcpus"]
    assert (owner, vcpus.name, vcpus.aliases, vcpus.args) == ("virDomain", "getVcpus", ("vcpus",), ())
    assert (vcpus.annotation, vcpus.result) == ("tuple[list[virVcpuInfo], list[tuple[bool, ...]]]", "structs")
    assert vcpus.structs is not None and vcpus.cpumap is None
    assert (vcpus.structs.param, vcpus.structs.count, vcpus.structs.cpumaps, vcpus.structs.first) == ("info", "maxinfo", "cpumaps", False)
    assert (vcpus.structs.counter, vcpus.structs.connection, vcpus.structs.runtime) == (
        "virNodeGetCPUMap", "_virDomainGetConnect(c_self)", "_structs_fill_cpumaps",
    )  # fmt: skip
    owner, labels = methods["virDomainGetSecurityLabelList"]
    assert (owner, labels.name, labels.aliases, labels.args) == ("virDomain", "getSecurityLabelList", ("securityLabelList",), ())
    assert (labels.annotation, labels.result) == ("list[virSecurityLabel]", "taken")
    assert labels.taken is not None and (labels.taken.flat, labels.taken.release, labels.taken.runtime) == (True, "free()", "_structs_take_flat")
    # the NamedTuple getSecurityLabel() returns, written once
    assert [s.name for s in plan.filled_structs].count("virSecurityLabel") == 1
    skipped = {s.function for s in plan.skipped}
    assert not skipped & {"virDomainGetVcpus", "virDomainGetSecurityLabelList"}
    # free() is no function of the library the bindings count as used
    assert plan.element_releases == (
        "virDomainFSInfoFree", "virDomainIOThreadInfoFree", "virDomainInterfaceFree", "virDomainStatsRecordListFree", "virNetworkDHCPLeaseFree",
    )  # fmt: skip
    numbers = backend.coverage(plan)
    assert (numbers.bound, numbers.runtime, numbers.skipped) == (453, 37, 26)
    reasons = dict(numbers.reasons)
    assert (reasons["struct pointer parameter"], reasons["array parameter"]) == (3, 2)  # virConnectOpenAuth, virNodeGetCellsFreeMemory bound in session 21


def test_docstrings_say_nothing_of_the_c_memory(ours: ModuleType) -> None:
    vcpus, labels = ours.virDomain.getVcpus.__doc__, ours.virDomain.getSecurityLabelList.__doc__
    for doc in (vcpus, labels):
        assert not re.search(r"allocat|\bNULL\b|\bfree\b|calloc|maplen|\(OUT\)", doc), doc
    assert "Extract information about virtual CPUs of domain.  This call may fail" in vcpus
    assert "one bool per host CPU (as many as virNodeGetCPUMap counts)" in vcpus
    assert "a list of virSecurityLabel, one per struct the C function stores in @seclabels (C: will be filled with domains' security labels)" in labels


# --- against libvirt-python on test:///default ---------------------------------------------------------


def test_vcpus_match_libvirt_python(ours: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom, ref_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    cpus = ref.getCPUMap()[0]
    found = dom.vcpus()
    assert _without_times(found) == _without_times(ref_dom.vcpus())
    assert len(found[0]) == 2 and all(len(cpumap) == cpus for cpumap in found[1])
    assert type(found[0][0]) is ours.virVcpuInfo and found[0][0].number == 0 and found[0][1].number == 1
    assert found[0][0].cpuTime > 0 and isinstance(found[1][0], tuple)
    dom.pinVcpu(0, (True, False, True))
    try:
        pinned = dom.vcpus()
        assert _without_times(pinned) == _without_times(ref_dom.vcpus())
        assert pinned[1][0] == (True, False, True) + (False,) * (cpus - 3) and pinned[1][1] == (True,) * cpus
        assert pinned[0][0].cpu == 2  # the test driver's answer for vcpu 0 once pinned to CPUs 0 and 2 (libvirt-python's too)
    finally:
        dom.pinVcpu(0, (True,) * cpus)  # the driver's state is the process's: back as it was
    # pinned back to every CPU: the maps are as before (the driver's cpu answer is its own: 7, not the first 15)
    assert _without_times(dom.vcpus()) == _without_times(ref_dom.vcpus()) and dom.vcpus()[1] == found[1]


def test_errors_match_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom, ref_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    # the test driver has no security label list: both raise the same VIR_ERR_NO_SUPPORT
    error = attempt(ours, dom.securityLabelList)
    assert error[:3] == ("error", ours.VIR_ERR_NO_SUPPORT, ours.VIR_FROM_DOMAIN) and error == attempt(theirs, ref_dom.securityLabelList)
    # an inactive domain: the same error as libvirt-python's
    xml = ref_dom.XMLDesc().replace(f"<name>{DOMAIN}</name>", "<name>vcpus-inactive</name>")
    mine.defineXML(xml.replace(ref_dom.UUIDString(), "5ea1c7e5-0000-4000-8000-00000000cafe"))
    try:
        inactive, ref_inactive = mine.lookupByName("vcpus-inactive"), ref.lookupByName("vcpus-inactive")
        error = attempt(ours, inactive.vcpus)
        assert error[0] == "error" and error == attempt(theirs, ref_inactive.vcpus)
    finally:
        mine.lookupByName("vcpus-inactive").undefine()


def test_closed_handles_raise(ours: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    dom.close()
    for call in (dom.vcpus, dom.securityLabelList):
        with pytest.raises(ours.libvirtError):
            call()


# --- fakes: sizing, conversion and freeing ------------------------------------------------------------------


def test_vcpus_sizes_the_array_and_the_maps(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The maps are one per element, each as long as the host's CPU count needs; the array doubles while all
    are filled; a count C returns past the array is not trusted."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    calls: list[tuple[int, int]] = []

    def vcpus(returned: int) -> Any:
        def call(_dom: Any, info: Any, maxinfo: int, cpumaps: Any, maplen: int) -> int:
            calls.append((maxinfo, maplen))
            assert ctypes.sizeof(cpumaps) == maxinfo * maplen and len(info) == maxinfo
            for item in range(min(returned, maxinfo)):
                info[item].number, info[item].state, info[item].cpuTime, info[item].cpu = item, 1, 1000 + item, item % 20
                cpumaps[item * maplen + 2] = 1 << (item % 4)  # CPU 16 + item % 4
            return returned if returned > maxinfo else min(returned, maxinfo)

        call.__name__ = "virDomainGetVcpus"
        return call

    monkeypatch.setattr(ours, "_host_cpus", lambda *_args: 20)  # 3 bytes a map
    monkeypatch.setattr(ours, "_virDomainGetVcpus", vcpus(100))
    infos, maps = dom.vcpus()
    assert calls == [(64, 3), (128, 3)] and len(infos) == len(maps) == 100
    assert infos[99] == (99, 1, 1099, 19) and type(infos[99]) is ours.virVcpuInfo
    assert maps[5] == tuple(cpu == 17 for cpu in range(20))
    calls.clear()
    monkeypatch.setattr(ours, "_virDomainGetVcpus", vcpus(1000))  # claims more than it was given
    monkeypatch.setattr(ours, "_NAMES_FIRST", 4)
    infos, maps = ours._structs_fill_cpumaps(vcpus(1000), (None,), (), ours._c_virVcpuInfo, 6, (), ours._struct_list(ours._virVcpuInfo_value), 20)
    assert calls == [(4, 3), (6, 3)] and len(infos) == len(maps) == 6


def test_vcpus_ctrl_c_and_errors(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C as the call returns, or an error, leaves nothing behind: the array and the maps are the bindings'
    ctypes memory (nothing of libvirt's to free: virVcpuInfo has no pointer), and the next call works."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    expected = _without_times(dom.vcpus())
    real = ours._virDomainGetVcpus

    def interrupted(*args: Any) -> int:
        real(*args)
        raise KeyboardInterrupt

    interrupted.__name__ = "virDomainGetVcpus"
    monkeypatch.setattr(ours, "_virDomainGetVcpus", interrupted)
    with pytest.raises(KeyboardInterrupt):
        dom.vcpus()
    monkeypatch.setattr(ours, "_virDomainGetVcpus", real)
    assert _without_times(dom.vcpus()) == expected
    before = malloc_in_use()
    for _ in range(2_000):
        monkeypatch.setattr(ours, "_virDomainGetVcpus", interrupted)
        with pytest.raises(KeyboardInterrupt):
            dom.vcpus()
    assert malloc_in_use() - before < 64 * 1024


def _fake_labels(arrays: list[int], labels: list[tuple[bytes, int]] = LABELS, then: BaseException | None = None) -> Any:
    """virDomainGetSecurityLabelList as libvirt does it: a calloc'ed array of structs stored through the pointer, its count returned."""
    size = ctypes.sizeof(ctypes.c_char * 4097) + ctypes.sizeof(ctypes.c_int)

    def call(_dom: Any, where: Any) -> int:
        array = LIBC.calloc(len(labels), size) if labels else None
        for index, (label, enforcing) in enumerate(labels):
            ctypes.memmove(array + index * size, label, len(label))
            ctypes.c_int.from_address(array + index * size + 4100).value = enforcing
        # called through ctypes (a CFUNCTYPE) it gets the address as an int, else the byref() object
        ctypes.c_void_p.from_address(where if isinstance(where, int) else ctypes.addressof(where._obj)).value = array
        if array:
            arrays.append(array)
        if then is not None:
            raise then
        return len(labels)

    call.__name__ = "virDomainGetSecurityLabelList"
    return call


def _recording_free(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    freed: list[int] = []
    real_free = ours._free
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(pointer) if pointer else None, real_free(pointer)))
    return freed


def test_security_labels_are_converted_and_freed(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    assert ctypes.sizeof(ours._c_virSecurityLabel) == 4104 and ours._c_virSecurityLabel.enforcing.offset == 4100  # C's, 9.0.0 headers
    freed = _recording_free(ours, monkeypatch)
    arrays: list[int] = []
    # a C function, not only a Python replacement
    c_fake = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(_fake_labels(arrays))
    monkeypatch.setattr(ours, "_virDomainGetSecurityLabelList", c_fake)
    labels = dom.securityLabelList()
    assert labels == [("system_u:system_r:svirt_t:s0:c1,c2", 1), ("", 0)] and freed == arrays and len(arrays) == 1
    assert type(labels[0]) is ours.virSecurityLabel and labels[0].label.startswith("system_u")
    # libvirt-python's value, [[label, enforcing], ...], is a list() of each
    assert [list(label) for label in labels] == [["system_u:system_r:svirt_t:s0:c1,c2", 1], ["", 0]]
    # no labels: NULL and 0 (libvirt's "No seclabels")
    freed.clear(), arrays.clear()
    monkeypatch.setattr(ours, "_virDomainGetSecurityLabelList", _fake_labels(arrays, []))
    assert dom.securityLabelList() == [] and freed == arrays == []


def test_security_labels_are_freed_on_every_path(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    freed = _recording_free(ours, monkeypatch)
    arrays: list[int] = []
    # a Ctrl-C raised as the call returns: the array stored through our pointer is freed
    monkeypatch.setattr(ours, "_virDomainGetSecurityLabelList", _fake_labels(arrays, then=KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        dom.securityLabelList()
    assert freed == arrays and len(arrays) == 1
    # a conversion failure
    freed.clear(), arrays.clear()
    monkeypatch.setattr(ours, "_virDomainGetSecurityLabelList", _fake_labels(arrays))
    monkeypatch.setattr(ours, "_virSecurityLabel_value", lambda _value: (_ for _ in ()).throw(MemoryError()))
    with pytest.raises(MemoryError):
        dom.securityLabelList()
    assert freed == arrays and len(arrays) == 1
    # an error (the real driver's): nothing stored, nothing freed
    monkeypatch.undo()
    freed = _recording_free(ours, monkeypatch)
    with pytest.raises(ours.libvirtError):
        dom.securityLabelList()
    assert freed == []


def test_no_leak(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Resident memory and malloc's bytes in use stay flat over 20,000 calls; without free(), the arrays show."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    arrays: list[int] = []

    def labels() -> object:
        arrays.clear()
        return dom.securityLabelList()

    def error() -> object:
        return attempt(ours, dom.securityLabelList)

    for call in (dom.vcpus, error):
        growth = growth_kib(call, 2_000, 20_000)
        assert growth < 4096, f"RSS grew by {growth} KiB over 20,000 calls"
    monkeypatch.setattr(ours, "_virDomainGetSecurityLabelList", _fake_labels(arrays))
    for call in (dom.vcpus, labels):
        assert malloc_growth(call, 20_000) < 64 * 1024
    monkeypatch.setattr(ours, "_free", lambda _pointer: None)  # the check itself: a leak of the arrays shows
    assert malloc_growth(labels, 2_000) > 2_000 * 8192


def test_a_struct_without_char_arrays_does_not_say_how_they_are_read(ours: ModuleType) -> None:
    """QA (session 15): virVcpuInfo's docstring explained char arrays it does not have."""
    # its description (given back by virVcpuState's enum, session 35) comes first, then the fields' heading
    assert "\n\n    Fields, in C's order:\n" in ours.virVcpuInfo.__doc__
    assert "char array" not in ours.virVcpuInfo.__doc__
    assert "Fields, in C's order (a char array is its text before the NUL, decoded as UTF-8):" in ours.virSecurityLabel.__doc__
