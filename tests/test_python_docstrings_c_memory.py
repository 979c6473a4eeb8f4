"""Docstrings say nothing of the C memory behind a value the bindings copy, reference or allocate themselves.

A returned string is a copied ``str`` (9 docstrings of 9.0.0 said "the string
need not be deallocated its lifetime will be the same as the domain object"),
a returned struct a copied tuple, a borrowed handle one the bindings take a
reference of (11 getters said "The reference counter on the connection is not
increased by this call."); an output the method returns is no pointer the
caller may leave NULL (``getState``'s "it is allowed to be NULL", "(OUT)"); a
list of handles or names is no array the caller allocates ("and allocate an
array to store those objects", "(allocated by caller)").  As the release
advice rule does, the wording goes; the sentence giving the value keeps it.
Telling a C caller how to keep a copy of the borrowed memory goes with it
(the sample's ``virGetLastError``: "Use virSaveLastError() or
virCopyLastError() to keep a copy."; none of 9.0.0, 7.0.0 or 11.3.0).
"""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE_TREE
from python_support import GENERATED, whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_docs
from generator.frontend import load_tree


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "a pointer to the name, the string need not be deallocated its lifetime will be the same as the domain object.",
            "a pointer to the name.",
        ),
        ("the name, the string need not be deallocated as its lifetime will be the same as the snapshot object.", "the name."),
        ("the name; the caller must not free it.", "the name."),
        ("the name. The string belongs to @domain and stays valid while the handle does; the caller must not free it.", "the name."),
        ("a pointer to the record, or NULL if none. The record is borrowed from @conn and must not be freed.", "a pointer to the record, or NULL if none."),
        ("the virConnectPtr. The pointer is borrowed: do not pass it to virConnectClose().", "the virConnectPtr."),
        # how a C caller keeps a copy of the borrowed memory: the Python value is one, the functions bound or not
        ("the last error, or NULL. Use virSaveLastError() or virCopyLastError() to keep a copy.", "the last error, or NULL."),
        ("the record. Callers wanting to make their own copy should use virCopyLastError().", "the record."),
        ("the name. Copy it before the next call.", "the name."),
        # nothing of the memory's owner: unchanged
        ("the name. Note that the name is not unique, e.g. after a rename.", "the name. Note that the name is not unique, e.g. after a rename."),
        ("a newly allocated, NUL-terminated UTF-8 string.", "a newly allocated, NUL-terminated UTF-8 string."),
        ("the new copy, or NULL if memory ran out.", "the new copy, or NULL if memory ran out."),
        ("the code of the copied error. The copy keeps the strings.", "the code of the copied error. The copy keeps the strings."),
        # a note the rule cannot cut from the value stays whole
        ("the borrowed name", "the borrowed name"),
    ],
)
def test_borrow_notes(text: str, kept: str) -> None:
    assert python_docs.without_borrow_notes(text) == kept


@pytest.mark.parametrize(
    ("doc", "kept"),
    [
        ("returned reason which led to @state (one of ...); it is allowed to be NULL", "returned reason which led to @state (one of ...)"),
        ("return value for the library version (OUT)", "return value for the library version"),
        ("the value, can be NULL", "the value"),
        # NULL as a value of what the output holds is no C option: stays
        ("the parent, NULL when the device has none", "the parent, NULL when the device has none"),
    ],
)
def test_returned_output_notes(doc: str, kept: str) -> None:
    out = backend.OutView("reason", "scalar", "ctypes.c_int")
    assert backend._out_doc(out, doc) == f"reason: {kept}"


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return {v.c_name: v.doc for v in whole_tree_plan().views}


def test_9_0_0_strings_and_handles(docs: dict[str, str]) -> None:
    # "a pointer to": the method returns the str or the object itself
    assert ":returns: the name.\n" in docs["virDomainGetName"]
    assert ":returns: the MAC address (in ASCII format).\n" in docs["virInterfaceGetMACString"]  # tests/test_python_docstring_c_strings.py
    assert ":returns: the domain\n" in docs["virDomainDefineXML"]  # was "NULL in case of error, a pointer to the domain otherwise"
    assert ":returns: the hypervisor connection\n" in docs["virConnectOpen"]
    # the description says the object too (tests/test_python_docstring_description_pointers.py)
    assert docs["virDomainGetConnect"].startswith("Provides the connection associated with a domain.\n\n:returns:")
    for name, doc in docs.items():
        assert ":returns: a pointer to" not in doc, name
        assert "need not be deallocated" not in doc, name
        assert "reference counter on the" not in " ".join(doc.split()), name


def test_9_0_0_outputs_and_lists(docs: dict[str, str]) -> None:
    assert docs["virDomainGetState"].split(":returns: ")[1].split("\n\n")[0].endswith("corresponding to the current state)")
    assert ":returns: libVer: return value for the library version\n" in docs["virGetVersion"]
    assert docs["virConnectListAllNetworks"].startswith("Collect the list of networks. This API solves the race")
    assert "(the pool names)\n" in docs["virConnectListStoragePools"]  # tests/test_python_docstring_list_returns.py
    for name, doc in docs.items():
        assert "allocate an array to store" not in " ".join(doc.split()), name
        assert "(allocated by caller)" not in doc, name


def test_the_sample_s_borrowed_returns() -> None:
    plan = backend.build_plan(load_tree(SAMPLE_TREE).api)
    assert plan is not None
    returns = {v.c_name: next(line for line in v.doc.splitlines() if line.startswith(":returns:")) for v in plan.views if ":returns:" in v.doc}
    assert returns["virDomainGetName"] == ":returns: the name."
    assert returns["virDomainGetConnect"] == ":returns: the virConnect object."  # tests/test_python_docstring_handle_objects.py
    assert returns["virConnGetLastError"] == ":returns: the record, or None when nothing has failed."
    # "Use virSaveLastError() or virCopyLastError() to keep a copy.": the tuple is one already
    assert returns["virGetLastError"] == ":returns: the calling thread's last error, or None when nothing has failed."
    assert "borrowed" not in json.dumps(returns)
    assert "copy" not in returns["virGetLastError"]


def test_a_pointer_to_a_demonstrative() -> None:
    # "a pointer to that virError": the method returns the tuple itself, as for "a pointer to the domain"
    assert python_docs.POINTER_TO.sub("", "a pointer to that virError, or NULL when nothing has failed.") == "that virError, or NULL when nothing has failed."
    assert python_docs.POINTER_TO.sub("", "a pointer to this domain") == "this domain"
    assert python_docs.POINTER_TO.sub("", "a pointer to thatched roofs") == "a pointer to thatched roofs"
    generated = (GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    # the sample's virGetLastError says what it returns, with nothing left for a demonstrative to point back to
    assert ":returns: the calling thread's last error, or None when nothing has failed." in generated
    assert "that virError" not in generated
    assert ":returns: a pointer to" not in generated
