"""A list method's ``:returns:`` says what the list holds, not the C array the C function fills.

``listInterfaces() -> list[str]``: its ``@names`` doc is "array to collect
the list of names of interfaces", a C caller's array; the return line's
bracket is "(the names of interfaces)", as it already was "(the names)" for
"pointer to an array to store the names".  "array of char * to fill with
pool names" is "the pool names", "array in which to storage volume names"
"the storage volume names" (12 docstrings of libvirt 9.0.0, 12 of 7.0.0 and
of 11.3.0; none of the sample).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("doc", "stored"),
    [
        ("array to collect the list of names of interfaces", "the names of interfaces"),
        ("array to collect the list of IDs of active domains", "the IDs of active domains"),
        ("array of char * to fill with pool names", "the pool names"),
        ("array in which to storage volume names", "the storage volume names"),
        ("array in which to store the volume names", "the volume names"),
        # still the C array's memory after the lead: no rule's answer
        ("array to collect the list of names, freed by the caller", ""),
        # not an array's lead: unchanged rule (none)
        ("the array size", ""),
    ],
)
def test_array_leads(doc: str, stored: str) -> None:
    assert python_docs.stored_value_doc(doc) == stored


def test_9_0_0_list_returns() -> None:
    returns = {
        v.c_name: line
        for v in whole_tree_plan().views
        for line in v.doc.splitlines()
        if line.startswith(":returns: the strings the C function stores in") or line.startswith(":returns: the integers the C function stores in")
    }
    assert returns["virConnectListInterfaces"].endswith(", as a list[str] (the names of interfaces)")
    assert returns["virConnectListStoragePools"].endswith(", as a list[str] (the pool names)")
    assert returns["virStoragePoolListVolumes"].endswith(", as a list[str] (the storage volume names)")
    assert returns["virConnectListDomains"].endswith(", as a list[int] (the IDs of active domains)")
    assert len(returns) > 15
    for name, line in returns.items():
        assert "(array" not in line and "char *" not in line, name
