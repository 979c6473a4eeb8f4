"""C's NULL is None where the Python value is: a parameter of another callable, a returned value, a struct field.

libvirt 9.0.0's virConnectGetURI says "If name == NULL was passed to virConnectOpen, then the driver will return a
non-NULL URI", virDomainBlockPull "This is shorthand for virDomainBlockRebase() with a NULL base", and
virDomainInterface's hwaddr field "hardware address, may be NULL": libvirt_ctypes.open()'s ``name`` and
blockRebase()'s ``base`` take None, getURI() never returns None, and the field is ``str | None``.  The NULL rules
knew the method's own parameters and its field lines only.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python, python_callables, python_docs

NULLABLE = {"virConnectOpen": {"name": "name"}, "virDomainBlockRebase": {"base": "base"}, "virDomainOpen": {"from": "from_"}}
CALLABLES = {"virConnectOpen": "libvirt_ctypes.open()", "virDomainBlockRebase": "virDomain.blockRebase()"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("If name == NULL\nwas passed to virConnectOpen, then", "If name=None\nwas passed to libvirt_ctypes.open(), then"),
        ("Shorthand for virDomainBlockRebase() with a NULL base.", "Shorthand for virDomain.blockRebase() with base=None."),
        ("Call virDomainOpen with a NULL from to open.", "Call virDomainOpen with from_=None to open."),  # the Python name
        # no callable in the sentence, a parameter the callable does not have or takes no None for
        ("If name == NULL, then. See virConnectOpen.", "If name == NULL, then. See libvirt_ctypes.open()."),
        ("Shorthand for virDomainBlockRebase() with a NULL top.", "Shorthand for virDomain.blockRebase() with a NULL top."),
        # a C call, a C example
        ("Call virDomainBlockRebase(dom, NULL, 0, 0).", "Call virDomainBlockRebase(dom, NULL, 0, 0)."),
        ("Example:\n\n    if (virConnectOpen(NULL) == NULL) return -1;", "Example:\n\n    if (virConnectOpen(NULL) == NULL) return -1;"),
    ],
)  # fmt: skip
def test_a_null_of_a_named_callables_parameter_is_none(text: str, said: str) -> None:
    assert python_callables.python_callables_doc(text, CALLABLES, frozenset(), NULLABLE) == said


@pytest.mark.parametrize(
    ("text", "annotation", "said"),
    [
        ("the driver will return\na non-NULL URI which", "str", "the driver will return\na URI which"),
        ("it returns a non-NULL XML document", "str", "it returns an XML document"),
        ("it returns a non-NULL XML document", "str | None", "it returns a non-NULL XML document"),
        ("if @dom is non-NULL, a non-NULL name", "str", "if @dom is non-NULL, a non-NULL name"),
    ],
)  # fmt: skip
def test_a_returned_non_null_goes(text: str, annotation: str, said: str) -> None:
    assert python_docs.without_returned_not_null(text, annotation) == said


def test_a_field_that_may_be_none_says_none() -> None:
    field = python.FilledField("hwaddr", "hwaddr", "ctypes.c_char_p", "str | None", doc="hardware address, may be NULL")
    assert python._field_doc(field) == "hardware address, may be None"
    listed = python.FilledField("addrs", "addrs", "ctypes.c_void_p", "list[str]", doc="addresses, may be NULL")
    assert python._field_doc(listed) == "addresses, may be NULL"


def test_9_0_0_docstrings_say_none() -> None:
    plan = whole_tree_plan()
    methods = {f"{c.name}.{m.name}": " ".join(m.doc.split()) for c in plan.classes for m in c.methods}
    assert "If name=None was passed to libvirt_ctypes.open(), then the driver will return a URI which" in methods["virConnect.getURI"]
    assert "This is shorthand for virDomain.blockRebase() with base=None." in methods["virDomain.blockPull"]
    interface = next(s for s in plan.filled_structs if s.name == "virDomainInterface")
    assert "hwaddr (str | None): hardware address, may be None" in interface.fields_doc
