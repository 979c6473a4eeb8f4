"""Session 12 QA of virt-apigen in build systems (make -j, ninja, meson)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import fastpath

REPO = Path(__file__).resolve().parent.parent


class _Writes:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def write(self, text: str) -> int:
        self.calls.append(text)
        return len(text)

    def flush(self) -> None:
        return None


def test_a_message_is_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: print() wrote the line and its newline apart, two write(2) calls with
    PYTHONUNBUFFERED=1, and make -j spliced another command's line in between."""
    stream = _Writes()
    monkeypatch.setattr(sys, "stderr", stream)
    fastpath.say("t.c:1:1: warning: w [rule]")
    assert stream.calls == ["t.c:1:1: warning: w [rule]\n"]


def test_the_depfile_names_the_root_of_a_tree_without_scripts(tmp_path: Path) -> None:
    """QA: with no scripts/, the apibuild.py whose appearance changes --acls auto's
    answer had nothing in the depfile to make make or ninja rerun."""
    tree = tmp_path / "t"
    shutil.copytree(REPO / "generator" / "sample", tree)
    assert not (tree / "scripts").exists()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "api", "--srcdir", "t", "-o", "out", "--depfile", "out.d"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    prerequisites = (tmp_path / "out.d").read_text(encoding="utf-8").split(":", 1)[1].replace("\\\n", " ").split()
    assert "t" in prerequisites


def test_outputs_beside_the_tree_keep_the_rerun_early(tmp_path: Path) -> None:
    """The root listed as an input (above) made its folder, where the outputs
    and the depfile are written, an input too: every run changed it, and no
    rerun stopped early.  A folder's own mtime says what appears in it."""
    shutil.copytree(REPO / "generator" / "sample", tmp_path / "t")
    arguments = [sys.executable, "-X", "importtime", "-m", "generator", "api", "--srcdir", "t", "-o", "out", "--depfile", "out.d"]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(2):
        done = subprocess.run(arguments, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    assert "generator.cli" not in done.stderr  # the second run stopped before loading the CLI
    recorded = json.loads((tmp_path / "out" / ".virt-apigen-stamp.json").read_text(encoding="utf-8"))
    assert os.path.realpath(tmp_path) not in [entry[0] for entry in recorded["inputs"]]
