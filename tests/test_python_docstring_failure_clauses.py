"""What a C return doc says besides its failure value stays, on the side it belongs to.

virStreamSendAll and its three siblings (libvirt 9.0.0) lost both the advice to call virStreamFinish and everything
the -1 paragraph said: their first paragraph ends with no stop, so "... and then virStreamFree" ran into "Returns -1
upon any error, ..." and the release advice took the whole merged sentence with it.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs, python_failures


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return {v.c_name: v.doc for v in whole_tree_plan().views}


@pytest.mark.parametrize(
    ("function", "returns"),
    [
        ("virStreamSendAll", "0 if all the data was successfully sent."),
        ("virStreamRecvAll", "0 if all the data was successfully received."),
        ("virStreamSparseSendAll", "0 if all the data was successfully sent."),
        ("virStreamSparseRecvAll", "0 if all the data was successfully received."),
    ],
)  # fmt: skip
def test_stream_all_keeps_the_finish_advice_and_the_abort(docs: dict[str, str], function: str, returns: str) -> None:
    doc = " ".join(docs[function].split())
    assert f":returns: {returns} The caller should invoke virStream.finish() to flush the stream upon success. :raises" in doc
    assert ":raises libvirtError: upon any error, with virStream.abort() already having been called C function:" in doc


def test_only_the_release_after_and_then_goes() -> None:
    text = "The caller should invoke virStreamFinish(st) to flush the stream and then virStreamFree(st). Other text."
    assert python_docs.without_release_advice(text, frozenset({"virStreamFree"})) == (
        "The caller should invoke virStreamFinish(st) to flush the stream. Other text."
    )


def test_a_so_clause_advising_the_release_goes_alone() -> None:
    text = "upon any error, with virStreamAbort() already having been called, so the caller need only call virStreamFree()"
    assert python_docs.without_release_advice(text, frozenset({"virStreamFree"})) == (
        "upon any error, with virStreamAbort() already having been called"
    )


@pytest.mark.parametrize(
    ("text", "returns", "raises"),
    [
        ("Returns the checkpoint; NULL indicates that no checkpoint has that name.", "the checkpoint.", "if no checkpoint has that name"),
        ("Returns the checkpoint; NULL means an error occurred.", "the checkpoint.", ""),
        ("Returns the checkpoint; NULL signifies failure.", "the checkpoint.", ""),
        ("Returns the checkpoint; NULL signals an error.", "the checkpoint.", ""),
    ],
)  # fmt: skip
def test_what_null_indicates_is_a_condition(text: str, returns: str, raises: str) -> None:
    assert python_failures.without_null_values(text) == (f"Returns {returns}", raises)


@pytest.mark.parametrize(
    ("text", "raises"),
    [
        ("Returns 0 when the call worked, -1 when it did not; the checkpoint is then left in place.",
         "when it did not; the checkpoint is then left in place"),
        ("Returns 0 when the call worked. Returns -1 on failure; the checkpoint is then left in place.",
         "on failure; the checkpoint is then left in place"),
        ("Returns 0 when the call worked. Returns -1 on failure. Then the checkpoint is left in place.",
         "on failure. Then the checkpoint is left in place"),
        ("Returns 0 when the call worked, -1 otherwise; the checkpoint is then left in place.",
         "on failure; the checkpoint is then left in place"),
    ],
)  # fmt: skip
def test_a_sentence_going_on_about_the_failure_goes_with_it(text: str, raises: str) -> None:
    assert python_failures.without_failure_values(text) == ("Returns 0 when the call worked.", raises)


def test_a_sentence_after_a_failure_that_opens_otherwise_stays() -> None:
    text = "Returns 0 on success, -1 on failure. The domain must be active."
    assert python_failures.without_failure_values(text) == ("Returns 0 on success. The domain must be active.", "")


@pytest.mark.parametrize(
    ("text", "raises"),
    [
        ("Returns 0 on success; -1 indicates that the domain is gone.", "if the domain is gone"),
        ("Returns 0 on success, -1 means that the domain is gone.", "if the domain is gone"),
        ("Returns 0 on success; -1 means an error occurred.", ""),
        ("Returns 0 on success; -1 signifies failure.", ""),
        ("Returns 0 on success; -1 indicates failure; the domain is then left locked.",
         "on failure; the domain is then left locked"),
    ],
)  # fmt: skip
def test_what_minus_one_indicates_is_a_condition(text: str, raises: str) -> None:
    assert python_failures.without_failure_values(text) == ("Returns 0 on success.", raises)


@pytest.mark.parametrize(
    ("text", "returns", "raises"),
    [
        ("Returns the checkpoint, or NULL on failure; the domain is then left locked.",
         "the checkpoint.", "on failure; the domain is then left locked"),
        ("Returns the checkpoint or NULL; the domain is then left locked.",
         "the checkpoint.", "on failure; the domain is then left locked"),
        ("Returns the checkpoint, or NULL if it is gone; the domain is then left locked.",
         "the checkpoint.", "if it is gone; the domain is then left locked"),
        ("Returns the checkpoint, or NULL on failure. Then the domain is left locked.",
         "the checkpoint.", "on failure. Then the domain is left locked"),
        ("Returns the checkpoint if found, NULL otherwise; the domain is then left locked.",
         "the checkpoint if found.", "if not found; the domain is then left locked"),
        ("Returns the checkpoint. NULL signals an error; the domain is then left locked.",
         "the checkpoint.", "on failure; the domain is then left locked"),
    ],
)  # fmt: skip
def test_a_sentence_going_on_about_the_null_failure_goes_with_it(text: str, returns: str, raises: str) -> None:
    assert python_failures.without_null_values(text) == (f"Returns {returns}", raises)


@pytest.mark.parametrize(
    "text",
    [
        "Returns the checkpoint, or NULL on failure. The domain must be active.",
        "Returns the checkpoint, or NULL on failure; otherwise the domain is left locked.",
    ],
)
def test_a_sentence_after_a_null_failure_that_opens_otherwise_stays(text: str) -> None:
    assert python_failures.without_null_values(text) == (text.replace(", or NULL on failure", ""), "")
