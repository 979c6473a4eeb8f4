"""``VIR_*_LAST`` sentinels are no module constants of the generated bindings
(libvirt-python 9.0.0 has none but ``VIR_DOMAIN_MEMORY_STAT_LAST``, an alias
of another member, which stays)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from python_support import (
    load_generated,
    load_reference,
    qa7_sample,
)

from generator.backends import python as backend
from generator.frontend import load_tree


@pytest.fixture(scope="module")
def qa7_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return qa7_sample(tmp_path_factory.mktemp("qa7") / "tree")


@pytest.fixture(scope="module")
def ours() -> ModuleType:
    return load_generated()


# --- sentinels -----------------------------------------------------------------------------------


def test_sentinels_are_no_constants_but_an_alias_one_stays(qa7_tree: Path) -> None:
    plan = backend.build_plan(load_tree(qa7_tree).api)
    assert plan is not None
    constants = {c.name: c.value for c in plan.constants}
    assert {n: v for n, v in constants.items() if n.startswith("VIR_QA7_")} == {
        "VIR_QA7_TAG_A": 0, "VIR_QA7_TAG_NR": 1, "VIR_QA7_TAG_LAST": 1, "VIR_QA7_STATE_X": 0, "VIR_QA7_STATE_Y": 1,
    }
    assert "VIR_CONNECT_CLOSE_REASON_LAST" not in constants
    assert constants["VIR_CONNECT_CLOSE_REASON_CLIENT"] == 3


def test_the_committed_package_has_no_sentinel_constant(ours: ModuleType) -> None:
    assert not hasattr(ours, "VIR_CONNECT_CLOSE_REASON_LAST")
    assert ours.VIR_CONNECT_CLOSE_REASON_CLIENT == 3
    assert [n for n in dir(ours) if n.endswith("_LAST")] == []


def test_constants_on_9_0_0_are_libvirt_pythons(libvirt_tree: Path) -> None:
    theirs = load_reference()
    plan = backend.build_plan(load_tree(libvirt_tree).api)
    assert plan is not None
    ours = {c.name: c.value for c in plan.constants}
    expected = {n: getattr(theirs, n) for n in dir(theirs) if n.startswith("VIR_") and isinstance(getattr(theirs, n), int)}
    assert sorted(n for n in ours if n.endswith("_LAST")) == ["VIR_DOMAIN_MEMORY_STAT_LAST", "VIR_NETWORK_UPDATE_COMMAND_ADD_LAST"]
    assert {n: v for n, v in ours.items() if n in expected} == {n: v for n, v in expected.items() if n in ours}
    assert set(expected) - set(ours) == set()
    assert set(ours) - set(expected) == set()
