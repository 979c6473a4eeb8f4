"""A getter filling an array per unit is described as the method taking ``total``, not as C's calling convention.

libvirt's virDomainGetCPUStats takes the array, its count per CPU, the first CPU and the number of CPUs; the method
takes ``total`` and returns a list of dicts, asking libvirt for the sizes itself (python._typed_units).  Its
description still told a Python reader about "@start_cpu", "@ncpus", the NULL calls that return the counts, the
array's unpopulated tail, the remote driver's limits (the bindings split the request at 128 CPUs and size the array
with libvirt's own count) and a C example of those calls.  What the parameters mean is said of ``total``; the
calling convention goes; what the statistics are stays.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs

TAKEN = ("params", "nparams", "start_cpu", "ncpus")


@pytest.fixture(scope="module")
def doc() -> str:
    return next(v.doc for v in whole_tree_plan().views if v.c_name == "virDomainGetCPUStats")


def _said(text: str) -> str:
    return python_docs.units_description(text, "virGetX", TAKEN, "cpu", "total")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("If @start_cpu is -1, then @ncpus must be 1, and the\nresults are A.", "If total is True, the\nresults are A."),
        ("Otherwise, @start_cpu represents the first, and @ncpus represents\nhow many, with B.", "Otherwise, there is one dict per cpu, with B."),
        (
            "Likewise, if @params is NULL and @nparams is 0 and\n@ncpus is 0, the number of cpus up is returned.  From X, this matches Y.",
            "If total is False, the number of dicts is the number of cpus up.  From X, this matches Y.",
        ),
        ("It shows C.  But when @start_cpu is -1, D.", "It shows C.  But when total is True, D."),
        # the calling convention: the sentence goes, its paragraph when nothing is left
        ("A.  If @ncpus is large, the tail is unset.\n\nThe limit is 128 @ncpus; split it.\n\nB.", "A.\n\nB."),
        ("As special cases, if @params is NULL and @nparams is 0, the count.  C.", "C."),
        # a C example of the function's own calls, with its introductions
        (
            "A.\n\nTypical use is below.\n\nset start_cpu as -1\n\n  virGetX(d, NULL, 0, -1, 1, 0); // n\n\nper cpu:\n\n  virGetX(d, NULL, 0, 0, 0, 0);",
            "A.",
        ),
        # another C example, another paragraph ending in ":" stay
        ("Other:\n\n  virOther(d);\n\nB.", "Other:\n\n  virOther(d);\n\nB."),
        ("Nothing of C.", "Nothing of C."),
    ],
)  # fmt: skip
def test_units_description(text: str, said: str) -> None:
    assert _said(text) == said


def test_9_0_0_cpu_stats_is_described_with_total(doc: str) -> None:
    description = doc.split("\n:param", 1)[0]
    prose = " ".join(description.split())
    for c_word in ("@start_cpu", "start_cpu", "@ncpus", "@nparams", "@params", "virDomainGetCPUStats(", "NULL", "the return value", "is returned"):
        assert c_word not in prose, c_word
    for said in (
        "If total is True, the returned results reflect the statistics attributable to the entire domain",
        "Otherwise, there is one dict per cpu, with statistics attributable per processor (such as per-cpu usage).",
        "If total is False, the number of dicts is the number of cpus available to query. From the host perspective,"
        " this would typically match the cpus member of virConnect.nodeGetInfo()",
        "but when total is True, any difference in usage between a host and guest perspective would serve as a measure of hypervisor overhead.",
        "For now, @flags is unused",
    ):
        assert said in prose, said
    assert "remote driver" not in prose and "Typical use" not in prose
    # the bindings' own line on total still says what it asks C for
    assert ":param total: True: the whole, @start_cpu -1" in doc
