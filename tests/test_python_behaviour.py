"""The generated bindings behave like libvirt-python 9.0.0 on the same calls (test:///default, real libvirt.so.0)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from python_support import attempt, build_tree, checkpoint_xml, clean_domain, load_generated, load_reference, names, stable_xml


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


@pytest.fixture(scope="module")
def theirs() -> ModuleType:
    return load_reference()


def listing_scenario(lib: ModuleType) -> list[object]:
    conn, dom = clean_domain(lib)
    build_tree(lib, dom)
    a = dom.checkpointLookupByName("a")
    b = dom.checkpointLookupByName("b")
    flags = lib.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS, lib.VIR_DOMAIN_CHECKPOINT_LIST_LEAVES, lib.VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES
    seen: list[object] = [
        sorted(names(dom.listAllCheckpoints())),
        names(dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)),
        *[sorted(names(dom.listAllCheckpoints(f))) for f in flags],
        sorted(names(a.listAllChildren())),
        sorted(names(a.listAllChildren(lib.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS))),
        names(a.listAllChildren(lib.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | lib.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)),
        sorted(names(a.listAllChildren(lib.VIR_DOMAIN_CHECKPOINT_LIST_LEAVES))),
        attempt(lib, lambda: b.getParent().getName()),
        attempt(lib, lambda: a.getParent()),
        attempt(lib, lambda: dom.checkpointLookupByName("missing").getName()),
        a.getName(),
        a.getDomain().name(),
        a.domain().name(),
        a.getConnect().getURI(),
        a.connect().getURI(),
    ]
    conn.close()
    return seen


def xml_scenario(lib: ModuleType) -> list[object]:
    conn, dom = clean_domain(lib)
    cp = dom.checkpointCreateXML(checkpoint_xml("x"))
    flags = (0, lib.VIR_DOMAIN_CHECKPOINT_XML_SECURE, lib.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN, lib.VIR_DOMAIN_CHECKPOINT_XML_SIZE)
    seen: list[object] = [attempt(lib, lambda f=f: stable_xml(cp.getXMLDesc(f))) for f in flags]
    seen.append(stable_xml(cp.getXMLDesc()))
    conn.close()
    return seen


def error_scenario(lib: ModuleType) -> list[object]:
    conn, dom = clean_domain(lib)
    cp = dom.checkpointCreateXML(checkpoint_xml("x"))
    seen: list[object] = [
        attempt(lib, lambda: dom.checkpointCreateXML(checkpoint_xml("x"))),  # duplicate name: 9
        attempt(lib, lambda: dom.checkpointCreateXML("<domaincheckpoint><name>")),  # bad XML: 35
        attempt(lib, lambda: cp.getXMLDesc(1 << 20)),  # unsupported flag bit: 8
        attempt(lib, lambda: dom.listAllCheckpoints(1 << 20)),
        attempt(lib, lambda: cp.delete(lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN | lib.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)),
        attempt(lib, lambda: dom.checkpointLookupByName("x", 1)),
        attempt(lib, cp.delete),
        attempt(lib, cp.delete),  # deleting twice: 103
        attempt(lib, cp.getParent),
    ]
    conn.close()
    return seen


DELETE_FLAGS = [
    ("0", []),
    ("CHILDREN", ["CHILDREN"]),
    ("CHILDREN_ONLY", ["CHILDREN_ONLY"]),
    ("METADATA_ONLY", ["METADATA_ONLY"]),
    ("CHILDREN|METADATA_ONLY", ["CHILDREN", "METADATA_ONLY"]),
    ("CHILDREN_ONLY|METADATA_ONLY", ["CHILDREN_ONLY", "METADATA_ONLY"]),
]


def delete_scenario(lib: ModuleType, words: list[str], victim: str) -> list[object]:
    conn, dom = clean_domain(lib)
    build_tree(lib, dom)
    flags = 0
    for word in words:
        flags |= getattr(lib, "VIR_DOMAIN_CHECKPOINT_DELETE_" + word)
    target = dom.checkpointLookupByName(victim)
    seen: list[object] = [attempt(lib, lambda: target.delete(flags)), sorted(names(dom.listAllCheckpoints()))]
    seen.append(attempt(lib, lambda: names(dom.listAllCheckpoints(lib.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL))))
    conn.close()
    return seen


def test_listing_matches_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    mine = listing_scenario(ours)
    assert mine == listing_scenario(theirs)
    assert mine[0] == ["a", "b", "c", "e", "r2"]
    assert mine[2] == ["a", "r2"]  # roots
    assert mine[9] == ("ok", "a")  # parent of b
    assert mine[10][:3] == ("error", 103, 12)  # a root has no parent


def test_xml_matches_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    mine = xml_scenario(ours)
    assert mine == xml_scenario(theirs)
    assert "<name>x</name>" in str(mine[-1])


def test_errors_match_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    mine = error_scenario(ours)
    assert mine == error_scenario(theirs)
    codes = [entry[1] if entry[0] == "error" else None for entry in mine]
    assert codes[:3] == [9, 35, 8]
    assert codes[4] == 8  # CHILDREN | CHILDREN_ONLY
    assert codes[7] == 103  # second delete


@pytest.mark.parametrize(("label", "words"), DELETE_FLAGS, ids=[label for label, _ in DELETE_FLAGS])
@pytest.mark.parametrize("victim", ["a", "b"])
def test_delete_flags_match_libvirt_python(ours: ModuleType, theirs: ModuleType, label: str, words: list[str], victim: str) -> None:
    mine = delete_scenario(ours, words, victim)
    assert mine == delete_scenario(theirs, words, victim), label
    assert mine[0] == ("ok", 0)
    remaining = mine[1]
    assert isinstance(remaining, list)
    assert (victim in remaining) == ("CHILDREN_ONLY" in words)
    assert ("c" in remaining) == ("CHILDREN" not in words and "CHILDREN_ONLY" not in words)  # c descends from a and b


def test_module_surface_matches_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    constants = sorted(n for n in dir(theirs) if n.startswith("VIR_DOMAIN_CHECKPOINT_"))
    assert constants, "libvirt-python exports checkpoint constants"
    assert {n: getattr(ours, n) for n in constants} == {n: getattr(theirs, n) for n in constants}
    methods = ["getName", "getXMLDesc", "getParent", "listAllChildren", "delete", "getConnect", "connect", "getDomain", "domain"]
    assert all(callable(getattr(ours.virDomainCheckpoint, m)) for m in methods)
    assert all(callable(getattr(ours.virDomain, m)) for m in ["checkpointCreateXML", "checkpointLookupByName", "listAllCheckpoints", "name"])
    for name in ["open", "openReadOnly", "virGetLastError", "virGetLastErrorCode", "virGetLastErrorMessage", "virResetLastError"]:
        assert callable(getattr(ours, name)) and callable(getattr(theirs, name))


def test_argument_defaults_match_libvirt_python(ours: ModuleType) -> None:
    import inspect

    def defaults(function: Any) -> dict[str, object]:
        return {p.name: p.default for p in inspect.signature(function).parameters.values() if p.default is not inspect.Parameter.empty}

    assert defaults(ours.virDomain.checkpointCreateXML) == {"flags": 0}
    assert defaults(ours.virDomain.checkpointLookupByName) == {"flags": 0}
    assert defaults(ours.virDomain.listAllCheckpoints) == {"flags": 0}
    for method in ("getXMLDesc", "getParent", "listAllChildren", "delete"):
        assert defaults(getattr(ours.virDomainCheckpoint, method)) == {"flags": 0}
    assert defaults(ours.open) == {"name": None}


def test_last_error_plumbing_matches_libvirt_python(ours: ModuleType, theirs: ModuleType) -> None:
    def last_error(lib: ModuleType) -> list[object]:
        conn, dom = clean_domain(lib)
        lib.virResetLastError()
        before = (lib.virGetLastError(), lib.virGetLastErrorCode())
        attempt(lib, lambda: dom.checkpointLookupByName("nope"))
        after = (lib.virGetLastError(), lib.virGetLastErrorCode(), lib.virGetLastErrorDomain(), lib.virGetLastErrorMessage())
        conn.close()
        return [before, after]

    mine = last_error(ours)
    assert mine == last_error(theirs)
    assert mine[0] == (None, 0)
    assert mine[1][1:3] == (103, 12)
