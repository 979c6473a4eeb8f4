"""A description's NULL of a parameter the method takes as one admitting None is said as None.

``domainEventRegisterAny(dom: virDomain | None, ...)``: "If @dom is None,
then events will be monitored for any domain. If @dom is not None, ...";
``blockCommit(base: str | None, ...)``: "if @base is None".  A NULL with no
subject of its own ("or NULL", "if non-NULL", "and must be set to NULL") is
said of the names its sentence gives last before it: ``setMetadata``'s "@key
and @uri are irrelevant and must be set to None", ``backupBegin``'s "The
@checkpointXML parameter is optional; if not None, ...".  NULL of an output
the method returns ("@checkpoints is non-NULL"), of a C parameter it does not
take, or of a parameter not named with its "@" (or quoted as an argument:
"the optional 'cap' argument") stays (21 docstrings of libvirt 9.0.0, 21 of
7.0.0, 23 of 11.3.0; none of the sample).  An item naming a field of the
structs returned that is None for NULL says None too (``getDHCPLeases``'
"- Hostname (can be None)").
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


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
        ("@keys = NULL and @flags = 0", {"keys"}, "@keys = None and @flags = 0"),
        ("If the optional 'cap'  argument is non-NULL, then", {"cap"}, "If the optional 'cap'  argument is not None, then"),
        ("Passing NULL for @metadata says to remove", {"metadata"}, "Passing None for @metadata says to remove"),
        # a NULL with no subject of its own is said of the names its sentence gives last before it
        (
            "The @checkpointXML parameter is optional; if non-NULL, then libvirt",
            {"checkpointXML"},
            "The @checkpointXML parameter is optional; if not None, then libvirt",
        ),
        ("if @top is the active image (or NULL), and @flags", {"top", "base"}, "if @top is the active image (or None), and @flags"),
        (
            "When @flags is 0, @base must be the absolute\npath of an image, or NULL to convert",
            {"base"},
            "When @flags is 0, @base must be the absolute\npath of an image, or None to convert",
        ),
        ("@key and @uri are irrelevant and\nmust be set to NULL.", {"key", "uri"}, "@key and @uri are irrelevant and\nmust be set to None."),
        ("@uri must be set to the namespace, otherwise must be NULL.", {"uri"}, "@uri must be set to the namespace, otherwise must be None."),
        ("@name is optional, and must be non-NULL when", {"name"}, "@name is optional, and must not be None when"),
        ("@typeVer is kept; if it is not NULL it copies", {"typeVer"}, "@typeVer is kept; if it is not None it copies"),
        # the last name before it is no such parameter, is in another sentence, or there is none: unchanged
        ("@typeVer is kept; if it is not NULL it copies @libVer", {"type"}, "@typeVer is kept; if it is not NULL it copies @libVer"),
        ("@base is a path. Then, or NULL to", {"base"}, "@base is a path. Then, or NULL to"),
        ("@key and @uri are irrelevant and must be set to NULL.", {"uri"}, "@key and @uri are irrelevant and must be set to NULL."),
        ("Hostname (can be NULL)", {"mac"}, "Hostname (can be NULL)"),
        # only C's NULL, in capitals: a lowercase "null" is a word of the prose
        ("@base is a path, or null to convert", {"base"}, "@base is a path, or null to convert"),
        ("@name is optional; if null, it is skipped", {"name"}, "@name is optional; if null, it is skipped"),
        ("Passing NULL for @metadata", {"uri"}, "Passing NULL for @metadata"),
        # no "not None" to say for "set to non-NULL" or "= non-NULL": unchanged
        ("@name is kept and must be set to non-NULL", {"name"}, "@name is kept and must be set to non-NULL"),
        ("@keys = non-NULL", {"keys"}, "@keys = non-NULL"),
        # one of the names is no such parameter: unchanged
        ("@key and @uri must be NULL", {"uri"}, "@key and @uri must be NULL"),
        # not a parameter the method takes as admitting None (an output it returns), or not named with "@": unchanged
        ("If @checkpoints is non-NULL, ...", {"dom"}, "If @checkpoints is non-NULL, ..."),
        ("If domain is NULL, then ...", {"domain"}, "If domain is NULL, then ..."),
        ("@names is NULL-terminated", {"names"}, "@names is NULL-terminated"),
    ],
)
def test_named_null_is_none(text: str, nullable: set[str], said: str) -> None:
    assert python_docs.description_with_none(text, nullable) == said


def _description(doc: str) -> str:
    return " ".join(doc.split("\n:", 1)[0].split())


def test_9_0_0_descriptions_say_none() -> None:
    docs = {v.c_name: _description(v.doc) for v in whole_tree_plan().views}
    for name in ("virConnectDomainEventRegisterAny", "virConnectNetworkEventRegisterAny", "virConnectStoragePoolEventRegisterAny"):
        assert "is None, then events will be monitored for any" in docs[name]
        assert "is not None, then only the specific" in docs[name]
    assert "if @base is None, the commit target" in docs["virDomainBlockCommit"]
    assert "@dconnuri must be None" in docs["virDomainMigrateToURI3"]
    assert "The @checkpointXML parameter is optional; if not None, then libvirt" in docs["virDomainBackupBegin"]
    assert "if @top is the active image (or None), and @flags" in docs["virDomainBlockCommit"]
    assert "further up the chain, or None to convert" in docs["virDomainBlockRebase"]
    assert "@key and @uri are irrelevant and must be set to None." in docs["virDomainSetMetadata"]
    assert "Passing None for @metadata says to remove" in docs["virDomainSetMetadata"]
    assert "otherwise must be None." in docs["virDomainGetMetadata"]
    assert "If the optional 'cap' argument is not None, then the count" in docs["virNodeListDevices"]
    assert "@keys = None and @flags = 0" in docs["virDomainAuthorizedSSHKeysSet"]
    # a C output the method returns: @typeVer is no parameter
    assert "if it is not NULL it will duplicate @libVer" in docs["virGetVersion"]
    # the C caller's output array, which the method returns
    assert "@checkpoints is non-NULL" in docs["virDomainListAllCheckpoints"]


# --- the fields of the structs returned ------------------------------------------------------------------------------

LEASE_FIELDS = {"iface": "str | None", "networkinterfacename": "str | None", "hostname": "str | None", "clientid": "str | None",
                "clientidorduid": "str | None", "iaid": "str | None", "expirytime": "int", "secondssinceepoch": "int"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # an item naming a field given as None for NULL, by its doc or its C name, letters and digits alone
        ("- Hostname (can be NULL)\n- Client ID (can be NULL)", "- Hostname (can be None)\n- Client ID (can be None)"),
        ("- IAID (NULL)\n- IAID (can be NULL, only in rare cases)", "- IAID (None)\n- IAID (can be None, only in rare cases)"),
        ("  * Hostname: NULL when unknown", "  * Hostname: None when unknown"),
        ("- Hostname (NULL if unknown; if non-NULL, a name)", "- Hostname (None if unknown; if not None, a name)"),
        # a field that is never None, no such field, no item, a C expression: unchanged
        ("- Expiry Time (NULL)", "- Expiry Time (NULL)"),
        ("- Lease file (can be NULL)", "- Lease file (can be NULL)"),
        ("Hostname (can be NULL)", "Hostname (can be NULL)"),
        ("@ifaces->hostname is never NULL.", "@ifaces->hostname is never NULL."),
        ("- Hostname (NULL-terminated)", "- Hostname (NULL-terminated)"),
    ],
)
def test_returned_field_null_is_none(text: str, said: str) -> None:
    assert python_docs.fields_with_none(text, LEASE_FIELDS) == said


def test_9_0_0_dhcp_lease_fields_say_none() -> None:
    """``getDHCPLeases() -> list[virNetworkDHCPLease]``, whose ``iaid``, ``hostname`` and ``clientid`` are ``str |
    None``: the C description's lists of what a lease holds say None (1 docstring of 9.0.0, of 7.0.0 and of 11.3.0)."""
    doc = {v.c_name: v.doc for v in whole_tree_plan().views}["virNetworkGetDHCPLeases"]
    for said in ("- IAID (None)\n", "- Hostname (can be None)\n- Client ID (can be None)\n", "- IAID (can be None, only in rare cases)\n"):
        assert said in doc
    assert "NULL" not in doc.split("\n\n:param", 1)[0]
