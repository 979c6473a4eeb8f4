"""Structs the caller's memory receives (``dom.info()``, ``conn.nodeGetInfo()``, ...) on the libvirt 9.0.0 package.

The package is generated from the 9.0.0 tree by the backend and imported;
every call runs against the real ``libvirt.so.0`` and its test driver
(``test:///default``) and is compared with libvirt-python 9.0.0 on the same
calls.  Both bindings share the driver's state in this process.  Each method
returns a ``typing.NamedTuple`` named after the C struct; libvirt-python
returns a list (a tuple for ``blockStats``/``interfaceStats``), so values are
compared as ``list(ours) == list(theirs)``.
"""

from __future__ import annotations

import ctypes
import inspect
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from python_support import (
    DOMAIN,
    URI,
    attempt,
    extended_sample,
    growth_kib,
    import_file,
    load_reference,
    mypy_errors,
    whole_tree_package,
    whole_tree_plan,
)

from generator.backends import python as backend
from generator.frontend import load_tree

VENV_BIN = Path(sys.executable).parent
POOL = "default-pool"
VOLUME = "<volume><name>structs.img</name><capacity>1048576</capacity></volume>"

# C function -> (our method, the NamedTuple, its fields)
BOUND = {
    "virDomainGetInfo": ("virDomain.getInfo", "virDomainInfo", ("state", "maxMem", "memory", "nrVirtCpu", "cpuTime")),
    "virNodeGetInfo": ("virConnect.nodeGetInfo", "virNodeInfo", ("model", "memory", "cpus", "mhz", "nodes", "sockets", "cores", "threads")),
    "virStoragePoolGetInfo": ("virStoragePool.getInfo", "virStoragePoolInfo", ("state", "capacity", "allocation", "available")),
    "virStorageVolGetInfo": ("virStorageVol.getInfo", "virStorageVolInfo", ("type", "capacity", "allocation")),
    "virStorageVolGetInfoFlags": ("virStorageVol.getInfoFlags", "virStorageVolInfo", ("type", "capacity", "allocation")),
    "virDomainGetBlockInfo": ("virDomain.getBlockInfo", "virDomainBlockInfo", ("capacity", "allocation", "physical")),
    "virDomainGetJobInfo": ("virDomain.getJobInfo", "virDomainJobInfo", (
        "type", "timeElapsed", "timeRemaining", "dataTotal", "dataProcessed", "dataRemaining",
        "memTotal", "memProcessed", "memRemaining", "fileTotal", "fileProcessed", "fileRemaining",
    )),
    "virDomainGetControlInfo": ("virDomain.getControlInfo", "virDomainControlInfo", ("state", "details", "stateTime")),
    "virDomainBlockStats": ("virDomain.blockStats", "virDomainBlockStatsStruct", ("rd_req", "rd_bytes", "wr_req", "wr_bytes", "errs")),
    "virDomainInterfaceStats": ("virDomain.interfaceStats", "virDomainInterfaceStatsStruct", (
        "rx_bytes", "rx_packets", "rx_errs", "rx_drop", "tx_bytes", "tx_packets", "tx_errs", "tx_drop",
    )),
    "virNodeGetSecurityModel": ("virConnect.nodeGetSecurityModel", "virSecurityModel", ("model", "doi")),
    "virDomainGetSecurityLabel": ("virDomain.getSecurityLabel", "virSecurityLabel", ("label", "enforcing")),
}  # fmt: skip


@pytest.fixture(scope="module")
def plan() -> backend.Plan:
    return whole_tree_plan()


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("structs"), "libvirt_ctypes_structs")


@pytest.fixture(scope="module")
def package(ours: ModuleType) -> Path:
    """The folder the package was rendered into (mypy reads it there)."""
    assert ours.__file__ is not None
    return Path(ours.__file__).parent.parent


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    return load_reference()


@pytest.fixture
def both(ours: ModuleType, theirs: ModuleType) -> Iterator[tuple[Any, Any]]:
    """A connection through each binding."""
    conns = [lib.open(URI) for lib in (ours, theirs)]
    yield conns[0], conns[1]
    for conn in conns:
        conn.close()


# --- what is bound, by rule ----------------------------------------------------------------------


def test_the_filled_struct_functions_are_bound_with_a_named_tuple(plan: backend.Plan) -> None:
    methods = {m.c_name: (cls.name, m) for cls in plan.classes for m in cls.methods}
    for c_name, (python, struct, _) in BOUND.items():
        owner, method = methods[c_name]
        assert f"{owner}.{method.name}" == python, c_name
        assert method.annotation == struct, c_name
        assert [o.kind for o in method.outs] == ["struct"], c_name
        assert not any(a.name in ("info", "stats", "secmodel", "seclabel", "size") for a in method.args), c_name
    arrays = {m.structs.struct.name for c in plan.classes for m in c.methods if m.structs is not None}  # test_python_struct_arrays.py
    # and the structs libvirt allocates, with their elements' (test_python_struct_pointer_arrays.py)
    # (an array of the structs themselves, securityLabelList's, shares getSecurityLabel's NamedTuple: test_python_vcpus.py)
    arrays |= {s.name for c in plan.classes for m in c.methods if m.taken is not None and not m.taken.flat for s in (m.taken.struct, *m.taken.struct.elements)}
    # and the one a function fills or not, saying which by its return: a dict, as libvirt-python's (test_python_block_job.py)
    arrays |= {m.outs[0].ctype for c in plan.classes for m in c.methods if m.result == "found"}
    assert {s.name: tuple(f.name for f in s.fields) for s in plan.filled_structs if s.name not in arrays} == {s: f for _, s, f in BOUND.values()}
    # the size of the struct is ctypes.sizeof, never a Python parameter
    assert methods["virDomainBlockStats"][1].call == ("c_self", "c_disk", "o_stats", "ctypes.sizeof(o_stats)")
    assert methods["virDomainBlockStats"][1].argtypes[2] == "ctypes.POINTER(_c_virDomainBlockStatsStruct)"
    assert [a.name for a in methods["virDomainBlockStats"][1].args] == ["disk"]
    assert [a.name for a in methods["virDomainGetBlockInfo"][1].args] == ["disk", "flags"]


def test_coverage_figures(plan: backend.Plan) -> None:
    numbers = backend.coverage(plan)
    # 398 and 91 before (the arrays): 12 bound here, 2 more by the stream reads, 5 by the event registrations
    assert (numbers.bound, numbers.runtime, numbers.skipped) == (453, 37, 26)
    # 16 before the arrays of structs (test_python_struct_arrays.py), 12 before those libvirt allocates (their 4 Free functions)
    # virDomainGetVcpus bound (test_python_vcpus.py), virDomainGetBlockJobInfo too, virConnectOpenAuth (test_python_open_auth.py)
    # and virDefaultErrorFunc, virFreeError counted as used by the runtime (test_python_coverage_accounting.py)
    assert dict(numbers.reasons)["struct pointer parameter"] == 3


def test_inputs_arrays_and_other_shapes_stay_skipped_with_their_reason(plan: backend.Plan) -> None:
    skipped = {s.function: s.reason for s in plan.skipped}
    assert "virDomainGetVcpus" not in skipped  # its cpumaps beside the array are read with it (test_python_vcpus.py)
    assert "virDomainGetBlockJobInfo" not in skipped  # its return says whether it filled the struct (test_python_block_job.py)
    # a struct holding pointers (memory the caller frees), or an input: unchanged, as in the sample's COVERAGE.md
    assert skipped["virCopyLastError"] == "struct pointer parameter (virErrorPtr to)"
    assert "virConnectOpenAuth" not in skipped  # its credentials struct, by its shape (test_python_open_auth.py)
    assert skipped["virResetError"] == "struct pointer parameter (virErrorPtr err)"
    # virDomainFSInfoFree and its kind are used by the bindings now (test_python_struct_pointer_arrays.py)
    assert "virDomainFSInfoFree" not in skipped and "virDomainFSInfoFree" in plan.element_releases


def test_the_layout_comes_from_the_model(ours: ModuleType) -> None:
    def layout(name: str) -> list[tuple[str, Any]]:
        return list(getattr(ours, f"_c_{name}")._fields_)

    assert layout("virDomainInfo") == [
        ("state", ctypes.c_ubyte), ("maxMem", ctypes.c_ulong), ("memory", ctypes.c_ulong),
        ("nrVirtCpu", ctypes.c_ushort), ("cpuTime", ctypes.c_ulonglong),
    ]  # fmt: skip
    assert ctypes.sizeof(ctypes.c_ulong) == ctypes.sizeof(ctypes.c_void_p)  # C's unsigned long is the platform's (LP64 here)
    # char arrays sized by their macros' values (VIR_SECURITY_LABEL_BUFLEN is (4096 + 1)) or a number
    assert layout("virSecurityLabel") == [("label", ctypes.c_char * 4097), ("enforcing", ctypes.c_int)]
    assert layout("virSecurityModel") == [("model", ctypes.c_char * 257), ("doi", ctypes.c_char * 257)]
    assert layout("virNodeInfo")[0] == ("model", ctypes.c_char * 32)
    assert layout("virDomainBlockStatsStruct")[0] == ("rd_req", ctypes.c_longlong)  # signed: -1 means "not supported"
    assert layout("virDomainControlInfo")[2] == ("stateTime", ctypes.c_ulonglong)
    assert typing.get_type_hints(ours.virDomainInfo) == dict.fromkeys(BOUND["virDomainGetInfo"][2], int)
    assert typing.get_type_hints(ours.virSecurityLabel) == {"label": str, "enforcing": int}
    assert ours.virDomainInfo._fields == BOUND["virDomainGetInfo"][2]
    assert "C struct: virDomainInfo" in (ours.virDomainInfo.__doc__ or "")


# --- against libvirt-python ----------------------------------------------------------------------


def test_dom_info_matches_libvirt_python(both: tuple[Any, Any], ours: ModuleType) -> None:
    mine, ref = (conn.lookupByName(DOMAIN) for conn in both)
    before = ref.info()
    info = mine.info()
    after = ref.info()
    assert isinstance(info, ours.virDomainInfo) and isinstance(info, tuple)
    assert mine.info is not None and type(mine).info is type(mine).getInfo
    state, maxmem, memory, ncpu, cputime = info  # unpacks as libvirt-python's list
    assert [state, maxmem, memory, ncpu] == before[:4] == after[:4] == [1, 8388608, 2097152, 2]
    assert (info.state, info.maxMem, info.memory, info.nrVirtCpu, info.cpuTime) == tuple(info)
    assert before[4] <= cputime <= after[4]  # the test driver's CPU time is the clock's
    assert info[0] == info.state and info[-1] == info.cpuTime
    assert all(type(value) is int for value in info)


def test_each_bound_call_matches_libvirt_python(both: tuple[Any, Any], ours: ModuleType) -> None:
    conn, ref_conn = both
    mine, ref = conn.lookupByName(DOMAIN), ref_conn.lookupByName(DOMAIN)
    same = [
        (mine.blockInfo("vda"), ref.blockInfo("vda")),
        (mine.getBlockInfo("vda", 0), ref.blockInfo("vda", 0)),
        (mine.controlInfo(), ref.controlInfo()),
        (mine.securityLabel(), ref.securityLabel()),  # enforcing: 1 here, True there (1 == True)
        (conn.nodeGetSecurityModel(), ref_conn.getSecurityModel()),
        (conn.getSecurityModel(), ref_conn.getSecurityModel()),  # naming rule 10's alias
        (conn.storagePoolLookupByName(POOL).info(), ref_conn.storagePoolLookupByName(POOL).info()),
    ]
    for got, expected in same:
        assert list(got) == list(expected)
    assert conn.getSecurityModel() == ours.virSecurityModel("testSecurity", "")
    assert mine.securityLabel() == ours.virSecurityLabel("libvirt-test", 1)
    # the node: every field libvirt-python's, but the memory, which it gives in MiB (the struct's >> 10)
    node, their_node = conn.nodeGetInfo(), ref_conn.getInfo()
    assert node.model == their_node[0] == "i686"
    assert node.memory == 3145728 and node.memory >> 10 == their_node[1] == 3072
    assert list(node[2:]) == their_node[2:]
    assert not hasattr(conn, "getInfo")  # no alias: it would give KiB where libvirt-python's gives MiB


def test_stats_match_libvirt_python(both: tuple[Any, Any]) -> None:
    """The test driver's block and interface stats are the clock's: ours lies between two of libvirt-python's, field by field."""
    mine, ref = (conn.lookupByName(DOMAIN) for conn in both)
    for call, args in (("blockStats", ("vda",)), ("interfaceStats", ("testnet0",))):
        before = getattr(ref, call)(*args)
        got = getattr(mine, call)(*args)
        after = getattr(ref, call)(*args)
        assert isinstance(before, tuple) and len(got) == len(before)
        assert all(b <= g <= a for b, g, a in zip(before, got, after, strict=True)), (call, before, got, after)


def test_volume_info_matches_libvirt_python(both: tuple[Any, Any], ours: ModuleType, theirs: ModuleType) -> None:
    conn, ref_conn = both
    volume = conn.storagePoolLookupByName(POOL).createXML(VOLUME)
    try:
        ref_volume = ref_conn.storagePoolLookupByName(POOL).storageVolLookupByName("structs.img")
        assert volume.info() == ours.virStorageVolInfo(0, 1048576, 1048576)
        assert list(volume.info()) == ref_volume.info()
        # the test driver has no virStorageVolGetInfoFlags: the same error through both
        assert attempt(ours, lambda: volume.infoFlags(0)) == attempt(theirs, lambda: ref_volume.infoFlags(0))
        assert attempt(ours, lambda: volume.infoFlags(0))[:2] == ("error", ours.VIR_ERR_NO_SUPPORT)
    finally:
        volume.delete(0)


def test_errors_match_libvirt_python(both: tuple[Any, Any], ours: ModuleType, theirs: ModuleType) -> None:
    mine, ref = (conn.lookupByName(DOMAIN) for conn in both)
    cases = [
        (lambda: mine.blockStats("nosuch"), lambda: ref.blockStats("nosuch")),
        (lambda: mine.interfaceStats("nosuch"), lambda: ref.interfaceStats("nosuch")),
        (lambda: mine.blockInfo("nosuch"), lambda: ref.blockInfo("nosuch")),
        (lambda: mine.jobInfo(), lambda: ref.jobInfo()),  # unsupported by the test driver
        (lambda: mine.controlInfo(1), lambda: ref.controlInfo(1)),  # no flag is supported
    ]
    for call, reference in cases:
        got = attempt(ours, call)
        assert got[0] == "error"
        assert got == attempt(theirs, reference)
    with pytest.raises(TypeError):
        mine.blockStats(b"vda")


def test_closed_handles_raise(ours: ModuleType) -> None:
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    pool = conn.storagePoolLookupByName(POOL)
    dom.close()
    pool.close()
    for call, code in (
        (dom.info, ours.VIR_ERR_INVALID_DOMAIN),
        (lambda: dom.blockStats("vda"), ours.VIR_ERR_INVALID_DOMAIN),
        (dom.securityLabel, ours.VIR_ERR_INVALID_DOMAIN),
        (pool.info, ours.VIR_ERR_INVALID_STORAGE_POOL),
    ):
        with pytest.raises(ours.libvirtError) as raised:
            call()
        assert raised.value.get_error_code() == code
    conn.close()
    for call in (conn.nodeGetInfo, conn.getSecurityModel):
        with pytest.raises(ours.libvirtError) as raised:
            call()
        assert raised.value.get_error_code() == ours.VIR_ERR_INVALID_CONN


def test_dom_info_does_not_leak(ours: ModuleType) -> None:
    with ours.open(URI) as conn:
        dom = conn.lookupByName(DOMAIN)
        for call in (dom.info, lambda: dom.securityLabel(), lambda: dom.blockStats("vda")):
            growth = growth_kib(call, 2_000, 20_000)
            assert growth < 1024, f"RSS grew by {growth} KiB over 20,000 calls"
        dom.close()


# --- typing ----------------------------------------------------------------------------------------

SCRIPT = """\
import libvirt_ctypes as libvirt

with libvirt.open("test:///default") as conn:
    dom = conn.lookupByName("test")
    info: libvirt.virDomainInfo = dom.info()
    memory: int = info.memory + info.maxMem
    state, maxmem, mem, ncpu, cputime = dom.info()
    total: int = maxmem + cputime
    model: str = conn.nodeGetInfo().model
    label: str = dom.securityLabel().label
    wrong: str = info.nrVirtCpu
    missing = info.cpu
"""


def test_mypy_checks_the_fields_by_name(package: Path, tmp_path: Path) -> None:
    script = tmp_path / "info.py"
    script.write_text(SCRIPT, encoding="utf-8")
    errors, printed = mypy_errors(script, package)
    assert errors == [
        f'{script}:11: error: Incompatible types in assignment (expression has type "int", variable has type "str")  [assignment]',
        f'{script}:12: error: "virDomainInfo" has no attribute "cpu"  [attr-defined]',
    ], printed


# --- QA: C field names a NamedTuple cannot take as they are ---


def test_fields_named_like_a_keyword_or_a_tuple_method_are_escaped(tmp_path: Path) -> None:
    """A field 'from' wrote ``value.from`` (a package that does not import); 'count' and 'index' replaced tuple's methods."""
    struct = (
        "typedef struct _virQaFrom virQaFrom;\n"
        "struct _virQaFrom {\n    unsigned long long from; /* a keyword */\n    unsigned int count;\n    unsigned int index;\n    char name[8];\n};\n"
        "typedef virQaFrom *virQaFromPtr;\n"
    )
    tree = extended_sample(tmp_path / "tree", ["int virDomainCheckpointQaFrom(virDomainCheckpointPtr checkpoint, virQaFromPtr info)"], struct)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    documented = source.read_text(encoding="utf-8").replace(" * @info: the info value", " * @info: where the facts are stored (returned)")
    source.write_text(documented, encoding="utf-8")
    out = tmp_path / "out"
    for name, content in backend.render(load_tree(tree).api).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, encoding="utf-8")
    package = import_file(out / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_qa_fields")
    assert package.virQaFrom._fields == ("from_", "count_", "index_", "name")
    raw = package._c_virQaFrom()
    setattr(raw, "from", 2**64 - 1)
    raw.count, raw.index, raw.name = 3, 4, "é".encode()
    value = package._virQaFrom_value(raw)
    assert value == (2**64 - 1, 3, 4, "é") and value.from_ == 2**64 - 1
    assert value.count(3) == 1 and value.index(4) == 2  # still the tuple's own methods
    assert "-> virQaFrom:" in inspect.getsource(package.virDomainCheckpoint.qaFrom)  # bound, returning the NamedTuple
