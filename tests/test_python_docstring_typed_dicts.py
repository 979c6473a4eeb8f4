"""A description's C array of typed parameters is a dict where the method returns them as one.

``getGuestInfo() -> dict[str, Any]``: "The information is returned as a dict
of typed parameters containing the individual parameters." (C: "an array of
typed parameters"); the records of ``getAllDomainStats`` and
``domainListGetStats`` hold a dict each: "The tuple contains a dict of
typed parameters" (C's structure is the tuple: test_python_docstrings_records.py).  3 docstrings of libvirt 9.0.0 (3 of 7.0.0 and of
11.3.0); a setter taking a dict, or a method returning no typed dict, keeps
the words.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("is returned as an array of typed parameters containing", "is returned as a dict of typed parameters containing"),
        ("The structure contains an array\nof typed parameters", "The structure contains a dict\nof typed parameters"),
        ("fills the array of typed parameters", "fills the dict of typed parameters"),
        ("An array of typed parameters", "A dict of typed parameters"),
        # another array: unchanged
        ("an array of structures", "an array of structures"),
    ],
)
def test_typed_array_is_a_dict(text: str, said: str) -> None:
    assert python_docs.TYPED_ARRAY.sub(python_docs.a_dict, text) == said


def _description(doc: str) -> str:
    return " ".join(doc.split("\n:", 1)[0].split())


def test_9_0_0_typed_dicts() -> None:
    views = {v.c_name: v for v in whole_tree_plan().views}
    assert "is returned as a dict of typed parameters containing the individual parameters." in _description(views["virDomainGetGuestInfo"].doc)
    for name in ("virConnectGetAllDomainStats", "virDomainListGetStats"):
        assert "The tuple contains a dict of typed parameters" in _description(views[name].doc), name
    typed_dicts = [v.c_name for v in views.values() if "a dict of typed parameters" in _description(v.doc)]
    assert sorted(typed_dicts) == ["virConnectGetAllDomainStats", "virDomainGetGuestInfo", "virDomainListGetStats"]
    assert [name for name, v in views.items() if "array of typed parameters" in _description(v.doc)] == []
