"""A ``:param:`` line names the value the method takes, not the C pointer it is passed through.

"pointer to XML description of one device" is "XML description of one
device" (the method takes a str), "pointer to the domain" "the domain" (a
virDomain), and a dict of typed parameters holds "memory parameters", not
C's "pointer to memory parameter objects" (24 docstrings of libvirt 9.0.0).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend

_STR = backend.ArgView("xml", "str", "str", None)
_TYPED = backend.ArgView("params", "typed", "Mapping[str, Any]", None)


@pytest.mark.parametrize(
    ("doc", "arg", "kept"),
    [
        ("pointer to XML description of one device", _STR, "XML description of one device"),
        ("pointer to the domain", _STR, "the domain"),
        ("a pointer to a hypervisor connection", _STR, "a hypervisor connection"),
        ("pointer to memory parameter objects", _TYPED, "memory parameters"),
        ("Pointer to block copy parameter objects, or NULL", _TYPED, "block copy parameters, or NULL"),
        ("pointer to perf events parameter object", _TYPED, "perf events parameters"),
        # no pointer first: unchanged, "parameter objects" too
        ("the XML, a pointer to which is kept", _STR, "the XML, a pointer to which is kept"),
        ("parameter objects to set", _TYPED, "parameter objects to set"),
        ("pointers to the disks", _STR, "pointers to the disks"),
    ],
)
def test_pointer_lead_goes(doc: str, arg: backend.ArgView, kept: str) -> None:
    assert backend._argument_doc(doc, arg) == kept


def test_9_0_0_parameters_name_no_pointer() -> None:
    docs = {v.c_name: v.doc for v in whole_tree_plan().views}
    assert ":param xml: XML description of one device\n" in docs["virDomainAttachDeviceFlags"]
    assert ":param params: memory parameters (a dict {field: value};" in docs["virDomainSetMemoryParameters"]
    for name, doc in docs.items():
        for line in doc.splitlines():
            assert not line.startswith(":param") or "pointer to" not in line.lower(), (name, line)
