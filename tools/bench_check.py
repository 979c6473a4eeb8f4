"""Bench rows for ``virt-apigen check`` and ``virt-apigen diff`` (loaded by tools/bench.py).

* ``check``: the whole tree, against libvirt's ``apibuild.py`` and against our
  own ``api`` command measured in the same run: check must fit in the api
  command's budget (ratio to api <= 1.0).  The two commands of ours run
  alternately (api, check, api, check...), so that a drift of the machine's
  speed during the run weighs on both alike.
* ``diff``: the tree against itself (two full loads and the comparison).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bench import REPO, Measure, apibuild_argv, measure, our_command, row, run_once


def _versus(label: str, ours: Measure, budget: Measure, budget_name: str) -> str:
    return (
        f"{label:<34} ours {ours.median * 1000:8.1f} ms  {budget_name} {budget.median * 1000:8.1f} ms  "
        f"ratio {ours.median / budget.median:5.2f} (goal <= 1.00)  peak MiB {ours.peak_kib / 1024:6.1f} vs {budget.peak_kib / 1024:6.1f}"
    )


def bench(tree: Path, runs: int) -> list[str]:
    scratch = Path(tempfile.mkdtemp(prefix="virt-apigen-bench-check-"))
    try:
        env = dict(os.environ, PYTHONPATH=str(REPO))
        generator = our_command()
        theirs_argv = apibuild_argv(tree, scratch)
        api_argv = [*generator, "api", "--srcdir", str(tree), "-o", str(scratch / "api")]
        check_argv = [*generator, "check", "--srcdir", str(tree)]
        diff_argv = [*generator, "diff", str(tree), str(tree)]
        for argv in (api_argv, check_argv):
            run_once(argv, env=env)  # warm the page cache
        run_once(theirs_argv)
        theirs = measure(theirs_argv, runs)
        api, check = Measure([], 0), Measure([], 0)
        for _ in range(runs):
            for argv, into, before in ((api_argv, api, [str(scratch / "api" / ".virt-apigen-stamp.json")]), (check_argv, check, [])):
                one = measure(argv, 1, before=before, env=env)
                into.seconds += one.seconds
                into.peak_kib = max(into.peak_kib, one.peak_kib)
        same = measure(diff_argv, runs, env=env)
        return [
            row("check: whole tree", check, theirs, "none: the goal is the next row, check vs api"),
            _versus("check vs api (same run)", check, api, "api"),
            row("diff: tree against itself", same, None, ""),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
