"""A description of a method returning statistics records says the list of tuples it returns.

``getAllDomainStats() -> list[tuple[virDomain, dict[str, Any]]]``: C's "The
statistics are returned as an array of structures for each queried domain.
The structure contains an array of typed parameters ..." is "... returned as
a list with a (virDomain, dict) tuple for each queried domain. The tuple
contains a dict of typed parameters ...".  2 docstrings of libvirt 9.0.0 (2
of 7.0.0 and of 11.3.0; none of the sample, which has no records).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend


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
    assert backend._records_description(text, "virDomain") == said


def _description(doc: str) -> str:
    return " ".join(doc.split("\n:", 1)[0].split())


def test_9_0_0_records_descriptions() -> None:
    views = {v.c_name: v for v in whole_tree_plan().views}
    for name in ("virConnectGetAllDomainStats", "virDomainListGetStats"):
        description = _description(views[name].doc)
        assert "returned as a list with a (virDomain, dict) tuple for each queried domain. The tuple contains a dict of typed parameters" in description, name
        assert "structure" not in description, name
