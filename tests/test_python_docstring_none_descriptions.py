"""A description's NULL of a parameter the method takes as one admitting None is said as None.

``domainEventRegisterAny(dom: virDomain | None, ...)``: "If @dom is None,
then events will be monitored for any domain. If @dom is not None, ...";
``blockCommit(base: str | None, ...)``: "if @base is None".  NULL of an
output the method returns ("@checkpoints is non-NULL"), of a C parameter it
does not take, or of a parameter not named with its "@" stays (15 docstrings
of libvirt 9.0.0, 15 of 7.0.0 and of 11.3.0; none of the sample).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend


@pytest.mark.parametrize(
    ("text", "nullable", "said"),
    [
        (
            "If @dom is NULL, then events will be monitored for any domain. If @dom\nis non-NULL, then only the specific domain will be monitored.",
            {"dom"},
            "If @dom is None, then events will be monitored for any domain. If @dom\nis not None, then only the specific domain will be monitored.",
        ),
        ("the @dconnuri must be NULL", {"dconnuri"}, "the @dconnuri must be None"),
        ("@mountpoints may need to be NULL.", {"mountpoints"}, "@mountpoints may need to be None."),
        ("@name must be non-NULL", {"name"}, "@name must not be None"),
        ("(@mountPoint is NULL)", {"mountPoint"}, "(@mountPoint is None)"),
        (
            "Any of @emulator, @arch, and\n@virttype parameters may be NULL;",
            {"emulator", "arch", "virttype"},
            "Any of @emulator, @arch, and\n@virttype parameters may be None;",
        ),
        # one of the names is no such parameter: unchanged
        ("@key and @uri must be NULL", {"uri"}, "@key and @uri must be NULL"),
        # not a parameter the method takes as admitting None (an output it returns), or not named with "@": unchanged
        ("If @checkpoints is non-NULL, ...", {"dom"}, "If @checkpoints is non-NULL, ..."),
        ("If domain is NULL, then ...", {"domain"}, "If domain is NULL, then ..."),
        ("@names is NULL-terminated", {"names"}, "@names is NULL-terminated"),
    ],
)
def test_named_null_is_none(text: str, nullable: set[str], said: str) -> None:
    assert backend._description_with_none(text, nullable) == said


def _description(doc: str) -> str:
    return " ".join(doc.split("\n:", 1)[0].split())


def test_9_0_0_descriptions_say_none() -> None:
    docs = {v.c_name: _description(v.doc) for v in whole_tree_plan().views}
    for name in ("virConnectDomainEventRegisterAny", "virConnectNetworkEventRegisterAny", "virConnectStoragePoolEventRegisterAny"):
        assert "is None, then events will be monitored for any" in docs[name]
        assert "is not None, then only the specific" in docs[name]
    assert "if @base is None, the commit target" in docs["virDomainBlockCommit"]
    assert "@dconnuri must be None" in docs["virDomainMigrateToURI3"]
    # the C caller's output array, which the method returns
    assert "@checkpoints is non-NULL" in docs["virDomainListAllCheckpoints"]
