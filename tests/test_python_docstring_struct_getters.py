"""A struct's name written as a call in libvirt's docs names the one method returning that struct.

libvirt 9.0.0's blockCommit, blockCopy, blockJobAbort and blockRebase docs say "tracked by virDomainBlockJobInfo()",
a slip for virDomainGetBlockJobInfo: in the package virDomainBlockJobInfo is a NamedTuple, so the text read as a
call of its constructor.  A struct exactly one bound function returns is called that function's callable
(virDomain.getBlockJobInfo()); a struct two return (virStorageVolInfo: getInfo, getInfoFlags) names neither; the
bare name is the struct's; a name a C function has (virDomainBlockStats, a function; its struct is
virDomainBlockStatsStruct) is that function's.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_callables

CALLABLES = {"virDomainGetX": "virDomain.getX()", "virDomainY": "virDomain.y()"}
GETTERS = {"virDomainXInfo": "virDomain.getX()"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("tracked by virDomainXInfo() with", "tracked by virDomain.getX() with"),
        ("poll virDomainXInfo() to see", "poll virDomain.getX() to see"),
        # the bare name, a C call with arguments, a struct with no getter: the struct's, C's
        ("a virDomainXInfo is a structure", "a virDomainXInfo is a structure"),
        ("fill virDomainXInfo(dom, &info)", "fill virDomainXInfo(dom, &info)"),
        ("virDomainZInfo() gives", "virDomainZInfo() gives"),
        # a real function keeps its own callable
        ("virDomainY() and virDomainGetX()", "virDomain.y() and virDomain.getX()"),
    ],
)  # fmt: skip
def test_a_struct_called_is_its_getter(text: str, said: str) -> None:
    assert python_callables.python_callables_doc(text, CALLABLES, getters=GETTERS) == said


def test_9_0_0_struct_getters() -> None:
    plan = whole_tree_plan()
    getters = backend._struct_getters(plan, backend._python_callables(plan))
    assert getters["virDomainBlockJobInfo"] == "virDomain.getBlockJobInfo()"
    assert getters["virDomainInfo"] == "virDomain.getInfo()"
    assert "virStorageVolInfo" not in getters  # getInfo and getInfoFlags return it
    bound = {v.c_name for v in plan.views}
    assert not set(getters) & bound  # never a real function's name


def test_9_0_0_block_job_docs_name_the_getter() -> None:
    docs = {f"{c.name}.{m.name}": m.doc for c in whole_tree_plan().classes for m in c.methods}
    for name in ("virDomain.blockCommit", "virDomain.blockCopy", "virDomain.blockJobAbort", "virDomain.blockRebase"):
        assert "virDomainBlockJobInfo()" not in docs[name], name
        assert "virDomain.getBlockJobInfo()" in docs[name], name
