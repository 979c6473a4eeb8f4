"""A docstring says the raise where libvirt's description has the call itself "return an error".

libvirt 9.0.0's virDomainGetJobInfo and virDomainGetJobStats open "Will return an error if the domain is not
active.", virDomainDestroyFlags says "virDomainDestroyFlags() will instead return an error if the guest doesn't
terminate ...", virConnectGetAllDomainStats and virDomainListGetStats "makes the function return error in case ...":
each method raises libvirtError there.  Another party's error ("Some hypervisors ... will return an error", "the
hypervisor driver will return failure", "the target hypervisor must return an error") is what the call fails with,
and stays.
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
        ("Get it.\nWill return an error if the domain is not active.", "Get it.\nWill raise libvirtError if the domain is not active."),
        ("Will return an error if X.", "Will raise libvirtError if X."),
        ("and virFoo() will instead\nreturn an error if the guest", "and virFoo() will instead\nraise libvirtError if the guest"),
        ("virFoo returns an error when", "virFoo raises libvirtError when"),
        ("makes the function return error in case", "makes the function raise libvirtError in case"),
        ("This call may return an error code.", "This call may raise libvirtError."),
        # another party's error, another function's, a subject that may be another party
        ("Some hypervisors do not support this feature and will\nreturn an error if bandwidth is not 0",
         "Some hypervisors do not support this feature and will\nreturn an error if bandwidth is not 0"),
        ("the hypervisor driver will return failure if LIVE", "the hypervisor driver will return failure if LIVE"),
        ("the target hypervisor must return an error if", "the target hypervisor must return an error if"),
        ("virFooBar() will return an error", "virFooBar() will return an error"),
        ("if it is busy it will return an error", "if it is busy it will return an error"),
        ("Disks with no error will not be returned.", "Disks with no error will not be returned."),
        # a C example stays
        ("Example:\n\n    Will return an error;", "Example:\n\n    Will return an error;"),
    ],
)  # fmt: skip
def test_the_calls_error_is_said_as_the_raise(text: str, said: str) -> None:
    assert python_failures.error_raising_description(text, "virFoo") == said


def test_9_0_0_the_calls_own_error_is_the_raise(docs: dict[str, str]) -> None:
    said = {
        "virDomain.getJobInfo": "Will raise libvirtError if the domain is not active.",
        "virDomain.getJobStats": "Will raise libvirtError if the domain is not active.",
        "virDomain.destroyFlags": "virDomain.destroyFlags() will instead raise libvirtError if the guest doesn't terminate",
        "virConnect.getAllDomainStats": "makes the function raise libvirtError in case some of the stat types",
        "virConnect.domainListGetStats": "makes the function raise libvirtError in case some of the stat types",
    }
    for name, words in said.items():
        doc = " ".join(docs[name].split())
        assert words in doc, name
        assert "return an error" not in doc and "return error" not in doc, name


def test_9_0_0_another_partys_error_stays(docs: dict[str, str]) -> None:
    for name in ("virDomain.blockPull", "virDomain.blockCommit", "virDomain.blockRebase"):
        assert "Some hypervisors do not support this feature and will return an error if bandwidth is not 0" in " ".join(docs[name].split()), name
    for name in ("virDomain.attachDeviceFlags", "virDomain.updateDeviceFlags", "virDomain.detachDeviceFlags"):
        doc = " ".join(docs[name].split())
        assert "the target hypervisor must return an error if unable to satisfy flags" in doc, name
        assert "the hypervisor driver will return failure if LIVE is specified" in doc, name
