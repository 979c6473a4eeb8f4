"""The generated remote_protocol.x: equal to libvirt's own for the checkpoint procedures, and readable by rpcgen."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require
from rpc_support import compile_stubs, require_c_tools

from generator.backends import rpc
from generator.frontend import load_tree
from generator.model import Api
from generator.rpc.data import DataError, load_facts
from generator.rpc.rules import plan, snake
from generator.rpc.xfile import XFile, procedure_numbers, read_x

CHECKPOINT_PROCEDURES = {
    "REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML": 411,
    "REMOTE_PROC_DOMAIN_CHECKPOINT_GET_XML_DESC": 412,
    "REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS": 413,
    "REMOTE_PROC_DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN": 414,
    "REMOTE_PROC_DOMAIN_CHECKPOINT_LOOKUP_BY_NAME": 415,
    "REMOTE_PROC_DOMAIN_CHECKPOINT_GET_PARENT": 416,
    "REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE": 417,
}


def _checkpoint_structs(x: XFile) -> dict[str, object]:
    """The 13 args/ret structs of procedures 411-417 plus the checkpoint handle struct."""
    stems = [name[len("REMOTE_PROC_") :].lower() for name in CHECKPOINT_PROCEDURES]
    names = [f"remote_{stem}_{kind}" for stem in stems for kind in ("args", "ret")] + ["remote_nonnull_domain_checkpoint"]
    return {name: (x.structs[name].members, x.structs[name].markers) for name in names if name in x.structs}


def _checkpoint_entries(x: XFile) -> dict[str, object]:
    return {m.name: (m.value, m.annotations) for m in x.enums["remote_procedure"].members if m.name in CHECKPOINT_PROCEDURES}


@pytest.fixture(scope="module")
def real_api(libvirt_tree: Path) -> Api:
    return load_tree(libvirt_tree).api


@pytest.fixture(scope="module")
def real_x(libvirt_tree: Path) -> str:
    return (libvirt_tree / "src" / "remote" / "remote_protocol.x").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_api(sample_tree: Path) -> Api:
    return load_tree(sample_tree).api


def test_snake_case_names() -> None:
    assert snake("DomainCheckpointGetXMLDesc") == "domain_checkpoint_get_xml_desc"
    assert snake("xmlDesc") == "xml_desc"
    assert snake("DomainListAllCheckpoints") == "domain_list_all_checkpoints"
    assert snake("UUIDString") == "uuid_string"


def test_checkpoint_structs_and_entries_equal_libvirt_9_0_0(real_api: Api, real_x: str) -> None:
    theirs = read_x(real_x)
    ours = read_x(rpc.render(real_api)["remote_protocol.x"])
    their_structs = _checkpoint_structs(theirs)
    assert len(their_structs) == 14
    assert _checkpoint_structs(ours) == their_structs
    their_entries = _checkpoint_entries(theirs)
    assert len(their_entries) == 7
    assert _checkpoint_entries(ours) == their_entries
    assert ours.constants["REMOTE_DOMAIN_CHECKPOINT_LIST_MAX"] == theirs.constants["REMOTE_DOMAIN_CHECKPOINT_LIST_MAX"] == "16384"
    # the base types the checkpoint structs use are libvirt's too
    for name in ("remote_nonnull_domain", "remote_nonnull_network", "remote_error"):
        assert ours.structs[name].members == theirs.structs[name].members, name
    for name in ("remote_nonnull_string", "remote_string", "remote_uuid", "remote_domain", "remote_network"):
        assert ours.typedefs[name] == theirs.typedefs[name], name
    session = {"REMOTE_PROC_CONNECT_OPEN", "REMOTE_PROC_CONNECT_CLOSE", "REMOTE_PROC_AUTH_LIST", "REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME"}
    assert {k: v for k, v in ours.procedures().items() if k in session} == {k: v for k, v in theirs.procedures().items() if k in session}


def test_sample_tree_gives_the_same_checkpoint_protocol(sample_api: Api, real_x: str) -> None:
    ours = read_x(rpc.render(sample_api)["remote_protocol.x"])
    theirs = read_x(real_x)
    assert _checkpoint_structs(ours) == _checkpoint_structs(theirs)
    assert _checkpoint_entries(ours) == _checkpoint_entries(theirs)


def test_local_functions_are_not_procedures(sample_api: Api) -> None:
    the_plan = plan(sample_api)
    remote = {p.function.name for p in the_plan.procedures}
    local = {g.function.name for g in the_plan.local_getters}
    assert {"virDomainCheckpointGetName", "virDomainCheckpointGetDomain", "virDomainCheckpointGetConnect"} <= local
    assert not remote & {"virDomainCheckpointGetName", "virDomainCheckpointRef", "virDomainCheckpointFree", "virDomainCheckpointGetConnect"}
    assert len([name for name in remote if "Checkpoint" in name]) == 7
    assert the_plan.notes == ()


def test_numbers_come_from_a_given_protocol_file(sample_api: Api) -> None:
    given = "enum remote_procedure {\n    REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 900,\n    REMOTE_PROC_CONNECT_OPEN = 1\n};\n"
    the_plan = plan(sample_api, given)
    numbers = {p.constant: p.number for p in the_plan.procedures}
    assert numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE"] == 900
    assert numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_GET_PARENT"] == 416
    assert [n.message for n in the_plan.notes] == ["virDomainCheckpointDelete: the data file says 417, the given protocol file 900: kept 900"]


def test_a_function_without_entry_gets_the_next_free_number(sample_api: Api) -> None:
    facts = load_facts()
    trimmed = dataclasses.replace(facts, procedures=tuple(p for p in facts.procedures if p.key != "virDomainCheckpointGetParent"))
    the_plan = plan(sample_api, None, trimmed)
    parent = next(p for p in the_plan.procedures if p.function.name == "virDomainCheckpointGetParent")
    assert parent.number == 418  # one above the highest number the data file knows
    assert parent.priority is None and parent.acl == () and parent.generate == "both"
    (note,) = the_plan.notes
    assert note.severity == "note" and note.location.file == "include/libvirt/libvirt-domain-checkpoint.h" and "next free number 418" in note.message
    # and a protocol file that knows 500 pushes the next free number past it
    assert next(p for p in plan(sample_api, "enum remote_procedure { REMOTE_PROC_X = 500 };", trimmed).procedures if p.number > 417).number == 501


def test_bad_data_file_is_a_clear_error() -> None:
    with pytest.raises(DataError, match=r"\[procedures.virDomainCheckpointDelete\]: 'number' must be a positive integer"):
        load_facts('[program]\nnumber = 1\nversion = 1\nstring_max = 1\n[procedures.virDomainCheckpointDelete]\nnumber = "x"\n')


def test_reader_survives_what_it_does_not_understand() -> None:
    x = read_x(
        "union u switch (int d) { case 1: int a; };\nconst A = 3;\nstruct s { int b<>; };\n"
        "program P { version V { int f(int) = 1; } = 1; } = 9;\nenum remote_procedure { REMOTE_PROC_A = 7 };"
    )
    assert x.constants == {"A": "3"}
    assert x.structs["s"].members[0].maximum == ""
    assert x.procedures() == {"REMOTE_PROC_A": 7}


def test_fast_number_scan_agrees_with_the_reader(real_x: str) -> None:
    numbers = procedure_numbers(real_x)
    assert numbers == read_x(real_x).procedures()
    assert len(numbers) == 443 and numbers["REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE"] == 417


def test_output_is_deterministic(sample_api: Api) -> None:
    assert rpc.render(sample_api) == rpc.render(sample_api)


def _rpcgen(x_text: str, folder: Path) -> None:
    (folder / "remote_protocol.x").write_text(x_text, encoding="utf-8")
    for flag, out in (("-h", "remote_protocol.h"), ("-c", "remote_protocol.c")):
        subprocess.run(["rpcgen", flag, "-o", out, "remote_protocol.x"], cwd=folder, check=True, capture_output=True)


def strip_rpcgen_unused(c_text: str) -> str:
    """rpcgen declares ``register int32_t *buf;`` in every routine, used or not; libvirt's build drops it too."""
    return "".join(line for line in c_text.splitlines(keepends=True) if line.strip() != "register int32_t *buf;")


def test_rpcgen_reads_it_and_gcc_compiles_the_result(sample_api: Api, tmp_path: Path) -> None:
    require(Path("/usr/bin/rpcgen").is_file(), "rpcgen (apt-get install rpcsvc-proto)")
    require(Path("/usr/include/tirpc/rpc/xdr.h").is_file(), "libtirpc-dev")
    require(Path("/usr/include/libvirt/libvirt.h").is_file(), "libvirt-dev")
    _rpcgen(rpc.render(sample_api)["remote_protocol.x"], tmp_path)
    c_file = tmp_path / "remote_protocol.c"
    c_file.write_text(strip_rpcgen_unused(c_file.read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run(["gcc", "-Wall", "-Werror", "-I/usr/include/tirpc", "-c", "remote_protocol.c"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    header = (tmp_path / "remote_protocol.h").read_text(encoding="utf-8")
    assert "REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE = 417" in header
    assert "bool_t xdr_remote_domain_list_all_checkpoints_ret" in header


def _compile_stubs(api: Api, tmp_path: Path, count: int = 8, prototypes: tuple[str, ...] = ()) -> dict[str, str]:
    require_c_tools()
    files = rpc.render(api)
    bodies = [f"remote{p.function.name.removeprefix('vir')}" for p in plan(api).procedures]
    result = compile_stubs(files, bodies, tmp_path, prototypes=prototypes)
    assert result.returncode == 0, result.stderr
    assert len(bodies) == count
    return files


def test_c_stubs_compile_with_rpcgens_output(sample_api: Api, tmp_path: Path) -> None:
    files = _compile_stubs(sample_api, tmp_path)
    assert files["remote_dispatch_stubs.h"].count("remoteDispatchHelper") == 0
    assert files["remote_dispatch_stubs.h"].count("Helper,\n") == 8


def test_c_stubs_of_the_real_tree_compile_like_libvirts_build(real_api: Api, tmp_path: Path) -> None:
    _compile_stubs(real_api, tmp_path)


def test_dispatch_table_is_indexed_by_procedure_number(sample_api: Api) -> None:
    """libvirt's virNetServerProgramGetProc takes &procs[procedure]: slot N must be procedure N."""
    stubs = rpc.render(sample_api)["remote_dispatch_stubs.h"]
    table = stubs[stubs.index("virNetServerProgramProc remoteProcs[] = {") :]
    slots = re.findall(r"^\{ /\* (.*?) \*/(.*?)\},$", table, re.M | re.S)
    assert len(slots) == 418  # 0 to 417
    numbers = plan(sample_api)
    for procedure in numbers.procedures:
        comment, body = slots[procedure.number]
        name = procedure.function.name.removeprefix("vir")
        assert comment == f"Method {name} => {procedure.number}"
        assert f"remoteDispatch{name}Helper," in body
    assert slots[1][0] == "REMOTE_PROC_CONNECT_OPEN => 1: not generated here" and slots[1][1].startswith(" NULL,")
    assert slots[3][0] == "Not in this output => 3" and slots[3][1].startswith(" NULL,")
    assert "int procedure" not in (Path(__file__).parent / "rpc_c" / "remote_internal_stub.h").read_text(encoding="utf-8")


@pytest.mark.parametrize("tree", ["sample", "libvirt 9.0.0"])
def test_generated_client_is_ruff_clean(tree: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Also the 9.0.0 tree's (QA, session 26: its first line named three headers, 188 characters)."""
    api = load_tree(request.getfixturevalue("sample_tree" if tree == "sample" else "libvirt_tree")).api
    beside = Path(sys.executable).parent / "ruff"  # the interpreter's own environment (.venv, or another one), else PATH
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    require(found is not None, "ruff (beside the Python running the tests, or on PATH)")
    ruff = str(found)
    client = tmp_path / "libvirt_remote.py"
    client.write_text(rpc.render(api)["libvirt_remote.py"], encoding="utf-8")
    config = str(Path(__file__).resolve().parent.parent / "pyproject.toml")
    for argv in ([ruff, "check", "--no-cache", "--config", config, str(client)], [ruff, "format", "--check", "--config", config, str(client)]):
        result = subprocess.run(argv, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("tree", ["sample", "libvirt 9.0.0"])
def test_generated_client_writes_no_decoder_it_never_calls(tree: str, request: pytest.FixtureRequest) -> None:
    """A checkpoint is made from its caller's domain, so its plain decoder went unused
    (review, session 26); so did the network's (an error reply's ``dom`` and ``net`` are read past,
    session 33: libvirt.so reports neither, so a name in them that is not UTF-8 must fail nothing)."""
    api = load_tree(request.getfixturevalue("sample_tree" if tree == "sample" else "libvirt_tree")).api
    client = rpc.render(api)["libvirt_remote.py"]
    defined = re.findall(r"^(?:def )?(_at_\w+|_past_\w+|_REMOTE_\w+_\d+)\b", client, re.MULTILINE)
    assert "_at_remote_nonnull_domain" in defined and "_past_remote_nonnull_network" in defined
    assert "_at_remote_nonnull_domain_checkpoint_of" in defined
    unused = [name for name in defined if len(re.findall(rf"\b{name}\b", client)) < 2]
    assert unused == []


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / seed
        env = {"PYTHONPATH": str(repo), "PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "LC_ALL": "C"}
        subprocess.run([sys.executable, "-m", "generator", "generate", "--only", "rpc", "-o", str(out)], cwd=tmp_path, env=env, check=True)
        outputs.append({p.name: p.read_bytes() for p in sorted((out / "rpc").iterdir())})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["libvirt_remote.py", "remote_client_bodies.h", "remote_dispatch_stubs.h", "remote_protocol.x"]
    committed = repo / "generated" / "rpc"
    assert {name: (committed / name).read_bytes() for name in outputs[0]} == outputs[0], "generated/rpc is stale: regenerate it"


def test_client_has_the_bindings_names_and_needs_only_the_standard_library(sample_api: Api, tmp_path: Path) -> None:
    from rpc_support import load_client

    client = load_client(sample_api, tmp_path, "libvirt_remote_names")
    the_plan = plan(sample_api)
    expected = [p.pyname for p in the_plan.procedures] + [g.pyname for g in the_plan.local_getters]
    for pyname in expected:
        assert pyname is not None and pyname.owner is not None
        cls = getattr(client, pyname.owner)
        for name in (pyname.name, *pyname.aliases):
            assert callable(getattr(cls, name)), f"{pyname.owner}.{name}"
    assert {"checkpointCreateXML", "checkpointLookupByName", "listAllCheckpoints"} <= set(dir(client.virDomain))
    assert {"getName", "getXMLDesc", "getParent", "listAllChildren", "delete", "getConnect", "connect", "getDomain", "domain"} <= set(
        dir(client.virDomainCheckpoint)
    )
    assert callable(client.open) and callable(client.openReadOnly) and callable(client.virConnect.close)
    assert client.VIR_DOMAIN_CHECKPOINT_LIST_ROOTS == 1 and client.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY == 4
    text = (tmp_path / "libvirt_remote_names.py").read_text(encoding="utf-8")
    imported = {line.split()[1].split(".")[0] for line in text.splitlines() if line.startswith(("import ", "from "))}
    assert imported == {
        "__future__", "collections", "contextlib", "errno", "itertools", "math", "os", "re", "select", "socket", "struct",
        "threading", "time", "typing", "urllib", "weakref",
    }  # fmt: skip
    assert imported <= sys.stdlib_module_names


def test_cli_on_the_real_tree_keeps_the_given_numbers(libvirt_tree: Path, tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    protocol = libvirt_tree / "src" / "remote" / "remote_protocol.x"
    argv = [sys.executable, "-m", "generator", "generate", "--srcdir", str(libvirt_tree), "--only", "rpc", "--remote-protocol", str(protocol)]
    result = subprocess.run([*argv, "-o", str(tmp_path)], env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ours = read_x((tmp_path / "rpc" / "remote_protocol.x").read_text(encoding="utf-8"))
    theirs = read_x(protocol.read_text(encoding="utf-8"))
    assert ours.procedures() == {k: v for k, v in theirs.procedures().items() if k in ours.procedures()}
    assert len(ours.procedures()) == 11  # 3 session procedures, DOMAIN_LOOKUP_BY_NAME and the 7 checkpoint ones
    assert _checkpoint_structs(ours) == _checkpoint_structs(theirs)


@pytest.mark.parametrize("mode", ["server", "client", "aclsym", "aclapi"])
def test_gendispatch_reads_our_protocol_file_with_a_numbering_note(libvirt_tree: Path, sample_api: Api, tmp_path: Path, mode: str) -> None:
    """QA: the note written into the .x (a number the data file does not give) was a line inside the
    ``/** @generate ... */`` block, where gendispatch.pl takes only ``@key: value`` lines: exit 25, "cannot parse"."""
    require(shutil.which("perl") is not None, "perl")
    x = rpc.render(sample_api, "enum remote_procedure {\n    REMOTE_PROC_A = 411\n};\n")["remote_protocol.x"]
    assert "    /* virt-apigen: the data file says 411, but the given protocol file uses it for REMOTE_PROC_A (line 2): " in x
    (tmp_path / "remote_protocol.x").write_text(x, encoding="utf-8")
    script = libvirt_tree / "src" / "rpc" / "gendispatch.pl"
    result = subprocess.run(["perl", str(script), f"--mode={mode}", "remote", "REMOTE", "remote_protocol.x"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    if mode == "server":  # the renumbered procedure is in gendispatch's table at its new number
        assert "remoteDispatchDomainCheckpointCreateXML" in result.stdout
        assert re.search(r"\{ /\* Method DomainCheckpointCreateXML => 418 \*/", result.stdout), result.stdout[-2000:]


def test_handle_classes_without_a_wire_form_do_not_claim_one(real_api: Api) -> None:
    """9.0.0 has 10 handle classes with no wire form in scope (libvirt-admin's 3 are not the client's:
    tests/test_rpc_client_classes.py): their docstring must not name a wire form."""
    client = rpc.render(real_api)["libvirt_remote.py"]
    classes = re.findall(r'^class (vir\w+)\(_Handle\):\n    """(.*?)"""\n\n    __slots__ = \(\)\n(    _pack = )?', client, re.M)
    bare = [(name, doc) for name, doc, pack in classes if not pack]
    assert len(bare) == 10 and {"virStream", "virSecret"} <= {name for name, _ in bare}
    assert all("on the wire" not in doc and "the session" not in doc for _, doc in bare), bare
    assert all("on the wire: remote_nonnull_" in doc for _, doc, pack in classes if pack)


# QA7 item 5: parameters named after XDR keywords (rpcgen rejected the .x) and after the locals of the
# generated C bodies (gcc: 'args' redeclared), plus handles named like the dispatcher's own variables.
HOSTILE_RPC = [
    "int virDomainCheckpointEvil(virDomainCheckpointPtr checkpoint, int class, int print, int self, int bool, "
    "int opaque, int string, int program, int version, int hyper, int quadruple, int None, int lambda, int checkpoint_, "
    "int ret, int args, int msg, int _x, int rv, int priv, int conn, int i, int call, int need_results, unsigned int flags)",
    "int virDomainCheckpointEvilHandles(virDomainCheckpointPtr rv, virDomainPtr conn, virDomainPtr result, "
    "const char *args, const char *ret, unsigned int flags)",
]


@pytest.fixture(scope="module")
def hostile_rpc_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    from python_support import extended_sample

    return load_tree(extended_sample(tmp_path_factory.mktemp("rpc-names") / "tree", HOSTILE_RPC)).api


def test_keyword_and_local_names_pass_rpcgen_and_gcc(hostile_rpc_api: Api, tmp_path: Path) -> None:
    files = _compile_stubs(hostile_rpc_api, tmp_path, count=10, prototypes=tuple(p.replace(" bool,", " bool_,") for p in HOSTILE_RPC))
    x = files["remote_protocol.x"]
    for member in ("bool_", "opaque_", "string_", "program_", "version_", "hyper_", "quadruple_"):
        assert f"    int {member};\n" in x
    assert "    remote_nonnull_string args;\n" in x  # not a keyword: the wire keeps libvirt's names
    assert "    remote_nonnull_domain dom;\n    remote_nonnull_domain dom_;\n" in x  # two domains: distinct members
    bodies = files["remote_client_bodies.h"]
    assert "int bool_, int opaque, int string," in bodies  # stdbool.h's bool is a macro where the bodies compile
    assert "int ret_, int args_, int msg_, int _x, int rv_, int priv_, int conn_, int i_, int call_, int need_results," in bodies
    assert "remoteDomainCheckpointEvilHandles(virDomainCheckpointPtr rv_, virDomainPtr conn_, virDomainPtr result_," in bodies


def test_hostile_names_keep_the_bindings_keywords(hostile_rpc_api: Api, tmp_path: Path) -> None:
    import inspect

    from rpc_support import load_client

    client = load_client(hostile_rpc_api, tmp_path, "libvirt_remote_hostile_names")
    names = list(inspect.signature(client.virDomainCheckpoint.evil).parameters)
    assert names[:5] == ["self", "class_", "print", "self_", "bool"]
    assert "_x_" in names and "need_results" in names
    # "ret" is "ret_" as in the bindings (naming rule 7: its local would be c_ret)
    assert list(inspect.signature(client.virDomainCheckpoint.evilHandles).parameters) == ["self", "conn", "result", "args", "ret_", "flags"]


def test_a_function_with_no_connection_to_travel_on_is_left_out(tmp_path: Path) -> None:
    """QA (session 25): ``int virAny(void)`` got a procedure number, and its C client body read
    ``NULL->privateData``: no connection or handle leads to a driver."""
    from python_support import extended_sample

    api = load_tree(extended_sample(tmp_path / "tree", ["int virDomainCheckpointNowhere(void)", "int virDomainCheckpointByName(const char *name)"])).api
    the_plan = plan(api)
    assert not {"virDomainCheckpointNowhere", "virDomainCheckpointByName"} & {p.function.name for p in the_plan.procedures}
    notes = sorted((n.severity, n.message) for n in the_plan.notes)
    assert notes == [
        ("note", f"{name} is not a remote procedure: its first parameter is neither a connection nor a handle: no connection to send it on")
        for name in ("virDomainCheckpointByName", "virDomainCheckpointNowhere")
    ]
    assert "NULL->" not in rpc.render(api)["remote_client_bodies.h"]
