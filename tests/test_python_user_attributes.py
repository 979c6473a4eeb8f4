"""A program's own attributes on handles (``dom.tag = "web"``), as libvirt-python's objects take them.

Every handle class keeps its state in ``__slots__`` (the pointer, the kept
name, the connection) and has a ``__dict__`` slot too: a slot is a data
descriptor of the class, so reading the handle's state never looks in the
instance dict, and an attribute set there cannot shadow it.
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from python_support import DOMAIN, GENERATED, URI, load_generated, load_reference


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


def _handle_classes(lib: ModuleType) -> list[type]:
    return [cls for name, cls in vars(lib).items() if isinstance(cls, type) and name.startswith("vir") and hasattr(cls, "_adopt")]


def test_a_handle_takes_attributes_of_the_programs_own(ours: ModuleType) -> None:
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    dom.foo = 1
    conn.owner = "me"
    assert dom.foo == 1 and conn.owner == "me"
    assert vars(dom) == {"foo": 1} and vars(conn) == {"owner": "me"}
    del dom.foo
    with pytest.raises(AttributeError):
        dom.foo  # noqa: B018 (the read is the test)


def test_the_handles_state_stays_in_its_slots(ours: ModuleType) -> None:
    conn = ours.open(URI)
    dom = conn.lookupByName(DOMAIN)
    pointer = dom.c_pointer()
    assert dom.getName() == DOMAIN and dom.getName() == DOMAIN  # the second from the name slot
    assert vars(dom) == {}  # neither the pointer nor the kept name went to the dict
    # a dict entry of a slot's name shadows nothing: the slot, a data descriptor, is found first
    vars(dom)["_h_virDomain"] = 0
    vars(dom)["_name_virDomain"] = "other"
    assert dom.c_pointer() == pointer and dom.getName() == DOMAIN and dom.UUIDString()
    dom.close()
    assert dom.c_pointer() == 0


def test_every_handle_class_has_a_dict_and_its_slots(ours: ModuleType) -> None:
    classes = _handle_classes(ours)
    assert {cls.__name__ for cls in classes} >= {"virConnect", "virDomain", "virDomainCheckpoint"}
    for cls in classes:
        slots = cls.__slots__
        assert slots[:2] == ("__dict__", "__weakref__"), cls
        assert f"_h_{cls.__name__}" in slots, cls


def test_the_generated_sources_declare_the_dict_slot() -> None:
    text = (GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8")
    slots = re.findall(r"^    __slots__ = \((.*)\)$", text, flags=re.MULTILINE)
    handle_slots = [s for s in slots if '"_h_' in s]
    assert handle_slots and all(s.startswith('"__dict__", "__weakref__", ') for s in handle_slots)


def test_as_libvirt_python(ours: ModuleType) -> None:
    theirs = load_reference()
    for lib in (ours, theirs):
        dom = lib.open(URI).lookupByName(DOMAIN)
        dom.foo = 1
        assert dom.foo == 1, lib


def test_copies_keep_the_programs_attributes(ours: ModuleType) -> None:
    # copy.copy() of any Python object shares its attributes; a deep copy copies them (the C object is shared either way)
    import copy

    with ours.open(URI) as conn:
        dom = conn.lookupByName(DOMAIN)
        dom.note = ["hi"]
        shallow, deep = copy.copy(dom), copy.deepcopy(dom)
        assert shallow.note is dom.note and deep.note == ["hi"] and deep.note is not dom.note
        assert shallow.name() == deep.name() == DOMAIN
        assert deep._h_virDomain == dom._h_virDomain  # one C object, each copy holding its own reference
