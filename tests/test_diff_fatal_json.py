"""``diff --format json`` on input that stops the run.

QA: ``diff /nonexist generator/sample --format json`` exited 1 with nothing on
stdout, leaving a JSON consumer nothing to parse, while ``check --format json``
prints a document naming the error.  diff now prints that same document
(``{"counts": {"input": 1}, "diagnostics": [...]}``, no ``changes``: nothing
was compared); stderr keeps its gcc-style line with ``(in OLD)`` or
``(in NEW)``, and the exit code stays 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def _fatal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, object], str]:
    """The one diagnostic of the JSON document a failing ``diff --format json`` printed, and its stderr."""
    assert main(["diff", *argv, "--format", "json"]) == 1
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert set(document) == {"counts", "diagnostics"}  # no "changes": nothing was compared
    assert document["counts"] == {"input": 1}
    [found] = document["diagnostics"]
    assert (found["severity"], found["rule"], found["werror"]) == ("error", "input", False)
    assert "Traceback" not in captured.err
    return found, captured.err


def test_a_missing_old_side_is_a_json_document(sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found, err = _fatal(["/nonexist", str(sample_tree)], capsys)
    # a whole file or folder: line and column 0, as check's JSON places one (the text line says 1:1)
    assert found == {
        "file": "/nonexist", "line": 0, "col": 0, "message": "no such file or folder",
        "severity": "error", "rule": "input", "werror": False,
    }
    assert err == "/nonexist:1:1: error: no such file or folder (in OLD)\n"


def test_a_folder_neither_tree_nor_xml_on_the_new_side(sample_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found, err = _fatal([str(sample_tree), str(tmp_path)], capsys)
    assert (found["file"], found["line"], found["col"]) == (str(tmp_path), 0, 0)
    assert found["message"] == "neither a libvirt tree (no include/libvirt/) nor a folder of API XML files"
    assert f"{tmp_path}:1:1: error: {found['message']} (in NEW)" in err


def test_a_c_syntax_error_in_a_new_header(sample_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "tree"
    (tree / "include" / "libvirt").mkdir(parents=True)
    (tree / "include" / "libvirt" / "libvirt-t.h").write_text("int virTRun(int x;\n", encoding="utf-8")
    found, err = _fatal([str(sample_tree), str(tree)], capsys)
    header = f"{tree}/include/libvirt/libvirt-t.h"
    assert (found["file"], found["line"]) == (header, 1)
    assert isinstance(found["col"], int) and found["col"] > 0
    assert str(found["message"]).startswith("syntax error")
    assert err == f"{header}:1:{found['col']}: error: {found['message']} (in NEW)\n"


def test_a_header_error_is_named_relative_to_the_current_folder(
    sample_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    (tree / "include" / "libvirt").mkdir(parents=True)
    (tree / "include" / "libvirt" / "libvirt-t.h").write_text("int virTRun(int x;\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found, err = _fatal([str(sample_tree), "tree"], capsys)
    assert found["file"] == "tree/include/libvirt/libvirt-t.h"  # as the stderr line names it
    assert err.startswith("tree/include/libvirt/libvirt-t.h:1:")


def test_malformed_xml_on_the_old_side(sample_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken-api.xml"
    broken.write_text("<api name='libvirt'><symbols>", encoding="utf-8")
    found, err = _fatal([str(broken), str(sample_tree)], capsys)
    assert found["file"] == str(broken) and found["line"] == 1
    assert str(found["message"]).startswith("not well-formed XML")
    assert err.endswith(f": error: {found['message']} (in OLD)\n")


def test_a_preprocessor_failing_names_no_file(sample_tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPP", "false")
    found, err = _fatal([str(sample_tree), str(sample_tree)], capsys)
    assert (found["file"], found["line"], found["col"]) == ("", 0, 0)
    assert found["message"] == "the C preprocessor 'false' exited with status 1"
    assert "(in OLD)" in err and str(found["message"]) in err


def test_text_format_still_prints_nothing_on_stdout(sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "/nonexist", str(sample_tree)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "/nonexist:1:1: error: no such file or folder (in OLD)\n"


def test_the_reported_command_line(sample_tree: Path) -> None:
    """The report's repro, as a process: stdout parses, stderr has the line, exit 1."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "/nonexist", str(sample_tree), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["diagnostics"][0]["message"] == "no such file or folder"  # was 0 bytes
    assert done.stderr == "/nonexist:1:1: error: no such file or folder (in OLD)\n"
