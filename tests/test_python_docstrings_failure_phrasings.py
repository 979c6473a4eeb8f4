"""The NULL and -1 rules of ``:returns:`` hold for the rarer phrasings of a failure clause.

A return doc is cut into sentences before its failure clauses are looked
for; a cut after "e.g." left "if the domain is gone" in ``:returns:`` and
"on error, e.g" in ``:raises:``.  A NULL clause's condition can go on in the
clauses after it (", or if the pool is inactive", ", e.g. if ..."): those
clauses went on standing in ``:returns:`` as "the name, or if the pool is
inactive.".  "NULL is returned on error" is a bare failure, not the
condition "is returned on error".  None of libvirt 7.0.0, 9.0.0 or 11.3.0
words a return doc so; the rules must not depend on that.
"""

from __future__ import annotations

import re

import pytest
from python_support import whole_tree_plan

from generator.backends import python_failures


@pytest.mark.parametrize(
    ("text", "returns", "raises"),
    [
        ("the domain, or NULL on error, e.g. if the domain is gone.", "the domain.", "on error, e.g. if the domain is gone"),
        ("the domain, or NULL on error (e.g. if the domain is gone)", "the domain", "on error (e.g. if the domain is gone)"),
        ("the domain or NULL in case of failure, i.e. if it does not exist", "the domain", "in case of failure, i.e. if it does not exist"),
        ("the name or NULL on error, or if the pool is inactive.", "the name.", "on error, or if the pool is inactive"),
        ("the name; NULL if not found, or if an error occurred.", "the name.", "if not found, or if an error occurred"),
        ("NULL on error, e.g. when the connection is closed; otherwise the domain.", "the domain.", "on error, e.g. when the connection is closed"),
        ("the domain. NULL is returned on error.", "the domain.", ""),
        ("the domain. NULL will be returned if the domain is gone.", "the domain.", "if the domain is gone"),
        # what followed the value of a NULL clause ("... or an XML string") stays with the value
        ("NULL in case of error or an XML string, e.g. the host's.", "an XML string, e.g. the host's.", ""),
        # the phrasings the rule had: unchanged
        ("a virNodeDevicePtr if found, NULL otherwise.", "a virNodeDevicePtr if found.", "if not found"),
        ("the name on success, NULL on failure (see virGetLastError).", "the name on success.", ""),
    ],
)
def test_null_rule(text: str, returns: str, raises: str) -> None:
    assert python_failures.without_null_values(text) == (returns, raises)


@pytest.mark.parametrize(
    ("text", "returns", "raises"),
    [
        ("0 on success, -1 on error, e.g. if the domain is gone.", "0 on success.", "on error, e.g. if the domain is gone"),
        ("0 on success, -1 on error, i.e. when it stopped. Returns 1 if done.", "0 on success. Returns 1 if done.", "on error, i.e. when it stopped"),
        ("0 on success. -1 is returned on error.", "0 on success.", ""),
        ("0 on success. -1 will be returned if the pool is inactive.", "0 on success.", "if the pool is inactive"),
    ],
)
def test_minus_one_rule(text: str, returns: str, raises: str) -> None:
    assert python_failures.without_failure_values(text) == (returns, raises)


def test_no_returns_line_of_9_0_0_is_left_with_a_dangling_condition() -> None:
    dangling = re.compile(r"^(?:,|or\b|and\b|(?:e\.g|i\.e)\.)|[,;]\s*(?:or\s+)?(?:if|when|(?:e\.g|i\.e)\.)[^,;]*[.]?$|\bis returned\b")
    for view in whole_tree_plan().views:
        for line in view.doc.splitlines():
            if line.startswith((":returns: ", ":raises libvirtError: ")) and view.result in ("str", "ownedstr", "handle", "int"):
                text = line.split(": ", 1)[1]
                assert not dangling.search(text) or "C:" in text, (view.c_name, line)
