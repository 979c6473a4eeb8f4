"""A method returning a str, bytes or a list says nothing of where C allocated it.

The sample's ``getURI`` documented ":returns: a newly allocated string.": the
method copies the C string into a ``str`` and frees it, so the line says "a
string."; the handle lists' "where to store the newly allocated array of
handles" is "the handles" (3 docstrings of the sample, none of libvirt 9.0.0,
whose docs say it with a terminator the string rule takes out).  A handle
or another value keeps the words.
"""

from __future__ import annotations

import ast

import pytest
from python_support import GENERATED

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("line", "annotation", "kept"),
    [
        (":returns: a newly allocated string.", "str", ":returns: a string."),
        (":returns: A newly allocated string, or None.", "str | None", ":returns: A string, or None."),
        (":returns: a newly allocated array of names", "list[str]", ":returns: an array of names"),
        (":returns: the newly-allocated XML buffer", "bytes", ":returns: the XML buffer"),
        # a handle, an int: unchanged
        (":returns: a newly allocated domain object", "virDomain", ":returns: a newly allocated domain object"),
        (":returns: the count of newly allocated pages", "int", ":returns: the count of newly allocated pages"),
    ],
)
def test_allocation_words_go_from_built_values(line: str, annotation: str, kept: str) -> None:
    assert python_docs.without_allocation_words(line, annotation) == kept


def test_a_newly_allocated_array_of_handles_is_the_handles() -> None:
    assert python_docs.stored_value_doc("where to store the newly allocated array of handles") == "the handles"


def _method_doc(cls: str, method: str) -> str:
    tree = ast.parse((GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    return ast.get_docstring(next(n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == method)) or ""


def test_the_sample_package_says_a_string_and_the_handles() -> None:
    assert ":returns: a string.\n" in _method_doc("virConnect", "getURI")
    assert ":returns: checkpoints: the handles (a list)\n" in _method_doc("virDomain", "listAllCheckpoints")
    assert ":returns: children: the handles (a list)\n" in _method_doc("virDomainCheckpoint", "listAllChildren")
