"""docs/diff.md shows the report of the 2018 draft against the sample; its
counts went stale when a sample doc changed (QA, session 32: it said 70
changes where the command printed 71), so the example is checked against the
command's own output."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import REPO

DOC = REPO / "docs" / "diff.md"


def _documented(pattern: str) -> str:
    found = re.search(pattern, DOC.read_text(encoding="utf-8"))
    assert found, pattern
    return found.group(0)


def test_the_drafts_example_report_is_what_diff_prints() -> None:
    command = [sys.executable, "-m", "generator", "diff", "tests/fixtures/checkpoint-2018", "generator/sample"]
    done = subprocess.run(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    assert done.returncode == 4
    summary = _documented(r"virt-apigen diff: \d+ changes: [^\n]*?(?=\s+\(stderr\))")
    assert done.stderr.splitlines()[-1] == summary
    counts = r"doc-only changes in (\d+) symbols: .*? and (\d+) more \(--format json lists each\) \[doc-changed\]"
    printed = re.search(counts, done.stdout)
    assert printed and re.findall(counts, _documented(counts)) == [printed.groups()]
    total = re.search(r"\d+", summary)
    assert total and f"among {total.group(0)} changes" in DOC.read_text(encoding="utf-8")
