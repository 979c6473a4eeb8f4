"""``check``'s ``undocumented-member``: an enum doc written as ``NAME: text`` lines describes those
members (libvirt 9.0.0's virDomainBlockJobAbortFlags, QA session 35), but no output gives them that
text: the finding stays, saying where the text is and why it does not count (session 35's review:
the same decision as a field under a group comment, ``undocumented-field``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import CASES, T_HEADER
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from edit_support import replace_once as _edit

LISTED = (
    "enum member 'VIR_T_RUN_SAFE' is described only in the doc of virTRunFlags ('VIR_T_RUN_SAFE: ...'), "
    "which no output gives the member; give it a comment of its own"
)
NO_TEXT = "enum member 'VIR_T_RUN_SAFE' has no doc text"  # its comment holds its tag only


@pytest.mark.parametrize(
    ("enum_doc", "message"),
    [
        (" * VIR_T_RUN_SAFE: stay safe\n", LISTED),  # libvirt's: the member's line of the enum's doc
        (" * VIR_T_RUN_FAST: go fast\n * VIR_T_RUN_SAFE: stay safe, even when it\n *                 takes longer\n", LISTED),
        (" * VIR_T_RUN_SAFE is slower.\n", NO_TEXT),  # a mention
        (" * VIR_T_RUN_SAFE:\n", NO_TEXT),  # a name with no text
        (" * Unlike VIR_T_RUN_SAFE: quick\n", NO_TEXT),  # not at its line's start
    ],
)
def test_an_enum_doc_line_naming_a_member_is_no_doc_of_it(tmp_path: Path, enum_doc: str, message: str) -> None:
    """Review (session 35): the member was taken as documented, though its HTML row, its Python constant
    and its API XML info are empty; a field under a group comment stays reported for that very reason."""
    tree = _tree(tmp_path, CASES / "check-undocumented-member" / "fail")
    _edit(tree / T_HEADER, " * Bits for the @flags of virTRun().\n", " * Bits for the @flags of virTRun().\n *\n" + enum_doc)
    assert [d.message for d in _check(tree) if d.rule == "undocumented-member"] == [message]


def test_libvirt_9_block_job_abort_flags_are_told_where_their_text_is(libvirt_tree: Path) -> None:
    found = [d for d in _check(libvirt_tree) if d.rule == "undocumented-member"]
    told = sorted(d.message.split("'")[1] for d in found if "is described only in the doc of virDomainBlockJobAbortFlags" in d.message)
    assert told == ["VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC", "VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT"]
    assert len(found) == 188  # 186 while such a line was taken as the member's doc


def test_an_api_xml_info_joins_the_lines() -> None:
    """Debian's libvirt-api.xml: '<info>VIR_..._ASYNC: Request only, ... VIR_..._PIVOT: Pivot to ...</info>'."""
    from generator.lint.docs import _listed_in

    joined = "VIR_X_ASYNC: Request only, do not wait VIR_X_PIVOT: Pivot to new file"
    assert _listed_in("VIR_X_ASYNC", joined) and _listed_in("VIR_X_PIVOT", joined)
    assert not _listed_in("VIR_X_PIVOT", "Unlike VIR_X_PIVOT: quick")  # a doc of one line that is no list
