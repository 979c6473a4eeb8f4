"""A successful reply whose name (or returned string) is not UTF-8, against libvirt-python 9.0.0.

libvirt.so makes a returned handle whatever bytes its name has, sends them back unchanged in every
later call on it, and libvirt-python fails only when ``name()``/``getName()`` decode them
(``UnicodeDecodeError``); a returned string that is not UTF-8 fails that call alone, with the same
exception.  Neither is a malformed reply: the connection stays open in both clients.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import BASIC_ANSWERS, DOMAIN_TEST, HEADER, Answer, answering_server, sample_client, xdr_string

LOOKUP_DOMAIN = 23
CREATE_XML, GET_XML_DESC, LIST_ALL, LIST_CHILDREN, LOOKUP, GET_PARENT, DELETE = range(411, 418)
ODD = b"c\xff\xfe"  # not UTF-8
ODD_DOMAIN = xdr_string(ODD) + bytes(16) + struct.pack(">i", 1)


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_names_not_utf8")


def _checkpoint(name: bytes) -> bytes:
    return xdr_string(name) + DOMAIN_TEST


def _answers(sent: list[bytes], xml: bytes = b"<domaincheckpoint/>") -> dict[int, Answer]:
    """Every returned domain or checkpoint is named ODD (a list: "ok" and ODD); getXMLDesc's args are kept in ``sent``."""

    def xml_desc(call: bytes) -> tuple[bytes, int]:
        sent.append(call[HEADER.size :])
        return xdr_string(xml), 0

    listed = struct.pack(">I", 2) + _checkpoint(b"ok") + _checkpoint(ODD) + struct.pack(">i", 2)
    return {
        **BASIC_ANSWERS,
        LOOKUP_DOMAIN: lambda call: (ODD_DOMAIN if b"odd" in call else DOMAIN_TEST, 0),
        CREATE_XML: lambda call: (_checkpoint(ODD), 0),
        LOOKUP: lambda call: (_checkpoint(ODD if b"odd" in call else b"ok"), 0),
        GET_PARENT: lambda call: (_checkpoint(ODD), 0),
        LIST_ALL: lambda call: (listed, 0),
        LIST_CHILDREN: lambda call: (listed, 0),
        GET_XML_DESC: xml_desc,
        DELETE: lambda call: (b"", 0),
    }


CALLS: dict[str, Callable[[object], object]] = {
    "lookupByName": lambda conn: conn.lookupByName("odd"),  # type: ignore[attr-defined]
    "checkpointLookupByName": lambda conn: conn.lookupByName("test").checkpointLookupByName("odd"),  # type: ignore[attr-defined]
    "checkpointCreateXML": lambda conn: conn.lookupByName("test").checkpointCreateXML("<x/>"),  # type: ignore[attr-defined]
    "listAllCheckpoints": lambda conn: conn.lookupByName("test").listAllCheckpoints(),  # type: ignore[attr-defined]
    "getParent": lambda conn: conn.lookupByName("test").checkpointLookupByName("ok").getParent(),  # type: ignore[attr-defined]
    "listAllChildren": lambda conn: conn.lookupByName("test").checkpointLookupByName("ok").listAllChildren(),  # type: ignore[attr-defined]
}


def _odd_handle(result: object) -> object:
    return result[-1] if isinstance(result, list) else result


def _send_back(handle: object) -> None:
    """A call that sends the handle back: a checkpoint's own getXMLDesc, or one on the domain's checkpoint."""
    if hasattr(handle, "getParent"):
        handle.getXMLDesc()
    else:
        handle.checkpointLookupByName("ok").getXMLDesc()  # type: ignore[attr-defined]


@pytest.mark.parametrize("call", list(CALLS))
def test_a_handle_named_in_bytes_that_are_not_utf8_works_as_in_libvirt_python(
    client: ModuleType, libvirt_python: ModuleType, call: str
) -> None:
    """The call returns the handle, a later call sends its name back as the bytes received (the same
    bytes libvirt-python sends), and the connection stays open.  Its name reads as those bytes with
    lone surrogates (surrogateescape), where libvirt-python's name()/getName() raise UnicodeDecodeError."""
    sent: list[list[bytes]] = []
    for lib in (client, libvirt_python):
        sent.append([])
        with answering_server(_answers(sent[-1])) as server:
            conn = lib.open(server.uri)
            try:
                handle = _odd_handle(CALLS[call](conn))
                _send_back(handle)
                name = handle.name if hasattr(handle, "name") else handle.getName  # type: ignore[attr-defined]
                if lib is client:
                    assert name() == ODD.decode("utf-8", "surrogateescape")
                else:
                    with pytest.raises(UnicodeDecodeError):
                        name()
                assert conn.lookupByName("test").name() == "test"  # still open
                del handle
            finally:
                conn.close()
    assert sent[0] == sent[1]
    assert len(sent[0]) == 1 and xdr_string(ODD) in sent[0][0]


def test_a_returned_string_that_is_not_utf8_fails_that_call_only_as_in_libvirt_python(
    client: ModuleType, libvirt_python: ModuleType
) -> None:
    """getXMLDesc's XML with a byte that is not UTF-8: UnicodeDecodeError in both (ours names the
    call), the same bytes at fault, and the next call on the same connection answered."""
    raised = []
    for lib in (client, libvirt_python):
        with answering_server(_answers([], xml=b"<x>\xff</x>")) as server:
            conn = lib.open(server.uri)
            try:
                checkpoint = conn.lookupByName("test").checkpointLookupByName("ok")
                with pytest.raises(UnicodeDecodeError) as error:
                    checkpoint.getXMLDesc()
                raised.append((error.value.object, error.value.start, error.value.end))
                if lib is client:
                    assert "virDomainCheckpointGetXMLDesc" in error.value.reason
                assert checkpoint.getName() == "ok" and conn.lookupByName("test").name() == "test"  # still open
                del checkpoint
            finally:
                conn.close()
    assert raised == [(b"<x>\xff</x>", 3, 4)] * 2


def test_trailing_bytes_after_such_a_string_are_still_a_malformed_reply(client: ModuleType) -> None:
    """The reply is read whole before the string's error is raised: bytes after it close the connection (39/7)."""
    answers = _answers([], xml=b"<x>\xff</x>")
    answers[GET_XML_DESC] = lambda call: (xdr_string(b"<x>\xff</x>") + bytes(4), 0)
    with answering_server(answers) as server:
        conn = client.open(server.uri)
        checkpoint = conn.lookupByName("test").checkpointLookupByName("ok")
        with pytest.raises(client.libvirtError) as error:
            checkpoint.getXMLDesc()
        assert (error.value.get_error_code(), error.value.get_error_domain()) == (39, 7)
        assert "4 unexpected bytes after the reply body" in str(error.value)
        del checkpoint
        conn.close()
