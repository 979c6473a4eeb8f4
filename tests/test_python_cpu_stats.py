"""``dom.getCPUStats(total, flags=0)`` on the libvirt 9.0.0 package, compared with libvirt-python 9.0.0.

``virDomainGetCPUStats(domain, params, nparams, start_cpu, ncpus, flags)``
fills an array the caller sizes per CPU (docs/python-bindings.md, "Typed
parameters": the fourth shape).  The test driver implements it (two CPUs,
fixed figures), so the lists and the errors are compared with libvirt-python
on ``test:///default``; the paths the driver never takes (more CPUs than one
call may ask for, fewer parameters filled than asked, a CPU left zeroed,
strings to free, an error or a Ctrl-C between the calls) go through a
stand-in for the C function, as the other shapes' tests do.
"""

from __future__ import annotations

import ctypes
from dataclasses import replace
from types import ModuleType
from typing import Any

import pytest
from conftest import LIBVIRT_TREE
from python_support import DOMAIN, attempt, malloc_growth

from generator.backends import python as backend
from generator.frontend import load_tree

INACTIVE = "<domain type='test'><name>cpu-stats-inactive</name><memory>1024</memory><os><type>hvm</type></os></domain>"
LIBC = ctypes.CDLL(None)
LIBC.strdup.restype = ctypes.c_void_p
LIBC.strdup.argtypes = [ctypes.c_char_p]


# --- the rule ----------------------------------------------------------------------------------------


def test_the_rule_binds_it_as_libvirt_python_does(plan: backend.Plan) -> None:
    methods = {m.c_name: (c.name, m) for c in plan.classes for m in c.methods}
    owner, method = methods["virDomainGetCPUStats"]
    assert (owner, method.name, method.aliases) == ("virDomain", "getCPUStats", ("CPUStats",))
    assert [(a.name, a.kind, a.annotation, a.default) for a in method.args] == [
        ("total", "whole", "bool | SupportsIndex", None), ("flags", "flags", "TypedParameterFlags | SupportsIndex", "0"),
    ]  # fmt: skip
    assert method.annotation == "list[dict[str, Any]]"
    assert method.typed is not None and method.typed.read is not None
    read = method.typed.read
    # the C calls: the handle before the four, flags after; at most 128 CPUs a call (the remote driver's limit)
    assert (read.kind, read.before, read.after, read.whole, read.most) == ("units", ("c_self",), ("flags",), "total", 128)
    assert method.argtypes == ("ctypes.c_void_p", "ctypes.c_void_p", "ctypes.c_uint", "ctypes.c_int", "ctypes.c_uint", "ctypes.c_uint")
    assert "virDomainGetCPUStats" not in {s.function for s in plan.skipped}
    assert ":param total: True: the whole, @start_cpu -1 (C: which cpu to start with, or -1 for summary), one dict;" in method.doc
    assert ":returns: a list of dicts {field: value}: one of the whole with total, else one per cpu" in method.doc
    numbers = backend.coverage(plan)
    assert (numbers.bound, numbers.runtime, numbers.skipped) == (453, 37, 26)
    assert "typed parameters" not in dict(numbers.reasons)


@pytest.mark.parametrize(
    "cut",
    [
        "@params must contain at least @nparams * @ncpus entries",  # nothing says nparams is per CPU
        "If @start_cpu is -1, then @ncpus must be 1",  # nothing says what -1 is
        "Likewise, if @params is NULL and @nparams is 0 and @ncpus is 0",  # nothing counts the CPUs
    ],
)
def test_a_doc_that_says_less_stays_skipped(cut: str) -> None:
    """The shape is read from the calling convention the description gives, not from the function's name."""
    function = next(f for m in load_tree(LIBVIRT_TREE).api.modules for f in m.functions if f.name == "virDomainGetCPUStats")
    params = list(function.params[1:])
    assert backend._typed_units(function, params) is not None
    assert cut in " ".join(function.description.split())
    less = replace(function, description=" ".join(function.description.split()).replace(cut, "Something else"))
    assert backend._typed_units(less, params) is None


# --- against libvirt-python on the test driver ---------------------------------------------------------


def test_the_lists_are_libvirt_pythons(conns: tuple[Any, Any]) -> None:
    mine, ref = (conn.lookupByName(DOMAIN) for conn in conns)
    for total in (True, False, 1, 0):
        assert mine.getCPUStats(total) == ref.getCPUStats(total), total
    whole, per_cpu = mine.getCPUStats(True), mine.getCPUStats(False, 0)
    assert [sorted(d) for d in whole] == [["cpu_time", "system_time", "user_time"]]
    assert len(per_cpu) == 2 and all(sorted(d) == ["cpu_time", "vcpu_time"] for d in per_cpu)
    assert mine.CPUStats(total=True) == ref.getCPUStats(total=True)  # libvirt-python's keyword, our alias (rule 6)


def test_an_inactive_domain_raises_libvirt_pythons_error(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    """A domain of its own, defined and never started: stopping "test" would change its ID for the tests after."""
    conn, ref_conn = conns
    ref_conn.defineXML(INACTIVE)
    try:
        mine, ref = conn.lookupByName("cpu-stats-inactive"), ref_conn.lookupByName("cpu-stats-inactive")
        for total in (True, False):
            ours_did, theirs_did = attempt(ours, lambda t=total: mine.getCPUStats(t)), attempt(theirs, lambda t=total: ref.getCPUStats(t))
            assert ours_did == theirs_did, total
            assert ours_did[:3] == ("error", ours.VIR_ERR_OPERATION_INVALID, ours.VIR_FROM_DOMAIN)
            assert "domain is not running" in str(ours_did[3])
    finally:
        ref_conn.lookupByName("cpu-stats-inactive").undefine()


def test_total_is_a_bool_or_an_integer(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", lambda *args: calls.append(args) or -1)
    for bad in ("yes", 1.0, None, [1]):
        with pytest.raises(TypeError, match=f"^total must be bool or int, not {type(bad).__name__}$"):
            dom.getCPUStats(bad)
    assert calls == []  # refused before any C call
    monkeypatch.undo()

    class Index:
        def __index__(self) -> int:
            return 1

    assert dom.getCPUStats(Index()) == dom.getCPUStats(True) and dom.getCPUStats(2) == dom.getCPUStats(True)


# --- the conversion, with a stand-in for the C function -------------------------------------------------


class StandIn:
    """``virDomainGetCPUStats`` as a driver with ``cpus`` CPUs and ``per_cpu`` parameters per CPU (3 of the whole)
    would answer: it fills ``filled`` of each CPU's stride (a ULLONG and a malloc'd STRING, as libvirt's), leaves
    the CPUs from ``gone`` on zeroed, and fails (a real libvirt error) or is interrupted on call ``fail_at``."""

    __name__ = "virDomainGetCPUStats"

    def __init__(self, ours: ModuleType, cpus: int, per_cpu: int, filled: int, gone: int | None = None) -> None:
        self.ours, self.cpus, self.per_cpu, self.filled, self.gone = ours, cpus, per_cpu, filled, gone
        self.real = ours._virDomainGetCPUStats
        self.calls: list[tuple[bool, int, int, int]] = []
        self.fail_at: int | None = None
        self.interrupt = False

    def __call__(self, dom: Any, params: Any, nparams: int, start: int, ncpus: int, flags: int) -> int:
        self.calls.append((params is not None, nparams, start, ncpus))
        if len(self.calls) == self.fail_at and not self.interrupt:
            return int(self.real(dom, None, 0, -2, 1, flags))  # a start below -1: libvirt's own error, and -1
        if params is None:
            return self.cpus if ncpus == 0 else 3 if start == -1 else self.per_cpu
        for unit in range(ncpus):
            cpu = start + unit if start >= 0 else 999  # the whole: "CPU" 999
            if self.gone is not None and cpu >= self.gone:
                continue
            for index in range(min(self.filled, nparams)):
                item = params[unit * nparams + index]
                if index % 2:
                    item.field, item.type, item.value.s = b"label", self.ours.VIR_TYPED_PARAM_STRING, LIBC.strdup(f"cpu{cpu}".encode())
                else:
                    item.field, item.type, item.value.ul = f"p{index}".encode(), self.ours.VIR_TYPED_PARAM_ULLONG, cpu * 100 + index
        if len(self.calls) == self.fail_at:
            raise KeyboardInterrupt  # as the call returns, its strings in the array
        return min(self.filled, nparams)


@pytest.fixture
def dom(conns: tuple[Any, Any]) -> Any:
    return conns[0].lookupByName(DOMAIN)


@pytest.fixture
def cleared(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lengths virTypedParamsClear is called with (the real one still frees the strings)."""
    lengths: list[int] = []
    real = ours._virTypedParamsClear
    monkeypatch.setattr(ours, "_virTypedParamsClear", lambda array, count: lengths.append(count) or real(array, count))
    return lengths


def test_more_cpus_than_one_call_asks_for(ours: ModuleType, dom: Any, cleared: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """300 CPUs: counted, then asked for 128 at a time (libvirt-python's loop), one array of 128 strides reused."""
    stand_in = StandIn(ours, cpus=300, per_cpu=4, filled=2, gone=290)
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    stats = dom.getCPUStats(False)
    assert stand_in.calls == [(False, 0, 0, 0), (False, 0, 0, 1), (True, 4, 0, 128), (True, 4, 128, 128), (True, 4, 256, 44)]
    # the 2 filled of each stride of 4, none past them; the CPUs left zeroed are empty
    assert stats == [{"p0": cpu * 100, "label": f"cpu{cpu}"} for cpu in range(290)] + [{}] * 10
    assert cleared == [4 * 128] * 4  # after each call's conversion, and once more on the way out


def test_the_whole(ours: ModuleType, dom: Any, cleared: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in = StandIn(ours, cpus=300, per_cpu=4, filled=3)
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    assert dom.getCPUStats(True) == [{"p0": 99900, "label": "cpu999", "p2": 99902}]
    assert stand_in.calls == [(False, 0, -1, 1), (True, 3, -1, 1)]
    assert cleared == [3, 3]


def test_no_parameters_is_an_empty_dict_per_cpu(ours: ModuleType, dom: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in = StandIn(ours, cpus=3, per_cpu=0, filled=0)
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    assert dom.getCPUStats(False) == [{}, {}, {}]
    assert stand_in.calls == [(False, 0, 0, 0), (False, 0, 0, 1)]  # no array call, as libvirt-python
    stand_in = StandIn(ours, cpus=0, per_cpu=2, filled=2)
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    assert dom.getCPUStats(False) == []


@pytest.mark.parametrize("fail_at", [1, 2, 4])
def test_an_error_between_the_calls_is_libvirts(ours: ModuleType, dom: Any, cleared: list[int], monkeypatch: pytest.MonkeyPatch, fail_at: int) -> None:
    """Counting the CPUs, counting the parameters, or the second array call fails: libvirt's error, the strings of
    the first call's array freed already, the array cleared once more on the way out."""
    stand_in = StandIn(ours, cpus=200, per_cpu=2, filled=2)
    stand_in.fail_at = fail_at
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    with pytest.raises(ours.libvirtError) as error:
        dom.getCPUStats(False)
    assert (error.value.get_error_code(), error.value.get_error_domain()) == (ours.VIR_ERR_INVALID_ARG, ours.VIR_FROM_DOMAIN)
    assert error.value.get_error_message() == "start_cpu in virDomainGetCPUStats must be zero or greater"
    assert len(stand_in.calls) == fail_at
    assert cleared == ([] if fail_at < 3 else [2 * 128, 2 * 128])


def test_a_ctrl_c_as_a_call_returns_frees_its_strings(ours: ModuleType, dom: Any, cleared: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in = StandIn(ours, cpus=200, per_cpu=2, filled=2)
    stand_in.fail_at, stand_in.interrupt = 3, True
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    with pytest.raises(KeyboardInterrupt):
        dom.getCPUStats(False)
    assert cleared == [2 * 128]  # the strings the interrupted call wrote


def test_the_strings_are_freed(ours: ModuleType, dom: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """malloc's bytes in use stay flat over 5,000 calls whose 4 CPUs hold a string each; without the frees they show."""
    stand_in = StandIn(ours, cpus=4, per_cpu=2, filled=2)
    monkeypatch.setattr(ours, "_virDomainGetCPUStats", stand_in)
    assert dom.getCPUStats(False)[3] == {"p0": 300, "label": "cpu3"}

    def call() -> None:
        stand_in.calls.clear()  # its record of the calls would grow too
        dom.getCPUStats(False)

    assert malloc_growth(call, 5_000) < 16 * 1024
    monkeypatch.setattr(ours, "_virTypedParamsClear", lambda _array, _count: None)  # the check itself: a leak shows
    assert malloc_growth(call, 5_000) > 5_000 * 4 * 5
