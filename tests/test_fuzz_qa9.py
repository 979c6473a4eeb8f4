"""Defects a fuzzer found in session 9 (random edits of the sample tree's files), one test each.

* A lone CR (no LF after it) ends a line for cpp; our scanner counted only
  LF, so one stray CR in a comment put every later enum member on its
  neighbour's line (values, versions and docs silently wrong, exit 0).
* Placing an error on a long line aligned its tokens with difflib, which is
  quadratic: a 50 KB line of '@' took minutes.
* ``check`` tried its close-name searches on an 80 KB ``VIR_VIR_...`` word,
  quadratic in its words (7 s; 39 s for 160 KB).
* A character XML cannot carry in a parameter's doc was placed in the XML
  file that was never written, named by the parameter alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_cli import CHECKPOINT_H, REPO, copy_sample, failed_cleanly, ok, run

from generator.frontend.syms import read_syms


def _edit(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


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


def test_check_on_an_80_kb_word_is_quick(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b" * Adds one reference to @conn", b" * Adds one reference " + b"VIR_" * 20_000 + b" to @conn")
    start = time.monotonic()
    result = run("check", "--srcdir", "tree", cwd=tmp_path)
    seconds = time.monotonic() - start
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "src/libvirt-host.c:14:23: warning: 'VIR_VIR_VIR_" in result.stdout
    assert seconds < 3, f"{seconds:.1f} s"  # before: 7 s (0.2 s now)


def test_a_character_xml_cannot_carry_in_a_parameter_doc_is_placed_in_its_function_doc(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b"@conn: the connection to keep alive", b"@conn: the connection\x0c to keep alive")
    errors = failed_cleanly(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    assert errors == [
        "tree/src/libvirt-host.c:10:1: error: U+000C in the text of 'conn' of 'virConnectRef' cannot be written to libvirt-api.xml: "
        "XML 1.0 has no way to carry it; remove it [xml-character]"
    ]
    assert not (tmp_path / "out").exists()


def test_version_script_statements_are_read_wherever_lines_break() -> None:
    """ld links these; the reader took one statement per line and refused them (then said the symbols were not exported)."""
    forms = [
        "LIBVIRT_0.0.1 {\n global:\n  virA; virB;\n local: *;\n};\n",
        "LIBVIRT_0.0.1 { global: virA; virB; local: *; };\n",
        "LIBVIRT_0.0.1\n{\n global:\n  virA;\n  virB\n  ;\n}\n;\n",
    ]
    for text in forms:
        syms, diagnostics = read_syms("x.syms", text)
        assert (syms.versions, diagnostics) == ({"virA": "0.0.1", "virB": "0.0.1"}, []), text
    syms, diagnostics = read_syms("x.syms", "LIBVIRT_0.0.1 {\n  virA; junk here\n};\nLIBVIRT_0.0.2 { virC; } LIBVIRT_0.0.1;\n")
    assert syms.versions == {"virA": "0.0.1", "virC": "0.0.2"}
    assert [str(d) for d in diagnostics] == ["x.syms:2:3: error: unexpected line in version script: 'virA; junk here' [syms-syntax]"]
    assert (syms.locations["virC"].line, syms.locations["virC"].col) == (4, 17)


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


def test_check_fails_on_a_character_the_api_xml_cannot_carry(tmp_path: Path) -> None:
    """check passed where api and generate stopped: lint in CI said the tree was fine."""
    tree = copy_sample(tmp_path)
    _edit(tree / "src" / "libvirt-host.c", b"@conn: the connection to keep alive", b"@conn: the connection\x0c to keep alive")
    result = run("check", "--srcdir", "tree", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "error:" in line]
    # at the character itself (12:25), no longer at the doc's start (10:1): QA12 check item 7
    assert errors == [
        "tree/src/libvirt-host.c:12:25: error: U+000C in the doc of virConnectRef (@conn): XML 1.0 has no way to carry it, "
        "so the API XML cannot be written; remove it [xml-character]"
    ]
    assert run("check", "--srcdir", "tree", "--disable", "xml-character", cwd=tmp_path).returncode == 0


def test_an_xml_error_after_a_multi_line_attribute_is_placed_on_its_own_line(tmp_path: Path) -> None:
    """The reader moves a tag's line breaks to its end before parsing: expat's place was past the end of line 4."""
    (tmp_path / "dup.xml").write_text(
        "<?xml version=\"1.0\"?>\n<api name='libvirt'>\n  <symbols>\n"
        "    <enum name='VIR_A' file='libvirt' info='first line\nsecond' value='1' value='2'/>\n  </symbols>\n</api>\n",
        encoding="utf-8",
    )
    errors = failed_cleanly(run("api", "--api-xml", "dup.xml", "-o", "out", cwd=tmp_path))
    assert errors == ["dup.xml:5:19: error: not well-formed XML: duplicate attribute"]


ORPHAN = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from generator.background import Background
work = Background(lambda: time.sleep(60))  # the child works for a minute
print(work.pid, flush=True)
time.sleep(60)
"""


def test_a_child_whose_parent_is_killed_outright_stops(tmp_path: Path) -> None:
    """SIGKILL (or the OOM killer) gives the parent no chance to cancel its forked child, which parsed on for minutes."""
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, str(REPO)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert child > 0, "the work was not forked"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        end = time.monotonic() + 5
        while time.monotonic() < end and Path(f"/proc/{child}").exists() and "Z" not in _state(child):
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists() or "Z" in _state(child), "the orphaned child still runs"
    finally:
        if parent.poll() is None:
            parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
