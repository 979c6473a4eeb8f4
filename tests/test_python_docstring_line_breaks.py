"""A docstring's description keeps the C comment's line breaks where a rule left a sentence out or made a line longer.

``getAllDomainStats``' VIR_DOMAIN_STATS_VCPU group lost the sentence introducing
its keys ("The typed parameter keys are in this format:", kept since:
test_python_docstrings_records), and the sentences left were joined with spaces: one 134-character line, then the rest of the group
unindented (the docstring filter wraps at 150 columns).  ``getDiskErrors`` (the
free() sentence) had one of 140.  The kept sentences now keep the separator each
had (``rejoined``).  A rule saying a C phrase at more length ("an array of
structures" as "a list with a (virDomain, dict) tuple") or cutting a clause across
a line break (", and allocate an array to store those objects") made lines of 92
and 98 characters: a line a rule made longer than the C description's own is
wrapped at the comment's width, with the rest of its sentence (``refilled``).
On 9.0.0, 7 description lines past 90 columns in 6 docstrings, none after
(8 docstrings changed; 8 of 7.0.0 and of 11.3.0).
"""

from __future__ import annotations

import re

import pytest
from conftest import LIBVIRT_TREE
from python_support import whole_tree_plan

from generator.backends import python_docs
from generator.frontend import load_tree


def test_a_left_out_sentence_keeps_the_line_breaks_of_the_others() -> None:
    text = "GROUP:\n    Return statistics.\n    Due to hotplug, the array could be sparse.\n    Usual use looks like this:\n\n    virXPtr *x = NULL;"
    assert python_docs.without_freeing_advice(text, "virXFree") == "GROUP:\n    Return statistics.\n    Due to hotplug, the array could be sparse."
    freed = "The call fills @errors.  Disks with no error are left out.\nThe caller is also responsible for calling free()\non each name.  More."
    assert python_docs.without_freeing_advice(freed, "virXFree") == "The call fills @errors.  Disks with no error are left out.  More."


def test_a_left_out_release_sentence_keeps_the_line_breaks_of_the_others() -> None:
    text = "Look the domain up.\nvirDomainFree should be used to free it.\nIt may fail."
    assert python_docs.without_release_advice(text, frozenset({"virDomainFree"})) == "Look the domain up.\nIt may fail."


@pytest.mark.parametrize(
    ("text", "original", "refilled"),
    [
        # a line longer than the comment's: wrapped, with the lines going on its sentence
        (
            "Report statistics according to @stats\nfield. The statistics are returned as a list with a (virDomain, dict) tuple for each queried\n"
            "domain. The tuple contains a dict.\n\nNext paragraph.",
            "",
            "Report statistics according to @stats\nfield. The statistics are returned as a list with a (virDomain, dict) tuple\n"
            "for each queried domain. The tuple contains a dict.\n\nNext paragraph.",
        ),
        # the indentation is kept, and an item of its own is not filled into the line before
        (
            "GROUP:\n    " + "word " * 20 + "end.\n    - an item",
            "",
            "GROUP:\n    " + "word " * 13 + "word\n    " + "word " * 6 + "end.\n    - an item",
        ),
        # a line of the C description stays as long as it is, and so does a C example
        ("x" * 90 + " y", "x" * 90 + " y", "x" * 90 + " y"),
        ("Example:\n\n    " + "call(a, b); " * 9, "", "Example:\n\n    " + "call(a, b); " * 9),
        # no longer than the C description's widest line: as it is
        ("a " * 40 + "b", "c" * 90, "a " * 40 + "b"),
    ],
)
def test_a_line_made_longer_is_wrapped(text: str, original: str, refilled: str) -> None:
    assert python_docs.refilled(text, original) == refilled


def _description(doc: str) -> str:
    return re.split(r"\n\n(?::\w+|C function:)", doc, maxsplit=1)[0]


def test_9_0_0_description_lines_are_no_longer_than_the_c_ones() -> None:
    plan = whole_tree_plan()
    descriptions = {f.name: f.description for m in load_tree(LIBVIRT_TREE).api.modules for f in m.functions}
    checked = 0
    for view in plan.views:
        original = descriptions.get(view.c_name, "")
        known = {line.rstrip() for line in original.split("\n")}
        limit = max(77, max((len(line) for line in known), default=0))
        for line in _description(view.doc).split("\n"):
            if line.startswith("In Python:"):  # the bindings' own note, one line per paragraph
                break
            assert len(line) <= limit or line.rstrip() in known, (view.c_name, line)
        checked += 1
    assert checked > 400
    views = {v.c_name: v.doc for v in plan.views}
    assert (
        "VIR_DOMAIN_STATS_VCPU:\n    Return virtual CPU statistics.\n    Due to VCPU hotplug, the vcpu.<num>.* array could be sparse.\n"
        in views["virConnectGetAllDomainStats"]
    )
    assert "I/O error.  Disks with no error will not be returned in the @errors array.\nEach disk is identified" in views["virDomainGetDiskErrors"]
