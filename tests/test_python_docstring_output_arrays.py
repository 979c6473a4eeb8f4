"""Docstrings of a method returning a list say nothing of the C output array's memory.

``authorizedSSHKeysGet`` and ``getMessages`` return a ``list[str]``; their C
descriptions say the keys are stored "into @keys array which is allocated
upon successful return and is NULL terminated", of a parameter the method
does not take.  The clause goes with its allocation and terminator words, as
the store clauses of a filled array do; ``listAllDomains``' "return an
allocated array of information for each" is "return a list of information
for each" (3 docstrings of libvirt 9.0.0).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_docs

_TAKEN = backend._ArrayShape("take", "keys", "", "ctypes.c_void_p")
_FILLED = backend._ArrayShape("fill", "names", "maxnames", "ctypes.c_void_p")


@pytest.mark.parametrize(
    ("shape", "text", "kept"),
    [
        (
            _TAKEN,
            "For given @user in @domain fetch list of public SSH authorized\nkeys and store them into @keys array which is allocated upon\n"
            "successful return and is NULL terminated.\n\nKeys are in OpenSSH format.",
            "For given @user in @domain fetch list of public SSH authorized\nkeys.\n\nKeys are in OpenSSH format.",
        ),
        (_TAKEN, "Fetch the keys, storing them in @keys array, which will be NULL terminated.", "Fetch the keys."),
        # the filled arrays' clauses as before, and with the tail too
        (_FILLED, "Collect the names, and store their names in @names.", "Collect the names."),
        (_FILLED, "Collect the names and store them in @names array that is NULL terminated.", "Collect the names."),
        # no store clause naming the array, or no memory words after it: unchanged
        (_TAKEN, "The keys are opaque strings, i.e. not interpreted.", "The keys are opaque strings, i.e. not interpreted."),
        (_TAKEN, "Store them into @keys array which holds the keys of @user.", "Store them into @keys array which holds the keys of @user."),
    ],
)
def test_array_memory_clauses_go(shape: backend._ArrayShape, text: str, kept: str) -> None:
    assert backend._without_array_clauses(text, shape) == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("and return an allocated\narray of information for each.", "and return a list\nof information for each."),
        ("and return an allocated array of information.", "and return a list of information."),
        ("An allocated array comes back.", "A list comes back."),
    ],
)
def test_an_allocated_array_is_a_list(text: str, kept: str) -> None:
    assert python_docs.RETURNED_ALLOCATED_ARRAY.sub(python_docs.a_list, text) == kept


def test_9_0_0_list_methods_name_no_array_memory() -> None:
    docs = {v.c_name: v.doc for v in whole_tree_plan().views}
    assert docs["virDomainAuthorizedSSHKeysGet"].startswith("For given @user in @domain fetch list of public SSH authorized\nkeys.\n\n")
    assert docs["virDomainGetMessages"].startswith("Fetch a list of all messages recorded against the VM.\n\n")
    assert "and return a list\nof information for each." in docs["virConnectListAllDomains"]
    for name, doc in docs.items():
        flat = " ".join(doc.split())
        assert "allocated upon successful return" not in flat and "an allocated array" not in flat, name
