"""Procedure numbers against a given remote_protocol.x: never reused, and a file that cannot be trusted is an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.backends import rpc
from generator.diagnostics import Diagnostic
from generator.frontend import load_tree
from generator.model import Api, Location
from generator.rpc.numbers import ANONYMOUS, ProtocolFile, read_procedures
from generator.rpc.rules import plan
from generator.rpc.xfile import read_x

PROTOCOL = "/proto/remote_protocol.x"  # an absolute path: the CLI prints it as it is


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
        (b"enum remote_procedure {\n  REMOTE_PROC_A = ONE\n};", "2:19", "a procedure number must be an integer constant, found 'ONE'"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = -3\n};", "2:19", "a procedure number must be an integer constant, found '-'"),
        (b"enum remote_procedure {\n  REMOTE_PROC_A = 1\n  REMOTE_PROC_B = 2\n};", "3:3", "expected ',' or '}' after REMOTE_PROC_A, found 'REMOTE_PROC_B'"),
        (b"enum remote_procedure {\n  = 1\n};", "2:3", "expected 'REMOTE_PROC_NAME = NUMBER' in the procedure enum, found '='"),
        (b"enum remote_procedure { REMOTE_PROC_A = 4294967296 };", "1:41", "procedure number 4294967296 does not fit in an XDR enum (at most 2147483647)"),
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


def test_what_rpcgen_accepts_is_read() -> None:
    table = read_procedures(
        "%#include <x.h>\nenum other { X = 1 };\nenum remote_procedure {\n%/* passed through */\n"
        "    /** @generate: both */\n    REMOTE_PROC_A = 1,\n    REMOTE_PROC_B = 0x10,\n    REMOTE_PROC_C = 017,\n    REMOTE_PROC_D = 0,\n};\n"
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
