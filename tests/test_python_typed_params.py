"""Typed parameters on the libvirt 9.0.0 package: getters return dicts, setters take them, as libvirt-python 9.0.0.

The package is generated from the 9.0.0 tree by the backend and imported;
every call runs against the real ``libvirt.so.0`` and its test driver
(``test:///default``, domain "test") and is compared with libvirt-python on
the same calls.  Both bindings share the driver's state in this process (one
``libvirt.so.0``), so a value set through one is read back through both.
"""

from __future__ import annotations

import gc
import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, require
from python_support import DOMAIN, URI, attempt, import_file, libvirt_so_present, load_reference, rss_kib

from generator.backends import python as backend
from generator.frontend import load_tree

TREE = REPO / ".cache" / "libvirt-9.0.0"


@pytest.fixture(scope="module")
def plan() -> backend.Plan:
    require((TREE / "include" / "libvirt" / "libvirt.h").is_file(), "the libvirt 9.0.0 source tree (make fetch-libvirt)")
    built = backend.build_plan(load_tree(TREE).api)
    assert built is not None
    return built


@pytest.fixture(scope="module")
def ours(plan: backend.Plan, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    require(libvirt_so_present(), "libvirt.so.0 (Debian package libvirt0)")
    out = tmp_path_factory.mktemp("typed")
    for name, content in backend.render(load_tree(TREE).api).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, encoding="utf-8")
    return import_file(out / "libvirt_ctypes" / "__init__.py", "libvirt_ctypes_typed_params")


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    return load_reference()


@pytest.fixture
def doms(ours: ModuleType, theirs: ModuleType) -> Iterator[tuple[Any, Any]]:
    """The test domain through both bindings; every tunable a test changes is put back afterwards."""
    conns = [lib.open(URI) for lib in (ours, theirs)]
    mine, ref = (conn.lookupByName(DOMAIN) for conn in conns)
    saved = {
        "memory": ref.memoryParameters(0), "blkio": ref.blkioParameters(0), "numa": ref.numaParameters(0),
        "iface": ref.interfaceParameters("testnet0", 0), "perf": ref.perfEvents(0),
    }  # fmt: skip
    yield mine, ref
    ref.setMemoryParameters(saved["memory"], 0)
    ref.setBlkioParameters({"weight": saved["blkio"]["weight"]}, 0)  # device_weight entries are merged: each test removes its own
    ref.setNumaParameters({"numa_nodeset": saved["numa"]["numa_nodeset"] or "0"}, 0)
    ref.setInterfaceParameters("testnet0", saved["iface"], 0)
    ref.setPerfEvents(saved["perf"], 0)
    ref.setBlockIoTune("vda", {"total_bytes_sec": 0, "total_bytes_sec_max": 0}, 0)
    for conn in conns:
        conn.close()


def _typed(value: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """A dict with each value's Python type next to it: True and 1 are not the same answer."""
    return {key: (type(v), v) for key, v in value.items()}


IFACE = {"inbound.average": 100, "inbound.peak": 200, "outbound.average": 50, "outbound.peak": 7}
# getter (ours, theirs), setter, the setter's leading arguments, values set through ours, then through libvirt-python
ROUND_TRIPS: list[tuple[str, str, str, tuple[Any, ...], dict[str, Any], dict[str, Any]]] = [
    ("getMemoryParameters", "memoryParameters", "setMemoryParameters", (), {"hard_limit": 2**21, "soft_limit": 2**20}, {"hard_limit": 2**22}),
    ("getBlkioParameters", "blkioParameters", "setBlkioParameters", (), {"weight": 321}, {"weight": 456}),
    ("getNumaParameters", "numaParameters", "setNumaParameters", (), {"numa_nodeset": "0"}, {"numa_nodeset": "0"}),
    ("getInterfaceParameters", "interfaceParameters", "setInterfaceParameters", ("testnet0",), IFACE, {"inbound.average": 10}),
    ("getBlockIoTune", "blockIoTune", "setBlockIoTune", ("vda",), {"total_bytes_sec_max": 2000, "total_bytes_sec": 1000}, {"total_bytes_sec": 500}),
    ("getPerfEvents", "perfEvents", "setPerfEvents", (), {"cmt": True, "cpu_cycles": True}, {"cmt": False}),
]


@pytest.mark.parametrize(("our_getter", "their_getter", "setter", "lead", "values", "again"), ROUND_TRIPS, ids=[r[2] for r in ROUND_TRIPS])
def test_round_trip_matches_libvirt_python(
    doms: tuple[Any, Any], our_getter: str, their_getter: str, setter: str, lead: tuple[Any, ...], values: dict[str, Any], again: dict[str, Any]
) -> None:
    mine, ref = doms
    before = getattr(mine, our_getter)(*lead, 0)
    assert _typed(before) == _typed(getattr(ref, their_getter)(*lead, 0))
    assert getattr(mine, their_getter) == getattr(mine, our_getter)  # libvirt-python's name is the alias (rule 6)
    assert set(values) <= set(before)
    assert getattr(mine, setter)(*lead, values, 0) == 0
    after = getattr(mine, our_getter)(*lead, 0)
    assert _typed(after) == _typed(getattr(ref, their_getter)(*lead, 0))
    assert {k: after[k] for k in values} == values
    assert {k: v for k, v in after.items() if k not in values} == {k: v for k, v in before.items() if k not in values}
    # then through libvirt-python's setter: our getter sees it
    assert getattr(ref, setter)(*lead, again, 0) == 0
    last = getattr(mine, our_getter)(*lead, 0)
    assert _typed(last) == _typed(getattr(ref, their_getter)(*lead, 0))
    assert {k: last[k] for k in again} == again  # the others are the driver's to keep or reset (an interface resets its peak)


def test_getter_value_types(doms: tuple[Any, Any]) -> None:
    mine, ref = doms
    assert all(type(v) is int for v in mine.memoryParameters().values())  # ULLONG
    blkio = mine.blkioParameters()
    assert type(blkio["weight"]) is int and all(type(blkio[k]) is str for k in blkio if k.startswith("device_"))  # UINT, STRING
    assert all(type(v) is bool for v in mine.perfEvents().values())  # BOOLEAN
    assert len(mine.perfEvents()) == 22
    # a STRING set through ours (the driver merges device_weight entries; ",0" removes one)
    assert mine.setBlkioParameters({"device_weight": "/dev/sdz,10"}, 0) == 0
    assert "/dev/sdz,10" in mine.blkioParameters()["device_weight"] and mine.blkioParameters() == ref.blkioParameters(0)
    assert mine.setBlkioParameters({"device_weight": "/dev/sdz,0"}, 0) == 0
    assert "/dev/sdz" not in ref.blkioParameters(0)["device_weight"]


def test_scheduler_parameters_match_libvirt_python(doms: tuple[Any, Any], ours: ModuleType, theirs: ModuleType) -> None:
    """Sized by virDomainGetSchedulerType's nparams, as the @nparams doc says; the test driver rejects the Flags variant."""
    mine, ref = doms
    assert mine.schedulerParameters() == ref.schedulerParameters() == {"weight": 50}
    assert mine.setSchedulerParameters({"weight": 100}) == ref.setSchedulerParameters({"weight": 100}) == 0
    assert mine.schedulerParameters() == ref.schedulerParameters()
    # libvirt adds VIR_TYPED_PARAM_STRING_OKAY, which the test driver's Flags functions refuse: the same error both ways
    for call in (lambda d: d.schedulerParametersFlags(0), lambda d: d.setSchedulerParametersFlags({"weight": 100}, 0)):
        mine_result, ref_result = attempt(ours, lambda call=call: call(mine)), attempt(theirs, lambda call=call: call(ref))
        assert mine_result == ref_result
        assert mine_result[0] == "error" and "unsupported flags (0x4)" in str(mine_result[3])


def test_libvirt_errors_match(doms: tuple[Any, Any], ours: ModuleType, theirs: ModuleType) -> None:
    mine, ref = doms
    calls: list[Callable[[Any], object]] = [
        lambda d: d.blockIoTune("nope", 0),
        lambda d: d.interfaceParameters("nope", 0),
        lambda d: d.jobStats(0),
        lambda d: d.setBlockIoTune("vda", {"total_bytes_sec": 5000}, 0),  # higher than its _max: the driver refuses
        lambda d: d.setIOThreadParams(1, {"poll_max_ns": 5}, 0),
    ]
    for call in calls:
        mine_result = attempt(ours, lambda call=call: call(mine))
        assert mine_result[0] == "error"
        assert mine_result == attempt(theirs, lambda call=call: call(ref))


def test_setter_errors_match_libvirt_python(doms: tuple[Any, Any], ours: ModuleType) -> None:
    mine, ref = doms
    kept = mine.memoryParameters()
    for d in (mine, ref):
        with pytest.raises(LookupError, match=r'^Attribute name "nope" could not be recognized$'):
            d.setMemoryParameters({"hard_limit": 2**20, "nope": 1}, 0)
        with pytest.raises(LookupError, match=r"^Need non-empty dictionary to set attributes$"):
            d.setMemoryParameters({}, 0)
        with pytest.raises(TypeError):
            d.setMemoryParameters({"hard_limit": "x"}, 0)
        with pytest.raises(TypeError):
            d.setMemoryParameters({"hard_limit": 1.5}, 0)
        with pytest.raises(TypeError):
            d.setBlkioParameters({"device_weight": 5}, 0)
        with pytest.raises(OverflowError):
            d.setMemoryParameters({"hard_limit": -1}, 0)
        with pytest.raises(OverflowError):
            d.setMemoryParameters({"hard_limit": 2**64}, 0)
        with pytest.raises(OverflowError):
            d.setBlkioParameters({"weight": 2**32}, 0)  # UINT
    assert mine.memoryParameters() == kept  # nothing was set
    # ours is stricter where libvirt-python is loose: a dict is required, and a BOOLEAN takes a bool or an integer
    with pytest.raises(TypeError, match=r"^params must be dict, not list$"):
        mine.setMemoryParameters([("hard_limit", 1)], 0)
    with pytest.raises(TypeError, match=r"^params\['cmt'\] must be int, not str$"):
        mine.setPerfEvents({"cmt": "no"}, 0)
    with pytest.raises(OverflowError, match=r"^params\['hard_limit'\]=-1 is outside the C type's range 0\.\.18446744073709551615$"):
        mine.setMemoryParameters({"hard_limit": -1}, 0)
    with pytest.raises(TypeError, match=r"^params: a field name must be str, not int$"):
        mine.setMemoryParameters({1: 1}, 0)
    assert mine.setMemoryParameters({"hard_limit": True}, 0) == 0 and mine.memoryParameters()["hard_limit"] == 1  # an int, as libvirt-python
    with pytest.raises(ours.libvirtError):
        mine.setMemoryParameters({"hard_limit": 1}, 2**31)  # flags the getter refuses: its error, before the setter


def test_fields_no_getter_types_take_the_values_python_type(ours: ModuleType) -> None:
    """libvirt-python's virPyDictToTypedParams without hints: str, bool, int (ULLONG, LLONG below 0), float, a list repeats a field."""
    array, count = ours._typed_array({"s": "x", "b": True, "u": 2**64 - 1, "l": -(2**63), "d": 0.5, "many": ["a", "b"]}, "params", None)
    assert count == 7
    assert [(p.field, p.type) for p in array] == [(b"s", 7), (b"b", 6), (b"u", 4), (b"l", 3), (b"d", 5), (b"many", 7), (b"many", 7)]
    assert ours._typed_values(array, count) == {"s": "x", "b": True, "u": 2**64 - 1, "l": -(2**63), "d": 0.5, "many": "b"}
    assert ours._typed_array({}, "params", None)[1] == 0 and ours._typed_array(None, "params", None) == (None, 0)
    with pytest.raises(TypeError, match=r'^Unknown type of "o" field$'):
        ours._typed_array({"o": object()}, "params", None)
    with pytest.raises(OverflowError):
        ours._typed_array({"big": 2**64}, "params", None)
    with pytest.raises(OverflowError):
        ours._typed_array({"small": -(2**63) - 1}, "params", None)
    with pytest.raises(ValueError, match="longer than 79 bytes"):
        ours._typed_array({"x" * 80: 1}, "params", None)


def _growth_kib(call: Callable[[], object], warmup: int, count: int) -> int:
    for _ in range(warmup):
        call()
    gc.collect()
    before = rss_kib()
    for _ in range(count):
        call()
    gc.collect()
    return rss_kib() - before


def test_getters_do_not_leak(doms: tuple[Any, Any], ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 calls each: the strings libvirt writes into our array (virTypedParamsClear) and the arrays it allocates (virTypedParamsFree)."""
    mine, _ = doms
    long_path = "/dev/" + "a" * 3000 + ",10"  # ~3 KB copied into each answer: a leak would be ~60 MB
    assert mine.setBlkioParameters({"device_weight": long_path}, 0) == 0
    assert long_path in mine.blkioParameters()["device_weight"]
    for call in (mine.blkioParameters, mine.perfEvents, lambda: mine.setBlkioParameters({"weight": 100}, 0)):
        growth = _growth_kib(call, 2_000, 20_000)
        assert growth < 4096, f"RSS grew by {growth} KiB over 20,000 calls"
    # what frees them: one virTypedParamsClear of the whole array per fill getter, one virTypedParamsFree per take getter
    released: list[tuple[str, int]] = []
    for name in ("_virTypedParamsClear", "_virTypedParamsFree"):
        real = getattr(ours, name)
        monkeypatch.setattr(ours, name, lambda array, count, real=real, name=name: released.append((name, count)) or real(array, count))
    assert len(mine.blkioParameters()) == 6 and len(mine.perfEvents()) == 22
    assert released == [("_virTypedParamsClear", 6), ("_virTypedParamsFree", 22)]
    # the second call fails (the count ignores the disk; the count came from virDomainGetSchedulerType): cleared after the error is read
    assert attempt(ours, lambda: mine.blockIoTune("nope", 0))[0] == attempt(ours, lambda: mine.schedulerParametersFlags(0))[0] == "error"
    assert released[2:] == [("_virTypedParamsClear", 20), ("_virTypedParamsClear", 1)]
    with pytest.raises(ours.libvirtError):
        mine.jobStats(0)  # libvirt allocated nothing: nothing to free
    assert len(released) == 4
    monkeypatch.undo()
    mine.setBlkioParameters({"device_weight": long_path[:-2] + "0"}, 0)


def test_coverage_and_names(plan: backend.Plan) -> None:
    numbers = backend.coverage(plan)
    assert (numbers.bound, numbers.runtime, numbers.skipped) == (371, 27, 118)
    reasons = dict(numbers.reasons)
    assert reasons["typed parameter list helper"] == 19  # virTypedParams*: they build and read C arrays; here those are dicts
    assert reasons["typed parameters"] == 1
    skipped = {s.function: s.reason for s in plan.skipped}
    assert skipped["virDomainGetCPUStats"] == "typed parameters (virTypedParameterPtr params: an output array the caller sizes with unsigned int nparams)"
    methods = {m.c_name: m for c in plan.classes for m in c.methods}
    typed = {name: m for name, m in methods.items() if m.typed is not None}
    assert len(typed) == 34
    assert {n for n, m in typed.items() if m.typed and m.typed.kind == "set" and m.typed.read is None} == {
        "virConnectSetIdentity", "virDomainBlockCopy", "virDomainMigrate3", "virDomainMigrateToURI3", "virDomainRestoreParams",
        "virDomainSaveParams", "virDomainSetIOThreadParams", "virDomainSetLaunchSecurityState",
    }  # fmt: skip
    # "(optional)" / "or NULL": the dict may be None, and defaults to it as in libvirt-python's blockCopy(disk, destxml, params=None, flags=0)
    assert [(a.name, a.annotation, a.default) for a in typed["virDomainBlockCopy"].args][2] == ("params", "dict[str, Any] | None", "None")
    sched = typed["virDomainGetSchedulerParametersFlags"].typed
    assert sched is not None and sched.read is not None and sched.read.counter == "virDomainGetSchedulerType"
    jobs = typed["virDomainGetJobStats"].typed
    assert jobs is not None and jobs.extras == ("type",)
    assert plan.typed is not None and plan.typed.counters == ("virDomainGetSchedulerType",)


def test_names_are_libvirt_pythons(plan: backend.Plan) -> None:
    """Every typed method answers to libvirt-python's name (the getters through their rule-6 alias), but the virNode* host calls."""
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0")
    import libvirt

    for cls in plan.classes:
        reference = getattr(libvirt, cls.name)
        for method in (m for m in cls.methods if m.typed is not None):
            names = {method.name, *method.aliases}
            if method.c_name.startswith("virNode"):
                assert not any(hasattr(reference, n) for n in names), method.c_name  # libvirt-python drops "node" by a table
                assert hasattr(reference, method.name.removeprefix("node")[0].lower() + method.name.removeprefix("node")[1:])
                continue
            assert any(hasattr(reference, n) for n in names), (method.c_name, names)


def test_generated_package_for_the_sample_has_no_typed_runtime() -> None:
    """generated/ stays as it was: the sample tree has no typed parameters, so no runtime for them."""
    source = (Path(REPO) / "generated" / "python" / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    assert "_virTypedParameter" not in source


CLOSED_HANDLE_CALLS = {
    # libvirt 9.0.0 reads these handles before checking them: passed NULL, the process died (SIGSEGV), libvirt-python's too
    "virConnectSetIdentity": ("conn", lambda conn, dom: conn.setIdentity({"a": 1})),
    "virDomainGetLaunchSecurityInfo": ("dom", lambda conn, dom: dom.launchSecurityInfo()),
    "virDomainSetLaunchSecurityState": ("dom", lambda conn, dom: dom.setLaunchSecurityState({"a": 1})),
}


@pytest.mark.parametrize("function", sorted(CLOSED_HANDLE_CALLS))
def test_a_closed_handle_libvirt_reads_unchecked_raises_its_check_error(ours: ModuleType, function: str) -> None:
    closed, call = CLOSED_HANDLE_CALLS[function]
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    (conn if closed == "conn" else dom).close()
    try:
        with pytest.raises(ours.libvirtError) as raised:
            call(conn, dom)
    finally:
        dom.close()
        conn.close()
    if closed == "conn":
        what, code, domain = "connection", ours.VIR_ERR_INVALID_CONN, ours.VIR_FROM_DOMAIN
    else:
        what, code, domain = "domain", ours.VIR_ERR_INVALID_DOMAIN, ours.VIR_FROM_DOM
    # the tuple libvirt's own check gives on every other function (virCheckConnectReturn in libvirt-host.c, virCheckDomainReturn)
    message = f"invalid {what} pointer in %s"
    assert raised.value.err == (code, domain, message % function, ours.VIR_ERR_ERROR, message, function, None, -1, -1)


def test_the_checked_functions_give_libvirt_s_own_error_of_the_same_shape(ours: ModuleType) -> None:
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dom.close()
    with pytest.raises(ours.libvirtError) as raised:
        dom.getXMLDesc()  # libvirt checks this one itself
    conn.close()
    assert raised.value.err == (
        ours.VIR_ERR_INVALID_DOMAIN, ours.VIR_FROM_DOM, "invalid domain pointer in virDomainGetXMLDesc", ours.VIR_ERR_ERROR,
        "invalid domain pointer in %s", "virDomainGetXMLDesc", None, -1, -1,
    )


def test_a_disk_null_only_for_the_size_query_is_required(ours: ModuleType) -> None:
    # "This parameter cannot be NULL unless @nparams is 0 on input": the bindings make the size query themselves
    import inspect

    parameters = inspect.signature(ours.virDomain.blockIoTune).parameters
    assert (str(parameters["disk"].annotation), parameters["disk"].default) == ("str", inspect.Parameter.empty)
