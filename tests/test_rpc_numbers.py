"""Procedure numbers against a given remote_protocol.x: never reused, and a file that cannot be trusted is an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.backends import rpc
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree
from generator.frontend.protocol import read_acls
from generator.model import Api, Location
from generator.rpc.data import DataError, load_facts
from generator.rpc.numbers import ANONYMOUS, ProtocolFile, read_procedures
from generator.rpc.rules import plan
from generator.rpc.xfile import read_x

PROTOCOL = "/proto/remote_protocol.x"  # an absolute path: the CLI prints it as it is
ABOVE = (
    "is above 65535: the server dispatch table has a slot for every number up to the highest, "
    "so this generator numbers procedures up to that bound only (virt-apigen's docs/rpc.md)"
)


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


def _numbers(api: Api, text: str) -> dict[str, int]:
    the_plan = plan(api, text)
    return {t.constant: t.number for t in the_plan.transport} | {p.constant: p.number for p in the_plan.procedures}


def _errors(api: Api, source: ProtocolFile | bytes | str) -> list[str]:
    return [str(d) for d in rpc.diagnostics(api, source) if d.severity == "error"]


# --- 1. a number the file uses is never handed to another procedure ------------------


def test_a_data_file_number_the_file_uses_elsewhere_goes_after_the_highest(sample_api: Api) -> None:
    given = "enum remote_procedure {\n    REMOTE_PROC_SOMETHING_ELSE = 411\n};\n"
    numbers = _numbers(sample_api, given)
    assert numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML"] == 418  # one above the highest known (data file: 417)
    assert 411 not in numbers.values()
    assert len(set(numbers.values())) == len(numbers)
    (note,) = plan(sample_api, given).notes
    assert (note.severity, note.rule, note.location.file) == ("note", "rpc-number", "include/libvirt/libvirt-domain-checkpoint.h")
    assert note.message == (
        "virDomainCheckpointCreateXML: the data file says 411, but the given protocol file uses it for "
        "REMOTE_PROC_SOMETHING_ELSE (line 2): given the next free number 418"
    )
    rendered = read_x(rpc.render(sample_api, given)["remote_protocol.x"]).procedures()
    assert rendered["REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML"] == 418 and 411 not in rendered.values()


def test_a_number_one_of_ours_has_in_the_file_is_not_reused_by_another(sample_api: Api) -> None:
    given = "enum remote_procedure { REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 411, REMOTE_PROC_OTHER = 900 };"
    numbers = _numbers(sample_api, given)
    assert numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE"] == 411
    assert numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML"] == 901  # after the file's highest, not 417's free slot
    assert len(set(numbers.values())) == len(numbers)


def test_a_session_procedure_number_taken_by_another_procedure_is_an_error(sample_api: Api) -> None:
    given = "enum remote_procedure {\n    REMOTE_PROC_CONNECT_OPEN = 1,\n    REMOTE_PROC_NOT_AUTH_LIST = 66\n};\n"
    assert _errors(sample_api, ProtocolFile(PROTOCOL, given)) == [
        f"{PROTOCOL}:3:5: error: REMOTE_PROC_NOT_AUTH_LIST = 66 takes the number of the session procedure REMOTE_PROC_AUTH_LIST, "
        "which this file does not define [rpc-protocol]"
    ]


# --- 2. two procedures on one number (or one name twice) -------------------------------


def test_a_number_used_twice_in_the_file_is_an_error_at_the_second(sample_api: Api) -> None:
    given = ProtocolFile(PROTOCOL, b"enum remote_procedure {\n    REMOTE_PROC_A = 5,\n    /** @generate: both */\n    REMOTE_PROC_B = 5\n};\n")
    assert rpc.diagnostics(sample_api, given) == (
        Diagnostic(
            Location(PROTOCOL, 4, 5),
            "error",
            "REMOTE_PROC_B = 5 reuses the number of REMOTE_PROC_A (line 2): a procedure number must belong to one procedure",
            "rpc-protocol",
        ),
    )
    assert "remote_protocol.x" in rpc.render(sample_api, given)  # rendering does not fail; the CLI writes nothing


def test_a_name_defined_twice_is_an_error() -> None:
    table = read_procedures("enum remote_procedure {\n  REMOTE_PROC_A = 1,\n  REMOTE_PROC_A = 2\n};")
    assert table.numbers() == {"REMOTE_PROC_A": 1}
    assert [str(d) for d in table.diagnostics] == [
        f"{ANONYMOUS}:3:3: error: REMOTE_PROC_A is defined again (line 2): a procedure must be defined once [rpc-protocol]"
    ]


# --- 3. a file that is not a protocol, or cannot be read -------------------------------


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (b"", "1:1", "not a remote_protocol.x: the file is empty (expected 'enum remote_procedure { ... };')"),
        (b"\n  \n", "1:1", "not a remote_protocol.x: the file is empty (expected 'enum remote_procedure { ... };')"),
        (b"garbage\x00 {{ ;\n", "1:1", "not a remote_protocol.x: no 'enum remote_procedure { ... };' found"),
        (b"/* enum remote_procedure { REMOTE_PROC_A = 1 }; */\n", "1:1", "not a remote_protocol.x: no 'enum remote_procedure { ... };' found"),
        (b"const X = 1;\n  caf\xe9\n", "2:6", "not a remote_protocol.x: byte 0xe9 is not UTF-8"),
        (b"\xff\xfe\x00e\x00n\x00u\x00m", "1:1", "not a remote_protocol.x: byte 0xff is not UTF-8"),
        (b"enum remote_procedure { };", "1:1", "'enum remote_procedure' has no procedures"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = 1,\n", "1:1", "'enum remote_procedure' is never closed with '};'"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = 1 /* open\n};", "2:21", "a comment that is never closed"),
        # session 25: a comment never closed after the enum was accepted (rpcgen refuses the file)
        (b"enum remote_procedure {\n  REMOTE_PROC_A = 1\n};\nstruct x { int a; };/* open\n", "4:21", "a comment that is never closed: the file ends inside it"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = 1\n}; /*/ still open\n", "3:4", "a comment that is never closed: the file ends inside it"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = ONE\n};", "2:19", "a procedure number must be an integer constant, found 'ONE'"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = -3\n};", "2:19", "a procedure number must be an integer constant, found '-'"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = 1\n  REMOTE_PROC_B = 2\n};", "3:3", "expected ',' or '}' after REMOTE_PROC_A, found 'REMOTE_PROC_B'"),
        (b"enum remote_procedure {\n  = 1\n};", "2:3", "expected 'REMOTE_PROC_NAME = NUMBER' in the procedure enum, found '='"),
        (b"enum remote_procedure { REMOTE_PROC_A = 4294967296 };", "1:41", "procedure number 4294967296 does not fit in an XDR enum (at most 2147483647)"),
        # QA: 5000 digits was a ValueError traceback (Python's 4300-digit limit of int())
        (
            b"enum remote_procedure {\n REMOTE_PROC_A = 3,\n REMOTE_PROC_B = " + b"9" * 5000 + b"\n};\n",
            "3:18",
            "procedure number 99999999999999999999... (5000 characters) does not fit in an XDR enum (at most 2147483647)",
        ),
        (
            b"enum remote_procedure { REMOTE_PROC_A = 0x" + b"f" * 5000 + b" };",
            "1:41",
            "procedure number 0xffffffffffffffffff... (5002 characters) does not fit in an XDR enum (at most 2147483647)",
        ),
        # QA: 2000000000 made generate build a table of 2e9 slots (MemoryError); 2147483647 then a next free number past INT_MAX
        (b"enum remote_procedure {\n    REMOTE_PROC_A = 2000000000\n};\n", "2:21", f"procedure number 2000000000 {ABOVE}"),
        (b"enum remote_procedure {\n    REMOTE_PROC_A = 411,\n    REMOTE_PROC_B = 2147483647\n};\n", "3:21", f"procedure number 2147483647 {ABOVE}"),
        (b"enum remote_procedure { REMOTE_PROC_A = 0x10000 };", "1:41", f"procedure number 0x10000 {ABOVE}"),
        (
            b"enum remote_procedure { REMOTE_PROC_A = 1 };\nenum remote_procedure { REMOTE_PROC_B = 2 };\n",
            "2:1",
            "a second 'enum remote_procedure': the procedure numbers must be defined once",
        ),
    ],
)
def test_a_file_that_cannot_be_trusted_is_one_error_at_its_place(sample_api: Api, data: bytes, where: str, message: str) -> None:
    given = ProtocolFile(PROTOCOL, data)
    assert _errors(sample_api, given) == [f"{PROTOCOL}:{where}: error: {message} [rpc-protocol]"]
    assert read_procedures(given).entries == ()
    assert set(rpc.render(sample_api, given)) == {"remote_protocol.x", "remote_client_bodies.h", "remote_dispatch_stubs.h", "libvirt_remote.py"}


def test_text_given_without_a_file_is_read_the_same() -> None:
    assert [str(d) for d in read_procedures("").diagnostics] == [
        f"{ANONYMOUS}:1:1: error: not a remote_protocol.x: the file is empty (expected 'enum remote_procedure {{ ... }};') [rpc-protocol]"
    ]


@pytest.mark.parametrize(
    "text",
    [
        '%/* C passed through\nenum remote_procedure {\n    REMOTE_PROC_A = 1\n};\n',
        'const S = "/*";\nenum remote_procedure {\n    REMOTE_PROC_A = 1\n};\n',
        'enum remote_procedure {\n    REMOTE_PROC_A = 1\n};\n%/* C passed through\n',
        'enum remote_procedure {\n    REMOTE_PROC_A = 1\n};\nconst S = "/*";\n',
    ],
    ids=["percent-before", "string-before", "percent-after", "string-after"],
)
def test_a_comment_opened_in_a_percent_line_or_a_string_hides_nothing(text: str) -> None:
    """QA (session 25): a '/*' in a '%' line or a string before the enum hid the enum ("no 'enum
    remote_procedure' found"); after it, the tail rule must not take one for a comment never closed."""
    table = read_procedures(text)
    assert (table.diagnostics, table.numbers()) == ((), {"REMOTE_PROC_A": 1})
    rules, problems = read_acls("remote_protocol.x", text)  # the tree's reader agrees: no error, the one procedure
    assert ([d.severity for d in problems], len(rules)) == (["warning"], 1)
    assert problems[0].message == "REMOTE_PROC_A has no @acl annotation"


@pytest.mark.parametrize(
    ("tail", "col"),
    [
        ("/* open", 1),
        ('const S = "/*"; /* open */ /* open', 28),
        ("/*/ open", 1),
        ("/*/ closed */", None),
        ('%/* passed through\n', None),
        ('const S = "/* a string\n', None),
        ('/* a comment\n "*/ /* open', 6),
    ],
)
def test_both_readers_of_a_protocol_file_find_the_same_comment_left_open(tail: str, col: int | None) -> None:
    """The tree's reader (``@acl`` rules) and the ``--remote-protocol`` reader scan a file by one set of lexical rules
    (generator/xlex.py's ``unclosed_comment``): a file one takes, the other takes too."""
    text = "enum remote_procedure {\n    /** @acl: none */\n    REMOTE_PROC_A = 1\n};\n" + tail
    line = text.count("\n") + 1 - tail.endswith("\n")
    expected = [] if col is None else [(line, col, "a comment that is never closed: the file ends inside it")]
    found = [(d.location.line, d.location.col, d.message) for d in read_procedures(text).diagnostics]
    assert found == expected
    assert [(d.location.line, d.location.col, d.message) for d in read_acls("remote_protocol.x", text)[1]] == expected


def test_what_rpcgen_accepts_is_read() -> None:
    table = read_procedures(
        "%#include <x.h>\nenum other { X = 1 };\nenum remote_procedure {\n%/* passed through */\n"
        "    /** @generate: both */\n    REMOTE_PROC_A = 1,\n    REMOTE_PROC_B = 0x10,\n    REMOTE_PROC_C = 017,\n    REMOTE_PROC_D = 0\n};\n"
        '%/* passed through, not a comment of the file\nconst S = "/* a string";\n/* closed */\n'
    )
    assert table.diagnostics == ()
    assert table.numbers() == {"REMOTE_PROC_A": 1, "REMOTE_PROC_B": 16, "REMOTE_PROC_C": 15, "REMOTE_PROC_D": 0}
    assert table.entries[0].location == Location(ANONYMOUS, 6, 5)


def test_libvirt_9_0_0_protocol_file_is_read_whole(libvirt_tree: Path, sample_api: Api) -> None:
    given = ProtocolFile.read(libvirt_tree / "src" / "remote" / "remote_protocol.x")
    table = read_procedures(given)
    assert table.diagnostics == ()
    assert len(table.entries) == 443 and table.highest() == 443
    assert sorted(e.number for e in table.entries) == list(range(1, 444))
    assert table.entries[0].name == "REMOTE_PROC_CONNECT_OPEN" and table.entries[0].location.col == 5
    assert read_procedures(given).numbers() == read_x(given.data.decode("utf-8") if isinstance(given.data, bytes) else given.data).procedures()
    the_plan = plan(sample_api, given)
    assert the_plan.notes == ()
    assert {p.constant: p.number for p in the_plan.procedures} == {p.constant: table.numbers()[p.constant] for p in the_plan.procedures}


def test_protocol_file_read_keeps_bytes_and_an_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "p.x").write_bytes(b"\xff")
    monkeypatch.chdir(tmp_path)
    given = ProtocolFile.read("p.x")
    assert given == ProtocolFile(os.path.join(str(tmp_path), "p.x"), b"\xff")


def test_the_highest_number_allowed_is_read_and_leading_zeros_do_not_count() -> None:
    zeros = "0" * 5000  # more digits than int() takes, but the value is small
    table = read_procedures(f"enum remote_procedure {{ REMOTE_PROC_A = 65535, REMOTE_PROC_B = 0{zeros}17, REMOTE_PROC_C = 0x{zeros}fff0 }};")
    assert table.diagnostics == ()
    assert table.numbers() == {"REMOTE_PROC_A": 65535, "REMOTE_PROC_B": 15, "REMOTE_PROC_C": 65520}


def test_no_free_number_left_is_an_error_at_the_function(sample_api: Api) -> None:
    """The next free number past the bound: an error (the CLI writes nothing), the procedure left out, the table still small."""
    given = ProtocolFile(PROTOCOL, "enum remote_procedure {\n    REMOTE_PROC_SOMETHING_ELSE = 411,\n    REMOTE_PROC_B = 65535\n};\n")
    errors = [d for d in rpc.diagnostics(sample_api, given) if d.severity == "error"]
    assert [(d.location.file, d.rule, d.message) for d in errors] == [
        (
            "include/libvirt/libvirt-domain-checkpoint.h",
            "rpc-number",
            "virDomainCheckpointCreateXML: no procedure number left: the next free one, 65536, is above 65535, the highest the dispatch "
            "table is written for; the highest number known is 65535 (REMOTE_PROC_B, line 3 of the given protocol file)",
        )
    ]
    the_plan = plan(sample_api, given)
    assert "virDomainCheckpointCreateXML" not in {p.function.name for p in the_plan.procedures}
    assert max(p.number for p in the_plan.procedures) == 417
    assert rpc.render(sample_api, given)["remote_dispatch_stubs.h"].count("\n{ /* ") == 418


def test_the_largest_table_is_bounded(sample_api: Api) -> None:
    """A procedure of ours at 65535 (the bound): 65536 slots, a few MB of C, rendered without trouble."""
    stubs = rpc.render(sample_api, "enum remote_procedure { REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 65535 };")["remote_dispatch_stubs.h"]
    assert stubs.count("\n{ /* ") == 65536
    assert "{ /* Method DomainCheckpointDelete => 65535 */" in stubs
    assert len(stubs) < 8_000_000


def test_a_data_file_number_past_the_bound_is_refused() -> None:
    with pytest.raises(DataError, match=r"\[procedures.virDomainCheckpointDelete\]: 'number' must be at most 65535"):
        load_facts("[program]\nnumber = 1\nversion = 1\nstring_max = 1\n[procedures.virDomainCheckpointDelete]\nnumber = 65536\n")


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.x", "no such file"), ("folder", "a folder, not a file"), ("plain/under.x", "cannot read: Not a directory")],
)
def test_a_file_that_cannot_be_read_is_a_whole_file_error(tmp_path: Path, sample_api: Api, name: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain").write_text("x")
    given = ProtocolFile.read(tmp_path / name)
    assert given.problem == message
    assert _errors(sample_api, given) == [f"{tmp_path / name}:1:1: error: {message}"]  # no [rule]: never read, as a missing header


def test_generate_plans_the_rpc_files_once_and_says_what_diagnostics_says(
    sample_tree: Path, sample_api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = "enum remote_procedure {\n    REMOTE_PROC_A = 5,\n    REMOTE_PROC_B = 5\n};\n"
    files, notes = rpc.render_with_diagnostics(sample_api, given)
    assert (files, notes) == (rpc.render(sample_api, given), rpc.diagnostics(sample_api, given))
    assert [n.severity for n in notes] == ["error"] and "remote_protocol.x" in files
    from generator.cli import main

    plans: list[object] = []
    real_plan = rpc.plan

    def counted(*args: object, **kwargs: object) -> object:
        plans.append(args)
        return real_plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rpc, "plan", counted)
    assert main(["generate", "--srcdir", str(sample_tree), "--only", "rpc", "-o", str(tmp_path / "out")]) == 0
    assert len(plans) == 1
    assert (tmp_path / "out" / "rpc" / "remote_protocol.x").read_text(encoding="utf-8") == rpc.render(sample_api)["remote_protocol.x"]
