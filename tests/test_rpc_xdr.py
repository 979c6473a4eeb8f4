"""Golden bytes: the generated Python client encodes exactly what rpcgen's C encoder does, and decodes what it produces."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import require
from rpc_support import (
    BASIC_ANSWERS,
    Answer,
    answering_server,
    error_body,
    fake_server,
    load_client,
    raised_error,
    read_call,
    socket_uri,
    xdr_string,
)
from test_rpc_protocol import strip_rpcgen_unused
from test_rpc_unused_helpers import every_helper_client

from generator.backends import rpc
from generator.frontend import load_tree

C_DIR = Path(__file__).parent / "rpc_c"
UUID = bytes(i * 17 % 256 for i in range(16))


@pytest.fixture(scope="module")
def rendered(sample_tree: Path) -> dict[str, str]:
    return rpc.render(load_tree(sample_tree).api)


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load_client(load_tree(sample_tree).api, tmp_path_factory.mktemp("client"), "libvirt_remote_xdr")


@pytest.fixture(scope="module")
def golden(rendered: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Compile tests/rpc_c/golden.c against rpcgen's output for our .x and run it."""
    require(Path("/usr/bin/rpcgen").is_file(), "rpcgen (apt-get install rpcsvc-proto)")
    require(Path("/usr/include/tirpc/rpc/xdr.h").is_file(), "libtirpc-dev")
    require(Path("/usr/include/libvirt/libvirt.h").is_file(), "libvirt-dev")
    folder = tmp_path_factory.mktemp("golden")
    (folder / "remote_protocol.x").write_text(rendered["remote_protocol.x"], encoding="utf-8")
    for flag, out in (("-h", "remote_protocol.h"), ("-c", "remote_protocol.c")):
        subprocess.run(["rpcgen", flag, "-o", out, "remote_protocol.x"], cwd=folder, check=True, capture_output=True)
    c_file = folder / "remote_protocol.c"
    c_file.write_text(strip_rpcgen_unused(c_file.read_text(encoding="utf-8")), encoding="utf-8")
    build = ["gcc", "-Wall", "-Werror", "-I/usr/include/tirpc", "-I.", "-o", "golden", str(C_DIR / "golden.c"), "remote_protocol.c", "-ltirpc"]
    compiled = subprocess.run(build, cwd=folder, capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stderr
    output = subprocess.run([str(folder / "golden")], check=True, capture_output=True, text=True).stdout
    lines = dict(line.split(" ", 1) for line in output.splitlines())
    assert "FAILED" not in lines.values()
    return {label: bytes.fromhex(value) for label, value in lines.items()}


class Recorder:
    """Stands in for a connection: records what a method packs, answers with a canned body."""

    def __init__(self, reply: bytes = b"") -> None:
        self.sent: list[tuple[int, bytes]] = []
        self.reply = reply
        self._conn = self
        self._enter = self._leave = lambda: 0  # the session's count of handles: nothing to count here

    def _call(self, procedure: int, out: list[bytes]) -> Any:
        self.sent.append((procedure, b"".join(out)))
        return self.client._Reader(self.reply, 0)

    client: ModuleType


def _recorder(client: ModuleType, reply: bytes = b"") -> Recorder:
    recorder = Recorder(reply)
    recorder.client = client
    return recorder


def _domain(client: ModuleType, conn: Recorder, name: str = "test", id_: int = 1) -> Any:
    return client.virDomain(conn, (name, UUID, id_))


def _checkpoint(client: ModuleType, conn: Recorder, name: str) -> Any:
    return client.virDomainCheckpoint(conn, (name, ("test", UUID, 1)))


def test_encoded_arguments_equal_rpcgens_bytes(client: ModuleType, golden: dict[str, bytes]) -> None:
    conn = _recorder(client, golden["lookup_by_name_ret"])
    client.virConnect.lookupByName(conn, "test")
    dom = _domain(client, conn)
    for reply, action in [
        (golden["get_parent_ret"], lambda: dom.checkpointCreateXML("<domaincheckpoint><name>c1</name></domaincheckpoint>", 3)),
        (golden["get_xml_desc_ret"], lambda: client.virDomainCheckpoint(conn, ("c", ("a-domain-name", UUID, -1))).getXMLDesc(0xFFFFFFFF)),
        (golden["list_all_checkpoints_ret"], lambda: dom.listAllCheckpoints(5)),
        (golden["list_all_checkpoints_ret"], lambda: _checkpoint(client, conn, "parent-of-all").listAllChildren(1)),
        (golden["get_parent_ret"], lambda: dom.checkpointLookupByName("café")),
        (golden["get_parent_ret"], lambda: _checkpoint(client, conn, "abc").getParent()),
        (b"", lambda: _checkpoint(client, conn, "abcd").delete(2)),
    ]:
        conn.reply = reply
        action()
    labels = [
        "lookup_by_name_args",
        "create_xml_args",
        "get_xml_desc_args",
        "list_all_checkpoints_args",
        "list_all_children_args",
        "checkpoint_lookup_by_name_args",
        "get_parent_args",
        "delete_args",
    ]
    assert [body for _, body in conn.sent] == [golden[label] for label in labels]
    assert [number for number, _ in conn.sent] == [23, 411, 412, 413, 414, 415, 416, 417]


def test_decoded_replies_equal_what_rpcgen_encoded(client: ModuleType, golden: dict[str, bytes]) -> None:
    conn = _recorder(client, golden["lookup_by_name_ret"])
    dom = client.virConnect.lookupByName(conn, "test")
    assert (dom.name(), dom.ID(), dom.UUIDString()) == ("test", 1, "00112233-4455-6677-8899-aabbccddeeff")
    conn.reply = golden["get_xml_desc_ret"]
    assert _checkpoint(client, conn, "c1").getXMLDesc() == "<domaincheckpoint>\n  <name>c1</name>\n</domaincheckpoint>\n"
    conn.reply = golden["list_all_checkpoints_ret"]
    listed = dom.listAllCheckpoints()
    assert [c.getName() for c in listed] == ["c1", "second", "third-one"]
    assert all(c.getDomain() == dom for c in listed)
    conn.reply = golden["get_parent_ret"]
    assert _checkpoint(client, conn, "x").getParent().getName() == "the-parent"


def test_error_body_decodes_to_libvirt_error(client: ModuleType, golden: dict[str, bytes]) -> None:
    error = client._unpack_error(client._Reader(golden["error"], 0))
    assert isinstance(error, client.libvirtError)
    assert (error.get_error_code(), error.get_error_domain(), error.get_error_level()) == (103, 12, 2)
    assert error.get_error_message() == "Domain checkpoint not found: no domain checkpoint with matching name 'x'"
    assert (error.get_str1(), error.get_str2(), error.get_int1(), error.get_int2()) == ("x", None, -1, 7)


def test_session_messages_equal_rpcgens_bytes(client: ModuleType, golden: dict[str, bytes]) -> None:
    """AUTH_LIST, then CONNECT_OPEN whose body is rpcgen's remote_connect_open_args; the header as REFERENCE §4 says."""

    def behave(conn: Any, received: list[bytes]) -> None:
        for reply_body in (b"\0\0\0\x01\0\0\0\0", b""):  # AUTH_LIST: [REMOTE_AUTH_NONE]; CONNECT_OPEN: void
            call = read_call(conn)
            received.append(call)
            header = call[4:28]
            conn.sendall((28 + len(reply_body)).to_bytes(4, "big") + header[:12] + (1).to_bytes(4, "big") + header[16:20] + bytes(4) + reply_body)

    with fake_server(behave) as server:
        conn = client.open(socket_uri(server.path), timeout=5)
        conn._abort()
    auth, open_ = server.received
    assert auth == bytes.fromhex("0000001c" "20008086" "00000001" "00000042" "00000000" "00000001" "00000000")
    assert open_[:28] == bytes.fromhex("00000038" "20008086" "00000001" "00000001" "00000000" "00000002" "00000000")
    assert open_[28:] == golden["connect_open_args"]


# --- a NUL inside a reply's string: C reads up to it, so libvirt.so keeps only that much ----------------------------


def test_a_reply_string_ends_at_its_first_nul_as_in_libvirt_so(client: ModuleType, libvirt_python: ModuleType) -> None:
    """QA: a checkpoint named b"ab\\0cd" was 'ab\\x00cd' here, and every method of it raised
    ValueError (embedded null character) when it packed the name.  tirpc's xdr_string keeps the
    bytes; libvirt.so's C strings end at the NUL: 'ab', the handle sends "ab", and so for
    every string a reply holds (a handle's name, a returned string, an error's message)."""
    descs: list[bytes] = []

    def get_xml_desc(call: bytes) -> tuple[bytes, int]:
        """Each client's first call: the string (not UTF-8 past the NUL, so never decoded there); its
        second: an error whose message holds a NUL."""
        descs.append(call)
        return (xdr_string(b"<x/>\0\xff\xfe"), 0) if len(descs) % 2 else (error_body(1, 0, b"bo\0om"), 1)

    domain = xdr_string(b"te\0st") + bytes(16) + struct.pack(">i", 1)
    answers: dict[int, Answer] = {
        **BASIC_ANSWERS,
        23: lambda call: (domain, 0),  # a domain's name
        415: lambda call: (xdr_string(b"ab\0cd") + domain, 0),  # CHECKPOINT_LOOKUP_BY_NAME (libvirt.so takes the caller's domain)
        412: get_xml_desc,
    }
    seen = []
    with answering_server(answers) as server:
        for lib in (client, libvirt_python):
            conn = lib.open(server.uri)
            dom = conn.lookupByName("test")
            checkpoint = dom.checkpointLookupByName("ab")
            xml = checkpoint.getXMLDesc()
            seen.append((dom.name(), checkpoint.getName(), xml, raised_error(lib, checkpoint.getXMLDesc)[:3]))
            conn.close()
    assert seen[0] == seen[1] == ("te", "ab", "<x/>", (1, 0, "bo"))
    # the handle sends its name as C does: "ab" (then the domain "te", its UUID and id), from both clients alike
    assert len(descs) == 4 and descs[0][28:] == descs[2][28:]
    assert descs[0][28:36] == xdr_string(b"ab") and descs[0][36:44] == xdr_string(b"te")


def test_the_optional_string_decoder_ends_at_a_nul(tmp_path_factory: pytest.TempPathFactory) -> None:
    """_string_at: an optional string inside a struct decoded whole (none in the replies of the sample's
    procedures, nor of 9.0.0's in scope, so their clients do not have it; a domain given one has)."""
    client = every_helper_client(tmp_path_factory, "libvirt_remote_xdr_optional_string")
    data = xdr_string(b"a\0\xff") + xdr_string(b"bc")
    assert client._string_at(data, 0, len(data)) == ("a", 8)
    assert client._optional_at(b"\0\0\0\x01" + data, 0, len(data) + 4, client._string_at) == ("a", 12)
