"""An output edited in place with its size and mtime put back is not taken as unchanged.

QA (session 29): the stamp identified an output by size, mtime and inode, so an
output edited in place and given its old mtime again (``touch -r``) was called
up to date by the next run, and would have been deleted as stale as the file
that run wrote.  The entry records the output's ctime too, which no user can
set: taken after our own rename (which sets it), from the same file.

Decided: a change of the output's metadata alone (``chmod``, a hard link made to
it, a backup tool putting atimes back) moves its ctime too and so costs one full
run, which rewrites nothing (the content is the same) and records the new ctime:
the next rerun stops early again.  Never a wrong "up to date", and a stale
output so changed is left with the warning every changed stale output gets.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from test_cli import SAMPLE, STAMP, ok, run

from generator import fastpath

EXTRA_HEADER = "/**\n * VIR_EXTRA_FOO:\n *\n * A macro of our own.\n *\n * Since: 1.0.0\n */\n# define VIR_EXTRA_FOO 1\n"


def _edit_in_place_keeping_size_and_mtime(path: Path) -> None:
    status = path.stat()
    data = path.read_bytes()
    edited = data.replace(b"<", b"[", 1)
    assert len(edited) == len(data) and edited != data
    with path.open("r+b") as stream:  # the same inode
        stream.write(edited)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # touch -r
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (status.st_size, status.st_mtime_ns, status.st_ino)


def _up_to_date(argv: list[str], cwd: Path) -> bool:
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return fastpath.fresh_messages(argv) is not None
    finally:
        os.chdir(here)


def test_an_output_edited_with_size_and_mtime_restored_is_written_again(tmp_path: Path) -> None:
    argv = ["api", "-o", "out"]
    ok(run(*argv, cwd=tmp_path))
    target = tmp_path / "out" / "libvirt-api.xml"
    written = target.read_bytes()
    assert _up_to_date(argv, tmp_path)
    _edit_in_place_keeping_size_and_mtime(target)
    assert not _up_to_date(argv, tmp_path)
    ok(run(*argv, cwd=tmp_path))
    assert target.read_bytes() == written
    assert _up_to_date(argv, tmp_path)


def test_a_chmod_costs_one_full_run_then_the_early_stop_holds_again(tmp_path: Path) -> None:
    argv = ["api", "-o", "out"]
    ok(run(*argv, cwd=tmp_path))
    target = tmp_path / "out" / "libvirt-api.xml"
    mtime = target.stat().st_mtime_ns
    target.chmod(0o640)
    assert not _up_to_date(argv, tmp_path)
    ok(run(*argv, cwd=tmp_path))
    assert target.stat().st_mtime_ns == mtime  # nothing rewritten
    assert _up_to_date(argv, tmp_path)
    outputs = json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))["outputs"]
    assert all(len(item) == 5 for item in outputs)  # path, size, mtime, inode, ctime


def test_a_stale_output_edited_with_size_and_mtime_restored_is_not_deleted(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    extra = tree / "include" / "libvirt" / "libvirt-extra.h"
    extra.write_text(EXTRA_HEADER, encoding="utf-8")
    argv = ["generate", "--srcdir", "tree", "--only", "html", "-o", "out"]
    ok(run(*argv, cwd=tmp_path))
    stale = tmp_path / "out" / "html" / "libvirt-libvirt-extra.html"
    _edit_in_place_keeping_size_and_mtime(stale)
    kept = stale.read_bytes()
    extra.unlink()
    done = ok(run(*argv, cwd=tmp_path))
    reason = "it is no longer the file that run wrote (replaced or changed since)"
    assert done.stderr.splitlines() == [f"virt-apigen: warning: out/html/{stale.name}: a stale output of an earlier run, not deleted: {reason}"]
    assert stale.read_bytes() == kept
