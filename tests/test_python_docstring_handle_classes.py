"""A handle class's docstring says what its objects represent, not that C's struct is private.

libvirt's docs open 12 handle structs with "a virDomain is a private structure representing a domain.": a Python
program holds an object of the class, so the docstring is "A virDomain object represents a domain."  Another opening
("A virSecret stores a secret value") stays.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        ("a virDomain is a private structure representing a domain.", "A virDomain object represents a domain."),
        ("A virDomain is a private structure representing a checkpoint of\n    a domain.", "A virDomain object represents a checkpoint of\n    a domain."),
        ("A virSecret stores a secret value.", "A virSecret stores a secret value."),
        # another class's name, a later sentence: not the class's opening
        ("a virDomainInfo is a private structure representing X.", "a virDomainInfo is a private structure representing X."),
        ("X. a virDomain is a private structure representing Y.", "X. a virDomain is a private structure representing Y."),
    ],
)  # fmt: skip
def test_handle_class_doc(doc: str, said: str) -> None:
    assert python_docs.handle_class_doc(doc, "virDomain") == said


def test_9_0_0_handle_classes_say_the_object() -> None:
    docs = {c.name: c.doc for c in whole_tree_plan().classes}
    assert not [name for name, doc in docs.items() if "private structure" in doc]
    assert docs["virDomain"] == "A virDomain object represents a domain."
    assert docs["virConnect"].startswith("A virConnect object represents a connection to")
    assert docs["virSecret"].startswith("A virSecret stores a secret value")
    assert sum(doc.startswith(f"A {name} object represents ") for name, doc in docs.items()) == 12
