"""``check`` on ``Since:`` versions: a member older than its enum (a macro
then) is a note, not a warning, and a malformed tag is reported once
(``since-malformed``), not as a ``since-mismatch`` too."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import CASES, CHECKPOINT_C
from check_support import check_findings as _check
from check_support import copy_tree as _tree
from conftest import SAMPLE_TREE as SAMPLE

from generator.cli import main

# --- since-member-older ---------------------------------------------------


def test_a_member_older_than_its_enum_is_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    """QA: VIR_NODE_CPU_STATS_ALL_CPUS (0.9.3, a macro then) in an enum of 0.9.8 was a warning: both tags are right."""
    case = CASES / "check-since-member-older" / "fail"
    found = [d for d in _check(case) if d.rule == "since-member-older"]
    assert [(d.severity, d.message.split("'")[1]) for d in found] == [("note", "VIR_T_RUN_FAST"), ("note", "VIR_T_RUN_SAFE")]
    assert main(["check", "--srcdir", str(case), "--werror"]) == 0
    assert "2 notes" in capsys.readouterr().err


# --- a malformed tag is no since-mismatch too ----------------------------


@pytest.mark.parametrize(
    ("tag", "rules"),
    [
        ("5.6.0.", ["since-malformed"]),
        ("5.6.0.1", ["since-malformed"]),
        ("5.7.0.", ["since-malformed", "since-mismatch"]),  # two mistakes: fixing the dot leaves the version wrong
    ],
)
def test_a_malformed_tag_is_reported_once(tmp_path: Path, tag: str, rules: list[str]) -> None:
    """QA: 'Since: 5.6.0.' gave since-malformed and a since-mismatch 'says Since: 5.6.0. but ... exports it in 5.6.0'."""
    tree = _tree(tmp_path, SAMPLE)
    source = tree / CHECKPOINT_C
    lines = source.read_text(encoding="utf-8").split("\n")
    assert lines[284] == " * Since: 5.6.0" and "virDomainCheckpointRef:" in "\n".join(lines[270:284])
    lines[284] = f" * Since: {tag}"
    source.write_text("\n".join(lines), encoding="utf-8")
    found = [d for d in _check(tree) if d.severity != "note"]
    assert sorted(d.rule for d in found) == rules
    assert {(d.location.line, d.location.col) for d in found} == {(285, 4)}
    # with since-malformed off the mismatch is what is left: never silent
    assert [d.rule for d in _check(tree, ["since-malformed"]) if d.severity != "note"] == ["since-mismatch"]
