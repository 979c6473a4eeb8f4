"""``virt-apigen diff`` writing its report: a closed pipe says nothing, a full disk says the report could not be written."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest
from diff_support import HEADER, HUGE, SAFE, TREE
from test_diff import _edited

from generator.cli import main

# --- output errors ----------------------------------------------------------------------------


class _Failing(io.StringIO):
    def __init__(self, error: OSError, on: str) -> None:
        super().__init__()
        self.error, self.on = error, on

    def write(self, text: str) -> int:
        if self.on == "write":
            raise self.error
        return super().write(text)

    def flush(self) -> None:
        if self.on == "flush":
            raise self.error


@pytest.mark.parametrize("on", ["write", "flush"])
def test_closed_pipe_says_nothing(tmp_path: Path, on: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    old = _edited(TREE, tmp_path / "old", [])
    new = _edited(TREE, tmp_path / "new", [(HEADER, SAFE, HUGE)])
    monkeypatch.setattr("sys.stdout", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe"), on))
    assert main(["diff", str(old), str(new)]) == 4  # the diff's own code
    monkeypatch.setattr("sys.stdout", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe"), on))
    assert main(["diff", str(old), str(new), "--fail-on", "never"]) == 1  # nothing to fail on, but the report was not read: as fastpath.run
    err = capsys.readouterr().err
    assert "error" not in err and "Broken pipe" not in err
    assert err.count("virt-apigen diff: 2 changes: 1 compatible, 0 source-breaking, 1 ABI-breaking\n") == 2  # the summary still goes to stderr


@pytest.mark.parametrize("on", ["write", "flush"])
def test_full_disk_says_the_report_could_not_be_written(tmp_path: Path, on: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    old = _edited(TREE, tmp_path / "old", [])
    monkeypatch.setattr("sys.stdout", _Failing(OSError(errno.ENOSPC, "No space left on device"), on))
    assert main(["diff", str(old), str(old), "--format", "json"]) == 1
    assert capsys.readouterr().err == "virt-apigen: error: cannot write the report: No space left on device\n"
