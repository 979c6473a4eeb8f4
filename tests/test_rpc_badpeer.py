"""Bad peers: a fake server on a unix socket misbehaves; the client raises a clear error within its timeout."""

from __future__ import annotations

import signal
import socket
import struct
import threading
import time
import tracemalloc
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import pytest
from rpc_support import fake_server, load_client, read_call, socket_uri

from generator.frontend import load_tree

TIMEOUT = 0.5
HEADER = struct.Struct(">IIIiiIi")
PROGRAM = 0x20008086
KEEPALIVE = 0x6B656570
AUTH_NONE_LIST = b"\0\0\0\x01\0\0\0\0"
Behave = Callable[[socket.socket, list[bytes]], None]
LOOKUP = r"virDomainLookupByName \(REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 23\)"  # how the client's errors name procedure 23


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_client(load_tree(sample_tree).api, tmp_path_factory.mktemp("client"), "libvirt_remote_badpeer")


def reply_to(
    call: bytes, body: bytes = b"", *, serial: int | None = None, status: int = 0, kind: int = 1, program: int = PROGRAM, proc: int | None = None
) -> bytes:
    _, _, version, call_proc, _, call_serial, _ = HEADER.unpack_from(call)
    return HEADER.pack(28 + len(body), program, version, call_proc if proc is None else proc, kind, call_serial if serial is None else serial, status) + body


def _open_fails(client: ModuleType, behave: Behave, match: str) -> pytest.ExceptionInfo[BaseException]:
    with fake_server(behave) as server, pytest.raises(client.libvirtError, match=match) as error:
        client.open(socket_uri(server.path), timeout=TIMEOUT)
    return error


def _hold_open(conn: socket.socket) -> None:
    """Keep the socket open (so only the timeout can end the wait) until the client hangs up."""
    conn.settimeout(10)
    while conn.recv(4096):
        pass


def test_truncated_packet_times_out(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST)[:30])  # the length says 36, 30 bytes come
        _hold_open(conn)

    error = _open_fails(client, behave, "no complete reply within 0.5 s")
    assert error.value.get_error_code() == 68  # VIR_ERR_OPERATION_TIMEOUT


def test_silent_server_times_out(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        read_call(conn)
        _hold_open(conn)

    _open_fails(client, behave, "no complete reply within")


def test_length_over_32_mib_is_refused_before_reading(client: ModuleType) -> None:
    sent_after = threading.Event()

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall((33554432 + 5).to_bytes(4, "big") + reply_to(call)[4:])
        sent_after.set()
        _hold_open(conn)

    error = _open_fails(client, behave, "message length 33554437 exceeds the protocol's limit of 33554436")
    assert error.value.get_error_code() == 39 and error.value.get_error_domain() == 7  # VIR_ERR_RPC, VIR_FROM_RPC
    assert sent_after.is_set()


def test_length_shorter_than_a_header(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        read_call(conn)
        conn.sendall((12).to_bytes(4, "big") + bytes(8))
        _hold_open(conn)

    _open_fails(client, behave, "message length 12 is shorter than a header")


def test_wrong_serial(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST, serial=999))
        _hold_open(conn)

    _open_fails(client, behave, "reply with serial 999 to the call with serial 1")


def test_reply_for_another_procedure(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST, proc=7))
        _hold_open(conn)

    _open_fails(client, behave, "reply for procedure 7")


def test_wrong_program(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST, program=0x12345678))
        _hold_open(conn)

    _open_fails(client, behave, "message for program 0x12345678")


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"\xff\xff\xff\xff", "list of 4294967295 entries is longer than the protocol's 20"),
        (b"\0\0\0\x05\0\0\0\0", "list of 5 entries cannot fit|reply body ends after"),
        (b"\0\0\0\x01\0\0\0\0garbage!", "8 unexpected bytes after the reply body"),
        (b"\0\0", "reply body ends after 2 of the 4 bytes"),
    ],
    ids=["huge-count", "short-list", "trailing-bytes", "short-int"],
)
def test_garbage_xdr(client: ModuleType, body: bytes, match: str) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(reply_to(call, body))
        _hold_open(conn)

    _open_fails(client, behave, match)


def test_garbage_error_body(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        # an ERROR reply whose message claims to be present with a 4 GiB string
        conn.sendall(reply_to(call, b"\0\0\0\x01\0\0\0\x07\0\0\0\x01\xff\xff\xff\xff", status=1))
        _hold_open(conn)

    _open_fails(client, behave, "string of 4294967295 bytes is longer than the protocol's 4194304")


# libvirt.so's virError for a peer that hangs up mid-call (virNetSocketReadWire: EIO), and then for
# the next call (virNetClientSendInternal), as libvirt-python 9.0.0 shows them (test_rpc_daemon.py compares)
END_OF_FILE = (38, 7, "End of file while reading data: Input/output error", 2, "%s", "End of file while reading data: Input/output error", None, 5, -1)
SOCKET_CLOSED = (1, 7, "internal error: client socket is closed", 2, "internal error: %s", "client socket is closed", None, -1, -1)


def test_server_closes_mid_reply(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST)[:20])

    error = _open_fails(client, behave, "^End of file while reading data: Input/output error$")
    assert error.value.err == END_OF_FILE


def test_server_closes_before_replying(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        read_call(conn)

    error = _open_fails(client, behave, "^End of file while reading data: Input/output error$")
    assert error.value.err == END_OF_FILE


def _opened(conn: socket.socket) -> None:
    """Answer AUTH_LIST and CONNECT_OPEN, as a daemon does."""
    for _ in range(2):
        call = read_call(conn)
        conn.sendall(reply_to(call, AUTH_NONE_LIST if HEADER.unpack_from(call)[3] == 66 else b""))


def test_a_hang_up_mid_call_gives_libvirts_errors(client: ModuleType) -> None:
    """QA: was VIR_ERR_RPC 'procedure 23: the server closed the connection after 0 of 4 bytes', then 'the connection is closed'."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        _opened(conn)
        read_call(conn)  # DOMAIN_LOOKUP_BY_NAME: hang up instead of replying

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=TIMEOUT)
        with pytest.raises(client.libvirtError) as first:
            conn.lookupByName("test")
        with pytest.raises(client.libvirtError) as second:
            conn.lookupByName("test")
        assert conn.close() == 0
    assert first.value.err == END_OF_FILE
    assert second.value.err == SOCKET_CLOSED


def test_ping_is_answered_and_events_are_skipped(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(HEADER.pack(28, KEEPALIVE, 1, 1, 2, 0, 0))  # PING
        received.append(read_call(conn))  # the PONG
        conn.sendall(HEADER.pack(32, PROGRAM, 1, 315, 2, 0, 0) + b"\0\0\0\0")  # an event nobody asked for
        conn.sendall(reply_to(call, AUTH_NONE_LIST))
        call = read_call(conn)  # CONNECT_OPEN
        conn.sendall(reply_to(call))
        call = read_call(conn)  # CONNECT_CLOSE
        received.append(call)
        conn.sendall(reply_to(call))

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=TIMEOUT)
        assert conn.close() == 0
    pong, close = server.received
    assert pong == HEADER.pack(28, KEEPALIVE, 1, 2, 2, 0, 0)
    assert HEADER.unpack_from(close)[3] == 2  # CONNECT_CLOSE


@pytest.mark.parametrize(("program", "skipped"), [(0x20008087, True), (0x00068000, True), (0x11111111, False)], ids=["qemu", "lxc", "unknown"])
def test_events_of_libvirts_other_programs_are_skipped(client: ModuleType, program: int, skipped: bool) -> None:
    """QA (session 33): a qemu or lxc program event closed the connection ("message for program
    0x20008087"); libvirt.so's remote driver registers both programs and ignores their events.
    An event of a program it does not know still fails the call and closes the connection, as there."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)
        conn.sendall(HEADER.pack(32, program, 1, 1, 2, 0, 0) + b"\0\0\0\0")  # an event, before the reply
        conn.sendall(reply_to(call, AUTH_NONE_LIST))
        call = read_call(conn)  # CONNECT_OPEN
        conn.sendall(reply_to(call))
        _hold_open(conn)

    if not skipped:
        _open_fails(client, behave, f"message for program {program:#x} version 1")
        return
    with fake_server(behave) as server:
        client.open(socket_uri(server.path), timeout=TIMEOUT)._abort()


@pytest.mark.parametrize(
    ("serial", "body", "match"),
    [
        (0, b"\0\0\0\x04test", rf"^{LOOKUP}: reply with serial 0 to the call with serial 3"),
        (None, b"\0\0\0\x04test\0\0", rf"^{LOOKUP}: malformed reply body: unpack_from requires a buffer of at least 56 bytes"),
    ],
    ids=["wrong-serial", "garbage-body"],
)
def test_a_broken_connection_stays_closed(client: ModuleType, serial: int | None, body: bytes, match: str) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        _opened(conn)
        call = read_call(conn)  # DOMAIN_LOOKUP_BY_NAME
        conn.sendall(reply_to(call, body, serial=serial))
        _hold_open(conn)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=TIMEOUT)
        with pytest.raises(client.libvirtError, match=match):
            conn.lookupByName("test")
        with pytest.raises(client.libvirtError) as closed:
            conn.lookupByName("test")
        assert closed.value.err == SOCKET_CLOSED


def test_an_error_reply_leaves_the_connection_usable(client: ModuleType) -> None:
    """An ERROR reply is a whole message: the interrupted-call guard in _call must not close the connection for it."""
    error_body = b"\0\0\0\x2a\0\0\0\x0a" + b"\0" * 4 + b"\0\0\0\x02" + b"\0" * 28  # code 42, domain 10, no message, level 2

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        _opened(conn)
        call = read_call(conn)
        conn.sendall(reply_to(call, error_body, status=1))
        call = read_call(conn)
        conn.sendall(reply_to(call, b"\0\0\0\x04test" + bytes(16) + b"\0\0\0\x01"))
        _hold_open(conn)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=TIMEOUT)
        with pytest.raises(client.libvirtError) as error:
            conn.lookupByName("test")
        assert (error.value.get_error_code(), error.value.get_error_domain()) == (42, 10)
        assert conn.lookupByName("test").name() == "test"
        conn._abort()  # hang up, so the fake server's thread ends now


def test_an_interrupted_call_closes_the_connection(client: ModuleType) -> None:
    """QA: Ctrl-C during a call left its reply on the socket; the next call read it and failed with
    'procedure 23: reply with serial 3 to the call with serial 4'."""
    late = threading.Event()

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        _opened(conn)
        call = read_call(conn)
        late.wait(5)  # reply only once the client was interrupted
        conn.sendall(reply_to(call, b"\0\0\0\x04test" + bytes(16) + b"\0\0\0\x01"))
        with suppress(ConnectionError):
            received.append(read_call(conn))  # what the next call sends, if it sends anything
        _hold_open(conn)

    def interrupt(_signum: int, _frame: object) -> None:
        late.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with fake_server(behave) as server:
            conn = client.open(socket_uri(server.path), timeout=5)
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            with pytest.raises(KeyboardInterrupt):
                conn.lookupByName("test")
            time.sleep(0.1)  # the late reply is on its way
            with pytest.raises(client.libvirtError) as closed:
                conn.lookupByName("test")
            assert conn.close() == 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert closed.value.err == SOCKET_CLOSED
    assert server.received == []  # nothing more was sent on the socket the reply belonged to


@pytest.mark.parametrize("kind", ["ping", "event"])
def test_keepalives_or_events_do_not_stretch_the_timeout(client: ModuleType, kind: str) -> None:
    """A server that never replies but sends a PING (or an event) every 0.1 s: the call still ends at its deadline."""
    message = HEADER.pack(28, KEEPALIVE, 1, 1, 2, 0, 0) if kind == "ping" else HEADER.pack(28, PROGRAM, 1, 999, 2, 0, 0)

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        read_call(conn)
        conn.settimeout(0.1)
        end = time.monotonic() + 5  # far beyond the client's timeout
        while time.monotonic() < end:
            conn.sendall(message)  # raises once the client has hung up
            try:
                if conn.recv(4096) == b"":  # PONGs are read and dropped
                    return
            except TimeoutError:
                pass

    start = time.monotonic()
    error = _open_fails(client, behave, f"no complete reply within {TIMEOUT} s")
    elapsed = time.monotonic() - start
    assert error.value.get_error_code() == 68  # VIR_ERR_OPERATION_TIMEOUT
    assert elapsed < TIMEOUT + 0.4, f"the call took {elapsed:.2f} s with a timeout of {TIMEOUT} s"


def test_a_uri_socket_path_is_percent_decoded(client: ModuleType) -> None:
    """QA: '?socket=/tmp/sp%20ace/s' connected to '/tmp/sp%20ace/s'; libvirt decodes query parameters (names too)."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        _opened(conn)
        received.append(read_call(conn))  # CONNECT_CLOSE
        conn.sendall(reply_to(received[-1]))

    with fake_server(behave, "sp ace+x") as server:
        escaped = quote(str(server.path), safe="/+")
        assert "%20" in escaped and "+" in escaped  # '+' is not a space in a URI query, for libvirt either
        conn = client.open(f"test+unix:///default?so%63ket={escaped}", timeout=TIMEOUT)
        assert conn.close() == 0
    assert HEADER.unpack_from(server.received[0])[3] == 2  # CONNECT_CLOSE reached the server at the decoded path


def test_a_remaining_time_under_a_microsecond_still_times_out(client: ModuleType) -> None:
    """QA: 5e-7 s became struct timeval {0, 0}, which the kernel reads as "wait forever"."""
    ours, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    outcome: list[BaseException | bytes] = []

    def receive() -> None:
        try:
            outcome.append(ours.recv(1))
        except OSError as error:
            outcome.append(error)

    with ours, peer:
        ours.settimeout(None)
        client._arm(ours, socket.SO_RCVTIMEO, 5e-7)
        reader = threading.Thread(target=receive, daemon=True)
        reader.start()
        reader.join(2)
        if reader.is_alive():  # the guard: unblock the recv so the test ends
            ours.shutdown(socket.SHUT_RDWR)
            reader.join(2)
            pytest.fail("recv with a 5e-7 s timeout was still waiting after 2 s")
        armed = ours.getsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.calcsize("@ll"))
    assert len(outcome) == 1 and isinstance(outcome[0], BlockingIOError), outcome  # EAGAIN: SO_RCVTIMEO ran out
    assert struct.unpack("@ll", armed) != (0, 0)  # the kernel rounds 1 µs up to a tick (4 ms at HZ=250): never "forever"


def test_a_message_near_the_maximum_is_read_with_one_copy(client: ModuleType) -> None:
    """QA (session 33): a message read in several reads was copied twice (``bytes(pending[:n])``)
    while the pending buffer was still whole, and a skipped event was kept while the next
    message was read: 4.0x the message at the peak here, 128 MiB for the largest.  Now one
    copy, and nothing kept: the buffer and the message, 2.1x.  Two events of the largest size
    come before the reply."""
    size = 32 * 1024 * 1024 + 4  # the protocol's maximum, length word included
    event = HEADER.pack(size, PROGRAM, 1, 315, 2, 0, 0) + bytes(size - HEADER.size)  # made before tracing starts
    domain = b"\0\0\0\x04test" + bytes(16) + b"\0\0\0\x01"

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        for _ in range(2):  # AUTH_LIST, CONNECT_OPEN
            call = read_call(conn)
            conn.sendall(reply_to(call, AUTH_NONE_LIST if HEADER.unpack_from(call)[3] == 66 else b""))
        call = read_call(conn)
        for _ in range(2):
            conn.sendall(memoryview(event))
        conn.sendall(reply_to(call, domain))
        _hold_open(conn)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=30)
        tracemalloc.start()
        try:
            assert conn.lookupByName("test").name() == "test"
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            conn._abort()
    assert peak < 2.5 * size, f"peak {peak / size:.2f}x the message"
