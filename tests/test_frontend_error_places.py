"""Where the frontend places an error in the file a user edits: a UTF-8 byte
order mark is no column, a lone CR ends a line as for cpp, an error on a 50 KB
line is placed at once, a preprocessor error in ``libvirt-common.h.in`` is
placed in it, and a string never closed is placed, not blamed on the
preprocessor.  Each test edits a copy of the sample tree and runs the CLI."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from edit_support import replace_bytes_once as _edit
from test_cli import CHECKPOINT_H, copy_sample, failed_cleanly, ok, run


@pytest.mark.parametrize(("text", "place"), [
    (b"\xef\xbb\xbfbogus_t virZzz(void);\n", "1:1"),
    (b"\xef\xbb\xbfint virZzz(void);\nint virYyy(bogus_t x);\n", "2:12"),
])
def test_a_bom_is_no_column(tmp_path: Path, text: bytes, place: str) -> None:
    """QA: the BOM, which cpp drops and editors hide, was counted: 1:2 for the first word of the file."""
    tree = copy_sample(tmp_path)
    (tree / "include" / "libvirt" / "libvirt-zzz.h").write_bytes(text)
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [f"tree/include/libvirt/libvirt-zzz.h:{place}: error: unknown type name 'bogus_t'"]


def test_a_lone_cr_in_a_comment_changes_nothing_but_line_numbers(tmp_path: Path) -> None:
    clean = copy_sample(tmp_path)
    ok(run("api", "--srcdir", "tree", "-o", "clean-out", cwd=tmp_path))
    damaged = tmp_path / "damaged"
    clean.rename(damaged)
    header = damaged / CHECKPOINT_H
    data = header.read_bytes()
    first_space_in_a_comment = data.index(b" ", data.index(b"/*"))
    header.write_bytes(data[:first_space_in_a_comment] + b"\r" + data[first_space_in_a_comment:])
    ok(run("api", "--srcdir", "damaged", "-o", "damaged-out", cwd=tmp_path))
    assert (tmp_path / "damaged-out" / "libvirt-api.xml").read_bytes() == (tmp_path / "clean-out" / "libvirt-api.xml").read_bytes()
    lines = header.read_bytes().replace(b"\r", b"\n").split(b"\n")  # cpp's lines
    member = next(n for n, line in enumerate(lines, start=1) if b"VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS " in line)
    checked = run("check", "--srcdir", "damaged", cwd=tmp_path)
    assert f"libvirt-domain-checkpoint.h:{member}:5: note: 'VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS'" in checked.stdout
    assert checked.stderr == "virt-apigen check: 0 errors, 0 warnings, 1 note\n"


def test_an_error_on_a_50_kb_line_is_placed_at_once(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    header = tree / "include" / "libvirt" / "libvirt-host.h"
    _edit(header, b"#ifndef LIBVIRT_HOST_H", b"@" * 50_000 + b"\n#ifndef LIBVIRT_HOST_H")
    line = header.read_bytes().split(b"\n").index(b"@" * 50_000) + 1
    start = time.monotonic()
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    seconds = time.monotonic() - start
    assert errors == [f"tree/include/libvirt/libvirt-host.h:{line}:1: error: Illegal character '@'"]
    assert seconds < 10, f"{seconds:.1f} s"  # before: minutes


def test_a_preprocessor_error_in_the_common_header_template_is_placed_in_it(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    template = tree / "include" / "libvirt" / "libvirt-common.h.in"
    template.write_bytes(template.read_bytes() + b"/* never closed\n")
    line = template.read_bytes().count(b"\n")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [f"tree/include/libvirt/libvirt-common.h.in:{line}:1: error: the C preprocessor failed: unterminated comment"]


def test_a_string_never_closed_is_placed_not_blamed_on_the_preprocessor(tmp_path: Path) -> None:
    """A stray '"' before a comment: cpp only warns, the comment became the string's text, and the run said cpp keeps comments."""
    tree = copy_sample(tmp_path)
    header = tree / CHECKPOINT_H
    _edit(header, b"VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE ", b'VIR_DOMAIN_CHECKPOINT_CREATE_"QUIESCE ')
    lines = header.read_bytes().split(b"\n")
    line = next(n for n, text in enumerate(lines, start=1) if b'_"QUIESCE' in text)
    col = lines[line - 1].index(b'"') + 1
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [f"tree/{CHECKPOINT_H}:{line}:{col}: error: missing terminating \" character"]
