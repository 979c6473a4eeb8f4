"""A method's docstring says nothing of its object being NULL: ``self`` is never None.

libvirt 9.0.0's virDomainGetMaxMemory, virDomainSetMaxMemory, virDomainSetMemory and
virDomainSetMemoryFlags say "If domain is NULL, then this get the amount of memory reserved to Domain0 i.e.
the domain where the application runs.", ``domain`` being the C parameter the method's ``self`` stands for.
That sentence goes, whole ("i.e." ends no sentence); a sentence about another parameter being NULL stays (it
may be None: tests/test_python_docstring_none_descriptions.py).
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_docs

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Retrieve the maximum amount of memory of a\ndomain. If domain is NULL, then this get the amount reserved\n"
            "to Domain0 i.e. the domain where the application runs.\nThis function may require privileged access.",
            "Retrieve the maximum amount of memory of a\ndomain.\nThis function may require privileged access.",
        ),
        ("When @domain is NULL, nothing happens.\n\nSecond paragraph.", "Second paragraph."),
        # another parameter, self in another role, no sentence start
        ("If @params is NULL and @nparams is 0, the count.", "If @params is NULL and @nparams is 0, the count."),
        ("If domainname is NULL, the default.", "If domainname is NULL, the default."),
        ("Fails if domain is NULL.", "Fails if domain is NULL."),
    ],
)  # fmt: skip
def test_a_sentence_on_a_null_self_goes(text: str, expected: str) -> None:
    assert python_docs.without_null_self(text, "domain") == expected


def test_9_0_0_methods_say_nothing_of_a_null_self() -> None:
    methods = whole_tree_docs()
    assert [name for name, doc in methods.items() if "If domain is NULL" in doc] == []
    assert methods["virDomain.getMaxMemory"].startswith("Retrieve the maximum amount of physical memory allocated to a\ndomain.\n\n:returns:")
    assert "Dynamically change the maximum amount of physical memory allocated to a\ndomain.\nThis function may require" in methods[
        "virDomain.setMaxMemory"
    ]
    # another parameter's NULL stays (above); getCPUStats' C sizing call, "if @params is NULL and @nparams is 0", went
    # with the calling convention of its array per unit (test_python_docstring_units), and no other is left in 9.0.0
