"""A ``.c`` file whose conditionals do not pair up is an error, as in gcc.

A file cut inside an ``#ifdef`` (after a whole definition: every bracket
closed, the last declaration ended) was read in silence, though gcc stops on
it ("unterminated #ifdef"): 24 of the line-end cuts of 9.0.0's documented
sources.  The run now stops at the innermost open conditional's name (gcc
gives its line; the column is the one gcc gives "#endif without #if"), and
an ``#else``, ``#elif`` or ``#endif`` with no ``#if`` open stops it where it
stands.  Directives count only first on their line, outside comments and
literals, spaces and line continuations allowed after their '#'.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LIBVIRT_TREE, require
from frontend_support import BASE_SOURCE, SOURCE, libvirt_mini_tree, make_tree, run, snapshot

from generator.frontend import FrontendError
from generator.frontend.scanner import _conditionals_look_balanced, scan_docs_only

BASE_LINES = BASE_SOURCE.count("\n")  # 16: a directive appended to it stands on line 17


def _error(text: str) -> str:
    with pytest.raises(FrontendError) as caught:
        scan_docs_only("src/libvirt-x.c", text)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#ifdef WITH_X\n" + BASE_SOURCE, "1:2: error: unterminated #ifdef"),
        ("#if WITH_X\n" + BASE_SOURCE, "1:2: error: unterminated #if"),
        ("#ifndef WITH_X\n" + BASE_SOURCE, "1:2: error: unterminated #ifndef"),
        # nested: the innermost first, as gcc reports them
        ("#if WITH_X\n" + BASE_SOURCE + "# ifndef WITH_Y\nint x;\n", f"{BASE_LINES + 2}:3: error: unterminated #ifndef"),
        ("#ifdef A\n#endif\n#ifdef B\n# if C\n# endif\n" + BASE_SOURCE, "3:2: error: unterminated #ifdef"),
        ("  #  ifdef WITH_X\n" + BASE_SOURCE, "1:6: error: unterminated #ifdef"),  # spaces around the '#'
        ("#\tifdef WITH_X\n" + BASE_SOURCE, "1:3: error: unterminated #ifdef"),
        ("#\\\nifdef WITH_X\n" + BASE_SOURCE, "2:1: error: unterminated #ifdef"),  # a continuation after the '#'
        ("#ifdef WITH_X\n" + BASE_SOURCE + "#else\nint x;\n", "1:2: error: unterminated #ifdef"),  # cut in its #else
        (BASE_SOURCE + "#ifdef WITH_X\n", f"{BASE_LINES + 1}:2: error: unterminated #ifdef"),  # cut right after it
    ],
)
def test_an_unterminated_conditional_is_an_error_at_its_name(text: str, expected: str) -> None:
    assert _error(text) == "src/libvirt-x.c:" + expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BASE_SOURCE + "#endif\n", f"{BASE_LINES + 1}:2: error: #endif without #if"),
        ("#if A\n#endif\n" + BASE_SOURCE + "#else\n#endif\n", f"{BASE_LINES + 3}:2: error: #else without #if"),
        ("  #  elif B\n" + BASE_SOURCE, "1:6: error: #elif without #if"),
        ("#endif\n#ifdef A\n" + BASE_SOURCE, "1:2: error: #endif without #if"),  # where it stands: first in the file
    ],
)
def test_a_closing_directive_with_no_if_open_is_an_error_where_it_stands(text: str, expected: str) -> None:
    assert _error(text) == "src/libvirt-x.c:" + expected


@pytest.mark.parametrize(
    "text",
    [
        "/*\n#if 1\n */\n" + BASE_SOURCE,  # in a comment, first on its line
        "/* see #ifdef X */\n" + BASE_SOURCE,
        "// #endif\n" + BASE_SOURCE,
        'static const char *s = "\\\n#if 1";\n' + BASE_SOURCE,  # in a string, through a continuation
        "static const char c = '\\\n#';\n" + BASE_SOURCE,
        "/*\n#endif\n */\n" + BASE_SOURCE,
    ],
)
def test_a_directive_in_a_comment_or_literal_is_not_counted(text: str) -> None:
    assert scan_docs_only("src/libvirt-x.c", text).get("virConnectFoo") is not None


def test_a_comment_never_makes_up_for_a_cut_conditional() -> None:
    """An ``#endif`` first on a line of a comment does not pair with the real ``#ifdef``."""
    text = "#ifdef WITH_X\n/*\n#endif\n */\n" + BASE_SOURCE
    assert _error(text) == "src/libvirt-x.c:1:2: error: unterminated #ifdef"
    assert _error("#ifdef WITH_X\n/* see\n#endif */\n" + BASE_SOURCE) == "src/libvirt-x.c:1:2: error: unterminated #ifdef"


@pytest.mark.parametrize(
    "text",
    [
        BASE_SOURCE,
        "#ifdef WITH_X\n# include <x.h>\n#endif\n" + BASE_SOURCE,
        "#if A\n" + BASE_SOURCE + "#elif B\nint x;\n#else\nint y;\n#endif\n",
        "#  ifndef A\n#   if B\nint x;\n#   endif\n#  endif\n" + BASE_SOURCE,
        "#\\\nifdef A\nint x;\n#\\\nendif\n" + BASE_SOURCE,
    ],
)
def test_balanced_conditionals_are_read(text: str) -> None:
    assert _conditionals_look_balanced(text)
    assert scan_docs_only("src/libvirt-x.c", text).get("virConnectFoo") is not None


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ("#ifdef A\nint x;\n#endif\n", True),
        ("#ifdef A\nint x;\n", False),  # a cut: an #if more
        ("int x;\n#endif\n", False),  # a stray #endif
        ("/* see #endif */\n", True),  # not first on its line: no directive
        ("/*\n#endif\n */\n", False),  # a comment may hold it: the exact pass tells
        ('s = "\\\n#endif";\n', False),  # so may a continued literal
    ],
)
def test_the_quick_look_sends_every_doubtful_file_to_the_exact_pass(text: str, balanced: bool) -> None:
    assert _conditionals_look_balanced(text) is balanced


def test_cli_reports_an_unterminated_ifdef_and_writes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path / "tree", source=BASE_SOURCE + "\n#ifdef WITH_X\n")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"tree/{SOURCE}:{BASE_LINES + 2}:2: error: unterminated #ifdef"]
    assert not (tmp_path / "out").exists()


def test_cli_reports_a_stray_endif_and_leaves_earlier_outputs_untouched(tmp_path: Path) -> None:
    make_tree(tmp_path / "tree")
    assert run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "out")
    (tmp_path / "tree" / SOURCE).write_text(BASE_SOURCE + "#endif\n", encoding="utf-8")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"tree/{SOURCE}:{BASE_LINES + 1}:2: error: #endif without #if"]
    assert snapshot(tmp_path / "out") == before


def test_libvirt_c_cut_inside_its_ifdef_WIN32(tmp_path: Path) -> None:
    """One of the QA sweep's 24 cuts: 9.0.0's libvirt.c up to the ``}`` of the first function under
    ``#ifdef WIN32`` (line 315), whole C but for the ``#endif``; gcc: "<stdin>:315: error: unterminated #ifdef"."""
    path = LIBVIRT_TREE / "src" / "libvirt.c"
    require(path.is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE})")
    whole = path.read_text(encoding="utf-8")
    opener = whole.index("\n#ifdef WIN32\n") + 1
    cut = whole[: whole.index("\n}\n", opener) + 3]
    assert "#endif" not in cut[opener:]
    libvirt_mini_tree(tmp_path / "tree", "libvirt.c", cut)
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == ["tree/src/libvirt.c:315:2: error: unterminated #ifdef"]
    assert not (tmp_path / "out").exists()
    (tmp_path / "tree" / "src" / "libvirt.c").write_text(whole, encoding="utf-8")  # and whole, it is read
    assert run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path).returncode == 0


def test_every_line_end_cut_of_libvirt_lxc_c_inside_a_conditional_is_refused() -> None:
    """A cut at each line end of 9.0.0's libvirt-lxc.c: none that leaves an ``#ifdef`` open is read."""
    path = LIBVIRT_TREE / "src" / "libvirt-lxc.c"
    require(path.is_file(), f"the libvirt 9.0.0 source tree ({LIBVIRT_TREE})")
    text = path.read_text(encoding="utf-8")
    open_ends = []
    for end in (index + 1 for index, char in enumerate(text) if char == "\n"):
        lines = text[:end].splitlines()
        depth = sum(line.startswith("#if") for line in lines) - sum(line.startswith("#endif") for line in lines)
        if depth:
            open_ends.append(end)
            with pytest.raises(FrontendError):
                scan_docs_only("src/libvirt-lxc.c", text[:end])
    assert len(open_ends) == 52  # its 4 #ifdefs' lines: 2 around includes, 2 in virDomainLxcEnterSecurityLabel
