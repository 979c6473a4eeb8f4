"""Array parameters on the libvirt 9.0.0 package: lists of names and ids filled into an array the bindings size,
input sequences with their count, and string arrays libvirt allocates, compared with libvirt-python 9.0.0.

The package is generated from the 9.0.0 tree by the backend and imported;
every call runs against the real ``libvirt.so.0`` and its test driver
(``test:///default``), and both bindings share the driver's state in this
process (one ``libvirt.so.0``): what one defines the other lists.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO
from python_support import DOMAIN, URI, attempt, clear_checkpoints, growth_kib, load_reference, malloc_growth, whole_tree_package, whole_tree_plan

from generator.backends import python as backend
from generator.frontend import load_tree

TREE = REPO / ".cache" / "libvirt-9.0.0"
# C function -> (Python name, parameters, annotation), the shapes the rules give on 9.0.0 (docs/python-bindings.md)
NAME_LISTS = {
    "virConnectListDefinedDomains": "listDefinedDomains", "virConnectListDefinedInterfaces": "listDefinedInterfaces",
    "virConnectListDefinedNetworks": "listDefinedNetworks", "virConnectListDefinedStoragePools": "listDefinedStoragePools",
    "virConnectListInterfaces": "listInterfaces", "virConnectListNWFilters": "listNWFilters", "virConnectListNetworks": "listNetworks",
    "virConnectListSecrets": "listSecrets", "virConnectListStoragePools": "listStoragePools", "virStoragePoolListVolumes": "listVolumes",
    "virNodeListDevices": "nodeListDevices", "virNodeDeviceListCaps": "listCaps", "virDomainSnapshotListNames": "snapshotListNames",
    "virDomainSnapshotListChildrenNames": "listChildrenNames",
}  # fmt: skip
TAKEN = {"virConnectGetCPUModelNames", "virDomainAuthorizedSSHKeysGet", "virDomainGetMessages"}
INPUTS = {
    "virConnectBaselineCPU": ("xmlCPUs", "strs", "ncpus", False), "virConnectBaselineHypervisorCPU": ("xmlCPUs", "strs", "ncpus", False),
    "virDomainFSFreeze": ("mountpoints", "strs", "nmountpoints", True), "virDomainFSThaw": ("mountpoints", "strs", "nmountpoints", True),
    "virDomainAuthorizedSSHKeysSet": ("keys", "strs", "nkeys", True), "virDomainSendKey": ("keycodes", "ints", "nkeycodes", False),
    "virDomainCreateWithFiles": ("files", "ints", "nfiles", False), "virDomainCreateXMLWithFiles": ("files", "ints", "nfiles", False),
    "virDomainFDAssociate": ("fds", "ints", "nfds", False),
}  # fmt: skip
DOMAINS = [f"arrays-{i}" for i in range(5)]


def domain_xml(name: str) -> str:
    return f"<domain type='test'><name>{name}</name><memory>8192</memory><os><type>hvm</type></os></domain>"


@pytest.fixture(scope="module")
def plan() -> backend.Plan:
    return whole_tree_plan()


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("arrays"), "libvirt_ctypes_arrays")


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    return load_reference()


@pytest.fixture
def conns(ours: ModuleType, theirs: ModuleType) -> Iterator[tuple[Any, Any]]:
    """A connection through each binding, with DOMAINS defined (inactive); undefined afterwards."""
    mine, ref = ours.open(URI), theirs.open(URI)
    defined = [ref.defineXML(domain_xml(name)) for name in DOMAINS]
    yield mine, ref
    for dom in defined:
        dom.undefine()
    mine.close()
    ref.close()


def methods(plan: backend.Plan) -> dict[str, backend.FunctionView]:
    return {m.c_name: m for c in plan.classes for m in c.methods}


# --- the shapes, by rule -----------------------------------------------------------------------------


def test_the_rules_bind_the_array_shapes(plan: backend.Plan) -> None:
    views = methods(plan)
    for c_name, name in NAME_LISTS.items():
        view = views[c_name]
        assert (view.name, view.annotation, view.array and view.array.kind, view.array and view.array.strings) == (name, "list[str]", "fill", True)
        assert all(a.kind not in ("strs", "ints") for a in view.args), c_name  # neither the array nor its size is a parameter
    ids = views["virConnectListDomains"]
    assert ids.array is not None and (ids.annotation, ids.args) == ("list[int]", ())
    assert (ids.array.kind, ids.array.element, ids.array.most) == ("fill", "ctypes.c_int", 2**31 - 1)
    assert ids.aliases == ("listDomainsID",)
    assert [(a.name, a.kind, a.default) for a in views["virNodeListDevices"].args] == [("cap", "optstr", "None"), ("flags", "flags", "0")]
    assert views["virNodeListDevices"].aliases == ("listDevices",)
    for c_name in TAKEN:
        taken = views[c_name].array
        assert taken is not None and (taken.kind, taken.strings, views[c_name].annotation) == ("take", True, "list[str]")
    for c_name, (array, kind, count, nullable) in INPUTS.items():
        (arg,) = [a for a in views[c_name].args if a.kind in ("strs", "ints")]
        assert (arg.name, arg.kind, arg.count, arg.nullable) == (array, kind, count, nullable), c_name
        assert arg.annotation == ("Sequence[str]" if kind == "strs" else "Sequence[SupportsIndex]") + (" | None" if nullable else "")
    keycodes = next(a for a in views["virDomainSendKey"].args if a.kind == "ints")
    assert (keycodes.element, keycodes.low, keycodes.high) == ("ctypes.c_uint", 0, 2**32 - 1)
    assert [(a.name, a.default) for a in views["virDomainFSFreeze"].args] == [("mountpoints", "None"), ("flags", "0")]
    assert [(a.name, a.default) for a in views["virDomainAuthorizedSSHKeysSet"].args] == [("user", None), ("keys", "None"), ("flags", "0")]
    assert views["virDomainFSFreeze"].aliases == ("fsFreeze",) and views["virDomainFSThaw"].aliases == ("fsThaw",)
    skipped = {s.function: s.reason for s in plan.skipped}
    # one count for two arrays, an output array sized by the caller per cell: still skipped
    assert skipped["virNodeAllocPages"] == "array parameter (unsigned int * pageSizes)"
    assert "virNodeGetCellsFreeMemory" not in skipped  # an index after the array, then its maximum: test_python_cells_free_memory.py
    assert skipped["virNodeGetFreePages"] == "array parameter (unsigned int * pages)"
    assert "Sequence" in backend.render(load_tree(TREE).api)[f"{backend.PACKAGE}/__init__.py"].split("\n\n\n")[0]


def test_the_sample_package_has_no_array_runtime(plan: backend.Plan) -> None:
    """generated/ (the sample) binds no array function: its module has neither the helpers nor the import."""
    text = (REPO / "generated" / "python" / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert "_array_fill" not in text and "Sequence" not in text
    assert plan.arrays


# --- lists, against libvirt-python -------------------------------------------------------------------


def test_lists_match_libvirt_python(conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    pool, their_pool = mine.storagePoolLookupByName("default-pool"), ref.storagePoolLookupByName("default-pool")
    volume = their_pool.createXML("<volume><name>arrays.img</name><capacity>1024</capacity></volume>", 0)
    network = ref.networkDefineXML("<network><name>arrays-net</name><bridge name='arraysbr0'/></network>")
    try:
        pairs: list[tuple[Callable[[], Any], Callable[[], Any]]] = [
            (mine.listDefinedDomains, ref.listDefinedDomains),
            (mine.listDomainsID, ref.listDomainsID),
            (mine.listNetworks, ref.listNetworks),
            (mine.listDefinedNetworks, ref.listDefinedNetworks),
            (mine.listStoragePools, ref.listStoragePools),
            (mine.listDefinedStoragePools, ref.listDefinedStoragePools),
            (pool.listVolumes, their_pool.listVolumes),
            (mine.listInterfaces, ref.listInterfaces),
            (mine.listDefinedInterfaces, ref.listDefinedInterfaces),
            (lambda: mine.listDevices(None), lambda: ref.listDevices(None)),
            (lambda: mine.listDevices("scsi_host"), lambda: ref.listDevices("scsi_host")),
            (lambda: mine.nodeDeviceLookupByName("computer").listCaps(), lambda: ref.nodeDeviceLookupByName("computer").listCaps()),
            (lambda: mine.getCPUModelNames("x86_64"), lambda: ref.getCPUModelNames("x86_64")),
            (lambda: mine.lookupByName(DOMAIN).getMessages(), lambda: ref.lookupByName(DOMAIN).messages()),
        ]
        for mine_call, their_call in pairs:
            got, expected = mine_call(), their_call()
            assert sorted(got) == sorted(expected) and all(type(x) is type(y) for x, y in zip(got, expected, strict=True))
        assert set(DOMAINS) <= set(mine.listDefinedDomains())
        assert mine.listDomainsID() == [1] and mine.listDomains() == [1]
        assert "arrays-net" in mine.listDefinedNetworks() and "arrays.img" in pool.listVolumes()
        assert len(mine.getCPUModelNames("x86_64")) > 10
    finally:
        volume.delete(0)
        network.undefine()


def test_snapshot_names_match_libvirt_python(ours: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom, their_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    clear_checkpoints(ours, dom)  # the test driver refuses a snapshot while another test's checkpoint exists
    made = [their_dom.snapshotCreateXML(f"<domainsnapshot><name>arrays-s{i}</name></domainsnapshot>", 0) for i in range(3)]
    try:
        assert sorted(dom.snapshotListNames()) == sorted(their_dom.snapshotListNames()) == ["arrays-s0", "arrays-s1", "arrays-s2"]
        roots = 1  # VIR_DOMAIN_SNAPSHOT_LIST_ROOTS
        assert dom.snapshotListNames(roots) == their_dom.snapshotListNames(roots) == ["arrays-s0"]
        first, their_first = dom.snapshotLookupByName("arrays-s0"), their_dom.snapshotLookupByName("arrays-s0")
        assert first.listChildrenNames() == their_first.listChildrenNames() == ["arrays-s1"]
        descendants = 1  # VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS
        assert sorted(first.listChildrenNames(descendants)) == sorted(their_first.listChildrenNames(descendants)) == ["arrays-s1", "arrays-s2"]
    finally:
        for snap in reversed(made):
            snap.delete(0)


def test_unsupported_lists_raise_as_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    """The test driver has no secrets or NW filters: the same error, down to the message, which names the
    NumOf function both call first (ours named the List function before lists were counted first)."""
    mine, ref = conns
    for name in ("listSecrets", "listNWFilters"):
        got, expected = attempt(ours, getattr(mine, name)), attempt(theirs, getattr(ref, name))
        assert got == expected and got[:2] == ("error", 3), name
        assert "virConnectNumOf" in str(got[3])
    dom, their_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    assert attempt(ours, lambda: dom.authorizedSSHKeysGet("root")) == attempt(theirs, lambda: their_dom.authorizedSSHKeysGet("root"))
    assert attempt(ours, lambda: dom.authorizedSSHKeysSet("root", ["k"])) == attempt(theirs, lambda: their_dom.authorizedSSHKeysSet("root", ["k"]))


def test_errors_match_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    mine, ref = ours.open(URI), theirs.open(URI)
    dom, their_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    bad = 1 << 30
    assert attempt(ours, lambda: mine.listDevices(None, bad))[:3] == attempt(theirs, lambda: ref.listDevices(None, bad))[:3]  # message: List, not NumOf
    assert attempt(ours, lambda: dom.snapshotListNames(bad))[:2] == attempt(theirs, lambda: their_dom.snapshotListNames(bad))[:2] == ("error", 8)
    assert attempt(ours, lambda: mine.getCPUModelNames("no-such-arch")) == attempt(theirs, lambda: ref.getCPUModelNames("no-such-arch"))
    assert attempt(ours, lambda: mine.baselineCPU(["<cpu/>"])) == attempt(theirs, lambda: ref.baselineCPU(["<cpu/>"]))
    dom.close()
    their_dom = ref.lookupByName(DOMAIN)
    mine.close()
    ref.close()
    for name in ("listDefinedDomains", "listDomainsID", "listNetworks"):
        got, expected = attempt(ours, getattr(mine, name)), attempt(theirs, getattr(ref, name))
        assert got[0] == expected[0] == "error" and got[1] == expected[1], (name, got, expected)
    assert attempt(ours, dom.snapshotListNames)[:2] == ("error", 7)  # closed: invalid domain, not a crash


# --- sizing: the retry when the array comes back full ------------------------------------------------


def _recording(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, c_name: str) -> tuple[list[int], list[tuple[str, int]]]:
    """Record the size each C call was given, and in order each string pointer it returned and each pointer ``_free`` freed."""
    real, real_free = getattr(ours, "_" + c_name), ours._free
    sizes: list[int] = []
    events: list[tuple[str, int]] = []

    def call(*args: Any) -> int:
        count: int = real(*args)
        array, size = args[-2], args[-1]
        sizes.append(size)
        events.extend(("returned", p) for p in array[: max(count, 0)] if p)
        return count

    def free(pointer: Any) -> None:
        if pointer:
            events.append(("freed", pointer))
        real_free(pointer)

    call.__name__ = c_name
    monkeypatch.setattr(ours, "_" + c_name, call)
    monkeypatch.setattr(ours, "_free", free)
    return sizes, events


def _each_freed_once(events: list[tuple[str, int]]) -> bool:
    """Every pointer returned is freed once, before the next call (malloc may hand the same address out again)."""
    live: set[int] = set()
    for what, pointer in events:
        if what == "returned":
            if pointer in live:
                return False
            live.add(pointer)
        elif pointer not in live:
            return False
        else:
            live.remove(pointer)
    return not live


def test_a_full_array_is_freed_and_asked_again_twice_as_large(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The retry covers a count gone stale between the counting call and the list (here: a counter saying 1)."""
    mine, ref = conns
    expected = sorted(ref.listDefinedDomains())
    assert len(expected) >= 5
    monkeypatch.setattr(ours, "_NAMES_FIRST", 1)
    monkeypatch.setattr(ours, "_virConnectNumOfDefinedDomains", lambda *_: 1)
    monkeypatch.setattr(ours, "_virConnectNumOfDomains", lambda *_: 1)
    sizes, events = _recording(ours, monkeypatch, "virConnectListDefinedDomains")
    assert sorted(mine.listDefinedDomains()) == expected
    doublings = [2, 4, 8, 16, 32, 64]  # the first size above the count of 1, then doubled while filled
    assert sizes == doublings[: len(sizes)] and sizes[-1] > len(expected) >= sizes[-2]
    assert _each_freed_once(events)  # the full rounds' strings too, before the next call
    assert sum(what == "returned" for what, _ in events) == sum(min(len(expected), s) for s in sizes)
    monkeypatch.setattr(ours, "_NAMES_FIRST", 64)
    sizes.clear()
    assert sorted(mine.listDefinedDomains()) == expected and sizes == [64]  # one call when the first array is large enough
    monkeypatch.setattr(ours, "_NAMES_FIRST", 1)
    assert sorted(mine.listDomainsID()) == sorted(ref.listDomainsID())  # integers: nothing to free, same sizing


def _malloc_strings(values: list[bytes]) -> list[int]:
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    pointers = []
    for value in values:
        pointer = libc.malloc(len(value) + 1)
        ctypes.memmove(pointer, value + b"\0", len(value) + 1)
        pointers.append(pointer)
    return pointers


def test_strings_are_freed_when_decoding_fails(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that is no UTF-8 raises UnicodeDecodeError, as libvirt-python; every string (and a taken array) is freed first."""
    mine = ours.open(URI)
    freed: list[int] = []
    real_free = ours._free

    def free(pointer: Any) -> None:
        freed.append(pointer)
        real_free(pointer)

    monkeypatch.setattr(ours, "_free", free)
    made: list[int] = []

    def fill(_conn: Any, array: Any, size: int) -> int:
        pointers = _malloc_strings([b"ok", b"\xff\xfe", b"also-ok"])
        made.extend(pointers)
        array[:3] = pointers
        return 3

    fill.__name__ = "virConnectListDefinedDomains"
    monkeypatch.setattr(ours, "_virConnectListDefinedDomains", fill)
    monkeypatch.setattr(ours, "_virConnectNumOfDefinedDomains", lambda *_: 3)  # none defined: a count of 0 lists nothing
    with pytest.raises(UnicodeDecodeError):
        mine.listDefinedDomains()
    assert sorted(p for p in freed if p) == sorted(made)
    freed.clear()
    made.clear()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p

    def take(_conn: Any, _arch: bytes, out: Any, _flags: int) -> int:
        pointers = _malloc_strings([b"x", b"\xff"])
        array = libc.malloc(3 * ctypes.sizeof(ctypes.c_void_p))
        (ctypes.c_void_p * 3).from_address(array)[:] = [*pointers, None]
        made.extend([*pointers, array])
        out._obj.value = array
        return 2

    take.__name__ = "virConnectGetCPUModelNames"
    monkeypatch.setattr(ours, "_virConnectGetCPUModelNames", take)
    with pytest.raises(UnicodeDecodeError):
        mine.getCPUModelNames("x86_64")
    assert sorted(p for p in freed if p) == sorted(made)  # both strings, then the array
    monkeypatch.undo()
    mine.close()


def test_lists_do_not_leak(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Resident memory stays flat over 20,000 calls; and so does what malloc has handed out, which sees a leak RSS
    does not: the heap keeps megabytes freed while the 20,000-line module was compiled, which leaked names reuse
    (5 names a call not freed: +3.2 MB in use, +0 KiB resident)."""
    mine, _ = conns
    for call in (mine.listDefinedDomains, lambda: mine.getCPUModelNames("x86_64")):
        growth = growth_kib(call, 2_000, 20_000)
        assert growth < 4096, f"RSS grew by {growth} KiB over 20,000 calls"
        assert malloc_growth(call, 20_000) < 64 * 1024
    monkeypatch.setattr(ours, "_free", lambda _pointer: None)  # the check itself: a leak of the names shows
    assert malloc_growth(mine.listDefinedDomains, 20_000) > 20_000 * len(DOMAINS) * 16


# --- input arrays ----------------------------------------------------------------------------------


def test_input_arrays_match_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    mine, ref = ours.open(URI), theirs.open(URI)
    dom, their_dom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    try:
        assert dom.sendKey(0, 10, [30, 31]) == their_dom.sendKey(0, 10, [30, 31], 2) == 0
        assert dom.sendKey(0, 10, (30,)) == 0
        many = [30] * 17  # over VIR_DOMAIN_SEND_KEY_MAX_KEYS: libvirt's own error, the same
        assert attempt(ours, lambda: dom.sendKey(0, 10, many)) == attempt(theirs, lambda: their_dom.sendKey(0, 10, many, len(many)))
        assert attempt(ours, lambda: dom.sendKey(0, 10, [])) == attempt(theirs, lambda: their_dom.sendKey(0, 10, [], 0))
        # freeze through one binding, thaw through the other: the driver's state is shared
        assert dom.fsFreeze(["/"]) == 1
        assert their_dom.fsThaw(["/"]) == 1
        assert their_dom.fsFreeze(["/", "/boot"]) == 2
        assert dom.FSThaw(["/", "/boot"]) == 2
        assert dom.fsFreeze() == their_dom.fsThaw() == 2  # None: every filesystem
        assert dom.fsThaw(None) == 0 == their_dom.fsThaw(None)
        assert attempt(ours, lambda: dom.fsFreeze(["/nope"])) == attempt(theirs, lambda: their_dom.fsFreeze(["/nope"]))
        assert attempt(ours, lambda: dom.createWithFiles([])) == attempt(theirs, lambda: their_dom.createWithFiles([]))
        assert attempt(ours, lambda: dom.FDAssociate("g", [0])) == attempt(theirs, lambda: their_dom.FDAssociate("g", [0]))
        xml = "<cpu><arch>x86_64</arch><model>pentium</model></cpu>"
        assert mine.baselineCPU([xml, xml]) == ref.baselineCPU([xml, xml])
        assert "pentium" in mine.baselineCPU((xml,))
    finally:
        mine.close()
        ref.close()


class Index:
    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_bad_elements_raise_before_the_call(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = ours.open(URI)
    dom = mine.lookupByName(DOMAIN)
    calls: list[tuple[Any, ...]] = []

    def record(*args: Any) -> int:
        calls.append(args)
        return 0

    for c_name in ("virDomainSendKey", "virDomainFSFreeze", "virDomainCreateWithFiles"):
        monkeypatch.setattr(ours, "_" + c_name, record)
    with pytest.raises(TypeError, match=r"keycodes\[1\] must be int, not str"):
        dom.sendKey(0, 10, [30, "31"])
    with pytest.raises(TypeError, match=r"keycodes\[0\] must be int, not float"):
        dom.sendKey(0, 10, [1.0])
    with pytest.raises(OverflowError, match=r"keycodes\[0\]=4294967296 is outside the C type's range 0\.\.4294967295"):
        dom.sendKey(0, 10, [2**32])
    with pytest.raises(OverflowError, match=r"keycodes\[0\]=-1"):
        dom.sendKey(0, 10, [-1])
    with pytest.raises(OverflowError, match=r"files\[0\]=2147483648"):
        dom.createWithFiles([2**31])
    with pytest.raises(TypeError, match="keycodes must be a sequence of int, not NoneType"):
        dom.sendKey(0, 10, None)
    with pytest.raises(TypeError, match="mountpoints must be a sequence of str, or None, not str"):
        dom.fsFreeze("/")  # a str is one mount point, not a sequence of them
    with pytest.raises(TypeError, match="mountpoints must be a sequence of str, or None, not set"):
        dom.fsFreeze({"/"})
    with pytest.raises(TypeError, match=r"mountpoints\[1\] must be str, not bytes"):
        dom.fsFreeze(["/", b"/boot"])
    with pytest.raises(ValueError, match=r"mountpoints\[0\] must not contain NUL characters"):
        dom.fsFreeze(["/\0x"])
    assert calls == []
    # what reaches C: the array, its length as the count; __index__ objects as ints; None as NULL and 0
    assert dom.sendKey(0, 10, [Index(30), True]) == 0
    _, codeset, holdtime, keycodes, count, flags = calls[-1]
    assert (codeset, holdtime, list(keycodes), count, flags) == (0, 10, [30, 1], 2, 0)
    dom.fsFreeze(["/", "/boot"])
    _, mountpoints, count, _ = calls[-1]
    assert ([mountpoints[i] for i in range(3)], count) == ([b"/", b"/boot", None], 2)  # a NULL after the last
    dom.fsFreeze()
    assert calls[-1][1:3] == (None, 0)
    monkeypatch.undo()
    mine.close()


# --- QA: a closed handle libvirt reads unchecked, lying sequences, C-only advice ---


def test_fd_associate_on_a_closed_domain_raises_libvirts_check_error(ours: ModuleType) -> None:
    """libvirt 9.0.0's virDomainFDAssociate starts with domain->conn, unchecked: the process died (SIGSEGV)."""
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dom.close()
    try:
        with pytest.raises(ours.libvirtError) as raised:
            dom.FDAssociate("group", [0])
    finally:
        conn.close()
    message = "invalid domain pointer in %s"
    assert raised.value.err == (
        ours.VIR_ERR_INVALID_DOMAIN, ours.VIR_FROM_DOM, message % "virDomainFDAssociate", ours.VIR_ERR_ERROR, message, "virDomainFDAssociate",
        None, -1, -1,
    )


class _ClaimsThree(list):  # type: ignore[type-arg]
    """A sequence whose len() says more than it yields (a list another thread shrinks between the two)."""

    def __len__(self) -> int:
        return 3


def test_an_input_arrays_count_is_what_was_converted(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count was len(): fsFreeze passed NULLs as strings (SIGSEGV), sendKey two unchecked zeros."""
    strings, count = ours._c_strings(_ClaimsThree(["/"]), "mountpoints", True, 2**31 - 1)
    assert count == 1 and [strings[0], strings[1]] == [b"/", None]
    ints, count = ours._c_ints(_ClaimsThree([30]), "keycodes", False, 2**31 - 1, ctypes.c_uint, 0, 2**32 - 1)
    assert count == 1 and list(ints) == [30]
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(ours, "_virDomainSendKey", lambda *args: sent.append((list(args[3][: args[4]]), args[4])) or 0)
    assert dom.sendKey(0, 10, _ClaimsThree([30])) == 0
    assert sent == [([30], 1)]
    conn.close()


def test_output_array_docstrings_drop_c_only_advice(ours: ModuleType) -> None:
    """The binding frees the array and takes no size: the C docs' advice about both is left out."""
    keys, messages, snapshots = (ours.virDomain.authorizedSSHKeysGet.__doc__, ours.virDomain.getMessages.__doc__, ours.virDomain.snapshotListNames.__doc__)
    assert "responsible for freeing" not in keys and "responsible for freeing" not in messages
    # nor where C stores them, nor that array's memory (tests/test_python_docstring_output_arrays.py)
    assert "@keys" not in keys.split(":returns:")[0] and "allocated upon successful return" not in " ".join(messages.split())
    # nor where C stores the names (session 15: the method has no such array, tests/test_python_array_docs.py)
    assert "@nameslen" not in snapshots and "@names" not in snapshots.split(":returns:")[0]
    assert snapshots.startswith("Collect the list of domain snapshots for the given domain.")
    assert "VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL" in snapshots  # the rest stays


# --- QA: a Ctrl-C raised as the C call returns (Python runs signal handlers right after a C call) ---


def test_an_interrupt_as_a_list_call_returns_frees_what_it_wrote(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The names libvirt wrote into our array were lost with the return value (12 MB over 10,000 interrupts)."""
    mine, _ = conns
    written = _malloc_strings([b"a", b"b"])
    freed: list[int] = []
    real_free = ours._free

    def interrupted(*args: Any) -> int:
        array = args[-2]
        array[0], array[1] = written
        raise KeyboardInterrupt  # what the signal handler raises as the call returns

    monkeypatch.setattr(ours, "_virConnectListDefinedDomains", interrupted)
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(pointer) if pointer else None, real_free(pointer)))
    with pytest.raises(KeyboardInterrupt):
        mine.listDefinedDomains()
    assert sorted(p for p in freed if p) == sorted(written)


def test_an_interrupt_as_an_allocating_call_returns_frees_the_array(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The NULL-terminated array libvirt stored, and its strings, are freed too."""
    mine, _ = conns
    strings = _malloc_strings([b"x86", b"qemu64"])
    array = _malloc_strings([b"\0" * (3 * ctypes.sizeof(ctypes.c_void_p))])[0]
    (ctypes.c_void_p * 3).from_address(array)[:] = [*strings, None]
    freed: list[int] = []
    real_free = ours._free

    def interrupted(*args: Any) -> int:
        ctypes.c_void_p.from_address(ctypes.addressof(args[-2]._obj)).value = array
        raise KeyboardInterrupt

    monkeypatch.setattr(ours, "_virConnectGetCPUModelNames", interrupted)
    monkeypatch.setattr(ours, "_free", lambda pointer: (freed.append(pointer) if pointer else None, real_free(pointer)))
    with pytest.raises(KeyboardInterrupt):
        mine.getCPUModelNames("x86_64")
    assert sorted(p for p in freed if p) == sorted([*strings, array])
