"""Errors about a whole input file: a missing path, a folder, a dangling
symlink, a folder that is neither a tree nor an XML file, a list member
missing, given to ``api --api-xml`` or to ``diff``, are ``file:1:1:`` errors
worded as tree entries are (line 0, column 0 in JSON); what the command line
alone shows (XML mixed with sources) is a usage error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from apixml_support import SAMPLE_XML
from conftest import REPO
from test_cli import copy_sample, failed_cleanly, run

from generator.cli import main


def test_a_whole_file_tree_error_is_line_0_col_0_in_json(tmp_path: Path) -> None:
    """QA: the new tree errors said 1:1 in JSON, where check.md promises 0/0 for a finding about a whole file."""
    import json

    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-x.h").mkdir()
    done = run("check", "--srcdir", "tree", "--format", "json", cwd=tmp_path)
    assert failed_cleanly(done) == ["tree/include/libvirt/libvirt-x.h:1:1: error: a folder, not a file"]
    [found] = json.loads(done.stdout)["diagnostics"]
    assert (found["file"], found["line"], found["col"], found["rule"]) == ("tree/include/libvirt/libvirt-x.h", 0, 0, "input")


@pytest.mark.parametrize(("make", "message"), [("folder", "a folder, not a file"), ("dangling", "a symlink to nothing (no such file)")])
def test_an_api_xml_that_is_a_folder_or_a_dangling_symlink_is_worded_as_tree_entries_are(tmp_path: Path, make: str, message: str) -> None:
    """QA: --api-xml said 'cannot read: Is a directory' / 'No such file or directory' where tree entries say these."""
    target = tmp_path / "x.xml"
    if make == "folder":
        target.mkdir()
    else:
        target.symlink_to(tmp_path / "nowhere.xml")
    assert failed_cleanly(run("api", "--api-xml", "x.xml", "-o", "out", cwd=tmp_path)) == [f"x.xml:1:1: error: {message}"]


@pytest.mark.parametrize(
    ("command", "where", "typed", "shown"),
    [
        ("check", "xml", ".", "."), ("api", "", ".", "."), ("api", "xml", "..", ".."), ("check", "", "xml/", "xml"),
        ("api", "", "xml/.", "xml"), ("check", "xml", "../xml/..", ".."),
    ],
)  # fmt: skip
def test_an_api_xml_spelled_as_a_folder_is_named_as_that_folder(tmp_path: Path, command: str, where: str, typed: str, shown: str) -> None:
    """QA (session 24): `--api-xml .` said `..:1:1: error: a folder, not a file`, the folder above."""
    (tmp_path / "xml").mkdir()
    output = ["-o", str(tmp_path / "out")] if command == "api" else []
    done = run(command, "--api-xml", typed, *output, cwd=tmp_path / where)
    assert failed_cleanly(done) == [f"{shown}:1:1: error: a folder, not a file"]


SAMPLE_SYMS = REPO / "generator" / "sample" / "src" / "libvirt_public.syms"


def _last_error(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.splitlines()[-1]


# --- diff: unreadable input is `file:1:1: error: ... (in OLD)`, exit 1 ---------------


def test_diff_missing_side_is_a_whole_file_error(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA: 'virt-apigen: error: OLD: /nonexist: no such file or folder'."""
    missing = str(tmp_path / "nonexist")
    assert main(["diff", missing, str(sample_tree)]) == 1
    assert _last_error(capsys) == f"{missing}:1:1: error: no such file or folder (in OLD)"
    assert main(["diff", str(sample_tree), missing]) == 1
    assert _last_error(capsys) == f"{missing}:1:1: error: no such file or folder (in NEW)"


def test_diff_folder_neither_tree_nor_xml_is_a_whole_file_error(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    assert main(["diff", str(tmp_path), str(sample_tree)]) == 1
    expected = f"{tmp_path}:1:1: error: neither a libvirt tree (no include/libvirt/) nor a folder of API XML files (in OLD)"
    assert _last_error(capsys) == expected


def test_diff_list_member_missing_or_a_folder(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = sample_tree / "include" / "libvirt" / "libvirt-domain.h"
    missing = str(tmp_path / "gone.syms")
    assert main(["diff", str(sample_tree), f"{header},{missing}"]) == 1
    assert _last_error(capsys) == f"{missing}:1:1: error: no such file (in NEW)"
    assert main(["diff", f"{header},{tmp_path}", str(sample_tree)]) == 1
    assert _last_error(capsys) == f"{tmp_path}:1:1: error: a folder, not a file (a tree or a folder of XML files goes alone, not in a list) (in OLD)"


def test_diff_symlink_loop_says_it_cannot_be_read(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA (session 24): a symlink loop was 'no such file or folder', where check says why it cannot be read."""
    loop = tmp_path / "loop.xml"
    loop.symlink_to(loop.name)
    for old in (str(loop), f"{loop},{SAMPLE_XML}"):  # alone, and in a list
        assert main(["diff", old, str(sample_tree)]) == 1
        assert _last_error(capsys) == f"{loop}:1:1: error: cannot read: {os.strerror(errno.ELOOP)} (in OLD)"


def test_diff_dangling_symlink_says_so_as_a_file_does(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review (session 24): 'no such file or folder', where a FILE and a tree entry say 'a symlink to nothing'."""
    dangling = tmp_path / "dangling.xml"
    dangling.symlink_to("nothing.xml")
    assert main(["diff", str(dangling), str(sample_tree)]) == 1
    assert _last_error(capsys) == f"{dangling}:1:1: error: a symlink to nothing (no such file or folder) (in OLD)"
    assert main(["diff", f"{dangling},{SAMPLE_XML}", str(sample_tree)]) == 1
    assert _last_error(capsys) == f"{dangling}:1:1: error: a symlink to nothing (no such file) (in OLD)"


def test_diff_mix_of_xml_and_sources_is_a_usage_error(tmp_path: Path, sample_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the command line alone shows is a usage error (exit 2), for either
    side, before anything is read: a missing OLD does not hide NEW's."""
    mixed = f"{SAMPLE_XML},{SAMPLE_SYMS}"
    assert main(["diff", mixed, str(sample_tree)]) == 2
    assert _last_error(capsys) == f"virt-apigen diff: error: OLD: mix of XML and source files ({SAMPLE_XML}, {SAMPLE_SYMS}); give one kind per side"
    assert main(["diff", str(tmp_path / "nonexist"), mixed]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: virt-apigen diff") and err.splitlines()[-1].startswith("virt-apigen diff: error: NEW: mix of XML and source files")
