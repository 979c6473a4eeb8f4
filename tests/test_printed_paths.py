"""How a message names a file the user gave outside the tree: an absolute
FILE as typed, not as a climb from the current folder to ``/``; a file
beside the tree stays relative."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from generator.positions import openable_path

ENV = dict(os.environ, PYTHONPATH=str(REPO))


def test_an_absolute_file_outside_the_tree_is_named_as_typed(tmp_path: Path) -> None:
    bad = tmp_path / "elsewhere" / "libvirt-bad.h"
    bad.parent.mkdir()
    bad.write_text("/** x */\nint bad(;\n", encoding="utf-8")
    sample = REPO / "generator" / "sample"  # check writes nothing: run from the tree, its header typed relative
    command = [sys.executable, "-m", "generator", "check", "include/libvirt/libvirt-domain-checkpoint.h", str(bad)]
    result = subprocess.run(command, cwd=sample, env=ENV, capture_output=True, text=True, check=False)
    # before: ../../../../tmp/.../elsewhere/libvirt-bad.h:2:9, a climb from the tree to / and down again
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, f"{bad}:2:9: error: syntax error before: ;")


def test_a_file_beside_the_tree_stays_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # deeper than one level below /: a single ".." climbs to no top
    assert openable_path("../x.h", "tree") == "x.h"
    assert openable_path("../x.h", ".") == "../x.h"
    assert openable_path("../" * len(tmp_path.parts) + "etc/x.h", ".") == "/etc/x.h"  # a climb to / and down again
