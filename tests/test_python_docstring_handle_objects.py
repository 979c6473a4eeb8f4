"""A docstring says the object a Python program holds where the C docs name a handle's pointer type.

libvirt's docs return "a fresh virConnectPtr", "the virConnectPtr", "an (opaque) new virDomainCheckpointPtr";
a Python method returns an object of the class ``virConnect``, ``virDomainCheckpoint``.  The mention is said
"virConnect object" (one "object" where the C text has its own: "the associated virDomainPtr object"), for each
class of the plan; a struct's pointer (``virConnectAuthPtr``), C examples and declarations stay C's.
"""

from __future__ import annotations

import re

import pytest
from conftest import SAMPLE_TREE
from python_support import whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_callables
from generator.frontend import load_tree

HANDLES = frozenset({"virConnect", "virDomain", "virStoragePool"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (":returns: a fresh virConnectPtr. The caller owns it.", ":returns: a fresh virConnect object. The caller owns it."),
        (":returns: the virConnectPtr.", ":returns: the virConnect object."),
        (":returns: a virStoragePoolPtr object", ":returns: a virStoragePool object"),
        ("does not free the associated virDomainPtr\nobject.", "does not free the associated virDomain\nobject."),
        ("frees the virDomainPtr objects", "frees the virDomain objects"),
        # no class of the plan, a longer name, a declaration
        ("fills a virConnectAuthPtr", "fills a virConnectAuthPtr"),
        ("a virDomainPtrList", "a virDomainPtrList"),
        ("given as virDomainPtr *domains", "given as virDomainPtr *domains"),
    ],
)  # fmt: skip
def test_a_handle_pointer_type_is_said_as_its_object(text: str, expected: str) -> None:
    assert python_callables.python_callables_doc(text, {}, HANDLES) == expected


def test_c_examples_and_the_bindings_notes_keep_the_pointer_type() -> None:
    doc = (
        "Returns the virDomainPtr, for example:\n\n"
        "    virDomainPtr dom = virDomainLookupByName(conn, name);\n\n"
        "In Python: the virDomainPtr is adopted.\n\n"
        "C function: virDomainLookupByName"
    )
    assert python_callables.python_callables_doc(doc, {}, HANDLES) == doc.replace("Returns the virDomainPtr,", "Returns the virDomain object,")


def test_the_sample_docstrings_say_the_objects() -> None:
    plan = backend.build_plan(load_tree(SAMPLE_TREE).api)
    assert plan is not None
    views = {v.c_name: v.doc for v in plan.views}
    assert ":returns: a fresh virConnect object. The caller owns the connection" in views["virConnectOpen"]
    assert ":returns: the virConnect object.\n" in views["virDomainGetConnect"]
    assert ":returns: a new virDomainCheckpoint object.\n" in views["virDomainCheckpointCreateXML"]


def test_9_0_0_prose_names_no_handle_pointer_type() -> None:
    plan = whole_tree_plan()
    handles = {f"{c.name}Ptr" for c in plan.classes}
    docs = [v.doc for v in plan.views] + [e.doc for e in plan.enums] + [c.doc for c in plan.classes]
    named = [m.group() for doc in docs for m in re.finditer(r"\bvir\w+Ptr\b(?!\s*\*)", doc) if m.group() in handles]
    # what stays is the C examples' declarations ("virStreamPtr st = virStreamNew(conn, 0);", "virDomainPtr dom;")
    lines = [line.strip() for doc in docs for line in doc.splitlines() if any(re.search(rf"\b{h}\b(?!\s*\*)", line) for h in handles)]
    assert all(re.match(r"(?:int \w+\()?vir\w+Ptr \w+[ ;=,)]", line) for line in lines), lines
    assert len(named) == len(lines)
    by_name = {v.c_name: v.doc for v in plan.views}
    assert ":returns: an (opaque) new virDomainSnapshot object on success." in by_name["virDomainSnapshotCreateXML"]
    assert "explicit virConnect object for the destination host." in by_name["virDomainMigrateToURI3"]
    # undefine's "This does not free the associated virInterfacePtr object." went: tests/test_python_docstring_own_object.py
