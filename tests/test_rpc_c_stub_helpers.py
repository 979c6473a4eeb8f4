"""The RPC backend's C stubs call libvirt's helpers with libvirt's signatures,
as gendispatch.pl writes them: the stand-ins declare libvirt 9.0.0's helper
signatures, checkpoints and snapshots go through their domain, a function
returning a checkpoint from the connection alone is left out with a note, and
the stubs compile."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require
from rpc_support import STUB_DIR, compile_stubs, require_c_tools

from generator.backends import rpc
from generator.backends.rpc import render_c, render_protocol, render_python
from generator.frontend import load_tree
from generator.model import Api
from generator.rpc.data import DATA_FILE, load_facts
from generator.rpc.rules import plan


@pytest.fixture(scope="module")
def real_api(libvirt_tree: Path) -> Api:
    return load_tree(libvirt_tree).api


# --- the C stubs: libvirt's helper signatures, as gendispatch.pl calls them ------------------------------


def test_the_stand_ins_declare_libvirts_own_helper_signatures(libvirt_tree: Path) -> None:
    """Every helper the stand-in header declares has the parameter types of libvirt 9.0.0's (client and daemon)."""
    stub = (STUB_DIR / "remote_internal_stub.h").read_text(encoding="utf-8")
    declared = dict(re.findall(r"^\w+ (?:\*)?((?:get|make)_nonnull_\w+)\(([^)]*)\);", stub, re.M))
    assert set(declared) == {
        "make_nonnull_domain", "make_nonnull_network", "make_nonnull_domain_checkpoint", "make_nonnull_domain_snapshot",
        "get_nonnull_domain", "get_nonnull_network", "get_nonnull_domain_checkpoint", "get_nonnull_domain_snapshot",
    }  # fmt: skip

    def types(parameters: str) -> list[str]:
        return [p.strip().rsplit(" ", 1)[0].replace(" *", "*") for p in parameters.split(",")]

    for source in ("src/remote/remote_driver.c", "src/remote/remote_daemon_dispatch.c"):
        text = (libvirt_tree / source).read_text(encoding="utf-8")
        for name, parameters in declared.items():
            found = re.search(rf"^static \w+ \*?{name}\(([^)]*)\);", text, re.M)
            assert found is not None, (source, name)
            assert types(found.group(1)) == types(parameters), (source, name)
    assert types(declared["get_nonnull_domain_checkpoint"]) == ["virDomainPtr", "remote_nonnull_domain_checkpoint"]
    driver = (libvirt_tree / "src/remote/remote_driver.c").read_text(encoding="utf-8")
    assert "static virLockGuard\nremoteDriverLock(struct private_data *driver)" in driver
    assert "virLockGuard remoteDriverLock(struct private_data *driver);" in stub


def test_c_stubs_pass_the_domain_to_the_checkpoint_helper_and_compile(real_api: Api, tmp_path: Path) -> None:
    """QA: get_nonnull_domain_checkpoint(conn, ...) where libvirt's takes the domain: with libvirt's
    signature in the stand-ins, the old stubs no longer compile (incompatible pointer type)."""
    require_c_tools()
    files = rpc.render(real_api)
    bodies = [f"remote{p.function.name.removeprefix('vir')}" for p in plan(real_api).procedures]
    result = compile_stubs(files, bodies, tmp_path)
    assert result.returncode == 0, result.stderr
    server, client_c = files["remote_dispatch_stubs.h"], files["remote_client_bodies.h"]
    assert "get_nonnull_domain_checkpoint(conn" not in server + client_c
    assert server.count("if (!(dom = get_nonnull_domain(conn, args->checkpoint.dom)))") == 4
    assert server.count("if (!(checkpoint = get_nonnull_domain_checkpoint(dom, args->checkpoint)))") == 4
    assert "rv = get_nonnull_domain_checkpoint(checkpoint->domain, ret.parent);" in client_c
    assert "rv = get_nonnull_domain_checkpoint(domain, ret.checkpoint);" in client_c
    assert "tmp_results[i] = get_nonnull_domain_checkpoint(checkpoint->domain, ret.checkpoints.checkpoints_val[i]);" in client_c
    code = re.sub(r"/\*.*?\*/", "", server + client_c, flags=re.S)
    assert not re.search(r"\bvir\w+Free\(", code)  # virObjectUnref, as gendispatch.pl: no public API inside
    assert "GetConnect(" not in client_c


_HELPERS = re.compile(r"\b((?:get|make)_nonnull_\w+|virObjectUnref)\(([^()]*)\)|\bcall\(([^,]+),|priv = (.+?)->privateData")


def _calls(body: str, renames: dict[str, str]) -> list[tuple[str, str]]:
    """The helper calls of one function body, in order, our local names turned into gendispatch.pl's
    (a name preceded by ``.`` or ``->`` is a struct member and stays)."""

    def rename(text: str) -> str:
        return re.sub(r"(?<![.>\w])(\w+)", lambda m: renames.get(m.group(1), m.group(1)), " ".join(text.split()))

    found = []
    for m in _HELPERS.finditer(body):
        if m.group(1):
            found.append((m.group(1), rename(m.group(2))))
        else:
            found.append(("call" if m.group(3) else "priv", rename(m.group(3) or m.group(4))))
    return found


def _function(text: str, header: str) -> str:
    start = text.index(header)
    return text[start : text.index("\n}\n", start)]


def test_helper_calls_are_gendispatchs_for_every_procedure(real_api: Api, libvirt_tree: Path, tmp_path: Path) -> None:
    """Each client body and dispatcher calls the helpers gendispatch.pl's do, with the same arguments,
    in the same order (releases included): only local names differ, and they are mapped."""
    require(shutil.which("perl") is not None, "perl")
    script = libvirt_tree / "src" / "rpc" / "gendispatch.pl"
    protocol = libvirt_tree / "src" / "remote" / "remote_protocol.x"
    theirs = {}
    for mode in ("client", "server"):
        run = subprocess.run(["perl", str(script), f"--mode={mode}", "remote", "REMOTE", str(protocol)], capture_output=True, text=True, check=True)
        theirs[mode] = run.stdout
    ours = rpc.render(real_api)
    the_plan = plan(real_api)
    assert len(the_plan.procedures) == 8
    for procedure in the_plan.procedures:
        name = procedure.function.name.removeprefix("vir")
        # client: our C parameter names → gendispatch's (the .x member names), by position
        our_body = _function(ours["remote_client_bodies.h"], f"\nremote{name}(")
        their_body = _function(theirs["client"], f"\nremote{name}(")
        our_params = re.findall(r"(\w+)(?=,|\))", our_body.split("\n", 2)[1])
        their_params = re.findall(r"(\w+)(?=,|\))", their_body.split("\n", 2)[1])
        renames = dict(zip(our_params, their_params, strict=True))
        assert _calls(our_body, renames) == _calls(their_body, {}), name
        # server: a handle's local is named after its member there, a returned handle after its member
        our_body = _function(ours["remote_dispatch_stubs.h"], f"\nremoteDispatch{name}(")
        their_body = _function(theirs["server"], f"\nstatic int remoteDispatch{name}(\n    virNetServer *server G_GNUC_UNUSED")
        renames = {p.c.name: p.member for p in procedure.params if p.kind == "handle" and p.member != "checkpoint"}
        if procedure.result.kind == "handle":
            renames["result"] = procedure.result.member
        assert _calls(our_body, renames) == _calls(their_body, {}), name
        assert _calls(our_body, renames), name


def _snapshot_plan(api: Api) -> tuple[dict[str, str], list[str]]:
    """The backend over libvirt-domain-snapshot.h, with the snapshot handle's wire form (libvirt's) added to the data file
    (the Python client too, under ``libvirt_remote.py``)."""
    text = DATA_FILE.read_text(encoding="utf-8").replace(
        'headers = ["libvirt-domain-checkpoint"]', 'headers = ["libvirt-domain-checkpoint", "libvirt-domain-snapshot"]'
    )
    text += (
        '\n[handles.virDomainSnapshot]\nstruct = "remote_nonnull_domain_snapshot"\nmember = "snap"\n'
        'fields = [["remote_nonnull_string", "name"], ["remote_nonnull_domain", "dom"]]\n'
        'list_max = "REMOTE_DOMAIN_SNAPSHOT_LIST_MAX"\nlist_max_value = 16384\n'
    )
    the_plan = plan(api, facts=load_facts(text))
    files = {
        "remote_protocol.x": render_protocol(the_plan, "test"),
        "remote_client_bodies.h": render_c("rpc/remote_client_bodies.h.j2", the_plan, "test", ("both", "client")),
        "remote_dispatch_stubs.h": render_c("rpc/remote_dispatch_stubs.h.j2", the_plan, "test", ("both", "server"), table=True),
        "libvirt_remote.py": render_python(api, the_plan, "test"),
    }
    return files, [f"remote{p.function.name.removeprefix('vir')}" for p in the_plan.procedures]


def test_snapshot_handles_go_through_their_domain_too(real_api: Api, tmp_path: Path) -> None:
    """A snapshot is libvirt's other handle made from its domain: the same rules, and the stubs compile."""
    require_c_tools()
    files, bodies = _snapshot_plan(real_api)
    assert "remoteDomainSnapshotGetParent" in bodies and "remoteDomainListAllSnapshots" in bodies
    result = compile_stubs(files, bodies, tmp_path, ("VIRT_APIGEN_WITH_SNAPSHOT",))
    assert result.returncode == 0, result.stderr
    server, client_c = files["remote_dispatch_stubs.h"], files["remote_client_bodies.h"]
    assert "if (!(snapshot = get_nonnull_domain_snapshot(dom, args->snap)))" in server
    assert "if (!(dom = get_nonnull_domain(conn, args->snap.dom)))" in server
    assert "rv = get_nonnull_domain_snapshot(snapshot->domain, ret.snap);" in client_c
    assert "struct private_data *priv = snapshot->domain->conn->privateData;" in client_c


def test_the_python_client_makes_a_returned_snapshot_or_checkpoint_from_the_domain_the_c_body_passes(real_api: Api) -> None:
    """Each procedure returning a checkpoint or a snapshot (single or listed): the Python client makes it
    from the caller's domain, the one the C client body (gendispatch.pl's, test above) passes
    get_nonnull_domain_<type>(): the domain itself (``self._wire``) or the handle's ``->domain``
    (``self._wire[1]``, its ``dom`` field); never from the reply's ``dom``."""
    files, bodies = _snapshot_plan(real_api)
    client_c, python = files["remote_client_bodies.h"], files["libvirt_remote.py"]
    owned = 0
    for body_name in bodies:
        body = _function(client_c, f"\n{body_name}(")
        passed = re.search(r"get_nonnull_domain_(?:checkpoint|snapshot)\((\w+(?:->domain)?), ret\.", body)
        method = python[python.index(f'"""vir{body_name.removeprefix("remote")} through remote procedure') :]
        method = method[: method.index("\n\n")]
        if passed is None:
            assert "_of, self._wire" not in method, body_name
            continue
        owned += 1
        expected = "self._wire[1]" if passed[1].endswith("->domain") else "self._wire"
        assert f"_of, {expected})" in method, (body_name, passed[1], method)
    assert owned == 11  # checkpoints: create, lookup, parent, both lists; snapshots: those and current
    assert not re.search(r"decode(?:_list)?\((?:_REMOTE_\w+, )?_at_remote_nonnull_domain_(?:checkpoint|snapshot)\)", python)


def test_a_returned_checkpoint_needs_a_way_to_its_domain(tmp_path: Path) -> None:
    """A function returning a checkpoint from the connection alone cannot call libvirt's helper: left out, with a note."""
    from python_support import extended_sample

    tree = extended_sample(tmp_path / "tree", ["virDomainCheckpointPtr virDomainCheckpointFromNowhere(virConnectPtr conn, const char *name)"])
    the_plan = plan(load_tree(tree).api)
    assert "virDomainCheckpointFromNowhere" not in {p.function.name for p in the_plan.procedures}
    notes = [n.message for n in the_plan.notes if "FromNowhere" in n.message]
    assert notes == [
        "virDomainCheckpointFromNowhere is not a remote procedure: a returned virDomainCheckpoint is made from its "
        "remote_nonnull_domain: the first parameter must lead to one"
    ]
