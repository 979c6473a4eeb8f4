"""Docstrings do not advise a release or reference function the bindings call themselves and do not bind.

"virDomainFree should be used to free the resources after the domain object
is no longer needed." stood in 53 docstrings of the 9.0.0 package (every
lookup, define and create of domains, networks, pools, volumes, ...): a
Python program has no virDomainFree to call, its objects release themselves
(``close()``, or the collector).  The rule (``without_release_advice``)
drops a prose sentence naming such a function with a word of advice, or only
the clause an "and" appends; it is no table of names: the functions are the
library's ``...Free``/``...Ref`` (and ``virFree...``) that are not bound.
"""

from __future__ import annotations

import re

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs

RELEASES = frozenset({"virDomainFree", "virStreamFree", "virTypedParamsFree"})


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return {v.c_name: v.doc for v in whole_tree_plan().views}


def _prose(doc: str) -> str:
    """The docstring less its C examples (indented lines), as one line."""
    return " ".join(" ".join(line.split()) for line in doc.splitlines() if not line.startswith((" ", "\t")))


def test_no_docstring_advises_an_unbound_free_or_ref(docs: dict[str, str]) -> None:
    plan = whole_tree_plan()
    bound = {v.c_name for v in plan.views}
    releases = re.compile(r"\bvir\w*(?:Free|Ref)\b|\bvirFree\w*")
    assert len(docs) > 400  # every bound C function of 9.0.0
    for function, doc in docs.items():
        assert "should be used to free the resources" not in doc, function
        named = {name for name in releases.findall(_prose(doc)) if name not in bound}
        assert named == set(), (function, named)


def test_the_unbound_releases_are_the_libvirt_ones_the_object_model_calls() -> None:
    plan = whole_tree_plan()
    bound = {v.c_name for v in plan.views}
    unbound = set(plan.runtime) | set(plan.element_releases) | set(plan.struct_releases)
    assert not unbound & bound
    assert {"virDomainFree", "virDomainRef", "virStreamFree", "virFreeError", "virDomainInterfaceFree"} <= unbound


@pytest.mark.parametrize(
    ("function", "paragraph_end"),
    [
        ("virDomainCreateXML", "pristine template.\n\n:param xmlDesc:"),
        ("virDomainLookupByName", "Try to lookup a domain on the given hypervisor based on its name.\n\n:param name:"),
        ("virStoragePoolLookupByName", "Fetch a storage pool based on its unique name\n\n:param name:"),
        ("virDomainSnapshotCurrent", "Get the current snapshot for a domain, if any.\n\n:param flags:"),
        ("virDomainGetGuestInfo", "This API requires the VM to run.\n\n:param types:"),
    ],
)  # fmt: skip
def test_the_advice_goes_and_the_rest_stays(docs: dict[str, str], function: str, paragraph_end: str) -> None:
    assert paragraph_end in docs[function]


def test_a_clause_appended_with_and_goes_alone(docs: dict[str, str]) -> None:
    assert ":raises libvirtError: upon error, at which time the stream will be marked as aborted\n" in docs["virStreamRecv"]


def test_a_sentence_whose_first_clause_says_when_goes_whole(docs: dict[str, str]) -> None:
    doc = docs["virStreamNew"]
    assert "When no longer needed" not in doc
    assert "streamed I/O with other public API function.\n\nIf a data stream has been used,\nthen the application must call" in doc


def test_c_examples_keep_their_calls(docs: dict[str, str]) -> None:
    assert "virStreamFree(st);" in docs["virStreamRecv"]  # C code of the example, not advice to a Python caller


def test_interface_addresses_begins_with_what_it_returns(docs: dict[str, str]) -> None:
    doc = docs["virDomainInterfaceAddresses"]
    assert doc.startswith(
        "Return a list of interfaces\npresent in given domain along with their IP and MAC addresses. Note that\n"
        "single interface can have multiple or even 0 IP addresses.\n\n"
    )
    assert "allocated" not in doc and "virDomainInterfaceFree" not in doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Looks it up.\n\nvirDomainFree should be used to free the resources after the\ndomain object is no longer needed.", "Looks it up."),
        ("Looks it up. virDomainFree should be used then. Done.", "Looks it up. Done."),
        ("upon error, at which time it is aborted, and the caller should now release the stream with virStreamFree",
         "upon error, at which time it is aborted"),
        ("When no longer needed, a stream object must be released with virStreamFree. More.", "More."),
        ("Unlike virDomainFree, this keeps the object.", "Unlike virDomainFree, this keeps the object."),  # a mention: no advice
        ("The caller should call virNetworkFree afterwards.", "The caller should call virNetworkFree afterwards."),  # bound, or not ours
        ("Example:\n\n  virDomainFree(dom);", "Example:\n\n  virDomainFree(dom);"),  # C code
        ("The caller is responsible for calling virTypedParamsFree to free memory returned in @params.", ""),
    ],
)  # fmt: skip
def test_the_rule(text: str, expected: str) -> None:
    assert python_docs.without_release_advice(text, RELEASES) == expected


def test_no_releases_no_change() -> None:
    text = "virDomainFree should be used to free the resources."
    assert python_docs.without_release_advice(text, frozenset()) == text
