"""A struct class's docstring calls the class a record, not a C structure, and says a C cast's number as the number.

libvirt's struct docs say "The data structure containing mounted file systems within a guset" (virDomainFSInfo),
"This struct provides information ..." (virDomainBlockInfo), "the information in this struct is not guaranteed ..."
(virNodeInfo), "a field set to ((long long)-1) ... NB. Here 'long long' means 64 bit integer." (the block and interface
stats), and a list field "array of IP addresses"; virVcpuState's doc ("structure for information about a virtual CPU
in a domain.") is virVcpuInfo's, above the enum.  8 record classes and 1 enum of 9.0.0, of 7.0.0 and of 11.3.0.
"""

from __future__ import annotations

import re

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("doc", "name", "said"),
    [
        (
            "The data structure containing mounted file systems within a guset",
            "virDomainFSInfo", "A virDomainFSInfo is a record containing mounted file systems within a guset",
        ),
        (
            "structure for information about a virtual CPU in a domain.",
            "virVcpuInfo", "A virVcpuInfo is a record for information about a virtual CPU in a domain.",
        ),
        ("The data structure representing a single identity", "virFooIdentity", "A virFooIdentity is a record representing a single identity"),
        ("This struct provides information about the size", "virDomainBlockInfo", "This record provides information about the size"),
        (
            "providing the information for the Node. Note that the information in this struct is not\nguaranteed",
            "virNodeInfo", "providing the information for the Node. Note that the information in this record is not\nguaranteed",
        ),
        (
            "Hypervisors may return a field set to ((long long)-1) which indicates that the hypervisor does not support that "
            "statistic. NB. Here 'long long' means 64 bit integer.",
            "virDomainBlockStatsStruct",
            "Hypervisors may return a field set to -1 which indicates that the hypervisor does not support that statistic.",
        ),
        ("set to (unsigned int)0 when unknown.", "virFooInfo", "set to 0 when unknown."),
        # the type note opening the doc goes with the space after it, not before (a review, session 35)
        ("Here 'long long' means 64 bit integer. Set to ((long long)-1).", "virFooInfo", "Set to -1."),
        ("Set to ((long long)-1).\nHere 'long long' means 64 bit integer.", "virFooInfo", "Set to -1."),
        # a verb in a later sentence: the opening is still a noun phrase
        ("Structure with fields for the job. It is kept.", "virFooInfo", "A virFooInfo is a record with fields for the job. It is kept."),
        ("(see (int)-1 there)", "virFooInfo", "(see -1 there)"),  # the brackets around are the prose's
        # a relative clause running to the stop is the noun's: its verbs are no verb of the opening (a review, session 35)
        (
            "The structure containing the stats, which are updated every second.",
            "virFooInfo", "A virFooInfo is a record containing the stats, which are updated every second.",
        ),
        ("Structure for information about all IOThreads in a domain", "virFooInfo", "A virFooInfo is a record for information about all IOThreads in a domain"),
        ("Structure holding the stats.", "virFooInfo", "A virFooInfo is a record holding the stats."),
    ],
)  # fmt: skip
def test_c_structure_words_are_the_record(doc: str, name: str, said: str) -> None:
    assert python_docs.record_class_doc(doc, name) == said


@pytest.mark.parametrize(
    "doc",
    [
        "The structure is filled when the domain runs.",  # an opening saying something else of the struct
        "Structure filled by virDomainGetInfo() and providing details",  # the filled rule's, where the function is bound
        "This structure of the XML is documented elsewhere.",  # a structure "of" something: not C's
        "Information on the data structures the hypervisor keeps.",  # not the opening
        "The fields are a structure for the driver.",  # not the opening's subject
        "This structured data is kept.",
        "It holds 'long long' values. NB. Here 'long long' means 64 bit integer.",  # no cast removed: the note stays
        "a size (int) of 4 bytes",  # a bracketed type after a word: no cast of a number
        "the value (long long) -x",  # no number
        # an unsigned field's Python int is the type's maximum, not the cast's -1 (a review, session 35)
        "A field set to ((unsigned long long)-1) means not supported.",
        "set to (unsigned int)-1 when unknown.",
        "set to (unsigned short) -2 when unknown. NB. Here 'unsigned short' means 16 bit integer.",
        "set to (char)-1 when unset.",  # a plain char's sign is the platform's
        # a sentence, not a noun phrase: no "A virFooInfo is a record with the largest size is used."
        "The structure with the largest size is used.",
        "A structure for which no fields are set is empty.",
        "Data structure holding the counters\nwill be freed by the caller.",
        # a verb with no auxiliary: "wins" ends the sentence where a noun would (a review, session 35)
        "The structure with the largest size wins.",
        "The structure with a size wins.",
        "The structure for the domain failed.",
        "The structure containing the stats, which are updated, is used.",  # the relative clause ends before the verb
        "The structure containing the stats that are kept is used.",
        "Structure for the block stats.",  # a noun in -s two words on: read as a verb, left as C wrote it
    ],
)
def test_other_words_stay(doc: str) -> None:
    assert python_docs.record_class_doc(doc, "virFooInfo") == doc


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        ("array of disk device aliases", "list of disk device aliases"),
        ("an array of IP addresses", "a list of IP addresses"),
        ("Array of IP addresses", "List of IP addresses"),
        ("An array of IP addresses", "A list of IP addresses"),
        ("array size", "array size"),  # no "of"
        ("the addresses, an array of strings", "the addresses, an array of strings"),  # not the opening
        ("arrays of addresses", "arrays of addresses"),
    ],
)
def test_list_field_array_lead(doc: str, said: str) -> None:
    assert python_docs.list_field_doc(doc) == said


def test_9_0_0_record_classes_say_record() -> None:
    plan = whole_tree_plan()
    structs = {s.name: s for s in plan.filled_structs}
    assert structs["virDomainFSInfo"].doc.startswith("A virDomainFSInfo is a record containing mounted file systems")
    assert structs["virDomainIOThreadInfo"].doc.startswith("A virDomainIOThreadInfo is a record for information about all IOThreads")
    assert structs["virVcpuInfo"].doc == "A virVcpuInfo is a record for information about a virtual CPU in a domain."
    assert "in this record is not" in " ".join(structs["virNodeInfo"].doc.split())
    assert structs["virDomainBlockInfo"].doc.startswith("This record provides information")
    for name in ("virDomainBlockStatsStruct", "virDomainInterfaceStatsStruct"):
        assert "a field set to -1 which indicates" in " ".join(structs[name].doc.split())
        assert "long long" not in structs[name].doc
    assert "devAlias (list[str]): list of disk device aliases" in structs["virDomainFSInfo"].fields_doc
    assert "addrs (list[virDomainIPAddress]): list of IP addresses" in structs["virDomainInterface"].fields_doc
    enums = {e.c_name: e.doc for e in plan.enums}
    assert enums["virVcpuState"].startswith("VcpuState\n\nOFFLINE")
    c_words = r"struct|structure|array|pointer|NULL|filled|long long"
    spoken = [s.name for s in plan.filled_structs if re.search(rf"\b(?:{c_words})\b", s.doc + s.fields_doc)]
    assert not spoken
    assert not [e.c_name for e in plan.enums if python_docs.STRUCTURE_OPENING.match(e.doc)]
