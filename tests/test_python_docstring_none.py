"""Where the Python value may be None, its ``:param:`` or ``:returns:`` line says None, not C's NULL.

``openChannel(name: str | None, ...)``: ":param name: the channel name, or
None"; ``virGetLastError() -> virErrorTuple | None``: ":returns: the last
error or None if none occurred."  A value that is never None keeps the word
(it is then about C, and other rules handle it), as do "NULL-terminated",
a NULL said of a list's elements, and "non-NULL" but in a line saying None
of the same value (13 docstrings of libvirt 9.0.0, 6 of the sample).
"""

from __future__ import annotations

import ast

import pytest
from python_support import GENERATED, whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("line", "annotation", "kept"),
    [
        (":param name: the channel name, or NULL", "str | None", ":param name: the channel name, or None"),
        (":param type: ignored; pass NULL", "str | None", ":param type: ignored; pass None"),
        (":returns: the last error or NULL if none occurred.", "virErrorTuple | None", ":returns: the last error or None if none occurred."),
        (":param params: parameters, or NULL (a dict)", "Mapping[str, Any] | None", ":param params: parameters, or None (a dict)"),
        # None not admitted, or only inside a tuple: unchanged
        (":param name: the name, never NULL", "str", ":param name: the name, never NULL"),
        (":returns: the name or NULL", "tuple[str | None, int]", ":returns: the name or NULL"),
        # not C's NULL value: unchanged
        (":param name: a non-NULL name", "str | None", ":param name: a non-NULL name"),
        (":param names: a NULL-terminated list", "list[str] | None", ":param names: a NULL-terminated list"),
    ],
)
def test_null_is_none_where_none_is_admitted(line: str, annotation: str, kept: str) -> None:
    assert python_docs.with_none(line, annotation) == kept


@pytest.mark.parametrize(
    ("line", "annotation", "kept"),
    [
        # a NULL said of the elements: no None of the value
        (":param names: the names; an element may be NULL", "Sequence[str] | None", ":param names: the names; an element may be NULL"),
        (":param names: the names, whose entries can be NULL", "Sequence[str] | None", ":param names: the names, whose entries can be NULL"),
        (":param names: strings in the list may be NULL", "Sequence[str] | None", ":param names: strings in the list may be NULL"),
        (":param names: array of names, any of which may be NULL", "list[str] | None", ":param names: array of names, any of which may be NULL"),
        (":param names: the names (NULL entries are skipped)", "Sequence[str] | None", ":param names: the names (NULL entries are skipped)"),
        # ... beside one of the value itself
        (
            ":param names: the names, or NULL; each item may be NULL",
            "Sequence[str] | None",
            ":param names: the names, or None; each item may be NULL",
        ),
        # the list of strings itself: None
        (":param names: list of strings or NULL", "Sequence[str] | None", ":param names: list of strings or None"),
        (":param params: the parameters, or NULL", "Mapping[str, Any] | None", ":param params: the parameters, or None"),
        # a value with no elements: its "string" is itself
        (":param name: the name; if the string is NULL, the default", "str | None", ":param name: the name; if the string is None, the default"),
    ],
)
def test_a_null_of_elements_stays(line: str, annotation: str, kept: str) -> None:
    assert python_docs.with_none(line, annotation) == kept


@pytest.mark.parametrize(
    ("line", "annotation", "kept"),
    [
        (":param name: the name, or NULL; if non-NULL, it is copied", "str | None", ":param name: the name, or None; if not None, it is copied"),
        (":param name: NULL for none; when it is non-NULL, it is copied", "str | None", ":param name: None for none; when it is not None, it is copied"),
        (":param name: NULL to keep it; once set, it will be non-NULL", "str | None", ":param name: None to keep it; once set, it will not be None"),
        # no None said in the line, or a "non-NULL" of something else, of the elements, or one a modal would turn: unchanged
        (":param name: if non-NULL, it is copied", "str | None", ":param name: if non-NULL, it is copied"),
        (":param name: the name, or NULL; @flags is non-NULL", "str | None", ":param name: the name, or None; @flags is non-NULL"),
        (":param name: the name, or NULL; a non-NULL name is copied", "str | None", ":param name: the name, or None; a non-NULL name is copied"),
        (":param name: the name, or NULL; it may be non-NULL", "str | None", ":param name: the name, or None; it may be non-NULL"),
        (
            ":param names: the names, or NULL; each item which, if non-NULL, is copied",
            "Sequence[str] | None",
            ":param names: the names, or None; each item which, if non-NULL, is copied",
        ),
    ],
)
def test_a_non_null_of_the_value_is_not_none(line: str, annotation: str, kept: str) -> None:
    assert python_docs.with_none(line, annotation) == kept


def test_9_0_0_lines_say_none() -> None:
    docs = {v.c_name: v.doc for v in whole_tree_plan().views}
    assert ":param name: the channel name, or None\n" in docs["virDomainOpenChannel"]
    assert ":returns: the last error or None if none occurred.\n" in docs["virGetLastError"]
    assert ":returns: the name of the device's parent, or None if an error occurred" in docs["virNodeDeviceGetParent"]
    for name, doc in docs.items():
        for line in doc.splitlines():
            assert not line.startswith((":param", ":returns:")) or " NULL " not in f" {line} ".replace(",", " "), (name, line)


def test_the_sample_package_says_none() -> None:
    tree = ast.parse((GENERATED / "libvirt_ctypes" / "__init__.py").read_text(encoding="utf-8"))
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "virGetLastError")
    assert "or None when nothing has failed." in (ast.get_docstring(function) or "")
