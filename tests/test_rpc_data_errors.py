"""A mistake in ``generator/rpc/procedures.toml``, the file docs/rpc.md tells maintainers to edit: an
``rpc-data`` error at its place, exit 1, nothing written, no traceback.  Until session 36 a TOML
syntax error or an entry of the wrong type ended ``generate --only rpc`` in a traceback, and an
entry's mistake named no line (tomllib gives no positions past its own syntax errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.rpc import data
from generator.rpc.data import DATA_FILE, DataError, load_facts

HEAD = "[program]\nnumber = 1\nversion = 1\nstring_max = 1\n"


@pytest.mark.parametrize(
    ("text", "message", "line", "col"),
    [
        (HEAD + "[procedures.virX]\nnumber = 1x\n", "not TOML: Expected newline or end of document after a statement", 6, 11),
        (HEAD + "[procedures.virX]\nnumber = 0\n", "[procedures.virX]: 'number' must be a positive integer", 5, 0),
        (HEAD + "\n[ procedures . \"virX\" ]\nnumber = true\n", "[procedures.virX]: 'number' must be a positive integer", 6, 0),
        (HEAD + "[procedures]\nvirX = 5\n", "[procedures.virX]: must be a table, not int", 0, 0),
        (HEAD + "[procedures.virX]\nnumber = 3\nacl = \"domain:read\"\n", "[procedures.virX]: 'acl' must be a list of strings", 5, 0),
        (
            HEAD + "[procedures.virX]\nnumber = 3\nnames = { xml = 1 }\n",
            "[procedures.virX]: 'names' must be a table of strings (C parameter = wire member name)", 5, 0,
        ),
        (HEAD + "[transport.AUTH_LIST]\nnumber = 3\ngenerate = \"all\"\n", "[transport.AUTH_LIST]: 'generate' must be one of both, client, server, none", 5, 0),
        (
            HEAD + "[handles.virDomain]\nstruct = \"s\"\nmember = \"dom\"\nfields = [[\"a\"]]\n",
            "[handles.virDomain]: 'fields' must be a list of [type, name] pairs of strings", 5, 0,
        ),
        ("[program]\nnumber = 1\nversion = \"1\"\nstring_max = 1\n", "[program]: 'version' must be an integer", 1, 0),
        ("program = 3\n", "[program]: must be a table, not int", 0, 0),
        (HEAD + "[scope]\nheaders = \"libvirt-host\"\n", "[scope]: 'headers' must be a list of strings", 5, 0),
    ],
)
def test_each_mistake_is_named_at_its_place(text: str, message: str, line: int, col: int) -> None:
    with pytest.raises(DataError) as raised:
        load_facts(text)
    assert (raised.value.message, raised.value.line, raised.value.col) == (message, line, col)


def test_the_shipped_file_reads() -> None:
    assert load_facts().procedures


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("number = 0x20008086", "number = 0x2000808G", ":23:", "not TOML: "),
        (
            "[procedures.virDomainCheckpointDelete]\nnumber = ", "[procedures.virDomainCheckpointDelete]\nnumber = -", ":",
            "[procedures.virDomainCheckpointDelete]: 'number' must be a positive integer",
        ),
    ],
)
def test_generate_reports_it_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str, message: str
) -> None:
    from generator import cli
    from generator.cli import main

    text = DATA_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    edited = tmp_path / "procedures.toml"
    edited.write_text(text, encoding="utf-8")
    monkeypatch.setattr(data, "DATA_FILE", edited)
    tool_files = cli._tool_files
    monkeypatch.setattr(cli, "_tool_files", lambda: [*tool_files(), edited])  # an input of every run, as the file in the package is
    out = tmp_path / "out"
    assert main(["generate", "--only", "rpc", "-o", str(out)]) == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    edited.write_text(text.replace(old, new), encoding="utf-8")  # the maintainer's edit
    expected_line = edited.read_text(encoding="utf-8").split("\n").index(new.split("\n")[0]) + 1
    capsys.readouterr()
    code = main(["generate", "--only", "rpc", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"{edited}:{expected_line}:") and f"{where}" in first
    assert f": error: {message}" in first and first.endswith("[rpc-data]")
    assert err.rstrip().endswith("virt-apigen: no output written")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == before
