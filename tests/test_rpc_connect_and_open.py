"""Connecting and opening with the generated RPC client: a full listen backlog
is waited on until the daemon accepts (ETIMEDOUT when it stays full), and
``open()`` refuses a name that is not a string with libvirt-python's TypeError."""

from __future__ import annotations

import errno
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import HEADER, read_call, sample_client, short_folder, socket_uri


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_qa12")


# --- a full listen backlog is waited on, up to the timeout ------------------------------------------------


@contextmanager
def _full_backlog() -> Iterator[tuple[Path, socket.socket]]:
    with short_folder() as folder:
        path = folder / "busy-sock"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(0)
        fillers = []
        while True:  # fill the backlog (a listen(0) queue takes one)
            filler = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            filler.setblocking(False)
            try:
                filler.connect(str(path))
            except BlockingIOError:
                filler.close()
                break
            fillers.append(filler)
        try:
            yield path, listener
        finally:
            for sock in (*fillers, listener):
                sock.close()


def test_a_full_backlog_is_waited_on_until_the_daemon_accepts(client: ModuleType) -> None:
    """QA: EAGAIN at once ("Resource temporarily unavailable"); libvirt.so waits for room."""
    with _full_backlog() as (path, listener):

        def accept_later() -> None:
            time.sleep(0.5)
            for _ in range(2):  # the filler, then our client: answer its AUTH_LIST and CONNECT_OPEN
                conn, _ = listener.accept()
            with conn:
                for body in (struct.pack(">Ii", 1, 0), b""):
                    call = read_call(conn)
                    _, program, version, procedure, _, serial, _ = HEADER.unpack_from(call)
                    conn.sendall(HEADER.pack(28 + len(body), program, version, procedure, 1, serial, 0) + body)
                time.sleep(0.5)

        thread = threading.Thread(target=accept_later, daemon=True)
        thread.start()
        start = time.monotonic()
        conn = client.open(socket_uri(path), timeout=5)
        waited = time.monotonic() - start
        thread.join(5)
        assert 0.4 < waited < 3
        conn._abort()


def test_a_backlog_that_stays_full_times_out_with_etimedout(client: ModuleType) -> None:
    with _full_backlog() as (path, _):
        start = time.monotonic()
        try:
            client.open(socket_uri(path), timeout=0.5)
        except client.libvirtError as error:
            fields = tuple(error.err)
        waited = time.monotonic() - start
    message = f"Failed to connect socket to '{path}': Connection timed out"
    assert fields == (38, 7, message, 2, "%s", message, None, errno.ETIMEDOUT, -1)
    assert 0.45 < waited < 1.5


# --- open() with a name that is not a string ----------------------------------------------------------------


@pytest.mark.parametrize("name", [123, b"test:///default", 1.5, ["x"]])
def test_a_name_that_is_not_a_string_is_libvirt_pythons_type_error(client: ModuleType, libvirt_python: ModuleType, name: object) -> None:
    for ours, theirs in ((client.open, libvirt_python.open), (client.openReadOnly, libvirt_python.openReadOnly)):
        with pytest.raises(TypeError) as our_error:
            ours(name)
        with pytest.raises(TypeError) as their_error:
            theirs(name)
        assert str(our_error.value) == str(their_error.value)
    assert str(our_error.value) == f"virConnectOpenReadOnly() argument 1 must be str or None, not {type(name).__name__}"
