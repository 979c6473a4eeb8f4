"""The generated RPC client's call timeout bounds its send as well as its reply:
a server that never reads, or reads slowly, cannot keep a call past it, and a
send that had to wait leaves only the rest of it for the reply."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import AUTH_NONE_LIST, HEADER, fake_server, read_call, reply_to, sample_client, socket_uri
from rpc_support import raised_error as _err


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_qa7")


# --- the timeout bounds the send as well as the reply ---------------------------------------

STARTED = [0.0]


BIG = "a" * 4_000_000  # far more than a unix socket buffer holds, under the protocol's 4 MiB string


def _until_the_client_leaves(conn: socket.socket, seconds: float) -> None:
    """Hold the connection (reading nothing) until the client hangs up, so the fake server ends with the test."""
    poller = select.poll()
    poller.register(conn, select.POLLRDHUP)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if any(events & (select.POLLHUP | select.POLLRDHUP) for _, events in poller.poll(20)):
            return


def _answer_open(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    for _ in range(2):  # AUTH_LIST, CONNECT_OPEN
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST if HEADER.unpack_from(call)[3] == 66 else b""))


def _big_call_seconds(client: ModuleType, timeout: float, then: Callable[[socket.socket], None]) -> tuple[float, tuple[object, ...]]:
    """How long a 4 MB checkpointCreateXML takes to fail against a server that does ``then`` after the open
    (``time.monotonic()``, as ``then`` may note it, at the call's start is ``STARTED[0]``)."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        _answer_open(conn)
        then(conn)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=timeout)
        dom = client.virDomain(conn._conn, ("x", bytes(16), 1))
        start = STARTED[0] = time.monotonic()
        error = _err(client, lambda: dom.checkpointCreateXML(BIG))
        return time.monotonic() - start, error


def test_a_server_that_never_reads_cannot_keep_a_call_past_its_timeout(client: ModuleType) -> None:
    """QA: error 68 after 2.04 s with timeout=1 (a kernel send timeout per partial send, then a full one for the reply)."""
    seconds, error = _big_call_seconds(client, 1.0, lambda conn: _until_the_client_leaves(conn, 4))
    assert error[:2] == (68, 7)  # VIR_ERR_OPERATION_TIMEOUT
    assert seconds < 1.6  # the fault took 2 s or more; 0.6 s of slack for a loaded CI machine


def test_a_server_reading_slowly_cannot_stretch_a_send(client: ModuleType) -> None:
    """QA: 8 KiB every 0.2 s kept a timeout=1 call sending for 60 s, then 'Broken pipe' (each chunk waits the whole timeout again)."""

    def trickle(conn: socket.socket) -> None:
        end = time.monotonic() + 5
        while time.monotonic() < end and conn.recv(8192):
            time.sleep(0.05)

    seconds, error = _big_call_seconds(client, 0.5, trickle)
    assert error[:2] == (68, 7)
    assert seconds < 1.5  # the fault took 60 s; a wide margin for a loaded CI machine


def test_a_send_that_had_to_wait_leaves_only_the_rest_of_the_timeout_for_the_reply(client: ModuleType) -> None:
    """The whole call is read in about 1 s, then no reply: the call ends at 2 s, not 1 s + a fresh 2 s for the reply."""

    read: list[float] = []

    def read_all_slowly_never_reply(conn: socket.socket) -> None:
        head = b""
        while len(head) < 4:
            head += conn.recv(4 - len(head))
        left = int.from_bytes(head, "big") - 4
        while left > 0:
            chunk = conn.recv(min(left, 65536))
            if not chunk:
                return  # the client gave up while sending: ``read`` stays empty
            left -= len(chunk)
            time.sleep(0.014)  # at least 0.9 s for 4 MB: the send has to wait
        read.append(time.monotonic() - STARTED[0])
        _until_the_client_leaves(conn, 5)

    # Margins of 0.5 s or more on either side, so a loaded CI machine cannot decide the outcome.
    seconds, error = _big_call_seconds(client, 2.0, read_all_slowly_never_reply)
    assert error[:2] == (68, 7)
    assert read, "the server did not read the whole call before the deadline: this test shows nothing"
    assert 0.5 < read[0] < 2.0
    assert seconds < 2.5  # the reply was awaited only for what was left of the 2 s (not 2 s more: 2.9 s or later)
    assert seconds > 1.9
