"""Domain statistics records on the libvirt 9.0.0 package, compared with libvirt-python 9.0.0.

``virConnectGetAllDomainStats`` and ``virDomainListGetStats``: a
NULL-terminated array of ``virDomainStatsRecord`` (a domain, typed
parameters) freed by ``virDomainStatsRecordListFree`` (docs/python-bindings.md,
"Statistics records").  The test driver implements both.  The paths it
never takes (a Ctrl-C as the call or the list free returns, a conversion
failure) are reached by replacing runtime functions.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, URI, growth_kib, interrupted_counting, malloc_growth

from generator.backends import python as backend

RESULT = "list[tuple[virDomain, dict[str, Any]]]"


@pytest.fixture
def conns(ours: ModuleType, theirs: ModuleType) -> Iterator[tuple[Any, Any]]:
    mine, ref = ours.open(URI), theirs.open(URI)
    yield mine, ref
    gc.collect()
    assert mine.close() == 0  # every domain object of a result released: nothing holds the connection
    ref.close()


def _named(records: list[tuple[Any, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(dom.name(), values) for dom, values in records]


# --- the shapes, by rule ---------------------------------------------------------------------------


def test_the_rules_bind_the_records(plan: backend.Plan) -> None:
    methods = {m.c_name: (c.name, m) for c in plan.classes for m in c.methods}
    owner, every = methods["virConnectGetAllDomainStats"]
    assert (owner, every.name, every.aliases, [(a.name, a.default) for a in every.args]) == (
        "virConnect", "getAllDomainStats", ("allDomainStats",), [("stats", "0"), ("flags", "0")],
    )
    owner, listed = methods["virDomainListGetStats"]
    assert (owner, listed.name, [(a.name, a.kind, a.default) for a in listed.args]) == (
        "virConnect", "domainListGetStats", [("doms", "handlelist", None), ("stats", "int", "0"), ("flags", "flags", "0")],
    )
    assert listed.args[0].annotation == "Sequence[virDomain]"
    assert "c_self" not in listed.call  # C takes the connection from the domains
    for view in (every, listed):
        assert view.annotation == RESULT and view.records is not None
        record = view.records.record
        assert (view.records.release, record.name, record.handle) == ("virDomainStatsRecordListFree", "virDomainStatsRecord", "virDomain")
        assert (record.handle_field, record.params, record.count) == ("dom", "params", "nparams")
    skipped = {s.function for s in plan.skipped}
    assert not skipped & {"virConnectGetAllDomainStats", "virDomainListGetStats", "virDomainStatsRecordListFree"}
    assert "virDomainStatsRecordListFree" in plan.element_releases
    assert [r.fields for r in plan.record_structs] == [(("dom", "ctypes.c_void_p"), ("params", "ctypes.c_void_p"), ("nparams", "ctypes.c_int"))]


def test_docstrings(ours: ModuleType) -> None:
    for method in (ours.virConnect.getAllDomainStats, ours.virConnect.domainListGetStats):
        doc = method.__doc__ or ""
        assert ":returns: a list of (virDomain, dict) tuples" in doc
        assert "virDomainStatsRecordListFree" not in doc and "freed by the caller" not in doc
    assert ":param doms: array of domains (a sequence of virDomain objects)" in (ours.virConnect.domainListGetStats.__doc__ or "")


# --- side by side with libvirt-python ----------------------------------------------------------------


def test_results_match_libvirt_python(ours: ModuleType, theirs: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    got, expected = _named(mine.getAllDomainStats()), _named(ref.getAllDomainStats())
    assert got == expected and [name for name, _ in got] == [DOMAIN]
    assert {"state.state", "state.reason"} <= got[0][1].keys()
    assert got[0][1]["state.state"] == ours.VIR_DOMAIN_RUNNING
    state = ours.VIR_DOMAIN_STATS_STATE
    assert _named(mine.getAllDomainStats(state)) == _named(ref.getAllDomainStats(theirs.VIR_DOMAIN_STATS_STATE))
    # the 9.0.0 test driver fills the state group only: the others give an empty dict, on both sides
    for group in ("CPU_TOTAL", "BALLOON", "VCPU", "INTERFACE", "BLOCK"):
        code = getattr(ours, "VIR_DOMAIN_STATS_" + group)
        assert _named(mine.getAllDomainStats(code)) == _named(ref.getAllDomainStats(code)) == [(DOMAIN, {})]
    inactive = ours.VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE
    assert mine.getAllDomainStats(state, inactive) == ref.getAllDomainStats(state, inactive) == []
    dom, rdom = mine.lookupByName(DOMAIN), ref.lookupByName(DOMAIN)
    assert _named(mine.domainListGetStats([dom])) == _named(ref.domainListGetStats([rdom]))
    assert _named(mine.domainListGetStats((dom, dom), stats=state)) == _named(ref.domainListGetStats([rdom, rdom], stats=state))
    # each record's domain is an object of its own, holding its own reference
    (record_dom, _values), = mine.getAllDomainStats()
    assert type(record_dom) is ours.virDomain and record_dom.UUIDString() == dom.UUIDString()
    assert record_dom.close() == 0 and dom.close() == 0  # one reference each


def test_handle_lists_take_sequences_of_domains(ours: ModuleType, conns: tuple[Any, Any]) -> None:
    mine, ref = conns
    dom = mine.lookupByName(DOMAIN)
    for bad in ("test", None, [1], [dom, "x"], iter([dom]), ref.lookupByName(DOMAIN)):
        with pytest.raises(TypeError):
            mine.domainListGetStats(bad)
    closed = mine.lookupByName(DOMAIN)
    closed.close()
    with pytest.raises(ours.libvirtError) as raised:
        mine.domainListGetStats([dom, closed])
    assert (raised.value.get_error_code(), raised.value.get_error_domain()) == (ours.VIR_ERR_INVALID_DOMAIN, ours.VIR_FROM_DOM)
    assert raised.value.get_error_message() == "invalid domain pointer in virDomainListGetStats"
    assert ours.virGetLastError() is None  # not the Ref call's error, which named virDomainRef
    with pytest.raises(ours.libvirtError) as empty:
        mine.domainListGetStats([])
    with pytest.raises(Exception) as theirs_empty:
        ref.domainListGetStats([])
    assert empty.value.get_error_code() == theirs_empty.value.get_error_code() == ours.VIR_ERR_INVALID_ARG  # type: ignore[attr-defined]
    with pytest.raises(OverflowError):
        mine.getAllDomainStats(-1)


# --- freeing, on every path ---------------------------------------------------------------------------


def _recording_free(ours: ModuleType, monkeypatch: pytest.MonkeyPatch, interrupt: bool = False) -> list[int]:
    freed: list[int] = []
    real = ours._virDomainStatsRecordListFree

    def release(pointer: int) -> None:
        freed.append(pointer)
        real(pointer)
        if interrupt:
            raise KeyboardInterrupt

    monkeypatch.setattr(ours, "_virDomainStatsRecordListFree", release)
    return freed


def test_a_ctrl_c_as_the_call_returns_frees_the_list(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    freed = _recording_free(ours, monkeypatch)
    monkeypatch.setattr(ours, "_counting", interrupted_counting(ours._counting))
    for call in (mine.getAllDomainStats, lambda: mine.domainListGetStats([dom])):
        freed.clear()
        with pytest.raises(KeyboardInterrupt):
            call()
        assert len(freed) == 1 and freed[0]
    # the conns fixture checks no domain reference was left behind (close() == 0)


def test_a_conversion_failure_frees_the_list(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    freed = _recording_free(ours, monkeypatch)
    monkeypatch.setattr(ours, "_typed_values", lambda *_args: (_ for _ in ()).throw(MemoryError()))
    with pytest.raises(MemoryError):
        mine.getAllDomainStats()
    assert len(freed) == 1


def test_a_ctrl_c_as_the_list_free_returns(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The list was freed once; the domain objects made before it are dropped with the result (close() == 0)."""
    mine, _ = conns
    freed = _recording_free(ours, monkeypatch, interrupt=True)
    with pytest.raises(KeyboardInterrupt):
        mine.getAllDomainStats()
    assert len(freed) == 1


def test_an_error_frees_nothing_and_raises(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = conns
    other = ours.open(URI)
    doms = [mine.lookupByName(DOMAIN), other.lookupByName(DOMAIN)]
    freed = _recording_free(ours, monkeypatch)
    with pytest.raises(ours.libvirtError) as raised:
        mine.domainListGetStats(doms)  # domains of two connections
    assert raised.value.get_error_code() == ours.VIR_ERR_INVALID_ARG and freed == []
    del doms, raised  # the traceback's frames hold the list
    gc.collect()
    assert other.close() == 0


def test_no_leak(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Resident memory and malloc's bytes in use stay flat over 20,000 calls; without the list free, the records show."""
    mine, _ = conns
    dom = mine.lookupByName(DOMAIN)
    for call in (mine.getAllDomainStats, lambda: mine.domainListGetStats([dom])):
        growth = growth_kib(call, 2_000, 20_000)
        assert growth < 4096, f"RSS grew by {growth} KiB over 20,000 calls"
        assert malloc_growth(call, 20_000) < 64 * 1024
    # the check itself: without the list free the records show (on a connection of its own: they keep it referenced)
    leaking = ours.open(URI)
    monkeypatch.setattr(ours, "_virDomainStatsRecordListFree", lambda _pointer: None)
    assert malloc_growth(leaking.getAllDomainStats, 20_000) > 1024 * 1024
    monkeypatch.undo()
    assert leaking.close() > 0  # the leaked records' domains still hold it


def test_the_domains_of_the_list_live_until_the_call_returns(ours: ModuleType, conns: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (session 15): a sequence making a new object per item (or a list another thread empties) left the C array
    holding pointers the drain before the call released: valgrind showed virDomainListGetStats reading freed memory."""
    from collections.abc import Sequence

    mine, _ = conns
    released: list[int] = []
    real_free = ours._virDomainFree
    monkeypatch.setattr(ours, "_virDomainFree", lambda pointer: (released.append(pointer), real_free(pointer))[1])
    seen: list[list[int]] = []
    real_call = ours._virDomainListGetStats

    def call(doms: Any, *rest: Any) -> Any:
        pointers = []
        for pointer in doms:
            if pointer is None:
                break
            pointers.append(pointer)
        seen.append([p for p in pointers if p in released])  # released before C reads them
        return real_call(doms, *rest)

    monkeypatch.setattr(ours, "_virDomainListGetStats", call)

    class Lazy(Sequence[Any]):
        def __len__(self) -> int:
            return 3

        def __getitem__(self, index: Any) -> Any:
            if isinstance(index, int) and index < 3:
                return mine.lookupByName(DOMAIN)  # a new object, no one else's to keep
            raise IndexError(index)

    records = mine.domainListGetStats(Lazy())
    assert [(dom.name(), stats["state.state"]) for dom, stats in records] == [(DOMAIN, 1)] * 3
    assert seen == [[]]
