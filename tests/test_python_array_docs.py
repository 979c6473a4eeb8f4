"""A method returning a whole list does not describe the C caller's array (QA, session 15).

``pool.listVolumes()`` said "limiting to at most maxnames" and ``listDefinedDomains()`` "stores the
pointers to the names in @names": the method takes no size and has no array; the list is complete.
"""

from __future__ import annotations

import re

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend


def _fill_docs() -> dict[str, str]:
    plan = whole_tree_plan()
    views = [*plan.functions, *(m for c in plan.classes for m in c.methods)]
    return {v.c_name: v.doc for v in views if v.array is not None and v.array.kind == "fill"}


def test_no_description_of_a_filled_list_names_its_array_or_size() -> None:
    docs = _fill_docs()
    assert len(docs) == 15
    for c_name, doc in docs.items():
        description = doc.split(":param", 1)[0].split(":returns:", 1)[0]
        assert not re.search(r"maxnames|maxids|maxuuids|nameslen|@names|@ids|@uuids|\bin\s+uuids\b", description), c_name
    assert docs["virStoragePoolListVolumes"].startswith("Fetch list of storage volume names.")
    assert docs["virConnectListDefinedDomains"].startswith("list the defined but inactive domains\n")
    assert docs["virConnectListStoragePools"].startswith("Provides the list of names of active storage pools.\n")
    assert "silently" not in docs["virConnectListStoragePools"]  # "If there are more than maxnames ...": not so here


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Collect the list of X, and store their names in @names\n\nMore.", "Collect the list of X\n\nMore."),
        ("Fetch X, limiting to\nat most maxnames.", "Fetch X."),
        ("Provides X up to maxnames.\nIf there are more.", "Provides X.\nIf there are more."),
        ("Store the names of X; see @other.", "Store the names of X; see @other."),  # no clause of its array
    ],
)
def test_clauses_of_the_array_go(text: str, expected: str) -> None:
    shape = backend._ArrayShape("fill", "names", "maxnames", "ctypes.c_void_p")
    assert backend._without_array_clauses(text, shape) == expected
