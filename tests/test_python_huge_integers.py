"""An integer too big for its C type is an ``OverflowError`` however big it is.

Python refuses ``str()`` of an int of more than 4300 digits (``ValueError``,
``sys.set_int_max_str_digits``), so a message that formats the value
replaced the ``OverflowError`` docs/python-bindings.md promises with that
``ValueError`` (QA, session 33: ``dom.listAllCheckpoints(2**20000)``).  A
value past 100 bits is named by its size, which keeps the message short;
smaller ones keep their digits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from python_support import URI, clean_domain, load_generated, whole_tree_fixtures

HUGE = 2**20000

package_folder, whole = whole_tree_fixtures("huge_integers")


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


@pytest.fixture
def dom(ours: ModuleType) -> Iterator[Any]:
    conn, domain = clean_domain(ours)
    yield domain
    conn.close()


@pytest.fixture
def whole_conn(whole: ModuleType) -> Iterator[Any]:
    conn = whole.open(URI)
    yield conn
    conn.close()


def _raised(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(("value", "message"), [
    (HUGE, "flags is a 20001-bit integer, outside the C type's range 0..4294967295"),
    (-HUGE, "flags is a negative 20001-bit integer, outside the C type's range 0..4294967295"),
    (2**1000, "flags is a 1001-bit integer, outside the C type's range 0..4294967295"),
], ids=["2**20000", "-2**20000", "2**1000"])  # pytest's own ids would str() the value
def test_a_huge_flags_value_is_an_overflow_error_with_a_short_message(dom: Any, value: int, message: str) -> None:
    error = _raised(lambda: dom.listAllCheckpoints(value))
    assert type(error) is OverflowError
    assert str(error) == message


def test_a_value_of_100_bits_keeps_its_digits(dom: Any) -> None:
    error = _raised(lambda: dom.listAllCheckpoints(2**100 - 1))
    assert type(error) is OverflowError
    assert str(error) == f"flags={2**100 - 1} is outside the C type's range 0..4294967295"


def test_every_integer_place_of_the_whole_tree_says_overflow(whole: ModuleType, whole_conn: Any) -> None:
    dom = whole_conn.lookupByName("test")
    calls: dict[str, Callable[[], object]] = {
        "setMemory": lambda: dom.setMemory(HUGE),
        "lookupByID": lambda: whole_conn.lookupByID(-HUGE),
        "typed parameter": lambda: dom.setSchedulerParameters({"weight": HUGE}),
        "typed value": lambda: dom.setSchedulerParameters({"weight": whole.TypedValue(HUGE, whole.VIR_TYPED_PARAM_UINT)}),
        "array element": lambda: dom.sendKey(0, 0, [HUGE]),
    }
    for label, call in calls.items():
        error = _raised(call)
        assert type(error) is OverflowError, (label, error)
        assert "20001-bit integer, outside the C type's range" in str(error) and len(str(error)) < 120, (label, error)


def test_other_messages_naming_a_huge_value_stay_readable(whole: ModuleType, whole_conn: Any) -> None:
    dom = whole_conn.lookupByName("test")
    cpumap = _raised(lambda: dom.pinVcpu(0, [HUGE]))
    assert type(cpumap) is ValueError and str(cpumap) == "cpumap[0] must be a bool (or 0 or 1), not a 20001-bit integer"
    typed = _raised(lambda: dom.setSchedulerParameters({"weight": whole.TypedValue(1, HUGE)}))
    assert type(typed) is ValueError and "TypedValue type a 20001-bit integer is none of the VIR_TYPED_PARAM_* types" in str(typed)
