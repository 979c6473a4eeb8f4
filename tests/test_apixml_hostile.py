"""Hostile API XML: the ``--api-xml`` reader bounds what a file can cost and
refuses what it cannot pass on safely, with one positioned error line and
never a traceback (see the "Hostile input" part of
``generator/frontend/apixml_reader.py``).

Each expensive case runs the CLI in a subprocess under a wall-clock timeout
and address-space and CPU limits, so a regression fails here instead of
hanging the run or taking the machine's memory; the inputs are sized so the
old code took from 20 s to forever on them, and the fixed code well under a
second.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.backends import apixml
from generator.frontend import FrontendError
from generator.frontend.apixml_reader import _MAX_BYTES, _MAX_FINDINGS, _protect_attribute_whitespace, evaluate, load_api_xml
from generator.model import Api

REPO = Path(__file__).resolve().parent.parent
SAMPLE_XML = REPO / "generated" / "api" / "libvirt-api.xml"
HEAD = "<api name='libvirt'><files><file name='libvirt-host'/></files><symbols>"
TAIL = "</symbols></api>"
MEMORY_LIMIT = 1 << 30  # bytes of address space for a CLI run: the old reader took 2.5 GB on 10 MB of junk
CPU_LIMIT = 20  # seconds: a backstop under the wall-clock timeout


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def cli(*args: str, cwd: Path, timeout: float = 10) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=timeout, preexec_fn=limited, check=False,
    )  # fmt: skip


def in_child(code: str, timeout: float = 10) -> str:
    """What ``code`` prints, run in a limited subprocess with ``load_api_xml`` imported
    (a regression to the old quadratic or unbounded code fails on the timeout)."""
    prelude = "from generator.frontend.apixml_reader import load_api_xml\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=timeout, preexec_fn=limited, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(path: Path, tmp_path: Path, command: str = "api") -> str:
    """The one error line of reading ``path`` with ``command``, which must exit 1 having written nothing."""
    out = tmp_path / "out"
    result = cli(command, "--api-xml", str(path), "-o", str(out), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if " error: " in line]
    assert len(lines) == 1, result.stderr
    assert not out.exists()
    return lines[0]


def document(tmp_path: Path, symbols: str, name: str = "libvirt-api.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + symbols + TAIL, encoding="utf-8")
    return path


def enum(name: str, value: str) -> str:
    return f"<enum name='{name}' file='libvirt-host' value='{value}' type='virA'/>"


def read_error(path: Path) -> FrontendError:
    with pytest.raises(FrontendError) as caught:
        load_api_xml([str(path)])
    assert caught.value.__cause__ is None
    return caught.value


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- 1. values, initializers and nesting: a positioned error, no traceback ---


def test_a_value_of_5000_digits_is_a_positioned_error(tmp_path: Path) -> None:
    path = document(tmp_path, enum("VIR_A", "9" * 5000))
    line = refused(path, tmp_path)
    assert line.startswith(f"{path}:1:{len(HEAD) + 1}: error: the value 999")
    assert "of 'VIR_A' does not fit in 64 bits" in line and len(line) < 300


@pytest.mark.parametrize(("value", "fits"), [
    ("18446744073709551615", True), ("-9223372036854775808", True),
    ("18446744073709551616", False), ("-9223372036854775809", False), ("0" * 30 + "1", False),
])  # fmt: skip
def test_literal_values_must_fit_in_64_bits(tmp_path: Path, value: str, fits: bool) -> None:
    path = document(tmp_path, enum("VIR_A", value))
    if fits:
        assert load_api_xml([str(path)]).api.modules[0].members[0].value == int(value)
    else:
        assert "does not fit in 64 bits" in read_error(path).message


@pytest.mark.parametrize("initializer", ["VIR_B" + "+1" * 100000, "VIR_B + " + "-" * 200000 + "1"])
def test_an_initializer_too_long_to_parse_is_a_positioned_error(tmp_path: Path, initializer: str) -> None:
    # The old reader: RecursionError, MemoryError.
    path = document(tmp_path, enum("VIR_A", initializer) + enum("VIR_B", "1"))
    line = refused(path, tmp_path)
    assert line == f"{path}:1:{len(HEAD) + 1}: error: the value of 'VIR_A' is longer than 512 characters: not a C enum initializer"


def test_an_initializer_nested_too_deeply_is_an_error(tmp_path: Path) -> None:
    path = document(tmp_path, enum("VIR_A", "(" * 101 + "VIR_B" + ")+1" * 101) + enum("VIR_B", "1"))
    assert "nests operators more than 100 deep" in read_error(path).message


def test_initializers_within_the_bounds_still_resolve(tmp_path: Path) -> None:
    members = (enum("VIR_A", "(" * 90 + "VIR_B" + ")+1" * 90) + enum("VIR_B", "VIR_E * -2") + enum("VIR_C", "(VIR_E - 1) * 4 + 3")
               + enum("VIR_D", "1U &lt;&lt; VIR_F") + enum("VIR_E", str(1 << 62)) + enum("VIR_F", "63"))
    values = {m.name: m.value for m in load_api_xml([str(document(tmp_path, members))]).api.modules[0].members}
    assert values == {"VIR_A": -(1 << 63) + 90, "VIR_B": -(1 << 63), "VIR_C": (1 << 64) - 1, "VIR_D": 1 << 63, "VIR_E": 1 << 62, "VIR_F": 63}


def test_evaluate_gives_none_beyond_the_bounds() -> None:
    # apidiff evaluates macro bodies with it: beyond the bounds is "cannot be computed", never an exception.
    assert evaluate("A * A", {"A": 1 << 40}) is None
    assert evaluate("(A - 1) * 2 + 1", {"A": 1 << 63}) == (1 << 64) - 1
    assert evaluate("A * 2 - 1", {"A": 1 << 63}) is None  # 2**64 on the way
    assert evaluate("1" + "+1" * 300, {}) is None
    assert evaluate("-" * 100 + "1", {}) == 1


def union_fields(depth: int) -> str:
    opened = "<field name='a' type='union' info=''><union>" * depth
    closed = "</union></field>" * depth
    return f"<struct name='virS' file='libvirt-host' type='struct _virS'>{opened}<field name='b' type='int' info=''/>{closed}</struct>"


def test_unions_nested_1200_deep_are_a_positioned_error(tmp_path: Path) -> None:
    # The old reader: RecursionError in the schema check and in reading the fields.
    path = document(tmp_path, union_fields(1200))
    line = refused(path, tmp_path)
    ninth = [match.start() for match in re.finditer("<union>", HEAD + union_fields(1200))][8]
    column = ninth + 1
    assert line == f"{path}:1:{column}: error: unions nested more than 8 deep in a struct's fields"


def test_unions_nested_8_deep_are_read(tmp_path: Path) -> None:
    field = load_api_xml([str(document(tmp_path, union_fields(8)))]).api.modules[0].structs[0].fields
    depth = 0
    while field and field[0].union is not None:
        field, depth = field[0].union, depth + 1
    assert depth == 8 and field is not None and field[0].name == "b"
    assert "unions nested more than 8" in read_error(document(tmp_path, union_fields(9))).message


def test_unknown_elements_nested_deeply_are_skipped(tmp_path: Path) -> None:
    path = document(tmp_path, "<x>" * 5000 + "</x>" * 5000)
    assert [d.message for d in load_api_xml([str(path)]).diagnostics] == ["unknown element <x> in <symbols> ignored"]


# --- 2. time: linear in the input ----------------------------------------------


def test_unclosed_cdata_sections_take_linear_time(tmp_path: Path) -> None:
    # The old pass before expat rescanned to the end from each '<![CDATA[' (111 s).
    path = tmp_path / "cdata.xml"
    path.write_bytes(b"<api name='libvirt'>\n" + b"<![CDATA[\n" * 50000)
    assert seconds(lambda: refused(path, tmp_path)) < 5
    assert refused(path, tmp_path) == f"{path}:50002:1: error: not well-formed XML: unclosed CDATA section"
    for opener in (b"<!--", b"<?x", b"<a b='", b"<!DOCTYPE a [<!--"):  # each unterminated: the rest of the file
        assert seconds(lambda: _protect_attribute_whitespace(b"<a>\n" + opener * 20000)) < 1, opener  # noqa: B023


def test_a_tag_of_millions_of_values_costs_little_memory(tmp_path: Path) -> None:
    # With no bound on a tag's parts, the regex that finds line breaks in
    # values kept backtracking state per part: ~800 MiB for these 12 MB.
    path = tmp_path / "libvirt-api.xml"
    path.write_bytes(b"<api name='libvirt'>\n<a " + b"x='1' " * 2_000_000 + b"y='2\n3'")
    assert refused(path, tmp_path).startswith(f"{path}:2:")
    # VmHWM, not ru_maxrss: Linux carries the memory of the process before exec (pytest's, later in
    # the run) into ru_maxrss, so the test failed when run after tests that grew pytest past 200 MiB.
    code = (
        "import re\nfrom generator.frontend.apixml_reader import _protect_attribute_whitespace\n"
        f"_protect_attribute_whitespace(open({str(path)!r}, 'rb').read())\n"
        "print(int(re.search(r'^VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read(), re.M).group(1)) // 1024)"
    )
    assert 12 < int(in_child(code)) < 200  # MiB of peak memory, the file's 12 included


def test_line_breaks_are_found_in_every_tag_that_holds_them() -> None:
    # The possessive-quantifier form of the pattern found none of these with
    # CPython 3.11.2 (Debian 12's), whose regex engine matched it wrongly.
    tags = [b"<a x='1\n2'/>", b"<a x='1' y=\"2\t3\" z='4'>", b"<a x='>' y='1\r\n2'\n>", b"<a\nx='1'\ny='2\n3'/>"]
    protected = _protect_attribute_whitespace(b"<r>" + b"\n".join(tags) + b"</r>")
    assert protected.count(b"&#10;") == 3 and protected.count(b"&#9;") == 1 and b"&#13;" not in protected
    assert b"='1\n2'" not in protected and b"'>' y='1&#10;2'" in protected  # a raw CR LF is one line break, as XML reads it


def test_comment_openers_in_a_dtd_take_linear_time_and_do_not_stop_the_protection(tmp_path: Path) -> None:
    # Well-formed: each "<!--" is an entity's value (83 s before).  The tag after
    # the DTD still keeps the line break in its attribute.
    entities = "".join(f'<!ENTITY e{i} "<!--">\n' for i in range(30000))
    member = "<enum name='VIR_A' file='libvirt-host' value='1' type='virA' info='two\nlines'/>"
    path = tmp_path / "libvirt-api.xml"
    path.write_text(f"<?xml version='1.0'?>\n<!DOCTYPE api [\n{entities}]>\n{HEAD}{member}{TAIL}\n", encoding="utf-8")
    assert in_child(f"print(repr(load_api_xml([{str(path)!r}]).api.modules[0].members[0].doc))") == "'two\\nlines'\n"


def test_a_reverse_chain_of_initializers_is_resolved_in_one_pass(tmp_path: Path) -> None:
    # VIR_A0 = VIR_A1 + 1, ..., each pass of the old loop resolved one member (23 s).
    count = 3000
    members = "".join(enum(f"VIR_A{i}", f"VIR_A{i + 1} + 1") for i in range(count)) + enum(f"VIR_A{count}", "7")
    path = document(tmp_path, members)
    code = f"module = load_api_xml([{str(path)!r}]).api.modules[0]\nprint([module.member(n).value for n in ('VIR_A0', 'VIR_A1', 'VIR_A{count}')])"
    assert in_child(code) == f"[{count + 7}, {count + 6}, 7]\n"


def test_initializers_in_a_cycle_have_no_value(tmp_path: Path) -> None:
    path = document(tmp_path, enum("VIR_A", "VIR_B + 1") + enum("VIR_B", "VIR_A + 1") + enum("VIR_C", "VIR_C") + enum("VIR_D", "VIR_A | 1"))
    values = {m.name: m.value for m in load_api_xml([str(path)]).api.modules[0].members}
    assert values == {"VIR_A": None, "VIR_B": None, "VIR_C": None, "VIR_D": None}


def test_a_squaring_chain_stops_at_the_first_value_beyond_64_bits(tmp_path: Path) -> None:
    # 3, 3**2, 3**4, ...: the old reader computed numbers of billions of digits (never finished).
    # Past 64 bits a value is unknown, as from sources (generator/frontend/cvalues.py): no larger number is computed.
    members = enum("VIR_A0", "3") + "".join(enum(f"VIR_A{i}", f"VIR_A{i - 1} * VIR_A{i - 1}") for i in range(1, 40))
    path = document(tmp_path, members)
    code = f"module = load_api_xml([{str(path)!r}]).api.modules[0]\nprint([module.member(f'VIR_A{{i}}').value for i in (5, 6, 39)])"
    assert in_child(code) == f"[{3**32}, None, None]\n"


def test_a_long_field_type_takes_linear_time(tmp_path: Path) -> None:
    # The array-field rule was a regular expression taking quadratic time on a long type.
    struct = f"<struct name='virS' file='libvirt-host' type='struct _virS'><field name='f' type='{'a' * 300000}[' info=''/></struct>"
    path = document(tmp_path, struct)
    code = f"(field,) = load_api_xml([{str(path)!r}]).api.modules[0].structs[0].fields\nprint(field.array_size, len(field.type))"
    assert in_child(code) == "None 300001\n"


# --- 3. memory and warnings: bounded ----------------------------------------------


def test_a_million_unknown_elements_are_one_warning_in_little_memory(tmp_path: Path) -> None:
    count = 250000
    path = tmp_path / "junk.xml"
    path.write_text(HEAD + "<x/>" * count + TAIL, encoding="utf-8")
    tracemalloc.start()
    try:
        result = load_api_xml([str(path)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 << 20  # the old reader kept a node and a warning per element: some 250 MB here
    message = f"unknown element <x> in <symbols> ignored ({count} times, the first here) [apixml-unknown]"
    assert [str(d) for d in result.diagnostics] == [f"{path}:1:{len(HEAD) + 1}: warning: {message}"]


def test_four_megabytes_of_junk_in_a_limited_process(tmp_path: Path) -> None:
    path = tmp_path / "junk.xml"
    path.write_text(HEAD + "<x/>" * 1_000_000 + TAIL, encoding="utf-8")
    result = cli("check", "--api-xml", str(path), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert "unknown element <x> in <symbols> ignored (1000000 times, the first here) [apixml-unknown]" in result.stdout


def test_distinct_warnings_are_capped_per_rule(tmp_path: Path) -> None:
    path = document(tmp_path, "".join(f"<x{i}/>" for i in range(_MAX_FINDINGS + 250)))
    messages = [d.message for d in load_api_xml([str(path)]).diagnostics]
    assert len(messages) == _MAX_FINDINGS + 1
    assert messages[0] == "unknown element <x0> in <symbols> ignored"
    assert messages[-1] == f"250 more findings of this rule in this file are not shown (the first {_MAX_FINDINGS} are)"


def test_dev_zero_is_refused_after_the_cap(tmp_path: Path) -> None:
    # The old reader read it until memory ran out.
    message = f"larger than {_MAX_BYTES >> 20} MiB, the most an API file may be (libvirt's are about 1 MiB); not read"
    assert refused(Path("/dev/zero"), tmp_path) == f"/dev/zero:1:1: error: {message}"


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    with path.open("wb") as stream:
        stream.truncate(_MAX_BYTES + 1)
    assert "larger than 32 MiB" in read_error(path).message
    path.write_bytes(b" " * (_MAX_BYTES - 100))
    assert "not well-formed XML" in read_error(path).message  # at the cap it is read


# --- 4. encodings ---------------------------------------------------------------

MULTI_LINE = (
    "<?xml version='1.0' encoding='{encoding}'?>\n" + HEAD
    + "\n<enum name='VIR_A' file='libvirt-host' value='1' type='virA' info='first line\n\tsecond line: caf\u00e9'/>\n"
    + "<enum name='VIR_B' file='libvirt-host' value='2' type='virA'/>\n" + TAIL + "\n"
)  # fmt: skip


@pytest.mark.parametrize(("declared", "codec"), [
    ("UTF-16", "utf-16"), ("UTF-16", "utf-16-be"), ("UTF-16", "utf-16-le"), ("UTF-32", "utf-32"),
    ("ISO-8859-1", "latin-1"), ("UTF-8", "utf-8-sig"),
])  # fmt: skip
def test_attribute_line_breaks_survive_any_encoding(tmp_path: Path, declared: str, codec: str) -> None:
    # The protection of attribute line breaks looked for ASCII bytes: UTF-16 lost them.
    path = tmp_path / "libvirt-api.xml"
    path.write_bytes(MULTI_LINE.format(encoding=declared).encode(codec))
    members = load_api_xml([str(path)]).api.modules[0].members
    assert members[0].doc == "first line\n\tsecond line: caf\u00e9"
    assert [(m.location.line, m.location.col) for m in members] == [(3, 1), (5, 1)]


def test_a_libvirt_export_in_utf16_reads_as_in_utf8(tmp_path: Path) -> None:
    text = SAMPLE_XML.read_text(encoding="utf-8")
    utf16 = tmp_path / "libvirt-api.xml"
    utf16.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1).encode("utf-16"))
    assert apixml.render(load_api_xml([str(utf16)]).api) == apixml.render(load_api_xml([str(SAMPLE_XML)]).api)


@pytest.mark.parametrize(("data", "message", "where"), [
    (b"<?xml version='1.0' encoding='UTF-16'?><api name='libvirt'/>", "says encoding 'UTF-16', but the file does not start as UTF-16 does", (1, 1)),
    ("<?xml version='1.0' encoding='UTF-8'?><api name='libvirt'/>".encode("utf-16"), "says encoding 'UTF-8', but the file is in UTF-16", (1, 1)),
    (b"<?xml version='1.0' encoding='klingon'?><api name='libvirt'/>", "unknown encoding 'klingon' in the XML declaration", (1, 1)),
    (b"<?xml version='1.0' encoding='base64'?><api name='libvirt'/>", "unknown encoding 'base64' in the XML declaration", (1, 1)),
    (b"<?xml version='1.0' encoding='ascii'?>\n<api name='libvirt'>\n  \xc3\xa9</api>", "not valid ASCII: ordinal not in range(128)", (3, 3)),
])  # fmt: skip
def test_encoding_errors_are_positioned(tmp_path: Path, data: bytes, message: str, where: tuple[int, int]) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_bytes(data)
    error = read_error(path)
    assert message in error.message and (error.line, error.col) == where


# --- 5. carriage returns in text come back --------------------------------------

CARRIAGE_RETURNS = """<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt'>
  <files>
    <file name='libvirt-host'>
     <summary>one&#13;two</summary>
     <description>three&#13;&#10;four</description>
    </file>
  </files>
  <symbols>
    <typedef name='virA' file='libvirt-host' type='int'>
      <info><![CDATA[five]]>&#13;<![CDATA[six]]></info>
    </typedef>
    <function name='virF' file='libvirt-host' module='libvirt-host'>
      <info><![CDATA[seven]]>&#13;&#13;<![CDATA[eight]]></info>
      <return type='void'/>
    </function>
  </symbols>
</api>
"""


def test_carriage_returns_in_text_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "libvirt-api.xml"
    path.write_text(CARRIAGE_RETURNS, encoding="utf-8", newline="")
    module = load_api_xml([str(path)]).api.modules[0]
    assert (module.headers[0].summary, module.headers[0].description) == ("one\rtwo", "three\r\nfour")
    assert (module.typedefs[0].doc, module.functions[0].description) == ("five\rsix", "seven\r\reight")
    written = apixml.render(Api((module,)))["libvirt-api.xml"]
    assert "\r" not in written
    assert "<info><![CDATA[five]]>&#13;<![CDATA[six]]></info>" in written
    again = tmp_path / "again" / "libvirt-api.xml"
    again.parent.mkdir()
    again.write_text(written, encoding="utf-8", newline="")
    assert load_api_xml([str(again)]).api.modules[0].headers == module.headers
    assert apixml.render(load_api_xml([str(again)]).api)["libvirt-api.xml"] == written


# --- 6. apixml-input findings: positioned, no 'None', missing attributes -------


def test_missing_attributes_are_warnings_at_their_elements(tmp_path: Path) -> None:
    symbols = (
        "\n  <typedef name='virT' file='libvirt-host'/>"
        "\n  <variable name='virV' file='libvirt-host'/>"
        "\n  <struct name='virS' file='libvirt-host' type='struct _virS'><field name='f' info=''/></struct>"
        "\n  <function name='virF' file='libvirt-host' module='libvirt-host'><info/>"
        "<return/><arg name='a'/><acls><check perm='read'/><filter object='domain'/></acls></function>"
        "\n  <function name='virG' module='libvirt-host'><info/><return type='void'/></function>"
    )  # fmt: skip
    path = document(tmp_path, symbols)
    found = [(d.location.line, d.location.col, d.message, d.rule) for d in load_api_xml([str(path)]).diagnostics]
    lines = (HEAD + symbols).split("\n")

    def at(line: int, text: str) -> tuple[int, int]:
        return line, lines[line - 1].index(text) + 1

    assert sorted(found) == sorted([
        (*at(2, "<typedef"), "<typedef name='virT'> has no 'type' attribute: read as empty", "apixml-input"),
        (*at(3, "<variable"), "<variable name='virV'> has no 'type' attribute: read as empty", "apixml-input"),
        (*at(4, "<field"), "<field name='f'> has no 'type' attribute: read as empty", "apixml-input"),
        (*at(5, "<return"), "<return> of 'virF' has no 'type' attribute: read as empty", "apixml-input"),
        (*at(5, "<arg"), "<arg name='a'> has no 'type' attribute: read as empty", "apixml-input"),
        (*at(5, "<check"), "<check> has no 'object' attribute: read as empty", "apixml-input"),
        (*at(5, "<filter"), "<filter> has no 'perm' attribute: read as empty", "apixml-input"),
        (*at(6, "<function"), "<function name='virG'> has no 'file' attribute", "apixml-input"),
    ])  # fmt: skip


def test_columns_are_real_even_after_a_multi_line_attribute(tmp_path: Path) -> None:
    # The tag holding a line break is rewritten before expat; what follows it on its last line keeps its column.
    symbols = "\n    " + enum("VIR_A", "1").replace("/>", " info='one\r\ntwo\rthree\n  four'/>  ") + enum("VIR_B", "2")
    path = document(tmp_path, symbols)
    path.write_bytes((HEAD + symbols + TAIL).encode("utf-8"))
    members = load_api_xml([str(path)]).api.modules[0].members
    assert members[0].doc == "one\ntwo\nthree\n  four"  # raw CR LF and CR are line breaks (XML 1.0, 2.11)
    assert [(m.location.line, m.location.col) for m in members] == [(2, 5), (5, len("  four'/>  ") + 1)]


def test_sample_locations_point_at_the_elements() -> None:
    text = SAMPLE_XML.read_text(encoding="utf-8").split("\n")
    module = load_api_xml([str(SAMPLE_XML)]).api.modules[0]
    struct = next(s for s in module.structs if s.fields)
    assert struct.fields is not None
    located = [(struct.name, struct.location)] + [(n.name, n.location) for group in (struct.fields, module.functions, module.members) for n in group]
    for name, where in located:
        assert text[where.line - 1][where.col - 1 :].startswith("<"), name
        assert f"name='{name}'" in text[where.line - 1], name


# --- 7. names that would be code or paths ------------------------------------------


def test_generate_refuses_a_function_name_that_is_code_and_writes_nothing(tmp_path: Path) -> None:
    # It used to exit 0 having written Python with a SyntaxError (an injection).
    text = SAMPLE_XML.read_text(encoding="utf-8")
    assert text.count("<function name='virDomainCheckpointFree'") == 1
    path = tmp_path / "libvirt-api.xml"
    path.write_text(text.replace("<function name='virDomainCheckpointFree'", "<function name='virDomainCheckpointFree;import os'"), encoding="utf-8")
    line_number = next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "import os" in line)
    line = refused(path, tmp_path, "generate")
    assert line == f"{path}:{line_number}:5: error: <function> name 'virDomainCheckpointFree;import os' is not a C identifier"


@pytest.mark.parametrize(("symbols", "message"), [
    ("<function name='virF' file='libvirt-host'><arg name='a b' type='int'/></function>", "<arg> name 'a b' is not a C identifier"),
    ("<struct name='virS' file='libvirt-host' type='struct _virS'><field name='x-y' type='int'/></struct>", "<field> name 'x-y' is not a C identifier"),
    (enum("VIR_A\u00e9", "1"), "<enum> name 'VIR_A\u00e9' is not a C identifier"),
    (enum("1VIR", "1"), "<enum> name '1VIR' is not a C identifier"),
    ("<typedef name='int' file='libvirt-host' type='int'/>", "<typedef> name 'int' is not a C identifier"),
    ("<macro name='M' file='libvirt-host' params='a,b)+(c' raw='1'/>", "<macro> parameter 'b)+(c' is not a C identifier"),
    ("<macro name='M' file='libvirt-host' raw='1'><arg name='x;y'/></macro>", "<arg> name 'x;y' is not a C identifier"),
    ("<variable name='v&#10;w' file='libvirt-host' type='int'/>", "<variable> name 'v\\nw' is not a C identifier"),
    (enum("VIR_" + "A" * 100 + ";", "1"), "<enum> name 'VIR_" + "A" * 53 + "...' is not a C identifier"),
])  # fmt: skip
def test_names_must_be_c_identifiers(tmp_path: Path, symbols: str, message: str) -> None:
    error = read_error(document(tmp_path, symbols))
    assert error.message == message and (error.line, error.col) > (1, len(HEAD))


def test_variadic_macro_parameters_are_identifiers_enough(tmp_path: Path) -> None:
    path = document(tmp_path, "<macro name='M' file='libvirt-host' params='fmt,...' raw='f(fmt, __VA_ARGS__)'/>")
    assert load_api_xml([str(path)]).api.modules[0].macros[0].params == ("fmt", "...")


@pytest.mark.parametrize(("text", "message"), [
    ("<api name='../../escaped'><symbols/></api>", "<api> name '../../escaped' cannot be a file name: it holds a '/'"),
    ("<api name='libvirt'><files><file name='../x'/></files><symbols/></api>", "<file> name '../x' cannot be a file name: it holds a '/'"),
])  # fmt: skip
def test_module_and_header_names_must_be_plain_file_names(tmp_path: Path, text: str, message: str) -> None:
    # <api name='../../x'> wrote x-api.xml two folders above the output folder.
    path = tmp_path / "in.xml"
    path.write_text(text, encoding="utf-8")
    line = refused(path, tmp_path)
    assert message in line and not (tmp_path.parent / "escaped-api.xml").exists()


def test_hostile_names_in_messages_stay_on_one_short_line(tmp_path: Path) -> None:
    path = document(tmp_path, f"<typedef name='virT' file='{'a' * 1000}' type='int'/>")
    (warning,) = load_api_xml([str(path)]).diagnostics
    assert "\n" not in warning.message and len(warning.message) < 200
    assert re.fullmatch(r"<typedef name='virT'> is in file 'a+\.\.\.', which has no <file> entry", warning.message)
    # a line break makes it no file name (an output page's): an error, shortened and on one line as well
    path = document(tmp_path, f"<typedef name='virT' file='{'a' * 1000}&#10;b' type='int'/>")
    with pytest.raises(FrontendError) as raised:
        load_api_xml([str(path)])
    assert "\n" not in raised.value.message and len(raised.value.message) < 200
    assert re.fullmatch(r"<typedef> attribute file='a+\.\.\.' cannot be a file name: it holds a line break", raised.value.message)


def test_doc_rules_take_linear_time_on_long_docs() -> None:
    # Two rules of the frontend read every doc; from an XML the docs may be long and odd.
    code = (
        "from generator.frontend.rules import doc_deprecated, _NO_REFERENCE_RE\n"
        "print(doc_deprecated('\\n' * 200000 + 'xDeprecated'), doc_deprecated('old.\\n\\n   Deprecated: use y'),"
        " bool(_NO_REFERENCE_RE.search('reference count ' * 40000)),"
        " bool(_NO_REFERENCE_RE.search('the reference count of the result is not increased')))"
    )
    assert in_child(code) == "False True False True\n"


def test_a_version_of_5000_digits_orders_without_a_traceback(tmp_path: Path) -> None:
    from generator.versions import version_key

    assert version_key("1." + "9" * 5000) == (1, 10**18) and version_key("0.10.0") > version_key("0.4.2")
    assert version_key("1.0." + "0" * 30 + "1") == (1, 0, 1) < version_key("1.0.2")  # leading zeros do not count
    huge = "1." + "9" * 5000 + ".0"
    path = tmp_path / "libvirt-api.xml"
    path.write_text(f"{HEAD}<macro name='VIR_A' file='libvirt-host' version='{huge}'><info>a</info></macro>{TAIL}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--api-xml", str(path), "--only", "html", "-o", str(tmp_path / "out")],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=60,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert "VIR_A" in (tmp_path / "out" / "html" / "libvirt-libvirt-host.html").read_text(encoding="utf-8")
