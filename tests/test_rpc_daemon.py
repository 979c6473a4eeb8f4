"""The generated Python client against a real libvirtd, compared with libvirt.so's remote driver on the same daemon."""

from __future__ import annotations

import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import require
from rpc_support import Daemon, load_client, private_libvirtd, read_call, short_folder, socket_uri

from generator.frontend import load_tree


@pytest.fixture(scope="module")
def daemon() -> Iterator[Daemon]:
    with private_libvirtd() as running:
        yield running


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_client(load_tree(sample_tree).api, tmp_path_factory.mktemp("client"))



def _xml(name: str) -> str:
    return f"<domaincheckpoint><name>{name}</name><description>made by {name}</description></domaincheckpoint>"


def _names(items: list[Any]) -> list[str]:
    return [item.getName() for item in items]


def _error(lib: ModuleType, action: Any) -> tuple[int, int, str]:
    try:
        action()
    except lib.libvirtError as error:
        return (error.get_error_code(), error.get_error_domain(), error.get_error_message())
    raise AssertionError("no error raised")


def scenario(lib: ModuleType, uri: str) -> dict[str, object]:
    """The whole checkpoint life cycle in one connection; every observation, as plain values."""
    seen: dict[str, object] = {}
    conn = lib.open(uri)
    try:
        dom = conn.lookupByName("test")
        seen["domain"] = (dom.name(), dom.ID(), dom.UUIDString())  # the spellings libvirt-python has
        seen["empty"] = _names(dom.listAllCheckpoints())
        c1 = dom.checkpointCreateXML(_xml("c1"))
        c2 = dom.checkpointCreateXML(_xml("c2"))
        c3 = dom.checkpointCreateXML(_xml("c3"))
        seen["created"] = _names([c1, c2, c3])
        seen["created.domain"] = c3.getDomain().name()
        for flag in ("ROOTS", "TOPOLOGICAL", "LEAVES", "NO_LEAVES"):
            seen[f"list {flag}"] = sorted(_names(dom.listAllCheckpoints(getattr(lib, f"VIR_DOMAIN_CHECKPOINT_LIST_{flag}"))))
        seen["list all"] = sorted(_names(dom.listAllCheckpoints()))
        seen["list topological order"] = _names(dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL))
        seen["children c1"] = _names(c1.listAllChildren())
        seen["descendants c1"] = sorted(_names(c1.listAllChildren(lib.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS)))
        seen["children c3"] = _names(c3.listAllChildren())
        seen["parent c3"] = c3.getParent().getName()
        seen["parent c2"] = c2.getParent().getName()
        seen["parent c1"] = _error(lib, c1.getParent)
        seen["lookup c2"] = dom.checkpointLookupByName("c2").getName()
        seen["lookup missing"] = _error(lib, lambda: dom.checkpointLookupByName("nope"))
        xml = c2.getXMLDesc()
        seen["xml name"] = "<name>c2</name>" in xml and "<description>made by c2</description>" in xml and "<parent>" in xml
        seen["xml has domain"] = "<domain " in xml
        seen["xml no domain"] = "<domain " in c2.getXMLDesc(lib.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN)
        seen["duplicate"] = _error(lib, lambda: dom.checkpointCreateXML(_xml("c2")))
        seen["bad xml"] = _error(lib, lambda: dom.checkpointCreateXML("<domaincheckpoint>"))
        seen["unsupported flag"] = _error(lib, lambda: c1.getXMLDesc(1 << 20))
        both = lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN | lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY
        seen["conflicting delete flags"] = _error(lib, lambda: c1.delete(both))
        seen["delete c3"] = c3.delete()
        seen["delete c3 again"] = _error(lib, c3.delete)
        seen["after delete"] = sorted(_names(dom.listAllCheckpoints()))
        seen["delete c1 children only"] = c1.delete(lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)
        seen["after children only"] = sorted(_names(dom.listAllCheckpoints()))
        seen["delete c1"] = c1.delete()
        seen["at end"] = _names(dom.listAllCheckpoints())
    finally:
        conn.close()
    return seen


def test_scenario_through_our_client(daemon: Daemon, client: ModuleType) -> None:
    seen = scenario(client, daemon.uri)
    assert seen["domain"] == ("test", 1, "6695eb01-f6a4-8304-79aa-97f2502e193f")
    assert seen["empty"] == [] and seen["at end"] == []
    assert seen["created"] == ["c1", "c2", "c3"] and seen["created.domain"] == "test"
    assert seen["list ROOTS"] == ["c1"]
    assert seen["list LEAVES"] == ["c3"]
    assert seen["list NO_LEAVES"] == ["c1", "c2"]
    assert seen["list topological order"] == ["c1", "c2", "c3"]
    assert seen["children c1"] == ["c2"] and seen["descendants c1"] == ["c2", "c3"] and seen["children c3"] == []
    assert seen["parent c3"] == "c2" and seen["parent c2"] == "c1"
    # domain 12 is VIR_FROM_TEST: the test driver reports these itself
    assert seen["parent c1"] == (103, 12, "Domain checkpoint not found: checkpoint 'c1' does not have a parent")
    assert seen["lookup missing"] == (103, 12, "Domain checkpoint not found: no domain checkpoint with matching name 'nope'")
    assert client.VIR_ERR_NO_DOMAIN_CHECKPOINT == 103
    assert seen["lookup c2"] == "c2"
    assert seen["xml name"] is True and seen["xml has domain"] is True and seen["xml no domain"] is False
    assert seen["duplicate"] == (9, 20, "operation failed: domain moment c2 already exists")
    assert seen["bad xml"][:2] == (35, 69)  # type: ignore[index]
    assert seen["unsupported flag"] == (8, 12, "unsupported flags (0x100000) in function testDomainCheckpointGetXMLDesc")
    assert seen["conflicting delete flags"][:2] == (8, 69)  # type: ignore[index]
    assert seen["delete c3"] == 0 and seen["delete c3 again"][0] == 103  # type: ignore[index]
    assert seen["after delete"] == ["c1", "c2"] and seen["after children only"] == ["c1"]


def test_same_scenario_same_results_through_libvirt_so(daemon: Daemon, client: ModuleType, libvirt_python: ModuleType) -> None:
    ours = scenario(client, daemon.uri)
    theirs = scenario(libvirt_python, daemon.uri)
    assert ours == theirs


def test_a_program_switches_between_our_client_and_our_ctypes_bindings(daemon: Daemon, client: ModuleType) -> None:
    """The same code, unchanged, through the generated ctypes bindings (libvirt.so's remote driver)."""
    from python_support import libvirt_so_present, load_generated

    require(libvirt_so_present(), "libvirt.so.0 (apt-get install libvirt0)")
    assert scenario(load_generated(), daemon.uri) == scenario(client, daemon.uri)


def test_flags_beyond_32_bits_are_refused_not_truncated(daemon: Daemon, client: ModuleType) -> None:
    with client.open(daemon.uri) as conn:
        dom = conn.lookupByName("test")
        with pytest.raises(OverflowError, match=r"^flags=1099511627776 is outside the C type's range 0\.\.4294967295$"):
            dom.listAllCheckpoints(2**40)
        with pytest.raises(TypeError, match=r"^name must be str, not virDomain$"):
            conn.lookupByName(dom)
        assert dom.listAllCheckpoints() == []  # the connection is still fine


def test_errors_leave_the_connection_usable_and_close_is_final(daemon: Daemon, client: ModuleType) -> None:
    conn = client.open(daemon.uri)
    dom = conn.lookupByName("test")
    with pytest.raises(client.libvirtError) as missing:
        dom.checkpointLookupByName("nope")
    assert missing.value.get_error_code() == 103
    assert conn.lookupByName("test").name() == "test"
    assert conn.close() == 1  # as libvirt-python's: dom still holds the connection
    with pytest.raises(client.libvirtError, match=r"^invalid connection pointer in virDomainLookupByName$"):
        conn.lookupByName("test")


def test_a_missing_socket_is_a_clear_error(client: ModuleType) -> None:
    # in a short folder: in tmp_path, the path could be too long for a socket (another error)
    with short_folder() as folder, pytest.raises(client.libvirtError) as error:
        client.open(socket_uri(folder / "none"))
    assert error.value.get_error_message() == f"Failed to connect socket to '{folder}/none': No such file or directory"
    assert error.value.get_error_code() == 38 and error.value.get_int1() == 2  # ENOENT, as libvirt.so reports it


def test_uri_split(client: ModuleType) -> None:
    split = client._split_uri
    assert split("test+unix:///default?socket=/s", False) == ("/s", "test:///default", None)
    assert split("qemu:///system?mode=legacy", False) == ("/var/run/libvirt/libvirt-sock", "qemu:///system", None)  # libvirt.so's path
    # QA: mode=legacy was passed on; libvirt.so's remote driver takes it (and socket, auth, no_verify, ...) for itself
    assert split("qemu:///system?socket=/x&mode=legacy", True) == ("/x", "qemu:///system", None)
    assert split(None, True) == ("/var/run/libvirt/libvirt-sock-ro", None, None)
    with pytest.raises(client.libvirtError, match="transport 'tcp' is not supported"):
        split("qemu+tcp://host/system", False)
    assert split("test+UNIX:///default?socket=/s", False) == ("/s", "test:///default", None)
    with pytest.raises(client.libvirtError, match="remote server 'h' is not supported") as error:
        split("test+unix://u@h:5/default?socket=/s", False)
    assert error.value.get_error_code() == 8 and error.value.get_error_domain() == 13
    with pytest.raises(client.libvirtError, match="transport 'tls' \\(implied by the host 'host'\\) is not supported"):
        split("qemu://host/system", False)
    # query parameters are percent-decoded, names too, as libvirt's virURIParseParams does; '+' stays '+'
    assert split("test+unix:///default?socket=/tmp/sp%20ace/s", False) == ("/tmp/sp ace/s", "test:///default", None)
    assert split("test+unix:///default?so%63ket=%2Fa+b", False) == ("/a+b", "test:///default", None)
    # the parameters passed on are written again as libvirt.so writes them (the value escaped)
    assert split("test:///default?socket=/x%FFy&mode=direct&x=a%20b", False) == ("/x\udcffy", "test:///default?x=a%20b", None)


def test_an_embedded_nul_is_refused_before_anything_is_sent(daemon: Daemon, client: ModuleType) -> None:
    """The C daemon would read each string only up to the NUL and act on another object."""
    with client.open(daemon.uri) as conn:
        with pytest.raises(ValueError, match=r"^name: embedded null character$"):
            conn.lookupByName("test\0junk")
        dom = conn.lookupByName("test")
        with pytest.raises(ValueError, match=r"^xmlDesc: embedded null character$"):
            dom.checkpointCreateXML(_xml("nul") + "\0<garbage")
        with pytest.raises(ValueError, match=r"^name: embedded null character$"):
            dom.checkpointLookupByName("nul\0x")
        assert dom.listAllCheckpoints() == []  # nothing was created: the connection is still fine


def test_an_embedded_nul_is_refused_in_libvirt_pythons_words_after_the_name(daemon: Daemon, client: ModuleType, libvirt_python: ModuleType) -> None:
    """The same exception and words, ours after the argument's name (libvirt-python names none)."""
    seen = []
    for lib in (client, libvirt_python):
        conn = lib.open(daemon.uri)
        try:
            with pytest.raises(ValueError) as error:
                conn.lookupByName("test\0junk")
            seen.append(str(error.value))
        finally:
            conn.close()
    assert (seen[0], seen[1]) == ("name: embedded null character", "embedded null character")


def _err(lib: ModuleType, action: Any) -> tuple[object, ...]:
    try:
        action()
    except lib.libvirtError as error:
        return tuple(error.err)
    raise AssertionError("no error raised")


def test_a_unix_uri_with_a_host_is_refused_like_libvirt_so(daemon: Daemon, client: ModuleType, libvirt_python: ModuleType) -> None:
    """Sending ``test://example.org/default`` would make the daemon itself connect to that host."""
    for host in ("example.org", "user@example.org:16509", "[::1]"):
        uri = socket_uri(daemon.socket, f"test+unix://{host}/default")
        ours, theirs = _err(client, lambda uri=uri: client.open(uri)), _err(libvirt_python, lambda uri=uri: libvirt_python.open(uri))
        assert ours == theirs
        assert ours[:2] == (8, 13)  # VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE
    assert "example.org" not in daemon.log()


def test_close_after_the_daemon_died_releases_quietly(client: ModuleType) -> None:
    """libvirt-python's close() returns 0 here, and raises on a second one; a ``with`` body's own exception is what the caller sees."""
    with private_libvirtd() as running:
        conn = client.open(running.uri)
        sock = conn._conn._sock  # the socket, not the session: holding that would keep it open
        assert conn.lookupByName("test").name() == "test"
        with pytest.raises(KeyError, match="the body's own error"), client.open(running.uri) as in_block:
            in_block_sock = in_block._conn._sock
            _kill(running.pid)
            raise KeyError("the body's own error")
        assert in_block_sock.fileno() == -1 and "closed" in repr(in_block)
        assert conn.close() == 0
        assert sock.fileno() == -1
        with pytest.raises(client.libvirtError, match=r"^invalid connection pointer in virConnectClose$"):
            conn.close()  # a second close(), as libvirt-python's
    with pytest.raises(client.libvirtError, match=r"^invalid connection pointer in virDomainLookupByName$"):
        conn.lookupByName("test")


@contextmanager
def _dropping_proxy(upstream: Path, procedure: int) -> Iterator[Path]:
    """A unix-socket proxy to the daemon that hangs up on a client when it calls ``procedure``.

    When the block ends its sockets are shut down (on Linux, close() alone wakes no thread blocked
    in accept() or recv()) and its threads joined: a thread left running would make
    ``background.may_fork()`` refuse for the rest of the session."""
    with short_folder() as folder:
        path = folder / "proxy-sock"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(4)
        connections: list[socket.socket] = []
        pumps: list[threading.Thread] = []

        def pump(source: socket.socket, sink: socket.socket, watch: bool) -> None:
            with suppress(OSError, ConnectionError):
                while True:
                    message = read_call(source)
                    if watch and struct.unpack_from(">I", message, 12)[0] == procedure:
                        source.shutdown(socket.SHUT_RDWR)
                        sink.shutdown(socket.SHUT_RDWR)
                        return
                    sink.sendall(message)

        def serve() -> None:
            with suppress(OSError):
                while True:
                    client, _ = listener.accept()
                    daemon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    connections.extend((client, daemon))
                    daemon.connect(str(upstream))
                    for args in ((daemon, client, False), (client, daemon, True)):
                        pumps.append(threading.Thread(target=pump, args=args, daemon=True))
                        pumps[-1].start()

        server = threading.Thread(target=serve, daemon=True)
        server.start()
        try:
            yield path
        finally:
            _shut(listener)
            server.join(5)  # no more connections or pumps after this
            for connection in connections:
                _shut(connection)
            for thread in pumps:
                thread.join(5)
            for sock in (listener, *connections):
                sock.close()


def _shut(sock: socket.socket) -> None:
    with suppress(OSError):  # not connected, or already shut down
        sock.shutdown(socket.SHUT_RDWR)


def test_a_dropped_connection_gives_libvirt_sos_errors(daemon: Daemon, client: ModuleType, libvirt_python: ModuleType) -> None:
    """QA: the peer hanging up mid-call was VIR_ERR_RPC 'procedure 413: the server closed the connection after 0 of 4 bytes'."""
    seen = []
    with _dropping_proxy(daemon.socket, 413) as path:  # DOMAIN_LIST_ALL_CHECKPOINTS
        for lib in (client, libvirt_python):
            conn = lib.open(socket_uri(path))
            dom = conn.lookupByName("test")
            seen.append((_err(lib, dom.listAllCheckpoints), _err(lib, dom.listAllCheckpoints)))
            conn.close()  # does not raise (libvirt-python returns 1 here: dom still holds a reference)
    assert seen[0] == seen[1]
    assert seen[0][0][:3] == (38, 7, "End of file while reading data: Input/output error")  # VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC
    assert seen[0][1][:3] == (1, 7, "internal error: client socket is closed")  # VIR_ERR_INTERNAL_ERROR


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    for _ in range(500):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone, or reaped between two reads
            return
        if state == "Z":
            return
        time.sleep(0.01)


def test_the_daemon_is_stopped_by_its_pid_even_when_the_test_fails() -> None:
    with pytest.raises(RuntimeError, match="a failing test body"), private_libvirtd() as running:
        pid = running.pid
        folder = running.folder
        assert Path(f"/proc/{pid}").exists()
        raise RuntimeError("a failing test body")
    assert not Path(f"/proc/{pid}").exists()
    assert not folder.exists()


def _effective_uid(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    return int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[2])


def test_an_unprivileged_daemon_runs_the_scenario_and_keeps_its_files_in_its_folder(client: ModuleType, libvirt_python: ModuleType) -> None:
    """What a maintainer who is not root gets; as root (CI) the daemon runs as nobody, whose home does not exist."""
    with private_libvirtd("nobody" if os.geteuid() == 0 else None) as running:
        assert _effective_uid(running.pid) != 0
        assert scenario(client, running.uri) == scenario(libvirt_python, running.uri)
        assert (running.folder / "home" / "run" / "libvirt" / "common" / "system.token").is_file()  # XDG_RUNTIME_DIR, not ~/.cache
