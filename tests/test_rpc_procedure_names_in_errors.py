"""The RPC client's own errors name the call they are about by its C function, constant and number
(QA, session 29: "procedure 413: no complete reply within 1.5 s" left the reader to look 413 up)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, require
from rpc_support import AUTH_NONE_LIST, HEADER, fake_server, load_client, open_then_silent, read_call, reply_to, sample_client, socket_uri
from rpc_support import raised_error as _err

from generator.frontend import load_tree

TIMEOUT = 0.3


@pytest.fixture(scope="module")
def client(sample_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return sample_client(sample_tree, tmp_path_factory, "libvirt_remote_names")


def _silent(conn: socket.socket, received: list[bytes]) -> None:
    while True:
        received.append(read_call(conn))


def test_a_call_that_times_out_is_named_by_its_c_function(client: ModuleType) -> None:
    with fake_server(open_then_silent) as server:
        conn = client.open(socket_uri(server.path), timeout=TIMEOUT)
        dom = client.virDomain(conn._conn, ("test", bytes(16), 1))
        error = _err(client, dom.listAllCheckpoints)
        conn._abort()
    assert error[:3] == (68, 7, f"virDomainListAllCheckpoints (REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS, 413): no complete reply within {TIMEOUT} s")


def test_a_session_procedure_is_named_by_its_constant(client: ModuleType) -> None:
    with fake_server(_silent) as server:
        error = _err(client, lambda: client.open(socket_uri(server.path), timeout=TIMEOUT))
    assert error[:3] == (68, 7, f"REMOTE_PROC_AUTH_LIST (66): no complete reply within {TIMEOUT} s")


def test_a_reply_to_another_procedure_names_the_call(client: ModuleType) -> None:
    def behave(conn: socket.socket, received: list[bytes]) -> None:
        call = read_call(conn)  # AUTH_LIST, answered as the reply to procedure 23
        length, program, version, _, kind, serial, status = HEADER.unpack_from(reply_to(call, AUTH_NONE_LIST))
        conn.sendall(HEADER.pack(length, program, version, 23, kind, serial, status) + AUTH_NONE_LIST)
        _silent(conn, received)

    with fake_server(behave) as server:
        error = _err(client, lambda: client.open(socket_uri(server.path), timeout=TIMEOUT))
    assert error[:3] == (39, 7, "REMOTE_PROC_AUTH_LIST (66): reply for virDomainLookupByName (REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 23)")


def _names(client: ModuleType) -> dict[int, str]:
    numbers = {getattr(client, name): name.removeprefix("_PROC_") for name in vars(client) if name.startswith("_PROC_")}
    return {number: client._procedure_name(number).replace(f"REMOTE_PROC_{key}", "CONSTANT") for number, key in numbers.items()}


def test_every_procedure_of_the_client_has_a_name(client: ModuleType) -> None:
    assert _names(client) == {
        1: "CONSTANT (1)",
        2: "CONSTANT (2)",
        23: "virDomainLookupByName (CONSTANT, 23)",
        66: "CONSTANT (66)",
        411: "virDomainCheckpointCreateXML (CONSTANT, 411)",
        412: "virDomainCheckpointGetXMLDesc (CONSTANT, 412)",
        413: "virDomainListAllCheckpoints (CONSTANT, 413)",
        414: "virDomainCheckpointListAllChildren (CONSTANT, 414)",
        415: "virDomainCheckpointLookupByName (CONSTANT, 415)",
        416: "virDomainCheckpointGetParent (CONSTANT, 416)",
        417: "virDomainCheckpointDelete (CONSTANT, 417)",
    }
    assert client._procedure_name(9999) == "procedure 9999"  # none of its own: never a KeyError inside an error


def test_every_procedure_of_a_real_tree_has_a_name(libvirt_tree: Path, tmp_path: Path) -> None:
    client = load_client(load_tree(libvirt_tree).api, tmp_path, "libvirt_remote_names_real")
    names = _names(client)
    assert len(names) >= 11
    for number, name in names.items():
        assert name.endswith(f"(CONSTANT, {number})" if name.startswith("vir") else f"CONSTANT ({number})"), name


def test_a_name_too_long_for_one_line_is_split_as_ruff_wants(tmp_path: Path) -> None:
    """A long C function and constant: the entry in _PROCEDURE_NAMES is two strings on lines of
    their own (one line passed ruff's 160 columns), and the name read back is still whole."""
    from python_support import extended_sample

    name = "virDomainCheckpointWithANameLongEnoughThatItsBindingCannotStandOnOneLine"
    tree = extended_sample(tmp_path / "tree", [f"int {name}(virDomainCheckpointPtr cp, unsigned int flags)"])
    client = load_client(load_tree(tree).api, tmp_path, "libvirt_remote_names_long")
    source = Path(client.__file__).read_text(encoding="utf-8")
    constant = "REMOTE_PROC_DOMAIN_CHECKPOINT_WITH_A_NAME_LONG_ENOUGH_THAT_ITS_BINDING_CANNOT_STAND_ON_ONE_LINE"
    number = client._PROC_DOMAIN_CHECKPOINT_WITH_A_NAME_LONG_ENOUGH_THAT_ITS_BINDING_CANNOT_STAND_ON_ONE_LINE
    assert f'    {number}: (\n        "{name}"\n        " ({constant}, {number})"\n    ),\n' in source
    assert client._procedure_name(number) == f"{name} ({constant}, {number})"
    ruff = Path(sys.executable).parent / "ruff"
    require(ruff.is_file(), "ruff beside the Python running the tests")
    config = str(REPO / "pyproject.toml")
    for argv in (["check", "--no-cache"], ["format", "--check"]):
        done = subprocess.run([str(ruff), *argv, "--config", config, client.__file__], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
