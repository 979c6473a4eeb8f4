"""Docstrings promise no C return value the method never gives.

The method raises libvirtError where C returns -1, so a description saying
"this call will return -1 and an error message ..." (virDomainGetBlockInfo)
says the raise instead.  A stream read returns the bytes, ``b''`` at the end
of the stream and -2/-3 as ints, so its return line says those, not the C
count of bytes and its 0 (virStreamRecv, virStreamRecvFlags).  Both by rule:
docs/python-bindings.md, "Docstrings are the C docs ...".
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python as backend
from generator.backends import python_failures


@pytest.mark.parametrize(
    ("description", "said"),
    [
        (
            "For a transient domain, this call will return\n-1 and an error message indicating the domain is gone.",
            "For a transient domain, this call will raise\nlibvirtError with an error message indicating the domain is gone.",
        ),
        ("It returns -1 if the pool is inactive.", "It raises libvirtError if the pool is inactive."),
        # the error C sets is the one raised: no clause left saying it
        ("If this call fails, it returns -1 and an error is set.", "If this call fails, it raises libvirtError."),
        ("Then the function will return -1 and an error will be reported.", "Then the function will raise libvirtError."),
        ("It returns -1 and a libvirt error is raised if the pool is gone.", "It raises libvirtError if the pool is gone."),
        # what comes with the error: "with"
        (
            "Otherwise it will return -1 and a libvirt error message saying why.",
            "Otherwise it will raise libvirtError with a libvirt error message saying why.",
        ),
        ("It returns -1 and an error code of VIR_ERR_NO_DOMAIN.", "It raises libvirtError with an error code of VIR_ERR_NO_DOMAIN."),
        # other values in the same sentence: -1 may be an answer, unchanged
        ("It returns -1 on timeout, 0 on no data, 1 on data.", "It returns -1 on timeout, 0 on no data, 1 on data."),
        ("The call returns -1 if the job is gone and returns 0 otherwise.", "The call returns -1 if the job is gone and returns 0 otherwise."),
        # ... but another sentence's values are that sentence's
        ("It returns -1 if the pool is inactive. It returns 0 on success.", "It raises libvirtError if the pool is inactive. It returns 0 on success."),
        # a callback's value, or another value: not the method's failure
        ("The callback should return -1 to stop.", "The callback should return -1 to stop."),
        ("In that case, -3 is returned and virStreamRecvHole() should be called.", "In that case, -3 is returned and virStreamRecvHole() should be called."),
        # a C example stays as it is
        ("Example:\n\n  if (this call will return -1)\n      goto failure;", "Example:\n\n  if (this call will return -1)\n      goto failure;"),
    ],
)
def test_a_description_says_the_raise(description: str, said: str) -> None:
    assert python_failures.raising_description(description) == said


@pytest.mark.parametrize(
    ("text", "answers", "returns"),
    [
        (
            "the number of bytes read, which may be less than requested. Returns 0 when the end of the stream is reached."
            " Returns -2 if there is no data pending.",
            (-2,),
            "the bytes read, which may be less than requested. Returns b'' when the end of the stream is reached."
            " Returns -2 (an int) if there is no data pending.",
        ),
        (
            "0 when the end of the stream is reached, at which time the caller should finish. Returns -3 if there is a hole.",
            (-2, -3),
            "the bytes the C function writes into @data; b'' when the end of the stream is reached, at which time the caller"
            " should finish. Returns -3 (an int) if there is a hole.",
        ),
        ("", (), "the bytes the C function writes into @data"),
    ],
)
def test_a_read_returns_its_own_values(text: str, answers: tuple[int, ...], returns: str) -> None:
    assert backend._read_returns_doc(text, backend.ReadView("data", "nbytes", answers)) == returns


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return {v.c_name: v.doc for v in whole_tree_plan().views}


def test_9_0_0_get_block_info_raises(docs: dict[str, str]) -> None:
    text = " ".join(docs["virDomainGetBlockInfo"].split())
    assert 'this call will raise libvirtError with an error message indicating the "domain is not running".' in text
    assert "will return -1" not in text
    assert "if (virDomainGetBlockInfo(dom, device, &info, 0) < 0)" in docs["virDomainGetBlockInfo"]  # the C example stays


def test_9_0_0_stream_reads_say_what_comes_back(docs: dict[str, str]) -> None:
    recv = " ".join(docs["virStreamRecv"].split())
    assert (
        ":returns: the bytes read, which may be less than requested. Returns b'' when the end of the stream is reached, at which time the caller"
        " should invoke virStream.finish() to get confirmation of stream completion. Returns -2 (an int) if there is no data pending to be read &"
        " the stream is marked as non-blocking. :raises libvirtError: upon error, at which time the stream will be marked as aborted"
    ) in recv
    flags = " ".join(docs["virStreamRecvFlags"].split())
    assert ":returns: the bytes the C function writes into @data; b'' when the end of the stream is reached," in flags
    assert "Returns -2 (an int) if there is no data pending" in flags and "Returns -3 (an int) if there is a hole in stream" in flags
    for text in (recv, flags):
        returns = text[text.index(":returns:") : text.index(":raises")]
        assert "number of bytes" not in returns and "Returns 0" not in returns and "C:" not in returns
