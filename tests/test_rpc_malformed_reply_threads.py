"""A malformed reply in one thread never breaks another thread's call (no
AssertionError, no EBADF): the call in progress ends normally and the next one
is refused."""

from __future__ import annotations

import socket
import struct
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import HEADER, fake_server, read_call, sample_client, socket_uri


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_qa12")


# --- a malformed reply in one thread, a call in progress in another ---------------------------------------


def _entry(i: int) -> bytes:
    name = f"c{i}".encode()
    return struct.pack(">I", len(name)) + name + bytes(-len(name) % 4) + struct.pack(">I", 4) + b"test" + bytes(16) + struct.pack(">i", 1)


def test_a_malformed_reply_never_breaks_another_threads_call(client: ModuleType) -> None:
    """QA: _Reader.fail() closed the socket without the lock, under another thread's call: an
    AssertionError (``assert sock is not None``) or EBADF there.  Now the socket goes under the lock,
    and the other thread sees libvirt.so's "client socket is closed" at its next call."""
    count = 300
    listing = struct.pack(">I", count) + b"".join(_entry(i) for i in range(count)) + struct.pack(">i", count) + b"JUNK"
    lookup = struct.pack(">I", 4) + b"test" + bytes(16) + struct.pack(">i", 1)
    bodies = {66: struct.pack(">Ii", 1, 0), 1: b"", 23: lookup, 415: _entry(0), 413: listing, 412: struct.pack(">I", 8) + b"abcdefgh"}
    seen: list[str] = []

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        while True:
            call = read_call(conn)
            _, program, version, procedure, _, serial, _ = HEADER.unpack_from(call)
            body = bodies[procedure]
            conn.sendall(HEADER.pack(28 + len(body), program, version, procedure, 1, serial, 0) + body)

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as they can: QA's set-up
    try:
        for _ in range(100):
            _race_once(client, behave, seen)
    finally:
        sys.setswitchinterval(switch)
    assert set(seen) == {"1 7 internal error: client socket is closed"}, seen


def _race_once(client: ModuleType, behave: Callable[[socket.socket, list[bytes]], None], seen: list[str]) -> None:
    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        dom = conn.lookupByName("test")
        cp = dom.checkpointLookupByName("c0")
        go = threading.Event()

        def lister() -> None:
            go.wait()
            with suppress(client.libvirtError):
                dom.listAllCheckpoints()

        def reader() -> None:
            go.wait()
            for _ in range(50):
                try:
                    cp.getXMLDesc()
                except client.libvirtError as error:
                    seen.append(f"{error.get_error_code()} {error.get_error_domain()} {error.get_error_message()}")
                    return
                except BaseException as error:  # what the test looks for
                    seen.append(f"{type(error).__name__}: {error}")
                    return

        threads = [threading.Thread(target=lister), threading.Thread(target=reader)]
        for thread in threads:
            thread.start()
        go.set()
        for thread in threads:
            thread.join(20)
        assert not any(thread.is_alive() for thread in threads)  # no deadlock
        conn._abort()  # the handles still hold the session: drop its socket now


def test_the_call_in_progress_ends_normally_and_the_next_one_is_refused(client: ModuleType) -> None:
    """The malformed reply (read whole, by its length) comes while the other thread's call waits for its
    own reply: that call ends with its reply, the socket is closed as it lets the lock go, and its next
    call raises "client socket is closed"; the bad reply's own error is VIR_ERR_RPC."""
    count = 2000
    listing = struct.pack(">I", count) + b"".join(_entry(i) for i in range(count)) + struct.pack(">i", count) + b"JUNK"
    lookup = struct.pack(">I", 4) + b"test" + bytes(16) + struct.pack(">i", 1)
    got_b = threading.Event()
    decoded = threading.Event()

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        bodies = {66: struct.pack(">Ii", 1, 0), 1: b"", 23: lookup, 415: _entry(0), 413: listing}
        while True:
            call = read_call(conn)
            _, program, version, procedure, _, serial, _ = HEADER.unpack_from(call)
            if procedure == 412:  # B's call: answer once A's bad reply has been decoded and refused
                got_b.set()
                decoded.wait(10)
                body = struct.pack(">I", 8) + b"abcdefgh"
            else:
                body = bodies[procedure]
            conn.sendall(HEADER.pack(28 + len(body), program, version, procedure, 1, serial, 0) + body)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=10)
        dom = conn.lookupByName("test")
        cp = dom.checkpointLookupByName("c0")
        results: dict[str, object] = {}

        def b() -> None:
            results["B"] = cp.getXMLDesc()
            try:
                cp.getXMLDesc()
            except client.libvirtError as error:
                results["B2"] = tuple(error.err)

        original = client._Reader.fail

        def fail(self: object, message: str) -> object:  # A's decoder refuses the reply only once B's call is on the wire
            got_b.wait(10)
            try:
                return original(self, message)
            finally:
                decoded.set()

        client._Reader.fail = fail
        try:
            thread_b = threading.Thread(target=b)
            with pytest.raises(client.libvirtError) as bad:
                threading.Timer(0.05, thread_b.start).start()
                dom.listAllCheckpoints()
            thread_b.join(20)
        finally:
            client._Reader.fail = original
    assert bad.value.get_error_code() == 39 and "unexpected bytes after the reply body" in bad.value.get_error_message()
    assert results["B"] == "abcdefgh"
    assert results["B2"][:3] == (1, 7, "internal error: client socket is closed")
