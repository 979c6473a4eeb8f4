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
        (HEAD + "[procedures]\nvirX = 5\n", "[procedures.virX]: must be a table, not int", 6, 0),
        (HEAD + "[procedures.virX]\nnumber = 3\nacl = \"domain:read\"\n", "[procedures.virX]: 'acl' must be a list of strings", 5, 0),
        (
            HEAD + "[procedures.virX]\nnumber = 3\nnames = { xml = 1 }\n",
            "[procedures.virX]: 'names' must be a table of C identifiers (C parameter = wire member name)", 5, 0,
        ),
        (HEAD + "[transport.AUTH_LIST]\nnumber = 3\ngenerate = \"all\"\n", "[transport.AUTH_LIST]: 'generate' must be one of both, client, server, none", 5, 0),
        (
            HEAD + "[handles.virDomain]\nstruct = \"s\"\nmember = \"dom\"\nfields = [[\"a\"]]\n",
            "[handles.virDomain]: 'fields' must be a list of [type, name] pairs of strings", 5, 0,
        ),
        ("[program]\nnumber = 1\nversion = \"1\"\nstring_max = 1\n", "[program]: 'version' must be an integer between 0 and 4294967295", 1, 0),
        ("program = 3\n", "[program]: must be a table, not int", 1, 0),
        (HEAD + "[scope]\nheaders = \"libvirt-host\"\n", "[scope]: 'headers' must be a list of strings", 5, 0),
    ],
)
def test_each_mistake_is_named_at_its_place(text: str, message: str, line: int, col: int) -> None:
    with pytest.raises(DataError) as raised:
        load_facts(text)
    assert (raised.value.message, raised.value.line, raised.value.col) == (message, line, col)


# review, session 36: each of these passed and then wrote a broken .x or client (or a traceback)
HANDLES = (
    '[handles.virDomain]\nstruct = "remote_nonnull_domain"\nmember = "dom"\nfields = [["remote_nonnull_string", "name"]]\n'
    '[handles.virNetwork]\nstruct = "remote_nonnull_network"\nmember = "net"\nfields = [["remote_nonnull_string", "name"]]\n'
)
SESSIONS = "".join(f"[transport.{name}]\nnumber = {number}\n" for name, number in (("CONNECT_OPEN", 1), ("CONNECT_CLOSE", 2), ("AUTH_LIST", 66)))
WHOLE = HEAD + HANDLES  # lines 1-12


ALREADY = "a number names one procedure"
IDENTIFIERS = "must be a table of C identifiers (C parameter = wire member name)"
KNOWN_TYPES = "int, unsigned int, hyper, unsigned hyper, remote_nonnull_string, remote_string, remote_uuid, a handle's struct"
ERROR_STRUCTS = "remote_nonnull_domain, remote_nonnull_network"
ONE_DOMAIN_FIELD = '[["remote_nonnull_string", "name"]]\n[handles.virNetwork]'
CASES = [
    (WHOLE + "[procedures.virA]\nnumber = 3\n[procedures.virB]\nnumber = 3\n", f"[procedures.virB]: 'number' 3 is already [procedures.virA]'s: {ALREADY}", 15),
    (
        WHOLE + "[transport.CONNECT_CLOSE]\nnumber = 2\n[procedures.virA]\nnumber = 2\n",
        f"[procedures.virA]: 'number' 2 is already [transport.CONNECT_CLOSE]'s: {ALREADY}", 15,
    ),
    (WHOLE.replace("number = 1\n", "number = -1\n", 1), "[program]: 'number' must be an integer between 1 and 4294967295", 1),
    (WHOLE.replace("number = 1\n", "number = 0x100000000\n", 1), "[program]: 'number' must be an integer between 1 and 4294967295", 1),
    (WHOLE.replace("string_max = 1", "string_max = 0"), "[program]: 'string_max' must be an integer between 1 and 4294967295", 1),
    (WHOLE.replace('member = "dom"', 'member = ""'), "[handles.virDomain]: 'member' must be a C identifier", 5),
    (WHOLE.replace("[program]\n", '[program]\nprocedure_prefix = "A B"\n'), "[program]: 'procedure_prefix' must be a C identifier", 1),
    (
        WHOLE.replace(ONE_DOMAIN_FIELD, ONE_DOMAIN_FIELD.replace("\n", "\nlist_max_value = -1\n")),
        "[handles.virDomain]: 'list_max_value' must be between 1 and 4294967295", 5,
    ),
    (WHOLE + '[procedures.virA]\nnumber = 3\nnames = { parent = "par ent" }\n', f"[procedures.virA]: 'names' {IDENTIFIERS}", 13),
    (
        WHOLE + '[procedures.virA]\nnumber = 3\nacls = ["domain:read"]\n',
        "[procedures.virA]: unknown key 'acls' (known: number, generate, priority, acl, nullable, names, list_max)", 13,
    ),
    (WHOLE + '[procedures.virA]\nnumber = 3\npriority = "urgent"\n', "[procedures.virA]: 'priority' must be \"high\" or \"low\" when given", 13),
    (
        WHOLE + '[procedures.virA]\nnumber = 3\nacl = ["domain"]\n',
        "[procedures.virA]: 'acl': 'domain' is not 'none' nor OBJECT:PERMISSION[:FLAGS[:PARAM:VALUE]]", 13,
    ),
    (
        WHOLE.replace("[program]\n", '[program]\nlibrary = "libvirt-admin"\n'),
        "[program]: 'library' must be \"libvirt\": the remote program carries libvirt's objects", 1,
    ),
    (
        WHOLE.replace(ONE_DOMAIN_FIELD, ONE_DOMAIN_FIELD.replace("\n", '\nlist_max = "X_LIST_MAX"\n')),
        "[handles.virDomain]: 'list_max' and 'list_max_value' go together: the .x defines the one as the other", 5,
    ),
    (WHOLE + '[procedures.virA]\nnumber = 3\nlist_max = "Y_MAX"\n', "[procedures.virA]: 'list_max' Y_MAX is no handle's list_max (defined: none)", 13),
    (
        WHOLE + '[error_domains]\n"libvirt domain" = "VIR_FROM_DOMAIN"\n',
        "[error_domains]: 'libvirt domain' is no .c module name (libvirt, libvirt-domain, ...)", 13,
    ),
    (
        WHOLE.replace(ONE_DOMAIN_FIELD, ONE_DOMAIN_FIELD.replace('"remote_nonnull_string", "name"', '"double", "id"')),
        f"[handles.virDomain]: 'fields': the type 'double' of 'id' is not one the client reads (known: {KNOWN_TYPES})", 5,
    ),
    (HEAD, f"[handles]: the error reply carries remote_nonnull_domain and remote_nonnull_network: describe {ERROR_STRUCTS} here", 0),
    (WHOLE + "[procedures]\nvirA = { number = 0 }\n", "[procedures.virA]: 'number' must be a positive integer", 14),
    (WHOLE + "[procedures.'virA']\nnumber = 0\n", "[procedures.virA]: 'number' must be a positive integer", 13),
    ("procedures.virA.number = 0\n" + WHOLE, "[procedures.virA]: 'number' must be a positive integer", 1),
    (
        WHOLE.replace("[handles.virDomain]", "[transport.CONNECT_OPEN]\nnumber = 1\n[handles.virDomain]"),
        "[transport]: the client's transport sends CONNECT_OPEN, AUTH_LIST, CONNECT_CLOSE: give AUTH_LIST, CONNECT_CLOSE a table here", 5,
    ),
    (WHOLE + "[scopes]\n", "[scopes]: unknown table (known: program, scope, handles, transport, procedures, error_domains)", 13),
]


@pytest.mark.parametrize(("text", "message", "line"), CASES)
def test_what_would_break_the_output_is_refused_at_its_place(text: str, message: str, line: int) -> None:
    with pytest.raises(DataError) as raised:
        load_facts(text if "[transport" in text else text + SESSIONS)
    assert (raised.value.message, raised.value.line) == (message, line)


def test_a_whole_file_of_the_cases_reads() -> None:
    assert [p.key for p in load_facts(WHOLE + SESSIONS).transport] == ["CONNECT_OPEN", "CONNECT_CLOSE", "AUTH_LIST"]


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


def test_an_entry_naming_no_parameter_is_a_warning(sample_tree: Path) -> None:
    """A typo in ``nullable`` or ``names`` left the string non-nullable, or the member named by the rule, in silence."""
    from rpc_support import edited_facts

    from generator.frontend import load_tree
    from generator.rpc.rules import plan

    facts = edited_facts(('[procedures.virDomainCheckpointGetParent]\n', '[procedures.virDomainCheckpointGetParent]\nnullable = ["checkpiont"]\n'))
    notes = [d for d in plan(load_tree(sample_tree).api, facts=facts).notes if d.rule == "rpc-data"]
    assert [(d.severity, d.message) for d in notes] == [
        ("warning", "[procedures.virDomainCheckpointGetParent] 'nullable' names 'checkpiont', no parameter of virDomainCheckpointGetParent: it has no effect")
    ]
    assert notes[0].location.file == "include/libvirt/libvirt-domain-checkpoint.h"


def test_an_entry_naming_nothing_of_the_input_is_a_note_at_its_table(sample_tree: Path) -> None:
    """Review, session 36: a misspelt [scope] header dropped its procedures in silence, and a table naming no
    function did nothing unsaid.  Notes (never failing --werror): an input may rightly lack them."""
    from rpc_support import edited_facts

    from generator.frontend import load_tree
    from generator.rpc.rules import plan

    facts = edited_facts(
        ('headers = ["libvirt-domain-checkpoint"]', 'headers = ["libvirt-domain-checkpiont"]'),
        ("[procedures.virDomainLookupByName]\n", "[procedures.virDomainLokupByName]\n"),
    )
    notes = [(d.severity, d.location.line, d.message) for d in plan(load_tree(sample_tree).api, facts=facts).notes if d.rule == "rpc-data"]
    assert notes == [
        ("note", 35, "[scope]: header 'libvirt-domain-checkpiont' is no header of the input: it has no effect"),
        ("note", 98, "[procedures.virDomainLokupByName]: virDomainLokupByName is no function of the input: it has no effect"),
    ]


def test_nullable_naming_a_parameter_that_is_no_string_is_a_warning(sample_tree: Path) -> None:
    from rpc_support import edited_facts

    from generator.frontend import load_tree
    from generator.rpc.rules import plan

    facts = edited_facts(("[procedures.virDomainCheckpointDelete]\n", '[procedures.virDomainCheckpointDelete]\nnullable = ["flags"]\n'))
    notes = [d.message for d in plan(load_tree(sample_tree).api, facts=facts).notes if d.rule == "rpc-data"]
    said = "[procedures.virDomainCheckpointDelete] 'nullable' names 'flags', no string parameter of virDomainCheckpointDelete: it has no effect"
    assert notes == [said]
