"""A wrong argument's ``TypeError`` says what the parameter takes, and hides no cause.

QA, session 33: ``open(5)`` said ``name must be str, not int`` though
``name`` takes None as well; and an object whose ``__index__`` returned a
str was told ``flags must be int, not BadIdx``, which hid the real fault
(Python's own ``__index__ returned non-int (type str)``).  The message
now names None where the parameter takes it, and an ``__index__`` that
fails is reported as that failure, the original chained.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from python_support import URI, clean_domain, load_generated, whole_tree_fixtures

package_folder, whole = whole_tree_fixtures("argument_messages")


class BadIndex:
    """An object whose ``__index__`` breaks its contract."""

    def __index__(self) -> Any:
        return "x"


class FailingIndex:
    """An object whose ``__index__`` raises a TypeError of its own."""

    def __index__(self) -> int:
        raise TypeError("not today")


class NoIndex:
    pass


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


@pytest.fixture
def dom(ours: ModuleType) -> Iterator[Any]:
    conn, domain = clean_domain(ours)
    yield domain
    conn.close()


@pytest.fixture
def whole_dom(whole: ModuleType) -> Iterator[Any]:
    conn = whole.open(URI)
    yield conn.lookupByName("test")
    conn.close()


def _type_error(call: Callable[[], object]) -> TypeError:
    with pytest.raises(TypeError) as caught:
        call()
    return caught.value


def test_an_optional_string_says_it_takes_none(ours: ModuleType) -> None:
    assert str(_type_error(lambda: ours.open(5))) == "name must be str or None, not int"
    assert str(_type_error(lambda: ours.openReadOnly(b"test:///default"))) == "name must be str or None, not bytes"


def test_a_required_string_says_str_only(dom: Any) -> None:
    assert str(_type_error(lambda: dom.checkpointLookupByName(None))) == "name must be str, not NoneType"


def test_a_failing_index_is_told_as_its_failure_and_chained(dom: Any) -> None:
    error = _type_error(lambda: dom.listAllCheckpoints(BadIndex()))
    assert str(error) == "flags: __index__ returned non-int (type str)"
    assert isinstance(error.__cause__, TypeError) and str(error.__cause__) == "__index__ returned non-int (type str)"
    raised = _type_error(lambda: dom.listAllCheckpoints(FailingIndex()))
    assert str(raised) == "flags: not today" and str(raised.__cause__) == "not today"


def test_an_object_without_index_is_still_the_wrong_type(dom: Any) -> None:
    assert str(_type_error(lambda: dom.listAllCheckpoints(NoIndex()))) == "flags must be int, not NoIndex"
    assert str(_type_error(lambda: dom.listAllCheckpoints(1.5))) == "flags must be int, not float"


def test_the_whole_tree_names_none_where_a_parameter_takes_it(whole_dom: Any) -> None:
    conn = whole_dom.connect()
    assert str(_type_error(lambda: conn.domainEventRegisterAny(5, 0, lambda *a: None, None))) == "dom must be a virDomain or None, not int"
    assert str(_type_error(lambda: whole_dom.FSFreeze(5))) == "mountpoints must be a sequence of str, or None, not int"
    assert str(_type_error(lambda: whole_dom.blockCopy("vda", "<disk/>", 5))) == "params must be a mapping (a dict) or None, not int"
    assert str(_type_error(lambda: conn.lookupByName(None))) == "name must be str, not NoneType"


def test_a_bool_parameter_tells_a_failing_index_too(whole_dom: Any) -> None:
    error = _type_error(lambda: whole_dom.getCPUStats(BadIndex()))
    assert str(error) == "total: __index__ returned non-int (type str)" and isinstance(error.__cause__, TypeError)
    assert str(_type_error(lambda: whole_dom.getCPUStats(NoIndex()))) == "total must be bool or int, not NoIndex"
