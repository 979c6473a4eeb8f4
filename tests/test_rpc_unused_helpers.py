"""The generated client writes only the codec helpers something in it calls (QA, session 34: the
sample's client, and 7.0.0's, 9.0.0's and 11.3.0's, carried ``_pack_optional_string``,
``_pack_optional_wire_string``, ``_pack_i64``, ``_pack_u64``, ``_pack_optional``, ``_string_at``,
``_optional_at`` and ``_wire_of``, none of them called), and still writes each one that a
procedure's arguments, a handle's wire form or a decoder needs: :func:`every_helper_client` builds
an input that needs them all, which the tests of the helpers themselves use."""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import require
from frontend_support import sample_with
from rpc_support import import_client, unused_private_names, unused_reader_methods

from generator.backends import rpc
from generator.frontend import load_tree
from generator.model import Api
from generator.rpc.data import ProcedureFacts, load_facts
from generator.rpc.rules import Plan, plan

# what the sample's client carried unused; the input below needs each of them
CONDITIONAL = (
    "_pack_i64",
    "_pack_u64",
    "_pack_optional_string",
    "_pack_optional_wire_string",
    "_pack_optional",
    "_string_at",
    "_optional_at",
    "_wire_of",
)

# a procedure in the sample's scope whose arguments need a second handle (_wire_of), a nullable
# string (_pack_optional_string once the data file says so) and both 64-bit integers
ATTACH = """
/**
 * virDomainCheckpointAttach:
 * @checkpoint: a checkpoint
 * @domain: another domain
 * @label: a label, or NULL
 * @size: a size
 * @offset: an offset
 * @flags: extra flags
 *
 * Attaches the checkpoint to another domain.
 *
 * Returns 0 on success, -1 on error.
 *
 * Since: 9.1.0
 */
int virDomainCheckpointAttach(virDomainCheckpointPtr checkpoint, virDomainPtr domain, const char *label,
                              unsigned long long size, long long offset, unsigned int flags);
"""


def _defined(client: str) -> set[str]:
    return {node.name for node in ast.parse(client).body if isinstance(node, ast.FunctionDef)}


def every_helper_plan(folder: Path) -> tuple[Api, Plan]:
    """The sample with :data:`ATTACH` (its ``label`` nullable in the data file) and a domain whose
    wire form also has an optional string and an optional network: every helper of
    :data:`CONDITIONAL` is needed (a domain is decoded whole: ``lookupByName`` returns one)."""
    api = load_tree(sample_with(folder, ATTACH)).api
    facts = load_facts()
    domain = facts.handle("virDomain")
    assert domain is not None
    wider = dataclasses.replace(domain, fields=(*domain.fields, ("remote_string", "title"), ("remote_network", "net")))
    attach = ProcedureFacts("virDomainCheckpointAttach", 418, "both", None, ("domain:checkpoint",), ("label",), (), None)
    facts = dataclasses.replace(facts, handles=tuple(wider if h is domain else h for h in facts.handles), procedures=(*facts.procedures, attach))
    return api, plan(api, facts=facts)


def every_helper_client(tmp_path_factory: pytest.TempPathFactory, name: str) -> ModuleType:
    """The client of :func:`every_helper_plan`, imported under the private ``name``."""
    folder = tmp_path_factory.mktemp("every-helper")
    api, the_plan = every_helper_plan(folder / "tree")
    return import_client(rpc.render_python(api, the_plan, "tests/test_rpc_unused_helpers.py"), folder, name)


@pytest.mark.parametrize("tree", ["sample", "libvirt 9.0.0"])
def test_every_private_name_of_the_client_is_used(tree: str, request: pytest.FixtureRequest) -> None:
    api = load_tree(request.getfixturevalue("sample_tree" if tree == "sample" else "libvirt_tree")).api
    client = rpc.render(api)["libvirt_remote.py"]
    assert unused_private_names(client) == []
    assert not _defined(client) & set(CONDITIONAL)  # nothing in their scope needs one
    assert unused_reader_methods(client) == []  # session 34: optional_string, which no decoder calls (they read in line)


def test_the_helpers_a_procedure_and_a_wire_form_need_are_written(tmp_path: Path) -> None:
    api, the_plan = every_helper_plan(tmp_path / "tree")
    client = rpc.render_python(api, the_plan, "tests")
    assert set(CONDITIONAL) <= _defined(client)
    assert unused_private_names(client) == []
    attach = client[client.index("    def attach(") :]
    attach = attach[: attach.index("\n\n")]
    assert "label: str | None" in attach
    assert '_pack_optional_string(_out, label, "label")' in attach
    assert '_pack_remote_nonnull_domain(_out, _wire_of(domain, virDomain, "domain"))' in attach
    assert '_pack_u64(_out, size, "size")' in attach and '_pack_i64(_out, offset, "offset")' in attach
    assert '_pack_optional_wire_string(out, value[3], "remote_nonnull_domain.title")' in client
    assert "_optional_at(data, pos, end, _string_at)" in client


def test_the_client_that_needs_every_helper_is_ruff_clean(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each helper's own needs are written with it (``_I64`` with ``_pack_i64``, ...): no name undefined."""
    client = every_helper_client(tmp_path_factory, "libvirt_remote_every_helper")
    beside = Path(sys.executable).parent / "ruff"
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    require(found is not None, "ruff (beside the Python running the tests, or on PATH)")
    config = str(Path(__file__).resolve().parent.parent / "pyproject.toml")
    assert client.__file__ is not None
    result = subprocess.run([str(found), "check", "--no-cache", "--config", config, client.__file__], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    out: list[bytes] = []
    client._pack_optional_string(out, None, "label")
    client._pack_optional_string(out, "a", "label")
    assert b"".join(out) == bytes(4) + b"\0\0\0\x01" + b"\0\0\0\x01a\0\0\0"


TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "rpc" / "libvirt_remote.py.j2"


def _reachable_helpers(client: str, gated: frozenset[str]) -> frozenset[str]:
    """The gated helpers that the rest of the module calls, with those they call in turn: read off the text."""
    body = ast.parse(client).body
    calls: dict[str, set[str]] = {}
    outside: set[str] = set()
    for statement in body:
        loads = {node.id for node in ast.walk(statement) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
        if isinstance(statement, ast.FunctionDef) and statement.name in gated:
            calls[statement.name] = loads
        else:
            outside |= loads
    needed = set(outside & gated)
    waiting = list(needed)
    while waiting:
        for name in calls.get(waiting.pop(), set()) & gated:
            if name not in needed:
                needed.add(name)
                waiting.append(name)
    return frozenset(needed)


@pytest.mark.parametrize("tree", ["sample", "libvirt 9.0.0", "every helper"])
def test_helpers_agree_with_what_the_rendered_module_calls(tree: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review, session 34: ``rpc._helpers`` restates by hand what the template calls; rendered with every
    gated helper, the module's own calls must pick the very set it picks, or a future template edit
    could call a helper left out (a NameError at run time) or write one unused."""
    template = TEMPLATE.read_text(encoding="utf-8")
    assert '{% for width, low, high in int_ranges if "_pack_" ~ width in helpers %}' in template
    gated = frozenset(re.findall(r'"(_\w+)" in helpers', template)) | {f"_pack_{width}" for width, _, _ in rpc.XDR_INT_RANGES}
    assert {"_pack_i64", "_name_of", "_wire_of"} <= gated
    if tree == "every helper":
        api, the_plan = every_helper_plan(tmp_path / "tree")
    else:
        api = load_tree(request.getfixturevalue("sample_tree" if tree == "sample" else "libvirt_tree")).api
        the_plan = plan(api)
    chosen = rpc.render_python(api, the_plan, "tests")
    monkeypatch.setattr(rpc, "_helpers", lambda structs, methods: gated)
    whole = rpc.render_python(api, the_plan, "tests")
    monkeypatch.setattr(rpc, "_helpers", lambda structs, methods: _reachable_helpers(whole, gated))
    assert rpc.render_python(api, the_plan, "tests") == chosen
