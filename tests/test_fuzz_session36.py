"""Defects the fuzz QA of session 36 found by damaging one input file at a time.

1. A ``/*`` that no ``*/`` closes, followed by many more ``/*``: every later ``/*`` made the
   comment search scan to the end of the text again (a ``.c`` file with 200 KB of ``/* x`` lines
   took 53 s, a header of 400 KB 14 s).  Now the search takes an unclosed comment as one match to
   the end, tried only where the closed form failed; the error is the same.
2. ``check`` hung when ``src/libvirt_public.syms`` was a FIFO: placing the finding opened it to
   read its lines.  Only regular files are read there; the run ends with the ``syms-file`` error.
3. A meson.build project version libvirt's build cannot split ('9..0': a traceback; 'x.y.z': silence).
4. ``diff`` exited 0 with NEW's ``.syms`` a folder: an error of NEW now makes the exit code at least 1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_TREE
from frontend_support import run

from generator.frontend import scanner

OPEN_THEN_MORE = "int a;\n/* left open\n" + "/* x\n" * 50


def test_an_unclosed_comment_is_one_match_to_the_end_in_a_c_file() -> None:
    matches = list(scanner._BLOCK_COMMENT_RE.finditer(OPEN_THEN_MORE))
    assert [(m.start(), m.end()) for m in matches] == [(OPEN_THEN_MORE.index("/*"), len(OPEN_THEN_MORE))]


def test_a_closed_comment_and_a_slash_star_slash_read_as_before() -> None:
    text = "/* a */ int b; /*/ c */ int d;"
    assert [m.group() for m in scanner._BLOCK_COMMENT_RE.finditer(text)] == ["/* a */"]  # '/*/' skipped, as always


def test_a_slash_star_slash_costs_no_look_ahead() -> None:
    """Review, session 36: the first fix looked ahead for a '*/' at every '/*/', which made a file of
    '/*/ x */' lines quadratic.  The search at a '/*/' fails at once now: the matches of a text
    made of them are none, and a doc after them is found."""
    text = "/*/ x */\n" * 3 + "/** virFoo:\n * Foo.\n */\nint virFoo(void) { return 0; }\n"
    assert [m.group()[:11] for m in scanner._BLOCK_COMMENT_RE.finditer(text)] == ["/** virFoo:"]
    assert scanner._BLOCK_COMMENT_RE.pattern.count("(?!") == 2  # the two '(?!/)', no look-ahead over the text


def test_a_comment_left_open_inside_a_literal_ends_the_search() -> None:
    """No '*/' follows it, so no comment can close after it: the scan stops there (it restarted at every
    later literal's '/*', each search running to the end), and the file reads as before."""
    text = "/** virFoo:\n * Foo.\n */\nint virFoo(void) { return 0; }\n" + 'const char *s = "/tmp/*";\n' * 3
    docs = scanner.scan_docs_only("x.c", text)
    assert docs.at_definition("virFoo") is not None


def test_an_unclosed_comment_is_one_token_to_the_end_in_a_header() -> None:
    kinds = [(m.lastgroup, m.group()) for m in scanner._TOKEN_RE.finditer(OPEN_THEN_MORE) if m.lastgroup != "space"]
    assert kinds[-1] == ("comment", OPEN_THEN_MORE[OPEN_THEN_MORE.index("/*") :])
    assert [kind for kind, _ in kinds].count("comment") == 1


def test_the_damaged_files_still_stop_the_run_at_the_open_comment(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    source = tree / "src" / "libvirt-domain-checkpoint.c"
    lines = source.read_text(encoding="utf-8").count("\n")
    source.write_text(source.read_text(encoding="utf-8") + "/* x\n" * 2000, encoding="utf-8")
    result = run("api", "--srcdir", tree, "-o", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"{tree}/src/libvirt-domain-checkpoint.c:{lines + 1}:1: error: unterminated comment\n"


def test_check_does_not_hang_on_a_fifo_version_script(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    syms = tree / "src" / "libvirt_public.syms"
    syms.unlink()
    os.mkfifo(syms)
    result = run("check", "--srcdir", tree, cwd=tmp_path)  # run() gives up after 300 s: the hang fails the test
    assert result.returncode == 1
    assert f"{syms}:1:1: error: the version script of libvirt is missing (or not a file)" in result.stdout


@pytest.mark.parametrize("version", ["9..0", "x.y.z", "9.0", "12345678901234567890.0.0"])
def test_a_project_version_libvirts_build_cannot_split_is_an_error_at_it(tmp_path: Path, version: str) -> None:
    """'9..0' ended in a ValueError traceback; 'x.y.z' fell back to the .syms file in silence."""
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    meson = tree / "meson.build"
    meson.write_text(meson.read_text(encoding="utf-8").replace("version: '9.0.0'", f"version: '{version}'"), encoding="utf-8")
    result = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree)
    assert (result.returncode, result.stderr) == (
        1, f"meson.build:2:35: error: the project version '{version}' is not MAJOR.MINOR.MICRO (digits; libvirt's build reads the number from"
        " the first three parts)\n",
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("project", "number"),
    [
        ("project('libvirt', 'c', meson_version: '>= 0.56.0', version: '9.1.2')", 9001002),  # review: meson_version was read
        ("project('libvirt', 'c',\n  # version: 'old'\n  version: '9.0.0.1')", 9000000),  # a comment, and a fourth part, as libvirt's build
    ],
)
def test_what_libvirts_build_accepts_is_read(tmp_path: Path, project: str, number: int) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE_TREE, tree)
    (tree / "meson.build").write_text(project + "\n", encoding="utf-8")
    result = run("api", "--srcdir", ".", "-o", tmp_path / "out", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert f"<macro name='LIBVIR_VERSION_NUMBER' file='libvirt-common' raw='{number}'" in (tmp_path / "out" / "libvirt-api.xml").read_text(encoding="utf-8")


def test_diff_fails_the_gate_when_new_has_an_input_error(tmp_path: Path) -> None:
    """NEW's .syms made a folder: every function unversioned, the diff still shown, and exit 1, not 0."""
    new = tmp_path / "new"
    shutil.copytree(SAMPLE_TREE, new)
    syms = new / "src" / "libvirt_public.syms"
    syms.unlink()
    syms.mkdir()
    result = run("diff", SAMPLE_TREE, new, "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: the version script of libvirt is missing (or not a file)" in result.stderr and "(in NEW)" in result.stderr
    assert "virt-apigen diff:" in result.stderr  # the summary: the diff was made
    reverse = run("diff", new, SAMPLE_TREE, cwd=tmp_path)  # OLD's error is said and passes
    assert "(in OLD)" in reverse.stderr and reverse.returncode == 0


def test_diff_json_says_why_it_exits_1(tmp_path: Path) -> None:
    """Review, session 36: '{"changes": []}' and exit 1, the reason on stderr only."""
    import json

    new = tmp_path / "new"
    shutil.copytree(SAMPLE_TREE, new)
    syms = new / "src" / "libvirt_public.syms"
    syms.unlink()
    syms.mkdir()
    result = run("diff", "--format", "json", SAMPLE_TREE, new, cwd=tmp_path)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert [(d["side"], d["rule"], d["file"], d["severity"]) for d in document["diagnostics"]] == [("NEW", "syms-file", str(syms), "error")]
    clean = run("diff", "--format", "json", SAMPLE_TREE, SAMPLE_TREE, cwd=tmp_path)
    assert (clean.returncode, json.loads(clean.stdout)) == (0, {"changes": []})  # no key without errors


def test_diffs_macro_tokens_take_a_comment_left_open_as_one() -> None:
    """Review, session 36: an XML macro's raw value with thousands of unclosed '/*' made diff's tokenizer
    search to the end from each of them (quadratic); the comment left open is dropped whole, as a closed one."""
    from generator.apidiff import compare

    assert compare._tokens("(1 /* open /* /* more") == ("(", "1")
    assert compare._tokens("(4096 /* x */ + 1)") == ("(", "4096", "+", "1", ")")
    assert compare._C_TOKEN_RE.match("/* a /* b").group() == "/* a /* b"
