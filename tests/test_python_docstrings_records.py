"""A description of a method returning statistics records says the list of tuples it returns.

``getAllDomainStats() -> list[tuple[virDomain, dict[str, Any]]]``: C's "The
statistics are returned as an array of structures for each queried domain.
The structure contains an array of typed parameters ..." is "... returned as
a list with a (virDomain, dict) tuple for each queried domain. The tuple
contains a dict of typed parameters ...".  2 docstrings of libvirt 9.0.0 (2
of 7.0.0 and of 11.3.0; none of the sample, which has no records).

The description's indented lists are no C example: the typed parameter keys
of each statistics group ("balloon.current" - ...), the keys of the dicts
returned, stay with the sentence introducing them; a C example (an indented
run with a line ending as C code does, ";" or a brace) still goes
(``c_example_paragraphs``).  9.0.0's ``getAllDomainStats`` had lost about
290 lines of keys, 7.0.0's about 220, 11.3.0's (whose keys are constants'
docs) its naming schemes and the VIR_DOMAIN_STATS_VM warning.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "The statistics are returned as an array of structures for each queried\ndomain. The structure contains a dict",
            "The statistics are returned as a list with a (virDomain, dict) tuple for each queried\ndomain. The tuple contains a dict",
        ),
        ("An array of records per each domain.", "A list with a (virDomain, dict) tuple per each domain."),
        ("returned as an array of structures. Each structure holds", "returned as a list of (virDomain, dict) tuples. Each tuple holds"),
        # no array of structures named: "the structure" may be another, unchanged
        ("The structure contains a dict", "The structure contains a dict"),
        # "the structure of" is a shape, not a record
        ("an array of structs; the structure of the names", "a list of (virDomain, dict) tuples; the structure of the names"),
    ],
)
def test_records_array_is_a_list_of_tuples(text: str, said: str) -> None:
    assert python_docs.records_description(text, "virDomain") == said


def _description(doc: str) -> str:
    return " ".join(doc.split("\n:", 1)[0].split())


def test_9_0_0_records_descriptions() -> None:
    views = {v.c_name: v for v in whole_tree_plan().views}
    for name in ("virConnectGetAllDomainStats", "virDomainListGetStats"):
        description = _description(views[name].doc)
        assert "returned as a list with a (virDomain, dict) tuple for each queried domain. The tuple contains a dict of typed parameters" in description, name
        assert "structure" not in description, name


def test_an_indented_list_is_no_c_example() -> None:
    text = (
        "GROUP:\n    Return statistics.\n    The typed parameter keys are in this format:\n\n"
        '    "group.count" - how many\n    "group.<num>.name" - the name\n\n'
        "Usual use case looks like this:\n\n    virThingPtr *things = NULL;\n\n    ... do something, for example:\n\n"
        "    for (i = 0; i < n; i++) {\n        virThingFree(things[i]);\n    }\n\nThe end."
    )
    paragraphs = python_docs.PARAGRAPH_BREAK.split(text)
    assert python_docs.c_example_paragraphs(paragraphs) == [False, False, False, True, True, True, False]
    assert python_docs.without_freeing_advice(text, "virThingFree") == (
        "GROUP:\n    Return statistics.\n    The typed parameter keys are in this format:\n\n"
        '    "group.count" - how many\n    "group.<num>.name" - the name\n\nThe end.'
    )


def test_9_0_0_statistics_keep_their_keys() -> None:
    views = {v.c_name: v.doc for v in whole_tree_plan().views}
    doc = views["virConnectGetAllDomainStats"]
    for kept in (
        "VIR_DOMAIN_STATS_BALLOON:\n    Return memory balloon device information.\n    The typed parameter keys are in this format:\n\n"
        '    "balloon.current" - the memory in kiB currently used\n',
        '    "vcpu.<num>.state" - state of the virtual CPU <num>, as int\n',
        '    "block.<num>.path" - string describing the source of block device <num>,\n',
        "    WARNING:\n     The stats reported in this group are runtime-collected",
    ):
        assert kept in doc, kept
    # the C examples of the arrays of structs still go
    assert "virNetworkDHCPLeasePtr *leases" not in views["virNetworkGetDHCPLeases"]
    assert "virDomainInterfacePtr *ifaces" not in views["virDomainInterfaceAddresses"]
