"""The RPC client's argument errors name the argument, in the ctypes bindings' words (QA, session 29:
``lookupByName(None)`` said "expected a str, got NoneType" and ``listAllCheckpoints(2**40)``
"1099511627776 does not fit in an unsigned 32-bit integer", naming neither ``name`` nor ``flags``).
Each is raised before anything is sent, and the connection stays usable."""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rpc_support import BASIC_ANSWERS, AnsweringServer, answering_server, load_client, sample_client
from test_rpc_unused_helpers import every_helper_client

from generator.frontend import load_tree

OPENED = [66, 1]  # AUTH_LIST, CONNECT_OPEN: what the fake daemon sees before any call


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_arguments")


@pytest.fixture(scope="module")
def packers(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """A client with all four integer packers: the sample's procedures need no 64-bit one, so its client has none."""
    return every_helper_client(tmp_path_factory, "libvirt_remote_argument_packers")


@pytest.fixture()
def server() -> Iterator[AnsweringServer]:
    with answering_server({**BASIC_ANSWERS, 413: lambda call: (bytes(8), 0)}) as running:  # no checkpoints
        yield running


def _raised(action: Callable[[], object]) -> tuple[str, str]:
    try:
        action()
    except Exception as error:  # any: the test is about which one
        return type(error).__name__, str(error)
    raise AssertionError("nothing raised")


class Seven:
    """An integer that is no int (numpy's are such): taken through __index__, as the bindings take it."""

    def __index__(self) -> int:
        return 7


class Flag(enum.IntFlag):
    A = 1


def test_each_wrong_argument_is_named(client: ModuleType, server: AnsweringServer) -> None:
    conn = client.open(server.uri)
    dom = client.virDomain(conn._conn, ("test", bytes(16), 1))
    seen = {
        "name None": _raised(lambda: conn.lookupByName(None)),
        "name int": _raised(lambda: conn.lookupByName(3)),
        "flags 2**40": _raised(lambda: dom.listAllCheckpoints(2**40)),
        "flags -1": _raised(lambda: dom.listAllCheckpoints(-1)),
        "flags float": _raised(lambda: dom.listAllCheckpoints(1.0)),
        "flags str": _raised(lambda: dom.listAllCheckpoints(flags="1")),
        "xmlDesc too long": _raised(lambda: dom.checkpointCreateXML("\u00e9" * (1 << 21) + "x")),
        "xmlDesc surrogate": _raised(lambda: dom.checkpointCreateXML("<x>\udc80</x>")),
        "xmlDesc NUL": _raised(lambda: dom.checkpointCreateXML("<x/>\0")),
    }
    assert seen == {
        "name None": ("TypeError", "name must be str, not NoneType"),
        "name int": ("TypeError", "name must be str, not int"),
        "flags 2**40": ("OverflowError", "flags=1099511627776 is outside the C type's range 0..4294967295"),
        "flags -1": ("OverflowError", "flags=-1 is outside the C type's range 0..4294967295"),
        "flags float": ("TypeError", "flags must be int, not float"),
        "flags str": ("TypeError", "flags must be int, not str"),
        "xmlDesc too long": ("ValueError", "xmlDesc has 4194305 bytes in UTF-8, more than the protocol's 4194304"),
        "xmlDesc surrogate": ("UnicodeEncodeError", "'utf-8' codec can't encode character '\\udc80' in position 3: xmlDesc: surrogates not allowed"),
        "xmlDesc NUL": ("ValueError", "xmlDesc: embedded null character"),  # libvirt-python's words, named (tests/test_rpc_daemon.py)
    }
    # integers that are no int still go through, as their value
    assert [dom.listAllCheckpoints(value) for value in (Seven(), Flag.A, True)] == [[], [], []]
    assert server.procedures == [*OPENED, 413, 413, 413]  # nothing was sent for a wrong argument
    assert conn.lookupByName("test").name() == "test"  # and the connection is fine
    conn._abort()


def _valid(annotation: str, client: ModuleType, dom: Any) -> object:
    """A value each parameter type accepts (a handle of the class it names)."""
    if annotation == "str":
        return "x"
    if annotation == "str | None":
        return None
    if annotation == "int":
        return 0
    return {"virDomain": dom, "virDomainCheckpoint": client.virDomainCheckpoint(dom._conn, ("c", dom._wire))}[annotation]


def _every_parameter_named(client: ModuleType, server: AnsweringServer) -> list[str]:
    """For every method that sends a procedure and each of its parameters: the error when that parameter
    is wrong (an object() fits none) and the ones before it are right; it must start with its name."""
    conn = client.open(server.uri)
    dom = client.virDomain(conn._conn, ("test", bytes(16), 1))
    objects = {"virConnect": conn, "virDomain": dom, "virDomainCheckpoint": _valid("virDomainCheckpoint", client, dom)}
    checked = []
    for cls, obj in objects.items():
        for name, method in inspect.getmembers(obj, inspect.ismethod):
            doc = method.__doc__ or ""
            if name.startswith("_") or "through remote procedure" not in doc:
                continue
            params = list(inspect.signature(method).parameters.values())
            for index, param in enumerate(params):
                args = [_valid(str(p.annotation), client, dom) for p in params[:index]] + [object()]
                kind, message = _raised(functools.partial(method, *args))
                assert kind == "TypeError" and message.startswith(f"{param.name} must be "), (cls, name, param.name, message)
                checked.append(f"{cls}.{name}({param.name})")
    assert server.procedures == OPENED
    conn._abort()
    return checked


def test_every_parameter_of_every_method_is_named(client: ModuleType, server: AnsweringServer) -> None:
    assert _every_parameter_named(client, server) == [
        "virConnect.lookupByName(name)",
        "virDomain.checkpointCreateXML(xmlDesc)",
        "virDomain.checkpointCreateXML(flags)",
        "virDomain.checkpointLookupByName(name)",
        "virDomain.checkpointLookupByName(flags)",
        "virDomain.listAllCheckpoints(flags)",
        "virDomainCheckpoint.XMLDesc(flags)",  # getXMLDesc's alias (the bindings' name for it too)
        "virDomainCheckpoint.delete(flags)",
        "virDomainCheckpoint.getParent(flags)",
        "virDomainCheckpoint.getXMLDesc(flags)",
        "virDomainCheckpoint.listAllChildren(flags)",
        "virDomainCheckpoint.parent(flags)",  # getParent's alias
    ]


def test_every_parameter_of_a_real_trees_client_is_named(libvirt_tree: Path, tmp_path: Path, server: AnsweringServer) -> None:
    client = load_client(load_tree(libvirt_tree).api, tmp_path, "libvirt_remote_arguments_real")
    assert len(_every_parameter_named(client, server)) >= 10


class Index:
    """An integer given by __index__ alone (numpy's are such), of any value."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


@pytest.mark.parametrize(
    ("packer", "value", "message"),
    [
        # struct.pack lets a >q/>Q OverflowError through, not struct.error, for a value that is no int
        # (review, session 29: the bare "can't convert negative int to unsigned", no name); what
        # __index__ gave is struct.pack's alone, and asking again would run the caller's code twice
        ("_pack_u64", Index(-1), "size=Index.__index__() is outside the C type's range 0..18446744073709551615"),
        ("_pack_u64", Index(2**64), "size=Index.__index__() is outside the C type's range 0..18446744073709551615"),
        ("_pack_i64", Index(2**63), "size=Index.__index__() is outside the C type's range -9223372036854775808..9223372036854775807"),
        ("_pack_u32", Index(-1), "size=Index.__index__() is outside the C type's range 0..4294967295"),
        ("_pack_i32", Index(2**31), "size=Index.__index__() is outside the C type's range -2147483648..2147483647"),
        ("_pack_u64", -1, "size=-1 is outside the C type's range 0..18446744073709551615"),
        ("_pack_u32", Flag(2**32), "size=4294967296 is outside the C type's range 0..4294967295"),  # its int, not its str()
    ],
)
def test_every_integer_packer_names_an_out_of_range_value(packers: ModuleType, packer: str, value: object, message: str) -> None:
    out: list[bytes] = []
    assert _raised(lambda: getattr(packers, packer)(out, value, "size")) == ("OverflowError", message)
    assert out == []
    getattr(packers, packer)(out, Index(5), "size")  # and an in-range one packs as its int
    assert out and out[0].endswith(b"\x05")


class Counted:
    """An ``__index__`` that counts its calls and returns ``answer``, or raises it when it is an exception."""

    def __init__(self, answer: int | Exception) -> None:
        self.answer = answer
        self.calls = 0

    def __index__(self) -> int:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


RANGES = {"_pack_i32": (-(2**31), 2**31 - 1), "_pack_u32": (0, 2**32 - 1), "_pack_i64": (-(2**63), 2**63 - 1), "_pack_u64": (0, 2**64 - 1)}
OUT_OF_RANGE = "size=Counted.__index__() is outside the C type's range {low}..{high}"


@pytest.mark.parametrize("packer", sorted(RANGES))
@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (lambda low, high: low - 1, ("OverflowError", OUT_OF_RANGE)),
        (lambda low, high: high + 1, ("OverflowError", OUT_OF_RANGE)),
        (lambda low, high: 2**100, ("OverflowError", OUT_OF_RANGE)),
        (lambda low, high: OverflowError("mine"), ("OverflowError", "mine")),  # the caller's own error, unchanged
        (lambda low, high: TypeError("mine"), ("TypeError", "mine")),
        (lambda low, high: ValueError("mine"), ("ValueError", "mine")),
        (lambda low, high: high, None),
    ],
    ids=["below", "above", "2**100", "raises OverflowError", "raises TypeError", "raises ValueError", "in range"],
)
def test_an_index_is_called_once(packers: ModuleType, packer: str, answer: Callable[[int, int], int | Exception], expected: tuple[str, str] | None) -> None:
    """The error path called __index__ again to show the number: a second call may answer
    otherwise, or act twice; struct.pack's one call is the only one.  An error __index__ raises
    is the caller's, passed on as it is (an OverflowError of its own was once taken for a range
    error and replaced)."""
    low, high = RANGES[packer]
    value = Counted(answer(low, high))
    out: list[bytes] = []
    if expected is None:
        getattr(packers, packer)(out, value, "size")
        assert len(out) == 1
    else:
        kind, message = _raised(lambda: getattr(packers, packer)(out, value, "size"))
        assert (kind, message) == (expected[0], expected[1].format(low=low, high=high))
        assert out == []
    assert value.calls == 1


class _MetaIndexed(type):
    def __index__(cls) -> int:
        return 1


class _Instance(metaclass=_MetaIndexed):
    """An object whose type has no __index__, only the type's type: no integer to struct.pack."""


@pytest.mark.parametrize("packer", sorted(RANGES))
def test_an_index_of_the_metaclass_does_not_make_an_integer(packers: ModuleType, packer: str) -> None:
    kind, message = _raised(lambda: getattr(packers, packer)([], _Instance(), "size"))
    assert (kind, message) == ("TypeError", "size must be int, not _Instance")
