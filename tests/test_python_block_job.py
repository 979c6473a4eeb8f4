"""``dom.getBlockJobInfo(disk, flags=0)`` (also ``blockJobInfo``): a struct the C function fills or not, saying which
by its return (``virDomainGetBlockJobInfo``: "-1 in case of failure, 0 when nothing found, 1 when info was found").

libvirt-python 9.0.0 returns ``{}`` for 0 and ``{type, bandwidth, cur, end}``
for 1; so do these bindings.  The test driver has no block jobs (both
bindings raise the same ``VIR_ERR_NO_SUPPORT``), so the 0 and 1 answers are
checked with a stand-in for the C function that fills the caller's struct
as libvirt does.
"""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import pytest
from python_support import URI, load_reference, whole_tree_plan

FUNCTION = "virDomainGetBlockJobInfo"


def test_the_rule_binds_it_with_libvirt_pythons_shape() -> None:
    plan = whole_tree_plan()
    view = next(m for c in plan.classes for m in c.methods if m.c_name == FUNCTION)
    assert (view.owner, view.name, view.aliases) == ("virDomain", "getBlockJobInfo", ("blockJobInfo",))
    assert [(a.name, a.default) for a in view.args] == [("disk", None), ("flags", "0")]
    assert (view.result, view.annotation, view.found_keys) == ("found", "dict[str, int]", ("type", "bandwidth", "cur", "end"))
    assert FUNCTION not in {s.function for s in plan.skipped}
    assert "virDomainBlockJobInfo" in {s.name for s in plan.filled_structs}
    doc = " ".join(view.doc.split())
    assert ":returns: @info as a dict (type, bandwidth, cur, end) when the C function returns 1, {} when it returns 0." in doc
    assert "-1 in case of failure" not in doc
    # only this function's return gives 1 a meaning naming its struct: the other filled structs still return 0 or -1
    assert [m.c_name for c in plan.classes for m in c.methods if m.result == "found"] == [FUNCTION]


def test_positional_calls_are_libvirt_pythons(ours: ModuleType) -> None:
    theirs = load_reference()
    assert list(inspect.signature(ours.virDomain.blockJobInfo).parameters) == ["self", "disk", "flags"]
    assert list(inspect.signature(theirs.virDomain.blockJobInfo).parameters) == ["self", "path", "flags"]  # rule 7: C's keyword
    assert inspect.signature(ours.virDomain.blockJobInfo).parameters["flags"].default == 0


def _fake(ret: int, fields: dict[str, int], calls: list[tuple[Any, ...]]) -> Any:
    """A stand-in for the C function: records its arguments, writes ``fields`` into the caller's struct, returns ``ret``."""

    def fake(c_dom: object, c_disk: bytes, info: Any, flags: int) -> int:
        calls.append((c_dom, c_disk, flags))
        for name, value in fields.items():
            setattr(info, name, value)
        return ret

    return fake


def test_one_is_the_struct_as_a_dict_and_zero_is_empty(ours: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = ours.open(URI)
    dom = conn.lookupByName("test")
    calls: list[tuple[Any, ...]] = []
    filled = {"type": ours.VIR_DOMAIN_BLOCK_JOB_TYPE_COPY, "bandwidth": 2**64 - 1, "cur": 2**63 + 5, "end": 2**64 - 1}
    monkeypatch.setattr(ours, "_" + FUNCTION, _fake(1, filled, calls))
    info = dom.blockJobInfo("vda", ours.VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES)
    assert info == filled and list(info) == ["type", "bandwidth", "cur", "end"]  # unsigned long (long) kept whole
    assert all(type(v) is int for v in info.values())
    assert calls == [(dom.c_pointer(), b"vda", ours.VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES)]
    # 0: nothing found, whatever the struct holds
    monkeypatch.setattr(ours, "_" + FUNCTION, _fake(0, {"type": 3, "cur": 1}, calls))
    assert dom.getBlockJobInfo("vda") == {}
    assert calls[-1][2] == 0
    conn.close()


def test_failures_are_libvirt_pythons(ours: ModuleType) -> None:
    theirs = load_reference()
    theirs.registerErrorHandler(lambda *_args: None, None)
    results = []
    for lib in (ours, theirs):
        conn = lib.open(URI)
        dom = conn.lookupByName("test")
        outcome = []
        for arguments in (("vda", 0), ("nope",)):
            with pytest.raises(lib.libvirtError) as raised:
                dom.blockJobInfo(*arguments)
            outcome.append((raised.value.get_error_code(), raised.value.get_error_domain(), raised.value.get_error_message()))
        results.append(outcome)
        conn.close()
    assert results[0] == results[1]
    assert results[0][0] == (3, 20, "this function is not supported by the connection driver: virDomainGetBlockJobInfo")
    dom = ours.open(URI).lookupByName("test")
    dom.close()  # a closed handle: libvirt checks the NULL (libvirt-python's objects have no close())
    with pytest.raises(ours.libvirtError) as raised:
        dom.blockJobInfo("vda")
    error = (raised.value.get_error_code(), raised.value.get_error_message())
    assert error == (ours.VIR_ERR_INVALID_DOMAIN, "invalid domain pointer in virDomainGetBlockJobInfo")
    with pytest.raises(TypeError):
        ours.open(URI).lookupByName("test").blockJobInfo(None)
