"""A returned checkpoint is made from the caller's domain, as libvirt.so makes it.

libvirt 9.0.0's remote driver (``gendispatch.pl``'s client bodies) builds a
returned checkpoint from the name in the reply and the domain the call was
made on: ``get_nonnull_domain_checkpoint(dom, ret.checkpoint)`` for
checkpointCreateXML and checkpointLookupByName, ``checkpoint->domain`` for
getParent, and the same for every element of listAllCheckpoints and
listAllChildren; the reply's ``dom`` is decoded (XDR) and dropped.  A fake
daemon that names another domain in its replies shows it: the handle's
domain, and the checkpoint each later call sends, are the caller's in both
clients.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import BASIC_ANSWERS, DOMAIN_TEST, HEADER, Answer, answering_server, sample_client, xdr_string

CREATE_XML, GET_XML_DESC, LIST_ALL, LIST_CHILDREN, LOOKUP, GET_PARENT, DELETE = range(411, 418)
# a remote_nonnull_domain that is not the one the calls are made on: "other", another UUID, id 7
OTHER = xdr_string(b"other") + bytes(range(1, 17)) + struct.pack(">i", 7)
# the same, its name not UTF-8 (libvirt.so never looks at it: only XDR reads it)
NOT_UTF8 = xdr_string(b"\xff\xfe") + bytes(16) + struct.pack(">i", 7)


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_owned")


def _checkpoint(name: bytes, dom: bytes = OTHER) -> bytes:
    return xdr_string(name) + dom


def _answers(dom: bytes, sent: dict[int, list[bytes]]) -> dict[int, Answer]:
    """Every checkpoint the fake daemon returns names ``dom``; each checkpoint call's args are kept in ``sent``."""

    def kept(procedure: int, body: bytes) -> Answer:
        def answer(call: bytes) -> tuple[bytes, int]:
            sent.setdefault(procedure, []).append(call[HEADER.size :])
            return body, 0

        return answer

    listed = struct.pack(">I", 2) + _checkpoint(b"c1", dom) + _checkpoint(b"c2", dom) + struct.pack(">i", 2)
    return {
        **BASIC_ANSWERS,
        CREATE_XML: kept(CREATE_XML, _checkpoint(b"c1", dom)),
        GET_XML_DESC: kept(GET_XML_DESC, xdr_string(b"<domaincheckpoint/>")),
        LIST_ALL: kept(LIST_ALL, listed),
        LIST_CHILDREN: kept(LIST_CHILDREN, listed),
        LOOKUP: kept(LOOKUP, _checkpoint(b"c1", dom)),
        GET_PARENT: kept(GET_PARENT, _checkpoint(b"p0", dom)),
        DELETE: kept(DELETE, b""),
    }


def _scenario(lib: ModuleType, uri: str) -> list[tuple[str, str]]:
    """Each returned checkpoint (single and listed, from a domain and from a checkpoint): its name
    and its domain's, after a getXMLDesc and a delete that send it back."""
    conn = lib.open(uri)
    try:
        dom = conn.lookupByName("test")
        made: list[Callable[[], object]] = [
            lambda: dom.checkpointCreateXML("<domaincheckpoint/>"),
            lambda: dom.checkpointLookupByName("c1"),
            lambda: dom.listAllCheckpoints(),
            lambda: dom.checkpointLookupByName("c1").getParent(),
            lambda: dom.checkpointLookupByName("c1").listAllChildren(),
        ]
        seen = []
        for make in made:
            result = make()
            for checkpoint in result if isinstance(result, list) else [result]:
                checkpoint.getXMLDesc()
                checkpoint.delete()
                seen.append((checkpoint.getName(), checkpoint.getDomain().name()))
        return seen
    finally:
        conn.close()


@pytest.mark.parametrize("dom", [OTHER, NOT_UTF8], ids=["another-domain", "name-not-utf8"])
def test_a_returned_checkpoint_is_made_from_the_callers_domain(client: ModuleType, libvirt_python: ModuleType, dom: bytes) -> None:
    """Whatever domain the reply names, the checkpoint (and every later call's wire form of it) has
    the caller's, in both clients: the bytes each getXMLDesc/delete/getParent/listAllChildren sent
    are the same, and name the domain "test" (DOMAIN_TEST), never "other"."""
    results = []
    sent: list[dict[int, list[bytes]]] = []
    for lib in (client, libvirt_python):
        calls: dict[int, list[bytes]] = {}
        with answering_server(_answers(dom, calls)) as server:
            results.append(_scenario(lib, server.uri))
        sent.append(calls)
    expected = [("c1", "test"), ("c1", "test"), ("c1", "test"), ("c2", "test"), ("p0", "test"), ("c1", "test"), ("c2", "test")]
    assert results[0] == results[1] == expected
    assert sent[0] == sent[1]
    flags = struct.pack(">I", 0)
    assert sent[0][GET_XML_DESC][0] == _checkpoint(b"c1", DOMAIN_TEST) + flags
    assert sent[0][GET_PARENT] == [_checkpoint(b"c1", DOMAIN_TEST) + flags]  # the looked-up checkpoint, as the caller has it
    assert sent[0][GET_XML_DESC][4] == _checkpoint(b"p0", DOMAIN_TEST) + flags  # the parent: made from the caller's domain
    assert all(DOMAIN_TEST in body and dom not in body for bodies in sent[0].values() for body in bodies)


def test_the_replys_domain_is_still_read_as_xdr(client: ModuleType, libvirt_python: ModuleType) -> None:
    """Read past, not skipped blindly: a reply whose domain is cut short is malformed, in both
    (VIR_ERR_RPC, VIR_FROM_RPC; libvirt.so says "Unable to decode message payload", ours where)."""
    cut = xdr_string(b"c1") + xdr_string(b"other") + bytes(8)  # no room for the UUID and the id
    answers = {**BASIC_ANSWERS, LOOKUP: lambda call: (cut, 0)}
    failed = []
    with answering_server(answers) as server:
        for lib in (client, libvirt_python):
            conn = lib.open(server.uri)
            dom = conn.lookupByName("test")
            with pytest.raises(lib.libvirtError) as raised:
                dom.checkpointLookupByName("c1")
            failed.append((raised.value.get_error_code(), raised.value.get_error_domain()))
            del dom
            conn.close()
    assert failed == [(39, 7), (39, 7)]
