"""Limits of --api-xml reading found by QA: the cost of attribute line breaks
and tabs, out of memory without a traceback, names given twice in one
declaration, octal values, absolute paths in outputs, and types that are no
C type spelling (generator/frontend/apixml_reader.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator import cli
from generator.frontend import FrontendError, apixml_reader
from generator.frontend.apixml_reader import _input_names, load_api_xml, xml_root
from generator.model import Module

REPO = Path(__file__).resolve().parent.parent
SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"
FILES = "<files><file name='libvirt'><summary>s</summary></file></files>"


def api(symbols: str, module: str = "libvirt") -> str:
    return f"<?xml version='1.0'?>\n<api name='{module}'>{FILES}<symbols>{symbols}</symbols></api>\n"


def function(args: str, returns: str = "<return type='int' info='r'/>") -> str:
    return f"<function name='virFoo' file='libvirt' module='libvirt' version='1.0.0'><info>a</info>{returns}{args}</function>"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def refused(tmp_path: Path, *args: str) -> str:
    """The one error line of a run that must exit 1, print no traceback and write nothing."""
    out = tmp_path / "out"
    result = run_cli(*args, "-o", str(out), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if " error: " in line or line.startswith("virt-apigen: error")]
    assert len(lines) == 1, result.stderr
    assert not out.exists()
    return lines[0]


def one_module(path: Path) -> Module:
    result = load_api_xml([str(path)], str(path.parent))
    assert len(result.api.modules) == 1
    return result.api.modules[0]


# --- 1. line breaks and tabs in attribute values: linear, cheap -------------------


def measured(path: Path, expression: str) -> tuple[str, int, float]:
    """(repr of ``expression`` on the module read, peak MiB, seconds), in a child process."""
    code = (
        "import re, time\nfrom generator.frontend.apixml_reader import load_api_xml\n"
        f"start = time.monotonic()\nmodule = load_api_xml([{str(path)!r}]).api.modules[0]\nseconds = time.monotonic() - start\n"
        f"print(repr({expression}))\n"
        "print(int(re.search(r'^VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read(), re.M).group(1)) // 1024)\n"
        "print(seconds)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    shown, peak, seconds = result.stdout.splitlines()
    return shown, int(peak), float(seconds)


@pytest.mark.parametrize("blank", ["\t", "\n"])
def test_a_value_of_millions_of_tabs_or_line_feeds_costs_little(tmp_path: Path, blank: str) -> None:
    # 8 million: the old protection took ~90 bytes and ~0.6 us per one (720 MB, 5 s);
    # now the file's size a few times over.
    count = 8_000_000
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(function("", f"<return type='int' info='a{blank * count}b'/>")), encoding="utf-8")
    shown, peak, seconds = measured(path, "(len(module.functions[0].return_doc), module.functions[0].return_doc.strip(chr(9) + chr(10)))")
    assert shown == repr((count + 2, "a" + blank * count + "b"))
    assert peak < 250, peak
    assert seconds < 10, seconds


def test_marks_the_file_holds_itself_are_read_as_written(tmp_path: Path) -> None:
    # DEL and U+0080 are the marks of the fast parse: a file holding them (as bytes or
    # references) is parsed again with references, and every character comes back.
    values = ["a\tb\x7fc", "d\ne&#127;f", "g&#x80;h\ti", "\x80\n\x7f"]
    members = "".join(f"<enum name='VIR_{i}' file='libvirt' type='virE' value='{i}' info='{v}'/>" for i, v in enumerate(values))
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(members + "<typedef name='virE' file='libvirt' type='enum'/>"), encoding="utf-8")
    docs = [member.doc for member in one_module(path).members]
    assert docs == ["a\tb\x7fc", "d\ne\x7ff", "g\x80h\ti", "\x80\n\x7f"]


def test_elements_after_a_multi_line_tag_keep_their_lines_and_columns(tmp_path: Path) -> None:
    # The breaks taken out of a value go after the tag (a processing instruction), or,
    # when the tag's last line is its ">" alone, before its ">".
    symbols = (
        "\n<enum name='VIR_A' file='libvirt' type='virE' value='1' info='x\ny\nz'/><enum name='VIR_B' file='libvirt' type='virE' value='2'/>"
        "\n<struct name='virS' file='libvirt' type='struct _virS'\n><field name='f' type='int' info='p\nq'\n/><field name='g' type='int'/></struct>"
        "\n<struct name='virT' file='libvirt' type='struct _virT' doc='1\n2'\n><field name='h' type='int'/></struct>"
        "\n<typedef name='virE' file='libvirt' type='enum'/>"
    )
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(symbols), encoding="utf-8")
    module = one_module(path)
    where = {m.name: (m.location.line, m.location.col) for m in module.members}
    assert where == {"VIR_A": (3, 1), "VIR_B": (5, 5)}
    assert [m.doc for m in module.members] == ["x\ny\nz", ""]
    struct = module.structs[0]
    assert (struct.location.line, struct.location.col) == (6, 1)
    assert [(f.name, f.doc, f.location.line, f.location.col) for f in struct.fields or ()] == [("f", "p\nq", 7, 2), ("g", "", 9, 3)]
    assert [(f.name, f.location.line, f.location.col) for f in module.structs[1].fields or ()] == [("h", 12, 2)]  # breaks before the ">"


def test_a_malformed_multi_line_tag_is_said_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(f"<api name='libvirt'>{FILES}<symbols>\n<enum name='VIR_A' info='a\nb' <x/></symbols></api>\n", encoding="utf-8")
    assert refused(tmp_path, "api", "--api-xml", str(path)) == f"{path}:3:4: error: not well-formed XML: not well-formed (invalid token)"


def test_out_of_memory_is_one_line_exit_1_and_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Raised in the reader (in a forked child when one can be: background.py raises it again here).
    def exhausted(paths: list[str], root: str | None = None) -> object:
        raise MemoryError

    monkeypatch.setattr(apixml_reader, "load_api_xml", exhausted)
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(""), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["api", "--api-xml", str(path), "-o", str(out)]) == 1
    assert capsys.readouterr().err == "virt-apigen: error: out of memory; no output written\n"
    assert not out.exists()


def test_out_of_memory_under_a_memory_limit_is_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(function("", f"<return type='int' info='{chr(9) * 20_000_000}'/>")), encoding="utf-8")
    limit = 120 << 20
    code = (
        "import resource, runpy, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        f"sys.argv = ['virt-apigen', 'api', '--api-xml', {str(path)!r}, '-o', {str(tmp_path / 'out')!r}]\n"
        "runpy.run_module('generator', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stderr) == (1, "virt-apigen: error: out of memory; no output written\n")
    assert not (tmp_path / "out").exists()


# --- 2. a parameter or member name given twice ---------------------------------


def test_a_parameter_name_given_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    args = (
        "<arg name='domain' type='virDomainPtr' info='d'/>\n<arg name='flags' type='unsigned int' info='i'/>"
        "\n  <arg name='flags' type='unsigned int' info='j'/>"
    )
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(function(args)), encoding="utf-8")
    assert refused(tmp_path, "generate", "--only", "python", "--api-xml", str(path)) == f"{path}:4:3: error: duplicate parameter name 'flags'"


def test_a_callback_parameter_given_twice_is_an_error(tmp_path: Path) -> None:
    functype = (
        "<functype name='virCb' file='libvirt' module='libvirt'><info>c</info><return type='int' info='r'/>"
        "<arg name='a' type='int' info='x'/><arg name='a' type='int' info='y'/></functype>"
    )
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(functype), encoding="utf-8")
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(path)])
    assert (caught.value.message, caught.value.line) == ("duplicate parameter name 'a'", 2)


@pytest.mark.parametrize("fields", [
    "<field name='x' type='int' info='a'/><field name='x' type='long' info='b'/>",
    "<field name='value' type='virU'><union><field name='i' type='int'/><field name='i' type='long'/></union></field>",
])  # fmt: skip
def test_a_member_name_given_twice_is_an_error(tmp_path: Path, fields: str) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(f"<struct name='virS' file='libvirt' type='struct _virS'>{fields}</struct>"), encoding="utf-8")
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(path)])
    second = path.read_text(encoding="utf-8").rindex("<field") + 1 - len("<?xml version='1.0'?>\n")
    assert (caught.value.message, caught.value.line, caught.value.col) == (f"duplicate member '{'x' if 'x' in fields else 'i'}'", 2, second)


def test_the_same_name_in_a_struct_and_in_another_declaration_is_fine(tmp_path: Path) -> None:
    struct = "<struct name='virS' file='libvirt' type='struct _virS'><field name='flags' type='int'/></struct>"
    symbols = function("<arg name='flags' type='unsigned int' info='i'/>") + struct
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(symbols), encoding="utf-8")
    module = one_module(path)
    assert [p.name for p in module.functions[0].params] == ["flags"]


# --- 3. values as C reads them --------------------------------------------------


@pytest.mark.parametrize(("value", "read"), [("010", 8), ("-010", -8), ("0", 0), ("10", 10), ("0777", 511), ("-9223372036854775808", -(1 << 63))])
def test_a_value_is_read_as_c_reads_the_constant(tmp_path: Path, value: str, read: int) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(f"<enum name='VIR_L' file='libvirt' type='virE' value='{value}'/><typedef name='virE' file='libvirt' type='enum'/>"), encoding="utf-8")
    member = one_module(path).members[0]
    assert (member.value, member.expression) == (read, value)
    out = tmp_path / "out"
    result = run_cli("api", "--api-xml", str(path), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = (out / "libvirt-api.xml").read_text(encoding="utf-8")
    assert f"<enum name='VIR_L' file='libvirt' value='{read}' value_hex='{hex(read)}' type='virE'/>" in written


def test_a_value_with_a_leading_zero_and_an_8_or_9_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api("<enum name='VIR_L' file='libvirt' type='virE' value='09'/>"), encoding="utf-8")
    line = refused(tmp_path, "api", "--api-xml", str(path))
    col = len(FILES) + len("<api name='libvirt'><symbols>") + 1
    assert line == f"{path}:2:{col}: error: the value 09 of 'VIR_L' is not a C integer: a leading 0 makes it octal, which has no digit 8 or 9"


# --- 4. no absolute path in outputs ----------------------------------------------


def test_files_sharing_no_folder_are_named_by_their_file_names() -> None:
    paths = ["/nowhere-a/x/libvirt-api.xml", "/nowhere-b/y/libvirt-qemu-api.xml"]
    assert xml_root(paths) == "/"
    assert _input_names(paths, "/") == [("libvirt-api.xml", paths[0]), ("libvirt-qemu-api.xml", paths[1])]
    assert _input_names(["/nowhere-a/x/libvirt-api.xml", "/nowhere-a/z/libvirt-qemu-api.xml"], "/nowhere-a") == [
        ("x/libvirt-api.xml", "/nowhere-a/x/libvirt-api.xml"), ("z/libvirt-qemu-api.xml", "/nowhere-a/z/libvirt-qemu-api.xml"),
    ]  # fmt: skip  (diagnostics name a file as typed, absolute here)


def test_two_files_of_one_name_sharing_no_folder_are_an_error() -> None:
    with pytest.raises(FrontendError) as caught:
        _input_names(["/nowhere-a/libvirt-api.xml", "/nowhere-b/libvirt-api.xml"], "/")
    assert caught.value.file == "/nowhere-b/libvirt-api.xml"
    assert caught.value.message == (
        "two XML files that share no folder are both named 'libvirt-api.xml' (also /nowhere-a/libvirt-api.xml): put them in one folder under different names"
    )


def _folder_beside(path: Path) -> Path:
    """A new writable folder sharing no folder but ``/`` with ``path`` (deleted by the caller)."""
    top = path.parts[1]
    for candidate in ("/var/tmp", "/dev/shm", str(Path.home()), "/tmp"):
        folder = Path(os.path.realpath(candidate))
        if folder.parts[1:2] != (top,) and os.access(folder, os.W_OK):
            return Path(tempfile.mkdtemp(prefix="virt-apigen-test-", dir=folder))
    pytest.fail(f"no writable folder shares only / with {path}")


def test_no_absolute_folder_in_outputs_when_files_share_only_the_root(tmp_path: Path) -> None:
    tmp_path = Path(os.path.realpath(tmp_path))
    other = _folder_beside(tmp_path)
    try:
        shutil.copy(SAMPLE_XML, other / "libvirt-api.xml")
        (tmp_path / "libvirt-qemu-api.xml").write_text(api("<bogus/>", "libvirt-qemu"), encoding="utf-8")
        out = tmp_path / "out"
        given = ["--api-xml", str(other / "libvirt-api.xml"), "--api-xml", "./libvirt-qemu-api.xml"]
        result = run_cli("api", "--format", "json", *given, "-o", str(out), cwd=tmp_path)
    finally:
        shutil.rmtree(other)
    assert result.returncode == 0, result.stderr
    # what the reader says names the file so that it opens: its absolute path
    assert result.stderr.startswith(f"{tmp_path}/libvirt-qemu-api.xml:2:"), result.stderr
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("libvirt*.json")))
    assert '"generated": "generated by virt-apigen from libvirt-qemu-api.xml; do not edit"' in written
    assert str(tmp_path).lstrip("/") not in written and str(other).lstrip("/") not in written
    files = set(re.findall(r'"file": "([^"]*\.xml)"', written))
    assert files == {"libvirt-api.xml", "libvirt-qemu-api.xml"}


def test_check_names_files_sharing_only_the_root_by_paths_that_open(tmp_path: Path) -> None:
    """check's findings named them '/libvirt-qemu-api.xml', a file that does not exist, and could not read
    it to place a finding at its word (QA)."""
    tmp_path = Path(os.path.realpath(tmp_path))
    other = _folder_beside(tmp_path)
    qemu = "<function name='virFoo' file='libvirt' module='libvirt' version='1.0.0'><info>Does the the thing.</info><return type='int' info='r'/></function>"
    (tmp_path / "libvirt-qemu-api.xml").write_text(api(qemu, "libvirt-qemu"), encoding="utf-8")
    try:
        shutil.copy(SAMPLE_XML, other / "libvirt-api.xml")
        given = ["--api-xml", str(other / "libvirt-api.xml"), "--api-xml", str(tmp_path / "libvirt-qemu-api.xml")]
        result = run_cli("check", *given, cwd=tmp_path)
    finally:
        shutil.rmtree(other)
    doubled = [line for line in result.stdout.splitlines() if "[doubled-word]" in line]
    column = api(qemu, "libvirt-qemu").split("\n")[1].index("the the") + 1
    assert doubled == [f"{tmp_path}/libvirt-qemu-api.xml:2:{column}: warning: 'the the' in the doc of virFoo (description) doubles a word [doubled-word]"]


def test_a_folder_named_through_a_symlink_and_by_its_real_path_is_one_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    (real / "libvirt-api.xml").write_text(api(""), encoding="utf-8")
    (real / "libvirt-qemu-api.xml").write_text(api("", "libvirt-qemu"), encoding="utf-8")
    paths = [str(tmp_path / "link" / "libvirt-api.xml"), str(real / "libvirt-qemu-api.xml")]
    root = xml_root(paths)
    assert root == os.path.realpath(real)
    result = load_api_xml(paths, root)
    assert sorted(m.location.file for m in result.api.modules) == ["libvirt-api.xml", "libvirt-qemu-api.xml"]


# --- 5. types that are no C type spelling, a macro with string and raw --------------


def warnings(path: Path) -> list[str]:
    return [f"{d.location.line}:{d.location.col}: {d.message} [{d.rule}]" for d in load_api_xml([str(path)]).diagnostics]


def test_a_type_that_is_no_c_type_spelling_is_a_warning(tmp_path: Path) -> None:
    symbols = (
        function("<arg name='flags' type='}}{{ ); __import__(\"os\").system(\"id\"); (' info='i'/>")
        + "\n<struct name='virS' file='libvirt' type='struct _virS'><field name='a' type='unsigned long[3]); import os; x' info='a'/></struct>"
    )
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(symbols), encoding="utf-8")
    assert [w.split(": ", 1)[1] for w in warnings(path)] == [
        "the type '}}{{ ); __import__(\"os\").system(\"id\"); (' of <arg name='flags'> is no C type spelling: it is kept as it is [apixml-input]",
        "the type 'unsigned long[3]); import os; x' of <field name='a'> is no C type spelling: it is kept as it is [apixml-input]",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "spelled",
    [
        "int", "const char *", "char ** const", "unsigned long long", "virDomainPtr *", "char name[VIR_UUID_BUFLEN]", "char g[2][3]", "int v[N + 1]",
        "int (*)(int)", "void (*)(virConnectPtr, int, void *)", "int (*)(const char *, ...)",  # as the export writes a callback (QA)
    ],
)
def test_c_type_spellings_are_no_warning(tmp_path: Path, spelled: str) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api(function(f"<arg name='x' type='{spelled}' info='i'/>")), encoding="utf-8")
    assert warnings(path) == []


def test_the_sample_export_reads_without_warnings() -> None:
    assert load_api_xml([str(SAMPLE_XML)]).diagnostics == []


def test_a_macro_with_string_and_raw_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(api("<macro name='VIR_M' file='libvirt' string='x' raw='y'><info>m</info></macro>"), encoding="utf-8")
    expected = "macro 'VIR_M' has both string and raw: raw is ignored (it is read as the string quoted) [apixml-input]"
    assert [w.split(": ", 1)[1] for w in warnings(path)] == [expected]
    assert one_module(path).macros[0].raw == '"x"'
