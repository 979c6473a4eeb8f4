"""``generate --only rpc --remote-protocol FILE`` end to end: notes are printed, a bad FILE stops the run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from generator.rpc.xfile import read_x


def _generate(tmp_path: Path, name: str, data: bytes) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    protocol = tmp_path / name
    protocol.write_bytes(data)
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "generator", "generate", "--only", "rpc", "--remote-protocol", name, "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True), protocol, out


def test_a_reused_number_is_moved_and_the_note_printed(tmp_path: Path) -> None:
    result, _, out = _generate(tmp_path, "reuse.x", b"enum remote_procedure {\n    REMOTE_PROC_SOMETHING_ELSE = 411\n};\n")
    assert result.returncode == 0, result.stderr
    numbers = read_x((out / "rpc" / "remote_protocol.x").read_text(encoding="utf-8")).procedures()
    assert numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML"] == 418 and 411 not in numbers.values()
    note = re.compile(r"^\S+/include/libvirt/libvirt-domain-checkpoint\.h:\d+:\d+: note: virDomainCheckpointCreateXML: .* 418 \[rpc-number\]$", re.M)
    assert note.search(result.stderr), result.stderr


def test_the_doc_says_what_the_cli_prints() -> None:
    doc = " ".join((REPO / "docs" / "rpc.md").read_text(encoding="utf-8").split())
    assert "does not print backend notes" not in doc
    assert "[rpc-number]" in doc and "[rpc-protocol]" in doc


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (
            b"enum remote_procedure {\n    REMOTE_PROC_A = 5,\n    REMOTE_PROC_B = 5\n};\n",
            "3:5: error: REMOTE_PROC_B = 5 reuses the number of REMOTE_PROC_A (line 2)",
        ),
        (b"", "1:1: error: not a remote_protocol.x: the file is empty"),
        (b"garbage\n", "1:1: error: not a remote_protocol.x: no 'enum remote_procedure { ... };' found"),
        (b"/* x */\n\xff\xfe", "2:1: error: not a remote_protocol.x: byte 0xff is not UTF-8"),
    ],
)
def test_a_bad_protocol_file_is_an_error_and_nothing_is_written(tmp_path: Path, data: bytes, line: str) -> None:
    result, protocol, out = _generate(tmp_path, "bad.x", data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"\n{protocol.name}:{line}" in "\n" + result.stderr  # the path as typed on the command line
    assert result.stderr.rstrip().endswith("virt-apigen: no output written")
    assert not out.exists()


@pytest.mark.parametrize(("name", "message"), [("missing.x", "no such file"), ("folder", "a folder, not a file")])
def test_a_protocol_file_that_cannot_be_read_is_named_like_a_missing_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    """QA: a missing FILE printed 'virt-apigen: error: FILE: No such file or directory'; a missing header prints 'FILE:1:1: error: no such file'."""
    from generator.cli import main

    (tmp_path / "folder").mkdir()
    out = tmp_path / "out"
    code = main(["generate", "--only", "rpc", "--remote-protocol", str(tmp_path / name), "-o", str(out)])
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert lines == [f"{tmp_path / name}:1:1: error: {message}", "virt-apigen: no output written"]  # no [rule], as for a header
    assert not out.exists()
