"""A list reply's ``int ret`` counts, as in libvirt.so and libvirt-python.

libvirt 9.0.0's client body of a list procedure returns ``ret.ret`` (not the
array's length): the public function fails when it is negative (no error set,
so libvirt-python raises the generic failure), and the bindings make a list of
``ret`` items.  The client used to drop ``ret`` and return the whole array.
Every list procedure goes through the same template code (QA, session 33).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from rpc_support import BASIC_ANSWERS, DOMAIN_TEST, Answer, answering_server, raised_error, sample_client, xdr_string

LIST_ALL, LIST_CHILDREN, LOOKUP = 413, 414, 415
GENERIC_FAILURE = (1, 0, "An error occurred, but the cause is unknown", 2, None, None, None, 0, 0)


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_list_ret")


def _listed(names: list[bytes], ret: int) -> bytes:
    return struct.pack(">I", len(names)) + b"".join(xdr_string(n) + DOMAIN_TEST for n in names) + struct.pack(">i", ret)


def _lists(conn: object) -> dict[str, Callable[[], list[object]]]:
    dom = conn.lookupByName("test")  # type: ignore[attr-defined]
    return {"listAllCheckpoints": dom.listAllCheckpoints, "listAllChildren": dom.checkpointLookupByName("c0").listAllChildren}


@pytest.mark.parametrize(
    ("names", "ret"),
    [([b"c1"], -1), ([b"c1"], 0), ([b"c1", b"c2"], 1), ([b"c1", b"c2"], 2), ([], -5)],
    ids=["minus-1", "0-of-1", "1-of-2", "2-of-2", "minus-5-of-0"],
)
def test_a_list_replys_ret_counts_as_in_libvirt_python(client: ModuleType, libvirt_python: ModuleType, names: list[bytes], ret: int) -> None:
    body = _listed(names, ret)
    answers: dict[int, Answer] = {
        **BASIC_ANSWERS,
        LIST_ALL: lambda call: (body, 0),
        LIST_CHILDREN: lambda call: (body, 0),
        LOOKUP: lambda call: (xdr_string(b"c0") + DOMAIN_TEST, 0),
    }
    seen: list[dict[str, object]] = []
    with answering_server(answers) as server:
        for lib in (client, libvirt_python):
            conn = lib.open(server.uri)
            results: dict[str, object] = {}
            for method, call in _lists(conn).items():
                if ret < 0:
                    results[method] = raised_error(lib, call)
                else:
                    results[method] = [c.getName() for c in call()]  # type: ignore[attr-defined]
                assert conn.lookupByName("test").name() == "test"  # still open
            seen.append(results)
            conn.close()
    assert seen[0] == seen[1]
    expected = GENERIC_FAILURE if ret < 0 else [n.decode() for n in names[:ret]]
    assert seen[0] == {"listAllCheckpoints": expected, "listAllChildren": expected}


def test_a_ret_over_the_lists_length_is_a_malformed_reply(client: ModuleType) -> None:
    """libvirt.so would read past its array (its bindings wrap what lies there): refused, 39/7."""
    answers: dict[int, Answer] = {**BASIC_ANSWERS, LIST_ALL: lambda call: (_listed([b"c1"], 2), 0)}
    with answering_server(answers) as server:
        conn = client.open(server.uri, timeout=5)
        error = raised_error(client, conn.lookupByName("test").listAllCheckpoints)
        assert error[:2] == (39, 7) and "ret 2 counts more than the list's 1 entries" in str(error[2])
