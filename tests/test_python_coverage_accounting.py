"""COVERAGE.md accounts for every C function the package binds: none it calls is listed as skipped.

QA, session 33: ``virFreeError``, ``virSetErrorFunc``, ``virDefaultErrorFunc``,
``virTypedParamsFree`` and ``virTypedParamsClear`` were listed as skipped
though the runtime binds and calls them.  They are now "used inside the
bindings, not exposed", each with what for, and counted with the other
functions the bindings use themselves, so the totals still add up (516 on
libvirt 9.0.0).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE
from python_support import whole_tree_plan

from generator.backends import python as backend
from generator.frontend import load_tree

# a C function bound in the rendered module, on one line or across several
_BOUND = re.compile(r'_bind\(\s*"(\w+)"')


def _accounted(plan: backend.Plan) -> tuple[set[str], set[str], set[str]]:
    """(the C functions the module binds, those COVERAGE.md counts as bound or used, those it lists as skipped)."""
    module = backend.render_template(
        "python/module.py.j2", plan=plan, package=backend.PACKAGE, distribution=backend.DISTRIBUTION, error_struct=plan.error_struct, metadata=backend.METADATA
    )
    bound = {b.function for b in backend.bound_names(plan)}
    used = bound | set(plan.runtime) | set(plan.element_releases) | {name for name, _ in plan.internal}
    return set(_BOUND.findall(module)), used, {skip.function for skip in plan.skipped}


@pytest.mark.parametrize("tree", ["sample", "9.0.0"])
def test_every_function_the_module_binds_is_counted_as_used_and_none_as_skipped(tree: str) -> None:
    plan = backend.build_plan(load_tree(SAMPLE_TREE).api) if tree == "sample" else whole_tree_plan()
    assert plan is not None
    called, used, skipped = _accounted(plan)
    # the runtime's error-reset probe binds virConnectIsAlive, which the sample's headers do not declare
    assert sorted(called - used) == ([] if tree == "9.0.0" else ["virConnectIsAlive"])
    assert sorted(called & skipped) == []
    numbers = backend.coverage(plan)
    assert numbers.total == numbers.bound + numbers.runtime + numbers.skipped


def test_the_whole_tree_coverage_names_the_five_and_adds_up_to_516(tmp_path: Path) -> None:
    plan = whole_tree_plan()
    numbers = backend.coverage(plan)
    assert (numbers.total, numbers.bound, numbers.runtime, numbers.skipped) == (516, 453, 37, 26)
    internal = [name for name, _ in plan.internal]
    assert internal == ["virDefaultErrorFunc", "virFreeError", "virSetErrorFunc", "virTypedParamsClear", "virTypedParamsFree"]
    text = backend.render_template("python/COVERAGE.md.j2", plan=plan, package=backend.PACKAGE, coverage=numbers)
    head, skipped_section = text.split("## Skipped functions\n", 1)
    assert "- used inside the bindings, not exposed: 5\n  - `virDefaultErrorFunc`: " in head
    assert "- skipped: 26\n" in head
    for name in internal:
        assert f"`{name}`" not in skipped_section.split("\n## ")[0]
