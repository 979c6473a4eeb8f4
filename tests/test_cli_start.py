"""The command's first moments: a Ctrl-C while Python is still importing
it, and a relative ``$TMPDIR`` for the preprocessor's scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

ENV = dict(os.environ, PYTHONPATH=str(REPO))

# Ctrl-C stands in as a KeyboardInterrupt raised by the import of generator.fastpath
INTERRUPTED_IMPORT = """
import sys

class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == "generator.fastpath":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupting())
sys.argv = ["virt-apigen", "api", "-o", "out"]
import runpy
runpy.run_module("generator", run_name="__main__")
"""


def test_a_ctrl_c_during_the_imports_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # before: a KeyboardInterrupt traceback from __main__.py's import, and death by SIGINT
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT], cwd=tmp_path, env=ENV, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "")
    assert not (tmp_path / "out").exists()


def test_a_relative_tmpdir_is_taken_from_the_current_folder(tmp_path: Path) -> None:
    # before: "the C preprocessor failed: gen/libvirt/libvirt-common.h: No such file or directory", exit 1
    (tmp_path / "scratch").mkdir()
    env = dict(ENV, TMPDIR="scratch")
    result = subprocess.run([sys.executable, "-m", "generator", "api", "-o", "out"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "out" / "libvirt-api.xml").read_bytes() == (REPO / "generated" / "api" / "libvirt-api.xml").read_bytes()
    assert list((tmp_path / "scratch").iterdir()) == []  # the scratch folder was made there and removed
