"""Typed parameters on the libvirt 9.0.0 package: getters return dicts, setters take them, as libvirt-python 9.0.0.

The package is generated from the 9.0.0 tree by the backend and imported;
every call runs against the real ``libvirt.so.0`` and its test driver
(``test:///default``, domain "test") and is compared with libvirt-python on
the same calls.  Both bindings share the driver's state in this process (one
``libvirt.so.0``), so a value set through one is read back through both.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, require
from python_support import DOMAIN, URI, attempt, growth_kib, load_reference, mypy_errors, whole_tree_package, whole_tree_plan

from generator.backends import python as backend


@pytest.fixture(scope="module")
def plan() -> backend.Plan:
    return whole_tree_plan()


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("typed"), "libvirt_ctypes_typed_params")


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


def test_an_empty_dict_is_passed_as_null_as_libvirt_python_passes_it(doms: tuple[Any, Any], ours: ModuleType, theirs: ModuleType) -> None:
    # QA on 12.8.0: a zero-length array is a non-NULL pointer, and libvirt refuses one with nparams 0
    # ("params in virDomainAnnounceInterface must be NULL"), where 12.5.0's docs make {} the defaults
    mine, ref = doms
    for call in (lambda d: d.setIOThreadParams(1, {}, 0), lambda d: d.setLaunchSecurityState({}, 0),
                 lambda d: d.setIOThreadParams(1, {"poll_max_ns": []}, 0)):  # a repeated field of no items: no entry either
        mine_result = attempt(ours, lambda call=call: call(mine))
        assert mine_result == attempt(theirs, lambda call=call: call(ref))
        assert mine_result[0] == "error" and "must not be NULL" in str(mine_result), mine_result
    array, count = ours._typed_array({}, "params", None)
    assert (array, count) == (None, 0)


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
    with pytest.raises(TypeError, match=r"^params must be a mapping \(a dict\), not list$"):
        mine.setMemoryParameters([("hard_limit", 1)], 0)
    with pytest.raises(TypeError, match=r"^params\['cmt'\] must be bool or int, not str$"):
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



def test_getters_do_not_leak(doms: tuple[Any, Any], ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 calls each: the strings libvirt writes into our array (virTypedParamsClear) and the arrays it allocates (virTypedParamsFree)."""
    mine, _ = doms
    long_path = "/dev/" + "a" * 3000 + ",10"  # ~3 KB copied into each answer: a leak would be ~60 MB
    assert mine.setBlkioParameters({"device_weight": long_path}, 0) == 0
    assert long_path in mine.blkioParameters()["device_weight"]
    for call in (mine.blkioParameters, mine.perfEvents, lambda: mine.setBlkioParameters({"weight": 100}, 0)):
        growth = growth_kib(call, 2_000, 20_000)
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
    assert (numbers.bound, numbers.runtime, numbers.skipped) == (453, 37, 26)
    reasons = dict(numbers.reasons)
    assert reasons["typed parameter list helper"] == 17  # virTypedParams*: they build and read C arrays; here those are dicts (Clear, Free: the runtime's)
    assert "typed parameters" not in reasons  # virDomainGetCPUStats, sized per CPU, is bound (tests/test_python_cpu_stats.py)
    methods = {m.c_name: m for c in plan.classes for m in c.methods}
    typed = {name: m for name, m in methods.items() if m.typed is not None}
    assert len(typed) == 35
    assert [n for n, m in typed.items() if m.typed and m.typed.read and m.typed.read.kind == "units"] == ["virDomainGetCPUStats"]
    assert {n for n, m in typed.items() if m.typed and m.typed.kind == "set" and m.typed.read is None} == {
        "virConnectSetIdentity", "virDomainBlockCopy", "virDomainMigrate3", "virDomainMigrateToURI3", "virDomainRestoreParams",
        "virDomainSaveParams", "virDomainSetIOThreadParams", "virDomainSetLaunchSecurityState",
    }  # fmt: skip
    # "(optional)" / "or NULL": the dict may be None, and defaults to it as in libvirt-python's blockCopy(disk, destxml, params=None, flags=0)
    assert [(a.name, a.annotation, a.default) for a in typed["virDomainBlockCopy"].args][2] == ("params", "Mapping[str, Any] | None", "None")
    sched = typed["virDomainGetSchedulerParametersFlags"].typed
    assert sched is not None and sched.read is not None and sched.read.counter == "virDomainGetSchedulerType"
    jobs = typed["virDomainGetJobStats"].typed
    assert jobs is not None and jobs.extras == ("type",)
    # the counter is bound as a method (schedulerType, tests/test_python_cpumaps.py): the typed runtime binds no second copy
    assert plan.typed is not None and plan.typed.counters == ()


def test_names_are_libvirt_pythons(plan: backend.Plan) -> None:
    """Every typed method answers to libvirt-python's name: the getters through their rule-6 alias, the virNode* host calls through rule 10's."""
    require(importlib.util.find_spec("libvirt") is not None, "libvirt-python 9.0.0")
    import libvirt

    for cls in plan.classes:
        reference = getattr(libvirt, cls.name)
        for method in (m for m in cls.methods if m.typed is not None):
            names = {method.name, *method.aliases}
            if method.c_name.startswith("virNode"):
                assert not hasattr(reference, method.name), method.c_name  # libvirt-python drops "node" by a table
                assert method.aliases[-1] == method.name.removeprefix("node")[0].lower() + method.name.removeprefix("node")[1:]
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


def test_a_closed_handle_error_spells_its_format_as_the_loaded_libvirt_does(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA against libvirt 12.8.0: its formats are '%1$s' (11.3.0's virerror.c too), 9.0.0's '%s'; the error made
    here for a handle libvirt reads unchecked copied 9.0.0's.  The spelling is read off libvirt's own check, the
    thread's error reset after it."""
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dom.close()
    try:
        with pytest.raises(ours.libvirtError) as raised:
            dom.launchSecurityInfo()
        assert raised.value.err[4] == "invalid domain pointer in %s"  # libvirt.so 9.0.0's, read from it
        assert ours.virGetLastError() is None
        real = ours._virError_tuple

        def newer(pointer: object, fallback: object) -> object:
            found = real(pointer, fallback)
            return found if found is None else (*found[:4], found[4].replace("%s", "%1$s"), *found[5:])

        monkeypatch.setattr(ours, "_virError_tuple", newer)
        with pytest.raises(ours.libvirtError) as raised:
            dom.launchSecurityInfo()
    finally:
        conn.close()
    assert raised.value.err == (
        ours.VIR_ERR_INVALID_DOMAIN, ours.VIR_FROM_DOM, "invalid domain pointer in virDomainGetLaunchSecurityInfo", ours.VIR_ERR_ERROR,
        "invalid domain pointer in %1$s", "virDomainGetLaunchSecurityInfo", None, -1, -1,
    )


@pytest.mark.parametrize(("translated", "spelled"), [("%s で無効な接続ポインターです", "%s"), ("%1$s で無効な接続ポインターです", "%1$s")])
def test_a_translated_format_gives_only_its_spelling(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, translated: str, spelled: str) -> None:
    """review: a program that sets LC_MESSAGES gets libvirt's formats translated, the argument anywhere in them"""
    real = ours._virError_tuple

    def japanese(pointer: object, fallback: object) -> object:
        found = real(pointer, fallback)
        return found if found is None else (*found[:4], translated, *found[5:])

    monkeypatch.setattr(ours, "_virError_tuple", japanese)
    error = ours._closed_handle("virDomainFDAssociate", "domain", ours.VIR_ERR_INVALID_DOMAIN, ours.VIR_FROM_DOM)
    assert error.err[2:5] == ("invalid domain pointer in virDomainFDAssociate", ours.VIR_ERR_ERROR, f"invalid domain pointer in {spelled}")


@pytest.mark.parametrize("params", [None, {}, {"bandwidth": 1}])
def test_migrate3_to_a_closed_connection_raises_what_migrate_raises(ours: ModuleType, params: dict[str, int] | None) -> None:
    """libvirt 9.0.0's virDomainMigrate3 reads dconn->flags before checking dconn: the process died (SIGSEGV) (QA)."""
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dconn = ours.open(URI)
    dconn.close()
    try:
        with pytest.raises(ours.libvirtError) as raised:
            dom.migrate3(dconn, params)
        with pytest.raises(ours.libvirtError) as checked:
            dom.migrate(dconn, 0, None, None, 0)  # libvirt checks dconn itself here
    finally:
        dom.close()
        conn.close()
    assert checked.value.err == (
        ours.VIR_ERR_INVALID_CONN, ours.VIR_FROM_DOMAIN, "invalid connection pointer in virDomainMigrate", ours.VIR_ERR_ERROR,
        "invalid connection pointer in %s", "virDomainMigrate", None, -1, -1,
    )
    expected = tuple(part.replace("virDomainMigrate", "virDomainMigrate3") if isinstance(part, str) else part for part in checked.value.err)
    assert raised.value.err == expected


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


def _types_sent(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, function: str, position: int) -> list[list[tuple[bytes, int]]]:
    """A spy on the C function: the (field, type code) pairs of each array it is given, then the real call."""
    sent: list[list[tuple[bytes, int]]] = []
    real = getattr(ours, function)

    def spy(*args: Any) -> Any:
        array, count = args[position], args[position + 1]
        sent.append([(p.field, p.type) for p in array[:count]])
        return real(*args)

    monkeypatch.setattr(ours, function, spy)
    return sent


def test_the_field_name_macros_type_the_setters_without_a_getter(
    plan: backend.Plan, ours: ModuleType, theirs: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field libvirt documents "As VIR_TYPED_PARAM_INT" goes as INT whatever the value: migrate3's parallel.connections."""
    assert plan.typed is not None
    fields = dict(plan.typed.fields)
    assert len(fields) == 103  # 105 macros on 9.0.0, no field name typed two ways, less the 2 printf patterns
    assert not [name for name in fields if "%" in name]  # cputune.vcpupin%u, cputune.iothreadpin%u: patterns, no fields
    assert fields["parallel.connections"] == fields["compression.mt.level"] == fields["thread_pool_max"] == ours.VIR_TYPED_PARAM_INT
    assert fields["bandwidth"] == fields["unix-user-id"] == ours.VIR_TYPED_PARAM_ULLONG and fields["process-id"] == ours.VIR_TYPED_PARAM_LLONG
    assert fields["disks_uri"] == fields["sev-secret"] == ours.VIR_TYPED_PARAM_STRING  # "Type is ...", "a base64-encoded ..."
    # the docs give these no VIR_TYPED_PARAM_* (poll_*: no type at all; granularity, buf-size: in words): the value's type decides
    assert {"poll_max_ns", "poll_grow", "poll_shrink", "granularity", "buf-size", "migrate_disks", "listen_address", "file"}.isdisjoint(fields)
    sent = _types_sent(ours, monkeypatch, "_virDomainMigrate3", 2)
    conn = ours.open(URI)
    ref_conn = theirs.open(URI)
    try:
        dom = conn.lookupByName(DOMAIN)
        params = {"parallel.connections": 2, "bandwidth": 5, "migrate_disks": ["vda", "vdb"], "listen_address": "::", "auto_converge.initial": -1}
        # the test driver refuses extensible migration: the same error both ways, after the array was made
        assert attempt(ours, lambda: dom.migrate3(conn, params, 0)) == attempt(theirs, lambda: ref_conn.lookupByName(DOMAIN).migrate3(ref_conn, params, 0))
    finally:
        conn.close()
        ref_conn.close()
    INT, ULLONG, STRING = ours.VIR_TYPED_PARAM_INT, ours.VIR_TYPED_PARAM_ULLONG, ours.VIR_TYPED_PARAM_STRING
    assert sent == [[
        (b"parallel.connections", INT), (b"bandwidth", ULLONG), (b"migrate_disks", STRING), (b"migrate_disks", STRING),
        (b"listen_address", STRING), (b"auto_converge.initial", INT),
    ]]  # fmt: skip
    # range-checked against the macro's type, before C: an INT field takes no 2**31
    with pytest.raises(OverflowError, match=r"^params\['parallel.connections'\]=2147483648 is outside the C type's range -2147483648\.\.2147483647$"):
        ours._typed_array({"parallel.connections": 2**31}, "params", None)


def test_field_types_from_macros_need_one_type_per_name() -> None:
    """A macro naming two types, or none of the union's, types nothing; a name two macros type differently is dropped."""
    from generator.model import Macro

    def macro(name: str, value: str | None, doc: str) -> Macro:
        return Macro(name, "libvirt-domain", None, (), value, f'"{value}"' if value is not None else "1", "1.0.0", doc)

    members = [backend.TypedMember(code, "x", "ctypes.c_int", "int", type_name=name) for code, name in ((1, "INT"), (2, "UINT"), (7, "STRING"))]
    module = type("M", (), {"macros": [
        macro("A", "a", "as VIR_TYPED_PARAM_INT."), macro("A2", "a", "Type is VIR_TYPED_PARAM_INT"),  # the same type twice: kept
        macro("B", "b", "as VIR_TYPED_PARAM_INT"), macro("B2", "b", "as a VIR_TYPED_PARAM_UINT"),  # two types for one name: dropped
        macro("C", "c", "VIR_TYPED_PARAM_INT or VIR_TYPED_PARAM_UINT"),  # two types in one doc: none
        macro("D", "d", "see VIR_TYPED_PARAM_FIELD_LENGTH, VIR_TYPED_PARAM_STRING_OKAY"),  # no type of the union
        macro("E", None, "as VIR_TYPED_PARAM_INT"),  # no string
        macro("F", "f\\x41", "a base64-encoded VIR_TYPED_PARAM_STRING"),  # the C string's value
        macro("G", "g", "as an unsigned int"),  # in words: not read
    ]})()  # fmt: skip
    assert backend._typed_field_types(module, members) == (("a", 1), ("fA", 7))


def test_typed_value_sets_a_field_no_doc_types_as_libvirt_python_does(doms: tuple[Any, Any], ours: ModuleType, theirs: ModuleType) -> None:
    """setIOThreadParams' poll_grow is a UINT no doc says is: a TypedValue gives it; libvirt-python has it in a table."""
    mine, ref = doms
    live = ours.VIR_DOMAIN_AFFECT_LIVE
    TypedValue, UINT, ULLONG = ours.TypedValue, ours.VIR_TYPED_PARAM_UINT, ours.VIR_TYPED_PARAM_ULLONG
    assert ref.addIOThread(1, live) == 0
    try:
        # the value's type (ULLONG) is not what libvirt wants: its error, where libvirt-python's table types it
        result = attempt(ours, lambda: mine.setIOThreadParams(1, {"poll_grow": 2}, live))
        assert result[0] == "error" and "invalid type 'ullong' for parameter 'poll_grow', expected 'uint'" in str(result[3])
        # libvirt's error, unchanged, with a note naming the remedy (QA, session 29: nothing pointed at TypedValue)
        with pytest.raises(ours.libvirtError) as raised:
            mine.setIOThreadParams(1, {"poll_grow": 2}, live)
        assert raised.value.get_error_code() == 8 and str(raised.value).endswith("expected 'uint'")
        assert raised.value.__notes__ == [
            "a field typed by its Python value is refused in that type:"
            " give it as TypedValue(value, VIR_TYPED_PARAM_...), as TypedValue(2, VIR_TYPED_PARAM_UINT)"
        ]
        assert ref.setIOThreadParams(1, {"poll_grow": 2}, live) == 0
        values = {"poll_max_ns": TypedValue(9000, ULLONG), "poll_grow": TypedValue(3, UINT), "poll_shrink": TypedValue(4, UINT)}
        assert mine.setIOThreadParams(1, values, live) == 0
        stats = ref.connect().domainListGetStats([ref], theirs.VIR_DOMAIN_STATS_IOTHREAD)[0][1]
        assert {k: v for k, v in stats.items() if k.startswith("iothread.1.")} == {
            "iothread.1.poll-max-ns": 9000, "iothread.1.poll-grow": 3, "iothread.1.poll-shrink": 4,
        }  # fmt: skip
        assert ref.setIOThreadParams(1, {"poll_max_ns": 9000, "poll_grow": 3, "poll_shrink": 4}, live) == 0
        assert ref.connect().domainListGetStats([ref], theirs.VIR_DOMAIN_STATS_IOTHREAD)[0][1] == stats
        # the type given wins, and libvirt judges it: the same error as a wrong type from libvirt-python's side
        result = attempt(ours, lambda: mine.setIOThreadParams(1, {"poll_grow": TypedValue(2, ours.VIR_TYPED_PARAM_INT)}, live))
        assert result[0] == "error" and "invalid type 'int' for parameter 'poll_grow', expected 'uint'" in str(result[3])
        with pytest.raises(ours.libvirtError) as raised:  # every field a TypedValue: no note, the type was the caller's
            mine.setIOThreadParams(1, {"poll_grow": TypedValue(2, ours.VIR_TYPED_PARAM_INT)}, live)
        assert not hasattr(raised.value, "__notes__")
        # thread_pool_max is INT by its macro; the test driver supports it on neither side
        result = attempt(ours, lambda: mine.setIOThreadParams(1, {"thread_pool_max": 5}, live))
        assert result[0] == "error" and result == attempt(theirs, lambda: ref.setIOThreadParams(1, {"thread_pool_max": 5}, live))
    finally:
        assert ref.delIOThread(1, live) == 0


def test_typed_value_is_checked_and_taken_by_every_setter(doms: tuple[Any, Any], ours: ModuleType) -> None:
    mine, _ = doms
    TypedValue = ours.TypedValue
    assert TypedValue._fields == ("value", "type") and TypedValue(1, 2) == (1, 2)
    # range-checked against the type given, never truncated; a type that is no VIR_TYPED_PARAM_* is refused
    with pytest.raises(OverflowError, match=r"^params\['poll_grow'\]=4294967296 is outside the C type's range 0\.\.4294967295$"):
        ours._typed_array({"poll_grow": TypedValue(2**32, ours.VIR_TYPED_PARAM_UINT)}, "params", None)
    with pytest.raises(ValueError, match=r"^params\['x'\]: TypedValue type 99 is none of the VIR_TYPED_PARAM_\* types \[1, 2, 3, 4, 5, 6, 7\]$"):
        ours._typed_array({"x": TypedValue(1, 99)}, "params", None)
    with pytest.raises(TypeError, match=r"^params\['x'\] must be str, not int$"):
        ours._typed_array({"x": TypedValue(1, ours.VIR_TYPED_PARAM_STRING)}, "params", None)
    # a TypedValue is a tuple but no repeated field; in a repeated field's list each item may be one; it wins over the macro's type
    array, count = ours._typed_array(
        {"granularity": TypedValue(512, ours.VIR_TYPED_PARAM_UINT), "many": [TypedValue(1, ours.VIR_TYPED_PARAM_INT), "s"],
         "parallel.connections": TypedValue(2, ours.VIR_TYPED_PARAM_ULLONG)}, "params", None,
    )  # fmt: skip
    assert [(p.field, p.type) for p in array[:count]] == [(b"granularity", 2), (b"many", 1), (b"many", 7), (b"parallel.connections", 4)]
    assert ours._typed_values(array, count) == {"granularity": 512, "many": "s", "parallel.connections": 2}
    # a getter-typed setter: the type given wins over the getter's (libvirt refuses it), the getter's fields still bound the names
    result = attempt(ours, lambda: mine.setMemoryParameters({"hard_limit": TypedValue(2**20, ours.VIR_TYPED_PARAM_UINT)}, 0))
    assert result[0] == "error" and "invalid type 'uint' for parameter 'hard_limit', expected 'ullong'" in str(result[3])
    assert mine.setMemoryParameters({"hard_limit": TypedValue(2**21, ours.VIR_TYPED_PARAM_ULLONG)}, 0) == 0
    assert mine.memoryParameters()["hard_limit"] == 2**21
    with pytest.raises(LookupError, match=r'^Attribute name "nope" could not be recognized$'):
        mine.setMemoryParameters({"nope": TypedValue(1, ours.VIR_TYPED_PARAM_ULLONG)}, 0)


def test_a_nul_in_a_field_name_is_refused_naming_it(doms: tuple[Any, Any], ours: ModuleType) -> None:
    """libvirt-python cuts the name at the NUL and sets another field than the one given; ours refuses, naming the key."""
    mine, ref = doms
    message = r"^params: field name 'hard_limit\\x00x' must not contain NUL characters$"
    conn = ours.open(URI)
    try:
        with pytest.raises(ValueError, match=message):
            conn.setIdentity({"hard_limit\0x": 1})  # no getter
    finally:
        conn.close()
    with pytest.raises(ValueError, match=message):
        mine.setMemoryParameters({"hard_limit\0x": 2**21}, 0)  # before the getter, not its LookupError
    assert ref.setMemoryParameters({"hard_limit\0x": 2**22}, 0) == 0 and ref.memoryParameters(0)["hard_limit"] == 2**22  # cut: hard_limit


def test_a_boolean_says_it_takes_a_bool_or_an_int(doms: tuple[Any, Any]) -> None:
    mine, ref = doms
    with pytest.raises(TypeError, match=r"^params\['cmt'\] must be bool or int, not float$"):
        mine.setPerfEvents({"cmt": 1.0}, 0)
    assert ref.setPerfEvents({"cmt": 1.0}, 0) == 0  # libvirt-python takes any object's truth value
    assert mine.setPerfEvents({"cmt": 0}, 0) == 0 and mine.perfEvents()["cmt"] is False


def test_a_uint_above_int_max_comes_back_unsigned_where_libvirt_python_wraps_it(doms: tuple[Any, Any]) -> None:
    """Docs-only difference: libvirt-python reads a UINT as a C int."""
    mine, ref = doms
    assert mine.setBlkioParameters({"weight": 4294967295}, 0) == 0
    assert (mine.blkioParameters()["weight"], ref.blkioParameters(0)["weight"]) == (4294967295, -1)
    doc = " ".join((Path(REPO) / "docs" / "python-bindings.md").read_text(encoding="utf-8").split())
    differences = doc[doc.index("Differences from libvirt-python 9.0.0:") : doc.index("## Performance")]
    assert "4294967295 here, -1 there" in differences


@pytest.mark.parametrize(("params", "error"), [({"a\0b": 1}, ValueError), ({"x" * 100: 1}, ValueError), ({1: 2}, TypeError)])
def test_a_bad_field_name_is_refused_before_the_getter_runs(ours: ModuleType, params: dict[Any, Any], error: type) -> None:
    # before: the getter typing the fields ran first, so a closed handle's libvirtError (or a round trip) came instead
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dom.close()
    try:
        with pytest.raises(error, match="field name"):
            dom.setMemoryParameters(params)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (("TypedValue", 1, 99), ValueError),  # no VIR_TYPED_PARAM_* type
        (("TypedValue", 1, "x"), TypeError),  # a type that is no integer
        (("TypedValue", 2**64, "VIR_TYPED_PARAM_ULLONG"), OverflowError),
        (("list", 2**32, "VIR_TYPED_PARAM_UINT"), OverflowError),  # inside a repeated field's list too
    ],
)
def test_a_bad_typed_value_is_refused_before_the_getter_runs(ours: ModuleType, value: tuple[str, object, object], error: type) -> None:
    # before: setMemoryParameters called its getter first, so a closed handle's libvirtError came instead
    shape, number, code = value
    typed = ours.TypedValue(number, getattr(ours, code) if isinstance(code, str) and code.startswith("VIR_") else code)
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dom.close()
    try:
        with pytest.raises(error):
            dom.setMemoryParameters({"hard_limit": [typed] if shape == "list" else typed})
    finally:
        conn.close()


def test_a_setter_takes_any_mapping(doms: tuple[Any, Any]) -> None:
    """QA (session 23): a setter took only a dict, so a TypedDict was refused by mypy; any mapping is taken now."""
    import types

    mine, ref = doms
    limit = ref.memoryParameters(0)["hard_limit"] - 1024
    mine.setMemoryParameters(types.MappingProxyType({"hard_limit": limit}), 0)
    assert ref.memoryParameters(0)["hard_limit"] == mine.memoryParameters(0)["hard_limit"] == limit


MYPY_SCRIPT = """\
from typing import TypedDict

from libvirt_ctypes import open


class Memory(TypedDict):
    hard_limit: int


dom = open("test:///default").lookupByName("test")
weight = dom.schedulerParameters()["weight"]
if weight < 100:
    dom.setSchedulerParameters({"weight": weight + 10})
seconds: float = dom.getCPUStats(True)[0]["cpu_time"] / 1e9
limit: Memory = {"hard_limit": 1 << 20}
dom.setMemoryParameters(limit, 0)
dom.setMemoryParameters([("hard_limit", 1)], 0)
"""


def test_mypy_takes_a_getters_values_as_numbers_and_a_typed_dict_as_a_setters(ours: ModuleType, tmp_path: Path) -> None:
    """QA (session 23): values typed ``int | float | bool | str`` made each arithmetic use an error, and a
    ``TypedDict`` was no ``dict[str, Any]``; only the list given as a setter's mapping is an error now."""
    script = tmp_path / "tuning.py"
    script.write_text(MYPY_SCRIPT, encoding="utf-8")
    errors, printed = mypy_errors(script, Path(ours.__file__).parents[1])
    assert [int(line.split(":")[1]) for line in errors] == [17], printed
