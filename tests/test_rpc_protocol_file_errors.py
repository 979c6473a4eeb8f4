"""Reading a ``remote_protocol.x`` for the RPC backend: a protocol file cannot
move a session procedure (an error, nothing written), the procedure enum is
read with rpcgen's lexical rules (what rpcgen refuses is an error with a
readable, shortened token; an enum inside a ``/*/`` comment is not read), and
procedures left without a number name the real highest one."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.backends import rpc
from generator.frontend import load_tree
from generator.model import Api
from generator.rpc.data import load_facts
from generator.rpc.numbers import ProtocolFile, read_procedures
from generator.rpc.rules import plan

PROTOCOL = "/proto/remote_protocol.x"


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


# --- a protocol file cannot move a session procedure ---------------------------------------------


def _errors(api: Api, text: str) -> list[str]:
    return [str(d) for d in rpc.diagnostics(api, ProtocolFile(PROTOCOL, text)) if d.severity == "error"]


def test_a_session_procedure_moved_by_the_file_is_an_error(sample_api: Api) -> None:
    """QA: CONNECT_OPEN = 1000 plus another procedure at 1 was accepted, and the client sent CONNECT_OPEN as 1000."""
    text = "enum remote_procedure {\n    REMOTE_PROC_CONNECT_OPEN = 1000,\n    REMOTE_PROC_FIRST = 1\n};\n"
    assert _errors(sample_api, text) == [
        f"{PROTOCOL}:2:5: error: REMOTE_PROC_CONNECT_OPEN = 1000 moves a session procedure: it must stay 1, "
        "the number every libvirt client and daemon uses [rpc-protocol]",
        f"{PROTOCOL}:3:5: error: REMOTE_PROC_FIRST = 1 takes the number of the session procedure REMOTE_PROC_CONNECT_OPEN, "
        "which this file defines at 1000 (line 2) [rpc-protocol]",
    ]
    assert {t.constant: t.number for t in plan(sample_api, text).transport}["REMOTE_PROC_CONNECT_OPEN"] == 1
    assert "\n_PROC_CONNECT_OPEN = 1\n" in rpc.render(sample_api, text)["libvirt_remote.py"]


def test_the_cli_writes_nothing_for_a_moved_session_procedure(tmp_path: Path) -> None:
    """QA: `generate --only rpc --remote-protocol sessmoved.x` exited 0 with no diagnostic."""
    given = tmp_path / "remote_protocol.x"
    given.write_text("enum remote_procedure {\n    REMOTE_PROC_CONNECT_OPEN = 1000,\n    REMOTE_PROC_FIRST = 1\n};\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    argv = [sys.executable, "-m", "generator", "generate", "--only", "rpc", "-o", str(tmp_path / "out"), "--remote-protocol", str(given)]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert f"{given}:2:5: error: REMOTE_PROC_CONNECT_OPEN = 1000 moves a session procedure" in result.stderr
    assert result.stderr.endswith("virt-apigen: no output written\n")
    assert not (tmp_path / "out" / "rpc").exists()


def test_a_session_procedure_moved_alone_is_an_error_too(sample_api: Api) -> None:
    assert _errors(sample_api, "enum remote_procedure {\n    REMOTE_PROC_AUTH_LIST = 67\n};\n") == [
        f"{PROTOCOL}:2:5: error: REMOTE_PROC_AUTH_LIST = 67 moves a session procedure: it must stay 66, "
        "the number every libvirt client and daemon uses [rpc-protocol]"
    ]


# --- the procedure enum as rpcgen reads it; tokens fit for one line ----------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("enum remote_procedure { REMOTE_PROC_A = 5, };", "1:44: error: expected 'REMOTE_PROC_NAME = NUMBER' in the procedure enum, found '}'"),
        ("enum remote_procedure { REMOTE_PROC_A = 5 }\n", "1:43: error: expected ';' after the '}' of the procedure enum, found the end of the file"),
        ("enum remote_procedure { REMOTE_PROC_A = 5 } x;", "1:45: error: expected ';' after the '}' of the procedure enum, found 'x'"),
        ("enum remote_procedure { REMOTE_PROC_A = 4\u0661\u0667 };", "1:42: error: expected ',' or '}' after REMOTE_PROC_A, found '\\u0661'"),
        ("enum remote_procedure { REMOTE_PROC_A = \uff15 };", "1:41: error: a procedure number must be an integer constant, found '\\uff15'"),
        ("enum remote_procedure { REMOTE_PROC_A\u00a0= 5 };", "1:38: error: expected '=' after REMOTE_PROC_A, found '\\xa0'"),
        ("enum remote_procedure {\u00a0REMOTE_PROC_A = 5 };", "1:24: error: expected 'REMOTE_PROC_NAME = NUMBER' in the procedure enum, found '\\xa0'"),
        ("enum\u00a0remote_procedure { REMOTE_PROC_A = 5 };", "1:1: error: not a remote_protocol.x: no 'enum remote_procedure { ... };' found"),
        (
            "enum remote_procedure { REMOTE_PROC_A = 5 " + "x" * 100_000 + " };",
            "1:43: error: expected ',' or '}' after REMOTE_PROC_A, found 'xxxxxxxxxxxxxxxxxxxx... (100000 characters)'",
        ),
        ("enum remote_procedure { REMOTE_PROC_A = 5\0 };", "1:42: error: expected ',' or '}' after REMOTE_PROC_A, found '\\x00'"),
        ("enum remote_procedure { REMOTE_PROC_A = 5, \x7f };", "1:44: error: expected 'REMOTE_PROC_NAME = NUMBER' in the procedure enum, found '\\x7f'"),
        (
            "enum remote_procedure { " + "A" * 50 + " = 0x" + "0" * 5000 + "10000 };",
            "1:78: error: procedure number 0x000000000000000000... (5007 characters) is above 65535",
        ),
    ],
    ids=[
        "trailing-comma",
        "no-semicolon",
        "junk-before-semicolon",
        "arabic-indic-digits",
        "fullwidth-digit",
        "nbsp-in-entry",
        "nbsp-blank",
        "nbsp-after-enum",
        "long-word",
        "nul",
        "del",
        "long-zeros",
    ],
)
def test_what_rpcgen_refuses_is_an_error_with_a_readable_token(text: str, message: str) -> None:
    """QA: rpcgen refuses each ("expected 'identifier'", "expected ';'", "illegal character"); they were read, or quoted raw."""
    (problem,) = read_procedures(ProtocolFile(PROTOCOL, text)).diagnostics
    assert str(problem).startswith(f"{PROTOCOL}:{message}")
    assert str(problem).isprintable() and len(str(problem)) < 400


def test_names_in_repeat_errors_are_shortened() -> None:
    name = "REMOTE_PROC_" + "X" * 1000
    (problem,) = read_procedures(f"enum remote_procedure {{ {name} = 5, {name} = 6 }};").diagnostics
    assert problem.message == "REMOTE_PROC_XXXXXXXX... (1012 characters) is defined again (line 1): a procedure must be defined once"


# --- a '/*/' comment; the highest number known ---------------------------------------------------


def test_an_enum_inside_a_comment_opened_by_slash_star_slash_is_not_read() -> None:
    """QA: '/*/ enum remote_procedure {...}; */' was read as code, so the real enum was 'a second' one."""
    table = read_procedures("/*/ enum remote_procedure { REMOTE_PROC_Z = 9 }; */\nenum remote_procedure { REMOTE_PROC_A = 1 };\n")
    assert table.diagnostics == () and table.numbers() == {"REMOTE_PROC_A": 1}
    table = read_procedures("/* a */ /*/ enum remote_procedure { REMOTE_PROC_Z = 9 }; /* */\nenum remote_procedure { REMOTE_PROC_A = 1 };\n")
    assert table.diagnostics == () and table.numbers() == {"REMOTE_PROC_A": 1}
    table = read_procedures("/**/ enum remote_procedure { REMOTE_PROC_A = 1 };\n")
    assert table.numbers() == {"REMOTE_PROC_A": 1}


def test_procedures_left_without_a_number_all_name_the_real_highest(sample_api: Api) -> None:
    """QA: the second one said 'the next free one, 65537 ... the highest number known is 65536', which nobody held."""
    facts = load_facts()
    facts = replace(facts, procedures=tuple(p for p in facts.procedures if p.key not in ("virDomainCheckpointDelete", "virDomainCheckpointGetParent")))
    given = ProtocolFile(PROTOCOL, "enum remote_procedure {\n REMOTE_PROC_X = 65535,\n REMOTE_PROC_CONNECT_OPEN = 1\n};\n")
    errors = [d.message for d in plan(sample_api, given, facts).notes if d.severity == "error"]
    tail = (
        "no procedure number left: the next free one, 65536, is above 65535, the highest the dispatch table is written for; "
        "the highest number known is 65535 (REMOTE_PROC_X, line 2 of the given protocol file)"
    )
    assert sorted(errors) == [f"virDomainCheckpointDelete: {tail}", f"virDomainCheckpointGetParent: {tail}"]
