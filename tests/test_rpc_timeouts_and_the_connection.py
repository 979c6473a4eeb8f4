"""What a timeout leaves of the connection (docs/rpc.md): a call whose reply does not come in time
closes it, as its reply may still come and would be read as the next call's; a call that timed out
waiting for another thread's call on the connection sent nothing, and leaves it open.  QA, session 29:
the docs said so only for malformed replies and interrupted calls."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import BASIC_ANSWERS, answering_server, fake_server, open_then_silent, sample_client, socket_uri
from rpc_support import raised_error as _err

SOCKET_CLOSED = (1, 7, "internal error: client socket is closed", 2, "internal error: %s", "client socket is closed", None, -1, -1)
LOOKUP = "virDomainLookupByName (REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 23)"


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_timeouts")


def test_a_call_that_times_out_closes_the_connection(client: ModuleType) -> None:
    with fake_server(open_then_silent) as server:
        conn = client.open(socket_uri(server.path), timeout=0.3)
        first = _err(client, lambda: conn.lookupByName("test"))
        second = _err(client, lambda: conn.lookupByName("test"))
        assert conn.close() == 0
    assert first[:3] == (68, 7, f"{LOOKUP}: no complete reply within 0.3 s")
    assert second == SOCKET_CLOSED  # libvirt.so's error for a call on a closed client socket
    assert len(server.received) == 1  # the second call was never sent


def test_a_call_that_timed_out_waiting_for_another_threads_call_leaves_the_connection_open(client: ModuleType) -> None:
    """Another thread's call holds the connection past this call's timeout (the session's lock, held
    here as a call in progress holds it: a real call never holds it past its own deadline, so only
    a third thread's call, taking the lock first, can keep a waiting one out that long)."""
    with answering_server(BASIC_ANSWERS) as server:
        conn = client.open(server.uri, timeout=0.3)
        lock = conn._conn._lock
        held, release = threading.Event(), threading.Event()

        def other_call() -> None:
            with lock:
                held.set()
                release.wait(10)

        other = threading.Thread(target=other_call)
        other.start()
        held.wait(10)
        try:
            waited = _err(client, lambda: conn.lookupByName("test"))
        finally:
            release.set()
            other.join(10)
        assert conn.lookupByName("test").name() == "test"  # the same socket, still open
        assert conn.close() == 0
    assert waited[:3] == (68, 7, f"{LOOKUP}: no complete reply within 0.3 s (other threads' calls held the connection)")
    assert server.procedures == [66, 1, 23, 2]  # the call that waited sent nothing; one session throughout


def test_a_call_waiting_behind_a_call_that_times_out_finds_the_connection_closed(client: ModuleType) -> None:
    """The first call's timeout closes the connection while the second waits for it; the second,
    with time left, then gets the closed socket's error, never the first call's late reply."""
    seen: dict[str, tuple[object, ...]] = {}
    with fake_server(open_then_silent) as server:
        conn = client.open(socket_uri(server.path), timeout=1.0)
        first = threading.Thread(target=lambda: seen.update(first=_err(client, lambda: conn.lookupByName("a"))))
        first.start()
        while not server.received:  # the first call is on the wire
            time.sleep(0.01)
        time.sleep(0.3)  # so the second call's deadline comes well after the first's
        seen["second"] = _err(client, lambda: conn.lookupByName("b"))
        first.join(10)
        conn.close()
    assert seen["first"][:3] == (68, 7, f"{LOOKUP}: no complete reply within 1.0 s")
    assert seen["second"] == SOCKET_CLOSED
    assert len(server.received) == 1
