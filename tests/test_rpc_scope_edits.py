"""The RPC outputs for a data file edited as docs/rpc.md lets a user edit it: a wider ``[scope]``, a
procedure's ``generate``.  QA, session 35: with libvirt-host in scope the client had two ``close``
methods (virConnectClose's replaced the session's) and two ``_PROC_CONNECT_CLOSE`` (2, then 418),
and the ``.x`` two ``REMOTE_PROC_CONNECT_CLOSE``."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
from rpc_support import dangling_references, edited_facts, import_client, render_edited, ruff_findings, unused_private_names

from generator.backends import rpc
from generator.frontend import load_tree
from generator.model import Api, Function
from generator.naming import PyName
from generator.rpc.data import DATA_FILE
from generator.rpc.rules import plan

SCOPE = 'headers = ["libvirt-domain-checkpoint"]'


def scope(*headers: str) -> tuple[str, str]:
    """The edit of ``[scope]`` that lists ``headers``."""
    return SCOPE, "headers = [" + ", ".join(f'"{header}"' for header in headers) + "]"


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


def _definitions(client: str, cls: str) -> list[str]:
    """Every name the class body of ``cls`` defines, in order, repeats included."""
    body = next(node for node in ast.parse(client).body if isinstance(node, ast.ClassDef) and node.name == cls).body
    names = [node.name for node in body if isinstance(node, ast.FunctionDef)]
    return names + [target.id for node in body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)]


def _module_assignments(client: str) -> list[str]:
    return [target.id for node in ast.parse(client).body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)]


def _enum(protocol: str) -> list[tuple[str, int]]:
    return [(name, int(number)) for name, number in re.findall(r"^\s+(REMOTE_PROC_\w+) = (\d+),?$", protocol, re.MULTILINE)]


def _clean(client: str, folder: Path, name: str) -> None:
    """Ruff-clean with the project's configuration, every private top-level name used, and importable."""
    path = folder / f"{name}.py"
    path.write_text(client, encoding="utf-8")
    assert ruff_findings(path) == ""
    assert unused_private_names(client) == []
    import_client(client, folder, name)


def test_the_host_api_in_scope_keeps_one_close_the_sessions(sample_api: Api, tmp_path: Path) -> None:
    """virConnectClose is libvirt's session procedure CONNECT_CLOSE (2): the client's close() sends it,
    so widening the scope to libvirt-host gives it no procedure, number or method of its own."""
    files, notes = render_edited(sample_api, edited_facts(scope("libvirt-domain-checkpoint", "libvirt-host")))
    client = files["libvirt_remote.py"]
    assert _definitions(client, "virConnect").count("close") == 1
    assert _module_assignments(client).count("_PROC_CONNECT_CLOSE") == 1 and "\n_PROC_CONNECT_CLOSE = 2\n" in client
    enum = _enum(files["remote_protocol.x"])
    assert [entry for entry in enum if entry[0] == "REMOTE_PROC_CONNECT_CLOSE"] == [("REMOTE_PROC_CONNECT_CLOSE", 2)]
    assert len({name for name, _ in enum}) == len(enum)
    assert "remoteConnectClose" not in files["remote_client_bodies.h"] + files["remote_dispatch_stubs.h"]
    assert not [note for note in notes if note.message.startswith("virConnectClose:")]
    assert not [note for note in notes if note.severity == "error"]
    _clean(client, tmp_path, "libvirt_remote_host_scope")


def _function(api: Api, name: str) -> Function:
    return next(f for module in api.modules for f in module.functions if f.name == name)


def test_the_session_functions_in_scope_are_told_why_they_have_no_procedure(sample_api: Api) -> None:
    """Review of session 35: with libvirt-host in scope virConnectClose vanished without a word, and
    virConnectOpen's [rpc-unmapped] note was gone."""
    _files, notes = render_edited(sample_api, edited_facts(scope("libvirt-domain-checkpoint", "libvirt-host")))
    told = {note.location: note for note in notes if "session procedure" in note.message}
    close, open_ = _function(sample_api, "virConnectClose"), _function(sample_api, "virConnectOpen")
    assert set(told) == {close.location, open_.location}
    assert (told[close.location].severity, told[close.location].rule) == ("note", "rpc-unmapped")
    assert "it is the session procedure REMOTE_PROC_CONNECT_CLOSE (2), which the Python client sends in virConnect.close()" in told[close.location].message
    assert "it is the session procedure REMOTE_PROC_CONNECT_OPEN (1), which the Python client sends in open()" in told[open_.location].message
    assert "entry" not in told[close.location].message  # none was written


@pytest.mark.parametrize(("function", "constant"), [("virConnectClose", "REMOTE_PROC_CONNECT_CLOSE (2)"), ("virConnectOpen", "REMOTE_PROC_CONNECT_OPEN (1)")])
def test_an_entry_for_a_session_function_is_told_it_has_no_effect(function: str, constant: str, sample_api: Api) -> None:
    """An explicit [procedures.virConnectClose] table (out of [scope]) makes no procedure, and says so at
    the function (the data file's tables carry no place), as an entry the rules cannot map does."""
    entry = ("[procedures.virDomainLookupByName]\n", f"[procedures.{function}]\nnumber = 500\n\n[procedures.virDomainLookupByName]\n")
    files, notes = render_edited(sample_api, edited_facts(entry))
    assert "= 500" not in files["remote_protocol.x"]
    told = [note for note in notes if function in note.message]
    assert [(note.severity, note.rule, note.location) for note in told] == [("note", "rpc-unmapped", _function(sample_api, function).location)]
    assert f"it is the session procedure {constant}" in told[0].message
    assert f"its [procedures.{function}] entry in generator/rpc/procedures.toml has no effect" in told[0].message


def test_an_entry_for_a_session_function_moves_no_next_free_number(sample_api: Api) -> None:
    """Docs QA of session 35: the table "has no effect", but its number still counted as used, so
    ``number = 999`` made every next free number start at 1000."""
    host = scope("libvirt-domain-checkpoint", "libvirt-host")
    entry = ("[procedures.virDomainLookupByName]\n", "[procedures.virConnectClose]\nnumber = 999\n\n[procedures.virDomainLookupByName]\n")
    without, _ = render_edited(sample_api, edited_facts(host))
    with_entry, _ = render_edited(sample_api, edited_facts(host, entry))
    assert _enum(with_entry["remote_protocol.x"]) == _enum(without["remote_protocol.x"])
    assert max(number for _, number in _enum(with_entry["remote_protocol.x"])) < 999


def test_a_method_whose_name_its_class_has_is_an_error_and_is_not_written(sample_api: Api) -> None:
    """The rule behind it, for any clash the naming rules let through: a class defines a name once (the
    template's own close() first); a method that would take a name its class has is an error at its
    function, and is not written, never silently replacing the other."""
    the_plan = plan(sample_api)
    lookup = next(p for p in the_plan.procedures if p.function.name == "virDomainLookupByName")
    clashing = dataclasses.replace(lookup, pyname=PyName(lookup.function.name, "virConnect", "close", ()))
    the_plan = dataclasses.replace(the_plan, procedures=tuple(clashing if p is lookup else p for p in the_plan.procedures))
    errors = [d for d in rpc._notes(sample_api, the_plan) if d.severity == "error"]
    assert [(d.rule, d.location) for d in errors] == [("rpc-name", lookup.function.location)]
    assert "virDomainLookupByName: the Python client's virConnect already has a method close()" in errors[0].message
    assert _definitions(rpc.render_python(sample_api, the_plan, "test"), "virConnect").count("close") == 1


@pytest.mark.parametrize(
    ("function", "owner", "name", "has"),
    [
        ("virDomainLookupByName", "virConnect", "__enter__", "a method __enter__()"),
        ("virDomainLookupByName", "virConnect", "_abort", "a method _abort()"),
        ("virDomainLookupByName", "virConnect", "_conn", "an attribute _conn"),
        ("virDomainCheckpointGetXMLDesc", "virDomainCheckpoint", "__hash__", "a method __hash__()"),
        ("virDomainCheckpointGetXMLDesc", "virDomainCheckpoint", "_encoded", "a method _encoded()"),
        ("virDomainCheckpointGetXMLDesc", "virDomainCheckpoint", "_pack", "an attribute _pack"),
        ("virDomainCheckpointGetXMLDesc", "virDomainCheckpoint", "_wire", "an attribute _wire"),
    ],
)
def test_a_method_named_as_anything_the_template_gives_its_class_is_an_error(function: str, owner: str, name: str, has: str, sample_api: Api) -> None:
    """Review of session 35: only close() was reserved, though the template gives virConnect
    __enter__, _abort, _conn, ... and each handle class _pack and _Handle's __hash__, _encoded, _wire,
    ...: a method of that name replaced the template's, or hid behind an attribute, without a word."""
    the_plan = plan(sample_api)
    chosen = next(p for p in the_plan.procedures if p.function.name == function)
    clashing = dataclasses.replace(chosen, pyname=PyName(chosen.function.name, owner, name, ()))
    the_plan = dataclasses.replace(the_plan, procedures=tuple(clashing if p is chosen else p for p in the_plan.procedures))
    errors = [d for d in rpc._notes(sample_api, the_plan) if d.severity == "error"]
    assert [(d.rule, d.location) for d in errors] == [("rpc-name", chosen.function.location)]
    clash = "which this one would replace" if has.startswith("a method") else "which would hide this method"
    assert f"{function}: the Python client's {owner} already has {has}, {clash}" in errors[0].message
    without = dataclasses.replace(the_plan, procedures=tuple(p for p in the_plan.procedures if p is not chosen))
    written = _definitions(rpc.render_python(sample_api, the_plan, "test"), owner).count(name)
    assert written == _definitions(rpc.render_python(sample_api, without, "test"), owner).count(name)  # the template's alone


def test_the_names_reserved_are_every_name_the_template_gives_a_class(sample_api: Api) -> None:
    """Read from the template, so they cannot drift from it: each client class's body (and _Handle's)
    defines nothing besides the methods of procedures and getters that is not reserved."""
    the_plan = plan(sample_api)
    client = rpc.render_python(sample_api, the_plan, "test")
    methods, _clashes = rpc._class_methods(the_plan, rpc._error_domains(sample_api))
    connection, handle = rpc.template_members(rpc._close_name(the_plan))
    written = {cls: {n for m in views for n in (m.name, *m.aliases)} for cls, views in methods.items()}
    assert set(_definitions(client, "virConnect")) - written["virConnect"] <= set(connection)
    assert {"close", "__enter__", "__exit__", "_abort", "_conn"} <= set(connection)
    assert set(_definitions(client, "_Handle")) <= set(handle)
    for cls in set(the_plan.classes) - {"virConnect"}:
        assert set(_definitions(client, cls)) - written[cls] <= set(handle)
    assert {"__eq__", "__hash__", "_encoded", "_pack", "_wire", "__slots__"} <= set(handle)


# the sample's procedures, each of which the data file has an entry for
ENTRIES = (
    "virDomainLookupByName",
    "virDomainCheckpointCreateXML",
    "virDomainCheckpointGetXMLDesc",
    "virDomainListAllCheckpoints",
    "virDomainCheckpointListAllChildren",
    "virDomainCheckpointLookupByName",
    "virDomainCheckpointGetParent",
    "virDomainCheckpointDelete",
)


def generate(value: str, *functions: str) -> tuple[tuple[str, str], ...]:
    """The edits that give each of ``functions`` ``generate = value`` in its table."""
    return tuple((f"[procedures.{function}]\n", f'[procedures.{function}]\ngenerate = "{value}"\n') for function in functions)


def _reader_methods(client: str) -> set[str]:
    body = next(node for node in ast.parse(client).body if isinstance(node, ast.ClassDef) and node.name == "_Reader").body
    return {node.name for node in body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("value", ["server", "none"])
def test_a_procedure_the_client_does_not_call_leaves_nothing_in_it(value: str, sample_api: Api, tmp_path: Path) -> None:
    """generate = "server" (or "none") takes the procedure's method out of the client, and with it
    everything only that method used: its _PROC_ number and its name in _PROCEDURE_NAMES, its list
    bound, its decoders and the _Reader methods only results call."""
    files, _notes = render_edited(sample_api, edited_facts(*generate(value, *ENTRIES)))
    client = files["libvirt_remote.py"]
    assert not re.findall(r"^_PROC_DOMAIN\w*", client, re.MULTILINE)
    assert "REMOTE_PROC_DOMAIN" not in client and "_REMOTE_DOMAIN_CHECKPOINT_LIST_MAX" not in client
    assert "def _at_" not in client and "_Decoder" not in client
    assert not _reader_methods(client) & {"string", "decode", "decode_list", "counted"}
    assert ("remoteDispatchDomainCheckpointDelete" in files["remote_dispatch_stubs.h"]) is (value == "server")
    assert "remoteDomainCheckpointDelete" not in files["remote_client_bodies.h"]
    _clean(client, tmp_path, f"libvirt_remote_{value}_only")


@pytest.mark.parametrize(
    ("functions", "gone"),
    [
        (("virDomainLookupByName",), ["_PROC_DOMAIN_LOOKUP_BY_NAME", "_at_remote_nonnull_domain"]),
        (("virDomainCheckpointGetXMLDesc",), ["_PROC_DOMAIN_CHECKPOINT_GET_XML_DESC", "string"]),
        (("virDomainListAllCheckpoints", "virDomainCheckpointListAllChildren"), ["_REMOTE_DOMAIN_CHECKPOINT_LIST_MAX", "decode_list", "counted"]),
    ],
)
def test_each_kind_of_result_generated_for_the_server_alone(functions: tuple[str, ...], gone: list[str], sample_api: Api, tmp_path: Path) -> None:
    files, _notes = render_edited(sample_api, edited_facts(*generate("server", *functions)))
    client = files["libvirt_remote.py"]
    defined = set(_module_assignments(client)) | {node.name for node in ast.parse(client).body if isinstance(node, ast.FunctionDef)}
    assert not (defined | _reader_methods(client)) & set(gone)
    _clean(client, tmp_path, "libvirt_remote_" + "_".join(f.lower() for f in functions))


def without(function: str) -> tuple[str, str]:
    """The edit that takes ``function``'s table out of the data file (a function out of scope is then
    left out, as a checkpoint's is once [scope] lists another header)."""
    found = re.search(rf"^\[procedures\.{function}\]\n(?:[^\[\n].*\n|\n)*", DATA_FILE.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    return found.group(0), ""


# no procedure returns a handle: nothing decodes a name, so no _name_of, and still the checkpoint's
# wire form is packed (getXMLDesc, delete) with _pack_wire_string
NO_HANDLE_RETURNED = (
    scope(),
    *[without(f) for f in ENTRIES if f not in ("virDomainCheckpointGetXMLDesc", "virDomainCheckpointDelete")],
)


@pytest.mark.parametrize("edits", [NO_HANDLE_RETURNED, generate("server", *ENTRIES)], ids=["no handle returned", "all for the server"])
def test_the_docs_point_only_at_names_the_module_defines(edits: tuple[tuple[str, str], ...], sample_api: Api, tmp_path: Path) -> None:
    """QA, session 35: _pack_wire_string's docstring said "see _name_of" in a client that has no _name_of."""
    files, _notes = render_edited(sample_api, edited_facts(*edits))
    client = files["libvirt_remote.py"]
    assert "def _pack_wire_string(" in client and "def _name_of(" not in client
    assert dangling_references(client) == []
    _clean(client, tmp_path, "libvirt_remote_no_name_decoded")


@pytest.fixture(scope="module")
def real_api(libvirt_tree: Path) -> Api:
    return load_tree(libvirt_tree).api


@pytest.mark.parametrize(
    "edits",
    [
        (scope("libvirt-domain-checkpoint", "libvirt-host"),),
        (scope("libvirt-domain-checkpoint", "libvirt-domain", "libvirt-host"),),
        (scope("libvirt-domain-checkpoint", "libvirt-host"), *generate("server", *ENTRIES)),
        (scope("libvirt-domain-checkpoint", "libvirt-domain"), *generate("client", *ENTRIES)),
    ],
    ids=["host", "domain and host", "host, the entries for the server", "domain, the entries for the client"],
)
def test_wider_scopes_of_libvirt_9_give_a_clean_client(edits: tuple[tuple[str, str], ...], real_api: Api, tmp_path: Path) -> None:
    """On the 9.0.0 tree (libvirt-domain: about a hundred procedures): no error, one definition per
    name, every private name used, the docs' names defined, and the module imports."""
    files, notes = render_edited(real_api, edited_facts(*edits))
    client = files["libvirt_remote.py"]
    assert not [note for note in notes if note.severity == "error"]
    enum = [name for name, _ in _enum(files["remote_protocol.x"])]
    assert len(set(enum)) == len(enum)
    assert dangling_references(client) == []
    _clean(client, tmp_path, "libvirt_remote_9_scope")
