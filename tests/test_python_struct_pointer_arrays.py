"""Arrays of struct pointers libvirt allocates, on the libvirt 9.0.0 package, compared with libvirt-python 9.0.0.

``virDomainGetFSInfo``, ``virDomainGetIOThreadInfo``,
``virDomainInterfaceAddresses`` and ``virNetworkGetDHCPLeases``
(docs/python-bindings.md, "Arrays of structs libvirt allocates").  The test
driver implements the first three; ``virNetworkGetDHCPLeases``' conversion is
tested by replacing the bound C function with one that builds the array
with malloc, as libvirt does, and so are the paths the driver never takes (a
Ctrl-C as the call returns, a conversion failure, NULL nested arrays, a CPU
map shorter than the host's CPUs).
"""

from __future__ import annotations

import ctypes
import inspect
import re
from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, attempt, growth_kib, interrupted_counting, malloc_growth

from generator.backends import python as backend
from generator.backends import python_docs

# C function -> (class.method, aliases, Python parameters, annotation, the function freeing one element)
BOUND = {
    "virDomainGetFSInfo": ("virDomain.getFSInfo", ("FSInfo", "fsInfo"), ["flags"], "list[virDomainFSInfo]", "virDomainFSInfoFree"),
    "virDomainGetIOThreadInfo": (
        "virDomain.getIOThreadInfo", ("IOThreadInfo", "ioThreadInfo"), ["flags"], "list[virDomainIOThreadInfo]", "virDomainIOThreadInfoFree",
    ),
    "virDomainInterfaceAddresses": (
        "virDomain.interfaceAddresses", (), ["source", "flags"], "list[virDomainInterface]", "virDomainInterfaceFree",
    ),
    "virNetworkGetDHCPLeases": (
        "virNetwork.getDHCPLeases", ("DHCPLeases",), ["mac", "flags"], "list[virNetworkDHCPLease]", "virNetworkDHCPLeaseFree",
    ),
}  # fmt: skip
# struct -> sizeof, {field: offsetof}: what a C program compiled against the 9.0.0 headers prints
C_LAYOUT = {
    "virDomainFSInfo": (40, {"ndevAlias": 24, "devAlias": 32}),
    "virDomainIOThreadInfo": (24, {"cpumap": 8, "cpumaplen": 16}),
    "virDomainInterface": (32, {"naddrs": 16, "addrs": 24}),
    "virDomainIPAddress": (24, {"addr": 8, "prefix": 16}),
    "virNetworkDHCPLease": (72, {"expirytime": 8, "type": 16, "prefix": 48, "clientid": 64}),
}
LIBC = ctypes.CDLL(None)
LIBC.malloc.restype = ctypes.c_void_p
LIBC.malloc.argtypes = [ctypes.c_size_t]
LIBC.calloc.restype = ctypes.c_void_p
LIBC.calloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]


# --- the shapes, by rule ---------------------------------------------------------------------------


def test_the_rules_bind_the_arrays(plan: backend.Plan) -> None:
    methods = {m.c_name: (c.name, m) for c in plan.classes for m in c.methods}
    for c_name, (python, aliases, params, annotation, release) in BOUND.items():
        owner, method = methods[c_name]
        assert (f"{owner}.{method.name}", method.aliases) == (python, aliases), c_name
        assert [a.name for a in method.args] == params, c_name
        assert (method.annotation, method.result) == (annotation, "taken"), c_name
        assert method.taken is not None and method.taken.release == release, c_name
        # the C-only advice (the C example, freeing each element and the array) is left out
        assert "free(" not in method.doc and release not in method.doc and "caller is responsible" not in method.doc and "must* free" not in method.doc, c_name
    # the Free functions are used by the bindings, no methods, and counted so
    assert plan.element_releases == tuple(sorted([*(r for *_, r in BOUND.values()), "virDomainStatsRecordListFree"]))  # and the records' list free
    skipped = {s.function for s in plan.skipped}
    assert not skipped & (set(BOUND) | set(plan.element_releases))
    numbers = backend.coverage(plan)
    assert (numbers.bound, numbers.runtime, numbers.skipped) == (453, 37, 26)
    fs = methods["virDomainGetFSInfo"][1].taken
    io = methods["virDomainGetIOThreadInfo"][1].taken
    ifaces = methods["virDomainInterfaceAddresses"][1].taken
    assert fs is not None and io is not None and ifaces is not None
    # count + array pairs become lists, the count no field of the tuple; a CPU map and its length a list of bools
    assert [(f.name, f.kind, f.python) for f in fs.struct.tuple_fields] == [
        ("mountpoint", "value", "str | None"), ("name", "value", "str | None"), ("fstype", "value", "str | None"),
        ("devAlias", "strings", "list[str]"),
    ]  # fmt: skip
    assert [(f.name, f.kind, f.python) for f in io.struct.tuple_fields] == [("iothread_id", "value", "int"), ("cpumap", "cpumap", "list[bool]")]
    assert (io.counter, io.connection) == ("virNodeGetCPUMap", "_virDomainGetConnect(c_self)")
    assert [(f.name, f.python) for f in ifaces.struct.tuple_fields][2:] == [("addrs", "list[virDomainIPAddress]")]
    assert [s.name for s in ifaces.struct.elements] == ["virDomainIPAddress"]


def test_the_ctypes_structs_have_cs_layout(ours: ModuleType) -> None:
    for name, (size, offsets) in C_LAYOUT.items():
        structure = getattr(ours, f"_c_{name}")
        assert ctypes.sizeof(structure) == size, name
        assert {field: getattr(structure, field).offset for field in offsets} == offsets, name


# --- against libvirt-python on test:///default ---------------------------------------------------------


def test_results_match_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom, ref_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    found = dom.fsInfo()
    assert found == ref_dom.fsInfo() and found  # NamedTuples are tuples: equal to libvirt-python's
    assert (found[0].mountpoint, found[0].devAlias) == ("/", ["vda"])
    for source in range(3):
        interfaces = dom.interfaceAddresses(source)
        expected = ref_dom.interfaceAddresses(source)
        assert {i.name: {"hwaddr": i.hwaddr, "addrs": [a._asdict() for a in i.addrs]} for i in interfaces} == expected
    assert attempt(ours, lambda: dom.interfaceAddresses(3)) == attempt(theirs, lambda: ref_dom.interfaceAddresses(3))
    assert dom.ioThreadInfo() == ref_dom.ioThreadInfo() == []
    dom.addIOThread(3, 0)
    try:
        dom.pinIOThread(3, (True, False, True))
        assert dom.ioThreadInfo() == ref_dom.ioThreadInfo() == [(3, [True, False, True, False, False, False, False, False])]
        assert dom.ioThreadInfo()[0].cpumap == [True, False, True, False, False, False, False, False]
    finally:
        dom.delIOThread(3, 0)
    # the test driver has no DHCP leases: both raise the same error
    net, ref_net = mine.networkLookupByName("default"), ref.networkLookupByName("default")
    mine_error = attempt(ours, net.DHCPLeases)
    assert mine_error[0] == "error" and mine_error == attempt(theirs, ref_net.DHCPLeases)


def test_closed_handles_raise(ours: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    net = mine.networkLookupByName("default")
    dom.close()
    net.close()
    for call in (dom.fsInfo, dom.ioThreadInfo, lambda: dom.interfaceAddresses(0), net.DHCPLeases):
        with pytest.raises(ours.libvirtError):
            call()


# --- fakes: conversion and freeing ------------------------------------------------------------------------


def _string(value: bytes | None) -> int | None:
    if value is None:
        return None
    pointer = LIBC.malloc(len(value) + 1)
    ctypes.memmove(pointer, value + b"\0", len(value) + 1)
    return int(pointer)


LEASES = [
    (b"virbr0", 1700000000, 0, b"52:54:00:00:00:01", None, b"192.168.122.10", 24, b"guest1", b"01:52:54:00:00:00:01"),
    (b"virbr0", 0, 1, b"52:54:00:00:00:02", b"7", b"fd00::2", 64, None, b"\xff-duid"),
]


def _leases(ours: ModuleType, made: list[int]) -> int:
    """A malloc'ed array of malloc'ed virNetworkDHCPLease structs with malloc'ed strings (libvirt's g_new0/g_strdup are malloc)."""
    array = LIBC.calloc(len(LEASES) + 1, ctypes.sizeof(ctypes.c_void_p))
    for index, lease in enumerate(LEASES):
        struct = LIBC.calloc(1, ctypes.sizeof(ours._c_virNetworkDHCPLease))
        value = ours._c_virNetworkDHCPLease.from_address(struct)
        for name, item in zip(("iface", "expirytime", "type", "mac", "iaid", "ipaddr", "prefix", "hostname", "clientid"), lease, strict=True):
            setattr(value, name, _string(item) if isinstance(item, bytes | None) else item)
        ctypes.c_void_p.from_address(array + index * ctypes.sizeof(ctypes.c_void_p)).value = struct
        made.append(struct)
    return int(array)


def _recording(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, release: str) -> tuple[list[int], list[int]]:
    """Record what the bindings release (the element function, then free()), and release it for real."""
    released: list[int] = []
    freed: list[int] = []
    real_release, real_free = getattr(ours, f"_{release}"), ours._free
    monkeypatch.setattr(ours, f"_{release}", lambda pointer: (released.append(pointer), real_release(pointer)))
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(pointer) if pointer else None, real_free(pointer)))
    return released, freed


def _fake_leases(ours: ModuleType, made: list[int], arrays: list[int], then: BaseException | None = None) -> Any:
    def leases(_net: Any, mac: bytes | None, where: Any, _flags: int) -> int:
        arrays.append(_leases(ours, made))
        # called through ctypes (a CFUNCTYPE) it gets the address as an int, else the byref() object
        ctypes.c_void_p.from_address(where if isinstance(where, int) else ctypes.addressof(where._obj)).value = arrays[-1]
        if then is not None:
            raise then
        return len(LEASES)

    leases.__name__ = "virNetworkGetDHCPLeases"
    return leases


def test_leases_are_converted_and_freed(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    net = mine.networkLookupByName("default")
    released, freed = _recording(ours, monkeypatch, "virNetworkDHCPLeaseFree")
    made: list[int] = []
    arrays: list[int] = []
    # a C function (ctypes calls it through the counting copy), not only a Python replacement
    fake = _fake_leases(ours, made, arrays)
    c_fake = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_uint)(fake)
    monkeypatch.setattr(ours, "_virNetworkGetDHCPLeases", c_fake)
    leases = net.DHCPLeases()
    assert [lease._asdict() for lease in leases] == [
        {"iface": "virbr0", "expirytime": 1700000000, "type": 0, "mac": "52:54:00:00:00:01", "iaid": None, "ipaddr": "192.168.122.10",
         "prefix": 24, "hostname": "guest1", "clientid": "01:52:54:00:00:00:01"},
        {"iface": "virbr0", "expirytime": 0, "type": 1, "mac": "52:54:00:00:00:02", "iaid": "7", "ipaddr": "fd00::2",
         "prefix": 64, "hostname": None, "clientid": "\ufffd-duid"},
    ]  # fmt: skip
    assert (released, freed) == (made, arrays)
    assert type(leases[0]).__name__ == "virNetworkDHCPLease" and leases[0].mac == "52:54:00:00:00:01"


def test_everything_is_freed_on_every_path(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    net = mine.networkLookupByName("default")
    released, freed = _recording(ours, monkeypatch, "virNetworkDHCPLeaseFree")
    made: list[int] = []
    arrays: list[int] = []
    # a Ctrl-C raised as the call returns: ctypes stored the count (restype) before it
    real_counting = ours._counting
    monkeypatch.setattr(ours, "_virNetworkGetDHCPLeases", _fake_leases(ours, made, arrays))
    monkeypatch.setattr(ours, "_counting", interrupted_counting(real_counting))
    with pytest.raises(KeyboardInterrupt):
        net.DHCPLeases()
    assert (released, freed) == (made, arrays) and len(made) == 2
    monkeypatch.setattr(ours, "_counting", real_counting)
    released.clear(), freed.clear(), made.clear(), arrays.clear()
    # a conversion failure
    monkeypatch.setattr(ours, "_c_text", lambda _address: (_ for _ in ()).throw(MemoryError()))
    with pytest.raises(MemoryError):
        net.DHCPLeases()
    assert (released, freed) == (made, arrays) and len(made) == 2


def test_a_ctrl_c_as_the_element_frees_return_still_frees_the_array(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (session 15): a Ctrl-C raised as the C-level loop of element frees returned skipped free() of the array
    (~250 bytes per interrupt).  The last element's release raising stands for it."""
    mine, _ = conns
    net = mine.networkLookupByName("default")
    made: list[int] = []
    arrays: list[int] = []
    freed: list[int] = []
    real_release, real_free = ours._virNetworkDHCPLeaseFree, ours._free

    def release(pointer: int) -> None:
        real_release(pointer)
        if pointer == made[-1]:
            raise KeyboardInterrupt

    monkeypatch.setattr(ours, "_virNetworkDHCPLeaseFree", release)
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(pointer) if pointer else None, real_free(pointer)))
    monkeypatch.setattr(ours, "_virNetworkGetDHCPLeases", _fake_leases(ours, made, arrays))
    with pytest.raises(KeyboardInterrupt):
        net.DHCPLeases()
    assert len(made) == 2 and freed == arrays


def test_nested_arrays_are_read_within_their_counts(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A NULL nested array is empty whatever its count; a CPU map shorter than the host's CPUs is read only
    as far as its length (the rest False); an IP address array is converted element by element."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)

    def one(struct_type: Any, fill: Any) -> Any:
        def call(_dom: Any, where: Any, *_rest: Any) -> int:
            array = LIBC.calloc(1, ctypes.sizeof(ctypes.c_void_p))
            struct = LIBC.calloc(1, ctypes.sizeof(struct_type))
            fill(struct_type.from_address(struct))
            ctypes.c_void_p.from_address(array).value = struct
            ctypes.c_void_p.from_address(ctypes.addressof(where._obj)).value = array
            return 1

        return call

    def fs(value: Any) -> None:
        value.mountpoint, value.ndevAlias, value.devAlias = _string(b"/"), 3, None

    monkeypatch.setattr(ours, "_virDomainGetFSInfo", one(ours._c_virDomainFSInfo, fs))
    monkeypatch.setattr(ours, "_virDomainFSInfoFree", lambda pointer: ours._free(pointer))  # the strings leak: a handful of bytes
    assert dom.fsInfo() == [("/", None, None, [])]

    def io(value: Any) -> None:
        cpumap = LIBC.malloc(1)
        ctypes.memset(cpumap, 0b101, 1)
        value.iothread_id, value.cpumap, value.cpumaplen = 7, cpumap, 1

    monkeypatch.setattr(ours, "_virDomainGetIOThreadInfo", one(ours._c_virDomainIOThreadInfo, io))
    monkeypatch.setattr(ours, "_virDomainIOThreadInfoFree", ours._virDomainIOThreadInfoFree)  # the real one: frees the map too
    monkeypatch.setattr(ours, "_host_cpus", lambda *_args: 20)  # more CPUs than the map's 8 bits
    assert dom.ioThreadInfo() == [(7, [True, False, True] + [False] * 17)]

    def iface(value: Any) -> None:
        addrs = LIBC.calloc(2, ctypes.sizeof(ours._c_virDomainIPAddress))
        for index, (kind, addr, prefix) in enumerate([(0, b"10.0.0.1", 8), (1, b"::1", 128)]):
            item = ours._c_virDomainIPAddress.from_address(addrs + index * ctypes.sizeof(ours._c_virDomainIPAddress))
            item.type, item.addr, item.prefix = kind, _string(addr), prefix
        value.name, value.hwaddr, value.naddrs, value.addrs = _string(b"eth0"), _string(b"52:54:00:aa:bb:cc"), 2, addrs

    monkeypatch.setattr(ours, "_virDomainInterfaceAddresses", one(ours._c_virDomainInterface, iface))
    result = dom.interfaceAddresses(0)
    assert result == [("eth0", "52:54:00:aa:bb:cc", [(0, "10.0.0.1", 8), (1, "::1", 128)])]
    assert type(result[0].addrs[0]).__name__ == "virDomainIPAddress"


def test_no_leak(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Resident memory and malloc's bytes in use stay flat over 20,000 calls; without the element frees, the structs show."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    for call in (dom.fsInfo, lambda: dom.interfaceAddresses(0), dom.ioThreadInfo):
        growth = growth_kib(call, 2_000, 20_000)
        assert growth < 4096, f"RSS grew by {growth} KiB over 20,000 calls"
        assert malloc_growth(call, 20_000) < 64 * 1024
    monkeypatch.setattr(ours, "_virDomainFSInfoFree", lambda _pointer: None)  # the check itself: a leak of the structs shows
    assert malloc_growth(dom.fsInfo, 20_000) > 1024 * 1024


def test_docstrings_say_nothing_of_the_c_arrays_memory(ours: ModuleType) -> None:
    """QA (session 15): "Return a pointer to the allocated array", "an extra allocated element set to NULL",
    "or NULL if the list is not required (just returns number of leases)", a CPU map "in 8-bit bytes"."""
    docs = {
        "interfaceAddresses": ours.virDomain.interfaceAddresses.__doc__,
        "getDHCPLeases": ours.virNetwork.getDHCPLeases.__doc__,
        "getFSInfo": ours.virDomain.getFSInfo.__doc__,
        "getIOThreadInfo": ours.virDomain.getIOThreadInfo.__doc__,
    }
    for name, doc in docs.items():
        assert not re.search(r"allocat|\bNULL[- ]terminated|set to NULL|or NULL if|as the return value|number of leases", doc), name
    for name in ("getFSInfo", "getIOThreadInfo"):
        assert not re.search(r"\bNULL\b", docs[name]), name
    assert "If @source is VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE" in docs["interfaceAddresses"]  # the rest stays
    field = ours.virDomainIOThreadInfo.__doc__
    assert "8-bit bytes" not in field and "cpumap (list[bool]): CPU map for thread. One bool per host CPU" in field


def test_docstrings_keep_what_a_field_may_hold(plan: backend.Plan, ours: ModuleType) -> None:
    """QA: every sentence naming NULL went with the array's memory, so getDHCPLeases() lost libvirt's lists of what a
    DHCPv4 and a DHCPv6 lease hold ("IAID (NULL)", "Hostname (can be NULL)": what a field holds, not C memory), and
    interfaceAddresses() "@ifaces->name and @ifaces->hwaddr are never NULL".  The C-only advice still goes.  A field
    given as None says None ("Hostname (can be None)": test_python_docstring_none_descriptions)."""
    methods = {m.c_name: m for c in plan.classes for m in c.methods}
    leases = methods["virNetworkGetDHCPLeases"].doc
    rendered = inspect.getdoc(ours.virNetwork.getDHCPLeases) or ""  # the package's: the plan's, long lines wrapped
    assert rendered.split("\n\n")[:3] == leases.split("\n\n")[:3]
    assert leases.startswith(
        "For DHCPv4, the information returned:\n- Network Interface Name\n- Expiry Time\n- MAC address\n- IAID (None)\n"
        "- IPv4 address (with type and prefix)\n- Hostname (can be None)\n- Client ID (can be None)\n\n"
        "For DHCPv6, the information returned:\n- Network Interface Name\n- Expiry Time\n- MAC address\n"
        "- IAID (can be None, only in rare cases)\n- IPv6 address (with type and prefix)\n- Hostname (can be None)\n- Client DUID\n\n"
        "Note: @mac, @iaid, @ipaddr, @clientid are in ASCII form, not raw bytes."
    )
    for gone in (
        "extra allocated element set to NULL", "not included in the return count", "virNetworkDHCPLeaseFree", "free()",
        "Example of usage", "virNetworkDHCPLeasePtr *leases", "or NULL if the list is not required", "just returns number of leases",
    ):  # fmt: skip
        assert gone not in leases, gone
    addresses = methods["virDomainInterfaceAddresses"].doc
    assert "\n\n@ifaces->name and @ifaces->hwaddr are never NULL.\n\n:param source:" in addresses
    for gone in ("dynamically allocates", "returned as the return value", "*must* free", "virDomainInterfaceFree", "ifaces_count"):
        assert gone not in addresses, gone
    # the rule on its own: an array's NULL end and its allocation go, a field's NULL stays
    kept = python_docs.without_freeing_advice(
        "The array is NULL-terminated. The name is never NULL.\n\nThe list is terminated by a NULL. It holds:\n- a host (can be NULL)"
        "\n\nThe array is allocated by the API.", "virThingFree",
    )
    assert kept == "The name is never NULL.\n\nIt holds:\n- a host (can be NULL)"
