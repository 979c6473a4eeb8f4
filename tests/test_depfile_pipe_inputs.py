"""An input read from a pipe is left out of the depfile, with a warning.

QA (session 29): ``api --api-xml <(cat x.xml) -o d --depfile d.d`` listed
``/dev/fd/63`` as a prerequisite and, as ``gcc -MP`` writes one per input, as
an empty target: a path that names nothing (or another process's descriptor)
to make and ninja once the run is over.  Decided: a pipe, socket or device
read is no file a build tool can watch; it is left out, and the run says so
(the build rule should depend on what feeds the pipe).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import REPO, ok, parse_depfile, run

from generator import output


@pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution needs bash")
def test_a_process_substitution_is_no_prerequisite(tmp_path: Path) -> None:
    ok(run("api", "-o", "xml", cwd=tmp_path))
    command = f"{shlex.quote(sys.executable)} -m generator api --api-xml <(cat xml/libvirt-api.xml) -o out --depfile out.d"
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("virt-apigen: warning: out.d: /dev/fd/")
    assert warnings[0].endswith(" is a pipe, no file a build tool can watch: left out of the depfile")
    assert parse_depfile((tmp_path / "out.d").read_text(encoding="utf-8")) == [(["out/libvirt-api.xml"], [])]
    assert (tmp_path / "out" / "libvirt-api.xml").is_file()


def test_only_files_and_folders_are_watchable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    paths = [str(tmp_path / "file"), str(tmp_path), str(tmp_path / "fifo"), "/dev/null", str(tmp_path / "missing")]
    assert output.unwatchable(paths) == [(str(tmp_path / "fifo"), "a pipe"), ("/dev/null", "a device")]
