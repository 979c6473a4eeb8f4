"""Command lines a user gets slightly wrong, and what they are told.

An empty option value (``--srcdir "$TREE"`` with ``TREE`` unset) is a usage
error naming the option, never the sample tree or the current folder; an
option no chosen backend reads is one too.  A ``$CPP`` that fails or is not
a C preprocessor is named; paths in messages are the ones the user gave
(no ``//x.h``, no temporary file of ours).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from generator import output
from generator.cli import main, openable_path

PROC_SELF = Path("/proc/self")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=120
    )


def error_lines(result: subprocess.CompletedProcess[str], code: int) -> list[str]:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if "error:" in line]


EMPTY_VALUES = {  # arguments -> the one error line
    "api-srcdir": (["api", "--srcdir", "", "-o", "o"], "--srcdir: the folder name is empty"),
    "generate-srcdir": (["generate", "--srcdir", "", "-o", "o"], "--srcdir: the folder name is empty"),
    "check-srcdir": (["check", "--srcdir", ""], "--srcdir: the folder name is empty"),
    "output": (["generate", "-o", "", "--only", "json"], "-o/--output: the folder name is empty"),
    "api-output": (["api", "--output="], "-o/--output: the folder name is empty"),
    "depfile": (["api", "-o", "d", "--depfile", ""], "--depfile: the file name is empty"),
    "remote-protocol": (["generate", "--only", "rpc", "-o", "r", "--remote-protocol", ""], "--remote-protocol: the file name is empty"),
    "api-xml": (["api", "--api-xml", "", "-o", "x"], "--api-xml: the file name is empty"),
    "check-api-xml": (["check", "--api-xml", ""], "--api-xml: the file name is empty"),
    "file": (["api", "", "-o", "x"], "FILE: an input file name is empty"),
}


@pytest.mark.parametrize("case", sorted(EMPTY_VALUES))
def test_empty_option_value_is_a_usage_error_naming_the_option(tmp_path: Path, case: str) -> None:
    args, message = EMPTY_VALUES[case]
    result = run(*args, cwd=tmp_path)
    assert error_lines(result, 2) == [f"virt-apigen {args[0]}: error: {message}"]
    assert result.stderr.startswith(f"usage: virt-apigen {args[0]} ")
    assert list(tmp_path.iterdir()) == []  # not the sample's outputs, not in the current folder, no depfile


def test_empty_srcdir_is_refused_even_where_the_sample_was_written(tmp_path: Path) -> None:
    """The stamp's options read an empty --srcdir as "not given": the check comes first."""
    assert run("api", "-o", "o", cwd=tmp_path).returncode == 0
    assert error_lines(run("api", "--srcdir", "", "-o", "o", cwd=tmp_path), 2) == ["virt-apigen api: error: --srcdir: the folder name is empty"]


@pytest.mark.parametrize("args", [["--srcdir", ""], ["--api-xml", ""], [""]])
def test_check_refuses_an_empty_input_name(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: virt-apigen check ")
    assert err.splitlines()[-1].startswith("virt-apigen check: error: ") and "name is empty" in err


def test_remote_protocol_without_the_rpc_backend_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty.x").write_text("", encoding="utf-8")
    result = run("generate", "--only", "python", "-o", "q", "--remote-protocol", "empty.x", cwd=tmp_path)
    assert error_lines(result, 2) == ["virt-apigen generate: error: --remote-protocol only applies to the rpc backend, and --only does not choose rpc"]
    assert not (tmp_path / "q").exists()
    helped = " ".join(run("generate", "--help", cwd=tmp_path, env={"COLUMNS": "300"}).stdout.split())
    assert "--remote-protocol FILE an existing remote_protocol.x: the rpc backend keeps its procedure numbers (only with rpc in --only)" in helped


@pytest.mark.parametrize("command", [["check"], ["api", "-o", "out"]])
def test_api_xml_given_two_files_says_to_repeat_the_option(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "--api-xml", "a-api.xml", "b-api.xml", cwd=tmp_path)
    assert error_lines(result, 2) == [f"virt-apigen {command[0]}: error: --api-xml takes one file: repeat it for each XML file (--api-xml b-api.xml)"]
    mixed = run(*command, "--api-xml", "a-api.xml", "x.h", cwd=tmp_path)
    assert error_lines(mixed, 2) == [f"virt-apigen {command[0]}: error: give only one of: FILE..., --srcdir, --api-xml"]


CPP_FAILURES = {  # $CPP -> the one error line
    "false": "the C preprocessor 'false' exited with status 1",
    "sh -c 'echo oops >&2; echo more >&2; exit 3' sh": "the C preprocessor 'sh -c 'echo oops >&2; echo more >&2; exit 3' sh' exited with status 3: oops",
    "sh -c 'kill -9 $$' sh": "the C preprocessor 'sh -c 'kill -9 $$' sh' was killed by signal 9",
    "echo hi": "the output of the C preprocessor 'echo hi' is not C from the headers: no #line markers: the preprocessor must keep them (no -P); "
    "it printed 'hi -nostdinc -DVIR_DEPRECATED= -DVIR_ENUM_SENTINELS -D__V...'",
    "true": "the output of the C preprocessor 'true' is not C from the headers: no #line marker names any of them",
    "cpp -P": "the output of the C preprocessor 'cpp -P' is not C from the headers: no #line markers: the preprocessor must keep them (no -P); "
    "it printed 'typedef unsigned long size_t;'",
    "cpp '": "$CPP cannot be split into words: No closing quotation",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("cpp", sorted(CPP_FAILURES))
def test_cpp_that_fails_or_is_no_preprocessor_is_named(tmp_path: Path, cpp: str, jobs: str) -> None:
    if cpp == "cpp -P" and not any((Path(folder) / "cpp").is_file() for folder in os.get_exec_path()):
        pytest.skip("no cpp on PATH")
    result = run("api", "-o", "out", cwd=tmp_path, env={"CPP": cpp, "VIRT_APIGEN_JOBS": jobs})
    assert error_lines(result, 1) == [f"virt-apigen: error: {CPP_FAILURES[cpp]}"]
    assert "unit.c" not in result.stderr  # our scratch unit: a file the user never saw
    assert not (tmp_path / "out").exists()


def test_cpp_with_arguments_still_works(tmp_path: Path) -> None:
    default = run("api", "-o", "plain", cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    quoted = run("api", "-o", "quoted", cwd=tmp_path, env={"CPP": "cpp '-DVIRT_APIGEN_UNUSED=a b'"})
    assert quoted.returncode == 0, quoted.stderr
    assert (tmp_path / "quoted" / "libvirt-api.xml").read_bytes() == (tmp_path / "plain" / "libvirt-api.xml").read_bytes()


def test_missing_header_by_absolute_path_prints_one_slash(tmp_path: Path) -> None:
    missing = f"/nonexistent-virt-apigen-{os.getpid()}.h"
    assert error_lines(run("api", missing, "-o", "out", cwd=tmp_path), 1) == [f"{missing}:1:1: error: no such file"]
    assert openable_path("x.h", Path("/")) == "/x.h"
    assert openable_path("include/x.h", Path("/")) == "/include/x.h"
    assert openable_path("x.h", Path("tree")) == "tree/x.h"


def test_unwritable_output_folder_names_the_output_not_our_temporary_file(tmp_path: Path) -> None:
    """/proc/self takes no new file, whoever runs the test (root writes into a chmod 555 folder)."""
    if not PROC_SELF.is_dir():
        pytest.skip("no /proc")
    result = run("api", "-o", str(PROC_SELF), cwd=tmp_path)
    assert error_lines(result, 1) == [f"virt-apigen: error: {PROC_SELF}/libvirt-api.xml: {os.strerror(errno.ENOENT)}"]


def test_permission_error_names_the_target_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EACCES from creating the temporary file (a read-only folder, as a user other than root)."""
    import tempfile

    real_mkstemp = tempfile.mkstemp

    def refuse_the_second(*args: object, **kwargs: object) -> tuple[int, str]:
        if str(kwargs.get("prefix")).startswith(".b.xml."):  # .b.xml.<pid>.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / ".b.xml.4gnzed88.tmp"))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", refuse_the_second)
    with pytest.raises(PermissionError) as raised:
        output.write_all({tmp_path / "a.xml": "a\n", tmp_path / "b.xml": "b\n"})
    assert raised.value.filename == str(tmp_path / "b.xml")
    assert str(raised.value) == f"[Errno {errno.EACCES}] {os.strerror(errno.EACCES)}: '{tmp_path / 'b.xml'}'"
    assert list(tmp_path.iterdir()) == []  # a.xml's staged file is gone too


def test_read_only_output_folder_names_the_output(tmp_path: Path) -> None:
    """A chmod 555 folder.  Root writes into it anyway, unless it runs without the
    capability that lets it (setpriv drops CAP_DAC_OVERRIDE): then it is the
    folder's owner, and the owner may not write there."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    capless = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    try:
        result = subprocess.run(
            [*(capless if os.geteuid() == 0 else []), sys.executable, "-m", "generator", "api", "-o", "ro"],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, check=False, timeout=120,
        )
        assert error_lines(result, 1) == [f"virt-apigen: error: ro/libvirt-api.xml: {os.strerror(errno.EACCES)}"]
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
