"""What argparse prints, and a depfile written into, when the standard streams fail.

QA: ``--help`` and ``--version`` to a full disk ended in a traceback and exit
1 (argparse wrote the text itself); a usage error with stderr closed, full or
without a reader exited 1 instead of 2 (the write of its usage raised, or
the ``SystemExit`` met a failing final flush); ``--depfile /dev/full`` said
``No space left on device`` without naming the file.  docs/cli.md: a report that
cannot be written is ``virt-apigen: error: cannot write the report: ...``,
exit 1; messages are not the work, so a usage error stays 2 whatever
stderr does; errors about a file name it.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO

from generator.cli import main

FULL = Path("/dev/full")
NO_SPACE = "virt-apigen: error: cannot write the report: No space left on device"
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80"}  # argparse wraps its usage to the terminal

pytestmark = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")


def _run(arguments: list[str], cwd: Path, **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd=cwd, env=ENVIRONMENT, text=True, timeout=120, check=False, **streams,  # type: ignore[call-overload]
    )


@contextmanager
def _dead_pipe() -> Iterator[int]:
    """The writing end of a pipe whose reader is gone (``| true``, ``| head`` done reading)."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        yield writing
    finally:
        os.close(writing)


# --- --help and --version: a report on stdout --------------------------------------------


REPORTS = [["--help"], ["--version"], ["api", "--help"], ["generate", "-h"], ["check", "--help"], ["diff", "--help"]]


@pytest.mark.parametrize("arguments", REPORTS, ids=" ".join)
def test_help_and_version_on_a_full_disk_say_so_in_one_line(tmp_path: Path, arguments: list[str]) -> None:
    with FULL.open("w") as full:
        result = _run(arguments, tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [NO_SPACE]  # no traceback


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], ["api", "--help"]], ids=" ".join)
def test_help_and_version_with_the_reader_gone_say_nothing_and_exit_1(tmp_path: Path, arguments: list[str]) -> None:
    with _dead_pipe() as writing:
        result = _run(arguments, tmp_path, stdout=writing, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], ["api", "--help"]], ids=" ".join)
def test_help_and_version_still_print_and_exit_0(tmp_path: Path, arguments: list[str]) -> None:
    result = _run(arguments, tmp_path, capture_output=True)
    assert result.returncode == 0
    assert result.stderr == ""
    if arguments == ["--version"]:
        assert result.stdout == "virt-apigen 0.1.0\n"
    else:
        assert result.stdout.startswith(" ".join(["usage: virt-apigen", *arguments[:-1], "[-h]"]))


def test_help_in_process_still_ends_in_system_exit(capsys: pytest.CaptureFixture[str]) -> None:
    """``cli.main`` leaves through argparse's SystemExit, as before (fastpath.run turns it into the status)."""
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr() == ("virt-apigen 0.1.0\n", "")
    with pytest.raises(SystemExit) as stop:
        main(["api", "--bogus"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "virt-apigen api: error: unrecognized arguments: --bogus"


# --- usage errors: status 2 whatever stderr does ------------------------------------------


USAGE_ERRORS = {  # arguments -> (the usage's start, the last line) a working stderr shows
    "missing-srcdir": (  # the CLI's own, in the command's name as argparse's
        ["api", "--srcdir", "/nope", "-o", "x"], "usage: virt-apigen api [-h] ", "virt-apigen api: error: /nope: no such folder"
    ),
    "unknown-command": (["bogus"], "usage: virt-apigen [-h] ", "virt-apigen: error: argument COMMAND: invalid choice: 'bogus'"),  # argparse's own
    "unknown-option": (["api", "--bogus"], "usage: virt-apigen api [-h] ", "virt-apigen api: error: unrecognized arguments: --bogus"),  # the command's usage
    "empty-depfile": (["api", "-o", "d", "--depfile", ""], "usage: virt-apigen api [-h] ", "virt-apigen api: error: --depfile: the file name is empty"),
}


@pytest.mark.parametrize("case", sorted(USAGE_ERRORS))
def test_a_usage_error_prints_its_usage_and_one_error_line(tmp_path: Path, case: str) -> None:
    arguments, usage, last = USAGE_ERRORS[case]
    result = _run(arguments, tmp_path, capture_output=True)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(usage)
    assert lines[-1].startswith(last)  # an unknown command's line goes on with the choices, quoted as the Python release does
    assert [line for line in lines if "error:" in line] == [lines[-1]]
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def _closed_stderr(arguments: list[str], cwd: Path) -> int:
    return _run(arguments, cwd, stdout=subprocess.PIPE, preexec_fn=functools.partial(os.close, 2)).returncode  # 2>&-


def _full_stderr(arguments: list[str], cwd: Path) -> int:
    with FULL.open("w") as full:  # 2>/dev/full
        return _run(arguments, cwd, stdout=subprocess.PIPE, stderr=full).returncode


def _dead_stderr(arguments: list[str], cwd: Path) -> int:
    with _dead_pipe() as writing:  # 2>&1 | true
        return _run(arguments, cwd, stdout=subprocess.PIPE, stderr=writing).returncode


@pytest.mark.parametrize("stderr", [_closed_stderr, _full_stderr, _dead_stderr], ids=["closed", "full", "reader-gone"])
@pytest.mark.parametrize("case", sorted(USAGE_ERRORS))
def test_a_usage_error_exits_2_when_stderr_cannot_be_written(tmp_path: Path, case: str, stderr: object) -> None:
    arguments = USAGE_ERRORS[case][0]
    assert callable(stderr)
    assert stderr(arguments, tmp_path) == 2
    assert list(tmp_path.iterdir()) == []


# --- a depfile that cannot be written ------------------------------------------------------


def test_a_depfile_write_error_names_the_file_and_leaves_the_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = out / "libvirt-api.xml"
    old.write_text("old\n", encoding="utf-8")
    result = _run(["api", "-o", "out", "--depfile", str(FULL)], tmp_path, capture_output=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"virt-apigen: error: {FULL}: No space left on device"]
    assert result.stdout == ""
    assert old.read_text(encoding="utf-8") == "old\n"  # all or none: the staged outputs were not renamed into place
    assert sorted(path.name for path in out.iterdir()) == ["libvirt-api.xml"]  # nor left beside it, nor a stamp


# --- argparse's own choice of stream ----------------------------------------------------------


def test_help_goes_to_stdout_when_argparse_picks_the_stream_by_truth(capsys: pytest.CaptureFixture[str]) -> None:
    """Python 3.11.7's argparse writes help through ``file = file or sys.stderr``
    (3.11.2's: ``if file is None``): the stand-in stdout that keeps argparse's
    text was an empty list, false, so ``--help`` went to stderr there.  Here
    the parse does what that argparse does, on any Python."""
    from generator.fastpath import parsed

    def later_argparses_help() -> object:
        (sys.stdout or sys.stderr).write("usage: virt-apigen\n")
        raise SystemExit(0)

    with pytest.raises(SystemExit) as stop:
        parsed(later_argparses_help)  # type: ignore[arg-type]
    assert stop.value.code == 0
    assert capsys.readouterr() == ("usage: virt-apigen\n", "")
