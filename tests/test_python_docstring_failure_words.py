"""A docstring's prose gives no failure value where the method raises.

libvirt 9.0.0's virConnectCompareCPU and virConnectCompareHypervisorCPU say in their return doc "this function
will return VIR_CPU_COMPARE_ERROR (instead of VIR_CPU_COMPARE_INCOMPATIBLE)": VIR_CPU_COMPARE_ERROR is -1, and the
methods raise on -1.  virGetVersion's "in which case an error code will be returned" and the list methods'
"the hypervisor may return either 0 or an error" (listAllDomains, listAllCheckpoints, listAllSnapshots) spoke
of C's values too: the version call raises, a list method returns a list.  Another party's "will return an error"
stays, and so do the constants of value -1 that are no failure (VIR_NODE_CPU_STATS_ALL_CPUS ...).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_docs

from generator.backends import python_failures


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return whole_tree_docs()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "If FAIL is used, this function will return VIR_X_ERROR (instead of VIR_X_INCOMPATIBLE) and the error will use ...",
            "If FAIL is used, this function will raise libvirtError (instead of returning VIR_X_INCOMPATIBLE) and the error will use ...",
        ),
        ("it returns VIR_X_ERROR and an error is set.", "it raises libvirtError."),
        # the sentence goes on with other values: its constant may be an answer
        ("it returns VIR_X_ERROR on timeout, 0 on no data.", "it returns VIR_X_ERROR on timeout, 0 on no data."),
        # a constant not named as the failure, another subject
        ("this function will return VIR_X_OTHER.", "this function will return VIR_X_OTHER."),
        ("the callback should return VIR_X_ERROR.", "the callback should return VIR_X_ERROR."),
        # the passive, with the error as its subject; another party's "return an error" stays
        ("in which case\nan error code will be returned. Then", "in which case\nlibvirtError will be raised. Then"),
        ("Some hypervisors will return an error if bandwidth is not 0.", "Some hypervisors will return an error if bandwidth is not 0."),
        ("Disks with no error will not be returned.", "Disks with no error will not be returned."),
        # a C example stays
        ("Example:\n\n    ret = f(); // an error code is returned;", "Example:\n\n    ret = f(); // an error code is returned;"),
    ],
)  # fmt: skip
def test_a_failure_constant_is_said_as_the_raise(text: str, said: str) -> None:
    assert python_failures.raising_description(text, frozenset({"VIR_X_ERROR"})) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the hypervisor may return\neither 0 or an error.", "the hypervisor may either\nreturn an empty list or raise libvirtError."),
        ("it returns 0 or an error.", "it returns an empty list or raises libvirtError."),
        ("it returns 0 or 1.", "it returns 0 or 1."),
        ("Some hypervisors will return an error.", "Some hypervisors will return an error."),
    ],
)  # fmt: skip
def test_a_list_methods_zero_or_error(text: str, said: str) -> None:
    assert python_failures.list_raising_description(text) == said


def test_9_0_0_compare_cpu_says_the_raise(docs: dict[str, str]) -> None:
    for name in ("virConnect.compareCPU", "virConnect.compareHypervisorCPU"):
        doc = " ".join(docs[name].split())
        assert "this function will raise libvirtError (instead of returning VIR_CPU_COMPARE_INCOMPATIBLE) and the error will use" in doc, name
        assert "return VIR_CPU_COMPARE_ERROR" not in doc


def test_9_0_0_version_and_lists_say_the_raise(docs: dict[str, str]) -> None:
    assert "in which case libvirtError will be raised. @typeVer" in " ".join(docs["virGetVersion"].split())
    for name in ("virConnect.listAllDomains", "virDomain.listAllCheckpoints", "virDomain.listAllSnapshots"):
        doc = " ".join(docs[name].split())
        assert "hypervisor may either return an empty list or raise libvirtError." in doc, name
        assert "0 or an error" not in doc


def test_9_0_0_other_minus_one_constants_stay(docs: dict[str, str]) -> None:
    for constant in ("VIR_NODE_CPU_STATS_ALL_CPUS", "VIR_NODE_MEMORY_STATS_ALL_CELLS", "VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_DEFAULT"):
        assert any(constant in doc for doc in docs.values()), constant
    assert not [name for name, doc in docs.items() if "libvirtError" in doc and "ALL_CPUS" in doc]
    assert "Some hypervisors do not support this feature and will\nreturn an error if bandwidth is not 0" in docs["virDomain.blockPull"]
