"""A description naming a parameter by its place in C's list names the parameter.

libvirt 9.0.0's virDomainRename: "New domain name is specified in the second argument." (C: dom, new_name,
flags).  In Python the domain is the object the method is called on, so new_name is the method's first argument:
C's place would mislead.  The docstring says "@new_name", as the descriptions name parameters (1 docstring of 9.0.0,
of 7.0.0 and of 11.3.0).  Another callable's argument ("the second argument of the callback"), C's first one of a
method (its object), an output and C examples stay as written.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_docs

from generator.backends import python_docs

RENAME = ("dom", "new_name", "flags")
TAKEN = {"new_name", "flags"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("New domain name is specified in the second\nargument. Depending on it.", "New domain name is specified in @new_name. Depending on it."),
        ("The third parameter must be 0.", "@flags must be 0."),
        ("Pass the name as the 2nd arg.", "Pass the name as @new_name."),
    ],
)  # fmt: skip
def test_a_parameter_named_by_its_place_is_named(text: str, said: str) -> None:
    assert python_docs.parameters_by_position(text, RENAME, TAKEN, "virDomainRename") == said


@pytest.mark.parametrize(
    "text",
    [
        "The first argument must be an active domain.",  # C's object: no argument of the method
        "The fourth argument is ignored.",  # no such parameter
        "The callback gets the domain as the second argument.",  # another callable's
        "Like virDomainCreate, the second argument is ignored.",
        "The second argument of the handler is the opaque data.",
        "It takes a second argument since 1.2.19.",  # no place in a list
        "Pass it as its second argument.",
        "Use the second-argument form.",
        "Example:\n\n    /* the second argument */\n    virDomainRename(dom, \"b\", 0);",  # a C example
    ],
)
def test_other_ordinals_stay(text: str) -> None:
    assert python_docs.parameters_by_position(text, RENAME, TAKEN, "virDomainRename") == text


def test_9_0_0_rename_names_its_parameter() -> None:
    docs = whole_tree_docs()
    assert " ".join(docs["virDomain.rename"].split()).startswith("Rename a domain. New domain name is specified in @new_name. Depending")
    ordinal = python_docs._ORDINAL_PARAMETER
    assert not [name for name, doc in docs.items() if ordinal.search(doc.split("\n\n:", 1)[0])]
