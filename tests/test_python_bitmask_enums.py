"""Enums written as bits are ``IntFlag`` classes even when no ``flags`` parameter names them (QA, session 15).

virDomainGuestInfoTypes is ORed into ``getGuestInfo``'s ``types``, virStreamEventType into a stream's
event mask: each member is ``1 << n``, and an OR of members must be a value of the class, as it is of
the ``*Flags`` enums.  An enum of counted values (virDomainState) stays an ``IntEnum``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from python_support import whole_tree_package, whole_tree_plan

from generator.backends import python as backend
from generator.model import EnumMember

BITMASKS = ("DomainGuestInfoTypes", "DomainStatsTypes", "EventHandleType", "StreamEventType")


def _member(expression: str, value: int) -> EnumMember:
    return EnumMember("VIR_X", "virX", "h", value, expression, None, "", "", False)


@pytest.fixture(scope="module")
def lv(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return whole_tree_package(tmp_path_factory.mktemp("bitmask-enums"), "libvirt_ctypes_bitmask_enums")


def test_the_whole_trees_bitmask_enums_are_intflag_and_counted_ones_intenum() -> None:
    bases = {e.name: e.base for e in whole_tree_plan().enums}
    assert {name: bases[name] for name in BITMASKS} == dict.fromkeys(BITMASKS, "IntFlag")
    assert (bases["DomainState"], bases["DomainEventType"], bases["ErrorNumber"]) == ("IntEnum", "IntEnum", "IntEnum")


def test_an_or_of_members_is_a_value_of_the_class(lv: ModuleType) -> None:
    types = lv.DomainGuestInfoTypes
    both = types.USERS | types.OS
    assert (type(both), int(both), types(3)) == (types, 3, both)
    assert lv.StreamEventType.READABLE | lv.StreamEventType.WRITABLE == 3


@pytest.mark.parametrize(
    ("expressions", "bits"),
    [
        (["(1 << 0)", "(1 << 1)", "1<<2"], True),
        (["0", "(1U << 3)"], True),
        (["0"], False),  # one zero is no bitmask
        (["(1 << 0)", "2"], False),  # a counted value among them
        (["", "(1 << 1)"], False),  # an implicit value
    ],
)
def test_written_as_bits(expressions: list[str], bits: bool) -> None:
    members = [_member(text, index) for index, text in enumerate(expressions)]
    assert backend._written_as_bits(members) is bits


def test_the_rule_is_in_the_docs() -> None:
    text = (Path(__file__).parent.parent / "docs" / "python-bindings.md").read_text(encoding="utf-8")
    assert "1 << n" in text
