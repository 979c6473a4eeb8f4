"""A str UTF-8 cannot encode (a lone surrogate) is refused naming the argument (QA, session 15).

It was a bare ``UnicodeEncodeError`` naming nothing; it is the same exception type (a ``ValueError``),
raised before the C call, with the argument's name as the NUL and type refusals give it.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from python_support import DOMAIN, URI, whole_tree_package


@pytest.fixture(scope="module")
def lv(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("unencodable"), "libvirt_ctypes_unencodable")


@pytest.mark.parametrize(
    ("call", "label", "position"),
    [
        (lambda conn, dom: conn.lookupByName("x\udc80"), "name", 1),
        (lambda conn, dom: dom.fsFreeze(["/", "\udc80"]), "mountpoints[1]", 0),
        (lambda conn, dom: dom.setSchedulerParameters({"weight\udc80": 1}), "params: field name", 6),
        (lambda conn, dom: dom.setMetadata(0, "<a/>", "k", "\ud800uri"), "uri", 0),
    ],
)
def test_the_refusal_names_the_argument(lv: ModuleType, call: Any, label: str, position: int) -> None:
    with lv.open(URI) as conn:
        dom = conn.lookupByName(DOMAIN)
        with pytest.raises(UnicodeEncodeError) as raised:
            call(conn, dom)
        assert (raised.value.reason, raised.value.start) == (f"{label}: surrogates not allowed", position)
        assert isinstance(raised.value, ValueError)
        assert dom.getName() == DOMAIN  # the connection still works
