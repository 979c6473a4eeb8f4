"""The preprocessor as a process: what it is given and what is left of it.

``$CPP`` runs in a session of its own, stopped with every process it started
when the run is; in the C locale, without the environment's include folders
or dependency-file variables; with our ``-D`` spelled as the headers spell
them; and its failure is described by its first line that says ``error:``
(generator/frontend/preprocess.py's module docstring).  Each test runs
``python -m generator`` on the sample tree (or the 9.0.0 tree) with a real
or a fake ``$CPP``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE, require
from test_output_safety import environment, run

CHECKPOINT_H = "include/libvirt/libvirt-domain-checkpoint.h"


def error_lines(result: subprocess.CompletedProcess[str], code: int) -> list[str]:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if "error:" in line]


def q(path: Path | str) -> str:
    """``path`` as one word of a shell script, whatever $TMPDIR holds ($, `, ", \\)."""
    return shlex.quote(str(path))


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def real_cpp() -> str:
    found = shutil.which("cpp")
    require(found is not None, "cpp on PATH")
    return str(found)


def running(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not: one reparented to a PID 1 that reaps nothing stays one)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition: object, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


# --- a stopped run stops the preprocessor's own children -----------------------------------------

@pytest.fixture()
def leftovers() -> Iterator[list[int]]:
    """Pids to kill after the test: a failing run leaves its preprocessor's children behind."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if running(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(("sent", "to_group", "jobs", "status"), [
    (signal.SIGTERM, False, "2", 143),  # the command alone: its forked child's cpp
    (signal.SIGTERM, False, "1", 143),  # no fork: cpp is the command's own child
    (signal.SIGTERM, True, "2", 143),  # a build cancelled: every process of the job
    (signal.SIGINT, True, "2", 130),  # Ctrl-C: the terminal signals the foreground group
    (signal.SIGINT, True, "1", 130),
])
@pytest.mark.parametrize("stubborn", [False, True], ids=["grandchild", "grandchild-ignoring-SIGTERM"])
def test_a_stopped_run_leaves_no_process_of_the_preprocessor(
    tmp_path: Path, leftovers: list[int], sent: signal.Signals, to_group: bool, jobs: str, status: int, stubborn: bool
) -> None:
    """A ``$CPP`` whose work is done by a process it started (gcc's cc1, a
    ``-wrapper``): killing the one we started left that one running."""
    if not Path("/proc/self/stat").is_file():
        pytest.skip("no /proc")
    pid_file = tmp_path / "grandchild.pid"
    start = "(trap '' TERM; exec sleep 60) &" if stubborn else "sleep 60 &"
    cpp = script(tmp_path / "cpp", f'{start}\necho $! > {q(f"{pid_file}.tmp")} && mv {q(f"{pid_file}.tmp")} {q(pid_file)}\nwait\n')
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "api", "-o", "out"], cwd=tmp_path, start_new_session=True,
        env=environment(CPP=shlex.quote(str(cpp)), VIRT_APIGEN_JOBS=jobs, TMPDIR=str(scratch)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(pid_file.exists, "the preprocessor's child", 60)
        grandchild = int(pid_file.read_text(encoding="utf-8"))
        leftovers.append(grandchild)
        assert running(grandchild)
        (os.killpg if to_group else os.kill)(process.pid, sent)
        _, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == status, errors
    assert "Traceback" not in errors
    wait_for(lambda: not running(grandchild), "the preprocessor's child to end", 5)
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out").exists()


# --- the environment cpp gets ----------------------------------------------------------------------

LEAKS = {
    "CPATH": "/nonexistent-cpath", "C_INCLUDE_PATH": "/nonexistent-c", "CPLUS_INCLUDE_PATH": "/nonexistent-cplus",
    "OBJC_INCLUDE_PATH": "/nonexistent-objc", "OBJCPLUS_INCLUDE_PATH": "/nonexistent-objcplus",
    "DEPENDENCIES_OUTPUT": "deps.d", "SUNPRO_DEPENDENCIES": "deps.d target", "LANGUAGE": "de",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cpp_runs_in_the_c_locale_without_include_or_dependency_variables(tmp_path: Path, jobs: str) -> None:
    dump = tmp_path / "cpp-env"
    cpp = shlex.quote(str(script(tmp_path / "cpp", f'env > {q(dump)}\nexec {q(real_cpp())} "$@"\n')))
    result = run("api", "-o", "out", cwd=tmp_path, env={**LEAKS, "CPP": cpp, "VIRT_APIGEN_JOBS": jobs, "LC_ALL": "de_DE.UTF-8", "PLAIN": "kept"})
    assert result.returncode == 0, result.stderr
    seen = dict(line.split("=", 1) for line in dump.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert sorted(set(LEAKS) & set(seen)) == []
    assert seen["LC_ALL"] == "C"
    assert seen["PLAIN"] == "kept"  # the rest of the environment is the user's ($PATH, ccache's settings)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cpp_may_map_no_more_than_4_gib(tmp_path: Path, jobs: str) -> None:
    """Session 21: ``#include "/dev/zero"`` made cc1 take memory until the OOM killer came."""
    limit = tmp_path / "cpp-limit"
    cpp = shlex.quote(str(script(tmp_path / "cpp", f'ulimit -v > {q(limit)}\nexec {q(real_cpp())} "$@"\n')))
    assert run("api", "-o", "out", cwd=tmp_path, env={"CPP": cpp, "VIRT_APIGEN_JOBS": jobs}).returncode == 0
    assert limit.read_text(encoding="utf-8").strip() == str(4 << 20)  # KiB


def test_a_header_including_dev_zero_is_an_error_not_a_machine_out_of_memory(tmp_path: Path) -> None:
    real_cpp()
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    with (tree / CHECKPOINT_H).open("a", encoding="utf-8") as header:
        header.write('#include "/dev/zero"\n')
    lines = error_lines(run("api", "--srcdir", tree, "-o", "out", cwd=tmp_path), 1)
    assert len(lines) == 1
    assert lines[0].startswith("virt-apigen: error: the C preprocessor "), lines[0]
    assert "cc1: out of memory allocating" in lines[0]
    assert not (tmp_path / "out").exists()


def test_a_cpp_message_reads_the_same_under_every_locale(tmp_path: Path) -> None:
    """The C locale, not only its messages: gcc quotes an option as '-qq' there, as ‘-qq’ under UTF-8."""
    real_cpp()
    if "C.utf8" not in subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split():
        pytest.skip("no C.UTF-8 locale")
    lines = error_lines(run("api", "-o", "out", cwd=tmp_path, env={"CPP": "cpp -qq", "LC_ALL": "C.UTF-8"}), 1)
    assert len(lines) == 1
    failed = "virt-apigen: error: the C preprocessor 'cpp -qq' exited with status 1"
    assert lines[0].startswith(f"{failed}: cpp: error: unrecognized command-line option '-qq'"), lines[0]


@pytest.mark.parametrize("variable", ["CPATH", "C_INCLUDE_PATH"])
def test_a_header_missing_from_the_tree_is_not_read_from_an_include_variable(tmp_path: Path, variable: str) -> None:
    real_cpp()
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    header = tree / CHECKPOINT_H
    lines = header.read_text(encoding="utf-8").split("\n")
    at = lines.index("# define LIBVIRT_DOMAIN_CHECKPOINT_H") + 1
    lines.insert(at, "# include <virt_apigen_elsewhere.h>")  # line at + 1
    header.write_text("\n".join(lines), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "virt_apigen_elsewhere.h").write_text("typedef int virtApigenElsewhere;\n", encoding="utf-8")
    result = run("api", "--srcdir", tree, "-o", "out", cwd=tmp_path, env={variable: str(elsewhere)})
    lines = error_lines(result, 1)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{tree / CHECKPOINT_H}:{at + 1}:"), lines[0]
    assert lines[0].endswith("virt_apigen_elsewhere.h: No such file or directory"), lines[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("variable", "value"), [("DEPENDENCIES_OUTPUT", "deps.d"), ("SUNPRO_DEPENDENCIES", "deps.d target")])
def test_check_writes_no_dependency_file_of_cpps(tmp_path: Path, variable: str, value: str) -> None:
    real_cpp()
    result = run("check", cwd=tmp_path, env={variable: value})
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- our -D as the headers define the names ---------------------------------------------------------

def test_cpp_werror_finds_no_redefinition_in_libvirt(tmp_path: Path, libvirt_tree: Path) -> None:
    """libvirt-admin.h defines ``__VIR_ADMIN_H_INCLUDES__`` empty; ours was 1 ("redefined")."""
    real_cpp()
    result = run("api", "--srcdir", libvirt_tree, "-o", "out", cwd=tmp_path, env={"CPP": "cpp -Werror"})
    assert result.returncode == 0, result.stderr
    assert "redefined" not in result.stderr
    assert (tmp_path / "out" / "libvirt-admin-api.xml").is_file()


def test_cpp_warns_about_nothing_on_libvirt(tmp_path: Path, libvirt_tree: Path) -> None:
    """What cpp prints on stderr is lost on success: a wrapper keeps it."""
    said = tmp_path / "cpp-stderr"
    cpp = script(tmp_path / "cpp", f'exec {q(real_cpp())} -Wall "$@" 2> {q(said)}\n')
    result = run("api", "--srcdir", libvirt_tree, "-o", "out", cwd=tmp_path, env={"CPP": shlex.quote(str(cpp))})
    assert result.returncode == 0, result.stderr
    assert said.read_text(encoding="utf-8") == ""


# --- how a failing $CPP is described ----------------------------------------------------------------

FAILURES = {  # what $CPP prints on stderr -> what the error says after "exited with status 1: "
    "mcpp's bad option": ("Incorrect option -nostdinc", "Usage:  mcpp [-<opts>]", "1 error in preprocessor."),
    "gcc's include stack": ("In file included from x.h:3,", "cc1: fatal error: out of memory", "compilation terminated."),
    "a driver's error": ("cpp: warning: ignored", "cpp: error: unrecognized command-line option '-q'"),
    "no error line": ("something went wrong", "1 error"),
    "ucpp's warning first": ("ucpp: warning: unknown option '-nostdinc'", "unit.c: line 5: file 'libvirt/libvirt-common.h' not found"),
}
EXPECTED = {
    "mcpp's bad option": "Incorrect option -nostdinc",
    "gcc's include stack": "cc1: fatal error: out of memory",
    "a driver's error": "cpp: error: unrecognized command-line option '-q'",
    "no error line": "something went wrong",
    "ucpp's warning first": "unit.c: line 5: file 'libvirt/libvirt-common.h' not found",  # QA: the warning was quoted
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failing_cpp_is_described_by_its_first_error_line_else_its_first_line(tmp_path: Path, case: str) -> None:
    printed = "".join(f"echo \"{line}\" >&2\n" for line in FAILURES[case])
    cpp = script(tmp_path / "cpp", printed + "exit 1\n")
    lines = error_lines(run("api", "-o", "out", cwd=tmp_path, env={"CPP": shlex.quote(str(cpp))}), 1)
    assert lines == [f"virt-apigen: error: the C preprocessor '{shlex.quote(str(cpp))}' exited with status 1: {EXPECTED[case]}"]


def test_mcpp_is_described_by_the_option_it_refused(tmp_path: Path) -> None:
    require(shutil.which("mcpp") is not None, "mcpp (Debian's mcpp package)")
    lines = error_lines(run("api", "-o", "out", cwd=tmp_path, env={"CPP": "mcpp"}), 1)
    assert lines == ["virt-apigen: error: the C preprocessor 'mcpp' exited with status 1: Incorrect option -nostdinc"]


@pytest.mark.parametrize("option", ["-C", "-CC"])
def test_cpp_keeping_comments_is_said_so(tmp_path: Path, option: str) -> None:
    real_cpp()
    lines = error_lines(run("api", "-o", "out", cwd=tmp_path, env={"CPP": f"cpp {option}"}), 1)
    assert lines == [f"virt-apigen: error: the output of the C preprocessor 'cpp {option}' keeps comments: the preprocessor must drop them (no -C or -CC)"]


def test_ucpp_line_markers_are_named(tmp_path: Path) -> None:
    require(shutil.which("ucpp") is not None, "ucpp (Debian's ucpp package)")
    lines = error_lines(run("api", "-o", "out", cwd=tmp_path, env={"CPP": "ucpp"}), 1)
    assert lines == [
        "virt-apigen: error: the output of the C preprocessor 'ucpp' is not C from the headers: "
        "its line markers are '#line N \"file\"' directives, only the form '# N \"file\"' is read; it printed '#line 1 \"unit.c\"'"
    ]


def _forked_child(pid: int) -> int:
    """The one child of process ``pid``: the parse child it forked (its preprocessor is that child's)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split()
    assert len(children) == 1, children
    return int(children[0])


def test_a_child_that_does_not_answer_the_cancel_leaves_no_preprocessor(tmp_path: Path, leftovers: list[int]) -> None:
    """Session 28: a parse child stopped (or starved) when the run was cancelled is SIGKILLed after the grace
    (background.CANCEL_GRACE), and its preprocessor's session, which only it knew, ran on; the parent now stops
    it from the scratch folder's group file (preprocess._run)."""
    if not Path("/proc/self/stat").is_file():
        pytest.skip("no /proc")
    pid_file = tmp_path / "grandchild.pid"
    cpp = script(tmp_path / "cpp", f'sleep 60 &\necho $! > {q(f"{pid_file}.tmp")} && mv {q(f"{pid_file}.tmp")} {q(pid_file)}\nwait\n')
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "api", "-o", "out"], cwd=tmp_path, start_new_session=True,
        env=environment(CPP=shlex.quote(str(cpp)), VIRT_APIGEN_JOBS="2", TMPDIR=str(scratch)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(pid_file.exists, "the preprocessor's child", 60)
        grandchild = int(pid_file.read_text(encoding="utf-8"))
        leftovers.append(grandchild)
        wait_for(lambda: any(scratch.glob("*/cpp.group")), "the child to name its preprocessor's group", 60)
        os.kill(_forked_child(process.pid), signal.SIGSTOP)  # it cannot answer the SIGTERM of the cancel
        os.kill(process.pid, signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, errors
    assert "Traceback" not in errors
    wait_for(lambda: not running(grandchild), "the preprocessor's child to end", 5)
    assert list(scratch.iterdir()) == []
