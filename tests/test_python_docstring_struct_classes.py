"""A struct class's docstring says how a program gets one, not which function fills the C structure.

libvirt's struct docs open "a virDomainInfo is a structure filled by virDomainGetInfo() and extracting runtime
information ..." (6 of 9.0.0), or "Structure filled in by virDomainGetControlInfo() and providing details ..."; the
Python class is a NamedTuple a method returns, or whose items a dict holds (``nodeGetCPUStats`` returns {field:
value}).  "A virDomainInfo is returned by virDomain.getInfo(), extracting ...", "A virNodeCPUStats is an item of the
dict virConnect.nodeGetCPUStats() returns, providing ..." (7 docstrings of 9.0.0, of 7.0.0 and of 11.3.0).
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("doc", "name", "given", "said"),
    [
        (
            "a virDomainInfo is a structure filled by virDomainGetInfo() and extracting runtime information",
            "virDomainInfo", {"virDomainGetInfo": "value"},
            "A virDomainInfo is returned by virDomainGetInfo(), extracting runtime information",
        ),
        (
            "a virNodeCPUStats is a structure filled by virNodeGetCPUStats()\nproviding information",
            "virNodeCPUStats", {"virNodeGetCPUStats": "dict"},
            "A virNodeCPUStats is an item of the dict virNodeGetCPUStats() returns,\nproviding information",
        ),
        (
            "Structure filled in by virDomainGetControlInfo() and providing details",
            "virDomainControlInfo", {"virDomainGetControlInfo": "value"},
            "A virDomainControlInfo is returned by virDomainGetControlInfo(), providing details",
        ),
        (
            "a virSecurityLabel is a structure filled by virDomainGetSecurityLabel(), providing the label.",
            "virSecurityLabel", {"virDomainGetSecurityLabel": "value"},
            "A virSecurityLabel is returned by virDomainGetSecurityLabel(), providing the label.",
        ),
        (
            "a virFooInfo is a structure filled by virFooList().",
            "virFooInfo", {"virFooList": "list"},
            "A virFooInfo is an item of the list virFooList() returns.",
        ),
    ],
)  # fmt: skip
def test_a_structure_filled_by_is_the_value_given(doc: str, name: str, given: dict[str, str], said: str) -> None:
    assert python_docs.struct_class_doc(doc, name, given) == said


@pytest.mark.parametrize(
    ("doc", "name", "given"),
    [
        ("a virDomainInfo is a structure filled by virDomainGetInfo().", "virDomainInfo", {}),  # not bound, or returning another thing
        ("a virDomainInfo is a structure filled by the driver.", "virDomainInfo", {"virDomainGetInfo": "value"}),  # no function
        ("This struct provides information filled by virDomainGetInfo().", "virDomainInfo", {"virDomainGetInfo": "value"}),
        ("a virNodeInfo is a structure filled by virNodeGetInfo().", "virDomainInfo", {"virNodeGetInfo": "value"}),  # another struct's
        ("The fields are a structure filled by virDomainGetInfo().", "virDomainInfo", {"virDomainGetInfo": "value"}),  # not the opening
    ],
)  # fmt: skip
def test_other_openings_stay(doc: str, name: str, given: dict[str, str]) -> None:
    assert python_docs.struct_class_doc(doc, name, given) == doc


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        # a preposition or a noun in -ing is no participle: no comma (a review, session 35)
        ("a virFooInfo is a structure filled by virFooGet() during migration", "A virFooInfo is returned by virFooGet() during migration"),
        ("a virFooInfo is a structure filled by virFooGet() following a reset", "A virFooInfo is returned by virFooGet() following a reset"),
        ("a virFooInfo is a structure filled by virFooGet() including the flags", "A virFooInfo is returned by virFooGet() including the flags"),
        ("a virFooInfo is a structure filled by virFooGet() string values", "A virFooInfo is returned by virFooGet() string values"),
        ("a virFooInfo is a structure filled by virFooGet() and nothing else", "A virFooInfo is returned by virFooGet() and nothing else"),
        # a word in -ing by its shape, not a list of nouns (a review, session 35): no vowel before "ing", no word after
        ("a virFooInfo is a structure filled by virFooGet() bring your own buffer", "A virFooInfo is returned by virFooGet() bring your own buffer"),
        ("a virFooInfo is a structure filled by virFooGet() spring values", "A virFooInfo is returned by virFooGet() spring values"),
        ("a virFooInfo is a structure filled by virFooGet() morning and evening", "A virFooInfo is returned by virFooGet() morning and evening"),
        ("a virFooInfo is a structure filled by virFooGet() and something else", "A virFooInfo is returned by virFooGet() and something else"),
        ("a virFooInfo is a structure filled by virFooGet() evening.", "A virFooInfo is returned by virFooGet() evening."),
        ("a virFooInfo is a structure filled by virFooGet() and ceiling", "A virFooInfo is returned by virFooGet() and ceiling"),
        # a participle, with "and", a comma or nothing before it: the comma
        ("a virFooInfo is a structure filled by virFooGet() describing the job", "A virFooInfo is returned by virFooGet(), describing the job"),
        ("a virFooInfo is a structure filled by virFooGet() and holding the job", "A virFooInfo is returned by virFooGet(), holding the job"),
        ("a virFooInfo is a structure filled by virFooGet(), using\nthe cached values", "A virFooInfo is returned by virFooGet(), using\nthe cached values"),
        ("Structure filled in by virFooGet and providing details", "A virFooInfo is returned by virFooGet, providing details"),
    ],
)  # fmt: skip
def test_only_a_participle_follows_a_comma(doc: str, said: str) -> None:
    assert python_docs.struct_class_doc(doc, "virFooInfo", {"virFooGet": "value"}) == said


def test_9_0_0_struct_classes_say_the_value() -> None:
    structs = {s.name: s.doc for s in whole_tree_plan().filled_structs}
    assert structs["virDomainInfo"].startswith("A virDomainInfo is returned by virDomain.getInfo(), extracting runtime")
    assert structs["virNodeCPUStats"].startswith("A virNodeCPUStats is an item of the dict virConnect.nodeGetCPUStats() returns, providing")
    assert structs["virDomainControlInfo"].startswith("A virDomainControlInfo is returned by virDomain.getControlInfo(), providing")
    assert not [name for name, doc in structs.items() if "structure filled" in doc.lower()]


def test_the_opening_the_docs_say_stays_stays_in_the_docstring() -> None:
    """docs/python-bindings.md's example of an opening struct_class_doc leaves as it is stays through the record
    rule after it too (a review, session 35: "This struct provides information ..." was the example, which the
    record rule says "This record provides ...")."""
    text = " ".join((REPO / "docs" / "python-bindings.md").read_text(encoding="utf-8").split())
    rule = text[text.index("(`struct_class_doc`") : text.index("(`record_class_doc`")]
    kept = re.search(r'as do other openings \("(?P<opening>[^"]+?)(?: \.\.\.)?"', rule)
    assert kept
    opening = kept.group("opening")
    assert python_docs.record_class_doc(python_docs.struct_class_doc(opening, "virFooInfo", {}), "virFooInfo") == opening
