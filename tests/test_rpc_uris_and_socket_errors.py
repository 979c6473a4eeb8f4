"""URIs and socket errors of the generated RPC client, as libvirt.so's remote
driver has them: the URI sent, the socket chosen by ``mode``, a rootless path
refused, and the errors of a bad URI, a missing socket, a peer gone or a
daemon killed mid-call field for field.  Comparisons with libvirt.so go
through libvirt-python 9.0.0, against a fake daemon or a private libvirtd
(``tests/rpc_support.py``)."""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import ModuleType

import pytest
from conftest import require
from rpc_support import AUTH_NONE_LIST, HEADER, REFUSED, fake_server, private_libvirtd, read_call, reply_to, sample_client, short_folder, socket_uri, uri_quote
from rpc_support import raised_error as _err


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_qa7")


# --- URIs as libvirt.so's remote driver reads them ------------------------------------------


def _name_in(call: bytes) -> bytes | None:
    """The URI a CONNECT_OPEN carries (an optional string)."""
    (present,) = struct.unpack_from(">I", call, 28)
    if not present:
        return None
    (size,) = struct.unpack_from(">I", call, 32)
    return call[36 : 36 + size]


@contextmanager
def recorder(auth_types: tuple[int, ...] = (0,)) -> Iterator[tuple[Path, list[bytes | None]]]:
    """A fake daemon for any number of clients, one after another: it records the name each
    CONNECT_OPEN carries and refuses it with an error, so both clients stop there.  Its socket
    is in a short folder of its own (``rpc_support.short_folder``), removed with the block."""
    with short_folder() as folder:
        yield from _recorder_in(folder, auth_types)


def _recorder_in(folder: Path, auth_types: tuple[int, ...]) -> Iterator[tuple[Path, list[bytes | None]]]:
    path = folder / "recorder-sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(8)
    names: list[bytes | None] = []
    types = struct.pack(">I", len(auth_types)) + b"".join(struct.pack(">i", t) for t in auth_types)

    def serve_one(conn: socket.socket) -> None:
        with conn, suppress(OSError, ConnectionError):
            while True:
                call = read_call(conn)
                procedure = HEADER.unpack_from(call)[3]
                if procedure == 66:
                    conn.sendall(reply_to(call, types))
                elif procedure == 1:
                    names.append(_name_in(call))
                    conn.sendall(reply_to(call, REFUSED, status=1))
                else:
                    return

    def serve() -> None:
        with suppress(OSError):
            while True:
                serve_one(listener.accept()[0])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield path, names
    finally:
        with suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept
        listener.close()
        thread.join(5)


SENT = [
    ("test+unix:///de%66ault?socket=S", b"test:///default"),
    ("test+unix:///default?socket=S#fr%20ag", b"test:///default#fr%20ag"),
    ("test+unix:///default?socket=/nope&socket=S", b"test:///default"),  # QA: the first socket won
    ("test+unix:///default?SOCKET=S", b"test:///default"),  # QA: names are case-insensitive
    ("test+unix:///default?socket=S;x=1", b"test:///default?x=1"),  # QA: ';' separates
    ("test+unix:///default?a=1&b=2;socket=S", b"test:///default?a=1&b=2"),
    ("test+unix:///default?x=1;y=2&socket=S", b"test:///default?x=1%3By%3D2"),  # ';' only once no '&' is left
    ("test+unix:///default?socket=S&name=qemu:///system", b"qemu:///system"),  # QA: name= is what is sent
    ("test+unix:///default?socket=S&name=", b""),
    (
        "test+unix:///default?socket=S&Mode=legacy&no_verify=1&NO_TTY=0&no_sanity=+1&authfile=/x&command=c&netcat=n"
        "&keyfile=k&pkipath=p&known_hosts=h&known_hosts_verify=v&tls_priority=t&sshauth=s&proxy=netcat",
        b"test:///default",  # QA: these were passed on
    ),
    ("test+unix:///default?socket=S&foo=a%20b&bar=%2F&q=a+b", b"test:///default?foo=a%20b&bar=%2F&q=a%2Bb"),
    ("test+unix:///default?socket=S&x%20y=1", b"test:///default?x y=1"),
    ("test+unix:///default?socket=S&=&z=1", b"test:///default?=&z=1=&z=1"),  # libvirt's unescaper reads length 0 as "to the end"
    ("test+unix:///default?socket=S&a&=x&&", b"test:///default?a="),
    ("test+unix:///default?socket=S&n%00x=1&v=a%00b", b"test:///default?n=1&v=a"),
    ("test+unix:///%C3%A9?socket=S&v=%FF", b"test:///%C3%A9?v=%FF"),
    ("test+unix:///tmp/no%20file.xml?socket=S", b"test:///tmp/no%20file.xml"),
    ("test+unix:///a:b/c;d?socket=S", b"test:///a%3Ab/c;d"),
    ("test+unix:/default?socket=S", b"test:///default"),
    ("test+unix:?socket=S", b"test://"),
    ("test+unix://@/default?socket=S", b"test:///default"),
    ("test+unix://:5/default?socket=S", b"test:///default"),
    ("TEST+Unix:///default?socket=S", b"TEST:///default"),
    ("remote+unix:///?socket=S", b""),
    ("test+unix:///x?socket=S#", b"test:///x#"),
    ("test+unix:///x?socket=S#a?b/c:@%5B", b"test:///x#a?b/c:@["),
]


def test_the_uri_sent_is_the_one_libvirt_so_sends(client: ModuleType, libvirt_python: ModuleType) -> None:
    with recorder() as (path, names):
        for uri, expected in SENT:
            given = uri.replace("=S", f"={uri_quote(path)}")
            for lib in (client, libvirt_python):
                assert _err(lib, lambda lib=lib, given=given: lib.open(given))[2] == "refused", (lib.__name__, uri)
            ours, theirs = names[-2:]
            assert (uri, ours) == (uri, theirs)
            assert ours == expected, uri


def _error_uris(where: Path, listening: Path) -> list[str]:
    (where / "a-folder").mkdir()
    (where / "a-file").write_text("")
    folder, path = uri_quote(where), uri_quote(listening)  # as a URI query spells them
    return [
        f"test+:///default?socket={path}",  # QA: accepted
        f"test+unix+x:///default?socket={path}",
        f"+unix:///default?socket={path}",
        f"::::?socket={path}",
        f"test+unix:///a b?socket={path}",
        f"test+unix://h:x/default?socket={path}",
        f"test+unix://h:/default?socket={path}",
        f"test+unix:///x%zz?socket={path}",
        f"test+unix:///default?socket={path}&no_verify=x",
        f"test+unix:///default?socket={path}&NO_TTY=",
        f"test+unix:///default?socket={path}&no_sanity=99999999999",
        f"test+unix:///default?socket={path}&mode=bogus",
        f"test+unix:///default?socket={path}&proxy=bogus",
        f"test+unix:///default?socket={path}&auth=bogus",
        f"test+unix:///default?socket={path}&auth=sasl.gssapi",
        f"test+unix:///default?socket={path}&auth=POLKIT",
        f"test+unix:///default?socket={folder}/missing",
        f"test+unix:///default?socket={folder}/a-folder",
        f"test+unix:///default?socket={folder}/a-file",
        "test+unix:///default?socket=",
        f"test+unix:///default?socket={folder}/{'a' * 120}",
        f"test+unix:///default?socket=@virt-apigen-nothing-listens-{os.getpid()}",
        f"test+unix:///default?socket={folder}/a-file%00b",
        "virtapigennosuch+unix:///x?mode=direct",  # /var/run/libvirt/virtvirtapigennosuchd-sock
    ]


def test_uri_and_socket_errors_are_libvirt_sos_field_for_field(client: ModuleType, libvirt_python: ModuleType) -> None:
    """QA: a missing socket was "cannot connect to socket 'P': ..." with no str1 and int1 0; 'test+:' was accepted."""
    with recorder() as (path, names):
        folder = path.parent  # short: a long $TMPDIR would make every path in it too long for a socket
        for uri in _error_uris(folder, path):
            ours, theirs = _err(client, lambda uri=uri: client.open(uri)), _err(libvirt_python, lambda uri=uri: libvirt_python.open(uri))
            assert (uri, ours) == (uri, theirs)
            assert ours[2] != "refused", uri  # each fails before CONNECT_OPEN
        assert names == []
        missing = _err(client, lambda: client.open(socket_uri(folder / "missing")))
    message = f"Failed to connect socket to '{folder}/missing': No such file or directory"
    assert missing == (38, 7, message, 2, "%s", message, None, 2, -1)


def test_the_socket_chosen_without_one_follows_mode_as_in_libvirt_so(client: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """remoteGetUNIXSocket: direct = the modular daemon's socket, legacy = libvirtd's, auto = the modular one if it exists."""
    monkeypatch.setattr(client, "_RUN_DIR", str(tmp_path))
    monkeypatch.setattr(client.os, "geteuid", lambda: 0)
    split = client._split_uri
    assert split("qemu:///system", False)[0] == f"{tmp_path}/libvirt-sock"
    assert split("qemu:///system?mode=direct", True)[0] == f"{tmp_path}/virtqemud-sock-ro"
    (tmp_path / "virtqemud-sock").touch()
    assert split("qemu:///system", False)[0] == f"{tmp_path}/virtqemud-sock"
    assert split("qemu:///system?mode=legacy", False)[0] == f"{tmp_path}/libvirt-sock"
    assert split("qemu:///system?mode=auto", True)[0] == f"{tmp_path}/libvirt-sock-ro"  # no read-only modular socket
    # a non-root session (/session, test+...) looks in the user's runtime folder, as libvirt.so does
    monkeypatch.setattr(client.os, "geteuid", lambda: 1000)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    assert split("qemu:///session", True)[0] == f"{tmp_path}/run/libvirt/libvirt-sock"
    assert split("test+unix:///default", False)[0] == f"{tmp_path}/run/libvirt/libvirt-sock"
    assert split("qemu:///system", False)[0] == f"{tmp_path}/virtqemud-sock"


def test_a_rootless_path_is_refused_instead_of_becoming_a_host(client: ModuleType) -> None:
    """libvirt.so sends 'test+unix:default' as 'test://default': the daemon would connect to the host 'default'."""
    with pytest.raises(client.libvirtError) as error:
        client._split_uri("test+unix:default?socket=/s", False)
    assert error.value.get_error_code() == 8
    assert error.value.get_error_message().startswith("the URI path 'default' does not start with '/': libvirt.so would send 'test://default'")


# --- socket errors as libvirt.so reports them ----------------------------------------------------


def _served(mode: str, gone: threading.Event) -> Callable[[socket.socket, list[bytes]], None]:
    """A daemon that answers the open (and libvirt.so's feature probes) and a lookup, then hangs up:
    at once (the next send meets a closed peer: the test calls once ``gone`` is set), or once the
    next call is in its receive queue, unread (the client's read is reset).  No timing: events."""
    bodies = {66: AUTH_NONE_LIST, 1: b"", 60: struct.pack(">i", 1), 23: b"\0\0\0\x04test" + bytes(16) + b"\0\0\0\x01"}

    def behave(conn: socket.socket, received: list[bytes]) -> None:
        while True:
            call = read_call(conn)
            procedure = HEADER.unpack_from(call)[3]
            conn.sendall(reply_to(call, bodies[procedure]))
            if procedure == 23:
                if mode == "reset":  # wait (generously) for the next call to arrive, and leave it unread
                    assert select.select([conn], [], [], 30)[0], "no call after the lookup"
                conn.close()
                gone.set()
                return

    return behave


@pytest.mark.parametrize(
    ("mode", "detail", "number"),
    [("closed", "Cannot write data: Broken pipe", 32), ("reset", "Cannot recv data: Connection reset by peer", 104)],
)
def test_a_peer_gone_gives_libvirt_sos_system_error(
    client: ModuleType, libvirt_python: ModuleType, mode: str, detail: str, number: int
) -> None:
    """QA: 'procedure 413: connection failed: [Errno 104] Connection reset by peer', str1 None, int1 0."""
    seen = []
    for lib in (client, libvirt_python):
        gone = threading.Event()
        with fake_server(_served(mode, gone)) as server:
            conn = lib.open(socket_uri(server.path))
            dom = conn.lookupByName("test")
            if mode == "closed":
                assert gone.wait(30)  # the peer is closed before the call's send
            seen.append((_err(lib, dom.listAllCheckpoints), _err(lib, dom.listAllCheckpoints)))
    assert seen[0] == seen[1]
    assert seen[0][0] == (38, 7, detail, 2, "%s", detail, None, number, -1)
    assert seen[0][1] == (1, 7, "internal error: client socket is closed", 2, "internal error: %s", "client socket is closed", None, -1, -1)


def _calls_queued(pid: int, count: int, seconds: float) -> bool:
    """Whether ``count`` of the (stopped) daemon's unix connections have unread bytes, asked of
    ``ss`` (the kernel's receive queues) until ``seconds`` pass: the calls were sent."""
    require(shutil.which("ss") is not None, "ss (iproute2) to see the daemon's receive queues")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        listing = subprocess.run(["ss", "-xpnH"], capture_output=True, text=True, check=True).stdout
        queued = [line for line in listing.splitlines() if f"pid={pid}," in line and int(line.split()[2]) > 0]
        if len(queued) >= count:
            return True
        time.sleep(0.05)
    return False


def test_a_daemon_killed_mid_call_gives_libvirt_sos_error(client: ModuleType, libvirt_python: ModuleType) -> None:
    """QA: ours 38/7 'procedure 413: connection failed: [Errno 104] ...'; libvirt.so 'Cannot recv data: ...', int1 104."""
    seen: dict[str, tuple[object, ...]] = {}
    with private_libvirtd() as running:
        ours_dom = client.open(running.uri, timeout=20).lookupByName("test")
        theirs_dom = libvirt_python.open(running.uri).lookupByName("test")
        os.kill(running.pid, signal.SIGSTOP)
        threads = [
            threading.Thread(target=lambda: seen.__setitem__("ours", _err(client, ours_dom.listAllCheckpoints))),
            threading.Thread(target=lambda: seen.__setitem__("theirs", _err(libvirt_python, theirs_dom.listAllCheckpoints))),
        ]
        for thread in threads:
            thread.start()
        assert _calls_queued(running.pid, 2, 30), "both calls sent, unread by the stopped daemon"
        os.kill(running.pid, signal.SIGKILL)
        os.kill(running.pid, signal.SIGCONT)
        for thread in threads:
            thread.join(20)
    detail = "Cannot recv data: Connection reset by peer"
    assert seen["ours"] == seen["theirs"] == (38, 7, detail, 2, "%s", detail, None, 104, -1)
