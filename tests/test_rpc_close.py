"""``close()`` of the generated RPC client, as libvirt-python's: it returns 0
or 1 by the handles and calls in flight and refuses a second time; it counts
handles when made (copies too) without scanning the heap (a frozen heap, a
line tracer, a kept error or a call failing in the user's except block change
nothing); a call in another thread keeps its handle working; a peer gone
never kills the process with SIGPIPE and gives libvirt.so's error."""

from __future__ import annotations

import copy
import errno
import gc
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rpc_support import AUTH_NONE_LIST, HEADER, REFUSED, Daemon, fake_server, load_client, private_libvirtd, read_call, reply_to, socket_uri
from rpc_support import raised_error as _err

from generator.frontend import load_tree
from generator.model import Api


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


@pytest.fixture(scope="module")
def client(sample_api: Api, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_client(sample_api, tmp_path_factory.mktemp("client"), "libvirt_remote_qa7")


@pytest.fixture(scope="module")
def daemon() -> Iterator[Daemon]:
    with private_libvirtd() as running:
        yield running


# --- close() as libvirt-python's ------------------------------------------------------------------


def _close_story(lib: ModuleType, uri: str) -> list[object]:
    """What close() returns and what the handles and the connection do after it."""
    seen: list[object] = []
    conn = lib.open(uri)
    dom = conn.lookupByName("test")
    seen.append(conn.close())  # a handle is alive: 1, and the connection stays open for it
    seen.append(dom.listAllCheckpoints())
    checkpoint = dom.checkpointCreateXML("<domaincheckpoint><name>after-close</name></domaincheckpoint>")
    seen.append(checkpoint.getName())
    seen.append(checkpoint.delete())
    seen.append(_err(lib, conn.close))
    seen.append(_err(lib, lambda: conn.lookupByName("test")))
    conn = lib.open(uri)
    seen.append(conn.lookupByName("test").name())  # the handle is gone at once
    seen.append(conn.close())
    conn = lib.open(uri)
    dom = conn.lookupByName("test")
    del dom
    seen.append(conn.close())
    try:
        with lib.open(uri) as conn:
            conn.close()
        seen.append("no error")
    except lib.libvirtError as error:  # leaving the block closes again
        seen.append(tuple(error.err))
    return seen


def test_close_returns_and_refuses_as_libvirt_python(daemon: Daemon, client: ModuleType, libvirt_python: ModuleType) -> None:
    """QA: ours returned 0 with a domain alive, whose next call raised 39; a second close() returned 0."""
    ours, theirs = _close_story(client, daemon.uri), _close_story(libvirt_python, daemon.uri)
    assert ours == theirs
    invalid = (6, 0, "invalid connection pointer in virConnectClose", 2, "invalid connection pointer in %s", "virConnectClose", None, -1, -1)
    lookup = (6, 20, "invalid connection pointer in virDomainLookupByName", 2, "invalid connection pointer in %s", "virDomainLookupByName", None, -1, -1)
    assert ours == [1, [], "after-close", 0, invalid, lookup, "test", 0, 0, invalid]


def test_a_connection_held_open_by_handles_closes_its_socket_once_garbage(daemon: Daemon, client: ModuleType) -> None:
    conn = client.open(daemon.uri)
    dom = conn.lookupByName("test")
    sock = conn._conn._sock
    assert conn.close() == 1 and sock.fileno() != -1
    del conn, dom
    gc.collect()
    assert sock.fileno() == -1


# --- close() counts the session's references; no SIGPIPE; the error after a failure ----------

LOOKUP_REPLY = b"\0\0\0\x04test" + bytes(16) + b"\0\0\0\x01"


NO_CHECKPOINTS = bytes(8)  # an empty list, then its count


BODIES = {66: AUTH_NONE_LIST, 1: b"", 2: b"", 23: LOOKUP_REPLY, 413: NO_CHECKPOINTS}


def _answer_all(hold: Callable[[int], None] = lambda procedure: None) -> Callable[[socket.socket, list[bytes]], None]:
    """A daemon answering every call from BODIES until the client leaves; ``hold(procedure)`` runs before each reply."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        while True:
            call = read_call(conn)
            procedure = HEADER.unpack_from(call)[3]
            received.append(call)
            hold(procedure)
            conn.sendall(reply_to(call, BODIES[procedure]))

    return behave


def _procedures(received: list[bytes]) -> list[int]:
    return [HEADER.unpack_from(call)[3] for call in received]


def test_close_does_not_scan_the_heap(client: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review: close() asked gc.get_referrers, O(heap) with the GIL held (80 ms with 8M objects)."""

    def scan(*objects: object) -> list[object]:
        raise AssertionError("close() scanned the heap")

    monkeypatch.setattr(gc, "get_referrers", scan)
    monkeypatch.setattr(gc, "get_objects", scan)
    with fake_server(_answer_all()) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        dom = conn.lookupByName("test")
        assert conn.close() == 1  # the domain holds the session open
        assert dom.listAllCheckpoints() == []
        del dom  # the last reference: the socket closes and the fake server's thread ends
    with fake_server(_answer_all()) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        assert conn.lookupByName("test").name() == "test"  # the handle is gone at once
        assert conn.close() == 0
        assert _procedures(server.received) == [66, 1, 23, 2]


def test_a_frozen_heap_does_not_hide_a_live_handle(client: ModuleType) -> None:
    """Review: after gc.freeze(), close() returned 0 with a domain alive, whose next call raised (39, 7, 'the connection is closed')."""
    with fake_server(_answer_all()) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        dom = conn.lookupByName("test")
        gc.freeze()
        try:
            closed = conn.close()
        finally:
            gc.unfreeze()
        assert closed == 1
        assert dom.listAllCheckpoints() == []
        assert 2 not in _procedures(server.received)  # no CONNECT_CLOSE while the handle lives
        del dom  # the last reference: the socket closes (the fake server's thread ends)


def test_close_during_a_call_in_another_thread_leaves_its_handle_working(client: ModuleType) -> None:
    """Review: close() returned 0 and ended the session while another thread's lookupByName was
    waiting for its reply; the domain that call returned then raised error 39."""
    arrived, closed = threading.Event(), threading.Event()

    def hold(procedure: int) -> None:
        if procedure == 23:  # the lookup is in the server's hands: let close() run, then reply
            arrived.set()
            closed.wait(3)  # generous: only the code before the fix lets it run out

    with fake_server(_answer_all(hold)) as server:
        conn = client.open(socket_uri(server.path), timeout=10)
        got: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: got.setdefault("dom", conn.lookupByName("test")))
        thread.start()
        assert arrived.wait(10)
        returned = conn.close()
        closed.set()
        thread.join(10)
        assert returned == 1
        assert got["dom"].listAllCheckpoints() == []
        assert got["dom"].getConnect() is conn
        assert 2 not in _procedures(server.received)
        got.clear()  # the last reference: the socket closes (the fake server's thread ends)


SIGPIPE_SCRIPT = """
import select, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # as a CLI piping into `head` does
sys.path.insert(0, sys.argv[1])
import libvirt_remote_sigpipe as lib
dom = lib.open(sys.argv[2], timeout=10).lookupByName("test")
poller = select.poll()
poller.register(dom._conn._sock, select.POLLRDHUP)
assert poller.poll(10000), "the server did not hang up"
try:
    dom.listAllCheckpoints()
except lib.libvirtError as error:
    print(error.err[:3])
"""


def test_a_peer_gone_does_not_kill_the_process_with_sigpipe(sample_api: Api, tmp_path: Path) -> None:
    """Review: with SIGPIPE's default action, the call after the daemon hung up killed the process (status 141)."""
    load_client(sample_api, tmp_path, "libvirt_remote_sigpipe")

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        for _ in range(3):  # AUTH_LIST, CONNECT_OPEN, the lookup: then hang up
            call = read_call(conn)
            conn.sendall(reply_to(call, BODIES[HEADER.unpack_from(call)[3]]))

    with fake_server(behave) as server:
        done = subprocess.run([sys.executable, "-c", SIGPIPE_SCRIPT, str(tmp_path), socket_uri(server.path)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "(38, 7, 'Cannot write data: Broken pipe')", "")


def test_after_close_returned_1_a_broken_socket_gives_libvirt_sos_error(client: ModuleType) -> None:
    """Review: close() returned 1, the server hung up; the handle's second call raised
    (39, 7, 'the connection is closed') instead of libvirt.so's 'client socket is closed'."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        for _ in range(3):  # AUTH_LIST, CONNECT_OPEN, the lookup
            call = read_call(conn)
            conn.sendall(reply_to(call, BODIES[HEADER.unpack_from(call)[3]]))
        read_call(conn)  # the next call: hang up without a reply

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=10)
        dom = conn.lookupByName("test")
        assert conn.close() == 1
        first, second = _err(client, dom.listAllCheckpoints), _err(client, dom.listAllCheckpoints)
    eof = "End of file while reading data: Input/output error"
    assert first == (38, 7, eof, 2, "%s", eof, None, errno.EIO, -1)
    assert second == (1, 7, "internal error: client socket is closed", 2, "internal error: %s", "client socket is closed", None, -1, -1)


def test_a_kept_error_does_not_hold_the_connection_open(client: ModuleType) -> None:
    """A kept exception (pytest.raises, a log record) holds its traceback's frames and their locals:
    not the session, or close() would return 1 where libvirt-python returns 0."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        while True:
            call = read_call(conn)
            procedure = HEADER.unpack_from(call)[3]
            received.append(call)
            conn.sendall(reply_to(call, REFUSED, 1) if procedure == 23 else reply_to(call, BODIES[procedure]))

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        with pytest.raises(client.libvirtError) as kept:
            conn.lookupByName("test")
        assert conn.close() == 0
        assert kept.value.get_error_message() == "refused"
        assert _procedures(server.received) == [66, 1, 23, 2]


# --- close() counts handles and calls in flight; no frame clearing, no refcount baseline ----------


def _answer_lookup_with(body: bytes, status: int = 0) -> Callable[[socket.socket, list[bytes]], None]:
    """A daemon answering the lookup (procedure 23) with ``body`` and ``status``, every other call from BODIES."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        while True:
            call = read_call(conn)
            procedure = HEADER.unpack_from(call)[3]
            received.append(call)
            conn.sendall(reply_to(call, body, status) if procedure == 23 else reply_to(call, BODIES[procedure]))

    return behave


def _users_own(secret: int) -> None:
    detail = {"important": secret}
    raise ValueError(f"user's own {detail}")


def test_a_call_failing_in_the_users_except_block_leaves_the_users_locals(client: ModuleType) -> None:
    """Review: a failed call made while handling the user's exception cleared the frames of that
    exception's traceback (via __context__): the locals of the user's function became {}."""
    with fake_server(_answer_lookup_with(REFUSED, 1)) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        with pytest.raises(client.libvirtError) as kept:
            try:
                _users_own(42)
            except ValueError:
                conn.lookupByName("test")
        own = kept.value.__context__
        assert isinstance(own, ValueError)
        tb = own.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        assert tb is not None and tb.tb_frame.f_code.co_name == "_users_own"
        assert tb.tb_frame.f_locals == {"secret": 42, "detail": {"important": 42}}
        assert conn.close() == 0  # and the kept error still does not hold the connection


def _line_tracer(frame: object, event: str, arg: object) -> Callable[..., object]:
    return _line_tracer  # traces every line, as pdb, trace.py and coverage's Python tracer do


def test_close_under_a_line_tracer_returns_0_when_no_handle_is_alive(client: ModuleType) -> None:
    """Review: under sys.settrace, CPython 3.11/3.12 copies a frame's locals into f_locals, one more
    reference to the session: close() returned 1, sent no CONNECT_CLOSE and left the socket open."""
    with fake_server(_answer_all()) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        session = conn._conn
        assert conn.lookupByName("test").name() == "test"  # the handle is gone at once
        before = sys.gettrace()
        sys.settrace(_line_tracer)
        try:
            returned = conn.close()
        finally:
            sys.settrace(before)
        assert (returned, session._sock) == (0, None)
        assert _procedures(server.received) == [66, 1, 23, 2]
    with fake_server(_answer_all()) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        dom = conn.lookupByName("test")
        sys.settrace(_line_tracer)
        try:
            returned = conn.close()
        finally:
            sys.settrace(before)
        assert returned == 1  # a live handle still counts under the tracer
        assert dom.listAllCheckpoints() == []
        del dom  # the last reference: the socket closes (the fake server's thread ends)


def test_a_kept_malformed_reply_error_does_not_hold_the_connection(client: ModuleType) -> None:
    """Review: the error of a malformed reply is raised after _call returned (by its reader), whose
    kept traceback held the session: close() returned 1 where docs/rpc.md says a kept error does not count."""
    with fake_server(_answer_lookup_with(b"\0\0\0\x01x\0\0\0")) as server:  # the domain's UUID and id are missing
        conn = client.open(socket_uri(server.path), timeout=5)
        with pytest.raises(client.libvirtError) as kept:
            conn.lookupByName("test")
        assert kept.value.err[:2] == (39, 7)
        assert "malformed reply body" in kept.value.get_error_message()
        assert conn.close() == 0
        assert _procedures(server.received) == [66, 1, 23]  # the connection was dropped with the bad reply


def test_a_copied_handle_holds_the_connection_too(client: ModuleType) -> None:
    """Handles are counted when made: copy's default (no __init__) would let close() miss a copy, or
    count one handle gone twice."""
    with fake_server(_answer_all()) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        dom = conn.lookupByName("test")
        twin, deep = copy.copy(dom), copy.deepcopy(dom)
        assert twin == dom == deep and twin is not dom and deep._conn is dom._conn
        del dom, deep
        assert conn.close() == 1
        assert twin.listAllCheckpoints() == []
        del twin  # the last reference: the socket closes (the fake server's thread ends)


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_handle_made_with_no_session_fails_once_and_quietly(client: ModuleType) -> None:
    """Its __init__ raises; its __del__ then has no session to give the count back to: no second error."""
    with pytest.raises(AttributeError):
        client.virDomain(object(), ("test", b"\0" * 16, 1))
    gc.collect()
