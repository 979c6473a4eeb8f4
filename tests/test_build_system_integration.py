"""virt-apigen in build systems (make -j, ninja, meson): the depfile, the stamp and the outputs' mtimes.

The depfile's target gets a new mtime whenever another output changed (a
symlinked target is replaced, not followed), the companion target is renamed
last and checked only when another target changes, the depfile names the root
of a tree without ``scripts/``, a stamp written after the outputs vanished
never calls them up to date, outputs beside the tree keep the rerun early,
and a message is one write(2) so ``make -j`` cannot splice lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_cli import copy_sample, run

from generator import fastpath


def test_the_depfile_target_gets_a_new_mtime_when_another_output_changed(tmp_path: Path) -> None:
    """QA (make, ninja restat): html/favicon.svg never changes, so make reran forever and ninja never rebuilt
    what depends on it; now it gets a new mtime (not new content) whenever another output of the run changed."""
    import os

    tree = copy_sample(tmp_path)
    argv = ["generate", "--only", "html", "--srcdir", "tree", "-o", "out", "--depfile", "out.d"]
    assert run(*argv, cwd=tmp_path).returncode == 0
    target = tmp_path / "out" / "html" / "favicon.svg"
    assert (tmp_path / "out.d").read_text(encoding="utf-8").startswith("out/html/favicon.svg:")
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    content = target.read_bytes()
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    source.write_text(source.read_text(encoding="utf-8").replace("Gathers the checkpoints", "Collects the checkpoints"), encoding="utf-8")
    assert run(*argv, cwd=tmp_path).returncode == 0
    assert target.read_bytes() == content and target.stat().st_mtime_ns > 1_000_000_000_000_000_000
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    (tmp_path / "out" / ".virt-apigen-stamp.json").unlink()  # a full run that changes nothing touches nothing
    assert run(*argv, cwd=tmp_path).returncode == 0
    assert target.stat().st_mtime_ns == 1_000_000_000_000_000_000


def test_the_depfile_target_rewritten_for_another_output_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    """QA: os.utime followed a symlinked target out of the output folder (and failed in silence on another user's file)."""
    import os

    tree = copy_sample(tmp_path)
    argv = ["generate", "--only", "html", "--srcdir", "tree", "-o", "out", "--depfile", "out.d"]
    assert run(*argv, cwd=tmp_path).returncode == 0
    target = tmp_path / "out" / "html" / "favicon.svg"
    shared = tmp_path / "shared.svg"
    shared.write_bytes(target.read_bytes())
    os.utime(shared, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    target.unlink()
    target.symlink_to(shared)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    source.write_text(source.read_text(encoding="utf-8").replace("Gathers the checkpoints", "Collects the checkpoints"), encoding="utf-8")
    assert run(*argv, cwd=tmp_path).returncode == 0
    assert not target.is_symlink() and target.read_bytes() == shared.read_bytes()
    assert shared.stat().st_mtime_ns == 1_000_000_000_000_000_000


def test_the_companion_is_checked_and_rewritten_only_when_another_target_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A depfile target that cannot be replaced (another user's, in a sticky folder) must not fail a run that changes nothing."""
    from generator import output

    first, second, depfile = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "out.d"
    for path, text in ((first, "a\n"), (second, "b\n"), (depfile, "a.xml: x\n")):
        path.write_text(text, encoding="utf-8")
    checked: list[Path] = []
    real = output._check_replaceable

    def check(path: Path, entry: object, folders: object) -> None:
        checked.append(path)
        real(path, entry, folders)

    monkeypatch.setattr(output, "_check_replaceable", check)
    before = first.stat().st_ino
    assert output.write_all({first: "a\n", second: "b\n", depfile: "a.xml: y\n"}, (first, depfile)) == [depfile]
    assert (checked, first.stat().st_ino) == ([depfile], before)  # only the depfile changed: the companion is left alone, unchecked
    assert sorted(output.write_all({first: "a\n", second: "b2\n", depfile: "a.xml: y\n"}, (first, depfile))) == [first, second]
    assert first.stat().st_ino != before and first.read_text(encoding="utf-8") == "a\n"


RM_BEFORE_STAMP = """
import shutil, sys
import generator.cli as cli
real = cli.write_stamp
def write_stamp(outdir, *args, **kwargs):  # a make clean racing the run lands here
    shutil.rmtree(outdir)
    return real(outdir, *args, **kwargs)
cli.write_stamp = write_stamp
sys.exit(cli.main(["api", "-o", "out"]))
"""


def test_a_stamp_written_after_the_outputs_vanished_never_calls_them_up_to_date(tmp_path: Path) -> None:
    """QA: outputs missing when the stamp was written were recorded as missing, and the rerun stopped early with none."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", RM_BEFORE_STAMP], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".virt-apigen-stamp.json"]
    assert run("api", "-o", "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


def test_the_companion_is_renamed_last_and_a_target_written_into_does_not_count(tmp_path: Path) -> None:
    """QA: renamed in name order, a SIGKILL after libvirt-api.xml left make's target new over a stale qemu file;
    an output symlinked to /dev/null made every full run rewrite the target."""
    from generator import output

    first, qemu, null, depfile = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml", tmp_path / "out.d"
    for path in (first, qemu, depfile):
        path.write_text("old\n", encoding="utf-8")
    null.symlink_to("/dev/null")
    into: list[tuple[Path, bytes]] = []
    plan = output._plan({first: "new\n", qemu: "new\n", null: "x\n", depfile: "old\n"}, into, (first, depfile))
    assert [path for path, _, _ in plan] == [qemu, first]
    first.write_text("new\n", encoding="utf-8")
    qemu.write_text("new\n", encoding="utf-8")
    assert output.write_all({first: "new\n", qemu: "new\n", null: "x\n", depfile: "old\n"}, (first, depfile)) == [null]


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


def test_the_embedded_sample_depfile_names_its_root_as_srcdir_does(tmp_path: Path) -> None:
    """QA: the same tree gave two depfiles: named with --srcdir its root was listed
    (no scripts/ in it, see above), as the embedded default it was not."""

    def prerequisites(*argv: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "api", *argv, "-o", "out", "--depfile", "out.d"],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 0, done.stderr
        return (tmp_path / "out.d").read_text(encoding="utf-8").split(":", 1)[1].replace("\\\n", " ").split()

    sample = REPO / "generator" / "sample"
    embedded = prerequisites()
    named = prerequisites("--srcdir", str(sample))
    assert str(sample) in embedded
    assert embedded == named


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
