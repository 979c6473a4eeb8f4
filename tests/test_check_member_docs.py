"""``check``'s ``undocumented-member``: an enum doc written as ``NAME: text`` lines documents those
members (libvirt 9.0.0's virDomainBlockJobAbortFlags, QA session 35)."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import CASES, T_HEADER
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from check_support import first_names as _named
from edit_support import replace_once as _edit


@pytest.mark.parametrize(
    ("enum_doc", "reported"),
    [
        (" * VIR_T_RUN_SAFE: stay safe\n", []),  # libvirt's: the member's line of the enum's doc
        (" * VIR_T_RUN_FAST: go fast\n * VIR_T_RUN_SAFE: stay safe, even when it\n *                 takes longer\n", []),
        (" * VIR_T_RUN_SAFE is slower.\n", ["VIR_T_RUN_SAFE"]),  # a mention is no doc of it
        (" * VIR_T_RUN_SAFE:\n", ["VIR_T_RUN_SAFE"]),  # a name with no text
        (" * Unlike VIR_T_RUN_SAFE: quick\n", ["VIR_T_RUN_SAFE"]),  # not at its line's start
    ],
)
def test_an_enum_doc_line_naming_a_member_documents_it(tmp_path: Path, enum_doc: str, reported: list[str]) -> None:
    tree = _tree(tmp_path, CASES / "check-undocumented-member" / "fail")
    _edit(tree / T_HEADER, " * Bits for the @flags of virTRun().\n", " * Bits for the @flags of virTRun().\n *\n" + enum_doc)
    assert _named(_check(tree), "undocumented-member") == reported


def test_libvirt_9_block_job_abort_flags_are_documented(libvirt_tree: Path) -> None:
    named = _named(_check(libvirt_tree), "undocumented-member")
    assert not {"VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC", "VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT"} & set(named)
    assert len(named) == 186


def test_an_api_xml_info_joins_the_lines() -> None:
    """Debian's libvirt-api.xml: '<info>VIR_..._ASYNC: Request only, ... VIR_..._PIVOT: Pivot to ...</info>'."""
    from generator.lint.docs import _listed_in

    joined = "VIR_X_ASYNC: Request only, do not wait VIR_X_PIVOT: Pivot to new file"
    assert _listed_in("VIR_X_ASYNC", joined) and _listed_in("VIR_X_PIVOT", joined)
    assert not _listed_in("VIR_X_PIVOT", "Unlike VIR_X_PIVOT: quick")  # a doc of one line that is no list
