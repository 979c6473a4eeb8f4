"""Runs writing one output folder at once, cancels landing between two steps
of a write, and leftovers of a killed run (generator/output.py, the stamp
check of generator/fastpath.py).

Each race is forced, not waited for: the other run's writes are injected
into this one's at the point a scheduler could pause it (after its renames,
between two of them), and a cancel is raised where a signal could land
(inside ``mkstemp`` once the file exists, after staging returned, during
the cleanup of a first cancel).  The runs are in-process ``cli.main`` over
the embedded sample, so the stamp checks (the fast path's and the CLI's)
are called directly.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from process_support import dead_pid

from generator import cli, fastpath, output

GENERATE = ["generate", "--only", "api,json", "-o", "out"]  # two outputs, in two folders
OUTPUTS = ("api/libvirt-api.xml", "json/libvirt-api.json")
API = ["api", "-o", "out"]  # one output: out/libvirt-api.xml


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the current folder (the fast path's key holds it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _texts(out: Path) -> dict[str, str]:
    return {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}


OTHER = "\nwritten by the other run\n"


def _replace_as_another_run(path: Path) -> None:
    """What another run writing ``path`` does: a new file renamed over it (its text marked as the other's)."""
    other = path.parent / f".{path.name}.other"
    other.write_text(path.read_text(encoding="utf-8") + OTHER, encoding="utf-8")
    os.rename(other, path)


def _temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))



# --- 1. a stamp entry vouches only for the files its run wrote --------------------------------


def test_outputs_another_run_replaced_before_the_stamp_are_not_called_up_to_date(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA race_repro.py: run A paused after its renames, run B replaced every output, then A wrote its stamp."""
    assert cli.main(GENERATE) == 0
    mine = _texts(here / "out")
    (here / "out" / OUTPUTS[0]).write_text("older\n", encoding="utf-8")  # so that A rewrites it
    real_write_stamp = output.write_stamp  # what cli._write calls (cli imports it by name)

    def other_run_first(*args: object, **kwargs: object) -> None:
        for name in OUTPUTS:
            _replace_as_another_run(here / "out" / name)
        real_write_stamp(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "write_stamp", other_run_first)
    assert cli.main(GENERATE) == 0
    monkeypatch.setattr(cli, "write_stamp", real_write_stamp)
    assert all((here / "out" / name).read_text(encoding="utf-8").endswith(OTHER) for name in OUTPUTS)
    assert fastpath.fresh_messages(GENERATE) is None  # the fast path
    assert output.fresh_stamp_messages(here / "out", cli._options(cli._parser(GENERATE).parse_args(GENERATE))) is None  # the CLI's check
    assert output.fresh_stamp_messages(here / "out", {}) is None  # (no entry of other options either)
    assert cli.main(GENERATE) == 0
    assert _texts(here / "out") == mine
    assert fastpath.fresh_messages(GENERATE) == []  # and now it is up to date


def test_a_mix_of_two_runs_outputs_is_never_trusted(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA race_mix.py: run A paused between two renames while run B replaced the file A had just renamed."""
    assert cli.main(GENERATE) == 0
    mine = _texts(here / "out")
    for name in OUTPUTS:
        (here / "out" / name).write_text("older\n", encoding="utf-8")
    real_replace = os.replace
    replaced: list[str] = []

    def other_run_after_the_first_rename(source: str | Path, target: str | Path) -> None:
        real_replace(source, target)
        if not replaced and Path(target).name.startswith("libvirt-api."):
            replaced.append(Path(target).relative_to("out").as_posix())
            _replace_as_another_run(Path(target))

    monkeypatch.setattr(os, "replace", other_run_after_the_first_rename)
    assert cli.main(GENERATE) == 0
    monkeypatch.setattr(os, "replace", real_replace)
    mixed = _texts(here / "out")
    assert [name for name in OUTPUTS if mixed[name] != mine[name]] == replaced  # one file the other run's, the rest this one's
    assert fastpath.fresh_messages(GENERATE) is None
    assert cli.main(GENERATE) == 0
    assert _texts(here / "out") == mine


def test_another_file_of_the_same_size_and_mtime_is_not_the_one_the_run_wrote(here: Path) -> None:
    """The identity (inode) is checked, not only size and mtime."""
    assert cli.main(GENERATE) == 0
    path = here / "out" / OUTPUTS[0]
    before = path.stat()
    assert fastpath.fresh_messages(GENERATE) == []
    same_size = path.parent / ".same"
    same_size.write_bytes(b"x" * before.st_size)
    os.utime(same_size, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.rename(same_size, path)  # same size, same mtime, another file
    assert fastpath.fresh_messages(GENERATE) is None


# --- 2. a cancel never leaves a staged file ---------------------------------------------------


def _cancel_after(real: Callable[..., object]) -> Callable[..., object]:
    def cancelled(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)
        raise KeyboardInterrupt  # a signal landing once the file exists, before its name is kept

    return cancelled


@pytest.mark.parametrize("where", ["mkstemp", "_stage_in_folder"])
def test_a_cancel_right_after_a_file_is_made_removes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """QA leak.py: inside mkstemp after its os.open, or after staging returned, the name was not kept yet."""
    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", _cancel_after(tempfile.mkstemp))
    else:
        monkeypatch.setattr(output, "_stage_in_folder", _cancel_after(output._stage_in_folder))
    (tmp_path / "b.xml").write_text("old b\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        output.write_all({tmp_path / "a.xml": "a\n", tmp_path / "b.xml": "b\n"})
    assert sorted(os.listdir(tmp_path)) == ["b.xml"]
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(tmp_path / fastpath.STAMP_NAME, "{}\n")  # the stamp: the same gap
    assert sorted(os.listdir(tmp_path)) == ["b.xml"]


def test_a_second_cancel_during_the_cleanup_does_not_stop_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C, then make's SIGTERM while the staged files are being removed: the
    handler of the first used to be put back before the cleanup, and the second raised in it."""

    class Terminated(KeyboardInterrupt):
        pass

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    real_stage, real_undo = output._stage, output._undo_staging
    staged: list[str] = []

    def stage_then_ctrl_c(path: Path, data: bytes, like: tuple[int, int, int]) -> str:
        if len(staged) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        staged.append(real_stage(path, data, like))
        return staged[-1]

    def sigterm_first(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        real_undo(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(output, "_stage", stage_then_ctrl_c)
    monkeypatch.setattr(output, "_undo_staging", sigterm_first)
    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        with pytest.raises(KeyboardInterrupt) as raised:
            output.write_all({tmp_path / name: f"{name}\n" for name in ("a.txt", "b.txt", "c.txt")})
        assert signal.getsignal(signal.SIGTERM) is terminate  # put back once the call is over
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert type(raised.value) is KeyboardInterrupt  # the first cancel's; the second was held
    assert len(staged) == 2 and os.listdir(tmp_path) == []


# --- 3. leftovers of a killed run, a backup that cannot be removed ----------------------------


@pytest.fixture
def leftovers(here: Path) -> Iterator[dict[str, bool]]:
    """A full run's outputs, then temporary files beside them: name -> whether a rerun keeps it."""
    assert cli.main(API) == 0
    gone = dead_pid()
    names = {
        f".libvirt-api.xml.{gone}.abcdefgh.tmp": False,  # a killed run's staged file
        f".libvirt-api.xml.{gone}.abcdefgh.old.tmp": False,  # a killed commit's backup, its target in place
        f".libvirt-api.xml.{os.getpid()}.abcdefgh.tmp": True,  # a live writer's (this process)
        f".unrelated.xml.{gone}.abcdefgh.tmp": True,  # not an output of this command
    }
    for name in names:
        (here / "out" / name).write_text("partial", encoding="utf-8")
    yield names


def _no_full_run(*args: object, **kwargs: object) -> int:
    raise AssertionError("a full run: the rerun did not stop early")


@pytest.mark.parametrize("check", ["fast path", "cli"])
def test_a_no_op_rerun_sweeps_a_killed_runs_temporary_files(here: Path, leftovers: dict[str, bool], check: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA killstage.py: they survived every rerun that found the outputs up to date."""
    before = (here / "out" / "libvirt-api.xml").stat().st_mtime_ns
    if check == "fast path":
        monkeypatch.setattr(cli, "main", _no_full_run)
        assert fastpath.main(API) == 0
    else:
        monkeypatch.setattr(cli, "load_inputs", _no_full_run)
        assert cli.main(["api", "--output=out"]) == 0  # another spelling: the CLI's own check
    assert _temporaries(here / "out") == sorted(name for name, kept in leftovers.items() if kept)
    assert (here / "out" / "libvirt-api.xml").stat().st_mtime_ns == before  # still a no-op: nothing rewritten


def test_an_old_content_that_cannot_be_removed_is_said(here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """QA ro3.py: the folder went read-only after the renames; the backup stayed, exit 0, nothing said."""
    assert cli.main(API) == 0
    (here / "out" / "libvirt-api.xml").write_text("older\n", encoding="utf-8")
    real_unlink = os.unlink

    def read_only(path: str | Path, *args: object, **kwargs: object) -> None:
        if str(path).endswith(".old.tmp"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", read_only)
    capsys.readouterr()
    assert cli.main(API) == 0  # the outputs are all new: no failure
    monkeypatch.setattr(os, "unlink", real_unlink)
    kept = _temporaries(here / "out")  # libvirt-api.xml's old content, and the stamp's
    prefixes = ("..virt-apigen-stamp.json.", ".libvirt-api.xml.")
    assert all(name.startswith(prefix) and name.endswith(".old.tmp") for name, prefix in zip(kept, prefixes, strict=True))
    kept.reverse()
    assert (here / "out" / kept[0]).read_text(encoding="utf-8") == "older\n"
    why = os.strerror(errno.EROFS)
    assert capsys.readouterr().err.splitlines() == [
        f"virt-apigen: warning: out/libvirt-api.xml: its old content stays as out/{kept[0]}, which cannot be removed ({why}); a later run removes it",
        f"virt-apigen: warning: out/{fastpath.STAMP_NAME}: its old content stays as out/{kept[1]}, which cannot be removed ({why}); a later run removes it",
    ]


def test_a_cancel_while_the_handlers_go_in_leaves_the_old_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """signal.signal() runs a pending handler before it returns: a Ctrl-C landing as the second handler went in
    raised out of _Cancels' set-up, before write_all's try, and left its handler in place, holding every later
    Ctrl-C for a release() that never came."""
    real = signal.signal
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    def installing(signum: int, handler: object) -> object:
        old = real(signum, handler)  # type: ignore[arg-type]
        if signum == signal.SIGTERM and getattr(handler, "__name__", "") == "_on_signal":
            signal.raise_signal(signal.SIGINT)
        return old

    monkeypatch.setattr(signal, "signal", installing)
    with pytest.raises(KeyboardInterrupt):
        output.write_all({tmp_path / "x.txt": "x\n"})
    monkeypatch.setattr(signal, "signal", real)
    assert {signum: signal.getsignal(signum) for signum in before} == before
    assert not (tmp_path / "x.txt").exists() and _temporaries(tmp_path) == []
    with pytest.raises(KeyboardInterrupt):  # a later Ctrl-C is Ctrl-C again
        signal.raise_signal(signal.SIGINT)
