"""A stamp vouches only for the outputs in its own folder, and a rerun found
up to date sweeps the stamp's leftovers too, but only names of exactly our
form (``.NAME.<pid>.<8 letters>.tmp``) of a process that is gone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO
from process_support import dead_pid

ENV = dict(os.environ, PYTHONPATH=str(REPO))
STAMP = ".virt-apigen-stamp.json"


def _generate(cwd: Path, out: str) -> None:
    command = [sys.executable, "-m", "generator", "api", "--format", "json", "-o", out]
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def _made(tmp_path: Path) -> Path:
    _generate(tmp_path, "out")
    time.sleep(0.2)  # past the rule for inputs edited just before a run
    return tmp_path / "out"


def test_a_copied_folder_is_not_vouched_for_by_the_original_s_files(tmp_path: Path) -> None:
    out = _made(tmp_path)
    shutil.copytree(out, tmp_path / "copy", symlinks=True)
    (tmp_path / "copy" / "libvirt-api.json").write_text("junk\n", encoding="utf-8")
    _generate(tmp_path, "copy")  # before: exit 0 with "junk" kept, the entry judged by out's files
    assert (tmp_path / "copy" / "libvirt-api.json").read_bytes() == (out / "libvirt-api.json").read_bytes()


def test_a_stamp_alone_in_a_new_folder_gives_a_full_run(tmp_path: Path) -> None:
    out = _made(tmp_path)
    (tmp_path / "empty").mkdir()
    shutil.copy2(out / STAMP, tmp_path / "empty" / STAMP)
    _generate(tmp_path, "empty")  # before: nothing written, the folder held only the stamp
    assert sorted(p.name for p in (tmp_path / "empty").iterdir()) == [STAMP, "libvirt-api.json"]



def test_a_no_op_rerun_sweeps_the_stamp_s_leftovers_and_only_names_of_our_form(tmp_path: Path) -> None:
    out = _made(tmp_path)
    pid = dead_pid()
    ours = [f".{STAMP}.{pid}.abcdefgh.tmp", f".{STAMP}.{pid}.k2_9zq0a.old.tmp", f".libvirt-api.json.{pid}.abcdefgh.tmp"]
    look_alikes = [
        f".{STAMP}.0{pid}.abcdefgh.tmp", f".libvirt-api.json.{pid}..tmp", f".libvirt-api.json.{pid}.ABCDEFGH.tmp", f".libvirt-api.json.{pid}.abcdefghi.tmp",
    ]
    for name in ours + look_alikes:
        (out / name).write_text("left\n", encoding="utf-8")
    before = (out / "libvirt-api.json").stat().st_mtime_ns
    _generate(tmp_path, "out")
    assert (out / "libvirt-api.json").stat().st_mtime_ns == before  # a no-op rerun
    # before: the stamp's leftovers stayed through every no-op rerun, and the look-alikes were deleted
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp")) == sorted(look_alikes)
