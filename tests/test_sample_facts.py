"""The sample tree is written in our own words, but its API facts are libvirt 9.0.0's.

Every symbol the sample declares exists in libvirt 9.0.0 with the same facts:
names, headers, types, parameter names and types, values and their spelling,
aliases and sentinels, versions and Since tags, ownership, the flags enum a
``flags`` parameter names, releasers.  Docs are ours, so they are not compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.frontend import load_tree
from generator.model import Api, Enum_, EnumMember, Function, FuncType, Macro, Module, Struct, Typedef, Variable


def _function(node: Function) -> object:
    params = [(p.name, p.type) for p in node.params]
    return (node.header, node.return_type, node.ownership, params, node.version, node.since, node.flags_enums, node.releaser, node.deprecated)


def _functype(node: FuncType) -> object:
    return (node.header, node.return_type, [(p.name, p.type) for p in node.params], node.since)


def _member(node: EnumMember) -> object:
    return (node.header, node.enum, node.value, node.expression, node.alias_of, node.sentinel, node.since, node.deprecated)


def _enum(node: Enum_) -> object:
    return (node.header, node.since)


def _struct(node: Struct) -> object:
    return (node.header, [(f.name, f.type) for f in node.fields or ()], node.since)


def _typedef(node: Typedef) -> object:
    return (node.header, node.type, node.since)


def _macro(node: Macro) -> object:
    return (node.header, node.raw, node.params, node.string, node.since)


def _variable(node: Variable) -> object:
    return (node.header, node.type, node.since)


FACTS: dict[str, Callable[..., object]] = {
    "functions": _function,
    "functypes": _functype,
    "members": _member,
    "enums": _enum,
    "structs": _struct,
    "typedefs": _typedef,
    "macros": _macro,
    "variables": _variable,
}


@pytest.fixture(scope="module")
def both(sample_tree: Path, libvirt_tree: Path) -> tuple[Api, Api]:
    return load_tree(sample_tree).api, load_tree(libvirt_tree).api


def _differences(sample: Module, real: Module) -> Iterator[tuple[str, str, object, object]]:
    for kind, facts in FACTS.items():
        known = {node.name: node for node in getattr(real, kind)}
        for node in getattr(sample, kind):
            theirs = known.get(node.name)
            if theirs is None:
                yield kind, node.name, facts(node), None
            elif facts(node) != facts(theirs):
                yield kind, node.name, facts(node), facts(theirs)


def test_every_sample_symbol_has_libvirt_9_s_facts(both: tuple[Api, Api]) -> None:
    sample, real = both
    found: list[tuple[str, str, object, object]] = []
    for module in sample.modules:
        theirs = real.module(module.name)
        assert theirs is not None, module.name
        found += _differences(module, theirs)
    assert found == []


def test_the_comparison_covers_the_whole_sample(both: tuple[Api, Api]) -> None:
    """The facts above are compared for every kind the sample holds: a test that could not fail proves nothing."""
    sample, _ = both
    module = sample.module("libvirt")
    assert module is not None
    counts = {kind: len(getattr(module, kind)) for kind in FACTS}
    assert counts["functions"] >= 40 and counts["members"] >= 30 and counts["typedefs"] >= 5 and counts["structs"] >= 1
    assert counts["macros"] >= 4 and counts["enums"] >= 8 and counts["functypes"] >= 3
    assert sum(1 for f in module.functions if f.flags_enums) >= 5 and any(m.alias_of for m in module.members)
