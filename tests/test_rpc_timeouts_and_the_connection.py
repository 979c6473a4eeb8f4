"""Calls of several threads on one connection overlap, and what a timeout leaves of it (docs/rpc.md).

Replies are matched to calls by serial, as libvirt.so matches them: one waiting call reads the
socket for all and hands each reply to its call, so a quick call is never held up by slow ones.
A call that times out once sent gives up its serial (its late reply is dropped when it comes) and
leaves the connection open; one that timed out waiting to send sent nothing.  QA, session 33: calls
ran one at a time, so with timeout=1 two 0.8 s calls made a third thread's quick call time out,
which closed the connection under every other call."""

from __future__ import annotations

import socket
import struct
import threading
import time
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import AUTH_NONE_LIST, BASIC_ANSWERS, HEADER, answering_server, fake_server, read_call, reply_to, sample_client, socket_uri, xdr_string
from rpc_support import raised_error as _err

LOOKUP = "virDomainLookupByName (REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 23)"


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_timeouts")


def _name(call: bytes) -> bytes:
    return call[32 : 32 + struct.unpack_from(">I", call, 28)[0]]


def concurrent_daemon(delays: dict[bytes, float | None]) -> object:
    """A fake daemon answering each lookupByName(NAME) after ``delays[NAME]`` seconds (None: never),
    each in a thread of its own, so replies go out in any order, as libvirtd's workers send them."""

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        lock = threading.Lock()

        def answer(call: bytes, delay: float) -> None:
            time.sleep(delay)
            with lock:
                conn.sendall(reply_to(call, xdr_string(_name(call)) + bytes(16) + struct.pack(">i", 1)))

        while True:
            call = read_call(conn)
            received.append(call)
            procedure = HEADER.unpack_from(call)[3]
            if procedure != 23:
                with lock:
                    conn.sendall(reply_to(call, AUTH_NONE_LIST if procedure == 66 else b""))
                continue
            delay = delays.get(_name(call), 0.0)
            if delay is not None:
                threading.Thread(target=answer, args=(call, delay), daemon=True).start()

    return behave


def _timed(action: object) -> tuple[object, float]:
    start = time.monotonic()
    try:
        result: object = action()  # type: ignore[operator]
    except Exception as error:  # the outcome is what the test compares
        result = tuple(getattr(error, "err", (type(error).__name__,)))
    return result, time.monotonic() - start


def test_a_quick_call_is_not_held_up_by_slow_calls_of_other_threads(client: ModuleType) -> None:
    """QA's repro (f1): two 0.8 s calls, then a quick one, timeout 1 s: all three succeed, the quick one at once."""
    seen: dict[str, tuple[object, float]] = {}
    with fake_server(concurrent_daemon({b"slow1": 0.8, b"slow2": 0.8})) as server:
        conn = client.open(socket_uri(server.path), timeout=1.0)
        slow = [threading.Thread(target=lambda n=n: seen.update({n: _timed(lambda: conn.lookupByName(n).name())})) for n in ("slow1", "slow2")]
        for thread in slow:
            thread.start()
        time.sleep(0.1)
        seen["fast"] = _timed(lambda: conn.lookupByName("fast").name())
        for thread in slow:
            thread.join(10)
        assert conn.close() == 0
    assert {name: result for name, (result, _) in seen.items()} == {"slow1": "slow1", "slow2": "slow2", "fast": "fast"}
    assert seen["fast"][1] < 0.4, seen


def test_a_call_that_times_out_leaves_the_connection_open_and_its_late_reply_is_dropped(client: ModuleType) -> None:
    with fake_server(concurrent_daemon({b"late": 0.6})) as server:
        conn = client.open(socket_uri(server.path), timeout=0.3)
        first = _err(client, lambda: conn.lookupByName("late"))
        time.sleep(0.4)  # the late reply has come: the next call reads it first, and drops it
        assert conn.lookupByName("next").name() == "next"
        assert conn.close() == 0
    assert first[:3] == (68, 7, f"{LOOKUP}: no complete reply within 0.3 s")
    assert [HEADER.unpack_from(call)[3] for call in server.received] == [66, 1, 23, 23, 2]


def test_when_the_reading_call_times_out_another_reads_on(client: ModuleType) -> None:
    """A reads (its reply never comes) and times out at 1 s; B, started at 0.6 s and waiting for A
    to hand its reply over, takes the reading on: its reply, sent at 1.3 s, is B's own."""
    seen: dict[str, tuple[object, float]] = {}
    with fake_server(concurrent_daemon({b"never": None, b"b": 0.7})) as server:
        conn = client.open(socket_uri(server.path), timeout=1.0)
        a = threading.Thread(target=lambda: seen.update(a=_timed(lambda: conn.lookupByName("never"))))
        a.start()
        time.sleep(0.6)
        seen["b"] = _timed(lambda: conn.lookupByName("b").name())
        a.join(10)
        assert conn.lookupByName("c").name() == "c"  # still open
        conn.close()
    assert seen["a"][0][:3] == (68, 7, f"{LOOKUP}: no complete reply within 1.0 s")  # type: ignore[index]
    assert seen["b"][0] == "b"
    assert seen["a"][1] < 1.3 and seen["b"][1] < 1.0, seen


def test_a_call_that_timed_out_waiting_to_send_leaves_the_connection_open(client: ModuleType) -> None:
    """Another thread's call holds the socket for sending past this call's timeout (the send lock,
    held here as a send to a daemon that reads slowly holds it): this call sent nothing."""
    with answering_server(BASIC_ANSWERS) as server:
        conn = client.open(server.uri, timeout=0.3)
        lock = conn._conn._send_lock
        held, release = threading.Event(), threading.Event()

        def other_call() -> None:
            with lock:
                held.set()
                release.wait(10)

        other = threading.Thread(target=other_call)
        other.start()
        held.wait(10)
        try:
            waited, seconds = _timed(lambda: conn.lookupByName("test"))
        finally:
            release.set()
            other.join(10)
        assert conn.lookupByName("test").name() == "test"  # the same socket, still open
        assert conn.close() == 0
    assert waited[:3] == (68, 7, f"{LOOKUP}: no complete reply within 0.3 s (other threads' calls held the connection)")  # type: ignore[index]
    assert seconds < 0.6
    assert server.procedures == [66, 1, 23, 2]  # the call that waited sent nothing; one session throughout


def test_many_threads_calls_all_get_their_own_replies(client: ModuleType) -> None:
    """Replies in any order, to 8 threads' 25 calls each: every call gets the reply to its own name."""
    delays = {f"t{t}-{i}".encode(): (t * 7 + i * 3) % 5 / 1000 for t in range(8) for i in range(25)}
    wrong: list[object] = []
    with fake_server(concurrent_daemon(delays)) as server:
        conn = client.open(socket_uri(server.path), timeout=10)

        def calls(t: int) -> None:
            for i in range(25):
                name = f"t{t}-{i}"
                got = _timed(lambda: conn.lookupByName(name).name())[0]  # noqa: B023 - called at once
                if got != name:
                    wrong.append((name, got))

        threads = [threading.Thread(target=calls, args=(t,)) for t in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert conn.close() == 0
    assert wrong == []
