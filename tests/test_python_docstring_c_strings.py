"""Docstrings say nothing of a C string's bytes: its terminator, its encoding.

A str argument is encoded as UTF-8 and given its NUL by the bindings, a
returned string is copied and decoded: "(null-terminated ASCII format)" is
"(ASCII format)", "a 0 terminated UTF-8 encoded XML instance" "an XML
instance", "the XML description for the domain, preferably in UTF-8" "the
XML description for the domain"; a sequence passed as a NULL-terminated array
is no "NULL terminated array" (24 docstrings of libvirt 9.0.0).
"""

from __future__ import annotations

import ast

import pytest
from python_support import GENERATED, whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (":param macstr: the MAC for the interface (null-terminated ASCII format)", ":param macstr: the MAC for the interface (ASCII format)"),
        (":returns: the MAC address (in null-terminated ASCII format).", ":returns: the MAC address (in ASCII format)."),
        (":returns: a 0 terminated UTF-8 encoded XML instance.", ":returns: an XML instance."),
        (":returns: a NUL-terminated UTF-8 encoded XML instance.", ":returns: an XML instance."),
        (":returns: a 0 terminated UTF-8 encoded native config datafile.", ":returns: a native config datafile."),
        (":returns: a 0 terminated interface name.", ":returns: an interface name."),
        (":returns: a static zero terminated string.", ":returns: a string."),
        (":returns: A newly allocated, NUL-terminated UTF-8 string.", ":returns: A string."),
        (":param xml: the XML description for the domain, preferably in UTF-8", ":param xml: the XML description for the domain"),
        (":param doms: NULL terminated array of domains (a sequence)", ":param doms: array of domains (a sequence)"),
        # no terminator or encoding: unchanged
        (":param mac: Optional ASCII formatted MAC address", ":param mac: Optional ASCII formatted MAC address"),
        (":param flags: INACTIVE - return the static configuration", ":param flags: INACTIVE - return the static configuration"),
        (":returns: a newly allocated string.", ":returns: a newly allocated string."),
        (":param value: the value encoded as a string", ":param value: the value encoded as a string"),
    ],
)
def test_c_string_words_go(text: str, kept: str) -> None:
    assert python_docs.without_c_string_words(text) == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # an acronym read as a word (a consonant, then a vowel) by its first sound
        (":returns: a NUL-terminated UTF-8 encoded MAC address.", ":returns: a MAC address."),
        (":returns: a 0 terminated NUMA node name.", ":returns: a NUMA node name."),
        (":returns: a 0 terminated RAM size.", ":returns: a RAM size."),
        (":param name: a NUL-terminated NIC name", ":param name: a NIC name"),
        # ... or opening with consonants a word may start with, then a vowel; SCSI is said "scuzzy"
        (":returns: a 0 terminated SCSI host name.", ":returns: a SCSI host name."),
        (":returns: a 0 terminated SPICE ticket.", ":returns: a SPICE ticket."),
        (":returns: a 0 terminated STRING.", ":returns: a STRING."),
        (":returns: a 0 terminated SYSTEMD unit.", ":returns: a SYSTEMD unit."),
        (":returns: a 0 terminated FLAC title.", ":returns: a FLAC title."),
        (":returns: a 0 terminated SMBIOS string.", ":returns: an SMBIOS string."),
        (":returns: a 0 terminated SNMP name.", ":returns: an SNMP name."),
        # a number as it is said
        (":returns: a NUL-terminated 8-bit string.", ":returns: an 8-bit string."),
        (":returns: a NUL-terminated 80-column line.", ":returns: an 80-column line."),
        (":returns: a NUL-terminated 11-character code.", ":returns: an 11-character code."),
        (":returns: a NUL-terminated 18000-entry table.", ":returns: an 18000-entry table."),
        (":returns: an NUL-terminated 64-bit string.", ":returns: a 64-bit string."),
        (":returns: a NUL-terminated 1100-page manual.", ":returns: a 1100-page manual."),
        (":returns: a NUL-terminated 1-line summary.", ":returns: a 1-line summary."),
        # one spelled letter by letter by the first letter's name
        (":returns: a 0 terminated HTML page.", ":returns: an HTML page."),
        (":returns: a 0 terminated LXC name.", ":returns: an LXC name."),
        (":returns: a 0 terminated SSH key.", ":returns: an SSH key."),
        (":returns: a 0 terminated FD name.", ":returns: an FD name."),
        (":returns: an 0 terminated URI.", ":returns: a URI."),
        (":returns: a 0 terminated UUID string.", ":returns: a UUID string."),
        # a lowercase word by its sound where spelling misleads: "you"/"w" vowels, a silent h
        (":returns: a zero terminated unique identifier.", ":returns: a unique identifier."),
        (":returns: a NUL-terminated user name.", ":returns: a user name."),
        (":returns: a NUL-terminated usual name.", ":returns: a usual name."),
        (":returns: a NUL-terminated utility name.", ":returns: a utility name."),
        (":returns: a NUL-terminated uuid string.", ":returns: a uuid string."),
        (":returns: a NUL-terminated European date.", ":returns: a European date."),
        (":returns: a NUL-terminated one-line summary.", ":returns: a one-line summary."),
        (":returns: a NUL-terminated hour string.", ":returns: an hour string."),
        (":returns: A NUL-terminated honest answer.", ":returns: An honest answer."),
        (":returns: a NUL-terminated heir name.", ":returns: an heir name."),
        (":returns: a NUL-terminated host name.", ":returns: a host name."),
        (":returns: a NUL-terminated uninitialized name.", ":returns: an uninitialized name."),
        (":returns: a NUL-terminated unknown name.", ":returns: an unknown name."),
        (":returns: a NUL-terminated only name.", ":returns: an only name."),
    ],
)
def test_the_article_follows_the_next_words_sound(text: str, kept: str) -> None:
    assert python_docs.without_c_string_words(text) == kept


def test_9_0_0_docstrings_name_no_terminator_or_encoding() -> None:
    docs = {v.c_name: v.doc for v in whole_tree_plan().views}
    assert ":param macstr: the MAC for the interface (ASCII format)\n" in docs["virInterfaceLookupByMACString"]
    assert ":returns: the MAC address (in ASCII format).\n" in docs["virInterfaceGetMACString"]
    assert ":returns: an XML instance.\n" in docs["virDomainGetXMLDesc"]
    assert ":returns: a string.\n" in docs["virConnectGetType"]
    assert ":param xml: the XML description for the domain\n" in docs["virDomainDefineXML"]
    for name, doc in docs.items():
        lines = [line for line in doc.splitlines() if line.startswith((":param", ":returns:"))]
        for line in lines:
            assert "terminated" not in line.lower() and "UTF-8" not in line, (name, line)


def test_the_sample_package_says_a_string() -> None:
    tree = ast.parse((GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"))
    checkpoint = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "virDomainCheckpoint")
    method = next(n for n in checkpoint.body if isinstance(n, ast.FunctionDef) and n.name == "getXMLDesc")
    assert ":returns: a string.\n" in (ast.get_docstring(method) or "")
