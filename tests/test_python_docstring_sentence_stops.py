"""A parameter doc keeps the stop its C comment's line break stood for.

virDomainGetVcpuPinInfo, virDomainGetEmulatorPinInfo and
virDomainGetIOThreadInfo document ``@flags`` as "bitwise-OR of
virDomainModificationImpact" and, on the next line, "Must not be
VIR_DOMAIN_AFFECT_LIVE and VIR_DOMAIN_AFFECT_CONFIG concurrently.": the
comment's line ended the first sentence, and the one-paragraph doc (the
frontend's, and apibuild.py's XML alike) joins them as one.  The word
opening the second sentence (one English capitalizes only there) puts the
stop back.
"""

from __future__ import annotations

import pytest
from python_support import whole_tree_plan

from generator.backends import python_docs


@pytest.mark.parametrize(
    ("doc", "stopped"),
    [
        (
            "bitwise-OR of virDomainModificationImpact Must not be VIR_DOMAIN_AFFECT_LIVE and VIR_DOMAIN_AFFECT_CONFIG concurrently.",
            "bitwise-OR of virDomainModificationImpact. Must not be VIR_DOMAIN_AFFECT_LIVE and VIR_DOMAIN_AFFECT_CONFIG concurrently.",
        ),
        ("the pool name If NULL, the default", "the pool name. If NULL, the default"),
        # a name, a stop already there, a note before the sentence: unchanged
        ("WWNN of the SCSI Host.", "WWNN of the SCSI Host."),
        ("the number of bytes in one cpumap. Must be positive.", "the number of bytes in one cpumap. Must be positive."),
        ("bitmap of real CPUs (IN) Each bit set to 1 means", "bitmap of real CPUs (IN) Each bit set to 1 means"),
        ("the domain running Linux or Windows", "the domain running Linux or Windows"),
        # after a number or a capital: no surer a sentence's end
        ("the UUID, see RFC 4122 Section 3 It is", "the UUID, see RFC 4122 Section 3 It is"),
        ("one of VIR_DOMAIN_AFFECT_LIVE If set", "one of VIR_DOMAIN_AFFECT_LIVE If set"),
    ],
)
def test_a_sentence_opener_gets_its_stop(doc: str, stopped: str) -> None:
    assert python_docs.with_sentence_stops(doc) == stopped


def test_9_0_0_flags_docs_end_their_first_sentence() -> None:
    docs = {v.c_name: v.doc for v in whole_tree_plan().views}
    line = (
        ":param flags: bitwise-OR of DomainModificationImpact. Must not be VIR_DOMAIN_AFFECT_LIVE and VIR_DOMAIN_AFFECT_CONFIG"
        " concurrently.\n"
    )
    stopped = sorted(name for name, doc in docs.items() if line in doc)
    assert stopped == ["virDomainGetEmulatorPinInfo", "virDomainGetIOThreadInfo", "virDomainGetVcpuPinInfo"]
    assert not [name for name, doc in docs.items() if "DomainModificationImpact Must" in " ".join(doc.split())]
