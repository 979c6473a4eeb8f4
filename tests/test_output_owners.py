"""Outputs replaced in folders shared between users: who may replace them, and whose they stay.

A target in a sticky folder that neither we nor the folder own is refused
before anything is staged, with a message saying why, leaving no hard link
of it behind (one the user could not remove, one more per run); a replaced
output keeps its group when the user belongs to it, and its owner too when
root replaces it (as GNU ``sed -i`` does).

Files of another user can only be made as root.  The other user is uid
65534 (``nobody`` on Debian; need not exist) in a group made up for the test
(:data:`GROUP`, no ``/etc/group`` entry needed), set with ``setpriv`` from
util-linux: nothing on the system is changed.  It keeps
``CAP_DAC_READ_SEARCH`` (an ambient capability), so it reads the checkout,
the venv and pytest's ``0700`` folders wherever they are (a fresh machine's
``/root``), while everything it writes, renames and removes is checked as
uid 65534's.  Without root or ``setpriv`` these tests are skipped (they fail
under ``CI=true``).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE, require

from generator import output

REPO = Path(__file__).resolve().parent.parent
STAMP = ".virt-apigen-stamp.json"
OTHER = 65534  # the other user's uid and primary gid
GROUP = 64917  # a group the other user belongs to (the folder's, as a project's shared group)
STRANGER = 64918  # a group the other user does not belong to
REFUSED = "virt-apigen: error: libvirt-api.xml: owned by another user in a sticky folder; cannot be replaced\n"
SENTENCE = "which is unique among"  # in the sample's checkpoint docs: edited to change the output


def need_root() -> None:
    require(os.geteuid() == 0, "root (to make files owned by another user)")
    require(shutil.which("setpriv") is not None, "setpriv (util-linux)")


def as_other(groups: tuple[int, ...] = (GROUP,)) -> list[str]:
    """The prefix running a command as uid 65534 in ``groups`` (none: ``--clear-groups``),
    reading anything (see the module docstring)."""
    membership = "--groups=" + ",".join(map(str, groups)) if groups else "--clear-groups"
    return [
        "setpriv", f"--reuid={OTHER}", f"--regid={OTHER}", membership,
        "--inh-caps=-all,+dac_read_search", "--ambient-caps=+dac_read_search", "--",
    ]  # fmt: skip


AS_ROOT_WITHOUT_FOWNER = ["setpriv", "--inh-caps=-fowner", "--bounding-set=-fowner", "--"]


def run(prefix: list[str], tree: Path, out: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "VIRT_APIGEN_CACHE_DIR": "off", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "generator", "api", "--srcdir", str(tree), "-o", out],
        cwd=cwd, env=environment, umask=0o002, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def ok(result: subprocess.CompletedProcess[str]) -> None:
    assert (result.returncode, result.stderr) == (0, "")


def sample(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    return tree


def edit(tree: Path, word: str = "distinct") -> None:
    """Change one word of a doc comment: libvirt-api.xml changes."""
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    text = source.read_text(encoding="utf-8")
    assert text.count(SENTENCE) == 1, "the sample's sentence this test edits is gone: pick another"
    source.write_text(text.replace(SENTENCE, f"which is {word} among"), encoding="utf-8")


def shared_folder(tmp_path: Path, owner: int, group: int, mode: int) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chown(folder, owner, group)
    folder.chmod(mode)
    return folder


def give(folder: Path, owner: int, group: int) -> None:
    for path in folder.iterdir():
        os.chown(path, owner, group)


def listing(folder: Path) -> dict[str, tuple[int, int, int, int, int]]:
    """Each name's inode, link count, owner, group and mtime."""
    return {p.name: (s.st_ino, s.st_nlink, s.st_uid, s.st_gid, s.st_mtime_ns) for p in sorted(folder.iterdir()) for s in [p.lstat()]}


def owner_group_mode(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)


# --- defect 1: sticky folders ---------------------------------------------------------------------


def test_another_users_output_in_a_sticky_folder_is_refused_leaving_nothing(tmp_path: Path) -> None:
    """QA: each run failed with 'Operation not permitted' and left a hard link of
    the old file (owned by root, so the user could not remove it), one more per run."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o3775)  # root's, the group's, setgid and sticky
    ok(run([], tree, ".", cwd=folder))
    before = listing(folder)
    assert sorted(before) == [STAMP, "libvirt-api.xml"]
    edit(tree)
    for _ in range(2):
        result = run(as_other(), tree, ".", cwd=folder)
        assert (result.returncode, result.stderr) == (1, REFUSED)
        assert listing(folder) == before  # no backup, no staged file; the same inodes, one link each


def test_root_without_cap_fowner_is_refused_like_anyone(tmp_path: Path) -> None:
    """The rule is the kernel's: CAP_FOWNER, not uid 0 (a container may drop it)."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, OTHER, GROUP, 0o3775)
    ok(run([], tree, ".", cwd=folder))
    give(folder, OTHER, GROUP)
    before = listing(folder)
    edit(tree)
    result = run(AS_ROOT_WITHOUT_FOWNER, tree, ".", cwd=folder)
    assert (result.returncode, result.stderr) == (1, REFUSED)
    assert listing(folder) == before


def test_a_run_with_unchanged_outputs_leaves_no_copy_of_another_users_stamp(tmp_path: Path) -> None:
    """The stamp is written best-effort: refused, it costs the next run its early
    stop.  It used to leave a hard link of root's stamp behind on every such run."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o3775)
    ok(run([], tree, ".", cwd=folder))
    before = listing(folder)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns - 10**10))  # touched, not changed: a full run
    ok(run(as_other(), tree, ".", cwd=folder))
    assert listing(folder) == before


def test_root_replaces_another_users_output_in_a_sticky_folder_keeping_owner_and_group(tmp_path: Path) -> None:
    """CAP_FOWNER may replace it; as GNU sed -i does, the file stays the user's."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, 0, 0o1777)  # /tmp's mode, no setgid: a new file would be root:root
    ok(run(as_other(), tree, ".", cwd=folder))
    target = folder / "libvirt-api.xml"
    os.chown(target, OTHER, STRANGER)
    target.chmod(0o640)
    old = target.stat().st_ino
    edit(tree)
    ok(run([], tree, ".", cwd=folder))
    assert target.stat().st_ino != old  # replaced
    assert owner_group_mode(target) == (OTHER, STRANGER, 0o640)
    assert sorted(p.name for p in folder.iterdir()) == [STAMP, "libvirt-api.xml"]


# --- defect 2: the group ------------------------------------------------------------------------------


def test_a_replaced_output_keeps_its_group_when_the_user_belongs_to_it(tmp_path: Path) -> None:
    """QA: a root:qashare 0664 output became qa8:qa8 after qa8's run."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o775)  # no setgid: a new file gets the user's own group
    ok(run([], tree, ".", cwd=folder))
    give(folder, 0, GROUP)
    edit(tree)
    ok(run(as_other(), tree, ".", cwd=folder))
    assert owner_group_mode(folder / "libvirt-api.xml") == (OTHER, GROUP, 0o664)
    assert owner_group_mode(folder / STAMP) == (OTHER, GROUP, 0o664)


def test_a_group_the_user_is_not_in_is_not_kept_and_no_error(tmp_path: Path) -> None:
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o775)
    ok(run([], tree, ".", cwd=folder))
    give(folder, 0, STRANGER)
    edit(tree)
    ok(run(as_other(), tree, ".", cwd=folder))
    assert owner_group_mode(folder / "libvirt-api.xml") == (OTHER, OTHER, 0o664)


# --- a backup that cannot be removed is said, not left silently --------------------------------------


def test_a_backup_left_after_a_failed_rename_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal the sticky rule does not predict (an owner unmapped in a user
    namespace): the rename fails and so does removing the old content's second name."""
    target = tmp_path / "a.txt"
    target.write_text("old\n")
    real_replace, real_unlink = os.replace, os.unlink

    def refused_over_target(source: str, destination: str | Path) -> None:
        if Path(destination) == target:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))
        real_replace(source, destination)

    def refused_backup(path: str | Path, *args: object, **kwargs: object) -> None:
        if str(path).endswith(".old.tmp"):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refused_over_target)
    monkeypatch.setattr(os, "unlink", refused_backup)
    with pytest.raises(PermissionError) as raised:
        output.write_all({target: "new\n"})
    monkeypatch.undo()
    left = [p for p in tmp_path.iterdir() if p != target]
    assert len(left) == 1 and left[0].name.endswith(".old.tmp")
    assert raised.value.filename == str(target)
    assert raised.value.strerror == f"Operation not permitted; its old content stays as {left[0]} and cannot be removed (Operation not permitted)"
    assert target.read_text() == "old\n"


# --- a refused fchown, whatever its errno: the owner and group are not kept, the run goes on ------------


@pytest.mark.parametrize("code", [errno.ENOSYS, errno.EACCES, errno.EIO])
def test_a_refused_fchown_of_any_kind_keeps_the_content_and_mode_not_the_owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """QA: on a FUSE mount without chown (libfuse answers ENOSYS) the whole run failed."""
    need_root()  # only root makes the old file another user's, so that fchown is tried
    target = tmp_path / "a.txt"
    target.write_text("old\n")
    os.chown(target, OTHER, STRANGER)
    target.chmod(0o640)

    def refused(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fchown", refused)
    written = output.write_all({target: "new\n"})
    monkeypatch.undo()
    assert written == [target]
    assert target.read_text() == "new\n"
    assert owner_group_mode(target) == (os.geteuid(), os.getegid(), 0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_root_without_cap_fowner_replaces_another_users_output_as_its_own(tmp_path: Path) -> None:
    """Setting the mode of a file given away needs CAP_FOWNER: with CAP_CHOWN
    alone the file was given away and its fchmod then failed the run."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o775)  # not sticky: root without CAP_FOWNER may replace
    ok(run([], tree, ".", cwd=folder))
    give(folder, OTHER, GROUP)
    edit(tree)
    ok(run(AS_ROOT_WITHOUT_FOWNER, tree, ".", cwd=folder))
    assert owner_group_mode(folder / "libvirt-api.xml") == (0, GROUP, 0o664)


# --- set-id bits: the mode is set after the data is written -------------------------------------------


@pytest.mark.parametrize(("owner", "mode"), [(0, 0o2775), (OTHER, 0o6775)])
def test_a_replaced_output_keeps_its_set_id_bits_when_written_by_a_user(tmp_path: Path, owner: int, mode: int) -> None:
    """QA: as qa8 a 0o6775 output became 0o775 (the kernel clears set-id bits
    on a write by a process without CAP_FSETID; the mode was set before the data)."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o2775)
    ok(run([], tree, ".", cwd=folder))
    give(folder, owner, GROUP)
    target = folder / "libvirt-api.xml"
    target.chmod(mode)
    old = target.read_bytes()
    edit(tree)
    ok(run(as_other(), tree, ".", cwd=folder))
    assert target.read_bytes() != old
    assert owner_group_mode(target) == (OTHER, GROUP, mode)


# --- symlinks: the entry itself is what is replaced ----------------------------------------------------


def test_another_users_dangling_symlink_in_a_sticky_folder_is_refused_leaving_nothing(tmp_path: Path) -> None:
    """A dangling link was taken for a new file and never checked: the run then
    failed on the rename (with fs.protected_hardlinks=0 leaving a hard link of
    the symlink, root's, that the user could not remove)."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, GROUP, 0o3775)
    (folder / "libvirt-api.xml").symlink_to("gone.xml")  # root's
    before = listing(folder)
    result = run(as_other(), tree, ".", cwd=folder)
    assert (result.returncode, result.stderr) == (1, REFUSED)
    assert listing(folder) == before


@pytest.mark.parametrize(("points_to", "mode"), [("real.xml", 0o640), ("gone.xml", 0o664)])
def test_root_replacing_a_symlink_gives_the_new_file_the_links_owner_and_group(tmp_path: Path, points_to: str, mode: int) -> None:
    """The link is what is replaced (docs/cli.md: its target keeps the old content),
    so its owner, who may replace it in a sticky folder, owns the new file;
    the mode is the target's (a link has none), a new file's when it dangles."""
    need_root()
    tree = sample(tmp_path)
    folder = shared_folder(tmp_path, 0, 0, 0o1777)
    real = folder / "real.xml"
    real.write_text("the link's target\n")
    real.chmod(0o640)
    link = folder / "libvirt-api.xml"
    link.symlink_to(points_to)
    os.chown(link, OTHER, STRANGER, follow_symlinks=False)
    ok(run([], tree, ".", cwd=folder))
    assert not link.is_symlink()
    assert owner_group_mode(link) == (OTHER, STRANGER, mode)
    assert (real.read_text(), owner_group_mode(real)) == ("the link's target\n", (0, 0, 0o640))
