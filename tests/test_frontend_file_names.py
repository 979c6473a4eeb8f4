"""Header, folder and file names the frontend reads and prints: quotes and
backslashes in header and folder names, a folder that is not UTF-8, line
marker names escaped as cpp escapes them, a name no output can hold, a full
scratch folder named in its error, and an explicit FILE outside the root named
as it was typed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import frontend_support
import pytest
from conftest import REPO
from frontend_support import BASE_HEADER, HEADER, SYMS, make_tree

from generator.frontend import FrontendError, load_files, load_tree
from generator.frontend.preprocess import escaped, unescaped

run = partial(frontend_support.run, seed="0")  # as the redeclaration tests' runs: one hash seed


# --- header names holding quotes and other characters -----------------------------


@pytest.mark.parametrize("name", ['libvirt-a"b.h', "libvirt-a\\b.h", "libvirt-a>b.h", "libvirt-a\tb.h"])
def test_a_header_name_with_quotes_or_backslashes_is_read(tmp_path: Path, name: str) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "include" / "libvirt" / name).write_text(BASE_HEADER, encoding="utf-8")
    (tree / HEADER).unlink()
    result = load_files([str(tree / "include" / "libvirt" / name), str(tree / SYMS)])
    assert [(h.name, [f.name for f in m.functions]) for m in result.api.modules for h in m.headers] == [(name[:-2], ["virConnectFoo"])]


def test_a_tree_in_a_folder_named_with_a_quote_is_read(tmp_path: Path) -> None:
    found = load_tree(make_tree(tmp_path / 'my"tree', "int virBar(int a);\n")).api.modules[0]
    assert sorted(f.name for f in found.functions) == ["virBar", "virConnectFoo"]


@pytest.mark.parametrize(
    ("name", "shown", "message"),
    [
        (b"libvirt-a\nb.h", "libvirt-a\\nb.h", "the file name holds a line break"),
        (b"libvirt-a\xffb.h", "libvirt-a\\xffb.h", "the file name is not valid UTF-8"),
    ],
)
def test_a_header_name_no_output_can_hold_is_one_error_line(tmp_path: Path, name: bytes, shown: str, message: str) -> None:
    tree = make_tree(tmp_path / "tree")
    header = os.fsdecode(b"include/libvirt/" + name)
    (tree / header).write_text(BASE_HEADER, encoding="utf-8")
    done = run("api", "-o", tmp_path / "out", header, SYMS, cwd=tree)
    assert (done.returncode, done.stderr) == (1, f"include/libvirt/{shown}:1:1: error: {message}\n")
    assert not (tmp_path / "out").exists()


def test_a_tree_below_a_folder_that_is_not_utf8_is_read(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"w\xffd")))
    found = load_tree(make_tree(folder, "int virBar(int a);\n")).api.modules[0]
    assert sorted(f.name for f in found.functions) == ["virBar", "virConnectFoo"]


def test_marker_names_escape_as_cpp_escapes_them() -> None:
    for name in ['a"b', "a\\b", "a\nb", 'x\\"y\\n']:
        assert unescaped(escaped(name)) == name
    assert escaped('/t/a"b\\c.h') == '/t/a\\"b\\\\c.h'


def test_a_full_tmpdir_is_an_error_naming_the_scratch_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails for lack of space carries no file name: the message must name one."""
    import errno

    from generator.frontend import preprocess

    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    tree = make_tree(tmp_path / "tree", "int virBar(int a);\n")
    monkeypatch.setattr(preprocess.Path, "write_text", full)
    with pytest.raises(FrontendError) as raised:
        load_tree(tree)
    message = str(raised.value)
    assert "cannot write the preprocessor's scratch file " in message and "types.h (in $TMPDIR): No space left on device" in message


@pytest.mark.parametrize("command", [["check"], ["api", "-o", "out"], ["diff", "--format", "text"]])
def test_an_absolute_file_outside_the_root_is_named_as_typed(tmp_path: Path, command: list[str]) -> None:
    """QA: /etc/hostname named alone was '../../etc/hostname' (relative to the
    folder the command ran in) in the error, where every other path is as typed."""
    stray = tmp_path / "elsewhere" / "notes.txt"
    stray.parent.mkdir()
    stray.write_text("x\n", encoding="utf-8")
    (tmp_path / "run").mkdir()
    arguments = [*command, str(stray)] + ([str(REPO / "generator" / "sample")] if command[0] == "diff" else [])
    done = subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd=tmp_path / "run",
        env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"{stray}:1:1: error: unknown input kind (expected .h, .c, .syms or a protocol .x)"), done.stderr


@pytest.mark.parametrize("command", [["check"], ["api", "-o", "out"], ["diff", "--format", "text"]])
@pytest.mark.parametrize(("name", "message"), [
    ("notes.txt", "unknown input kind (expected .h, .c, .syms or a protocol .x)"),
    ("libvirt_public.syms", "belongs to module libvirt, whose header is not among the inputs (give an include/libvirt/libvirt-*.h too)"),
])
def test_an_absolute_file_is_named_as_typed_from_the_root_folder(tmp_path: Path, command: list[str], name: str, message: str) -> None:
    """QA, session 26: run from '/', an absolute FILE with no header beside it
    was named relative to '/' (``tmp/.../libvirt_public.syms``), and the
    header-missing error named it so from any folder."""
    stray = tmp_path / "elsewhere" / name
    stray.parent.mkdir()
    stray.write_text("x\n" if name.endswith(".txt") else "LIBVIRT_0.0.1 {\n    global:\n        virFoo;\n};\n", encoding="utf-8")
    arguments = [*command, str(stray)] + ([str(REPO / "generator" / "sample")] if command[0] == "diff" else [])
    if command[0] == "api":
        arguments[arguments.index("out")] = str(tmp_path / "out")
    done = subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd="/",
        env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"{stray}:1:1: error: {message}"), done.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_name_outside_the_root_is_named_as_typed(tmp_path: Path) -> None:
    """Review: the file-name check still named /tmp/bad\\x01name.h '../../..'-relative."""
    stray = tmp_path / "elsewhere" / "bad\x01name.h"
    stray.parent.mkdir()
    stray.write_text("int x;\n", encoding="utf-8")
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "generator" / "sample", tree)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "api", "include/libvirt/libvirt-domain-checkpoint.h", str(stray), "-o", str(tmp_path / "out")],
        cwd=tree, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"{tmp_path}/elsewhere/bad\\x01name.h:1:1: error: the file name holds the control character U+0001\n"
