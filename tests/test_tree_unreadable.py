"""A tree's ``scripts/apibuild.py`` that is there but cannot be read is an error at it.

The script decides the schema of the XML (``--acls auto``: ``<acls>`` only
when the tree's own apibuild.py writes them).  Taken as absent when it could
not be read, 9.0.0's ``libvirt-api.xml`` gained 364 ``<acls>`` blocks with
exit 0 and no word.  Now it is ``T/scripts/apibuild.py:1:1: error: cannot
read: Permission denied``, as for an unreadable ``meson.build``, header or
``.c`` file, and nothing is written (``generator/frontend/tree.py``).

Here the tree is the sample with a protocol file (its functions have access
rules) and a ``scripts/apibuild.py`` that writes no ``<acls>``, as 9.0.0's.
"A file that exists but cannot be read" is made four ways:

* a folder at ``scripts/apibuild.py``, a symlink to nothing, a FIFO: these
  work for root too (root reads any mode), and are what the tests without
  privileges rely on;
* mode 000 on the script (or on ``scripts/``): a real ``Permission denied``.
  As root, the CLI runs under ``setpriv`` without ``CAP_DAC_OVERRIDE`` and
  ``CAP_DAC_READ_SEARCH`` (root is then held to the mode bits as any user);
  skipped when neither works (a user with those capabilities).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE, require
from frontend_support import run, snapshot

from generator.frontend.tree import acls_in_schema

SCRIPT = "scripts/apibuild.py"
PROTOCOL = "src/remote/remote_protocol.x"
PROTOCOL_TEXT = """\
enum remote_procedure {
    /**
     * @generate: both
     * @acl: domain:checkpoint
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML = 1,

    /**
     * @generate: both
     * @acl: domain:checkpoint
     */
    REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 2
};
"""
SCRIPT_TEXT = "# virt-apigen test: an apibuild.py whose XML has no access rules, as 9.0.0's\n"
OLD_NS = 1_000_000_000 * 1_000_000_000  # an mtime no run writes: a file rewritten shows


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    (tree / PROTOCOL).parent.mkdir(parents=True)
    (tree / PROTOCOL).write_text(PROTOCOL_TEXT, encoding="utf-8")
    (tree / SCRIPT).parent.mkdir()
    (tree / SCRIPT).write_text(SCRIPT_TEXT, encoding="utf-8")
    return tree


def first_run(tmp_path: Path) -> tuple[dict[str, tuple[bytes, int]], bytes]:
    """A run that reads the script: no <acls>, the script in the depfile; the outputs
    made old, so that a rewrite shows in their mtimes."""
    out = tmp_path / "out"
    done = run("api", "--srcdir", "tree", "-o", out, "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "<acls>" not in (out / "libvirt-api.xml").read_text(encoding="utf-8")
    depfile = (tmp_path / "out.d").read_bytes()
    assert f"tree/{SCRIPT}".encode() in depfile.split()
    for path in [*out.rglob("*"), tmp_path / "out.d"]:
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))
    return snapshot(out), (tmp_path / "out.d").read_bytes()


def refused(tmp_path: Path, message: str, before: tuple[dict[str, tuple[bytes, int]], bytes], prefix: list[str] | None = None) -> None:
    """api exits 1 with exactly ``tree/scripts/apibuild.py:1:1: error: MESSAGE``
    and leaves the previous outputs and depfile as they were (bytes and mtimes)."""
    again = run("api", "--srcdir", "tree", "-o", tmp_path / "out", "--depfile", tmp_path / "out.d", cwd=tmp_path, prefix=prefix)
    assert (again.returncode, again.stdout, again.stderr) == (1, "", f"tree/{SCRIPT}:1:1: error: {message}\n")
    assert (snapshot(tmp_path / "out"), (tmp_path / "out.d").read_bytes()) == before
    assert (tmp_path / "out.d").stat().st_mtime_ns == OLD_NS


def test_a_readable_script_decides_and_is_an_input(tmp_path: Path, tree: Path) -> None:
    first_run(tmp_path)
    forced = run("api", "--srcdir", "tree", "--acls", "yes", "-o", tmp_path / "forced", cwd=tmp_path)
    assert forced.returncode == 0
    assert (tmp_path / "forced" / "libvirt-api.xml").read_text(encoding="utf-8").count("<acls>") == 2
    assert acls_in_schema(tree) is False
    (tree / SCRIPT).unlink()
    assert acls_in_schema(tree) is None  # absent: --acls auto follows the input


def test_a_folder_in_its_place_is_an_error(tmp_path: Path, tree: Path) -> None:
    before = first_run(tmp_path)
    (tree / SCRIPT).unlink()
    (tree / SCRIPT).mkdir()
    refused(tmp_path, "a folder, not a file", before)


def test_a_symlink_to_nothing_is_an_error(tmp_path: Path, tree: Path) -> None:
    before = first_run(tmp_path)
    (tree / SCRIPT).unlink()
    (tree / SCRIPT).symlink_to("apibuild-gone.py")
    refused(tmp_path, "a symlink to nothing (no such file)", before)


def test_a_fifo_is_an_error_not_a_wait(tmp_path: Path, tree: Path) -> None:
    before = first_run(tmp_path)
    (tree / SCRIPT).unlink()
    os.mkfifo(tree / SCRIPT)
    refused(tmp_path, "not a regular file", before)


def held_to_modes(path: Path) -> list[str]:
    """The prefix under which the CLI cannot read ``path`` (mode 000 already): none
    for a user; for root, setpriv without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        require(shutil.which("setpriv") is not None, "setpriv (util-linux), to run as root held to mode bits")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--"]
    probe = subprocess.run([*prefix, sys.executable, "-c", f"open({str(path)!r}, 'rb')"], capture_output=True, check=False)
    if probe.returncode == 0:
        pytest.skip("this user reads a file of mode 000")
    return prefix


def test_a_script_without_read_permission_is_an_error(tmp_path: Path, tree: Path) -> None:
    before = first_run(tmp_path)
    # a new mtime: the stamp records inputs by size, mtime and inode, and a mode
    # change alone would let the next run take its outputs as fresh (as for meson.build)
    os.utime(tree / SCRIPT)
    (tree / SCRIPT).chmod(0)
    try:
        refused(tmp_path, "cannot read: Permission denied", before, held_to_modes(tree / SCRIPT))
        checked = run("check", "--srcdir", "tree", cwd=tmp_path, prefix=held_to_modes(tree / SCRIPT))
        assert (checked.returncode, checked.stderr) == (1, f"tree/{SCRIPT}:1:1: error: cannot read: Permission denied\n")
    finally:
        (tree / SCRIPT).chmod(0o644)


def test_a_scripts_folder_without_permission_is_an_error(tmp_path: Path, tree: Path) -> None:
    before = first_run(tmp_path)
    os.utime(tree / SCRIPT)
    (tree / SCRIPT).parent.chmod(0)
    try:
        refused(tmp_path, "cannot read: Permission denied", before, held_to_modes(tree / SCRIPT))
    finally:
        (tree / SCRIPT).parent.chmod(0o755)


def test_explicit_files_follow_the_same_rule(tmp_path: Path, tree: Path) -> None:
    """FILEs follow the script of the tree they lie in: the same error there."""
    (tree / SCRIPT).unlink()
    (tree / SCRIPT).mkdir()
    files = ["tree/include/libvirt/libvirt-domain-checkpoint.h", "tree/src/libvirt-domain-checkpoint.c", f"tree/{PROTOCOL}"]
    done = run("api", *files, "-o", tmp_path / "out", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"tree/{SCRIPT}:1:1: error: a folder, not a file\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["folder", "dangling", "fifo"])
def test_a_meson_build_that_is_no_file_is_an_error_as_the_script_is(tmp_path: Path, tree: Path, kind: str) -> None:
    """QA (session 25): a meson.build folder, FIFO or symlink to nothing was taken for absent, exit 0."""
    before = first_run(tmp_path)
    meson = tree / "meson.build"
    meson.unlink()
    message = {"folder": "a folder, not a file", "dangling": "a symlink to nothing (no such file)", "fifo": "not a regular file"}[kind]
    if kind == "folder":
        meson.mkdir()
    elif kind == "dangling":
        meson.symlink_to("meson-gone.build")
    else:
        os.mkfifo(meson)
    again = run("api", "--srcdir", "tree", "-o", tmp_path / "out", "--depfile", tmp_path / "out.d", cwd=tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (1, "", f"tree/meson.build:1:1: error: {message}\n")
    assert (snapshot(tmp_path / "out"), (tmp_path / "out.d").read_bytes()) == before
