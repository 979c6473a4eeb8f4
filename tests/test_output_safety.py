"""What a run leaves behind when the world moves under it.

An input edited while the run reads it, a ``$CPP`` changed since the last
run, a depfile that is ``/dev/null`` or a FIFO, a stamp that cannot be
written, a build cancelled with SIGTERM (or killed outright), a umask: each
test runs ``python -m generator`` as a build would and checks the files.
Timing is made deterministic with a ``$CPP`` wrapper that waits (or edits)
once the real preprocessor is done, and with a FIFO depfile, whose opening
blocks the run while every output is staged.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import require
from process_support import dead_pid

from generator import fastpath, output
from generator.background import Background

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "generator" / "sample"
STAMP = ".virt-apigen-stamp.json"
CHECKPOINT_H = "include/libvirt/libvirt-domain-checkpoint.h"
OLD_TEXT, NEW_TEXT = "keep only childless ones", "keep only leaf checkpoints"


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def run(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *(str(a) for a in args)],
        cwd=cwd, env=environment(**(env or {})), capture_output=True, text=True, check=False, timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def start(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The command in a process group of its own (a build's job), stderr kept."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *(str(a) for a in args)],
        cwd=cwd, env=environment(**(env or {})), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def copy_sample(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    return tree


def wait_for(condition: object, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def q(path: Path) -> str:
    """``path`` as one word of a shell script, whatever $TMPDIR holds ($, `, ", \\)."""
    return shlex.quote(str(path))


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) if folder.is_dir() else []


def cpp_wrapper(tmp_path: Path, after: str) -> Path:
    """A ``$CPP`` that runs cpp, then the shell text ``after`` (which ends it)."""
    if shutil.which("cpp") is None:
        pytest.skip("no cpp on PATH")
    script = tmp_path / "cpp-wrapper"
    script.write_text(f'#!/bin/sh\ncpp "$@"\nstatus=$?\n{after}\n', encoding="utf-8")
    script.chmod(0o755)
    return script


# --- 1. an input edited during a run ---------------------------------------------------


def test_input_edited_during_the_run_is_read_again_by_the_next_run(tmp_path: Path) -> None:
    """The edit lands after the run read the header and before it writes its stamp.
    With one job the raw scan (the doc text) comes before cpp, so the first run
    surely holds the old text; the second run has the same $CPP (no edit then)."""
    tree = copy_sample(tmp_path)
    header = tree / CHECKPOINT_H
    assert header.read_text(encoding="utf-8").count(OLD_TEXT) == 1
    once = tmp_path / "edit-once"
    once.touch()
    edit = f'if [ -e {q(once)} ]; then rm {q(once)}; sleep 0.3; sed -i "s/{OLD_TEXT}/{NEW_TEXT}/" {q(header)}; fi\nexit $status'
    env = {"CPP": shlex.quote(str(cpp_wrapper(tmp_path, edit))), "VIRT_APIGEN_JOBS": "1"}

    ok(run("api", "--srcdir", tree, "-o", "out", cwd=tmp_path, env=env))
    assert not once.exists() and NEW_TEXT in header.read_text(encoding="utf-8"), "the wrapper did not edit the header"
    xml = tmp_path / "out" / "libvirt-api.xml"
    assert OLD_TEXT in xml.read_text(encoding="utf-8")  # read before the edit
    recorded = {entry[0]: entry[1:] for entry in json.loads((tmp_path / "out" / STAMP).read_text(encoding="utf-8"))["inputs"]}

    ok(run("api", "--srcdir", tree, "-o", "out", cwd=tmp_path, env=env))
    assert NEW_TEXT in xml.read_text(encoding="utf-8")
    assert OLD_TEXT not in xml.read_text(encoding="utf-8")
    assert recorded[str(header.resolve())] == [None, None]  # why: the first stamp called the header unknown


def test_stamp_records_an_input_as_unknown_while_its_mtime_may_be_the_runs(tmp_path: Path) -> None:
    path = tmp_path / "input.h"
    path.write_text("x\n", encoding="utf-8")
    started = 1_700_000_000_123_456_789

    def recorded(mtime_ns: int) -> list[object]:
        os.utime(path, ns=(mtime_ns, mtime_ns))
        payload = output.stamp_payload({}, [path], [], started)
        inputs = payload["inputs"]
        assert isinstance(inputs, list)
        return list(next(entry for entry in inputs if entry[0] == str(path))[1:])

    assert recorded(started + 5) == [None, None]  # written during the run
    assert recorded(started - 50_000_000) == [None, None]  # within a tick of the kernel's coarser clock
    assert recorded(started - 150_000_000) == [2, started - 150_000_000]
    whole_second = started - started % 1_000_000_000 - 1_000_000_000  # a filesystem keeping seconds only
    assert recorded(whole_second) == [None, None]
    assert recorded(whole_second - 2_000_000_000) == [2, whole_second - 2_000_000_000]


# --- 3. $CPP is part of what a stamp must match ---------------------------------------------


def test_changed_cpp_is_not_up_to_date(tmp_path: Path) -> None:
    ok(run("api", "-o", "out", cwd=tmp_path))
    failed = run("api", "-o", "out", cwd=tmp_path, env={"CPP": "false"})
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines()[-1] == "virt-apigen: error: the C preprocessor 'false' exited with status 1"


# --- 2. a depfile that is no regular file ------------------------------------------------------


def _read_available(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return b"".join(chunks)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def test_depfile_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "deps.fifo"
    os.mkfifo(fifo)
    # Held open for reading and writing: the run's open() does not block, and
    # what it writes waits in the pipe (a few hundred bytes) for us.
    held = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        ok(run("api", "-o", "out", "--depfile", fifo, cwd=tmp_path))
        written = _read_available(held).decode("utf-8")
    finally:
        os.close(held)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert written.startswith("out/libvirt-api.xml: \\\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staged file beside it
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


def _null_device(tmp_path: Path) -> Path:
    """A /dev/null to write into that a wrong run cannot destroy.

    One made here (root) when it can be made and opened; else the real one,
    but only when this process cannot create or rename in /dev (not root):
    a run that wrongly staged a file beside it then fails instead of
    replacing it.  Root on a nodev mount has neither: a skip, failing under
    CI=true as every missing piece does.
    """
    made = tmp_path / "null"
    try:
        os.mknod(made, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.close(os.open(made, os.O_WRONLY))
        return made
    except OSError as error:  # not root (EPERM), or a nodev mount (EACCES on open)
        reason = error.strerror
    real = Path("/dev/null")
    safe = not os.access(real.parent, os.W_OK)
    require(safe, f"a device node usable in {tmp_path} ({reason}; the real /dev/null is no safe stand-in where /dev is writable)")
    return real


def test_depfile_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    """A node like /dev/null (1, 3): made here as root, the real one otherwise."""
    device = _null_device(tmp_path)
    ok(run("api", "-o", "out", "--depfile", device, cwd=tmp_path))
    status = os.lstat(device)
    assert stat.S_ISCHR(status.st_mode) and status.st_rdev == os.makedev(1, 3)
    assert [p.name for p in device.parent.iterdir() if p.name.startswith(".null.")] == []  # no staged .null.<pid>.<random>.tmp
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


# --- 7. the stamp is a cache ---------------------------------------------------------------------


def test_stamp_that_cannot_be_written_does_not_fail_the_run(tmp_path: Path) -> None:
    (tmp_path / "out" / STAMP).mkdir(parents=True)  # a folder where the stamp goes
    result = ok(run("api", "-o", "out", cwd=tmp_path))
    assert result.stderr == ""
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()
    assert temporary_files(tmp_path / "out") == []


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_stamp_that_is_no_regular_file_is_no_stamp_and_is_left_alone(tmp_path: Path, kind: str) -> None:
    """QA (session 24): a FIFO stamp hung the run for ever (the early stop read it), a symlink to
    /dev/zero was read until the run was killed.  Each is as good as no stamp, and is not written into."""
    stamp = tmp_path / "out" / STAMP
    stamp.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(stamp)
    elif kind == "dev-zero":
        stamp.symlink_to("/dev/zero")
    else:
        stamp.mkdir()
    for _ in range(2):  # the second run's early stop reads it too
        done = subprocess.run(
            [sys.executable, "-m", "generator", "api", "-o", "out"],
            cwd=tmp_path, env=environment(), capture_output=True, text=True, check=False, timeout=30,
        )
        assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in stamp.parent.iterdir()) == [STAMP, "libvirt-api.xml"]
    status = os.lstat(stamp)
    expected = {"fifo": stat.S_ISFIFO, "dev-zero": stat.S_ISLNK, "folder": stat.S_ISDIR}[kind]
    assert expected(status.st_mode)
    assert kind != "dev-zero" or os.readlink(stamp) == "/dev/zero"


def test_a_stamp_larger_than_a_run_writes_is_no_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (session 24): a 200 MB stamp was read whole (428 MB of memory).  Past
    STAMP_MAX_BYTES it is not read; the next run writes a stamp of its own."""
    ok(run("api", "-o", "out", cwd=tmp_path))
    monkeypatch.chdir(tmp_path)
    assert fastpath.fresh_messages(["api", "-o", "out"]) == []  # up to date
    stamp = tmp_path / "out" / STAMP
    data = stamp.read_bytes()
    with stamp.open("ab") as stream:  # the same JSON, one byte past the cap
        stream.write(b" " * (fastpath.STAMP_MAX_BYTES + 1 - len(data)))
    assert fastpath.fresh_messages(["api", "-o", "out"]) is None
    ok(run("api", "-o", "out", cwd=tmp_path))
    assert stamp.stat().st_size < fastpath.STAMP_MAX_BYTES
    assert fastpath.fresh_messages(["api", "-o", "out"]) == []
    with stamp.open("ab") as stream:  # at the cap, still read
        stream.write(b" " * (fastpath.STAMP_MAX_BYTES - stamp.stat().st_size))
    assert fastpath.fresh_messages(["api", "-o", "out"]) == []


def test_read_only_folder_with_current_outputs_succeeds(tmp_path: Path) -> None:
    """No stamp, and the folder takes none (root without CAP_DAC_OVERRIDE is the
    folder's owner, who may not write into a chmod 555 folder)."""
    folder = tmp_path / "ro"
    ok(run("api", "-o", "ro", cwd=tmp_path))
    (folder / STAMP).unlink()
    before = (folder / "libvirt-api.xml").stat().st_mtime_ns
    folder.chmod(0o555)
    capless = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root without setpriv writes anywhere")
    try:
        result = subprocess.run(
            [*(capless if os.geteuid() == 0 else []), sys.executable, "-m", "generator", "api", "-o", "ro"],
            cwd=tmp_path, env=environment(), capture_output=True, text=True, check=False, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert sorted(p.name for p in folder.iterdir()) == ["libvirt-api.xml"]
        assert (folder / "libvirt-api.xml").stat().st_mtime_ns == before
    finally:
        folder.chmod(0o755)


# --- 8. modes ------------------------------------------------------------------------------------------


def test_outputs_follow_the_umask_and_keep_an_existing_mode(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    command = f"umask 027; exec '{sys.executable}' -m generator api --srcdir tree -o out --depfile out.d"

    def run_with_umask() -> None:
        done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=environment(), capture_output=True, text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr

    run_with_umask()
    xml = tmp_path / "out" / "libvirt-api.xml"
    assert stat.S_IMODE(xml.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "out.d").stat().st_mode) == 0o640
    xml.chmod(0o604)
    header = tree / CHECKPOINT_H
    header.write_text(header.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    run_with_umask()
    assert NEW_TEXT in xml.read_text(encoding="utf-8")  # replaced...
    assert stat.S_IMODE(xml.stat().st_mode) == 0o604  # ...with the mode it had


# --- 5, 6. cancelled and killed runs ------------------------------------------------------------------


@pytest.fixture
def started_runs() -> Iterator[list[subprocess.Popen[str]]]:
    """The runs a test starts; any still there at the end is killed (by process group)."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.parametrize(("sent", "to_group", "jobs", "status"), [
    (signal.SIGTERM, True, "2", 143),  # a build cancelled: every process of the job
    (signal.SIGTERM, True, "1", 143),
    (signal.SIGTERM, False, "2", 143),  # the command alone: it cancels its child
    (signal.SIGINT, True, "2", 130),  # Ctrl-C
])
def test_cancelled_run_leaves_no_scratch_folder(
    tmp_path: Path, started_runs: list[subprocess.Popen[str]], sent: signal.Signals, to_group: bool, jobs: str, status: int
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    marker = tmp_path / "cpp-done"
    cpp = cpp_wrapper(tmp_path, f'touch {q(marker)}\nexec sleep 60')
    process = start("api", "-o", "out", cwd=tmp_path, env={"TMPDIR": str(scratch), "CPP": shlex.quote(str(cpp)), "VIRT_APIGEN_JOBS": jobs})
    started_runs.append(process)
    wait_for(marker.exists, "the preprocessor")
    assert next(p.name for p in scratch.iterdir()).startswith("virt-apigen-")  # cpp's scratch folder, in use
    if to_group:
        os.killpg(process.pid, sent)
    else:
        os.kill(process.pid, sent)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == status, errors
    assert "Traceback" not in errors
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out").exists()


def test_a_child_killed_outright_leaves_no_scratch_folder(tmp_path: Path, started_runs: list[subprocess.Popen[str]]) -> None:
    """SIGKILL gives the parse's child no chance to clean up: the parent owns the
    preprocessor's folder, redoes the work itself (generator/background.py) and
    removes the folder when done."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    marker = tmp_path / "cpp-ran"
    # the first run of the preprocessor (in the child) waits to be killed; the redo goes on at once
    if shutil.which("cpp") is None:
        pytest.skip("no cpp on PATH")
    cpp = tmp_path / "cpp-first-waits"
    # (its pid in the marker: the killed child cannot stop it, so the test does, not leaving a sleep behind)
    cpp.write_text(f'#!/bin/sh\nif [ ! -e {q(marker)} ]; then echo $$ > {q(marker)}; exec sleep 60; fi\nexec cpp "$@"\n', encoding="utf-8")
    cpp.chmod(0o755)
    process = start("api", "-o", "out", cwd=tmp_path, env={"TMPDIR": str(scratch), "CPP": shlex.quote(str(cpp)), "VIRT_APIGEN_JOBS": "2"})
    started_runs.append(process)
    wait_for(lambda: marker.exists() and marker.read_text(encoding="ascii").strip().isdigit(), "the preprocessor")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text(encoding="utf-8").split()
    assert len(children) == 1, children  # the parse's child (cpp is its child, not ours)
    os.kill(int(children[0]), signal.SIGKILL)
    try:
        _, errors = process.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(marker.read_text(encoding="ascii")), signal.SIGKILL)
    assert process.returncode == 0, errors
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()
    assert list(scratch.iterdir()) == []


def _run_blocked_on_a_fifo_depfile(tmp_path: Path, started: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    """A run stopped with every output staged: opening the FIFO depfile waits for a reader."""
    fifo = tmp_path / "deps.fifo"
    os.mkfifo(fifo)
    process = start("api", "-o", "out", "--depfile", fifo, cwd=tmp_path)
    started.append(process)
    wait_for(lambda: temporary_files(tmp_path / "out") or process.poll() is not None, "a staged output")
    assert process.poll() is None, process.communicate()[1]
    time.sleep(0.2)  # from staging to the FIFO's open()
    return process


def test_sigterm_while_writing_removes_the_staged_files(tmp_path: Path, started_runs: list[subprocess.Popen[str]]) -> None:
    process = _run_blocked_on_a_fifo_depfile(tmp_path, started_runs)
    assert temporary_files(tmp_path / "out")[0].startswith(f".libvirt-api.xml.{process.pid}.")
    os.kill(process.pid, signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 143, errors
    assert not (tmp_path / "out").exists()  # nothing renamed into place, and the folder the run made is gone


def test_temporary_files_of_a_killed_run_are_swept_by_the_next(tmp_path: Path, started_runs: list[subprocess.Popen[str]]) -> None:
    process = _run_blocked_on_a_fifo_depfile(tmp_path, started_runs)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    out = tmp_path / "out"
    left = temporary_files(out)
    assert len(left) == 1 and left[0].startswith(f".libvirt-api.xml.{process.pid}.")
    live = f".libvirt-api.xml.{os.getpid()}.abcdefgh.tmp"  # a writer still running (this test)
    other = f".libvirt-qemu-api.xml.{process.pid}.abcdefgh.tmp"  # not an output this run writes
    old_style = ".libvirt-api.xml.abcdefgh.tmp"  # no pid: nothing proves its writer gone
    for name in (live, other, old_style):
        (out / name).write_text("partial", encoding="utf-8")
    ok(run("api", "-o", "out", cwd=tmp_path))
    assert temporary_files(out) == sorted([live, other, old_style])
    assert (out / "libvirt-api.xml").is_file()


def test_sweep_spares_live_writers_and_other_names(tmp_path: Path) -> None:
    gone = dead_pid()
    names = {
        f".a.xml.{gone}.x1abcdef.tmp": False,  # swept: its writer is gone
        f".a.xml.{os.getpid()}.x2abcdef.tmp": True,  # this process: alive
        f".b.xml.{gone}.x3abcdef.tmp": True,  # not a target
        f".a.xml.{gone}.tmp": True,  # not our pattern (no random part)
        ".a.xml.0.x4abcdef.tmp": True,  # not a pid
        ".a.xml.3000000000.x5abcdef.tmp": True,  # beyond any pid (os.kill raised OverflowError)
        f".a.xml.{1 << 22}.x6abcdef.tmp": True,  # Linux's PID_MAX_LIMIT: no pid reaches it
        f".a.xml.{'9' * 200}.x7abcdef.tmp": True,  # far beyond
    }
    for name in names:
        (tmp_path / name).write_text("", encoding="utf-8")
    output.write_all({tmp_path / "a.xml": "a\n"})
    assert sorted(temporary_files(tmp_path)) == sorted(name for name, kept in names.items() if kept)
    assert (tmp_path / "a.xml").read_text(encoding="utf-8") == "a\n"


def test_a_temporary_name_with_a_number_beyond_any_pid_is_left_alone(tmp_path: Path) -> None:
    """The reviewer's case: it made every run into that folder a traceback."""
    out = tmp_path / "o2"
    out.mkdir()
    odd = out / ".libvirt-api.xml.3000000000.abc.tmp"
    odd.touch()
    done = run("api", "-o", "o2", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert odd.exists()
    assert (out / "libvirt-api.xml").is_file()


def test_the_umask_is_read_by_each_write_not_once_per_process(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        output.write_all({tmp_path / "first.txt": "1\n"})
        os.umask(0o077)
        output.write_all({tmp_path / "second.txt": "2\n"})
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "first.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "second.txt").stat().st_mode) == 0o600



def test_cancelled_background_work_cleans_up_before_it_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cancel() asks with SIGTERM: the child's with-blocks run (SIGKILL would leave the folder)."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    monkeypatch.delenv("VIRT_APIGEN_JOBS", raising=False)  # one job: no fork, by design
    ready = tmp_path / "ready"

    def work() -> int:
        with tempfile.TemporaryDirectory(dir=tmp_path, prefix="scratch-"):
            ready.touch()
            time.sleep(60)
        return 1

    pending = Background(work)
    # no skip: a thread an earlier test left running (may_fork() wants it alone) would hide here
    assert pending.pid, f"Background did not fork; threads running: {threading.enumerate()}"
    wait_for(ready.exists, "the child")
    began = time.monotonic()
    pending.cancel()
    assert time.monotonic() - began < 1.5  # it answered SIGTERM: no wait for the SIGKILL fallback
    assert [p.name for p in tmp_path.iterdir()] == ["ready"]



def test_a_sigterm_inside_a_weakref_callback_still_stops_the_run() -> None:
    """Python cannot propagate an exception out of a weakref callback (or a
    ``__del__``): it prints "Exception ignored" and carries on.  A Terminated
    raised there is raised again once the callback is over (fastpath._Redeliver)."""
    code = (
        "import os, weakref\n"
        "from generator.fastpath import Terminated, stop_on_sigterm\n"
        "stop_on_sigterm()\n"
        "class Thing:\n    pass\n"
        "def callback(ref):\n"
        "    os.kill(os.getpid(), 15)\n"
        "    for _ in range(10000):  # the handler runs here, inside the callback\n"
        "        pass\n"
        "thing = Thing()\n"
        "ref = weakref.ref(thing, callback)\n"
        "try:\n"
        "    del thing\n"
        "    for _ in range(10**8):\n"
        "        pass\n"
        "    print('not stopped')\n"
        "except Terminated:\n"
        "    print('stopped')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("stopped\n", "")


def test_a_ctrl_c_inside_a_generator_being_closed_still_stops_the_run() -> None:
    """The same for Ctrl-C (session 28: a run stopped by SIGINT under load went on to its end): the
    KeyboardInterrupt raised while an unfinished generator is closed by its deallocation is raised again."""
    code = (
        "import os\n"
        "from generator.fastpath import stop_on_sigterm\n"
        "stop_on_sigterm()\n"
        "def numbers():\n"
        "    try:\n"
        "        yield 1\n"
        "    finally:\n"
        "        os.kill(os.getpid(), 2)\n"
        "        for _ in range(10000):  # the handler runs here, inside the generator's close\n"
        "            pass\n"
        "try:\n"
        "    next(numbers())  # the generator is closed, unfinished, as it is dropped\n"
        "    for _ in range(10**8):\n"
        "        pass\n"
        "    print('not stopped')\n"
        "except KeyboardInterrupt as stop:\n"
        "    print('stopped', type(stop).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("stopped KeyboardInterrupt\n", "")


def _old_outputs(folder: Path) -> dict[Path, str]:
    folder.mkdir()
    targets = {folder / "a.txt": "old a\n", folder / "b.txt": "old b\n", folder / "c.txt": "old c\n"}
    output.write_all(targets)
    return targets


def test_a_rename_failing_half_way_puts_back_the_outputs_already_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An immutable file, a mount point: the second rename fails; the first target gets its old content back."""
    old = _old_outputs(tmp_path / "out")
    real_replace = os.replace

    def failing_on_b(source: str, target: str | Path) -> None:
        # the new content's rename fails; putting the old content back (its name ends in
        # ".old.tmp") must work.  The random part of a name can end in "b", so no test on that.
        if str(target).endswith("b.txt") and str(source).endswith(".tmp") and not str(source).endswith(output.KEPT):
            raise PermissionError(1, "Operation not permitted")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing_on_b)
    with pytest.raises(PermissionError) as raised:
        output.write_all({path: text.replace("old", "new") for path, text in old.items()} | {tmp_path / "out" / "d.txt": "new d\n"})
    assert raised.value.filename == str(tmp_path / "out" / "b.txt")
    assert {p.name: p.read_text() for p in sorted((tmp_path / "out").iterdir())} == {"a.txt": "old a\n", "b.txt": "old b\n", "c.txt": "old c\n"}


def _signal_after_the_first_rename(monkeypatch: pytest.MonkeyPatch, send: Callable[[], None]) -> list[str]:
    """``os.replace`` of :mod:`generator.output` calls ``send`` once, after its first rename; the
    list returned names the target it had just replaced."""
    real_replace = os.replace
    sent: list[str] = []

    def interrupted_once(source: str, target: str | Path) -> None:
        real_replace(source, target)
        if not sent:
            sent.append(str(target))
            send()

    monkeypatch.setattr(output.os, "replace", interrupted_once)
    return sent


def test_a_signal_during_the_renames_lands_after_all_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C between two renames: held until the last, so the outputs are all new, then the run stops."""
    old = _old_outputs(tmp_path / "out")
    sent = _signal_after_the_first_rename(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        output.write_all({path: text.replace("old", "new") for path, text in old.items()})
    assert sent and {p.name: p.read_text() for p in sorted((tmp_path / "out").iterdir())} == {
        "a.txt": "new a\n", "b.txt": "new b\n", "c.txt": "new c\n",
    }  # fmt: skip


def test_a_failed_run_leaves_no_folder_it_made(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    targets = {tmp_path / "new" / "deep" / "a.txt": "a\n", tmp_path / "file" / "b.txt": "b\n"}  # b: a file stands where a folder must be
    with pytest.raises(NotADirectoryError):
        output.write_all(targets)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_signal_during_the_renames_is_held_with_other_threads_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A signal mask is per thread (the kernel may pick another one); Python's handlers run in the main thread."""
    import threading

    old = _old_outputs(tmp_path / "out")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()

    def to_the_other_thread() -> None:
        signal.pthread_kill(other.ident or 0, signal.SIGINT)
        time.sleep(0.05)  # time for the main thread to run the handler, were it not held

    _signal_after_the_first_rename(monkeypatch, to_the_other_thread)
    try:
        with pytest.raises(KeyboardInterrupt):
            output.write_all({path: text.replace("old", "new") for path, text in old.items()})
    finally:
        stop.set()
        other.join()
    assert {p.name: p.read_text() for p in sorted((tmp_path / "out").iterdir())} == {"a.txt": "new a\n", "b.txt": "new b\n", "c.txt": "new c\n"}


def test_two_cancels_at_once_still_clean_up_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """make's SIGTERM on top of Ctrl-C: the second must not stop the cleanup of the first."""
    real_stage = output._stage
    staged: list[str] = []

    def staging_then_two_signals(path: Path, data: bytes, mode: int) -> str:
        if len(staged) == 2:  # the third file: two cancels before it is staged
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
        staged.append(real_stage(path, data, mode))
        return staged[-1]

    monkeypatch.setattr(output, "_stage", staging_then_two_signals)
    targets = {tmp_path / "new" / "sub" / name: f"{name}\n" for name in ("a.txt", "b.txt", "c.txt")}
    with pytest.raises(KeyboardInterrupt):
        output.write_all(targets)
    assert len(staged) == 2 and not any(Path(name).exists() for name in staged)
    assert list(tmp_path.iterdir()) == []  # the folders the call made are gone too


def test_the_sweep_puts_back_a_target_a_killed_commit_moved_aside(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])  # a pid that no longer exists
    dead.wait()
    (tmp_path / f".a.txt.{dead.pid}.abcdefgh.old.tmp").write_text("old a\n")
    (tmp_path / "b.txt").write_text("old b\n")
    (tmp_path / f".b.txt.{dead.pid}.abcdefgh.old.tmp").write_text("old b\n")  # its target is there: only a leftover
    output.write_all({tmp_path / "a.txt": "old a\n", tmp_path / "b.txt": "new b\n"})
    assert {p.name: p.read_text() for p in sorted(tmp_path.iterdir())} == {"a.txt": "old a\n", "b.txt": "new b\n"}


def test_a_hangup_during_the_renames_lands_after_all_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ninja passes SIGHUP on to its jobs when the terminal hangs up (meson QA, session 27: only SIGINT and
    SIGTERM were held, and a SIGHUP between two renames left new and old outputs side by side, exit 129)."""

    class HungUp(Exception):
        pass

    def hung_up(_signum: int, _frame: object) -> None:
        raise HungUp

    previous = signal.signal(signal.SIGHUP, hung_up)
    try:
        old = _old_outputs(tmp_path / "out")
        _signal_after_the_first_rename(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGHUP))
        with pytest.raises(HungUp):
            output.write_all({path: text.replace("old", "new") for path, text in old.items()})
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert {p.name: p.read_text() for p in sorted((tmp_path / "out").iterdir())} == {"a.txt": "new a\n", "b.txt": "new b\n", "c.txt": "new c\n"}


def test_a_run_killed_as_it_forks_leaves_no_scratch_folder(tmp_path: Path) -> None:
    """QA: the scratch folder was made before the fork, so a SIGKILL between the two (2 of 100
    random kills) left it in $TMPDIR, empty, with no process to remove it.  The fork itself kills
    the process here: the moment after the parent's last step before it."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    killed_at_fork = "import os, signal\nos.fork = lambda: os.kill(os.getpid(), signal.SIGKILL)\nimport generator\ngenerator.run()\n"
    done = subprocess.run(
        [sys.executable, "-c", killed_at_fork, "api", "-o", "out"],
        cwd=tmp_path, env=environment(TMPDIR=str(scratch), VIRT_APIGEN_JOBS="2"), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert list(scratch.iterdir()) == []


def test_a_run_out_of_file_descriptors_removes_its_scratch_folder(tmp_path: Path) -> None:
    """QA: under ``ulimit -n 6`` cpp cannot start, the run fails as it should, but the folder stayed:
    rmtree, which holds a descriptor per level, removed nothing and said nothing."""
    import resource

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    for limit in (5, 6, 7):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "api", "-o", "out"],
            cwd=tmp_path, env=environment(TMPDIR=str(scratch)), capture_output=True, text=True, timeout=120,
            preexec_fn=lambda limit=limit: resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit)),
        )
        assert done.returncode == 1, (limit, done.stderr)
        assert "Traceback" not in done.stderr
        assert list(scratch.iterdir()) == [], (limit, done.stderr)
        assert not (tmp_path / "out").exists()


def test_a_scratch_folder_found_in_place_is_taken_only_when_it_is_ours_and_private(tmp_path: Path) -> None:
    from generator.frontend.errors import FrontendError
    from generator.frontend.parallel import _make_scratch

    ours = tmp_path / "ours"
    ours.mkdir(0o700)
    _make_scratch(str(ours))  # a dead child's folder, met again by the parent's redo
    fresh = tmp_path / "fresh"
    _make_scratch(str(fresh))
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    link = tmp_path / "link"
    link.symlink_to(ours)
    for found in (shared, link):
        with pytest.raises(FrontendError, match="something else is there"):
            _make_scratch(str(found))
    assert ours.is_dir() and link.is_symlink() and shared.is_dir()  # refused, and left as they were


FLOCK_SYSCALL = {"x86_64": 73, "aarch64": 32}


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


def test_two_runs_into_one_folder_take_turns(tmp_path: Path, started_runs: list[subprocess.Popen[str]]) -> None:
    """QA: two runs of other inputs writing one folder at once interleaved their renames, both
    exited 0, and the folder held a mix of both (1 of 15 pairs).  A run's write now waits for the
    folder's lock: here the test holds it, and the run writes nothing until it lets go."""
    import fcntl
    import platform

    number = FLOCK_SYSCALL.get(platform.machine())
    require(number is not None, f"the flock system call's number on {platform.machine()}")
    require(_readable(Path("/proc/self/syscall")), "/proc/PID/syscall (a hardened kernel refuses it)")
    out = tmp_path / "out"
    out.mkdir()
    held = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = start("api", "-o", "out", cwd=tmp_path)
        started_runs.append(process)

        def waiting_in_flock() -> bool:
            assert process.poll() is None, process.communicate()[1]
            with contextlib.suppress(OSError):
                return Path(f"/proc/{process.pid}/syscall").read_text(encoding="ascii").split()[0] == str(number)
            return False

        wait_for(waiting_in_flock, "the run to wait for the folder's lock")
        assert sorted(p.name for p in out.iterdir()) == []  # nothing staged, nothing renamed
    finally:
        os.close(held)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert (out / "libvirt-api.xml").is_file()


def _locked_elsewhere(folder: Path) -> bool:
    """Whether another open file description finds ``folder`` locked."""
    import fcntl

    other = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(other)
    return False


def test_a_folder_not_made_yet_is_made_and_locked_itself(tmp_path: Path) -> None:
    """Review: locking the nearest parent of an output folder not made yet let a run starting once
    the folder was made lock that folder and write beside the run that made it."""
    out = tmp_path / "new" / "out"
    with output.folder_locked(out, out / "libvirt-api.xml"):
        assert out.is_dir()
        assert _locked_elsewhere(out)
        assert not _locked_elsewhere(tmp_path)  # nothing else: no unrelated run waits
    assert out.is_dir() and not _locked_elsewhere(out)


def test_a_folder_made_for_a_failed_write_is_removed_again(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    with pytest.raises(OSError, match="disk full"), output.folder_locked(out, out / "libvirt-api.xml"):
        raise OSError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_in_the_way_is_said_for_the_output(tmp_path: Path) -> None:
    (tmp_path / "afile").touch()
    with pytest.raises(NotADirectoryError, match=r"cannot make its folder: .*afile is not a folder") as raised, \
            output.folder_locked(tmp_path / "afile" / "out", tmp_path / "afile" / "out" / "x.xml"):
        pass
    assert raised.value.filename == str(tmp_path / "afile" / "out" / "x.xml")


def test_a_depfile_beside_the_outputs_through_a_symlink_does_not_wait_for_its_own_run(tmp_path: Path) -> None:
    """Review: the folders were told apart by their spelling, so the output folder reached through a
    symlink was locked twice and the run waited on itself for ever."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    done = run("api", "-o", "real", "--depfile", "link/x.d", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "real" / "x.d").read_text(encoding="utf-8").startswith("real/libvirt-api.xml:")


def test_a_run_waiting_for_its_fifo_depfile_holds_up_no_other_folder(tmp_path: Path, started_runs: list[subprocess.Popen[str]]) -> None:
    """Review: the depfile's folder was locked too, so a run writing into a FIFO no one read held up
    every run whose depfile lay beside it, into another output folder."""
    blocked = _run_blocked_on_a_fifo_depfile(tmp_path, started_runs)
    done = run("api", "-o", "other", "--depfile", "other.d", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "other.d").is_file()
    assert blocked.poll() is None  # still waiting for its reader


def test_the_parent_removes_no_scratch_folder_that_is_not_ours(tmp_path: Path) -> None:
    """Review: the parent stopped the group named in, and removed, the folder at the scratch's name
    even when the child had refused it as not ours."""
    from generator.frontend.parallel import _clean_scratch

    shared = tmp_path / "virt-apigen-1-0"
    shared.mkdir()
    shared.chmod(0o755)
    (shared / "kept").touch()
    _clean_scratch(str(shared))
    assert (shared / "kept").is_file()
    private = tmp_path / "virt-apigen-1-1"
    private.mkdir(0o700)
    (private / "sys").mkdir()
    _clean_scratch(str(private))
    assert not private.exists()


def test_a_scratch_folder_that_cannot_be_made_in_tmpdir_is_made_where_tempfile_finds_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent only names the folder now; a $TMPDIR that cannot take it (the disk full) still
    falls back to tempfile's search, as it did when the parent made it."""
    import errno as errors
    import tempfile as temporary

    from generator.frontend import parallel

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real_mkdir = os.mkdir

    def full(path: str, mode: int = 0o777) -> None:
        if str(path).startswith(str(tmp_path / "full")):
            raise OSError(errors.ENOSPC, "No space left on device", path)
        real_mkdir(path, mode)

    monkeypatch.setattr(os, "mkdir", full)
    monkeypatch.setattr(temporary, "tempdir", str(elsewhere))
    made = parallel._make_scratch(str(tmp_path / "full" / "virt-apigen-1-2"))
    assert Path(made).parent == elsewhere and Path(made).is_dir()
