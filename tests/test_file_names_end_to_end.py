"""File and folder names, end to end.

Odd names in a tree (quotes, ``&``, ``<``, spaces, ``é``, a backslash, a
leading ``-``) must give well-formed XML that the reader takes back; the
depfile must be read by make and ninja as the paths it lists; a path that is
not UTF-8 is written and printed as its bytes; ``diff`` takes an existing
path with a comma whole.  Each test runs ``python -m generator`` as a user
or a build would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from apixml_support import SAMPLE_XML
from conftest import REPO, exported_from, require, without_source_line
from conftest import SAMPLE_TREE as SAMPLE
from frontend_support import HEADER, SOURCE, SYMS, make_tree

from generator.frontend.apixml_reader import load_api_xml
from generator.frontend.errors import FrontendError
from generator.frontend.tree import name_problem
from generator.output import _escape_make, depfile_data

NOT_UTF8 = os.fsdecode(b"tr\xffee")  # a folder name that is not UTF-8, as Python holds it


def run(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command with its output as bytes (paths that are not UTF-8 are compared as such)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *(os.fspath(a) if isinstance(a, Path) else str(a) for a in args)],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})}, capture_output=True, check=False, timeout=120,
    )


def ok(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[bytes]:
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    return result


def macro_header(name: str) -> str:
    return f"/**\n * {name}:\n *\n * A macro.\n *\n * Since: 1.0.0\n */\n#define {name} 1\n"


# Characters the reader once refused on the way back (and a few more).
ODD = ["a b", "a#b", "a$b", "a%b", "a:b", "a*b", "a?b", "a\\b", "-x", "a'b", "a&b", "a<b", "a>b", 'a"b', "café", "a\tb", ".x", "a;b"]


# --- odd names give well-formed XML that reads back ----------------------------------


def test_quotes_and_ampersands_in_header_and_source_names_are_escaped_in_the_xml(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "include/libvirt/libvirt-a'b&c.h").write_text(macro_header("VIR_AB"), encoding="utf-8")
    (tree / SOURCE).rename(tree / "src/libvirt-x'y<z.c")
    ok(run("api", "-o", "out", "include/libvirt/libvirt-a'b&c.h", HEADER, SYMS, "src/libvirt-x'y<z.c", cwd=tree))
    root = ElementTree.parse(tree / "out" / "libvirt-api.xml").getroot()  # not well-formed before: file='libvirt-a'b&c'
    assert sorted(f.get("name", "") for f in root.iter("file")) == ["libvirt-a'b&c", "libvirt-host"]
    assert root.find("symbols/macro[@name='VIR_AB']").get("file") == "libvirt-a'b&c"  # type: ignore[union-attr]
    assert root.find("symbols/function[@name='virConnectFoo']").get("module") == "libvirt-x'y<z"  # type: ignore[union-attr]


def test_every_name_a_tree_run_accepts_reads_back(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    for index, name in enumerate(ODD):
        (tree / f"include/libvirt/libvirt-{name}.h").write_text(macro_header(f"VIR_ODD_{index}"), encoding="utf-8")
    (tree / SOURCE).rename(tree / "src/libvirt-a'b&c\"d<e.c")
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    written = (tmp_path / "out" / "libvirt-api.xml").read_bytes()
    root = ElementTree.fromstring(written)  # a raw tab in an attribute reads as a space here (our reader keeps it)
    assert {f.get("name") for f in root.iter("file")} == {f"libvirt-{name}".replace("\t", " ") for name in ODD} | {"libvirt-host"}
    # the reader takes back what api wrote (it refused 14 of these names), and writes the same bytes
    ok(run("generate", "--api-xml", "out/libvirt-api.xml", "--only", "api,html", "-o", "back", cwd=tmp_path))
    back = (tmp_path / "back" / "api" / "libvirt-api.xml").read_bytes().decode("utf-8")
    assert exported_from(back, "libvirt-api.xml") == without_source_line(written.decode("utf-8"))
    pages = {p.name for p in (tmp_path / "back" / "html").iterdir()}
    assert {f"libvirt-libvirt-{name}.html" for name in ODD} <= pages
    assert ok(run("diff", "out", "tree", cwd=tmp_path)).stdout == b""  # and diff reads it: nothing changed


@pytest.mark.parametrize(("name", "problem"), [
    ("", "is empty"), (".", "is '.'"), ("..", "is '..'"), ("../x", "holds a '/'"), ("a\nb", "holds a line break"),
    ("a\u2028b", "holds a line break"), ("a\x85b", "holds a line break"), ("a\x1bb", "holds the control character U+001B"),
    ("a\udcffb", "is not valid UTF-8"), ("a\ufffeb", "holds U+FFFE, which XML cannot carry"),
])  # fmt: skip
def test_the_one_name_rule_refuses_only_what_breaks_a_file_name(name: str, problem: str) -> None:
    assert name_problem(name) == problem
    assert [n for n in [*ODD, "libvirt-domain", "...", "x" * 200] if name_problem(n) is not None] == []


def api_document(tmp_path: Path, module: str, header: str) -> Path:
    path = tmp_path / "in.xml"
    text = f"<api name='{module}'><files><file name='{header}'><summary/><description/></file></files><symbols/></api>"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["libvirt-café", "a&apos;b&amp;c", "a b", "-x", "a:b", "a\\b", "a&lt;b", "a&#9;b", ".x"])
def test_the_reader_accepts_what_api_writes(tmp_path: Path, name: str) -> None:
    module = load_api_xml([str(api_document(tmp_path, name, name))]).api.modules[0]
    unescaped = ElementTree.fromstring(f"<x n='{name}'/>").get("n")
    assert (module.name, [h.name for h in module.headers]) == (unescaped, [unescaped])


@pytest.mark.parametrize(("module", "header", "message"), [
    ("..", "h", "<api> name '..' cannot be a file name: it is '..'"),
    ("a/b", "h", "<api> name 'a/b' cannot be a file name: it holds a '/'"),
    ("libvirt", "a&#x2028;b", "<file> name 'a\\u2028b' cannot be a file name: it holds a line break"),
    ("libvirt", "a&#x85;b", "<file> name 'a\\x85b' cannot be a file name: it holds a line break"),
    ("libvirt", "a&#x9f;b", "<file> name 'a\\x9fb' cannot be a file name: it holds the control character U+009F"),
])  # fmt: skip
def test_the_reader_refuses_what_cannot_name_a_file(tmp_path: Path, module: str, header: str, message: str) -> None:
    # The message said "not a plain file name (letters, digits, ...)", though "é" is a letter.
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(api_document(tmp_path, module, header))])
    assert caught.value.message == message


def test_attributes_read_from_xml_are_escaped_when_written_back(tmp_path: Path) -> None:
    path = tmp_path / "in.xml"
    path.write_text(
        "<api name='libvirt'><files><file name='libvirt-x'><summary/><description/></file></files><symbols>"
        "<enum name='VIR_A' file='libvirt-x' value='1' type='a&amp;b' version='1&amp;2'/>"
        "<typedef name='virT' file='libvirt-x' type='int' version='1&lt;2'/>"
        "<function name='virF' file='libvirt-x' module='li&amp;b' version='3&apos;4'><info>x</info><return type='void'/></function>"
        "</symbols></api>",
        encoding="utf-8",
    )
    ok(run("api", "--api-xml", path, "-o", "out", cwd=tmp_path))
    symbols = ElementTree.parse(tmp_path / "out" / "libvirt-api.xml").getroot().find("symbols")
    assert symbols is not None
    assert [(s.get("type"), s.get("version"), s.get("module")) for s in symbols] == [
        ("a&b", "1&2", None), ("int", "1<2", None), (None, "3'4", "li&b"),
    ]


# --- --srcdir takes every libvirt-*.h, or says why not --------------------------------------


def test_srcdir_reads_a_header_whose_name_has_a_space(tmp_path: Path) -> None:
    # It was skipped without a word (pattern libvirt-[\w-]+.h): only syms-undeclared said something.
    tree = make_tree(tmp_path / "tree", syms="LIBVIRT_1.0.0 {\n    global:\n        virConnectFoo;\n        virBar;\n};\n")
    (tree / "include/libvirt/libvirt-my bar.h").write_text("int virBar(int a);\n", encoding="utf-8")
    done = ok(run("check", "--srcdir", "tree", cwd=tmp_path))
    assert b"syms-undeclared" not in done.stdout + done.stderr
    ok(run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path))
    root = ElementTree.parse(tmp_path / "out" / "libvirt-api.xml")
    assert root.find("symbols/function[@name='virBar']").get("file") == "libvirt-my bar"  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "shown", "problem"), [
    (b"include/libvirt/libvirt-a\x01b.h", "include/libvirt/libvirt-a\\x01b.h", "holds the control character U+0001"),
    (b"include/libvirt/libvirt-a\xffb.h", "include/libvirt/libvirt-a\\xffb.h", "is not valid UTF-8"),
    (b"src/libvirt-\x1b[31m.c", "src/libvirt-\\x1b[31m.c", "holds the control character U+001B"),
])  # fmt: skip
def test_srcdir_refuses_a_public_file_no_output_can_name(tmp_path: Path, name: bytes, shown: str, problem: str) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / os.fsdecode(name)).write_text("int virBar(int a);\n", encoding="utf-8")
    done = run("api", "--srcdir", "tree", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr.decode()) == (1, f"tree/{shown}:1:1: error: the file name {problem}\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["api"], ["api", "--format", "json"], ["generate", "--only", "api"], ["generate", "--only", "html"], ["generate"]])
def test_an_api_xml_name_that_is_not_utf8_is_refused_by_the_commands_that_write_it(tmp_path: Path, command: list[str]) -> None:
    """QA (session 24): a traceback (UnicodeEncodeError) as the name went into "generated by virt-apigen from X"
    and the JSON's locations; it gets a header's error instead.  check and diff, which only print it, read it."""
    xml = tmp_path / "x" / os.fsdecode(b"caf\xe9.xml")
    xml.parent.mkdir()
    shutil.copy(SAMPLE_XML, xml)
    done = run(*command, "--api-xml", "x/" + xml.name, "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, b"x/caf\\xe9.xml:1:1: error: the file name is not valid UTF-8\n")
    assert not (tmp_path / "out").exists()
    assert run("check", "--api-xml", "x/" + xml.name, cwd=tmp_path).returncode == 0
    assert run("diff", "x/" + xml.name, "x/" + xml.name, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(("name", "shown", "problem"), [
    ("a\x01b.xml", "a\\x01b.xml", "holds the control character U+0001"),
    ("a\nb.xml", "a\\nb.xml", "holds a line break"),
    ("a\ufffeb.xml", "a\\ufffeb.xml", "holds U+FFFE, which XML cannot carry"),
])  # fmt: skip
def test_an_api_xml_name_no_output_can_hold_is_refused_as_a_header_name_is(tmp_path: Path, name: str, shown: str, problem: str) -> None:
    """The XML file's name is in every output: a control character made the XML unwritable, an error
    ('U+0001 in the text of ...') that named the output file as if it were the input."""
    shutil.copy(SAMPLE_XML, tmp_path / name)
    for command in (["api"], ["generate", "--only", "json"]):
        done = run(*command, "--api-xml", name, "-o", "out", cwd=tmp_path)
        assert (done.returncode, done.stderr.decode()) == (1, f"{shown}:1:1: error: the file name {problem}\n")
    assert not (tmp_path / "out").exists()
    shutil.copy(SAMPLE_XML, tmp_path / "a\tb.xml")  # a tab breaks no line: fine, as in a header's name
    ok(run("api", "--api-xml", "a\tb.xml", "-o", "out", cwd=tmp_path))


def test_an_api_xml_in_a_folder_that_is_not_utf8_is_written_when_only_the_folder_is_odd(tmp_path: Path) -> None:
    """The folder above the XML files is named in no output (names are relative to it): that run writes, and
    the depfile lists the path as its bytes; a second file elsewhere puts the folder into the names: refused."""
    folder = tmp_path / NOT_UTF8
    folder.mkdir()
    shutil.copy(SAMPLE_XML, folder / "libvirt-api.xml")
    ok(run("api", "--api-xml", f"{NOT_UTF8}/libvirt-api.xml", "-o", "out", "--depfile", "dep.d", cwd=tmp_path))
    assert b"generated by virt-apigen from libvirt-api.xml;" in (tmp_path / "out" / "libvirt-api.xml").read_bytes()
    assert b" tr\xffee/libvirt-api.xml" in (tmp_path / "dep.d").read_bytes()
    (tmp_path / "other").mkdir()
    shutil.copy(SAMPLE_XML, tmp_path / "other" / "x.xml")
    # (a second libvirt module, an error too, but the names are checked before any file is read)
    done = run("api", "--api-xml", f"{NOT_UTF8}/libvirt-api.xml", "--api-xml", "other/x.xml", "-o", "out2", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, b"tr\\xffee/libvirt-api.xml:1:1: error: the file name is not valid UTF-8\n")


def test_a_header_named_dot_h_is_refused(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    (tree / "include/libvirt/..h").write_text("int virBar(int a);\n", encoding="utf-8")
    done = run("api", "-o", "out", "include/libvirt/..h", SYMS, cwd=tree)
    assert (done.returncode, done.stderr) == (1, b"include/libvirt/..h:1:1: error: the file name gives the header name '.', which is '.'\n")


# --- the depfile escapes as gcc does --------------------------------------------------------


def test_depfile_escapes_paths_as_gcc_does() -> None:
    # gcc 12's -MM output for these names; a backslash was doubled everywhere, which make and ninja keep doubled.
    cases = {"a\\b": "a\\b", "c d": "c\\ d", "e\\ f": "e\\\\\\ f", "g#h": "g\\#h", "i\\#j": "i\\\\#j", "k$l": "k$$l", "m\tn": "m\\\tn"}
    assert {name: _escape_make(name) for name in cases} == cases


def make_and_ninja_agree(folder: Path, command: list[str], target: str) -> None:
    """make and ninja, given the depfile, see ``target`` as up to date after a run."""
    require(shutil.which("make") is not None and shutil.which("ninja") is not None, "make and ninja (apt-get install make ninja-build)")
    (folder / "Makefile").write_text(f"include dep.d\n{_escape_make(target)}:\n\t@echo REBUILD\n", encoding="utf-8")
    made = subprocess.run(["make", "-q"], cwd=folder, capture_output=True, check=False)
    assert made.returncode == 0, made.stdout + made.stderr  # 1: "REBUILD" on every build
    quoted = " ".join("'" + c.replace("'", "'\\''") + "'" for c in command)
    (folder / "build.ninja").write_text(
        f"rule r\n  command = {quoted}\n  depfile = dep.d\nbuild {target.replace(' ', '$ ')}: r\n", encoding="utf-8"
    )
    subprocess.run(["ninja"], cwd=folder, capture_output=True, check=True)  # ninja records the depfile on its first run
    second = subprocess.run(["ninja", "-n", "-d", "explain"], cwd=folder, capture_output=True, check=True)
    assert b"no work to do" in second.stdout, second.stdout + second.stderr


def test_make_and_ninja_read_a_backslash_in_the_depfile_back(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "tr\\ee")
    arguments = ["api", "--srcdir", "tr\\ee", "-o", "out", "--depfile", "dep.d"]
    ok(run(*arguments, cwd=tmp_path))
    assert b" tr\\ee/include/libvirt \\\n" in (tmp_path / "dep.d").read_bytes()  # was tr\\\\ee
    make_and_ninja_agree(tmp_path, ["env", f"PYTHONPATH={REPO}", sys.executable, "-m", "generator", *arguments], "out/libvirt-api.xml")


# --- paths that are not UTF-8 -----------------------------------------------------------


def test_depfile_of_paths_that_are_not_utf8_holds_their_bytes(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / NOT_UTF8)
    ok(run("api", "--srcdir", NOT_UTF8, "-o", NOT_UTF8 + "-out", "--depfile", "dep.d", cwd=tmp_path))  # a traceback before
    data = (tmp_path / "dep.d").read_bytes()
    assert data.startswith(b"tr\xffee-out/libvirt-api.xml: \\\n") and b" tr\xffee/include/libvirt \\\n" in data
    assert depfile_data(["o\udcff"], []) == b"o\xff:\n"
    rerun = subprocess.run(  # the stamp holds such paths too: the rerun stops before loading the CLI
        [sys.executable, "-X", "importtime", "-m", "generator", "api", "--srcdir", NOT_UTF8, "-o", NOT_UTF8 + "-out", "--depfile", "dep.d"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, check=True, timeout=120,
    )
    assert b"generator.fastpath" in rerun.stderr and b"generator.cli" not in rerun.stderr
    require(shutil.which("make") is not None, "make")
    (tmp_path / "Makefile").write_bytes(b"include dep.d\ntr\xffee-out/libvirt-api.xml:\n\t@echo REBUILD\n")
    assert subprocess.run(["make", "-q"], cwd=tmp_path, capture_output=True, check=False).returncode == 0


@pytest.mark.parametrize("encoding", ["", "utf-8"])  # the locale's streams; stdout strict (as under en_US.UTF-8)
def test_messages_print_paths_that_are_not_utf8_as_their_bytes(tmp_path: Path, encoding: str) -> None:
    shutil.copytree(SAMPLE, tmp_path / NOT_UTF8)
    (tmp_path / NOT_UTF8 / "src" / "libvirt_public.syms").unlink()
    env = {"PYTHONIOENCODING": encoding} if encoding else {}
    done = run("api", "--srcdir", NOT_UTF8, "-o", "out", cwd=tmp_path, env=env)
    assert done.returncode == 1 and done.stderr.startswith(b"tr\xffee/src/libvirt_public.syms:1:1: error: ")  # was tr\udcffee
    checked = run("check", "--srcdir", NOT_UTF8, cwd=tmp_path, env=env)
    assert b"Traceback" not in checked.stderr and checked.stdout.startswith(b"tr\xffee/"), checked.stderr


# --- diff takes an existing path with a comma whole ------------------------------------------


def test_diff_takes_an_existing_path_with_a_comma_whole(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "v1,old")
    shutil.copytree(SAMPLE, tmp_path / "v2")
    assert ok(run("diff", "v1,old", "v2", cwd=tmp_path)).stdout == b""  # was "v1:1:1: error: no such file (in OLD)"
    ok(run("api", "--srcdir", "v2", "-o", "x,ml", cwd=tmp_path))
    assert ok(run("diff", "x,ml", "v2", cwd=tmp_path)).stdout == b""
    ok(run("api", "--srcdir", "v2", "-o", "xml", cwd=tmp_path))
    assert ok(run("diff", "xml/libvirt-api.xml,", "v2", cwd=tmp_path)).stdout == b""  # a list still splits
    missing = run("diff", "v1,nope", "v2", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (1, b"v1:1:1: error: no such file (in OLD)\n")


def test_a_stream_in_another_encoding_escapes_what_it_cannot_write(tmp_path: Path) -> None:
    """PYTHONIOENCODING=latin-1 and a path that is not UTF-8: escapes, never a traceback."""
    shutil.copytree(SAMPLE, tmp_path / NOT_UTF8)
    checked = run("check", "--srcdir", NOT_UTF8, cwd=tmp_path, env={"PYTHONIOENCODING": "latin-1"})
    assert checked.returncode == 0 and b"Traceback" not in checked.stderr, checked.stderr
    assert checked.stdout.startswith(b"tr\\udcffee/include/libvirt/")  # was a UnicodeEncodeError
