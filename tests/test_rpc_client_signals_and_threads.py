"""The generated RPC client under signals, threads sharing a connection, a reload and a dropped connection.

* A signal arriving more often than the timeout (a timer, SIGCHLD) restarted
  the kernel's receive timeout on every retry of the read, so a call to a
  stuck daemon never ended; the read now waits in poll(), which Python
  retries with the time left.
* Threads sharing a connection: the deadline started once the lock was
  held, so N queued calls took up to N timeouts; it now starts with the call.
* A signal handler calling on the connection during a call in the same
  thread waited for ever for the lock its own thread held; it is refused.
* After ``importlib.reload`` of the client, ``close()`` and ``repr()`` of a
  connection closed earlier raised ``AttributeError``.
* Ctrl-C while a reply is decoded ends the call; a connection dropped
  without ``close()`` closes its socket quietly; a timeout that is no number
  of seconds is refused before connecting.
"""

from __future__ import annotations

import gc
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO
from rpc_support import AUTH_NONE_LIST, fake_server, load_client, read_call, socket_uri

from generator.frontend import load_tree

HEADER_SIZE = 28
NO_CHECKPOINTS = b"\0" * 8  # remote_domain_list_all_checkpoints_ret: an empty array, ret 0


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_client(load_tree(sample_tree).api, tmp_path_factory.mktemp("client"), "libvirt_remote_qa9")


def reply_to(call: bytes, body: bytes = b"") -> bytes:
    header = bytearray(call[:HEADER_SIZE])
    header[0:4] = (HEADER_SIZE + len(body)).to_bytes(4, "big")
    header[16:20] = (1).to_bytes(4, "big")  # REPLY
    header[24:28] = (0).to_bytes(4, "big")  # OK
    return bytes(header) + body


def answer_open(conn: socket.socket) -> None:
    for _ in range(2):  # AUTH_LIST, CONNECT_OPEN
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST if int.from_bytes(call[12:16], "big") == 66 else b""))


def hold(conn: socket.socket) -> None:
    """Read the calls and never answer, until the client hangs up."""
    conn.settimeout(10)
    while conn.recv(4096):
        pass


def answer_slowly(seconds: float) -> object:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        answer_open(conn)
        while True:
            call = read_call(conn)
            time.sleep(seconds)
            conn.sendall(reply_to(call, NO_CHECKPOINTS))

    return behave


def _domain(client: ModuleType, conn: object) -> object:
    return client.virDomain(conn._conn, ("test", bytes(16), 1))  # type: ignore[attr-defined]


def test_a_periodic_signal_does_not_stretch_the_timeout(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        answer_open(conn)
        hold(conn)

    previous = signal.signal(signal.SIGALRM, lambda _signum, _frame: None)
    try:
        with fake_server(behave) as server:
            conn = client.open(socket_uri(server.path), timeout=0.5)
            dom = _domain(client, conn)
            signal.setitimer(signal.ITIMER_REAL, 0.1, 0.1)  # a harmless handler, five times a timeout
            start = time.monotonic()
            with pytest.raises(client.libvirtError) as error:
                dom.listAllCheckpoints()  # type: ignore[attr-defined]
            elapsed = time.monotonic() - start
            conn._abort()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert error.value.get_error_code() == 68  # VIR_ERR_OPERATION_TIMEOUT
    assert elapsed < 0.9, f"the call took {elapsed:.2f} s with a timeout of 0.5 s"


def test_waiting_for_other_threads_calls_counts_in_the_timeout(client: ModuleType) -> None:
    """4 threads, one connection, a daemon answering each call after 0.3 s, a timeout of 0.5 s: no call lasts past ~0.5 s."""
    outcomes: list[tuple[float, object]] = []
    with fake_server(answer_slowly(0.3)) as server:
        conn = client.open(socket_uri(server.path), timeout=0.5)
        dom = _domain(client, conn)

        def call() -> None:
            start = time.monotonic()
            try:
                result: object = dom.listAllCheckpoints()  # type: ignore[attr-defined]
            except client.libvirtError as error:
                result = error.get_error_code()
            outcomes.append((time.monotonic() - start, result))

        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        conn._abort()  # hang up: the fake server's thread ends
    assert len(outcomes) == 4
    assert max(seconds for seconds, _ in outcomes) < 0.85, outcomes  # before: 0.3, 0.6, 0.9, 1.2 s, all answered
    assert sorted(map(str, (result for _, result in outcomes)))[-1] == "[]"  # the first call got its answer
    assert all(result in ([], 68, 1) for _, result in outcomes), outcomes  # the others: timed out, or found the socket closed by a timeout


REENTRY = r"""
import signal, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from pathlib import Path
from rpc_support import fake_server, load_client, socket_uri
from generator.frontend import load_tree
import test_rpc_client_signals_and_threads as t
client = load_client(load_tree(Path(sys.argv[1]) / "generator" / "sample").api, Path(sys.argv[3]), "libvirt_remote_reentry")
seen = []
with fake_server(t.answer_slowly(0.6)) as server:
    conn = client.open(socket_uri(server.path), timeout=5)
    dom = t._domain(client, conn)
    def handler(signum, frame):
        try:
            seen.append(dom.listAllCheckpoints())
        except client.libvirtError as error:
            seen.append((error.get_error_code(), str(error)))
    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 0.1)
    print(dom.listAllCheckpoints(), seen)
    conn._abort()
"""


def test_a_signal_handlers_call_during_a_call_in_its_thread_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", REENTRY, str(REPO), str(REPO / "tests"), str(tmp_path)], capture_output=True, text=True, timeout=20, check=False
    )
    message = (
        "virDomainListAllCheckpoints (REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS, 413): "
        "this thread is inside another call on this connection (a signal handler's call?)"
    )
    assert (result.returncode, result.stdout) == (0, f"[] [(39, {message!r})]\n"), result.stderr


def test_close_and_repr_after_a_reload(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        answer_open(conn)
        conn.sendall(reply_to(read_call(conn)))  # CONNECT_CLOSE
        hold(conn)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=2)
        assert conn.close() == 0
        client.__spec__.loader.exec_module(client)  # what importlib.reload does: a new _Released class and object
        assert repr(conn).endswith(" closed>")
        with pytest.raises(client.libvirtError) as error:
            conn.close()
        server.listener.close()
    assert error.value.get_error_code() == 6  # VIR_ERR_INVALID_CONN, as libvirt-python's second close()


def test_ctrl_c_while_a_reply_is_decoded_ends_the_call(client: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader counted as a call in flight for ever, so close() said 1 with no handle alive and no call running."""

    def interrupted(_reader: object) -> int:
        raise KeyboardInterrupt

    with fake_server(answer_slowly(0)) as server:
        conn = client.open(socket_uri(server.path), timeout=2)
        dom = _domain(client, conn)
        with monkeypatch.context() as patch:
            patch.setattr(client._Reader, "i32", interrupted)
            with pytest.raises(KeyboardInterrupt):
                dom.listAllCheckpoints()  # type: ignore[attr-defined]
        assert dom.listAllCheckpoints() == []  # type: ignore[attr-defined]  # the connection is still usable
        del dom
        assert conn.close() == 0


def test_a_connection_dropped_without_close_closes_its_socket_quietly(client: ModuleType) -> None:
    hung_up = threading.Event()

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        answer_open(conn)
        conn.settimeout(10)
        if conn.recv(4096) == b"":  # nothing but the hang-up: no CONNECT_CLOSE from a finalizer
            hung_up.set()

    with fake_server(behave) as server, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        conn = client.open(socket_uri(server.path), timeout=2)
        dom = _domain(client, conn)
        del conn  # the domain still holds the session: the socket stays open
        gc.collect()
        assert not hung_up.wait(0.2)
        del dom
        gc.collect()
        assert hung_up.wait(5)
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_the_socket_finalized_before_its_session_says_nothing(client: ModuleType) -> None:
    """The session and its connection are a cycle, and the collector finalizes what it frees in
    no set order: the full suite once saw "unclosed <socket ...>" where the socket's finalizer ran
    before the session's ``__del__``.  Here the socket goes first on purpose."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        answer_open(conn)
        conn.settimeout(10)
        conn.recv(4096)

    with fake_server(behave) as server, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        conn = client.open(socket_uri(server.path), timeout=2)
        sock, conn._conn._sock = conn._conn._sock, None
        assert sock.fileno() >= 0  # open: its finalizer has it to close
        del sock
        gc.collect()
        del conn
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


@pytest.mark.parametrize(("timeout", "error", "message"), [
    (None, TypeError, "timeout must be a number of seconds (0.001 to 86400), not NoneType"),
    ("1", TypeError, "not str"),
    (True, TypeError, "not bool"),
    (0, ValueError, "between 0.001 and 86400 seconds, not 0"),
    (float("nan"), ValueError, "not nan"),
])
def test_a_timeout_that_is_no_number_of_seconds_is_refused_before_connecting(client: ModuleType, timeout: object, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        client.open("test+unix:///default?socket=/nonexistent/sock", timeout=timeout)
    assert message in str(raised.value)
