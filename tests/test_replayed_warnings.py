"""A rerun that stops early prints the warnings of the run it stands for.

Before, the first run over a tree with a ``Since:`` tag that disagrees with
its ``.syms`` printed the warning and the second, with nothing changed,
printed nothing: a second ``make`` hid what the first showed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_cli import CHECKPOINT_C, SAMPLE, STAMP, ok, run

WARNING = "warning: 'virDomainCheckpointGetName' says Since: 5.7.0 but src/libvirt_public.syms exports it in 5.6.0 [since-mismatch]"


def _tree_with_a_warning(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    source = tree / CHECKPOINT_C
    text = source.read_text(encoding="utf-8")
    start = text.index("virDomainCheckpointGetName:")
    since = text.index("Since: 5.6.0", start)
    source.write_text(text[:since] + "Since: 5.7.0" + text[since + len("Since: 5.6.0") :], encoding="utf-8")
    return tree


def _mtimes(out: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.name != STAMP}


def test_a_rerun_with_nothing_changed_prints_the_same_warnings(tmp_path: Path) -> None:
    _tree_with_a_warning(tmp_path)
    first = ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert first.stderr.count("warning:") == 1 and WARNING in first.stderr
    assert first.stderr.startswith("tree/src/libvirt-domain-checkpoint.c:")
    written = _mtimes(tmp_path / "out")

    again = ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert again.stderr == first.stderr
    assert _mtimes(tmp_path / "out") == written  # the early stop: nothing parsed, nothing rewritten
    recorded = json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))
    assert recorded["printed"] == first.stderr.splitlines()


def test_a_clean_run_records_and_replays_nothing(tmp_path: Path) -> None:
    first = ok(run("api", "-o", "out", cwd=tmp_path))
    assert first.stderr == ""
    assert json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))["printed"] == []
    assert ok(run("api", "-o", "out", cwd=tmp_path)).stderr == ""


def test_another_spelling_words_the_warnings_for_itself(tmp_path: Path) -> None:
    tree = _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the same options from another folder: the stamp matches, the recorded
    # paths ("tree/src/...") would not open from here
    again = ok(run("api", "--srcdir", tree, "--output", tmp_path / "out", cwd=elsewhere))
    assert again.stderr.count("warning:") == 1
    assert again.stderr.startswith(f"{tree}/src/libvirt-domain-checkpoint.c:") and WARNING in again.stderr


def test_werror_after_a_run_with_warnings_still_fails(tmp_path: Path) -> None:
    _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    written = _mtimes(tmp_path / "out")
    strict = run("api", "--werror", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert strict.returncode == 1
    assert "error: 'virDomainCheckpointGetName' says Since: 5.7.0" in strict.stderr and "no output written" in strict.stderr
    assert _mtimes(tmp_path / "out") == written


def test_a_damaged_record_of_warnings_means_a_full_run(tmp_path: Path) -> None:
    _tree_with_a_warning(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    stamp = tmp_path / "out" / STAMP
    recorded = json.loads(stamp.read_text(encoding="utf-8"))
    recorded["printed"] = "not a list"
    stamp.write_text(json.dumps(recorded), encoding="utf-8")
    again = ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert WARNING in again.stderr
    assert json.loads(stamp.read_text(encoding="utf-8"))["printed"] == again.stderr.splitlines()
